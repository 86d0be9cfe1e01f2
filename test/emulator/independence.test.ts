/**
 * The emulator is an independent model of Azure: from src/network it may share CIDR parsing, resource
 * ids and the list of write-only secrets, never a rule (validate, design, rules, capacity, fromCluster...).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const ALLOWED = new Set(["cidr", "resourceIds", "secrets"]);
const dir = new URL("../../src/emulator/", import.meta.url);

describe("src/emulator imports from src/network", () => {
  it("only cidr.ts, resourceIds.ts and secrets.ts", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(files).toContain("rp.ts");
    const used: string[] = [];
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), "utf8");
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["']\.\.\/network\/([^"']+?)(?:\.js)?["']/g)) used.push(`${file}: ${m[1] as string}`);
    }
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((u) => !ALLOWED.has(u.split(": ")[1] as string))).toEqual([]);
  });
});
