/** apply given something other than a plan: says what it is, in one line, exit 2, nothing read from Azure. */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

async function applyFile(text: string) {
  return runCli(["apply", "f", "--yes"], { files: { f: text }, env: { AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000", AKS_OVERLAY_ARM_ENDPOINT: "http://127.0.0.1:1" } });
}

describe("apply of a file that is not a plan", () => {
  it("a design file", async () => {
    const r = await applyFile("podCidr: 10.0.0.0/8\nvnetCidrs: [10.1.0.0/16]\nnodeCount: 3\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("f: not a plan but a design file (validate --file and create --file read it)");
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });
  it("a validation, fleet or error document, named with its kind", async () => {
    const validation = await runCli(["validate", "-o", "json"]);
    const r = await applyFile(validation.stdout);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not a plan but a validation document (aks-overlay validate -o json|yaml)");
    expect((await applyFile('{"kind": "fleet", "formatVersion": 1}')).stderr).toContain("a fleet document (aks-overlay fleet scan");
    expect((await applyFile('{"kind": "error", "formatVersion": 1}')).stderr).toContain("not a plan but an error document");
  });
  it("a mapping of something else still gets the plan schema's problems (no kind to go by)", async () => {
    const r = await applyFile('{"hello": 1}');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("kind");
  });
});
