/**
 * Property tests for src/network/capacity.ts and src/network/freeSpace.ts against brute-force
 * references: counting node blocks, integer ceiling for surge, and enumerating every aligned
 * candidate block for the free-space search.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { type Cidr, parseCidr } from "../../src/network/cidr.js";
import { nodeBlocks, podCidrCapacity, smallestFittingPrefix, surgeNodes, usableAddresses } from "../../src/network/capacity.js";
import { findFreeIpv4Block } from "../../src/network/freeSpace.js";
import { BITS, type RefRange, makeRange, text4 } from "../helpers/reference.js";





function cidr(text: string): Cidr {
  const p = parseCidr(text);
  if (!p.ok) throw new Error(`${text}: ${p.reason}`);
  return p.value;
}

const toCidr = (r: RefRange): Cidr => cidr(r.text);

// ---------------------------------------------------------------------------------------------
// nodeBlocks
// ---------------------------------------------------------------------------------------------

describe("nodeBlocks", () => {
  it("IPv4: equals the counted number of whole /24 blocks, for every prefix 0..32", () => {
    for (let prefix = 0; prefix <= 32; prefix++) {
      const addresses = 2 ** (32 - prefix);
      let count = 0;
      for (let a = 0; a + 256 <= addresses; a += 256) count++;
      expect(nodeBlocks({ family: 4, prefix })).toBe(BigInt(count));
      expect(nodeBlocks(cidr(`${text4(0x0a000000n & ~((1n << BigInt(32 - prefix)) - 1n))}/${prefix}`))).toBe(BigInt(count));
    }
  });

  it("IPv6 (a /120 per node, Azure/AKS#5120): 2^(120-p) for p <= 120, else 0, for every prefix 0..128", () => {
    for (let prefix = 0; prefix <= 128; prefix++) {
      const expected = prefix <= 120 ? 2n ** BigInt(120 - prefix) : 0n;
      expect(nodeBlocks({ family: 6, prefix })).toBe(expected);
    }
    // cross-check a few small ones by counting /120 starts
    for (let prefix = 108; prefix <= 124; prefix++) {
      const blockSize = 2n ** 8n;
      const total = 2n ** BigInt(128 - prefix);
      let count = 0n;
      for (let a = 0n; a + blockSize <= total; a += blockSize) count++;
      expect(nodeBlocks({ family: 6, prefix })).toBe(count);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// smallestFittingPrefix
// ---------------------------------------------------------------------------------------------

/** 2^(block - p) blocks fit in a /p. */
function fits(p: number, n: bigint, block: number): boolean {
  return p >= 0 && 2n ** BigInt(block - p) >= n;
}

