/**
 * `aks-overlay apply` against tampered saved plans: a table of edits to plans saved by create,
 * upgrade and nodepool add, each applied against a fresh emulator. apply re-decides every plan
 * from its request, so each edit must end in its exact exit code (6 stale, 3 the request fails a
 * rule, 2 edited or not a valid plan), with no stack trace and no successful write. Edits to
 * purely informational fields do not stop an otherwise untouched plan.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";
import { diff } from "../../src/plan/plan.js";
import { runCli } from "../helpers/cli.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const RG = "demo-rg";
const vnetId = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/${name}`;
const subnetId = (name: string, vnet = "demo-vnet") => `${vnetId(vnet)}/subnets/${name}`;
const clusterId = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}`;
const poolId = (cluster: string, pool: string) => `${clusterId(cluster)}/agentPools/${pool}`;
const HUB_SHARED = subnetId("shared", "hub-vnet");

type Base = "create" | "upgrade" | "kubenet" | "pool";

const PLAN_ARGS: Record<Base, string[]> = {
  create: ["create", "-g", RG, "-n", "saved", "-l", "eastus", "--vnet-subnet-id", subnetId("aks-nodes"), "--pod-cidr", "192.168.0.0/16", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--out", "p.json"],
  upgrade: ["upgrade", "-g", RG, "-n", "cni-aks", "--pod-cidr", "192.168.0.0/16", "--out", "p.json"],
  kubenet: ["upgrade", "-g", RG, "-n", "kubenet-aks", "--out", "p.json"],
  pool: ["nodepool", "add", "-g", RG, "--cluster-name", "overlay-aks", "-n", "saved", "--node-count", "2", "--out", "p.json"],
};

const STACK_TRACE = /\n\s+at /;

// Plans are JSON documents: edits work on them untyped.
type Plan = any;
type Edit = (plan: Plan) => void;
/** An edit, the exit code apply must end with, and what it must say (else by the code: see WHY). */
type EditRow = [name: string, edit: Edit, code: number, why?: string];

/** What a refusal says by default: 2 edited, 6 stale. Rows refused for another reason name it. */
const WHY: Record<number, string> = { 2: "the plan was edited", 6: "plan is stale" };

const emulators: Emulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function setUp(base: Base): Promise<{ emulator: Emulator; env: Record<string, string>; plan: Plan }> {
  const emulator = await startEmulator({ lroPolls: 1 });
  emulators.push(emulator);
  const env = { AZURE_SUBSCRIPTION_ID: SUB, AKS_OVERLAY_ARM_ENDPOINT: emulator.url, AKS_OVERLAY_TEST_TIMING: "fast" };
  const written: Record<string, string> = {};
  const planned = await runCli(PLAN_ARGS[base], { env, written });
  expect(planned.code, planned.stderr).toBe(0);
  expect(written["p.json"]).toBeDefined();
  return { emulator, env, plan: JSON.parse(written["p.json"] as string) };
}

/** Everything the emulator holds, as text: no write may change any of it. */
function snapshot(emulator: Emulator): string {
  return JSON.stringify({ clusters: [...emulator.state.clusters.entries()], vnets: [...emulator.state.vnets.entries()], operations: emulator.state.operations.size });
}

async function apply(emulator: Emulator, env: Record<string, string>, plan: Plan) {
  const from = emulator.requests.length;
  const r = await runCli(["apply", "p.json", "--yes"], { env, files: { "p.json": JSON.stringify(plan, null, 2) } });
  const requests = emulator.requests.slice(from);
  return { ...r, requests, puts: requests.filter((q) => q.method === "PUT") };
}

// ---- edit helpers -------------------------------------------------------------------------------

const change0 = (p: Plan) => p.changes[0];

/** A create change's diff recomputed from its (edited) body, so the two stay consistent. */
function rediff(p: Plan): void {
  change0(p).diff = diff(undefined, change0(p).body);
}

