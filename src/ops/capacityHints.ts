/**
 * What to say when a pool does not fit the pod CIDR: how many nodes it can have, and how to grow
 * the pod CIDR (an existing cluster's can only grow to a superset of itself). Pure.
 */
import { surgeNodes } from "../network/capacity.js";
import type { PoolDesign } from "../network/design.js";
import { type Finding, formatCount, plural } from "../network/findings.js";
import { privateSuperset } from "../network/rules/capacity.js";
import type { ValidationResult } from "../network/validate.js";

/** The most nodes a pool with this surge rule can reach within `freeBlocks` node blocks. */
export function largestPoolWithin(freeBlocks: number, maxSurge: string): number {
  let low = 0;
  let high = Math.max(0, freeBlocks);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (mid + surgeNodes(maxSurge, mid) <= freeBlocks) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * An InsufficientPodCidr finding about the cluster with `pool` (at `index` among the pools) says
 * how large that pool can be, and offers the pod CIDR expansion: the smallest fix first.
 */
export function explainShortfall(f: Finding, validation: ValidationResult, index: number, pool: PoolDesign, cluster: { resourceGroup: string; name: string }): Finding {
  const pod = validation.capacity.podCidr;
  if (f.code !== "InsufficientPodCidr" || !pod) return f;
  const mine = validation.capacity.pools[index];
  const others = pod.requiredNodeBlocks - (mine ? mine.nodesAtFullScale + mine.surgeNodes : 0);
  const free = pod.nodeBlocks - others;
  const most = largestPoolWithin(free, pool.maxSurge);
  const superset = pod.smallestFittingPrefix !== null ? privateSuperset(pod.cidr, pod.smallestFittingPrefix) : undefined;
  const grow = `; or first expand the cluster's pod CIDR${superset ? ` (to ${superset} at least)` : ""}: aks-overlay update -g ${cluster.resourceGroup} -n ${cluster.name} --pod-cidr auto`;
  return {
    ...f,
    message: `${f.message}. The other pools need ${formatCount(others)} blocks at full scale, leaving ${plural(Math.max(0, free), "block")}: pool ${pool.name} can have at most ${plural(most, "node")} (with its ${pool.maxSurge} surge)`,
    hint: `${most > 0 ? `lower --max-count / --node-count to ${most} or less, or lower --max-surge` : "the pod CIDR has no room for this pool: remove or shrink other pools' max counts"}${grow}`,
  };
}
