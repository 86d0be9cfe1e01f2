/**
 * The expansion a capacity shortfall's hint names is one that holds the change: applied, the same
 * cluster has no InsufficientPodCidr (and, when the hint says so, a quarter free). `--pod-cidr auto`
 * would size for the cluster before the change, which is why the hint names a range.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { resolveDesign } from "../../src/network/design.js";
import { validateDesign } from "../../src/network/validate.js";
import { explainShortfall } from "../../src/ops/capacityHints.js";

function check(podCidr: string, pools: { name: string; count: number; maxSurge: string }[]) {
  const { design, network } = resolveDesign({ podCidr, nodePools: pools.map((p, i) => ({ ...p, mode: i === 0 ? "System" : "User" })) });
  return validateDesign(design, network);
}

describe("the shortfall hint's expansion", () => {
  it("holds the cluster with the change, and keeps a quarter free when it says so", () => {
    let named = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 18, max: 24 }),
        fc.array(fc.record({ count: fc.integer({ min: 1, max: 300 }), surge: fc.integer({ min: 0, max: 5 }) }), { minLength: 1, maxLength: 4 }),
        (prefix, specs) => {
          const pools = specs.map((s, i) => ({ name: `pool${i}`, count: s.count, maxSurge: String(s.surge) }));
          const podCidr = `10.64.0.0/${prefix}`;
          const validation = check(podCidr, pools);
          const short = validation.findings.find((f) => f.code === "InsufficientPodCidr");
          if (!short) return;
          const last = pools.length - 1;
          const { design } = resolveDesign({ podCidr, nodePools: pools.map((p, i) => ({ ...p, mode: i === 0 ? "System" : "User" })) });
          const hint = explainShortfall(short, validation, last, design.pools[last] as never, { resourceGroup: "rg", name: "c" }).hint ?? "";
          const range = / --pod-cidr (\S+)$/.exec(hint)?.[1];
          if (range === undefined) {
            expect(hint).toContain("cannot grow that far");
            return;
          }
          named++;
          const after = check(range, pools);
          expect(after.findings.map((f) => f.code)).not.toContain("InsufficientPodCidr");
          if (hint.includes("keeps a quarter free")) expect(after.findings.map((f) => f.code)).not.toContain("PodCidrHeadroomLow");
        },
      ),
      { numRuns: 300 },
    );
    // Not vacuous: most runs overflow a /18../24 and get a range named.
    expect(named).toBeGreaterThan(50);
  });
});
