/**
 * Property tests for src/network/overlap.ts: the sort-and-sweep overlappingPairs against the
 * all-pairs brute force, and union() against the enumerated set of covered addresses.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { type Cidr, type IpFamily, parseCidr } from "../../src/network/cidr.js";
import { type Tagged, overlappingPairs, union } from "../../src/network/overlap.js";
import { type RefRange, makeRange } from "../helpers/reference.js";

type Kind = "pod" | "service" | "vnet" | "reserved";
const KINDS: readonly Kind[] = ["pod", "service", "vnet", "reserved"];

// ---------------------------------------------------------------------------------------------
// References (independent of src: own interval arithmetic, own text)
// ---------------------------------------------------------------------------------------------




function toCidr(r: RefRange): Cidr {
  const p = parseCidr(r.text);
  if (!p.ok) throw new Error(`${r.text}: ${p.reason}`);
  return p.value;
}

function refOverlap(a: RefRange, b: RefRange): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

// ---------------------------------------------------------------------------------------------
// Generators: a small space so that overlaps, nesting and duplicates are common
// ---------------------------------------------------------------------------------------------

const V4_BASE = 0x0a000000n; // 10.0.0.0
const V6_BASE = 0xfd000000000000000000000000000000n; // fd00::
const V6_LOW_BASE = V4_BASE; // ::a00:0 — the same numbers as 10.0.0.0 but IPv6

const smallRange: fc.Arbitrary<RefRange> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 26, max: 32 }) }, { weight: 1, arbitrary: fc.constantFrom(8, 16, 22, 24) }))
      .map(([off, p]) => makeRange(4, V4_BASE + BigInt(off), p)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 122, max: 128 }) }, { weight: 1, arbitrary: fc.constantFrom(64, 112, 120) }))
      .map(([off, p]) => makeRange(6, V6_BASE + BigInt(off), p)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 120, max: 128 }))
      .map(([off, p]) => makeRange(6, V6_LOW_BASE + BigInt(off), p)),
  },
);

interface Item {
  kind: Kind;
  range: RefRange;
}

/** 0..60 tagged ranges; some are re-used (same CIDR, possibly another kind) to force duplicates. */
const items: fc.Arbitrary<Item[]> = fc
  .tuple(
    fc.array(fc.record({ kind: fc.constantFrom(...KINDS), range: smallRange }), { minLength: 0, maxLength: 45 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...KINDS)), { maxLength: 15 }),
  )
  .chain(([base, dups]) => {
    const withDups = [...base];
    if (base.length > 0) for (const [i, kind] of dups) withDups.push({ kind, range: (base[i % base.length] as Item).range });
    return fc.shuffledSubarray(withDups, { minLength: withDups.length, maxLength: withDups.length });
  });

/** An arbitrary (possibly asymmetric) relation on kinds, as the set of accepted ordered pairs. */
const wantedRelation = fc.subarray(KINDS.flatMap((a) => KINDS.map((b) => `${a}>${b}`)));

function pairKey(i: number, j: number): string {
  return i < j ? `${i},${j}` : `${j},${i}`;
}

// ---------------------------------------------------------------------------------------------

