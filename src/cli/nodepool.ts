/** `aks-overlay nodepool add`: a new pool, optionally in a dedicated subnet, within the pod CIDR's capacity. */
import { type Command, Option } from "commander";
import { helpNotes } from "./helpLayout.js";
import type { Deps } from "../deps.js";
import { POOL_MODES } from "../network/facts.js";
import type { PoolSettings } from "../ops/nodepoolAdd.js";
import { type AzureOptions, type PlanOptions, addAzureOptions, addPlanOptions, runOperation } from "./mutating.js";
import { addPoolOptions } from "./networkOptions.js";
import { choice, text, wholeNumber } from "./options.js";
import { UsageError } from "../errors.js";
import type { OutputOptions } from "./output.js";
import { addNodepoolExtras, poolExtrasFrom, type PoolExtrasOptions } from "./poolExtras.js";

interface NodepoolAddOptions extends OutputOptions, AzureOptions, PlanOptions, PoolSettings, PoolExtrasOptions {
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
  addNodepoolExtras(add);
  addAzureOptions(add);
  addPlanOptions(add);
  add.addHelpText(
    "after",
    helpNotes(`
Exit codes: 0 added (or planned), 2 usage, 3 a rule failed or the cluster is not on overlay (nothing
written), 4 auth, 5 Azure failed, 6 the pool exists or appeared meanwhile, 130 interrupted.

Examples:
  aks-overlay nodepool add -g rg --cluster-name aks1 -n gpu --node-vm-size Standard_NC6s_v3 --node-count 2 --dry-run
  subnet=$(az network vnet subnet show -g net --vnet-name vnet -n batch --query id -o tsv)
  aks-overlay nodepool add -g rg --cluster-name aks1 -n batch --enable-cluster-autoscaler --min-count 0 --max-count 20 \\
    --vnet-subnet-id "$subnet" --yes`),
  );
  add.action(async (options: NodepoolAddOptions) => setExit(await runNodepoolAdd(options, deps)));
  registerScale(nodepool, deps, setExit);
  registerUpdate(nodepool, deps, setExit);
}

interface NodepoolChangeOptions extends OutputOptions, AzureOptions, PlanOptions {
  resourceGroup: string;
  clusterName: string;
  name: string;
  nodeCount?: number;
  enableClusterAutoscaler?: boolean;
  updateClusterAutoscaler?: boolean;
  disableClusterAutoscaler?: boolean;
  minCount?: number;
  maxCount?: number;
  maxSurge?: string;
  maxUnavailable?: string;
  maxPods?: number;
}

/** The flags every pool change takes: which pool, of which cluster. */
function addPoolTarget(cmd: Command): Command {
  return cmd
    .requiredOption("-g, --resource-group <name>", "resource group", text)
    .requiredOption("--cluster-name <name>", "cluster name", text)
    .requiredOption("-n, --name <name>", "pool name", text);
}

function registerScale(nodepool: Command, deps: Deps, setExit: (code: number) => void): void {
  const cmd = addPoolTarget(
    nodepool
      .command("scale")
      .summary("change a pool's node count, capacity-checked")
      .description(
        "Change a node pool's node count. The whole cluster's pod CIDR (a /24 per node at full scale plus upgrade " +
          "surge) and the pool's subnet are checked with the pool as it will be; only the pool is PUT, as read with " +
          "its count changed, with If-Match.",
      ),
  ).requiredOption("--node-count <n>", "the pool's node count", wholeNumber);
  addAzureOptions(cmd);
  addPlanOptions(cmd);
  cmd.addHelpText(
    "after",
    helpNotes(`
Exit codes: 0 scaled, planned or nothing to do, 2 usage, 3 over capacity or a rule failed (nothing
written; the hint names the smallest fix), 4 auth, 5 Azure failed, 6 the pool changed meanwhile or an
operation is running, 130 interrupted.

Examples:
  aks-overlay nodepool scale -g rg --cluster-name aks1 -n batch --node-count 12 --dry-run
  aks-overlay nodepool scale -g rg --cluster-name aks1 -n batch --node-count 12 --yes`),
  );
  cmd.action(async (options: NodepoolChangeOptions) => setExit(await runPoolChange("scale", options, deps)));
}

