/**
 * Day-2 changes of an existing cluster as the RP judges them (src/emulator/rpChanges.ts): pod CIDR
 * expansion, IPv4 -> dual-stack, the Cilium dataplane, one network change per PUT, and agent pool
 * updates. Each refusal with its status, code, target and message; a refused PUT changes nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Client, type Res, SUB, RG, clusterPath, emulators, newClusterBody, poolPath, vnetPath } from "./http.js";
import { demoScenario } from "../../src/emulator/scenarios.js";

const pool = emulators();
afterEach(() => pool.closeAll());

function refusal(res: Res): { status: number; code: string; target?: string } {
  expect(res.headers.get("azure-asyncoperation")).toBeNull();
  return { status: res.status, code: res.body?.error?.code, target: res.body?.error?.target };
}

/** The stored cluster, with its network profile (and anything else) changed as a client would PUT it. */
async function edited(c: Client, name: string, change: (np: any, cluster: any) => void): Promise<any> {
  const cluster = await c.read(clusterPath(name));
  change(cluster.properties.networkProfile, cluster);
  return cluster;
}

/** PUT, and expect the PUT refused with nothing written. */
async function refused(c: Client, name: string, body: unknown): Promise<Res> {
  const before = await c.read(clusterPath(name));
  const res = await c.put(clusterPath(name), body);
  expect(res.status).toBe(400);
  expect(await c.read(clusterPath(name))).toEqual(before);
  return res;
}

async function accepted(c: Client, path: string, body: unknown): Promise<any> {
  const res = await c.put(path, body);
  expect(res.status, res.text).toBe(200);
  return c.read(path);
}

