/** `aks-overlay upgrade`: move a kubenet or legacy Azure CNI cluster to overlay, with nothing lost. */
import type { Command } from "commander";
import { observeClusterNetwork } from "../azure/observe.js";
import type { Resource } from "../azure/port.js";
import type { Deps } from "../deps.js";
import { EXIT, UsageError } from "../errors.js";
import { resolveDesign } from "../network/design.js";
import type { Finding } from "../network/findings.js";
import { type UpgradeCluster, upgradeFindings } from "../network/rules/upgrade.js";
import { designFromCluster } from "../network/fromCluster.js";
import { validateDesign } from "../network/validate.js";
import { bySeverity } from "../network/findings.js";
import { buildUpgradePlan, overlayCluster } from "../plan/upgradePlan.js";
import { type BasisEntry, clusterResourceId, etagOf } from "../plan/plan.js";
import { renderPlan } from "../output/planTable.js";
import type { PoolRow } from "../output/validationTable.js";
import { type AzureOptions, type PlanOptions, addAzureOptions, addPlanOptions, checkNames, concludePlan, flagsOf, ownFlags } from "./mutating.js";
import { type OutputOptions, addOutputOptions, outputWidth, stdoutStyle, writeDocument } from "./output.js";

interface UpgradeOptions extends OutputOptions, AzureOptions, PlanOptions {
  resourceGroup: string;
  name: string;
  podCidr?: string;
}

const MODE_LABEL = {
  kubenet: "kubenet",
  "azure-legacy": "legacy Azure CNI (pods on the node subnet)",
  "azure-pod-subnet": "Azure CNI with a pod subnet (dynamic IP allocation)",
  overlay: "Azure CNI Overlay",
  none: "bring-your-own CNI (network plugin none)",
  unknown: "an unknown network plugin",
} as const;

