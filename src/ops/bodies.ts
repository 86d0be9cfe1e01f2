/** The request bodies operations PUT, built from a resolved design (SDK shapes). Pure. */
import type { PoolDesign } from "../network/design.js";

/** The agent pool body (SDK shape): every setting explicit. */
export function agentPoolBody(pool: PoolDesign, vnetSubnetId: string | undefined): Record<string, unknown> {
  return {
    mode: pool.mode,
    type: pool.vmSetType,
    osType: pool.osType,
    ...(pool.osSku !== undefined && { osSKU: pool.osSku }),
    ...(pool.vmSize !== undefined && { vmSize: pool.vmSize }),
    count: pool.count,
    enableAutoScaling: pool.enableAutoScaling,
    ...(pool.enableAutoScaling && { minCount: pool.minCount, maxCount: pool.maxCount }),
    maxPods: pool.maxPods,
    ...(vnetSubnetId !== undefined && { vnetSubnetID: vnetSubnetId }),
    upgradeSettings: { maxSurge: pool.maxSurge, ...(pool.maxUnavailable !== "0" && { maxUnavailable: pool.maxUnavailable }) },
  };
}

/** Pool design fields and the body path each one fills (for marking Azure's defaults in a plan). */
export const POOL_BODY_PATH: Readonly<Record<string, string>> = {
  name: "name",
  count: "count",
  maxPods: "maxPods",
  maxSurge: "upgradeSettings.maxSurge",
  osType: "osType",
  vmSetType: "type",
  mode: "mode",
};

/**
 * The body paths a pool's defaulted design paths fill: `pools[NAME].count` -> `${prefix}count`.
 * Only the pool named `poolName` is looked at.
 */
export function poolDefaultedPaths(defaulted: readonly string[], poolName: string, prefix: string): string[] {
  const head = `pools[${poolName}].`;
  return defaulted.filter((p) => p.startsWith(head)).flatMap((p) => {
    const body = POOL_BODY_PATH[p.slice(head.length)];
    return body ? [`${prefix}${body}`] : [];
  });
}

/**
 * A pool's `az aks` flags beyond the network and size: zones, labels, taints, OS disk, Spot
 * priority and tags, each mapped to the agent pool field az sets.
 */
export interface PoolExtras {
  /** --zones 1 2 3: availabilityZones. */
  zones?: string[];
  /** --labels / --nodepool-labels k=v ...: nodeLabels. */
  labels?: Record<string, string>;
  /** --node-taints / --nodepool-taints key=value:Effect,...: nodeTaints. */
  taints?: string[];
  /** --node-osdisk-size: osDiskSizeGB. */
  osDiskSizeGb?: number;
  /** --node-osdisk-type Managed|Ephemeral: osDiskType. */
  osDiskType?: string;
  /** --priority Regular|Spot: scaleSetPriority (Spot: eviction Delete, as az sets it). */
  priority?: string;
  /** --spot-max-price: spotMaxPrice (-1: up to the on-demand price). */
  spotMaxPrice?: number;
  /** --tags on the pool (nodepool add): tags. */
  tags?: Record<string, string>;
}

const TAINT = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?(=[-A-Za-z0-9_.]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** What is wrong with the extras, as messages naming the flag and value (empty: nothing). `mode` is the pool's. */
export function poolExtrasProblems(extras: PoolExtras | undefined, mode: string, flags: { labels: string; taints: string }): string[] {
  if (!extras) return [];
  const problems: string[] = [];
  for (const z of extras.zones ?? []) if (!/^[1-3]$/.test(z)) problems.push(`--zones ${z}: an availability zone is 1, 2 or 3`);
  for (const [k, v] of Object.entries(extras.labels ?? {})) {
    if (!LABEL_KEY.test(k) || k.length > 316) problems.push(`${flags.labels} ${k}=${v}: a label key is a Kubernetes name (letters, digits, -, _ and ., with an optional DNS prefix/)`);
    else if (!LABEL_VALUE.test(v) || v.length > 63) problems.push(`${flags.labels} ${k}=${v}: a label value has at most 63 letters, digits, -, _ and .`);
  }
  for (const t of extras.taints ?? []) if (!TAINT.test(t)) problems.push(`${flags.taints} ${t}: expected key=value:Effect (Effect NoSchedule, PreferNoSchedule or NoExecute)`);
  if (extras.osDiskSizeGb !== undefined && !(extras.osDiskSizeGb >= 1 && extras.osDiskSizeGb <= 2048)) problems.push(`--node-osdisk-size ${extras.osDiskSizeGb}: 1 to 2048 GB`);
  if (extras.priority === "Spot" && mode.toLowerCase() === "system") problems.push("--priority Spot: a system pool cannot run on Spot VMs (they can be evicted); use --mode User");
  if (extras.spotMaxPrice !== undefined) {
    if (extras.priority !== "Spot") problems.push(`--spot-max-price ${extras.spotMaxPrice}: only with --priority Spot`);
    else if (!(extras.spotMaxPrice === -1 || extras.spotMaxPrice > 0)) problems.push(`--spot-max-price ${extras.spotMaxPrice}: -1 (up to the on-demand price) or a price above 0`);
  }
  return problems;
}

/** The agent pool fields the extras set, merged into a pool body (a pool profile, or an agent pool's properties). */
export function applyPoolExtras(pool: Record<string, unknown>, extras: PoolExtras | undefined): void {
  if (!extras) return;
  if (extras.zones !== undefined) pool.availabilityZones = extras.zones;
  if (extras.labels !== undefined) pool.nodeLabels = extras.labels;
  if (extras.taints !== undefined) pool.nodeTaints = extras.taints;
  if (extras.osDiskSizeGb !== undefined) pool.osDiskSizeGB = extras.osDiskSizeGb;
  if (extras.osDiskType !== undefined) pool.osDiskType = extras.osDiskType;
  if (extras.priority !== undefined) pool.scaleSetPriority = extras.priority;
  if (extras.priority === "Spot") {
    pool.scaleSetEvictionPolicy = "Delete";
    pool.spotMaxPrice = extras.spotMaxPrice ?? -1;
  }
  if (extras.tags !== undefined) pool.tags = extras.tags;
}
