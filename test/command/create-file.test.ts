/** create --file: every pool of a validated multi-pool design, through a saved plan too; what a file cannot say. */
import { describe, expect, it } from "vitest";
import { DEMO_SUB, emulatedCli } from "../helpers/emulated.js";

const emulated = emulatedCli();
const SUBNET = `/subscriptions/${DEMO_SUB}/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/aks-nodes`;
const DESIGN = `
podCidr: 10.244.0.0/16
serviceCidr: 172.20.0.0/16
dnsServiceIp: 172.20.0.10
nodePools:
  - name: system
    mode: System
    count: 3
  - name: apps
    mode: User
    enableAutoScaling: true
    minCount: 2
    maxCount: 20
    maxPods: 110
`;
const create = (name: string, ...extra: string[]) => ["create", "-g", "demo-rg", "-n", name, "-l", "eastus", "--vnet-subnet-id", SUBNET, "--file", "design.yaml", ...extra];

describe("create --file", () => {
  it("creates every pool of the design, each as the file says, and validate agrees with the plan", async () => {
    const { emulator, run } = await emulated();
    const files = { "design.yaml": DESIGN };
    const validated = await run(["validate", "--file", "design.yaml", "-o", "json"], files);
    expect(JSON.parse(validated.stdout).valid).toBe(true);
    const r = await run(create("multi", "--yes", "-o", "json"), files);
    expect(r.code, r.stderr).toBe(0);
    const put = emulator.requests.find((q) => q.method === "PUT" && q.path.endsWith("/managedClusters/multi"));
    const pools = (put?.body as any).properties.agentPoolProfiles;
    expect(pools.map((p: any) => [p.name, p.mode, p.count, p.enableAutoScaling, p.minCount, p.maxCount, p.maxPods, p.vnetSubnetID])).toEqual([
      ["system", "System", 3, false, undefined, undefined, 250, SUBNET],
      ["apps", "User", 2, true, 2, 20, 110, SUBNET],
    ]);
  });

  it("saves a plan holding the pools, which apply decides again and creates", async () => {
    const { emulator, run, written } = await emulated();
    const saved = await run(create("planned", "--out", "plan.json"), { "design.yaml": DESIGN });
    expect(saved.code, saved.stderr).toBe(0);
    expect(JSON.parse(written["plan.json"] as string).request.design.nodePools).toHaveLength(2);
    const applied = await run(["apply", "plan.json", "--yes"], written);
    expect(applied.code, applied.stderr).toBe(0);
    expect(emulator.requests.filter((q) => q.method === "PUT" && q.path.endsWith("/managedClusters/planned"))).toHaveLength(1);
  });

  it("refuses a pool designed for another subnet (exit 3, nothing written), and a file that names another cluster (exit 2)", async () => {
    const { emulator, run } = await emulated();
    const elsewhere = `${DESIGN}    subnetCidr: 10.225.0.0/24\n`;
    const r = await run(create("elsewhere", "--yes"), { "design.yaml": elsewhere });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("PoolSubnetNotCreated");
    expect(r.stdout.replace(/\n\s+/g, " ")).toContain("aks-overlay nodepool add -g demo-rg --cluster-name elsewhere -n apps --vnet-subnet-id");
    const named = await run(create("mine", "--yes"), { "design.yaml": `name: theirs\n${DESIGN}` });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain("--file design.yaml says name theirs, --name says mine");
    expect(emulator.requests.filter((q) => q.method === "PUT")).toEqual([]);
  });

  it("says that the file's offline VNet facts are not used, and reads the VNet from Azure", async () => {
    const { run } = await emulated();
    const r = await run(create("offline", "--dry-run"), { "design.yaml": `vnetCidrs: [10.0.0.0/8]\nnodeSubnetCidr: 10.0.0.0/24\n${DESIGN}` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Note: --file's vnetCidrs, nodeSubnetCidr are for offline validation");
    expect(r.stdout).toContain("10.224.0.0/16");
  });
});
