/** Saved plans end to end: --out, then `aks-overlay apply`, for each operation; stale and tampered plans. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RG, clusterPath, requestLines, runBin, subnetId, withEmulator } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "aks-overlay-plans-"));
const file = (name: string) => join(dir, name);

describe("apply", () => {
  it("applies a saved create plan with If-None-Match, after checking nothing changed", async () => {
    await withEmulator(async (emulator) => {
      const out = file("create.json");
      const planned = await runBin(["create", "-g", RG, "-n", "saved", "-l", "eastus", "--arm-endpoint", emulator.url, "--vnet-subnet-id", subnetId("aks-nodes"), "--pod-cidr", "192.168.0.0/16", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--out", out]);
      expect(planned.code).toBe(0);
      const plan = JSON.parse(readFileSync(out, "utf8"));
      expect(plan.basis).toEqual([
        { resourceId: clusterPath("saved").replace(/\/providers\/.*$/, ""), etag: "" },
        { resourceId: clusterPath("saved"), etag: null },
        { resourceId: subnetId("aks-nodes").replace(/\/subnets\/.*$/, ""), etag: 'W/"demo-vnet-1"' },
      ]);
      expect(readFileSync(out, "utf8")).not.toMatch(/Bearer|token/i);
      emulator.requests.length = 0;
      const r = await runBin(["apply", out, "--yes", "-o", "json"]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ kind: "result", operation: "create", provisioningState: "Succeeded" });
      expect(requestLines(emulator).slice(0, 5)).toEqual(["GET resourceGroups/demo-rg 200", "GET locations 200", "GET managedClusters/saved 404", "GET virtualNetworks/demo-vnet 200", "PUT managedClusters/saved 201"]);
      expect(requestLines(emulator).at(-1)).toBe("PUT roleAssignments/* 201");
      expect(emulator.requests.find((q) => q.method === "PUT")?.ifNoneMatch).toBe("*");
    });
  });

  it("applies a saved upgrade plan with If-Match", async () => {
    await withEmulator(async (emulator) => {
      const out = file("upgrade.json");
      expect((await runBin(["upgrade", "-g", RG, "-n", "cni-aks", "--pod-cidr", "192.168.0.0/16", "--arm-endpoint", emulator.url, "--out", out])).code).toBe(0);
      const r = await runBin(["apply", out, "--yes"]);
      expect(r.code).toBe(0);
      expect(emulator.requests.find((q) => q.method === "PUT")?.ifMatch).toBe("cni-aks-etag-1");
      expect((emulator.state.getCluster(clusterPath("cni-aks")) as any).properties.networkProfile.networkPluginMode).toBe("overlay");
    });
  });

  it("applies a saved nodepool plan", async () => {
    await withEmulator(async (emulator) => {
      const out = file("pool.json");
      expect((await runBin(["nodepool", "add", "-g", RG, "--cluster-name", "overlay-aks", "-n", "saved", "--node-count", "2", "--arm-endpoint", emulator.url, "--out", out])).code).toBe(0);
      const r = await runBin(["apply", out, "--yes"]);
      expect(r.code).toBe(0);
      expect((emulator.state.getCluster(clusterPath("overlay-aks")) as any).properties.agentPoolProfiles.map((p: any) => p.name)).toContain("saved");
    });
  });

  it("refuses a stale plan with exit 6 and writes nothing", async () => {
    await withEmulator(async (emulator) => {
      const out = file("stale.json");
      expect((await runBin(["upgrade", "-g", RG, "-n", "kubenet-aks", "--arm-endpoint", emulator.url, "--out", out])).code).toBe(0);
      const cluster = emulator.state.getCluster(clusterPath("kubenet-aks")) as any;
      cluster.tags = { ...cluster.tags, touched: "yes" };
      emulator.state.settle(emulator.state.putCluster(clusterPath("kubenet-aks"), cluster, cluster.eTag, undefined, 0).operation);
      emulator.requests.length = 0;
      const r = await runBin(["apply", out, "--yes"]);
      expect(r.code).toBe(6);
      expect(r.stderr).toContain("plan is stale");
      expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
      expect((emulator.state.getCluster(clusterPath("kubenet-aks")) as any).properties.networkProfile.networkPlugin).toBe("kubenet");
    });
  });

  it("refuses a create plan whose cluster appeared since (exit 6)", async () => {
    await withEmulator(async (emulator) => {
      const out = file("appeared.json");
      expect((await runBin(["create", "-g", RG, "-n", "appeared", "-l", "eastus", "--arm-endpoint", emulator.url, "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--out", out])).code).toBe(0);
      const other = emulator.state.getCluster(clusterPath("overlay-aks")) as any;
      emulator.state.settle(emulator.state.putCluster(clusterPath("appeared"), other, undefined, "*", 0).operation);
      const r = await runBin(["apply", out, "--yes"]);
      expect(r.code).toBe(6);
      expect(r.stderr).toContain("exists now");
    });
  });

  it("refuses an edited plan with exit 2 and writes nothing (the full table of edits is test/command/apply-tamper.test.ts)", async () => {
    await withEmulator(async (emulator) => {
      const out = file("tamper.json");
      expect((await runBin(["upgrade", "-g", RG, "-n", "kubenet-aks", "--arm-endpoint", emulator.url, "--out", out])).code).toBe(0);
      const plan = JSON.parse(readFileSync(out, "utf8"));
      plan.changes[0].body.properties.networkProfile.podCidr = "10.100.0.0/16";
      plan.changes[0].diff.push({ path: "properties.networkProfile.podCidr", before: "10.244.0.0/16", after: "10.100.0.0/16" });
      writeFileSync(out, JSON.stringify(plan));
      emulator.requests.length = 0;
      const r = await runBin(["apply", out, "--yes"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("changes[0].body.properties.networkProfile.podCidr is not what its request yields");
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    });
  });

  it("refuses a plan of format version 1 with the reason", async () => {
    await withEmulator(async (emulator) => {
      const out = file("v1.json");
      expect((await runBin(["upgrade", "-g", RG, "-n", "kubenet-aks", "--arm-endpoint", emulator.url, "--out", out])).code).toBe(0);
      const plan = JSON.parse(readFileSync(out, "utf8"));
      plan.formatVersion = 1;
      delete plan.request;
      writeFileSync(out, JSON.stringify(plan));
      const r = await runBin(["apply", out, "--yes"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("version 1 plans carry no request");
    });
  });

  it("refuses a truncated or missing file with exit 2", async () => {
    const out = file("truncated.json");
    writeFileSync(out, '{"formatVersion": 1, "kind": "plan", "operation": "upg');
    const truncated = await runBin(["apply", out, "--yes"]);
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toContain("perhaps truncated");
    const missing = await runBin(["apply", file("nope.json"), "--yes"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file");
  });

  it("refuses to apply without a terminal and without --yes", async () => {
    await withEmulator(async (emulator) => {
      const out = file("noyes.json");
      expect((await runBin(["upgrade", "-g", RG, "-n", "kubenet-aks", "--arm-endpoint", emulator.url, "--out", out])).code).toBe(0);
      const r = await runBin(["apply", out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--yes");
      expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    });
  });
});

describe("apply refuses edited plans that still look consistent", () => {
  const plan = async (emulator: any, out: string) => {
    const r = await runBin(["create", "-g", RG, "-n", "edited", "-l", "eastus", "--arm-endpoint", emulator.url, "--vnet-subnet-id", subnetId("aks-nodes"), "--pod-cidr", "192.168.0.0/16", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--out", out]);
    expect(r.code).toBe(0);
    return JSON.parse(readFileSync(out, "utf8"));
  };
  it("re-decides the request with the rules: a pod CIDR moved onto the peered hub in request, body and diff alike (exit 3)", async () => {
    await withEmulator(async (emulator) => {
      const out = file("edited.json");
      const p = await plan(emulator, out);
      p.request.design.podCidr = "10.0.0.0/16";
      const np = p.changes[0].body.properties.networkProfile;
      np.podCidr = "10.0.0.0/16";
      np.podCidrs = ["10.0.0.0/16"];
      for (const d of p.changes[0].diff) {
        if (d.path === "properties.networkProfile.podCidr") d.after = "10.0.0.0/16";
        if (d.path === "properties.networkProfile.podCidrs") d.after = ["10.0.0.0/16"];
      }
      writeFileSync(out, JSON.stringify(p));
      emulator.requests.length = 0;
      const r = await runBin(["apply", out, "--yes", "-o", "json"]);
      expect(r.code).toBe(3);
      expect(JSON.parse(r.stdout).findings.map((f: any) => f.code)).toContain("PodCidrOverlapsPeeredNetwork");
      expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    });
  });
  it("prints one result document for a plan that changes nothing", async () => {
    await withEmulator(async (emulator) => {
      const out = file("noop.json");
      expect((await runBin(["upgrade", "-g", RG, "-n", "overlay-aks", "--arm-endpoint", emulator.url, "--out", out])).code).toBe(0);
      const r = await runBin(["apply", out, "--yes", "-o", "json"]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ kind: "result", operation: "upgrade", provisioningState: "NoChange" });
    });
  });
  it("reads a plan printed as YAML", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(["upgrade", "-g", RG, "-n", "kubenet-aks", "--arm-endpoint", emulator.url, "--dry-run", "-o", "yaml"]);
      const out = file("plan.yaml");
      writeFileSync(out, r.stdout);
      const applied = await runBin(["apply", out, "--yes"]);
      expect(applied.code).toBe(0);
    });
  });
  it("prints only the error document when --out cannot be written", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(["create", "-g", RG, "-n", "x", "-l", "eastus", "--arm-endpoint", emulator.url, "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--out", "/nonexistent/dir/p.json", "-o", "json"]);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).kind).toBe("error");
    });
  });
});
