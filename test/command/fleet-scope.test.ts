/** fleet scan's scope: ids checked before anything is read, and an empty or incomplete scan never reads as all clear. */
import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";
import { fleetScenario } from "../../src/emulator/fleet.js";
import { runCli } from "../helpers/cli.js";

const emulators: Emulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function setUp(options: Parameters<typeof startEmulator>[0] = {}) {
  const emulator = await startEmulator({ scenario: fleetScenario(40), lroPolls: 1, ...options });
  emulators.push(emulator);
  const env = { AKS_OVERLAY_ARM_ENDPOINT: emulator.url, AKS_OVERLAY_TEST_TIMING: "fast", NO_COLOR: "1" };
  const files: Record<string, string> = {};
  const written: Record<string, string> = {};
  return { emulator, files, written, run: (args: string[]) => runCli(args, { env, columns: 80, files, written }) };
}

describe("fleet scan scope", () => {
  it("refuses a subscription that is no id, and a management group id with spaces, before reading anything (exit 2)", async () => {
    const { emulator, run } = await setUp();
    const bad = await run(["fleet", "scan", "--subscriptions", "nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--subscriptions: "nope" is not a subscription id (a GUID); for one subscription by name, use --subscription');
    const group = await run(["fleet", "scan", "--management-groups", "my group"]);
    expect(group.code).toBe(2);
    expect(emulator.requests).toEqual([]);
  });

  it("a scope with no cluster says so, without the all-clear", async () => {
    const { run } = await setUp();
    const r = await run(["fleet", "scan", "--subscriptions", "99999999-9999-4999-8999-999999999999"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No AKS cluster in scope");
    expect(r.stdout).not.toContain("✓ No cluster uses kubenet");
  });
});

describe("fleet scan --report", () => {
  it("never overwrites a file that is not an earlier report, refuses -, and is checked before the scan", async () => {
    const { emulator, files, written, run } = await setUp();
    files["notes.txt"] = "my notes";
    const refused = await run(["fleet", "scan", "--report", "notes.txt"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--report notes.txt: the file exists and is not an aks-overlay fleet report");
    expect(written["notes.txt"]).toBeUndefined();
    expect((await run(["fleet", "scan", "--report", "-"])).stderr).toContain("--report writes an HTML file: give a file name");
    expect(emulator.requests).toEqual([]);
    const first = await run(["fleet", "scan", "--report", "r.html"]);
    expect(first.code).toBe(0);
    files["r.html"] = written["r.html"] as string;
    const again = await run(["fleet", "scan", "--report", "r.html"]);
    expect(again.code).toBe(0);
  });
});

describe("fleet plan on an incomplete scan", () => {
  it("writes no plan and exits 5 (Azure failed), as its help says", async () => {
    const { written, run } = await setUp({ faults: [{ match: { path: "/providers/Microsoft.ResourceGraph/resources" }, status: 500, times: 50 }] });
    const r = await run(["fleet", "plan", "--out-dir", "plans", "-o", "json"]);
    expect(r.code).toBe(5);
    expect(JSON.parse(r.stdout).error.code).toBe("ScanIncomplete");
    expect(Object.keys(written)).toEqual([]);
  });
});

describe("fleet plan --out-dir", () => {
  it("puts each wave in a directory of its own and refuses a directory that holds an earlier run", async () => {
    const { files, written, run } = await setUp();
    const r = await run(["fleet", "plan", "--out-dir", "plans", "--waves", "2"]);
    expect(r.code, r.stderr).toBe(0);
    // The command on a line of its own, whole, to copy.
    expect(r.stdout).toMatch(/ {2}wave 1: \d+ clusters?\n {4}aks-overlay apply plans\/wave-1\/\*\.json --parallel 2\n/);
    const waves = JSON.parse(written["plans/waves.json"] as string);
    expect(waves.waves[0].plans.every((p: string) => p.startsWith("wave-1/"))).toBe(true);
    expect(written[`plans/${waves.waves[0].plans[0]}`]).toContain('"kind": "plan"');
    files["plans/waves.json"] = written["plans/waves.json"] as string;
    const again = await run(["fleet", "plan", "--out-dir", "plans"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("--out-dir plans is not empty (an earlier run's plans: waves.json): give a new or empty directory");
  });
  it("says when the filters match no cluster, rather than that none is ready", async () => {
    const { run } = await setUp();
    const r = await run(["fleet", "plan", "--out-dir", "none", "--tag", "env=nowhere", "--class", "kubenet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/no cluster matches --class kubenet --tag env=nowhere \(of \d+ scanned\)/);
  });
});

describe("stderr under -o json", () => {
  it("is NDJSON, line by line: progress, notes", async () => {
    const { run, written, files } = await setUp();
    const r = await run(["fleet", "scan", "-o", "json", "--report", "r.html"]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(lines.map((l) => JSON.parse(l).event)).toContain("note");
    void written;
    void files;
  });
});
