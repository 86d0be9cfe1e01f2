/**
 * A virtual network as the Azure SDK returns it (properties flattened), turned into the network
 * context the rulebook checks against: address spaces, every subnet (with the addresses it
 * already hands out) and every peered range. Pure.
 */
import { SUBNET_ID } from "./resourceIds.js";
import type { NetworkContext } from "./design.js";
import type { ArmNetworkView } from "./fromCluster.js";

export interface VnetLike {
  id?: string;
  name?: string;
  addressSpace?: { addressPrefixes?: string[] };
  subnets?: {
    id?: string;
    name?: string;
    addressPrefix?: string;
    addressPrefixes?: string[];
    ipConfigurations?: unknown[];
    /** How many IP configurations the subnet has, where only the count was read (fleet scan). */
    ipConfigurationCount?: number;
    routeTable?: { id?: string };
  }[];
  virtualNetworkPeerings?: {
    name?: string;
    peeringState?: string;
    remoteVirtualNetwork?: { id?: string };
    remoteAddressSpace?: { addressPrefixes?: string[] };
    remoteVirtualNetworkAddressSpace?: { addressPrefixes?: string[] };
  }[];
}

/**
 * A VNet as ARM sends it (wire JSON: `properties` nested in the VNet, its subnets and peerings)
 * seen as the rules read it, flattened. A VNet already flat is returned as it is.
 */
export function vnetView(resource: Record<string, unknown>): VnetLike {
  const props = resource.properties as Record<string, unknown> | undefined;
  if (!props || typeof props !== "object") return resource as VnetLike;
  const flat = (items: unknown): Record<string, unknown>[] =>
    Array.isArray(items) ? items.map((i: Record<string, unknown>) => ({ ...((i.properties as Record<string, unknown> | undefined) ?? {}), id: i.id, name: i.name })) : [];
  return {
    ...(props as VnetLike),
    id: resource.id as string | undefined,
    name: resource.name as string | undefined,
    subnets: flat(props.subnets) as VnetLike["subnets"],
    virtualNetworkPeerings: flat(props.virtualNetworkPeerings) as VnetLike["virtualNetworkPeerings"],
  };
}

export interface SubnetRef {
  subscriptionId: string;
  resourceGroup: string;
  vnet: string;
  subnet: string;
}


export function parseSubnetId(id: string): SubnetRef | undefined {
  const m = SUBNET_ID.exec(id.trim());
  return m ? { subscriptionId: m[1] as string, resourceGroup: m[2] as string, vnet: m[3] as string, subnet: m[4] as string } : undefined;
}

export function subnetPrefix(subnet: { addressPrefix?: string; addressPrefixes?: string[] }): string | undefined {
  return subnet.addressPrefix ?? subnet.addressPrefixes?.find((p) => !p.includes(":")) ?? subnet.addressPrefixes?.[0];
}

const lastSegment = (id: string | undefined): string | undefined => id?.split("/").filter(Boolean).at(-1);

export function networkFromVnet(vnet: VnetLike): NetworkContext {
  const subnets = (vnet.subnets ?? []).flatMap((s) => {
    const cidr = subnetPrefix(s);
    const ipv6 = [s.addressPrefix, ...(s.addressPrefixes ?? [])].some((p) => p?.includes(":") === true);
    return cidr ? [{ name: s.name ?? cidr, cidr, inUse: s.ipConfigurations?.length ?? s.ipConfigurationCount ?? 0, ipv6 }] : [];
  });
  const peered = (vnet.virtualNetworkPeerings ?? []).flatMap((p) => {
    const prefixes = p.remoteAddressSpace?.addressPrefixes ?? p.remoteVirtualNetworkAddressSpace?.addressPrefixes ?? [];
    const remote = lastSegment(p.remoteVirtualNetwork?.id) ?? p.name ?? "peering";
    return prefixes.map((cidr) => ({ name: remote, cidr }));
  });
  return {
    vnetName: vnet.name,
    vnetCidrs: vnet.addressSpace?.addressPrefixes ?? [],
    subnets,
    peered,
    managedVnet: false,
  };
}

/**
 * Several VNets (a cluster's pools are normally in one) as one network context, and the map from
 * subnet ids to CIDRs that designFromCluster needs. `inUse` (by CIDR) replaces the subnets' own counts.
 */
export function mergeVnets(vnets: readonly VnetLike[], inUse?: (cidr: string, reported: number) => number): { context: NetworkContext; view: ArmNetworkView } {
  const contexts = vnets.map(networkFromVnet);
  const context: NetworkContext = {
    vnetName: contexts.map((c) => c.vnetName).join(", "),
    vnetCidrs: contexts.flatMap((c) => c.vnetCidrs),
    subnets: contexts.flatMap((c) => c.subnets.map((s) => ({ ...s, inUse: inUse ? inUse(s.cidr, s.inUse ?? 0) : s.inUse }))),
    peered: contexts.flatMap((c) => c.peered),
    managedVnet: false,
  };
  const subnetCidrById = new Map<string, string>();
  for (const vnet of vnets) {
    for (const s of vnet.subnets ?? []) {
      const cidr = subnetPrefix(s);
      if (s.id && cidr) subnetCidrById.set(s.id.toLowerCase(), cidr);
    }
  }
  return { context, view: { vnetCidrs: context.vnetCidrs, subnetCidrById, peeredCidrs: context.peered.map((p) => p.cidr) } };
}
