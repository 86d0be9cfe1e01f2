/**
 * `upgrade`: move a kubenet or legacy Azure CNI cluster to overlay. Observe reads the cluster and,
 * when it can move, its VNet(s); decide reports every blocker and builds the cluster exactly as
 * read with only the network plugin, its mode and (legacy Azure CNI) the pod CIDR changed.
 */
import type { AzurePort, Resource } from "../azure/port.js";
import type { PoolDesign } from "../network/design.js";
import { resolveDesign } from "../network/design.js";
import { type Finding, bySeverity, plural } from "../network/findings.js";
import { type NetworkMode, clusterView, designFromCluster, networkMode } from "../network/fromCluster.js";
import { canonicalCidr } from "../network/cidr.js";
import { clusterResourceId } from "../network/resourceIds.js";
import { type UpgradeCluster, upgradeFindings, withoutRestated, writeWouldConflict } from "../network/rules/upgrade.js";
import { validateDesign } from "../network/validate.js";
import type { Capacity } from "../network/capacity.js";
import { type Change, type PlanDocument, basisEntry, diff, etagOf, PLAN_FORMAT_VERSION } from "../plan/plan.js";
import { type ClusterVnets, type ObservedClusterNetwork, clusterNetwork, legacyPodCidrProposal, readClusterVnets } from "./clusterNetwork.js";
import { type DecideContext, type Decision, type Note, type OperationModule, checkNames } from "./operation.js";

export interface UpgradeRequest {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** --pod-cidr as given (required for legacy Azure CNI; a new one for kubenet, else it keeps its own). */
  podCidr?: string;
}

export interface UpgradeObserved {
  cluster?: Resource;
  /** Read only when the cluster can move (kubenet, legacy Azure CNI). */
  vnets?: ClusterVnets;
}

const CLUSTER_TYPE = "Microsoft.ContainerService/managedClusters";

const MODE_LABEL: Record<NetworkMode, string> = {
  kubenet: "kubenet",
  "azure-legacy": "legacy Azure CNI (pods on the node subnet)",
  "azure-pod-subnet": "Azure CNI with a pod subnet (dynamic IP allocation)",
  overlay: "Azure CNI Overlay",
  none: "bring-your-own CNI (network plugin none)",
  unknown: "an unknown network plugin",
};

function upgradable(mode: NetworkMode): boolean {
  return mode === "kubenet" || mode === "azure-legacy";
}

/**
 * The cluster after the move, as ARM's JSON: the cluster exactly as read, with only
 * `properties.networkProfile`'s plugin and mode (and the pod CIDR, when one is given) changed.
 */
export function overlayCluster<T extends Record<string, unknown>>(cluster: T, mode: NetworkMode, podCidr: string | undefined): T {
  const after = structuredClone(cluster) as Record<string, unknown>;
  const props = (after.properties ?? {}) as Record<string, unknown>;
  const np: Record<string, unknown> = { ...((props.networkProfile as Record<string, unknown> | undefined) ?? {}) };
  np.networkPlugin = "azure";
  np.networkPluginMode = "overlay";
  // Legacy Azure CNI needs a pod CIDR; kubenet keeps its own unless a new one is given (AKS
  // release 2025-08-29; update-azure-cni.md).
  if ((mode === "azure-legacy" || mode === "kubenet") && podCidr !== undefined) {
    np.podCidr = canonicalCidr(podCidr);
    np.podCidrs = [canonicalCidr(podCidr)];
  }
  after.properties = { ...props, networkProfile: np };
  return after as T;
}

function checkRequest(request: UpgradeRequest): void {
  checkNames({ "--resource-group": request.resourceGroup, "--name": request.name });
}

async function observe(azure: AzurePort, request: UpgradeRequest): Promise<UpgradeObserved> {
  const cluster = await azure.get(clusterResourceId(request.subscriptionId, request.resourceGroup, request.name));
  if (!cluster) return {};
  const view = clusterView<UpgradeCluster>(cluster);
  if (!upgradable(networkMode(view))) return { cluster };
  return { cluster, vnets: await readClusterVnets(view, azure, request.subscriptionId) };
}

interface Checked {
  findings: Finding[];
  capacity: Capacity | null;
  pools: PoolDesign[];
}

/** Every rule against the cluster as it will be, in the network it is in. */
function checkAfter(cluster: Resource, mode: NetworkMode, request: UpgradeRequest, network: ObservedClusterNetwork | undefined): Checked {
  const findings: Finding[] = [];
  if (!etagOf(cluster)) {
    findings.push({
      severity: "error",
      code: "ETagMissing",
      path: "cluster.name",
      message: `Azure returned cluster ${request.name} without an eTag: aks-overlay will not write it without If-Match, since a concurrent change could then be overwritten`,
      hint: "use an API version that returns eTags (2024-05-01 or later), or retry later",
    });
  }
  const view = clusterView<UpgradeCluster>(cluster);
  const podCidr = request.podCidr ?? (mode === "kubenet" ? view.networkProfile?.podCidr : undefined);
  if (podCidr === undefined) return { findings, capacity: null, pools: [] };
  const after = clusterView<UpgradeCluster>(overlayCluster(cluster, mode, request.podCidr));
  const resolved = resolveDesign(designFromCluster(after, network?.view), network?.context ? { context: network.context, nodeSubnetCidr: network.nodeSubnetCidr } : undefined);
  const validation = validateDesign(resolved.design, resolved.network);
  const hasPools = (view.agentPoolProfiles ?? []).length > 0;
  findings.push(...validation.findings.filter((f) => f.code !== "SystemPoolRequired" || hasPools));
  return { findings, capacity: validation.capacity, pools: resolved.design.pools };
}