const DUAL_VNET = vnetPath("dual-vnet");
/** The demo plus a VNet whose subnet has an IPv4 and an IPv6 prefix. */
function dualScenario() {
  const scenario = demoScenario();
  scenario.virtualNetworks.push({
    id: DUAL_VNET,
    name: "dual-vnet",
    type: "Microsoft.Network/virtualNetworks",
    location: "eastus",
    etag: 'W/"dual-1"',
    properties: {
      addressSpace: { addressPrefixes: ["10.42.0.0/16", "fd00:42::/48"] },
      subnets: [{ id: `${DUAL_VNET}/subnets/dual-nodes`, name: "dual-nodes", properties: { addressPrefixes: ["10.42.0.0/22", "fd00:42::/64"] } }],
      virtualNetworkPeerings: [],
    },
  });
  return scenario;
}
const dualPools = [{ name: "system", count: 3, vmSize: "Standard_D4s_v5", mode: "System", osType: "Linux", maxPods: 110, vnetSubnetID: `${DUAL_VNET}/subnets/dual-nodes` }];
const windowsPool = { name: "win", count: 1, vmSize: "Standard_D4s_v5", mode: "User", osType: "Windows", maxPods: 30, vnetSubnetID: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/aks-nodes` };

describe("pod CIDR expansion (overlay-aks: 192.168.0.0/16)", () => {
  it("accepts a strict superset with the same network address, and reads it back", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const after = await accepted(c, clusterPath("overlay-aks"), await edited(c, "overlay-aks", (np) => Object.assign(np, { podCidr: "192.168.0.0/15", podCidrs: ["192.168.0.0/15"] })));
    expect(after.properties.networkProfile).toMatchObject({ podCidr: "192.168.0.0/15", podCidrs: ["192.168.0.0/15"] });
  });

  for (const [what, podCidr] of [
    ["a shrink", "192.168.0.0/17"],
    ["a move", "192.169.0.0/16"],
    ["a larger block elsewhere", "192.170.0.0/15"],
  ] as const) {
    it(`refuses ${what} (${podCidr}): InvalidParameter on networkProfile.podCIDR`, async () => {
      const c = await pool.start();
      const res = await refused(c, "overlay-aks", await edited(c, "overlay-aks", (np) => Object.assign(np, { podCidr, podCidrs: [podCidr] })));
      expect(refusal(res)).toEqual({ status: 400, code: "InvalidParameter", target: "networkProfile.podCIDR" });
      expect(res.body.error.message).toBe(
        `The new pod CIDR ${podCidr} must be a larger superset that contains the complete original pod CIDR 192.168.0.0/16: shrinking or changing the pod CIDR isn't supported, nor is a discontinuous pod CIDR.`,
      );
    });
  }

  it("refuses a second pod CIDR block", async () => {
    const c = await pool.start();
    const res = await refused(c, "overlay-aks", await edited(c, "overlay-aks", (np) => Object.assign(np, { podCidrs: ["192.168.0.0/16", "10.100.0.0/16"] })));
    expect(refusal(res)).toEqual({ status: 400, code: "InvalidParameter", target: "networkProfile.podCIDR" });
    expect(res.body.error.message).toContain("adding a pod CIDR block (192.168.0.0/16, 10.100.0.0/16)");
  });

  it("refuses podCidr and podCidrs that disagree", async () => {
    const c = await pool.start();
    const res = await refused(c, "overlay-aks", await edited(c, "overlay-aks", (np) => Object.assign(np, { podCidr: "192.168.0.0/15" })));
    expect(refusal(res)).toEqual({ status: 400, code: "InvalidParameter", target: "networkProfile.podCIDR" });
    expect(res.body.error.message).toBe("podCidr 192.168.0.0/15 and podCidrs 192.168.0.0/16 disagree: the first of podCidrs is the pod CIDR.");
  });

  it("refuses it with a Windows pool (Linux only)", async () => {
    const c = await pool.start();
    const body = await edited(c, "overlay-aks", (np, cluster) => {
      Object.assign(np, { podCidr: "192.168.0.0/15", podCidrs: ["192.168.0.0/15"] });
      cluster.properties.agentPoolProfiles.push(windowsPool);
    });
    const res = await refused(c, "overlay-aks", body);
    expect(refusal(res)).toEqual({ status: 400, code: "InvalidParameter", target: "networkProfile.podCIDR" });
    expect(res.body.error.message).toBe("Pod CIDR expansion is supported only on clusters with Linux nodes: agent pool win is Windows.");
  });

  it("refuses it on a dual-stack cluster (IPv4 single-stack only)", async () => {
    const c = await pool.start({ scenario: dualScenario(), lroPolls: 0 });
    const create = newClusterBody({ ipFamilies: ["IPv4", "IPv6"], podCidr: "192.168.0.0/16", podCidrs: ["192.168.0.0/16", "fd00:10::/64"], serviceCidrs: ["172.16.0.0/16", "fd00:20::/108"] }, dualPools);
    expect((await c.put(clusterPath("dual"), create)).status).toBe(201);
    for (const podCidrs of [["192.168.0.0/15", "fd00:10::/64"], ["192.168.0.0/16", "fd00:10::/63"]]) {
      const res = await refused(c, "dual", await edited(c, "dual", (np) => Object.assign(np, { podCidr: podCidrs[0], podCidrs })));
      expect(refusal(res)).toEqual({ status: 400, code: "InvalidParameter", target: "networkProfile.podCIDR" });
      expect(res.body.error.message).toMatch(/^Pod CIDR expansion is supported only on IPv4 single-stack clusters/);
    }
  });

  it("refuses a pod CIDR change on a kubenet cluster that stays on kubenet; the move to overlay may take one", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const res = await refused(c, "kubenet-aks", await edited(c, "kubenet-aks", (np) => Object.assign(np, { podCidr: "10.244.0.0/15", podCidrs: ["10.244.0.0/15"] })));
    expect(refusal(res)).toEqual({ status: 400, code: "InvalidParameter", target: "networkProfile.podCIDR" });
    expect(res.body.error.message).toMatch(/^The pod CIDR of a cluster on network plugin kubenet cannot be changed: pod CIDR expansion is supported only on Azure CNI Overlay clusters/);
    const moved = await accepted(c, clusterPath("kubenet-aks"), await edited(c, "kubenet-aks", (np) => Object.assign(np, { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "100.64.0.0/16", podCidrs: ["100.64.0.0/16"] })));
    expect(moved.properties.networkProfile).toMatchObject({ networkPluginMode: "overlay", podCidr: "100.64.0.0/16" });
  });

  it("checks the new range like any pod CIDR: a superset overlapping a reserved range is refused", async () => {
    const c = await pool.start();
    const res = await refused(c, "overlay-aks", await edited(c, "overlay-aks", (np) => Object.assign(np, { podCidr: "192.0.0.0/8", podCidrs: ["192.0.0.0/8"] })));
    expect(refusal(res)).toEqual({ status: 400, code: "InvalidParameter", target: "networkProfile.podCIDR" });
    expect(res.body.error.message).toContain("192.0.2.0/24, a range AKS reserves");
  });

  it("capacity follows the new range: a scale that /16 cannot hold fits after the expansion to /15", async () => {
    const c = await pool.start({ lroPolls: 0 });
    // scale at maxCount 400 + 40 surge, system 3 + 1: 444 /24 blocks, more than a /16's 256, fewer than a /15's 512.
    const scale = async () => {
      const p = await c.read(poolPath("overlay-aks", "scale"));
      p.properties.maxCount = 400;
      return c.put(poolPath("overlay-aks", "scale"), p);
    };
    const before = await scale();
    expect(refusal(before)).toEqual({ status: 400, code: "InsufficientSubnetSize", target: "networkProfile.podCIDR" });
    expect(before.body.error.message).toMatch(/^Pre-allocated IPs 113664 exceeds IPs available 65536 in Subnet Cidr 192\.168\.0\.0\/16/);
    await accepted(c, clusterPath("overlay-aks"), await edited(c, "overlay-aks", (np) => Object.assign(np, { podCidr: "192.168.0.0/15", podCidrs: ["192.168.0.0/15"] })));
    expect((await scale()).status).toBe(200);
  });
});

