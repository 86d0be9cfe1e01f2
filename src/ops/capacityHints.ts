/**
 * What to say when a pool does not fit the pod CIDR: how many nodes it can have, and how to grow
 * the pod CIDR (an existing cluster's can only grow to a superset of itself). Pure.
 */
import { smallestFittingPrefix, surgeNodes } from "../network/capacity.js";
import { HEADROOM_WARNING_RATIO } from "../network/facts.js";
import type { PoolDesign } from "../network/design.js";
import { type Finding, formatCount, plural } from "../network/findings.js";
import { privateSuperset } from "../network/rules/capacity.js";
import type { ValidationResult } from "../network/validate.js";
import { shellWord } from "../network/shown.js";

/**
 * How an existing cluster's pod CIDR can keep room to grow: to a private superset of itself with
 * `update --pod-cidr auto`, when one holds the cluster with a quarter free; else, that it cannot
 * (the rule's own hint, "start with a /15 now", is for a cluster not made yet).
 */
export interface ExistingCluster {
  resourceGroup: string;
  name: string;
  /** Why its pod CIDR cannot be expanded at all (podCidrExpansionBlocked); undefined when it can. */
  expansionBlocked?: string;
}

export function growthOfExisting(current: string, requiredBlocks: number, cluster: ExistingCluster): string {
  const prefix = smallestFittingPrefix(Math.ceil(requiredBlocks / (1 - HEADROOM_WARNING_RATIO)), 4) ?? 8;
  if (cluster.expansionBlocked !== undefined) return `the pod CIDR cannot be expanded (${cluster.expansionBlocked}): keep the pools within it, or plan a new cluster with a larger pod CIDR (a /${prefix} keeps a quarter free)`;
  const superset = privateSuperset(current, prefix);
  return superset
    ? `the pod CIDR can be expanded to a superset before it runs out: aks-overlay update -g ${shellWord(cluster.resourceGroup)} -n ${cluster.name} --pod-cidr auto (${superset} keeps a quarter free)`
    : `the pod CIDR cannot be expanded to a /${prefix} (no private range holds one containing ${current}): keep the pools within it, or plan a new cluster with a larger pod CIDR`;
}

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
export function explainShortfall(f: Finding, validation: ValidationResult, index: number, pool: PoolDesign, cluster: ExistingCluster): Finding {
  const pod = validation.capacity.podCidr;
  if (f.code === "PodCidrHeadroomLow" && pod) return { ...f, hint: growthOfExisting(pod.cidr, pod.requiredNodeBlocks, cluster) };
  if (f.code !== "InsufficientPodCidr" || !pod) return f;
  const mine = validation.capacity.pools[index];
  const others = pod.requiredNodeBlocks - (mine ? mine.nodesAtFullScale + mine.surgeNodes : 0);
  const free = pod.nodeBlocks - others;
  const most = largestPoolWithin(free, pool.maxSurge);
  const superset = pod.smallestFittingPrefix !== null ? privateSuperset(pod.cidr, pod.smallestFittingPrefix) : undefined;
  // The range to name: one that also keeps a quarter free after this change, when a private one does.
  // (Not `--pod-cidr auto`: that sizes for the cluster as it is, before this change.)
  const roomy = privateSuperset(pod.cidr, smallestFittingPrefix(Math.ceil(pod.requiredNodeBlocks / (1 - HEADROOM_WARNING_RATIO)), 4) ?? 0);
  const target = roomy ?? superset;
  // An existing cluster's pod CIDR grows only to a private superset of itself: offer it only when there is one.
  const grow = cluster.expansionBlocked !== undefined
    ? `; the pod CIDR cannot be expanded (${cluster.expansionBlocked}): beyond that, a new cluster with a larger pod CIDR`
    : superset
    ? `; or first expand the cluster's pod CIDR (${superset} at least${target !== superset ? `; ${target} keeps a quarter free` : ""}): aks-overlay update -g ${shellWord(cluster.resourceGroup)} -n ${cluster.name} --pod-cidr ${target}`
    : `; the pod CIDR cannot grow that far (no private range holds a /${pod.smallestFittingPrefix ?? "?"} containing ${pod.cidr}): beyond that, a new cluster with a larger pod CIDR`;
  return {
    ...f,
    message: `${f.message}. The other pools need ${formatCount(others)} blocks at full scale, leaving ${plural(Math.max(0, free), "block")}: pool ${pool.name} can have at most ${plural(most, "node")} (with its ${pool.maxSurge} surge)`,
    hint: `${most > 0 ? `lower --max-count / --node-count to ${most} or less, or lower --max-surge` : "the pod CIDR has no room for this pool: remove or shrink other pools' max counts"}${grow}`,
  };
}

