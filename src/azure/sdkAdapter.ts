/**
 * The Azure port implemented with the Azure SDK for JS: its REST client (@azure-rest/core-client,
 * the layer the generated ARM SDKs are built on) with the SDK pipeline, @azure/core-lro for
 * long-running operations and @azure/identity for credentials. Resources are ARM's JSON as sent,
 * so nothing a model does not know is lost. Loaded only by commands that call Azure. Failures are
 * translated into typed errors here (toAzureError), keeping Azure's code, target and operation id.
 */
import { type PipelineRequest, type RestError, isRestError } from "@azure/core-rest-pipeline";
import type { OperationState, PollerLike } from "@azure/core-lro";
import { type ArmEndpoint } from "./endpoint.js";
import { CLUSTER_ID, POOL_ID, VNET_ID } from "../network/resourceIds.js";
import { AzureAuthError, AzureConflictError, AzureError, type AzureErrorDetails, AzureOperationError, InterruptedError } from "./errors.js";
import { DEFAULT_RETRY, REQUEST_TIMEOUT_CODE, type WireError, armRetryPolicy, debugPolicy, localTokenPolicy, operationRecorder, redactUrl, requestTimeoutPolicy, retryAfterInMs, retryNotes } from "./policies.js";
import type { AzurePort, Resource, WriteOptions, WriteResult } from "./port.js";

export interface TokenCredentialLike {
  getToken(scopes: string | string[], options?: unknown): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/** How long to wait between retries and between polls of a long-running operation. */
export interface SdkTiming {
  /** The first retry backoff (default 1 s); it doubles each retry. A Retry-After the server sends wins. */
  retryDelayMs?: number;
  /** The longest retry backoff (default 30 s). */
  maxRetryDelayMs?: number;
  /** How often a long-running operation is polled (default 2 s, 250 ms on loopback); a Retry-After on a poll wins. */
  pollIntervalMs?: number;
}

export interface SdkAzureOptions {
  endpoint: ArmEndpoint;
  subscriptionId: string;
  /** Overrides the credential (tests). Default: a local token on loopback, else DefaultAzureCredential. */
  credential?: TokenCredentialLike;
  /** Where --debug writes its HTTP trace and retry notes. */
  debug?: (text: string) => void;
  /** Retry notes, also without --debug (stderr). */
  onRetry?: (message: string) => void;
  timing?: SdkTiming;
  /** How long one HTTP attempt may go without a response (default 60 s). */
  requestTimeoutMs?: number;
  /** Retries after the first attempt, for each kind of failure (default 4). */
  maxRetries?: number;
  signal?: AbortSignal;
  /** The proxy the environment names (HTTPS_PROXY...), for an error that could not reach the endpoint. */
  proxy?: string;
}

/** The token sent to a loopback emulator: not a secret, but a real Authorization header. */
export const LOCAL_EMULATOR_TOKEN = "aks-overlay-local-emulator-token";

type WritePoller = PollerLike<OperationState<unknown>, unknown>;

/**
 * How a write's operation ended, from the poller's own state. A poll request that failed (a
 * RestError after the retries) also leaves the state "failed": that is an HTTP failure, mapped as
 * such, not the operation's outcome.
 */
export function operationEnd(poller: WritePoller | undefined): "Failed" | "Canceled" | undefined {
  const state = poller?.operationState;
  if (state?.status === "canceled") return "Canceled";
  if (state?.status === "failed" && !isRestError(state.error)) return "Failed";
  return undefined;
}

function operationIdOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).pathname.split("/").filter(Boolean).at(-1);
  } catch {
    return undefined;
  }
}

/** The ARM error body a RestError carries: parsed into `details` by the SDK, or still as text. */
function armErrorBody(error: RestError): WireError | undefined {
  const fromDetails = (error.details as { error?: WireError } | undefined)?.error;
  if (fromDetails) return fromDetails;
  const text = error.response?.bodyAsText;
  if (!text) return undefined;
  try {
    return (JSON.parse(text) as { error?: WireError }).error;
  } catch {
    return undefined;
  }
}

/** @azure/identity's errors, by name: a credential is any object with getToken(), not only identity's. */
const IDENTITY_ERRORS = new Set(["CredentialUnavailableError", "AuthenticationError", "AuthenticationRequiredError", "AggregateAuthenticationError"]);

