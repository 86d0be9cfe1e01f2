/**
 * Write-only secrets never leave the emulator (GET, PUT answers, lists), through raw HTTP and
 * through the SDK; proxy settings come back as they were set, so a read-modify-write keeps them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { demoScenario } from "../../src/emulator/scenarios.js";
import { RG, SUB, clusterPath, emulators, newClusterBody, poolPath } from "./http.js";

const pool = emulators();
afterEach(() => pool.closeAll());

const SECRETS = ["SP-SECRET-1", "P@ssw0rd-SECRET-2", "AAD-SECRET-3"];
const PROXY = { httpProxy: "http://user:proxy-pass@proxy.example:3128/", httpsProxy: "https://user:proxy-pass@proxy.example:3129/", noProxy: ["localhost"] };

function withSecrets(properties: any): any {
  return {
    ...properties,
    servicePrincipalProfile: { clientId: "app-id", secret: SECRETS[0] },
    windowsProfile: { adminUsername: "azureuser", adminPassword: SECRETS[1] },
    aadProfile: { serverAppID: "srv", serverAppSecret: SECRETS[2] },
  };
}

const leaks = (text: string): string[] => SECRETS.filter((s) => text.includes(s));

describe("write-only secrets", () => {
  it("are not in the answer to a create or an update, nor in any later read (raw HTTP)", async () => {
    const c = await pool.start({ lroPolls: 1 });
    const body = newClusterBody();
    body.properties = withSecrets(body.properties);
    const created = await c.put(clusterPath("fresh"), body);
    expect(created.status).toBe(201);
    expect(leaks(created.text)).toEqual([]);
    expect(created.body.properties.servicePrincipalProfile).toEqual({ clientId: "app-id" });
    expect(created.body.properties.windowsProfile).toEqual({ adminUsername: "azureuser" });
    await c.pollToEnd(created.headers.get("azure-asyncoperation") as string);

    const current = await c.read(clusterPath("fresh"));
    const updated = await c.put(clusterPath("fresh"), { ...current, properties: withSecrets(current.properties) });
    expect(updated.status).toBe(200);
    expect(leaks(updated.text)).toEqual([]);
    await c.pollToEnd(updated.headers.get("azure-asyncoperation") as string);

    for (const path of [clusterPath("fresh"), `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters`, `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`, poolPath("fresh", "system")]) {
      const res = await c.get(path);
      expect(res.status, path).toBe(200);
      expect(leaks(res.text), path).toEqual([]);
    }
    // The RP still holds them.
    const stored = c.emulator.state.clusters.get(clusterPath("fresh").toLowerCase()) as any;
    expect(stored.properties.servicePrincipalProfile.secret).toBe(SECRETS[0]);
  });

  it("are not in anything the SDK receives for a create", async () => {
    const c = await pool.start({ lroPolls: 1 });
    const seen: string[] = [];
    const client = new ContainerServiceClient({ getToken: async () => ({ token: "t", expiresOnTimestamp: Date.now() + 3_600_000 }) }, SUB, { endpoint: c.emulator.url, allowInsecureConnection: true });
    client.pipeline.removePolicy({ name: "bearerTokenAuthenticationPolicy" });
    client.pipeline.addPolicy({
      name: "localTokenAndRecorder",
      sendRequest: async (request, next) => {
        request.headers.set("authorization", "Bearer t");
        const response = await next(request);
        seen.push(`${request.method} ${response.status} ${response.bodyAsText ?? ""}`);
        return response;
      },
    });
    const result = await client.managedClusters.createOrUpdate(
      RG,
      "fresh",
      {
        location: "eastus",
        identity: { type: "SystemAssigned" },
        kubernetesVersion: "1.30.5",
        dnsPrefix: "fresh",
        servicePrincipalProfile: { clientId: "app-id", secret: SECRETS[0] },
        windowsProfile: { adminUsername: "azureuser", adminPassword: SECRETS[1] },
        aadProfile: { serverAppID: "srv", serverAppSecret: SECRETS[2] },
        agentPoolProfiles: [{ name: "system", count: 3, vmSize: "Standard_D4s_v5", mode: "System", osType: "Linux", maxPods: 110 }],
        networkProfile: { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16", serviceCidr: "172.16.0.0/16", dnsServiceIP: "172.16.0.10" },
      },
      { updateIntervalInMs: 0 },
    );
    expect(result.provisioningState).toBe("Succeeded");
    expect(seen[0]).toMatch(/^PUT 201 /);
    expect(leaks(seen.join("\n"))).toEqual([]);
    expect(result.servicePrincipalProfile?.secret).toBeUndefined();
    expect(result.windowsProfile?.adminPassword).toBeUndefined();
    expect(result.aadProfile?.serverAppSecret).toBeUndefined();
  });

  it("a scenario's secrets never reach a response either", async () => {
    const scenario = demoScenario();
    const cluster = scenario.managedClusters.find((x) => x.name === "cni-aks") as any;
    cluster.properties = withSecrets(cluster.properties);
    const c = await pool.start({ scenario, lroPolls: 0 });
    const read = await c.get(clusterPath("cni-aks"));
    expect(leaks(read.text)).toEqual([]);
    const put = await c.put(clusterPath("cni-aks"), read.body);
    expect(put.status).toBe(200);
    expect(leaks(put.text)).toEqual([]);
    expect(leaks((await c.get(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`)).text)).toEqual([]);
  });
});

describe("httpProxyConfig", () => {
  it("comes back as it was set, in the PUT answer and in a GET, and survives a read-modify-write", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const body = newClusterBody();
    body.properties.httpProxyConfig = PROXY;
    const created = await c.put(clusterPath("fresh"), body);
    expect(created.status).toBe(201);
    expect(created.body.properties.httpProxyConfig).toEqual(PROXY);
    const read = await c.read(clusterPath("fresh"));
    expect(read.properties.httpProxyConfig).toEqual(PROXY);
    // GET -> change a tag -> PUT: the proxy settings are stored as they were, not a placeholder.
    const updated = await c.put(clusterPath("fresh"), { ...read, tags: { changed: "yes" } }, { headers: { "if-match": read.eTag } });
    expect(updated.status).toBe(200);
    expect(updated.body.properties.httpProxyConfig).toEqual(PROXY);
    expect((c.emulator.state.clusters.get(clusterPath("fresh").toLowerCase()) as any).properties.httpProxyConfig).toEqual(PROXY);
    expect(JSON.stringify((await c.read(clusterPath("fresh"))).properties.httpProxyConfig)).not.toContain("REDACTED");
  });

  it("the request log still redacts proxy credentials and drops write-only secrets", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const body = newClusterBody();
    body.properties = withSecrets({ ...body.properties, httpProxyConfig: PROXY });
    expect((await c.put(clusterPath("fresh"), body)).status).toBe(201);
    const log = await c.control("GET", "requests");
    expect(leaks(log.text)).toEqual([]);
    expect(log.text).not.toContain("proxy-pass");
    expect(log.body.at(-1).body.properties.httpProxyConfig.httpProxy).toBe("http://REDACTED@proxy.example:3128/");
  });
});
