/**
 * The emulator is an independent model of Azure: none of its files import the CLI, the Azure
 * adapter, the operations or the plan, so a wrong rule in the CLI shows up as a disagreement in a
 * test instead of agreeing with itself.
 */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

const DIR = new URL("../../src/emulator/", import.meta.url);
const FORBIDDEN = /^\.\.\/(cli|azure|ops|plan)\//;
/** Imports known to break the rule, in files owned elsewhere; remove each as it is fixed. */
const KNOWN = new Set(["state.ts -> ../plan/plan.js"]);

function importsOf(file: string): string[] {
  const text = readFileSync(new URL(file, DIR), "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm)].map((m) => (m[1] ?? m[2]) as string);
}

describe("emulator imports", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".ts"));
  it("finds the emulator's files and their imports", () => {
    expect(files).toEqual(expect.arrayContaining(["server.ts", "faults.ts", "state.ts"]));
    expect(importsOf("server.ts")).toContain("./faults.js");
  });
  it.each(files)("%s imports nothing from src/cli, src/azure, src/ops or src/plan", (file) => {
    const bad = importsOf(file)
      .filter((spec) => FORBIDDEN.test(spec))
      .map((spec) => `${file} -> ${spec}`)
      .filter((edge) => !KNOWN.has(edge));
    expect(bad).toEqual([]);
  });
});
