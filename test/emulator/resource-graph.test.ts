/**
 * Azure Resource Graph on the emulator: pages and skip tokens, the quota headers and 429, the KQL
 * subset (each form, and refusals), the same state as the ARM routes, scopes and faults. Raw HTTP.
 */
import { afterEach, describe, expect, it } from "vitest";
import { fleetScenario, fleetSubscriptionId } from "../../src/emulator/fleet.js";
import { type Client, SUB, clusterPath, emulators, newClusterBody } from "./http.js";

const pool = emulators();
afterEach(() => pool.closeAll());

const ARG = "/providers/Microsoft.ResourceGraph/resources";
const CLUSTERS = "resources | where type =~ 'microsoft.containerservice/managedclusters'";

function query(c: Client, body: Record<string, unknown>, headers: Record<string, string> = {}, apiVersion = "2024-04-01") {
  return c.call("POST", ARG, { body, apiVersion, headers });
}

async function rows(c: Client, q: string, extra: Record<string, unknown> = {}): Promise<any[]> {
  const res = await query(c, { query: q, options: { $top: 1000 }, ...extra });
  expect(res.status, res.text).toBe(200);
  return res.body.data;
}

/** Every page of a query, following $skipToken. */
async function scan(c: Client, q: string, top: number, extra: Record<string, unknown> = {}): Promise<{ pages: any[]; ids: string[] }> {
  const pages: any[] = [];
  let token: string | undefined;
  do {
    const res = await query(c, { query: q, options: { $top: top, ...(token && { $skipToken: token }) }, ...extra });
    expect(res.status, res.text).toBe(200);
    pages.push(res.body);
    token = res.body.$skipToken;
  } while (token && pages.length < 100);
  return { pages, ids: pages.flatMap((p) => p.data.map((r: any) => r.id)) };
}

const big = { resourceGraphQuota: 1000 };

describe("pages and skip tokens", () => {
  it("1,000 clusters in pages of 300: every cluster once, totalRecords, count, resultTruncated, and no token on the last page", async () => {
    const c = await pool.start({ scenario: fleetScenario(1000), ...big });
    const { pages, ids } = await scan(c, `${CLUSTERS} | project id | order by id asc`, 300);
    expect(pages.map((p) => p.count)).toEqual([300, 300, 300, 100]);
    expect(pages.every((p) => p.totalRecords === 1000 && p.resultTruncated === "false" && Array.isArray(p.facets))).toBe(true);
    expect(pages.at(-1).$skipToken).toBeUndefined();
    expect(new Set(ids).size).toBe(1000);
    expect(ids).toEqual([...ids].sort());
    const all = await rows(c, `${CLUSTERS} | project id | order by id asc`);
    expect(all).toHaveLength(1000);
  });

  it("defaults to 100 rows; refuses $top over 1,000 and a token it did not issue or for another query", async () => {
    const c = await pool.start({ scenario: fleetScenario(200), ...big });
    const first = await query(c, { query: CLUSTERS });
    expect(first.body.count).toBe(100);
    expect(first.body.totalRecords).toBe(200);
    expect(typeof first.body.$skipToken).toBe("string");
    expect((await query(c, { query: CLUSTERS, options: { $top: 1001 } })).status).toBe(400);
    const forged = await query(c, { query: CLUSTERS, options: { $skipToken: `${first.body.$skipToken}x` } });
    expect(forged.status).toBe(400);
    expect(forged.body.error.details[0].code).toBe("InvalidSkipToken");
    expect((await query(c, { query: "resources", options: { $skipToken: first.body.$skipToken } })).status).toBe(400);
    expect((await query(c, { query: CLUSTERS, options: { $skipToken: "garbage" } })).status).toBe(400);
    const second = await query(c, { query: CLUSTERS, options: { $skipToken: first.body.$skipToken } });
    expect(second.status).toBe(200);
    expect(second.body.count).toBe(100);
    expect(second.body.$skipToken).toBeUndefined();
  });

  it("a token stays valid while clusters change between pages: no row twice, none lost", async () => {
    const c = await pool.start({ lroPolls: 0, ...big });
    const q = `${CLUSTERS} | project id, name | order by name asc`;
    const first = await query(c, { query: q, options: { $top: 2 } });
    expect(first.body.data.map((r: any) => r.name)).toEqual(["cni-aks", "cni-policy-aks"]);
    // A new cluster that sorts before the position, and a change to one after it.
    expect((await c.put(clusterPath("aaa-new"), newClusterBody())).status).toBe(201);
    const kubenet = await c.read(clusterPath("kubenet-aks"));
    kubenet.tags = { ...kubenet.tags, changed: "yes" };
    expect((await c.put(clusterPath("kubenet-aks"), kubenet, { headers: { "if-match": kubenet.eTag } })).status).toBe(200);
    const second = await query(c, { query: q, options: { $top: 2, $skipToken: first.body.$skipToken } });
    expect(second.status).toBe(200);
    expect(second.body.data.map((r: any) => r.name)).toEqual(["kubenet-aks", "overlay-aks"]);
    expect(second.body.totalRecords).toBe(6);
  });

  it("$skip counts from the first row", async () => {
    const c = await pool.start();
    const res = await query(c, { query: `${CLUSTERS} | project name | order by name asc`, options: { $skip: 3, $top: 10 } });
    expect(res.body.data).toEqual([{ name: "overlay-aks" }, { name: "podsubnet-aks" }]);
  });
});