/** An update change's diff entry for a path, set (added if absent) to the given after value. */
function setDiff(p: Plan, path: string, after: unknown, before: unknown = null): void {
  const entry = change0(p).diff.find((d: { path: string }) => d.path === path);
  if (entry) entry.after = after;
  else change0(p).diff.push({ path, before, after });
}

function basisEntry(p: Plan, id: string): { resourceId: string; etag: string | null } {
  const entry = p.basis.find((b: { resourceId: string }) => b.resourceId.toLowerCase() === id.toLowerCase());
  if (!entry) throw new Error(`no basis entry for ${id}`);
  return entry;
}

function dropBasis(p: Plan, id: string): void {
  const before = p.basis.length;
  p.basis = p.basis.filter((b: { resourceId: string }) => b.resourceId.toLowerCase() !== id.toLowerCase());
  if (p.basis.length !== before - 1) throw new Error(`no basis entry for ${id}`);
}

// ---- create edits -------------------------------------------------------------------------------

const createPool0 = (p: Plan) => change0(p).body.properties.agentPoolProfiles[0];

const createEdits: EditRow[] = [
  ["body: node count changed, diff untouched", (p) => (createPool0(p).count = 7), 2],
  ["body: node count changed with the matching diff", (p) => {
    createPool0(p).count = 7;
    rediff(p);
  }, 2],
  ["body: node subnet moved to pool-dedicated with the matching diff (request untouched)", (p) => {
    createPool0(p).vnetSubnetID = subnetId("pool-dedicated");
    rediff(p);
  }, 2],
  ["body: pod CIDR changed with the matching diff (request untouched)", (p) => {
    change0(p).body.properties.networkProfile.podCidr = "100.64.0.0/16";
    change0(p).body.properties.networkProfile.podCidrs = ["100.64.0.0/16"];
    rediff(p);
  }, 2],
  ["body: a secret added (windowsProfile.adminPassword)", (p) => {
    change0(p).body.properties.windowsProfile = { adminUsername: "azureuser", adminPassword: "Sup3r-s3cret!" };
    rediff(p);
  }, 2, "holds a secret (properties.windowsProfile.adminPassword)"],
  ["body: an unknown extra field, diff untouched", (p) => (change0(p).body.extraField = "x"), 2],
  ["body: an unknown extra field with the matching diff", (p) => {
    change0(p).body.properties.networkProfile.podCidrAllocation = "dynamic";
    rediff(p);
  }, 2],
  ["diff alone: an entry dropped", (p) => (change0(p).diff = change0(p).diff.filter((d: { path: string }) => d.path !== "properties.networkProfile.networkPluginMode")), 2],
  ["diff alone: an after value changed", (p) => setDiff(p, "properties.agentPoolProfiles[0].count", 1), 2],
  ["diff alone: an entry added", (p) => change0(p).diff.push({ path: "properties.networkProfile.networkPolicy", before: null, after: "cilium" }), 2],
  ["basis emptied", (p) => (p.basis = []), 2],
  ["basis: the VNet dropped", (p) => dropBasis(p, vnetId("demo-vnet")), 2],
  ["basis: the VNet's eTag changed", (p) => (basisEntry(p, vnetId("demo-vnet")).etag = 'W/"demo-vnet-0"'), 6],
  ["basis: the absent cluster given an eTag", (p) => (basisEntry(p, clusterId("saved")).etag = "saved-etag-1"), 6],
  ["target: name changed", (p) => (p.target.name = "other"), 2],
  ["target: resourceId changed to another cluster", (p) => (p.target.resourceId = clusterId("overlay-aks")), 2],
  ["target: a pool added", (p) => (p.target.pool = "nodepool1"), 2],
  ["change: etag set to *", (p) => (change0(p).etag = "*"), 2],
  ["change: action create -> update", (p) => (change0(p).action = "update"), 2],
  ["change: action create -> noop", (p) => (change0(p).action = "noop"), 2],
  ["change: resourceType changed to agentPools", (p) => (change0(p).resourceType = "Microsoft.ContainerService/managedClusters/agentPools"), 2],
  ["change: resourceId pointed at the existing overlay-aks", (p) => (change0(p).resourceId = clusterId("overlay-aks")), 2],
  ["changes emptied", (p) => (p.changes = []), 2],
  ["changes duplicated", (p) => p.changes.push(structuredClone(change0(p))), 2],
  ["operation create -> upgrade", (p) => (p.operation = "upgrade"), 2, "is not a valid plan"],
  ["operation create -> nodepool-add", (p) => (p.operation = "nodepool-add"), 2, "is not a valid plan"],
  ["formatVersion 1", (p) => (p.formatVersion = 1), 2, "plan format version 1"],
  ["formatVersion removed", (p) => delete p.formatVersion, 2, "plan has no formatVersion: this aks-overlay reads version 2"],
  ["valid: false", (p) => (p.valid = false), 2, "has error findings"],
  ["request: an extra top-level key", (p) => (p.request.force = true), 2, "is not a valid plan"],
  ["request: an extra key in design", (p) => (p.request.design.skipValidation = true), 2, "is not a valid plan"],
  ["request: name pointed at the existing overlay-aks", (p) => (p.request.name = "overlay-aks"), 2],
  ["request: name pointed at another new cluster", (p) => (p.request.name = "other"), 2],
  ["request: pod CIDR only changed", (p) => (p.request.design.podCidr = "100.64.0.0/16"), 2],
  ["request+body+diff: pod CIDR moved onto the peered hub (10.0.0.0/16)", (p) => {
    p.request.design.podCidr = "10.0.0.0/16";
    change0(p).body.properties.networkProfile.podCidr = "10.0.0.0/16";
    change0(p).body.properties.networkProfile.podCidrs = ["10.0.0.0/16"];
    rediff(p);
  }, 3, "PodCidrOverlapsPeeredNetwork"],
  // The VNet is read anyway (what apply reads follows from the request): the dropped entry shows the edit.
  ["request+body+diff: pod CIDR moved onto the peered hub, the basis VNet dropped too", (p) => {
    p.request.design.podCidr = "10.0.0.0/16";
    change0(p).body.properties.networkProfile.podCidr = "10.0.0.0/16";
    change0(p).body.properties.networkProfile.podCidrs = ["10.0.0.0/16"];
    rediff(p);
    dropBasis(p, vnetId("demo-vnet"));
  }, 2, "the plan was edited"],
  ["request+body+diff: maxPods 5", (p) => {
    p.request.design.maxPods = 5;
    createPool0(p).maxPods = 5;
    rediff(p);
  }, 3, "MaxPodsOutOfRange"],
  ["request+body+diff: a DCsv2 VM size (Standard_DC2s_v2)", (p) => {
    p.request.design.nodeVmSize = "Standard_DC2s_v2";
    createPool0(p).vmSize = "Standard_DC2s_v2";
    rediff(p);
    delete p.chosenByAzure["properties.agentPoolProfiles[0].vmSize"];
  }, 3, "VmSizeNotSupported"],
  ["armEndpoint changed to https://evil.example.com", (p) => (p.armEndpoint = "https://evil.example.com"), 2, "the plan says it was made against \"https://evil.example.com\""],
  ["armEndpoint changed to another loopback port", (p) => (p.armEndpoint = "http://127.0.0.1:1"), 2, "the plan says it was made against \"http://127.0.0.1:1\","],
];

