/** az's pool flags (zones, labels, taints, OS disk, Spot, pool tags): the fields az sets, checked, through saved plans too. */
import { describe, expect, it } from "vitest";
import { DEMO_SUB, emulatedCli } from "../helpers/emulated.js";

const emulated = emulatedCli();
const SUBNET = `/subscriptions/${DEMO_SUB}/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/aks-nodes`;
const ADD = ["nodepool", "add", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "spot", "--node-count", "2"];

describe("nodepool add with az's pool flags", () => {
  it("sets zones, labels, taints, OS disk, Spot (eviction Delete, max price -1) and tags, and a saved plan keeps them", async () => {
    const { emulator, run, written } = await emulated();
    const flags = ["--zones", "1", "2", "--labels", "team=ml", "example.com/tier=batch", "--node-taints", "sku=gpu:NoSchedule,spot:PreferNoSchedule", "--node-osdisk-size", "128", "--node-osdisk-type", "Ephemeral", "--priority", "Spot", "--tags", "owner=Jane Doe"];
    const saved = await run([...ADD, ...flags, "--out", "pool.json"]);
    expect(saved.code, saved.stderr).toBe(0);
    const applied = await run(["apply", "pool.json", "--yes"], written);
    expect(applied.code, applied.stderr).toBe(0);
    const put = emulator.requests.find((q) => q.method === "PUT" && q.path.endsWith("/agentPools/spot"));
    expect((put?.body as any).properties).toMatchObject({
      availabilityZones: ["1", "2"],
      nodeLabels: { team: "ml", "example.com/tier": "batch" },
      nodeTaints: ["sku=gpu:NoSchedule", "spot:PreferNoSchedule"],
      osDiskSizeGB: 128,
      osDiskType: "Ephemeral",
      scaleSetPriority: "Spot",
      scaleSetEvictionPolicy: "Delete",
      spotMaxPrice: -1,
      tags: { owner: "Jane Doe" },
    });
  });

  it.each([
    [["--mode", "System", "--priority", "Spot"], "--priority Spot: a system pool cannot run on Spot VMs"],
    [["--spot-max-price", "0.5"], "--spot-max-price 0.5: only with --priority Spot"],
    [["--priority", "Spot", "--spot-max-price", "0"], "--spot-max-price 0: -1 (up to the on-demand price) or a price above 0"],
    [["--spot-max-price", "cheap"], '--spot-max-price "cheap": expected -1 or a price'],
    [["--zones", "4"], "--zones 4: an availability zone is 1, 2 or 3"],
    [["--node-taints", "gpu"], "--node-taints gpu: expected key=value:Effect"],
    [["--labels", "noequals"], '--labels "noequals": expected key=value'],
    [["--labels", "k=bad value"], "--labels k=bad value: a label value has at most 63"],
    [["--node-osdisk-size", "4096"], "--node-osdisk-size 4096: 1 to 2048 GB"],
  ])("refuses %o (exit 2, nothing sent)", async (extra, message) => {
    const { emulator, run } = await emulated();
    const r = await run([...ADD, ...extra, "--dry-run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(emulator.requests).toEqual([]);
  });
});

describe("create with az's first-pool flags", () => {
  it("puts --zones, --nodepool-labels, --nodepool-taints and the OS disk on the first pool", async () => {
    const { emulator, run } = await emulated();
    const r = await run(["create", "-g", "demo-rg", "-n", "zoned", "-l", "eastus", "--vnet-subnet-id", SUBNET, "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10",
      "--zones", "1", "2", "3", "--nodepool-labels", "role=system", "--nodepool-taints", "CriticalAddonsOnly=true:NoSchedule", "--node-osdisk-size", "64", "--yes"]);
    expect(r.code, r.stderr).toBe(0);
    const put = emulator.requests.find((q) => q.method === "PUT" && q.path.endsWith("/managedClusters/zoned"));
    expect((put?.body as any).properties.agentPoolProfiles[0]).toMatchObject({ availabilityZones: ["1", "2", "3"], nodeLabels: { role: "system" }, nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"], osDiskSizeGB: 64 });
  });
});

describe("a saved plan's pool flags", () => {
  it("are only those its command writes: a create plan given nodepool add's --priority is refused (exit 2, nothing written)", async () => {
    const { emulator, run, written } = await emulated();
    const saved = await run(["create", "-g", "demo-rg", "-n", "planned", "-l", "eastus", "--vnet-subnet-id", SUBNET, "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--zones", "1", "--out", "plan.json"]);
    expect(saved.code, saved.stderr).toBe(0);
    const plan = JSON.parse(written["plan.json"] as string);
    plan.request.poolExtras.priority = "Spot";
    const r = await run(["apply", "plan.json", "--yes"], { "plan.json": JSON.stringify(plan) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('request.poolExtras: unknown key "priority"');
    expect(emulator.requests.filter((q) => q.method === "PUT")).toEqual([]);
  });
});
