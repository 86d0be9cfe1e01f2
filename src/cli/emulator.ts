/** `aks-overlay emulator`: the local ARM emulator, for rehearsals, demos and tests. */
import { shown } from "../network/shown.js";
import { say } from "./terminal.js";
import { helpNotes } from "./helpLayout.js";
import { type Command, Option } from "commander";
import { fileProblem } from "./fileErrors.js";
import type { Deps } from "../deps.js";
import { EXIT, UsageError } from "../errors.js";
import { wholeNumber } from "./options.js";
import {
  DEFAULT_ABANDONED_AFTER_MS,
  DEFAULT_ARG_QUOTA,
  DEFAULT_ARG_WINDOW_MS,
  MAX_ARG_QUOTA,
  MAX_ARG_WINDOW_MS,
  MAX_DELAY_MS,
  MAX_FLEET_CLUSTERS,
  MAX_LRO_POLLS,
  MAX_RETRY_AFTER_MS,
  MAX_RETRY_AFTER_S,
} from "../emulator/limits.js";

interface EmulatorCliOptions {
  port?: number;
  host: string;
  scenario: string;
  faults?: string;
  lroPolls?: number;
  argQuota?: number;
  argWindowMs?: number;
}

const FLEET = /^fleet(?::(\d+))?$/;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i;

export function registerEmulator(program: Command, deps: Deps, setExit: (code: number) => void): void {
  program
    .command("emulator")
    .summary("run the local ARM emulator (rehearsals, demos, tests)")
    .description(
      "Serve a local emulator of the Azure Resource Manager endpoints aks-overlay uses (managed clusters, agent " +
        "pools, virtual networks, subnets, async operations, subscriptions, resource groups, user-assigned " +
        "identities, role assignments, Azure Resource Graph) with eTags, the resource provider's own refusals (ARM's codes) and " +
        "fault injection. Prints its endpoint URL on stdout and serves until interrupted.",
    )
    .addOption(new Option("--port <port>", "port to listen on (0: any free port)").argParser(wholeNumber).default(0))
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--scenario <name>", "demo, empty (only the group demo-rg), fleet[:N] (N clusters, default 1000), or a scenario JSON file", "demo")
    .option("--faults <file>", "a JSON array of faults to inject")
    .addOption(new Option("--lro-polls <n>", `polls an operation reports InProgress before it ends (at most ${MAX_LRO_POLLS})`).argParser(wholeNumber).default(2))
    .addOption(new Option("--arg-quota <n>", `Resource Graph queries a client may send per window (at most ${MAX_ARG_QUOTA})`).argParser(wholeNumber).default(DEFAULT_ARG_QUOTA))
    .addOption(new Option("--arg-window-ms <ms>", `Resource Graph's quota window (at most ${MAX_ARG_WINDOW_MS})`).argParser(wholeNumber).default(DEFAULT_ARG_WINDOW_MS))
    .addHelpText(
      "after",
      helpNotes(`
Point aks-overlay (or any ARM client) at it: --arm-endpoint <url> or AKS_OVERLAY_ARM_ENDPOINT=<url>.
The demo scenario: subscription 00000000-0000-0000-0000-000000000000, resource group demo-rg (eastus),
VNet demo-vnet 10.224.0.0/12 (subnets aks-nodes, pool-dedicated, small, pods) peered with hub-vnet
10.0.0.0/16, and clusters kubenet-aks, cni-aks, cni-policy-aks, podsubnet-aks and overlay-aks (with their
node resource groups); identity demo-identity with Network Contributor on demo-vnet; west-vnet in westus2. Its
clusters and pools carry fields no SDK model knows (properties.futureProfile,
networkProfile.futureNetField, each pool's futurePoolField): a lossy read-modify-write drops them.

Local-only test tooling: keep it on loopback. The control endpoints have no authentication:
GET /_emulator/requests (request log), POST /_emulator/faults (add faults; content-type:
application/json), DELETE /_emulator/faults (clear). They refuse requests from a web page (an
Origin header that is not loopback) and for a Host that is a DNS name other than localhost.

A fault: {"match": {"method": "PUT", "path": "/**/managedClusters/*"}, "times": 1, and one of
"status": 429 (+ "retryAfter": 1, "retryAfterMs": 500, "armCode", "message"), "drop": true,
"operationStatus": "Failed" | "Canceled", "delayMs": 500}, or "operationStatus": "Succeeded" with
"noEffect": true: the next matching update (PUT of an existing cluster or pool) is answered and its
operation ends Succeeded, but the stored resource keeps its previous state (only its eTag and
provisioningState move), as Azure did in Azure/azure-cli#28403; it tests a client's read-back. "path" is the whole request path, a
literal or a glob ("*" matches within one segment, "**" across segments; case-insensitive; no
regular expressions). Maxima: delayMs ${MAX_DELAY_MS}, retryAfter ${MAX_RETRY_AFTER_S} (seconds), retryAfterMs ${MAX_RETRY_AFTER_MS},
--lro-polls ${MAX_LRO_POLLS}. An operation nobody polls for ${DEFAULT_ABANDONED_AFTER_MS / 1000} s ends on its own, polled before or not.
"after": n lets the first n matching requests pass (a 503 on the second page of a scan: {"match":
{"path": "/providers/Microsoft.ResourceGraph/resources"}, "after": 1, "status": 503}).

The fleet[:N] scenario: N clusters (default 1000, at most ${MAX_FLEET_CLUSTERS}) across ceil(N/40) subscriptions
f1ee7000-0000-4000-8000-000000000001, ...002, ... (named fleet-sub-001, ...), all in management group
demo-mg; cluster i is aks-<team>-<env>-<i, 5 digits> in rg-<team>-<env>, generated deterministically
in every network class (overlay, kubenet, legacy Azure CNI, pod subnet, none, and fields missing) and
with every fleet blocker; each with its VNet (custom, shared, or AKS's in the node resource group).

Azure Resource Graph: POST /providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01 with
{"subscriptions": [...] | "managementGroups": ["demo-mg"], "query": "...", "options": {"$top": 1000,
"$skipToken": "...", "resultFormat": "objectArray"}} answers {totalRecords, count, resultTruncated,
$skipToken?, data, facets} from the same state as the ARM routes. Pages of at most 1000 rows (default
100); x-ms-user-quota-remaining / x-ms-user-quota-resets-after on every answer; over the quota
(--arg-quota per --arg-window-ms, per bearer token; ARG's default 15 per 5 s): 429 RateLimiting with
Retry-After. The table "resources" holds every managed cluster and virtual network (type lower-case,
resourceGroup lower-case, as ARG). The KQL subset (anything else is 400 InvalidQuery naming the part):
  resources
  | where <expr> =~ 'x'  |  <expr> == 'x'  |  <expr> in~ ('a', 'b')   (conditions joined by "and")
  | project <expr>, <name> = <expr>, ...
  | order by <expr> [asc|desc], ...
  <expr>: a column and a path into it (properties.networkProfile.networkPlugin, tags['env'],
  identity.type), or tostring(<path>); strings in '...' or "..."; // comments.`),
    )
    .action(async (options: EmulatorCliOptions) => {
      setExit(await runEmulator(options, deps));
    });
}

