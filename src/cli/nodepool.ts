/** `aks-overlay nodepool add`: a new pool, optionally in a dedicated subnet, within the pod CIDR's capacity. */
import { type Command, Option } from "commander";
import type { Deps } from "../deps.js";
import { POOL_MODES } from "../network/facts.js";
import { type PoolSettings, nodepoolAddOperation } from "../ops/nodepoolAdd.js";
import { type AzureOptions, type PlanOptions, addAzureOptions, addPlanOptions, runOperation } from "./mutating.js";
import { addPoolOptions } from "./networkOptions.js";
import { choice, text } from "./options.js";
import type { OutputOptions } from "./output.js";

interface NodepoolAddOptions extends OutputOptions, AzureOptions, PlanOptions, PoolSettings {
  resourceGroup: string;
  clusterName: string;
  name: string;
}

/** The pool settings a request carries: only those given. */
const POOL_SETTINGS = ["vnetSubnetId", "nodeCount", "enableClusterAutoscaler", "minCount", "maxCount", "maxSurge", "maxUnavailable", "maxPods", "nodeVmSize", "vmSetType", "osType", "osSku", "mode"] as const satisfies readonly (keyof PoolSettings)[];

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
    .requiredOption("-g, --resource-group <name>", "resource group", text)
    .requiredOption("--cluster-name <name>", "cluster name", text)
    .requiredOption("-n, --name <name>", "new pool name (Linux: 1-12 lowercase letters and digits; Windows: 1-6)", text)
    .addOption(new Option("--mode <mode>", `${POOL_MODES.join(" | ")} (default User)`).argParser(choice(POOL_MODES)))
    .option("--vnet-subnet-id <id>", "subnet for the pool's nodes (default: the system pool's subnet)", text);
  addPoolOptions(add);
  addAzureOptions(add);
  addPlanOptions(add);
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
  add.action(async (options: NodepoolAddOptions) => setExit(await runNodepoolAdd(options, deps)));
}

export async function runNodepoolAdd(options: NodepoolAddOptions, deps: Deps): Promise<number> {
  const { resourceGroup, clusterName, name } = options;
  const pool: PoolSettings = {};
  for (const key of POOL_SETTINGS) if (options[key] !== undefined) (pool as Record<string, unknown>)[key] = options[key];
  return runOperation(nodepoolAddOperation, (subscriptionId) => ({ subscriptionId, resourceGroup, clusterName, name, pool }), options, deps, "add the pool");
}
