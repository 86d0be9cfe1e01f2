/**
 * The local ARM emulator: the ARM wire protocol for the resources aks-overlay uses, served on
 * loopback, with eTags, async operations, the RP's network refusals, fault injection and a
 * request log. Any ARM client can drive it, not only ours.
 */
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Fault, FaultError, FaultTable, checkFaults } from "./faults.js";
import { stripSecrets } from "../plan/plan.js";
import { ArmHttpError, type Json, clusterId, vnetId } from "./resources.js";
import { type Scenario, demoScenario } from "./scenarios.js";
import { EmulatorState, type Operation } from "./state.js";

export interface EmulatorOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  scenario?: Scenario;
  faults?: Fault[];
  /** Polls an operation answers InProgress before it ends (default 2). */
  lroPolls?: number;
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
};

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

function checkApiVersion(query: URLSearchParams): string {
  const version = query.get("api-version");
  if (!version) throw new ArmHttpError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
  const m = API_VERSION.exec(version);
  if (!m || `${m[1]}-${m[2]}-${m[3]}` < "2022-01-01") {
    throw new ArmHttpError(400, "InvalidApiVersionParameter", `The api-version '${version}' is invalid. The supported versions are YYYY-MM-DD or YYYY-MM-DD-preview from 2022-01-01 on.`);
  }
  return version;
}

