/**
 * `aks-overlay fleet scan` and `fleet plan`: every AKS cluster the caller can see, over Azure
 * Resource Graph, with its network class and migration readiness; and, for the ready ones, the
 * same plan document `upgrade --out` writes (decided from ARM GETs, with eTags, not from the
 * Resource Graph index), ordered into waves.
 */
import type { Command } from "commander";
import { fitProse } from "../output/style.js";
import { helpNotes } from "./helpLayout.js";
import { checkOutputPath, fileProblem } from "./fileErrors.js";
import type { AzurePort } from "../azure/port.js";
import type { Deps } from "../deps.js";
import { CliError, EXIT, UsageError } from "../errors.js";
import { GUID } from "../network/resourceIds.js";
import { quoted, shellWord, shown } from "../network/shown.js";
import { FLEET_CLASSES, FLEET_REPORT_GENERATOR, type FleetCluster, type FleetDocument } from "../plan/fleet.js";
import { type AzureOptions, addAzureOptions, decideNow, savePlan, shownPlan } from "./mutating.js";
import { commaList, text, wholeNumber } from "./options.js";
import { type OutputOptions, writeDocument } from "./output.js";
import { documentOutput, say, statusLine, terminal } from "./terminal.js";

interface ScanOptions extends OutputOptions, AzureOptions {
  subscriptions?: string[];
  managementGroups?: string[];
  report?: string;
}

interface PlanOptions extends ScanOptions {
  outDir: string;
  waves: number;
  class?: string[];
  tag?: string[];
}

