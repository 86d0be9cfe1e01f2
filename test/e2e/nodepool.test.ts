/** `aks-overlay nodepool add` end to end against the emulator. */
import { describe, expect, it } from "vitest";
import { diff } from "../../src/plan/plan.js";
import { RG, clusterPath, requestLines, runBin, subnetId, withEmulator } from "./helpers.js";

const add = (url: string, pool: string, ...args: string[]) => ["nodepool", "add", "-g", RG, "--cluster-name", "overlay-aks", "-n", pool, "--arm-endpoint", url, ...args];
const pools = (emulator: any) => emulator.state.getCluster(clusterPath("overlay-aks")).properties.agentPoolProfiles;
const withoutVolatile = (list: any[]) => list.map(({ eTag: _e, provisioningState: _p, ...rest }) => rest);

describe("nodepool add", () => {
  it("adds a pool in pool-dedicated, touching no other pool", async () => {
    await withEmulator(async (emulator) => {
      const before = pools(emulator);
      const r = await runBin(add(emulator.url, "batch", "--vnet-subnet-id", subnetId("pool-dedicated"), "--enable-cluster-autoscaler", "--min-count", "1", "--max-count", "20", "--yes"));
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.code).toBe(0);
      const after = pools(emulator);
      expect(after.map((p: any) => p.name)).toEqual(["system", "scale", "batch"]);
      expect(after[2]).toMatchObject({ vnetSubnetID: subnetId("pool-dedicated"), enableAutoScaling: true, minCount: 1, maxCount: 20, mode: "User" });
      expect(diff(withoutVolatile(before), withoutVolatile(after.slice(0, 2)))).toEqual([]);
      expect(requestLines(emulator)).toEqual([
        "GET managedClusters/overlay-aks 200",
        "GET virtualNetworks/demo-vnet 200",
        // A subnet no pool uses yet: does the cluster's identity have a role there?
        "GET roleAssignments of subnet pool-dedicated 200",
        "PUT agentPools/batch 201",
        "GET operations/* 200",
        "GET operations/* 200",
        "GET operations/* 200",
        "GET agentPools/batch 200",
      ]);
      const put = emulator.requests.find((q) => q.method === "PUT");
      expect(put?.ifNoneMatch).toBe("*");
      // Every field the plan shows is sent, the scale-set type included.
      expect((put?.body as any).properties).toMatchObject({ type: "VirtualMachineScaleSets", mode: "User", osType: "Linux", maxPods: 250, upgradeSettings: { maxSurge: "10%" } });
    });
  });

  it("adds a pool in the system pool's subnet by default", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(add(emulator.url, "apps", "--node-count", "2", "--yes", "-o", "json"));
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ kind: "result", operation: "nodepool-add", provisioningState: "Succeeded" });
      expect(pools(emulator)[2]).toMatchObject({ name: "apps", count: 2, vnetSubnetID: subnetId("aks-nodes") });
    });
  });

  it("refuses a cluster that is not on overlay, pointing to upgrade", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(["nodepool", "add", "-g", RG, "--cluster-name", "kubenet-aks", "-n", "extra", "--arm-endpoint", emulator.url, "--yes"]);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain("ClusterNotOverlay");
      expect(r.stdout).toContain("aks-overlay upgrade -g demo-rg -n kubenet-aks");
    });
  });

  it("never overwrites a pool someone else created between the plan and the PUT (exit 6)", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add([{ match: { method: "PUT" }, delayMs: 400 }]);
      const running = runBin(add(emulator.url, "race", "--node-count", "1", "--yes"));
      while (!emulator.requests.some((q) => q.method === "PUT")) await new Promise((r) => setTimeout(r, 10));
      const theirs = emulator.state.putPool(clusterPath("overlay-aks"), "race", { properties: { count: 5, mode: "User", vmSize: "Standard_E4s_v5", vnetSubnetID: subnetId("aks-nodes") } }, undefined, "*", 0);
      emulator.state.settle(theirs.operation);
      const r = await running;
      expect(r.code).toBe(6);
      expect(pools(emulator).find((p: any) => p.name === "race")).toMatchObject({ count: 5, vmSize: "Standard_E4s_v5" });
    });
  });

  it("reports an operation that ends Failed (exit 5)", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add([{ match: { method: "PUT" }, operationStatus: "Failed", armCode: "AllocationFailed", message: "no capacity for Standard_D4s_v5" }]);
      const r = await runBin(add(emulator.url, "failing", "--node-count", "1", "--yes"));
      expect(r.code).toBe(5);
      expect(r.stderr).toContain("AllocationFailed");
      expect(r.stderr).toContain("no capacity");
    });
  });

  it("recovers from 429 and 5xx", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add([
        { match: { method: "PUT" }, status: 429, retryAfter: 0 },
        { match: { path: "/**/operations/*" }, status: 503, retryAfter: 0 },
        { match: { method: "GET", path: "/**/virtualNetworks/**" }, status: 500 },
      ]);
      const r = await runBin(add(emulator.url, "flaky", "--node-count", "1", "--yes"));
      expect(r.code).toBe(0);
      expect(requestLines(emulator).filter((l) => / (429|500|503)$/.test(l))).toEqual([
        "GET virtualNetworks/demo-vnet 500",
        "PUT agentPools/flaky 429",
        "GET operations/* 503",
      ]);
    });
  });
});
