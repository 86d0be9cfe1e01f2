/** `aks-overlay apply plan.json`: apply a saved plan, refusing it if Azure changed since. */
import type { Command } from "commander";
import { AzureConflictError } from "../azure/errors.js";
import type { AzurePort, Resource } from "../azure/port.js";
import type { Deps } from "../deps.js";
import { EXIT, UsageError } from "../errors.js";
import { type PlanDocument, diff, etagOf, stripSecrets } from "../plan/plan.js";
import { planShapeProblem, recheckPlan, upgradeBodyProblem } from "../plan/recheck.js";
import { CLUSTER_ID, POOL_ID, VNET_ID } from "../network/resourceIds.js";
import { overlayCluster } from "../plan/upgradePlan.js";
import { type ArmClusterProperties, networkMode } from "../network/fromCluster.js";
import { renderPlan } from "../output/planTable.js";
import { type AzureOptions, type PlanOptions, addAzureOptions, applyWithProgress, confirm } from "./mutating.js";
import { type OutputOptions, addOutputOptions, outputWidth, stdoutStyle, writeDocument } from "./output.js";

interface ApplyOptions extends OutputOptions, AzureOptions, Pick<PlanOptions, "yes" | "wait"> {}


export function registerApply(program: Command, deps: Deps, setExit: (code: number) => void): void {
  const cmd = program
    .command("apply")
    .summary("apply a plan saved with --out, refusing it if Azure changed since")
    .description(
      "Apply a plan saved with --out by create, upgrade or nodepool add. The file is checked first (a truncated, " +
        "edited or other-version plan is refused); then everything the plan was made from is read again, and if any " +
        "of it changed the plan is stale and nothing is written. Otherwise exactly the plan's changes are applied, " +
        "with If-Match (the eTag planned against) or If-None-Match: * (a create).",
    )
    .argument("<plan.json>", "the saved plan")
    .option("-y, --yes", "apply without asking")
    .option("--no-wait", "submit, print the operation and exit without waiting for it");
  addAzureOptions(cmd);
  addOutputOptions(cmd);
  cmd.addHelpText("after", "\nExit codes: 0 applied, 2 not a valid plan or usage, 3 the plan fails the rules now (nothing written), 4 auth,\n5 Azure failed, 6 the plan is stale, 130 interrupted.");
  cmd.action(async (file: string, options: ApplyOptions) => setExit(await runApply(file, options, deps)));
}

async function read(azure: AzurePort, resourceId: string): Promise<Resource | undefined> {
  let m: RegExpExecArray | null;
  if ((m = POOL_ID.exec(resourceId))) return azure.getAgentPool(m[2] as string, m[3] as string, m[4] as string);
  if ((m = CLUSTER_ID.exec(resourceId))) return azure.getCluster(m[2] as string, m[3] as string);
  if ((m = VNET_ID.exec(resourceId))) return azure.getVirtualNetwork(m[2] as string, m[3] as string);
  throw new UsageError(`the plan's basis names ${resourceId}, which aks-overlay does not read`);
}

