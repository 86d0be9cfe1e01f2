/**
 * The Azure port implemented with the real SDKs (@azure/arm-containerservice, @azure/arm-network,
 * @azure/identity). Loaded only by commands that call Azure; each SDK loads on first use.
 */
import { type ArmEndpoint } from "./endpoint.js";
import { AzureOperationError, mapAzureError } from "./errors.js";
import { DEFAULT_RETRY, type PolicyLike, type RetrySettings, debugPolicy, localTokenPolicy, operationRecorder, retryPolicy } from "./policies.js";
import type { AzurePort, Resource, WriteOptions, WriteResult } from "./port.js";

export interface TokenCredentialLike {
  getToken(scopes: string | string[], options?: unknown): Promise<{ token: string; expiresOnTimestamp: number } | null>;
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
  retry?: Partial<RetrySettings>;
  /** How often a long-running operation is polled (default 2 s; Retry-After overrides). */
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

/** The token sent to a loopback emulator: not a secret, but a real Authorization header. */
export const LOCAL_EMULATOR_TOKEN = "aks-overlay-local-emulator-token";

interface PipelineLike {
  addPolicy(policy: PolicyLike, options?: { phase?: string; afterPhase?: string }): void;
  removePolicy(options: { name?: string }): unknown;
}

function isNotFound(error: unknown): boolean {
  return (error as { name?: string; statusCode?: number }).name === "RestError" && (error as { statusCode?: number }).statusCode === 404;
}

function isLroFailure(error: unknown): "Failed" | "Canceled" | undefined {
  const message = (error as Error)?.message ?? "";
  if (message.startsWith("The long-running operation has failed")) return "Failed";
  if (message === "Operation was canceled") return "Canceled";
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

export async function createSdkAzure(options: SdkAzureOptions): Promise<AzurePort> {
  const { endpoint, subscriptionId, signal } = options;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
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
    retryOptions: { maxRetries: 0 },
  };
  const tokenFor = async (): Promise<string> => {
    const token = await (credential as TokenCredentialLike).getToken([endpoint.scope], { abortSignal: signal });
    if (!token) throw Object.assign(new Error("the credential returned no token"), { name: "CredentialUnavailableError" });
    return token.token;
  };
  const configure = (pipeline: PipelineLike): void => {
    pipeline.removePolicy({ name: "defaultRetryPolicy" });
    pipeline.addPolicy(retryPolicy(retry, (m) => (options.onRetry ?? options.debug)?.(`retrying: ${m}`)), { phase: "Retry" });
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
      configure(client.pipeline as unknown as PipelineLike);
      return client;
    }));
  const net = (): Promise<Network> =>
    (network ??= import("@azure/arm-network").then(({ NetworkManagementClient }) => {
      const client = new NetworkManagementClient(credential as never, subscriptionId, clientOptions);
      configure(client.pipeline as unknown as PipelineLike);
      return client;
    }));

  const pollIntervalMs = options.pollIntervalMs ?? (endpoint.loopback ? 250 : 2000);
  const resourceIdOf = (rg: string, path: string): string => `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/${path}`;

  async function get<T>(what: string, resourceId: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw mapAzureError(error, what, { resourceId }, recorder.lastError());
    }
  }

  async function write(
    what: string,
    resourceId: string,
    start: () => { submitted(): Promise<unknown>; onProgress(cb: (state: { status: string }) => void): unknown; then: PromiseLike<unknown>["then"] },
    readBack: () => Promise<Resource | undefined>,
    writeOptions: WriteOptions,
  ): Promise<WriteResult> {
    const started = Date.now();
    let poller;
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
      const ended = isLroFailure(error);
      if (ended) {
        // The poller's error has no code: read the structured error back from the resource.
        const after = await readBack().catch(() => undefined);
        const problem = (after?.status as { provisioningError?: { code?: string; message?: string } } | undefined)?.provisioningError;
        throw new AzureOperationError(
          `${what}: the Azure operation ended ${ended}${problem ? `: ${problem.code ?? ""}${problem.message ? `: ${problem.message}` : ""}` : ""}${operationId ? ` (operation ${operationId})` : ""}`,
          { armCode: problem?.code ?? (ended === "Canceled" ? "OperationCanceled" : undefined), operationId, resourceId, target: undefined },
          ended === "Canceled" ? "OperationCanceled" : "OperationFailed",
        );
      }
      throw mapAzureError(error, what, { operationId, resourceId }, recorder.lastError());
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
          }) as never,
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
          }) as never,
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
        if (isNotFound(error)) return [];
        throw mapAzureError(error, `listing VNets in ${rg}`, {}, recorder.lastError());
      }
    },
  };
}
