/** The day-2 `update` rules on clusters built in the test: each code at its valid and invalid edge. */
import { describe, expect, it } from "vitest";
import { FINDING_CATALOGUE, type Finding } from "../../src/network/findings.js";
import type { UpgradeCluster } from "../../src/network/rules/upgrade.js";
import { ciliumUpdateFindings, dualStackKeepsIpv4, dualStackUpdateFindings, podCidrExpansionFindings, updateReadiness } from "../../src/network/rules/update.js";

const ctx = { resourceGroup: "rg", name: "c" };
const pool = (extra: Record<string, unknown> = {}) => ({ name: "sys", count: 3, mode: "System", osType: "Linux", type: "VirtualMachineScaleSets", ...extra });
const WINDOWS = pool({ name: "win", count: 2, mode: "User", osType: "Windows" });
const OVERLAY = { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/18", podCidrs: ["10.244.0.0/18"], ipFamilies: ["IPv4"], serviceCidr: "10.0.0.0/16" };
const DUAL = { ...OVERLAY, podCidr: undefined, podCidrs: ["10.244.0.0/16", "fd12:3456:789a::/64"], ipFamilies: ["IPv4", "IPv6"] };
type Cluster = UpgradeCluster & { nodeProvisioningProfile?: { mode?: string } };
const cluster = (network: Record<string, unknown> = OVERLAY, extra: Partial<Cluster> = {}): Cluster => ({
  name: "c",
  kubernetesVersion: "1.32.4",
  provisioningState: "Succeeded",
  powerState: { code: "Running" },
  networkProfile: network,
  agentPoolProfiles: [pool()],
  ...extra,
});
const tags = (findings: Finding[]) => findings.map((f) => `${f.severity}:${f.code}`);
const errors = (findings: Finding[]) => findings.filter((f) => f.severity === "error");
/** Every finding is reported with a severity its catalogue entry allows. */
function catalogued(findings: Finding[]): Finding[] {
  for (const f of findings) {
    const spec = FINDING_CATALOGUE[f.code];
    expect([spec.severity, ...("alsoAs" in spec ? spec.alsoAs : [])], f.code).toContain(f.severity);
  }
  return findings;
}

describe("updateReadiness", () => {
  it.each([
    ["Succeeded and running", cluster()],
    ["no provisioning state reported", cluster(OVERLAY, { provisioningState: undefined })],
    ["succeeded, power state unknown", cluster(OVERLAY, { powerState: undefined })],
  ])("%s: ready, no finding at all", (_name, c) => {
    expect(updateReadiness(c, ctx)).toEqual([]);
  });
  it.each([
    ["stopped", cluster(OVERLAY, { powerState: { code: "Stopped" } }), "is stopped", "az aks start -g rg -n c"],
    ["updating", cluster(OVERLAY, { provisioningState: "Updating" }), "is Updating", "az aks wait"],
    ["upgrading", cluster(OVERLAY, { provisioningState: "Upgrading" }), "is Upgrading", "wait"],
    ["failed", cluster(OVERLAY, { provisioningState: "Failed" }), "ended Failed", "status.provisioningError"],
    ["canceled", cluster(OVERLAY, { provisioningState: "Canceled" }), "ended Canceled", "az aks update -g rg -n c"],
  ])("%s: UpdateClusterNotReady, naming the state", (_name, c, inMessage, inHint) => {
    const found = catalogued(updateReadiness(c, ctx));
    expect(tags(found)).toEqual(["error:UpdateClusterNotReady"]);
    expect(found[0]?.path).toBe("cluster.name");
    expect(found[0]?.message).toContain(inMessage);
    expect(found[0]?.hint).toContain(inHint);
  });
});

describe("podCidrExpansionFindings", () => {
  it.each([
    // The docs' example (azure-cni-overlay-pod-expand.md): /18 -> /16.
    ["the docs' /18 -> /16", cluster(), "10.244.0.0/16"],
    ["the next size up", cluster(), "10.244.0.0/17"],
    ["a /8 from a /18", cluster(), "10.0.0.0/8"],
    ["podCidr only (no podCidrs list)", cluster({ ...OVERLAY, podCidrs: undefined }), "10.244.0.0/17"],
    ["ipFamilies IPv4 alone", cluster({ ...OVERLAY, ipFamilies: ["IPv4"] }), "10.244.0.0/16"],
  ])("%s: no finding at all", (_name, c, next) => {
    expect(podCidrExpansionFindings(c, next, ctx)).toEqual([]);
  });

  it.each([
    ["kubenet", cluster({ networkPlugin: "kubenet", podCidr: "10.244.0.0/18" }), "10.244.0.0/16", "PodCidrExpansionNotOverlay", "cluster.name"],
    ["legacy Azure CNI", cluster({ networkPlugin: "azure" }), "10.244.0.0/16", "PodCidrExpansionNotOverlay", "cluster.name"],
    ["a Windows pool", cluster(OVERLAY, { agentPoolProfiles: [pool(), WINDOWS] }), "10.244.0.0/16", "PodCidrExpansionWindows", "pools[win].osType"],
    ["dual-stack", cluster(DUAL), "10.244.0.0/15", "PodCidrExpansionDualStack", "network.ipFamilies"],
    ["dual-stack by its pod CIDRs alone", cluster({ ...DUAL, ipFamilies: undefined }), "10.244.0.0/15", "PodCidrExpansionDualStack", "network.ipFamilies"],
    ["a shrink", cluster(), "10.244.0.0/19", "PodCidrExpansionNotSuperset", "network.podCidrs[0]"],
    ["a move, same size", cluster(), "10.245.0.0/18", "PodCidrExpansionNotSuperset", "network.podCidrs[0]"],
    ["a larger range elsewhere", cluster(), "10.200.0.0/16", "PodCidrExpansionNotSuperset", "network.podCidrs[0]"],
    ["a second block", cluster(), "10.244.0.0/18,10.245.0.0/18", "PodCidrExpansionNotSuperset", "network.podCidrs[0]"],
    ["IPv6", cluster(), "fd00::/48", "PodCidrExpansionNotSuperset", "network.podCidrs[0]"],
    ["host bits set", cluster(), "10.244.1.0/16", "InvalidCidr", "network.podCidrs[0]"],
  ])("%s: %s at %s", (_name, c, next, code, path) => {
    const found = catalogued(podCidrExpansionFindings(c, next, ctx));
    expect(found.filter((f) => f.code === code).map((f) => f.path)).toEqual([path]);
    expect(found.find((f) => f.code === code)?.severity).toBe("error");
  });

  it("names both ranges, and the superset of the size asked for that would contain the current one", () => {
    const [moved] = podCidrExpansionFindings(cluster(), "10.200.0.0/16", ctx);
    expect(moved?.message).toContain("10.200.0.0/16");
    expect(moved?.message).toContain("current 10.244.0.0/18");
    expect(moved?.hint).toContain("the /16 that does is 10.244.0.0/16");
    const [shrunk] = podCidrExpansionFindings(cluster(), "10.244.0.0/20", ctx);
    expect(shrunk?.message).toContain("cannot shrink");
    expect(shrunk?.hint).toContain("the /17 that does is 10.244.0.0/17");
    // The range it has already: nothing to do (info), as for a cluster on Cilium or dual-stack already.
    const same = podCidrExpansionFindings(cluster(), "10.244.0.0/18", ctx);
    expect(same.map((f) => [f.severity, f.code, f.path])).toEqual([["info", "PodCidrExpansionAlreadyCurrent", "network.podCidrs[0]"]]);
    expect(same[0]?.message).toContain("is 10.244.0.0/18 already: nothing to do (to grow it, the /17 that does is 10.244.0.0/17)");
  });
  it("says which network address was meant when host bits are set", () => {
    const [bad] = podCidrExpansionFindings(cluster(), "10.244.1.0/16", ctx);
    expect(bad?.hint).toContain("10.244.0.0/16");
  });
  it("collects every blocker at once, one per Windows pool", () => {
    const c = cluster(DUAL, { agentPoolProfiles: [pool(), WINDOWS, pool({ name: "win2", osType: "Windows" })] });
    expect(tags(podCidrExpansionFindings(c, "10.244.0.0/15", ctx))).toEqual(["error:PodCidrExpansionWindows", "error:PodCidrExpansionWindows", "error:PodCidrExpansionDualStack"]);
  });
  it("does not judge the range of a cluster not on overlay (the upgrade judges its --pod-cidr)", () => {
    expect(tags(podCidrExpansionFindings(cluster({ networkPlugin: "kubenet", podCidr: "10.244.0.0/18" }), "192.168.0.0/16", ctx))).toEqual(["error:PodCidrExpansionNotOverlay"]);
  });
});

describe("dualStackKeepsIpv4", () => {
  it("takes the cluster's own IPv4 ranges (in either order, as written or not given) and nothing else", () => {
    expect(dualStackKeepsIpv4(cluster(), {}, ctx)).toEqual([]);
    expect(dualStackKeepsIpv4(cluster(), { podCidrs: ["10.244.0.0/18", "fd12::/64"], serviceCidrs: ["fd12:1::/108", "10.0.0.0/16"] }, ctx)).toEqual([]);
    expect(dualStackKeepsIpv4(cluster(), { podCidrs: ["fd12::/64"] }, ctx)).toEqual([]);
  });
  it.each([
    ["a moved pod range", { podCidrs: ["10.200.0.0/18", "fd12::/64"] }, "network.podCidrs[0]", "10.200.0.0/18"],
    ["a grown pod range", { podCidrs: ["10.244.0.0/16", "fd12::/64"] }, "network.podCidrs[0]", "10.244.0.0/16"],
    ["another service range, IPv6 first", { serviceCidrs: ["fd12:1::/108", "10.1.0.0/16"] }, "network.serviceCidrs[1]", "10.1.0.0/16"],
  ])("%s: one error at the IPv4 entry", (_name, given, path, value) => {
    const found = catalogued(dualStackKeepsIpv4(cluster(), given, ctx));
    expect(found.map((f) => [f.severity, f.code, f.path])).toEqual([["error", "DualStackUpdateChangesIpv4", path]]);
    expect(found[0]?.values?.[0]).toBe(value);
  });
});

describe("dualStackUpdateFindings", () => {
  const VNET = { vnetCidrs: ["10.224.0.0/12", "fd00:db8::/48"], subnets: [{ name: "nodes", cidrs: ["10.224.0.0/16", "fd00:db8::/64"] }, { name: "old", cidrs: ["10.225.0.0/16"] }] };
  const onNodes = new Map([["sys", "nodes"]]);

  it.each([
    ["VNet and subnet both dual-stack", VNET, onNodes],
    ["an AKS-managed VNet (nothing to check)", { vnetCidrs: [], subnets: [] }, new Map<string, string>()],
    ["subnet names match case-insensitively", VNET, new Map([["sys", "Nodes"]])],
    ["a pool whose subnet is not listed is not judged here", VNET, new Map([["sys", "elsewhere"]])],
  ])("%s: no finding at all", (_name, network, map) => {
    expect(dualStackUpdateFindings(cluster(), network, map, ctx)).toEqual([]);
  });

  it.each([
    ["a pool on an IPv4-only subnet", VNET, new Map([["sys", "old"]]), ["error:DualStackUpdateSubnetIpv4Only"], ["pools[sys].subnet"]],
    ["an IPv4-only VNet", { vnetCidrs: ["10.224.0.0/12"], subnets: [{ name: "nodes", cidrs: ["10.224.0.0/16"] }] }, onNodes, ["error:DualStackUpdateSubnetIpv4Only", "error:DualStackUpdateSubnetIpv4Only"], ["network.vnetCidrs", "pools[sys].subnet"]],
  ])("%s", (_name, network, map, expected, paths) => {
    const found = catalogued(dualStackUpdateFindings(cluster(), network, map, ctx));
    expect(tags(found)).toEqual(expected);
    expect(found.map((f) => f.path)).toEqual(paths);
  });
  it("reports each IPv4-only subnet once, naming the pools in it, and the VNet once", () => {
    const c = cluster(OVERLAY, { agentPoolProfiles: [pool(), pool({ name: "a", mode: "User" }), pool({ name: "b", mode: "User" }), pool({ name: "d", mode: "User" })] });
    const network = {
      vnetCidrs: ["10.224.0.0/12", "10.10.0.0/16"],
      subnets: [{ name: "old", cidrs: ["10.225.0.0/16"] }, { name: "nodes", cidrs: ["10.224.0.0/16", "fd00::/64"] }, { name: "other", cidrs: ["10.226.0.0/16"] }],
    };
    const found = dualStackUpdateFindings(c, network, new Map([["sys", "old"], ["a", "old"], ["b", "nodes"], ["d", "other"]]), ctx);
    expect(found.map((f) => f.path)).toEqual(["network.vnetCidrs", "pools[sys].subnet", "pools[d].subnet"]);
    expect(found[0]?.message).toContain("10.224.0.0/12 and 10.10.0.0/16");
    expect(found[1]?.message).toContain("subnet old of pools sys and a");
    expect(found[1]?.values).toEqual(["old"]);
    expect(found[2]?.message).toContain("subnet other of pool d ");
  });
  it("refuses a cluster not on overlay", () => {
    const found = catalogued(dualStackUpdateFindings(cluster({ networkPlugin: "kubenet", podCidr: "10.244.0.0/16" }), VNET, onNodes, ctx));
    expect(tags(found)).toEqual(["error:DualStackUpdateNotOverlay"]);
    expect(found[0]?.hint).toContain("aks-overlay upgrade -g rg -n c");
  });
  it("a dual-stack cluster: a note, nothing else", () => {
    const found = catalogued(dualStackUpdateFindings(cluster(DUAL), { vnetCidrs: ["10.224.0.0/12"], subnets: [] }, onNodes, ctx));
    expect(tags(found)).toEqual(["info:DualStackUpdateAlreadyDualStack"]);
    expect(found[0]?.path).toBe("network.ipFamilies");
  });
});

describe("ciliumUpdateFindings", () => {
  it.each([
    ["no policy", OVERLAY],
    ["azure policy", { ...OVERLAY, networkPolicy: "azure" }],
    ["calico policy", { ...OVERLAY, networkPolicy: "calico" }],
  ])("an overlay Linux cluster with %s: only the re-image warning", (_name, network) => {
    const found = catalogued(ciliumUpdateFindings(cluster(network, { nodeProvisioningProfile: { mode: "Manual" } }), ctx));
    expect(errors(found)).toEqual([]);
    expect(tags(found)).toEqual(["warning:CiliumUpdateReimagesAllPools"]);
  });

  it.each([
    ["kubenet", cluster({ networkPlugin: "kubenet", podCidr: "10.244.0.0/16" }), "CiliumUpdateNotOverlay", "cluster.name"],
    ["legacy Azure CNI", cluster({ networkPlugin: "azure" }), "CiliumUpdateNotOverlay", "cluster.name"],
    ["bring your own CNI", cluster({ networkPlugin: "none" }), "CiliumUpdateNotOverlay", "cluster.name"],
    ["a Windows pool", cluster(OVERLAY, { agentPoolProfiles: [pool(), WINDOWS] }), "CiliumUpdateWindows", "pools[win].osType"],
    ["node auto-provisioning", cluster(OVERLAY, { nodeProvisioningProfile: { mode: "Auto" } }), "CiliumUpdateNodeAutoProvisioning", "cluster.nodeProvisioningMode"],
  ])("%s: %s at %s", (_name, c, code, path) => {
    const found = catalogued(ciliumUpdateFindings(c, ctx));
    expect(found.filter((f) => f.code === code).map((f) => `${f.severity} ${f.path}`)).toEqual([`error ${path}`]);
  });

  it("kubenet: two operations, upgrade first", () => {
    const [refusal] = ciliumUpdateFindings(cluster({ networkPlugin: "kubenet", podCidr: "10.244.0.0/16" }), ctx);
    expect(refusal?.hint).toBe("two operations, never one: first 'aks-overlay upgrade -g rg -n c', then 'aks-overlay update -g rg -n c --network-dataplane cilium'");
  });
  it("legacy Azure CNI: says Azure itself allows it, rather than that it cannot be done", () => {
    const [refusal] = ciliumUpdateFindings(cluster({ networkPlugin: "azure" }), ctx);
    expect(refusal?.message).toContain("aks-overlay moves only overlay clusters to the Cilium dataplane");
    expect(refusal?.message).toContain("az aks update --network-dataplane cilium");
  });
  it("a pod subnet cluster cannot move to overlay: the hint says to use az directly", () => {
    const [refusal] = ciliumUpdateFindings(cluster({ networkPlugin: "azure" }, { agentPoolProfiles: [pool({ podSubnetID: "/x/subnets/pods" })] }), ctx);
    expect(refusal?.code).toBe("CiliumUpdateNotOverlay");
    expect(refusal?.hint).toBe("a pod subnet cluster cannot move to overlay; use 'az aks update -g rg -n c --network-dataplane cilium' directly");
  });
  it("node auto-provisioning: disable, update, re-enable", () => {
    const found = ciliumUpdateFindings(cluster(OVERLAY, { nodeProvisioningProfile: { mode: "Auto" } }), ctx).find((f) => f.code === "CiliumUpdateNodeAutoProvisioning");
    expect(found?.hint).toMatch(/--node-provisioning-mode Manual.*update.*--node-provisioning-mode Auto/);
  });
  it("the re-image warning lists the pools and nodes and names the policy engine replaced", () => {
    const c = cluster({ ...OVERLAY, networkPolicy: "calico" }, { agentPoolProfiles: [pool(), pool({ name: "batch", count: 5, mode: "User" })] });
    const warning = ciliumUpdateFindings(c, ctx).find((f) => f.code === "CiliumUpdateReimagesAllPools");
    expect(warning?.path).toBe("pools");
    expect(warning?.message).toContain("2 pools (8 nodes: sys 3, batch 5)");
    expect(warning?.message).toContain("calico, is uninstalled");
    expect(warning?.values).toEqual(["calico"]);
    const none = ciliumUpdateFindings(cluster(), ctx).find((f) => f.code === "CiliumUpdateReimagesAllPools");
    expect(none?.message).toContain("no network policy engine now");
  });
  it("already cilium: a note, nothing else", () => {
    const found = catalogued(ciliumUpdateFindings(cluster({ ...OVERLAY, networkDataplane: "cilium", networkPolicy: "cilium" }, { nodeProvisioningProfile: { mode: "Auto" } }), ctx));
    expect(tags(found)).toEqual(["info:CiliumUpdateAlreadyCilium"]);
    expect(found[0]?.path).toBe("network.networkDataplane");
  });
  it("collects every blocker at once", () => {
    const c = cluster({ networkPlugin: "kubenet", podCidr: "10.244.0.0/16" }, { agentPoolProfiles: [pool(), WINDOWS], nodeProvisioningProfile: { mode: "Auto" } });
    expect(tags(ciliumUpdateFindings(c, ctx))).toEqual(["error:CiliumUpdateNotOverlay", "error:CiliumUpdateWindows", "error:CiliumUpdateNodeAutoProvisioning", "warning:CiliumUpdateReimagesAllPools"]);
  });
});

describe("the day-2 catalogue", () => {
  it.each([
    ["PodCidrExpansionNotSuperset", "error"],
    ["PodCidrExpansionWindows", "error"],
    ["PodCidrExpansionDualStack", "error"],
    ["PodCidrExpansionNotOverlay", "error"],
    ["DualStackUpdateSubnetIpv4Only", "error"],
    ["DualStackUpdateNotOverlay", "error"],
    ["DualStackUpdateAlreadyDualStack", "info"],
    ["CiliumUpdateNotOverlay", "error"],
    ["CiliumUpdateWindows", "error"],
    ["CiliumUpdateNodeAutoProvisioning", "error"],
    ["CiliumUpdateAlreadyCilium", "info"],
    ["CiliumUpdateReimagesAllPools", "warning"],
    ["UpdateClusterNotReady", "error"],
    ["UpdateNoEffect", "error"],
  ] as const)("%s is %s", (code, severity) => {
    expect(FINDING_CATALOGUE[code].severity).toBe(severity);
    expect(FINDING_CATALOGUE[code].section).toBe("Day-2 changes (update)");
  });
});
