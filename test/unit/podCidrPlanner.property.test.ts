/**
 * planPodCidrExpansion against a brute-force reference: every superset of the current range,
 * /N-1 down to /0, checked address by address with plain BigInt arithmetic (no helpers from
 * src/network/cidr.ts), on ranges near the current one so that conflicts are common.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planPodCidrExpansion } from "../../src/network/podCidrPlanner.js";

const PRIVATE = [
  [10n << 24n, 8],
  [(172n << 24n) | (16n << 16n), 12],
  [(192n << 24n) | (168n << 16n), 16],
  [(100n << 24n) | (64n << 16n), 10],
] as const;
const RESERVED = [
  [(169n << 24n) | (254n << 16n), 16],
  [(172n << 24n) | (30n << 16n), 16],
  [(172n << 24n) | (31n << 16n), 16],
  [(192n << 24n) | (2n << 8n), 24],
] as const;

type Range = { start: bigint; end: bigint };
const range = (start: bigint, prefix: number): Range => {
  const size = 1n << BigInt(32 - prefix);
  const s = (start / size) * size;
  return { start: s, end: s + size - 1n };
};
const text = (r: Range): string => {
  const prefix = 32 - (r.end - r.start + 1n).toString(2).length + 1;
  return `${[24n, 16n, 8n, 0n].map((s) => (r.start >> s) & 255n).join(".")}/${prefix}`;
};
const overlap = (a: Range, b: Range): boolean => a.start <= b.end && b.start <= a.end;
const inside = (outer: Range, inner: Range): boolean => outer.start <= inner.start && inner.end <= outer.end;

/** The reference: each superset's verdict, from /N-1 to /0. */
function reference(current: Range, prefix: number, avoid: Range[], required: number, headroom: number) {
  const block = PRIVATE.map(([s, p]) => range(s, p)).find((b) => inside(b, current));
  const all = [...avoid, ...RESERVED.map(([s, p]) => range(s, p))];
  const supersets: { p: number; r: Range; ok: boolean; fits: boolean }[] = [];
  for (let p = prefix - 1; p >= 0; p--) {
    const r = range(current.start, p);
    const blocks = p <= 24 ? 2 ** (24 - p) : 0;
    const ok = block !== undefined && inside(block, r) && !all.some((a) => overlap(a, r));
    supersets.push({ p, r, ok, fits: ok && blocks > 0 && blocks - required >= blocks * headroom });
  }
  return supersets;
}

/** A current range inside a private block, ranges to avoid near it, a requirement and headroom. */
const scenario = fc
  .record({
    blockIndex: fc.integer({ min: 0, max: PRIVATE.length - 1 }),
    offset: fc.bigInt({ min: 0n, max: (1n << 24n) - 1n }),
    extra: fc.integer({ min: 0, max: 22 }),
    avoid: fc.array(fc.record({ flip: fc.integer({ min: 0, max: 31 }), prefix: fc.integer({ min: 6, max: 30 }), noise: fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }) }), { maxLength: 5 }),
    required: fc.integer({ min: 0, max: 2 ** 14 }),
    headroom: fc.constantFrom(0, 0.1, 0.25, 0.5, 0.9),
  })
  .map(({ blockIndex, offset, extra, avoid, required, headroom }) => {
    const [blockStart, blockPrefix] = PRIVATE[blockIndex] as readonly [bigint, number];
    const prefix = Math.min(32, blockPrefix + 1 + extra);
    const current = range(blockStart + (offset % (1n << BigInt(32 - blockPrefix))), prefix);
    // Near the current range: its start with one bit flipped and some low bits changed.
    const ranges = avoid.map(({ flip, prefix: p, noise }) => range((current.start ^ (1n << BigInt(flip))) ^ (noise & ((1n << BigInt(32 - Math.max(p, 20))) - 1n)), p));
    return { current, prefix, avoid: ranges, required, headroom };
  });

