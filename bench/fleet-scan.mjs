// npm run bench (second part): `fleet scan` as a user runs it, whole process, against an emulator
// serving the fleet:N scenario (its own process, started first and not timed). For each N: wall
// time, the scan's peak resident memory, and the cost per cluster, to show growth is linear.
// Targets (issue 14): fleet:5000 in under 10 s wall with a peak under 300 MB.
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../bin/aks-overlay.js", import.meta.url));
const preload = fileURLToPath(new URL("./peak-rss.cjs", import.meta.url));
const sizes = (process.env.BENCH_FLEET ?? "1000,5000,20000").split(",").map(Number).filter((n) => n > 0);

async function startEmulator(n) {
  // The quota is raised: the bench measures the scan, not Resource Graph's throttling.
  const child = spawn(process.execPath, [bin, "emulator", "--scenario", `fleet:${n}`, "--arg-quota", "10000", "--lro-polls", "0"], { stdio: ["ignore", "pipe", "ignore"] });
  const url = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`emulator exited ${code}`)));
    child.stdout.once("data", (d) => resolve(/http:\/\/\S+/.exec(String(d))?.[0]));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

console.log(`\nfleet scan, whole process (Node ${process.version}):`);
const results = [];
for (const n of sizes) {
  const emulator = await startEmulator(n);
  try {
    const env = { ...process.env, AKS_OVERLAY_ARM_ENDPOINT: emulator.url, AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000", NO_COLOR: "1" };
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["-r", preload, bin, "fleet", "scan", "-o", "json"], { env, maxBuffer: 1 << 30, encoding: "utf8" });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 0) throw new Error(`fleet scan over fleet:${n} exited ${r.status}: ${r.stderr.slice(-2000)}`);
    const clusters = JSON.parse(r.stdout).clusters.length;
    const peakMb = Number(/peak-rss-kb (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
    results.push({ n, clusters, seconds, peakMb });
  } finally {
    emulator.stop();
  }
}
const base = results[0];
for (const { n, clusters, seconds, peakMb } of results) {
  const perCluster = (seconds * 1000) / clusters;
  const growth = base && base !== results.find((x) => x.n === n) ? `  (x${(seconds / base.seconds).toFixed(1)} the time of fleet:${base.n} for x${(n / base.n).toFixed(0)} the clusters)` : "";
  const target = n === 5000 ? `  target < 10 s, < 300 MB${seconds >= 10 || peakMb >= 300 ? " MISSED" : ""}` : "";
  if (target.includes("MISSED")) process.exitCode = 1;
  console.log(`  fleet:${String(n).padEnd(6)} ${clusters.toLocaleString("en-US").padStart(6)} clusters  ${seconds.toFixed(2).padStart(6)} s  peak ${peakMb.toFixed(0).padStart(4)} MB  ${perCluster.toFixed(2)} ms/cluster${growth}${target}`);
}
