/** nodepool scale / update against the emulator, in-process: the pool PUT as read, If-Match, capacity refusals, apply. */
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/server.js";
import { DEMO_SUB as SUB, emulatedCli } from "../helpers/emulated.js";

const clusterId = `/subscriptions/${SUB}/resourceGroups/demo-rg/providers/Microsoft.ContainerService/managedClusters/overlay-aks`;
const setUp = emulatedCli();

const pools = (emulator: Emulator) => (emulator.state.getCluster(clusterId) as any).properties.agentPoolProfiles as any[];

describe("nodepool scale and update", () => {
  it("scales a pool: one PUT of the pool as read, If-Match on its eTag, every other pool untouched", async () => {
    const { emulator, run } = await setUp();
    const before = pools(emulator);
    const etag = before[0].eTag;
    const r = await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "system", "--node-count", "5", "--yes", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const puts = emulator.requests.filter((q) => q.method === "PUT");
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ ifMatch: etag });
    // The pool as its own resource carries what the cluster's profile does, but its name.
    const { name: _name, ...read } = before[0];
    expect((puts[0]?.body as any).properties).toEqual({ ...read, count: 5 });
    const after = pools(emulator);
    expect(after[0].count).toBe(5);
    expect(after[1]).toEqual(before[1]);
  });

  it("refuses an autoscaler maximum over the pod CIDR's capacity (exit 3), saying its 192.168.0.0/16 cannot grow", async () => {
    const { emulator, run } = await setUp();
    const r = await run(["nodepool", "update", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "scale", "--update-cluster-autoscaler", "--min-count", "3", "--max-count", "250", "--yes", "-o", "json"]);
    expect(r.code).toBe(3);
    const short = JSON.parse(r.stdout).findings.find((f: { code: string }) => f.code === "InsufficientPodCidr");
    expect(short.field).toBe("--max-count");
    // 192.168.0.0/16 is the largest private block it can be in: no expansion to offer.
    expect(short.hint).toContain("the pod CIDR cannot grow that far (no private range holds a /15 containing 192.168.0.0/16)");
    expect(short.hint).not.toContain("--pod-cidr auto");
    expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
  });

  it("saves a plan and applies it; a pool changed meanwhile makes the plan stale", async () => {
    const { emulator, run, written } = await setUp();
    const args = ["nodepool", "update", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "scale", "--update-cluster-autoscaler", "--min-count", "3", "--max-count", "60"];
    expect((await run([...args, "--out", "p.json"])).code).toBe(0);
    const applied = await run(["apply", "p.json", "--yes"], { "p.json": written["p.json"] as string });
    expect(applied.code, applied.stderr).toBe(0);
    expect(pools(emulator)[1]).toMatchObject({ minCount: 3, maxCount: 60 });
    expect((await run([...args.slice(0, -1), "70", "--out", "q.json"])).code).toBe(0);
    expect((await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "system", "--node-count", "4", "--yes"])).code).toBe(0);
    const stale = await run(["apply", "q.json", "--yes"], { "q.json": written["q.json"] as string });
    expect(stale.code).toBe(6);
    expect(pools(emulator)[1].maxCount).toBe(60);
  });

  it("refuses --max-pods and contradictory autoscaler flags before any request (exit 2)", async () => {
    const { emulator, run } = await setUp();
    const pods = await run(["nodepool", "update", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "scale", "--max-pods", "30"]);
    expect(pods.code).toBe(2);
    expect(pods.stderr).toContain("Changing property 'maxPods' is not allowed");
    const both = await run(["nodepool", "update", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "scale", "--enable-cluster-autoscaler", "--disable-cluster-autoscaler"]);
    expect(both.code).toBe(2);
    expect(emulator.requests).toEqual([]);
  });
});

