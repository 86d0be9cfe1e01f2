/**
 * The SDK adapter against the emulator: the real @azure SDKs over real HTTP on 127.0.0.1. For
 * each fault: what the caller gets, and how many requests it took (from the emulator's log).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clusterResourceId, poolResourceId, vnetResourceId, vnetsOf } from "../../src/network/resourceIds.js";
import { resolveArmEndpoint } from "../../src/azure/endpoint.js";
import { AzureAuthError, AzureConflictError, AzureOperationError, InterruptedError } from "../../src/azure/errors.js";
import type { AzurePort } from "../../src/azure/port.js";
import { RestError } from "@azure/core-rest-pipeline";
import { LOCAL_EMULATOR_TOKEN, type SdkAzureOptions, createSdkAzure, operationEnd } from "../../src/azure/sdkAdapter.js";
import { EXIT } from "../../src/errors.js";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";
import type { Fault } from "../../src/emulator/faults.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const RG = "demo-rg";
let emulator: Emulator;

async function adapter(extra: Partial<SdkAzureOptions> = {}): Promise<AzurePort> {
  return createSdkAzure({
    endpoint: resolveArmEndpoint(emulator.url, {}),
    subscriptionId: SUB,
    timing: { retryDelayMs: 5, maxRetryDelayMs: 20, pollIntervalMs: 5 },
    ...extra,
  });
}

const log = () => emulator.requests.map((r) => `${r.method} ${r.path.replace(/^.*\/(managedClusters|virtualNetworks|operations)\//, "$1/")} ${r.status}`);
const faults = (...list: Fault[]) => emulator.faults.add(list);
const catchError = async (p: Promise<unknown>): Promise<any> => p.then(() => { throw new Error("expected a rejection"); }, (e) => e);

beforeEach(async () => {
  emulator = await startEmulator({ lroPolls: 2 });
});
afterEach(async () => {
  await emulator.close();
});

describe("reads", () => {
  it("gets a cluster as ARM sends it (properties nested), with its eTag", async () => {
    const azure = await adapter();
    const cluster = (await azure.get(clusterResourceId(SUB, RG, "kubenet-aks"))) as any;
    expect(cluster.properties.networkProfile.networkPlugin).toBe("kubenet");
    expect(cluster.eTag).toBe("kubenet-aks-etag-1");
    expect(cluster.properties.agentPoolProfiles).toHaveLength(2);
    // Exactly the JSON the emulator holds: nothing a model does not know is dropped.
    expect(cluster).toEqual(emulator.state.getCluster(cluster.id));
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]?.authorization).toBe(true);
    expect(emulator.requests[0]?.query["api-version"]).toBe("2026-06-01");
  });
  it("answers undefined for a cluster that does not exist", async () => {
    expect(await (await adapter()).get(clusterResourceId(SUB, RG, "nope"))).toBeUndefined();
  });
  it("reads a VNet with subnets and peered address spaces, and lists a group's VNets", async () => {
    const azure = await adapter();
    const vnet = (await azure.get(vnetResourceId(SUB, RG, "demo-vnet"))) as any;
    expect(vnet.properties.addressSpace.addressPrefixes).toEqual(["10.224.0.0/12"]);
    expect(vnet.properties.subnets.map((s: any) => s.name)).toEqual(["aks-nodes", "pool-dedicated", "small", "pods"]);
    expect(vnet.properties.virtualNetworkPeerings[0].properties.remoteAddressSpace.addressPrefixes).toEqual(["10.0.0.0/16"]);
    const small = vnet.properties.subnets.find((s: any) => s.name === "small");
    expect(small.properties.addressPrefix).toBe("10.226.0.0/28");
    expect(small.properties.ipConfigurations).toHaveLength(4);
    expect((await azure.list(vnetsOf(SUB, "MC_demo-rg_kubenet-aks_eastus"))).map((v) => v.name)).toEqual(["aks-vnet"]);
    expect(await azure.list(vnetsOf(SUB, "no-such-group"))).toEqual([]);
    expect(await azure.get(vnetResourceId(SUB, RG, "nope"))).toBeUndefined();
  });
});

describe("writes", () => {
  it("updates with If-Match, polls the operation and reads the result once", async () => {
    const azure = await adapter();
    const cluster = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    emulator.requests.length = 0;
    const progress: string[] = [];
    const result = await azure.put(clusterResourceId(SUB, RG, "overlay-aks"), { ...cluster, tags: { ...cluster.tags, changed: "yes" } }, {
      ifMatch: cluster.eTag,
      onProgress: (p) => progress.push(p.status),
    });
    expect(result.provisioningState).toBe("Succeeded");
    expect((result.resource as any).tags.changed).toBe("yes");
    expect(result.operationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(log()).toEqual([
      "PUT managedClusters/overlay-aks 200",
      `GET operations/${result.operationId} 200`,
      `GET operations/${result.operationId} 200`,
      `GET operations/${result.operationId} 200`,
      "GET managedClusters/overlay-aks 200",
    ]);
    expect(emulator.requests[0]?.ifMatch).toBe(cluster.eTag);
    expect(progress.length).toBeGreaterThan(0);
  });
  it("creates with If-None-Match: *", async () => {
    const azure = await adapter();
    const template = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    emulator.requests.length = 0;
    const { networkProfile, agentPoolProfiles } = template.properties;
    const result = await azure.put(clusterResourceId(SUB, RG, "fresh"), { location: "eastus", properties: { networkProfile, agentPoolProfiles: agentPoolProfiles.slice(0, 1), dnsPrefix: "fresh" } }, { ifNoneMatch: "*" });
    expect(result.provisioningState).toBe("Succeeded");
    expect(emulator.requests[0]).toMatchObject({ method: "PUT", status: 201, ifNoneMatch: "*" });
  });
  it("refuses a stale eTag with exit 6 and writes nothing", async () => {
    const azure = await adapter();
    const cluster = (await azure.get(clusterResourceId(SUB, RG, "cni-aks"))) as any;
    const error = await catchError(azure.put(clusterResourceId(SUB, RG, "cni-aks"), { ...cluster, tags: {} }, { ifMatch: "stale" }));
    expect(error).toBeInstanceOf(AzureConflictError);
    expect(error.exitCode).toBe(EXIT.conflict);
    expect(error.status).toBe(412);
    expect(((await azure.get(clusterResourceId(SUB, RG, "cni-aks"))) as any).tags).toEqual(cluster.tags);
  });
  it("refuses to overwrite an existing pool with If-None-Match", async () => {
    const azure = await adapter();
    const error = await catchError(azure.put(poolResourceId(SUB, RG, "overlay-aks", "system"), { properties: { count: 1, mode: "System" } }, { ifNoneMatch: "*" }));
    expect(error).toBeInstanceOf(AzureConflictError);
  });
  it("adds a pool: the cluster shows it and gets a new eTag", async () => {
    const azure = await adapter();
    const before = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    const subnet = before.properties.agentPoolProfiles[0].vnetSubnetID;
    const result = await azure.put(poolResourceId(SUB, RG, "overlay-aks", "extra"), { properties: { count: 2, mode: "User", vnetSubnetID: subnet, vmSize: "Standard_D4s_v5" } }, { ifNoneMatch: "*" });
    expect(result.provisioningState).toBe("Succeeded");
    const after = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    expect(after.properties.agentPoolProfiles.map((p: any) => p.name)).toEqual(["system", "scale", "extra"]);
    expect(after.eTag).not.toBe(before.eTag);
  });
  it("maps the RP's refusal to exit 5 with Azure's code and target", async () => {
    const azure = await adapter();
    const cluster = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    const error = await catchError(
      azure.put(poolResourceId(SUB, RG, "overlay-aks", "huge"), { properties: { count: 3, enableAutoScaling: true, minCount: 3, maxCount: 200, mode: "User", vnetSubnetID: cluster.properties.agentPoolProfiles[0].vnetSubnetID } }, { ifNoneMatch: "*" }),
    );
    expect(error).toBeInstanceOf(AzureOperationError);
    expect(error.exitCode).toBe(EXIT.azure);
    expect(error.armCode).toBe("InsufficientSubnetSize");
    expect(error.details.target).toBe("networkProfile.podCIDR");
    expect(error.message).toContain("Pre-allocated IPs");
  });
  it("returns right after the PUT without waiting", async () => {
    const azure = await adapter();
    const cluster = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    emulator.requests.length = 0;
    const result = await azure.put(clusterResourceId(SUB, RG, "overlay-aks"), cluster, { ifMatch: cluster.eTag, wait: false });
    expect(result.operationUrl).toContain("/operations/");
    expect(emulator.requests.filter((r) => r.method === "PUT")).toHaveLength(1);
    expect(emulator.requests.some((r) => r.path.includes("/operations/"))).toBe(false);
  });
});

describe("operations that do not succeed", () => {
  it("reads the structured error back when an operation ends Failed (exit 5)", async () => {
    faults({ match: { method: "PUT" }, operationStatus: "Failed", armCode: "VMExtensionProvisioningError", message: "the node bootstrap failed" });
    const azure = await adapter();
    const cluster = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    const error = await catchError(azure.put(clusterResourceId(SUB, RG, "overlay-aks"), cluster, { ifMatch: cluster.eTag }));
    expect(error).toBeInstanceOf(AzureOperationError);
    expect(error.exitCode).toBe(EXIT.azure);
    expect(error.armCode).toBe("VMExtensionProvisioningError");
    expect(error.message).toContain("the node bootstrap failed");
    expect(error.details.operationId).toMatch(/^[0-9a-f-]{36}$/);
  });
  it("reports a Canceled operation (exit 5)", async () => {
    faults({ match: { method: "PUT" }, operationStatus: "Canceled" });
    const azure = await adapter();
    const cluster = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    const error = await catchError(azure.put(clusterResourceId(SUB, RG, "overlay-aks"), cluster, { ifMatch: cluster.eTag }));
    expect(error).toBeInstanceOf(AzureOperationError);
    expect(error.code).toBe("OperationCanceled");
  });
  it("takes the structured error from the operation's status when the resource cannot be read back", async () => {
    const azure = await adapter({ maxRetries: 1 });
    const cluster = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    faults(
      { match: { method: "PUT" }, operationStatus: "Failed", armCode: "AllocationFailed", message: "no capacity" },
      { match: { method: "GET", path: "/**/managedClusters/overlay-aks" }, status: 500, times: 100 },
    );
    const error = await catchError(azure.put(clusterResourceId(SUB, RG, "overlay-aks"), cluster, { ifMatch: cluster.eTag }));
    expect(error).toBeInstanceOf(AzureOperationError);
    expect(error.code).toBe("OperationFailed");
    expect(error.armCode).toBe("AllocationFailed");
    expect(error.message).toContain("no capacity");
  });
  it("maps a poll that keeps failing to the HTTP error, not to a Failed operation", async () => {
    faults({ match: { path: "/**/operations/*" }, status: 500, armCode: "InternalServerError", times: 100 });
    const azure = await adapter({ maxRetries: 1 });
    const cluster = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    const error = await catchError(azure.put(clusterResourceId(SUB, RG, "overlay-aks"), cluster, { ifMatch: cluster.eTag }));
    expect(error).toBeInstanceOf(AzureOperationError);
    expect(error.code).toBe("InternalServerError");
    expect(error.status).toBe(500);
    expect(error.message).not.toContain("ended Failed");
  });
  it("stops on the abort signal with exit 130", async () => {
    const controller = new AbortController();
    faults({ match: { path: "/**/operations/*" }, delayMs: 300 });
    const azure = await adapter({ signal: controller.signal });
    const cluster = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    setTimeout(() => controller.abort(), 50);
    const error = await catchError(azure.put(clusterResourceId(SUB, RG, "overlay-aks"), cluster, { ifMatch: cluster.eTag }));
    expect(error).toBeInstanceOf(InterruptedError);
    expect(error.exitCode).toBe(EXIT.interrupted);
  });
});

