/** The plan for `nodepool add`: one new agent pool, PUT with If-None-Match: *. Pure. */
import type { PoolDesign } from "../network/design.js";
import type { Capacity } from "../network/capacity.js";
import type { Finding } from "../network/findings.js";
import { surgeNodes } from "../network/capacity.js";
import { type PlanDocument, clusterResourceId, diff, emptyPlanBase } from "./plan.js";

/** The agent pool body (SDK shape): every setting explicit. */
export function agentPoolBody(pool: PoolDesign, vnetSubnetId: string | undefined, orchestratorVersion: string | undefined): Record<string, unknown> {
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
    ...(orchestratorVersion !== undefined && { orchestratorVersion }),
    upgradeSettings: { maxSurge: pool.maxSurge, ...(pool.maxUnavailable !== "0" && { maxUnavailable: pool.maxUnavailable }) },
  };
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

export interface NodepoolTarget {
  subscriptionId: string;
  resourceGroup: string;
  cluster: string;
  pool: string;
}

export function buildNodepoolPlan(
  body: Record<string, unknown>,
  target: NodepoolTarget,
  validation: { valid: boolean; findings: Finding[]; capacity: Capacity | null },
  defaulted: string[],
  armEndpoint: string,
  now: Date,
): PlanDocument {
  const clusterId = clusterResourceId(target.subscriptionId, target.resourceGroup, target.cluster);
  const resourceId = `${clusterId}/agentPools/${target.pool}`;
  return {
    ...emptyPlanBase(),
    operation: "nodepool-add",
    target: { subscriptionId: target.subscriptionId, resourceGroup: target.resourceGroup, name: target.cluster, resourceId: clusterId, pool: target.pool },
    valid: validation.valid,
    findings: validation.findings,
    capacity: validation.capacity,
    changes: validation.valid
      ? [{ action: "create", resourceType: "Microsoft.ContainerService/managedClusters/agentPools", resourceId, etag: null, diff: diff(undefined, body), body }]
      : [],
    defaulted,
    armEndpoint,
    createdAt: now.toISOString(),
  };
}