export async function runApply(file: string, options: ApplyOptions, deps: Deps): Promise<number> {
  let text: string;
  try {
    text = await deps.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a plan" : (error as Error).message}`);
  }
  const { parsePlanFile } = await import("../input/planFile.js");
  const plan: PlanDocument = await parsePlanFile(text, file);
  const shape = planShapeProblem(plan);
  if (shape) throw new UsageError(`${file}: ${shape} (edited?). Plan again.`);

  const endpoint = options.armEndpoint ?? plan.armEndpoint;
  if (options.armEndpoint !== undefined && options.armEndpoint.replace(/\/+$/, "") !== plan.armEndpoint) {
    throw new UsageError(`--arm-endpoint ${options.armEndpoint} differs from the endpoint the plan was made against (${plan.armEndpoint}); plan again against it`);
  }
  if (options.subscription !== undefined && options.subscription !== plan.target.subscriptionId) {
    throw new UsageError(`--subscription ${options.subscription} differs from the plan's subscription ${plan.target.subscriptionId}`);
  }
  const azure = await deps.azure({ subscription: plan.target.subscriptionId, armEndpoint: endpoint, debug: options.debug });

  // Read back everything the plan was made from: any change makes it stale.
  const current = new Map<string, Resource | undefined>();
  for (const entry of plan.basis) {
    const resource = await read(azure, entry.resourceId);
    current.set(entry.resourceId.toLowerCase(), resource);
    const now = resource ? etagOf(resource) : null;
    if (now !== entry.etag) {
      const was = entry.etag === null ? "did not exist" : `had eTag ${entry.etag}`;
      const is = now === null ? "no longer exists" : entry.etag === null ? "exists now" : `has eTag ${now}`;
      throw new AzureConflictError(`plan is stale: ${entry.resourceId} ${was} when the plan was made (${plan.createdAt}) and ${is}; nothing was written. Plan again.`, { resourceId: entry.resourceId });
    }
  }
  const bodyProblem = upgradeBodyProblem(plan, current);
  if (bodyProblem) throw new UsageError(`${file}: ${bodyProblem} (edited?). Plan again.`);
  for (const [i, change] of plan.changes.entries()) {
    if (change.action !== "update") continue;
    const read = current.get(change.resourceId.toLowerCase());
    const before = read && stripSecrets(read);
    if (before && JSON.stringify(diff(before, change.body)) !== JSON.stringify(change.diff)) {
      throw new UsageError(`${file}: changes[${i}].body does not match its diff against ${change.resourceId}: the plan was edited after it was made. Plan again.`);
    }
  }

  // The body must still pass every rule against what was read now: an edited plan cannot slip past them.
  const broken = recheckPlan(plan, current);
  const style = stdoutStyle(deps, options);
  if (broken.length > 0) {
    const refused = { ...plan, valid: false, findings: broken, changes: [], capacity: null };
    if (options.output === "table") deps.stdout.write(renderPlan(refused, [], outputWidth(deps), style, [`Saved plan ${file} fails the rules now (edited after it was made?): nothing was written.`]));
    else await writeDocument(deps, options.output, refused);
    return EXIT.validation;
  }
  if (options.output === "table") deps.stdout.write(renderPlan({ ...plan, capacity: null }, [], outputWidth(deps), style, [`Saved plan ${file}, made ${plan.createdAt}; nothing it was made from has changed.`]));
  const writes = plan.changes.filter((c) => c.action !== "noop").length;
  if (writes === 0) {
    deps.stderr.write("Nothing to do: the plan changes nothing.\n");
    if (options.output !== "table") {
      await writeDocument(deps, options.output, {
        formatVersion: plan.formatVersion,
        kind: "result",
        operation: plan.operation,
        resourceId: plan.target.resourceId,
        provisioningState: "NoChange",
        durationMs: 0,
        resource: stripSecrets(current.get(plan.target.resourceId.toLowerCase()) ?? {}),
      });
    }
    return EXIT.ok;
  }
  if (!options.yes) {
    if (!deps.stdinIsTTY) throw new UsageError("no terminal to confirm on: add --yes to apply the plan");
    if (!(await confirm(`Apply ${file} (${plan.operation} ${plan.target.resourceGroup}/${plan.target.name}${plan.target.pool ? `/${plan.target.pool}` : ""})?`, deps))) {
      deps.stderr.write("Cancelled: nothing was written.\n");
      return EXIT.ok;
    }
  }
  // A saved upgrade plan holds the cluster without its secrets: write the cluster as read now
  // (checked above to be the plan's body but for them), with the overlay fields changed.
  const change = plan.changes[0];
  if (plan.operation === "upgrade" && change?.action === "update") {
    const read = current.get(plan.target.resourceId.toLowerCase()) as Record<string, unknown>;
    const mode = networkMode(read as ArmClusterProperties);
    const podCidr = mode === "azure-legacy" ? ((change.body.networkProfile as Record<string, unknown> | undefined)?.podCidr as string | undefined) : undefined;
    change.body = overlayCluster(read, mode, podCidr);
  }
  const subject = plan.operation === "nodepool-add" ? `node pool ${plan.target.pool} of cluster ${plan.target.resourceGroup}/${plan.target.name}` : `cluster ${plan.target.resourceGroup}/${plan.target.name}`;
  const verb = plan.operation === "create" ? "creating" : plan.operation === "upgrade" ? "upgrading" : "adding";
  return applyWithProgress(plan, azure, { ...options, dryRun: false }, deps, verb, subject);
}