describe("IPv4 -> dual-stack", () => {
  async function singleStackInDualVnet(c: Client): Promise<void> {
    expect((await c.put(clusterPath("grow"), newClusterBody({ podCidrs: ["192.168.0.0/16"] }, dualPools))).status).toBe(201);
  }
  const toDual = (np: any) => Object.assign(np, { ipFamilies: ["IPv4", "IPv6"], podCidrs: [np.podCidr, "fd00:10::/64"], serviceCidrs: [np.serviceCidr, "fd00:20::/108"] });

  it("accepts it on an overlay cluster whose subnets have IPv6 prefixes, and reads it back", async () => {
    const c = await pool.start({ scenario: dualScenario(), lroPolls: 0 });
    await singleStackInDualVnet(c);
    const after = await accepted(c, clusterPath("grow"), await edited(c, "grow", toDual));
    expect(after.properties.networkProfile).toMatchObject({ ipFamilies: ["IPv4", "IPv6"], podCidrs: ["192.168.0.0/16", "fd00:10::/64"], serviceCidrs: ["172.16.0.0/16", "fd00:20::/108"] });
  });

  it("refuses it when a pool's subnet has no IPv6 prefix: SingleStackVnetSubnetWithDualStackCluster", async () => {
    const c = await pool.start();
    const res = await refused(c, "overlay-aks", await edited(c, "overlay-aks", toDual));
    expect(refusal(res)).toEqual({ status: 400, code: "SingleStackVnetSubnetWithDualStackCluster", target: "agentPoolProfile.vnetSubnetID" });
  });

  it("refuses an IPv6 service CIDR larger than /108: InvalidServiceCidrIPv6MaskSize", async () => {
    const c = await pool.start({ scenario: dualScenario(), lroPolls: 0 });
    await singleStackInDualVnet(c);
    const res = await refused(c, "grow", await edited(c, "grow", (np) => Object.assign(toDual(np), { serviceCidrs: ["172.16.0.0/16", "fd00:20::/100"] })));
    expect(refusal(res)).toEqual({ status: 400, code: "InvalidServiceCidrIPv6MaskSize", target: "networkProfile.serviceCIDR" });
  });

  it("refuses dual-stack -> single-stack: InvalidNetworkingConfig on networkProfile.ipFamilies", async () => {
    const c = await pool.start({ scenario: dualScenario(), lroPolls: 0 });
    await singleStackInDualVnet(c);
    await accepted(c, clusterPath("grow"), await edited(c, "grow", toDual));
    const res = await refused(c, "grow", await edited(c, "grow", (np) => Object.assign(np, { ipFamilies: ["IPv4"], podCidrs: ["192.168.0.0/16"], serviceCidrs: ["172.16.0.0/16"] })));
    expect(refusal(res)).toEqual({ status: 400, code: "InvalidNetworkingConfig", target: "networkProfile.ipFamilies" });
    expect(res.body.error.message).toBe("A dual-stack cluster cannot be changed back to a single IP family: removing IPv6 isn't supported.");
  });

  it("refuses it on a cluster that is not on overlay: UnsupportedDualStackNetworkPlugin", async () => {
    const c = await pool.start();
    const res = await refused(c, "cni-aks", await edited(c, "cni-aks", (np) => Object.assign(np, { ipFamilies: ["IPv4", "IPv6"], serviceCidrs: ["172.16.0.0/16", "fd00:20::/108"] })));
    expect(refusal(res)).toEqual({ status: 400, code: "UnsupportedDualStackNetworkPlugin", target: "networkProfile.ipFamilies" });
  });

  it("refuses it with a new IPv4 pod CIDR in the same PUT (two changes)", async () => {
    const c = await pool.start({ scenario: dualScenario(), lroPolls: 0 });
    await singleStackInDualVnet(c);
    const res = await refused(c, "grow", await edited(c, "grow", (np) => Object.assign(toDual(np), { podCidr: "192.168.0.0/15", podCidrs: ["192.168.0.0/15", "fd00:10::/64"] })));
    expect(refusal(res)).toEqual({ status: 400, code: "OperationNotAllowed", target: "networkProfile" });
  });
});

