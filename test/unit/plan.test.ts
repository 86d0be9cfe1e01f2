/** The plan model: diffs by path, and saved plans without secrets. */
import { describe, expect, it } from "vitest";
import { type PlanDocument, diff, withoutSecrets } from "../../src/plan/plan.js";

describe("diff", () => {
  it("lists changed leaves by path", () => {
    expect(diff({ a: 1, b: { c: "x", d: [1, 2] } }, { a: 1, b: { c: "y", d: [1, 2], e: true } })).toEqual([
      { path: "b.c", before: "x", after: "y" },
      { path: "b.e", before: null, after: true },
    ]);
  });
  it("compares arrays of objects by index and arrays of scalars whole", () => {
    expect(diff({ p: [{ n: 1 }, { n: 2 }] }, { p: [{ n: 1 }, { n: 3 }, { n: 4 }] })).toEqual([
      { path: "p[1].n", before: 2, after: 3 },
      { path: "p[2].n", before: null, after: 4 },
    ]);
    expect(diff({ s: ["a"] }, { s: ["a", "b"] })).toEqual([{ path: "s", before: ["a"], after: ["a", "b"] }]);
  });
  it("describes a create as every leaf from nothing", () => {
    expect(diff(undefined, { x: { y: 1 }, z: [{ w: 2 }] })).toEqual([
      { path: "x.y", before: null, after: 1 },
      { path: "z[0].w", before: null, after: 2 },
    ]);
  });
  it("is empty for equal values", () => {
    expect(diff({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});

describe("saved plans", () => {
  it("never hold secrets", () => {
    const plan = {
      changes: [
        {
          body: { servicePrincipalProfile: { clientId: "id", secret: "s3cr3t" }, windowsProfile: { adminUsername: "u", adminPassword: "p@ss" }, tags: {} },
          diff: [{ path: "windowsProfile.adminPassword", before: null, after: "p@ss" }, { path: "tags.a", before: null, after: "b" }],
        },
      ],
    } as unknown as PlanDocument;
    const saved = withoutSecrets(plan);
    expect(JSON.stringify(saved)).not.toMatch(/s3cr3t|p@ss/);
    expect(saved.changes[0]?.body).toEqual({ servicePrincipalProfile: { clientId: "id" }, windowsProfile: { adminUsername: "u" }, tags: {} });
    expect(saved.changes[0]?.diff).toEqual([{ path: "tags.a", before: null, after: "b" }]);
    expect(JSON.stringify(plan)).toContain("s3cr3t");
  });
});
