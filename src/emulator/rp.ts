/**
 * The AKS resource provider's own judgement of a managed cluster PUT (an agent pool PUT is judged
 * as the cluster it makes): an independent model of Azure, written from what the RP answers users,
 * with its own arithmetic. It shares CIDR parsing with the CLI (`../network/cidr.ts`) and nothing
 * that encodes a rule, so a wrong rule in the CLI shows up as a disagreement instead of agreeing
 * with itself (test/differential/rp-vs-cli.property.test.ts).
 *
 * Like the real RP it knows the VNets the pools' subnets are in, their subnets and what uses them,
 * but not what is peered or connected on premises: catching those is the CLI's job. It answers the
 * first refusal it meets, as ARM does (one error per request).
 *
 * Sources of the codes (each refusal names its own beside it):
 * - [codes] the AKS RP's `package apierror` error-code list (Go; "ErrorCode represents the more
 *   detailed error message"), found in public code with find_string("DnsServiceIpOutOfServiceCidr").
 * - user reports in Azure/AKS, Azure/azure-cli, Azure/AKS-Construction and others, cited one by one.
 */
import { type Cidr, containsAddress, overlaps, parseCidr, parseIp, size } from "../network/cidr.js";
import { ArmHttpError, type Json, key } from "./resources.js";
import { normalizeLocation } from "./regions.js";
import { checkNetworkChange, checkPools } from "./rpChanges.js";

/** The parts of an agent pool profile the RP judges (wire names). */
export interface RpPool {
  name?: string;
  count?: number;
  enableAutoScaling?: boolean;
  minCount?: number;
  maxCount?: number;
  maxPods?: number;
  vnetSubnetID?: string;
  podSubnetID?: string;
  osType?: string;
  upgradeSettings?: { maxSurge?: string; maxUnavailable?: string };
}

export interface RpNetworkProfile {
  networkPlugin?: string;
  networkPluginMode?: string;
  networkPolicy?: string;
  networkDataplane?: string;
  podCidr?: string;
  podCidrs?: string[];
  serviceCidr?: string;
  serviceCidrs?: string[];
  dnsServiceIP?: string;
  ipFamilies?: string[];
}

/** The VNets the RP can read, by lower-cased id (a Map will do), with their subnets' IP configurations. */
export interface VnetLookup {
  get(id: string): Json | undefined;
}

/** A managed cluster's `properties`, as far as the RP's network checks read them. */
export interface RpClusterProperties {
  networkProfile?: RpNetworkProfile;
  agentPoolProfiles?: RpPool[];
  /** Node auto-provisioning: mode "Auto" or "Manual". */
  nodeProvisioningProfile?: { mode?: string };
}

/**
 * Ranges AKS keeps for itself. "AKS clusters can't use 169.254.0.0/16, 172.30.0.0/16,
 * 172.31.0.0/16, or 192.0.2.0/24 for the Kubernetes service address range, pod address range, or
 * cluster virtual network address range" (configure-azure-cni / configure-kubenet prerequisites;
 * MicrosoftDocs/azure-aks-docs#447 reports a 172.30.0.0/16 service CIDR refused with Azure CNI too).
 */
const AKS_RESERVED = ["169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24"].map((c) => mustParse(c));
/** "AKS allows at most 100 node pools per cluster" (AKS quotas page; Azure/AKS#1570, #3579); the cluster's read-only maxAgentPools. */
const MAX_AGENT_POOLS = 100;
/** Overlay: 10 to 250 pods a node (azure-cni-overlay.md, "Maximum pods per node"). */
const OVERLAY_MAX_PODS = { min: 10, max: 250 };
/** Azure keeps five addresses of every subnet (the first four and the last). */
const SUBNET_RESERVED = 5n;
/** Each node takes one /24 of an IPv4 pod CIDR (azure-cni-overlay.md) and one /120 of an IPv6 one (Azure/AKS#5120). */
const NODE_BLOCK_PREFIX = { 4: 24, 6: 120 } as const;
/** What a pool without upgradeSettings.maxSurge surges by (the API's default for new pools). */
const DEFAULT_MAX_SURGE = "10%";
/** The API's default count for an agent pool profile that gives none. */
const DEFAULT_COUNT = 1;
/** Legacy Azure CNI's default maxPods: the pods each node pre-allocates in its subnet. */
const LEGACY_DEFAULT_MAX_PODS = 30;

