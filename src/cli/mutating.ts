/**
 * What every command that writes to Azure shares: the Azure and plan flags, the confirmation
 * rules, saving a plan, progress while the operation runs, and the result document.
 */
import type { Command } from "commander";
import type { AzurePort, WriteResult } from "../azure/port.js";
import type { Deps } from "../deps.js";
import { InterruptedError } from "../azure/errors.js";
import { EXIT, UsageError } from "../errors.js";
import { FORMAT_VERSION } from "../plan/documents.js";
import type { Finding } from "../network/findings.js";
import { type PlanDocument, stripSecrets, withoutSecrets } from "../plan/plan.js";
import { type ProgressMode, startProgress } from "../output/progress.js";
import { renderPlan } from "../output/planTable.js";
import type { PoolRow } from "../output/validationTable.js";
import { type OutputOptions, outputWidth, stderrStyle, stdoutStyle, writeDocument } from "./output.js";

export interface AzureOptions {
  subscription?: string;
  armEndpoint?: string;
}

export interface PlanOptions {
  dryRun?: boolean;
  out?: string;
  yes?: boolean;
  wait: boolean;
}

export function addAzureOptions(cmd: Command): Command {
  return cmd
    .option("--subscription <id>", "subscription id (else AZURE_SUBSCRIPTION_ID)")
    .option("--arm-endpoint <url>", "Azure Resource Manager endpoint (else AKS_OVERLAY_ARM_ENDPOINT, else the public cloud)");
}

export function addPlanOptions(cmd: Command): Command {
  return cmd
    .option("--dry-run", "plan only: read Azure, write nothing")
    .option("--out <plan.json>", "save the plan to a file (implies --dry-run)")
    .option("-y, --yes", "apply without asking")
    .option("--no-wait", "submit, print the operation and exit without waiting for it");
}

