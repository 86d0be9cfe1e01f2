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
  /** The command names its subscriptions itself (fleet): none is needed for the port. */
  subscriptionOptional?: boolean;
  /** Retry notes as NDJSON events (the command prints a document: -o json, yaml or tsv). */
  ndjsonNotes?: boolean;
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

/**
 * ARM by resource id: what aks-overlay reads and writes is named by its id, and the adapter picks
 * the api-version by the id's resource provider. Ids are built and recognised in one place
 * (src/network/resourceIds.ts).
 */
export interface AzurePort {
  readonly subscriptionId: string;
  readonly endpoint: string;
  /** GET a resource; undefined when it does not exist (404). */
  get(resourceId: string): Promise<Resource | undefined>;
  /** GET a collection, every page ([] when its parent does not exist); `filter` is ARM's $filter. */
  list(collectionId: string, filter?: string): Promise<Resource[]>;
  /** PUT a resource (long-running operations followed to the end unless `wait: false`). */
  put(resourceId: string, body: Resource, options?: WriteOptions): Promise<WriteResult>;
  /** POST a query (Azure Resource Graph): the answer and its headers (lower-case names). */
  query(path: string, body: Resource): Promise<{ body: Resource; headers: Record<string, string> }>;
}