// ---- upgrade edits (cni-aks with --pod-cidr, kubenet-aks without) -------------------------------

const upgradeEdits: EditRow[] = [
  ["body: pod CIDR changed, diff untouched", (p) => {
    change0(p).body.properties.networkProfile.podCidr = "100.64.0.0/16";
    change0(p).body.properties.networkProfile.podCidrs = ["100.64.0.0/16"];
  }, 2],
  ["body: pod CIDR changed with the matching diff (request untouched)", (p) => {
    change0(p).body.properties.networkProfile.podCidr = "100.64.0.0/16";
    change0(p).body.properties.networkProfile.podCidrs = ["100.64.0.0/16"];
    setDiff(p, "properties.networkProfile.podCidr", "100.64.0.0/16");
    setDiff(p, "properties.networkProfile.podCidrs", ["100.64.0.0/16"]);
  }, 2],
  ["body: network policy changed with the matching diff", (p) => {
    change0(p).body.properties.networkProfile.networkPolicy = "cilium";
    setDiff(p, "properties.networkProfile.networkPolicy", "cilium");
  }, 2],
  ["body: a secret added (windowsProfile.adminPassword)", (p) => (change0(p).body.properties.windowsProfile = { adminUsername: "azureuser", adminPassword: "Sup3r-s3cret!" }), 2, "holds a secret (properties.windowsProfile.adminPassword)"],
  ["body: an unknown extra field", (p) => (change0(p).body.extraField = { on: true }), 2],
  ["diff alone: the pod CIDR entry dropped", (p) => (change0(p).diff = change0(p).diff.filter((d: { path: string }) => d.path !== "properties.networkProfile.podCidr")), 2],
  ["basis: the cluster dropped", (p) => dropBasis(p, clusterId("cni-aks")), 2],
  ["basis emptied", (p) => (p.basis = []), 2],
  ["basis: the cluster's eTag changed", (p) => (basisEntry(p, clusterId("cni-aks")).etag = "cni-aks-etag-0"), 6],
  ["change: etag set to *", (p) => (change0(p).etag = "*"), 2],
  ["change: etag set to an older eTag (basis untouched)", (p) => (change0(p).etag = "cni-aks-etag-0"), 2],
  ["change: action update -> noop", (p) => (change0(p).action = "noop"), 2],
  ["change: resourceId pointed at kubenet-aks", (p) => (change0(p).resourceId = clusterId("kubenet-aks")), 2],
  ["target: name changed to kubenet-aks", (p) => (p.target.name = "kubenet-aks"), 2],
  ["request: name pointed at another cluster (kubenet-aks)", (p) => (p.request.name = "kubenet-aks"), 2],
  ["request: pod CIDR only changed", (p) => (p.request.podCidr = "100.64.0.0/16"), 2],
  ["request: an extra key", (p) => (p.request.force = true), 2, "is not a valid plan"],
  ["operation upgrade -> create", (p) => (p.operation = "create"), 2, "is not a valid plan"],
  ["request+body+diff: pod CIDR moved onto the peered hub (10.0.0.0/16)", (p) => {
    p.request.podCidr = "10.0.0.0/16";
    change0(p).body.properties.networkProfile.podCidr = "10.0.0.0/16";
    change0(p).body.properties.networkProfile.podCidrs = ["10.0.0.0/16"];
    setDiff(p, "properties.networkProfile.podCidr", "10.0.0.0/16");
    setDiff(p, "properties.networkProfile.podCidrs", ["10.0.0.0/16"]);
  }, 3, "PodCidrOverlapsPeeredNetwork"],
  ["armEndpoint changed to https://evil.example.com", (p) => (p.armEndpoint = "https://evil.example.com"), 2, "the plan says it was made against \"https://evil.example.com\""],
];

