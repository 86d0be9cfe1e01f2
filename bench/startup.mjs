// npm run bench: start-up and compute times, as medians over repeated whole-process runs, against
// bare `node -e 0`. Targets: validate and --help within 60 ms of bare Node start; create --dry-run
// against a running emulator within 400 ms; the 10,000-peered-range case in well under 100 ms.
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/aks-overlay.js", import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 30);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

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
const rows = [
  ["node -e 0", bare, undefined],
  ["aks-overlay --help", timeProcess([bin, "--help"]), 60],
  ["aks-overlay validate", timeProcess([bin, "validate"]), 60],
  ["aks-overlay validate -o json", timeProcess([bin, "validate", "-o", "json"]), 60],
  [
    "aks-overlay create --dry-run",
    timeProcess([bin, "create", "-g", "demo-rg", "-n", "bench", "-l", "eastus", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--dry-run", "-o", "json",
      "--vnet-subnet-id", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/aks-nodes"], azureEnv),
    -400,
  ],
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
        : `  (+${(ms - bare).toFixed(1)} ms over bare Node; target ${-target} ms in all${ms > -target ? " MISSED" : ""})`;
  console.log(`  ${name.padEnd(30)} ${ms.toFixed(1).padStart(7)} ms${diff}`);
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
