/** A cluster's pools as the rulebook sees them: VirtualMachines pools are sized by their scale profile. */
import { describe, expect, it } from "vitest";
import { resolveDesign } from "../../src/network/design.js";
import { type ArmAgentPoolProfile, designFromCluster, poolFromProfile, poolNodeCount } from "../../src/network/fromCluster.js";
import { validateDesign } from "../../src/network/validate.js";

const vmPool = (scale: NonNullable<ArmAgentPoolProfile["virtualMachinesProfile"]>["scale"], extra: Partial<ArmAgentPoolProfile> = {}): ArmAgentPoolProfile => ({
  name: "vms",
  mode: "User",
  osType: "Linux",
  type: "VirtualMachines",
  virtualMachinesProfile: { scale },
  ...extra,
});

describe("poolFromProfile", () => {
  it.each<[string, ArmAgentPoolProfile, { count?: number; enableAutoScaling?: boolean; minCount?: number; maxCount?: number; vmSize?: string }]>([
    ["scale set pool: count", { name: "a", type: "VirtualMachineScaleSets", count: 5, vmSize: "Standard_D4s_v5" }, { count: 5, minCount: undefined, maxCount: undefined, vmSize: "Standard_D4s_v5" }],
    ["scale set pool: autoscaler range", { name: "a", type: "VirtualMachineScaleSets", count: 2, enableAutoScaling: true, minCount: 1, maxCount: 9 }, { count: 2, enableAutoScaling: true, minCount: 1, maxCount: 9 }],
    ["VM pool: one manual group", vmPool({ manual: [{ size: "Standard_D4s_v5", count: 4 }] }), { count: 4, enableAutoScaling: false, minCount: undefined, maxCount: undefined, vmSize: "Standard_D4s_v5" }],
    ["VM pool: manual groups add up", vmPool({ manual: [{ size: "Standard_D4s_v5", count: 4 }, { size: "Standard_D8s_v5", count: 3 }] }), { count: 7, enableAutoScaling: false }],
    ["VM pool: autoscale ranges add up", vmPool({ autoscale: [{ size: "Standard_D4s_v5", minCount: 1, maxCount: 10 }, { size: "Standard_D8s_v5", minCount: 0, maxCount: 5 }] }), { count: 1, enableAutoScaling: true, minCount: 1, maxCount: 15 }],
    ["VM pool: manual and autoscale", vmPool({ manual: [{ count: 2 }], autoscale: [{ minCount: 1, maxCount: 4 }] }), { count: 3, enableAutoScaling: true, minCount: 3, maxCount: 6 }],
    ["VM pool without a scale profile: count", { name: "vms", type: "VirtualMachines", count: 3 }, { count: 3 }],
    ["VM pool: the profile wins over a stale count", vmPool({ manual: [{ count: 8 }] }, { count: 1 }), { count: 8 }],
  ])("%s", (_name, profile, expected) => {
    expect(poolFromProfile(profile, undefined)).toMatchObject(expected);
  });
  it("poolNodeCount reads the same sizes", () => {
    expect(poolNodeCount(vmPool({ manual: [{ count: 4 }, { count: 3 }] }))).toBe(7);
    expect(poolNodeCount({ name: "a", count: 5 })).toBe(5);
    expect(poolNodeCount({ name: "a" })).toBe(0);
  });
});

describe("capacity of a cluster with VirtualMachines pools", () => {
  const cluster = (vms: ArmAgentPoolProfile) => ({
    networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/22", serviceCidr: "172.16.0.0/16", dnsServiceIP: "172.16.0.10" },
    agentPoolProfiles: [{ name: "sys", mode: "System", osType: "Linux", type: "VirtualMachineScaleSets", count: 1, upgradeSettings: { maxSurge: "0", maxUnavailable: "1" } }, vms],
  });
  const check = (vms: ArmAgentPoolProfile) => {
    const { design, network } = resolveDesign(designFromCluster(cluster(vms), undefined));
    return validateDesign(design, network);
  };
  // A /22 holds 4 node blocks: the system node takes one.
  it("3 manual VM nodes fit a /22 with the system node", () => {
    const r = check(vmPool({ manual: [{ count: 3 }] }, { upgradeSettings: { maxSurge: "0", maxUnavailable: "1" } }));
    expect(r.capacity.nodesAtFullScale).toBe(4);
    expect(r.findings.filter((f) => f.severity === "error")).toEqual([]);
  });
  it("an autoscale range to 4 does not (it was counted as 0 nodes before)", () => {
    const r = check(vmPool({ autoscale: [{ minCount: 1, maxCount: 4 }] }, { upgradeSettings: { maxSurge: "0", maxUnavailable: "1" } }));
    expect(r.capacity.nodesAtFullScale).toBe(5);
    expect(r.findings.map((f) => f.code)).toContain("InsufficientPodCidr");
  });
});
