/** `aks-overlay nodepool add`: a new pool, optionally in a dedicated subnet, within the pod CIDR's capacity. */
import { type Command, Option } from "commander";
import { observeClusterNetwork } from "../azure/observe.js";
import type { Resource } from "../azure/port.js";
import type { Deps } from "../deps.js";
import { EXIT, UsageError } from "../errors.js";
import { type DesignInput, DesignInputError, resolveDesign } from "../network/design.js";
import { POOL_MODES } from "../network/facts.js";
import { type Finding, bySeverity, formatCount, plural } from "../network/findings.js";
import { type ArmAgentPoolProfile, designFromCluster, networkMode } from "../network/fromCluster.js";
import { parseSubnetId } from "../network/fromVnet.js";
import type { UpgradeCluster } from "../network/rules/upgrade.js";
import { privateSuperset } from "../network/rules/capacity.js";
import { validateDesign } from "../network/validate.js";
import { agentPoolBody, buildNodepoolPlan, largestPoolWithin } from "../plan/nodepoolPlan.js";
import { clusterResourceId, etagOf } from "../plan/plan.js";
import { renderPlan } from "../output/planTable.js";
import { type AzureOptions, type PlanOptions, addAzureOptions, addPlanOptions, checkConfirmable, checkNames, concludePlan, flagsOf, ownFlags } from "./mutating.js";
import { addPoolOptions } from "./networkOptions.js";
import { choice } from "./options.js";
import { type OutputOptions, addOutputOptions, outputWidth, stdoutStyle, writeDocument } from "./output.js";

type PoolFlags = Pick<
  DesignInput,
  "vnetSubnetId" | "nodeCount" | "enableClusterAutoscaler" | "minCount" | "maxCount" | "maxSurge" | "maxUnavailable" | "maxPods" | "nodeVmSize" | "vmSetType" | "osType" | "osSku"
>;

interface NodepoolAddOptions extends OutputOptions, AzureOptions, PlanOptions, PoolFlags {
  resourceGroup: string;
  clusterName: string;
  name: string;
  mode?: string;
}

export function registerNodepool(program: Command, deps: Deps, setExit: (code: number) => void): void {
  const nodepool = program.command("nodepool").summary("manage node pools of an overlay cluster").description("Node pools of an Azure CNI Overlay cluster.");
  const add = nodepool
    .command("add")
    .summary("add a node pool, optionally in a dedicated subnet of the cluster's VNet")
    .description(
      "Add a node pool to an Azure CNI Overlay cluster. Reads the cluster and its VNet, checks the new pool's " +
        "name, subnet (same VNet, room for the pools in it) and the pod CIDR for the whole cluster at full scale, " +
        "then creates the pool with If-None-Match: *. The cluster's other pools are not touched.",
    )
    .requiredOption("-g, --resource-group <name>", "resource group")
    .requiredOption("--cluster-name <name>", "cluster name")
    .requiredOption("-n, --name <name>", "new pool name (Linux: 1-12 lowercase letters and digits; Windows: 1-6)")
    .addOption(new Option("--mode <mode>", `${POOL_MODES.join(" | ")} (default User)`).argParser(choice(POOL_MODES)))
    .option("--vnet-subnet-id <id>", "subnet for the pool's nodes (default: the system pool's subnet)");
  addPoolOptions(add);
  addAzureOptions(add);
  addPlanOptions(add);
  addOutputOptions(add);
  add.addHelpText(
    "after",
    `
Exit codes: 0 added (or planned), 2 usage, 3 a rule failed or the cluster is not on overlay (nothing
written), 4 auth, 5 Azure failed, 6 the pool exists or appeared meanwhile, 130 interrupted.

Examples:
  aks-overlay nodepool add -g rg --cluster-name aks1 -n gpu --node-vm-size Standard_NC6s_v3 --node-count 2 --dry-run
  aks-overlay nodepool add -g rg --cluster-name aks1 -n batch --enable-cluster-autoscaler --min-count 0 --max-count 20 \\
    --vnet-subnet-id /subscriptions/<sub>/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/batch --yes`,
  );
  const flags = flagsOf(add);
  add.action(async (options: NodepoolAddOptions) => setExit(await runNodepoolAdd(options, deps, flags)));
}

function finding(code: string, field: string, message: string, hint?: string, values?: string[]): Finding {
  return { severity: "error", code, field, message, ...(hint && { hint }), ...(values && { values }) };
}

const NODEPOOL_RENAMES = { "--pod-cidr": "--max-count", "--pod-cidrs": "--max-count", "--node-subnet-cidr": "--vnet-subnet-id", "--nodepool-name": "--name" };

