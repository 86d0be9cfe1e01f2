/**
 * What every command that writes to Azure shares: the Azure and plan flags, running an operation
 * (observe, decide), showing its plan, the confirmation rules, saving a plan, progress while the
 * operation runs, and the result document.
 */
import { shellWord, shown } from "../network/shown.js";
import { fitProse, proseFor } from "../output/style.js";
import type { Command } from "commander";
import { checkOutputPath, fileProblem } from "./fileErrors.js";
import type { AzurePort, WriteResult } from "../azure/port.js";
import type { Deps } from "../deps.js";
import { InterruptedError } from "../azure/errors.js";
import { EXIT, UsageError } from "../errors.js";
import { FORMAT_VERSION } from "../plan/documents.js";
import { type ShownFinding, withFlags } from "../network/findings.js";
import { type PlanDocument, stripSecrets, withoutSecrets } from "../plan/plan.js";
import { type Decision, type OperationModule, type PlanView, RequestProblem } from "../ops/operation.js";
import { startProgress } from "../output/progress.js";
import { renderPlan } from "../output/planTable.js";
import { flagTableFor } from "./flagTables.js";
import { type OutputOptions, type Terminal, documentOutput, say, terminal } from "./terminal.js";
import { writeDocument } from "./output.js";

export interface AzureOptions {
  subscription?: string;
  armEndpoint?: string;
  requestTimeout?: string;
}

export interface PlanOptions {
  dryRun?: boolean;
  out?: string;
  yes?: boolean;
  wait: boolean;
}

export function addAzureOptions(cmd: Command, subscriptionHelp = "subscription id or name (else AZURE_SUBSCRIPTION_ID, ARM_SUBSCRIPTION_ID, the Azure CLI's default)"): Command {
  return cmd
    .option("--subscription <id>", subscriptionHelp)
    .option("--arm-endpoint <url>", "Azure Resource Manager endpoint (else AKS_OVERLAY_ARM_ENDPOINT, else the public cloud)")
    .option("--request-timeout <seconds>", "fail an HTTP request that gets no response in time (else AKS_OVERLAY_REQUEST_TIMEOUT, else 60)");
}

export function addPlanOptions(cmd: Command): Command {
  return cmd
    .option("--dry-run", "plan only: read Azure, write nothing")
    .option("--out <plan.json>", "save the plan to a file (implies --dry-run)")
    .option("-y, --yes", "apply without asking")
    .option("--no-wait", "submit, print the operation and exit without waiting for it");
}

/** --out saves a plan and applies nothing: with --yes the user meant something else. */
export function checkPlanFlags(options: Partial<PlanOptions>): void {
  if (options.out !== undefined && options.yes) {
    throw new UsageError(`--out ${options.out} with --yes: --out saves the plan and applies nothing; drop --yes to save it (then 'aks-overlay apply ${options.out} --yes'), or drop --out to apply now`);
  }
}

/** When no one can be asked, a write needs --yes: refuse before reading or writing anything. */
export function checkConfirmable(options: Partial<PlanOptions>, term: Terminal, verb: string): void {
  checkPlanFlags(options);
  if (options.dryRun || options.out !== undefined || options.yes) return;
  if (!term.canPrompt) throw new UsageError(`${term.noPromptBecause}: add --yes to ${verb}, or --dry-run to only see the plan`);
}

/** A plan as it is shown and saved: no secrets, and each finding named by this command's flag. */
export function shownPlan(plan: PlanDocument): PlanDocument<ShownFinding> {
  const { table, fallback } = flagTableFor(plan.operation, plan.request);
  return { ...withoutSecrets(plan), findings: withFlags(plan.findings, table, fallback) };
}

/**
 * Where --out may write a plan: a new file, or an earlier plan (never another file a typo names),
 * in a directory that exists. Checked before Azure is read, and again when writing.
 */
export function checkPlanPath(path: string, deps: Deps): Promise<void> {
  return checkOutputPath("--out", path, deps, { kind: "plan", bytes: 400, ours: (start) => /"kind":\s*"plan"/.test(start), dash: "a plan file: give a file name (-o json or yaml print the plan on stdout)" });
}

export async function savePlan(plan: PlanDocument<ShownFinding>, path: string, deps: Deps): Promise<void> {
  await checkPlanPath(path, deps);
  try {
    await deps.writeFile(path, `${JSON.stringify(plan, null, 2)}\n`);
  } catch (error) {
    throw new UsageError(`--out ${shown(path)}: ${fileProblem(error, true)}`);
  }
}

/** The az command that shows how the plan's target is doing: the node pool's state for a pool operation. */
function provisioningCheck(plan: PlanDocument): string {
  const { resourceGroup, name, pool } = plan.target;
  return pool !== undefined
    ? `az aks nodepool show -g ${shellWord(resourceGroup)} --cluster-name ${name} -n ${pool} --query provisioningState`
    : `az aks show -g ${shellWord(resourceGroup)} -n ${name} --query provisioningState`;
}

