/**
 * Day-2 changes of an overlay cluster (`update`): pod CIDR expansion, IPv4 -> dual-stack and the
 * Cilium dataplane. One change per operation, none combined with the move to overlay. These rules
 * judge the change itself; the address-space, capacity and compatibility rules (validateDesign)
 * judge the cluster as it will be, and are not repeated here. Pure.
 *
 * Sources (MicrosoftDocs/azure-aks-docs):
 * - azure-cni-overlay-pod-expand.md (revision of 2026-05-13), "Requirements and parameters" and
 *   "Limitations": Linux nodes only ("Windows nodes and hybrid node scenarios aren't supported"),
 *   Azure CNI Overlay only, "Shrinking or changing the pod CIDR isn't supported", "The new pod CIDR
 *   must be a larger superset that contains the complete original range", "IPv6 pod CIDR
 *   expansion isn't supported", "Changing multiple pod CIDR blocks via --pod-cidrs isn't supported".
 * - update-azure-cni.md (revision of 2026-05-28), "Update the data plane to Azure CNI Powered by
 *   Cilium", "Update considerations": no Windows pools; not with node auto-provisioning (disable
 *   it, update, re-enable); an existing azure or calico policy engine "is uninstalled and replaced
 *   by Cilium"; all pools are re-imaged at once and "Cilium begins enforcing network policies only
 *   after all nodes are reimaged"; kubenet must move to overlay first, as a separate operation.
 *   The same page allows the Cilium dataplane on every Azure CNI mode (node subnet, pod subnet):
 *   aks-overlay only changes overlay clusters, and says so rather than claiming Azure refuses it.
 * - use-node-auto-provisioning.md, "Disable node auto-provisioning": `--node-provisioning-mode Manual`.
 * - IPv4 -> dual-stack on overlay: `az aks update --ip-families ipv4,ipv6` (Azure/azure-cli#30360,
 *   GA in azure-cli; hashicorp/terraform-provider-azurerm#32814 shows it on an overlay cluster);
 *   the docs have no update section. configure-dual-stack.md, "Limitations": "Dual-stack networking
 *   is required for the Azure virtual network and the pod CIDR" (the VNet and its node subnets).
 */
import { type Cidr, cidrFrom, contains, networkAddress, parseCidr } from "../cidr.js";
import { type NetworkMode, networkMode, poolNodeCount } from "../fromCluster.js";
import { type Finding, formatCount, listValues, plural } from "../findings.js";
import { NODE_PROVISIONING_MODE, POOLS, VNET_CIDRS, podCidrPath, poolPath, serviceCidrPath } from "../paths.js";
import { type UpgradeCluster, busyPoolFindings, operationRunning } from "./upgrade.js";
import { shellWord } from "../shown.js";

type Ctx = { resourceGroup: string; name: string };
type Pool = NonNullable<UpgradeCluster["agentPoolProfiles"]>[number];

const isWindows = (pool: Pool): boolean => pool.osType?.toLowerCase() === "windows";

/** Whether the cluster runs both families: two IP families, or an IPv6 pod CIDR. */
function isDualStack(cluster: UpgradeCluster): boolean {
  const np = cluster.networkProfile ?? {};
  return (np.ipFamilies ?? []).some((f) => f.toLowerCase() === "ipv6") || (np.podCidrs ?? []).some((c) => c.includes(":"));
}

/** The cluster's IPv4 pod CIDR as ARM reports it (podCidrs' IPv4 entry, else podCidr). */
function currentIpv4PodCidr(cluster: UpgradeCluster): string | undefined {
  const np = cluster.networkProfile ?? {};
  return (np.podCidrs ?? []).find((c) => !c.includes(":")) ?? np.podCidr;
}

/**
 * Whether the cluster can take a change now: not stopped, no operation running, and its last
 * operation did not fail or get canceled (a day-2 change on a failed cluster would mix its own
 * outcome with the reconcile of the failure, and UpdateNoEffect could not tell them apart).
 */
