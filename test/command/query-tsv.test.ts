/** --query (JMESPath) and -o tsv, as az has them: on every document, checked before anything runs. */
import { describe, expect, it } from "vitest";
import { tsv } from "../../src/output/serialize.js";
import { runCli } from "../helpers/cli.js";
import { emulatedCli } from "../helpers/emulated.js";

const emulated = emulatedCli();
const SMALL = ["validate", "--pod-cidr", "10.244.0.0/22", "--node-count", "10"];

describe("tsv", () => {
  it("writes a scalar, a list a row per element, an object's scalar fields in key order (nested ones left out, as az does)", () => {
    expect(tsv("a")).toBe("a\n");
    expect(tsv(null)).toBe("\n");
    expect(tsv([1, true, null, "x\ty"])).toBe("1\ntrue\n\nx y\n");
    expect(tsv({ a: 1, b: { nested: 1 }, c: "z" })).toBe("1\tz\n");
    expect(tsv([{ a: 1, b: 2 }, ["p", "q", { r: 1 }]])).toBe("1\t2\np\tq\n");
    expect(tsv([])).toBe("");
  });
  it("gives a list of objects the same columns in every row: a missing or nested value is an empty cell", () => {
    const findings = [
      { severity: "error", code: "A", azureCode: "X", message: "m1" },
      { severity: "warning", code: "B", message: "m2", values: ["v"] },
      { severity: "note", code: "C", azureCode: { nested: true }, message: "m3" },
    ];
    expect(tsv(findings)).toBe("error\tA\tX\tm1\nwarning\tB\t\tm2\nnote\tC\t\tm3\n");
  });
});

describe("--query", () => {
  it("picks from the validation document, as JSON by default, YAML or TSV when asked", async () => {
    const json = await runCli([...SMALL, "--query", "capacity.podCidr.{blocks: nodeBlocks, needed: requiredNodeBlocks}"]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toEqual({ blocks: 4, needed: 11 });
    const codes = await runCli([...SMALL, "--query", "findings[?severity=='error'].code", "-o", "tsv"]);
    expect(codes.stdout).toBe("InsufficientPodCidr\n");
    const yaml = await runCli([...SMALL, "--query", "valid", "-o", "yaml"]);
    expect(yaml.stdout).toBe("false\n");
  });

  it("is checked before the command runs: a bad expression is exit 2 and nothing is read or written", async () => {
    const { emulator, run } = await emulated();
    const r = await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--yes", "--query", "changes[0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--query "changes[0": ');
    expect(emulator.requests).toEqual([]);
  });

  it("works on a plan and a result against Azure, and is refused with an explicit -o table", async () => {
    const { run } = await emulated();
    const plan = await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--dry-run", "--query", "changes[0].diff[].path", "-o", "tsv"]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout.trim().split("\n")).toEqual(["properties.networkProfile.networkPlugin", "properties.networkProfile.networkPluginMode"]);
    const done = await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--yes", "--query", "provisioningState", "-o", "tsv"]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toBe("Succeeded\n");
    const table = await runCli(["validate", "-o", "table", "--query", "valid"]);
    expect(table.code).toBe(2);
    expect(table.stderr).toContain("--query picks from the document: use it with -o json, yaml or tsv, not -o table");
  });

  it("-o tsv reports an error on stderr, leaving stdout empty", async () => {
    const r = await runCli(["validate", "--max-pods", "lots", "-o", "tsv"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('--max-pods "lots"');
  });
});