describe("a VirtualMachines pool", () => {
  /** The demo with overlay-aks's "scale" pool as a VirtualMachines pool of the given size groups. */
  async function withVmPool(manual: { size: string; count: number }[]) {
    const { demoScenario } = await import("../../src/emulator/scenarios.js");
    const scenario = demoScenario();
    const cluster = scenario.managedClusters.find((c: any) => c.name === "overlay-aks") as any;
    const pool = cluster.properties.agentPoolProfiles.find((p: any) => p.name === "scale");
    for (const k of ["count", "enableAutoScaling", "minCount", "maxCount", "vmSize"]) delete pool[k];
    Object.assign(pool, { type: "VirtualMachines", virtualMachinesProfile: { scale: { manual } } });
    return setUp({ scenario });
  }

  it("scales its one size group's count, never `count`", async () => {
    const { emulator, run } = await withVmPool([{ size: "Standard_D4s_v5", count: 20 }]);
    const r = await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "scale", "--node-count", "25", "--yes", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const put = emulator.requests.find((q) => q.method === "PUT")?.body as any;
    expect(put.properties.count).toBeUndefined();
    expect(put.properties.virtualMachinesProfile).toEqual({ scale: { manual: [{ size: "Standard_D4s_v5", count: 25 }] } });
  });

  it("refuses a count for several size groups, and the autoscaler, before any write (exit 3)", async () => {
    const { emulator, run } = await withVmPool([{ size: "Standard_D4s_v5", count: 10 }, { size: "Standard_D8s_v5", count: 5 }]);
    const scale = await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "scale", "--node-count", "25", "--yes", "-o", "json"]);
    expect(scale.code).toBe(3);
    const found = JSON.parse(scale.stdout).findings.find((f: any) => f.code === "NodePoolVirtualMachinesScale");
    expect(found.message).toContain("2 manual size groups (Standard_D4s_v5 x10, Standard_D8s_v5 x5)");
    expect(found.hint).toContain("az aks nodepool manual-scale update -g demo-rg --cluster-name overlay-aks -n scale");
    const auto = await run(["nodepool", "update", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "scale", "--enable-cluster-autoscaler", "--min-count", "1", "--max-count", "9", "--yes", "-o", "json"]);
    expect(auto.code).toBe(3);
    expect(JSON.parse(auto.stdout).findings.map((f: any) => f.code)).toContain("NodePoolVirtualMachinesScale");
    expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
  });
});

describe("a cluster over its pod CIDR already", () => {
  /** overlay-aks with a /22 pod CIDR (4 node blocks) its pools outgrew, and a Windows pool: it cannot be expanded. */
  async function overSubscribed() {
    const { demoScenario } = await import("../../src/emulator/scenarios.js");
    const scenario = demoScenario();
    const cluster = scenario.managedClusters.find((c: any) => c.name === "overlay-aks") as any;
    Object.assign(cluster.properties.networkProfile, { podCidr: "192.168.0.0/22", podCidrs: ["192.168.0.0/22"] });
    const system = cluster.properties.agentPoolProfiles.find((p: any) => p.name === "system");
    cluster.properties.agentPoolProfiles.push({ ...structuredClone(system), name: "win1", mode: "User", osType: "Windows", osSKU: "Windows2022", count: 2, maxPods: 30 });
    return setUp({ scenario });
  }

  it("a scale that leaves it over is refused, as Azure refuses it, without offering an expansion it cannot have", async () => {
    const { emulator, run } = await overSubscribed();
    // Azure counts every pool at its maximum on any pool write: a smaller system pool does not get
    // the cluster under its /22 while the autoscaled pool may reach 100 nodes.
    const down = await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "system", "--node-count", "2", "--yes", "-o", "json"]);
    expect(down.code).toBe(3);
    const shortfall = JSON.parse(down.stdout).findings.find((f: any) => f.code === "InsufficientPodCidr");
    expect(shortfall.hint).toContain("the pod CIDR cannot be expanded (it has Windows pool win1, and expansion is for Linux-only clusters)");
    expect(shortfall.hint).not.toContain("--pod-cidr auto");
    expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    // The emulator, Azure's model, refuses that write too: the CLI's refusal is not stricter than Azure.
    emulator.requests.length = 0;
    const pool = await fetch(`${emulator.url}${clusterId}/agentPools/system?api-version=2026-06-01`, { headers: { authorization: "Bearer t" } }).then((r) => r.json() as Promise<any>);
    const put = await fetch(`${emulator.url}${clusterId}/agentPools/system?api-version=2026-06-01`, { method: "PUT", headers: { authorization: "Bearer t", "content-type": "application/json" }, body: JSON.stringify({ properties: { ...pool.properties, count: 2 } }) });
    expect([put.status, ((await put.json()) as any).error.code]).toEqual([400, "InsufficientSubnetSize"]);
    const show = await run(["show", "-g", "demo-rg", "-n", "overlay-aks"]);
    expect(show.stdout).not.toContain("--pod-cidr auto");
    expect(show.stdout.replace(/\n\s+/g, " ")).toContain("cannot be expanded (it has Windows pool win1");
  });
});