/** Names that address a resource in a URL: an empty or slash-bearing one would address another. */
export function checkNames(names: Record<string, string | undefined>): void {
  for (const [flag, value] of Object.entries(names)) {
    if (value === undefined) continue;
    if (value.trim() === "") throw new UsageError(`${flag} "": give a name`);
    if (/[/?#\\]/.test(value)) throw new UsageError(`${flag} "${value}": a name cannot contain /, ?, # or \\`);
  }
}

/** Without a terminal to ask on, a write needs --yes: refuse before reading or writing anything. */
export function checkConfirmable(options: PlanOptions, deps: Deps, verb: string): void {
  if (options.dryRun || options.out !== undefined || options.yes) return;
  if (!deps.stdinIsTTY) {
    throw new UsageError(`no terminal to confirm on: add --yes to ${verb}, or --dry-run to only see the plan`);
  }
}

export async function savePlan(plan: PlanDocument, path: string, deps: Deps): Promise<void> {
  try {
    await deps.writeFile(path, `${JSON.stringify(withoutSecrets(plan), null, 2)}\n`);
  } catch (error) {
    throw new UsageError(`--out ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such directory" : (error as Error).message}`);
  }
}

/** Asks on the terminal; only "yes" goes ahead. */
export async function confirm(question: string, deps: Deps): Promise<boolean> {
  const answer = await deps.prompt(`${question}\n  Only 'yes' will be accepted: `);
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

/** The long and short flags a command has. */
export function flagsOf(cmd: Command): Set<string> {
  return new Set(cmd.options.flatMap((o) => [o.long, o.short]).filter((f): f is string => !!f));
}

/**
 * A finding names the flag it is about; the rules speak in `validate`'s flags. Each command names
 * its own: `renames` maps a rule's flag to the command's, and a flag the command lacks becomes
 * `fallback` (the flag that names what the finding is about there).
 */
export function ownFlags(findings: Finding[], flags: ReadonlySet<string>, renames: Readonly<Record<string, string>>, fallback: string): Finding[] {
  return findings.map((f) => {
    const field = renames[f.field] ?? f.field;
    return { ...f, field: flags.has(field) ? field : fallback };
  });
}

export interface PlanOutcome {
  plan: PlanDocument;
  /** Pools for the capacity table. */
  pools: readonly PoolRow[];
  /** Lines under the plan's heading. */
  notes?: string[];
  /** The plan changes nothing (already done): reported, exit 0. */
  nothingToDo?: boolean;
  /** The confirmation question. */
  question: string;
  /** "creating", "upgrading"...; and what, for progress. */
  verb: string;
  subject: string;
  /** For the refusal without --yes: "create the cluster". */
  action: string;
  /** The plan is refused because the resource exists already: exit 6 rather than 3. */
  exists?: boolean;
}

/**
 * What every planning command does once it has its plan: show it (table, or the plan document when
 * nothing will be applied), stop on errors (exit 3), save it with --out, stop on --dry-run, ask,
 * and apply it with progress.
 */
export async function concludePlan(outcome: PlanOutcome, azure: AzurePort, options: PlanOptions & OutputOptions, deps: Deps): Promise<number> {
  const { plan } = outcome;
  const shown = withoutSecrets(plan);
  const planned = options.dryRun || options.out !== undefined || !plan.valid || outcome.nothingToDo === true;
  // Save first: a plan that cannot be saved is an error, and the error is then the one document on stdout.
  const saving = plan.valid && options.out !== undefined;
  if (saving) await savePlan(plan, options.out as string, deps);
  if (options.output === "table") deps.stdout.write(renderPlan(shown, outcome.pools, outputWidth(deps), stdoutStyle(deps, options), outcome.notes));
  else if (planned) await writeDocument(deps, options.output, shown);
  if (!plan.valid) return outcome.exists ? EXIT.conflict : EXIT.validation;
  if (saving) deps.stderr.write(`Plan saved to ${options.out}: apply it with 'aks-overlay apply ${options.out}'\n`);
  if (planned) return EXIT.ok;
  checkConfirmable(options, deps, outcome.action);
  if (!options.yes && !(await confirm(outcome.question, deps))) {
    deps.stderr.write("Cancelled: nothing was written.\n");
    return EXIT.ok;
  }
  return applyWithProgress(plan, azure, options, deps, outcome.verb, outcome.subject);
}

/** Applies the plan with progress on stderr, then prints the result (a document, or a summary line). */
export async function applyWithProgress(
  plan: PlanDocument,
  azure: AzurePort,
  options: PlanOptions & OutputOptions,
  deps: Deps,
  verb: string,
  subject: string,
): Promise<number> {
  const { applyPlan } = await import("../azure/apply.js");
  const style = stderrStyle(deps, !options.color);
  const mode: ProgressMode = options.output !== "table" ? "ndjson" : deps.stderr.isTTY ? "spinner" : "lines";
  const started = deps.now().getTime();
  const progress = startProgress(mode, deps.stderr, style, verb, subject, undefined, { operation: plan.operation, resourceId: plan.target.resourceId });
  let results: WriteResult[];
  try {
    results = await applyPlan(plan, azure, { wait: options.wait, onProgress: (s) => progress.update(s) });
  } catch (error) {
    progress.stop((error as { exitCode?: number }).exitCode === EXIT.interrupted ? "interrupted" : "failed");
    if ((error as { exitCode?: number }).exitCode === EXIT.interrupted) {
      throw Object.assign(error as Error, {
        message: `interrupted: Azure keeps running the operation on ${plan.target.resourceId}. Check it with: az aks show -g ${plan.target.resourceGroup} -n ${plan.target.name} --query provisioningState`,
      });
    }
    throw error;
  }
  progress.stop(options.wait ? "succeeded" : "submitted");
  const last = results.at(-1);
  const doc: ResultDocument = {
    formatVersion: FORMAT_VERSION,
    kind: "result",
    operation: plan.operation,
    resourceId: plan.changes.at(-1)?.resourceId ?? plan.target.resourceId,
    provisioningState: last?.provisioningState ?? "Succeeded",
    durationMs: deps.now().getTime() - started,
    ...(last?.operationId && { operationId: last.operationId }),
    ...(last?.operationUrl && { operationUrl: last.operationUrl }),
    resource: stripSecrets(last?.resource ?? {}),
  };
  if (options.output !== "table") {
    await writeDocument(deps, options.output, doc);
  } else if (!options.wait) {
    deps.stdout.write(`Submitted: ${doc.resourceId}\n  Azure keeps working on it: follow it with az aks show -g ${plan.target.resourceGroup} -n ${plan.target.name} --query provisioningState\n  operation: ${doc.operationUrl ?? "(none returned)"}\n`);
  } else {
    deps.stdout.write(`${style.ok("✓")} ${doc.resourceId}: ${doc.provisioningState}\n`);
  }
  return EXIT.ok;
}
