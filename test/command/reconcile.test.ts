/**
 * A cluster whose last operation failed is not "nothing to do": the plan says so and re-applies
 * the cluster as read (reconcile); a cluster with an operation running is refused with exit 6.
 * In-process against the emulator (real SDK pipeline, real HTTP).
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const clusterId = (name: string) => `/subscriptions/${SUB}/resourceGroups/demo-rg/providers/Microsoft.ContainerService/managedClusters/${name}`;
const emulators: Emulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function emulator(lroPolls = 1): Promise<{ emulator: Emulator; run: (args: string[]) => ReturnType<typeof runCli> }> {
  const e = await startEmulator({ lroPolls, abandonedAfterMs: 60_000 });
  emulators.push(e);
  const env = { AZURE_SUBSCRIPTION_ID: SUB, AKS_OVERLAY_ARM_ENDPOINT: e.url, AKS_OVERLAY_TEST_TIMING: "fast", NO_COLOR: "1" };
  return { emulator: e, run: (args) => runCli(args, { env }) };
}

describe("after a failed operation", () => {
  it("the same upgrade again offers to reconcile, and applying it PUTs the cluster back as read", async () => {
    const { emulator: e, run } = await emulator();
    e.faults.add([{ match: { method: "PUT" }, operationStatus: "Failed", armCode: "Boom", message: "it broke" }]);
    const failed = await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--yes"]);
    expect(failed.code).toBe(5);
    expect(failed.stderr).toContain("ended Failed: Boom: it broke");
    const again = await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--dry-run", "-o", "json"]);
    expect(again.code).toBe(0);
    const plan = JSON.parse(again.stdout);
    expect(plan.findings.map((f: { code: string }) => f.code)).toContain("ClusterLastOperationFailed");
    expect(plan.changes).toMatchObject([{ action: "update", diff: [] }]);
    const before = e.state.getCluster(clusterId("kubenet-aks")) as Record<string, any>;
    e.requests.length = 0;
    const reconciled = await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--yes"]);
    expect(reconciled.code).toBe(0);
    const put = e.requests.find((q) => q.method === "PUT");
    expect(put?.ifMatch).toBe(before.eTag);
    expect((put?.body as Record<string, any>).properties.networkProfile).toEqual(before.properties.networkProfile);
    expect((e.state.getCluster(clusterId("kubenet-aks")) as Record<string, any>).properties.provisioningState).toBe("Succeeded");
  });
});

describe("while an operation runs", () => {
  it("upgrade and nodepool add refuse with exit 6 and write nothing", async () => {
    const { emulator: e, run } = await emulator(100);
    expect((await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--yes", "--no-wait"])).code).toBe(0);
    e.requests.length = 0;
    const upgrade = await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--yes", "-o", "json"]);
    expect(upgrade.code).toBe(6);
    expect(JSON.parse(upgrade.stdout).findings.find((f: { code: string }) => f.code === "UpgradeClusterNotReady").message).toContain("is Updating");
    const add = await run(["nodepool", "add", "-g", "demo-rg", "--cluster-name", "kubenet-aks", "-n", "extra", "--yes"]);
    expect(add.code).toBe(6);
    expect(e.requests.some((q) => q.method === "PUT")).toBe(false);
  });
});

describe("a node pool's own state", () => {
  const poolOf = (e: Emulator, name: string) => ((e.state.getCluster(clusterId("overlay-aks")) as Record<string, any>).properties.agentPoolProfiles as Record<string, any>[]).find((p) => p.name === name);
  it("a pool whose scale failed is not 'already as asked': the same scale re-applies it and reconciles it", async () => {
    const { emulator: e, run } = await emulator();
    const pool = (await run(["show", "-g", "demo-rg", "-n", "overlay-aks", "-o", "json"])).stdout;
    const name = JSON.parse(pool).pools[0].name as string;
    e.faults.add([{ match: { method: "PUT" }, operationStatus: "Failed", armCode: "Boom", message: "it broke" }]);
    const failed = await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", name, "--node-count", "4", "--yes"]);
    expect(failed.code, failed.stderr).toBe(5);
    expect(poolOf(e, name)?.provisioningState).toBe("Failed");
    // show names the failed pool, its error, and the command that reconciles it.
    const shown = await run(["show", "-g", "demo-rg", "-n", "overlay-aks"]);
    expect(shown.stdout).toContain(`Pool ${name}: last operation Failed: Boom: it broke`);
    expect(shown.stdout.replace(/\n\s+/g, " ")).toContain(`$ aks-overlay nodepool scale -g demo-rg --cluster-name overlay-aks -n ${name} --node-count 4 --dry-run`);
    const doc = JSON.parse((await run(["show", "-g", "demo-rg", "-n", "overlay-aks", "-o", "json"])).stdout);
    expect(doc.pools.find((p: { name: string }) => p.name === name)).toMatchObject({ provisioningState: "Failed", lastError: { code: "Boom", message: "it broke" } });
    const again = await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", name, "--node-count", "4", "--dry-run", "-o", "json"]);
    expect(again.code, again.stderr).toBe(0);
    const plan = JSON.parse(again.stdout);
    expect(plan.findings.map((f: { code: string }) => f.code)).toContain("NodePoolLastOperationFailed");
    expect(plan.changes).toMatchObject([{ action: "update", diff: [] }]);
    const table = await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", name, "--node-count", "4", "--dry-run"]);
    expect(table.stdout).toContain("The pool is written as it is, to reconcile its Failed state.");
    expect(table.stdout).not.toContain("Nothing to do");
    e.requests.length = 0;
    const reconciled = await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", name, "--node-count", "4", "--yes"]);
    expect(reconciled.code, reconciled.stderr).toBe(0);
    expect(e.requests.filter((q) => q.method === "PUT")).toHaveLength(1);
    expect(poolOf(e, name)?.provisioningState).toBe("Succeeded");
    // Settled: now it is nothing to do.
    const done = await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", name, "--node-count", "4", "--yes"]);
    expect([done.code, done.stdout]).toEqual([0, expect.stringContaining("Nothing to do")]);
  });
  it("a pool with an operation running is refused with exit 6 and nothing written", async () => {
    const { emulator: e, run } = await emulator(100);
    const name = JSON.parse((await run(["show", "-g", "demo-rg", "-n", "overlay-aks", "-o", "json"])).stdout).pools[0].name as string;
    expect((await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", name, "--node-count", "4", "--yes", "--no-wait"])).code).toBe(0);
    e.requests.length = 0;
    const busy = await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", name, "--node-count", "5", "--yes", "-o", "json"]);
    expect(busy.code).toBe(6);
    expect(JSON.parse(busy.stdout).findings.find((f: { code: string }) => f.code === "NodePoolNotReady").message).toMatch(/is (Updating|Scaling)/);
    // Every other write to the cluster meets the same running operation: refused, naming the pool.
    const others = [
      ["nodepool", "update", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "scale", "--max-surge", "1"],
      ["update", "-g", "demo-rg", "-n", "overlay-aks", "--network-dataplane", "cilium"],
      ["nodepool", "add", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "extra"],
    ];
    for (const args of others) {
      const r = await run([...args, "--yes", "-o", "json"]);
      expect(r.code, args.join(" ")).toBe(6);
      expect(JSON.parse(r.stdout).findings.find((f: { code: string }) => f.code === "NodePoolNotReady")?.message, args.join(" ")).toContain(`pool ${name} of cluster overlay-aks is`);
    }
    expect(e.requests.some((q) => q.method === "PUT")).toBe(false);
  });
});

describe("a change already made on a cluster whose last operation failed", () => {
  it("is nothing to do (exit 0) with the failure in a note, and a pool write says it leaves the cluster as it is", async () => {
    const { emulator: e, run } = await emulator();
    e.faults.add([{ match: { method: "PUT" }, operationStatus: "Failed", armCode: "Boom", message: "it broke" }]);
    expect((await run(["update", "-g", "demo-rg", "-n", "overlay-aks", "--network-dataplane", "cilium", "--yes"])).code).toBe(5);
    const again = await run(["update", "-g", "demo-rg", "-n", "overlay-aks", "--network-dataplane", "cilium", "--dry-run"]);
    expect(again.code, again.stdout).toBe(0);
    const text = again.stdout.replace(/\n\s+/g, " ");
    expect(text).toContain("already uses the Cilium dataplane");
    expect(text).toContain("Note: cluster overlay-aks's last operation ended Failed");
    expect(text).not.toContain("UpdateClusterNotReady");
    const scale = await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "system", "--node-count", "4", "--dry-run", "-o", "json"]);
    const warning = JSON.parse(scale.stdout).findings.find((f: { code: string }) => f.code === "ClusterLastOperationFailed");
    expect(warning.message).toContain("this writes only the pool, which leaves the cluster as it is");
    expect(warning.hint).toContain("'az aks update -g demo-rg -n overlay-aks' (no changes) reconciles the cluster");
  });
});
