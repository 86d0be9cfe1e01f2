/**
 * The `fleet[:N]` scenario: N managed clusters (default 1,000) across ceil(N/40) subscriptions, every
 * one with its VNet (or AKS's managed VNet in its node resource group), generated deterministically:
 * the same N always gives the same resources, byte for byte, and the first N clusters of a larger
 * fleet are the clusters of the smaller one.
 *
 * Cluster i (0-based) lives in subscription floor(i / 40) (fleetSubscriptionId), resource group
 * `rg-<team>-<env>`, and is named `aks-<team>-<env>-<i, 5 digits>`. The first FLEET_CASES.length
 * clusters take each case of FLEET_CASES once, in order (so fleet:40 already has every network class
 * and every fleet blocker); later clusters draw a case from a realistic mix. fleetCase(i) says which
 * case cluster i was generated as: a test finds "a kubenet cluster with a custom route table and a
 * system-assigned identity" by its case name. The case says how the cluster is configured, never
 * whether it is ready: that is for the CLI's rules to decide.
 *
 * Every cluster, its pools, VNets and resource groups are ordinary resources of the emulator (GET,
 * PUT with the RP's usual checks). Generation is arithmetic and string building only: 20,000
 * clusters take well under a second.
 */
import { CLUSTER_TYPE, type Json, SUBNET_TYPE, VNET_TYPE, clusterId, vnetId } from "./resources.js";
import { EMULATOR_TENANT, IDENTITY_TYPE, RESOURCE_GROUP_TYPE, stableGuid } from "./directory.js";
import type { Scenario } from "./scenarios.js";
import { MAX_FLEET_CLUSTERS } from "./limits.js";

export const FLEET_DEFAULT_SIZE = 1000;
export const FLEET_CLUSTERS_PER_SUBSCRIPTION = 40;

/** Subscription s (0-based): f1ee7000-0000-4000-8000-000000000001 for s = 0, and so on. */
export function fleetSubscriptionId(s: number): string {
  return `f1ee7000-0000-4000-8000-${String(s + 1).padStart(12, "0")}`;
}

export function fleetSubscriptionName(s: number): string {
  return `fleet-sub-${String(s + 1).padStart(3, "0")}`;
}

type Plugin = "overlay" | "kubenet" | "azure" | "podSubnet" | "none" | "noProfile" | "noPlugin";
type VnetKind = "custom" | "managed" | "shared" | "tight" | "noPrivateSpace";

interface CaseSpec {
  plugin: Plugin;
  vnet: VnetKind;
  policy?: "azure" | "calico" | "cilium";
  dataplane?: "cilium";
  version?: string;
  powerState?: "Stopped";
  provisioningState?: "Failed" | "Updating";
  availabilitySet?: boolean;
  windows?: "docker" | "oldBuild";
  /** A route table on the node subnet, in another resource group (rg-network-routes). */
  routeTable?: boolean;
  identity?: "UserAssigned";
  dualStack?: boolean;
  /** A pool whose autoscaler goes to 150 nodes. */
  bigAutoscaler?: boolean;
  /** Weight in the mix drawn for clusters past the first FLEET_CASES.length. */
  weight: number;
}

