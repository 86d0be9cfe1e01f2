/** Which endpoint and credential a command gets: pure checks before any SDK loads. */
import { clusterResourceId } from "../../src/network/resourceIds.js";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fleetScenario, fleetSubscriptionId, fleetSubscriptionName } from "../../src/emulator/fleet.js";
import { startEmulator } from "../../src/emulator/server.js";
import { PUBLIC_ARM_ENDPOINT, isLoopbackHost, resolveArmEndpoint } from "../../src/azure/endpoint.js";
import { type AzureContext, createAzure } from "../../src/azure/factory.js";
import { redactBody, redactUrl } from "../../src/azure/policies.js";
import { UsageError } from "../../src/errors.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const deps = (env: Record<string, string> = {}): AzureContext => ({
  stderr: { write: () => true },
  env,
  signal: new AbortController().signal,
});

describe("ARM endpoint", () => {
  it("defaults to the public cloud", () => {
    expect(resolveArmEndpoint(undefined, {})).toEqual({ url: PUBLIC_ARM_ENDPOINT, loopback: false, scope: "https://management.azure.com/.default" });
  });
  it("takes the flag over the environment", () => {
    expect(resolveArmEndpoint("http://127.0.0.1:9000", { AKS_OVERLAY_ARM_ENDPOINT: "https://x.example" }).url).toBe("http://127.0.0.1:9000");
    expect(resolveArmEndpoint(undefined, { AKS_OVERLAY_ARM_ENDPOINT: "https://management.usgovcloudapi.net/" })).toMatchObject({
      url: "https://management.usgovcloudapi.net",
      scope: "https://management.usgovcloudapi.net/.default",
    });
  });
  it("refuses IPv6 literals, which the SDK's HTTP client cannot reach", () => {
    expect(() => resolveArmEndpoint("http://[::1]:80", {})).toThrow(/IPv6 literal/);
  });
  it.each(["http://127.0.0.1:8080", "http://localhost:1", "http://127.1.2.3"])("accepts http for loopback %s", (url) => {
    expect(resolveArmEndpoint(url, {}).loopback).toBe(true);
  });
  it.each(["http://10.0.0.1:8080", "http://management.azure.com", "http://127.0.0.1.example.com"])("refuses http for %s", (url) => {
    expect(() => resolveArmEndpoint(url, {})).toThrow(UsageError);
    expect(() => resolveArmEndpoint(url, {})).toThrow(/http:\/\/ is allowed only for loopback/);
  });
  it("refuses a non-URL and credentials in the URL", () => {
    expect(() => resolveArmEndpoint("not a url", {})).toThrow(/is not a URL/);
    expect(() => resolveArmEndpoint("https://user:pw@example.com", {})).toThrow(/no credentials/);
    expect(() => resolveArmEndpoint("ftp://example.com", {})).toThrow(/only http and https/);
  });
  it("knows loopback hosts", () => {
    expect(isLoopbackHost("127.0.0.1")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("128.0.0.1")).toBe(false);
  });
});

