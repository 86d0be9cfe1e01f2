// node bench/fleet.mjs [N...]: the fleet scenario at scale. For each N (default 1000 5000 20000):
// the time to generate it, to load it into an emulator, the heap it holds, and a full Resource Graph
// scan of its clusters in 1,000-row pages over loopback. Bundles the emulator with esbuild first
// (no build of the CLI needed). Run with --expose-gc for exact heap figures.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const dir = await mkdtemp(join(tmpdir(), "fleet-bench-"));
try {
  const entry = join(dir, "entry.ts");
  const { writeFile } = await import("node:fs/promises");
  const src = new URL("../src/emulator/", import.meta.url).pathname;
  await writeFile(entry, `export { fleetScenario } from "${src}fleet.ts";\nexport { startEmulator } from "${src}server.ts";\n`);
  await build({ entryPoints: [entry], outfile: join(dir, "bundle.mjs"), bundle: true, format: "esm", platform: "node", target: "node22", logLevel: "warning" });
  const { fleetScenario, startEmulator } = await import(pathToFileURL(join(dir, "bundle.mjs")).href);
  const heap = () => {
    globalThis.gc?.();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  for (const n of sizes.length ? sizes : [1000, 5000, 20000]) {
    const before = heap();
    let t = performance.now();
    const scenario = fleetScenario(n);
    const generateMs = performance.now() - t;
    const scenarioMb = heap() - before;
    t = performance.now();
    const emulator = await startEmulator({ scenario, resourceGraphQuota: 10_000 });
    const loadMs = performance.now() - t;
    const emulatorMb = heap() - before;
    t = performance.now();
    let token;
    let rows = 0;
    let pages = 0;
    const query = "resources | where type =~ 'microsoft.containerservice/managedclusters' | project id, name, resourceGroup, subscriptionId, location, tags, kubernetesVersion = tostring(properties.kubernetesVersion), networkProfile = properties.networkProfile, agentPoolProfiles = properties.agentPoolProfiles, identityType = tostring(identity.type), powerState = tostring(properties.powerState.code) | order by id asc";
    do {
      const res = await fetch(`${emulator.url}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`, {
        method: "POST",
        headers: { authorization: "Bearer bench", "content-type": "application/json" },
        body: JSON.stringify({ query, options: { $top: 1000, ...(token && { $skipToken: token }) } }),
      });
      const body = await res.json();
      if (res.status !== 200) throw new Error(JSON.stringify(body));
      rows += body.count;
      pages++;
      token = body.$skipToken;
    } while (token);
    const scanMs = performance.now() - t;
    await emulator.close();
    console.log(
      `fleet:${n}: generate ${generateMs.toFixed(0)} ms (${scenario.managedClusters.length} clusters, ${scenario.virtualNetworks.length} VNets, ${scenario.subscriptions.length} subscriptions, ~${scenarioMb.toFixed(0)} MB); ` +
        `emulator loaded in ${loadMs.toFixed(0)} ms (~${emulatorMb.toFixed(0)} MB with the scenario); ARG scan ${rows} rows in ${pages} pages, ${scanMs.toFixed(0)} ms`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
