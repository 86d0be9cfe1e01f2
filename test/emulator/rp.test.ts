/**
 * The resource provider's refusals of network profiles (400 with the RP's ARM code), the
 * upgrades to overlay it refuses and those it accepts. A refused PUT changes nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Client, type Res, clusterPath, emulators, newClusterBody, poolPath, subnetId } from "./http.js";

const pool = emulators();
afterEach(() => pool.closeAll());

function expectRefusal(res: Res, code: string): void {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 400, code });
  expect(res.body.error.message).toEqual(expect.any(String));
  expect(res.headers.get("azure-asyncoperation")).toBeNull();
}

/** The cluster as it was, for "nothing changed". */
async function snapshot(c: Client, name: string): Promise<() => Promise<void>> {
  const before = await c.read(clusterPath(name));
  return async () => expect(await c.read(clusterPath(name))).toEqual(before);
}

/** The whole cluster with its network profile changed, as a client would PUT it. */
async function withNetwork(c: Client, name: string, change: (np: any, cluster: any) => void): Promise<any> {
  const cluster = await c.read(clusterPath(name));
  change(cluster.properties.networkProfile, cluster);
  return cluster;
}

const userPool = (extra: Record<string, unknown>) => ({
  properties: { count: 3, vmSize: "Standard_D4s_v5", mode: "User", type: "VirtualMachineScaleSets", osType: "Linux", maxPods: 250, vnetSubnetID: subnetId("aks-nodes"), ...extra },
});

describe("InsufficientSubnetSize", () => {
  it("refuses a new pool in overlay-aks whose max count plus surge outgrows the /16 pod CIDR", async () => {
    const c = await pool.start();
    const unchanged = await snapshot(c, "overlay-aks");
    const res = await c.put(poolPath("overlay-aks", "big"), userPool({ enableAutoScaling: true, minCount: 3, maxCount: 200 }));
    expectRefusal(res, "InsufficientSubnetSize");
    expect(res.body.error.target).toBe("networkProfile.podCIDR");
    expect((await c.get(poolPath("overlay-aks", "big"))).status).toBe(404);
    await unchanged();
  });

  it("refuses the same growth through a cluster PUT", async () => {
    const c = await pool.start();
    const unchanged = await snapshot(c, "overlay-aks");
    const cluster = await c.read(clusterPath("overlay-aks"));
    cluster.properties.agentPoolProfiles.find((p: any) => p.name === "scale").maxCount = 300;
    expectRefusal(await c.put(clusterPath("overlay-aks"), cluster), "InsufficientSubnetSize");
    await unchanged();
  });

  it("accepts a new pool in overlay-aks that fits", async () => {
    const c = await pool.start();
    const res = await c.put(poolPath("overlay-aks", "fits"), userPool({ enableAutoScaling: true, minCount: 3, maxCount: 20 }));
    expect(res.status).toBe(201);
  });

  it("refuses a pool of 20 nodes in subnet small (10.226.0.0/28) on an overlay cluster", async () => {
    const c = await pool.start();
    const unchanged = await snapshot(c, "overlay-aks");
    const res = await c.put(poolPath("overlay-aks", "cramped"), userPool({ count: 20, vnetSubnetID: subnetId("small") }));
    expectRefusal(res, "InsufficientSubnetSize");
    expect(res.body.error.target).toBe("agentPoolProfile.vnetSubnetID");
    await unchanged();
  });

  it("refuses a pool of 20 nodes in subnet small (10.226.0.0/28) on a legacy Azure CNI cluster too", async () => {
    // The node subnet is full whatever the plugin: a /28 has 11 usable addresses, not 20.
    const c = await pool.start();
    const unchanged = await snapshot(c, "cni-aks");
    const res = await c.put(poolPath("cni-aks", "cramped"), userPool({ count: 20, maxPods: 30, vnetSubnetID: subnetId("small") }));
    expectRefusal(res, "InsufficientSubnetSize");
    await unchanged();
  });

  it("accepts a pool of 3 nodes in subnet small on an overlay cluster", async () => {
    const c = await pool.start();
    expect((await c.put(poolPath("overlay-aks", "tiny"), userPool({ count: 3, vnetSubnetID: subnetId("small"), upgradeSettings: { maxSurge: "1" } }))).status).toBe(201);
  });
});

