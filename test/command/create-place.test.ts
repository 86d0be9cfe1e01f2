/**
 * create against what Azure holds besides the VNet: the resource group and its location, the
 * regions, the VNet's region, the cluster identity and its role on the subnet. In-process against
 * the emulator, whose resource provider models groups, regions, identities and role assignments.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const RG = "demo-rg";
const subnetId = (name: string, vnet = "demo-vnet") => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${name}`;
const clusterId = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}`;
const IDENTITY = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/demo-identity`;
const GOOD = ["--pod-cidr", "192.168.0.0/16", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10"];

const emulators: Emulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function setUp(): Promise<{ emulator: Emulator; run: (args: string[]) => ReturnType<typeof runCli> }> {
  const emulator = await startEmulator({ lroPolls: 1 });
  emulators.push(emulator);
  const env = { AZURE_SUBSCRIPTION_ID: SUB, AKS_OVERLAY_ARM_ENDPOINT: emulator.url, AKS_OVERLAY_TEST_TIMING: "fast", NO_COLOR: "1" };
  return { emulator, run: (args) => runCli(args, { env }) };
}

const create = (name: string, ...args: string[]) => ["create", "-g", RG, "-n", name, ...args];
const codes = (stdout: string): string[] => JSON.parse(stdout).findings.map((f: { code: string }) => f.code);

describe("create: where the cluster goes", () => {
  it("takes the resource group's location when -l is left out", async () => {
    const { emulator, run } = await setUp();
    const r = await run([...create("here", "--vnet-subnet-id", subnetId("aks-nodes"), ...GOOD, "--yes", "-o", "json")]);
    expect(r.code, r.stderr).toBe(0);
    expect((emulator.state.getCluster(clusterId("here")) as any).location).toBe("eastus");
  });
  it.each([
    ["a resource group that does not exist", ["-g", "nope", "-l", "eastus"], "ResourceGroupNotFound"],
    ["a region that does not exist", ["-l", "narnia"], "LocationUnknown"],
    ["a subnet of a VNet in another region", ["-l", "eastus", "--vnet-subnet-id", subnetId("west-nodes", "west-vnet")], "VnetLocationMismatch"],
  ])("refuses %s (exit 3) before writing anything", async (_name, args, code) => {
    const { emulator, run } = await setUp();
    const r = await run(["create", "-g", RG, "-n", "x", ...GOOD, ...args, "--yes", "-o", "json"]);
    expect(r.code).toBe(3);
    expect(codes(r.stdout)).toContain(code);
    expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
  });
});

describe("create: the cluster identity and the subnet", () => {
  it("grants a system-assigned identity Network Contributor on the subnet after the cluster exists", async () => {
    const { emulator, run } = await setUp();
    const r = await run([...create("granted", "-l", "eastus", "--vnet-subnet-id", subnetId("aks-nodes"), ...GOOD, "--yes")]);
    expect(r.code, r.stderr).toBe(0);
    const principal = (emulator.state.getCluster(clusterId("granted")) as any).identity.principalId;
    const grant = emulator.requests.find((q) => q.method === "PUT" && q.path.includes("/roleAssignments/"));
    expect(grant?.status).toBe(201);
    expect((grant?.body as any).properties.principalId).toBe(principal);
  });

  it("skips the grant with --skip-subnet-role-assignment and says how to grant it", async () => {
    const { emulator, run } = await setUp();
    const r = await run([...create("skipped", "-l", "eastus", "--vnet-subnet-id", subnetId("aks-nodes"), ...GOOD, "--skip-subnet-role-assignment", "--yes")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("SubnetPermissionMissing");
    expect(r.stdout).toContain("az role assignment create");
    expect(emulator.requests.some((q) => q.path.includes("/roleAssignments/"))).toBe(false);
  });

  it("reports a failed grant after the cluster was created as exactly that, with the fix", async () => {
    const { emulator, run } = await setUp();
    emulator.faults.add([{ match: { method: "PUT", path: "/**/roleAssignments/*" }, status: 403, armCode: "AuthorizationFailed", message: "no permission to assign roles" }]);
    const r = await run([...create("half", "-l", "eastus", "--vnet-subnet-id", subnetId("aks-nodes"), ...GOOD, "--yes")]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${clusterId("half")} was created, but then`);
    expect(r.stderr).toContain("AuthorizationFailed");
    const principal = (emulator.state.getCluster(clusterId("half")) as any).identity.principalId;
    expect(r.stderr).toContain(`az role assignment create --assignee-object-id ${principal} --assignee-principal-type ServicePrincipal --role 4d97b98b-1d4f-4787-a291-c67834d212e7 --scope ${subnetId("aks-nodes")}`);
  });

  it("uses --assign-identity and checks its role on the subnet: held on demo-vnet, missing on west-vnet", async () => {
    const { emulator, run } = await setUp();
    const held = await run([...create("uami", "-l", "eastus", "--vnet-subnet-id", subnetId("aks-nodes"), ...GOOD, "--assign-identity", IDENTITY, "--dry-run", "-o", "json")]);
    expect(held.code, held.stderr).toBe(0);
    const plan = JSON.parse(held.stdout);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0].body.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: { [IDENTITY]: {} } });
    expect(codes(held.stdout)).not.toContain("SubnetPermissionMissing");
    const missing = await run([...create("uami2", "-l", "westus2", "--vnet-subnet-id", subnetId("west-nodes", "west-vnet"), ...GOOD, "--assign-identity", IDENTITY, "--dry-run", "-o", "json")]);
    expect(missing.code, missing.stderr).toBe(0);
    const warning = JSON.parse(missing.stdout).findings.find((f: { code: string }) => f.code === "SubnetPermissionMissing");
    expect(warning.hint).toContain("az role assignment create --assignee-object-id 6b1f2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d");
    const unknown = await run([...create("uami3", "-l", "eastus", ...GOOD, "--assign-identity", IDENTITY.replace("demo-identity", "nope"), "--dry-run", "-o", "json")]);
    expect(unknown.code).toBe(3);
    expect(codes(unknown.stdout)).toContain("IdentityNotFound");
    expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
  });
});