function mustParse(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`bad constant ${text}`);
  return parsed.value;
}

const refuse = (code: string, message: string, target: string): ArmHttpError => new ArmHttpError(400, code, message, target);

type Mode = "kubenet" | "overlay" | "azure" | "podSubnet" | "none" | "other";

function modeOf(props: RpClusterProperties): Mode {
  const plugin = props.networkProfile?.networkPlugin?.toLowerCase();
  if (plugin === "kubenet") return "kubenet";
  if (plugin === "none") return "none";
  if (plugin !== "azure") return "other";
  if (props.networkProfile?.networkPluginMode?.toLowerCase() === "overlay") return "overlay";
  return (props.agentPoolProfiles ?? []).some((p) => p.podSubnetID) ? "podSubnet" : "azure";
}

function listOf(list: string[] | undefined, single: string | undefined): string[] {
  if (list && list.length > 0) return list;
  return single ? [single] : [];
}

/** Nodes a pool may reach: maxCount with the autoscaler on, else count. */
function nodesAtFullScale(pool: RpPool): number {
  if (pool.enableAutoScaling && pool.maxCount !== undefined) return Math.max(0, pool.maxCount);
  return Math.max(0, pool.count ?? DEFAULT_COUNT);
}

/** Surge nodes an upgrade adds: a number, or a percentage of the nodes rounded up. Unreadable text adds none. */
function surgeNodes(pool: RpPool, nodes: number): number {
  const m = /^\s*(\d+)\s*(%?)\s*$/.exec(pool.upgradeSettings?.maxSurge ?? DEFAULT_MAX_SURGE);
  if (!m) return 0;
  const value = Number(m[1]);
  return m[2] ? Math.ceil((nodes * value) / 100) : value;
}

const vnetIdOf = (subnetId: string): string => key(subnetId.replace(/\/subnets\/[^/]+$/i, ""));

function subnetPrefixes(subnet: Json): string[] {
  const p = (subnet.properties ?? {}) as Json;
  const list = (p.addressPrefixes as string[] | undefined) ?? [];
  return typeof p.addressPrefix === "string" ? [p.addressPrefix, ...list.filter((x) => x !== p.addressPrefix)] : list;
}

function parsedAll(texts: readonly string[]): Cidr[] {
  return texts.map((t) => parseCidr(t)).flatMap((r) => (r.ok ? [r.value] : []));
}

interface SubnetView {
  id: string;
  name: string;
  cidrs: Cidr[];
  /** IP configurations the subnet lists (everything using an address in it). */
  ipConfigurations: number;
}

interface VnetView {
  id: string;
  name: string;
  location?: string;
  addressSpace: Cidr[];
  subnets: Map<string, SubnetView>;
}

/** The VNets the pools' subnets are in, as the RP reads them (no peerings). */
function vnetsOf(pools: readonly RpPool[], vnets: VnetLookup): Map<string, VnetView> {
  const out = new Map<string, VnetView>();
  for (const pool of pools) {
    for (const subnetId of [pool.vnetSubnetID, pool.podSubnetID]) {
      if (!subnetId) continue;
      const id = vnetIdOf(subnetId);
      const vnet = vnets.get(id);
      if (!vnet || out.has(id)) continue;
      const props = (vnet.properties ?? {}) as Json;
      const subnets = new Map<string, SubnetView>();
      for (const s of (props.subnets as Json[] | undefined) ?? []) {
        const sp = (s.properties ?? {}) as Json;
        subnets.set(key(String(s.id)), { id: String(s.id), name: String(s.name), cidrs: parsedAll(subnetPrefixes(s)), ipConfigurations: ((sp.ipConfigurations as unknown[] | undefined) ?? []).length });
      }
      const space = ((props.addressSpace as Json | undefined)?.addressPrefixes as string[] | undefined) ?? [];
      out.set(id, { id: String(vnet.id), name: String(vnet.name), location: typeof vnet.location === "string" ? vnet.location : undefined, addressSpace: parsedAll(space), subnets });
    }
  }
  return out;
}

