/** The "Upgrade to overlay" rules on clusters built in the test: each code at its edge. */
import { describe, expect, it } from "vitest";
import { type UpgradeCluster, upgradeFindings } from "../../src/network/rules/upgrade.js";
import { overlayCluster } from "../../src/ops/upgrade.js";

const pool = (extra: Record<string, unknown> = {}) => ({ name: "sys", count: 3, mode: "System", osType: "Linux", type: "VirtualMachineScaleSets", ...extra });
const cluster = (network: Record<string, unknown>, extra: Partial<UpgradeCluster> = {}): UpgradeCluster => ({
  kubernetesVersion: "1.30.5",
  currentKubernetesVersion: "1.30.5",
  provisioningState: "Succeeded",
  powerState: { code: "Running" },
  identity: { type: "SystemAssigned" },
  networkProfile: { serviceCidr: "172.16.0.0/16", dnsServiceIP: "172.16.0.10", ...network },
  agentPoolProfiles: [pool()],
  ...extra,
});
const KUBENET = { networkPlugin: "kubenet", podCidr: "10.244.0.0/16" };
const LEGACY = { networkPlugin: "azure" };
const ctx = (extra: Record<string, unknown> = {}) => ({ resourceGroup: "rg", name: "c", customRouteTables: [], ...extra });
const codes = (c: UpgradeCluster, extra: Record<string, unknown> = {}) => upgradeFindings(c, ctx(extra)).findings.map((f) => `${f.severity}:${f.code}`);

