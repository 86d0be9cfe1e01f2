/**
 * `aks-overlay upgrade` end to end against the emulator: each path, each blocker, and proof that
 * nothing is lost: the stored cluster before and after differs only where the plan said.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diff } from "../../src/plan/plan.js";
import { RG, clusterPath, requestLines, runBin, withEmulator } from "./helpers.js";

const upgrade = (url: string, name: string, ...args: string[]) => ["upgrade", "-g", RG, "-n", name, "--arm-endpoint", url, ...args];

/** Every difference between two stored clusters that is not the planned change, eTags or provisioning state. */
function unplannedChanges(before: any, after: any, planned: string[]): string[] {
  const noise = /^(eTag|properties\.provisioningState|properties\.agentPoolProfiles\[\d+\]\.(eTag|provisioningState))$/;
  return diff(before, after)
    .map((d) => d.path)
    .filter((p) => !noise.test(p) && !planned.includes(p));
}

describe("upgrade: nothing lost", () => {
  it("moves kubenet to overlay keeping its pod CIDR, and changes nothing else", async () => {
    await withEmulator(async (emulator) => {
      const before = emulator.state.getCluster(clusterPath("kubenet-aks")) as any;
      const r = await runBin(upgrade(emulator.url, "kubenet-aks", "--yes"));
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.code).toBe(0);
      const after = emulator.state.getCluster(clusterPath("kubenet-aks")) as any;
      expect(after.properties.networkProfile).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
      expect(unplannedChanges(before, after, ["properties.networkProfile.networkPlugin", "properties.networkProfile.networkPluginMode"])).toEqual([]);
      expect(after.eTag).not.toBe(before.eTag);
      // Exactly: GET cluster, list the node resource group's VNets, PUT with If-Match, polls, final GET.
      expect(requestLines(emulator)).toEqual([
        "GET managedClusters/kubenet-aks 200",
        `GET /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/MC_demo-rg_kubenet-aks_eastus/providers/Microsoft.Network/virtualNetworks 200`,
        "PUT managedClusters/kubenet-aks 200",
        "GET operations/* 200",
        "GET operations/* 200",
        "GET operations/* 200",
        "GET managedClusters/kubenet-aks 200",
      ]);
      expect(emulator.requests.find((q) => q.method === "PUT")?.ifMatch).toBe(before.eTag);
    });
  });

  it("keeps fields no SDK model knows, at every depth, byte for byte, through upgrade and apply", async () => {
    for (const viaApply of [false, true]) {
      await withEmulator(async (emulator) => {
        // What a newer API version might add: at the top, in properties, in networkProfile and in a pool.
        const stored = emulator.state.clusters.get(clusterPath("kubenet-aks").toLowerCase()) as any;
        stored.futureTopLevel = { kind: "new", list: [1, { deep: true }] };
        stored.properties.futureProfile = { enabled: true, knobs: { a: 1, b: [null, "x"] } };
        stored.properties.networkProfile.futureNetField = "keep-me";
        stored.properties.agentPoolProfiles[1].futurePoolField = { nested: ["x", { y: 0 }] };
        const before = emulator.state.getCluster(clusterPath("kubenet-aks")) as any;
        if (viaApply) {
          const out = join(mkdtempSync(join(tmpdir(), "aks-overlay-future-")), "plan.json");
          expect((await runBin(upgrade(emulator.url, "kubenet-aks", "--out", out))).code).toBe(0);
          expect((await runBin(["apply", out, "--yes"])).code).toBe(0);
        } else {
          expect((await runBin(upgrade(emulator.url, "kubenet-aks", "--yes"))).code).toBe(0);
        }
        const put = emulator.requests.find((q) => q.method === "PUT")?.body as any;
        expect(put.futureTopLevel).toEqual(before.futureTopLevel);
        expect(put.properties.futureProfile).toEqual(before.properties.futureProfile);
        expect(put.properties.networkProfile.futureNetField).toBe("keep-me");
        expect(put.properties.agentPoolProfiles[1].futurePoolField).toEqual(before.properties.agentPoolProfiles[1].futurePoolField);
        const after = emulator.state.getCluster(clusterPath("kubenet-aks")) as any;
        expect(unplannedChanges(before, after, ["properties.networkProfile.networkPlugin", "properties.networkProfile.networkPluginMode"])).toEqual([]);
      });
    }
  });

  it("moves legacy Azure CNI to overlay with the given pod CIDR, and changes nothing else", async () => {
    await withEmulator(async (emulator) => {
      const before = emulator.state.getCluster(clusterPath("cni-aks")) as any;
      const r = await runBin(upgrade(emulator.url, "cni-aks", "--pod-cidr", "192.168.0.0/16", "--yes", "-o", "json"));
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ kind: "result", operation: "upgrade", provisioningState: "Succeeded" });
      const after = emulator.state.getCluster(clusterPath("cni-aks")) as any;
      expect(after.properties.networkProfile).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16", podCidrs: ["192.168.0.0/16"] });
      expect(
        unplannedChanges(before, after, [
          "properties.networkProfile.networkPluginMode",
          "properties.networkProfile.podCidr",
          "properties.networkProfile.podCidrs",
        ]),
      ).toEqual([]);
    });
  });

  it("plans exactly the changed fields", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(upgrade(emulator.url, "cni-aks", "--pod-cidr", "192.168.0.0/16", "--dry-run", "-o", "json"));
      expect(r.code).toBe(0);
      const plan = JSON.parse(r.stdout);
      expect(plan.changes[0].diff).toEqual([
        { path: "properties.networkProfile.networkPluginMode", before: null, after: "overlay" },
        { path: "properties.networkProfile.podCidr", before: null, after: "192.168.0.0/16" },
        { path: "properties.networkProfile.podCidrs", before: null, after: ["192.168.0.0/16"] },
      ]);
      expect(plan.changes[0]).toMatchObject({ action: "update", etag: "cni-aks-etag-1" });
      expect(plan.findings.map((f: any) => f.code)).toEqual(expect.arrayContaining(["UpgradeReimagesAllPools", "UpgradeIpMasqAgentConfig"]));
      expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    });
  });

  it("has nothing to do on an overlay cluster: exit 0, no PUT", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(upgrade(emulator.url, "overlay-aks"));
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Nothing to do");
      expect(r.stdout).toContain("UpgradeAlreadyOverlay");
      expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    });
  });
});

