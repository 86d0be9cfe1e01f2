/**
 * Design paths: how a finding names the value it concerns, independent of any command's flags
 * ("network.podCidrs[0]", "pools[batch].maxPods"). Each command maps them to its own flags with a
 * FlagTable (findings.ts). The vocabulary is fixed: commands and their tables rely on it.
 */

/** A pool's fields as paths name them; `subnet` is the pool's node subnet. */
export type PoolField =
  | "name"
  | "count"
  | "minCount"
  | "maxCount"
  | "maxSurge"
  | "maxUnavailable"
  | "maxPods"
  | "vmSize"
  | "osType"
  | "osSku"
  | "mode"
  | "vmSetType"
  | "subnet";

/** The pool list as a whole (a count over all pools, no System pool). */
export const POOLS = "pools";

/** `pools[NAME].field`. */
export function poolPath(pool: string, field: PoolField): string {
  return `pools[${pool}].${field}`;
}

/** The pod or service CIDR list as a whole (`network.podCidrs`), or one entry (0 IPv4, 1 IPv6). */
export function podCidrPath(index?: number): string {
  return index === undefined ? "network.podCidrs" : `network.podCidrs[${index}]`;
}
export function serviceCidrPath(index?: number): string {
  return index === undefined ? "network.serviceCidrs" : `network.serviceCidrs[${index}]`;
}

/** One of the VNet's address spaces, a subnet of the VNet by name, a peered / on-prem range. */
export function vnetCidrPath(index: number): string {
  return `network.vnetCidrs[${index}]`;
}
export function subnetPath(name: string): string {
  return `network.subnets[${name}]`;
}
export function peeredPath(index: number): string {
  return `network.peered[${index}]`;
}

/** The VNet's address spaces as a whole (one of them: vnetCidrPath). */
export const VNET_CIDRS = "network.vnetCidrs";

/** The cluster's node auto-provisioning mode (ARM: nodeProvisioningProfile.mode, Manual or Auto). */
export const NODE_PROVISIONING_MODE = "cluster.nodeProvisioningMode";

/** "pools[a].maxPods" is under "pools", "network.podCidrs[1]" under "network.podCidrs". */
export function isUnder(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
}