describe("upgrade rules", () => {
  it("classifies the cluster", () => {
    expect(upgradeFindings(cluster(KUBENET), ctx()).mode).toBe("kubenet");
    expect(upgradeFindings(cluster(LEGACY), ctx({ podCidr: "192.168.0.0/16" })).mode).toBe("azure-legacy");
    expect(upgradeFindings(cluster(LEGACY, { agentPoolProfiles: [pool({ podSubnetID: "/x/subnets/pods" })] }), ctx()).mode).toBe("azure-pod-subnet");
    expect(upgradeFindings(cluster({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "1.2.0.0/16" }), ctx()).mode).toBe("overlay");
    expect(upgradeFindings(cluster({ networkPlugin: "none" }), ctx()).mode).toBe("none");
  });
  it("a clean kubenet cluster has only the two standing warnings", () => {
    expect(codes(cluster(KUBENET))).toEqual(["warning:UpgradeReimagesAllPools", "warning:UpgradeIpMasqAgentConfig"]);
  });
  it("overlay already: a note, nothing else", () => {
    expect(codes(cluster({ networkPlugin: "azure", networkPluginMode: "overlay" }))).toEqual(["info:UpgradeAlreadyOverlay"]);
  });
  it.each([
    ["pod subnet", cluster(LEGACY, { agentPoolProfiles: [pool({ podSubnetID: "/p" })] }), {}, "error:UpgradeFromPodSubnet"],
    ["BYO CNI", cluster({ networkPlugin: "none" }), {}, "error:UpgradeFromByoCni"],
    ["azure policy", cluster({ ...LEGACY, networkPolicy: "azure" }), { podCidr: "192.168.0.0/16" }, "error:UpgradeNetworkPolicyEnabled"],
    ["calico policy on kubenet", cluster({ ...KUBENET, networkPolicy: "calico" }), {}, "error:UpgradeNetworkPolicyEnabled"],
    ["Kubernetes 1.26.9", cluster(KUBENET, { currentKubernetesVersion: "1.26.9" }), {}, "error:UpgradeKubernetesVersion"],
    ["stopped", cluster(KUBENET, { powerState: { code: "Stopped" } }), {}, "error:UpgradeClusterNotReady"],
    ["updating", cluster(KUBENET, { provisioningState: "Updating" }), {}, "error:UpgradeClusterNotReady"],
    // A failed last operation is reconciled by the next write, not a blocker.
    // overlay-rules.md: not Succeeded (failed) is UpgradeClusterNotReady: repair first, then move.
    ["failed", cluster(KUBENET, { provisioningState: "Failed" }), {}, "error:UpgradeClusterNotReady"],
    ["canceled", cluster(KUBENET, { provisioningState: "Canceled" }), {}, "error:UpgradeClusterNotReady"],
    ["availability set", cluster(KUBENET, { agentPoolProfiles: [pool({ type: "AvailabilitySet" })] }), {}, "error:UpgradeAvailabilitySet"],
    ["Windows docker", cluster(KUBENET, { agentPoolProfiles: [pool(), pool({ name: "win", osType: "Windows", osSKU: "Windows2019", orchestratorVersion: "1.22.6" })] }), {}, "error:UpgradeWindowsDocker"],
    ["old Windows build", cluster(KUBENET, { agentPoolProfiles: [pool(), pool({ name: "win", osType: "Windows", nodeImageVersion: "AKSWindows-2022-containerd-20348.1607.230310" })] }), {}, "warning:UpgradeWindowsDocker"],
    ["legacy without pod CIDR", cluster(LEGACY), {}, "error:UpgradePodCidrRequired"],
    ["kubenet dual-stack", cluster({ ...KUBENET, ipFamilies: ["IPv4", "IPv6"] }), {}, "warning:UpgradeKubenetDualStack"],
    ["custom route table and system identity", cluster(KUBENET), { customRouteTables: ["my-routes"] }, "error:UpgradeSystemAssignedRouteTable"],
  ])("%s", (_name, c, extra, code) => {
    expect(codes(c, extra)).toContain(code);
  });
  it.each([
    ["Kubernetes 1.27.0", cluster(KUBENET, { currentKubernetesVersion: "1.27.0" }), {}, "UpgradeKubernetesVersion"],
    ["kubenet with its own pod CIDR", cluster(KUBENET), { podCidr: "10.244.0.0/16" }, "UpgradePodCidrChange"],
    // Since the AKS release of 2025-08-29 kubenet -> overlay may take a new --pod-cidr: retired.
    ["kubenet with another pod CIDR", cluster(KUBENET), { podCidr: "10.245.0.0/16" }, "UpgradePodCidrChange"],
    ["kubenet with a larger pod CIDR", cluster(KUBENET), { podCidr: "10.244.0.0/14" }, "UpgradePodCidrChange"],
    ["a route table on a managed VNet (none custom), system identity", cluster(KUBENET), { customRouteTables: [] }, "UpgradeSystemAssignedRouteTable"],
    ["Windows build 20348.1668", cluster(KUBENET, { agentPoolProfiles: [pool(), pool({ name: "win", osType: "Windows", nodeImageVersion: "AKSWindows-2022-containerd-20348.1668.230418" })] }), {}, "UpgradeWindowsDocker"],
    ["a route table with a user-assigned identity", cluster(KUBENET, { identity: { type: "UserAssigned" } }), { customRouteTables: ["rt"] }, "UpgradeSystemAssignedRouteTable"],
    ["legacy with a pod CIDR", cluster(LEGACY), { podCidr: "192.168.0.0/16" }, "UpgradePodCidrRequired"],
  ])("%s passes", (_name, c, extra, code) => {
    expect(codes(c, extra).map((x) => x.split(":")[1])).not.toContain(code);
  });
  it.each([
    ["pod subnet", cluster(LEGACY, { agentPoolProfiles: [pool({ podSubnetID: "/p" })] }), {}, "UpgradeFromPodSubnet", "cluster.name"],
    ["azure policy", cluster({ ...LEGACY, networkPolicy: "azure" }), { podCidr: "192.168.0.0/16" }, "UpgradeNetworkPolicyEnabled", "network.networkPolicy"],
    ["Kubernetes 1.26.9", cluster(KUBENET, { currentKubernetesVersion: "1.26.9" }), {}, "UpgradeKubernetesVersion", "cluster.kubernetesVersion"],
    ["availability set", cluster(KUBENET, { agentPoolProfiles: [pool({ name: "old", type: "AvailabilitySet" })] }), {}, "UpgradeAvailabilitySet", "pools[old].vmSetType"],
    ["old Windows build", cluster(KUBENET, { agentPoolProfiles: [pool(), pool({ name: "win", osType: "Windows", nodeImageVersion: "AKSWindows-2022-containerd-20348.1607.230310" })] }), {}, "UpgradeWindowsDocker", "pools[win].osSku"],
    ["legacy without pod CIDR", cluster(LEGACY), {}, "UpgradePodCidrRequired", "network.podCidrs[0]"],
    ["kubenet dual-stack", cluster({ ...KUBENET, ipFamilies: ["IPv4", "IPv6"] }), {}, "UpgradeKubenetDualStack", "network.ipFamilies"],
    ["custom route table", cluster(KUBENET), { customRouteTables: ["rt"] }, "UpgradeSystemAssignedRouteTable", "network.vnetSubnetId"],
    ["any kubenet cluster", cluster(KUBENET), {}, "UpgradeReimagesAllPools", "pools"],
  ])("%s", (_name, c, extra, code, path) => {
    const found = upgradeFindings(c, ctx(extra)).findings.filter((f) => f.code === code);
    expect(found.map((f) => f.path)).toContain(path);
    expect(found.every((f) => f.field === undefined)).toBe(true);
  });
  it("says how many pools and nodes are re-imaged, and how to remove a policy", () => {
    const c = cluster({ ...LEGACY, networkPolicy: "azure" }, { agentPoolProfiles: [pool(), pool({ name: "user", count: 7, mode: "User" })] });
    const found = upgradeFindings(c, ctx({ podCidr: "192.168.0.0/16" })).findings;
    expect(found.find((f) => f.code === "UpgradeReimagesAllPools")?.message).toContain("all 2 pools (10 nodes: sys 3, user 7)");
    expect(found.find((f) => f.code === "UpgradeNetworkPolicyEnabled")?.hint).toContain("az aks update -g rg -n c --network-policy none");
    // A group name the shell would misread (parentheses are allowed in one) is quoted in the hint.
    const quotedGroup = upgradeFindings(c, ctx({ podCidr: "192.168.0.0/16", resourceGroup: "rg(prod)" })).findings;
    expect(quotedGroup.find((f) => f.code === "UpgradeNetworkPolicyEnabled")?.hint).toContain("az aks update -g 'rg(prod)' -n c --network-policy none");
    const masq = found.find((f) => f.code === "UpgradeIpMasqAgentConfig");
    expect(masq?.message).toContain("AKS refuses the move to overlay while a custom ip-masq-agent config");
    expect(masq?.hint).toContain("kubectl get configmap -n kube-system");
    expect(masq?.hint).toContain("azure-ip-masq-agent-config-reconciled");
  });
  it("a kubenet cluster with a new pod CIDR has only the two standing warnings", () => {
    expect(codes(cluster(KUBENET), { podCidr: "192.168.0.0/16" })).toEqual(["warning:UpgradeReimagesAllPools", "warning:UpgradeIpMasqAgentConfig"]);
  });
  it("a custom route table with a system-assigned identity is an error with the way out", () => {
    const f = upgradeFindings(cluster(KUBENET), ctx({ customRouteTables: ["my-routes"] })).findings.find((x) => x.code === "UpgradeSystemAssignedRouteTable");
    expect(f?.severity).toBe("error");
    expect(f?.message).toContain("my-routes");
    expect(f?.hint).toContain("az aks update -g rg -n c --enable-managed-identity --assign-identity <identity resource ID>");
  });
  it("counts VirtualMachines pools by their scale profile", () => {
    const vm = pool({ name: "vms", type: "VirtualMachines", count: undefined, virtualMachinesProfile: { scale: { manual: [{ size: "Standard_D4s_v5", count: 4 }, { size: "Standard_D8s_v5", count: 2 }] } } });
    const found = upgradeFindings(cluster(KUBENET, { agentPoolProfiles: [pool(), vm] }), ctx()).findings;
    expect(found.find((f) => f.code === "UpgradeReimagesAllPools")?.message).toContain("(9 nodes: sys 3, vms 6)");
  });
});