describe("planPodCidrExpansion", () => {
  it("agrees with the brute-force reference", () => {
    fc.assert(
      fc.property(scenario, ({ current, prefix, avoid, required, headroom }) => {
        const plan = planPodCidrExpansion({ current: text(current), requiredBlocks: required, avoid: avoid.map((r, i) => ({ name: `r${i}`, cidr: text(r) })), headroom });
        const ref = reference(current, prefix, avoid, required, headroom);
        // The conflict-free supersets are a run from /N-1: once one conflicts, every larger one does.
        const firstBad = ref.findIndex((s) => !s.ok);
        expect(firstBad === -1 || ref.slice(firstBad).every((s) => !s.ok)).toBe(true);

        const largest = ref.filter((s) => s.ok).at(-1);
        expect(plan.largest).toBe(largest ? text(largest.r) : undefined);
        const smallest = ref.find((s) => s.fits);
        expect(plan.smallest).toBe(smallest ? text(smallest.r) : undefined);
        expect(plan.why === undefined).toBe(plan.smallest !== undefined);

        for (const returned of [plan.smallest, plan.largest]) {
          if (returned === undefined) continue;
          const s = ref.find((x) => text(x.r) === returned);
          // Each returned superset contains the current range, lies in its private block, overlaps nothing.
          expect(s?.ok).toBe(true);
          expect(inside(s!.r, current) && s!.p < prefix).toBe(true);
        }
        if (plan.smallest !== undefined) {
          // Minimal: no smaller superset satisfies the headroom.
          const p = ref.find((x) => text(x.r) === plan.smallest)!.p;
          expect(ref.filter((x) => x.p > p).some((x) => x.fits)).toBe(false);
        }
        if (plan.largest !== undefined) {
          // Maximal: the next larger superset conflicts or leaves the block (or there is none).
          const p = ref.find((x) => text(x.r) === plan.largest)!.p;
          const next = ref.find((x) => x.p === p - 1);
          expect(next === undefined || !next.ok).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("names the first conflict when nothing fits", () => {
    fc.assert(
      fc.property(scenario, ({ current, prefix, avoid, required, headroom }) => {
        const names = avoid.map((r, i) => ({ name: `range-${i}`, cidr: text(r) }));
        const plan = planPodCidrExpansion({ current: text(current), requiredBlocks: required, avoid: names, headroom });
        if (plan.why === undefined) return;
        const ref = reference(current, prefix, avoid, required, headroom);
        const stop = ref.find((s) => !s.ok);
        if (!stop) return;
        // The reasons that hold for the first superset that does not fit: each is a fair answer.
        const reasons = [
          ...names.filter((_n, i) => overlap(avoid[i] as Range, stop.r)).map((n) => `${n.name} (`),
          ...(RESERVED.map(([s, p]) => range(s, p)).some((r) => overlap(r, stop.r)) ? ["AKS-reserved"] : []),
          ...(PRIVATE.map(([s, p]) => range(s, p)).some((b) => inside(b, stop.r)) ? [] : ["private block"]),
        ];
        expect(reasons.length).toBeGreaterThan(0);
        expect(reasons.some((r) => plan.why!.includes(r)), `${plan.why} names one of ${reasons.join(" | ")}`).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  // Arithmetic, not enumeration: enumerating the supersets' /24s would not end within the test's
  // timeout. How fast it is belongs to `npm run bench`, never to a timed assertion here.
  it("is arithmetic, not enumeration: a /30 in 10/8 with 10,000 ranges to avoid", { timeout: 20_000 }, () => {
    const avoid = Array.from({ length: 10_000 }, (_, i) => ({ name: `peer${i}`, cidr: `10.${128 + (i % 100)}.${Math.floor(i / 100)}.0/24` }));
    const plan = planPodCidrExpansion({ current: "10.0.0.0/30", requiredBlocks: 20_000, avoid });
    expect(plan).toEqual({ largest: "10.0.0.0/9", smallest: "10.0.0.0/9" });
  });
});

describe("planPodCidrExpansion examples", () => {
  it.each([
    // The docs' example: 10.244.0.0/18 -> /16 (azure-cni-overlay-pod-expand.md).
    ["fits with a quarter free", { current: "10.244.0.0/18", requiredBlocks: 100, avoid: [{ name: "vnet", cidr: "10.224.0.0/12" }] }, { smallest: "10.244.0.0/16", largest: "10.240.0.0/12" }],
    ["headroom 0 takes the exact fit", { current: "10.244.0.0/18", requiredBlocks: 128, avoid: [], headroom: 0 }, { smallest: "10.244.0.0/17", largest: "10.0.0.0/8" }],
    ["AKS's reserved 172.30/16 stops 172.28/15", { current: "172.28.0.0/15", requiredBlocks: 10, avoid: [] }, { why: "the smallest superset 172.28.0.0/14 overlaps the AKS-reserved range (172.30.0.0/16)" }],
  ])("%s", (_name, input, expected) => {
    expect(planPodCidrExpansion(input)).toEqual(expected);
  });
  it("explains a superset too small before the next conflict", () => {
    const plan = planPodCidrExpansion({ current: "10.244.0.0/18", requiredBlocks: 200, avoid: [{ name: "subnet app", cidr: "10.244.128.0/24" }] });
    expect(plan.largest).toBe("10.244.0.0/17");
    expect(plan.smallest).toBeUndefined();
    expect(plan.why).toContain("10.244.0.0/17");
    expect(plan.why).toContain("10.244.0.0/16 overlaps subnet app (10.244.128.0/24)");
  });
  it.each([
    ["IPv6", "fd12:3456:789a::/64", "IPv6"],
    ["not a CIDR", "10.244.0.0", "CIDR notation"],
    ["outside every private block", "20.0.0.0/16", "not inside a private block"],
    ["the whole block", "192.168.0.0/16", "whole private block"],
  ])("%s: no superset, and why", (_name, current, reason) => {
    const plan = planPodCidrExpansion({ current, requiredBlocks: 1, avoid: [] });
    expect(plan.smallest).toBeUndefined();
    expect(plan.largest).toBeUndefined();
    expect(plan.why).toContain(reason);
  });
  it("a range that overlaps the current one blocks every superset", () => {
    const plan = planPodCidrExpansion({ current: "10.244.0.0/16", requiredBlocks: 1, avoid: [{ name: "old subnet", cidr: "10.244.3.0/24" }] });
    expect(plan).toEqual({ why: "the current pod CIDR 10.244.0.0/16 already overlaps old subnet (10.244.3.0/24), so every superset does too" });
  });
});
