/**
 * "Upgrade to overlay" rules: whether an existing cluster can move to Azure CNI Overlay, and what
 * the move costs. The cluster is the SDK's flattened ManagedCluster. Pure.
 *
 * Source, unless a rule names another: update-azure-cni.md (MicrosoftDocs/azure-aks-docs, revision
 * of 2026-05), "Update the IPAM mode to Azure CNI Overlay" and its Azure CNI / Kubenet tabs.
 */
import { type ArmAgentPoolProfile, type ArmClusterProperties, type NetworkMode, networkMode, poolNodeCount } from "../fromCluster.js";
import { type Finding, formatCount, plural } from "../findings.js";
import { POOLS, podCidrPath, poolPath } from "../paths.js";
import { parseKubernetesVersion, versionAtLeast } from "./compatibility.js";
import { shellWord } from "../shown.js";

export interface UpgradeCluster extends ArmClusterProperties {
  name?: string;
  currentKubernetesVersion?: string;
  provisioningState?: string;
  powerState?: { code?: string };
  identity?: { type?: string };
  nodeResourceGroup?: string;
  agentPoolProfiles?: (ArmAgentPoolProfile & { nodeImageVersion?: string; orchestratorVersion?: string; currentOrchestratorVersion?: string; powerState?: { code?: string } })[];
}

export interface UpgradeContext {
  resourceGroup: string;
  name: string;
  /**
   * --pod-cidr as given: required for legacy Azure CNI; optional for kubenet, which may take a new
   * one since the AKS release of 2025-08-29 (without it, kubenet keeps its own). The address-space
   * rules check it against the cluster as it will be, not these rules.
   */
  podCidr?: string;
  /** Route tables attached to the pools' subnets that AKS did not create (not in the node resource group). */
  customRouteTables: string[];
  /**
   * For a legacy Azure CNI cluster without --pod-cidr: a pod CIDR that conflicts with nothing its
   * network knows (null: no private range is free of it; undefined: not worked out), for the hint.
   */
  podCidrProposal?: string | null;
}

/** "Is on Kubernetes version 1.27 or later" (update-azure-cni.md, "Update the IPAM mode to Azure CNI Overlay"). */
export const UPGRADE_MIN_VERSION = [1, 27, 0] as const;
/** Windows Server 2022 builds below 20348.1668 SNAT pod traffic wrongly after the move (same section). */
const WINDOWS_GOOD_BUILD = 1668;

type Pool = NonNullable<UpgradeCluster["agentPoolProfiles"]>[number];

/** The migration path itself: pod subnet and bring-your-own CNI clusters have none. */
function pathFindings(cluster: UpgradeCluster, mode: NetworkMode, ctx: UpgradeContext): Finding[] {
  const np = cluster.networkProfile ?? {};
  if (mode === "azure-pod-subnet") {
    const withPodSubnet = (cluster.agentPoolProfiles ?? []).filter((p) => p.podSubnetID).map((p) => p.name);
    return [
      {
        severity: "error",
        code: "UpgradeFromPodSubnet",
        path: "cluster.name",
        message: `cluster ${ctx.name} uses dynamic pod IP allocation (pools ${withPodSubnet.join(", ")} have a pod subnet): such clusters cannot be upgraded to overlay`,
        hint: "create a new overlay cluster (aks-overlay create) and move the workloads",
      },
    ];
  }
  if (mode === "none") {
    return [
      {
        severity: "error",
        code: "UpgradeFromByoCni",
        path: "cluster.name",
        message: `cluster ${ctx.name} uses network plugin none (bring your own CNI): it cannot be upgraded to Azure CNI Overlay`,
        hint: "create a new overlay cluster (aks-overlay create) and move the workloads",
      },
    ];
  }
  if (mode === "unknown") {
    return [{ severity: "error", code: "UpgradeFromByoCni", path: "cluster.name", message: `cluster ${ctx.name} has network plugin "${np.networkPlugin ?? "(none)"}", which aks-overlay cannot upgrade` }];
  }
  return [];
}

