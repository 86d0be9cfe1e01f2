/** When aks-overlay asks, and when it refuses to: CI, documents on stdout, --out with --yes, missing flags. */
import { describe, expect, it } from "vitest";
import { emulatedCli } from "../helpers/emulated.js";
import { runCli } from "../helpers/cli.js";

const emulated = emulatedCli();
const UPGRADE = ["upgrade", "-g", "demo-rg", "-n", "kubenet-aks"];

describe("prompts", () => {
  it("asks at a terminal, and 'no' writes nothing", async () => {
    const { emulator, written } = await emulated();
    const env = { AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000", AKS_OVERLAY_ARM_ENDPOINT: emulator.url, NO_COLOR: "1" };
    const r = await runCli(UPGRADE, { env, written, stdinTTY: true, answers: ["no"] });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Only 'yes' will be accepted");
    expect(r.stderr).toContain("Cancelled: nothing was written.");
    expect(emulator.requests.filter((q) => q.method === "PUT")).toEqual([]);
  });

  it.each([
    [{ CI: "true" }, [], "CI is set (CI=true), so nothing is asked: add --yes"],
    [{ CI: "1" }, [], "CI is set (CI=1)"],
    [{}, ["-o", "json"], "-o json prints a document, not a question: add --yes"],
    [{}, ["-o", "yaml"], "-o yaml prints a document, not a question"],
  ])("never asks with %o %o at a terminal: exit 2, nothing written", async (extraEnv, args, message) => {
    const { emulator } = await emulated();
    const env = { AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000", AKS_OVERLAY_ARM_ENDPOINT: emulator.url, NO_COLOR: "1", ...extraEnv };
    const r = await runCli([...UPGRADE, ...args], { env, stdinTTY: true, answers: ["yes"] });
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain(message);
    expect(r.stderr).not.toContain("Only 'yes'");
    if ((args as string[]).includes("json")) expect(JSON.parse(r.stdout).kind).toBe("error");
    expect(emulator.requests.filter((q) => q.method === "PUT")).toEqual([]);
  });

  it("CI=false or empty is not CI", async () => {
    const { emulator } = await emulated();
    for (const CI of ["false", "0", ""]) {
      const env = { AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000", AKS_OVERLAY_ARM_ENDPOINT: emulator.url, NO_COLOR: "1", CI };
      const r = await runCli(UPGRADE, { env, stdinTTY: true, answers: ["no"] });
      expect(r.stderr).toContain("Only 'yes' will be accepted");
    }
  });

  it("--out with --yes is a usage error that says what to do, before anything is read", async () => {
    const { emulator, run } = await emulated();
    const r = await run([...UPGRADE, "--out", "plan.json", "--yes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--out plan.json with --yes: --out saves the plan and applies nothing; drop --yes to save it (then 'aks-overlay apply plan.json --yes'), or drop --out to apply now");
    expect(emulator.requests).toEqual([]);
  });
});

describe("missing required options", () => {
  it("are named all at once", async () => {
    const r = await runCli(["nodepool", "add"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/required options '-g, --resource-group <name>', '--cluster-name <name>' and '-n, --name <name>' not specified/);
    const one = await runCli(["upgrade", "-g", "rg"]);
    expect(one.stderr).toContain("required option '-n, --name <name>' not specified");
  });
});