export async function runNodepoolAdd(options: NodepoolAddOptions, deps: Deps, flags: ReadonlySet<string>): Promise<number> {
  checkConfirmable(options, deps, "add the pool");
  checkNames({ "--resource-group": options.resourceGroup, "--cluster-name": options.clusterName, "--name": options.name });
  const azure = await deps.azure({ subscription: options.subscription, armEndpoint: options.armEndpoint, debug: options.debug });
  const target = { subscriptionId: azure.subscriptionId, resourceGroup: options.resourceGroup, cluster: options.clusterName, pool: options.name };
  const style = stdoutStyle(deps, options);
  const subject = `node pool ${options.name} of cluster ${options.resourceGroup}/${options.clusterName}`;
  const report = async (findings: Finding[]): Promise<number> => {
    const plan = buildNodepoolPlan({}, target, { valid: false, findings, capacity: null }, [], azure.endpoint, deps.now());
    if (options.output === "table") deps.stdout.write(renderPlan(plan, [], outputWidth(deps), style));
    else await writeDocument(deps, options.output, plan);
    return EXIT.validation;
  };

  const cluster = (await azure.getCluster(options.resourceGroup, options.clusterName)) as (Resource & UpgradeCluster) | undefined;
  if (!cluster) {
    return report([finding("ClusterNotFound", "--cluster-name", `cluster ${options.resourceGroup}/${options.clusterName} does not exist (${clusterResourceId(azure.subscriptionId, options.resourceGroup, options.clusterName)})`, "check the name and group: az aks list -o table")]);
  }
  if (networkMode(cluster) !== "overlay") {
    return report([
      finding(
        "ClusterNotOverlay",
        "--cluster-name",
        `cluster ${options.clusterName} does not use Azure CNI Overlay (network plugin ${cluster.networkProfile?.networkPlugin ?? "?"}${cluster.networkProfile?.networkPluginMode ? `, mode ${cluster.networkProfile.networkPluginMode}` : ""})`,
        `move it to overlay first: aks-overlay upgrade -g ${options.resourceGroup} -n ${options.clusterName}`,
      ),
    ]);
  }

  const pools = (cluster.agentPoolProfiles ?? []) as ArmAgentPoolProfile[];
  const findings: Finding[] = [];
  if (pools.some((p) => p.name?.toLowerCase() === options.name.toLowerCase())) {
    findings.push(finding("NodePoolExists", "--name", `cluster ${options.clusterName} already has a pool named ${options.name}`, "choose another name (az aks nodepool list shows the pools)", [options.name]));
  }
  const systemSubnet = pools.find((p) => p.mode?.toLowerCase() === "system" && p.vnetSubnetID)?.vnetSubnetID ?? pools.find((p) => p.vnetSubnetID)?.vnetSubnetID;
  const subnetId = options.vnetSubnetId ?? systemSubnet;
  const network = await observeClusterNetwork(cluster, azure);
  if (options.vnetSubnetId !== undefined) {
    const ref = parseSubnetId(options.vnetSubnetId);
    const clusterVnet = systemSubnet?.replace(/\/subnets\/[^/]+$/i, "").toLowerCase();
    const targetVnet = options.vnetSubnetId.replace(/\/subnets\/[^/]+$/i, "").toLowerCase();
    if (!ref) {
      findings.push(finding("ResourceIdInvalid", "--vnet-subnet-id", `"${options.vnetSubnetId}" is not a subnet resource id`, "expected /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>", [options.vnetSubnetId]));
    } else if (clusterVnet === undefined || clusterVnet !== targetVnet) {
      findings.push(
        finding(
          "NodePoolSubnetOtherVnet",
          "--vnet-subnet-id",
          clusterVnet === undefined
            ? `cluster ${options.clusterName} is on the VNet AKS manages; its pools cannot use subnet ${options.vnetSubnetId}`
            : `subnet ${options.vnetSubnetId} is in VNet ${ref.resourceGroup}/${ref.vnet}, but the cluster's pools are in ${clusterVnet.split("/")[4]}/${clusterVnet.split("/").at(-1)}: every pool of a cluster must be in the same VNet`,
          "choose a subnet of the cluster's VNet (az network vnet subnet list)",
          [options.vnetSubnetId],
        ),
      );
    } else {
      const vnet = network.vnets.get(targetVnet);
      if (!vnet?.subnets?.some((s) => s.name?.toLowerCase() === ref.subnet.toLowerCase())) {
        findings.push(finding("SubnetNotFound", "--vnet-subnet-id", `subnet ${options.vnetSubnetId} does not exist in VNet ${ref.resourceGroup}/${ref.vnet}`, undefined, [options.vnetSubnetId]));
      }
    }
  }

  // The cluster as it will be: its pools and the new one, checked with the whole rulebook.
  const newProfile: ArmAgentPoolProfile = {
    name: options.name,
    count: options.nodeCount ?? (options.enableClusterAutoscaler ? options.minCount : undefined),
    enableAutoScaling: options.enableClusterAutoscaler,
    minCount: options.minCount,
    maxCount: options.maxCount,
    maxPods: options.maxPods,
    vmSize: options.nodeVmSize,
    osType: options.osType,
    osSKU: options.osSku,
    mode: options.mode ?? "User",
    type: options.vmSetType,
    vnetSubnetID: subnetId,
    upgradeSettings: { maxSurge: options.maxSurge, maxUnavailable: options.maxUnavailable },
  };
  const input: DesignInput = designFromCluster({ ...cluster, agentPoolProfiles: [...pools, newProfile] }, network.view);
  if (options.minCount !== undefined && !options.enableClusterAutoscaler) (input.nodePools?.at(-1) as Record<string, unknown>).minCount = options.minCount;
  if (options.maxCount !== undefined && !options.enableClusterAutoscaler) (input.nodePools?.at(-1) as Record<string, unknown>).maxCount = options.maxCount;
  const context = network.context;
  let resolved;
  try {
    resolved = resolveDesign(input, context ? { context, nodeSubnetCidr: network.nodeSubnetCidr } : undefined);
  } catch (error) {
    if (error instanceof DesignInputError) throw new UsageError(error.message);
    throw error;
  }
  const validation = validateDesign(resolved.design, resolved.network);
  const newPool = resolved.design.pools.at(-1);
  for (const f of validation.findings) {
    if (f.code === "NodePoolNameDuplicate") continue; // reported as NodePoolExists
    if (f.code === "InsufficientPodCidr" && validation.capacity.podCidr && newPool) {
      const pod = validation.capacity.podCidr;
      const mine = validation.capacity.pools.at(-1);
      const free = pod.nodeBlocks - (pod.requiredNodeBlocks - (mine ? mine.nodesAtFullScale + mine.surgeNodes : 0));
      const most = largestPoolWithin(free, newPool.maxSurge);
      f.message += `. The other pools need ${formatCount(pod.requiredNodeBlocks - (mine ? mine.nodesAtFullScale + mine.surgeNodes : 0))} blocks at full scale, leaving ${plural(Math.max(0, free), "block")}: pool ${options.name} can have at most ${plural(most, "node")} (with its ${newPool.maxSurge} surge)`;
      // An existing cluster's pod CIDR can only grow to a superset of itself (az aks update --pod-cidr).
      const superset = pod.smallestFittingPrefix !== null ? privateSuperset(pod.cidr, pod.smallestFittingPrefix) : undefined;
      const grow = superset ? `; or first expand the cluster's pod CIDR to the superset ${superset} (az aks update -g ${options.resourceGroup} -n ${options.clusterName} --pod-cidr ${superset})` : "";
      f.hint = `${most > 0 ? `lower --max-count / --node-count to ${most} or less, or lower --max-surge` : "the pod CIDR has no room for this pool: remove or shrink other pools' max counts"}${grow}`;
    }
    findings.push(f);
  }
  const ordered = bySeverity(ownFlags(findings, flags, NODEPOOL_RENAMES, "--cluster-name"));
  const valid = !ordered.some((f) => f.severity === "error");
  const body = newPool ? agentPoolBody(newPool, subnetId, undefined) : {};
  const defaulted = [
    ...(options.nodeCount === undefined && !(options.enableClusterAutoscaler && options.minCount !== undefined) ? ["count"] : []),
    ...(options.maxPods === undefined ? ["maxPods"] : []),
    ...(options.maxSurge === undefined ? ["upgradeSettings.maxSurge"] : []),
    ...(options.mode === undefined ? ["mode"] : []),
    ...(options.osType === undefined ? ["osType"] : []),
    ...(options.vmSetType === undefined ? ["type"] : []),
    ...(options.vnetSubnetId === undefined && subnetId !== undefined ? ["vnetSubnetID"] : []),
  ];
  const plan = buildNodepoolPlan(body, target, { valid, findings: ordered, capacity: validation.capacity }, defaulted, azure.endpoint, deps.now());
  plan.basis = [
    { resourceId: plan.target.resourceId, etag: etagOf(cluster) },
    { resourceId: `${plan.target.resourceId}/agentPools/${options.name}`, etag: null },
    ...[...network.vnets.entries()].map(([id, vnet]) => ({ resourceId: (vnet as { id?: string }).id ?? id, etag: etagOf(vnet as Record<string, unknown>) })),
  ];

  const exists = ordered.some((f) => f.code === "NodePoolExists");
  return concludePlan({ plan, pools: resolved.design.pools, question: `Add ${subject}?`, verb: "adding", subject, action: "add the pool", exists }, azure, options, deps);
}
