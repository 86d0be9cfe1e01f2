/** Aligned columns narrowed to a width by wrapping cells at spaces (the pools and subnets tables). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { columns, visibleWidth } from "../../src/output/style.js";

const word = fc.stringMatching(/^[a-z0-9./()%-]{1,12}$/);
const cell = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(" "));
const table = fc.integer({ min: 1, max: 6 }).chain((n) => fc.array(fc.array(cell, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 6 }));

describe("columns", () => {
  it("leaves a table that fits exactly as before: one line a row, two spaces between columns", () => {
    expect(columns([["POOL", "MODE"], ["system", "System"]])).toEqual(["  POOL    MODE", "  system  System"]);
    expect(columns([["a", "b"]], "  ", 80)).toEqual(["  a  b"]);
  });

  it("wraps the widest column at spaces to fit 80 columns, keeping CIDRs whole", () => {
    const rows = [
      ["POOL", "MODE", "OS", "NODES (FULL SCALE)", "SURGE", "MAX PODS", "SUBNET"],
      ["system", "System", "Linux", "3", "1 (10%)", "250", "10.224.0.0/16"],
      ["scale", "User", "Linux", "100 (autoscaler 3..100)", "10 (10%)", "250", "10.224.0.0/16"],
    ];
    const out = columns(rows, "  ", 80);
    expect(Math.max(...out.map(visibleWidth))).toBeLessThanOrEqual(80);
    expect(out.join("\n")).toContain("10.224.0.0/16");
    expect(out.filter((l) => l.includes("10.224.0.0/16"))).toHaveLength(2);
  });

  it("keeps a cell's colour on each of its lines", () => {
    const dim = (s: string) => `\u001b[2m${s}\u001b[22m`;
    const out = columns([[dim("NODES (FULL SCALE)"), "x"], ["1", "y"]], "", 15);
    expect(out).toEqual(["\u001b[2mNODES (FULL\u001b[0m  x", dim("SCALE)"), "1            y"]);
    // Styling inside a cell too: the line that ends inside it is reset, the next starts it again.
    const inner = columns([["Pod CIDR", `10.244.0.0/16 ${dim("(default)")} and more`]], "", 24);
    expect(inner).toEqual(["Pod CIDR  10.244.0.0/16", `          \u001b[2m(default)\u001b[22m and\u001b[0m`, "          \u001b[2m\u001b[22mmore"]);
  });

  it("never loses a word, fits the width when its words allow, and is one line a row when it fits", () => {
    fc.assert(
      fc.property(table, fc.integer({ min: 20, max: 120 }), (rows, width) => {
        const out = columns(rows, "  ", width);
        const n = Math.max(...rows.map((r) => r.length));
        const longest = Array.from({ length: n }, (_, i) => Math.max(...rows.map((r) => Math.max(...(r[i] ?? "").split(" ").map((w) => w.length)))));
        const fits = 2 + longest.reduce((a, b) => a + b, 0) + 2 * (n - 1) <= width;
        if (fits) expect(Math.max(...out.map(visibleWidth))).toBeLessThanOrEqual(width);
        // Every word of every cell is in the output, as often as in the rows.
        const text = out.join(" ").split(/\s+/).filter(Boolean);
        const words = rows.flatMap((r) => r.flatMap((c) => c.split(" ")));
        expect([...text].sort()).toEqual([...words].sort());
        // A table that fits is one line a row.
        const natural = 2 + Array.from({ length: n }, (_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))).reduce((a, b) => a + b, 0) + 2 * (n - 1);
        if (natural <= width) expect(out).toHaveLength(rows.length);
      }),
      { numRuns: 300 },
    );
  });
});