/**
 * Turns anything an SDK call threw into a typed error; `what` says what was being done. `wire`
 * is the ARM error body as it came over the wire, when the caller recorded it.
 */
export function toAzureError(error: unknown, what: string, details: AzureErrorDetails = {}, wire?: WireError, proxy?: string): Error {
  if (error instanceof Error && error.name === "AbortError") {
    return new InterruptedError(`${what}: interrupted`, details.resourceId, { ...(details.operationId !== undefined && { operationId: details.operationId }), ...(details.accepted === true && { accepted: true }) });
  }
  if (error instanceof Error && IDENTITY_ERRORS.has(error.name)) {
    const first = error.message.split("\n")[0];
    return new AzureAuthError(
      `${what}: no usable Azure credential (${first}). Sign in with 'az login', or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or a federated token) for a service principal.`,
      details,
    );
  }
  if (isRestError(error)) {
    const recorded = armErrorBody(error);
    const body = recorded ?? (wire && (!error.code || wire.code === error.code) ? wire : undefined);
    const status = error.statusCode;
    const armCode = body?.code ?? (error.code && !/^[A-Z_]+$/.test(error.code) ? error.code : undefined);
    const armMessage = body?.message ?? error.message;
    const all: AzureErrorDetails = { ...details, status, armCode, target: body?.target ?? details.target };
    if (status === undefined && error.code === REQUEST_TIMEOUT_CODE) {
      const host = error.request ? new URL(error.request.url).host : "Azure";
      return new AzureOperationError(`${what}: ${host} sent no response within ${error.message.replace(/^no response within /, "")} (--request-timeout, or AKS_OVERLAY_REQUEST_TIMEOUT)`, all, "RequestTimeout");
    }
    if (status === undefined) {
      // Name where it went: the endpoint's host, and the proxy when one was in the way.
      const host = error.request ? new URL(error.request.url).host : "Azure";
      const through = proxy ? `, through the proxy ${redactUrl(proxy)} (HTTPS_PROXY): if ${host} should be reached directly, add it to NO_PROXY` : "";
      return new AzureOperationError(`${what}: could not reach ${host} (${error.code ?? error.message})${through}`, all, "NetworkError");
    }
    if (status === 401 || status === 403) {
      return new AzureAuthError(`${what}: ${status === 401 ? "not authenticated" : "not authorized"} (${armCode ?? status}): ${armMessage}`, all);
    }
    if (status === 404 && armCode === "SubscriptionNotFound") {
      const sub = /\/subscriptions\/([^/?]+)/i.exec(details.resourceId ?? "")?.[1];
      return new AzureAuthError(
        `${what}: Azure knows no subscription ${sub ?? ""} that this sign-in can see (404 SubscriptionNotFound): check the subscription id (--subscription, AZURE_SUBSCRIPTION_ID), or sign in to the tenant it belongs to (az login --tenant <tenant>)`.replace("subscription  that", "subscription that"),
        all,
        "SubscriptionNotFound",
      );
    }
    if (status === 412) {
      return new AzureConflictError(`${what}: the resource changed since it was read (HTTP 412 ${armCode ?? "PreconditionFailed"}); nothing was overwritten. Read it again and re-run.`, all);
    }
    if (status === 409) return new AzureConflictError(`${what}: conflict (HTTP 409 ${armCode ?? "Conflict"}): ${armMessage}`, all);
    const asked = error.response ? retryAfterInMs(error.response) : undefined;
    if (status === 429 || (status === 503 && asked !== undefined)) {
      // Still throttled after every retry, or asked to wait longer than aks-overlay waits (2 minutes).
      const wait = asked === undefined ? "" : ` Azure asks to wait ${Math.ceil(asked / 1000)} s before the next request (Retry-After).`;
      const said = `${what}: Azure is throttling requests (HTTP ${status} ${armCode ?? ""}): ${armMessage.replace(/\.?\s*$/, ".")}`.replace(/ \)/, ")");
      return new AzureOperationError(`${said}${wait} Nothing more was sent; run it again later.`, all, armCode ?? "Throttled");
    }
    return new AzureOperationError(`${what}: Azure refused it (HTTP ${status} ${armCode ?? ""}): ${armMessage}`.replace(/ \)/, ")"), all, armCode ?? "AzureRequestFailed");
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The API version for each resource provider aks-overlay talks to: those the current Azure SDK
 * packages send (@azure/arm-containerservice 25.5, @azure/arm-network 39, @azure/arm-authorization,
 * @azure/arm-resources, @azure/arm-msi).
 */