function decide(request: UpgradeRequest, observed: UpgradeObserved, context: DecideContext): Decision {
  const resourceId = clusterResourceId(request.subscriptionId, request.resourceGroup, request.name);
  const subject = `cluster ${request.resourceGroup}/${request.name}`;
  const base = {
    formatVersion: PLAN_FORMAT_VERSION as typeof PLAN_FORMAT_VERSION,
    kind: "plan" as const,
    operation: "upgrade" as const,
    request: { ...request },
    target: { subscriptionId: request.subscriptionId, resourceGroup: request.resourceGroup, name: request.name, resourceId },
    defaulted: [],
    armEndpoint: context.armEndpoint,
    createdAt: context.now.toISOString(),
  };
  const planView = { pools: [] as PoolDesign[], notes: [] as Note[], nothingToDo: false, conflict: false, question: "", verb: "upgrading", subject, action: "upgrade the cluster" };
  const cluster = observed.cluster;
  if (!cluster) {
    const findings: Finding[] = [{ severity: "error", code: "ClusterNotFound", path: "cluster.name", message: `${subject} does not exist (${resourceId})`, hint: "check the name and group: az aks list -o table" }];
    const plan: PlanDocument = { ...base, valid: false, findings, capacity: null, changes: [], basis: [basisEntry(resourceId, undefined)] };
    return { plan, view: planView };
  }

  const view = clusterView<UpgradeCluster>(cluster);
  const network = observed.vnets ? clusterNetwork(view, observed.vnets) : undefined;
  const routeTables = network?.customRouteTables ?? [];
  const proposal = request.podCidr === undefined && networkMode(view) === "azure-legacy" && network ? (legacyPodCidrProposal(view, network) ?? null) : undefined;
  const { mode, findings: readiness } = upgradeFindings(view, { resourceGroup: request.resourceGroup, name: request.name, podCidr: request.podCidr, customRouteTables: routeTables, podCidrProposal: proposal });
  const checked: Checked = upgradable(mode) ? checkAfter(cluster, mode, request, network) : { findings: [], capacity: null, pools: [] };
  const findings = bySeverity([...readiness, ...withoutRestated(readiness, checked.findings)]);
  const valid = !findings.some((f) => f.severity === "error");
  const etag = etagOf(cluster);
  // On overlay already: nothing to do, unless the last operation failed; then the desired state
  // (the cluster as read) is PUT back to reconcile, as `az aks update` with no change does.
  const reconcile = mode === "overlay" && readiness.some((f) => f.code === "ClusterLastOperationFailed");
  let changes: Change[] = [];
  if (mode === "overlay" && !reconcile) changes = [{ action: "noop", resourceType: CLUSTER_TYPE, resourceId, etag, diff: [], body: cluster }];
  else if (valid) {
    const after = reconcile ? structuredClone(cluster) : overlayCluster(cluster, mode, request.podCidr);
    changes = [{ action: "update", resourceType: CLUSTER_TYPE, resourceId, etag, diff: diff(cluster, after), body: after }];
  }
  const vnets = (observed.vnets?.vnets ?? []).map((vnet) => basisEntry(String(vnet.id ?? ""), vnet));
  const plan: PlanDocument = { ...base, valid, findings, capacity: checked.capacity, changes, basis: [basisEntry(resourceId, cluster), ...vnets] };

  const np = view.networkProfile ?? {};
  const pools = view.agentPoolProfiles ?? [];
  const nodes = pools.reduce((n, p) => n + (p.count ?? 0), 0);
  const verdict: Note = !valid
    ? { text: `Not ready: ${plural(findings.filter((f) => f.severity === "error").length, "blocker")} below.`, tone: "error" }
    : reconcile
      ? { text: `Already on overlay, but its last operation ended ${view.provisioningState}: the plan re-applies the cluster as read, to reconcile.`, tone: "ok" }
      : { text: mode === "overlay" ? "Nothing to do." : "Ready to upgrade.", tone: "ok" };
  const notes: Note[] = [
    { text: `Networking now: ${MODE_LABEL[mode]}${np.podCidr ? `, pod CIDR ${np.podCidr}` : ""}, service CIDR ${np.serviceCidr ?? "?"}` },
    { text: `Pools: ${pools.map((p) => `${p.name} (${p.count ?? 0} nodes)`).join(", ")}; ${nodes} nodes in all` },
    verdict,
  ];
  return {
    plan,
    view: {
      ...planView,
      pools: checked.pools,
      notes,
      nothingToDo: mode === "overlay" && !reconcile,
      // An operation running on the cluster is a conflict (exit 6), not a rule (exit 3).
      conflict: writeWouldConflict(view),
      question: reconcile
        ? `Re-apply ${subject} as read, to reconcile after its failed operation?`
        : `Upgrade ${subject} to Azure CNI Overlay? This cannot be undone and re-images all ${pools.length} pools (${nodes} nodes) at once.`,
    },
  };
}

export const upgradeOperation: OperationModule<UpgradeRequest, UpgradeObserved> = { name: "upgrade", checkRequest, observe, decide };
