/**
 * What ARM keeps around the resources: subscriptions, resource groups, user-assigned identities,
 * role assignments, regions, and the cluster PUT's group and region refusals.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RG, SUB, clusterPath, emulators, newClusterBody, poolPath, vnetPath } from "./http.js";
import { DEMO, checkScenario } from "../../src/emulator/scenarios.js";

const pool = emulators();
afterEach(() => pool.closeAll());

const API = { apiVersion: "2021-04-01" };
const rgPath = (rg: string, sub = SUB): string => `/subscriptions/${sub}/resourcegroups/${rg}`;
const identityPath = (name: string, rg = RG): string => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
const NETWORK_CONTRIBUTOR = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7`;
const raPath = (scope: string, name: string): string => `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
const GUID1 = "0b7c9a52-1111-4c2e-9d3f-0123456789ab";
const GUID2 = "0b7c9a52-2222-4c2e-9d3f-0123456789ab";

describe("subscriptions and resource groups", () => {
  it("GET /subscriptions lists the scenario's subscription with ARM's shape", async () => {
    const c = await pool.start();
    const res = await c.get("/subscriptions", { apiVersion: "2022-12-01" });
    expect(res.status).toBe(200);
    expect(res.body.value).toContainEqual(expect.objectContaining({ id: `/subscriptions/${SUB}`, subscriptionId: SUB, tenantId: expect.any(String), state: "Enabled", displayName: expect.any(String) }));
    expect(res.body.count).toEqual({ type: "Total", value: res.body.value.length });
  });

  it("GET a group: {id, name, location, properties: {provisioningState}}, with any well-formed api-version", async () => {
    const c = await pool.start();
    const res = await c.get(rgPath(RG), { apiVersion: "2019-10-01" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: `/subscriptions/${SUB}/resourceGroups/${RG}`, name: RG, type: "Microsoft.Resources/resourceGroups", location: "eastus", properties: { provisioningState: "Succeeded" } });
    expect((await c.get(rgPath(`MC_${RG}_overlay-aks_eastus`), API)).body.managedBy).toMatch(/managedClusters\/overlay-aks$/);
    expect((await c.get(rgPath(RG), { apiVersion: "latest" })).body.error.code).toBe("InvalidApiVersionParameter");
  });

  it("404 ResourceGroupNotFound for a missing group", async () => {
    const c = await pool.start();
    const res = await c.get(rgPath("nope-rg"), API);
    expect({ status: res.status, code: res.body.error.code, message: res.body.error.message }).toEqual({ status: 404, code: "ResourceGroupNotFound", message: "Resource group 'nope-rg' could not be found." });
  });

  it("PUT creates (201) then updates (200); a location change is refused; an unknown region is refused", async () => {
    const c = await pool.start();
    const created = await c.put(rgPath("new-rg"), { location: "West Europe", tags: { a: "1" } }, API);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "new-rg", location: "westeurope", tags: { a: "1" }, properties: { provisioningState: "Succeeded" } });
    expect((await c.put(rgPath("new-rg"), { location: "westeurope" }, API)).status).toBe(200);
    const moved = await c.put(rgPath("new-rg"), { location: "eastus" }, API);
    expect({ status: moved.status, code: moved.body.error.code }).toEqual({ status: 409, code: "InvalidResourceGroupLocation" });
    const nowhere = await c.put(rgPath("x-rg"), { location: "atlantis" }, API);
    expect({ status: nowhere.status, code: nowhere.body.error.code }).toEqual({ status: 400, code: "LocationNotAvailableForResourceGroup" });
    expect(nowhere.body.error.message).toContain("'atlantis' is not available for resource group. List of available regions is 'eastus,");
    const noLocation = await c.put(rgPath("y-rg"), {}, API);
    expect({ status: noLocation.status, code: noLocation.body.error.code }).toEqual({ status: 400, code: "LocationRequired" });
    expect((await c.get(`/subscriptions/${SUB}/resourcegroups`, API)).body.value.map((g: any) => g.name)).toContain("new-rg");
  });
});

describe("cluster PUT: group and region", () => {
  it("404 ResourceGroupNotFound for a cluster in a missing group; works once the group exists", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const res = await c.put(clusterPath("fresh", "later-rg"), newClusterBody());
    expect({ status: res.status, code: res.body.error.code, message: res.body.error.message }).toEqual({ status: 404, code: "ResourceGroupNotFound", message: "Resource group 'later-rg' could not be found." });
    expect((await c.put(rgPath("later-rg"), { location: "eastus" }, API)).status).toBe(201);
    expect((await c.put(clusterPath("fresh", "later-rg"), newClusterBody())).status).toBe(201);
    expect((await c.get(rgPath("MC_later-rg_fresh_eastus"), API)).status).toBe(200);
  });

  it("400 LocationNotAvailableForResourceType for a location that is no Azure region, with the list of regions", async () => {
    const c = await pool.start();
    const res = await c.put(clusterPath("fresh"), { ...newClusterBody(), location: "moon-1" });
    expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 400, code: "LocationNotAvailableForResourceType" });
    expect(res.body.error.message).toMatch(/^The provided location 'moon-1' is not available for resource type 'Microsoft\.ContainerService\/managedClusters'\. List of available regions for the resource type is 'eastus,.*westus2.*'\.$/);
  });

  it("409 InvalidResourceLocation for an existing cluster PUT in another location", async () => {
    const c = await pool.start();
    const cluster = await c.read(clusterPath("overlay-aks"));
    const res = await c.put(clusterPath("overlay-aks"), { ...cluster, location: "westus2" });
    expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 409, code: "InvalidResourceLocation" });
  });

  it("400 InvalidParameter when a pool's subnet is in a VNet of another region (west-vnet, westus2)", async () => {
    const c = await pool.start();
    const west = `${vnetPath(DEMO.westVnet)}/subnets/west-nodes`;
    const res = await c.put(clusterPath("fresh"), newClusterBody({}, [{ name: "system", count: 3, mode: "System", vmSize: "Standard_D4s_v5", vnetSubnetID: west }]));
    expect({ status: res.status, code: res.body.error.code, target: res.body.error.target }).toEqual({ status: 400, code: "InvalidParameter", target: "agentPoolProfile.vnetSubnetID" });
    expect(res.body.error.message).toMatch(/^The Agentpool system's vnet west-vnet is in location westus2/);
    const pooled = await c.put(poolPath("overlay-aks", "west"), { properties: { count: 1, mode: "User", vnetSubnetID: west } });
    expect(pooled.body.error.code).toBe("InvalidParameter");
    expect((await c.read(vnetPath(DEMO.westVnet))).location).toBe("westus2");
  });

  it("a system-assigned identity gets a stable principalId and the tenant on create", async () => {
    const a = await pool.start({ lroPolls: 0 });
    const b = await pool.start({ lroPolls: 0 });
    const one = (await a.put(clusterPath("fresh"), newClusterBody())).body.identity;
    const two = (await b.put(clusterPath("fresh"), newClusterBody())).body.identity;
    expect(one).toEqual({ type: "SystemAssigned", principalId: expect.stringMatching(/^[0-9a-f-]{36}$/), tenantId: "11111111-1111-1111-1111-111111111111" });
    expect(two).toEqual(one);
    expect((await a.read(clusterPath("fresh"))).identity).toEqual(one);
  });
});

describe("VNet PUT", () => {
  it("creates a VNet in an existing group (201), refuses a missing group (404) and an unknown region (400)", async () => {
    const c = await pool.start();
    const body = { location: "eastus", properties: { addressSpace: { addressPrefixes: ["10.60.0.0/16"] }, subnets: [{ name: "a", properties: { addressPrefix: "10.60.0.0/24" } }] } };
    const created = await c.put(vnetPath("new-vnet"), body);
    expect(created.status).toBe(201);
    expect(created.body.properties.subnets[0]).toMatchObject({ id: `${vnetPath("new-vnet")}/subnets/a`, name: "a", properties: { addressPrefix: "10.60.0.0/24", provisioningState: "Succeeded" } });
    expect((await c.get(`${vnetPath("new-vnet")}/subnets/a`)).status).toBe(200);
    expect((await c.put(vnetPath("new-vnet"), body)).status).toBe(200);
    const missing = await c.put(vnetPath("v", "nope-rg"), body);
    expect({ status: missing.status, code: missing.body.error.code }).toEqual({ status: 404, code: "ResourceGroupNotFound" });
    const nowhere = await c.put(vnetPath("v"), { ...body, location: "nowhere" });
    expect(nowhere.body.error.message).toContain("for resource type 'Microsoft.Network/virtualNetworks'");
  });
});

describe("user-assigned identities", () => {
  it("GET demo-identity: principalId, clientId, tenantId", async () => {
    const c = await pool.start();
    const res = await c.get(identityPath(DEMO.identity), { apiVersion: "2023-01-31" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: identityPath(DEMO.identity), name: "demo-identity", type: "Microsoft.ManagedIdentity/userAssignedIdentities", location: "eastus", properties: { principalId: DEMO.identityPrincipalId, clientId: DEMO.identityClientId, tenantId: "11111111-1111-1111-1111-111111111111" } });
    expect((await c.get(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`, API)).body.value).toHaveLength(1);
    const missing = await c.get(identityPath("nobody"), API);
    expect({ status: missing.status, code: missing.body.error.code }).toEqual({ status: 404, code: "ResourceNotFound" });
  });

  it("a cluster naming it as its identity shows its principal and client ids", async () => {
    const c = await pool.start();
    const body = { ...newClusterBody(), identity: { type: "UserAssigned", userAssignedIdentities: { [identityPath(DEMO.identity)]: {} } } };
    const res = await c.put(clusterPath("fresh"), body);
    expect(res.body.identity.userAssignedIdentities[identityPath(DEMO.identity)]).toEqual({ principalId: DEMO.identityPrincipalId, clientId: DEMO.identityClientId });
  });
});

describe("role assignments", () => {
  const vnetScope = vnetPath("demo-vnet");
  const subnetScope = `${vnetScope}/subnets/aks-nodes`;

  it("lists the demo identity's Network Contributor on demo-vnet, from the VNet, a subnet below it and the group above it", async () => {
    const c = await pool.start();
    const filter = `principalId eq '${DEMO.identityPrincipalId}'`;
    for (const scope of [vnetScope, subnetScope, `/subscriptions/${SUB}/resourceGroups/${RG}`, `/subscriptions/${SUB}`]) {
      const res = await c.call("GET", `${c.url(`${scope}/providers/Microsoft.Authorization/roleAssignments`, "2022-04-01")}&$filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(200);
      expect(res.body.value).toEqual([
        expect.objectContaining({
          id: raPath(vnetScope, DEMO.roleAssignmentName),
          name: DEMO.roleAssignmentName,
          type: "Microsoft.Authorization/roleAssignments",
          properties: expect.objectContaining({ roleDefinitionId: NETWORK_CONTRIBUTOR, principalId: DEMO.identityPrincipalId, principalType: "ServicePrincipal", scope: vnetScope }),
        }),
      ]);
    }
    const other = await c.call("GET", `${c.url(`${vnetScope}/providers/Microsoft.Authorization/roleAssignments`, "2022-04-01")}&$filter=${encodeURIComponent("principalId eq 'someone-else'")}`);
    expect(other.body.value).toEqual([]);
    // Another VNet is neither above nor below demo-vnet.
    const hub = await c.call("GET", `${c.url(`${vnetPath("hub-vnet")}/providers/Microsoft.Authorization/roleAssignments`, "2022-04-01")}&$filter=${encodeURIComponent(filter)}`);
    expect(hub.body.value).toEqual([]);
    const bad = await c.call("GET", `${c.url(`${vnetScope}/providers/Microsoft.Authorization/roleAssignments`, "2022-04-01")}&$filter=${encodeURIComponent("roleDefinitionId eq 'x'")}`);
    expect(bad.status).toBe(400);
  });

  it("PUT creates (201) and reads back; the same again is 200; the same role for the same principal under another name is 409 RoleAssignmentExists", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const principalId = (await c.put(clusterPath("fresh"), newClusterBody())).body.identity.principalId;
    const body = { properties: { roleDefinitionId: NETWORK_CONTRIBUTOR, principalId, principalType: "ServicePrincipal" } };
    const created = await c.put(raPath(subnetScope, GUID1), body, { apiVersion: "2022-04-01" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: raPath(subnetScope, GUID1), name: GUID1, properties: { roleDefinitionId: NETWORK_CONTRIBUTOR, principalId, scope: subnetScope } });
    expect((await c.get(raPath(subnetScope, GUID1), { apiVersion: "2022-04-01" })).body).toEqual(created.body);
    expect((await c.put(raPath(subnetScope, GUID1), body, { apiVersion: "2022-04-01" })).status).toBe(200);
    const dup = await c.put(raPath(subnetScope, GUID2), body, { apiVersion: "2022-04-01" });
    expect({ status: dup.status, code: dup.body.error.code, message: dup.body.error.message }).toEqual({ status: 409, code: "RoleAssignmentExists", message: "The role assignment already exists." });
  });

  it("400 PrincipalNotFound for a principal the directory does not know; 400 for a name that is no GUID; 404 for a missing one", async () => {
    const c = await pool.start();
    const unknown = "99999999-9999-4999-8999-999999999999";
    const res = await c.put(raPath(vnetScope, GUID1), { properties: { roleDefinitionId: NETWORK_CONTRIBUTOR, principalId: unknown } }, { apiVersion: "2022-04-01" });
    expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 400, code: "PrincipalNotFound" });
    expect(res.body.error.message).toMatch(/^Principal 99999999999949998999999999999999 does not exist in the directory 11111111-1111-1111-1111-111111111111\./);
    const badName = await c.put(raPath(vnetScope, "not-a-guid"), { properties: { roleDefinitionId: NETWORK_CONTRIBUTOR, principalId: DEMO.identityPrincipalId } }, { apiVersion: "2022-04-01" });
    expect({ status: badName.status, code: badName.body.error.code }).toEqual({ status: 400, code: "InvalidRoleAssignmentId" });
    const missing = await c.get(raPath(vnetScope, GUID2), { apiVersion: "2022-04-01" });
    expect({ status: missing.status, code: missing.body.error.code }).toEqual({ status: 404, code: "RoleAssignmentNotFound" });
  });

  it("a cluster's new identity is not found until it replicates, unless the assignment says its principalType (ARM then does not look it up)", async () => {
    let now = Date.parse("2026-11-30T10:00:00Z");
    const c = await pool.start({ lroPolls: 0, clock: () => now });
    const created = await c.put(clusterPath("fresh"), newClusterBody());
    expect(created.status).toBe(201);
    const principalId = created.body.identity.principalId as string;
    const assign = (name: string, principalType?: string) =>
      c.put(raPath(vnetScope, name), { properties: { roleDefinitionId: NETWORK_CONTRIBUTOR, principalId, ...(principalType && { principalType }) } }, { apiVersion: "2022-04-01" });
    const tooSoon = await assign(GUID1);
    expect({ status: tooSoon.status, code: tooSoon.body.error.code }).toEqual({ status: 400, code: "PrincipalNotFound" });
    expect(tooSoon.body.error.message).toContain("set the role assignment principalType property");
    expect((await assign(GUID1, "ServicePrincipal")).status).toBe(201);
    // 30 s later the principal is found without a type too (another role, so that it is a new assignment).
    now += 30_000;
    const reader = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;
    const later = await c.put(raPath(vnetScope, GUID2), { properties: { roleDefinitionId: reader, principalId } }, { apiVersion: "2022-04-01" });
    expect(later.status).toBe(201);
  });

  it("a principal nobody made is taken when the assignment names its type (no lookup), and refused when it does not", async () => {
    const c = await pool.start();
    const unknown = "99999999-9999-4999-8999-999999999999";
    const body = (principalType?: string) => ({ properties: { roleDefinitionId: NETWORK_CONTRIBUTOR, principalId: unknown, ...(principalType && { principalType }) } });
    expect((await c.put(raPath(vnetScope, GUID1), body(), { apiVersion: "2022-04-01" })).body.error.code).toBe("PrincipalNotFound");
    expect((await c.put(raPath(vnetScope, GUID1), body("ServicePrincipal"), { apiVersion: "2022-04-01" })).status).toBe(201);
  });
});

describe("scenario files with groups, identities and role assignments", () => {
  it("are checked field by field", () => {
    const base = { virtualNetworks: [], managedClusters: [] };
    expect(checkScenario({ ...base, resourceGroups: [{ id: `/subscriptions/${SUB}/resourceGroups/a`, name: "a", location: "eastus" }] }).resourceGroups).toHaveLength(1);
    expect(() => checkScenario({ ...base, resourceGroups: [{ id: "/x", location: "eastus" }] })).toThrow(/resourceGroups\[0\]\.id/);
    expect(() => checkScenario({ ...base, resourceGroups: [{ id: `/subscriptions/${SUB}/resourceGroups/a`, location: "mars" }] })).toThrow(/resourceGroups\[0\]\.location: expected an Azure region/);
    expect(() => checkScenario({ ...base, userAssignedIdentities: [{ id: identityPath("u"), location: "eastus", properties: { principalId: "x" } }] })).toThrow(/userAssignedIdentities\[0\]\.properties\.principalId/);
    expect(() => checkScenario({ ...base, roleAssignments: [{ id: raPath(`/subscriptions/${SUB}`, "nope"), properties: {} }] })).toThrow(/roleAssignments\[0\]\.id/);
  });

  it("without resourceGroups, a file's groups are the ones its resources are in", async () => {
    const c = await pool.start({ scenario: { virtualNetworks: [], managedClusters: [] }, lroPolls: 0 });
    expect((await c.put(clusterPath("fresh"), newClusterBody({}, [{ name: "system", count: 1, mode: "System", vmSize: "Standard_D2s_v5" }]))).body.error.code).toBe("ResourceGroupNotFound");
  });
});
