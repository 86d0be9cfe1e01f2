/**
 * A virtual network as the Azure SDK returns it (properties flattened), turned into the network
 * context the rulebook checks against: address spaces, every subnet (with the addresses it
 * already hands out) and every peered range. Pure.
 */
import type { NetworkContext } from "./design.js";

export interface VnetLike {
  id?: string;
  name?: string;
  addressSpace?: { addressPrefixes?: string[] };
  subnets?: { id?: string; name?: string; addressPrefix?: string; addressPrefixes?: string[]; ipConfigurations?: unknown[] }[];
  virtualNetworkPeerings?: {
    name?: string;
    peeringState?: string;
    remoteVirtualNetwork?: { id?: string };
    remoteAddressSpace?: { addressPrefixes?: string[] };
    remoteVirtualNetworkAddressSpace?: { addressPrefixes?: string[] };
  }[];
}

export interface SubnetRef {
  subscriptionId: string;
  resourceGroup: string;
  vnet: string;
  subnet: string;
}

const SUBNET_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i;

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
    return cidr ? [{ name: s.name ?? cidr, cidr, inUse: s.ipConfigurations?.length ?? 0 }] : [];
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