export function registerUpgrade(program: Command, deps: Deps, setExit: (code: number) => void): void {
  const cmd = program
    .command("upgrade")
    .summary("move an existing kubenet or legacy Azure CNI cluster to overlay")
    .description(
      "Move a kubenet or legacy Azure CNI cluster to Azure CNI Overlay. Reads the cluster and its VNet, reports " +
        "every blocker and what the move costs, checks the pod CIDR against the VNet, its peerings and the service " +
        "CIDR for every pool at full scale, then PUTs the whole cluster back with only the network plugin, its mode " +
        "and the pod CIDR changed, with If-Match: a cluster changed meanwhile is never overwritten.",
    )
    .requiredOption("-g, --resource-group <name>", "resource group")
    .requiredOption("-n, --name <name>", "cluster name")
    .option("--pod-cidr <cidr>", "overlay pod CIDR (required for legacy Azure CNI; kubenet keeps its own)");
  addAzureOptions(cmd);
  addPlanOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
The upgrade is irreversible and re-images every pool at once: run it in a maintenance window.

Exit codes: 0 upgraded, planned or nothing to do, 2 usage, 3 a blocker (nothing written), 4 auth,
5 Azure failed, 6 the cluster changed since it was read (nothing overwritten), 130 interrupted.

Examples:
  aks-overlay upgrade -g rg -n kubenet-cluster --dry-run
  aks-overlay upgrade -g rg -n cni-cluster --pod-cidr 192.168.0.0/16 --out upgrade.json
  aks-overlay upgrade -g rg -n cni-cluster --pod-cidr 192.168.0.0/16 --yes`,
  );
  const flags = flagsOf(cmd);
  cmd.action(async (options: UpgradeOptions) => setExit(await runUpgrade(options, deps, flags)));
}

export async function runUpgrade(options: UpgradeOptions, deps: Deps, flags: ReadonlySet<string>): Promise<number> {
  checkNames({ "--resource-group": options.resourceGroup, "--name": options.name });
  const azure = await deps.azure({ subscription: options.subscription, armEndpoint: options.armEndpoint, debug: options.debug });
  const subject = `cluster ${options.resourceGroup}/${options.name}`;
  const target = { subscriptionId: azure.subscriptionId, resourceGroup: options.resourceGroup, name: options.name };
  const style = stdoutStyle(deps, options);

  const cluster = (await azure.getCluster(options.resourceGroup, options.name)) as (Resource & UpgradeCluster) | undefined;
  if (!cluster) {
    const findings: Finding[] = [{ severity: "error", code: "ClusterNotFound", field: "--name", message: `${subject} does not exist (${clusterResourceId(azure.subscriptionId, options.resourceGroup, options.name)})`, hint: "check the name and group: az aks list -o table" }];
    const plan = buildUpgradePlan({}, "unknown", options.podCidr, target, { valid: false, findings, capacity: null }, azure.endpoint, deps.now());
    if (options.output === "table") deps.stdout.write(renderPlan(plan, [], outputWidth(deps), style));
    else await writeDocument(deps, options.output, plan);
    return EXIT.validation;
  }

  const { mode, findings: readiness } = upgradeFindings(cluster, { resourceGroup: options.resourceGroup, name: options.name, podCidr: options.podCidr, customRouteTables: [] });
  const upgradable = mode === "kubenet" || mode === "azure-legacy";
  const findings = [...readiness];
  if (upgradable && !etagOf(cluster)) {
    findings.push({
      severity: "error",
      code: "ETagMissing",
      field: "--name",
      message: `Azure returned cluster ${options.name} without an eTag: aks-overlay will not write it without If-Match, since a concurrent change could then be overwritten`,
      hint: "use an API version that returns eTags (2024-05-01 or later), or retry later",
    });
  }
  let capacity = null;
  let pools: PoolRow[] = [];
  const vnetBasis: BasisEntry[] = [];
  if (upgradable) {
    const network = await observeClusterNetwork(cluster, azure);
    for (const [id, vnet] of network.vnets) vnetBasis.push({ resourceId: (vnet as { id?: string }).id ?? id, etag: etagOf(vnet as Record<string, unknown>) });
    if (network.customRouteTables.length > 0) {
      findings.push(...upgradeFindings(cluster, { resourceGroup: options.resourceGroup, name: options.name, podCidr: options.podCidr, customRouteTables: network.customRouteTables }).findings.filter((f) => f.code === "UpgradeSystemAssignedRouteTable"));
    }
    const podCidr = mode === "kubenet" ? cluster.networkProfile?.podCidr : options.podCidr;
    if (podCidr !== undefined && !readiness.some((f) => f.code === "UpgradePodCidrChange")) {
      const after = overlayCluster(cluster, mode, options.podCidr) as UpgradeCluster;
      let resolved;
      try {
        resolved = resolveDesign(designFromCluster(after, network.view), network.context ? { context: network.context, nodeSubnetCidr: network.nodeSubnetCidr } : undefined);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const validation = validateDesign(resolved.design, resolved.network);
      findings.push(...validation.findings.filter((f) => f.code !== "SystemPoolRequired" || (cluster.agentPoolProfiles ?? []).length > 0));
      capacity = validation.capacity;
      pools = resolved.design.pools;
    }
  }
  const ordered = bySeverity(ownFlags(findings, flags, { "--pod-cidrs": "--pod-cidr" }, "--name"));
  const valid = !ordered.some((f) => f.severity === "error");
  const plan = buildUpgradePlan(cluster, mode, options.podCidr, target, { valid, findings: ordered, capacity }, azure.endpoint, deps.now());
  plan.basis = [{ resourceId: plan.target.resourceId, etag: etagOf(cluster) }, ...vnetBasis];

  const np = cluster.networkProfile ?? {};
  const nodes = (cluster.agentPoolProfiles ?? []).reduce((n, p) => n + (p.count ?? 0), 0);
  const notes = [
    `Networking now: ${MODE_LABEL[mode]}${np.podCidr ? `, pod CIDR ${np.podCidr}` : ""}, service CIDR ${np.serviceCidr ?? "?"}`,
    `Pools: ${(cluster.agentPoolProfiles ?? []).map((p) => `${p.name} (${p.count ?? 0} nodes)`).join(", ")}; ${nodes} nodes in all`,
    valid ? style.ok(mode === "overlay" ? "Nothing to do." : "Ready to upgrade.") : style.error(`Not ready: ${ordered.filter((f) => f.severity === "error").length} blocker(s) below.`),
  ];
  const count = (cluster.agentPoolProfiles ?? []).length;
  return concludePlan(
    {
      plan,
      pools,
      notes,
      nothingToDo: mode === "overlay",
      question: `Upgrade ${subject} to Azure CNI Overlay? This cannot be undone and re-images all ${count} pools (${nodes} nodes) at once.`,
      verb: "upgrading",
      subject,
      action: "upgrade the cluster",
    },
    azure,
    options,
    deps,
  );
}
