/**
 * fleet scan and fleet plan against the emulator's fleet scenario, in-process: classes and
 * blockers by the upgrade rules, pages and the Resource Graph quota, incomplete scans reported as
 * such, plans from ARM in waves, a wave applied.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/server.js";
import { FLEET_CASES, type FleetCaseName, fleetClusterId, fleetScenario } from "../../src/emulator/fleet.js";
import { runCli } from "../helpers/cli.js";

const emulators: Emulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function setUp(n: number, options: EmulatorOptions = {}) {
  const emulator = await startEmulator({ scenario: fleetScenario(n), lroPolls: 1, ...options });
  emulators.push(emulator);
  const env = { AKS_OVERLAY_ARM_ENDPOINT: emulator.url, AKS_OVERLAY_TEST_TIMING: "fast", NO_COLOR: "1" };
  const written: Record<string, string> = {};
  return { emulator, written, run: (args: string[]) => runCli(args, { env, written, files: written }) };
}

const byCase = (doc: any, name: FleetCaseName) => doc.clusters.find((c: any) => c.id.toLowerCase() === fleetClusterId(FLEET_CASES.indexOf(name)).toLowerCase());
const codes = (cluster: any): string[] => cluster.blockers.map((b: any) => b.code);

describe("fleet scan", () => {
  it("classes every cluster and names every blocker with the upgrade rules", async () => {
    const { run } = await setUp(40);
    const r = await run(["fleet", "scan", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ kind: "fleet", complete: true, summary: { clusters: 40 } });
    expect(Object.values(doc.summary.byClass).reduce((a: number, b) => a + (b as number), 0)).toBe(40);
    // Blocked means a blocker says why; an unknown cluster (fields missing in the index) is counted by its class, not as blocked.
    expect(doc.summary.blocked).toBe(doc.clusters.filter((c: any) => c.blockers.length > 0 && !c.ready).length);
    expect(doc.clusters.filter((c: any) => c.class === "unknown").every((c: any) => c.blockers.length === 0)).toBe(true);
    expect(doc.summary.byClass.unknown).toBeGreaterThan(0);
    expect(byCase(doc, "kubenet")).toMatchObject({ class: "kubenet", ready: true, blockers: [] });
    expect(byCase(doc, "overlay")).toMatchObject({ class: "overlay", ready: false });
    expect(byCase(doc, "azure-legacy")).toMatchObject({ class: "azureLegacy", ready: true });
    expect(byCase(doc, "azure-legacy").proposedPodCidr).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    expect(codes(byCase(doc, "kubenet-k8s-1.26"))).toContain("UpgradeKubernetesVersion");
    expect(codes(byCase(doc, "kubenet-calico"))).toContain("UpgradeNetworkPolicyEnabled");
    expect(codes(byCase(doc, "pod-subnet"))).toContain("UpgradeFromPodSubnet");
    expect(codes(byCase(doc, "byo-cni"))).toContain("UpgradeFromByoCni");
    expect(codes(byCase(doc, "kubenet-stopped"))).toContain("UpgradeClusterNotReady");
    expect(codes(byCase(doc, "azure-legacy-availability-set"))).toEqual(["UpgradeAvailabilitySet"]);
    expect(codes(byCase(doc, "azure-legacy-windows-docker"))).toContain("UpgradeWindowsDocker");
    expect(codes(byCase(doc, "kubenet-route-table-system-identity"))).toContain("UpgradeSystemAssignedRouteTable");
    expect(byCase(doc, "kubenet-route-table-user-identity").ready).toBe(true);
    expect(byCase(doc, "unknown-no-network-profile").class).toBe("unknown");
    // No private range is free of its network: the blocker says so, instead of naming one that overlaps.
    const noSpace = byCase(doc, "azure-legacy-no-private-space").blockers.find((b: any) => b.code === "UpgradePodCidrRequired");
    expect(noSpace.hint).toContain("has a range free of them here that holds the cluster, so free one first");
    expect(noSpace.hint).not.toMatch(/--pod-cidr \d/);
    // A failed cluster is repaired before the move (overlay-rules.md: UpgradeClusterNotReady).
    expect(codes(byCase(doc, "azure-legacy-failed"))).toContain("UpgradeClusterNotReady");
  });

  it("reads every page, waits out a spent Resource Graph quota, and says how far it got", async () => {
    const { run } = await setUp(1100, { resourceGraphQuota: 2, resourceGraphWindowMs: 300 });
    const r = await run(["fleet", "scan", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary.clusters).toBe(1100);
    expect(r.stderr).toContain("scanning clusters: 2 pages, 1,100 rows");
    expect(r.stderr).toMatch(/waiting \d+ s \(the Resource Graph quota is spent\)/);
  });

  it("--subscription narrows the scan to one subscription; with --subscriptions too it is a usage error", async () => {
    const { run } = await setUp(100);
    const sub = "f1ee7000-0000-4000-8000-000000000002";
    const r = await run(["fleet", "scan", "--subscription", sub, "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.scope.subscriptions).toEqual([sub]);
    expect(doc.clusters.length).toBe(40);
    expect(doc.clusters.every((c: any) => c.subscriptionId === sub)).toBe(true);
    const both = await run(["fleet", "scan", "--subscription", sub, "--subscriptions", sub]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--subscription and --subscriptions");
  });

  it("a VNet with more subnets than Resource Graph expands makes the scan incomplete (exit 5), naming the VNet", async () => {
    const scenario = fleetScenario(40);
    const vnet = scenario.virtualNetworks.find((v: any) => String(v.id).includes(fleetClusterId(FLEET_CASES.indexOf("kubenet")).split("/")[4] as string)) ?? scenario.virtualNetworks[0];
    const props = (vnet as any).properties;
    props.addressSpace.addressPrefixes.push("10.255.0.0/16");
    for (let i = 0; i < 401; i++) {
      props.subnets.push({ id: `${(vnet as any).id}/subnets/extra-${i}`, name: `extra-${i}`, properties: { addressPrefix: `10.255.${i >> 5}.${(i & 31) * 8}/29` } });
    }
    const emulator = await startEmulator({ scenario, lroPolls: 1 });
    emulators.push(emulator);
    const r = await runCli(["fleet", "scan", "-o", "json"], { env: { AKS_OVERLAY_ARM_ENDPOINT: emulator.url, NO_COLOR: "1" } });
    expect(r.code).toBe(5);
    const doc = JSON.parse(r.stdout);
    expect(doc.complete).toBe(false);
    expect(doc.problems).toEqual([expect.stringContaining(`VNet ${(vnet as any).id}: Resource Graph sent 400 of its`)]);
  });

  it("reports a scan whose pages could not all be read as incomplete (exit 5), never as a smaller fleet", async () => {
    const { emulator, run } = await setUp(1100);
    emulator.faults.add([{ match: { method: "POST", path: "/providers/Microsoft.ResourceGraph/resources" }, after: 1, status: 400, armCode: "BadRequest", times: 100 }]);
    const r = await run(["fleet", "scan", "-o", "json"]);
    expect(r.code).toBe(5);
    const doc = JSON.parse(r.stdout);
    expect(doc.complete).toBe(false);
    expect(doc.problems[0]).toContain("subscription batch 1");
    expect(r.stderr).toContain("the scan is incomplete");
  });

  it("writes CSV and a self-contained HTML report", async () => {
    const { run, written } = await setUp(40);
    const csv = await run(["fleet", "scan", "-o", "csv", "--report", "fleet.html"]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split("\r\n")[0]).toContain("id,subscriptionId,resourceGroup,name");
    expect(csv.stdout.trim().split("\r\n")).toHaveLength(41);
    const html = written["fleet.html"] as string;
    expect(html).toContain("<!doctype html>".toUpperCase().toLowerCase());
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    expect((await run(["validate", "-o", "csv"])).code).toBe(2);
  });
});

describe("fleet plan", () => {
  it("writes an upgrade plan for every ready cluster from ARM, in waves, and a wave applies", async () => {
    const { emulator, run, written } = await setUp(40);
    const scan = JSON.parse((await run(["fleet", "scan", "-o", "json"])).stdout);
    const r = await run(["fleet", "plan", "--out-dir", "plans", "--waves", "2", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const waves = JSON.parse(written["plans/waves.json"] as string);
    const planned = waves.waves.flatMap((w: any) => w.plans);
    expect(planned.length + waves.skipped.length).toBe(scan.summary.ready);
    expect(waves.waves).toHaveLength(2);
    const first = JSON.parse(written[`plans/${planned[0]}`] as string);
    expect(first).toMatchObject({ formatVersion: 2, kind: "plan", operation: "upgrade", valid: true });
    // Non-production clusters come first.
    const prodIndex = planned.findIndex((f: string) => f.includes("-prod-"));
    expect(planned.slice(0, Math.max(0, prodIndex)).every((f: string) => !f.includes("-prod-"))).toBe(true);
    emulator.requests.length = 0;
    const wave1 = waves.waves[0].plans.map((p: string) => `plans/${p}`);
    const applied = await run(["apply", ...wave1, "--yes", "--parallel", "3"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(emulator.requests.filter((q) => q.method === "PUT" && q.status < 300)).toHaveLength(wave1.length);
    const again = JSON.parse((await run(["fleet", "scan", "-o", "json"])).stdout);
    expect(again.summary.byClass.overlay).toBe(scan.summary.byClass.overlay + wave1.length);
  });
});
