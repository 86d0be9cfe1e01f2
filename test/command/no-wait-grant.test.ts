/** --no-wait cannot apply a plan whose later change needs what the first one makes: refused before any write. */
import { describe, expect, it } from "vitest";
import { DEMO_SUB as SUB, emulatedCli } from "../helpers/emulated.js";

const emulated = emulatedCli();
const SUBNET = `/subscriptions/${SUB}/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/aks-nodes`;
const CREATE = ["create", "-g", "demo-rg", "-n", "nw", "--vnet-subnet-id", SUBNET, "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--yes", "--no-wait"];

describe("--no-wait and the subnet grant", () => {
  it("refuses a create that must grant its identity on the subnet, writing nothing; with --skip-subnet-role-assignment it submits", async () => {
    const { emulator, run } = await emulated();
    const refused = await run(CREATE);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--no-wait: the plan also grants the cluster's identity Network Contributor on subnet aks-nodes");
    expect(emulator.requests.filter((q) => q.method === "PUT")).toEqual([]);
    const submitted = await run([...CREATE, "--skip-subnet-role-assignment"]);
    expect(submitted.code, submitted.stderr).toBe(0);
    expect(submitted.stdout).toContain("Submitted:");
  });
});

describe("a create whose cluster operation fails", () => {
  it("says the subnet grant was not made either, and how to make it by hand", async () => {
    const { emulator, run } = await emulated({ faults: [{ match: { method: "PUT", path: "/**/managedClusters/failaks" }, operationStatus: "Failed", armCode: "VMExtensionProvisioningError" }] });
    const r = await run(["create", "-g", "demo-rg", "-n", "failaks", "--vnet-subnet-id", SUBNET, "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--yes"]);
    expect(r.code).toBe(5);
    const text = r.stderr.replace(/\s+/g, " ");
    expect(text).toContain("VMExtensionProvisioningError");
    expect(text).toContain("Not written either:");
    expect(text).toContain("az role assignment create --assignee-object-id $(az aks show -g demo-rg -n failaks --query identity.principalId -o tsv)");
    expect(emulator.requests.some((q) => q.method === "PUT" && q.path.includes("/roleAssignments/"))).toBe(false);
  });
});
