/** `aks-overlay show`: one cluster as it is, with what to do next. Reads only. */
import type { Command } from "commander";
import { helpNotes } from "./helpLayout.js";
import type { Deps } from "../deps.js";
import { CliError, EXIT, UsageError } from "../errors.js";
import { addAzureOptions } from "./mutating.js";
import { type OutputOptions, writeDocument } from "./output.js";
import { documentOutput, terminal } from "./terminal.js";
import { text } from "./options.js";

interface ShowOptions extends OutputOptions {
  resourceGroup: string;
  name: string;
  subscription?: string;
  armEndpoint?: string;
  requestTimeout?: string;
}

export function registerShow(program: Command, deps: Deps, setExit: (code: number) => void): void {
  const cmd = program
    .command("show")
    .summary("one cluster as it is: network, pools, capacity, last operation, what next")
    .description(
      "Read one cluster and the VNets of its pools, and show its network, its pools, the capacity of its pod CIDR at full scale (overlay), the rules' findings (or, off overlay, its readiness to move), its last operation (and its error, if it failed) and what to do next. Writes nothing.",
    )
    .requiredOption("-g, --resource-group <name>", "resource group", text)
    .requiredOption("-n, --name <name>", "cluster name", text);
  addAzureOptions(cmd);
  cmd.addHelpText("after", helpNotes("\nExit codes: 0 shown, 2 usage, 3 the cluster does not exist, 4 auth, 5 Azure failed."));
  cmd.action(async (options: ShowOptions) => setExit(await runShow(options, deps)));
}

export async function runShow(options: ShowOptions, deps: Deps): Promise<number> {
  // Names are checked as every command checks them (exit 2), before Azure is asked.
  const { checkNames, RequestProblem } = await import("../ops/operation.js");
  try {
    checkNames({ "--resource-group": options.resourceGroup, "--name": options.name });
  } catch (error) {
    if (error instanceof RequestProblem) throw new UsageError(error.message);
    throw error;
  }
  const azure = await deps.azure({ subscription: options.subscription, armEndpoint: options.armEndpoint, requestTimeout: options.requestTimeout, debug: options.debug, ndjsonNotes: documentOutput(options) });
  const { observeCluster, describeCluster } = await import("../ops/show.js");
  const request = { subscriptionId: azure.subscriptionId, resourceGroup: options.resourceGroup, name: options.name };
  const read = await observeCluster(azure, request);
  if (!read) throw new CliError(`cluster ${options.resourceGroup}/${options.name} does not exist in subscription ${azure.subscriptionId} (check the name and group: az aks list -o table)`, EXIT.validation, "ClusterNotFound");
  const described = describeCluster(request, read.cluster, read.vnets);
  // Each finding names the flag of the command that acts on it: upgrade off overlay, update on it.
  const { flagTableFor } = await import("./flagTables.js");
  const { withFlags } = await import("../network/findings.js");
  const { table } = described.network.mode === "overlay" ? flagTableFor("update", { podCidr: "auto" }) : flagTableFor("upgrade", {});
  // The next commands carry the flags this one was given that say where (subscription, endpoint).
  const where = [...(options.subscription !== undefined ? [`--subscription ${options.subscription}`] : []), ...(options.armEndpoint !== undefined ? [`--arm-endpoint ${options.armEndpoint}`] : [])].join(" ");
  const next = where === "" ? described.next : described.next.map((step) => step.replace(/^(aks-overlay \S+(?: -g \S+ -n \S+)?)/, `$1 ${where}`));
  const doc = { ...described, next, findings: withFlags(described.findings, table, "--name") };
  const term = terminal(deps, options);
  if (term.format === "table") {
    const { renderCluster } = await import("../output/clusterTable.js");
    deps.stdout.write(renderCluster(doc, term.width, term.out));
  } else await writeDocument(deps, term, doc);
  return EXIT.ok;
}