const kubenetEdits: EditRow[] = [
  ["body: pod CIDR changed in body and diff alike", (p) => {
    change0(p).body.properties.networkProfile.podCidr = "10.100.0.0/16";
    setDiff(p, "properties.networkProfile.podCidr", "10.100.0.0/16", "10.244.0.0/16");
  }, 2],
  ["basis: the cluster dropped", (p) => dropBasis(p, clusterId("kubenet-aks")), 2],
  ["basis: the managed VNet's eTag changed", (p) => (p.basis[1].etag = 'W/"aks-vnet-0"'), 6],
  ["change: action update -> create", (p) => (change0(p).action = "create"), 2],
];

// ---- nodepool add edits -------------------------------------------------------------------------

const poolEdits: EditRow[] = [
  ["target: pool changed", (p) => (p.target.pool = "other"), 2],
  ["target: pool removed", (p) => delete p.target.pool, 2],
  ["body: count changed, diff untouched", (p) => (change0(p).body.properties.count = 9), 2],
  ["body: count changed with the matching diff", (p) => {
    change0(p).body.properties.count = 9;
    rediff(p);
  }, 2],
  ["body: mode User -> System with the matching diff", (p) => {
    change0(p).body.properties.mode = "System";
    rediff(p);
  }, 2],
  ["body: an unknown extra field with the matching diff", (p) => {
    change0(p).body.properties.gpuProfile = { driver: "Install" };
    rediff(p);
  }, 2],
  ["diff alone: the count entry changed", (p) => setDiff(p, "properties.count", 9), 2],
  ["change: resourceId pointed at another pool", (p) => (change0(p).resourceId = poolId("overlay-aks", "other")), 2],
  ["change: resourceId pointed at the existing system pool", (p) => (change0(p).resourceId = poolId("overlay-aks", "system")), 2],
  ["change: etag set to *", (p) => (change0(p).etag = "*"), 2],
  ["change: resourceType changed to managedClusters", (p) => (change0(p).resourceType = "Microsoft.ContainerService/managedClusters"), 2],
  ["changes duplicated", (p) => p.changes.push(structuredClone(change0(p))), 2],
  ["basis: the cluster's eTag changed", (p) => (basisEntry(p, clusterId("overlay-aks")).etag = "overlay-aks-etag-0"), 6],
  ["basis: the cluster dropped", (p) => dropBasis(p, clusterId("overlay-aks")), 2],
  ["request: pool name changed", (p) => (p.request.name = "other"), 2],
  ["request: an extra key in pool", (p) => (p.request.pool.podSubnetId = subnetId("pods")), 2, "is not a valid plan"],
  ["operation nodepool-add -> upgrade", (p) => (p.operation = "upgrade"), 2, "is not a valid plan"],
  ["request+body+diff: vnetSubnetId in the hub VNet's shared subnet", (p) => {
    p.request.pool.vnetSubnetId = HUB_SHARED;
    change0(p).body.properties.vnetSubnetID = HUB_SHARED;
    rediff(p);
    p.defaulted = p.defaulted.filter((d: string) => d !== "vnetSubnetID");
  }, 3, "NodePoolSubnetOtherVnet"],
  ["request+body+diff: maxPods 5", (p) => {
    p.request.pool.maxPods = 5;
    change0(p).body.properties.maxPods = 5;
    rediff(p);
  }, 3, "MaxPodsOutOfRange"],
  ["request+body+diff: a DCsv2 VM size (Standard_DC2s_v2)", (p) => {
    p.request.pool.nodeVmSize = "Standard_DC2s_v2";
    change0(p).body.properties.vmSize = "Standard_DC2s_v2";
    rediff(p);
  }, 3, "VmSizeNotSupported"],
  ["armEndpoint changed to https://evil.example.com", (p) => (p.armEndpoint = "https://evil.example.com"), 2, "the plan says it was made against \"https://evil.example.com\""],
];