describe("overlappingPairs equals the all-pairs brute force", () => {
  it("on random tagged ranges (IPv4 + IPv6, duplicates, asymmetric wanted)", () => {
    fc.assert(
      fc.property(items, wantedRelation, (list, accepted) => {
        const acceptedSet = new Set(accepted);
        const wanted = (a: Kind, b: Kind): boolean => acceptedSet.has(`${a}>${b}`);
        const tagged: Tagged<Kind>[] = list.map((it, i) => ({ kind: it.kind, name: `r${i}`, cidr: toCidr(it.range) }));
        const index = new Map(tagged.map((t, i) => [t, i] as const));

        const expected = new Set<string>();
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length; j++) {
            const a = list[i] as Item;
            const b = list[j] as Item;
            if (refOverlap(a.range, b.range) && (wanted(a.kind, b.kind) || wanted(b.kind, a.kind))) expected.add(pairKey(i, j));
          }
        }

        const pairs = overlappingPairs(tagged, wanted);
        const actual: string[] = pairs.map((p) => {
          const i = index.get(p.outer);
          const j = index.get(p.inner);
          expect(i).toBeDefined();
          expect(j).toBeDefined();
          expect(i).not.toBe(j);
          // outer is the larger range and contains inner
          const o = list[i as number] as Item;
          const n = list[j as number] as Item;
          expect(o.range.family).toBe(n.range.family);
          expect(o.range.start <= n.range.start && n.range.end <= o.range.end).toBe(true);
          return pairKey(i as number, j as number);
        });
        // each pair reported once
        expect(new Set(actual).size).toBe(actual.length);
        expect(new Set(actual)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it("with everything wanted, the pairs are exactly the overlapping pairs", () => {
    fc.assert(
      fc.property(items, (list) => {
        const tagged: Tagged<Kind>[] = list.map((it, i) => ({ kind: it.kind, name: `r${i}`, cidr: toCidr(it.range) }));
        const index = new Map(tagged.map((t, i) => [t, i] as const));
        let expected = 0;
        for (let i = 0; i < list.length; i++)
          for (let j = i + 1; j < list.length; j++) if (refOverlap((list[i] as Item).range, (list[j] as Item).range)) expected++;
        const pairs = overlappingPairs(tagged, () => true);
        expect(pairs.length).toBe(expected);
        for (const p of pairs) expect(refOverlap(list[index.get(p.outer) as number]!.range, list[index.get(p.inner) as number]!.range)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("does not reorder or modify its input", () => {
    fc.assert(
      fc.property(items, (list) => {
        const tagged: Tagged<Kind>[] = list.map((it, i) => ({ kind: it.kind, name: `r${i}`, cidr: toCidr(it.range) }));
        const copy = [...tagged];
        overlappingPairs(tagged, () => true);
        expect(tagged).toEqual(copy);
        tagged.forEach((t, i) => expect(t).toBe(copy[i]));
      }),
      { numRuns: 50 },
    );
  });

  it("fixed example: duplicates, nesting and families", () => {
    const mk = (kind: Kind, text: string): Tagged<Kind> => {
      const p = parseCidr(text);
      if (!p.ok) throw new Error(text);
      return { kind, name: text, cidr: p.value };
    };
    const a = mk("pod", "10.0.0.0/8");
    const b = mk("service", "10.0.0.0/16");
    const c = mk("service", "10.0.0.0/16");
    const d = mk("vnet", "::a00:0/104"); // same numbers as 10.0.0.0/8, other family
    const e = mk("vnet", "11.0.0.0/8");
    const pairs = overlappingPairs([e, d, c, b, a], (x, y) => x === "pod" || (x === "service" && y === "service"));
    expect(pairs).toHaveLength(3);
    const got = new Set(pairs.map((p) => `${p.outer.kind}:${p.outer === b ? "b" : p.outer === c ? "c" : p.outer === a ? "a" : "?"}>${p.inner === b ? "b" : p.inner === c ? "c" : "?"}`));
    // a contains b and c; b and c are equal (either may be reported as the outer one)
    expect(got.has("pod:a>b")).toBe(true);
    expect(got.has("pod:a>c")).toBe(true);
    expect(got.has("service:b>c") || got.has("service:c>b")).toBe(true);
  });
});

describe("overlappingPairs at scale: 10,000 IPv4 ranges plus a few subjects", () => {
  it("finds exactly the ranges overlapping each subject", () => {
    const rangeArb = fc
      .tuple(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), fc.integer({ min: 8, max: 32 }))
      .map(([v, p]) => makeRange(4, v, p));
    fc.assert(
      fc.property(
        fc.array(rangeArb, { minLength: 10_000, maxLength: 10_000 }),
        fc.array(fc.oneof(rangeArb, fc.nat({ max: 9_999 })), { minLength: 1, maxLength: 6 }),
        (ranges, subjectSpecs) => {
          type K = "range" | "subject";
          // a subject is either a random range or a copy of one of the 10,000 (guaranteed overlap)
          const subjects: RefRange[] = subjectSpecs.map((s) => (typeof s === "number" ? (ranges[s] as RefRange) : s));
          subjects.push(makeRange(4, 0x0a000000n, 8)); // 10.0.0.0/8
          const all: { kind: K; range: RefRange }[] = [
            ...ranges.map((range) => ({ kind: "range" as K, range })),
            ...subjects.map((range) => ({ kind: "subject" as K, range })),
          ];
          const tagged: Tagged<K>[] = all.map((x, i) => ({ kind: x.kind, name: `n${i}`, cidr: toCidr(x.range) }));
          const index = new Map(tagged.map((t, i) => [t, i] as const));
          const wanted = (a: K, b: K): boolean => a === "subject" && b === "range";

          const expected = new Set<string>();
          for (let s = ranges.length; s < all.length; s++) {
            for (let r = 0; r < ranges.length; r++) {
              if (refOverlap(all[s]!.range, all[r]!.range)) expected.add(pairKey(s, r));
            }
          }
          const pairs = overlappingPairs(tagged, wanted);
          const actual = pairs.map((p) => pairKey(index.get(p.outer) as number, index.get(p.inner) as number));
          expect(new Set(actual).size).toBe(actual.length);
          expect(new Set(actual)).toEqual(expected);
          expect(expected.size).toBeGreaterThan(0);
        },
      ),
      // no shrinking of 10,000-element arrays: report the first failure as is
      { numRuns: 3, endOnFailure: true },
    );
  });
});

// ---------------------------------------------------------------------------------------------

/** Ranges small enough to enumerate: at most 256 addresses each, in a 1024-address window. */
const enumerableRange: fc.Arbitrary<RefRange> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 1023 }), fc.integer({ min: 24, max: 32 })).map(([o, p]) => makeRange(4, V4_BASE + BigInt(o), p)),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 1023 }), fc.integer({ min: 120, max: 128 })).map(([o, p]) => makeRange(6, V6_BASE + BigInt(o), p)),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 1023 }), fc.integer({ min: 120, max: 128 })).map(([o, p]) => makeRange(6, V6_LOW_BASE + BigInt(o), p)),
  },
);