export function registerFleet(program: Command, deps: Deps, setExit: (code: number) => void): void {
  const fleet = program.command("fleet").summary("every cluster's migration readiness, and upgrade plans in waves").description("The whole estate, over Azure Resource Graph.");
  const scan = scopeOptions(
    fleet
      .command("scan")
      .summary("every AKS cluster the caller can see: network class, readiness to move to overlay, blockers")
      .description(
        "Scan every AKS cluster the caller can see (or those of --subscriptions / --management-groups) with Azure " +
          "Resource Graph: one row per cluster with its network profile and pools, and the VNets its node subnets are " +
          "in. Each cluster gets a class and, unless it is on overlay already, a readiness verdict with every blocker, " +
          "by the same rules `upgrade` uses; legacy Azure CNI clusters get a proposed pod CIDR. -o csv for spreadsheets, " +
          "--report fleet.html for a self-contained page.",
      ),
  ).option("--report <file.html>", "also write a self-contained HTML report", text);
  scan.addHelpText("after", helpNotes("\nExit codes: 0 scanned (every page read), 2 usage, 4 auth, 5 Azure failed or the scan is incomplete."));
  scan.action(async (options: ScanOptions) => setExit(await runScan(options, deps)));

  const plan = scopeOptions(
    fleet
      .command("plan")
      .summary("a saved upgrade plan for every ready cluster, in waves")
      .description(
        "For every cluster the scan finds ready, write the plan `aks-overlay upgrade --out` writes (read from ARM, with " +
          "eTags; a legacy Azure CNI cluster gets the proposed pod CIDR), and waves.json ordering them: non-production " +
          "and small clusters first. Apply a wave with `aks-overlay apply DIR/<plan>.json ...`.",
      ),
  )
    .requiredOption("--out-dir <dir>", "where the plans and waves.json go", text)
    .option("--waves <n>", "how many waves", wholeNumber, 3)
    .option("--class <classes>", "kubenet | azureLegacy: only these classes (comma-separated)", commaList)
    .option("--tag <key=value>", "only clusters with this tag (repeatable)", (v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
  plan.addHelpText("after", helpNotes("\nExit codes: 0 planned, 2 usage, 4 auth, 5 Azure failed or the scan is incomplete (no plans written)."));
  plan.action(async (options: PlanOptions) => setExit(await runFleetPlan(options, deps)));
}

function scopeOptions(cmd: Command): Command {
  cmd.option("--subscriptions <ids>", "subscription ids, comma-separated (default: every one the caller can see)", commaList).option("--management-groups <ids>", "management group ids, comma-separated", commaList);
  addAzureOptions(cmd, "only this subscription (--subscriptions with one id)");
  return cmd;
}

async function portFor(options: ScanOptions, deps: Deps): Promise<AzurePort> {
  return deps.azure({ subscription: options.subscription, armEndpoint: options.armEndpoint, requestTimeout: options.requestTimeout, debug: options.debug, subscriptionOptional: true, ndjsonNotes: documentOutput(options) });
}

/** Where --report may write: a new file, or an earlier report (it carries a generator tag). */
function checkReportPath(path: string, deps: Deps): Promise<void> {
  return checkOutputPath("--report", path, deps, {
    kind: "fleet report",
    bytes: 2000,
    ours: (start) => start.includes(`<meta name="generator" content="${FLEET_REPORT_GENERATOR}">`),
    dash: "an HTML file: give a file name (-o json, yaml or csv print the scan on stdout)",
  });
}

/** Reads and assesses the fleet, with a progress line on stderr. */
async function scanFleet(options: ScanOptions, deps: Deps): Promise<FleetDocument> {
  // --subscription (the flag every Azure command has) narrows a fleet command to that subscription,
  // as a user typing it expects; AZURE_SUBSCRIPTION_ID and the Azure CLI default do not (the default is
  // every one visible).
  if (options.subscription !== undefined && options.subscriptions !== undefined) throw new UsageError("--subscription and --subscriptions: give one (--subscriptions takes a comma-separated list)");
  for (const id of options.subscriptions ?? []) {
    if (!GUID.test(id)) throw new UsageError(`--subscriptions: ${quoted(id, 60)} is not a subscription id (a GUID); for one subscription by name, use --subscription`);
  }
  // An id given twice (in another case, say) is one subscription.
  if (options.subscriptions) options.subscriptions = [...new Map(options.subscriptions.map((id) => [id.toLowerCase(), id])).values()];
  for (const id of options.managementGroups ?? []) {
    // Management group ids: up to 90 letters, digits, hyphens, underscores, periods and parentheses.
    if (!/^[\w().-]{1,90}$/.test(id)) throw new UsageError(`--management-groups: ${quoted(id, 60)} is not a management group id (up to 90 letters, digits, -, _, . and parentheses)`);
  }
  // The report's place first: a path that cannot take it is said before the scan, not after it,
  // and a file that is not an earlier report is never overwritten.
  if (options.report !== undefined) await checkReportPath(options.report, deps);
  const azure = await portFor(options, deps);
  // The port resolved --subscription (an id, or a name through the subscriptions list).
  const subscriptions = options.subscriptions ?? (options.subscription !== undefined ? [azure.subscriptionId] : undefined);
  const { readFleet, assessFleet } = await import("../ops/fleetScan.js");
  const term = terminal(deps, options);
  const tty = deps.stderr.isTTY && term.format === "table" && !term.csv;
  const read = await readFleet(
    azure,
    { ...(subscriptions && { subscriptions }), ...(options.managementGroups && { managementGroups: options.managementGroups }) },
    (p) => {
      // The wait first: a status line cut to the terminal keeps its start.
      const line = `${p.waitMs ? `waiting ${Math.ceil(p.waitMs / 1000)} s (the Resource Graph quota is spent); ` : ""}scanning ${p.query}: ${p.pages} page${p.pages === 1 ? "" : "s"}, ${p.rows.toLocaleString("en-US")} rows`;
      if (tty) statusLine(deps, line);
      else if (documentOutput(options)) deps.stderr.write(`${JSON.stringify({ event: "progress", message: line })}\n`);
      else deps.stderr.write(`${line}\n`);
    },
    (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  );
  if (tty) statusLine(deps, undefined);
  return assessFleet(read, deps.now());
}

export async function runScan(options: ScanOptions, deps: Deps): Promise<number> {
  const doc = await scanFleet(options, deps);
  const term = terminal(deps, options);
  if (options.report !== undefined) {
    const { fleetHtml } = await import("../output/fleetHtml.js");
    try {
      await deps.writeFile(options.report, fleetHtml(doc));
    } catch (error) {
      throw new UsageError(`--report ${shown(options.report)}: ${fileProblem(error, true)}`);
    }
    say(deps, `Report written to ${options.report}`, documentOutput(options));
  }
  if (term.csv) {
    const { fleetCsv } = await import("../output/fleetCsv.js");
    deps.stdout.write(fleetCsv(doc));
  } else if (term.format === "table") {
    const { renderFleet } = await import("../output/fleetTable.js");
    deps.stdout.write(renderFleet(doc, term.width, term.out));
  } else {
    await writeDocument(deps, term, doc);
  }
  if (!doc.complete) {
    say(deps, `${term.err.error("error:")} the scan is incomplete: ${doc.problems.join("; ")}`, documentOutput(options));
    return EXIT.azure;
  }
  return EXIT.ok;
}

export async function runFleetPlan(options: PlanOptions, deps: Deps): Promise<number> {
  if (!(options.waves >= 1 && options.waves <= 100)) throw new UsageError(`--waves ${options.waves}: 1 to 100`);
  const classes = options.class ?? [];
  for (const c of classes) if (!(FLEET_CLASSES as readonly string[]).includes(c) || (c !== "kubenet" && c !== "azureLegacy")) throw new UsageError(`--class ${c}: kubenet or azureLegacy (the classes that can move to overlay)`);
  const tags = (options.tag ?? []).map((t) => {
    const eq = t.indexOf("=");
    if (eq <= 0) throw new UsageError(`--tag "${t}": expected key=value`);
    return [t.slice(0, eq), t.slice(eq + 1)] as const;
  });
  // The directory first: a path that cannot hold the plans is said before the scan, not after it;
  // and one that holds an earlier run's plans is refused (they would mix with these, and waves.json
  // would list only the new ones).
  const earlier = await (deps.readStart ? deps.readStart(`${options.outDir}/waves.json`, 1) : deps.readFile(`${options.outDir}/waves.json`)).catch(() => undefined);
  const entries = await deps.listDirectory?.(options.outDir).catch(() => undefined);
  if (earlier !== undefined || (entries !== undefined && entries.length > 0)) {
    throw new UsageError(`--out-dir ${shown(options.outDir)} is not empty${earlier !== undefined ? " (an earlier run's plans: waves.json)" : ""}: give a new or empty directory, so that only this run's plans are in it`);
  }
  try {
    await deps.makeDirectory?.(options.outDir);
  } catch (error) {
    throw new UsageError(`--out-dir ${shown(options.outDir)}: ${fileProblem(error, true)}`);
  }
  const doc = await scanFleet(options, deps);
  if (!doc.complete) throw new CliError(`the scan is incomplete (${doc.problems.join("; ")}): no plans written; scan again`, EXIT.azure, "ScanIncomplete");
  const { waveOrder } = await import("../ops/fleetScan.js");
  const matching = doc.clusters.filter((c) => (classes.length === 0 || classes.includes(c.class)) && tags.every(([k, v]) => c.tags[k] === v));
  const chosen = waveOrder(matching.filter((c) => c.ready));
  const { upgradeOperation } = await import("../ops/upgrade.js");
  const azure = await portFor(options, deps);
  const files: { file: string; cluster: FleetCluster; plan: ReturnType<typeof shownPlan> }[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const [i, cluster] of chosen.entries()) {
    if (documentOutput(options)) deps.stderr.write(`${JSON.stringify({ event: "progress", message: `planning ${i + 1}/${chosen.length}: ${cluster.resourceGroup}/${cluster.name}` })}\n`);
    else statusLine(deps, `planning ${i + 1}/${chosen.length}: ${cluster.resourceGroup}/${cluster.name}`);
    const request = { subscriptionId: cluster.subscriptionId, resourceGroup: cluster.resourceGroup, name: cluster.name, ...(cluster.proposedPodCidr !== undefined && { podCidr: cluster.proposedPodCidr }) };
    const { plan } = await decideNow(upgradeOperation, request, azure, deps);
    // ARM is the truth: a cluster the index called ready but ARM's state blocks is left out, with why.
    if (!plan.valid) {
      skipped.push({ id: cluster.id, reason: plan.findings.filter((f) => f.severity === "error").map((f) => f.code).join(", ") });
      continue;
    }
    // The whole subscription id: clusters of the same name and group in two subscriptions whose ids
    // start alike must not share a file.
    const file = `${cluster.subscriptionId}--${cluster.resourceGroup}--${cluster.name}.json`;
    files.push({ file, cluster, plan: shownPlan(plan) });
  }
  statusLine(deps, undefined);
  // Each wave in a directory of its own: "apply <dir>/wave-1/*.json" runs it as printed.
  const size = Math.ceil(files.length / options.waves);
  const waves = Array.from({ length: options.waves }, (_, w) => ({ wave: w + 1, plans: files.slice(w * size, (w + 1) * size).map((f) => `wave-${w + 1}/${f.file}`) })).filter((w) => w.plans.length > 0);
  for (const w of waves) {
    try {
      await deps.makeDirectory?.(`${options.outDir}/wave-${w.wave}`);
    } catch (error) {
      throw new UsageError(`--out-dir ${shown(options.outDir)}: ${fileProblem(error, true)}`);
    }
  }
  for (const [i, f] of files.entries()) await savePlan(f.plan, `${options.outDir}/wave-${Math.floor(i / size) + 1}/${f.file}`, deps);
  const wavesDoc = { formatVersion: 1, kind: "waves", createdAt: deps.now().toISOString(), scope: doc.scope, waves, skipped };
  await deps.writeFile(`${options.outDir}/waves.json`, `${JSON.stringify(wavesDoc, null, 2)}\n`);
  const term = terminal(deps, options);
  if (term.format === "table") {
    const out = fitProse([`${files.length} plan${files.length === 1 ? "" : "s"} in ${options.outDir}, ${waves.length} wave${waves.length === 1 ? "" : "s"}${waves.length > 0 ? " (waves.json):" : "."}`], term.width);
    // Runnable as printed: the directory quoted for the shell (the glob outside the quotes), the
    // endpoint kept, and each command on a line of its own, never wrapped (a terminal wraps it
    // softly, and a copy of it stays one command).
    const endpoint = options.armEndpoint !== undefined ? ` --arm-endpoint ${shellWord(options.armEndpoint)}` : "";
    for (const w of waves) {
      out.push(`  wave ${w.wave}: ${w.plans.length} cluster${w.plans.length === 1 ? "" : "s"}`, `    aks-overlay apply ${shellWord(`${options.outDir}/wave-${w.wave}`)}/*.json --parallel 2${endpoint}`);
    }
    const rest: string[] = [];
    if (waves.length === 0) {
      const filtered = classes.length > 0 || tags.length > 0;
      rest.push(
        matching.length === 0 && filtered
          ? `  no cluster matches ${[...classes.map((c) => `--class ${c}`), ...tags.map(([k, v]) => `--tag ${k}=${v}`)].join(" ")} (of ${doc.clusters.length} scanned)`
          : `  none of the ${matching.length} cluster${matching.length === 1 ? "" : "s"}${filtered ? " that match" : ""} is ready to plan (fleet scan says why)`,
      );
    }
    for (const s of skipped) rest.push(`  skipped ${s.id}: ${s.reason} (read from ARM now)`);
    out.push(...fitProse(rest, term.width));
    deps.stdout.write(`${out.join("\n")}\n`);
  } else {
    await writeDocument(deps, term, wavesDoc);
  }
  return EXIT.ok;
}