async function loadJson(path: string, what: string, deps: Deps): Promise<unknown> {
  let text: string;
  try {
    text = await deps.readFile(path);
  } catch (error) {
    throw new UsageError(`${what} ${shown(path)}: ${fileProblem(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path}: not valid JSON: ${(error as Error).message}`);
  }
}

export async function runEmulator(options: EmulatorCliOptions, deps: Deps): Promise<number> {
  const { startEmulator } = await import("../emulator/server.js");
  const { demoScenario, emptyScenario, checkScenario, ScenarioError } = await import("../emulator/scenarios.js");
  const fleet = FLEET.exec(options.scenario);
  const { checkFaults, FaultError } = await import("../emulator/faults.js");
  if (options.port !== undefined && (options.port < 0 || options.port > 65535)) throw new UsageError(`--port ${options.port}: expected 0 to 65535`);
  if (options.lroPolls !== undefined && (options.lroPolls < 0 || options.lroPolls > MAX_LRO_POLLS)) {
    throw new UsageError(`--lro-polls ${options.lroPolls}: expected 0 to ${MAX_LRO_POLLS} (the maximum)`);
  }
  if (options.argQuota !== undefined && (options.argQuota < 1 || options.argQuota > MAX_ARG_QUOTA)) throw new UsageError(`--arg-quota ${options.argQuota}: expected 1 to ${MAX_ARG_QUOTA}`);
  if (options.argWindowMs !== undefined && (options.argWindowMs < 1 || options.argWindowMs > MAX_ARG_WINDOW_MS)) {
    throw new UsageError(`--arg-window-ms ${options.argWindowMs}: expected 1 to ${MAX_ARG_WINDOW_MS}`);
  }
  if (fleet?.[1] !== undefined && (Number(fleet[1]) < 1 || Number(fleet[1]) > MAX_FLEET_CLUSTERS)) {
    throw new UsageError(`--scenario ${options.scenario}: expected fleet:N with N from 1 to ${MAX_FLEET_CLUSTERS}`);
  }
  if (options.host.trim() === "") throw new UsageError('--host "": give an address to bind, e.g. 127.0.0.1');

  let scenario;
  if (options.scenario === "demo") scenario = demoScenario();
  else if (options.scenario === "empty") scenario = emptyScenario();
  else if (fleet) scenario = (await import("../emulator/fleet.js")).fleetScenario(fleet[1] === undefined ? undefined : Number(fleet[1]));
  else {
    try {
      scenario = checkScenario(await loadJson(options.scenario, "--scenario", deps));
    } catch (error) {
      if (error instanceof ScenarioError) throw new UsageError(`--scenario ${options.scenario}: ${error.message}`);
      throw error;
    }
  }
  let faults;
  if (options.faults !== undefined) {
    try {
      faults = checkFaults(await loadJson(options.faults, "--faults", deps));
    } catch (error) {
      if (error instanceof FaultError) throw new UsageError(`--faults ${options.faults}: ${error.message}`);
      throw error;
    }
  }
  if (!LOOPBACK.test(options.host)) {
    say(deps, `warning: --host ${options.host} is not a loopback address: anyone who can reach it can use the emulator.`);
  }
  let emulator;
  try {
    emulator = await startEmulator({ host: options.host, port: options.port, scenario, faults, lroPolls: options.lroPolls, resourceGraphQuota: options.argQuota, resourceGraphWindowMs: options.argWindowMs });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new UsageError(`--port ${options.port}: already in use`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new UsageError(`--host ${options.host}: not an address of this machine`);
    throw error;
  }
  deps.stdout.write(`${emulator.url}\n`);
  deps.stderr.write(
    `ARM emulator (scenario ${options.scenario}) listening on ${emulator.url}\n` +
      `  use it: --arm-endpoint ${emulator.url}  (or AKS_OVERLAY_ARM_ENDPOINT=${emulator.url})\n` +
      `  press Ctrl-C to stop\n`,
  );
  await new Promise<void>((resolve) => {
    if (deps.signal.aborted) resolve();
    deps.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await emulator.close();
  deps.stderr.write("emulator stopped\n");
  return EXIT.ok;
}
