/**
 * Writes: PUT of clusters and agent pools, the async-operation protocol, eTags, If-Match /
 * If-None-Match, conflicts while an operation runs, read-only fields, and the one state behind
 * a cluster's agentPoolProfiles and its agentPools resources.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Client, SUB, clusterPath, emulators, newClusterBody, poolPath, poolsPath, subnetId, withoutWriteStamps } from "./http.js";

const pool = emulators();
afterEach(() => pool.closeAll());

const OPERATION_URL = /^\/subscriptions\/00000000-0000-0000-0000-000000000000\/providers\/Microsoft\.ContainerService\/locations\/eastus\/operations\/[^/?]+$/;

function operationUrl(c: Client, res: { headers: Headers }): string {
  const header = res.headers.get("azure-asyncoperation");
  expect(header).toEqual(expect.any(String));
  const url = new URL(header as string);
  expect(url.origin).toBe(c.emulator.url);
  expect(url.pathname).toMatch(OPERATION_URL);
  return url.href;
}

const etags = (cluster: any): string[] => cluster.properties.agentPoolProfiles.map((p: any) => p.eTag);

describe("PUT cluster: create and the operation", () => {
  for (const lroPolls of [undefined, 0, 3]) {
    const n = lroPolls ?? 2;
    it(`creates with 201 and Creating, then the operation is InProgress for ${n} polls (lroPolls ${lroPolls ?? "default"}) and Succeeded`, async () => {
      const c = await pool.start(lroPolls === undefined ? {} : { lroPolls });
      const res = await c.put(clusterPath("fresh"), newClusterBody());
      expect(res.status).toBe(201);
      expect(res.body.properties.provisioningState).toBe("Creating");
      expect(res.body).toMatchObject({ id: clusterPath("fresh"), name: "fresh", location: "eastus" });
      expect(res.body.eTag).toEqual(expect.any(String));
      const op = operationUrl(c, res);
      expect(new URL(op).searchParams.get("api-version")).toBe("2026-06-01");

      const { statuses, last } = await c.pollToEnd(op);
      expect(statuses).toEqual([...Array(n).fill("InProgress"), "Succeeded"]);
      expect(last).toMatchObject({ name: new URL(op).pathname.split("/").at(-1), status: "Succeeded" });
      expect(last.error).toBeUndefined();
      // Once ended, an operation keeps its status.
      expect((await c.read(op)).status).toBe("Succeeded");

      const cluster = await c.read(clusterPath("fresh"));
      expect(cluster.properties.provisioningState).toBe("Succeeded");
      for (const p of cluster.properties.agentPoolProfiles) expect(p.provisioningState).toBe("Succeeded");
      expect(cluster.eTag).toBe(res.body.eTag);
    });
  }

  it("shows Creating on GET while the operation is InProgress", async () => {
    const c = await pool.start({ lroPolls: 2 });
    const res = await c.put(clusterPath("fresh"), newClusterBody());
    expect((await c.read(clusterPath("fresh"))).properties.provisioningState).toBe("Creating");
    const op = operationUrl(c, res);
    expect((await c.read(op)).status).toBe("InProgress");
    expect((await c.read(clusterPath("fresh"))).properties.provisioningState).toBe("Creating");
  });

  it("sends no Retry-After on operation polls", async () => {
    const c = await pool.start({ lroPolls: 1 });
    const res = await c.put(clusterPath("fresh"), newClusterBody());
    const op = operationUrl(c, res);
    for (let i = 0; i < 2; i++) {
      const poll = await c.get(op);
      expect(poll.status).toBe(200);
      expect(poll.headers.get("retry-after")).toBeNull();
    }
  });

  it("fills the RP's fields on create: fqdn, versions, powerState, resourceUID, principalId, node image", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const created = (await c.put(clusterPath("fresh"), newClusterBody())).body;
    expect(created.properties).toMatchObject({
      fqdn: expect.any(String),
      currentKubernetesVersion: "1.30.5",
      powerState: { code: "Running" },
      resourceUID: expect.any(String),
      nodeResourceGroup: "MC_demo-rg_fresh_eastus",
    });
    expect(created.identity.principalId).toEqual(expect.any(String));
    expect(created.properties.agentPoolProfiles[0].nodeImageVersion).toEqual(expect.any(String));
    expect(created.properties.agentPoolProfiles[0].eTag).toEqual(expect.any(String));
  });

  it("refuses a body without location or without pools, and changes nothing", async () => {
    const c = await pool.start();
    const { location: _l, ...noLocation } = newClusterBody();
    expect((await c.put(clusterPath("fresh"), noLocation)).status).toBe(400);
    const noPools = newClusterBody({}, []);
    expect((await c.put(clusterPath("fresh"), noPools)).status).toBe(400);
    expect((await c.get(clusterPath("fresh"))).status).toBe(404);
  });
});

describe("PUT cluster: update", () => {
  for (const lroPolls of [undefined, 0, 3]) {
    const n = lroPolls ?? 2;
    it(`updates with 200 and Updating, InProgress for ${n} polls (lroPolls ${lroPolls ?? "default"}), then Succeeded`, async () => {
      const c = await pool.start(lroPolls === undefined ? {} : { lroPolls });
      const before = await c.read(clusterPath("cni-aks"));
      const res = await c.put(clusterPath("cni-aks"), { ...before, tags: { ...before.tags, changed: "yes" } });
      expect(res.status).toBe(200);
      expect(res.body.properties.provisioningState).toBe("Updating");
      expect(res.body.tags.changed).toBe("yes");
      const { statuses } = await c.pollToEnd(operationUrl(c, res));
      expect(statuses).toEqual([...Array(n).fill("InProgress"), "Succeeded"]);
      const after = await c.read(clusterPath("cni-aks"));
      expect(after.properties.provisioningState).toBe("Succeeded");
      expect(after.tags.changed).toBe("yes");
    });
  }

  it("changes the cluster's eTag and every pool's eTag on each write", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const seen = new Set<string>();
    let current = await c.read(clusterPath("overlay-aks"));
    seen.add(current.eTag);
    for (const p of etags(current)) seen.add(p);
    for (let i = 0; i < 3; i++) {
      const res = await c.put(clusterPath("overlay-aks"), current);
      expect(res.status).toBe(200);
      const next = await c.read(clusterPath("overlay-aks"));
      expect(next.eTag).not.toBe(current.eTag);
      expect(res.body.eTag).toBe(next.eTag);
      expect(res.headers.get("etag") ?? next.eTag).toBe(next.eTag);
      for (const [j, tag] of etags(next).entries()) expect(tag, `pool ${j}`).not.toBe(etags(current)[j]);
      for (const tag of [next.eTag, ...etags(next)]) {
        expect(seen.has(tag)).toBe(false);
        seen.add(tag);
      }
      // The agentPools resources carry the same new eTags.
      const pools = (await c.read(poolsPath("overlay-aks"))).value;
      expect(pools.map((p: any) => p.properties.eTag)).toEqual(etags(next));
      current = next;
    }
  });

  it("keeps the read-only fields a PUT body omits", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const before = await c.read(clusterPath("cni-aks"));
    const body = structuredClone(before);
    for (const f of ["fqdn", "currentKubernetesVersion", "powerState", "resourceUID", "provisioningState", "azurePortalFQDN", "maxAgentPools"]) delete body.properties[f];
    body.identity = { type: "SystemAssigned" };
    delete body.eTag;
    for (const p of body.properties.agentPoolProfiles) {
      for (const f of ["nodeImageVersion", "currentOrchestratorVersion", "powerState", "provisioningState", "eTag"]) delete p[f];
    }
    const res = await c.put(clusterPath("cni-aks"), body);
    expect(res.status).toBe(200);
    const after = await c.read(clusterPath("cni-aks"));
    for (const f of ["fqdn", "currentKubernetesVersion", "powerState", "resourceUID"]) expect(after.properties[f], f).toEqual(before.properties[f]);
    expect(after.identity.principalId).toBe(before.identity.principalId);
    expect(after.identity.tenantId).toBe(before.identity.tenantId);
    for (const [i, p] of after.properties.agentPoolProfiles.entries()) {
      expect(p.nodeImageVersion).toBe(before.properties.agentPoolProfiles[i].nodeImageVersion);
      expect(p.currentOrchestratorVersion).toBe(before.properties.agentPoolProfiles[i].currentOrchestratorVersion);
      expect(p.powerState).toEqual(before.properties.agentPoolProfiles[i].powerState);
    }
    // And a read-only value in the body does not overwrite the RP's.
    const forged = structuredClone(after);
    forged.properties.fqdn = "forged.example.com";
    forged.properties.resourceUID = "forged";
    forged.identity.principalId = "forged";
    forged.properties.agentPoolProfiles[0].nodeImageVersion = "forged";
    await c.put(clusterPath("cni-aks"), forged);
    const again = await c.read(clusterPath("cni-aks"));
    expect(again.properties.fqdn).toBe(before.properties.fqdn);
    expect(again.properties.resourceUID).toBe(before.properties.resourceUID);
    expect(again.identity.principalId).toBe(before.identity.principalId);
    expect(again.properties.agentPoolProfiles[0].nodeImageVersion).toBe(before.properties.agentPoolProfiles[0].nodeImageVersion);
  });

  for (const name of ["kubenet-aks", "cni-aks", "cni-policy-aks", "podsubnet-aks", "overlay-aks"]) {
    it(`keeps every other field of ${name} byte for byte when the PUT body is the whole GET`, async () => {
      const c = await pool.start();
      const get = await c.get(clusterPath(name));
      const res = await c.put(clusterPath(name), get.body);
      expect(res.status).toBe(200);
      expect(withoutWriteStamps(res.body)).toEqual(withoutWriteStamps(get.body));
      await c.pollToEnd(operationUrl(c, res));
      const after = await c.get(clusterPath(name));
      expect(withoutWriteStamps(after.body)).toEqual(withoutWriteStamps(get.body));
      expect(JSON.stringify(withoutWriteStamps(after.body))).toBe(JSON.stringify(withoutWriteStamps(get.body)));
      expect(after.body.properties.provisioningState).toBe("Succeeded");
    });
  }
});

describe("PUT agent pool", () => {
  const newPool = (extra: Record<string, unknown> = {}) => ({
    properties: { count: 2, vmSize: "Standard_D4s_v5", mode: "User", type: "VirtualMachineScaleSets", osType: "Linux", maxPods: 110, vnetSubnetID: subnetId("aks-nodes"), ...extra },
  });

  it("creates with 201 and Creating, the operation runs, and the pool becomes Succeeded", async () => {
    const c = await pool.start();
    const res = await c.put(poolPath("overlay-aks", "extra"), newPool());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: poolPath("overlay-aks", "extra"), name: "extra", properties: { provisioningState: "Creating", count: 2 } });
    expect(res.body.properties.eTag).toEqual(expect.any(String));
    const { statuses } = await c.pollToEnd(operationUrl(c, res));
    expect(statuses).toEqual(["InProgress", "InProgress", "Succeeded"]);
    const after = await c.get(poolPath("overlay-aks", "extra"));
    expect(after.body.properties.provisioningState).toBe("Succeeded");
    expect(after.body.properties.nodeImageVersion).toEqual(expect.any(String));
    expect(after.headers.get("etag")).toBe(after.body.properties.eTag);
  });

  it("creates with Creating in the PUT response even when the operation takes no polls (lroPolls 0)", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const res = await c.put(poolPath("overlay-aks", "extra"), newPool());
    expect(res.status).toBe(201);
    expect(res.body.properties.provisioningState).toBe("Creating");
    expect((await c.pollToEnd(operationUrl(c, res))).statuses).toEqual(["Succeeded"]);
    expect((await c.read(poolPath("overlay-aks", "extra"))).properties.provisioningState).toBe("Succeeded");
  });

  it("updates with 200 and Updating, with a new eTag", async () => {
    const c = await pool.start({ lroPolls: 1 });
    const before = await c.read(poolPath("overlay-aks", "scale"));
    const res = await c.put(poolPath("overlay-aks", "scale"), { properties: { ...before.properties, maxCount: 50 } });
    expect(res.status).toBe(200);
    expect(res.body.properties.provisioningState).toBe("Updating");
    expect((await c.read(poolPath("overlay-aks", "scale"))).properties.provisioningState).toBe("Updating");
    expect((await c.pollToEnd(operationUrl(c, res))).statuses).toEqual(["InProgress", "Succeeded"]);
    const after = await c.read(poolPath("overlay-aks", "scale"));
    expect(after.properties.maxCount).toBe(50);
    expect(after.properties.eTag).not.toBe(before.properties.eTag);
    expect(after.properties.provisioningState).toBe("Succeeded");
  });

  it("keeps a pool byte for byte when the PUT body is the whole GET, and keeps its read-only fields when omitted", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const before = await c.read(poolPath("cni-aks", "cniuser"));
    expect((await c.put(poolPath("cni-aks", "cniuser"), before)).status).toBe(200);
    const after = await c.read(poolPath("cni-aks", "cniuser"));
    const strip = (p: any) => ({ ...p, properties: { ...p.properties, eTag: "<etag>", provisioningState: "<state>" } });
    expect(JSON.stringify(strip(after))).toBe(JSON.stringify(strip(before)));
    const { nodeImageVersion: _n, currentOrchestratorVersion: _c, powerState: _p, eTag: _e, provisioningState: _s, ...writable } = before.properties;
    expect((await c.put(poolPath("cni-aks", "cniuser"), { properties: writable })).status).toBe(200);
    const again = await c.read(poolPath("cni-aks", "cniuser"));
    expect(again.properties.nodeImageVersion).toBe(before.properties.nodeImageVersion);
    expect(again.properties.currentOrchestratorVersion).toBe(before.properties.currentOrchestratorVersion);
    expect(again.properties.powerState).toEqual(before.properties.powerState);
  });

  it("refuses an invalid agent pool name with 400", async () => {
    const c = await pool.start();
    const res = await c.put(poolPath("overlay-aks", "Bad_Name"), newPool());
    expect(res.status).toBe(400);
    expect(res.body.error.code).toEqual(expect.any(String));
  });
});

describe("one state: agentPoolProfiles and agentPools", () => {
  it("a pool PUT shows in the cluster's agentPoolProfiles and changes the cluster's eTag", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const before = await c.read(clusterPath("cni-aks"));
    const res = await c.put(poolPath("cni-aks", "extra"), { properties: { count: 4, vmSize: "Standard_D2s_v5", mode: "User", vnetSubnetID: subnetId("aks-nodes"), maxPods: 30 } });
    expect(res.status).toBe(201);
    const after = await c.read(clusterPath("cni-aks"));
    expect(after.eTag).not.toBe(before.eTag);
    expect(after.properties.agentPoolProfiles.map((p: any) => p.name)).toEqual([...before.properties.agentPoolProfiles.map((p: any) => p.name), "extra"]);
    const extra = after.properties.agentPoolProfiles.find((p: any) => p.name === "extra");
    expect(extra).toMatchObject({ count: 4, vmSize: "Standard_D2s_v5", eTag: res.body.properties.eTag });
    expect((await c.read(poolsPath("cni-aks"))).value.map((p: any) => p.name)).toContain("extra");

    // An update of an existing pool changes that profile and the cluster eTag again.
    const system = await c.read(poolPath("cni-aks", "system"));
    await c.put(poolPath("cni-aks", "system"), { properties: { ...system.properties, count: 5 } });
    const again = await c.read(clusterPath("cni-aks"));
    expect(again.eTag).not.toBe(after.eTag);
    expect(again.properties.agentPoolProfiles.find((p: any) => p.name === "system").count).toBe(5);
    // The other pools are untouched.
    expect(again.properties.agentPoolProfiles.find((p: any) => p.name === "cniuser")).toEqual(after.properties.agentPoolProfiles.find((p: any) => p.name === "cniuser"));
  });

  it("a cluster PUT shows in the agentPools resources", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const cluster = await c.read(clusterPath("cni-aks"));
    cluster.properties.agentPoolProfiles[1].count = 4;
    cluster.properties.agentPoolProfiles.push({ name: "more", count: 1, vmSize: "Standard_D2s_v5", mode: "User", vnetSubnetID: subnetId("aks-nodes"), maxPods: 30 });
    expect((await c.put(clusterPath("cni-aks"), cluster)).status).toBe(200);
    expect((await c.read(poolPath("cni-aks", "cniuser"))).properties.count).toBe(4);
    const more = await c.get(poolPath("cni-aks", "more"));
    expect(more.status).toBe(200);
    expect(more.body.properties).toMatchObject({ count: 1, provisioningState: "Succeeded" });
    expect((await c.read(poolsPath("cni-aks"))).value.map((p: any) => p.name)).toEqual(["system", "cniuser", "more"]);
  });

  it("a pool operation's end state shows in the cluster view", async () => {
    const c = await pool.start({ lroPolls: 1 });
    const system = await c.read(poolPath("overlay-aks", "system"));
    const res = await c.put(poolPath("overlay-aks", "system"), system);
    const inCluster = async () => (await c.read(clusterPath("overlay-aks"))).properties.agentPoolProfiles.find((p: any) => p.name === "system");
    expect((await inCluster()).provisioningState).toBe("Updating");
    await c.pollToEnd(operationUrl(c, res));
    expect((await inCluster()).provisioningState).toBe("Succeeded");
  });
});

describe("If-Match and If-None-Match", () => {
  it("412 on a cluster If-Match mismatch, and nothing changes", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const before = await c.read(clusterPath("cni-aks"));
    const res = await c.put(clusterPath("cni-aks"), { ...before, tags: { changed: "yes" } }, { headers: { "if-match": "stale-etag" } });
    expect(res.status).toBe(412);
    expect(res.body.error.code).toEqual(expect.any(String));
    expect(await c.read(clusterPath("cni-aks"))).toEqual(before);
    expect((await c.read(poolsPath("cni-aks"))).value.every((p: any) => p.properties.provisioningState === "Succeeded")).toBe(true);
  });

  it("accepts a cluster If-Match with the current eTag, and then that eTag is stale", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const before = await c.read(clusterPath("cni-aks"));
    const ok = await c.put(clusterPath("cni-aks"), { ...before, tags: { one: "1" } }, { headers: { "if-match": before.eTag } });
    expect(ok.status).toBe(200);
    const stale = await c.put(clusterPath("cni-aks"), { ...before, tags: { two: "2" } }, { headers: { "if-match": before.eTag } });
    expect(stale.status).toBe(412);
    expect((await c.read(clusterPath("cni-aks"))).tags).toEqual({ one: "1" });
  });

  it("412 on a pool If-Match mismatch, and nothing changes; the pool's own eTag is accepted", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const cluster = await c.read(clusterPath("overlay-aks"));
    const scale = await c.read(poolPath("overlay-aks", "scale"));
    const bad = await c.put(poolPath("overlay-aks", "scale"), { properties: { ...scale.properties, maxCount: 10 } }, { headers: { "if-match": "stale-etag" } });
    expect(bad.status).toBe(412);
    expect(await c.read(clusterPath("overlay-aks"))).toEqual(cluster);
    // The cluster's eTag is not the pool's.
    expect((await c.put(poolPath("overlay-aks", "scale"), { properties: { ...scale.properties, maxCount: 10 } }, { headers: { "if-match": cluster.eTag } })).status).toBe(412);
    const ok = await c.put(poolPath("overlay-aks", "scale"), { properties: { ...scale.properties, maxCount: 10 } }, { headers: { "if-match": scale.properties.eTag } });
    expect(ok.status).toBe(200);
    expect((await c.read(poolPath("overlay-aks", "scale"))).properties.maxCount).toBe(10);
  });

  it("412 for If-None-Match: * on an existing cluster or pool, and nothing changes", async () => {
    const c = await pool.start();
    const cluster = await c.read(clusterPath("cni-aks"));
    expect((await c.put(clusterPath("cni-aks"), { ...cluster, tags: {} }, { headers: { "if-none-match": "*" } })).status).toBe(412);
    const system = await c.read(poolPath("cni-aks", "system"));
    expect((await c.put(poolPath("cni-aks", "system"), { properties: { ...system.properties, count: 9 } }, { headers: { "if-none-match": "*" } })).status).toBe(412);
    expect(await c.read(clusterPath("cni-aks"))).toEqual(cluster);
  });

  it("201 for If-None-Match: * on a new cluster or pool", async () => {
    const c = await pool.start({ lroPolls: 0 });
    expect((await c.put(clusterPath("fresh"), newClusterBody(), { headers: { "if-none-match": "*" } })).status).toBe(201);
    const res = await c.put(poolPath("cni-aks", "extra"), { properties: { count: 1, vmSize: "Standard_D2s_v5", mode: "User", vnetSubnetID: subnetId("aks-nodes"), maxPods: 30 } }, { headers: { "if-none-match": "*" } });
    expect(res.status).toBe(201);
  });

  it("412 for If-Match on a cluster that does not exist", async () => {
    const c = await pool.start();
    expect((await c.put(clusterPath("fresh"), newClusterBody(), { headers: { "if-match": "anything" } })).status).toBe(412);
    expect((await c.get(clusterPath("fresh"))).status).toBe(404);
  });
});

describe("a write while an operation is InProgress", () => {
  it("409 for a second cluster PUT, and the first write stands", async () => {
    const c = await pool.start({ lroPolls: 2 });
    const before = await c.read(clusterPath("cni-aks"));
    const first = await c.put(clusterPath("cni-aks"), { ...before, tags: { first: "1" } });
    expect(first.status).toBe(200);
    const second = await c.put(clusterPath("cni-aks"), { ...before, tags: { second: "2" } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toEqual(expect.any(String));
    const during = await c.read(clusterPath("cni-aks"));
    expect(during.tags).toEqual({ first: "1" });
    expect(during.eTag).toBe(first.body.eTag);
    // A pool PUT on the same cluster is refused too.
    const system = await c.read(poolPath("cni-aks", "system"));
    expect((await c.put(poolPath("cni-aks", "system"), system)).status).toBe(409);
    await c.pollToEnd(operationUrl(c, first));
    expect((await c.put(clusterPath("cni-aks"), { ...during, tags: { third: "3" } })).status).toBe(200);
  });

  it("409 for a PUT while a create is InProgress, and for a cluster PUT while a pool operation runs", async () => {
    const c = await pool.start({ lroPolls: 1 });
    const created = await c.put(clusterPath("fresh"), newClusterBody());
    expect(created.status).toBe(201);
    expect((await c.put(clusterPath("fresh"), newClusterBody())).status).toBe(409);
    const system = await c.read(poolPath("overlay-aks", "system"));
    const poolWrite = await c.put(poolPath("overlay-aks", "system"), system);
    expect(poolWrite.status).toBe(200);
    const cluster = await c.read(clusterPath("overlay-aks"));
    expect((await c.put(clusterPath("overlay-aks"), cluster)).status).toBe(409);
    // Other clusters are not blocked.
    expect((await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")))).status).toBe(200);
  });
});

describe("bodies the emulator cannot read", () => {
  it("400 InvalidRequestContent for invalid JSON on a cluster or pool PUT, and nothing changes", async () => {
    const c = await pool.start();
    const before = await c.read(clusterPath("cni-aks"));
    for (const path of [clusterPath("cni-aks"), poolPath("cni-aks", "system"), clusterPath("fresh")]) {
      const res = await c.put(path, '{"location": "eastus",');
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe("InvalidRequestContent");
    }
    expect(await c.read(clusterPath("cni-aks"))).toEqual(before);
  });

  it("400 InvalidRequestContent for a JSON body that is not an object", async () => {
    const c = await pool.start();
    for (const body of ["[]", "null", "42", '"text"']) {
      const res = await c.put(clusterPath("cni-aks"), body);
      expect(res.status, body).toBe(400);
      expect(res.body.error.code).toBe("InvalidRequestContent");
    }
  });

  for (const body of ["null", "[]", "42"]) {
    it(`400 InvalidRequestContent for an agent pool PUT body ${body}, and the pool is unchanged`, async () => {
      const c = await pool.start();
      const before = await c.read(clusterPath("cni-aks"));
      const res = await c.put(poolPath("cni-aks", "system"), body);
      expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 400, code: "InvalidRequestContent" });
      expect(await c.read(clusterPath("cni-aks"))).toEqual(before);
    });
  }
});

it("serves the subscription in operation ids", async () => {
  const c = await pool.start();
  const res = await c.put(clusterPath("fresh"), newClusterBody());
  const poll = await c.read(operationUrl(c, res));
  expect(poll.id).toMatch(new RegExp(`^/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/eastus/operations/`));
  expect(poll.startTime).toEqual(expect.any(String));
});

describe("operations nobody polls", () => {
  it("end on their own: a read of the resource after a while shows the outcome", async () => {
    const { startEmulator } = await import("../../src/emulator/server.js");
    const { clusterId } = await import("../../src/emulator/resources.js");
    const emulator = await startEmulator({ lroPolls: 5 });
    try {
      const id = clusterId("00000000-0000-0000-0000-000000000000", "demo-rg", "cni-aks");
      const cluster = emulator.state.getCluster(id);
      const { operation } = emulator.state.putCluster(id, cluster, undefined, undefined, 5);
      emulator.state.advance(Date.parse(operation.startTime) + 100);
      expect((emulator.state.getCluster(id).properties as any).provisioningState).toBe("Updating");
      emulator.state.advance(Date.parse(operation.startTime) + 2500);
      expect((emulator.state.getCluster(id).properties as any).provisioningState).toBe("Succeeded");
    } finally {
      await emulator.close();
    }
  });
  // A clock the test moves: polls are never too slow for the window, however loaded the machine.
  const testClock = () => {
    let now = Date.parse("2026-11-01T00:00:00Z");
    return { clock: () => now, move: (ms: number) => (now += ms) };
  };

  it("end on their own after being polled and left, with no request at all (an interrupted client)", async () => {
    const time = testClock();
    const c = await pool.start({ lroPolls: 5, abandonedAfterMs: 20, clock: time.clock });
    const res = await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")));
    const op = operationUrl(c, res);
    expect((await c.read(op)).status).toBe("InProgress");
    expect((await c.read(op)).status).toBe("InProgress");
    const operation = [...c.emulator.state.operations.values()][0] as any;
    time.move(21);
    expect(operation.status).toBe("InProgress");
    // No request from here on: the emulator's own timer ends it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(operation.status).toBe("Succeeded");
    expect(c.emulator.state.clusters.get(clusterPath("cni-aks").toLowerCase())?.properties).toMatchObject({ provisioningState: "Succeeded" });
    expect((await c.read(op)).status).toBe("Succeeded");
    // The cluster takes writes again (no 409 for an operation that would never end).
    expect((await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")))).status).toBe(200);
  });

  it("a polled-then-left operation with an operationStatus fault ends as the fault says", async () => {
    const time = testClock();
    const c = await pool.start({ lroPolls: 5, abandonedAfterMs: 20, clock: time.clock, faults: [{ match: { method: "PUT" }, operationStatus: "Canceled" }] });
    const res = await c.put(poolPath("cni-aks", "system"), await c.read(poolPath("cni-aks", "system")));
    expect((await c.read(operationUrl(c, res))).status).toBe("InProgress");
    time.move(20);
    const poll = await c.read(operationUrl(c, res));
    expect(poll.status).toBe("Canceled");
    expect((await c.read(poolPath("cni-aks", "system"))).properties.provisioningState).toBe("Canceled");
  });

  it("each poll keeps an operation alive for abandonedAfterMs, and it still ends after lroPolls polls", async () => {
    const time = testClock();
    const c = await pool.start({ lroPolls: 3, abandonedAfterMs: 80, clock: time.clock });
    const res = await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")));
    const statuses: string[] = [];
    // 4 x 60 ms: far longer than abandonedAfterMs in all, never that long between polls.
    for (let i = 0; i < 4; i++) {
      time.move(60);
      statuses.push((await c.read(operationUrl(c, res))).status);
    }
    expect(statuses).toEqual(["InProgress", "InProgress", "InProgress", "Succeeded"]);
    const left = await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")));
    time.move(80);
    expect((await c.read(operationUrl(c, left))).status).toBe("Succeeded");
  });

  it("abandonedAfterMs is capped", async () => {
    const { startEmulator } = await import("../../src/emulator/server.js");
    await expect(startEmulator({ abandonedAfterMs: 3_600_000 })).rejects.toThrow("abandonedAfterMs 3600000: expected a whole number from 1 to 60000 (the maximum)");
  });

  it("count every node's address in its subnet", async () => {
    const { startEmulator } = await import("../../src/emulator/server.js");
    const emulator = await startEmulator();
    try {
      const vnet = emulator.state.getVnet("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo-vnet") as any;
      const used = Object.fromEntries(vnet.properties.subnets.map((s: any) => [s.name, (s.properties.ipConfigurations ?? []).length]));
      // small: 4 other devices; aks-nodes: overlay-aks 6 nodes, podsubnet-aks 5 nodes, two legacy CNI clusters (3 x 31 + 2 x 51 each);
      // pods: podsubnet-aks 5 nodes x 30 pods.
      expect(used).toEqual({ "aks-nodes": 6 + 5 + 2 * (3 * 31 + 2 * 51), "pool-dedicated": 0, small: 4, pods: 150 });
    } finally {
      await emulator.close();
    }
  });
});

describe("the RP counts addresses others use in a subnet", () => {
  it("refuses a pool that fits the subnet's size but not what is free", async () => {
    const { startEmulator } = await import("../../src/emulator/server.js");
    const { clusterId } = await import("../../src/emulator/resources.js");
    const emulator = await startEmulator({ lroPolls: 0 });
    try {
      const cluster = clusterId("00000000-0000-0000-0000-000000000000", "demo-rg", "overlay-aks");
      const small = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/small";
      // small: a /28 holds 11 usable addresses; 4 are in use, so 7 are free.
      expect(() => emulator.state.putPool(cluster, "seven", { properties: { count: 7, mode: "User", vnetSubnetID: small } }, undefined, "*", 0)).toThrow(/InsufficientSubnetSize|already in use|exceeds IPs available/);
      const ok = emulator.state.putPool(cluster, "six", { properties: { count: 6, mode: "User", vnetSubnetID: small } }, undefined, "*", 0);
      emulator.state.settle(ok.operation);
      expect(emulator.state.getPool(cluster, "six")).toBeDefined();
    } finally {
      await emulator.close();
    }
  });
});
