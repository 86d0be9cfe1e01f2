/**
 * The network a cluster is in: the VNet(s) of its pools' subnets, or the VNet AKS made in the node
 * resource group. Reading them is the shell's part; turning them into what the rules check is pure.
 */
import { type NetworkContext, resolveDesign } from "../network/design.js";
import { type Cidr, parseCidr } from "../network/cidr.js";
import { AKS_RESERVED_RANGES, HEADROOM_WARNING_RATIO } from "../network/facts.js";
import { findFreeIpv4Block } from "../network/freeSpace.js";
import { validateDesign } from "../network/validate.js";
import { type ArmNetworkView, addressesPerNode, designFromCluster } from "../network/fromCluster.js";
import { type VnetLike, mergeVnets, parseSubnetId, subnetPrefix, vnetView } from "../network/fromVnet.js";
import type { UpgradeCluster } from "../network/rules/upgrade.js";
import type { AzurePort } from "../azure/port.js";
import { vnetResourceId, vnetsOf } from "../network/resourceIds.js";

export interface ObservedClusterNetwork {
  context?: NetworkContext;
  view?: ArmNetworkView;
  /** On the VNet AKS made, the subnet pools without a subnet id are in. */
  nodeSubnetCidr?: string;
  customRouteTables: string[];
  /** The VNets read, by lower-case id. */
  vnets: Map<string, VnetLike>;
}

/** Addresses the cluster itself takes in each subnet (by CIDR). */
function ownAddresses(cluster: UpgradeCluster, vnets: VnetLike[]): Map<string, number> {
  const cidrById = new Map<string, string>();
  for (const vnet of vnets) for (const s of vnet.subnets ?? []) if (s.id && subnetPrefix(s)) cidrById.set(s.id.toLowerCase(), subnetPrefix(s) as string);
  const managedSubnet = vnets.length === 1 ? vnets[0]?.subnets?.[0] : undefined;
  const own = new Map<string, number>();
  for (const p of cluster.agentPoolProfiles ?? []) {
    const cidr = p.vnetSubnetID ? cidrById.get(p.vnetSubnetID.toLowerCase()) : managedSubnet && subnetPrefix(managedSubnet);
    if (!cidr) continue;
    own.set(cidr, (own.get(cidr) ?? 0) + (p.count ?? 0) * addressesPerNode(cluster, p));
  }
  return own;
}

/** The VNets a cluster's pools are in, as read: through the pools' subnets, or the one AKS made. */
export interface ClusterVnets {
  /** As ARM sent them. */
  vnets: Record<string, unknown>[];
  /** The VNet AKS made in the node resource group (no pool names a subnet). */
  managed: boolean;
}

function subnetRefs(cluster: UpgradeCluster): Map<string, NonNullable<ReturnType<typeof parseSubnetId>>> {
  const refs = new Map<string, NonNullable<ReturnType<typeof parseSubnetId>>>();
  for (const id of (cluster.agentPoolProfiles ?? []).map((p) => p.vnetSubnetID)) {
    const ref = id ? parseSubnetId(id) : undefined;
    if (ref) refs.set(`${ref.resourceGroup}/${ref.vnet}`.toLowerCase(), ref);
  }
  return refs;
}

/** Reads the cluster's VNet(s): through the pools' subnets, or the VNet AKS made in the node resource group. GETs only. */
export async function readClusterVnets(cluster: UpgradeCluster, azure: AzurePort, subscriptionId: string = azure.subscriptionId): Promise<ClusterVnets> {
  const refs = subnetRefs(cluster);
  const vnets: Record<string, unknown>[] = [];
  if (refs.size > 0) {
    for (const ref of refs.values()) {
      const vnet = await azure.get(vnetResourceId(ref.subscriptionId, ref.resourceGroup, ref.vnet));
      if (vnet) vnets.push(vnet);
    }
    return { vnets, managed: false };
  }
  if (!cluster.nodeResourceGroup) return { vnets, managed: true };
  return { vnets: (await azure.list(vnetsOf(subscriptionId, cluster.nodeResourceGroup))).slice(0, 1), managed: true };
}

