/**
 * The Azure port implemented with the real SDKs (@azure/arm-containerservice, @azure/arm-network,
 * @azure/identity). Loaded only by commands that call Azure; each SDK loads on first use. SDK
 * failures are translated into typed errors here (toAzureError), keeping Azure's code, target
 * and operation id.
 */
import { type RestError, isRestError } from "@azure/core-rest-pipeline";
import type { OperationState, PollerLike } from "@azure/core-lro";
import { type ArmEndpoint } from "./endpoint.js";
import { AzureAuthError, AzureConflictError, type AzureErrorDetails, AzureOperationError, InterruptedError } from "./errors.js";
import { DEFAULT_RETRY, type WireError, debugPolicy, localTokenPolicy, operationRecorder, retryNotes, retryPolicies } from "./policies.js";
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
  /** Retries after the first attempt, for each kind of failure (default 4). */
  maxRetries?: number;
  signal?: AbortSignal;
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
export function toAzureError(error: unknown, what: string, details: AzureErrorDetails = {}, wire?: WireError): Error {
  if (error instanceof Error && error.name === "AbortError") return new InterruptedError(`${what}: interrupted`, details.resourceId);
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
    if (status === undefined) {
      return new AzureOperationError(`${what}: could not reach Azure (${error.code ?? error.message})`, all, "NetworkError");
    }
    if (status === 401 || status === 403) {
      return new AzureAuthError(`${what}: ${status === 401 ? "not authenticated" : "not authorized"} (${armCode ?? status}): ${armMessage}`, all);
    }
    if (status === 412) {
      return new AzureConflictError(`${what}: the resource changed since it was read (HTTP 412 ${armCode ?? "PreconditionFailed"}); nothing was overwritten. Read it again and re-run.`, all);
    }
    if (status === 409) return new AzureConflictError(`${what}: conflict (HTTP 409 ${armCode ?? "Conflict"}): ${armMessage}`, all);
    return new AzureOperationError(`${what}: Azure refused it (HTTP ${status} ${armCode ?? ""}): ${armMessage}`.replace(/ \)/, ")"), all, armCode ?? "AzureRequestFailed");
  }
  return error instanceof Error ? error : new Error(String(error));
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
  const clientOptions = {
    endpoint: endpoint.url,
    allowInsecureConnection: endpoint.loopback,
    credentials: { scopes: [endpoint.scope] },
  };
  const tokenFor = async (): Promise<string> => {
    const token = await (credential as TokenCredentialLike).getToken([endpoint.scope], { abortSignal: signal });
    if (!token) throw Object.assign(new Error("the credential returned no token"), { name: "CredentialUnavailableError" });
    return token.token;
  };
  const onRetry = options.onRetry ?? options.debug;
  const configure = (pipeline: import("@azure/core-rest-pipeline").Pipeline): void => {
    // The SDK's retry policy with our settings (the client built one with its defaults), and our strategy for bare 429s.
    pipeline.removePolicy({ name: "defaultRetryPolicy" });
    for (const policy of retryPolicies(retry)) pipeline.addPolicy(policy, { phase: "Retry" });
    if (onRetry) pipeline.addPolicy(retryNotes((m) => onRetry(`retrying: ${m}`)), { phase: "Retry" });
    if (endpoint.loopback) {
      pipeline.removePolicy({ name: "bearerTokenAuthenticationPolicy" });
      pipeline.addPolicy(localTokenPolicy(tokenFor), { phase: "Sign" });
    }
    pipeline.addPolicy(recorder);
    if (options.debug) pipeline.addPolicy(debugPolicy(options.debug), { afterPhase: "Sign" });
  };

  type ContainerService = import("@azure/arm-containerservice").ContainerServiceClient;
  type Network = import("@azure/arm-network").NetworkManagementClient;
  let containerService: Promise<ContainerService> | undefined;
  let network: Promise<Network> | undefined;
  const cs = (): Promise<ContainerService> =>
    (containerService ??= import("@azure/arm-containerservice").then(({ ContainerServiceClient }) => {
      const client = new ContainerServiceClient(credential as never, subscriptionId, clientOptions);
      configure(client.pipeline);
      return client;
    }));
  const net = (): Promise<Network> =>
    (network ??= import("@azure/arm-network").then(({ NetworkManagementClient }) => {
      const client = new NetworkManagementClient(credential as never, subscriptionId, clientOptions);
      configure(client.pipeline);
      return client;
    }));

  const resourceIdOf = (rg: string, path: string): string => `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/${path}`;

  async function get<T>(what: string, resourceId: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      if (isRestError(error) && error.statusCode === 404) return undefined;
      throw toAzureError(error, what, { resourceId }, recorder.lastError());
    }
  }

  async function write(what: string, resourceId: string, start: () => WritePoller, readBack: () => Promise<Resource | undefined>, writeOptions: WriteOptions): Promise<WriteResult> {
    const started = Date.now();
    let poller: WritePoller | undefined;
    try {
      poller = start();
      if (writeOptions.onProgress) {
        const report = writeOptions.onProgress;
        // While the operation runs, show the resource's provisioning state (Creating, Updating).
        poller.onProgress((state) =>
          report({ status: state.status === "running" ? (recorder.lastState() ?? "InProgress") : state.status.charAt(0).toUpperCase() + state.status.slice(1), elapsedMs: Date.now() - started }),
        );
      }
      if (writeOptions.wait === false) {
        await poller.submitted();
        const operationUrl = recorder.last();
        return { resource: { id: resourceId }, operationUrl, operationId: operationIdOf(operationUrl), provisioningState: "Accepted" };
      }
      const resource = (await poller) as Resource;
      const operationUrl = recorder.last();
      return { resource, operationUrl, operationId: operationIdOf(operationUrl), provisioningState: (resource.provisioningState as string | undefined) ?? "Succeeded" };
    } catch (error) {
      const operationUrl = recorder.last();
      const operationId = operationIdOf(operationUrl);
      const ended = operationEnd(poller);
      if (ended) {
        // The poller keeps only a message: the structured error is the resource's status.provisioningError, or the operation's own.
        const after = await readBack().catch(() => undefined);
        const problem = (after?.status as { provisioningError?: WireError } | undefined)?.provisioningError ?? recorder.operationError(operationUrl);
        throw new AzureOperationError(
          `${what}: the Azure operation ended ${ended}${problem ? `: ${problem.code ?? ""}${problem.message ? `: ${problem.message}` : ""}` : ""}${operationId ? ` (operation ${operationId})` : ""}`,
          { armCode: problem?.code ?? (ended === "Canceled" ? "OperationCanceled" : undefined), operationId, resourceId, target: undefined },
          ended === "Canceled" ? "OperationCanceled" : "OperationFailed",
        );
      }
      throw toAzureError(error, what, { operationId, resourceId }, recorder.lastError());
    }
  }

  return {
    subscriptionId,
    endpoint: endpoint.url,
    getCluster: async (rg, name) =>
      (await get(`reading cluster ${rg}/${name}`, resourceIdOf(rg, `Microsoft.ContainerService/managedClusters/${name}`), async () =>
        (await cs()).managedClusters.get(rg, name, { abortSignal: signal }),
      )) as Resource | undefined,
    putCluster: async (rg, name, cluster, writeOptions = {}) => {
      const client = await cs();
      const id = resourceIdOf(rg, `Microsoft.ContainerService/managedClusters/${name}`);
      return write(
        `writing cluster ${rg}/${name}`,
        id,
        () =>
          client.managedClusters.createOrUpdate(rg, name, cluster as never, {
            ifMatch: writeOptions.ifMatch,
            ifNoneMatch: writeOptions.ifNoneMatch,
            abortSignal: signal,
            updateIntervalInMs: pollIntervalMs,
          }),
        async () => (await client.managedClusters.get(rg, name, { abortSignal: signal })) as unknown as Resource,
        writeOptions,
      );
    },
    getAgentPool: async (rg, cluster, pool) =>
      (await get(`reading node pool ${pool} of ${rg}/${cluster}`, resourceIdOf(rg, `Microsoft.ContainerService/managedClusters/${cluster}/agentPools/${pool}`), async () =>
        (await cs()).agentPools.get(rg, cluster, pool, { abortSignal: signal }),
      )) as Resource | undefined,
    putAgentPool: async (rg, cluster, pool, body, writeOptions = {}) => {
      const client = await cs();
      // A pool's scale-set type is `type` in agentPoolProfiles[] and on the wire, but `typePropertiesType` on the SDK's AgentPool.
      const { type, ...rest } = body;
      const agentPool = type !== undefined && rest.typePropertiesType === undefined ? { ...rest, typePropertiesType: type } : body;
      const id = resourceIdOf(rg, `Microsoft.ContainerService/managedClusters/${cluster}/agentPools/${pool}`);
      return write(
        `writing node pool ${pool} of ${rg}/${cluster}`,
        id,
        () =>
          client.agentPools.createOrUpdate(rg, cluster, pool, agentPool as never, {
            ifMatch: writeOptions.ifMatch,
            ifNoneMatch: writeOptions.ifNoneMatch,
            abortSignal: signal,
            updateIntervalInMs: pollIntervalMs,
          }),
        async () => (await client.agentPools.get(rg, cluster, pool, { abortSignal: signal })) as Resource,
        writeOptions,
      );
    },
    getVirtualNetwork: async (rg, name) =>
      (await get(`reading VNet ${rg}/${name}`, resourceIdOf(rg, `Microsoft.Network/virtualNetworks/${name}`), async () =>
        (await net()).virtualNetworks.get(rg, name, { abortSignal: signal }),
      )) as Resource | undefined,
    listVirtualNetworks: async (rg) => {
      try {
        const out: Resource[] = [];
        for await (const v of (await net()).virtualNetworks.list(rg, { abortSignal: signal })) out.push(v as unknown as Resource);
        return out;
      } catch (error) {
        if (isRestError(error) && error.statusCode === 404) return [];
        throw toAzureError(error, `listing VNets in ${rg}`, {}, recorder.lastError());
      }
    },
  };
}
