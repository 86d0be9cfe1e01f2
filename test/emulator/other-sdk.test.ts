/**
 * Like real ARM, the emulator serves any client: here Microsoft's previous, AutoRest-generated
 * SDK (@azure/arm-containerservice 21, core-client and core-lro 2: another LRO engine) drives it
 * unchanged.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ContainerServiceClient } from "arm-containerservice-autorest";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";

const SUB = "00000000-0000-0000-0000-000000000000";
let emulator: Emulator;

function client(): ContainerServiceClient {
  const c = new ContainerServiceClient({ getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }) }, SUB, {
    $host: emulator.url,
    endpoint: emulator.url,
    allowInsecureConnection: true,
  });
  c.pipeline.removePolicy({ name: "bearerTokenAuthenticationPolicy" });
  c.pipeline.addPolicy({ name: "localToken", sendRequest: (request, next) => (request.headers.set("authorization", "Bearer t"), next(request)) });
  return c;
}

beforeEach(async () => {
  emulator = await startEmulator({ lroPolls: 2 });
});
afterEach(async () => {
  await emulator.close();
});

describe("Microsoft's AutoRest SDK against the emulator", () => {
  it("reads clusters and pools with its own api-version", async () => {
    const cluster = await client().managedClusters.get("demo-rg", "overlay-aks");
    expect(cluster.networkProfile?.networkPluginMode).toBe("overlay");
    expect(emulator.requests[0]?.query["api-version"]).not.toBe("2026-06-01");
    const pools = [];
    for await (const p of client().agentPools.list("demo-rg", "overlay-aks")) pools.push(p.name);
    expect(pools).toEqual(["system", "scale"]);
  });
  it("drives a long-running update to the end through the async-operation protocol", async () => {
    const c = client();
    const cluster = await c.managedClusters.get("demo-rg", "kubenet-aks");
    const result = await c.managedClusters.beginCreateOrUpdateAndWait("demo-rg", "kubenet-aks", { ...cluster, tags: { ...cluster.tags, by: "autorest" } }, { ifMatch: cluster.eTag, updateIntervalInMs: 5 });
    expect(result.provisioningState).toBe("Succeeded");
    expect(result.tags?.by).toBe("autorest");
    expect(emulator.requests.filter((r) => r.path.includes("/operations/")).length).toBe(3);
  });
  it("sees an operation that ends Failed", async () => {
    emulator.faults.add([{ match: { method: "PUT" }, operationStatus: "Failed", armCode: "Boom" }]);
    const c = client();
    const cluster = await c.managedClusters.get("demo-rg", "kubenet-aks");
    await expect(c.managedClusters.beginCreateOrUpdateAndWait("demo-rg", "kubenet-aks", cluster, { updateIntervalInMs: 5 })).rejects.toThrow();
  });
});
