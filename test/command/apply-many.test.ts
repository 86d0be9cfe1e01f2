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