/** Asks on the terminal; only "yes" goes ahead. */
export async function confirm(question: string, deps: Deps): Promise<boolean> {
  const answer = await deps.prompt(`${proseFor(deps.stderr, question)}\n  Only 'yes' will be accepted: `);
  if (deps.signal.aborted) throw new InterruptedError("interrupted at the prompt: nothing was written");
  return answer?.trim().toLowerCase() === "yes";
}

export interface ResultDocument {
  formatVersion: typeof FORMAT_VERSION;
  kind: "result";
  operation: PlanDocument["operation"];
  resourceId: string;
  provisioningState: string;
  durationMs: number;
  operationId?: string;
  operationUrl?: string;
  resource: Record<string, unknown>;
}

/** The plan as a table (with the view's notes), for a person. */
export function renderDecision(plan: PlanDocument<ShownFinding>, view: Pick<PlanView, "pools" | "notes">, term: Terminal, extraNotes: string[] = []): string {
  const notes = [...view.notes.map((n) => (n.tone === "ok" ? term.out.ok(n.text) : n.tone === "error" ? term.out.error(n.text) : n.text)), ...extraNotes];
  return renderPlan(plan, view.pools, term.width, term.out, notes);
}

/** A request that must not reach Azure is a usage error (exit 2). */
export function checkRequest<R extends object>(op: OperationModule<R, unknown>, request: R): void {
  try {
    op.checkRequest(request);
  } catch (error) {
    if (error instanceof RequestProblem) throw new UsageError(error.message);
    throw error;
  }
}

