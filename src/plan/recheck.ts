/**
 * What `apply` checks in a saved plan before it writes anything: that its changes are exactly the
 * one change its operation makes, and that the body still passes the rulebook against the state
 * read now. A plan edited by hand (or by a script) cannot slip past the rules. Pure.
 */
import { type NetworkContext, resolveDesign } from "../network/design.js";
import type { Finding } from "../network/findings.js";
import { type ArmAgentPoolProfile, type ArmClusterProperties, type ArmNetworkView, designFromCluster, networkMode } from "../network/fromCluster.js";
import { type VnetLike, mergeVnets } from "../network/fromVnet.js";
import { validateDesign } from "../network/validate.js";
import { type UpgradeCluster, upgradeFindings } from "../network/rules/upgrade.js";
import { type PlanDocument, stripSecrets } from "./plan.js";
import { VNET_ID } from "../network/resourceIds.js";
import { overlayCluster } from "./upgradePlan.js";

const UPGRADE_PATHS = new Set(["networkProfile.networkPlugin", "networkProfile.networkPluginMode", "networkProfile.podCidr", "networkProfile.podCidrs"]);

/** Why the plan's changes are not what its operation makes, or undefined when they are. */
export function planShapeProblem(plan: PlanDocument): string | undefined {
  const t = plan.target;
  const [change, ...rest] = plan.changes;
  if (!change || rest.length > 0) return `a ${plan.operation} plan has exactly one change; this one has ${plan.changes.length}`;
  const id = change.resourceId.toLowerCase();
  if (plan.operation === "create") {
    if (change.action !== "create" || id !== t.resourceId.toLowerCase() || change.resourceType !== "Microsoft.ContainerService/managedClusters") {
      return `a create plan creates the cluster ${t.resourceId}; this one would ${change.action} ${change.resourceId}`;
    }
  } else if (plan.operation === "upgrade") {
    if ((change.action !== "update" && change.action !== "noop") || id !== t.resourceId.toLowerCase()) {
      return `an upgrade plan updates the cluster ${t.resourceId}; this one would ${change.action} ${change.resourceId}`;
    }
    const other = change.diff.find((d) => !UPGRADE_PATHS.has(d.path));
    if (other) return `an upgrade changes only the network plugin, its mode and the pod CIDR; this plan also changes ${other.path}`;
  } else {
    const poolId = `${t.resourceId}/agentPools/${t.pool ?? ""}`.toLowerCase();
    if (change.action !== "create" || id !== poolId || change.resourceType !== "Microsoft.ContainerService/managedClusters/agentPools") {
      return `a nodepool-add plan creates the pool ${t.resourceId}/agentPools/${t.pool}; this one would ${change.action} ${change.resourceId}`;
    }
  }
  return undefined;
}

/** The VNets read for the plan's basis, as one network. */
function networkOf(current: ReadonlyMap<string, Record<string, unknown> | undefined>): { context: NetworkContext; view: ArmNetworkView } | undefined {
  const vnets = [...current.entries()].filter(([id, v]) => VNET_ID.test(id) && v).map(([, v]) => v as VnetLike);
  return vnets.length === 0 ? undefined : mergeVnets(vnets, () => 0);
}

/**
 * An upgrade's body must be exactly the cluster as read now with only the overlay fields changed
 * (and, for kubenet, its own pod CIDR kept). Why it is not, or undefined.
 */
export function upgradeBodyProblem(plan: PlanDocument, current: ReadonlyMap<string, Record<string, unknown> | undefined>): string | undefined {
  const change = plan.changes[0];
  if (plan.operation !== "upgrade" || !change || change.action !== "update") return undefined;
  const cluster = current.get(plan.target.resourceId.toLowerCase());
  if (!cluster) return undefined;
  const mode = networkMode(cluster as ArmClusterProperties);
  const podCidr = mode === "azure-legacy" ? ((change.body.networkProfile as Record<string, unknown> | undefined)?.podCidr as string | undefined) : undefined;
  const expected = stripSecrets(overlayCluster(cluster, mode, podCidr));
  return JSON.stringify(expected) === JSON.stringify(change.body)
    ? undefined
    : `the plan's body is not the cluster as read with only the overlay fields changed${mode === "kubenet" ? " (kubenet keeps its pod CIDR)" : ""}`;
}

/** The error findings the plan's body has against the state read now (the basis, re-read). */
export function recheckPlan(plan: PlanDocument, current: ReadonlyMap<string, Record<string, unknown> | undefined>): Finding[] {
  const change = plan.changes[0];
  if (!change || change.action === "noop") return [];
  if (plan.operation === "upgrade") {
    const before = current.get(plan.target.resourceId.toLowerCase()) as UpgradeCluster | undefined;
    const podCidr = (change.body.networkProfile as Record<string, unknown> | undefined)?.podCidr as string | undefined;
    if (before) {
      const blockers = upgradeFindings(before, { resourceGroup: plan.target.resourceGroup, name: plan.target.name, podCidr: networkMode(before) === "azure-legacy" ? podCidr : undefined, customRouteTables: [] }).findings.filter((f) => f.severity === "error");
      if (blockers.length > 0) return blockers;
    }
  }
  let cluster: ArmClusterProperties;
  if (plan.operation === "nodepool-add") {
    const existing = current.get(plan.target.resourceId.toLowerCase()) as ArmClusterProperties | undefined;
    if (!existing) return [];
    const pool = { ...(change.body as ArmAgentPoolProfile), name: plan.target.pool };
    cluster = { ...existing, agentPoolProfiles: [...(existing.agentPoolProfiles ?? []), pool] };
  } else {
    cluster = change.body as ArmClusterProperties;
  }
  if (networkMode(cluster) !== "overlay") {
    return [{ severity: "error", code: "ClusterNotOverlay", field: "--file", message: `the plan's cluster would not use Azure CNI Overlay (network plugin ${cluster.networkProfile?.networkPlugin ?? "?"})` }];
  }
  const network = networkOf(current);
  const resolved = resolveDesign(designFromCluster(cluster, network?.view), network ? { context: network.context } : undefined);
  return validateDesign(resolved.design, resolved.network).findings.filter((f) => f.severity === "error");
}
