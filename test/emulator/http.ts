/**
 * Raw-HTTP helpers for the emulator tests: global fetch against 127.0.0.1 only, the ARM paths of
 * the demo scenario, and an operation poller. No SDK: these tests pin the wire protocol itself.
 */
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/server.js";

export const SUB = "00000000-0000-0000-0000-000000000000";
export const RG = "demo-rg";
export const CS_API = "2026-06-01";
export const NET_API = "2026-01-01";

export const clusterPath = (name: string, rg = RG, sub = SUB): string =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
export const poolsPath = (cluster: string, rg = RG): string => `${clusterPath(cluster, rg)}/agentPools`;
export const poolPath = (cluster: string, pool: string, rg = RG): string => `${poolsPath(cluster, rg)}/${pool}`;
export const vnetPath = (name: string, rg = RG, sub = SUB): string => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`;
export const subnetPath = (vnet: string, subnet: string, rg = RG): string => `${vnetPath(vnet, rg)}/subnets/${subnet}`;
/** The id a pool's vnetSubnetID holds for a demo-vnet subnet. */
export const subnetId = (name: string): string => subnetPath("demo-vnet", name);

export interface Res {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: any;
  text: string;
}

export interface CallOptions {
  /** The api-version to send; null sends none. Default: 2026-01-01 on Network paths, else 2026-06-01. */
  apiVersion?: string | null;
  /** Send `authorization: Bearer x` (default true). */
  auth?: boolean;
  headers?: Record<string, string>;
  /** A value to send as JSON, or a string sent as is. */
  body?: unknown;
}

/** Requests against one emulator. `path` is an ARM path, or an absolute URL on the emulator. */
export class Client {
  constructor(readonly emulator: Emulator) {}

  url(path: string, apiVersion: string | null | undefined): string {
    if (path.startsWith("http")) {
      if (!path.startsWith(this.emulator.url)) throw new Error(`refusing to call ${path}: not the emulator`);
      return path;
    }
    const version = apiVersion === undefined ? (/\/providers\/Microsoft\.Network\//i.test(path) ? NET_API : CS_API) : apiVersion;
    return `${this.emulator.url}${path}${version === null ? "" : `?api-version=${encodeURIComponent(version)}`}`;
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<Res> {
    const headers: Record<string, string> = { ...(options.auth === false ? {} : { authorization: "Bearer x" }), ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["content-type"] = "application/json";
    }
    const res = await fetch(this.url(path, options.apiVersion), { method, headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === "" ? undefined : JSON.parse(text), text };
  }

  get(path: string, options: CallOptions = {}): Promise<Res> {
    return this.call("GET", path, options);
  }

  put(path: string, body: unknown, options: CallOptions = {}): Promise<Res> {
    return this.call("PUT", path, { ...options, body });
  }

  /** GET a resource and return its body, failing loudly on anything but 200. */
  async read(path: string): Promise<any> {
    const res = await this.get(path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text}`);
    return res.body;
  }

  /** Polls an Azure-AsyncOperation URL until it leaves InProgress; returns every status seen. */
  async pollToEnd(operationUrl: string, limit = 20): Promise<{ statuses: string[]; last: any }> {
    const statuses: string[] = [];
    for (let i = 0; i < limit; i++) {
      const res = await this.get(operationUrl);
      if (res.status !== 200) throw new Error(`poll: ${res.status} ${res.text}`);
      statuses.push(res.body.status);
      if (res.body.status !== "InProgress") return { statuses, last: res.body };
    }
    throw new Error(`operation still InProgress after ${limit} polls: ${statuses.join(",")}`);
  }

  // The control endpoints (no api-version, no auth).
  control(method: string, path: string, body?: unknown): Promise<Res> {
    return this.call(method, `${this.emulator.url}/_emulator/${path}`, { auth: false, body });
  }
}

/** Starts emulators and closes every one of them in afterEach. */
export function emulators(): { start(options?: EmulatorOptions): Promise<Client>; closeAll(): Promise<void> } {
  const open: Emulator[] = [];
  return {
    async start(options = {}) {
      const emulator = await startEmulator({ port: 0, ...options });
      open.push(emulator);
      const url = new URL(emulator.url);
      if (url.hostname !== "127.0.0.1") throw new Error(`emulator bound ${emulator.url}, expected 127.0.0.1`);
      return new Client(emulator);
    },
    async closeAll() {
      await Promise.all(open.splice(0).map((e) => e.close()));
    },
  };
}

/** A minimal new overlay cluster on demo-vnet/aks-nodes; override the network profile to vary it. */
export function newClusterBody(network: Record<string, unknown> = {}, pools?: Record<string, unknown>[]): any {
  return {
    location: "eastus",
    tags: { env: "test" },
    identity: { type: "SystemAssigned" },
    properties: {
      kubernetesVersion: "1.30.5",
      dnsPrefix: "fresh",
      agentPoolProfiles: pools ?? [{ name: "system", count: 3, vmSize: "Standard_D4s_v5", mode: "System", type: "VirtualMachineScaleSets", osType: "Linux", maxPods: 110, vnetSubnetID: subnetId("aks-nodes") }],
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        podCidr: "192.168.0.0/16",
        serviceCidr: "172.16.0.0/16",
        dnsServiceIP: "172.16.0.10",
        ...network,
      },
    },
  };
}

/** A cluster body with the fields a writer may change stripped of what the RP recomputes, for deep comparison. */
export function withoutWriteStamps(cluster: any): any {
  const copy = structuredClone(cluster);
  copy.eTag = "<etag>";
  copy.properties.provisioningState = "<state>";
  for (const p of copy.properties.agentPoolProfiles ?? []) {
    p.eTag = "<etag>";
    p.provisioningState = "<state>";
  }
  return copy;
}
