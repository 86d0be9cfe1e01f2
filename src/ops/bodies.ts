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