export const API_VERSIONS: Readonly<Record<string, string>> = {
  "microsoft.containerservice": "2026-06-01",
  "microsoft.network": "2026-01-01",
  "microsoft.authorization": "2022-04-01",
  "microsoft.managedidentity": "2023-01-31",
  "microsoft.resourcegraph": "2024-04-01",
  /** Subscriptions, their locations, and resource groups. */
  "microsoft.resources": "2022-12-01",
};

/** The api-version for a resource id: by its last resource provider (a role assignment on a subnet is Microsoft.Authorization's). */
export function apiVersionOf(id: string): string {
  const provider = [...id.matchAll(/\/providers\/([^/]+)/gi)].at(-1)?.[1]?.toLowerCase() ?? "microsoft.resources";
  return API_VERSIONS[provider] ?? API_VERSIONS["microsoft.resources"] as string;
}

/** What an id names, for messages: "cluster rg/aks1", "VNet rg/vnet1", "virtualNetworks in rg". */
export function describe(id: string): string {
  let m: RegExpExecArray | null;
  // A long-running operation's status URL: the operation, by the start of its id.
  if ((m = /\/(operations|operationresults)\/([^/?]+)$/i.exec(id))) return `the status of operation ${(m[2] ?? "").slice(0, 8)}`;
  if ((m = POOL_ID.exec(id))) return `node pool ${m[4]} of ${m[2]}/${m[3]}`;
  if ((m = CLUSTER_ID.exec(id))) return `cluster ${m[2]}/${m[3]}`;
  if ((m = VNET_ID.exec(id))) return `VNet ${m[2]}/${m[3]}`;
  const parts = id.split("/").filter(Boolean);
  const at = id.toLowerCase().lastIndexOf("/providers/microsoft.authorization/roleassignments/");
  if (at > 0) {
    const scope = id.slice(0, at).split("/");
    return `the role assignment on ${(scope.at(-2) ?? "").replace(/s$/, "")} ${scope.at(-1)}`;
  }
  // A collection: an odd number of segments ends in a type ("virtualNetworks" in group rg).
  if (parts.length % 2 === 1 && parts.length > 3) return `${parts.at(-1)} in ${parts[3]}`;
  return id;
}

