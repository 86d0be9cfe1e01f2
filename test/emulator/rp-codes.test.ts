/**
 * The RP's refusals with their exact ARM codes, messages and targets (each sourced in rp.ts), on
 * create and on update, and that a refused PUT writes nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Res, SUB, clusterPath, emulators, newClusterBody, poolPath, subnetId, vnetPath } from "./http.js";

const pool = emulators();
afterEach(() => pool.closeAll());

function refusal(res: Res): { status: number; code: string; target?: string } {
  return { status: res.status, code: res.body?.error?.code, target: res.body?.error?.target };
}

describe("pod CIDR capacity: InsufficientSubnetSize on networkProfile.podCIDR", () => {
  it("states the pre-allocated and available IPs as ARM does: a /22 holds 4 nodes", async () => {
    const c = await pool.start();
    // 4 nodes + 1 surge node = 5 /24 blocks = 1280 IPs; a /22 has 1024.
    const res = await c.put(clusterPath("fresh"), newClusterBody({ podCidr: "10.240.100.0/22" }, [{ name: "system", count: 4, mode: "System", vmSize: "Standard_D4s_v5", vnetSubnetID: subnetId("aks-nodes"), upgradeSettings: { maxSurge: "1" } }]));
    expect(refusal(res)).toEqual({ status: 400, code: "InsufficientSubnetSize", target: "networkProfile.podCIDR" });
    expect(res.body.error.message).toMatch(/^Pre-allocated IPs 1280 exceeds IPs available 1024 in Subnet Cidr 10\.240\.100\.0\/22, Subnet Name networkProfile\.podCIDR\. If Autoscaler is enabled, the max-count from each nodepool is counted/);
    const fits = await c.put(clusterPath("fresh"), newClusterBody({ podCidr: "10.240.100.0/22" }, [{ name: "system", count: 3, mode: "System", vmSize: "Standard_D4s_v5", vnetSubnetID: subnetId("aks-nodes"), upgradeSettings: { maxSurge: "1" } }]));
    expect(fits.status).toBe(201);
  });

  it("counts maxCount with the autoscaler and a percentage surge rounded up", async () => {
    const c = await pool.start();
    // maxCount 10, surge 33% of 10 = 4 (rounded up): 14 blocks > a /21's 8.
    const res = await c.put(clusterPath("fresh"), newClusterBody({ podCidr: "10.240.0.0/21" }, [{ name: "system", count: 2, enableAutoScaling: true, minCount: 1, maxCount: 10, mode: "System", vnetSubnetID: subnetId("aks-nodes"), upgradeSettings: { maxSurge: "33%" } }]));
    expect(res.body.error.message).toMatch(/^Pre-allocated IPs 3584 exceeds IPs available 2048/);
  });
});

describe("address space refusals", () => {
  it("NetworkProfileCIDROverlapVNET: a subnet of the VNet, not its unused address space (AKS release 2024-10-25)", async () => {
    const c = await pool.start();
    const res = await c.put(clusterPath("fresh"), newClusterBody({ podCidr: "10.224.128.0/17" }));
    expect(refusal(res)).toEqual({ status: 400, code: "NetworkProfileCIDROverlapVNET", target: "networkProfile.podCIDR" });
    expect(res.body.error.message).toBe("NetworkProfile CIDR 10.224.128.0/17 overlaps with subnet aks-nodes (10.224.0.0/16) of VNET demo-vnet");
    // Inside the VNet's 10.224.0.0/12 but in none of its subnets: accepted.
    expect((await c.put(clusterPath("fresh"), newClusterBody({ podCidr: "10.228.0.0/16" }))).status).toBe(201);
  });

  it("ServiceCidrOverlapExistingSubnetsCidr: a subnet, not the VNet's free space", async () => {
    const c = await pool.start();
    const res = await c.put(clusterPath("fresh"), newClusterBody({ serviceCidr: "10.226.0.0/24", dnsServiceIP: "10.226.0.10" }));
    expect(refusal(res)).toEqual({ status: 400, code: "ServiceCidrOverlapExistingSubnetsCidr", target: "networkProfile.serviceCIDR" });
    expect(res.body.error.message).toBe("The specified service CIDR 10.226.0.0/24 is conflicted with an existing subnet CIDR 10.226.0.0/28");
    // 10.230.0.0/16 is in demo-vnet's address space but in no subnet: the RP takes it.
    expect((await c.put(clusterPath("other"), newClusterBody({ serviceCidr: "10.230.0.0/16", dnsServiceIP: "10.230.0.10" }))).status).toBe(201);
  });

  it("PodCidrOverlapServiceCidr, DnsServiceIpOutOfServiceCidr, DnsServiceIpConflicting, DnsBroadcastAddressConflicting, DnsServiceIpParseError", async () => {
    const c = await pool.start();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ podCidr: "172.16.0.0/16" }, "PodCidrOverlapServiceCidr", "networkProfile.podCIDR"],
      [{ dnsServiceIP: "10.0.0.10" }, "DnsServiceIpOutOfServiceCidr", "networkProfile.dnsServiceIP"],
      [{ dnsServiceIP: "172.16.0.1" }, "DnsServiceIpConflicting", "networkProfile.dnsServiceIP"],
      [{ dnsServiceIP: "172.16.255.255" }, "DnsBroadcastAddressConflicting", "networkProfile.dnsServiceIP"],
      [{ dnsServiceIP: "172.16.0.300" }, "DnsServiceIpParseError", "networkProfile.dnsServiceIP"],
    ];
    for (const [network, code, target] of cases) expect(refusal(await c.put(clusterPath("fresh"), newClusterBody(network)))).toEqual({ status: 400, code, target });
  });

  it("CidrStringParseError ('Cidr is invalid') and UnexpectedIPVersionCIDR", async () => {
    const c = await pool.start();
    const bad = await c.put(clusterPath("fresh"), newClusterBody({ serviceCidr: "172.16.0.0/33" }));
    expect(refusal(bad)).toEqual({ status: 400, code: "CidrStringParseError", target: "networkProfile.serviceCIDR" });
    expect(bad.body.error.message).toMatch(/^Cidr is invalid/);
    expect(refusal(await c.put(clusterPath("fresh"), newClusterBody({ podCidr: "fd00::/64" })))).toEqual({ status: 400, code: "UnexpectedIPVersionCIDR", target: "networkProfile.podCIDR" });
  });

  it("reserved ranges for the pod and service CIDRs, on create and on update", async () => {
    const c = await pool.start();
    for (const podCidr of ["169.254.0.0/16", "172.30.0.0/16", "172.31.128.0/17", "192.0.2.0/24"]) {
      const res = await c.put(clusterPath("fresh"), newClusterBody({ podCidr }));
      expect(refusal(res)).toEqual({ status: 400, code: "InvalidParameter", target: "networkProfile.podCIDR" });
      expect(res.body.error.message).toContain("a range AKS reserves");
    }
    expect(refusal(await c.put(clusterPath("fresh"), newClusterBody({ serviceCidr: "172.30.0.0/16", dnsServiceIP: "172.30.0.10" })))).toEqual({ status: 400, code: "InvalidParameter", target: "networkProfile.serviceCIDR" });
    const before = await c.read(clusterPath("kubenet-aks"));
    const update = structuredClone(before);
    // Kubenet keeps its pod CIDR unless it moves to overlay (a pod CIDR change alone is refused for that reason,
    // rp-day2.test.ts): the move with a reserved pod CIDR is refused for the range.
    Object.assign(update.properties.networkProfile, { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "172.31.0.0/16", podCidrs: ["172.31.0.0/16"] });
    const res = await c.put(clusterPath("kubenet-aks"), update);
    expect(refusal(res)).toEqual({ status: 400, code: "InvalidParameter", target: "networkProfile.podCIDR" });
    expect(res.body.error.message).toContain("a range AKS reserves");
    expect(await c.read(clusterPath("kubenet-aks"))).toEqual(before);
  });

  it("a reserved range in the cluster's VNet address space", async () => {
    const id = vnetPath("odd-vnet", "rg", SUB);
    const scenario = {
      virtualNetworks: [{ id, name: "odd-vnet", location: "eastus", properties: { addressSpace: { addressPrefixes: ["172.31.0.0/16"] }, subnets: [{ id: `${id}/subnets/n`, name: "n", properties: { addressPrefix: "172.31.0.0/24" } }] } }],
      managedClusters: [],
    };
    const c = await pool.start({ scenario });
    const res = await c.put(clusterPath("fresh", "rg"), newClusterBody({}, [{ name: "system", count: 3, mode: "System", vnetSubnetID: `${id}/subnets/n` }]));
    expect(refusal(res)).toEqual({ status: 400, code: "InvalidParameter", target: "agentPoolProfile.vnetSubnetID" });
  });
});

describe("pool refusals", () => {
  it("maxPods outside 10..250 on overlay: InsufficientMaxPods, MaxPodsLimitExceeded (agentPoolProfile.maxPods)", async () => {
    const c = await pool.start();
    const withMaxPods = (maxPods: number) => newClusterBody({}, [{ name: "system", count: 3, mode: "System", maxPods, vnetSubnetID: subnetId("aks-nodes") }]);
    expect(refusal(await c.put(clusterPath("fresh"), withMaxPods(9)))).toEqual({ status: 400, code: "InsufficientMaxPods", target: "agentPoolProfile.maxPods" });
    expect(refusal(await c.put(clusterPath("fresh"), withMaxPods(251)))).toEqual({ status: 400, code: "MaxPodsLimitExceeded", target: "agentPoolProfile.maxPods" });
    expect((await c.put(clusterPath("fresh"), withMaxPods(250))).status).toBe(201);
    expect(refusal(await c.put(poolPath("overlay-aks", "tiny"), { properties: { count: 1, mode: "User", maxPods: 5, vnetSubnetID: subnetId("aks-nodes") } })).code).toBe("InsufficientMaxPods");
  });

  it("more than 100 agent pools: MaxAgentPoolCountReached", async () => {
    const c = await pool.start();
    const pools = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `p${i}`, count: 1, mode: i === 0 ? "System" : "User", vnetSubnetID: subnetId("aks-nodes"), upgradeSettings: { maxSurge: "0", maxUnavailable: "1" } }));
    expect(refusal(await c.put(clusterPath("fresh"), newClusterBody({ podCidr: "100.64.0.0/12" }, pools(101))))).toEqual({ status: 400, code: "MaxAgentPoolCountReached", target: "properties.agentPoolProfiles" });
    expect((await c.put(clusterPath("fresh"), newClusterBody({ podCidr: "100.64.0.0/12" }, pools(100)))).status).toBe(201);
  });
});

describe("network profile defaults of a new cluster", () => {
  it("fills the pod CIDR (overlay), the service CIDR, the DNS IP and IPv4 before judging; leaves given values and updates alone", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const body = newClusterBody();
    for (const k of ["podCidr", "serviceCidr", "dnsServiceIP"]) delete body.properties.networkProfile[k];
    const res = await c.put(clusterPath("fresh"), body);
    expect(res.status).toBe(201);
    expect(res.body.properties.networkProfile).toMatchObject({ podCidr: "10.244.0.0/16", podCidrs: ["10.244.0.0/16"], serviceCidr: "10.0.0.0/16", serviceCidrs: ["10.0.0.0/16"], dnsServiceIP: "10.0.0.10", ipFamilies: ["IPv4"] });
    // The defaults are judged like given values: a default service CIDR inside a subnet is refused.
    const clash = newClusterBody({}, [{ name: "system", count: 3, mode: "System", vnetSubnetID: subnetId("aks-nodes") }]);
    delete clash.properties.networkProfile.serviceCidr;
    delete clash.properties.networkProfile.dnsServiceIP;
    clash.properties.networkProfile.podCidr = "10.0.0.0/16";
    expect(refusal(await c.put(clusterPath("other"), clash))).toMatchObject({ status: 400, code: "PodCidrOverlapServiceCidr" });
    // Legacy Azure CNI takes no pod CIDR.
    const legacy = newClusterBody({ networkPluginMode: undefined });
    delete legacy.properties.networkProfile.podCidr;
    const made = await c.put(clusterPath("legacy"), legacy);
    expect(made.body.properties.networkProfile.podCidr).toBeUndefined();
  });
});

describe("dual-stack defaults", () => {
  it("a dual-stack PUT without IPv6 ranges gets the RP's, on a new cluster and on an update; given ones are kept", async () => {
    const c = await pool.start({ lroPolls: 0 });
    // Pools in an AKS-managed VNet (no subnet of their own): AKS makes that one dual-stack.
    const managed = [{ name: "system", count: 3, mode: "System", vmSize: "Standard_D4s_v5" }];
    const body = newClusterBody({ ipFamilies: ["IPv4", "IPv6"] }, managed);
    for (const k of ["podCidr", "serviceCidr", "dnsServiceIP"]) delete body.properties.networkProfile[k];
    const made = await c.put(clusterPath("dual"), body);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.properties.networkProfile).toMatchObject({ podCidrs: ["10.244.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"] });
    // An IPv4 cluster moved to dual-stack with its IPv4 ranges alone: the IPv6 ones are added.
    const single = await c.put(clusterPath("single"), newClusterBody({ podCidr: "10.100.0.0/16", serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.10" }, managed));
    expect(single.status).toBe(201);
    const read = (await c.get(clusterPath("single"))).body;
    read.properties.networkProfile.ipFamilies = ["IPv4", "IPv6"];
    const updated = await c.put(clusterPath("single"), read);
    expect(updated.status, JSON.stringify(updated.body)).toBeLessThan(300);
    expect((await c.get(clusterPath("single"))).body.properties.networkProfile).toMatchObject({ podCidrs: ["10.100.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["172.20.0.0/16", "fd12:3456:789a:1::/108"] });
    const given = newClusterBody({ ipFamilies: ["IPv4", "IPv6"], podCidr: "10.244.0.0/16", podCidrs: ["10.244.0.0/16", "fd00:1::/64"], serviceCidr: "10.0.0.0/16", serviceCidrs: ["10.0.0.0/16", "fd00:2::/108"], dnsServiceIP: "10.0.0.10" }, managed);
    const kept = await c.put(clusterPath("given"), given);
    expect(kept.status, JSON.stringify(kept.body)).toBe(201);
    expect(kept.body.properties.networkProfile).toMatchObject({ podCidrs: ["10.244.0.0/16", "fd00:1::/64"], serviceCidrs: ["10.0.0.0/16", "fd00:2::/108"] });
  });
});

describe("SubnetNotFound: a pool's subnet that does not exist", () => {
  it("on a cluster PUT (missing subnet, missing VNet) and on an agent pool PUT, writing nothing", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const missingSubnet = newClusterBody({}, [{ name: "system", count: 3, mode: "System", vnetSubnetID: subnetId("no-such-subnet") }]);
    const res = await c.put(clusterPath("fresh"), missingSubnet);
    expect(refusal(res)).toEqual({ status: 400, code: "SubnetNotFound", target: "agentPoolProfile.vnetSubnetID" });
    expect(res.body.error.message).toBe(`Could not find subnet no-such-subnet in vnet demo-vnet from resource group demo-rg of subscription ${SUB}.`);
    expect((await c.get(clusterPath("fresh"))).status).toBe(404);
    const otherVnet = `/subscriptions/${SUB}/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/no-such-vnet/subnets/default`;
    const missingVnet = await c.put(clusterPath("fresh"), newClusterBody({}, [{ name: "system", count: 3, mode: "System", vnetSubnetID: otherVnet }]));
    expect(refusal(missingVnet)).toMatchObject({ status: 400, code: "SubnetNotFound" });
    expect(missingVnet.body.error.message).toContain("in vnet no-such-vnet");
    expect((await c.put(clusterPath("fresh"), newClusterBody())).status).toBe(201);
    const addPool = await c.put(poolPath("fresh", "extra"), { properties: { count: 1, mode: "User", vnetSubnetID: subnetId("no-such-subnet") } });
    expect(refusal(addPool)).toMatchObject({ status: 400, code: "SubnetNotFound" });
    expect((await c.get(poolPath("fresh", "extra"))).status).toBe(404);
  });
});

describe("plugin and move-to-overlay refusals: codes, messages, targets", () => {
  it("UnsupportedNetworkPluginModeWithNetworkPlugin, target networkProfile.networkpluginMode", async () => {
    const c = await pool.start();
    const res = await c.put(clusterPath("fresh"), newClusterBody({ networkPlugin: "kubenet" }));
    expect(refusal(res)).toEqual({ status: 400, code: "UnsupportedNetworkPluginModeWithNetworkPlugin", target: "networkProfile.networkpluginMode" });
    expect(res.body.error.message).toBe("NetworkPluginMode overlay is not supported with NetworkPlugin kubenet.");
  });

  it("ValidationError for network policy azure, with ARM's message", async () => {
    const c = await pool.start();
    const cluster = await c.read(clusterPath("cni-policy-aks"));
    Object.assign(cluster.properties.networkProfile, { networkPluginMode: "overlay", podCidr: "192.168.0.0/16" });
    const res = await c.put(clusterPath("cni-policy-aks"), cluster);
    expect(refusal(res)).toEqual({ status: 400, code: "ValidationError", target: "networkProfile.networkPolicy" });
    expect(res.body.error.message).toBe("Cannot update cluster to Azure CNI Overlay while using network policies with Azure CNI v1.");
  });

  it("pod subnet clusters cannot move to overlay (ValidationError, closest known code)", async () => {
    const c = await pool.start();
    const cluster = await c.read(clusterPath("podsubnet-aks"));
    Object.assign(cluster.properties.networkProfile, { networkPluginMode: "overlay", podCidr: "192.168.0.0/16" });
    expect(refusal(await c.put(clusterPath("podsubnet-aks"), cluster))).toEqual({ status: 400, code: "ValidationError", target: "networkProfile.networkPluginMode" });
  });
});