function covered(ranges: readonly { family: IpFamily; start: bigint; end: bigint }[]): Set<string> {
  const out = new Set<string>();
  for (const r of ranges) for (let a = r.start; a <= r.end; a++) out.add(`${r.family}:${a}`);
  return out;
}

describe("union", () => {
  it("covers exactly the enumerated addresses and is sorted, disjoint and non-adjacent", () => {
    fc.assert(
      fc.property(fc.array(enumerableRange, { maxLength: 40 }), (list) => {
        const cidrs = list.map(toCidr);
        const merged = union(cidrs);
        expect(covered(merged)).toEqual(covered(list));
        for (const m of merged) expect(m.start <= m.end).toBe(true);
        for (let i = 1; i < merged.length; i++) {
          const prev = merged[i - 1]!;
          const cur = merged[i]!;
          // sorted by family, then start
          expect(prev.family <= cur.family).toBe(true);
          // within a family: disjoint and not adjacent (a gap of at least one address)
          if (prev.family === cur.family) expect(cur.start > prev.end + 1n).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("does not mutate the input CIDRs", () => {
    fc.assert(
      fc.property(fc.array(enumerableRange, { maxLength: 20 }), (list) => {
        const cidrs = list.map(toCidr);
        const snapshot = cidrs.map((c) => ({ ...c }));
        const merged = union(cidrs);
        // mutate the output: the input must not change with it
        for (const m of merged) m.end += 1n;
        expect(cidrs).toEqual(snapshot);
      }),
      { numRuns: 50 },
    );
  });

  it("fixed example: adjacent blocks merge, gaps and families stay apart", () => {
    const c = (t: string): Cidr => {
      const p = parseCidr(t);
      if (!p.ok) throw new Error(t);
      return p.value;
    };
    const merged = union([c("10.0.1.0/24"), c("::a00:0/120"), c("10.0.0.0/24"), c("10.0.3.0/24"), c("10.0.0.128/25")]);
    expect(merged).toEqual([
      { family: 4, start: 0x0a000000n, end: 0x0a0001ffn },
      { family: 4, start: 0x0a000300n, end: 0x0a0003ffn },
      { family: 6, start: 0x0a000000n, end: 0x0a0000ffn },
    ]);
  });
});