export function updateReadiness(cluster: UpgradeCluster, ctx: Ctx): Finding[] {
  const show = `az aks show -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name}`;
  const state = cluster.provisioningState;
  if (cluster.powerState?.code?.toLowerCase() === "stopped") {
    return [{ severity: "error", code: "UpdateClusterNotReady", path: "cluster.name", message: `cluster ${ctx.name} is stopped: a stopped cluster cannot be changed`, hint: `start it first: az aks start -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name}`, values: ["Stopped"] }];
  }
  if (operationRunning(cluster)) {
    return [
      {
        severity: "error",
        code: "UpdateClusterNotReady",
        path: "cluster.name",
        message: `cluster ${ctx.name} is ${state}: another operation is running on it, and a write now would conflict with it`,
        hint: `wait for it to finish (${show} --query provisioningState, or az aks wait -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --updated), then run this again`,
        values: [state as string],
      },
    ];
  }
  const pools = busyPoolFindings(cluster, ctx);
  if (pools.length > 0) return pools;
  const lower = state?.toLowerCase();
  if (lower === "failed" || lower === "canceled") {
    return [
      {
        severity: "error",
        code: "UpdateClusterNotReady",
        path: "cluster.name",
        message: `cluster ${ctx.name}'s last operation ended ${state}: fix the cluster before changing its network`,
        hint: `see why (${show} --query status.provisioningError), reconcile it with 'az aks update -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name}' (no changes), then run this again`,
        values: [state as string],
      },
    ];
  }
  return [];
}

/** What a cluster that is not on overlay uses, in words. */
const MODE_NAMES: Record<NetworkMode, string> = {
  kubenet: "kubenet",
  "azure-legacy": "Azure CNI (node subnet)",
  "azure-pod-subnet": "Azure CNI with dynamic pod IP allocation (pod subnet)",
  overlay: "Azure CNI Overlay",
  none: "network plugin none (bring your own CNI)",
  unknown: "an unknown network plugin",
};

/** "cluster c uses kubenet, not Azure CNI Overlay: <change> applies to overlay clusters only". */
function notOverlayMessage(cluster: UpgradeCluster, ctx: Ctx, change: string): string {
  return `cluster ${ctx.name} uses ${MODE_NAMES[networkMode(cluster)]}, not Azure CNI Overlay: ${change}`;
}

/**
 * Why no pod CIDR expansion can be done on this cluster, whatever the range (not on overlay, a
 * Windows pool, dual-stack), in words for a hint; undefined when one can be.
 */
export function podCidrExpansionBlocked(cluster: UpgradeCluster): string | undefined {
  if (networkMode(cluster) !== "overlay") return "it is not on Azure CNI Overlay";
  const windows = (cluster.agentPoolProfiles ?? []).filter(isWindows).map((p) => p.name ?? "?");
  if (windows.length > 0) return `it has Windows pool${windows.length === 1 ? "" : "s"} ${windows.join(", ")}, and expansion is for Linux-only clusters`;
  if (isDualStack(cluster)) return "it is dual-stack, and expansion is for IPv4 single-stack clusters";
  return undefined;
}

/**
 * Pod CIDR expansion to `next`: overlay, Linux pools only, IPv4 single-stack, and `next` a strictly
 * larger IPv4 superset of the whole current range. Whether `next` is free (VNet, peerings, service
 * CIDR, reserved ranges) and large enough is for the address-space and capacity rules on the
 * cluster as it will be; planPodCidrExpansion suggests one that is.
 */