/**
 * Addresses each subnet hands this cluster's nodes (and, on legacy Azure CNI, their pods) now: the
 * cluster's own share of the subnet's IP configurations, which a PUT re-plans rather than adds to.
 * The same arithmetic as the emulator's subnet bookkeeping (state.ts).
 */
function ownAddresses(before: RpClusterProperties | undefined): Map<string, number> {
  const own = new Map<string, number>();
  if (!before) return own;
  const mode = modeOf(before);
  const add = (id: string | undefined, n: number): void => {
    if (id && n > 0) own.set(key(id), (own.get(key(id)) ?? 0) + n);
  };
  for (const p of before.agentPoolProfiles ?? []) {
    const nodes = p.count ?? 0;
    const maxPods = p.maxPods ?? LEGACY_DEFAULT_MAX_PODS;
    if ((mode === "azure" || mode === "podSubnet") && p.podSubnetID) {
      add(p.vnetSubnetID, nodes);
      add(p.podSubnetID, nodes * maxPods);
    } else add(p.vnetSubnetID, mode === "azure" || mode === "podSubnet" ? nodes * (maxPods + 1) : nodes);
  }
  return own;
}

/** The cluster PUT's network profile refusals; `before` is the stored cluster on an update. */
export function checkClusterPut(
  after: RpClusterProperties,
  before: RpClusterProperties | undefined,
  vnets: VnetLookup,
  location?: string,
): ArmHttpError | undefined {
  const np = after.networkProfile ?? {};
  const pools = after.agentPoolProfiles ?? [];
  const mode = modeOf(after);

  // Azure/AKS#5662: "(UnsupportedNetworkPluginModeWithNetworkPlugin) NetworkPluginMode overlay is not supported
  // with NetworkPLugin kubenet." Target: networkProfile.networkpluginMode (sic, as the RP spells it).
  if (np.networkPluginMode?.toLowerCase() === "overlay" && np.networkPlugin !== undefined && np.networkPlugin.toLowerCase() !== "azure") {
    return refuse("UnsupportedNetworkPluginModeWithNetworkPlugin", `NetworkPluginMode overlay is not supported with NetworkPlugin ${np.networkPlugin}.`, "networkProfile.networkpluginMode");
  }

  // [codes] MaxAgentPoolCountReached; the limit is AKS's 100 pools a cluster (quotas page, Azure/AKS#3579).
  if (pools.length > MAX_AGENT_POOLS) {
    return refuse("MaxAgentPoolCountReached", `The number of agent pools ${pools.length} exceeds the maximum of ${MAX_AGENT_POOLS} agent pools per managed cluster.`, "properties.agentPoolProfiles");
  }

  // Pools: what is fixed once a pool exists, and the autoscaler's range (rpChanges.ts).
  const poolRefusal = checkPools(after, before);
  if (poolRefusal) return poolRefusal;

  // Day-2 network changes of an existing cluster, one at a time (rpChanges.ts).
  const changeRefusal = before ? checkNetworkChange(after, before, mode, modeOf(before)) : undefined;
  if (changeRefusal) return changeRefusal;

  const upgradeRefusal = before ? checkMoveToOverlay(after, before, mode) : undefined;
  if (upgradeRefusal) return upgradeRefusal;

  const vnetViews = vnetsOf(pools, vnets);

  // Every subnet a pool names must exist. sassoftware/viya4-iac-azure#163: Code="SubnetNotFound"
  // Message="Could not find subnet kube4-aks-subnet in vnet kube4-vnet from resource group kube4-rg of
  // subscription <id>." (a VNet that does not exist is answered the same way).
  for (const pool of pools) {
    for (const [subnetId, target] of [[pool.vnetSubnetID, "agentPoolProfile.vnetSubnetID"], [pool.podSubnetID, "agentPoolProfile.podSubnetID"]] as const) {
      if (!subnetId) continue;
      const parts = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i.exec(subnetId);
      const vnet = vnetViews.get(vnetIdOf(subnetId));
      if (parts && vnet?.subnets.has(key(subnetId))) continue;
      const [, sub = "?", rg = "?", vnetName = "?", subnetName = "?"] = parts ?? [];
      return refuse("SubnetNotFound", `Could not find subnet ${subnetName} in vnet ${vnetName} from resource group ${rg} of subscription ${sub}.`, target);
    }
  }

  // The pools' VNets must be in the cluster's region. rancher/rancher#33517 (a VNet of westus for a
  // cluster in eastus): Code="InvalidParameter" Message="The Agentpool agentpool's vnet ..."; the rest of
  // the sentence is cut off in that report, so it is completed here.
  if (location !== undefined) {
    for (const pool of pools) {
      const vnet = pool.vnetSubnetID ? vnetViews.get(vnetIdOf(pool.vnetSubnetID)) : undefined;
      if (vnet?.location && normalizeLocation(vnet.location) !== normalizeLocation(location)) {
        return refuse(
          "InvalidParameter",
          `The Agentpool ${pool.name ?? "?"}'s vnet ${vnet.name} is in location ${vnet.location}, which is not the managed cluster's location ${location}. The virtual network must be in the same region as the cluster.`,
          "agentPoolProfile.vnetSubnetID",
        );
      }
    }
  }

  // Overlay max pods. [codes] InsufficientMaxPods / MaxPodsLimitExceeded; Azure/AKS#931 quotes the
  // message "The value of parameter maxPods is invalid." for an out-of-range value.
  if (mode === "overlay") {
    for (const pool of pools) {
      if (pool.maxPods === undefined) continue;
      if (pool.maxPods < OVERLAY_MAX_PODS.min) {
        return refuse("InsufficientMaxPods", `The value of parameter maxPods is invalid. Agent pool ${pool.name ?? "?"} has maxPods ${pool.maxPods}: Azure CNI Overlay needs at least ${OVERLAY_MAX_PODS.min} pods per node.`, "agentPoolProfile.maxPods");
      }
      if (pool.maxPods > OVERLAY_MAX_PODS.max) {
        return refuse("MaxPodsLimitExceeded", `The value of parameter maxPods is invalid. Agent pool ${pool.name ?? "?"} has maxPods ${pool.maxPods}: Azure CNI Overlay allows at most ${OVERLAY_MAX_PODS.max} pods per node.`, "agentPoolProfile.maxPods");
      }
    }
  }

  return checkAddressSpace(after, before, mode, vnetViews);
}

