/** The findings catalogue, and how a command names design paths with its flag table. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFLICTING_KINDS, RANGE_KINDS } from "../../src/network/conflicts.js";
import { FINDING_CATALOGUE, FINDING_CODES, type Finding, type FlagTable, flagFor, withFlags } from "../../src/network/findings.js";

const RULES = join(import.meta.dirname, "../../src/network/rules");

/**
 * Every finding code the rules can emit, read from their source: the string literal after
 * `code:`, and the first argument of the pool rules' `at(...)` helper. (An armCode is Azure's,
 * not ours, and is left out.)
 */
function codesInRules(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of readdirSync(RULES).filter((f) => f.endsWith(".ts"))) {
    const source = readFileSync(join(RULES, file), "utf8");
    for (const match of source.matchAll(/\bcode: "(\w+)"|\bat\(\s*"([A-Z]\w+)"/g)) found.set((match[1] ?? match[2]) as string, file);
  }
  return found;
}

describe("the findings catalogue", () => {
  it("holds every code a rule can emit", () => {
    const codes = codesInRules();
    // The scan itself finds codes of every rule file.
    expect(new Set(codes.values())).toEqual(new Set(["addressSpace.ts", "capacity.ts", "compatibility.ts", "inputShape.ts", "update.ts", "upgrade.ts"]));
    expect(codes.size).toBeGreaterThan(45);
    for (const [code, file] of codes) expect(FINDING_CODES, `${code} (${file})`).toContain(code);
  });
  it("keeps the codes others depend on", () => {
    for (const code of ["ClusterNotFound", "ClusterExists", "ClusterNotOverlay", "NodePoolExists", "NodePoolSubnetOtherVnet", "SubnetNotFound", "ETagMissing", "Arm64RegionNotSupported", "UpgradePodCidrChange"]) {
      expect(FINDING_CODES).toContain(code);
    }
  });
  it("gives each code a severity and a one-line rule", () => {
    for (const code of FINDING_CODES) {
      const spec = FINDING_CATALOGUE[code];
      expect(["error", "warning", "info"], code).toContain(spec.severity);
      expect(spec.rule.length, code).toBeGreaterThan(10);
      expect(spec.rule, code).not.toContain("\n");
    }
    expect(FINDING_CATALOGUE.PodCidrNotPrivate.severity).toBe("warning");
    expect(FINDING_CATALOGUE.UpgradeAlreadyOverlay.severity).toBe("info");
    expect(FINDING_CATALOGUE.InsufficientPodCidr.rule).toContain("armCode InsufficientSubnetSize");
  });
});

describe("flag tables", () => {
  const table: FlagTable = [
    ["pools[gpu].maxPods", "--gpu-max-pods"],
    ["pools[*].maxPods", "--max-pods"],
    ["network.podCidrs.*", "--pod-cidrs"],
    ["network.peered[*]", "--peered-cidrs"],
    ["cluster.name", "--name"],
  ];
  it.each([
    ["pools[batch].maxPods", "--max-pods"],
    ["pools[gpu].maxPods", "--gpu-max-pods"],
    ["network.podCidrs", "--pod-cidrs"],
    ["network.podCidrs[1]", "--pod-cidrs"],
    ["network.peered[3]", "--peered-cidrs"],
    ["network.peered[3].name", "--peered-cidrs"],
    ["cluster.name", "--name"],
    // No row: the fallback.
    ["network.peered", "--file"],
    ["pools[batch].count", "--file"],
    ["cluster.nameSuffix", "--file"],
    ["cluster", "--file"],
  ])("%s is named %s", (path, flag) => {
    expect(flagFor(path, table, "--file")).toBe(flag);
  });
  it("the first matching row wins", () => {
    expect(flagFor("pools[gpu].maxPods", [["pools[*].maxPods", "--max-pods"], ["pools[gpu].maxPods", "--gpu"]], "--x")).toBe("--max-pods");
  });
  it("reads subnet names and CIDRs in brackets as one step", () => {
    expect(flagFor("network.subnets[10.224.0.0/16]", [["network.subnets[*]", "--node-subnet-cidr"]], "--x")).toBe("--node-subnet-cidr");
    expect(flagFor("network.subnets[a.b]", [["network.subnets[a.b]", "--one"]], "--x")).toBe("--one");
  });
  it("withFlags sets each finding's field and leaves the rest", () => {
    const findings: Finding[] = [
      { severity: "error", code: "MaxPodsOutOfRange", path: "pools[batch].maxPods", pool: "batch", message: "m", values: ["300"] },
      { severity: "warning", code: "PodCidrNotPrivate", path: "network.podCidrs[0]", message: "n" },
      { severity: "error", code: "ClusterNameInvalid", path: "cluster.location", message: "o" },
    ];
    const shown = withFlags(findings, table, "--file");
    expect(shown.map((f) => f.field)).toEqual(["--max-pods", "--pod-cidrs", "--file"]);
    expect(shown[0]).toEqual({ ...findings[0], field: "--max-pods" });
    expect(findings[0]).not.toHaveProperty("field");
  });
});

describe("conflicting range kinds", () => {
  it("are symmetric", () => {
    for (const a of RANGE_KINDS) for (const b of CONFLICTING_KINDS[a]) expect(CONFLICTING_KINDS[b], `${a} ${b}`).toContain(a);
  });
  it("let a subnet lie in its VNet and a peered range touch the VNet", () => {
    expect(CONFLICTING_KINDS.subnet).not.toContain("vnet");
    expect(CONFLICTING_KINDS.peered).not.toContain("vnet");
    expect(CONFLICTING_KINDS.peered).not.toContain("peered");
  });
});