describe("quota", () => {
  it("15 per window by default: x-ms-user-quota-remaining counts down, resets-after is hh:mm:ss, then 429 RateLimiting with Retry-After", async () => {
    let now = 1_000_000;
    const c = await pool.start({ clock: () => now });
    const remaining: string[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await query(c, { query: "resources | project id" });
      expect(res.status).toBe(200);
      remaining.push(res.headers.get("x-ms-user-quota-remaining") as string);
      expect(res.headers.get("x-ms-user-quota-resets-after")).toBe("00:00:05");
    }
    expect(remaining).toEqual(["14", "13", "12", "11", "10", "9", "8", "7", "6", "5", "4", "3", "2", "1", "0"]);
    now += 3_200;
    const throttled = await query(c, { query: "resources | project id" });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe("RateLimiting");
    expect(throttled.headers.get("retry-after")).toBe("2");
    expect(throttled.headers.get("x-ms-user-quota-remaining")).toBe("0");
    expect(throttled.headers.get("x-ms-user-quota-resets-after")).toBe("00:00:02");
    // Another caller (another token) has its own quota.
    expect((await query(c, { query: "resources" }, { authorization: "Bearer other" })).status).toBe(200);
    now += 1_800;
    const after = await query(c, { query: "resources | project id" });
    expect(after.status).toBe(200);
    expect(after.headers.get("x-ms-user-quota-remaining")).toBe("14");
  });

  it("quota and window are options, capped; a refused query counts and carries the headers", async () => {
    let now = 0;
    const c = await pool.start({ resourceGraphQuota: 2, resourceGraphWindowMs: 100, clock: () => now });
    const bad = await query(c, { query: "resources | take 1" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-ms-user-quota-remaining")).toBe("1");
    expect(bad.headers.get("x-ms-user-quota-resets-after")).toBe("00:00:01");
    expect((await query(c, { query: "resources" })).status).toBe(200);
    expect((await query(c, { query: "resources" })).status).toBe(429);
    now += 100;
    expect((await query(c, { query: "resources" })).status).toBe(200);
    await expect(pool.start({ resourceGraphQuota: 0 })).rejects.toThrow(RangeError);
    await expect(pool.start({ resourceGraphWindowMs: 60_001 })).rejects.toThrow(RangeError);
  });
});

describe("the KQL subset", () => {
  it("type =~ and == (case-sensitive), several where clauses, and", async () => {
    const c = await pool.start();
    expect(await rows(c, `${CLUSTERS} | project name`)).toHaveLength(5);
    expect(await rows(c, "resources | where type == 'microsoft.containerservice/managedclusters' | project name")).toHaveLength(5);
    expect(await rows(c, "resources | where type == 'Microsoft.ContainerService/managedClusters' | project name")).toHaveLength(0);
    expect(await rows(c, "resources | where type =~ 'Microsoft.Network/virtualNetworks' | project name")).toHaveLength(4);
    const both = await rows(c, `${CLUSTERS} | where tags['env'] =~ 'DEMO' and tags['owner'] =~ 'platform-team' | where resourceGroup =~ 'DEMO-rg' | project name | order by name asc`);
    expect(both).toEqual([{ name: "kubenet-aks" }, { name: "overlay-aks" }]);
  });

  it("subscriptionId in~ and id in~ (case-insensitive)", async () => {
    const c = await pool.start();
    expect(await rows(c, `${CLUSTERS} | where subscriptionId in~ ('${SUB}', 'other') | project id`)).toHaveLength(5);
    expect(await rows(c, `${CLUSTERS} | where subscriptionId in~ ('other') | project id`)).toHaveLength(0);
    const ids = [clusterPath("cni-aks").toUpperCase(), clusterPath("overlay-aks")];
    const found = await rows(c, `${CLUSTERS} | where id in~ ('${ids[0]}', "${ids[1]}") | project name | order by name desc`);
    expect(found).toEqual([{ name: "overlay-aks" }, { name: "cni-aks" }]);
  });

  it("project: columns, name = path, tostring, dynamic objects, missing paths; ARG's columns and lower-case type and group", async () => {
    const c = await pool.start();
    const [kubenet] = await rows(
      c,
      `${CLUSTERS} | where name =~ 'kubenet-aks'
       | project id, name, resourceGroup, subscriptionId, location, tags, type,
           kubernetesVersion = tostring(properties.kubernetesVersion),
           networkProfile = properties.networkProfile,   // a dynamic value
           agentPoolProfiles = properties.agentPoolProfiles,
           identityType = tostring(identity.type), powerState = tostring(properties.powerState.code),
           missing = properties.nothing.here, missingText = tostring(properties.nothing), properties.dnsPrefix`,
    );
    expect(kubenet).toEqual({
      id: clusterPath("kubenet-aks"),
      name: "kubenet-aks",
      resourceGroup: "demo-rg",
      subscriptionId: SUB,
      location: "eastus",
      tags: { env: "demo", owner: "platform-team", costCenter: "1234" },
      type: "microsoft.containerservice/managedclusters",
      kubernetesVersion: "1.30.5",
      networkProfile: expect.objectContaining({ networkPlugin: "kubenet", podCidr: "10.244.0.0/16" }),
      agentPoolProfiles: [expect.objectContaining({ name: "nodepool1" }), expect.objectContaining({ name: "apps" })],
      identityType: "SystemAssigned",
      powerState: "Running",
      missing: null,
      missingText: "",
      properties_dnsPrefix: "kubenet-aks-dns",
    });
    const [full] = await rows(c, `${CLUSTERS} | where name == 'overlay-aks'`);
    expect(Object.keys(full)).toEqual(["id", "name", "type", "tenantId", "kind", "location", "resourceGroup", "subscriptionId", "managedBy", "sku", "plan", "properties", "tags", "identity", "zones", "extendedLocation"]);
    expect(full.properties.agentPoolProfiles).toHaveLength(2);
  });

  it("order by asc and desc, by a projected column, where after project", async () => {
    const c = await pool.start();
    const asc = await rows(c, `${CLUSTERS} | project n = name | order by n asc`);
    expect(asc.map((r) => r.n)).toEqual(["cni-aks", "cni-policy-aks", "kubenet-aks", "overlay-aks", "podsubnet-aks"]);
    const desc = await rows(c, `${CLUSTERS} | order by name desc | project name`);
    expect(desc.map((r) => r.name)).toEqual(["podsubnet-aks", "overlay-aks", "kubenet-aks", "cni-policy-aks", "cni-aks"]);
    const plugin = await rows(c, `${CLUSTERS} | project name, plugin = tostring(properties.networkProfile.networkPlugin) | where plugin == 'kubenet'`);
    expect(plugin).toEqual([{ name: "kubenet-aks", plugin: "kubenet" }]);
  });

  it("VNet rows carry subnets with route tables, peerings and IP configurations", async () => {
    const c = await pool.start({ scenario: fleetScenario(40) });
    const vnets = await rows(c, "resources | where type =~ 'microsoft.network/virtualnetworks' | project id, subnets = properties.subnets, peerings = properties.virtualNetworkPeerings");
    const withRouteTable = vnets.filter((v) => v.subnets.some((s: any) => s.properties.routeTable?.id));
    expect(withRouteTable.length).toBeGreaterThan(0);
    expect(vnets.some((v) => v.peerings.length > 0)).toBe(true);
    expect(vnets.some((v) => v.subnets.some((s: any) => (s.properties.ipConfigurations ?? []).length > 0))).toBe(true);
  });

  it("mv-expand: one row per subnet with the other columns repeated, keyed stably across pages; limit cuts; array_length counts", async () => {
    const c = await pool.start({ scenario: fleetScenario(40), ...big });
    const VNETS = "resources | where type =~ 'microsoft.network/virtualnetworks'";
    const whole = await rows(c, `${VNETS} | project id, subnets = properties.subnets, n = array_length(properties.subnets), none = array_length(name)`);
    const expected = whole.flatMap((v) => v.subnets.map((s: any) => ({ vnetId: v.id, subnetId: s.id, ips: (s.properties.ipConfigurations ?? []).length })));
    expect(whole.every((v) => v.n === v.subnets.length && v.none === null)).toBe(true);
    const expanded = `${VNETS} | mv-expand subnet = properties.subnets limit 400 | project vnetId = id, subnetId = tostring(subnet.id), ips = array_length(subnet.properties.ipConfigurations) | order by subnetId asc`;
    // Paged in 7s, every subnet exactly once (a missing ipConfigurations list counts null, not 0).
    const paged = await scan(c, expanded, 7);
    const got = paged.pages.flatMap((p) => p.data);
    expect(got.map((r: any) => r.subnetId)).toEqual(expected.map((e) => e.subnetId).sort());
    for (const r of got) {
      const e = expected.find((x) => x.subnetId === r.subnetId);
      expect(r.vnetId).toBe(e?.vnetId);
      expect(r.ips ?? 0).toBe(e?.ips);
    }
    // limit 1: the first subnet of each VNet only.
    const one = await rows(c, `${VNETS} | mv-expand subnet = properties.subnets limit 1 | project id, s = tostring(subnet.name)`);
    expect(one.length).toBe(whole.filter((v) => v.subnets.length > 0).length);
    expect(one.every((r, i, all) => all.findIndex((x) => x.id === r.id) === i)).toBe(true);
  });

  it.each([
    ["resources | mv-expand properties.subnets", "properties"],
    ["resources | mv-expand s = properties.subnets limit 0", "0"],
    ["resources | mv-expand s = properties.subnets limit 2001", "2001"],
    ["resources | mv-expand id = properties.subnets", "id"],
    ["resources | project n = array_length(tostring(name))", "tostring"],
  ])("mv-expand and array_length refuse %s naming %s", async (q, token) => {
    const c = await pool.start();
    const res = await query(c, { query: q });
    expect(res.status).toBe(400);
    expect(res.body.error.details[1]).toEqual(expect.objectContaining({ code: "ParserFailure", token }));
  });

  it("a page over 16 MiB is refused: 400 ResponsePayloadTooLarge, like ARG; smaller pages of the same query pass", async () => {
    const c = await pool.start({ scenario: fleetScenario(1000), ...big });
    const q = "resources | where type =~ 'microsoft.network/virtualnetworks' | project id, properties | order by id asc";
    const res = await query(c, { query: q, options: { $top: 1000 } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("BadRequest");
    expect(res.body.error.details[0].code).toBe("ResponsePayloadTooLarge");
    expect(res.body.error.details[0].message).toMatch(/^Response payload size is \d+, and has exceeded the limit of 16777216\./);
    expect((await query(c, { query: q, options: { $top: 50 } })).status).toBe(200);
  });

  it.each([
    ["resources | summarize count() by type", "summarize"],
    ["resources | extend x = 1", "extend"],
    ["resources | where properties.x == 1", "1"],
    ["resources | where name != 'x'", "!="],
    ["resources | where name =~ 'a' or name =~ 'b'", "or"],
    ["resources | where name =~ 'a' | limit 5", "limit"],
    ["resources | where name contains 'x'", "contains"],
    ["resourcecontainers | project id", "resourcecontainers"],
    ["resources | where tolower(name) == 'x'", "tolower"],
    ["resources | project nonsense", "nonsense"],
    ["resources | project name | where id =~ 'x'", "id"],
    ["resources | where name =~ 'unterminated", "'unterminated"],
    ["resources | take 10", "take"],
    ["resources | where name in ('a')", "in"],
  ])("%s is refused with 400 InvalidQuery naming %s", async (q, token) => {
    const c = await pool.start();
    const res = await query(c, { query: q });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("BadRequest");
    expect(res.body.error.details[0].code).toBe("InvalidQuery");
    expect(res.body.error.details[1]).toEqual(expect.objectContaining({ code: "ParserFailure", token }));
    expect(res.body.error.message).toContain("emulator");
  });

  it("refuses a body without a query, and bad options", async () => {
    const c = await pool.start();
    expect((await query(c, { subscriptions: [SUB] })).status).toBe(400);
    expect((await query(c, { query: "resources", options: { resultFormat: "csv" } })).status).toBe(400);
    expect((await query(c, { query: "resources", subscriptions: "x" })).status).toBe(400);
  });

  it("resultFormat table: columns with types, rows in column order; the default before api-version 2021-03-01", async () => {
    const c = await pool.start();
    const res = await query(c, { query: `${CLUSTERS} | project name, v = tostring(properties.kubernetesVersion), np = properties.networkProfile | order by name asc` }, {}, "2019-04-01");
    expect(res.status).toBe(200);
    expect(res.body.data.columns).toEqual([
      { name: "name", type: "string" },
      { name: "v", type: "string" },
      { name: "np", type: "object" },
    ]);
    expect(res.body.data.rows[0].slice(0, 2)).toEqual(["cni-aks", "1.30.5"]);
  });
});

describe("the same state as ARM", () => {
  it("a cluster PUT through ARM is the changed row of the next query; a new one appears", async () => {
    const c = await pool.start({ lroPolls: 1 });
    const q = `${CLUSTERS} | where name =~ 'cni-aks' | project tags, state = tostring(properties.provisioningState), plugin = tostring(properties.networkProfile.networkPluginMode)`;
    expect(await rows(c, q)).toEqual([{ tags: { env: "demo", owner: "payments" }, state: "Succeeded", plugin: "" }]);
    const cni = await c.read(clusterPath("cni-aks"));
    cni.tags.stage = "moved";
    cni.properties.networkProfile.networkPluginMode = "overlay";
    cni.properties.networkProfile.podCidr = "192.168.0.0/16";
    const put = await c.put(clusterPath("cni-aks"), cni, { headers: { "if-match": cni.eTag } });
    expect(put.status, put.text).toBe(200);
    expect(await rows(c, q)).toEqual([{ tags: { env: "demo", owner: "payments", stage: "moved" }, state: "Updating", plugin: "overlay" }]);
    await c.pollToEnd(put.headers.get("azure-asyncoperation") as string);
    expect((await rows(c, q))[0].state).toBe("Succeeded");
    expect((await c.put(clusterPath("fresh"), newClusterBody())).status).toBe(201);
    expect(await rows(c, `${CLUSTERS} | where name == 'fresh' | project name`)).toEqual([{ name: "fresh" }]);
  });

  it("write-only secrets never appear", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const body = newClusterBody();
    body.properties.servicePrincipalProfile = { clientId: "app", secret: "s3cr3t-value" };
    expect((await c.put(clusterPath("fresh"), body)).status).toBe(201);
    const res = await query(c, { query: `${CLUSTERS} | where name == 'fresh'` });
    expect(res.text).not.toContain("s3cr3t-value");
    expect(res.body.data[0].properties.servicePrincipalProfile).toEqual({ clientId: "app" });
    expect(await rows(c, `${CLUSTERS} | where properties.servicePrincipalProfile.secret == 's3cr3t-value' | project id`)).toEqual([]);
  });
});

describe("scope", () => {
  it("subscriptions narrow the search; managementGroups demo-mg holds every subscription; none is the tenant", async () => {
    const c = await pool.start({ scenario: fleetScenario(120), ...big });
    const q = `${CLUSTERS} | project subscriptionId`;
    const count = async (extra: Record<string, unknown>) => (await query(c, { query: q, options: { $top: 1 }, ...extra })).body.totalRecords;
    expect(await count({ subscriptions: [fleetSubscriptionId(0)] })).toBe(40);
    expect(await count({ subscriptions: [fleetSubscriptionId(1).toUpperCase(), fleetSubscriptionId(2)] })).toBe(80);
    expect(await count({ managementGroups: ["demo-mg"] })).toBe(120);
    expect(await count({})).toBe(120);
    const unknown = await query(c, { query: q, managementGroups: ["nope"] });
    expect(unknown.status).toBe(400);
    const groups = await c.get("/providers/Microsoft.Management/managementGroups", { apiVersion: "2021-04-01" });
    expect(groups.body.value.map((g: any) => g.name)).toEqual(["demo-mg"]);
    const mg = await c.get("/providers/Microsoft.Management/managementGroups/demo-mg", { apiVersion: "2021-04-01" });
    expect(mg.body.properties.children).toHaveLength(3);
    const subs = await c.get("/subscriptions", { apiVersion: "2022-12-01" });
    expect(subs.body.value.map((s: any) => s.displayName)).toEqual(["fleet-sub-001", "fleet-sub-002", "fleet-sub-003"]);
  });
});

describe("faults and authentication", () => {
  it("needs a bearer token like every route", async () => {
    const c = await pool.start();
    expect((await c.call("POST", ARG, { body: { query: "resources" }, apiVersion: "2024-04-01", auth: false })).status).toBe(401);
    expect((await c.call("POST", ARG, { body: { query: "resources" }, apiVersion: null })).status).toBe(400);
  });

  it("a 429 without Retry-After, then a 503 on the second page of a scan (after: 1)", async () => {
    const c = await pool.start({ scenario: fleetScenario(250), ...big });
    const added = await c.control("POST", "faults", [
      { match: { method: "POST", path: ARG }, status: 429 },
      { match: { path: "/providers/Microsoft.ResourceGraph/**" }, after: 2, status: 503 },
    ]);
    expect(added.status, added.text).toBe(200);
    const throttled = await query(c, { query: CLUSTERS });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBeNull();
    const first = await query(c, { query: CLUSTERS });
    expect(first.status).toBe(200);
    const failed = await query(c, { query: CLUSTERS, options: { $skipToken: first.body.$skipToken } });
    expect(failed.status).toBe(503);
    const retried = await query(c, { query: CLUSTERS, options: { $skipToken: first.body.$skipToken } });
    expect(retried.status).toBe(200);
    expect(retried.body.data[0].id).not.toBe(first.body.data[0].id);
  });
});
