/**
 * Which kinds of address range may not overlap which: the one table behind the address-space
 * rules and the address map's overlap marks. Symmetric: a pod CIDR may not overlap a subnet, nor
 * a subnet a pod CIDR. A subnet inside its VNet, or a peered range on the VNet, is no conflict.
 */
export type RangeKind = "pod" | "service" | "vnet" | "subnet" | "peered" | "reserved";

export const RANGE_KINDS: readonly RangeKind[] = ["vnet", "subnet", "pod", "service", "peered", "reserved"];

export const CONFLICTING_KINDS: Readonly<Record<RangeKind, readonly RangeKind[]>> = {
  pod: ["vnet", "subnet", "service", "peered", "reserved"],
  service: ["vnet", "subnet", "pod", "peered", "reserved"],
  vnet: ["pod", "service", "reserved"],
  subnet: ["pod", "service", "reserved"],
  peered: ["pod", "service"],
  reserved: ["pod", "service", "vnet", "subnet"],
};

/** True when ranges of kinds `a` and `b` must not overlap. */
export function kindsConflict(a: RangeKind, b: RangeKind): boolean {
  return CONFLICTING_KINDS[a].includes(b);
}