function registerUpdate(nodepool: Command, deps: Deps, setExit: (code: number) => void): void {
  const cmd = addPoolTarget(
    nodepool
      .command("update")
      .summary("change a pool's autoscaler range or upgrade surge, capacity-checked")
      .description(
        "Change a node pool's cluster autoscaler (enable, update its range, disable) or its upgrade settings. The " +
          "whole cluster's pod CIDR at full scale plus surge and the pool's subnet are checked with the pool as it will " +
          "be; only the pool is PUT, as read with those fields changed, with If-Match.",
      ),
  )
    .option("--enable-cluster-autoscaler", "turn the autoscaler on (with --min-count and --max-count)")
    .option("--update-cluster-autoscaler", "change the autoscaler's range (with --min-count and --max-count)")
    .option("--disable-cluster-autoscaler", "turn the autoscaler off (the pool keeps its current count)")
    .option("--min-count <n>", "autoscaler minimum", wholeNumber)
    .option("--max-count <n>", "autoscaler maximum", wholeNumber)
    .option("--max-surge <n|n%>", "extra nodes during upgrades: 5 or 33%", text)
    .option("--max-unavailable <n|n%>", "nodes drained at once during upgrades: 5 or 33%", text)
    .option("--max-pods <n>", "refused: a pool's max pods cannot change after it is created", wholeNumber);
  addAzureOptions(cmd);
  addPlanOptions(cmd);
  cmd.addHelpText(
    "after",
    helpNotes(`
Exit codes: 0 updated, planned or nothing to do, 2 usage, 3 over capacity or a rule failed (nothing
written; the hint names the smallest fix), 4 auth, 5 Azure failed, 6 the pool changed meanwhile or an
operation is running, 130 interrupted.

Examples:
  aks-overlay nodepool update -g rg --cluster-name aks1 -n batch --update-cluster-autoscaler --min-count 1 --max-count 40 --dry-run
  aks-overlay nodepool update -g rg --cluster-name aks1 -n batch --max-surge 33% --yes`),
  );
  cmd.action(async (options: NodepoolChangeOptions) => setExit(await runPoolChange("update", options, deps)));
}

/** A pool change from flags: az's autoscaler flags become one mode; --max-pods is refused with the reason. */
async function runPoolChange(which: "scale" | "update", options: NodepoolChangeOptions, deps: Deps): Promise<number> {
  const { nodepoolScaleOperation, nodepoolUpdateOperation } = await import("../ops/nodepoolChange.js");
  const op = which === "scale" ? nodepoolScaleOperation : nodepoolUpdateOperation;
  const modes = [options.enableClusterAutoscaler && "enable", options.updateClusterAutoscaler && "update", options.disableClusterAutoscaler && "disable"].filter((m): m is "enable" | "update" | "disable" => !!m);
  if (modes.length > 1) throw new UsageError(`give one of --enable-cluster-autoscaler, --update-cluster-autoscaler and --disable-cluster-autoscaler, not ${modes.length}`);
  if (options.maxPods !== undefined) {
    throw new UsageError(`--max-pods ${options.maxPods}: a pool's max pods cannot change after it is created (AKS refuses: "Changing property 'maxPods' is not allowed"); add a new pool with --max-pods and move the workloads to it`);
  }
  const { resourceGroup, clusterName, name, nodeCount, minCount, maxCount, maxSurge, maxUnavailable } = options;
  return runOperation(
    op,
    (subscriptionId) => ({
      subscriptionId,
      resourceGroup,
      clusterName,
      name,
      ...(nodeCount !== undefined && { nodeCount }),
      ...(modes[0] !== undefined && { autoscaler: modes[0] }),
      ...(minCount !== undefined && { minCount }),
      ...(maxCount !== undefined && { maxCount }),
      ...(maxSurge !== undefined && { maxSurge }),
      ...(maxUnavailable !== undefined && { maxUnavailable }),
    }),
    options,
    deps,
    "change the pool",
  );
}

export async function runNodepoolAdd(options: NodepoolAddOptions, deps: Deps): Promise<number> {
  const { resourceGroup, clusterName, name } = options;
  const pool: PoolSettings = {};
  for (const key of POOL_SETTINGS) if (options[key] !== undefined) (pool as Record<string, unknown>)[key] = options[key];
  const poolExtras = poolExtrasFrom(options);
  const { nodepoolAddOperation } = await import("../ops/nodepoolAdd.js");
  return runOperation(nodepoolAddOperation, (subscriptionId) => ({ subscriptionId, resourceGroup, clusterName, name, pool, ...(poolExtras && { poolExtras }) }), options, deps, "add the pool");
}