type Row = [base: Base, name: string, code: number, edit: Edit, why: string];
const rowsOf = (base: Base, edits: EditRow[]): Row[] => edits.map(([n, e, c, why]) => [base, n, c, e, why ?? (WHY[c] as string)]);
const rows: Row[] = [...rowsOf("create", createEdits), ...rowsOf("upgrade", upgradeEdits), ...rowsOf("kubenet", kubenetEdits), ...rowsOf("pool", poolEdits)];

describe("apply refuses tampered plans", () => {
  it("has distinct rows", () => {
    expect(new Set(rows.map(([b, n]) => `${b}: ${n}`)).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(30);
  });

  it("keeps a create change's diff equal to diff(undefined, body), so rediff only follows the body", async () => {
    for (const base of ["create", "pool"] as const) {
      const { plan } = await setUp(base);
      expect(change0(plan).diff).toEqual(diff(undefined, change0(plan).body));
    }
  });

  it.each(rows)("%s plan, %s: exit %i, nothing written", async (base, _name, code, edit, why) => {
    const { emulator, env, plan } = await setUp(base);
    const edited = structuredClone(plan);
    edit(edited);
    expect(edited).not.toEqual(plan);
    const before = snapshot(emulator);
    const r = await apply(emulator, env, edited);
    const report = `stderr:\n${r.stderr}\nstdout:\n${r.stdout}`;
    expect(r.stderr, report).not.toMatch(STACK_TRACE);
    expect(r.stdout, report).not.toMatch(STACK_TRACE);
    expect(r.puts.filter((q) => q.status >= 200 && q.status < 300), report).toEqual([]);
    expect(snapshot(emulator)).toBe(before);
    expect(r.code, report).toBe(code);
    // A refusal for breaking a rule shows the fresh plan's finding on stdout; the others explain on stderr.
    expect(code === 3 ? r.stdout : r.stderr, report).toContain(why);
    // The endpoint a file names is never what the refusal tells the user to give.
    expect(r.stderr, report).not.toMatch(/--arm-endpoint\s+\S*(evil|127\.0\.0\.1:1\b)/);
  });

  it("names the secret, the stale resource and the edited field in its refusals", async () => {
    {
      const { emulator, env, plan } = await setUp("create");
      change0(plan).body.properties.windowsProfile = { adminUsername: "azureuser", adminPassword: "Sup3r-s3cret!" };
      const r = await apply(emulator, env, plan);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("secret");
      expect(r.stderr).not.toContain("Sup3r-s3cret!");
      expect(r.requests).toEqual([]);
    }
    {
      const { emulator, env, plan } = await setUp("upgrade");
      basisEntry(plan, clusterId("cni-aks")).etag = "cni-aks-etag-0";
      const r = await apply(emulator, env, plan);
      expect(r.code).toBe(6);
      expect(r.stderr).toContain("plan is stale");
    }
    {
      const { emulator, env, plan } = await setUp("pool");
      change0(plan).body.properties.count = 9;
      const r = await apply(emulator, env, plan);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("was edited");
    }
    {
      const { emulator, env, plan } = await setUp("create");
      plan.armEndpoint = "https://evil.example.com";
      const r = await apply(emulator, env, plan);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("https://evil.example.com");
      expect(r.requests).toEqual([]);
    }
  });
});

describe("apply ignores purely informational fields", () => {
  const informational: [Base, string, Edit][] = [
    ["upgrade", "findings emptied", (p) => (p.findings = [])],
    ["create", "capacity nulled", (p) => (p.capacity = null)],
    ["pool", "createdAt changed", (p) => (p.createdAt = "2020-01-01T00:00:00.000Z")],
    ["kubenet", "findings emptied", (p) => (p.findings = [])],
  ];

  it.each(informational)("%s plan, %s: applies, showing the fresh findings", async (base, _name, edit) => {
    const { emulator, env, plan } = await setUp(base);
    const edited = structuredClone(plan);
    edit(edited);
    expect(edited).not.toEqual(plan);
    const r = await apply(emulator, env, edited);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code, r.stderr).toBe(0);
    // Exactly the plan's changes: a create with a subnet also grants the cluster's identity on it.
    expect(r.puts).toHaveLength(plan.changes.length);
    expect(r.puts.every((q) => q.status >= 200 && q.status < 300)).toBe(true);
    // The fresh findings are what is shown, not the saved ones.
    for (const f of plan.findings as { code: string }[]) expect(r.stdout).toContain(f.code);
    expect(r.stdout).toContain(`Pod CIDR ${plan.capacity.podCidr.cidr}:`);
  });
});

