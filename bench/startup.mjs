// npm run bench: start-up and compute times, as medians over repeated whole-process runs, against
// bare `node -e 0` in the same run. Targets (issue 16): --help and validate within 25 ms of bare
// Node; create --dry-run and upgrade --dry-run against a running emulator within 150 ms; a 12,000-range
// dual-stack design file within 150 ms (-o json) and 250 ms (table), peak under 100 MB; validate's
// cost near-linear in peered ranges (1,000 / 10,000 / 100,000). Exits 1 when a target is missed.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/aks-overlay.js", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 30);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

let missed = 0;
const preload = fileURLToPath(new URL("./peak-rss.cjs", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "aks-overlay-bench-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

/** A design file with `v4` IPv4 and `v6` IPv6 peered ranges (dual-stack when v6 > 0), as JSON. */
function designFile(v4, v6) {
  const peered = [
    ...Array.from({ length: v4 }, (_, i) => `${172 + ((i >> 24) & 3)}.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}/32`),
    ...Array.from({ length: v6 }, (_, i) => `fd${((i >> 8) & 255).toString(16).padStart(2, "0")}:${(i & 255).toString(16)}::/64`),
  ];
  const design = v6 > 0
    ? { ipFamilies: ["ipv4", "ipv6"], podCidrs: ["10.0.0.0/8", "fd00:10::/48"], serviceCidrs: ["192.168.0.0/20", "fd00:20::/108"], dnsServiceIp: "192.168.0.10", vnetCidrs: ["100.64.0.0/16", "fdff::/48"], nodeSubnetCidr: "100.64.0.0/20", peeredCidrs: peered }
    : { podCidr: "10.0.0.0/8", serviceCidr: "192.168.0.0/20", dnsServiceIp: "192.168.0.10", vnetCidrs: ["100.64.0.0/16"], nodeSubnetCidr: "100.64.0.0/20", peeredCidrs: peered };
  const path = join(work, `design-${v4}-${v6}.json`);
  writeFileSync(path, JSON.stringify(design));
  return path;
}

/** Peak resident memory of one run, in MB. */
function peakMb(args) {
  const r = spawnSync(process.execPath, ["-r", preload, ...args], { encoding: "utf8" });
  return Number(/peak-rss-kb (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN) / 1024;
}

function timeProcess(args, env = process.env) {
  // One warm-up run fills the OS file cache and Node's compile cache.
  spawnSync(process.execPath, args, { stdio: "ignore", env });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], env });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0 && r.status !== 3) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  }
  return median(times);
}

