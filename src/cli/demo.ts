/**
 * `aks-overlay demo`: the emulator in-process on a free port, and the real commands run against it
 * non-interactively, with their normal output: validate a broken design and a fixed one, create a
 * cluster (plan, then apply), upgrade kubenet-aks, add a pool in a dedicated subnet, day-2 changes;
 * then a fleet act on a second emulator serving a generated estate of 40 clusters: scan it with
 * Resource Graph (and write the HTML report), write the upgrade plans in waves, apply the first
 * wave, and scan again.
 */
import type { Command } from "commander";
import type { Deps } from "../deps.js";
import { EXIT, UsageError } from "../errors.js";
import { MAX_LRO_POLLS } from "../emulator/limits.js";
import { fitProse } from "../output/style.js";
import { terminal } from "./terminal.js";
import { wholeNumber } from "./options.js";

interface Step {
  say: string;
  args: string[];
  expect: number;
}

const SUB = "00000000-0000-0000-0000-000000000000";
const SUBNET = (name: string) => `/subscriptions/${SUB}/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/${name}`;

export const DEMO_STEPS: Step[] = [
  {
    say: "1. Validate a design offline. The pod CIDR is too small for the autoscaler's maximum, and AKS's default service CIDR collides with the peered hub:",
    args: ["validate", "--vnet-cidrs", "10.224.0.0/12", "--node-subnet-cidr", "10.224.0.0/24", "--peered-cidrs", "10.0.0.0/16", "--pod-cidr", "10.244.0.0/22", "--enable-cluster-autoscaler", "--min-count", "3", "--max-count", "10"],
    expect: EXIT.validation,
  },
  {
    say: "2. The fixed design passes:",
    args: ["validate", "--vnet-cidrs", "10.224.0.0/12", "--node-subnet-cidr", "10.224.0.0/24", "--peered-cidrs", "10.0.0.0/16", "--pod-cidr", "10.244.0.0/20", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--enable-cluster-autoscaler", "--min-count", "3", "--max-count", "10"],
    expect: EXIT.ok,
  },
  {
    say: "3. Plan a new overlay cluster in demo-vnet's aks-nodes subnet, read from (emulated) Azure:",
    args: ["create", "-g", "demo-rg", "-n", "demo-aks", "-l", "eastus", "--vnet-subnet-id", SUBNET("aks-nodes"), "--pod-cidr", "10.244.0.0/20", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--enable-cluster-autoscaler", "--min-count", "3", "--max-count", "10", "--dry-run"],
    expect: EXIT.ok,
  },
  {
    say: "4. Create it (If-None-Match: *, progress while Azure works):",
    args: ["create", "-g", "demo-rg", "-n", "demo-aks", "-l", "eastus", "--vnet-subnet-id", SUBNET("aks-nodes"), "--pod-cidr", "10.244.0.0/20", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--enable-cluster-autoscaler", "--min-count", "3", "--max-count", "10", "--yes"],
    expect: EXIT.ok,
  },
  {
    say: "5. Readiness report and plan for moving the kubenet cluster to overlay:",
    args: ["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--dry-run"],
    expect: EXIT.ok,
  },
  {
    say: "6. Upgrade it (If-Match on the eTag read; only the network plugin and its mode change):",
    args: ["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--yes"],
    expect: EXIT.ok,
  },
  {
    say: "7. Add an autoscaling node pool in the dedicated subnet pool-dedicated (the /20 pod CIDR has room for 4 more nodes with surge):",
    args: ["nodepool", "add", "-g", "demo-rg", "--cluster-name", "demo-aks", "-n", "batch", "--vnet-subnet-id", SUBNET("pool-dedicated"), "--enable-cluster-autoscaler", "--min-count", "1", "--max-count", "4", "--yes"],
    expect: EXIT.ok,
  },
  {
    say: "8. Day 2. A small cluster: three nodes and one upgrade surge node fill its /22 pod CIDR (four /24 blocks):",
    args: ["create", "-g", "demo-rg", "-n", "small-aks", "--vnet-subnet-id", SUBNET("aks-nodes"), "--pod-cidr", "10.250.0.0/22", "--service-cidr", "172.21.0.0/16", "--dns-service-ip", "172.21.0.10", "--node-count", "3", "--max-surge", "1", "--yes"],
    expect: EXIT.ok,
  },
  {
    say: "9. Scaling it to six nodes needs seven blocks: refused before anything is written, with the smallest fixes:",
    args: ["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "small-aks", "-n", "nodepool1", "--node-count", "6", "--yes"],
    expect: EXIT.validation,
  },
  {
    say: "10. Expand the pod CIDR: auto picks the smallest superset with a quarter free, checked against the VNet, its peerings and the service CIDR:",
    args: ["update", "-g", "demo-rg", "-n", "small-aks", "--pod-cidr", "auto", "--yes"],
    expect: EXIT.ok,
  },
  {
    say: "11. Now the scale fits:",
    args: ["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "small-aks", "-n", "nodepool1", "--node-count", "6", "--yes"],
    expect: EXIT.ok,
  },
];

/** Runs the program on an argument list with the given deps (main.ts's run): how the demo runs each step. */
export type RunArgv = (argv: readonly string[], deps: Deps) => Promise<number>;

export function registerDemo(program: Command, deps: Deps, setExit: (code: number) => void, runArgv: RunArgv): void {
  program
    .command("demo")
    .summary("start the emulator in-process and walk create -> upgrade -> nodepool add -> day 2 -> fleet")
    .description("Run the real commands against a local emulator (no Azure, no subscription): validate, create, upgrade, nodepool add, a day-2 pod CIDR expansion; then, on a second emulator serving 40 clusters, fleet scan (with the HTML report), fleet plan in waves, apply the first wave and scan again.")
    .option("--lro-polls <n>", "polls each emulated operation answers InProgress", wholeNumber, 2)
    .action(async (options: { lroPolls: number; output?: string; query?: string }) => {
      // Checked here, as the emulator command checks it: the in-process emulator's own RangeError is a bug report.
      if (options.lroPolls > MAX_LRO_POLLS) throw new UsageError(`--lro-polls ${options.lroPolls}: expected 0 to ${MAX_LRO_POLLS} (the maximum)`);
      // The walk-through is for a person: there is no one document to print, so no -o json|yaml|tsv or --query.
      if (options.query !== undefined || (options.output !== undefined && options.output !== "table")) {
        throw new UsageError(`demo prints a walk-through for a person, not a document: run it without ${options.query !== undefined ? "--query" : `-o ${options.output}`} (each command it shows takes -o json itself)`);
      }
      setExit(await runDemo(options, deps, runArgv));
    });
}

export async function runDemo(options: { lroPolls: number }, deps: Deps, run: RunArgv): Promise<number> {
  const { startEmulator } = await import("../emulator/server.js");
  const term = terminal(deps, { output: "table", color: true });
  const style = term.out;
  const emulator = await startEmulator({ lroPolls: options.lroPolls });
  const out = (s: string): void => {
    deps.stdout.write(s);
  };
  // A step's heading wraps at the terminal's width; its command line stays one line (to copy).
  const heading = (say: string): string => fitProse([say], term.width).map((l) => style.bold(l)).join("\n");
  out(style.bold(`aks-overlay demo: an emulated Azure on ${emulator.url} (subscription ${SUB}, resource group demo-rg)\n`));
  const env = { ...deps.env, AKS_OVERLAY_ARM_ENDPOINT: emulator.url, AZURE_SUBSCRIPTION_ID: SUB };
  const { createAzure } = await import("../azure/factory.js");
  const child: Deps = { ...deps, env, stdinIsTTY: false, azure: (flags) => createAzure(flags, child) };
  try {
    for (const step of DEMO_STEPS) {
      out(`\n${heading(step.say)}\n${style.info(`$ aks-overlay ${step.args.map((a) => (a.includes(" ") ? `"${a}"` : a)).join(" ")}`)}\n\n`);
      const code = await run(step.args, child);
      out(style.dim(`(exit ${code})\n`));
      if (code === EXIT.interrupted || deps.signal.aborted) return EXIT.interrupted;
      if (code !== step.expect) {
        deps.stderr.write(`demo: step "${step.args.slice(0, 2).join(" ")}" exited ${code}, expected ${step.expect}\n`);
        return EXIT.internal;
      }
      if (deps.signal.aborted) return EXIT.interrupted;
    }
    const fleetCode = await fleetAct(options, deps, child, run, out, style, heading);
    if (fleetCode !== EXIT.ok) return fleetCode;
    const writes = emulator.requests.filter((r) => r.method === "PUT");
    const guarded = writes.filter((r) => r.ifMatch !== null || r.ifNoneMatch !== null).length;
    out(`\n${style.ok(style.bold("Done."))} The emulator logged ${emulator.requests.length} requests, ${writes.length} of them writes; ${guarded} of the ${writes.length} carried If-Match or If-None-Match.\n`);
    out("Try it yourself: aks-overlay emulator (npx aks-overlay emulator from the repository root), then point the commands at it with --arm-endpoint.\n");
    return EXIT.ok;
  } finally {
    await emulator.close();
  }
}

/** How many clusters the fleet act's estate has. */
export const DEMO_FLEET_SIZE = 40;

/**
 * The fleet act: its own emulator (the fleet scenario), a temporary directory for the report and
 * the plans, and the real commands; the first wave's files are read from the waves.json the plan
 * step wrote, as a user would.
 */
async function fleetAct(
  options: { lroPolls: number },
  deps: Deps,
  parent: Deps,
  run: RunArgv,
  out: (s: string) => void,
  style: ReturnType<typeof terminal>["out"],
  heading: (say: string) => string,
): Promise<number> {
  const [{ startEmulator }, { fleetScenario }, { mkdir, mkdtemp, readFile, writeFile }, { tmpdir }, { join, sep }] = await Promise.all([
    import("../emulator/server.js"),
    import("../emulator/fleet.js"),
    import("node:fs/promises"),
    import("node:os"),
    import("node:path"),
  ]);
  const emulator = await startEmulator({ lroPolls: options.lroPolls, scenario: fleetScenario(DEMO_FLEET_SIZE) });
  const dir = await mkdtemp(join(tmpdir(), "aks-overlay-demo-"));
  const env = { ...parent.env, AKS_OVERLAY_ARM_ENDPOINT: emulator.url };
  const { createAzure } = await import("../azure/factory.js");
  // The act's files (report, plans, waves.json) are real files in its own directory, whatever the
  // caller's file functions are, so that apply reads what plan wrote.
  const mine = (path: string): boolean => path.startsWith(dir + sep);
  const child: Deps = {
    ...parent,
    env,
    azure: (flags) => createAzure(flags, child),
    readFile: (path) => (mine(path) ? readFile(path, "utf8") : parent.readFile(path)),
    writeFile: (path, text) => (mine(path) ? writeFile(path, text, "utf8") : parent.writeFile(path, text)),
    makeDirectory: async (path) => {
      if (mine(path)) await mkdir(path, { recursive: true });
      else await parent.makeDirectory?.(path);
    },
  };
  const step = async (say: string, args: string[], expect: number): Promise<boolean> => {
    out(`\n${heading(say)}\n${style.info(`$ aks-overlay ${args.join(" ")}`)}\n\n`);
    const code = await run(args, child);
    out(style.dim(`(exit ${code})\n`));
    if (code !== expect && code !== EXIT.interrupted && !deps.signal.aborted) deps.stderr.write(`demo: step "${args.slice(0, 2).join(" ")}" exited ${code}, expected ${expect}\n`);
    return code === expect && !deps.signal.aborted;
  };
  try {
    out(`\n${style.bold(`The fleet: a second emulated Azure on ${emulator.url}, an estate of ${DEMO_FLEET_SIZE} clusters across teams and environments.`)}\n`);
    const plans = join(dir, "plans");
    const ok =
      (await step("12. Scan it with Azure Resource Graph: every cluster's class, its blockers and fixes, and a self-contained HTML report:", ["fleet", "scan", "--report", join(dir, "fleet.html")], EXIT.ok)) &&
      (await step("13. Write an upgrade plan for every ready cluster (read again through ARM, with eTags), in three waves, non-production and small first:", ["fleet", "plan", "--out-dir", plans, "--waves", "3"], EXIT.ok));
    if (!ok) return deps.signal.aborted ? EXIT.interrupted : EXIT.internal;
    const waves = JSON.parse(await child.readFile(join(plans, "waves.json"))) as { waves: { plans: string[] }[] };
    const first = (waves.waves[0]?.plans ?? []).map((f) => join(plans, f));
    if (first.length === 0) {
      deps.stderr.write("demo: the fleet plan wrote no wave\n");
      return EXIT.internal;
    }
    const applied =
      (await step("14. Apply the first wave: each plan re-read and re-decided against ARM before its write, two at a time:", ["apply", ...first, "--parallel", "2", "--yes"], EXIT.ok)) &&
      (await step("15. Scan again: the first wave is on overlay now:", ["fleet", "scan"], EXIT.ok));
    if (!applied) return deps.signal.aborted ? EXIT.interrupted : EXIT.internal;
    out(`\nThe fleet report and the plans are in ${dir} (open fleet.html in a browser; delete the directory when done).\n`);
    return EXIT.ok;
  } finally {
    await emulator.close();
  }
}