/** A network policy engine of Azure CNI v1 must go first. */
function policyFindings(cluster: UpgradeCluster, ctx: UpgradeContext): Finding[] {
  const np = cluster.networkProfile ?? {};
  const policy = np.networkPolicy?.toLowerCase();
  if (policy !== "azure" && policy !== "calico") return [];
  return [
    {
      severity: "error",
      code: "UpgradeNetworkPolicyEnabled",
      armCode: "ValidationError",
      path: "network.networkPolicy",
      message: `cluster ${ctx.name} has network policy ${np.networkPolicy} enabled: "Cannot update cluster to Azure CNI Overlay while using network policies with Azure CNI v1"`,
      hint: `remove it first with 'az aks update -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --network-policy none' (pods lose policy enforcement until you enable cilium or azure policy on the overlay cluster), then run this again`,
      values: [np.networkPolicy as string],
    },
  ];
}

/** The cluster as it runs now: its Kubernetes version, power and provisioning state. */
function stateFindings(cluster: UpgradeCluster, ctx: UpgradeContext): Finding[] {
  const findings: Finding[] = [];
  const versionText = cluster.currentKubernetesVersion ?? cluster.kubernetesVersion;
  const version = versionText ? parseKubernetesVersion(versionText) : undefined;
  if (version && !versionAtLeast(version, UPGRADE_MIN_VERSION)) {
    findings.push({
      severity: "error",
      code: "UpgradeKubernetesVersion",
      path: "cluster.kubernetesVersion",
      message: `cluster ${ctx.name} runs Kubernetes ${versionText}; the upgrade to overlay needs 1.27 or later`,
      hint: `upgrade Kubernetes first: az aks upgrade -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --kubernetes-version <1.27 or later>`,
      values: [versionText as string],
    });
  }
  // The move to overlay is not a reconcile: a cluster whose last operation failed is fixed first
  // (overlay-rules.md: UpgradeClusterNotReady when the provisioning state is not Succeeded).
  const state = cluster.provisioningState?.toLowerCase();
  if ((state === "failed" || state === "canceled") && cluster.powerState?.code?.toLowerCase() !== "stopped") {
    findings.push({
      severity: "error",
      code: "UpgradeClusterNotReady",
      path: "cluster.name",
      message: `cluster ${ctx.name}'s last operation ended ${cluster.provisioningState}: move a cluster to overlay once it is healthy, not as part of its repair`,
      hint: `see why (az aks show -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --query status.provisioningError), reconcile it with 'az aks update -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name}' (no changes), then plan the move again`,
      values: [cluster.provisioningState as string],
    });
  } else findings.push(...provisioningFindings(cluster, ctx));
  return findings;
}

/** Provisioning states in which no operation runs any more. */
const SETTLED_STATES = new Set(["succeeded", "failed", "canceled"]);

/** Whether an operation runs on the cluster now (not settled), from its provisioning state. */
export function operationRunning(cluster: { provisioningState?: string }): boolean {
  return cluster.provisioningState !== undefined && !SETTLED_STATES.has(cluster.provisioningState.toLowerCase());
}

/** The first pool with an operation of its own running (a scale, an upgrade): AKS takes one operation at a time. */
export function busyPool(cluster: { agentPoolProfiles?: readonly { name?: string; provisioningState?: string }[] }): { name: string; state: string } | undefined {
  const pool = (cluster.agentPoolProfiles ?? []).find((p) => operationRunning(p));
  return pool ? { name: pool.name ?? "?", state: pool.provisioningState as string } : undefined;
}

/** A write now would meet a running operation (the cluster's, or a pool's): refused, exit 6. */
export function writeWouldConflict(cluster: { provisioningState?: string; agentPoolProfiles?: readonly { name?: string; provisioningState?: string }[] }): boolean {
  return operationRunning(cluster) || busyPool(cluster) !== undefined;
}

