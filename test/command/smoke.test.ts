import { describe, expect, it } from "vitest";
import { codes, runCli, validateJson } from "../helpers/cli.js";

describe("validate smoke", () => {
  it("accepts Azure's defaults", async () => {
    const { code, doc } = await validateJson([]);
    expect(code).toBe(0);
    expect(doc.valid).toBe(true);
    expect(codes(doc)).toEqual([]);
  });
  it("exits 2 on an unknown flag", async () => {
    const r = await runCli(["validate", "--pod-cidrr", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--pod-cidrr");
  });
});
