/**
 * The local ARM emulator: the ARM wire protocol for the resources aks-overlay uses, served on
 * loopback, with eTags, async operations, the RP's network refusals, fault injection and a
 * request log. Any ARM client can drive it, not only ours.
 *
 * Local-only test tooling. `/_emulator/*` (the request log, the fault table) has no authentication:
 * it trusts whoever can reach the port, so bind it to loopback. So that a web page open in a browser
 * on the same machine cannot use it, every `/_emulator/*` request carrying an `Origin` that is not
 * loopback, or a `Host` that is a DNS name other than localhost (DNS rebinding), is refused with 403,
 * and a POST must be `content-type: application/json` (415 otherwise), which a page cannot send
 * cross-origin without a CORS preflight the emulator never grants.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Fault, FaultError, FaultTable, checkFaults } from "./faults.js";
import { ArmHttpError, type Json, clusterId, publicView, vnetId } from "./resources.js";
import { DEFAULT_ABANDONED_AFTER_MS, DEFAULT_ARG_QUOTA, DEFAULT_ARG_WINDOW_MS, DEFAULT_PRINCIPAL_REPLICATION_MS, MAX_ABANDONED_AFTER_MS, MAX_ARG_QUOTA, MAX_ARG_WINDOW_MS, MAX_LRO_POLLS, MAX_PRINCIPAL_REPLICATION_MS } from "./limits.js";
import { MANAGEMENT_GROUP, ResourceGraph, ResourceGraphQuota, checkResourceGraphRequest, quotaDuration, resourceGraphError } from "./resourceGraph.js";
import { EMULATOR_TENANT } from "./directory.js";
import { type Scenario, demoScenario } from "./scenarios.js";
import { EmulatorState, type Operation } from "./state.js";
import { stripSecrets } from "../network/secrets.js";
import { AZURE_REGIONS } from "./regions.js";

export interface EmulatorOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  scenario?: Scenario;
  faults?: Fault[];
  /** Polls an operation answers InProgress before it ends (default 2, at most MAX_LRO_POLLS). */
  lroPolls?: number;
  /** An operation nobody polls for this long ends on its own (default 2000 ms, at most MAX_ABANDONED_AFTER_MS). */
  abandonedAfterMs?: number;
  /** The clock operations are stamped and judged with (tests move it; default Date.now). */
  clock?: () => number;
  /** How long a principal a cluster PUT makes takes to replicate (default 30 s, at most MAX_PRINCIPAL_REPLICATION_MS): see Directory. */
  principalReplicationMs?: number;
  /** Resource Graph queries a client may send per window (default 15, at most MAX_ARG_QUOTA). */
  resourceGraphQuota?: number;
  /** Resource Graph's quota window in ms (default 5000, at most MAX_ARG_WINDOW_MS). */
  resourceGraphWindowMs?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  ifMatch: string | null;
  ifNoneMatch: string | null;
  authorization: boolean;
  time: string;
  /** The request body of a PUT, parsed. */
  body?: unknown;
}

export interface Emulator {
  readonly url: string;
  readonly state: EmulatorState;
  readonly faults: FaultTable;
  readonly requests: RequestLogEntry[];
  close(): Promise<void>;
}