describe("apply follows the request, not the file", () => {
  // The control for the exit-3 rows: the same consistent edit with a CIDR that passes the rules is
  // simply a different plan, and it applies exactly as saved.
  it("upgrade plan with request, body and diff moved consistently to 100.64.0.0/16: applies", async () => {
    const { emulator, env, plan } = await setUp("upgrade");
    plan.request.podCidr = "100.64.0.0/16";
    change0(plan).body.properties.networkProfile.podCidr = "100.64.0.0/16";
    change0(plan).body.properties.networkProfile.podCidrs = ["100.64.0.0/16"];
    setDiff(plan, "properties.networkProfile.podCidr", "100.64.0.0/16");
    setDiff(plan, "properties.networkProfile.podCidrs", ["100.64.0.0/16"]);
    const r = await apply(emulator, env, plan);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.puts).toHaveLength(1);
    expect(r.puts[0]).toMatchObject({ status: 200, ifMatch: "cni-aks-etag-1" });
    expect((emulator.state.getCluster(clusterId("cni-aks")) as Plan).properties.networkProfile.podCidr).toBe("100.64.0.0/16");
  });
});

describe("apply applies untouched plans", () => {
  it("create: the cluster with If-None-Match: *, then its identity's grant on the subnet", async () => {
    const { emulator, env, plan } = await setUp("create");
    const r = await apply(emulator, env, plan);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.puts).toHaveLength(2);
    expect(r.puts[0]).toMatchObject({ path: clusterId("saved"), status: 201, ifNoneMatch: "*", ifMatch: null });
    expect(r.puts[1]?.path).toMatch(new RegExp(`^${subnetId("aks-nodes")}/providers/Microsoft.Authorization/roleAssignments/`));
    expect((r.puts[1]?.body as Plan).properties.principalId).toBe((emulator.state.getCluster(clusterId("saved")) as Plan).identity.principalId);
    expect((emulator.state.getCluster(clusterId("saved")) as Plan).properties.networkProfile).toMatchObject({ networkPluginMode: "overlay", podCidr: "192.168.0.0/16" });
  });

  it("upgrade: exactly one PUT, with If-Match on the eTag read", async () => {
    const { emulator, env, plan } = await setUp("upgrade");
    const from = emulator.requests.length;
    const r = await apply(emulator, env, plan);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code, r.stderr).toBe(0);
    const read = emulator.requests.slice(from).find((q) => q.method === "GET" && q.path.toLowerCase() === clusterId("cni-aks").toLowerCase());
    expect(read?.status).toBe(200);
    expect(r.puts).toHaveLength(1);
    expect(r.puts[0]).toMatchObject({ path: clusterId("cni-aks"), status: 200, ifMatch: "cni-aks-etag-1", ifNoneMatch: null });
    expect(change0(plan).etag).toBe("cni-aks-etag-1");
    expect((emulator.state.getCluster(clusterId("cni-aks")) as Plan).properties.networkProfile).toMatchObject({ networkPluginMode: "overlay", podCidr: "192.168.0.0/16" });
  });

  it("nodepool add: exactly one PUT, with If-None-Match: *", async () => {
    const { emulator, env, plan } = await setUp("pool");
    const r = await apply(emulator, env, plan);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.puts).toHaveLength(1);
    expect(r.puts[0]).toMatchObject({ path: poolId("overlay-aks", "saved"), status: 201, ifNoneMatch: "*", ifMatch: null });
    expect((emulator.state.getCluster(clusterId("overlay-aks")) as Plan).properties.agentPoolProfiles.map((p: { name: string }) => p.name)).toContain("saved");
  });
});
