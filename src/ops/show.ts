/**
 * `show`: one cluster as it is: its network, pools, capacity against its pod CIDR (on overlay), its
 * last operation, and what to do next. Observe reads (the cluster, the VNets of its pools); describe
 * is pure.
 */
import type { AzurePort, Resource } from "../azure/port.js";
import type { Capacity } from "../network/capacity.js";
import { CLUSTER_DOCUMENT_VERSION, type ClusterDocument } from "../plan/cluster.js";
import { resolveDesign } from "../network/design.js";
import { type Finding, bySeverity } from "../network/findings.js";
import { clusterView, designFromCluster, networkMode, poolNodeCount } from "../network/fromCluster.js";
import { clusterResourceId } from "../network/resourceIds.js";
import { type UpgradeCluster, upgradeFindings } from "../network/rules/upgrade.js";
import { validateDesign } from "../network/validate.js";
import { podCidrExpansionBlocked } from "../network/rules/update.js";
import { growthOfExisting } from "./capacityHints.js";
import { type ClusterVnets, clusterNetwork, legacyPodCidrProposal, readClusterVnets } from "./clusterNetwork.js";
import { shellWord } from "../network/shown.js";

export interface ShowRequest {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export async function observeCluster(azure: AzurePort, request: ShowRequest): Promise<{ cluster: Resource; vnets: ClusterVnets } | undefined> {
  const cluster = await azure.get(clusterResourceId(request.subscriptionId, request.resourceGroup, request.name));
  if (!cluster) return undefined;
  return { cluster, vnets: await readClusterVnets(clusterView<UpgradeCluster>(cluster), azure, request.subscriptionId) };
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);

/** The cluster document, from what was read. Pure. */
export function describeCluster(request: ShowRequest, cluster: Resource, vnets: ClusterVnets): ClusterDocument {
  const view = clusterView<UpgradeCluster & { provisioningState?: string; powerState?: { code?: string }; currentKubernetesVersion?: string }>(cluster);
  const np = view.networkProfile ?? {};
  const mode = networkMode(view);
  const network = clusterNetwork(view, vnets);
  const status = (cluster.properties as { status?: { provisioningError?: { code?: unknown; message?: unknown } } } | undefined)?.status?.provisioningError;
  let capacity: Capacity | null = null;
  const findings: Finding[] = [];
  const where = `-g ${shellWord(request.resourceGroup)} -n ${request.name}`;
  const next: string[] = [];
  if (mode === "overlay") {
    const resolved = resolveDesign(designFromCluster(view, network.view), network.context ? { context: network.context, nodeSubnetCidr: network.nodeSubnetCidr } : undefined);
    const validation = validateDesign(resolved.design, resolved.network);
    capacity = validation.capacity;
    // The capacity hints for a cluster that exists: its pod CIDR grows only to a superset of itself, if at all.
    const pod = capacity.podCidr;
    const existing = { resourceGroup: request.resourceGroup, name: request.name, expansionBlocked: podCidrExpansionBlocked(view) };
    findings.push(
      ...validation.findings
        .filter((f) => f.severity !== "info")
        .map((f) => ((f.code === "InsufficientPodCidr" || f.code === "PodCidrHeadroomLow") && pod ? { ...f, hint: growthOfExisting(pod.cidr, pod.requiredNodeBlocks, existing) } : f)),
    );
  } else {
    findings.push(...upgradeFindings(view, { resourceGroup: request.resourceGroup, name: request.name, customRouteTables: network.customRouteTables }).findings);
  }
  const failed = view.provisioningState === "Failed";
  if (failed && mode === "overlay") next.push(`aks-overlay upgrade ${where}   (re-applies the cluster as read, to reconcile after the failed operation)`);
  else if (failed) next.push(`az aks update ${where}   (reconciles the cluster after the failed operation; then plan the move to overlay)`);
  if (mode === "kubenet") next.push(`aks-overlay upgrade ${where} --dry-run   (the move to Azure CNI Overlay: readiness and plan)`);
  if (mode === "azure-legacy") {
    // The move needs a pod CIDR: the one that conflicts with nothing known, sized for full scale.
    const proposal = legacyPodCidrProposal(view, network);
    next.push(
      proposal
        ? `aks-overlay upgrade ${where} --pod-cidr ${proposal} --dry-run   (the move to Azure CNI Overlay, with a pod CIDR that conflicts with nothing the cluster's network knows)`
        : `aks-overlay upgrade ${where} --pod-cidr <a private range outside the VNet, its peerings and the service CIDR> --dry-run   (no private range is free of them here)`,
    );
  }
  if (mode === "overlay" && capacity?.podCidr && capacity.podCidr.shortfallBlocks > 0 && podCidrExpansionBlocked(view) === undefined) next.push(`aks-overlay update ${where} --pod-cidr auto --dry-run   (a larger pod CIDR)`);
  const poolError = (p: unknown): { code: string; message: string } | null => {
    const e = (p as { status?: { provisioningError?: { code?: unknown; message?: unknown } } }).status?.provisioningError;
    return e ? { code: String(e.code ?? ""), message: String(e.message ?? "") } : null;
  };
  const poolFailed = (state: string | undefined): boolean => state === "Failed" || state === "Canceled";
  // A pool whose own operation failed: re-applying it as it is reconciles it (nodepool scale/update of what it has).
  for (const p of view.agentPoolProfiles ?? []) {
    if (!poolFailed((p as { provisioningState?: string }).provisioningState) || failed) continue;
    const pool = `-g ${shellWord(request.resourceGroup)} --cluster-name ${request.name} -n ${p.name ?? "?"}`;
    const why = `re-applies pool ${p.name ?? "?"} as it is, to reconcile it after its failed operation`;
    if (p.enableAutoScaling) next.push(`aks-overlay nodepool update ${pool} --update-cluster-autoscaler --min-count ${p.minCount ?? "?"} --max-count ${p.maxCount ?? "?"} --dry-run   (${why})`);
    else next.push(`aks-overlay nodepool scale ${pool} --node-count ${poolNodeCount(p)} --dry-run   (${why})`);
  }
  const pools = (view.agentPoolProfiles ?? []).map((p) => ({
    name: String(p.name ?? ""),
    mode: str(p.mode),
    osType: str(p.osType),
    count: num(p.count),
    minCount: p.enableAutoScaling ? num(p.minCount) : null,
    maxCount: p.enableAutoScaling ? num(p.maxCount) : null,
    maxSurge: str(p.upgradeSettings?.maxSurge),
    maxPods: num(p.maxPods),
    vmSize: str((p as { vmSize?: unknown }).vmSize),
    subnet: str(p.vnetSubnetID),
    provisioningState: str((p as { provisioningState?: unknown }).provisioningState),
    lastError: poolFailed((p as { provisioningState?: string }).provisioningState) ? poolError(p) : null,
  }));
  return {
    formatVersion: CLUSTER_DOCUMENT_VERSION,
    kind: "cluster",
    id: String(cluster.id ?? clusterResourceId(request.subscriptionId, request.resourceGroup, request.name)),
    name: request.name,
    resourceGroup: request.resourceGroup,
    location: str(cluster.location),
    kubernetesVersion: str(view.currentKubernetesVersion) ?? str(view.kubernetesVersion),
    provisioningState: str(view.provisioningState),
    powerState: str(view.powerState?.code),
    lastError: failed && status ? { code: String(status.code ?? ""), message: String(status.message ?? "") } : null,
    eTag: str(cluster.eTag) ?? str(cluster.etag),
    network: {
      mode,
      networkPlugin: str(np.networkPlugin),
      networkPluginMode: str(np.networkPluginMode),
      networkDataplane: str((np as { networkDataplane?: unknown }).networkDataplane),
      networkPolicy: str(np.networkPolicy),
      podCidrs: np.podCidrs ?? (np.podCidr ? [np.podCidr] : []),
      serviceCidrs: np.serviceCidrs ?? (np.serviceCidr ? [np.serviceCidr] : []),
      dnsServiceIp: str((np as { dnsServiceIP?: unknown }).dnsServiceIP),
      ipFamilies: (np as { ipFamilies?: string[] }).ipFamilies ?? ["IPv4"],
      outboundType: str((np as { outboundType?: unknown }).outboundType),
    },
    pools,
    capacity,
    findings: bySeverity(findings),
    next,
  };
}