describe("smallestFittingPrefix", () => {
  it("IPv4: for every n in 1..2^20, p fits and p+1 does not (p = 24 needs only n <= 1)", () => {
    let p = 24; // walk the expected answer alongside n: brute force, no logarithms
    for (let n = 1; n <= 2 ** 20; n++) {
      while (2 ** (24 - p) < n) p--;
      const got = smallestFittingPrefix(n, 4);
      if (got !== p) expect({ n, got }).toEqual({ n, got: p });
    }
  });

  it("IPv4: random n (number or bigint) up to 2^24 fits, one longer does not; beyond 2^24 undefined", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 26n }), fc.boolean(), (n, asBig) => {
        const got = smallestFittingPrefix(asBig ? n : Number(n), 4);
        if (n > 2n ** 24n) {
          expect(got).toBeUndefined();
          return;
        }
        expect(got).toBeDefined();
        const p = got as number;
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(24);
        expect(fits(p, n, 24)).toBe(true);
        if (p < 24) expect(fits(p + 1, n, 24)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("IPv4 edges", () => {
    expect(smallestFittingPrefix(0, 4)).toBe(24);
    expect(smallestFittingPrefix(1, 4)).toBe(24);
    expect(smallestFittingPrefix(2, 4)).toBe(23);
    expect(smallestFittingPrefix(3, 4)).toBe(22);
    expect(smallestFittingPrefix(256, 4)).toBe(16);
    expect(smallestFittingPrefix(257, 4)).toBe(15);
    expect(smallestFittingPrefix(2 ** 24, 4)).toBe(0);
    expect(smallestFittingPrefix(2 ** 24 + 1, 4)).toBeUndefined();
    expect(smallestFittingPrefix(2n ** 40n, 4)).toBeUndefined();
  });

  it("IPv6: p = the largest prefix with 2^(120-p) >= n; undefined beyond 2^120", () => {
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 122n }), fc.integer({ min: 0, max: 121 }).map((k) => 2n ** BigInt(k))), (n) => {
        const got = smallestFittingPrefix(n, 6);
        let expected: number | undefined;
        for (let p = 120; p >= 0; p--) {
          if (fits(p, n, 120)) {
            expected = p;
            break;
          }
        }
        expect(got).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// surgeNodes
// ---------------------------------------------------------------------------------------------

describe("surgeNodes", () => {
  // parseSurge (src/network/rules/inputShape.ts) accepts 1..6 digits, optionally followed by "%",
  // after trimming; longer numbers are refused as "far larger than any node pool".
  const digits = (min: number, max: number): fc.Arbitrary<string> =>
    fc.string({ unit: fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), minLength: min, maxLength: max });
  const pad = fc.constantFrom("", " ", "\t", "  ", "\n");

  it("integer text (1..6 digits, leading zeros and surrounding whitespace allowed) gives that number", () => {
    fc.assert(
      fc.property(digits(1, 6), pad, pad, fc.integer({ min: 0, max: 10_000 }), (d, before, after, nodes) => {
        expect(surgeNodes(`${before}${d}${after}`, nodes)).toBe(parseInt(d, 10));
      }),
      { numRuns: 500 },
    );
    expect(surgeNodes("999999", 3)).toBe(999_999);
    expect(surgeNodes("0", 3)).toBe(0);
    expect(surgeNodes("5", 0)).toBe(5);
  });

  it("7 or more significant digits (with or without %) count as invalid: 0", () => {
    fc.assert(
      fc.property(digits(6, 19), fc.integer({ min: 1, max: 9 }), fc.constantFrom("", "%"), fc.integer({ min: 0, max: 1000 }), (d, lead, pct, nodes) => {
        expect(surgeNodes(`${lead}${d}${pct}`, nodes)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("leading zeros do not count: 0000007 is 7", () => {
    expect(surgeNodes("0000007", 3)).toBe(7);
    expect(surgeNodes("0010000", 3)).toBe(10000);
    expect(surgeNodes("00050%", 10)).toBe(5);
  });

  it("'p%' gives ceil(nodes * p / 100) (integer reference), for all nodes 0..1000 and p 0..100", () => {
    for (let nodes = 0; nodes <= 1000; nodes++) {
      for (let p = 0; p <= 100; p++) {
        const expected = Number((BigInt(nodes) * BigInt(p) + 99n) / 100n);
        const got = surgeNodes(`${p}%`, nodes);
        if (got !== expected) expect({ nodes, p, got }).toEqual({ nodes, p, got: expected });
      }
    }
  });

  it("'p%' with leading zeros and whitespace is the same percentage", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 2 }), (p, nodes, zeros) => {
        const expected = Number((BigInt(nodes) * BigInt(p) + 99n) / 100n);
        expect(surgeNodes(` ${"0".repeat(zeros)}${p}% `, nodes)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("invalid text gives 0", () => {
    const valid = (s: string): boolean => /^[0-9]{1,6}%?$/.test(s.trim());
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: fc.constantFrom("1", "0", "%", "-", "+", ".", " ", "e", "x", "5") }),
          fc.constantFrom("-1", "1.5", "5 %", "%", "", " ", "abc", "1e2", "+5", "0x10", "5%%", "%5", "50%x", "½", "٣", "Infinity", "NaN", "-0"),
        ).filter((s) => !valid(s)),
        fc.integer({ min: 0, max: 1000 }),
        (text, nodes) => {
          expect(surgeNodes(text, nodes)).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// usableAddresses, podCidrCapacity
// ---------------------------------------------------------------------------------------------

describe("usableAddresses", () => {
  it("= max(0, size - 5) for IPv4 and IPv6", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), fc.integer({ min: 0, max: 32 })).map(([v, p]) => makeRange(4, v, p)),
          fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 128n - 1n }), fc.integer({ min: 0, max: 128 })).map(([v, p]) => makeRange(6, v, p)),
          fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), fc.integer({ min: 28, max: 32 })).map(([v, p]) => makeRange(4, v, p)),
        ),
        (r) => {
          let count = 0n;
          const total = r.end - r.start + 1n;
          // count small ones one by one; large ones by their width
          if (total <= 4096n) for (let a = r.start; a <= r.end; a++) count++;
          else count = 2n ** BigInt(BITS[r.family] - r.prefix);
          const expected = count > 5n ? count - 5n : 0n;
          expect(usableAddresses(toCidr(r))).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("fixed values", () => {
    expect(usableAddresses(cidr("10.0.0.0/24"))).toBe(251n);
    expect(usableAddresses(cidr("10.0.0.0/29"))).toBe(3n);
    expect(usableAddresses(cidr("10.0.0.0/30"))).toBe(0n);
    expect(usableAddresses(cidr("10.0.0.0/32"))).toBe(0n);
  });
});

describe("podCidrCapacity", () => {
  it("blocks, free and shortfall are consistent with the block count", () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 32 }), fc.integer({ min: 0, max: 70_000 }), (prefix, required) => {
        const c = toCidr(makeRange(4, 0x0a000000n, prefix));
        const blocks = prefix <= 24 ? 2 ** (24 - prefix) : 0;
        const cap = podCidrCapacity(c, required);
        expect(cap.cidr).toBe(c.text);
        expect(cap.nodeBlocks).toBe(blocks);
        expect(cap.maxNodes).toBe(blocks);
        expect(cap.requiredNodeBlocks).toBe(required);
        expect(cap.freeBlocksAtFullScale).toBe(Math.max(0, blocks - required));
        expect(cap.shortfallBlocks).toBe(Math.max(0, required - blocks));
        expect(cap.smallestFittingPrefix).toBe(smallestFittingPrefix(required, 4) ?? null);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// findFreeIpv4Block
// ---------------------------------------------------------------------------------------------

const RFC1918: RefRange[] = [makeRange(4, 0x0a000000n, 8), makeRange(4, 0xac100000n, 12), makeRange(4, 0xc0a80000n, 16)];

/** Every aligned /prefix block in the spaces, in order (spaces in order, addresses ascending). */
function* candidates(spaces: readonly RefRange[], prefix: number): Generator<RefRange> {
  const blockSize = 2n ** BigInt(32 - prefix);
  for (const space of spaces) {
    if (space.prefix > prefix) continue;
    for (let s = space.start; s + blockSize - 1n <= space.end; s += blockSize) yield makeRange(4, s, prefix);
  }
}

function clashes(block: RefRange, occupied: readonly RefRange[]): boolean {
  return occupied.some((o) => o.family === 4 && o.start <= block.end && block.start <= o.end);
}

/** The first free aligned block by enumeration, or undefined when none is free. */
function bruteFirstFree(spaces: readonly RefRange[], prefix: number, occupied: readonly RefRange[]): RefRange | undefined {
  for (const c of candidates(spaces, prefix)) if (!clashes(c, occupied)) return c;
  return undefined;
}

function expectValidBlock(got: Cidr, prefix: number, spaces: readonly RefRange[], occupied: readonly RefRange[]): void {
  expect(got.family).toBe(4);
  expect(got.prefix).toBe(prefix);
  const blockSize = 2n ** BigInt(32 - prefix);
  expect(got.start % blockSize).toBe(0n);
  expect(got.end).toBe(got.start + blockSize - 1n);
  expect(got.text).toBe(`${text4(got.start)}/${prefix}`);
  expect(spaces.some((s) => s.start <= got.start && got.end <= s.end)).toBe(true);
  const asRef = makeRange(4, got.start, prefix);
  expect(clashes(asRef, occupied)).toBe(false);
}

/** Occupied ranges for the default search: RFC 1918 pieces, whole spaces, outsiders, and IPv6. */
const occupiedDefault: fc.Arbitrary<RefRange[]> = fc.array(
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...RFC1918) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...RFC1918), fc.bigInt({ min: 0n, max: 2n ** 24n - 1n }), fc.integer({ min: 9, max: 20 }))
        .map(([space, off, p]) => makeRange(4, space.start + (off % (space.end - space.start + 1n)), Math.max(p, space.prefix))),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...RFC1918), fc.bigInt({ min: 0n, max: 2n ** 24n - 1n }), fc.integer({ min: 14, max: 32 }))
        .map(([space, off, p]) => makeRange(4, space.start + (off % (space.end - space.start + 1n)), p)),
    },
    { weight: 1, arbitrary: fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }), fc.integer({ min: 4, max: 32 })).map(([v, p]) => makeRange(4, v, p)) },
    // IPv6 ranges with the same numbers as RFC 1918 ones: must be ignored
    { weight: 1, arbitrary: fc.constantFrom(...RFC1918).map((r) => makeRange(6, r.start, r.prefix + 96)) },
  ),
  { maxLength: 20 },
);