/** Wait for the poller, or for the user to interrupt: Ctrl-C while an operation runs stops waiting at once. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(Object.assign(new Error("interrupted"), { name: "AbortError" }));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

export async function createSdkAzure(options: SdkAzureOptions): Promise<AzurePort> {
  const { endpoint, subscriptionId, signal, timing = {} } = options;
  const retry = {
    maxRetries: options.maxRetries ?? DEFAULT_RETRY.maxRetries,
    retryDelayInMs: timing.retryDelayMs ?? DEFAULT_RETRY.retryDelayInMs,
    maxRetryDelayInMs: timing.maxRetryDelayMs ?? DEFAULT_RETRY.maxRetryDelayInMs,
  };
  const pollIntervalMs = timing.pollIntervalMs ?? (endpoint.loopback ? 250 : 2000);
  let credential = options.credential;
  if (!credential) {
    if (endpoint.loopback) {
      credential = { getToken: async () => ({ token: LOCAL_EMULATOR_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    } else {
      const { DefaultAzureCredential } = await import("@azure/identity");
      credential = new DefaultAzureCredential() as TokenCredentialLike;
    }
  }
  const recorder = operationRecorder();
  const tokenFor = async (): Promise<string> => {
    const token = await (credential as TokenCredentialLike).getToken([endpoint.scope], { abortSignal: signal });
    if (!token) throw Object.assign(new Error("the credential returned no token"), { name: "CredentialUnavailableError" });
    return token.token;
  };
  const onRetry = options.onRetry ?? options.debug;

  // ARM's REST API through the Azure SDK's own REST client: its pipeline (credential, retries,
  // tracing) and @azure/core-lro for long-running operations, on the JSON exactly as ARM sends it,
  // so a read-modify-write keeps every field, also those no SDK model knows.
  const { getClient, createRestError } = await import("@azure-rest/core-client");
  const { createHttpPoller } = await import("@azure/core-lro");
  const client = getClient(endpoint.url, credential as never, { allowInsecureConnection: endpoint.loopback, credentials: { scopes: [endpoint.scope] } });
  const pipeline = client.pipeline;
  // The SDK's retry policy with our one strategy and settings, in place of the one the client built.
  pipeline.removePolicy({ name: "defaultRetryPolicy" });
  // Notes name what a request is about ("cluster rg/name"), not its whole path.
  const named = (url: string): string => describe(new URL(url).pathname);
  // A wait announced before it starts is not noted again after it.
  const announced = new WeakSet<PipelineRequest>();
  pipeline.addPolicy(armRetryPolicy(retry, onRetry, named, announced), { phase: "Retry" });
  if (onRetry) pipeline.addPolicy(retryNotes((m) => onRetry(`retrying: ${m}`), Date.now, named, announced), { phase: "Retry" });
  if (endpoint.loopback) {
    pipeline.removePolicy({ name: "bearerTokenAuthenticationPolicy" });
    pipeline.addPolicy(localTokenPolicy(tokenFor), { phase: "Sign" });
  }
  pipeline.addPolicy(recorder);
  pipeline.addPolicy(requestTimeoutPolicy(options.requestTimeoutMs ?? 60_000), { afterPhase: "Sign" });
  if (options.debug) pipeline.addPolicy(debugPolicy(options.debug), { afterPhase: "Sign" });

  type Response = Awaited<ReturnType<ReturnType<typeof client.pathUnchecked>["get"]>>;
  /** The path of a resource id, each segment encoded (names are checked before any request, but never trusted). */
  const urlPath = (id: string): string => id.split("/").map((s) => encodeURIComponent(s)).join("/");
  const ok = (response: Response, statuses: readonly string[]): Response => {
    if (!statuses.includes(response.status)) throw createRestError(response);
    return response;
  };

  /** A 404 about the subscription, not the resource: everything under it is out of reach, which is an error, not "absent". */
  const subscriptionMissing = (response: Response): boolean => (response.body as { error?: { code?: string } } | undefined)?.error?.code === "SubscriptionNotFound";

  async function get(what: string, id: string): Promise<Resource | undefined> {
    try {
      const response = await client.pathUnchecked(urlPath(id)).get({ queryParameters: { "api-version": apiVersionOf(id) }, abortSignal: signal });
      if (response.status === "404" && !subscriptionMissing(response)) return undefined;
      return ok(response, ["200"]).body as Resource;
    } catch (error) {
      throw toAzureError(error, what, { resourceId: id }, recorder.lastError(), options.proxy);
    }
  }

  async function list(what: string, id: string, filter?: string): Promise<Resource[]> {
    const out: Resource[] = [];
    let next: string | undefined = urlPath(id);
    let query: Record<string, string> | undefined = { "api-version": apiVersionOf(id), ...(filter !== undefined && { $filter: filter }) };
    try {
      while (next) {
        const response = await client.pathUnchecked(next).get({ ...(query && { queryParameters: query }), abortSignal: signal });
        if (response.status === "404" && !subscriptionMissing(response)) return [];
        const page = ok(response, ["200"]).body as { value?: Resource[]; nextLink?: string };
        out.push(...(page.value ?? []));
        next = page.nextLink;
        query = undefined;
      }
      return out;
    } catch (error) {
      throw toAzureError(error, what, { resourceId: id }, recorder.lastError(), options.proxy);
    }
  }

  async function put(what: string, id: string, body: Resource, writeOptions: WriteOptions): Promise<WriteResult> {
    const started = Date.now();
    const headers: Record<string, string> = {};
    if (writeOptions.ifMatch !== undefined) headers["if-match"] = writeOptions.ifMatch;
    if (writeOptions.ifNoneMatch !== undefined) headers["if-none-match"] = writeOptions.ifNoneMatch;
    const lroResponse = (response: Response) => ({ flatResponse: response, rawResponse: { ...response, statusCode: Number.parseInt(response.status, 10), body: response.body } });
    let accepted = false;
    let poller: WritePoller | undefined;
    try {
      poller = createHttpPoller<Resource, OperationState<Resource>>(
        {
          sendInitialRequest: async () => {
            const response = ok(await client.pathUnchecked(urlPath(id)).put({ queryParameters: { "api-version": apiVersionOf(id) }, headers, body, abortSignal: signal }), ["200", "201", "202"]);
            accepted = true;
            return lroResponse(response) as never;
          },
          sendPollRequest: async (path: string) => lroResponse(ok(await client.pathUnchecked(path).get({ abortSignal: signal }), ["200", "201", "202"])) as never,
        },
        { intervalInMs: pollIntervalMs, processResult: async (result: unknown) => (result as Response).body as Resource },
      ) as unknown as WritePoller;
      if (writeOptions.onProgress) {
        const report = writeOptions.onProgress;
        // While the operation runs, show the resource's provisioning state (Creating, Updating).
        poller.onProgress((state) =>
          report({ status: state.status === "running" ? (recorder.lastState() ?? "InProgress") : state.status.charAt(0).toUpperCase() + state.status.slice(1), elapsedMs: Date.now() - started }),
        );
      }
      if (writeOptions.wait === false) {
        await untilAborted(poller.submitted(), signal);
        const operationUrl = recorder.last();
        return { resource: { id }, operationUrl, operationId: operationIdOf(operationUrl), provisioningState: "Accepted" };
      }
      const resource = (await untilAborted(poller.pollUntilDone(), signal)) as Resource;
      const operationUrl = recorder.last();
      const state = (resource.properties as { provisioningState?: string } | undefined)?.provisioningState;
      return { resource, operationUrl, operationId: operationIdOf(operationUrl), provisioningState: state ?? "Succeeded" };
    } catch (error) {
      const operationUrl = recorder.last();
      const operationId = operationIdOf(operationUrl);
      const details = { operationId, resourceId: id, accepted };
      const ended = operationEnd(poller);
      if (ended) {
        // The poller keeps only a message: the structured error is the resource's status.provisioningError, or the operation's own.
        const after = await get(`reading ${id}`, id).catch(() => undefined);
        const status = (after?.properties as { status?: { provisioningError?: WireError } } | undefined)?.status;
        const problem = status?.provisioningError ?? recorder.operationError(operationUrl);
        throw new AzureOperationError(
          `${what}: the Azure operation ended ${ended}${problem ? `: ${problem.code ?? ""}${problem.message ? `: ${problem.message}` : ""}` : ""}${operationId ? ` (operation ${operationId})` : ""}`,
          { ...details, armCode: problem?.code ?? (ended === "Canceled" ? "OperationCanceled" : undefined) },
          ended === "Canceled" ? "OperationCanceled" : "OperationFailed",
        );
      }
      const mapped = toAzureError(error, what, details, recorder.lastError(), options.proxy);
      if (accepted && mapped instanceof AzureError) {
        // The write was accepted: following it failed, not the write. Never claim an outcome not observed.
        const why = mapped.message.replace(`${what}: `, "").replace(/^Azure refused it \((.*?)\): /, "$1: ").replace(/\.+$/, "");
        mapped.message = `${what}: Azure accepted the write${operationId ? ` (operation ${operationId})` : ""}, but following its operation then failed (${why}). The operation may still be running, or may have finished: check it with 'az resource show --ids ${id} --query properties.provisioningState'${operationUrl ? ` or GET ${operationUrl}` : ""}`;
        mapped.details.accepted = true;
      }
      throw mapped;
    }
  }

  return {
    subscriptionId,
    endpoint: endpoint.url,
    get: (id) => get(`reading ${describe(id)}`, id),
    list: (id, filter) => list(`listing ${describe(id)}`, id, filter),
    put: (id, body, writeOptions = {}) => put(`writing ${describe(id)}`, id, body, writeOptions),
    query: async (path, body) => {
      try {
        const response = ok(await client.pathUnchecked(urlPath(path)).post({ queryParameters: { "api-version": apiVersionOf(path) }, body, abortSignal: signal }), ["200"]);
        const headers = Object.fromEntries(Object.entries(response.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
        return { body: response.body as Resource, headers };
      } catch (error) {
        throw toAzureError(error, `querying ${path}`, {}, recorder.lastError(), options.proxy);
      }
    },
  };
}
