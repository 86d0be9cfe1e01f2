/**
 * `aks-overlay apply plan.json`: a saved plan is a claim, never an instruction. apply takes only
 * the plan's operation and request, reads Azure afresh, decides again with the same code the
 * planning command runs, and writes only when what it decides now is exactly what was saved.
 */
import type { Command } from "commander";
import { proseFor } from "../output/style.js";
import { helpNotes } from "./helpLayout.js";
import { fileProblem } from "./fileErrors.js";
import { AzureConflictError } from "../azure/errors.js";
import type { Deps } from "../deps.js";
import { quoted, shown } from "../network/shown.js";
import { CliError, EXIT, UsageError } from "../errors.js";
import { judgeSavedPlan } from "../plan/compare.js";
import { type PlanDocument, stripSecrets } from "../plan/plan.js";
import { FORMAT_VERSION } from "../plan/documents.js";
import { type ArmEndpoint, resolveArmEndpoint } from "../azure/endpoint.js";
import { type AzureOptions, type PlanOptions, type ResultDocument, addAzureOptions, applyWithProgress, confirm, decideNow, renderDecision, shownPlan } from "./mutating.js";
import { type OutputOptions, writeDocument } from "./output.js";
import { documentOutput, say, terminal } from "./terminal.js";
import type { RunArgv } from "./demo.js";
import { wholeNumber } from "./options.js";

interface ApplyOptions extends OutputOptions, AzureOptions, Pick<PlanOptions, "yes" | "wait" | "dryRun"> {
  continueOnError?: boolean;
  parallel?: number;
}

export function registerApply(program: Command, deps: Deps, setExit: (code: number) => void, runArgv: RunArgv): void {
  const cmd = program
    .command("apply")
    .summary("apply a plan saved with --out, refusing it if Azure changed since")
    .description(
      "Apply a plan saved with --out by create, upgrade, update or nodepool add / scale / update (or fleet plan). Only the plan's operation and request " +
        "are taken from the file: Azure is read again and the plan decided again, and it is written only if the " +
        "result is exactly the saved changes (If-Match on the eTag read, or If-None-Match: * for a create). A plan " +
        "whose resources changed since is stale; one that differs from what its request yields was edited.",
    )
    .argument("<plan.json...>", "the saved plan(s), applied in the order given (a wave: DIR/*.json)")
    .option("--dry-run", "decide the plan again against Azure now and say whether apply would write it as saved; write nothing (a check before an approval)")
    .option("-y, --yes", "apply without asking")
    .option("--no-wait", "submit, print the operation and exit without waiting for it")
    .option("--continue-on-error", "with several plans: go on after one fails (default: stop at the first failure)")
    .option("--parallel <n>", "with several plans: apply up to n at once", wholeNumber, 1);
  addAzureOptions(cmd);
  cmd.addHelpText(
    "after",
    helpNotes("\nExit codes: 0 applied (--dry-run: it would be, as saved), 2 not a valid plan, edited, or usage, 3 the request fails the rules now (nothing written),\n4 auth, 5 Azure failed, 6 the plan is stale (Azure changed since), 130 interrupted."),
  );
  cmd.action(async (files: string[], options: ApplyOptions) => {
    const parallel = options.parallel ?? 1;
    if (!(Number.isInteger(parallel) && parallel >= 1 && parallel <= 20)) throw new UsageError(`--parallel ${parallel}: 1 to 20`);
    if (files.length > 1 && files.includes("-")) throw new UsageError("- (a plan on standard input) is applied on its own, not among other plans");
    // The same file under two spellings (plan.json, ./plan.json, its absolute path) is still one plan.
    const { resolve } = await import("node:path");
    const where = files.map((f) => resolve(f));
    const twice = files.find((_, i) => where.indexOf(where[i] as string) !== i);
    if (twice !== undefined) throw new UsageError(`${shown(twice)} is given twice: a plan is applied once (the second time it would be stale)`);
    setExit(files.length === 1 ? await runApply(files[0] as string, options, deps) : await runApplyMany(files, options, deps, runArgv));
  });
}

/** The result document of a plan that writes nothing: the resource as read now. */
function noChangeResult(plan: PlanDocument): ResultDocument {
  const read = plan.changes[0]?.body ?? {};
  return { formatVersion: FORMAT_VERSION, kind: "result", operation: plan.operation, resourceId: plan.target.resourceId, provisioningState: "NoChange", durationMs: 0, resource: stripSecrets(read) };
}