describe("the Cilium dataplane", () => {
  const toCilium = (np: any) => (np.networkDataplane = "cilium");

  it("accepts azure -> cilium on overlay with network policy unset or cilium, and reads it back", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const after = await accepted(c, clusterPath("overlay-aks"), await edited(c, "overlay-aks", toCilium));
    expect(after.properties.networkProfile.networkDataplane).toBe("cilium");
    const c2 = await pool.start({ lroPolls: 0 });
    const withPolicy = await accepted(c2, clusterPath("overlay-aks"), await edited(c2, "overlay-aks", (np) => Object.assign(np, { networkDataplane: "cilium", networkPolicy: "cilium" })));
    expect(withPolicy.properties.networkProfile).toMatchObject({ networkDataplane: "cilium", networkPolicy: "cilium" });
  });

  it("refuses a network policy other than cilium: BadRequest on networkProfile.networkPolicy", async () => {
    const c = await pool.start();
    for (const networkPolicy of ["azure", "calico", "none"]) {
      const res = await refused(c, "overlay-aks", await edited(c, "overlay-aks", (np) => Object.assign(np, { networkDataplane: "cilium", networkPolicy })));
      expect(refusal(res)).toEqual({ status: 400, code: "BadRequest", target: "networkProfile.networkPolicy" });
      expect(res.body.error.message).toMatch(new RegExp(`^Cilium dataplane requires network policy cilium: this request has network policy ${networkPolicy}\\.`));
    }
  });

  it("refuses it on kubenet (move to overlay first): BadRequest on networkProfile.networkPluginMode", async () => {
    const c = await pool.start();
    const res = await refused(c, "kubenet-aks", await edited(c, "kubenet-aks", toCilium));
    expect(refusal(res)).toEqual({ status: 400, code: "BadRequest", target: "networkProfile.networkPluginMode" });
    expect(res.body.error.message).toMatch(/^Cilium dataplane requires network plugin azure/);
  });

  it("takes it on Azure CNI node subnet, as update-azure-cni.md allows since 2026-05 (not an overlay-only rule)", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const after = await accepted(c, clusterPath("cni-aks"), await edited(c, "cni-aks", toCilium));
    expect(after.properties.networkProfile).toMatchObject({ networkPlugin: "azure", networkDataplane: "cilium" });
    expect(after.properties.networkProfile.networkPluginMode).toBeUndefined();
  });

  it("refuses it with a Windows pool", async () => {
    const c = await pool.start();
    const res = await refused(c, "overlay-aks", await edited(c, "overlay-aks", (np, cluster) => {
      toCilium(np);
      cluster.properties.agentPoolProfiles.push(windowsPool);
    }));
    expect(refusal(res)).toEqual({ status: 400, code: "BadRequest", target: "networkProfile.networkDataplane" });
    expect(res.body.error.message).toBe("Updating the network dataplane to cilium isn't supported on clusters with Windows node pools: agent pool win is Windows.");
  });

  it("refuses it while node auto-provisioning is on; takes it once it is off", async () => {
    const c = await pool.start({ lroPolls: 0 });
    await accepted(c, clusterPath("overlay-aks"), await edited(c, "overlay-aks", (_np, cluster) => (cluster.properties.nodeProvisioningProfile = { mode: "Auto" })));
    const res = await refused(c, "overlay-aks", await edited(c, "overlay-aks", toCilium));
    expect(refusal(res)).toEqual({ status: 400, code: "BadRequest", target: "networkProfile.networkDataplane" });
    expect(res.body.error.message).toMatch(/node auto-provisioning/);
    await accepted(c, clusterPath("overlay-aks"), await edited(c, "overlay-aks", (_np, cluster) => (cluster.properties.nodeProvisioningProfile = { mode: "Manual" })));
    await accepted(c, clusterPath("overlay-aks"), await edited(c, "overlay-aks", toCilium));
  });

  it("refuses cilium -> azure", async () => {
    const c = await pool.start({ lroPolls: 0 });
    await accepted(c, clusterPath("overlay-aks"), await edited(c, "overlay-aks", toCilium));
    const res = await refused(c, "overlay-aks", await edited(c, "overlay-aks", (np) => (np.networkDataplane = "azure")));
    expect(refusal(res)).toEqual({ status: 400, code: "BadRequest", target: "networkProfile.networkDataplane" });
    expect(res.body.error.message).toMatch(/^The network dataplane cannot be changed from cilium to azure/);
  });
});