export function podCidrExpansionFindings(cluster: UpgradeCluster, next: string, ctx: Ctx): Finding[] {
  const findings: Finding[] = [];
  const overlay = networkMode(cluster) === "overlay";
  if (!overlay) {
    findings.push({
      severity: "error",
      code: "PodCidrExpansionNotOverlay",
      path: "cluster.name",
      message: notOverlayMessage(cluster, ctx, "pod CIDR expansion applies to overlay clusters only"),
      hint:
        networkMode(cluster) === "kubenet"
          ? `move it to overlay first with 'aks-overlay upgrade -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name}' (it may take a larger --pod-cidr there), then expand it as a separate operation`
          : networkMode(cluster) === "azure-legacy"
            ? `move it to overlay first with 'aks-overlay upgrade -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --pod-cidr <range>' (size the range for growth there), then expand it as a separate operation if it ever needs more`
            : `pod CIDR expansion needs an overlay cluster; this one has no in-place path to overlay (aks-overlay show -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} says why)`,
    });
  }
  for (const pool of (cluster.agentPoolProfiles ?? []).filter(isWindows)) {
    findings.push({
      severity: "error",
      code: "PodCidrExpansionWindows",
      path: poolPath(pool.name ?? "", "osType"),
      pool: pool.name,
      message: `pool ${pool.name} runs Windows: pod CIDR expansion is supported only on clusters with Linux nodes alone`,
      hint: `move the Windows workloads to a new cluster or delete the pool first (az aks nodepool delete -g ${shellWord(ctx.resourceGroup)} --cluster-name ${ctx.name} -n ${pool.name})`,
      values: [pool.name ?? ""],
    });
  }
  if (isDualStack(cluster)) {
    const families = cluster.networkProfile?.ipFamilies ?? [];
    findings.push({
      severity: "error",
      code: "PodCidrExpansionDualStack",
      path: "network.ipFamilies",
      message: `cluster ${ctx.name} is dual-stack (${families.length > 0 ? families.join(",") : (cluster.networkProfile?.podCidrs ?? []).join(",")}): pod CIDR expansion is supported only on IPv4 single-stack clusters, and changing several pod CIDR blocks via --pod-cidrs is not supported`,
      hint: "a dual-stack cluster's pod CIDRs cannot grow: if it needs more room, create a new cluster with larger pod CIDRs and move the workloads",
    });
  }
  if (overlay) findings.push(...supersetFindings(currentIpv4PodCidr(cluster), next, ctx));
  return findings;
}

/** `next` against the current IPv4 pod CIDR: parses, IPv4, contains it whole, strictly larger. */
function supersetFindings(currentText: string | undefined, next: string, ctx: Ctx): Finding[] {
  if (next.includes(",")) {
    return [
      {
        severity: "error",
        code: "PodCidrExpansionNotSuperset",
        path: podCidrPath(0),
        message: `new pod CIDR ${next} names several ranges: a pod CIDR grows to one larger contiguous range, never by a second block${currentText ? ` (current ${currentText})` : ""}`,
        hint: "give one IPv4 range that contains the whole current pod CIDR",
        values: [next],
      },
    ];
  }
  const parsedNext = parseCidr(next);
  if (!parsedNext.ok) {
    return [
      {
        severity: "error",
        code: "InvalidCidr",
        armCode: "CidrStringParseError",
        path: podCidrPath(0),
        message: `pod CIDR ${next} ${parsedNext.reason}`,
        values: [next],
        ...(parsedNext.suggestion ? { hint: `did you mean ${parsedNext.suggestion}?` } : {}),
      },
    ];
  }
  const parsedCurrent = currentText === undefined ? undefined : parseCidr(currentText);
  // Without a readable current pod CIDR there is nothing to compare (ARM always reports one for overlay).
  if (!parsedCurrent?.ok) return [];
  const current = parsedCurrent.value;
  const wanted = parsedNext.value;
  const refuse = (why: string, hint: string): Finding[] => [
    { severity: "error", code: "PodCidrExpansionNotSuperset", path: podCidrPath(0), message: `new pod CIDR ${wanted.text} ${why} (current ${current.text})`, hint, values: [wanted.text, current.text] },
  ];
  const larger = `a pod CIDR can only grow to a larger range that contains the whole current one: ${suggestion(current, wanted)}`;
  if (wanted.family !== 4) return refuse("is IPv6: only the IPv4 pod CIDR can be expanded", larger);
  if (!contains(wanted, current)) {
    const how = current.prefix <= wanted.prefix ? (contains(current, wanted) ? "is inside the current one: a pod CIDR cannot shrink" : "is not larger than the current one and does not contain it: a pod CIDR cannot move") : "does not contain the current one: a pod CIDR cannot move or add a second block";
    return refuse(how, larger);
  }
  // Asked again after it was done (a pipeline run twice): nothing to do, as for the other changes.
  if (wanted.prefix === current.prefix) {
    return [{ severity: "info", code: "PodCidrExpansionAlreadyCurrent", path: podCidrPath(0), message: `cluster ${ctx.resourceGroup}/${ctx.name}'s pod CIDR is ${current.text} already: nothing to do (to grow it, ${suggestion(current, wanted)})`, values: [wanted.text] }];
  }
  return [];
}

