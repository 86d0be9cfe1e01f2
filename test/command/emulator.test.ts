/** `aks-overlay emulator` as a command: start, serve, stop on the signal; bad options exit 2. */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const SUB = "00000000-0000-0000-0000-000000000000";

/** Starts the command, waits for its URL, runs `use`, then interrupts it. */
async function withEmulator(args: string[], use: (url: string) => Promise<void>, files: Record<string, string> = {}) {
  const controller = new AbortController();
  let resolveUrl: (url: string) => void = () => {};
  const urlPromise = new Promise<string>((resolve) => (resolveUrl = resolve));
  const running = runCli(["emulator", ...args], { signal: controller.signal, files, onStdout: (s) => resolveUrl(s.trim()) });
  const url = await Promise.race([urlPromise, running.then((r) => Promise.reject(new Error(`exited ${r.code}: ${r.stderr}`)))]);
  try {
    await use(url);
  } finally {
    controller.abort();
  }
  return running;
}

const get = (url: string, path: string, version = "2026-06-01") => fetch(`${url}${path}?api-version=${version}`, { headers: { authorization: "Bearer test" } });

describe("aks-overlay emulator", () => {
  it("prints its URL on stdout, serves the demo scenario and stops cleanly", async () => {
    const result = await withEmulator(["--port", "0"], async (url) => {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await get(url, `/subscriptions/${SUB}/resourceGroups/demo-rg/providers/Microsoft.ContainerService/managedClusters/kubenet-aks`);
      expect(r.status).toBe(200);
      expect(((await r.json()) as any).properties.networkProfile.networkPlugin).toBe("kubenet");
    });
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("emulator stopped");
  });
  it("serves the empty scenario", async () => {
    await withEmulator(["--scenario", "empty"], async (url) => {
      const r = await get(url, `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`);
      expect(((await r.json()) as any).value).toEqual([]);
    });
  });
  it("loads a scenario file and faults file", async () => {
    const scenario = JSON.stringify({ virtualNetworks: [{ id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`, name: "v", properties: { addressSpace: { addressPrefixes: ["10.0.0.0/16"] }, subnets: [] } }] });
    const faults = JSON.stringify([{ match: { method: "GET" }, status: 503, retryAfter: 2 }]);
    await withEmulator(["--scenario", "s.json", "--faults", "f.json"], async (url) => {
      const first = await get(url, `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`, "2026-01-01");
      expect(first.status).toBe(503);
      expect(first.headers.get("retry-after")).toBe("2");
      const second = await get(url, `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`, "2026-01-01");
      expect(second.status).toBe(200);
    }, { "s.json": scenario, "f.json": faults });
  });
  it("reports InProgress for --lro-polls polls", async () => {
    await withEmulator(["--lro-polls", "1"], async (url) => {
      const path = `/subscriptions/${SUB}/resourceGroups/demo-rg/providers/Microsoft.ContainerService/managedClusters/overlay-aks`;
      const cluster = await (await get(url, path)).json();
      const put = await fetch(`${url}${path}?api-version=2026-06-01`, { method: "PUT", headers: { authorization: "Bearer t", "content-type": "application/json" }, body: JSON.stringify(cluster) });
      const op = put.headers.get("azure-asyncoperation") as string;
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(((await (await fetch(op, { headers: { authorization: "Bearer t" } })).json()) as any).status);
      expect(statuses).toEqual(["InProgress", "Succeeded", "Succeeded"]);
    });
  });
  it.each([
    [["--faults", "bad.json"], { "bad.json": '[{"status": 200}]' }, "--faults bad.json: fault 0: status must be an HTTP error status"],
    [["--faults", "nope.json"], {}, "--faults nope.json: no such file"],
    [["--faults", "bad.json"], { "bad.json": "{" }, "not valid JSON"],
    [["--scenario", "s.json"], { "s.json": '{"managedClusters": [{"name": "x"}]}' }, "managedClusters[0].id: expected a managed cluster resource id"],
    [["--scenario", "s.json"], { "s.json": '{"managedClusters": [{"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.ContainerService/managedClusters/c", "location": "eastus"}]}' }, "managedClusters[0].properties: expected an object"],
    [["--scenario", "s.json"], { "s.json": '{"managedClusters": [{"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.ContainerService/managedClusters/c", "location": "eastus", "properties": {"agentPoolProfiles": 5}}]}' }, "agentPoolProfiles: expected a list"],
    [["--scenario", "s.json"], { "s.json": '{"managedClusters": [{"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.ContainerService/managedClusters/c", "location": "eastus", "properties": {"agentPoolProfiles": [null]}}]}' }, "agentPoolProfiles[0]"],
    [["--scenario", "s.json"], { "s.json": '{"managedClusters": [{"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.ContainerService/managedClusters/c", "location": "eastus", "properties": {"agentPoolProfiles": [{"name": "a"}], "networkProfile": {"networkPlugin": 5}}}]}' }, "networkProfile.networkPlugin: expected a string"],
    [["--scenario", "s.json"], { "s.json": '{"virtualNetworks": [{"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v"}]}' }, "virtualNetworks[0].properties: expected an object"],
    [["--scenario", "s.json"], { "s.json": '{"virtualNetworks": [{"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v", "properties": {"subnets": 5}}]}' }, "subnets: expected a list"],
    [["--scenario", "s.json"], { "s.json": '{"virtualNetworks": [{"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v", "properties": {"subnets": [{"name": "x", "properties": {}}]}}]}' }, 'subnets[0]: expected an object with "id"'],
    [["--scenario", "s.json"], { "s.json": "[]" }, "(top level)"],
    [["--host", ""], {}, '--host ""'],
    [["--port", "70000"], {}, "--port 70000"],
    [["--lro-polls", "x"], {}, "--lro-polls"],
    [["--lro-polls", "101"], {}, "--lro-polls 101: expected 0 to 100 (the maximum)"],
    [["--faults", "bad.json"], { "bad.json": '[{"delayMs": 600000}]' }, "--faults bad.json: fault 0: delayMs 600000 is more than the maximum, 30000 (milliseconds)"],
    [["--faults", "bad.json"], { "bad.json": '[{"status": 503, "retryAfter": 3600}]' }, "fault 0: retryAfter 3600 is more than the maximum, 60 (seconds)"],
    [["--faults", "bad.json"], { "bad.json": '[{"match": {"path": "^/(x+x+)+y$"}, "status": 500}]' }, "fault 0: match.path \"^/(x+x+)+y$\" looks like a regular expression"],
  ])("refuses %j with exit 2", async (args, files, message) => {
    const result = await runCli(["emulator", ...args], { files });
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
  it("documents the control endpoints as local-only, the glob syntax and the maxima in its help", async () => {
    const result = await runCli(["emulator", "--help"]);
    // Help is laid out at the terminal's width: read it as running text.
    const text = result.stdout.replace(/\s+/g, " ");
    expect(text).toContain("Local-only test tooling");
    expect(text).toContain('"**" across segments');
    expect(text).toContain("delayMs 30000, retryAfter 60 (seconds), retryAfterMs 60000");
  });
  it("says when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    const result = await runCli(["emulator", "--port", String(port)]);
    blocker.close();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--port ${port}: already in use`);
  });
});
