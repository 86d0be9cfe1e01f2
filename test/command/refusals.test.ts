/**
 * Rule refusals of create, upgrade and nodepool add, in-process against the emulator (real SDK,
 * real HTTP): each exits 3 (6 for a name in use) with the finding that explains it, and writes
 * nothing. The spawned end-to-end tests keep one case per command and exit code.
 */
import { describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const RG = "demo-rg";
const subnetId = (name: string, vnet = "demo-vnet") => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${name}`;
const GOOD = ["--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--pod-cidr", "192.168.0.0/16"];
const create = (url: string, name: string, ...args: string[]) => ["create", "-g", RG, "-n", name, "-l", "eastus", "--arm-endpoint", url, ...args];
const add = (url: string, name: string, ...args: string[]) => ["nodepool", "add", "-g", RG, "--cluster-name", "overlay-aks", "-n", name, "--arm-endpoint", url, ...args];
const upgrade = (url: string, name: string, ...args: string[]) => ["upgrade", "-g", RG, "-n", name, "--arm-endpoint", url, ...args];

async function withEmulator(fn: (emulator: Emulator) => Promise<void>): Promise<void> {
  const emulator = await startEmulator({ lroPolls: 1 });
  try {
    await fn(emulator);
  } finally {
    await emulator.close();
  }
}

const run = (_emulator: Emulator, args: string[]) => runCli(args, { env: { AZURE_SUBSCRIPTION_ID: SUB, NO_COLOR: "1" } });

describe("create refuses", () => {
  it.each([
    ["a pod CIDR on the peered hub", ["--vnet-subnet-id", subnetId("aks-nodes"), "--pod-cidr", "10.0.0.0/16", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10"], "PodCidrOverlapsPeeredNetwork"],
    ["a service CIDR on a subnet", ["--vnet-subnet-id", subnetId("aks-nodes"), "--service-cidr", "10.227.0.0/16", "--dns-service-ip", "10.227.0.10"], "ServiceCidrOverlapsVnet"],
    ["a node subnet too small", ["--vnet-subnet-id", subnetId("small"), ...GOOD, "--node-count", "20"], "InsufficientSubnetSize"],
    ["the default service CIDR on the hub", ["--vnet-subnet-id", subnetId("aks-nodes"), "--pod-cidr", "192.168.0.0/16"], "ServiceCidrOverlapsPeeredNetwork"],
    ["a subnet that does not exist", ["--vnet-subnet-id", subnetId("nope"), ...GOOD], "SubnetNotFound"],
    ["a VNet that does not exist", ["--vnet-subnet-id", subnetId("nodes", "no-vnet"), ...GOOD], "SubnetNotFound"],
  ])("refuses %s with exit 3 and no PUT", async (_name, args, code) => {
    await withEmulator(async (emulator) => {
      const r = await run(emulator, create(emulator.url, "bad", ...args, "--yes", "-o", "json"));
      expect(r.code).toBe(3);
      const doc = JSON.parse(r.stdout);
      expect(doc.kind).toBe("plan");
      expect(doc.valid).toBe(false);
      expect(doc.changes).toEqual([]);
      expect(doc.findings.map((f: any) => f.code)).toContain(code);
      expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    });
  });

});

describe("nodepool add refuses", () => {
  it.each([
    ["too many nodes for subnet small", ["--vnet-subnet-id", subnetId("small"), "--node-count", "8"], "InsufficientSubnetSize", "4 already in use"],
    ["a subnet of hub-vnet", ["--vnet-subnet-id", subnetId("shared", "hub-vnet")], "NodePoolSubnetOtherVnet", "hub-vnet"],
    ["an autoscaler maximum that overflows the pod CIDR", ["--enable-cluster-autoscaler", "--min-count", "1", "--max-count", "200"], "InsufficientPodCidr", "can have at most 129 nodes"],
    ["a duplicate name", [], "NodePoolExists", "already has a pool named scale"],
    ["a subnet that does not exist", ["--vnet-subnet-id", subnetId("nope")], "SubnetNotFound", "nope"],
    ["max pods 300", ["--max-pods", "300"], "MaxPodsOutOfRange", "300"],
    ["an availability set", ["--vm-set-type", "AvailabilitySet"], "AvailabilitySetNotSupported", "availability sets"],
    ["a DCsv2 size", ["--node-vm-size", "Standard_DC2s_v2"], "VmSizeNotSupported", "DCsv2"],
    ["min above max", ["--enable-cluster-autoscaler", "--min-count", "5", "--max-count", "2"], "NodeCountInvalid", "greater than max count"],
  ])("refuses %s with exit 3 and no PUT", async (name, args, code, mention) => {
    await withEmulator(async (emulator) => {
      const pool = name === "a duplicate name" ? "scale" : "newpool";
      const r = await run(emulator, add(emulator.url, pool, ...args, "--yes", "-o", "json"));
      // An existing pool is a conflict (6), like an existing cluster for create; other refusals are 3.
      expect(r.code).toBe(code === "NodePoolExists" ? 6 : 3);
      const found = JSON.parse(r.stdout).findings.find((f: any) => f.code === code);
      expect(found?.severity).toBe("error");
      expect(`${found.message} ${found.hint ?? ""}`).toContain(mention);
      expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    });
  });

});

describe("names that break Azure's patterns are refused before any request (exit 2)", () => {
  it.each([
    ["a Windows pool name of 7 characters", add("http://127.0.0.1:9", "win1234", "--os-type", "Windows"), "more than 6"],
    ["a Linux pool name with a capital", add("http://127.0.0.1:9", "Batch"), "--name"],
    ["a cluster name of 64 characters", create("http://127.0.0.1:9", "a".repeat(64)), "--name"],
    ["a DNS prefix starting with a hyphen", create("http://127.0.0.1:9", "ok", "--dns-name-prefix", "-bad"), "--dns-name-prefix"],
  ])("%s", async (_name, args, mention) => {
    // The endpoint is a closed port: a request would fail with exit 5, not 2.
    const r = await runCli([...args, "--dry-run"], { env: { AZURE_SUBSCRIPTION_ID: SUB, NO_COLOR: "1" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(mention);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("upgrade refuses", () => {
  it.each([
    ["a network policy", "cni-policy-aks", ["--pod-cidr", "192.168.0.0/16"], "UpgradeNetworkPolicyEnabled", "--network-policy none"],
    ["a pod subnet", "podsubnet-aks", ["--pod-cidr", "192.168.0.0/16"], "UpgradeFromPodSubnet", "aks-overlay create"],
    ["kubenet with a new --pod-cidr on its service CIDR", "kubenet-aks", ["--pod-cidr", "172.16.0.0/16"], "PodCidrOverlapsServiceCidr", "172.16.0.0/16"],
    // The hint names a range worked out from the cluster's network (not a fixed example that may overlap it).
    ["legacy CNI without --pod-cidr", "cni-aks", [], "UpgradePodCidrRequired", "--pod-cidr 10.1.0.0/16 conflicts with nothing the cluster's network knows"],
    ["a pod CIDR on the VNet", "cni-aks", ["--pod-cidr", "10.225.0.0/16"], "PodCidrOverlapsVnet", "10.225.0.0/16"],
    ["a pod CIDR on the peered hub", "cni-aks", ["--pod-cidr", "10.0.0.0/16"], "PodCidrOverlapsPeeredNetwork", "hub-vnet"],
    ["a pod CIDR on the service CIDR", "cni-aks", ["--pod-cidr", "172.16.0.0/16"], "PodCidrOverlapsServiceCidr", "172.16.0.0/16"],
    ["a pod CIDR too small for the pools at max count", "cni-aks", ["--pod-cidr", "192.168.0.0/22"], "InsufficientPodCidr", "needs 12"],
    ["a cluster that does not exist", "nope", [], "ClusterNotFound", "does not exist"],
  ])("%s", async (_name, cluster, args, code, mention) => {
    await withEmulator(async (emulator) => {
      const r = await run(emulator, upgrade(emulator.url, cluster, ...args, "--yes", "-o", "json"));
      expect(r.code).toBe(3);
      const plan = JSON.parse(r.stdout);
      const finding = plan.findings.find((f: any) => f.code === code);
      expect(finding?.severity).toBe("error");
      expect(`${finding.message} ${finding.hint ?? ""}`).toContain(mention);
      expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    });
  });

});