describe("CIDR refusals", () => {
  it("NetworkProfileCIDROverlapVNET: an overlay pod CIDR on a subnet of the VNet, on create", async () => {
    const c = await pool.start();
    const res = await c.put(clusterPath("fresh"), newClusterBody({ podCidr: "10.225.0.0/16" }));
    expectRefusal(res, "NetworkProfileCIDROverlapVNET");
    expect((await c.get(clusterPath("fresh"))).status).toBe(404);
  });

  it("NetworkProfileCIDROverlapVNET: an upgrade of cni-aks to overlay with a pod CIDR overlapping the VNet", async () => {
    const c = await pool.start();
    const unchanged = await snapshot(c, "cni-aks");
    const body = await withNetwork(c, "cni-aks", (np) => Object.assign(np, { networkPluginMode: "overlay", podCidr: "10.224.0.0/14" }));
    expectRefusal(await c.put(clusterPath("cni-aks"), body), "NetworkProfileCIDROverlapVNET");
    await unchanged();
  });

  it("ServiceCidrOverlapExistingSubnetsCidr: a service CIDR overlapping a subnet", async () => {
    const c = await pool.start();
    const res = await c.put(clusterPath("fresh"), newClusterBody({ serviceCidr: "10.226.0.0/24", dnsServiceIP: "10.226.0.10" }));
    expectRefusal(res, "ServiceCidrOverlapExistingSubnetsCidr");
    const unchanged = await snapshot(c, "overlay-aks");
    const body = await withNetwork(c, "overlay-aks", (np) => Object.assign(np, { serviceCidr: "10.224.0.0/16", serviceCidrs: ["10.224.0.0/16"], dnsServiceIP: "10.224.0.10" }));
    expectRefusal(await c.put(clusterPath("overlay-aks"), body), "ServiceCidrOverlapExistingSubnetsCidr");
    await unchanged();
  });

  it("DnsServiceIpOutOfServiceCidr: a DNS service IP outside the service CIDR", async () => {
    const c = await pool.start();
    expectRefusal(await c.put(clusterPath("fresh"), newClusterBody({ dnsServiceIP: "10.0.0.10" })), "DnsServiceIpOutOfServiceCidr");
    const unchanged = await snapshot(c, "overlay-aks");
    const body = await withNetwork(c, "overlay-aks", (np) => Object.assign(np, { dnsServiceIP: "172.17.0.10" }));
    expectRefusal(await c.put(clusterPath("overlay-aks"), body), "DnsServiceIpOutOfServiceCidr");
    await unchanged();
  });

  it("DnsServiceIpOutOfServiceCidr on a legacy Azure CNI cluster too", async () => {
    // The RP checks the DNS service IP against the service CIDR whatever the plugin.
    const c = await pool.start();
    const unchanged = await snapshot(c, "cni-aks");
    const body = await withNetwork(c, "cni-aks", (np) => Object.assign(np, { dnsServiceIP: "172.17.0.10" }));
    expectRefusal(await c.put(clusterPath("cni-aks"), body), "DnsServiceIpOutOfServiceCidr");
    await unchanged();
  });
});

describe("plugin and upgrade refusals", () => {
  it("UnsupportedNetworkPluginModeWithNetworkPlugin: kubenet with networkPluginMode overlay", async () => {
    const c = await pool.start();
    const unchanged = await snapshot(c, "kubenet-aks");
    const body = await withNetwork(c, "kubenet-aks", (np) => (np.networkPluginMode = "overlay"));
    expectRefusal(await c.put(clusterPath("kubenet-aks"), body), "UnsupportedNetworkPluginModeWithNetworkPlugin");
    await unchanged();
    expectRefusal(await c.put(clusterPath("fresh"), newClusterBody({ networkPlugin: "kubenet" })), "UnsupportedNetworkPluginModeWithNetworkPlugin");
  });

  it("ValidationError: upgrading cni-policy-aks (network policy azure) to overlay", async () => {
    const c = await pool.start();
    const unchanged = await snapshot(c, "cni-policy-aks");
    const body = await withNetwork(c, "cni-policy-aks", (np) => Object.assign(np, { networkPluginMode: "overlay", podCidr: "192.168.0.0/16" }));
    expectRefusal(await c.put(clusterPath("cni-policy-aks"), body), "ValidationError");
    await unchanged();
  });

  it("400: upgrading podsubnet-aks (pods on a pod subnet) to overlay", async () => {
    const c = await pool.start();
    const unchanged = await snapshot(c, "podsubnet-aks");
    const body = await withNetwork(c, "podsubnet-aks", (np) => Object.assign(np, { networkPluginMode: "overlay", podCidr: "192.168.0.0/16" }));
    const res = await c.put(clusterPath("podsubnet-aks"), body);
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    await unchanged();
    // Dropping the pod subnets from the body does not get around it.
    for (const p of body.properties.agentPoolProfiles) delete p.podSubnetID;
    expect((await c.put(clusterPath("podsubnet-aks"), body)).status).toBe(400);
    await unchanged();
  });

  it("accepts kubenet-aks to overlay keeping its pod CIDR 10.244.0.0/16", async () => {
    const c = await pool.start();
    const body = await withNetwork(c, "kubenet-aks", (np) => Object.assign(np, { networkPlugin: "azure", networkPluginMode: "overlay" }));
    expect(body.properties.networkProfile.podCidr).toBe("10.244.0.0/16");
    const res = await c.put(clusterPath("kubenet-aks"), body);
    expect(res.status).toBe(200);
    expect(res.body.properties.provisioningState).toBe("Updating");
    expect((await c.pollToEnd(res.headers.get("azure-asyncoperation") as string)).statuses.at(-1)).toBe("Succeeded");
    const after = await c.read(clusterPath("kubenet-aks"));
    expect(after.properties.networkProfile).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    expect(after.properties.provisioningState).toBe("Succeeded");
  });

  it("accepts cni-aks to overlay with pod CIDR 192.168.0.0/16", async () => {
    const c = await pool.start();
    const body = await withNetwork(c, "cni-aks", (np) => Object.assign(np, { networkPluginMode: "overlay", podCidr: "192.168.0.0/16" }));
    const res = await c.put(clusterPath("cni-aks"), body);
    expect(res.status).toBe(200);
    expect((await c.pollToEnd(res.headers.get("azure-asyncoperation") as string)).statuses.at(-1)).toBe("Succeeded");
    const after = await c.read(clusterPath("cni-aks"));
    expect(after.properties.networkProfile).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16" });
  });

  it("accepts cni-policy-aks to overlay once the network policy has been removed by an earlier update", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const noPolicy = await withNetwork(c, "cni-policy-aks", (np) => (np.networkPolicy = "none"));
    expect((await c.put(clusterPath("cni-policy-aks"), noPolicy)).status).toBe(200);
    const body = await withNetwork(c, "cni-policy-aks", (np) => Object.assign(np, { networkPluginMode: "overlay", podCidr: "192.168.0.0/16" }));
    expect((await c.put(clusterPath("cni-policy-aks"), body)).status).toBe(200);
  });
});