describe("one network change per PUT", () => {
  it("refuses the pod CIDR and the dataplane together: OperationNotAllowed naming both", async () => {
    const c = await pool.start();
    const res = await refused(c, "overlay-aks", await edited(c, "overlay-aks", (np) => Object.assign(np, { podCidr: "192.168.0.0/15", podCidrs: ["192.168.0.0/15"], networkDataplane: "cilium" })));
    expect(refusal(res)).toEqual({ status: 400, code: "OperationNotAllowed", target: "networkProfile" });
    expect(res.body.error.message).toBe("Only one network change is allowed per operation: this request changes the pod CIDR, the network dataplane. Update them in separate operations.");
  });

  it("refuses the move to overlay with the Cilium dataplane in one PUT", async () => {
    const c = await pool.start();
    const res = await refused(c, "cni-aks", await edited(c, "cni-aks", (np) => Object.assign(np, { networkPluginMode: "overlay", podCidr: "192.168.0.0/16", networkDataplane: "cilium" })));
    expect(refusal(res)).toEqual({ status: 400, code: "OperationNotAllowed", target: "networkProfile" });
    expect(res.body.error.message).toContain("the network plugin mode (the move to Azure CNI Overlay), the network dataplane");
  });

  it("keeps the move to overlay with its pod CIDR as one change (cni-aks)", async () => {
    const c = await pool.start({ lroPolls: 0 });
    await accepted(c, clusterPath("cni-aks"), await edited(c, "cni-aks", (np) => Object.assign(np, { networkPluginMode: "overlay", podCidr: "192.168.0.0/16" })));
  });
});