describe("createAzure", () => {
  it("needs a subscription", async () => {
    await expect(createAzure({ armEndpoint: "http://127.0.0.1:1" }, deps())).rejects.toThrow(/--subscription/);
  });
  it("resolves a name through the subscriptions the caller can see, and names the source of a bad one", async () => {
    const emulator = await startEmulator({ scenario: fleetScenario(80) });
    try {
      const url = emulator.url;
      const azure = await createAzure({ armEndpoint: url, subscription: fleetSubscriptionName(1).toUpperCase() }, deps());
      expect(azure.subscriptionId).toBe(fleetSubscriptionId(1));
      await expect(createAzure({ armEndpoint: url, subscription: "prod" }, deps())).rejects.toThrow(/^--subscription "prod" is neither a subscription id \(a GUID\) nor the name of one of the 2 subscriptions you can see$/);
      await expect(createAzure({ armEndpoint: url }, deps({ AZURE_SUBSCRIPTION_ID: "prod" }))).rejects.toThrow(/^AZURE_SUBSCRIPTION_ID "prod" is neither/);
      await expect(createAzure({ armEndpoint: url }, deps({ ARM_SUBSCRIPTION_ID: "prod" }))).rejects.toThrow(/^ARM_SUBSCRIPTION_ID "prod" is neither/);
      await expect(createAzure({ armEndpoint: url }, deps({ AZURE_SUBSCRIPTION_ID: "  " }))).rejects.toThrow(/^AZURE_SUBSCRIPTION_ID is empty/);
    } finally {
      await emulator.close();
    }
  });
  it("takes, in order, --subscription, AZURE_SUBSCRIPTION_ID, ARM_SUBSCRIPTION_ID, then the Azure CLI's default (with its byte-order mark)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "azcfg-"));
    try {
      const profile = { subscriptions: [{ id: "00000000-0000-0000-0000-00000000000a", isDefault: false }, { id: "00000000-0000-0000-0000-00000000000b", isDefault: true }] };
      writeFileSync(join(dir, "azureProfile.json"), `\uFEFF${JSON.stringify(profile)}`);
      const ids = async (flag: string | undefined, env: Record<string, string>) => (await createAzure({ armEndpoint: "http://127.0.0.1:1", subscription: flag }, deps({ AZURE_CONFIG_DIR: dir, ...env }))).subscriptionId;
      const [f, a, r] = ["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0000-000000000003"];
      expect(await ids(f, { AZURE_SUBSCRIPTION_ID: a, ARM_SUBSCRIPTION_ID: r })).toBe(f);
      expect(await ids(undefined, { AZURE_SUBSCRIPTION_ID: a, ARM_SUBSCRIPTION_ID: r })).toBe(a);
      expect(await ids(undefined, { ARM_SUBSCRIPTION_ID: r })).toBe(r);
      expect(await ids(undefined, {})).toBe("00000000-0000-0000-0000-00000000000b");
      // HOME's .azure when AZURE_CONFIG_DIR is not set.
      mkdirSync(join(dir, ".azure"));
      writeFileSync(join(dir, ".azure", "azureProfile.json"), JSON.stringify({ subscriptions: [{ id: a, isDefault: true }] }));
      expect((await createAzure({ armEndpoint: "http://127.0.0.1:1" }, deps({ HOME: dir }))).subscriptionId).toBe(a);
      writeFileSync(join(dir, "azureProfile.json"), "{not json");
      await expect(ids(undefined, {})).rejects.toThrow(/azureProfile.json: not the Azure CLI's profile/);
      await expect(createAzure({ armEndpoint: "http://127.0.0.1:1" }, deps({ HOME: join(dir, "nowhere") }))).rejects.toThrow(/az account set/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("takes AZURE_SUBSCRIPTION_ID", async () => {
    const azure = await createAzure({ armEndpoint: "http://127.0.0.1:1" }, deps({ AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000001" }));
    expect(azure.subscriptionId).toBe("00000000-0000-0000-0000-000000000001");
    expect(azure.endpoint).toBe("http://127.0.0.1:1");
  });
});

describe("AKS_OVERLAY_TEST_TIMING=fast", () => {
  it("makes retries and operation polls wait milliseconds (the defaults would take over 2 s here)", async () => {
    const emulator = await startEmulator({ lroPolls: 3 });
    try {
      const stderr: string[] = [];
      const azure = await createAzure(
        { armEndpoint: emulator.url },
        { env: { AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000", AKS_OVERLAY_TEST_TIMING: "fast" }, stderr: { write: (s: string) => stderr.push(s) }, signal: new AbortController().signal },
      );
      // The first call loads the SDK; time only what follows.
      const cluster = (await azure.get(clusterResourceId(SUB, "demo-rg", "overlay-aks"))) as { eTag: string };
      emulator.faults.add([{ match: { method: "PUT" }, status: 500, times: 2 }]);
      const started = performance.now();
      await azure.put(clusterResourceId(SUB, "demo-rg", "overlay-aks"), cluster, { ifMatch: cluster.eTag });
      // Default timing takes at least 2,250 ms here (retries after at least 0.5 s and 1 s, then three
      // polls 250 ms apart); fast timing takes milliseconds. The bound sits just under the default's
      // floor, so a loaded machine has seconds of slack and the default could never pass.
      expect(performance.now() - started).toBeLessThan(2000);
      expect(stderr.filter((l) => l.startsWith("retrying: PUT"))).toHaveLength(2);
      expect(emulator.requests.filter((r) => r.path.includes("/operations/"))).toHaveLength(4);
    } finally {
      await emulator.close();
    }
  });
});

describe("redaction", () => {
  it("redacts secret fields of parsed JSON, also with escaped quotes, and credentials in URLs", () => {
    expect(redactBody('{"client_secret": "s3cr3t", "name": "x"}')).toBe('{"client_secret":"REDACTED","name":"x"}');
    // A text pattern stops at the escaped quote and leaks the tail; parsing does not.
    const tricky = JSON.stringify({ properties: { servicePrincipalProfile: { clientId: "c", secret: 'abc\\"tail-of-the-secret' } } });
    expect(redactBody(tricky)).not.toContain("tail-of-the-secret");
    expect(redactBody(JSON.stringify({ properties: { httpProxyConfig: { httpProxy: "http://user:pa55@proxy:3128" } } }))).not.toContain("pa55");
    expect(redactBody(JSON.stringify({ windowsProfile: { adminPassword: "P@ss" }, accessToken: "t", nested: [{ refresh_token: "r" }] }))).not.toMatch(/P@ss|"t"|"r"/);
    expect(redactBody("not json, maybe a secret")).toBe("(24 characters, not JSON: not shown)");
    // Settings about secrets stay readable in a trace: a switch, an interval, a count.
    const csi = { azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true", rotationPollInterval: "2m" } }, secretCount: 3, tokenEnabled: false };
    expect(JSON.parse(redactBody(JSON.stringify(csi)))).toEqual(csi);
    expect(redactUrl("https://x.blob.core.windows.net/c?sv=1&sig=abcd&se=2")).toBe("https://x.blob.core.windows.net/c?sv=1&sig=REDACTED&se=2");
    expect(redactUrl("http://u:p@host/path")).not.toContain("u:p");
  });
});