describe("how an operation ended, from the poller's state", () => {
  const poller = (operationState: unknown) => ({ operationState }) as any;
  it("Failed: the state is failed with the operation's error", () => {
    expect(operationEnd(poller({ status: "failed", error: new Error("anything at all") }))).toBe("Failed");
  });
  it("Canceled: the state is canceled", () => {
    expect(operationEnd(poller({ status: "canceled" }))).toBe("Canceled");
  });
  it("neither when a poll request failed (the state is failed with a RestError), nor while running or before the PUT was answered", () => {
    expect(operationEnd(poller({ status: "failed", error: new RestError("boom", { statusCode: 500 }) }))).toBeUndefined();
    expect(operationEnd(poller({ status: "running" }))).toBeUndefined();
    expect(operationEnd(poller(undefined))).toBeUndefined();
    expect(operationEnd(undefined)).toBeUndefined();
  });
});

describe("retries", () => {
  it("retries a 429 without Retry-After on the PUT (the SDK alone would not)", async () => {
    faults({ match: { method: "PUT" }, status: 429 });
    const azure = await adapter();
    const cluster = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    emulator.requests.length = 0;
    await azure.put(clusterResourceId(SUB, RG, "overlay-aks"), cluster, { ifMatch: cluster.eTag });
    expect(log().slice(0, 2)).toEqual(["PUT managedClusters/overlay-aks 429", "PUT managedClusters/overlay-aks 200"]);
  });
  it("honours Retry-After", async () => {
    // retry-after-ms: the wait the server asks for, far above the backoff the adapter is given.
    faults({ match: { method: "GET" }, status: 429, retryAfterMs: 60 });
    const azure = await adapter();
    const start = Date.now();
    await azure.get(clusterResourceId(SUB, RG, "overlay-aks"));
    expect(Date.now() - start).toBeGreaterThanOrEqual(55);
    expect(log()).toEqual(["GET managedClusters/overlay-aks 429", "GET managedClusters/overlay-aks 200"]);
  });
  it("recovers from 503 and 500 while polling", async () => {
    faults({ match: { path: "/**/operations/*" }, status: 503, retryAfter: 0 }, { match: { path: "/**/operations/*" }, status: 500 });
    const azure = await adapter();
    const cluster = (await azure.get(clusterResourceId(SUB, RG, "overlay-aks"))) as any;
    const result = await azure.put(clusterResourceId(SUB, RG, "overlay-aks"), cluster, { ifMatch: cluster.eTag });
    expect(result.provisioningState).toBe("Succeeded");
    expect(log().filter((l) => l.startsWith("GET operations/")).map((l) => l.split(" ")[2])).toEqual(["503", "500", "200", "200", "200"]);
  });
  it("recovers from a dropped connection", async () => {
    faults({ match: { method: "GET", path: "/**/virtualNetworks/**" }, drop: true });
    const azure = await adapter();
    const vnet = await azure.get(vnetResourceId(SUB, RG, "demo-vnet"));
    expect(vnet?.name).toBe("demo-vnet");
    expect(emulator.requests.filter((r) => r.path.includes("virtualNetworks"))).toHaveLength(2);
  });
  it("gives up after its bounded retries with exit 5", async () => {
    faults({ match: { method: "GET" }, status: 500, times: 10 });
    const azure = await adapter({ maxRetries: 3, timing: { retryDelayMs: 1, maxRetryDelayMs: 2, pollIntervalMs: 5 } });
    const error = await catchError(azure.get(clusterResourceId(SUB, RG, "overlay-aks")));
    expect(error).toBeInstanceOf(AzureOperationError);
    expect(error.status).toBe(500);
    expect(emulator.requests).toHaveLength(4);
  });
});

