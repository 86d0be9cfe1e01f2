/** apply with several plans (a wave): in order, stopping at the first failure unless --continue-on-error, --parallel. */
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/server.js";
import { emulatedCli } from "../helpers/emulated.js";

const emulated = emulatedCli();

async function setUp() {
  const { emulator, written, run: runWith } = await emulated();
  const run = (args: string[]) => runWith(args, written);
  expect((await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--out", "a.json"])).code).toBe(0);
  expect((await run(["upgrade", "-g", "demo-rg", "-n", "cni-aks", "--pod-cidr", "192.168.0.0/16", "--out", "b.json"])).code).toBe(0);
  expect((await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "system", "--node-count", "4", "--out", "c.json"])).code).toBe(0);
  emulator.requests.length = 0;
  return { emulator, run };
}

const puts = (emulator: Emulator) => emulator.requests.filter((q) => q.method === "PUT" && q.status < 300).length;

describe("apply several plans", () => {
  it("applies them in order and prints one results document", async () => {
    const { emulator, run } = await setUp();
    const r = await run(["apply", "a.json", "b.json", "c.json", "--yes", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe("results");
    expect(doc.results.map((x: any) => [x.file, x.exitCode, x.document.kind])).toEqual([["a.json", 0, "result"], ["b.json", 0, "result"], ["c.json", 0, "result"]]);
    expect(puts(emulator)).toBe(3);
  });

  it("stops at the first failure, and goes on with --continue-on-error", async () => {
    const { emulator, run } = await setUp();
    // a.json goes stale: the cluster changes after the plan was made.
    expect((await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--yes"])).code).toBe(0);
    emulator.requests.length = 0;
    const stopped = await run(["apply", "a.json", "b.json", "--yes"]);
    expect(stopped.code).toBe(6);
    expect(stopped.stderr).toContain("not run: b.json");
    expect(puts(emulator)).toBe(0);
    const onwards = await run(["apply", "a.json", "b.json", "c.json", "--yes", "--continue-on-error", "--parallel", "2"]);
    expect(onwards.code).toBe(6);
    expect(onwards.stderr).toContain("2 of 3 plans applied");
    expect(puts(emulator)).toBe(2);
  });

  it("needs --yes without a terminal", async () => {
    const { run } = await setUp();
    expect((await run(["apply", "a.json", "b.json"])).code).toBe(2);
  });
});

describe("apply several plans: one cluster at a time, every file read first", () => {
  it("never applies two plans of the same cluster at once, even with --parallel", async () => {
    const { emulator, written, run: runWith } = await emulated();
    const run = (args: string[]) => runWith(args, written);
    expect((await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "system", "--node-count", "4", "--out", "p1.json"])).code).toBe(0);
    expect((await run(["nodepool", "update", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "scale", "--update-cluster-autoscaler", "--min-count", "3", "--max-count", "60", "--out", "p2.json"])).code).toBe(0);
    expect((await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--out", "p3.json"])).code).toBe(0);
    emulator.requests.length = 0;
    const r = await run(["apply", "p1.json", "p2.json", "p3.json", "--parallel", "2", "--continue-on-error", "--yes", "-o", "json"]);
    // p2 was planned on the cluster as it was before p1: applied after p1 (never beside it), it is
    // stale (exit 6, nothing written) rather than a write that meets p1's operation (409).
    expect(JSON.parse(r.stdout).results.map((x: any) => [x.file, x.exitCode])).toEqual([["p1.json", 0], ["p2.json", 6], ["p3.json", 0]]);
    // Under -o json each plan's stderr stays NDJSON, its error an event that names the plan's file.
    const events = r.stderr.trim().split("\n").map((l: string) => JSON.parse(l));
    expect(events).toContainEqual(expect.objectContaining({ file: "p2.json", event: "error", code: "Conflict", message: expect.stringContaining("plan is stale") }));
    expect(r.stderr).not.toContain("409");
  });
  it("refuses a file given twice, a --parallel out of range, and a wave with a file that is no plan, before writing", async () => {
    const { emulator, run } = await setUp();
    expect((await run(["apply", "a.json", "a.json", "--yes"])).stderr).toContain("a.json is given twice");
    expect((await run(["apply", "a.json", "./a.json", "--yes"])).stderr).toContain("./a.json is given twice");
    const dash = await run(["apply", "a.json", "-", "--yes"]);
    expect([dash.code, dash.stderr]).toEqual([2, expect.stringContaining("- (a plan on standard input) is applied on its own")]);
    expect((await run(["apply", "a.json", "--parallel", "0", "--yes"])).stderr).toContain("--parallel 0: 1 to 20");
    const bad = await run(["apply", "a.json", "missing.json", "--yes"]);
    expect(bad.code).toBe(2);
    expect(puts(emulator)).toBe(0);
  });
});

describe("apply --dry-run", () => {
  it("decides saved plans again and says whether apply would write them, writing nothing; a stale one is exit 6", async () => {
    const { emulator, run } = await setUp();
    // Off a terminal and without --yes: a check needs no confirmation.
    const one = await run(["apply", "a.json", "--dry-run"]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain("Dry run: apply would write exactly these changes; nothing was written.");
    const doc = await run(["apply", "c.json", "--dry-run", "-o", "json"]);
    expect(JSON.parse(doc.stdout)).toMatchObject({ kind: "plan", operation: "nodepool-scale" });
    const both = await run(["apply", "a.json", "c.json", "--dry-run"]);
    expect(both.code, both.stderr).toBe(0);
    expect(both.stderr).toContain("2 of 2 plans hold against Azure now (dry run: nothing was written)");
    expect(puts(emulator)).toBe(0);
    // Azure changes under the saved plan: the check says stale, exit 6, still nothing written.
    expect((await run(["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "system", "--node-count", "5", "--yes"])).code).toBe(0);
    emulator.requests.length = 0;
    const stale = await run(["apply", "c.json", "--dry-run"]);
    expect([stale.code, stale.stderr]).toEqual([6, expect.stringContaining("plan is stale")]);
    expect(puts(emulator)).toBe(0);
  });
});
