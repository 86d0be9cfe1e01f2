/** "Capacity" rules: the pod CIDR, node subnets and the cluster at full scale plus upgrade surge. */
import { type IpFamily, cidrFrom, contains, networkAddress, overlaps, parseCidr } from "../cidr.js";
import { findFreeIpv4Block } from "../freeSpace.js";
import { type Capacity, type PodCidrCapacity, smallestFittingPrefix } from "../capacity.js";
import { HEADROOM_WARNING_RATIO, MAX_CLUSTER_NODES, NODE_BLOCK_PREFIX, RFC1918_RANGES } from "../facts.js";
import { type Finding, formatCount, listValues, plural } from "../findings.js";
import { POOLS, podCidrPath, subnetPath } from "../paths.js";
import type { ParsedNetwork } from "./inputShape.js";

const PRIVATE = RFC1918_RANGES.map((t) => parseCidr(t)).flatMap((p) => (p.ok ? [p.value] : []));

/** The superset of an IPv4 pod CIDR at `prefix`, when it stays inside RFC 1918 (how an existing cluster's pod CIDR can grow). */
export function privateSuperset(current: string, prefix: number): string | undefined {
  const c = parseCidr(current);
  if (!c.ok || c.value.family !== 4 || prefix > c.value.prefix) return undefined;
  const superset = cidrFrom(4, networkAddress(c.value.start, prefix, 4), prefix);
  return PRIVATE.some((p) => contains(p, superset)) ? superset.text : undefined;
}

/**
 * A pod CIDR of `prefix` to suggest: the superset of the current one when it stays private (an
 * existing cluster can only grow its pod CIDR that way), else a free private block.
 */
export function roomierPodCidr(current: string, prefix: number, family: IpFamily, parsed: ParsedNetwork): string | undefined {
  const c = parseCidr(current);
  if (!c.ok) return undefined;
  const superset = cidrFrom(family, networkAddress(c.value.start, prefix, family), prefix);
  const occupied = [...parsed.vnet.map((v) => v.cidr), ...parsed.subnets.map((s) => s.cidr), ...parsed.peered.map((p) => p.cidr), ...Object.values(parsed.service)];
  // Never a range that would collide with what the design knows: the suggestion must pass the rules.
  const clear = !occupied.some((o) => o.family === superset.family && overlaps(o, superset));
  if (clear && (family === 6 || PRIVATE.some((p) => contains(p, superset)) || !PRIVATE.some((p) => contains(p, c.value)))) return superset.text;
  return family === 4 ? findFreeIpv4Block(prefix, occupied)?.text : undefined;
}

/** How to keep room to grow: a pod CIDR can later only be expanded to a superset of itself. */
function headroomHint(pod: PodCidrCapacity, parsed: ParsedNetwork): string {
  const prefix = smallestFittingPrefix(Math.ceil(pod.requiredNodeBlocks / (1 - HEADROOM_WARNING_RATIO)), 4) ?? 8;
  const superset = privateSuperset(pod.cidr, prefix);
  const instead = roomierPodCidr(pod.cidr, prefix, 4, parsed);
  if (superset && instead === superset) return `the pod CIDR can later only be expanded to a superset: a /${prefix} (such as ${superset}) keeps a quarter free for growth`;
  if (superset) return `the pod CIDR can later only be expanded to a superset, and its /${prefix} (${superset}) would overlap a range the design knows: start with a /${prefix} now${instead ? ` (e.g. ${instead})` : ""}`;
  return `the pod CIDR can later only be expanded to a superset, and no private /${prefix} contains ${pod.cidr}: start with a /${prefix} now${instead ? ` (e.g. ${instead})` : ""}`;
}