describe("authentication", () => {
  it("maps a 401 to exit 4", async () => {
    faults({ status: 401, armCode: "InvalidAuthenticationToken" });
    const error = await catchError((await adapter()).get(clusterResourceId(SUB, RG, "overlay-aks")));
    expect(error).toBeInstanceOf(AzureAuthError);
    expect(error.exitCode).toBe(EXIT.auth);
    expect(error.armCode).toBe("InvalidAuthenticationToken");
  });
  it("maps a 403 to exit 4", async () => {
    faults({ status: 403, armCode: "AuthorizationFailed" });
    const error = await catchError((await adapter()).get(vnetResourceId(SUB, RG, "demo-vnet")));
    expect(error.exitCode).toBe(EXIT.auth);
  });
  it("maps a missing credential to exit 4 without a request", async () => {
    const credential = { getToken: async () => Promise.reject(Object.assign(new Error("no login found"), { name: "CredentialUnavailableError" })) };
    const error = await catchError((await adapter({ credential })).get(clusterResourceId(SUB, RG, "overlay-aks")));
    expect(error).toBeInstanceOf(AzureAuthError);
    expect(error.message).toContain("az login");
    expect(emulator.requests).toHaveLength(0);
  });
  it("sends the local token to a loopback emulator, which refuses requests without one", async () => {
    await (await adapter()).get(clusterResourceId(SUB, RG, "overlay-aks"));
    expect(emulator.requests[0]?.authorization).toBe(true);
    const bare = await fetch(`${emulator.url}/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/overlay-aks?api-version=2026-06-01`);
    expect(bare.status).toBe(401);
  });
});

describe("--debug trace", () => {
  it("traces requests and responses with the token redacted", async () => {
    const lines: string[] = [];
    await (await adapter({ debug: (t) => lines.push(t) })).get(clusterResourceId(SUB, RG, "overlay-aks"));
    const trace = lines.join("\n");
    expect(trace).toMatch(/→ GET http:\/\/127\.0\.0\.1:\d+\/subscriptions\//);
    expect(trace).toMatch(/← 200 GET/);
    expect(trace).toMatch(/authorization: REDACTED/i);
    expect(trace).not.toContain(LOCAL_EMULATOR_TOKEN);
    expect(trace).not.toMatch(/keyData": "ssh-rsa/);
  });
});