describe("upgrade: blockers are refused with exit 3 and no PUT", () => {
  it("refuses bring-your-own CNI", async () => {
    await withEmulator(async (emulator) => {
      const byo = emulator.state.getCluster(clusterPath("kubenet-aks")) as any;
      byo.properties.networkProfile = { ...byo.properties.networkProfile, networkPlugin: "none", podCidr: undefined, podCidrs: undefined };
      emulator.state.putCluster(clusterPath("byo-aks"), byo, undefined, "*", 0);
      emulator.state.settle([...emulator.state.operations.values()].at(-1) as any);
      const r = await runBin(upgrade(emulator.url, "byo-aks", "--yes"));
      expect(r.code).toBe(3);
      expect(r.stdout).toContain("UpgradeFromByoCni");
    });
  });
});

describe("upgrade: concurrency and Azure failures", () => {
  it("detects a change made between the read and the PUT: exit 6, the other change survives", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add([{ match: { method: "PUT" }, delayMs: 400 }]);
      const running = runBin(upgrade(emulator.url, "kubenet-aks", "--yes"));
      while (!emulator.requests.some((q) => q.method === "PUT")) await new Promise((r) => setTimeout(r, 10));
      const theirs = emulator.state.getCluster(clusterPath("kubenet-aks")) as any;
      theirs.tags = { ...theirs.tags, changedBy: "someone-else" };
      const op = emulator.state.putCluster(clusterPath("kubenet-aks"), theirs, theirs.eTag, undefined, 0).operation;
      emulator.state.settle(op);
      const r = await running;
      expect(r.code).toBe(6);
      expect(r.stderr).toContain("changed after the plan was made");
      const stored = emulator.state.getCluster(clusterPath("kubenet-aks")) as any;
      expect(stored.tags.changedBy).toBe("someone-else");
      expect(stored.properties.networkProfile.networkPlugin).toBe("kubenet");
    });
  });

  it("reports an operation that ends Failed (exit 5)", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add([{ match: { method: "PUT" }, operationStatus: "Failed", armCode: "OverlayMigrationFailed", message: "re-imaging pool apps failed" }]);
      const r = await runBin(upgrade(emulator.url, "kubenet-aks", "--yes"));
      expect(r.code).toBe(5);
      expect(r.stderr).toContain("OverlayMigrationFailed");
      expect(r.stderr).toContain("re-imaging pool apps failed");
    });
  });

  it("recovers from 429 and 5xx while polling", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add([
        { match: { path: "/**/operations/*" }, status: 429, retryAfter: 0 },
        { match: { path: "/**/operations/*" }, status: 503, retryAfter: 0 },
        { match: { path: "/**/operations/*" }, status: 502 },
      ]);
      const r = await runBin(upgrade(emulator.url, "kubenet-aks", "--yes"));
      expect(r.code).toBe(0);
      expect(requestLines(emulator).filter((l) => l.startsWith("GET operations")).slice(0, 3)).toEqual(["GET operations/* 429", "GET operations/* 503", "GET operations/* 502"]);
    });
  });
});

describe("upgrade: addresses other devices use in the node subnet", () => {
  it("counts them (and not the cluster's own nodes) before writing", async () => {
    const { readFileSync } = await import("node:fs");
    const { startEmulator } = await import("../../src/emulator/server.js");
    const scenario = JSON.parse(readFileSync(new URL("../fixtures/full-subnet-scenario.json", import.meta.url), "utf8"));
    const emulator = await startEmulator({ scenario });
    try {
      const r = await runBin(["upgrade", "-g", "rg", "-n", "kn", "--arm-endpoint", emulator.url, "--yes", "-o", "json"]);
      expect(r.code).toBe(3);
      const plan = JSON.parse(r.stdout);
      expect(plan.capacity.nodeSubnets[0]).toMatchObject({ cidr: "10.226.0.0/28", usableAddresses: 11, addressesInUse: 4, requiredAddresses: 8 });
      expect(plan.findings.map((f: any) => f.code)).toContain("InsufficientSubnetSize");
      expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    } finally {
      await emulator.close();
    }
  });
});