/** The cases, in the order the first clusters take them. Names say the configuration, not a verdict. */
const CASES = {
  "overlay": { plugin: "overlay", vnet: "custom", weight: 16 },
  "overlay-managed-vnet": { plugin: "overlay", vnet: "managed", weight: 5 },
  "overlay-shared-vnet": { plugin: "overlay", vnet: "shared", weight: 6 },
  "overlay-cilium": { plugin: "overlay", vnet: "custom", dataplane: "cilium", policy: "cilium", weight: 4 },
  "overlay-dual-stack": { plugin: "overlay", vnet: "custom", dualStack: true, weight: 1 },
  "kubenet": { plugin: "kubenet", vnet: "custom", weight: 8 },
  "kubenet-managed-vnet": { plugin: "kubenet", vnet: "managed", weight: 10 },
  "kubenet-route-table-user-identity": { plugin: "kubenet", vnet: "custom", routeTable: true, identity: "UserAssigned", weight: 3 },
  "kubenet-route-table-system-identity": { plugin: "kubenet", vnet: "custom", routeTable: true, weight: 4 },
  "kubenet-dual-stack": { plugin: "kubenet", vnet: "custom", dualStack: true, weight: 1 },
  "kubenet-k8s-1.26": { plugin: "kubenet", vnet: "managed", version: "1.26.10", weight: 2 },
  "kubenet-calico": { plugin: "kubenet", vnet: "custom", policy: "calico", weight: 2 },
  "kubenet-stopped": { plugin: "kubenet", vnet: "managed", powerState: "Stopped", weight: 1 },
  "kubenet-big-autoscaler": { plugin: "kubenet", vnet: "custom", bigAutoscaler: true, weight: 1 },
  "azure-legacy": { plugin: "azure", vnet: "custom", weight: 12 },
  "azure-legacy-managed-vnet": { plugin: "azure", vnet: "managed", weight: 4 },
  "azure-legacy-tight-vnet": { plugin: "azure", vnet: "tight", weight: 2 },
  "azure-legacy-no-private-space": { plugin: "azure", vnet: "noPrivateSpace", weight: 1 },
  "azure-legacy-policy-azure": { plugin: "azure", vnet: "custom", policy: "azure", weight: 3 },
  "azure-legacy-policy-calico": { plugin: "azure", vnet: "custom", policy: "calico", weight: 2 },
  "azure-legacy-availability-set": { plugin: "azure", vnet: "custom", availabilitySet: true, weight: 1 },
  "azure-legacy-windows-docker": { plugin: "azure", vnet: "custom", windows: "docker", weight: 1 },
  "azure-legacy-windows-old-build": { plugin: "azure", vnet: "custom", windows: "oldBuild", weight: 1 },
  "azure-legacy-failed": { plugin: "azure", vnet: "custom", provisioningState: "Failed", weight: 1 },
  "azure-legacy-updating": { plugin: "azure", vnet: "custom", provisioningState: "Updating", weight: 1 },
  "azure-legacy-k8s-1.25": { plugin: "azure", vnet: "custom", version: "1.25.15", weight: 1 },
  "pod-subnet": { plugin: "podSubnet", vnet: "custom", weight: 3 },
  "byo-cni": { plugin: "none", vnet: "custom", weight: 1 },
  "unknown-no-network-profile": { plugin: "noProfile", vnet: "managed", weight: 1 },
  "unknown-no-network-plugin": { plugin: "noPlugin", vnet: "managed", weight: 1 },
  "kubenet-k8s-1.26-calico-stopped": { plugin: "kubenet", vnet: "custom", version: "1.26.6", policy: "calico", powerState: "Stopped", weight: 1 },
} satisfies Record<string, CaseSpec>;

export type FleetCaseName = keyof typeof CASES;
export const FLEET_CASES = Object.keys(CASES) as FleetCaseName[];

const TOTAL_WEIGHT = FLEET_CASES.reduce((n, c) => n + CASES[c].weight, 0);