/** NodePoolNotReady for a pool with an operation running: the write would conflict with it. */
export function busyPoolFindings(cluster: UpgradeCluster, ctx: { resourceGroup: string; name: string }): Finding[] {
  const busy = busyPool(cluster);
  if (!busy) return [];
  return [
    {
      severity: "error",
      code: "NodePoolNotReady",
      path: poolPath(busy.name, "name"),
      pool: busy.name,
      message: `pool ${busy.name} of cluster ${ctx.name} is ${busy.state}: an operation is running on it, and AKS takes one operation at a time, so a write now would conflict with it`,
      hint: `wait for it to finish (az aks nodepool show -g ${shellWord(ctx.resourceGroup)} --cluster-name ${ctx.name} -n ${busy.name} --query provisioningState), then run this again`,
      values: [busy.state],
    },
  ];
}

/**
 * The cluster's power and provisioning state: stopped, or with an operation running, it cannot
 * be changed now (the latter is a conflict: exit 6); after a failed operation the PUT also
 * reconciles, as `az aks update` does.
 */
export function provisioningFindings(cluster: UpgradeCluster, ctx: { resourceGroup: string; name: string }, writes: "cluster" | "pool" = "cluster"): Finding[] {
  const show = `az aks show -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --query provisioningState`;
  if (cluster.powerState?.code?.toLowerCase() === "stopped") {
    return [{ severity: "error", code: "UpgradeClusterNotReady", path: "cluster.name", message: `cluster ${ctx.name} is stopped`, hint: `start it: az aks start -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name}` }];
  }
  if (operationRunning(cluster)) {
    return [
      {
        severity: "error",
        code: "UpgradeClusterNotReady",
        path: "cluster.name",
        message: `cluster ${ctx.name} is ${cluster.provisioningState}: another operation is running on it, and a write now would conflict with it`,
        hint: `wait for it to finish (${show}), then run this again`,
        values: [cluster.provisioningState as string],
      },
    ];
  }
  const pools = busyPoolFindings(cluster, ctx);
  if (pools.length > 0) return pools;
  const state = cluster.provisioningState?.toLowerCase();
  if (state === "failed" || state === "canceled") {
    return [
      {
        severity: "warning",
        code: "ClusterLastOperationFailed",
        path: "cluster.name",
        message:
          writes === "cluster"
            ? `cluster ${ctx.name}'s last operation ended ${cluster.provisioningState}: this write also re-applies the cluster's desired state, which is how AKS reconciles a failed cluster`
            : `cluster ${ctx.name}'s last operation ended ${cluster.provisioningState}: this writes only the pool, which leaves the cluster as it is`,
        hint:
          writes === "cluster"
            ? `see why it failed first: az aks show -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --query status.provisioningError`
            : `see why it failed (az aks show -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --query status.provisioningError); 'az aks update -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name}' (no changes) reconciles the cluster`,
        values: [cluster.provisioningState as string],
      },
    ];
  }
  return [];
}

/** Each pool: availability sets, and Windows pools on docker or on a build that mis-SNATs. */
function poolFindings(pool: Pool, clusterVersion: string | undefined, ctx: UpgradeContext): Finding[] {
  const findings: Finding[] = [];
  const name = pool.name ?? "";
  if (pool.type?.toLowerCase() === "availabilityset") {
    findings.push({ severity: "error", code: "UpgradeAvailabilitySet", path: poolPath(name, "vmSetType"), pool: pool.name, message: `pool ${pool.name} uses availability sets, which overlay does not support`, hint: "move the workload to a scale-set pool and delete this one first" });
  }
  if (pool.osType?.toLowerCase() !== "windows") return findings;
  const poolVersion = parseKubernetesVersion(pool.currentOrchestratorVersion ?? pool.orchestratorVersion ?? clusterVersion ?? "");
  // Docker: Windows Server 2019 before Kubernetes 1.23, or a node image that is not a containerd one
  // (AKS names those AKSWindows-2019-containerd-...).
  const dockerImage = pool.nodeImageVersion !== undefined && /windows/i.test(pool.nodeImageVersion) && !/containerd/i.test(pool.nodeImageVersion);
  if (pool.osSKU?.toLowerCase() === "windows2019" && ((poolVersion !== undefined && !versionAtLeast(poolVersion, [1, 23, 0])) || dockerImage)) {
    findings.push({ severity: "error", code: "UpgradeWindowsDocker", path: poolPath(name, "osSku"), pool: pool.name, message: `Windows pool ${pool.name} still uses the docker runtime`, hint: "upgrade the pool to containerd (Kubernetes 1.23 or later, or a Windows2022 pool) first" });
  }
  const build = /20348\.(\d+)/.exec(pool.nodeImageVersion ?? "");
  if (build && Number(build[1]) < WINDOWS_GOOD_BUILD) {
    findings.push({
      severity: "warning",
      code: "UpgradeWindowsDocker",
      path: poolPath(name, "osSku"),
      pool: pool.name,
      message: `Windows pool ${pool.name} runs OS build 20348.${build[1]}; builds below 20348.${WINDOWS_GOOD_BUILD} SNAT pod traffic wrongly after the upgrade`,
      hint: `upgrade its node image first: az aks nodepool upgrade -g ${shellWord(ctx.resourceGroup)} --cluster-name ${ctx.name} -n ${pool.name} --node-image-only`,
    });
  }
  return findings;
}

