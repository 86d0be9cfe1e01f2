/**
 * The demo scenario's clusters and pools carry fields no SDK model knows, at three depths. The RP
 * returns them, keeps them through a PUT that sends them, and drops them on a PUT that omits them
 * (PUT is a full replacement), so a lossy read-modify-write shows.
 */
import { afterEach, describe, expect, it } from "vitest";
import { checkScenario, demoScenario } from "../../src/emulator/scenarios.js";
import { clusterPath, emulators, poolPath, poolsPath } from "./http.js";

const pool = emulators();
afterEach(() => pool.closeAll());

const FUTURE_PROFILE = { enabled: true, knobs: { a: 1 } };
const FUTURE_POOL = { nested: ["x"] };
const CLUSTERS = ["kubenet-aks", "cni-aks", "cni-policy-aks", "podsubnet-aks", "overlay-aks"];

describe("fields no SDK model knows", () => {
  it("every demo cluster returns them at three depths, and every pool its own", async () => {
    const c = await pool.start();
    for (const name of CLUSTERS) {
      const cluster = await c.read(clusterPath(name));
      expect(cluster.properties.futureProfile, name).toEqual(FUTURE_PROFILE);
      expect(cluster.properties.networkProfile.futureNetField, name).toBe("keep-me");
      expect(cluster.properties.agentPoolProfiles.length).toBeGreaterThan(0);
      for (const profile of cluster.properties.agentPoolProfiles) expect(profile.futurePoolField, `${name}/${profile.name}`).toEqual(FUTURE_POOL);
      const pools = (await c.read(poolsPath(name))).value;
      for (const p of pools) {
        expect(p.properties.futurePoolField, `${name}/${p.name}`).toEqual(FUTURE_POOL);
        expect((await c.read(poolPath(name, p.name))).properties.futurePoolField).toEqual(FUTURE_POOL);
      }
    }
  });

  it("survive a lossless read-modify-write of the cluster", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const before = await c.read(clusterPath("cni-aks"));
    const res = await c.put(clusterPath("cni-aks"), { ...before, tags: { changed: "yes" } }, { headers: { "if-match": before.eTag } });
    expect(res.status).toBe(200);
    expect(res.body.properties.futureProfile).toEqual(FUTURE_PROFILE);
    const after = await c.read(clusterPath("cni-aks"));
    expect(after.properties.futureProfile).toEqual(FUTURE_PROFILE);
    expect(after.properties.networkProfile.futureNetField).toBe("keep-me");
    expect(after.properties.agentPoolProfiles.map((p: any) => p.futurePoolField)).toEqual([FUTURE_POOL, FUTURE_POOL]);
  });

  it("a cluster PUT that omits them removes them, at every depth", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const before = await c.read(clusterPath("cni-aks"));
    const lossy = structuredClone(before);
    delete lossy.properties.futureProfile;
    delete lossy.properties.networkProfile.futureNetField;
    for (const p of lossy.properties.agentPoolProfiles) delete p.futurePoolField;
    expect((await c.put(clusterPath("cni-aks"), lossy)).status).toBe(200);
    const after = await c.read(clusterPath("cni-aks"));
    expect(after.properties).not.toHaveProperty("futureProfile");
    expect(after.properties.networkProfile).not.toHaveProperty("futureNetField");
    for (const p of after.properties.agentPoolProfiles) expect(p).not.toHaveProperty("futurePoolField");
    expect((await c.read(poolPath("cni-aks", "system"))).properties).not.toHaveProperty("futurePoolField");
  });

  it("an agent pool PUT keeps the pool's when sent and removes them when omitted", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const system = await c.read(poolPath("cni-aks", "system"));
    const kept = await c.put(poolPath("cni-aks", "system"), { properties: { ...system.properties, count: 4 } });
    expect(kept.status).toBe(200);
    expect(kept.body.properties.futurePoolField).toEqual(FUTURE_POOL);
    const cniuser = await c.read(poolPath("cni-aks", "cniuser"));
    const { futurePoolField: _dropped, ...lossy } = cniuser.properties;
    expect((await c.put(poolPath("cni-aks", "cniuser"), { properties: lossy })).status).toBe(200);
    expect((await c.read(poolPath("cni-aks", "cniuser"))).properties).not.toHaveProperty("futurePoolField");
    expect((await c.read(poolPath("cni-aks", "system"))).properties.futurePoolField).toEqual(FUTURE_POOL);
    // The cluster's own unknown fields are untouched by a pool write.
    expect((await c.read(clusterPath("cni-aks"))).properties.futureProfile).toEqual(FUTURE_PROFILE);
  });

  it("the demo scenario, with them, passes scenario validation", () => {
    const scenario = demoScenario();
    expect(checkScenario(JSON.parse(JSON.stringify(scenario)))).toEqual(scenario);
  });
});
