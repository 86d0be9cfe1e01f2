/** `aks-overlay upgrade`: move a kubenet or legacy Azure CNI cluster to overlay, with nothing lost. */
import type { Command } from "commander";
import { helpNotes } from "./helpLayout.js";
import type { Deps } from "../deps.js";
import { UsageError } from "../errors.js";
import { shellWord } from "../network/shown.js";
import { type AzureOptions, type PlanOptions, addAzureOptions, addPlanOptions, runOperation } from "./mutating.js";
import type { OutputOptions } from "./output.js";

interface UpgradeOptions extends OutputOptions, AzureOptions, PlanOptions {
  resourceGroup: string;
  name: string;
  podCidr?: string;
  networkDataplane?: string;
}

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
    .option("--pod-cidr <cidr>", "overlay pod CIDR (required for legacy Azure CNI; kubenet keeps its own unless one is given)")
    .option("--network-dataplane <dataplane>", "refused: the Cilium dataplane is a second operation after the move (the command says which)");
  addAzureOptions(cmd);
  addPlanOptions(cmd);
  cmd.addHelpText(
    "after",
    helpNotes(`
The upgrade is irreversible and re-images every pool at once: run it in a maintenance window.

Exit codes: 0 upgraded, planned or nothing to do, 2 usage, 3 a blocker (nothing written), 4 auth,
5 Azure failed, 6 the cluster changed since it was read (nothing overwritten), 130 interrupted.

Examples:
  aks-overlay upgrade -g rg -n kubenet-cluster --dry-run
  aks-overlay upgrade -g rg -n cni-cluster --pod-cidr 192.168.0.0/16 --out upgrade.json
  aks-overlay upgrade -g rg -n cni-cluster --pod-cidr 192.168.0.0/16 --yes`),
  );
  cmd.action(async (options: UpgradeOptions) => setExit(await runUpgrade(options, deps)));
}

export async function runUpgrade(options: UpgradeOptions, deps: Deps): Promise<number> {
  const { resourceGroup, name, podCidr } = options;
  if (options.networkDataplane !== undefined) {
    // Microsoft's path is two operations: the move to overlay, then the dataplane (azure-cni-powered-by-cilium.md).
    throw new UsageError(
      `--network-dataplane ${options.networkDataplane}: the move to overlay and the dataplane change are two operations, never one. Run:\n` +
        `  aks-overlay upgrade -g ${shellWord(resourceGroup)} -n ${name}${podCidr !== undefined ? ` --pod-cidr ${podCidr}` : ""}\n` +
        `  aks-overlay update -g ${shellWord(resourceGroup)} -n ${name} --network-dataplane ${options.networkDataplane}`,
    );
  }
  const { upgradeOperation } = await import("../ops/upgrade.js");
  return runOperation(upgradeOperation, (subscriptionId) => ({ subscriptionId, resourceGroup, name, ...(podCidr !== undefined && { podCidr }) }), options, deps, undefined);
}