// The emulator runs in its own process, started once, as a user would run it.
const emulator = spawn(process.execPath, [bin, "emulator", "--lro-polls", "0"], { stdio: ["ignore", "pipe", "ignore"] });
const url = await new Promise((resolve) => emulator.stdout.once("data", (d) => resolve(String(d).trim())));
const azureEnv = { ...process.env, AKS_OVERLAY_ARM_ENDPOINT: url, AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000" };

const bare = timeProcess(["-e", "0"]);
const big = designFile(10_000, 2_000);
const rows = [
  ["node -e 0", bare, undefined],
  ["aks-overlay --help", timeProcess([bin, "--help"]), 25],
  ["aks-overlay validate", timeProcess([bin, "validate"]), 25],
  ["aks-overlay validate -o json", timeProcess([bin, "validate", "-o", "json"]), 25],
  ["validate 12,000 ranges -o json", timeProcess([bin, "validate", "--file", big, "-o", "json"]), 150],
  ["validate 12,000 ranges (table)", timeProcess([bin, "validate", "--file", big]), 250],
  [
    "aks-overlay create --dry-run",
    timeProcess([bin, "create", "-g", "demo-rg", "-n", "bench", "-l", "eastus", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--dry-run", "-o", "json",
      "--vnet-subnet-id", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/aks-nodes"], azureEnv),
    150,
  ],
  ["aks-overlay upgrade --dry-run", timeProcess([bin, "upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--dry-run", "-o", "json"], azureEnv), 150],
];
emulator.kill("SIGTERM");

console.log(`Whole-process medians over ${runs} runs (Node ${process.version}):`);
for (const [name, ms, target] of rows) {
  // A positive target is a budget over bare Node; a negative one, a total.
  const diff =
    target === undefined
      ? ""
      : target > 0
        ? `  (+${(ms - bare).toFixed(1)} ms over bare Node; target +${target} ms${ms - bare > target ? " MISSED" : ""})`
        : `  (${ms.toFixed(0)} ms in all; target ${-target} ms${ms > -target ? " MISSED" : ""})`;
  if (diff.includes("MISSED")) missed++;
  console.log(`  ${name.padEnd(30)} ${ms.toFixed(1).padStart(7)} ms${diff}`);
}
const peak = peakMb([bin, "validate", "--file", big, "-o", "json"]);
if (peak >= 100) missed++;
console.log(`  ${"12,000 ranges: peak memory".padEnd(30)} ${peak.toFixed(0).padStart(7)} MB  (target under 100 MB${peak >= 100 ? " MISSED" : ""})`);

// Scale: whole-process validate of a file with 1,000 / 10,000 / 100,000 peered ranges; the time
// over bare Node should grow about as the ranges do (near-linear).
console.log("\nScale (validate --file, whole process, time over bare Node):");
let previous;
for (const n of [1_000, 10_000, 100_000]) {
  const file = designFile(n, 0);
  const over = timeProcess([bin, "validate", "--file", file, "-o", "json"]) - bare;
  const growth = previous === undefined ? "" : `  (x${(over / previous).toFixed(1)} for x10 the ranges${over / previous > 15 ? ", MISSED: more than near-linear" : ""})`;
  if (growth.includes("MISSED")) missed++;
  console.log(`  ${`${n.toLocaleString("en-US")} peered ranges`.padEnd(30)} ${over.toFixed(1).padStart(7)} ms${growth}`);
  previous = over;
}

// Compute time in-process: the heavy designs, after one warm-up, median of repeated runs.
const { run } = await import("../dist/main.js");
const peered = Array.from({ length: 10_000 }, (_, i) => `172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}/32`).join(",");
const heavy = {
  "10,000 peered ranges": ["validate", "-o", "json", "--pod-cidr", "10.0.0.0/8", "--vnet-cidrs", "192.168.0.0/16", "--node-subnet-cidr", "192.168.0.0/20", "--service-cidr", "172.31.0.0/16", "--peered-cidrs", peered],
  "/8 pod CIDR": ["validate", "-o", "json", "--pod-cidr", "10.0.0.0/8", "--vnet-cidrs", "192.168.0.0/16", "--node-subnet-cidr", "192.168.0.0/20", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10"],
  "/32 IPv6 pod CIDR": ["validate", "-o", "json", "--ip-families", "ipv4,ipv6", "--pod-cidrs", "10.244.0.0/16,fd00::/32"],
};
const sink = { write: () => true, isTTY: false };
const deps = {
  stdout: sink,
  stderr: sink,
  env: {},
  readFile: async () => "",
  writeFile: async () => {},
  signal: new AbortController().signal,
  now: () => new Date(),
  stdinIsTTY: false,
  prompt: async () => undefined,
  azure: () => Promise.reject(new Error("validate never calls Azure")),
};
console.log("\nCompute (in-process, median of 20 after a warm-up):");
for (const [name, args] of Object.entries(heavy)) {
  await run(args, deps);
  const times = [];
  for (let i = 0; i < 20; i++) {
    const start = process.hrtime.bigint();
    await run(args, deps);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  console.log(`  ${name.padEnd(30)} ${median(times).toFixed(1).padStart(7)} ms  (target: well under 100 ms)`);
}

if (missed > 0) {
  console.log(`\n${missed} target${missed === 1 ? "" : "s"} missed.`);
  process.exitCode = 1;
}