/** Observes and decides: the plan for a request, from the state read now. */
export async function decideNow<R extends object, O>(op: OperationModule<R, O>, request: R, azure: AzurePort, deps: Deps): Promise<Decision> {
  checkRequest(op, request);
  const observed = await op.observe(azure, request);
  try {
    return op.decide(request, observed, { armEndpoint: azure.endpoint, now: deps.now() });
  } catch (error) {
    if (error instanceof RequestProblem) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * A planning command from flags to result: get the port, build the request (it names the
 * subscription the port resolved), observe, decide, then conclude.
 */
export async function runOperation<R extends object, O>(
  op: OperationModule<R, O>,
  buildRequest: (subscriptionId: string) => R,
  options: AzureOptions & PlanOptions & OutputOptions,
  deps: Deps,
  /** For the refusal without --yes ("create the cluster"); undefined: refuse only once a write is planned. */
  refuseEarly: string | undefined,
  /** Completes the request once every check that needs no Azure has passed (create's generated SSH key: made only then). */
  complete?: (request: R) => Promise<R>,
): Promise<number> {
  // Building the port sends nothing: it resolves the subscription the request names.
  checkPlanFlags(options);
  if (options.out !== undefined) await checkPlanPath(options.out, deps);
  const azure = await deps.azure({ subscription: options.subscription, armEndpoint: options.armEndpoint, requestTimeout: options.requestTimeout, debug: options.debug, ndjsonNotes: documentOutput(options) });
  const request = buildRequest(azure.subscriptionId);
  checkRequest(op, request);
  if (refuseEarly !== undefined) checkConfirmable(options, terminal(deps, options), refuseEarly);
  const decision = await decideNow(op, complete ? await complete(request) : request, azure, deps);
  return concludePlan(decision, azure, options, deps);
}

/**
 * What every planning command does once it has its plan: show it (table, or the plan document when
 * nothing will be applied), stop on errors (exit 3, or 6 for a conflict), save it with --out, stop
 * on --dry-run, ask, and apply it with progress.
 */
export async function concludePlan({ plan, view }: Decision, azure: AzurePort, options: PlanOptions & OutputOptions, deps: Deps): Promise<number> {
  checkPlanFlags(options);
  const term = terminal(deps, options);
  const shown = shownPlan(plan);
  const planned = options.dryRun || options.out !== undefined || !plan.valid || view.nothingToDo;
  // Save first: a plan that cannot be saved is an error, and the error is then the one document on stdout.
  const saving = plan.valid && options.out !== undefined;
  if (saving) await savePlan(shown, options.out as string, deps);
  if (term.format === "table") deps.stdout.write(renderDecision(shown, view, term));
  else if (planned) await writeDocument(deps, term, shown);
  if (!plan.valid) return view.conflict ? EXIT.conflict : EXIT.validation;
  if (saving) {
    const endpoint = (options as { armEndpoint?: string }).armEndpoint;
    say(deps, `Plan saved to ${options.out}: apply it with: aks-overlay apply ${shellWord(options.out as string)}${endpoint !== undefined ? ` --arm-endpoint ${shellWord(endpoint)}` : ""}`, documentOutput(options));
  }
  if (planned) return EXIT.ok;
  checkNoWait(plan, options);
  checkConfirmable(options, term, view.action);
  if (!options.yes && !(await confirm(view.question, deps))) {
    deps.stderr.write("Cancelled: nothing was written.\n");
    return EXIT.ok;
  }
  return applyWithProgress(plan, view, azure, options, deps);
}

/**
 * --no-wait returns once the first write is accepted: a plan whose later change needs what the
 * first one makes (the cluster identity a subnet grant names) cannot be applied that way. Said
 * before anything is written.
 */
function checkNoWait(plan: PlanDocument, options: PlanOptions): void {
  if (options.wait) return;
  const later = plan.changes.find((c) => c.action !== "noop" && (c.fill ?? []).length > 0);
  if (later === undefined) return;
  const subnet = later.resourceId.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, "");
  throw new UsageError(
    `--no-wait: the plan also grants the cluster's identity Network Contributor on subnet ${subnet.split("/").at(-1) ?? subnet}, which can be done only once the cluster exists: run it without --no-wait, or add --skip-subnet-role-assignment and grant it yourself when the cluster is there`,
  );
}

/** Applies the plan with progress on stderr, then prints the result (a document, or a summary line). */
export async function applyWithProgress(plan: PlanDocument, view: Pick<PlanView, "verb" | "subject">, azure: AzurePort, options: PlanOptions & OutputOptions, deps: Deps): Promise<number> {
  checkNoWait(plan, options);
  const { applyPlan } = await import("../ops/apply.js");
  const term = terminal(deps, options);
  const started = deps.now().getTime();
  const progress = startProgress(term.progress, deps.stderr, term.err, view.verb, view.subject, undefined, { operation: plan.operation, resourceId: plan.changes.find((c) => c.action !== "noop")?.resourceId ?? plan.target.resourceId });
  let results: WriteResult[];
  try {
    results = await applyPlan(plan, azure, { wait: options.wait, onProgress: (s) => progress.update(s) });
  } catch (error) {
    const interrupted = (error as { exitCode?: number }).exitCode === EXIT.interrupted;
    progress.stop(interrupted ? "interrupted" : "failed");
    if (interrupted) {
      // Whether Azure had accepted the write is not known here: said as such. What the plan still
      // had to write after its first change is said too, with the by-hand grant.
      const { ROLE_ASSIGNMENT_TYPE, grantCommand } = await import("../ops/subnetAccess.js");
      const first = plan.changes.find((c) => c.action !== "noop");
      const later = plan.changes.filter((c) => c.action !== "noop" && c !== first);
      const principal = `$(az aks show -g ${shellWord(plan.target.resourceGroup)} -n ${plan.target.name} --query identity.principalId -o tsv)`;
      const grants = later.filter((c) => c.resourceType === ROLE_ASSIGNMENT_TYPE).map((c) => grantCommand(principal, c.resourceId.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, "")));
      // Known accepted (its operation was being followed): said plainly, with the operation.
      const known = (error as { details?: { operationId?: string; accepted?: boolean } }).details ?? {};
      const target = first?.resourceId ?? plan.target.resourceId;
      const what = known.accepted
        ? `interrupted: Azure had accepted the write${known.operationId ? ` (operation ${known.operationId})` : ""} and keeps running it on ${target}`
        : `interrupted: if Azure had accepted the write, it keeps running the operation on ${target}`;
      throw Object.assign(error as Error, {
        message:
          `${what}; check it with: ${provisioningCheck(plan)}` +
          (later.length > 0 ? `. Not written: ${later.map((c) => c.resourceId).join("; ")}${grants.length > 0 ? `; once the cluster exists, grant its identity the subnet: ${grants.join("; ")}` : ""}` : ""),
      });
    }
    throw error;
  }
  progress.stop(options.wait ? "succeeded" : "submitted");
  // The operation's resource is the first change's (a create's role assignment follows it).
  const last = results[0];
  const doc: ResultDocument = {
    formatVersion: FORMAT_VERSION,
    kind: "result",
    operation: plan.operation,
    resourceId: plan.changes.find((c) => c.action !== "noop")?.resourceId ?? plan.target.resourceId,
    provisioningState: last?.provisioningState ?? "Succeeded",
    durationMs: deps.now().getTime() - started,
    ...(last?.operationId && { operationId: last.operationId }),
    ...(last?.operationUrl && { operationUrl: last.operationUrl }),
    resource: stripSecrets(last?.resource ?? {}),
  };
  if (term.format !== "table") {
    await writeDocument(deps, term, doc);
  } else if (!options.wait) {
    const lines = [`Submitted: ${doc.resourceId}`, `  Azure keeps working on it: follow it with ${provisioningCheck(plan)}`, `  operation: ${doc.operationUrl ?? "(none returned)"}`];
    deps.stdout.write(`${fitProse(lines, term.width).join("\n")}\n`);
  } else {
    deps.stdout.write(`${term.out.ok("✓")} ${doc.resourceId}: ${doc.provisioningState}\n`);
  }
  return EXIT.ok;
}