/**
 * Covers `start/prefix` entirely with aligned pieces (random splits), leaving a few pieces free or
 * nearly free (only their first or last single address occupied).
 */
function tile(start: bigint, prefix: number, choices: readonly number[], cursor: { i: number }, maxPrefix: number): RefRange[] {
  const c = choices[cursor.i++ % choices.length] ?? 0;
  // 0..1: keep whole (occupied), 2: leave free, 3: only the last address, 4: only the first, 5..11: split
  if (prefix >= maxPrefix || c <= 1) return [makeRange(4, start, prefix)];
  if (c === 2) return [];
  if (c === 3) return [makeRange(4, start + 2n ** BigInt(32 - prefix) - 1n, 32)];
  if (c === 4) return [makeRange(4, start, 32)];
  const half = 2n ** BigInt(32 - prefix - 1);
  return [...tile(start, prefix + 1, choices, cursor, maxPrefix), ...tile(start + half, prefix + 1, choices, cursor, maxPrefix)];
}

describe("findFreeIpv4Block", () => {
  it("default spaces: returns the first free aligned RFC 1918 block, undefined only when none is free", () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 20 }), occupiedDefault, (prefix, occupied) => {
        const got = findFreeIpv4Block(prefix, occupied.map(toCidr));
        const expected = bruteFirstFree(RFC1918, prefix, occupied);
        if (expected === undefined) {
          expect(got).toBeUndefined();
        } else {
          expect(got).toBeDefined();
          expectValidBlock(got as Cidr, prefix, RFC1918, occupied);
          expect(got?.text).toBe(expected.text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("default spaces, long prefixes: any result is valid; with nothing occupied it is 10.0.0.0", () => {
    fc.assert(
      fc.property(fc.integer({ min: 21, max: 32 }), occupiedDefault, (prefix, occupied) => {
        const got = findFreeIpv4Block(prefix, occupied.map(toCidr));
        if (got) expectValidBlock(got, prefix, RFC1918, occupied);
        if (occupied.every((o) => o.family === 6)) expect(got?.text).toBe(`10.0.0.0/${prefix}`);
      }),
      { numRuns: 200 },
    );
  });

  it("restricted to 192.168.0.0/16, covered by tiles with random holes: matches enumeration exactly", () => {
    const space = [makeRange(4, 0xc0a80000n, 16)];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 16, max: 28 }),
        fc.integer({ min: 17, max: 28 }),
        fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 16n - 1n }), fc.integer({ min: 17, max: 32 })), { maxLength: 4 }),
        (choices, prefix, maxPrefix, extra) => {
          const occupied = [
            ...tile(0xc0a80000n, 16, choices, { i: 0 }, maxPrefix),
            ...extra.map(([off, p]) => makeRange(4, 0xc0a80000n + off, p)),
            // outside the space: must not matter
            makeRange(4, 0xc0a70000n, 16),
            makeRange(4, 0xc0a90000n, 16),
          ];
          const got = findFreeIpv4Block(prefix, occupied.map(toCidr), space.map(toCidr));
          const expected = bruteFirstFree(space, prefix, occupied);
          if (expected === undefined) expect(got).toBeUndefined();
          else {
            expect(got).toBeDefined();
            expectValidBlock(got as Cidr, prefix, space, occupied);
            expect(got?.text).toBe(expected.text);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("several small spaces (in the given order), random occupied: matches enumeration exactly", () => {
    const spaceArb = fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 16n - 1n }), fc.integer({ min: 18, max: 26 })).map(([off, p]) => makeRange(4, 0xc0a80000n + off, p));
    // occupied ranges anchored in the spaces at offsets aligned to a power of two (so they sit exactly at
    // candidate starts, single addresses included), at spaces' last addresses, or anywhere in the /16
    const occupiedIn = (spaces: RefRange[]): fc.Arbitrary<RefRange> =>
      fc.oneof(
        fc
          .tuple(fc.constantFrom(...spaces), fc.bigInt({ min: 0n, max: 2n ** 14n - 1n }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 18, max: 32 }))
          .map(([sp, off, k, p]) => makeRange(4, sp.start + (((off >> BigInt(k)) << BigInt(k)) % (sp.end - sp.start + 1n)), p)),
        fc.tuple(fc.constantFrom(...spaces), fc.integer({ min: 26, max: 32 })).map(([sp, p]) => makeRange(4, sp.end, p)),
        fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 16n - 1n }), fc.integer({ min: 16, max: 32 })).map(([off, p]) => makeRange(4, 0xc0a80000n + off, p)),
      );
    fc.assert(
      fc.property(
        fc
          .array(spaceArb, { minLength: 1, maxLength: 4 })
          .chain((spaces) => fc.tuple(fc.constant(spaces), fc.array(occupiedIn(spaces), { maxLength: 25 }))),
        fc.integer({ min: 16, max: 32 }),
        ([spaces, occupied], prefix) => {
          const got = findFreeIpv4Block(prefix, occupied.map(toCidr), spaces.map(toCidr));
          const expected = bruteFirstFree(spaces, prefix, occupied);
          if (expected === undefined) expect(got).toBeUndefined();
          else {
            expect(got).toBeDefined();
            expectValidBlock(got as Cidr, prefix, spaces, occupied);
            expect(got?.text).toBe(expected.text);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("fully covered 192.168.0.0/16 gives undefined for every prefix", () => {
    const space = [cidr("192.168.0.0/16")];
    const halves = [cidr("192.168.0.0/17"), cidr("192.168.128.0/18"), cidr("192.168.192.0/18")];
    for (let prefix = 0; prefix <= 32; prefix++) expect(findFreeIpv4Block(prefix, halves, space)).toBeUndefined();
  });

  it("fixed examples", () => {
    expect(findFreeIpv4Block(16, [])?.text).toBe("10.0.0.0/16");
    expect(findFreeIpv4Block(16, [cidr("10.0.0.0/16")])?.text).toBe("10.1.0.0/16");
    expect(findFreeIpv4Block(16, [cidr("10.0.0.0/8")])?.text).toBe("172.16.0.0/16");
    expect(findFreeIpv4Block(16, [cidr("10.0.0.0/8"), cidr("172.16.0.0/12")])?.text).toBe("192.168.0.0/16");
    expect(findFreeIpv4Block(16, [cidr("10.0.0.0/8"), cidr("172.16.0.0/12"), cidr("192.168.0.0/16")])).toBeUndefined();
    expect(findFreeIpv4Block(8, [cidr("10.1.0.0/16")])).toBeUndefined();
    expect(findFreeIpv4Block(8, [cidr("::a00:0/104")])?.text).toBe("10.0.0.0/8");
    expect(findFreeIpv4Block(24, [cidr("10.0.0.0/25"), cidr("10.0.1.128/25")])?.text).toBe("10.0.2.0/24");
    expect(findFreeIpv4Block(24, [cidr("10.0.0.0/32")])?.text).toBe("10.0.1.0/24");
    const small = [cidr("192.168.0.0/24")];
    expect(findFreeIpv4Block(25, [cidr("192.168.0.0/25"), cidr("192.168.0.255/32")], small)).toBeUndefined();
    expect(findFreeIpv4Block(25, [cidr("192.168.0.0/32"), cidr("192.168.0.255/32")], small)).toBeUndefined();
    expect(findFreeIpv4Block(26, [cidr("192.168.0.0/32"), cidr("192.168.0.255/32")], small)?.text).toBe("192.168.0.64/26");
    expect(findFreeIpv4Block(24, [cidr("10.0.0.255/32")])?.text).toBe("10.0.1.0/24");
    expect(findFreeIpv4Block(32, [cidr("10.0.0.0/32"), cidr("10.0.0.1/32")])?.text).toBe("10.0.0.2/32");
    expect(findFreeIpv4Block(24, [cidr("10.0.0.0/24"), cidr("10.0.1.0/32")])?.text).toBe("10.0.2.0/24");
  });
});
