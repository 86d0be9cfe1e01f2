/** update against the emulator, in-process: expansion, read-back, saved plans, one change at a time. */
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/server.js";
import { DEMO_SUB as SUB, emulatedCli } from "../helpers/emulated.js";

const SUBNET = `/subscriptions/${SUB}/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/aks-nodes`;
const clusterId = (name: string) => `/subscriptions/${SUB}/resourceGroups/demo-rg/providers/Microsoft.ContainerService/managedClusters/${name}`;
const emulated = emulatedCli();

/** The emulator with cluster "small": three nodes and one surge node fill its /22 pod CIDR. */
async function setUp() {
  const { emulator, written, run } = await emulated();
  const created = await run(["create", "-g", "demo-rg", "-n", "small", "--vnet-subnet-id", SUBNET, "--pod-cidr", "10.244.0.0/22", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--node-count", "3", "--max-surge", "1", "--yes"]);
  expect(created.code, created.stderr).toBe(0);
  emulator.requests.length = 0;
  return { emulator, run, written };
}

const podCidr = (emulator: Emulator) => (emulator.state.getCluster(clusterId("small")) as any).properties.networkProfile.podCidr;

describe("update", () => {
  it("the day-2 path: a scale refused for capacity, --pod-cidr auto, then the scale fits", async () => {
    const { emulator, run } = await setUp();
    const scale = ["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "small", "-n", "nodepool1", "--node-count", "6", "--yes"];
    const refused = await run([...scale, "-o", "json"]);
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.stdout).findings.find((f: any) => f.code === "InsufficientPodCidr").hint).toContain("aks-overlay update -g demo-rg -n small --pod-cidr 10.244.0.0/20");
    const expanded = await run(["update", "-g", "demo-rg", "-n", "small", "--pod-cidr", "auto", "--yes"]);
    expect(expanded.code, expanded.stderr).toBe(0);
    expect(expanded.stdout.replace(/\n\s+/g, " ")).toContain("the smallest superset of 10.244.0.0/22 with 25% free is 10.244.0.0/21");
    expect(podCidr(emulator)).toBe("10.244.0.0/21");
    expect((await run(scale)).code).toBe(0);
  });

  it("fails with UpdateNoEffect when Azure reports Succeeded and the cluster read back lacks the change", async () => {
    const { emulator, run } = await setUp();
    emulator.faults.add([{ match: { method: "PUT", path: "/**/managedClusters/small" }, operationStatus: "Succeeded", noEffect: true }]);
    const r = await run(["update", "-g", "demo-rg", "-n", "small", "--pod-cidr", "10.244.0.0/20", "--yes", "-o", "json"]);
    expect(r.code).toBe(5);
    const doc = JSON.parse(r.stdout.slice(r.stdout.lastIndexOf('{\n  "formatVersion"')));
    expect(doc.error).toMatchObject({ code: "UpdateNoEffect", accepted: true });
    expect(r.stderr).toContain("properties.networkProfile.podCidr");
    expect(podCidr(emulator)).toBe("10.244.0.0/22");
  });

  it("saves an update plan and applies it; an edited one is refused", async () => {
    const { emulator, run, written } = await setUp();
    expect((await run(["update", "-g", "demo-rg", "-n", "small", "--pod-cidr", "10.244.0.0/20", "--out", "p.json"])).code).toBe(0);
    const edited = JSON.parse(written["p.json"] as string);
    edited.changes[0].body.properties.networkProfile.podCidr = "10.244.0.0/16";
    const refused = await run(["apply", "e.json", "--yes"], { "e.json": JSON.stringify(edited) });
    expect(refused.code).toBe(2);
    expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    const applied = await run(["apply", "p.json", "--yes"], { "p.json": written["p.json"] as string });
    expect(applied.code, applied.stderr).toBe(0);
    expect(podCidr(emulator)).toBe("10.244.0.0/20");
    // Run again (a pipeline re-run): the pod CIDR is that already, nothing to do, nothing written.
    emulator.requests.length = 0;
    const again = await run(["update", "-g", "demo-rg", "-n", "small", "--pod-cidr", "10.244.0.0/20", "--yes"]);
    expect([again.code, again.stdout]).toEqual([0, expect.stringContaining("pod CIDR is 10.244.0.0/20 already: nothing to do")]);
    expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
  });

  it("moves to the Cilium dataplane, and refuses a kubenet cluster with the two commands", async () => {
    const { emulator, run } = await setUp();
    expect((await run(["update", "-g", "demo-rg", "-n", "small", "--network-dataplane", "cilium", "--yes"])).code).toBe(0);
    expect((emulator.state.getCluster(clusterId("small")) as any).properties.networkProfile).toMatchObject({ networkDataplane: "cilium", networkPolicy: "cilium" });
    const kubenet = await run(["update", "-g", "demo-rg", "-n", "kubenet-aks", "--network-dataplane", "cilium", "--yes", "-o", "json"]);
    expect(kubenet.code).toBe(3);
    expect(JSON.parse(kubenet.stdout).findings.find((f: any) => f.code === "CiliumUpdateNotOverlay").hint).toContain("aks-overlay upgrade -g demo-rg -n kubenet-aks");
  });

  it("adding IPv6 keeps the IPv4 ranges: another IPv4 pod or service range is refused before any write", async () => {
    const { emulator, run } = await emulated();
    // An AKS-managed VNet: AKS makes it dual-stack itself, so only the ranges are judged.
    const created = await run(["create", "-g", "demo-rg", "-n", "managed", "--pod-cidr", "10.100.0.0/16", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--yes"]);
    expect(created.code, created.stderr).toBe(0);
    emulator.requests.length = 0;
    const dual = ["update", "-g", "demo-rg", "-n", "managed", "--ip-families", "ipv4,ipv6", "--yes", "-o", "json"];
    const moved = await run([...dual, "--pod-cidrs", "10.200.0.0/16,fd12::/64"]);
    expect(moved.code, moved.stderr).toBe(3);
    const pod = JSON.parse(moved.stdout).findings.find((f: any) => f.code === "DualStackUpdateChangesIpv4");
    expect(pod).toMatchObject({ field: "--pod-cidrs", path: "network.podCidrs[0]" });
    expect(pod.message).toContain("--pod-cidrs' IPv4 range 10.200.0.0/16 is not the cluster's 10.100.0.0/16");
    expect(pod.hint).toContain("give 10.100.0.0/16,fd12::/64");
    const service = await run([...dual, "--service-cidrs", "172.20.0.0/15,fd12:1::/108"]);
    expect(service.code).toBe(3);
    expect(JSON.parse(service.stdout).findings.find((f: any) => f.code === "DualStackUpdateChangesIpv4")).toMatchObject({ field: "--service-cidrs", path: "network.serviceCidrs[0]" });
    expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    // The cluster's own IPv4 ranges with new IPv6 ones: planned.
    const kept = await run([...dual, "--pod-cidrs", "10.100.0.0/16,fd12::/64", "--service-cidrs", "172.20.0.0/16,fd12:1::/108", "--dry-run"]);
    expect(kept.code, kept.stdout).toBe(0);
  });

  it("takes one change per operation (exit 2, nothing read)", async () => {
    const { emulator, run } = await setUp();
    const r = await run(["update", "-g", "demo-rg", "-n", "small", "--pod-cidr", "auto", "--network-dataplane", "cilium", "--yes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("one network change per operation");
    expect(emulator.requests).toEqual([]);
  });
});
