/**
 * The narrow port to Azure: only the calls aks-overlay makes. Commands depend on this, never on
 * an SDK; the SDK adapter (sdkAdapter.ts) implements it and loads only when a command calls Azure.
 * Resources are ARM's JSON as sent and written (`cluster.properties.networkProfile`): fields no
 * SDK model knows are kept.
 */
export type Resource = Record<string, unknown>;

/** The global flags that say which Azure a command talks to. */
export interface AzureFlags {
  subscription?: string;
  armEndpoint?: string;
  /** --request-timeout, in seconds, as given. */
  requestTimeout?: string;
  debug?: boolean;
}

export interface WriteOptions {
  /** Update only if the resource's eTag is still this one. */
  ifMatch?: string;
  /** "*": create only, never overwrite. */
  ifNoneMatch?: "*";
  /** false: return once Azure accepted the request (the operation keeps running). */
  wait?: boolean;
  onProgress?: (progress: { status: string; elapsedMs: number }) => void;
}

export interface WriteResult {
  resource: Resource;
  /** The async operation's status URL and id, when Azure gave one. */
  operationUrl?: string;
  operationId?: string;
  /** Succeeded when waited for; the state Azure reported when not. */
  provisioningState?: string;
}

export interface AzurePort {
  readonly subscriptionId: string;
  readonly endpoint: string;
  /** undefined when the cluster does not exist. */
  getCluster(resourceGroup: string, name: string): Promise<Resource | undefined>;
  putCluster(resourceGroup: string, name: string, cluster: Resource, options?: WriteOptions): Promise<WriteResult>;
  getAgentPool(resourceGroup: string, cluster: string, pool: string): Promise<Resource | undefined>;
  /** `agentPool.type` (as in agentPoolProfiles[]) is the scale-set type. */
  putAgentPool(resourceGroup: string, cluster: string, pool: string, agentPool: Resource, options?: WriteOptions): Promise<WriteResult>;
  getVirtualNetwork(resourceGroup: string, name: string): Promise<Resource | undefined>;
  /** The VNets of a resource group ([] when the group does not exist). */
  listVirtualNetworks(resourceGroup: string): Promise<Resource[]>;
}