/** A small deterministic generator (mulberry32) per cluster, so cluster i never depends on N. */
function random(seed: number): () => number {
  let a = (seed * 2654435761 + 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The case cluster i was generated as. */
export function fleetCase(i: number): FleetCaseName {
  if (i < FLEET_CASES.length) return FLEET_CASES[i] as FleetCaseName;
  let r = random(i ^ 0x5eed)() * TOTAL_WEIGHT;
  for (const c of FLEET_CASES) {
    r -= CASES[c].weight;
    if (r < 0) return c;
  }
  return "overlay";
}

const TEAMS = ["payments", "search", "identity", "data", "platform", "checkout", "ml", "web"] as const;
const ENVS = ["prod", "dev", "test"] as const;
const LOCATIONS = ["eastus", "westeurope", "eastus2", "northeurope", "westus2", "southeastasia"] as const;
const VERSIONS = ["1.29.9", "1.30.5", "1.30.7", "1.31.2", "1.31.4", "1.32.0"] as const;
const VM_SIZES = ["Standard_D4s_v5", "Standard_D8s_v5", "Standard_D16s_v5", "Standard_E8s_v5", "Standard_D4as_v5"] as const;
const SURGES = ["10%", "33%", "1", "10%"] as const;
const HUB_PREFIX = "10.250.0.0/16";
const SHARED_172 = ["172.16.0.0/13", "172.24.0.0/14", "172.28.0.0/15"];

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
const between = (rnd: () => number, min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));

/** Where cluster i is: its subscription, group, name and region, without generating anything else. */
export function fleetClusterPlace(i: number): { subscriptionId: string; resourceGroup: string; name: string; location: string; id: string } {
  const rnd = random(i);
  const team = pick(rnd, TEAMS);
  const env = pick(rnd, ENVS);
  const location = pick(rnd, LOCATIONS);
  const subscriptionId = fleetSubscriptionId(Math.floor(i / FLEET_CLUSTERS_PER_SUBSCRIPTION));
  const resourceGroup = `rg-${team}-${env}`;
  const name = `aks-${team}-${env}-${String(i).padStart(5, "0")}`;
  return { subscriptionId, resourceGroup, name, location, id: clusterId(subscriptionId, resourceGroup, name) };
}

export function fleetClusterId(i: number): string {
  return fleetClusterPlace(i).id;
}

/** IPv4 helpers on numbers (no parsing: the generator only builds addresses it chose). */
const ipv4 = (n: number): string => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
const net = (a: number, b: number): number => ((10 << 24) | (a << 16) | (b << 8)) >>> 0;

/** Hands out aligned blocks of a /16 (offsets 0..65535 from `base`). */
class Allocator {
  private next = 0;
  constructor(private readonly base: number) {}
  /** The smallest block holding `addresses` usable addresses (Azure keeps 5), at least a /28; undefined when the /16 is full. */
  take(addresses: number): { cidr: string; prefix: number } | undefined {
    let prefix = 28;
    while (prefix > 16 && 2 ** (32 - prefix) - 5 < addresses) prefix--;
    const size = 2 ** (32 - prefix);
    const start = Math.ceil(this.next / size) * size;
    if (start + size > 65536 || 2 ** (32 - prefix) - 5 < addresses) return undefined;
    this.next = start + size;
    return { cidr: `${ipv4((this.base + start) >>> 0)}/${prefix}`, prefix };
  }
}

interface PoolPlan {
  name: string;
  mode: "System" | "User";
  count: number;
  autoscale?: [number, number];
  maxPods: number;
  vmSize: string;
  surge: string;
  windows?: "docker" | "oldBuild";
  dedicatedSubnet: boolean;
}

const nodesAtFullScale = (p: PoolPlan): number => (p.autoscale ? p.autoscale[1] : p.count);
function surgeOf(p: PoolPlan): number {
  const n = nodesAtFullScale(p);
  return p.surge.endsWith("%") ? Math.ceil((n * Number(p.surge.slice(0, -1))) / 100) : Number(p.surge);
}

function planPools(rnd: () => number, spec: CaseSpec): PoolPlan[] {
  const legacy = spec.plugin === "azure" || spec.plugin === "podSubnet";
  const maxPods = spec.plugin === "overlay" ? pick(rnd, [110, 250, 250]) : legacy ? pick(rnd, [30, 30, 50]) : 110;
  if (spec.availabilitySet) return [{ name: "agentpool", mode: "System", count: between(rnd, 2, 5), maxPods, vmSize: "Standard_D4s_v3", surge: "1", dedicatedSubnet: false }];
  const pools: PoolPlan[] = [{ name: "system", mode: "System", count: between(rnd, 2, 5), maxPods, vmSize: pick(rnd, VM_SIZES), surge: pick(rnd, SURGES), dedicatedSubnet: false }];
  const extra = pick(rnd, [0, 1, 1, 2, 2, 3, 4]);
  for (let k = 1; k <= extra; k++) {
    const autoscale = rnd() < 0.45;
    const max = rnd() < 0.08 ? between(rnd, 100, 120) : between(rnd, 5, 30);
    const min = between(rnd, 1, 3);
    pools.push({
      name: `user${k}`,
      mode: "User",
      count: autoscale ? between(rnd, min, Math.min(max, min + 5)) : between(rnd, 1, 10),
      ...(autoscale && { autoscale: [min, max] as [number, number] }),
      maxPods,
      vmSize: pick(rnd, VM_SIZES),
      surge: pick(rnd, SURGES),
      dedicatedSubnet: rnd() < 0.3,
    });
  }
  if (spec.bigAutoscaler) pools.push({ name: "batch", mode: "User", count: 10, autoscale: [3, 150], maxPods, vmSize: "Standard_D16s_v5", surge: "10%", dedicatedSubnet: true });
  if (spec.windows) pools.push({ name: "win1", mode: "User", count: between(rnd, 1, 4), maxPods: 30, vmSize: "Standard_D4s_v5", surge: "1", windows: spec.windows, dedicatedSubnet: false });
  return pools;
}

/** The generated resources, gathered as they are made. */
class FleetBuilder {
  readonly clusters: Json[] = [];
  readonly vnets: Json[] = [];
  readonly groups = new Map<string, Json>();
  readonly identities: Json[] = [];
  /** Per subscription: the hub VNet's peerings, and the shared VNets by region. */
  private readonly byId = new Map<string, Json>();
  private readonly shared = new Map<string, { vnet: Json; allocator: Allocator }>();

  group(sub: string, rg: string, location: string, managedBy?: string): void {
    const id = `/subscriptions/${sub}/resourceGroups/${rg}`;
    const k = id.toLowerCase();
    if (!this.groups.has(k)) this.groups.set(k, { id, name: rg, type: RESOURCE_GROUP_TYPE, location, ...(managedBy && { managedBy }), properties: { provisioningState: "Succeeded" } });
  }

  vnet(sub: string, rg: string, name: string, location: string, prefixes: string[]): Json {
    this.group(sub, rg, location);
    const v: Json = {
      id: vnetId(sub, rg, name),
      name,
      type: VNET_TYPE,
      location,
      etag: `W/"${name}-1"`,
      tags: {},
      properties: { provisioningState: "Succeeded", resourceGuid: stableGuid(`${sub}/${rg}/${name}`), addressSpace: { addressPrefixes: prefixes }, subnets: [] as Json[], virtualNetworkPeerings: [] as Json[], enableDdosProtection: false },
    };
    this.vnets.push(v);
    this.byId.set(String(v.id), v);
    return v;
  }

  subnet(vnet: Json, name: string, prefixes: string[], routeTableId?: string): string {
    const id = `${String(vnet.id)}/subnets/${name}`;
    const props: Json = { provisioningState: "Succeeded", ...(prefixes.length === 1 ? { addressPrefix: prefixes[0] } : { addressPrefixes: prefixes }), privateEndpointNetworkPolicies: "Disabled", privateLinkServiceNetworkPolicies: "Enabled" };
    if (routeTableId) props.routeTable = { id: routeTableId };
    ((vnet.properties as Json).subnets as Json[]).push({ id, name, type: SUBNET_TYPE, etag: vnet.etag, properties: props });
    return id;
  }

  peer(from: Json, to: Json): void {
    const name = `${String(from.name)}-to-${String(to.name)}`;
    ((from.properties as Json).virtualNetworkPeerings as Json[]).push({
      id: `${String(from.id)}/virtualNetworkPeerings/${name}`,
      name,
      type: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
      etag: from.etag,
      properties: {
        provisioningState: "Succeeded",
        peeringState: "Connected",
        peeringSyncLevel: "FullyInSync",
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: false,
        useRemoteGateways: false,
        remoteVirtualNetwork: { id: to.id },
        remoteAddressSpace: { addressPrefixes: ((to.properties as Json).addressSpace as Json).addressPrefixes },
        remoteVirtualNetworkAddressSpace: { addressPrefixes: ((to.properties as Json).addressSpace as Json).addressPrefixes },
      },
    });
  }

  /** The subscription's hub (10.250.0.0/16 in eastus, rg-hub), made on first use. */
  hub(s: number): Json {
    const sub = fleetSubscriptionId(s);
    let hub = this.byId.get(vnetId(sub, "rg-hub", "vnet-hub"));
    if (!hub) {
      hub = this.vnet(sub, "rg-hub", "vnet-hub", "eastus", [HUB_PREFIX]);
      this.subnet(hub, "GatewaySubnet", ["10.250.0.0/27"]);
      this.subnet(hub, "AzureFirewallSubnet", ["10.250.1.0/26"]);
    }
    return hub;
  }

  /** A region's shared application VNet in a subscription (10.201.0.0/16, rg-network): several clusters, one subnet each. */
  sharedVnet(s: number, location: string): { vnet: Json; allocator: Allocator } {
    const k = `${s}/${location}`;
    let entry = this.shared.get(k);
    if (!entry) {
      entry = { vnet: this.vnet(fleetSubscriptionId(s), "rg-network", `vnet-apps-${location}`, location, ["10.201.0.0/16"]), allocator: new Allocator(net(201, 0)) };
      this.shared.set(k, entry);
    }
    return entry;
  }

  /** The peered address spaces that fill the private ranges around a "tight" legacy VNet (rg-network, per region). */
  privateNeighbours(s: number, location: string, all192: boolean): Json[] {
    const sub = fleetSubscriptionId(s);
    const find = (name: string, prefixes: string[]): Json =>
      this.byId.get(vnetId(sub, "rg-network", name)) ??
      ((): Json => {
        const v = this.vnet(sub, "rg-network", name, location, prefixes);
        this.subnet(v, "default", [prefixes[0] as string].map((p) => p.replace(/\/\d+$/, "/24")));
        return v;
      })();
    return [find(`vnet-onprem-172-${location}`, SHARED_172), find(all192 ? `vnet-onprem-192-all-${location}` : `vnet-onprem-192-${location}`, [all192 ? "192.168.0.0/16" : "192.168.0.0/17"])];
  }
}

function clusterBody(i: number, b: FleetBuilder): Json {
  const place = fleetClusterPlace(i);
  const { subscriptionId: sub, resourceGroup: rg, name, location } = place;
  const caseName = fleetCase(i);
  const spec: CaseSpec = CASES[caseName];
  const rnd = random(i * 7919 + 17);
  const s = Math.floor(i / FLEET_CLUSTERS_PER_SUBSCRIPTION);
  const env = rg.split("-")[2] as string;
  const team = rg.split("-")[1] as string;
  const version = spec.version ?? pick(rnd, VERSIONS);
  const nodeRg = `MC_${rg}_${name}_${location}`;
  const id = place.id;
  b.group(sub, rg, "eastus");
  b.group(sub, nodeRg, location, id);
  const pools = planPools(rnd, spec);
  const legacy = spec.plugin === "azure" || spec.plugin === "podSubnet";
  const perNode = (p: PoolPlan): number => (legacy && spec.plugin !== "podSubnet" ? p.maxPods + 1 : 1);
  const need = (p: PoolPlan): number => nodesAtFullScale(p) + surgeOf(p);
  const fullScale = pools.reduce((n, p) => n + need(p), 0);

  // The network: subnets for the pools (custom VNets), or AKS's VNet in the node resource group.
  const subnetOf = new Map<string, string>();
  let podSubnet: string | undefined;
  let serviceCidr = "10.0.0.0/16";
  let dnsServiceIP = "10.0.0.10";
  const octet = 1 + (i % 199);
  const v6 = (k: number): string => `fd00:${octet.toString(16)}:0:${k.toString(16)}::/64`;
  if (spec.vnet === "managed") {
    const digits = String(10_000_000 + ((i * 7_654_321) % 90_000_000));
    const vnet = b.vnet(sub, nodeRg, `aks-vnet-${digits}`, location, ["10.224.0.0/12"]);
    const routeTable = spec.plugin === "kubenet" ? `/subscriptions/${sub}/resourceGroups/${nodeRg}/providers/Microsoft.Network/routeTables/aks-agentpool-${digits}-routetable` : undefined;
    b.subnet(vnet, "aks-subnet", ["10.224.0.0/16"], routeTable);
  } else {
    let allocator: Allocator;
    let vnet: Json;
    const routeTable = spec.routeTable ? `/subscriptions/${sub}/resourceGroups/rg-network-routes/providers/Microsoft.Network/routeTables/rt-${name}` : undefined;
    if (routeTable) b.group(sub, "rg-network-routes", location);
    // A shared VNet gives each cluster one subnet for all its pools, while it has room.
    const all = pools.reduce((n, p) => n + need(p) * perNode(p), 0);
    const sharedEntry = spec.vnet === "shared" ? b.sharedVnet(s, location) : undefined;
    const sharedBlock = sharedEntry?.allocator.take(Math.ceil(all * 1.25) + 8);
    if (sharedEntry && sharedBlock) {
      vnet = sharedEntry.vnet;
      allocator = sharedEntry.allocator;
    } else if (spec.vnet === "tight" || spec.vnet === "noPrivateSpace") {
      vnet = b.vnet(sub, rg, `vnet-${name}`, location, ["10.0.0.0/8"]);
      allocator = new Allocator(net(1, 0));
      for (const other of b.privateNeighbours(s, location, spec.vnet === "noPrivateSpace")) {
        b.peer(vnet, other);
        b.peer(other, vnet);
      }
      [serviceCidr, dnsServiceIP] = spec.vnet === "tight" ? ["192.168.128.0/20", "192.168.128.10"] : ["100.64.0.0/16", "100.64.0.10"];
    } else {
      const prefixes = [`10.${octet}.0.0/16`, ...(spec.dualStack ? [`fd00:${octet.toString(16)}::/48`] : [])];
      vnet = b.vnet(sub, rg, `vnet-${name}`, location, prefixes);
      allocator = new Allocator(net(octet, 0));
      if (rnd() < 0.4) {
        const hub = b.hub(s);
        b.peer(vnet, hub);
        b.peer(hub, vnet);
      }
    }
    const addSubnet = (subnetName: string, addresses: number, k: number): string => {
      const got = allocator.take(Math.ceil(addresses * 1.25) + 8) ?? allocator.take(addresses);
      if (!got) throw new Error(`fleet generator: cluster ${i} does not fit its VNet`);
      return b.subnet(vnet, subnetName, [got.cidr, ...(spec.dualStack ? [v6(k)] : [])], routeTable);
    };
    const inShared = sharedEntry !== undefined && sharedBlock !== undefined;
    const shared = pools.filter((p) => !p.dedicatedSubnet || inShared);
    const nodes = inShared ? b.subnet(vnet, `snet-${name}`, [sharedBlock.cidr], routeTable) : addSubnet("snet-nodes", shared.reduce((n, p) => n + need(p) * perNode(p), 0), 1);
    for (const p of shared) subnetOf.set(p.name, nodes);
    pools.filter((p) => !shared.includes(p)).forEach((p, k) => subnetOf.set(p.name, addSubnet(`snet-${p.name}`, need(p) * perNode(p), k + 2)));
    if (spec.plugin === "podSubnet") podSubnet = addSubnet("snet-pods", pools.reduce((n, p) => n + need(p) * p.maxPods, 0), 9);
  }

  // Pod CIDR (kubenet, overlay): large enough for every node at full scale, /24 each.
  let podCidr = "10.244.0.0/16";
  if (fullScale > 200) podCidr = "10.240.0.0/13";
  else if (spec.plugin === "overlay" && rnd() < 0.2) podCidr = "192.168.0.0/16";
  const network: Json | undefined = ((): Json | undefined => {
    const common = {
      serviceCidr,
      dnsServiceIP,
      serviceCidrs: [serviceCidr],
      outboundType: "loadBalancer",
      loadBalancerSku: spec.availabilitySet ? "basic" : "standard",
      ipFamilies: ["IPv4"],
    };
    const dual = spec.dualStack
      ? { ipFamilies: ["IPv4", "IPv6"], podCidrs: [podCidr, "fd12:3456:789a::/64"], serviceCidrs: [serviceCidr, "fd12:3456:789a:1::/108"] }
      : {};
    switch (spec.plugin) {
      case "overlay":
        return { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: spec.dataplane ?? "azure", ...(spec.policy && { networkPolicy: spec.policy }), podCidr, podCidrs: [podCidr], ...common, ...dual };
      case "kubenet":
        return { networkPlugin: "kubenet", ...(spec.policy && { networkPolicy: spec.policy }), podCidr, podCidrs: [podCidr], ...common, ...dual };
      case "azure":
      case "podSubnet":
        return { networkPlugin: "azure", networkDataplane: "azure", ...(spec.policy && { networkPolicy: spec.policy }), ...common };
      case "none":
        return { networkPlugin: "none", ...common };
      case "noPlugin":
        return { ...common };
      case "noProfile":
        return undefined;
    }
  })();

  const provisioningState = spec.provisioningState ?? "Succeeded";
  const power = spec.powerState ?? "Running";
  const agentPoolProfiles = pools.map((p) => {
    const windows = p.windows !== undefined;
    return {
      name: p.name,
      count: p.count,
      vmSize: p.vmSize,
      osDiskSizeGB: 128,
      osDiskType: "Managed",
      ...(subnetOf.has(p.name) && { vnetSubnetID: subnetOf.get(p.name) }),
      ...(podSubnet && { podSubnetID: podSubnet }),
      maxPods: p.maxPods,
      type: spec.availabilitySet ? "AvailabilitySet" : "VirtualMachineScaleSets",
      enableAutoScaling: p.autoscale !== undefined,
      ...(p.autoscale && { minCount: p.autoscale[0], maxCount: p.autoscale[1] }),
      provisioningState,
      powerState: { code: power },
      orchestratorVersion: version,
      currentOrchestratorVersion: version,
      mode: p.mode,
      osType: windows ? "Windows" : "Linux",
      osSKU: p.windows === "docker" ? "Windows2019" : p.windows === "oldBuild" ? "Windows2022" : "Ubuntu",
      nodeImageVersion:
        p.windows === "docker" ? "AKSWindows-2019-17763.4252.230413" : p.windows === "oldBuild" ? "AKSWindows-2022-containerd-20348.1607.230310" : "AKSUbuntu-2204gen2containerd-202410.09.0",
      upgradeSettings: { maxSurge: p.surge },
      nodeLabels: {},
      eTag: `${name}-${p.name}-etag-1`,
    };
  });

  let identity: Json;
  if (spec.identity === "UserAssigned" || (spec.identity === undefined && rnd() < 0.15)) {
    const idRg = "rg-identities";
    b.group(sub, idRg, location);
    const uaiId = `/subscriptions/${sub}/resourceGroups/${idRg}/providers/${IDENTITY_TYPE}/id-${name}`;
    const principalId = stableGuid(`${uaiId}/principal`);
    const clientId = stableGuid(`${uaiId}/client`);
    b.identities.push({ id: uaiId, name: `id-${name}`, type: IDENTITY_TYPE, location, tags: {}, properties: { tenantId: EMULATOR_TENANT, principalId, clientId } });
    identity = { type: "UserAssigned", userAssignedIdentities: { [uaiId]: { principalId, clientId } } };
  } else identity = { type: "SystemAssigned", principalId: stableGuid(`${id.toLowerCase()}/identity`), tenantId: EMULATOR_TENANT };

  return {
    id,
    name,
    type: CLUSTER_TYPE,
    location,
    tags: { env, team, costCenter: `cc-${1000 + TEAMS.indexOf(team as (typeof TEAMS)[number])}` },
    sku: { name: "Base", tier: env === "prod" ? "Standard" : "Free" },
    identity,
    eTag: `${name}-etag-1`,
    properties: {
      provisioningState,
      powerState: { code: power },
      kubernetesVersion: version,
      currentKubernetesVersion: version,
      dnsPrefix: `${name}-dns`,
      fqdn: `${name}-dns-${String(i).padStart(8, "0")}.hcp.${location}.azmk8s.io`,
      agentPoolProfiles,
      ...(spec.windows && { windowsProfile: { adminUsername: "azureuser", enableCSIProxy: true } }),
      servicePrincipalProfile: { clientId: "msi" },
      nodeResourceGroup: nodeRg,
      enableRBAC: true,
      ...(network && { networkProfile: network }),
      maxAgentPools: 100,
      identityProfile: { kubeletidentity: { resourceId: `/subscriptions/${sub}/resourcegroups/${nodeRg}/providers/${IDENTITY_TYPE}/${name}-agentpool`, clientId: stableGuid(`${id}/kubelet-client`), objectId: stableGuid(`${id}/kubelet-object`) } },
      autoUpgradeProfile: { upgradeChannel: pick(rnd, ["none", "patch", "stable"]), nodeOSUpgradeChannel: "NodeImage" },
      resourceUID: stableGuid(`${id}/uid`),
    },
  };
}

/**
 * The fleet of n clusters, with subscriptions named fleet-sub-001... A fresh object graph every call,
 * handed over to the emulator that loads it (no copy): load each result into one emulator only.
 */
export function fleetScenario(n = FLEET_DEFAULT_SIZE): Scenario {
  if (!Number.isInteger(n) || n < 1 || n > MAX_FLEET_CLUSTERS) throw new RangeError(`fleet size ${n}: expected a whole number of clusters from 1 to ${MAX_FLEET_CLUSTERS}`);
  const b = new FleetBuilder();
  for (let i = 0; i < n; i++) b.clusters.push(clusterBody(i, b));
  const subscriptions = Array.from({ length: Math.ceil(n / FLEET_CLUSTERS_PER_SUBSCRIPTION) }, (_, s) => ({ subscriptionId: fleetSubscriptionId(s), displayName: fleetSubscriptionName(s) }));
  return { virtualNetworks: b.vnets, managedClusters: b.clusters, resourceGroups: [...b.groups.values()], userAssignedIdentities: b.identities, subscriptions, handOver: true };
}
