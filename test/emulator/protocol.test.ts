/**
 * The emulator's ARM wire protocol over real HTTP: api-versions, authentication, 404s and the
 * error shape, the demo scenario's resources, and the list endpoints.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Client, RG, SUB, clusterPath, emulators, newClusterBody, poolPath, poolsPath, subnetId, subnetPath, vnetPath } from "./http.js";

const pool = emulators();
afterEach(() => pool.closeAll());

function expectArmError(res: { status: number; body: any; headers: Headers }, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  expect(res.body.error.message.length).toBeGreaterThan(0);
}

describe("api-version", () => {
  let c: Client;
  it("is required: 400 MissingApiVersionParameter without it", async () => {
    c = await pool.start();
    expectArmError(await c.get(clusterPath("cni-aks"), { apiVersion: null }), 400, "MissingApiVersionParameter");
    expectArmError(await c.get(vnetPath("demo-vnet"), { apiVersion: null }), 400, "MissingApiVersionParameter");
    expectArmError(await c.get(clusterPath("cni-aks"), { apiVersion: "" }), 400, "MissingApiVersionParameter");
  });

  it("refuses versions before 2022-01-01 and malformed ones: 400 InvalidApiVersionParameter", async () => {
    c = await pool.start();
    for (const v of ["2021-12-31", "2019-02-01-preview", "latest", "2024-5-2", "2024-05-02-beta", "20240502"]) {
      expectArmError(await c.get(clusterPath("cni-aks"), { apiVersion: v }), 400, "InvalidApiVersionParameter");
    }
  });

  it("accepts any YYYY-MM-DD or YYYY-MM-DD-preview from 2022-01-01 on, on both providers", async () => {
    c = await pool.start();
    for (const v of ["2022-01-01", "2024-05-02-preview", "2026-06-01", "2026-01-01"]) {
      const cluster = await c.get(clusterPath("cni-aks"), { apiVersion: v });
      expect(cluster.status, v).toBe(200);
      expect(cluster.body.name).toBe("cni-aks");
      const vnet = await c.get(vnetPath("demo-vnet"), { apiVersion: v });
      expect(vnet.status, v).toBe(200);
    }
  });

  it("a refused api-version changes nothing on a PUT", async () => {
    c = await pool.start();
    const before = await c.read(clusterPath("cni-aks"));
    const res = await c.put(clusterPath("cni-aks"), { ...before, tags: { changed: "yes" } }, { apiVersion: "2021-12-31" });
    expectArmError(res, 400, "InvalidApiVersionParameter");
    expect(await c.read(clusterPath("cni-aks"))).toEqual(before);
  });

  it("echoes the api-version used in the operation URL, which then answers", async () => {
    c = await pool.start();
    for (const v of ["2022-01-01", "2024-05-02-preview"]) {
      const before = await c.read(clusterPath("cni-aks"));
      const res = await c.put(clusterPath("cni-aks"), before, { apiVersion: v });
      expect(res.status).toBe(200);
      const op = new URL(res.headers.get("azure-asyncoperation") as string);
      expect(op.searchParams.get("api-version")).toBe(v);
      const { statuses } = await c.pollToEnd(op.href);
      expect(statuses.at(-1)).toBe("Succeeded");
    }
  });
});

describe("authentication, unknown resources and the error shape", () => {
  it("401 AuthenticationFailed without an Authorization header, on every kind of resource", async () => {
    const c = await pool.start();
    for (const path of [clusterPath("cni-aks"), poolPath("cni-aks", "system"), poolsPath("cni-aks"), vnetPath("demo-vnet"), subnetPath("demo-vnet", "small")]) {
      expectArmError(await c.get(path, { auth: false }), 401, "AuthenticationFailed");
    }
    const before = await c.read(clusterPath("cni-aks"));
    expectArmError(await c.put(clusterPath("cni-aks"), { ...before, tags: {} }, { auth: false }), 401, "AuthenticationFailed");
    expect((await c.read(clusterPath("cni-aks"))).tags).toEqual(before.tags);
  });

  it("401 InvalidAuthenticationToken for a header that is not 'Bearer <token>', on reads and writes", async () => {
    const c = await pool.start();
    const before = await c.read(clusterPath("cni-aks"));
    for (const authorization of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer    ", "bearer", "Token abc", "", "x"]) {
      expectArmError(await c.get(clusterPath("cni-aks"), { auth: false, headers: { authorization } }), 401, "InvalidAuthenticationToken");
      expectArmError(await c.put(clusterPath("cni-aks"), { ...before, tags: {} }, { auth: false, headers: { authorization } }), 401, "InvalidAuthenticationToken");
    }
    expect((await c.read(clusterPath("cni-aks"))).tags).toEqual(before.tags);
    // The scheme is case-insensitive, as in HTTP.
    expect((await c.get(clusterPath("cni-aks"), { auth: false, headers: { authorization: "bearer abc.def" } })).status).toBe(200);
  });

  it("authentication comes before any fault: a caller without a token gets 401 and the fault stays armed", async () => {
    const c = await pool.start({ faults: [{ status: 503 }, { drop: true }] });
    for (const headers of [{}, { authorization: "Bearer " }, { authorization: "Basic x" }] as Record<string, string>[]) {
      const res = await c.get(clusterPath("cni-aks"), { auth: false, headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
    }
    expect(c.emulator.faults.pending()).toHaveLength(2);
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(503);
  });

  it("404 ResourceNotFound for an unknown cluster, pool, VNet and subnet", async () => {
    const c = await pool.start();
    for (const path of [
      clusterPath("nope"),
      clusterPath("cni-aks", "other-rg"),
      poolPath("cni-aks", "nope"),
      poolPath("nope", "system"),
      poolsPath("nope"),
      vnetPath("nope"),
      vnetPath("demo-vnet", "other-rg"),
      subnetPath("demo-vnet", "nope"),
      subnetPath("nope", "small"),
    ]) {
      const res = await c.get(path);
      expectArmError(res, 404, "ResourceNotFound");
    }
  });

  it("answers paths it does not serve with an ARM-shaped 404", async () => {
    const c = await pool.start();
    const res = await c.get(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/vm1`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toEqual(expect.any(String));
  });

  it("404 for an operation id it never issued", async () => {
    const c = await pool.start();
    const res = await c.get(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/operations/00000000-1111-2222-3333-444444444444`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toEqual(expect.any(String));
  });

  it("matches ARM paths without regard to case", async () => {
    const c = await pool.start();
    const res = await c.get(`/subscriptions/${SUB}/resourcegroups/DEMO-RG/providers/microsoft.containerservice/managedclusters/CNI-AKS`);
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("cni-aks");
  });
});

describe("the demo scenario", () => {
  const MC = "MC_demo-rg_kubenet-aks_eastus";

  it("has demo-vnet 10.224.0.0/12 with its four subnets, peered to hub-vnet with the remote address space", async () => {
    const c = await pool.start();
    const res = await c.get(vnetPath("demo-vnet"));
    expect(res.status).toBe(200);
    const vnet = res.body;
    expect(vnet).toMatchObject({ id: vnetPath("demo-vnet"), name: "demo-vnet", type: "Microsoft.Network/virtualNetworks", location: "eastus" });
    expect(vnet.properties.addressSpace.addressPrefixes).toEqual(["10.224.0.0/12"]);
    expect(vnet.properties.subnets.map((s: any) => [s.name, s.properties.addressPrefix, s.id])).toEqual([
      ["aks-nodes", "10.224.0.0/16", subnetId("aks-nodes")],
      ["pool-dedicated", "10.225.0.0/24", subnetId("pool-dedicated")],
      ["small", "10.226.0.0/28", subnetId("small")],
      ["pods", "10.227.0.0/16", subnetId("pods")],
    ]);
    expect(vnet.properties.virtualNetworkPeerings).toHaveLength(1);
    const peering = vnet.properties.virtualNetworkPeerings[0];
    expect(peering.properties.remoteVirtualNetwork.id).toBe(vnetPath("hub-vnet"));
    expect(peering.properties.remoteAddressSpace.addressPrefixes).toEqual(["10.0.0.0/16"]);
    expect(peering.properties.peeringState).toBe("Connected");
    expect(res.headers.get("etag")).toBe(vnet.etag);
  });

  it("has hub-vnet 10.0.0.0/16 with subnet shared 10.0.1.0/24", async () => {
    const c = await pool.start();
    const hub = await c.read(vnetPath("hub-vnet"));
    expect(hub.properties.addressSpace.addressPrefixes).toEqual(["10.0.0.0/16"]);
    expect(hub.properties.subnets.map((s: any) => [s.name, s.properties.addressPrefix])).toEqual([["shared", "10.0.1.0/24"]]);
  });

  it("has the AKS-managed aks-vnet with aks-subnet in kubenet-aks's node resource group", async () => {
    const c = await pool.start();
    const vnet = await c.read(vnetPath("aks-vnet", MC));
    expect(vnet.id).toBe(vnetPath("aks-vnet", MC));
    expect(vnet.properties.addressSpace.addressPrefixes).toEqual(["10.224.0.0/12"]);
    expect(vnet.properties.subnets.map((s: any) => [s.name, s.properties.addressPrefix])).toEqual([["aks-subnet", "10.224.0.0/16"]]);
    expect((await c.get(vnetPath("aks-vnet"))).status).toBe(404);
    const kubenet = await c.read(clusterPath("kubenet-aks"));
    expect(kubenet.properties.nodeResourceGroup).toBe(MC);
  });

  it("serves each subnet on its own, the same as inside the VNet", async () => {
    const c = await pool.start();
    const vnet = await c.read(vnetPath("demo-vnet"));
    for (const s of vnet.properties.subnets) {
      const res = await c.get(subnetPath("demo-vnet", s.name));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(s);
    }
    expect((await c.read(subnetPath("hub-vnet", "shared"))).properties.addressPrefix).toBe("10.0.1.0/24");
    expect((await c.read(subnetPath("aks-vnet", "aks-subnet", MC))).properties.addressPrefix).toBe("10.224.0.0/16");
  });

  const expected: Record<string, { plugin: string; mode?: string; policy?: string; podCidr?: string; subnet?: string; podSubnet?: string }> = {
    "kubenet-aks": { plugin: "kubenet", podCidr: "10.244.0.0/16" },
    "cni-aks": { plugin: "azure", subnet: "aks-nodes" },
    "cni-policy-aks": { plugin: "azure", policy: "azure", subnet: "aks-nodes" },
    "podsubnet-aks": { plugin: "azure", subnet: "aks-nodes", podSubnet: "pods" },
    "overlay-aks": { plugin: "azure", mode: "overlay", podCidr: "192.168.0.0/16", subnet: "aks-nodes" },
  };

  for (const [name, want] of Object.entries(expected)) {
    it(`has ${name} with its network profile and a full body`, async () => {
      const c = await pool.start();
      const res = await c.get(clusterPath(name));
      expect(res.status).toBe(200);
      const cluster = res.body;
      expect(cluster).toMatchObject({ id: clusterPath(name), name, location: "eastus" });
      expect(cluster.type.toLowerCase()).toBe("microsoft.containerservice/managedclusters");
      const np = cluster.properties.networkProfile;
      expect(np.networkPlugin).toBe(want.plugin);
      expect(np.networkPluginMode).toBe(want.mode);
      expect(np.networkPolicy).toBe(want.policy);
      expect(np.podCidr).toBe(want.podCidr);
      expect(np.serviceCidr).toBe("172.16.0.0/16");
      expect(np.dnsServiceIP).toBe("172.16.0.10");

      const pools = cluster.properties.agentPoolProfiles;
      expect(pools.length).toBeGreaterThanOrEqual(2);
      for (const p of pools) {
        expect(p.vnetSubnetID).toBe(want.subnet ? subnetId(want.subnet) : undefined);
        expect(p.podSubnetID).toBe(want.podSubnet ? subnetId(want.podSubnet) : undefined);
        expect(p.eTag).toEqual(expect.any(String));
        expect(p).toMatchObject({ count: expect.any(Number), vmSize: expect.any(String), mode: expect.stringMatching(/^(System|User)$/), provisioningState: "Succeeded" });
      }
      expect(pools.some((p: any) => p.mode === "System")).toBe(true);
      expect(new Set(pools.map((p: any) => p.name)).size).toBe(pools.length);
      expect(new Set(pools.map((p: any) => p.eTag)).size).toBe(pools.length);
      // Each pool has its own settings, not a copy of the first one with a new name.
      const settings = pools.map(({ name: _n, eTag: _e, ...rest }: any) => JSON.stringify(rest));
      expect(new Set(settings).size).toBe(pools.length);

      expect(cluster.identity.type).toBe("SystemAssigned");
      expect(cluster.identity.principalId).toEqual(expect.any(String));
      expect(Object.keys(cluster.properties.addonProfiles).length).toBeGreaterThan(0);
      expect(Object.keys(cluster.tags).length).toBeGreaterThan(0);
      expect(cluster.properties.kubernetesVersion).toMatch(/^\d+\.\d+\.\d+$/);
      expect(cluster.properties.provisioningState).toBe("Succeeded");
      expect(cluster.properties.fqdn).toEqual(expect.any(String));
      expect(cluster.eTag).toEqual(expect.any(String));
      expect(res.headers.get("etag")).toBe(cluster.eTag);
    });
  }

  it("gives overlay-aks a fixed system pool and an autoscaling user pool", async () => {
    const c = await pool.start();
    const pools = (await c.read(clusterPath("overlay-aks"))).properties.agentPoolProfiles;
    expect(pools.find((p: any) => p.mode === "System").enableAutoScaling).toBe(false);
    const user = pools.find((p: any) => p.mode === "User");
    expect(user).toMatchObject({ enableAutoScaling: true, minCount: expect.any(Number), maxCount: expect.any(Number) });
    expect(user.maxCount).toBeGreaterThan(user.minCount);
  });

  it("gives every cluster a distinct eTag", async () => {
    const c = await pool.start();
    const list = (await c.read(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`)).value;
    expect(new Set(list.map((x: any) => x.eTag)).size).toBe(5);
  });
});

describe("list endpoints", () => {
  const names = ["kubenet-aks", "cni-aks", "cni-policy-aks", "podsubnet-aks", "overlay-aks"];

  it("lists the clusters of a resource group as {value: [...]}", async () => {
    const c = await pool.start();
    const res = await c.get(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toContain("value");
    expect(res.body.value.map((x: any) => x.name).sort()).toEqual([...names].sort());
    for (const cluster of res.body.value) expect(cluster).toEqual(await c.read(clusterPath(cluster.name)));
  });

  it("lists the clusters of a subscription as {value: [...]}", async () => {
    const c = await pool.start();
    const res = await c.get(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`);
    expect(res.status).toBe(200);
    expect(res.body.value.map((x: any) => x.name).sort()).toEqual([...names].sort());
  });

  it("lists a cluster's agent pools as resources, the same as agentPoolProfiles", async () => {
    const c = await pool.start();
    const res = await c.get(poolsPath("overlay-aks"));
    expect(res.status).toBe(200);
    const cluster = await c.read(clusterPath("overlay-aks"));
    expect(res.body.value.map((p: any) => p.name)).toEqual(cluster.properties.agentPoolProfiles.map((p: any) => p.name));
    for (const p of res.body.value) {
      expect(p.id).toBe(poolPath("overlay-aks", p.name));
      expect(p.type).toBe("Microsoft.ContainerService/managedClusters/agentPools");
      const { name, ...profile } = cluster.properties.agentPoolProfiles.find((x: any) => x.name === p.name);
      expect(p.properties).toEqual(profile);
      expect(name).toBe(p.name);
      const one = await c.get(poolPath("overlay-aks", p.name));
      expect(one.body).toEqual(p);
      expect(one.headers.get("etag")).toBe(p.properties.eTag);
    }
  });

  it("shows a new cluster in both lists", async () => {
    const c = await pool.start({ lroPolls: 0 });
    expect((await c.put(clusterPath("fresh"), newClusterBody())).status).toBe(201);
    const inGroup = (await c.read(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters`)).value;
    const inSub = (await c.read(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`)).value;
    expect(inGroup.map((x: any) => x.name)).toContain("fresh");
    expect(inSub.map((x: any) => x.name)).toContain("fresh");
  });
});