/**
 * What the path needs: a pod CIDR for legacy Azure CNI ("The --pod-cidr parameter is required when
 * you update from legacy CNI plugins"). Kubenet keeps its own or takes a new one ("If you want to
 * expand the pod CIDR ... specify the new range by using --pod-cidr"; AKS release 2025-08-29), so
 * UpgradePodCidrChange is retired.
 */
function podCidrFindings(mode: NetworkMode, ctx: UpgradeContext): Finding[] {
  if (mode === "azure-legacy" && ctx.podCidr === undefined) {
    return [
      {
        severity: "error",
        code: "UpgradePodCidrRequired",
        path: podCidrPath(0),
        message: `cluster ${ctx.name} uses legacy Azure CNI (pods take VNet addresses): the upgrade needs a --pod-cidr for the overlay pod addresses`,
        hint:
          ctx.podCidrProposal === null
            ? "give a private range outside the VNet, its peerings and the service CIDR; none of 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10 has a range free of them here that holds the cluster, so free one first (or use a pod CIDR outside private space, which works but is not supported)"
            : `give a private range outside the VNet, its peerings and the service CIDR: --pod-cidr ${ctx.podCidrProposal ?? "<range>"}${ctx.podCidrProposal ? " conflicts with nothing the cluster's network knows" : " (aks-overlay checks it)"}`,
      },
    ];
  }
  return [];
}

/**
 * Kubenet's own risks: dual-stack, and a custom route table with a system-assigned identity (the
 * Kubenet tab's IMPORTANT note, 2026-03-12: the route table "needs to be detached in order for you to
 * update. To remove the route table, you need a user-assigned managed identity on the cluster.
 * System-assigned managed identities aren't supported."). An AKS-managed route table (in the node
 * resource group) is deleted by AKS itself, so only custom ones count.
 */
function kubenetFindings(cluster: UpgradeCluster, ctx: UpgradeContext): Finding[] {
  const findings: Finding[] = [];
  if ((cluster.networkProfile?.ipFamilies ?? []).length > 1) {
    findings.push({ severity: "warning", code: "UpgradeKubenetDualStack", path: "network.ipFamilies", message: `cluster ${ctx.name} is dual-stack kubenet: IPv6 traffic breaks while the upgrade runs`, hint: "plan a maintenance window for IPv6 workloads" });
  }
  if (ctx.customRouteTables.length > 0 && cluster.identity?.type?.toLowerCase() === "systemassigned") {
    findings.push({
      severity: "error",
      code: "UpgradeSystemAssignedRouteTable",
      path: "network.vnetSubnetId",
      message: `cluster ${ctx.name} has a custom route table (${ctx.customRouteTables.join(", ")}) on its node subnet and a system-assigned identity: the upgrade must detach the route table, which needs a user-assigned managed identity (system-assigned ones are not supported)`,
      values: [...ctx.customRouteTables],
      // user-assigned-managed-identity.md, "Update an existing cluster to use a user-assigned managed identity".
      hint: `move the cluster to a user-assigned identity first (it needs Network Contributor on the subnet and route table): az aks update -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --enable-managed-identity --assign-identity <identity resource ID>, then run this again`,
    });
  }
  return findings;
}