export function checkCapacity(capacity: Capacity, parsed: ParsedNetwork): Finding[] {
  const findings: Finding[] = [];
  const breakdown = `${plural(capacity.nodesAtFullScale, "node")} at full scale + ${plural(capacity.surgeNodes, "upgrade surge node")}`;

  const podCheck = (pod: PodCidrCapacity | null | undefined, family: 4 | 6): void => {
    if (!pod) return;
    const block = `/${NODE_BLOCK_PREFIX[family]}`;
    if (pod.shortfallBlocks > 0) {
      const fits = pod.smallestFittingPrefix;
      const widened = fits !== null ? roomierPodCidr(pod.cidr, fits, family, parsed) : undefined;
      const surgeNote =
        capacity.surgeNodes > 0
          ? `, or lower the upgrade surge (it alone needs ${plural(capacity.surgeNodes, "block")}) or the pools' max counts`
          : ", or lower the pools' max counts";
      findings.push({
        severity: "error",
        code: "InsufficientPodCidr",
        armCode: "InsufficientSubnetSize",
        path: podCidrPath(family === 4 ? 0 : 1),
        message: `${family === 6 ? "IPv6 " : ""}pod CIDR ${pod.cidr} holds ${plural(pod.nodeBlocks, `${block} node block`)} but the cluster needs ${formatCount(pod.requiredNodeBlocks)} (${breakdown}): ${formatCount(pod.shortfallBlocks)} short`,
        values: [pod.cidr],
        hint:
          fits !== null
            ? `use a /${fits} or larger pod CIDR${widened ? ` (e.g. ${widened})` : ""}${surgeNote}`
            : `no ${family === 4 ? "IPv4" : "IPv6"} pod CIDR can hold that many nodes${surgeNote}`,
      });
    } else if (family === 4 && pod.nodeBlocks > 0 && pod.freeBlocksAtFullScale < pod.nodeBlocks * HEADROOM_WARNING_RATIO) {
      const percent = Math.floor((pod.freeBlocksAtFullScale / pod.nodeBlocks) * 100);
      findings.push({
        severity: "warning",
        code: "PodCidrHeadroomLow",
        path: podCidrPath(0),
        message: `pod CIDR ${pod.cidr} would have ${formatCount(pod.freeBlocksAtFullScale)} of its ${plural(pod.nodeBlocks, "/24 block")} free (${percent}%) at full scale: ${breakdown} use ${formatCount(pod.requiredNodeBlocks)}`,
        values: [pod.cidr],
        hint: headroomHint(pod, parsed),
      });
    }
  };
  podCheck(capacity.podCidr, 4);
  podCheck(capacity.podCidrIpv6, 6);

  const subnetName = new Map(parsed.subnets.map((s) => [s.cidr.text, s.name]));
  for (const subnet of capacity.nodeSubnets) {
    const free = subnet.usableAddresses - subnet.addressesInUse;
    if (subnet.requiredAddresses > free) {
      const used = subnet.addressesInUse > 0 ? ` and ${formatCount(subnet.addressesInUse)} already in use, so ${formatCount(Math.max(0, free))} free,` : "";
      findings.push({
        severity: "error",
        code: "InsufficientSubnetSize",
        armCode: "InsufficientSubnetSize",
        path: subnetPath(subnetName.get(subnet.cidr) ?? subnet.cidr),
        message: `node subnet ${subnet.cidr} has ${plural(subnet.usableAddresses, "usable address", "usable addresses")} (its size less the 5 Azure reserves)${used} but ${subnet.pools.length === 1 ? `pool ${subnet.pools[0]} needs` : `pools ${listValues(subnet.pools)} need`} ${formatCount(subnet.requiredAddresses)} at full scale plus surge`,
        values: [subnet.cidr],
        hint: `use a /${subnetPrefixFor(subnet.requiredAddresses + subnet.addressesInUse)} or larger node subnet, or put some pools in a dedicated subnet`,
      });
    }
  }

  if (capacity.nodesAtFullScale > MAX_CLUSTER_NODES) {
    findings.push({
      severity: "error",
      code: "ClusterNodeLimit",
      path: POOLS,
      message: `the cluster would have ${formatCount(capacity.nodesAtFullScale)} nodes at full scale; AKS allows at most ${formatCount(MAX_CLUSTER_NODES)}`,
      values: [String(capacity.nodesAtFullScale)],
      hint: "lower the pools' node or max counts, or split the workload over several clusters",
    });
  }
  return findings;
}

/** The longest IPv4 prefix whose subnet holds `hosts` usable addresses after Azure's 5. */
function subnetPrefixFor(hosts: number): number {
  let prefix = 29;
  while (prefix > 0 && 2 ** (32 - prefix) - 5 < hosts) prefix--;
  return prefix;
}