/** The network the cluster is in, from the VNets read: what the rules check a plan against. Pure. */
export function clusterNetwork(cluster: UpgradeCluster, read: ClusterVnets): ObservedClusterNetwork {
  const { managed } = read;
  const vnets = read.vnets.map(vnetView);
  const byId = new Map(vnets.map((v) => [(v.id ?? "").toLowerCase(), v]));
  if (vnets.length === 0) return { customRouteTables: [], vnets: byId };
  // The cluster's own addresses (its nodes; on legacy Azure CNI, their pods too) are what a plan
  // re-plans at full scale: a subnet's addresses in use are those of everything else.
  const own = ownAddresses(cluster, vnets);
  const merged = mergeVnets(vnets, (cidr, reported) => Math.max(0, reported - (own.get(cidr) ?? 0)));
  const context: NetworkContext = { ...merged.context, managedVnet: managed };
  const customRouteTables: string[] = [];
  const usedSubnets = new Set((cluster.agentPoolProfiles ?? []).map((p) => p.vnetSubnetID?.toLowerCase()).filter(Boolean));
  for (const vnet of vnets) {
    for (const s of vnet.subnets ?? []) {
      const routeTable = (s as { routeTable?: { id?: string } }).routeTable?.id;
      const routeTableGroup = routeTable?.split("/")[4]?.toLowerCase();
      if (routeTable && usedSubnets.has(s.id?.toLowerCase()) && routeTableGroup !== cluster.nodeResourceGroup?.toLowerCase()) customRouteTables.push(routeTable.split("/").at(-1) as string);
    }
  }
  // On the VNet AKS made, the pools have no subnet id: they are in its (only) subnet.
  const nodeSubnetCidr = managed ? context.subnets[0]?.cidr : undefined;
  return { context, view: merged.view, nodeSubnetCidr, customRouteTables, vnets: byId };
}

/**
 * A pod CIDR for a legacy Azure CNI cluster: private, overlapping nothing its VNet connects to (the
 * VNet, its subnets, peerings, the service CIDR, AKS's reserved ranges), with a quarter free at
 * full scale plus surge.
 */
export function proposePodCidr(requiredBlocks: number, avoid: readonly string[]): string | undefined {
  let prefix = 24;
  while (prefix > 8 && 2 ** (24 - prefix) * (1 - HEADROOM_WARNING_RATIO) < requiredBlocks) prefix--;
  const occupied = [...avoid, ...AKS_RESERVED_RANGES].map((c) => parseCidr(c)).flatMap((p) => (p.ok ? [p.value] : [])) as Cidr[];
  return findFreeIpv4Block(Math.min(prefix, 16), occupied)?.text;
}

/**
 * The pod CIDR a legacy Azure CNI cluster could take on its move to overlay: sized for the cluster
 * at full scale plus surge, clear of everything its VNet connects to and its service CIDR.
 */
export function legacyPodCidrProposal(view: UpgradeCluster, network: ObservedClusterNetwork): string | undefined {
  const design = resolveDesign(designFromCluster(view, network.view), network.context ? { context: network.context, nodeSubnetCidr: network.nodeSubnetCidr } : undefined);
  const capacity = validateDesign(design.design, design.network).capacity;
  const required = capacity.nodesAtFullScale + capacity.surgeNodes;
  const np = view.networkProfile ?? {};
  const avoid = [...(network.context?.vnetCidrs ?? []), ...(network.context?.subnets ?? []).map((s) => s.cidr), ...(network.context?.peered ?? []).map((p) => p.cidr), ...[np.serviceCidr, ...(np.serviceCidrs ?? [])].filter((c): c is string => !!c)];
  return proposePodCidr(required, avoid);
}
