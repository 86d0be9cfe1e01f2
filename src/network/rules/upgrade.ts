/**
 * "Upgrade to overlay" rules: whether an existing cluster can move to Azure CNI Overlay, and what
 * the move costs. The cluster is the SDK's flattened ManagedCluster. Pure.
 */
import { type ArmAgentPoolProfile, type ArmClusterProperties, type NetworkMode, networkMode } from "../fromCluster.js";
import { type Finding, formatCount, plural } from "../findings.js";
import { POOLS, podCidrPath, poolPath } from "../paths.js";
import { parseKubernetesVersion, versionAtLeast } from "./compatibility.js";

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
  /** --pod-cidr as given. */
  podCidr?: string;
  /** Route tables attached to the pools' subnets that AKS did not create (not in the node resource group). */
  customRouteTables: string[];
}

export const UPGRADE_MIN_VERSION = [1, 27, 0] as const;
/** Windows Server 2022 builds below 20348.1668 SNAT pod traffic wrongly after the move. */
const WINDOWS_GOOD_BUILD = 1668;

export function upgradeFindings(cluster: UpgradeCluster, ctx: UpgradeContext): { mode: NetworkMode; findings: Finding[] } {
  const mode = networkMode(cluster);
  const findings: Finding[] = [];
  const np = cluster.networkProfile ?? {};
  const pools = cluster.agentPoolProfiles ?? [];
  const az = `az aks update -g ${ctx.resourceGroup} -n ${ctx.name}`;

  if (mode === "overlay") {
    findings.push({ severity: "info", code: "UpgradeAlreadyOverlay", path: "cluster.name", message: `cluster ${ctx.resourceGroup}/${ctx.name} already uses Azure CNI Overlay (pod CIDR ${np.podCidr ?? np.podCidrs?.join(",") ?? "?"}): nothing to do` });
    return { mode, findings };
  }
  if (mode === "azure-pod-subnet") {
    const withPodSubnet = pools.filter((p) => p.podSubnetID).map((p) => p.name);
    findings.push({
      severity: "error",
      code: "UpgradeFromPodSubnet",
      path: "cluster.name",
      message: `cluster ${ctx.name} uses dynamic pod IP allocation (pools ${withPodSubnet.join(", ")} have a pod subnet): such clusters cannot be upgraded to overlay`,
      hint: "create a new overlay cluster (aks-overlay create) and move the workloads",
    });
  }
  if (mode === "none") {
    findings.push({
      severity: "error",
      code: "UpgradeFromByoCni",
      path: "cluster.name",
      message: `cluster ${ctx.name} uses network plugin none (bring your own CNI): it cannot be upgraded to Azure CNI Overlay`,
      hint: "create a new overlay cluster (aks-overlay create) and move the workloads",
    });
  }
  if (mode === "unknown") {
    findings.push({ severity: "error", code: "UpgradeFromByoCni", path: "cluster.name", message: `cluster ${ctx.name} has network plugin "${np.networkPlugin ?? "(none)"}", which aks-overlay cannot upgrade` });
  }
  const policy = np.networkPolicy?.toLowerCase();
  if (policy === "azure" || policy === "calico") {
    findings.push({
      severity: "error",
      code: "UpgradeNetworkPolicyEnabled",
      armCode: "ValidationError",
      path: "network.networkPolicy",
      message: `cluster ${ctx.name} has network policy ${np.networkPolicy} enabled: "Cannot update cluster to Azure CNI Overlay while using network policies with Azure CNI v1"`,
      hint: `remove it first with '${az} --network-policy none' (pods lose policy enforcement until you enable cilium or azure policy on the overlay cluster), then run this again`,
      values: [np.networkPolicy as string],
    });
  }
  const versionText = cluster.currentKubernetesVersion ?? cluster.kubernetesVersion;
  const version = versionText ? parseKubernetesVersion(versionText) : undefined;
  if (version && !versionAtLeast(version, UPGRADE_MIN_VERSION)) {
    findings.push({
      severity: "error",
      code: "UpgradeKubernetesVersion",
      path: "cluster.kubernetesVersion",
      message: `cluster ${ctx.name} runs Kubernetes ${versionText}; the upgrade to overlay needs 1.27 or later`,
      hint: `upgrade Kubernetes first: az aks upgrade -g ${ctx.resourceGroup} -n ${ctx.name} --kubernetes-version <1.27 or later>`,
      values: [versionText as string],
    });
  }
  const stopped = cluster.powerState?.code?.toLowerCase() === "stopped";
  if (stopped || (cluster.provisioningState !== undefined && cluster.provisioningState !== "Succeeded")) {
    findings.push({
      severity: "error",
      code: "UpgradeClusterNotReady",
      path: "cluster.name",
      message: stopped
        ? `cluster ${ctx.name} is stopped`
        : `cluster ${ctx.name} is in provisioning state ${cluster.provisioningState}: another operation is running or the last one failed`,
      hint: stopped ? `start it: az aks start -g ${ctx.resourceGroup} -n ${ctx.name}` : `wait for it to finish (az aks show -g ${ctx.resourceGroup} -n ${ctx.name} --query provisioningState), or fix the failure, then run this again`,
    });
  }
  for (const pool of pools) {
    if (pool.type?.toLowerCase() === "availabilityset") {
      findings.push({ severity: "error", code: "UpgradeAvailabilitySet", path: poolPath(pool.name ?? "", "vmSetType"), pool: pool.name, message: `pool ${pool.name} uses availability sets, which overlay does not support`, hint: "move the workload to a scale-set pool and delete this one first" });
    }
    if (pool.osType?.toLowerCase() === "windows") {
      const poolVersion = parseKubernetesVersion(pool.currentOrchestratorVersion ?? pool.orchestratorVersion ?? versionText ?? "");
      const docker = pool.osSKU?.toLowerCase() === "windows2019" && poolVersion !== undefined && !versionAtLeast(poolVersion, [1, 23, 0]);
      if (docker) {
        findings.push({ severity: "error", code: "UpgradeWindowsDocker", path: poolPath(pool.name ?? "", "osSku"), pool: pool.name, message: `Windows pool ${pool.name} still uses the docker runtime`, hint: "upgrade the pool to containerd (Kubernetes 1.23 or later, or a Windows2022 pool) first" });
      }
      const build = /20348\.(\d+)/.exec(pool.nodeImageVersion ?? "");
      if (build && Number(build[1]) < WINDOWS_GOOD_BUILD) {
        findings.push({
          severity: "warning",
          code: "UpgradeWindowsDocker",
          path: poolPath(pool.name ?? "", "osSku"),
          pool: pool.name,
          message: `Windows pool ${pool.name} runs OS build 20348.${build[1]}; builds below 20348.${WINDOWS_GOOD_BUILD} SNAT pod traffic wrongly after the upgrade`,
          hint: `upgrade its node image first: az aks nodepool upgrade -g ${ctx.resourceGroup} --cluster-name ${ctx.name} -n ${pool.name} --node-image-only`,
        });
      }
    }
  }
  if (mode === "azure-legacy" && ctx.podCidr === undefined) {
    findings.push({
      severity: "error",
      code: "UpgradePodCidrRequired",
      path: podCidrPath(0),
      message: `cluster ${ctx.name} uses legacy Azure CNI (pods take VNet addresses): the upgrade needs a --pod-cidr for the overlay pod addresses`,
      hint: "give a private range outside the VNet, its peerings and the service CIDR, e.g. --pod-cidr 192.168.0.0/16 (aks-overlay checks it)",
    });
  }
  if (mode === "kubenet" && ctx.podCidr !== undefined && ctx.podCidr !== np.podCidr) {
    findings.push({
      severity: "error",
      code: "UpgradePodCidrChange",
      path: podCidrPath(0),
      message: `kubenet keeps its pod CIDR ${np.podCidr} when it moves to overlay; --pod-cidr ${ctx.podCidr} cannot change it`,
      hint: "leave --pod-cidr out",
      values: [ctx.podCidr],
    });
  }
  if (mode === "kubenet" && (np.ipFamilies ?? []).length > 1) {
    findings.push({ severity: "warning", code: "UpgradeKubenetDualStack", path: "network.ipFamilies", message: `cluster ${ctx.name} is dual-stack kubenet: IPv6 traffic breaks while the upgrade runs`, hint: "plan a maintenance window for IPv6 workloads" });
  }
  if (mode === "kubenet" && ctx.customRouteTables.length > 0 && cluster.identity?.type?.toLowerCase() === "systemassigned") {
    findings.push({
      severity: "warning",
      code: "UpgradeSystemAssignedRouteTable",
      path: "network.vnetSubnetId",
      message: `cluster ${ctx.name} uses a custom route table (${ctx.customRouteTables.join(", ")}) with a system-assigned identity: the route table cannot be detached during the upgrade`,
      hint: "detach the route table from the node subnet yourself after the upgrade, or switch the cluster to a user-assigned identity first",
    });
  }
  if (mode === "kubenet" || mode === "azure-legacy") {
    const nodes = pools.reduce((n, p) => n + (p.count ?? 0), 0);
    findings.push({
      severity: "warning",
      code: "UpgradeReimagesAllPools",
      path: POOLS,
      message: `the upgrade is irreversible and re-images all ${plural(pools.length, "pool")} (${formatCount(nodes)} nodes: ${pools.map((p) => `${p.name} ${p.count ?? 0}`).join(", ")}) at once, not one pool at a time`,
      hint: "run it in a maintenance window; workloads restart on every node",
    });
    findings.push({
      severity: "warning",
      code: "UpgradeIpMasqAgentConfig",
      path: "cluster.name",
      message: "a custom or left-over azure-ip-masq-agent-config ConfigMap breaks pod connectivity after the upgrade",
      hint: "check before you start: kubectl get configmap azure-ip-masq-agent-config -n kube-system -o yaml (delete or fix it if it lists the old pod ranges)",
    });
  }
  return { mode, findings };
}