/**
 * Moving an existing cluster to overlay (update-azure-cni.md): from kubenet or legacy Azure CNI only,
 * and never with the Azure or Calico network policy still on.
 */
function checkMoveToOverlay(after: RpClusterProperties, before: RpClusterProperties, mode: Mode): ArmHttpError | undefined {
  const from = modeOf(before);
  if (mode !== "overlay" || from === "overlay") return undefined;
  const np = after.networkProfile ?? {};
  // Pod subnet (dynamic pod IP allocation) clusters must be recreated: an AKS maintainer in Azure/AKS#4591
  // ("this won't help you move from pod subnet to overlay. Still have to recreate for that."); update-azure-cni.md
  // lists only kubenet and Azure CNI (node subnet) as sources. No report quotes the RP's code for it: ValidationError
  // is the code the RP gives the other refused move to overlay (below), the closest known one.
  if (from === "podSubnet" || (after.agentPoolProfiles ?? []).some((p) => p.podSubnetID)) {
    return refuse("ValidationError", "Cannot update cluster to Azure CNI Overlay while using Azure CNI with dynamic pod IP allocation (pod subnet). Create a new cluster instead.", "networkProfile.networkPluginMode");
  }
  // Azure/AKS#4006: "(ValidationError) Cannot update cluster to Azure CNI Overlay while using network policies with Azure CNI v1."
  const policy = (np.networkPolicy ?? before.networkProfile?.networkPolicy)?.toLowerCase();
  if (policy === "azure" || policy === "calico") {
    return refuse("ValidationError", "Cannot update cluster to Azure CNI Overlay while using network policies with Azure CNI v1.", "networkProfile.networkPolicy");
  }
  // Bring-your-own CNI is no source of the move either (update-azure-cni.md); same closest-known code as the pod subnet case.
  if (from === "none") {
    return refuse("ValidationError", "Cannot update cluster to Azure CNI Overlay from network plugin none.", "networkProfile.networkPlugin");
  }
  return undefined;
}