/** What every move costs: all pools re-imaged at once, and the ip-masq-agent config to check. */
function costFindings(pools: readonly Pool[]): Finding[] {
  const nodes = pools.reduce((n, p) => n + poolNodeCount(p), 0);
  return [
    {
      severity: "warning",
      code: "UpgradeReimagesAllPools",
      path: POOLS,
      message: `the upgrade is irreversible and re-images all ${plural(pools.length, "pool")} (${formatCount(nodes)} nodes: ${pools.map((p) => `${p.name} ${poolNodeCount(p)}`).join(", ")}) at once, not one pool at a time`,
      hint: "run it in a maintenance window; workloads restart on every node",
    },
    {
      severity: "warning",
      code: "UpgradeIpMasqAgentConfig",
      path: "cluster.name",
      // AKS release 2025-01-30: the move "is blocked when there is a custom ip-masq-agent config in the
      // kube-system namespace"; update-azure-cni.md's WARNING: delete a left-over one.
      message:
        "AKS refuses the move to overlay while a custom ip-masq-agent config (the azure-ip-masq-agent-config ConfigMap in kube-system) exists; a custom one's extra no-SNAT ranges would stop working anyway, since overlay pod IPs are unreachable outside the cluster's nodes",
      hint: "check before you start: kubectl get configmap -n kube-system | grep ip-masq-agent (only azure-ip-masq-agent-config-reconciled should be there; delete a left-over azure-ip-masq-agent-config, or move a custom one's ranges elsewhere first)",
    },
  ];
}

/** Whether the cluster can move to overlay now, and what the move costs: every finding at once. */
export function upgradeFindings(cluster: UpgradeCluster, ctx: UpgradeContext): { mode: NetworkMode; findings: Finding[] } {
  const mode = networkMode(cluster);
  const np = cluster.networkProfile ?? {};
  const pools = cluster.agentPoolProfiles ?? [];
  if (mode === "overlay") {
    const already: Finding = { severity: "info", code: "UpgradeAlreadyOverlay", path: "cluster.name", message: `cluster ${ctx.resourceGroup}/${ctx.name} already uses Azure CNI Overlay (pod CIDR ${np.podCidr ?? np.podCidrs?.join(",") ?? "?"})` };
    // Already on overlay, but not settled well: running (wait) or failed (reconcile).
    return { mode, findings: [already, ...provisioningFindings(cluster, ctx)] };
  }
  const movable = mode === "kubenet" || mode === "azure-legacy";
  const clusterVersion = cluster.currentKubernetesVersion ?? cluster.kubernetesVersion;
  const findings = [
    ...pathFindings(cluster, mode, ctx),
    ...policyFindings(cluster, ctx),
    ...stateFindings(cluster, ctx),
    ...pools.flatMap((pool) => poolFindings(pool, clusterVersion, ctx)),
    ...podCidrFindings(mode, ctx),
    ...(mode === "kubenet" ? kubenetFindings(cluster, ctx) : []),
    ...(movable ? costFindings(pools) : []),
  ];
  return { mode, findings };
}

/** Rules of the whole rulebook that the upgrade rules say again, per pool, in their own words. */
const RESTATED: Readonly<Record<string, string>> = { AvailabilitySetNotSupported: "UpgradeAvailabilitySet" };

/** The rulebook's findings on the cluster as it will be, less those an upgrade finding already states for the same pool. */
export function withoutRestated(upgrade: readonly Finding[], rulebook: readonly Finding[]): Finding[] {
  return rulebook.filter((f) => {
    const same = RESTATED[f.code];
    return same === undefined || !upgrade.some((u) => u.code === same && u.pool === f.pool);
  });
}