// The plans themselves (diffs, eTags, no-ops) are tested with the operation: test/ops/decide.test.ts.
describe("the cluster after the move", () => {
  const base = { id: "/c", eTag: "e1", tags: { a: "b" }, properties: { ...cluster(KUBENET), futureProfile: { x: [1] } } } as any;
  it("changes only the plugin and its mode for kubenet, and leaves the cluster read untouched", () => {
    const after = overlayCluster(base, "kubenet", undefined);
    expect(after.properties.networkProfile).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    // Since the AKS release of 2025-08-29 kubenet may move to a new pod CIDR.
    expect(overlayCluster(base, "kubenet", "10.99.0.0/16").properties.networkProfile).toMatchObject({ podCidr: "10.99.0.0/16", podCidrs: ["10.99.0.0/16"] });
    expect(base.properties.networkProfile.networkPlugin).toBe("kubenet");
    expect({ ...after, properties: { ...after.properties, networkProfile: undefined } }).toEqual({ ...base, properties: { ...base.properties, networkProfile: undefined } });
  });
  it("gives legacy Azure CNI the new pod CIDR", () => {
    const after = overlayCluster({ properties: { networkProfile: { networkPlugin: "azure" } } }, "azure-legacy", "192.168.0.0/16");
    expect(after.properties).toEqual({ networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16", podCidrs: ["192.168.0.0/16"] } });
  });
});