/** The ARM error code an injected status answers with when the fault names none. */
const DEFAULT_FAULT_CODES: Record<number, string> = {
  400: "BadRequest",
  401: "AuthenticationFailed",
  403: "AuthorizationFailed",
  404: "ResourceNotFound",
  409: "Conflict",
  412: "PreconditionFailed",
  429: "TooManyRequests",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

const API_VERSION = /^(\d{4})-(\d{2})-(\d{2})(-preview)?$/;
const SEG = "([^/]+)";
const PROVIDER_CS = "providers/Microsoft\\.ContainerService";
const PROVIDER_NET = "providers/Microsoft\\.Network";
const ROUTES = {
  cluster: new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/${PROVIDER_CS}/managedClusters/${SEG}$`, "i"),
  clustersInGroup: new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/${PROVIDER_CS}/managedClusters$`, "i"),
  clustersInSubscription: new RegExp(`^/subscriptions/${SEG}/${PROVIDER_CS}/managedClusters$`, "i"),
  pool: new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/${PROVIDER_CS}/managedClusters/${SEG}/agentPools/${SEG}$`, "i"),
  pools: new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/${PROVIDER_CS}/managedClusters/${SEG}/agentPools$`, "i"),
  vnet: new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/${PROVIDER_NET}/virtualNetworks/${SEG}$`, "i"),
  vnets: new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/${PROVIDER_NET}/virtualNetworks$`, "i"),
  subnet: new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/${PROVIDER_NET}/virtualNetworks/${SEG}/subnets/${SEG}$`, "i"),
  operation: new RegExp(`^/subscriptions/${SEG}/${PROVIDER_CS}/locations/${SEG}/operations/${SEG}$`, "i"),
  subscriptions: /^\/subscriptions$/i,
  locations: new RegExp(`^/subscriptions/${SEG}/locations$`, "i"),
  resourceGroup: new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}$`, "i"),
  resourceGroups: new RegExp(`^/subscriptions/${SEG}/resourceGroups$`, "i"),
  identity: new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/${SEG}$`, "i"),
  identities: new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities$`, "i"),
  resourceGraph: /^\/providers\/Microsoft\.ResourceGraph\/resources$/i,
  managementGroups: /^\/providers\/Microsoft\.Management\/managementGroups$/i,
  managementGroup: new RegExp(`^/providers/Microsoft\\.Management/managementGroups/${SEG}$`, "i"),
  // {scope} is any path: a subscription, a group, a resource (a VNet, a subnet), or nothing (the root).
  roleAssignment: /^(.*?)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]+)$/i,
  roleAssignments: /^(.*?)\/providers\/Microsoft\.Authorization\/roleAssignments$/i,
};

const isObject = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);

/** A PUT body for the request log: write-only secrets dropped, credentials in proxy URLs replaced by REDACTED. */
function loggable(body: Json): Json {
  return isObject(body.properties) ? { ...structuredClone(body), properties: stripSecrets(body.properties) } : structuredClone(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ArmHttpError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: ${(error as Error).message}`);
  }
}

async function readJsonObject(req: IncomingMessage): Promise<Json> {
  const body = parseJson(await readBody(req));
  if (!isObject(body)) throw new ArmHttpError(400, "InvalidRequestContent", "The request content must be a JSON object.");
  return body;
}

/**
 * The api-version: YYYY-MM-DD or YYYY-MM-DD-preview, from `since` on (2022-01-01 for the resource
 * providers the CLI drives; Microsoft.Resources, Authorization and ManagedIdentity take any date).
 */
function checkApiVersion(query: URLSearchParams, since = "2022-01-01"): string {
  const version = query.get("api-version");
  if (!version) throw new ArmHttpError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  const m = API_VERSION.exec(version);
  if (!m || `${m[1]}-${m[2]}-${m[3]}` < since) {
    const range = since === ANY_DATE ? "" : ` from ${since} on`;
    throw new ArmHttpError(400, "InvalidApiVersionParameter", `The api-version '${version}' is invalid. The supported versions are YYYY-MM-DD or YYYY-MM-DD-preview${range}.`);
  }
  return version;
}

const ANY_DATE = "0000-00-00";
/** Paths whose resource providers take any well-formed api-version. */
const ANY_VERSION_PATH = /^\/subscriptions(\/[^/]+(\/resourceGroups(\/[^/]+(\/providers\/Microsoft\.ManagedIdentity\/.*)?)?)?)?$|\/providers\/Microsoft\.Authorization\/roleAssignments(\/[^/]+)?$|^\/providers\/Microsoft\.Management\/managementGroups(\/[^/]+)?$/i;
/** Resource Graph: every api-version from its first (2019-04-01) on. */
const RESOURCE_GRAPH_PATH = /^\/providers\/Microsoft\.ResourceGraph\//i;
/** The most a Resource Graph answer may weigh (16 MiB): a bigger page is refused, ResponsePayloadTooLarge. */
const RESOURCE_GRAPH_PAYLOAD_LIMIT = 16 * 1024 * 1024;
const RESOURCE_GRAPH_SINCE = "2019-04-01";

/** The subscription of a path under one. */
const SUBSCRIPTION_PATH = /^\/subscriptions\/([^/]+)/i;

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * ARM refuses a request without a bearer token before it looks at anything else: a missing header,
 * another scheme (Basic) or an empty token is 401. The emulator does not check the token itself.
 */
function authenticate(req: IncomingMessage): void {
  const header = req.headers.authorization;
  if (header === undefined) {
    throw new ArmHttpError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
  }
  if (!BEARER.test(header)) {
    throw new ArmHttpError(401, "InvalidAuthenticationToken", "The access token is invalid: the 'Authorization' header must be 'Bearer <token>' with a non-empty token.");
  }
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;
const IP_LITERAL = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/** The host name of a Host header value (`name:port`, `[v6]:port`), lower-cased. */
function hostName(host: string): string {
  const m = /^(\[[^\]]*\]|[^:]*)(:\d*)?$/.exec(host.trim());
  return (m?.[1] ?? host).toLowerCase();
}

/**
 * The control endpoints serve local tools, not web pages: 403 for a request a browser sent on a
 * page's behalf (an Origin that is not loopback, "null" included) or through DNS rebinding (a Host
 * naming something other than localhost or an IP address).
 */
function checkLocalCaller(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let hostname = "";
    try {
      hostname = new URL(origin).hostname;
    } catch {
      // "null" or garbage: not loopback
    }
    if (!LOOPBACK_HOST.test(hostname)) throw new ArmHttpError(403, "ForbiddenOrigin", `The emulator's control endpoints are local-only test tooling: requests from origin ${origin} are refused.`);
  }
  const host = req.headers.host;
  if (host !== undefined) {
    const name = hostName(host);
    if (!LOOPBACK_HOST.test(name) && !IP_LITERAL.test(name)) throw new ArmHttpError(403, "ForbiddenHost", `The emulator's control endpoints are local-only test tooling: requests for host ${host} are refused.`);
  }
}