/** The superset of `current` with the size the user asked for (or the next size up): what would do. */
function suggestion(current: Cidr, wanted: Cidr): string {
  const prefix = Math.min(wanted.family === 4 ? wanted.prefix : current.prefix - 1, current.prefix - 1);
  if (prefix < 0) return `${current.text} cannot grow`;
  return `the /${prefix} that does is ${cidrFrom(4, networkAddress(current.start, prefix, 4), prefix).text}`;
}

export interface DualStackNetwork {
  /** The VNet's address spaces (empty for an AKS-managed VNet: AKS makes that one dual-stack itself). */
  vnetCidrs: string[];
  subnets: { name: string; cidrs: string[] }[];
}

function hasIpv6(cidrs: readonly string[]): boolean {
  return cidrs.some((text) => {
    const p = parseCidr(text);
    return p.ok && p.value.family === 6;
  });
}

/**
 * IPv4 -> dual-stack adds the IPv6 ranges and keeps the IPv4 ones: an IPv4 pod or service range
 * given with --pod-cidrs / --service-cidrs must be the cluster's own. Azure takes one network
 * change per operation; the IPv4 pod CIDR only grows by itself (update --pod-cidr), and the
 * service CIDR never changes.
 */
export function dualStackKeepsIpv4(cluster: UpgradeCluster, given: { podCidrs?: readonly string[]; serviceCidrs?: readonly string[] }, ctx: Ctx): Finding[] {
  const np = cluster.networkProfile ?? {};
  const sameRange = (a: string, b: string): boolean => {
    const pa = parseCidr(a);
    const pb = parseCidr(b);
    return pa.ok && pb.ok ? pa.value.text === pb.value.text : a === b;
  };
  const findings: Finding[] = [];
  const check = (what: "pod" | "service", list: readonly string[] | undefined, current: string | undefined, index: number): void => {
    const ipv4 = list?.find((c) => !c.includes(":"));
    if (ipv4 === undefined || current === undefined || sameRange(ipv4, current)) return;
    const flag = what === "pod" ? "--pod-cidrs" : "--service-cidrs";
    const ipv6 = list?.find((c) => c.includes(":")) ?? "<IPv6 range>";
    findings.push({
      severity: "error",
      code: "DualStackUpdateChangesIpv4",
      path: what === "pod" ? podCidrPath(index) : serviceCidrPath(index),
      message: `${flag}' IPv4 range ${ipv4} is not the cluster's ${current}: adding IPv6 keeps the IPv4 ${what} range, and Azure takes one network change per operation`,
      hint:
        what === "pod"
          ? `give ${current},${ipv6} (or leave ${flag} out); to grow the IPv4 pod CIDR, do that first as its own change: aks-overlay update -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --pod-cidr <a superset of ${current}>`
          : `give ${current},${ipv6} (or leave ${flag} out): a cluster's service CIDR cannot change`,
      values: [ipv4, current],
    });
  };
  const podIndex = (given.podCidrs ?? []).findIndex((c) => !c.includes(":"));
  const serviceIndex = (given.serviceCidrs ?? []).findIndex((c) => !c.includes(":"));
  check("pod", given.podCidrs, currentIpv4PodCidr(cluster), Math.max(podIndex, 0));
  check("service", given.serviceCidrs, (np.serviceCidrs ?? []).find((c) => !c.includes(":")) ?? np.serviceCidr, Math.max(serviceIndex, 0));
  return findings;
}

/**
 * IPv4 -> dual-stack: an overlay cluster, single-stack today, whose VNet and every pool's subnet
 * have an IPv6 prefix. `poolSubnetNames` maps a pool's name to its subnet's name; a pool it does
 * not name (AKS-managed VNet) or whose subnet is not in `network.subnets` is not judged here. The
 * other dual-stack rules (Kubernetes floor, NPM/Calico, NAT gateways, the IPv6 service CIDR) are
 * validateDesign's, on the cluster as it will be.
 */
