/**
 * Microsoft's current TypeSpec-generated ("modular") SDKs, @azure/arm-containerservice 25 and
 * @azure/arm-network 39, drive the emulator unchanged: their models, serializers, api-versions
 * and poller (the CLI itself talks to ARM through the REST client underneath them).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { NetworkManagementClient } from "@azure/arm-network";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const credential = { getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }) };
let emulator: Emulator;

/** The SDK refuses to send a bearer token over http: a loopback-only policy of the test sets it. */
function local<T extends { pipeline: { removePolicy(p: { name: string }): unknown; addPolicy(p: unknown): void } }>(client: T): T {
  client.pipeline.removePolicy({ name: "bearerTokenAuthenticationPolicy" });
  client.pipeline.addPolicy({ name: "localToken", sendRequest: (request: { headers: { set(k: string, v: string): void } }, next: (r: unknown) => unknown) => (request.headers.set("authorization", "Bearer t"), next(request)) });
  return client;
}

beforeEach(async () => {
  emulator = await startEmulator({ lroPolls: 2 });
});
afterEach(async () => {
  await emulator.close();
});

describe("Microsoft's modular SDKs against the emulator", () => {
  it("read a cluster, its pools and a VNet in the SDK's flattened models", async () => {
    const cs = local(new ContainerServiceClient(credential, SUB, { endpoint: emulator.url, allowInsecureConnection: true }));
    const cluster = await cs.managedClusters.get("demo-rg", "overlay-aks");
    expect(cluster.networkProfile?.networkPluginMode).toBe("overlay");
    expect(emulator.requests[0]?.query["api-version"]).toBe("2026-06-01");
    const pools: string[] = [];
    for await (const p of cs.agentPools.list("demo-rg", "overlay-aks")) pools.push(p.name as string);
    expect(pools).toEqual(["system", "scale"]);
    const net = local(new NetworkManagementClient(credential, SUB, { endpoint: emulator.url, allowInsecureConnection: true }));
    const vnet = await net.virtualNetworks.get("demo-rg", "demo-vnet");
    expect(vnet.subnets?.map((s) => s.name)).toContain("aks-nodes");
    expect(vnet.virtualNetworkPeerings?.[0]?.remoteAddressSpace?.addressPrefixes).toEqual(["10.0.0.0/16"]);
  });
  it("drive a long-running update to the end with If-Match", async () => {
    const cs = local(new ContainerServiceClient(credential, SUB, { endpoint: emulator.url, allowInsecureConnection: true }));
    const cluster = await cs.managedClusters.get("demo-rg", "kubenet-aks");
    const result = await cs.managedClusters.createOrUpdate("demo-rg", "kubenet-aks", { ...cluster, tags: { ...cluster.tags, by: "modular" } }, { ifMatch: cluster.eTag, updateIntervalInMs: 5 });
    expect(result.provisioningState).toBe("Succeeded");
    expect(result.tags?.by).toBe("modular");
    expect(emulator.requests.find((r) => r.method === "PUT")?.ifMatch).toBe(cluster.eTag);
  });
});