function checkAddressSpace(after: RpClusterProperties, before: RpClusterProperties | undefined, mode: Mode, vnetViews: Map<string, VnetView>): ArmHttpError | undefined {
  const np = after.networkProfile ?? {};
  const pools = after.agentPoolProfiles ?? [];
  const usesPodCidr = mode === "overlay" || mode === "kubenet";
  const dualStack = (np.ipFamilies ?? []).some((f) => f.toLowerCase() === "ipv6");

  // Parse. Azure/AKS#506: Code="CidrStringParseError" Message="Cidr is invalid" Target="networkProfile.serviceCIDR".
  // [codes] UnexpectedIPVersionCIDR: "a CIDR was parsed successfully but the expected IP version did not match".
  const parseList = (texts: string[], target: string): Cidr[] | ArmHttpError => {
    const out: Cidr[] = [];
    for (const [i, text] of texts.entries()) {
      const parsed = parseCidr(text);
      if (!parsed.ok) return refuse("CidrStringParseError", `Cidr is invalid: ${text}`, target);
      const want = i === 0 ? 4 : 6;
      if (parsed.value.family !== want) return refuse("UnexpectedIPVersionCIDR", `The CIDR ${text} is not an IPv${want} CIDR: the ${i === 0 ? "first" : "second"} entry must be IPv${want}.`, target);
      out.push(parsed.value);
    }
    return out;
  };
  const pod = usesPodCidr ? parseList(listOf(np.podCidrs, np.podCidr), "networkProfile.podCIDR") : [];
  if (pod instanceof ArmHttpError) return pod;
  const service = parseList(listOf(np.serviceCidrs, np.serviceCidr), "networkProfile.serviceCIDR");
  if (service instanceof ArmHttpError) return service;
  let dns: { family: 4 | 6; value: bigint } | undefined;
  if (np.dnsServiceIP !== undefined) {
    const parsed = parseIp(np.dnsServiceIP);
    // [codes] DnsServiceIpParseError: "an invalid DNS Service IP string was given".
    if (!parsed.ok || parsed.value.family !== 4) return refuse("DnsServiceIpParseError", `DNS service IP ${np.dnsServiceIP} is not a valid IPv4 address.`, "networkProfile.dnsServiceIP");
    dns = parsed.value;
  }

  // Reserved ranges, for pod, service and VNet ranges, refused on create and update since the AKS
  // release of 2026-05-29. No public report quotes the code; InvalidParameter is ARM's code for a
  // property value the RP will not take, the closest known one.
  const reserved = (c: Cidr): Cidr | undefined => AKS_RESERVED.find((r) => overlaps(r, c));
  for (const [list, target, what] of [
    [pod, "networkProfile.podCIDR", "pod CIDR"],
    [service, "networkProfile.serviceCIDR", "service CIDR"],
  ] as const) {
    for (const c of list) {
      const r = reserved(c);
      if (r) return refuse("InvalidParameter", `The ${what} ${c.text} overlaps with ${r.text}, a range AKS reserves. AKS clusters cannot use 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 or 192.0.2.0/24.`, target);
    }
  }
  for (const vnet of vnetViews.values()) {
    for (const c of vnet.addressSpace) {
      const r = reserved(c);
      if (r) return refuse("InvalidParameter", `The virtual network ${vnet.name} address space ${c.text} overlaps with ${r.text}, a range AKS reserves. AKS clusters cannot use 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 or 192.0.2.0/24.`, "agentPoolProfile.vnetSubnetID");
    }
  }

  // A dual-stack cluster's node subnets need an IPv6 prefix too. [codes] SingleStackVnetSubnetWithDualStackCluster.
  if (dualStack) {
    for (const pool of pools) {
      const subnet = pool.vnetSubnetID ? vnetViews.get(vnetIdOf(pool.vnetSubnetID))?.subnets.get(key(pool.vnetSubnetID)) : undefined;
      if (subnet && !subnet.cidrs.some((c) => c.family === 6)) {
        return refuse("SingleStackVnetSubnetWithDualStackCluster", `Subnet ${subnet.name} of agent pool ${pool.name ?? "?"} has no IPv6 address prefix: a dual-stack cluster needs dual-stack subnets.`, "agentPoolProfile.vnetSubnetID");
      }
    }
  }

  // [codes] InvalidServiceCidrIPv6MaskSize: an IPv6 service CIDR larger than /108 (Kubernetes' 20-bit limit).
  for (const c of service) {
    if (c.family === 6 && c.prefix < 108) return refuse("InvalidServiceCidrIPv6MaskSize", `The IPv6 service CIDR ${c.text} is too large: its mask size must be /108 or smaller.`, "networkProfile.serviceCIDR");
  }

  // The pod CIDR must stay out of the VNet's subnets. Azure/AKS-Construction#403 (target
  // networkProfile.podCIDR) shows the code; since the AKS release of 2024-10-25 (Azure/AKS
  // CHANGELOG: "Azure CNI Overlay now checks that the pod CIDR does not conflict with any subnet in
  // the virtual network, rather than checking if it conflicts with the virtual network address
  // space as a whole") unused address space of the VNet is not refused.
  for (const c of pod) {
    for (const vnet of vnetViews.values()) {
      for (const subnet of vnet.subnets.values()) {
        const hit = subnet.cidrs.find((s) => overlaps(s, c));
        if (hit) return refuse("NetworkProfileCIDROverlapVNET", `NetworkProfile CIDR ${c.text} overlaps with subnet ${subnet.name} (${hit.text}) of VNET ${vnet.name}`, "networkProfile.podCIDR");
      }
    }
  }

  // The service CIDR must not overlap a subnet. Azure/azure-cli#20810, Azure/AKS#3551 (target
  // networkProfile.serviceCIDR): "The specified service CIDR 10.0.0.0/16 is conflicted with an existing
  // subnet CIDR 10.0.0.0/24". Subnets only: the message, and [codes] ("a new specified service CIDR is
  // conflicted with an existing subnets' CIDR"), name subnets, not the VNet's address space.
  for (const c of service) {
    for (const vnet of vnetViews.values()) {
      for (const subnet of vnet.subnets.values()) {
        const hit = subnet.cidrs.find((s) => overlaps(s, c));
        if (hit) return refuse("ServiceCidrOverlapExistingSubnetsCidr", `The specified service CIDR ${c.text} is conflicted with an existing subnet CIDR ${hit.text}`, "networkProfile.serviceCIDR");
      }
    }
  }

  // [codes] PodCidrOverlapServiceCidr: "overlay pod CIDR block overlaps with overlay service CIDR".
  for (const p of pod) {
    const hit = service.find((s) => s.family === p.family && overlaps(s, p));
    if (hit) return refuse("PodCidrOverlapServiceCidr", `The pod CIDR ${p.text} overlaps with the service CIDR ${hit.text}.`, "networkProfile.podCIDR");
  }

  // The DNS service IP. [codes] DnsServiceIpOutOfServiceCidr ("the DNS Service IP string is not in the range
  // of service CIDR"; troubleshooting article "Troubleshoot DnsServiceIpOutOfServiceCidr error code"),
  // DnsServiceIpConflicting ("conflicted with predefined API server IP": the service CIDR's first address,
  // kubernetes.default), DnsBroadcastAddressConflicting ("conflicted with the broadcast address").
  const v4Service = service.find((c) => c.family === 4);
  if (dns && v4Service) {
    if (!containsAddress(v4Service, 4, dns.value)) {
      return refuse("DnsServiceIpOutOfServiceCidr", `DNS service IP ${np.dnsServiceIP} is not within the service CIDR ${v4Service.text}.`, "networkProfile.dnsServiceIP");
    }
    if (dns.value === v4Service.start + 1n) {
      return refuse("DnsServiceIpConflicting", `DNS service IP ${np.dnsServiceIP} is the address the API server takes in the service CIDR ${v4Service.text}.`, "networkProfile.dnsServiceIP");
    }
    if (dns.value === v4Service.end && v4Service.prefix < 31) {
      return refuse("DnsBroadcastAddressConflicting", `DNS service IP ${np.dnsServiceIP} is the broadcast address of the service CIDR ${v4Service.text}.`, "networkProfile.dnsServiceIP");
    }
  }

  const need = pools.map((p) => {
    const nodes = nodesAtFullScale(p);
    return { pool: p, nodes: nodes + surgeNodes(p, nodes) };
  });

  // Overlay pre-allocates a node block of each pod CIDR for every node at full scale plus surge: a /24
  // of the IPv4 one (Azure/AKS-Construction#701, target networkProfile.podCIDR, message verbatim but the
  // numbers) and a /120 of the IPv6 one (an AKS maintainer in Azure/AKS#5120). Both blocks hold 256
  // addresses. No report shows the IPv6 refusal; it is assumed to read like the IPv4 one.
  if (mode === "overlay") {
    const required = BigInt(need.reduce((n, x) => n + x.nodes, 0));
    for (const c of pod) {
      const blockPrefix = NODE_BLOCK_PREFIX[c.family];
      const blocks = c.prefix > blockPrefix ? 0n : 1n << BigInt(blockPrefix - c.prefix);
      if (required > blocks) {
        return refuse(
          "InsufficientSubnetSize",
          `Pre-allocated IPs ${required * 256n} exceeds IPs available ${blocks * 256n} in Subnet Cidr ${c.text}, Subnet Name networkProfile.podCIDR. If Autoscaler is enabled, the max-count from each nodepool is counted towards this total (which means that pre-allocated IPs count represents a theoretical max value, not the actual number of IPs requested). http://aka.ms/aks/insufficientsubnetsize`,
          "networkProfile.podCIDR",
        );
      }
    }
  }

  // Node (and pod) subnets: what the pools pre-allocate, plus what others already use, within the
  // subnet's size less Azure's five. Same code and message form (Azure/AKS-Construction#701).
  const own = ownAddresses(before);
  const required = new Map<string, { subnet: SubnetView; addresses: number }>();
  const addTo = (subnetId: string | undefined, n: number): void => {
    if (!subnetId || n <= 0) return;
    const subnet = vnetViews.get(vnetIdOf(subnetId))?.subnets.get(key(subnetId));
    if (!subnet) return;
    const entry = required.get(key(subnetId)) ?? { subnet, addresses: 0 };
    entry.addresses += n;
    required.set(key(subnetId), entry);
  };
  const legacy = mode === "azure" || mode === "podSubnet";
  for (const { pool, nodes } of need) {
    const maxPods = pool.maxPods ?? LEGACY_DEFAULT_MAX_PODS;
    if (legacy && pool.podSubnetID) {
      addTo(pool.vnetSubnetID, nodes);
      addTo(pool.podSubnetID, nodes * maxPods);
    } else addTo(pool.vnetSubnetID, legacy ? nodes * (maxPods + 1) : nodes);
  }
  for (const [id, { subnet, addresses }] of required) {
    const v4 = subnet.cidrs.find((c) => c.family === 4);
    if (!v4) continue;
    const total = size(v4);
    const usable = total > SUBNET_RESERVED ? total - SUBNET_RESERVED : 0n;
    const others = BigInt(Math.max(0, subnet.ipConfigurations - (own.get(id) ?? 0)));
    const available = usable > others ? usable - others : 0n;
    if (BigInt(addresses) > available) {
      const pools = [...need].filter(({ pool }) => [pool.vnetSubnetID, pool.podSubnetID].some((s) => s && key(s) === id)).map(({ pool }) => pool.name);
      return refuse(
        "InsufficientSubnetSize",
        `Pre-allocated IPs ${addresses} exceeds IPs available ${available} in Subnet Cidr ${v4.text}, Subnet Name ${subnet.name}. If Autoscaler is enabled, the max-count from each nodepool is counted towards this total (which means that pre-allocated IPs count represents a theoretical max value, not the actual number of IPs requested). http://aka.ms/aks/insufficientsubnetsize (agent pools ${pools.join(", ")})`,
        "agentPoolProfile.vnetSubnetID",
      );
    }
  }
  return undefined;
}