export function dualStackUpdateFindings(cluster: UpgradeCluster, network: DualStackNetwork, poolSubnetNames: ReadonlyMap<string, string>, ctx: Ctx): Finding[] {
  if (networkMode(cluster) !== "overlay") {
    return [
      {
        severity: "error",
        code: "DualStackUpdateNotOverlay",
        path: "cluster.name",
        message: notOverlayMessage(cluster, ctx, "aks-overlay adds IPv6 to overlay clusters only"),
        hint: `move it to overlay first with 'aks-overlay upgrade -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name}', then add IPv6 as a separate operation`,
      },
    ];
  }
  if (isDualStack(cluster)) {
    const np = cluster.networkProfile ?? {};
    return [{ severity: "info", code: "DualStackUpdateAlreadyDualStack", path: "network.ipFamilies", message: `cluster ${ctx.resourceGroup}/${ctx.name} is dual-stack already (pod CIDRs ${(np.podCidrs ?? []).join(",") || "?"}): nothing to do` }];
  }
  const findings: Finding[] = [];
  if (network.vnetCidrs.length > 0 && !hasIpv6(network.vnetCidrs)) {
    findings.push({
      severity: "error",
      code: "DualStackUpdateSubnetIpv4Only",
      path: VNET_CIDRS,
      message: `the cluster's VNet has only IPv4 address spaces (${listValues(network.vnetCidrs)}): dual-stack needs an IPv6 address space on the VNet`,
      hint: "add an IPv6 address space to the VNet (az network vnet update --address-prefixes <IPv4 ranges> <IPv6 /48 or larger>), then an IPv6 prefix to each node subnet",
      values: [...network.vnetCidrs],
    });
  }
  const subnets = new Map(network.subnets.map((s) => [s.name.toLowerCase(), s]));
  // One finding per subnet, naming its pools: pools sharing a subnet share the fix.
  const bySubnet = new Map<string, { subnet: (typeof network.subnets)[number]; pools: string[] }>();
  for (const pool of cluster.agentPoolProfiles ?? []) {
    const subnetName = poolSubnetNames.get(pool.name ?? "");
    const subnet = subnetName === undefined ? undefined : subnets.get(subnetName.toLowerCase());
    if (!subnet || hasIpv6(subnet.cidrs)) continue;
    const entry = bySubnet.get(subnet.name.toLowerCase()) ?? { subnet, pools: [] };
    entry.pools.push(pool.name ?? "");
    bySubnet.set(subnet.name.toLowerCase(), entry);
  }
  for (const { subnet, pools } of bySubnet.values()) {
    findings.push({
      severity: "error",
      code: "DualStackUpdateSubnetIpv4Only",
      path: poolPath(pools[0] as string, "subnet"),
      pool: pools[0],
      message: `subnet ${subnet.name} of pool${pools.length === 1 ? "" : "s"} ${listValues(pools)} has only IPv4 prefixes (${listValues(subnet.cidrs)}): on a dual-stack cluster every node takes an IPv6 address from its subnet`,
      hint: `add an IPv6 /64 prefix to subnet ${subnet.name} (az network vnet subnet update --address-prefixes <its IPv4 prefix> <an IPv6 /64 of the VNet>), then run this again`,
      values: [subnet.name],
    });
  }
  return findings;
}

/**
 * The Cilium dataplane on an overlay cluster: no Windows pool, node auto-provisioning off; the
 * move re-images every pool and replaces the policy engine. Already cilium: a note, nothing else.
 */
