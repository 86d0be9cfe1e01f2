/**
 * The plan for `upgrade`: the cluster exactly as read, with only the network plugin, its mode and
 * (for legacy Azure CNI) the pod CIDR changed. Everything else is what the GET returned. Pure.
 */
import type { NetworkMode } from "../network/fromCluster.js";
import type { Capacity } from "../network/capacity.js";
import type { Finding } from "../network/findings.js";
import { type PlanDocument, clusterResourceId, diff, emptyPlanBase } from "./plan.js";

type Cluster = { networkProfile?: object; eTag?: string } & Record<string, unknown>;

/** The cluster after the move: plugin azure, mode overlay; legacy CNI gets the new pod CIDR. */
export function overlayCluster(cluster: Cluster, mode: NetworkMode, podCidr: string | undefined): Cluster {
  const after = structuredClone(cluster);
  const np: Record<string, unknown> = { ...(after.networkProfile ?? {}) };
  np.networkPlugin = "azure";
  np.networkPluginMode = "overlay";
  if (mode === "azure-legacy" && podCidr !== undefined) {
    np.podCidr = podCidr;
    np.podCidrs = [podCidr];
  }
  after.networkProfile = np;
  return after;
}

export interface UpgradeTarget {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export function buildUpgradePlan(
  cluster: Cluster,
  mode: NetworkMode,
  podCidr: string | undefined,
  target: UpgradeTarget,
  validation: { valid: boolean; findings: Finding[]; capacity: Capacity | null },
  armEndpoint: string,
  now: Date,
): PlanDocument {
  const resourceId = clusterResourceId(target.subscriptionId, target.resourceGroup, target.name);
  const base = {
    ...emptyPlanBase(),
    operation: "upgrade" as const,
    target: { ...target, resourceId },
    valid: validation.valid,
    findings: validation.findings,
    capacity: validation.capacity,
    defaulted: [],
    armEndpoint,
    createdAt: now.toISOString(),
  };
  const etag = typeof cluster.eTag === "string" ? cluster.eTag : null;
  if (mode === "overlay") {
    return { ...base, changes: [{ action: "noop", resourceType: "Microsoft.ContainerService/managedClusters", resourceId, etag, diff: [], body: cluster }] };
  }
  if (!validation.valid) return { ...base, changes: [] };
  const after = overlayCluster(cluster, mode, podCidr);
  return { ...base, changes: [{ action: "update", resourceType: "Microsoft.ContainerService/managedClusters", resourceId, etag, diff: diff(cluster, after), body: after }] };
}