/** A PUT body for the request log: write-only secrets are not kept. */
function loggable(body: unknown): unknown {
  const copy = structuredClone(body) as { properties?: unknown };
  if (copy && typeof copy === "object" && copy.properties) copy.properties = stripSecrets(copy.properties);
  return copy;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = new EmulatorState(options.scenario ?? demoScenario());
  const faults = new FaultTable();
  faults.add(options.faults ?? []);
  const requests: RequestLogEntry[] = [];
  const lroPolls = options.lroPolls ?? 2;
  let origin = "";

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), "x-ms-request-id": crypto.randomUUID(), ...headers });
    res.end(text);
  };

  const operationUrl = (sub: string, location: string, op: Operation, apiVersion: string): string =>
    `${origin}/subscriptions/${sub}/providers/Microsoft.ContainerService/locations/${location}/operations/${op.id}?api-version=${encodeURIComponent(apiVersion)}`;

  async function handle(req: IncomingMessage, res: ServerResponse, log: RequestLogEntry): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const method = (req.method ?? "GET").toUpperCase();

    if (path.startsWith("/_emulator/")) return handleControl(method, path, req, res);

    const fault = faults.take(method, path, (f) => f.operationStatus === undefined);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop) {
      log.status = 0;
      req.socket.destroy();
      return;
    }
    if (fault?.status) {
      const code = fault.armCode ?? DEFAULT_FAULT_CODES[fault.status] ?? (fault.status >= 500 ? "InternalServerError" : "BadRequest");
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {};
      throw new ArmHttpError(fault.status, code, fault.message ?? `Injected fault: HTTP ${fault.status}.`, undefined, headers);
    }
    if (!req.headers.authorization) {
      throw new ArmHttpError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
    }
    const apiVersion = checkApiVersion(url.searchParams);
    const ifMatch = req.headers["if-match"] as string | undefined;
    const ifNoneMatch = req.headers["if-none-match"] as string | undefined;
    let m: RegExpExecArray | null;

    if ((m = ROUTES.operation.exec(path)) && method === "GET") {
      const opId = m[3] as string;
      const opFault = faults.take(method, path, (f) => f.operationStatus !== undefined);
      const known = state.operations.get(opId);
      if (opFault?.operationStatus && known) state.failOperation(known, opFault.operationStatus, opFault.armCode, opFault.message);
      const op = state.poll(opId);
      return send(res, 200, {
        id: `/subscriptions/${m[1]}/providers/Microsoft.ContainerService/locations/${m[2]}/operations/${op.id}`,
        name: op.id,
        status: op.status,
        startTime: op.startTime,
        ...(op.endTime && { endTime: op.endTime }),
        ...(op.error && (op.status === "Failed" || op.status === "Canceled") && { error: op.error }),
      });
    }
    if ((m = ROUTES.pool.exec(path))) {
      const cid = clusterId(m[1] as string, m[2] as string, m[3] as string);
      if (method === "GET") {
        state.advance(cid);
        const pool = state.getPool(cid, m[4] as string);
        return send(res, 200, pool, { etag: String((pool.properties as Json).eTag) });
      }
      if (method === "PUT") {
        const body = parseJson(await readBody(req));
        if (body === null || typeof body !== "object" || Array.isArray(body)) throw new ArmHttpError(400, "InvalidRequestContent", "The request content must be a JSON object.");
        log.body = loggable(body);
        const result = state.putPool(cid, m[4] as string, body as Json, ifMatch, ifNoneMatch, lroPolls);
        const opFault = faults.take(method, path, (f) => f.operationStatus !== undefined);
        if (opFault?.operationStatus) state.failOperation(result.operation, opFault.operationStatus, opFault.armCode, opFault.message);
        state.settle(result.operation);
        const location = String(state.getCluster(cid).location);
        return send(res, result.created ? 201 : 200, result.body, { "azure-asyncoperation": operationUrl(m[1] as string, location, result.operation, apiVersion) });
      }
    }
    if ((m = ROUTES.pools.exec(path)) && method === "GET") {
      return send(res, 200, { value: state.listPools(clusterId(m[1] as string, m[2] as string, m[3] as string)) });
    }
    if ((m = ROUTES.cluster.exec(path))) {
      const id = clusterId(m[1] as string, m[2] as string, m[3] as string);
      if (method === "GET") {
        state.advance(id);
        const cluster = state.getCluster(id);
        return send(res, 200, cluster, { etag: String(cluster.eTag) });
      }
      if (method === "PUT") {
        const body = parseJson(await readBody(req));
        if (body === null || typeof body !== "object" || Array.isArray(body)) throw new ArmHttpError(400, "InvalidRequestContent", "The request content must be a JSON object.");
        log.body = loggable(body);
        const result = state.putCluster(id, body as Json, ifMatch, ifNoneMatch, lroPolls);
        const opFault = faults.take(method, path, (f) => f.operationStatus !== undefined);
        if (opFault?.operationStatus) state.failOperation(result.operation, opFault.operationStatus, opFault.armCode, opFault.message);
        state.settle(result.operation);
        return send(res, result.created ? 201 : 200, result.body, { "azure-asyncoperation": operationUrl(m[1] as string, String(result.body.location), result.operation, apiVersion) });
      }
    }
    if ((m = ROUTES.clustersInGroup.exec(path)) && method === "GET") {
      return send(res, 200, { value: state.listClusters(`/subscriptions/${m[1]}/resourceGroups/${m[2]}/providers/Microsoft.ContainerService/managedClusters`) });
    }
    if ((m = ROUTES.clustersInSubscription.exec(path)) && method === "GET") {
      const sub = (m[1] as string).toLowerCase();
      return send(res, 200, { value: [...state.clusters.values()].filter((c) => String(c.id).toLowerCase().startsWith(`/subscriptions/${sub}/`)).map((c) => structuredClone(c)) });
    }
    if ((m = ROUTES.vnet.exec(path)) && method === "GET") {
      const vnet = state.getVnet(vnetId(m[1] as string, m[2] as string, m[3] as string));
      return send(res, 200, vnet, { etag: String(vnet.etag) });
    }
    if ((m = ROUTES.vnets.exec(path)) && method === "GET") {
      const prefix = `/subscriptions/${m[1]}/resourceGroups/${m[2]}/providers/Microsoft.Network/virtualNetworks/`.toLowerCase();
      return send(res, 200, { value: [...state.vnets.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => structuredClone(v)) });
    }
    if ((m = ROUTES.subnet.exec(path)) && method === "GET") {
      return send(res, 200, state.getSubnet(vnetId(m[1] as string, m[2] as string, m[3] as string), m[4] as string));
    }
    const known = Object.values(ROUTES).some((r) => r.test(path));
    if (known) throw new ArmHttpError(405, "MethodNotAllowed", `The emulator does not support ${method} on ${path}.`);
    throw new ArmHttpError(404, "InvalidResourceType", `The emulator does not serve ${path}.`);
  }

  async function handleControl(method: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
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
  server.keepAliveTimeout = 5000;

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
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