describe("agent pool updates", () => {
  it("refuses a maxPods change, through the pool and through the cluster: PropertyChangeNotAllowed", async () => {
    const c = await pool.start();
    const p = await c.read(poolPath("overlay-aks", "scale"));
    p.properties.maxPods = 110;
    const before = await c.read(clusterPath("overlay-aks"));
    const res = await c.put(poolPath("overlay-aks", "scale"), p);
    expect(refusal(res)).toEqual({ status: 400, code: "PropertyChangeNotAllowed", target: "maxPods" });
    expect(res.body.error.message).toBe("Changing property 'maxPods' is not allowed.");
    const viaCluster = await refused(c, "overlay-aks", await edited(c, "overlay-aks", (_np, cluster) => (cluster.properties.agentPoolProfiles[0].maxPods = 100)));
    expect(refusal(viaCluster)).toEqual({ status: 400, code: "PropertyChangeNotAllowed", target: "maxPods" });
    expect(await c.read(clusterPath("overlay-aks"))).toEqual(before);
  });

  it("accepts count, autoscaler and surge changes that fit, and reads them back", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const p = await c.read(poolPath("overlay-aks", "scale"));
    Object.assign(p.properties, { count: 5, minCount: 5, maxCount: 120, upgradeSettings: { maxSurge: "33%" } });
    const after = await accepted(c, poolPath("overlay-aks", "scale"), p);
    expect(after.properties).toMatchObject({ count: 5, minCount: 5, maxCount: 120, upgradeSettings: { maxSurge: "33%" }, provisioningState: "Succeeded" });
  });

  it("refuses a maxCount whose blocks outgrow the pod CIDR: InsufficientSubnetSize on networkProfile.podCIDR", async () => {
    const c = await pool.start();
    const p = await c.read(poolPath("overlay-aks", "scale"));
    p.properties.maxCount = 250; // 250 + 25 surge + system 3 + 1 = 279 /24 blocks > 256
    const res = await c.put(poolPath("overlay-aks", "scale"), p);
    expect(refusal(res)).toEqual({ status: 400, code: "InsufficientSubnetSize", target: "networkProfile.podCIDR" });
    expect(res.body.error.message).toMatch(/^Pre-allocated IPs 71424 exceeds IPs available 65536/);
  });

  it("refuses a surge that outgrows the node subnet, and takes the largest that fits (subnet small: 7 free addresses)", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const tiny = { properties: { count: 2, vmSize: "Standard_D4s_v5", mode: "User", osType: "Linux", maxPods: 250, vnetSubnetID: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/small`, upgradeSettings: { maxSurge: "1" } } };
    expect((await c.put(poolPath("overlay-aks", "tiny"), tiny)).status).toBe(201);
    const current = await c.read(poolPath("overlay-aks", "tiny"));
    current.properties.count = 6; // 6 + 1 surge = 7: fits
    expect((await c.put(poolPath("overlay-aks", "tiny"), current)).status).toBe(200);
    const grown = await c.read(poolPath("overlay-aks", "tiny"));
    grown.properties.upgradeSettings = { maxSurge: "2" }; // 6 + 2 = 8 > 7
    const res = await c.put(poolPath("overlay-aks", "tiny"), grown);
    expect(refusal(res)).toEqual({ status: 400, code: "InsufficientSubnetSize", target: "agentPoolProfile.vnetSubnetID" });
    expect(res.body.error.message).toMatch(/^Pre-allocated IPs 8 exceeds IPs available 7 in Subnet Cidr 10\.226\.0\.0\/28, Subnet Name small\./);
  });

  it("refuses minCount above maxCount: InvalidParameter on agentPoolProfile.minCount", async () => {
    const c = await pool.start();
    const p = await c.read(poolPath("overlay-aks", "scale"));
    Object.assign(p.properties, { minCount: 10, maxCount: 5, count: 5 });
    const res = await c.put(poolPath("overlay-aks", "scale"), p);
    expect(refusal(res)).toEqual({ status: 400, code: "InvalidParameter", target: "agentPoolProfile.minCount" });
    expect(res.body.error.message).toBe("The value of parameter agentPoolProfile.minCount is invalid: minCount 10 of agent pool scale is greater than maxCount 5.");
  });

  it("refuses a count above maxCount, and below minCount on a new pool; an existing pool may have minCount above its count", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const p = await c.read(poolPath("overlay-aks", "scale"));
    Object.assign(p.properties, { count: 7, minCount: 1, maxCount: 5 });
    const res = await c.put(poolPath("overlay-aks", "scale"), p);
    expect(refusal(res)).toEqual({ status: 400, code: "InvalidParameter", target: "agentPoolProfile.count" });
    expect(res.body.error.message).toBe("agentPoolProfile.count was 7. It must be greater or equal to minCount:1 and less than or equal to maxCount:5.");
    const fresh = { properties: { count: 1, enableAutoScaling: true, minCount: 2, maxCount: 4, vmSize: "Standard_D4s_v5", mode: "User", osType: "Linux", maxPods: 250, vnetSubnetID: windowsPool.vnetSubnetID } };
    expect(refusal(await c.put(poolPath("overlay-aks", "fresh"), fresh))).toEqual({ status: 400, code: "InvalidParameter", target: "agentPoolProfile.count" });
    const raised = await c.read(poolPath("overlay-aks", "scale"));
    Object.assign(raised.properties, { minCount: 5 }); // count stays 3: the autoscaler scales up later
    expect((await c.put(poolPath("overlay-aks", "scale"), raised)).status).toBe(200);
  });
});