/** True for `application/json`, with or without parameters (charset). */
function isJson(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() === "application/json";
}

/** One ARM request on its way through the emulator: what the route matched, and the headers handlers use. */
interface ArmCall {
  req: IncomingMessage;
  res: ServerResponse;
  log: RequestLogEntry;
  method: string;
  path: string;
  /** The route's captured path segments (subscription, resource group, names). */
  params: string[];
  apiVersion: string;
  ifMatch?: string;
  ifNoneMatch?: string;
}

type Route = { pattern: RegExp; method: "GET" | "PUT" | "POST"; handle: (call: ArmCall) => Promise<void> | void };

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const lroPolls = options.lroPolls ?? 2;
  if (!Number.isInteger(lroPolls) || lroPolls < 0 || lroPolls > MAX_LRO_POLLS) throw new RangeError(`lroPolls ${lroPolls}: expected a whole number from 0 to ${MAX_LRO_POLLS} (the maximum)`);
  const abandonedAfterMs = options.abandonedAfterMs ?? DEFAULT_ABANDONED_AFTER_MS;
  if (!Number.isInteger(abandonedAfterMs) || abandonedAfterMs < 1 || abandonedAfterMs > MAX_ABANDONED_AFTER_MS) {
    throw new RangeError(`abandonedAfterMs ${abandonedAfterMs}: expected a whole number from 1 to ${MAX_ABANDONED_AFTER_MS} (the maximum)`);
  }
  const argQuota = options.resourceGraphQuota ?? DEFAULT_ARG_QUOTA;
  if (!Number.isInteger(argQuota) || argQuota < 1 || argQuota > MAX_ARG_QUOTA) throw new RangeError(`resourceGraphQuota ${argQuota}: expected a whole number from 1 to ${MAX_ARG_QUOTA} (the maximum)`);
  const argWindowMs = options.resourceGraphWindowMs ?? DEFAULT_ARG_WINDOW_MS;
  if (!Number.isInteger(argWindowMs) || argWindowMs < 1 || argWindowMs > MAX_ARG_WINDOW_MS) {
    throw new RangeError(`resourceGraphWindowMs ${argWindowMs}: expected a whole number from 1 to ${MAX_ARG_WINDOW_MS} (the maximum)`);
  }
  const replicationMs = options.principalReplicationMs ?? DEFAULT_PRINCIPAL_REPLICATION_MS;
  if (!Number.isInteger(replicationMs) || replicationMs < 0 || replicationMs > MAX_PRINCIPAL_REPLICATION_MS) {
    throw new RangeError(`principalReplicationMs ${replicationMs}: expected a whole number from 0 to ${MAX_PRINCIPAL_REPLICATION_MS} (the maximum)`);
  }
  const clock = options.clock ?? Date.now;
  const state = new EmulatorState(options.scenario ?? demoScenario(), abandonedAfterMs, options.clock, replicationMs);
  const graph = new ResourceGraph(state, clock);
  const quota = new ResourceGraphQuota(argQuota, argWindowMs, clock);
  const faults = new FaultTable();
  faults.add(options.faults ?? []);
  const requests: RequestLogEntry[] = [];
  /** Timers the emulator set (delays, the next abandoned operation's end): cleared on close, never keeping the process alive. */
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, fn: () => void): ReturnType<typeof setTimeout> => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    timers.add(timer);
    return timer;
  };
  const cancel = (timer: ReturnType<typeof setTimeout> | undefined): void => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timers.delete(timer);
  };
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => later(ms, resolve));
  let nextEnd: ReturnType<typeof setTimeout> | undefined;
  /** Ends the operations nobody polls any more, now and when the next one is due, with or without requests. */
  const endAbandoned = (): void => {
    const due = state.advance();
    cancel(nextEnd);
    nextEnd = due === undefined ? undefined : later(due, endAbandoned);
  };
  let origin = "";

  /** Every answer goes out through here, as ARM's public view: write-only secrets never leave the emulator. */
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, alreadyPublic = false): void => {
    const text = body === undefined ? "" : JSON.stringify(alreadyPublic ? body : publicView(body));
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "x-ms-request-id": crypto.randomUUID(), ...headers });
    res.end(text);
  };

  const operationUrl = (sub: string, location: string, op: Operation, apiVersion: string): string =>
    `${origin}/subscriptions/${sub}/providers/Microsoft.ContainerService/locations/${location}/operations/${op.id}?api-version=${encodeURIComponent(apiVersion)}`;

  /**
   * A request-level fault, once the caller is authenticated and before ARM looks at the request: a delay, a dropped connection (true:
   * nothing more to do) or an error status (thrown). Operation faults wait for a write or a poll.
   */
  async function injectFault(req: IncomingMessage, method: string, path: string, log: RequestLogEntry): Promise<boolean> {
    const fault = faults.take(method, path, (f) => f.operationStatus === undefined);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop) {
      log.status = 0;
      req.socket.destroy();
      return true;
    }
    if (fault?.status) {
      const code = fault.armCode ?? DEFAULT_FAULT_CODES[fault.status] ?? (fault.status >= 500 ? "InternalServerError" : "BadRequest");
      const headers: Record<string, string> = {
        ...(fault.retryAfter !== undefined && { "retry-after": String(fault.retryAfter) }),
        ...(fault.retryAfterMs !== undefined && { "retry-after-ms": String(fault.retryAfterMs) }),
      };
      throw new ArmHttpError(fault.status, code, fault.message ?? `Injected fault: HTTP ${fault.status}.`, undefined, headers);
    }
    return false;
  }

  /** An operationStatus fault for this request makes the operation end Failed or Canceled. */
  function failOperationOnFault(call: ArmCall, operation: Operation | undefined): void {
    const opFault = faults.take(call.method, call.path, (f) => f.operationStatus === "Failed" || f.operationStatus === "Canceled");
    if ((opFault?.operationStatus === "Failed" || opFault?.operationStatus === "Canceled") && operation) state.failOperation(operation, opFault.operationStatus, opFault.armCode, opFault.message);
  }

  /** The answer to an accepted write: 201 or 200, the body, and the Azure-AsyncOperation to poll. */
  function answerWrite(call: ArmCall, result: { body: Json; created: boolean; operation: Operation }, location: string): void {
    // A noEffect fault (operationStatus Succeeded) waits for an update: a create has no previous state to keep.
    // The PUT is answered as accepted; the stored resource stays as it was.
    if (result.operation.previous && faults.take(call.method, call.path, (f) => f.noEffect === true)) state.discardWrite(result.operation);
    failOperationOnFault(call, result.operation);
    state.settle(result.operation);
    endAbandoned();
    send(call.res, result.created ? 201 : 200, result.body, { "azure-asyncoperation": operationUrl(call.params[0] as string, location, result.operation, call.apiVersion) });
  }

  function getOperation(call: ArmCall): void {
    const [sub, location, opId] = call.params as [string, string, string];
    failOperationOnFault(call, state.operations.get(opId));
    const op = state.poll(opId);
    endAbandoned();
    send(call.res, 200, {
      id: `/subscriptions/${sub}/providers/Microsoft.ContainerService/locations/${location}/operations/${op.id}`,
      name: op.id,
      status: op.status,
      startTime: op.startTime,
      ...(op.endTime && { endTime: op.endTime }),
      ...(op.error && (op.status === "Failed" || op.status === "Canceled") && { error: op.error }),
    });
  }

  const clusterOf = (call: ArmCall): string => clusterId(call.params[0] as string, call.params[1] as string, call.params[2] as string);

  function getPool(call: ArmCall): void {
    const cid = clusterOf(call);
    const pool = state.getPool(cid, call.params[3] as string);
    send(call.res, 200, pool, { etag: String((pool.properties as Json).eTag) });
  }

  async function putPool(call: ArmCall): Promise<void> {
    const body = await readJsonObject(call.req);
    call.log.body = loggable(body);
    const cid = clusterOf(call);
    const result = state.putPool(cid, call.params[3] as string, body, call.ifMatch, call.ifNoneMatch, lroPolls);
    answerWrite(call, result, String(state.getCluster(cid).location));
  }

  function listPools(call: ArmCall): void {
    send(call.res, 200, { value: state.listPools(clusterOf(call)) });
  }

  function getCluster(call: ArmCall): void {
    const id = clusterOf(call);
    const cluster = state.getCluster(id);
    send(call.res, 200, cluster, { etag: String(cluster.eTag) });
  }

  async function putCluster(call: ArmCall): Promise<void> {
    const body = await readJsonObject(call.req);
    call.log.body = loggable(body);
    const result = state.putCluster(clusterOf(call), body, call.ifMatch, call.ifNoneMatch, lroPolls);
    answerWrite(call, result, String(result.body.location));
  }

  function listClustersInGroup(call: ArmCall): void {
    const [sub, rg] = call.params;
    send(call.res, 200, { value: state.listClusters(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters`) });
  }

  function listClustersInSubscription(call: ArmCall): void {
    const sub = (call.params[0] as string).toLowerCase();
    send(call.res, 200, { value: [...state.clusters.values()].filter((c) => String(c.id).toLowerCase().startsWith(`/subscriptions/${sub}/`)).map((c) => publicView(c)) });
  }

  const vnetOf = (call: ArmCall): string => vnetId(call.params[0] as string, call.params[1] as string, call.params[2] as string);

  function getVnet(call: ArmCall): void {
    const vnet = state.getVnet(vnetOf(call));
    send(call.res, 200, vnet, { etag: String(vnet.etag) });
  }

  function listVnets(call: ArmCall): void {
    const [sub, rg] = call.params;
    send(call.res, 200, { value: state.listVnets(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks`) });
  }

  function getSubnet(call: ArmCall): void {
    send(call.res, 200, state.getSubnet(vnetOf(call), call.params[3] as string));
  }

  async function putVnet(call: ArmCall): Promise<void> {
    const body = await readJsonObject(call.req);
    call.log.body = loggable(body);
    const result = state.putVnet(vnetOf(call), body);
    send(call.res, result.created ? 201 : 200, result.body, { etag: String(result.body.etag) });
  }

  function listSubscriptions(call: ArmCall): void {
    const value = state.directory.listSubscriptions();
    send(call.res, 200, { value, count: { type: "Total", value: value.length } });
  }

  /** The regions a subscription can use (ARM: Microsoft.Resources, subscriptions/{id}/locations). */
  function listLocations(call: ArmCall): void {
    const sub = call.params[0] as string;
    const value = AZURE_REGIONS.map((name) => ({ id: `/subscriptions/${sub}/locations/${name}`, name, type: "Region", regionalDisplayName: name, metadata: { regionType: "Physical" } }));
    send(call.res, 200, { value });
  }

  function getResourceGroup(call: ArmCall): void {
    send(call.res, 200, state.directory.getResourceGroup(call.params[0] as string, call.params[1] as string));
  }

  async function putResourceGroup(call: ArmCall): Promise<void> {
    const body = await readJsonObject(call.req);
    call.log.body = loggable(body);
    const result = state.directory.putResourceGroup(call.params[0] as string, call.params[1] as string, body);
    send(call.res, result.created ? 201 : 200, result.body);
  }

  function listResourceGroups(call: ArmCall): void {
    send(call.res, 200, { value: state.directory.listResourceGroups(call.params[0] as string) });
  }

  function getIdentity(call: ArmCall): void {
    const [sub, rg, name] = call.params as [string, string, string];
    state.directory.requireGroupOf(`/subscriptions/${sub}/resourceGroups/${rg}`);
    send(call.res, 200, state.directory.getIdentity(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`));
  }

  function listIdentities(call: ArmCall): void {
    const [sub, rg] = call.params as [string, string];
    state.directory.requireGroupOf(`/subscriptions/${sub}/resourceGroups/${rg}`);
    send(call.res, 200, { value: state.directory.listIdentities(sub, rg) });
  }

  function getRoleAssignment(call: ArmCall): void {
    send(call.res, 200, state.directory.getRoleAssignment(call.params[0] as string, call.params[1] as string));
  }

  async function putRoleAssignment(call: ArmCall): Promise<void> {
    const body = await readJsonObject(call.req);
    call.log.body = loggable(body);
    const result = state.directory.putRoleAssignment(call.params[0] as string, call.params[1] as string, body);
    send(call.res, result.created ? 201 : 200, result.body);
  }

  function listRoleAssignments(call: ArmCall): void {
    const filter = new URL(call.req.url ?? "/", "http://emulator").searchParams.get("$filter");
    send(call.res, 200, { value: state.directory.listRoleAssignments(call.params[0] as string, filter) });
  }

  /**
   * Azure Resource Graph (resourceGraph.ts): the quota first (every query counts, refused ones
   * too), then the request and the query. The quota headers go out on every answer, errors included.
   */
  async function queryResourceGraph(call: ArmCall): Promise<void> {
    const taken = quota.take(call.req.headers.authorization ?? "");
    const headers = { "x-ms-user-quota-remaining": String(taken.remaining), "x-ms-user-quota-resets-after": quotaDuration(taken.resetsAfterMs) };
    try {
      if (!taken.allowed) {
        // ARG's throttling answer (Azure/azure-cli-extensions#3325).
        throw resourceGraphError(
          429,
          "RateLimiting",
          `more than ${quota.quota} queries in ${quota.windowMs} ms`,
          [{ code: "RateLimiting", message: "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help." }],
          clock(),
        );
      }
      const body = await readJsonObject(call.req);
      call.log.body = structuredClone(body);
      const request = checkResourceGraphRequest(body, call.apiVersion, clock());
      const answer = JSON.stringify(graph.query(request));
      const size = Buffer.byteLength(answer);
      if (size > RESOURCE_GRAPH_PAYLOAD_LIMIT) {
        // ARG's answer to a page too big to send (seen in the field: microsoft/ARI#199).
        const message = `Response payload size is ${size}, and has exceeded the limit of ${RESOURCE_GRAPH_PAYLOAD_LIMIT}. Please consider querying less data at a time and make paginated call if needed.`;
        throw resourceGraphError(400, "BadRequest", message, [{ code: "ResponsePayloadTooLarge", message }], clock());
      }
      call.res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": size, "x-ms-request-id": crypto.randomUUID(), ...headers });
      call.res.end(answer);
    } catch (error) {
      if (error instanceof ArmHttpError) {
        Object.assign(error.headers, headers);
        if (error.status === 429) error.headers["retry-after"] = String(Math.max(1, Math.ceil(taken.resetsAfterMs / 1000)));
      }
      throw error;
    }
  }

  const managementGroup = (): Json => ({
    id: `/providers/Microsoft.Management/managementGroups/${MANAGEMENT_GROUP}`,
    type: "Microsoft.Management/managementGroups",
    name: MANAGEMENT_GROUP,
    properties: {
      tenantId: EMULATOR_TENANT,
      displayName: "Demo management group (every emulated subscription)",
      children: state.directory.listSubscriptions().map((s) => ({ id: s.id, type: "/subscriptions", name: s.subscriptionId, displayName: s.displayName })),
    },
  });

  function listManagementGroups(call: ArmCall): void {
    const { children: _children, ...properties } = managementGroup().properties as Json;
    send(call.res, 200, { value: [{ ...managementGroup(), properties }] });
  }

  function getManagementGroup(call: ArmCall): void {
    if ((call.params[0] as string).toLowerCase() !== MANAGEMENT_GROUP) {
      throw new ArmHttpError(404, "NotFound", `The management group '${call.params[0] as string}' was not found: the emulator has one, '${MANAGEMENT_GROUP}'.`);
    }
    send(call.res, 200, managementGroup());
  }

  const routes: Route[] = [
    { pattern: ROUTES.resourceGraph, method: "POST", handle: queryResourceGraph },
    { pattern: ROUTES.managementGroups, method: "GET", handle: listManagementGroups },
    { pattern: ROUTES.managementGroup, method: "GET", handle: getManagementGroup },
    { pattern: ROUTES.operation, method: "GET", handle: getOperation },
    { pattern: ROUTES.pool, method: "GET", handle: getPool },
    { pattern: ROUTES.pool, method: "PUT", handle: putPool },
    { pattern: ROUTES.pools, method: "GET", handle: listPools },
    { pattern: ROUTES.cluster, method: "GET", handle: getCluster },
    { pattern: ROUTES.cluster, method: "PUT", handle: putCluster },
    { pattern: ROUTES.clustersInGroup, method: "GET", handle: listClustersInGroup },
    { pattern: ROUTES.clustersInSubscription, method: "GET", handle: listClustersInSubscription },
    { pattern: ROUTES.vnet, method: "GET", handle: getVnet },
    { pattern: ROUTES.vnets, method: "GET", handle: listVnets },
    { pattern: ROUTES.vnet, method: "PUT", handle: putVnet },
    { pattern: ROUTES.subnet, method: "GET", handle: getSubnet },
    { pattern: ROUTES.subscriptions, method: "GET", handle: listSubscriptions },
    { pattern: ROUTES.locations, method: "GET", handle: listLocations },
    { pattern: ROUTES.resourceGroup, method: "GET", handle: getResourceGroup },
    { pattern: ROUTES.resourceGroup, method: "PUT", handle: putResourceGroup },
    { pattern: ROUTES.resourceGroups, method: "GET", handle: listResourceGroups },
    { pattern: ROUTES.identity, method: "GET", handle: getIdentity },
    { pattern: ROUTES.identities, method: "GET", handle: listIdentities },
    { pattern: ROUTES.roleAssignment, method: "GET", handle: getRoleAssignment },
    { pattern: ROUTES.roleAssignment, method: "PUT", handle: putRoleAssignment },
    { pattern: ROUTES.roleAssignments, method: "GET", handle: listRoleAssignments },
  ];

  /** The handler for a path and method: 405 for a path it serves with another method, 404 for one it does not serve. */
  function route(method: string, path: string): { handle: Route["handle"]; params: string[] } {
    for (const r of routes) {
      const m = r.method === method ? r.pattern.exec(path) : null;
      if (m) return { handle: r.handle, params: m.slice(1) };
    }
    if (routes.some((r) => r.pattern.test(path))) throw new ArmHttpError(405, "MethodNotAllowed", `The emulator does not support ${method} on ${path}.`);
    throw new ArmHttpError(404, "InvalidResourceType", `The emulator does not serve ${path}.`);
  }

  /** An ARM request: authentication first (as ARM: no fault answers a caller without a token), injected faults, the api-version, and the resource's handler. */
  async function handleArm(req: IncomingMessage, res: ServerResponse, log: RequestLogEntry, method: string, path: string, query: URLSearchParams): Promise<void> {
    authenticate(req);
    if (await injectFault(req, method, path, log)) return;
    const apiVersion = checkApiVersion(query, ANY_VERSION_PATH.test(path) ? ANY_DATE : RESOURCE_GRAPH_PATH.test(path) ? RESOURCE_GRAPH_SINCE : undefined);
    // A subscription the caller cannot see: everything under it is 404 SubscriptionNotFound, as in ARM.
    const sub = SUBSCRIPTION_PATH.exec(path)?.[1];
    if (sub !== undefined && !state.directory.hasSubscription(decodeURIComponent(sub))) {
      throw new ArmHttpError(404, "SubscriptionNotFound", `The subscription '${decodeURIComponent(sub)}' could not be found.`);
    }
    const { handle, params } = route(method, path);
    await handle({
      req,
      res,
      log,
      method,
      path,
      params,
      apiVersion,
      ifMatch: req.headers["if-match"] as string | undefined,
      ifNoneMatch: req.headers["if-none-match"] as string | undefined,
    });
  }

  /** /_emulator/*: the request log and the fault table (local-only: no authentication, not logged; see the file header). */
  async function handleControl(method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkLocalCaller(req);
    if (method === "POST" && !isJson(req.headers["content-type"])) {
      throw new ArmHttpError(415, "UnsupportedMediaType", `POST ${path} takes content-type: application/json.`);
    }
    if (path === "/_emulator/requests" && method === "GET") return send(res, 200, requests);
    if (path === "/_emulator/requests" && method === "DELETE") {
      requests.length = 0;
      return send(res, 204, undefined);
    }
    if (path === "/_emulator/faults" && method === "GET") return send(res, 200, faults.pending());
    if (path === "/_emulator/faults" && method === "DELETE") {
      faults.clear();
      return send(res, 204, undefined);
    }
    if (path === "/_emulator/faults" && method === "POST") {
      try {
        const added = checkFaults(parseJson(await readBody(req)));
        faults.add(added);
        return send(res, 200, faults.pending());
      } catch (error) {
        if (error instanceof FaultError) throw new ArmHttpError(400, "InvalidFault", error.message);
        throw error;
      }
    }
    throw new ArmHttpError(404, "NotFound", `No emulator control endpoint ${method} ${path}.`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, log: RequestLogEntry): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const method = (req.method ?? "GET").toUpperCase();
    endAbandoned();
    if (path.startsWith("/_emulator/")) return handleControl(method, path, req, res);
    return handleArm(req, res, log, method, path, url.searchParams);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const log: RequestLogEntry = {
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      ifMatch: (req.headers["if-match"] as string | undefined) ?? null,
      ifNoneMatch: (req.headers["if-none-match"] as string | undefined) ?? null,
      authorization: req.headers.authorization !== undefined,
      time: new Date().toISOString(),
    };
    const control = url.pathname.startsWith("/_emulator/");
    if (!control) requests.push(log);
    res.on("finish", () => (log.status = res.statusCode));
    handle(req, res, log).catch((error: unknown) => {
      if (res.headersSent || req.socket.destroyed) return;
      if (error instanceof ArmHttpError) return send(res, error.status, error.body(), error.headers);
      send(res, 500, { error: { code: "InternalServerError", message: `Emulator bug: ${(error as Error).message}` } });
    });
  });
  // Azure's front ends keep an idle connection for minutes (its load balancers' idle timeout is 4
  // minutes); Node's 5 s default closed the SDK's kept-alive socket during a Retry-After wait, and
  // the retry that reused it failed with ECONNRESET.
  server.keepAliveTimeout = 240_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  return {
    url: origin,
    state,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) cancel(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
