/**
 * The noEffect fault: `{"operationStatus": "Succeeded", "noEffect": true}` makes an update end Succeeded
 * while the stored resource keeps its previous state (only eTag and provisioningState move), as Azure did
 * in Azure/azure-cli#28403. It lets a client's read-back check be tested.
 */
import { afterEach, describe, expect, it } from "vitest";
import { clusterPath, emulators, newClusterBody, poolPath } from "./http.js";
import { FaultError, checkFaults } from "../../src/emulator/faults.js";

const pool = emulators();
afterEach(() => pool.closeAll());

const NO_EFFECT = { match: { method: "PUT", path: "/**/managedClusters/*" }, operationStatus: "Succeeded", noEffect: true };

/** A cluster without what a write may move. */
function stable(cluster: any): any {
  const copy = structuredClone(cluster);
  delete copy.eTag;
  delete copy.properties.provisioningState;
  for (const p of copy.properties.agentPoolProfiles) {
    delete p.eTag;
    delete p.provisioningState;
  }
  return copy;
}

describe("noEffect: an update that ends Succeeded and changes nothing", () => {
  it("a pod CIDR expansion is answered as accepted, ends Succeeded, and the cluster reads back as it was but for eTag and provisioningState", async () => {
    const c = await pool.start();
    expect((await c.control("POST", "faults", [NO_EFFECT])).status).toBe(200);
    const before = await c.read(clusterPath("overlay-aks"));
    const body = structuredClone(before);
    Object.assign(body.properties.networkProfile, { podCidr: "192.168.0.0/15", podCidrs: ["192.168.0.0/15"] });
    const res = await c.put(clusterPath("overlay-aks"), body, { headers: { "if-match": before.eTag } });
    expect(res.status).toBe(200);
    expect(res.body.properties.networkProfile.podCidr).toBe("192.168.0.0/15");
    const during = await c.read(clusterPath("overlay-aks"));
    expect(during.properties.provisioningState).toBe("Updating");
    expect(during.properties.networkProfile.podCidr).toBe("192.168.0.0/16");
    const end = await c.pollToEnd(res.headers.get("azure-asyncoperation") as string);
    expect(end.statuses.at(-1)).toBe("Succeeded");
    expect(end.last.error).toBeUndefined();
    const after = await c.read(clusterPath("overlay-aks"));
    expect(after.properties.provisioningState).toBe("Succeeded");
    expect(after.eTag).not.toBe(before.eTag);
    expect(after.eTag).toBe(res.body.eTag);
    expect(stable(after)).toEqual(stable(before));
    // The fault is spent: the next update takes effect.
    expect((await c.control("GET", "faults")).body).toEqual([]);
    const again = structuredClone(after);
    Object.assign(again.properties.networkProfile, { podCidr: "192.168.0.0/15", podCidrs: ["192.168.0.0/15"] });
    await c.pollToEnd((await c.put(clusterPath("overlay-aks"), again)).headers.get("azure-asyncoperation") as string);
    expect((await c.read(clusterPath("overlay-aks"))).properties.networkProfile.podCidr).toBe("192.168.0.0/15");
  });

  it("works on an agent pool update: the pool keeps its count, with a new eTag", async () => {
    const c = await pool.start({ lroPolls: 0 });
    await c.control("POST", "faults", [{ match: { path: "/**/agentPools/scale" }, operationStatus: "Succeeded", noEffect: true }]);
    const before = await c.read(poolPath("overlay-aks", "scale"));
    const body = structuredClone(before);
    body.properties.maxCount = 50;
    const res = await c.put(poolPath("overlay-aks", "scale"), body);
    expect(res.status).toBe(200);
    expect(res.body.properties.maxCount).toBe(50);
    const after = await c.read(poolPath("overlay-aks", "scale"));
    expect(after.properties.maxCount).toBe(100);
    expect(after.properties.provisioningState).toBe("Succeeded");
    expect(after.properties.eTag).not.toBe(before.properties.eTag);
  });

  it("waits for an update: a create and a refused PUT leave it armed", async () => {
    const c = await pool.start({ lroPolls: 0 });
    await c.control("POST", "faults", [NO_EFFECT]);
    expect((await c.put(clusterPath("fresh"), newClusterBody())).status).toBe(201);
    expect((await c.read(clusterPath("fresh"))).properties.networkProfile.podCidr).toBe("192.168.0.0/16");
    const shrink = await c.read(clusterPath("overlay-aks"));
    Object.assign(shrink.properties.networkProfile, { podCidr: "192.168.0.0/17", podCidrs: ["192.168.0.0/17"] });
    expect((await c.put(clusterPath("overlay-aks"), shrink)).status).toBe(400);
    expect((await c.control("GET", "faults")).body).toEqual([{ ...NO_EFFECT, times: 1 }]);
  });

  it("does not touch GETs or operation polls", async () => {
    const c = await pool.start();
    await c.control("POST", "faults", [{ operationStatus: "Succeeded", noEffect: true }]);
    expect((await c.get(clusterPath("overlay-aks"))).status).toBe(200);
    expect((await c.control("GET", "faults")).body).toHaveLength(1);
  });
});

describe("noEffect is checked like the other fault fields", () => {
  const bad: [string, unknown][] = [
    ["noEffect without operationStatus", { noEffect: true }],
    ["noEffect with operationStatus Failed", { operationStatus: "Failed", noEffect: true }],
    ["noEffect false", { operationStatus: "Succeeded", noEffect: false }],
    ["noEffect that is not a boolean", { operationStatus: "Succeeded", noEffect: "yes" }],
    ["operationStatus Succeeded without noEffect", { operationStatus: "Succeeded" }],
    ["noEffect with an armCode", { operationStatus: "Succeeded", noEffect: true, armCode: "X" }],
    ["noEffect with a status", { status: 500, operationStatus: "Succeeded", noEffect: true }],
  ];
  for (const [what, fault] of bad) {
    it(`refuses ${what}: 400 InvalidFault over HTTP, FaultError in process`, async () => {
      expect(() => checkFaults([fault])).toThrow(FaultError);
      const c = await pool.start();
      const res = await c.control("POST", "faults", [fault]);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("InvalidFault");
      expect((await c.control("GET", "faults")).body).toEqual([]);
    });
  }

  it("names the fix in the message", () => {
    expect(() => checkFaults([{ operationStatus: "Succeeded" }])).toThrow('fault 0: "operationStatus": "Succeeded" needs "noEffect": true');
    expect(() => checkFaults([{ noEffect: true }])).toThrow(/give exactly one of status, drop, operationStatus, delayMs/);
  });
});