async function readPlan(file: string, deps: Deps): Promise<PlanDocument> {
  let text: string;
  try {
    text = await deps.readFile(file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new UsageError(`${shown(file)}: ${fileProblem(error)}`);
  }
  const { parsePlanFile } = await import("../input/planFile.js");
  return parsePlanFile(text, file);
}

/**
 * The endpoint apply talks to: --arm-endpoint, else AKS_OVERLAY_ARM_ENDPOINT, else the one the plan
 * was made against if that is a local emulator, else the public cloud. It must be the plan's: a
 * plan never chooses where credentials are sent.
 */
function endpointFor(plan: PlanDocument, options: ApplyOptions, deps: Deps): string {
  const given = options.armEndpoint ?? (deps.env.AKS_OVERLAY_ARM_ENDPOINT || undefined);
  let planned: ArmEndpoint | undefined;
  try {
    planned = resolveArmEndpoint(plan.armEndpoint, {});
  } catch {
    planned = undefined;
  }
  const endpoint = resolveArmEndpoint(given ?? (planned?.loopback ? planned.url : undefined), deps.env).url;
  if (endpoint !== plan.armEndpoint) {
    // The file's endpoint is named, never recommended: a plan does not choose where credentials go.
    throw new UsageError(
      `the plan says it was made against ${quoted(plan.armEndpoint, 100)}, but apply would talk to ${endpoint}; a plan file never chooses where your credentials go: plan again against ${endpoint}, or, if you trust that endpoint, give it yourself with --arm-endpoint`,
    );
  }
  return endpoint;
}

export async function runApply(file: string, options: ApplyOptions, deps: Deps): Promise<number> {
  const term = terminal(deps, options);
  const saved = await readPlan(file, deps);
  const { OPERATION_MODULES } = await import("../ops/index.js");
  const op = OPERATION_MODULES[saved.operation];
  const request = saved.request as { subscriptionId: string };
  if (options.subscription !== undefined && options.subscription !== request.subscriptionId) {
    throw new UsageError(`--subscription ${options.subscription} differs from the plan's subscription ${request.subscriptionId}`);
  }
  const armEndpoint = endpointFor(saved, options, deps);
  if (!options.yes && !options.dryRun && !term.canPrompt) throw new UsageError(`${term.noPromptBecause}: add --yes to apply the plan`);
  const azure = await deps.azure({ subscription: request.subscriptionId, armEndpoint, requestTimeout: options.requestTimeout, debug: options.debug, ndjsonNotes: documentOutput(options) });
  const { plan, view } = await decideNow(op, request, azure, deps);
  const fresh = shownPlan(plan);

  const verdict = judgeSavedPlan(saved, plan);
  switch (verdict.kind) {
    case "stale": {
      const was = verdict.was === null ? "did not exist" : `had eTag ${verdict.was}`;
      const now = verdict.now === null ? "no longer exists" : verdict.was === null ? "exists now" : `has eTag ${verdict.now}`;
      throw new AzureConflictError(`plan is stale: ${verdict.resourceId} ${was} when the plan was made (${saved.createdAt}) and ${now}; nothing was written. Plan again.`, { resourceId: verdict.resourceId });
    }
    case "invalid": {
      if (term.format === "table") deps.stdout.write(renderDecision(fresh, view, term, [`Saved plan ${file} fails the rules against Azure as it is now: nothing was written.`]));
      else await writeDocument(deps, term, fresh);
      return view.conflict ? EXIT.conflict : EXIT.validation;
    }
    case "edited":
      throw new UsageError(`${file}: ${verdict.where}, and nothing it was made from has changed since: the plan was edited. Nothing was written. Plan again.`);
    case "same":
      break;
  }

  if (options.dryRun) {
    // The check alone: the saved plan holds against Azure as it is now; nothing is written.
    const writes = plan.changes.some((c) => c.action !== "noop");
    if (term.format === "table") {
      deps.stdout.write(renderDecision(fresh, view, term, [`Saved plan ${file}, made ${saved.createdAt}: decided again now, and unchanged.`, `Dry run: ${writes ? "apply would write exactly these changes" : "apply would write nothing"}; nothing was written.`]));
    } else await writeDocument(deps, term, fresh);
    return EXIT.ok;
  }
  if (term.format === "table") deps.stdout.write(renderDecision(fresh, view, term, [`Saved plan ${file}, made ${saved.createdAt}: decided again now, and unchanged.`]));
  if (plan.changes.every((c) => c.action === "noop")) {
    deps.stderr.write("Nothing to do: the plan changes nothing.\n");
    if (term.format !== "table") await writeDocument(deps, term, noChangeResult(plan));
    return EXIT.ok;
  }
  if (!options.yes && !(await confirm(view.question.replace(/\?/, ` (saved plan ${file})?`), deps))) {
    deps.stderr.write("Cancelled: nothing was written.\n");
    return EXIT.ok;
  }
  return applyWithProgress(plan, view, azure, { ...options, dryRun: false }, deps);
}

/** What one plan of several came to: its exit code and what it printed. */
interface Outcome {
  file: string;
  exitCode: number;
  stdout: string;
}

/**
 * Several plans (a wave): applied in the order given, at most `--parallel` at once, each decided
 * again on its own. The first failure stops what has not started yet unless --continue-on-error.
 * Each plan's output is printed whole when it ends; with -o json|yaml one `results` document.
 */
export async function runApplyMany(files: string[], options: ApplyOptions, deps: Deps, run: RunArgv): Promise<number> {
  const term = terminal(deps, options);
  const parallel = options.parallel ?? 1;
  // Every plan is read first: a file that is no plan stops the wave before anything is written, and
  // plans of the same cluster are never applied at once (the second would meet the first's
  // operation: 409 OperationNotAllowed).
  const clusters: string[] = [];
  for (const file of files) clusters.push((await readPlan(file, deps)).target.resourceId.toLowerCase());
  if (!options.yes && !options.dryRun) {
    if (!term.canPrompt) throw new UsageError(`${term.noPromptBecause}: add --yes to apply the ${files.length} plans`);
    if (!(await confirm(`Apply ${files.length} plans in order (${files.join(", ")}), each decided again before it is written?`, deps))) {
      deps.stderr.write("Cancelled: nothing was written.\n");
      return EXIT.ok;
    }
  }
  const outcomes: (Outcome | undefined)[] = new Array(files.length);
  const pending = files.map((_, i) => i);
  const busy = new Set<string>();
  let stopped = false;
  /** The first plan in order whose cluster no other plan is being applied to. */
  const take = (): number | undefined => {
    const at = pending.findIndex((i) => !busy.has(clusters[i] as string));
    return at < 0 ? undefined : pending.splice(at, 1)[0];
  };
  const worker = async (): Promise<void> => {
    while (!stopped && pending.length > 0) {
      const index = take();
      if (index === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      const cluster = clusters[index] as string;
      busy.add(cluster);
      const file = files[index] as string;
      let stdout = "";
      const header = term.out.bold(`== ${file} (${index + 1}/${files.length})`);
      // One at a time, the plan's header comes first and its progress under it. Several at once,
      // each progress line on stderr is a whole line that names its plan (spinners would overwrite
      // each other), and each plan's output is printed whole when it ends.
      const together = Math.min(parallel, files.length) > 1;
      if (term.format === "table" && !together) deps.stdout.write(`${header}\n`);
      let partial = "";
      const stderr = together
        ? {
            write: (chunk: string) => {
              const text = partial + chunk;
              const lines = text.split("\n");
              partial = lines.pop() ?? "";
              for (const line of lines) {
                // NDJSON stays NDJSON: an event gets its plan's file as a field; prose gets a prefix.
                if (line.startsWith("{")) deps.stderr.write(`${JSON.stringify({ file, ...(JSON.parse(line) as object) })}\n`);
                else deps.stderr.write(`${proseFor(deps.stderr, `${file}: ${line}`)}\n`);
              }
              return true;
            },
            isTTY: false,
            columns: deps.stderr.columns,
          }
        : deps.stderr;
      const child: Deps = { ...deps, stderr, stdout: { write: (chunk: string) => (stdout += chunk), isTTY: deps.stdout.isTTY, columns: deps.stdout.columns } };
      const args = ["apply", file, "--yes", ...(options.dryRun ? ["--dry-run"] : []), "-o", term.format === "table" ? "table" : "json", ...(options.wait ? [] : ["--no-wait"]), ...(options.color ? [] : ["--no-color"]), ...(options.armEndpoint ? ["--arm-endpoint", options.armEndpoint] : []), ...(options.requestTimeout ? ["--request-timeout", options.requestTimeout] : [])];
      let exitCode: number;
      try {
        exitCode = await run(args, child);
      } finally {
        busy.delete(cluster);
      }
      if (partial !== "") deps.stderr.write(`${file}: ${partial}\n`);
      outcomes[index] = { file, exitCode, stdout };
      if (term.format === "table") deps.stdout.write(together ? `${header}${term.out.bold(`: exit ${exitCode}`)}\n${stdout}` : `${stdout}${term.out.bold(`== ${file}: exit ${exitCode}`)}\n`);
      if (exitCode !== EXIT.ok && !options.continueOnError) stopped = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, files.length) }, worker));
  const done = outcomes.filter((o): o is Outcome => o !== undefined);
  const failed = done.filter((o) => o.exitCode !== EXIT.ok);
  const notRun = files.filter((_, i) => outcomes[i] === undefined);
  if (term.format !== "table") {
    await writeDocument(deps, term, {
      formatVersion: FORMAT_VERSION,
      kind: "results",
      results: done.map((o) => ({ file: o.file, exitCode: o.exitCode, document: o.stdout.trim() === "" ? null : (JSON.parse(o.stdout) as unknown) })),
      notRun,
    });
  }
  say(deps, `${done.length - failed.length} of ${files.length} plans ${options.dryRun ? "hold against Azure now (dry run: nothing was written)" : "applied"}${failed.length > 0 ? `; failed: ${failed.map((o) => `${o.file} (exit ${o.exitCode})`).join(", ")}` : ""}${notRun.length > 0 ? `; not run: ${notRun.join(", ")}` : ""}`, term.format !== "table");
  return files.map((_, i) => outcomes[i]?.exitCode ?? EXIT.ok).find((c) => c !== EXIT.ok) ?? EXIT.ok;
}