export function ciliumUpdateFindings(cluster: UpgradeCluster & { nodeProvisioningProfile?: { mode?: string } }, ctx: Ctx): Finding[] {
  const np = cluster.networkProfile ?? {};
  const mode = networkMode(cluster);
  if (np.networkDataplane?.toLowerCase() === "cilium") {
    return [{ severity: "info", code: "CiliumUpdateAlreadyCilium", path: "network.networkDataplane", message: `cluster ${ctx.resourceGroup}/${ctx.name} already uses the Cilium dataplane (network policy ${np.networkPolicy ?? "cilium"}): nothing to do` }];
  }
  const findings: Finding[] = [];
  if (mode !== "overlay") {
    const then = `aks-overlay update -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --network-dataplane cilium`;
    const upgrade = `aks-overlay upgrade -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name}`;
    const why =
      mode === "kubenet"
        ? "a kubenet cluster must move to overlay before it can take the Cilium dataplane"
        : mode === "azure-legacy" || mode === "azure-pod-subnet"
          ? "aks-overlay moves only overlay clusters to the Cilium dataplane (Azure itself also allows it on this mode: az aks update --network-dataplane cilium)"
          : "the Cilium dataplane needs Azure CNI";
    findings.push({
      severity: "error",
      code: "CiliumUpdateNotOverlay",
      path: "cluster.name",
      message: notOverlayMessage(cluster, ctx, why),
      hint:
        mode === "none" || mode === "unknown"
          ? "create a new overlay cluster with --network-dataplane cilium and move the workloads"
          : mode === "azure-pod-subnet"
            ? `a pod subnet cluster cannot move to overlay; use 'az aks update -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --network-dataplane cilium' directly`
            : `two operations, never one: first '${upgrade}', then '${then}'`,
    });
  }
  const pools = cluster.agentPoolProfiles ?? [];
  for (const pool of pools.filter(isWindows)) {
    findings.push({
      severity: "error",
      code: "CiliumUpdateWindows",
      path: poolPath(pool.name ?? "", "osType"),
      pool: pool.name,
      message: `pool ${pool.name} runs Windows: the Cilium dataplane is Linux-only, and the update is not supported on clusters with Windows pools`,
      hint: `move the Windows workloads elsewhere and delete the pool first (az aks nodepool delete -g ${shellWord(ctx.resourceGroup)} --cluster-name ${ctx.name} -n ${pool.name})`,
      values: [pool.name ?? ""],
    });
  }
  const provisioning = cluster.nodeProvisioningProfile?.mode;
  if (provisioning?.toLowerCase() === "auto") {
    findings.push({
      severity: "error",
      code: "CiliumUpdateNodeAutoProvisioning",
      path: NODE_PROVISIONING_MODE,
      message: `cluster ${ctx.name} has node auto-provisioning on (mode ${provisioning}): clusters with node auto-provisioning cannot be updated to the Cilium dataplane`,
      hint: `disable it first ('az aks update -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --node-provisioning-mode Manual'; no auto-provisioned nodes may remain, see use-node-auto-provisioning.md), run this update, then re-enable it ('az aks update -g ${shellWord(ctx.resourceGroup)} -n ${ctx.name} --node-provisioning-mode Auto')`,
      values: [provisioning],
    });
  }
  findings.push(reimageWarning(pools, np.networkPolicy));
  return findings;
}

/** What the move costs: every pool re-imaged at once, and the policy engine replaced. */
function reimageWarning(pools: readonly Pool[], policy: string | undefined): Finding {
  const nodes = pools.reduce((n, p) => n + poolNodeCount(p), 0);
  const current = policy?.toLowerCase();
  const engine =
    current === "azure" || current === "calico"
      ? `the current network policy engine, ${policy}, is uninstalled and Cilium enforces the cluster's network policies instead (behaviour may differ: see migrate-from-npm-to-cilium-network-policy.md),`
      : `the cluster has no network policy engine now (network policy ${policy ?? "none"}); Cilium enforces network policies from then on,`;
  return {
    severity: "warning",
    code: "CiliumUpdateReimagesAllPools",
    path: POOLS,
    message: `the move to the Cilium dataplane re-images all ${plural(pools.length, "pool")} (${formatCount(nodes)} nodes: ${pools.map((p) => `${p.name} ${poolNodeCount(p)}`).join(", ")}) at once, not one pool at a time; ${engine} but only once every node is re-imaged`,
    hint: "run it in a maintenance window; workloads restart on every node",
    values: policy ? [policy] : [],
  };
}
