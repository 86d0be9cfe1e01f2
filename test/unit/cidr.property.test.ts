/**
 * Property tests for src/network/cidr.ts against brute-force references written here: network
 * addresses by clearing a string of binary digits, IPv4 text by decimal division, IPv6 text by an
 * independent RFC 5952 formatter, and overlap/containment by enumerating addresses into sets.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  type Cidr,
  type IpFamily,
  cidrFrom,
  contains,
  containsAddress,
  formatIp,
  networkAddress,
  overlaps,
  parseCidr,
  parseIp,
  size,
} from "../../src/network/cidr.js";

// ---------------------------------------------------------------------------------------------
// Brute-force references
// ---------------------------------------------------------------------------------------------

const REF_BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

/** Network address by writing the value as binary digits and zeroing the host digits. */
function refNetwork(value: bigint, prefix: number, family: IpFamily): bigint {
  const bits = REF_BITS[family];
  const digits = value.toString(2).padStart(bits, "0");
  expect(digits.length).toBe(bits); // the generator never exceeds the family's width
  const cleared = digits.slice(0, prefix) + "0".repeat(bits - prefix);
  return BigInt(`0b${cleared}`);
}

/** Last address by writing the value as binary digits and setting the host digits. */
function refLast(start: bigint, prefix: number, family: IpFamily): bigint {
  const bits = REF_BITS[family];
  const digits = start.toString(2).padStart(bits, "0");
  return BigInt(`0b${digits.slice(0, prefix)}${"1".repeat(bits - prefix)}`);
}

/** Dotted quad by repeated division (no shifts, no masks). */
function refFormat4(value: bigint): string {
  const octets: bigint[] = [];
  let rest = value;
  for (let i = 0; i < 4; i++) {
    octets.unshift(rest % 256n);
    rest = rest / 256n;
  }
  return octets.map(String).join(".");
}

function refGroups6(value: bigint): number[] {
  const hex = value.toString(16).padStart(32, "0");
  const groups: number[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(parseInt(hex.slice(i, i + 4), 16));
  return groups;
}

/**
 * RFC 5952 text, computed differently from the source: try every run length from 8 down to 2 and
 * compress the leftmost run of that length found; if none, write all eight groups.
 */
function refFormat6(value: bigint): string {
  const groups = refGroups6(value);
  const hex = groups.map((g) => g.toString(16));
  for (let length = 8; length >= 2; length--) {
    for (let i = 0; i + length <= 8; i++) {
      if (groups.slice(i, i + length).every((g) => g === 0)) {
        return `${hex.slice(0, i).join(":")}::${hex.slice(i + length).join(":")}`;
      }
    }
  }
  return hex.join(":");
}

function refFormat(value: bigint, family: IpFamily): string {
  return family === 4 ? refFormat4(value) : refFormat6(value);
}

/** Expands text in the canonical shape (hex groups, at most one "::") to its eight groups. */
function expandCanonical6(text: string): { groups: number[]; compressedAt: number; compressedLength: number } {
  const halves = text.split("::");
  expect(halves.length).toBeLessThanOrEqual(2);
  const part = (s: string | undefined): string[] => (s === undefined || s === "" ? [] : s.split(":"));
  const head = part(halves[0]);
  const tail = part(halves[1]);
  const all = [...head, ...tail];
  for (const g of all) expect(g).toMatch(/^[0-9a-f]{1,4}$/);
  if (halves.length === 1) {
    expect(head).toHaveLength(8);
    return { groups: head.map((g) => parseInt(g, 16)), compressedAt: -1, compressedLength: 0 };
  }
  const missing = 8 - all.length;
  expect(missing).toBeGreaterThan(0);
  const groups = [...head.map((g) => parseInt(g, 16)), ...Array<number>(missing).fill(0), ...tail.map((g) => parseInt(g, 16))];
  return { groups, compressedAt: head.length, compressedLength: missing };
}

/** Checks RFC 5952 section 4 on `text` directly, and that it denotes `value`. */
function expectRfc5952(text: string, value: bigint): void {
  expect(text).toBe(text.toLowerCase());
  expect(text).toMatch(/^[0-9a-f:]+$/);
  // no leading zeros in a group
  for (const g of text.split(":")) if (g !== "") expect(g === "0" || !g.startsWith("0")).toBe(true);
  const { groups, compressedAt, compressedLength } = expandCanonical6(text);
  expect(groups).toEqual(refGroups6(value));
  // all zero runs (maximal) of the value
  const runs: { at: number; length: number }[] = [];
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    runs.push({ at: i, length: j - i });
    i = j;
  }
  const longest = Math.max(0, ...runs.map((r) => r.length));
  if (longest < 2) {
    // nothing (in particular, no single zero group) may be compressed
    expect(compressedAt).toBe(-1);
  } else {
    const first = runs.find((r) => r.length === longest);
    expect({ at: compressedAt, length: compressedLength }).toEqual(first);
  }
}

/** Every RFC 4291 spelling of the given groups: leading zeros, mixed case, any zero run (even one group) as "::". */
function spellings6(groups: number[]): fc.Arbitrary<string> {
  // every range of consecutive zero groups (length >= 1) may be written as "::"
  const zeroRanges: [number, number][] = [];
  for (let i = 0; i < 8; i++) {
    for (let j = i; j < 8 && groups[j] === 0; j++) zeroRanges.push([i, j + 1]);
  }
  const choice = zeroRanges.length === 0 ? fc.constant(undefined) : fc.option(fc.constantFrom(...zeroRanges), { nil: undefined });
  return fc
    .tuple(
      choice,
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
      fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    )
    .map(([range, pads, upper]) => {
      const text = groups.map((g, i) => {
        let h = g.toString(16);
        h = h.padStart(Math.min(4, h.length + (pads[i] ?? 0)), "0");
        return upper[i] ? h.toUpperCase() : h;
      });
      if (range === undefined) return text.join(":");
      const [a, b] = range;
      return `${text.slice(0, a).join(":")}::${text.slice(b).join(":")}`;
    });
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const ipv4Value = fc.bigInt({ min: 0n, max: (1n << 32n) - 1n });

/** IPv6 values rich in zero groups, so that compression cases (ties, single zeros, edges) occur. */
const ipv6Groups = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: fc.constant(0) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 0xf }) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffff }) },
  ),
  { minLength: 8, maxLength: 8 },
);
const ipv6Value = ipv6Groups.map((gs) => gs.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n));

const anyValue: fc.Arbitrary<{ family: IpFamily; value: bigint }> = fc.oneof(
  ipv4Value.map((value) => ({ family: 4 as IpFamily, value })),
  ipv6Value.map((value) => ({ family: 6 as IpFamily, value })),
);

/** A value, a prefix for its family, and the aligned network start computed by the reference. */
const anyPrefixed = anyValue.chain(({ family, value }) =>
  fc.integer({ min: 0, max: REF_BITS[family] }).map((prefix) => ({ family, value, prefix, start: refNetwork(value, prefix, family) })),
);

function parsedOk(text: string): Cidr {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(`expected ${text} to parse, got: ${r.reason}`);
  return r.value;
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe("cidr: references agree with themselves (sanity of the test oracles)", () => {
  it("reference formatters on known values", () => {
    expect(refFormat4(0x0af40000n)).toBe("10.244.0.0");
    expect(refFormat6(0n)).toBe("::");
    expect(refFormat6(1n)).toBe("::1");
    expect(refFormat6(0x20010db8000000000001000000000001n)).toBe("2001:db8::1:0:0:1");
    expect(refFormat6(0x20010db8000000010001000100010001n)).toBe("2001:db8:0:1:1:1:1:1");
    expect(refNetwork(0x0af40100n, 16, 4)).toBe(0x0af40000n);
  });
});

describe("cidr: parse/format round trip", () => {
  it("IPv4: aligned start + prefix parses to the reference range, and text round-trips", () => {
    fc.assert(
      fc.property(
        ipv4Value,
        fc.integer({ min: 0, max: 32 }),
        (value, prefix) => {
          const start = refNetwork(value, prefix, 4);
          const text = `${refFormat4(start)}/${prefix}`;
          const r = parseCidr(text);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.value.family).toBe(4);
          expect(r.value.prefix).toBe(prefix);
          expect(r.value.start).toBe(start);
          expect(r.value.end).toBe(refLast(start, prefix, 4));
          expect(r.value.text).toBe(text);
          expect(formatIp(start, 4)).toBe(refFormat4(start));
          const ip = parseIp(refFormat4(value));
          expect(ip).toEqual({ ok: true, value: { family: 4, value } });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("IPv6: parseIp(formatIp(x)) === x and formatIp follows RFC 5952", () => {
    fc.assert(
      fc.property(ipv6Value, (value) => {
        const text = formatIp(value, 6);
        expect(text).toBe(refFormat6(value));
        expectRfc5952(text, value);
        const back = parseIp(text);
        expect(back).toEqual({ ok: true, value: { family: 6, value } });
      }),
      { numRuns: 1000 },
    );
  });

  it("IPv6: aligned start + prefix parses to the reference range with canonical text", () => {
    fc.assert(
      fc.property(ipv6Value, fc.integer({ min: 0, max: 128 }), (value, prefix) => {
        const start = refNetwork(value, prefix, 6);
        const c = parsedOk(`${refFormat6(start)}/${prefix}`);
        expect(c.family).toBe(6);
        expect(c.prefix).toBe(prefix);
        expect(c.start).toBe(start);
        expect(c.end).toBe(refLast(start, prefix, 6));
        expect(c.text).toBe(`${refFormat6(start)}/${prefix}`);
      }),
      { numRuns: 500 },
    );
  });

  it("IPv6: any RFC 4291 spelling (leading zeros, upper case, any zero run compressed) parses to the same value and canonical text", () => {
    fc.assert(
      fc.property(
        ipv6Groups.chain((groups) => spellings6(groups).map((text) => ({ groups, text }))),
        ({ groups, text }) => {
          const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
          expect(parseIp(text)).toEqual({ ok: true, value: { family: 6, value } });
          const c = parsedOk(`${text}/128`);
          expect(c.text).toBe(`${refFormat6(value)}/128`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("cidrFrom builds the same range as the reference from an aligned start", () => {
    fc.assert(
      fc.property(anyPrefixed, ({ family, prefix, start }) => {
        const c = cidrFrom(family, start, prefix);
        expect(c.start).toBe(start);
        expect(c.end).toBe(refLast(start, prefix, family));
        expect(c.text).toBe(`${refFormat(start, family)}/${prefix}`);
        expect(networkAddress(start, prefix, family)).toBe(start);
      }),
      { numRuns: 300 },
    );
  });

  it("networkAddress equals clearing the host digits", () => {
    fc.assert(
      fc.property(anyPrefixed, ({ family, value, prefix, start }) => {
        expect(networkAddress(value, prefix, family)).toBe(start);
      }),
      { numRuns: 500 },
    );
  });
});

describe("cidr: host bits set", () => {
  it("is always refused, with the aligned network as the suggestion", () => {
    fc.assert(
      fc.property(
        anyPrefixed.filter(({ value, start }) => value !== start),
        ({ family, value, prefix, start }) => {
          const r = parseCidr(`${refFormat(value, family)}/${prefix}`);
          expect(r.ok).toBe(false);
          if (r.ok) return;
          const meant = `${refFormat(start, family)}/${prefix}`;
          expect(r.suggestion).toBe(meant);
          // the suggestion itself is accepted as that network
          const again = parsedOk(meant);
          expect(again.start).toBe(start);
          expect(again.prefix).toBe(prefix);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("is accepted exactly when the host bits are zero", () => {
    fc.assert(
      fc.property(anyPrefixed, ({ family, value, prefix, start }) => {
        const r = parseCidr(`${refFormat(value, family)}/${prefix}`);
        expect(r.ok).toBe(value === start);
      }),
      { numRuns: 500 },
    );
  });
});

describe("cidr: prefix out of range", () => {
  it("prefix > bits is refused without a suggestion, whatever the address (even the zero address)", () => {
    fc.assert(
      fc.property(
        fc.oneof(anyValue, fc.constantFrom<{ family: IpFamily; value: bigint }>({ family: 4, value: 0n }, { family: 6, value: 0n })),
        fc.integer({ min: 1, max: 900 }),
        ({ family, value }, over) => {
          const prefix = REF_BITS[family] + over;
          const r = parseCidr(`${refFormat(value, family)}/${prefix}`);
          expect(r.ok).toBe(false);
          if (!r.ok) {
            expect(r.suggestion).toBeUndefined();
            expect(r.reason).toContain("prefix");
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("cidr: size", () => {
  it("size = 2^(bits - prefix)", () => {
    fc.assert(
      fc.property(anyPrefixed, ({ family, prefix, start }) => {
        const c = parsedOk(`${refFormat(start, family)}/${prefix}`);
        expect(size(c)).toBe(2n ** BigInt(REF_BITS[family] - prefix));
      }),
      { numRuns: 500 },
    );
  });

  it("size equals the number of enumerated addresses for small ranges", () => {
    fc.assert(
      fc.property(ipv4Value, fc.integer({ min: 20, max: 32 }), (value, prefix) => {
        const c = parsedOk(`${refFormat4(refNetwork(value, prefix, 4))}/${prefix}`);
        let count = 0n;
        for (let a = c.start; a <= c.end; a++) count++;
        expect(size(c)).toBe(count);
      }),
      { numRuns: 50 },
    );
  });
});

// Small ranges inside one /20 (4096 addresses) with prefixes 20..32; enumerated into sets.
const BASE4 = 0x0a000000n; // 10.0.0.0
const BASE6 = 0xfd000000000000000000000000000000n; // fd00::
const smallCidr = fc
  .record({
    family: fc.constantFrom<IpFamily>(4, 4, 4, 6),
    offset: fc.integer({ min: 0, max: 4095 }),
    prefix: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 24, max: 32 }) }, { weight: 1, arbitrary: fc.integer({ min: 20, max: 23 }) }),
  })
  .map(({ family, offset, prefix }) => {
    const p = family === 4 ? prefix : prefix + 96; // same shapes in IPv6: /116../128
    const base = family === 4 ? BASE4 : BASE6;
    const start = refNetwork(base + BigInt(offset), p, family);
    return { family, start, prefix: p, text: `${refFormat(start, family)}/${p}` };
  });

/** A second range related to the first: equal, a sub-block at its first or last address, its parent, or its neighbour. */
const relatedPair = smallCidr.chain((x) => {
  const bits = REF_BITS[x.family];
  const build = (start: bigint, prefix: number) => ({ family: x.family, start, prefix, text: `${refFormat(start, x.family)}/${prefix}` });
  const last = refLast(x.start, x.prefix, x.family);
  return fc
    .oneof(
      fc.constant(build(x.start, x.prefix)),
      fc.integer({ min: x.prefix, max: bits }).map((p) => build(x.start, p)),
      fc.integer({ min: x.prefix, max: bits }).map((p) => build(refNetwork(last, p, x.family), p)),
      fc.integer({ min: Math.max(0, x.prefix - 4), max: x.prefix }).map((p) => build(refNetwork(x.start, p, x.family), p)),
      fc.constant(build(last + 1n, x.prefix)),
      fc.constant(build(refNetwork(x.start - 1n, x.prefix, x.family), x.prefix)),
    )
    .chain((y) => fc.boolean().map((swap): [typeof x, typeof x] => (swap ? [y, x] : [x, y])));
});

function enumerate(family: IpFamily, start: bigint, prefix: number): Set<string> {
  const out = new Set<string>();
  const last = refLast(start, prefix, family);
  for (let a = start; a <= last; a++) out.add(`${family}:${a}`);
  return out;
}

describe("cidr: overlaps / contains / containsAddress agree with enumeration", () => {
  it("overlaps iff the address sets intersect; contains iff subset", () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(smallCidr, smallCidr), relatedPair), ([x, y]) => {
        const a = parsedOk(x.text);
        const b = parsedOk(y.text);
        const sa = enumerate(x.family, x.start, x.prefix);
        const sb = enumerate(y.family, y.start, y.prefix);
        const intersect = [...sa].some((v) => sb.has(v));
        const aInB = [...sa].every((v) => sb.has(v));
        const bInA = [...sb].every((v) => sa.has(v));
        expect(overlaps(a, b)).toBe(intersect);
        expect(overlaps(b, a)).toBe(intersect);
        expect(contains(b, a)).toBe(aInB);
        expect(contains(a, b)).toBe(bInA);
      }),
      { numRuns: 600 },
    );
  });

  it("overlapping same-family ranges are nested (laminar)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(smallCidr, smallCidr), relatedPair), ([x, y]) => {
        const a = parsedOk(x.text);
        const b = parsedOk(y.text);
        if (overlaps(a, b)) expect(contains(a, b) || contains(b, a)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("containsAddress iff the address is in the enumerated set", () => {
    fc.assert(
      fc.property(
        smallCidr,
        fc.constantFrom<IpFamily>(4, 6),
        fc.integer({ min: 0, max: 4095 }),
        (x, family, offset) => {
          const c = parsedOk(x.text);
          const value = (family === 4 ? BASE4 : BASE6) + BigInt(offset);
          const set = enumerate(x.family, x.start, x.prefix);
          expect(containsAddress(c, family, value)).toBe(set.has(`${family}:${value}`));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("same numbers in different families never overlap or contain", () => {
    fc.assert(
      fc.property(ipv4Value, fc.integer({ min: 0, max: 32 }), (value, prefix) => {
        const start = refNetwork(value, prefix, 4);
        const v4 = parsedOk(`${refFormat4(start)}/${prefix}`);
        const v6 = cidrFrom(6, start, prefix + 96); // numerically the same addresses
        expect(v6.start).toBe(v4.start);
        expect(v6.end).toBe(v4.end);
        expect(overlaps(v4, v6)).toBe(false);
        expect(contains(v4, v6)).toBe(false);
        expect(contains(v6, v4)).toBe(false);
        expect(containsAddress(v4, 6, start)).toBe(false);
        expect(containsAddress(v6, 4, start)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

describe("cidr: fixed examples", () => {
  it("10.244.1.0/16 is refused with suggestion 10.244.0.0/16", () => {
    const r = parseCidr("10.244.1.0/16");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.suggestion).toBe("10.244.0.0/16");
  });

  it("fd00::1/64 is refused with suggestion fd00::/64", () => {
    const r = parseCidr("fd00::1/64");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.suggestion).toBe("fd00::/64");
  });

  it.each([
    "010.0.0.0/8",
    "10.0.0.0/33",
    "0.0.0.0/33",
    "::/129",
    "10.0.0.0/08",
    "10.0.0/8",
    "256.0.0.0/8",
    "10.0.0.0",
    "10.0.0.0/8/8",
    " 10.0.0.0/8",
    "10.0.0.0/-1",
    "10.0.0.0/",
    "fd00::/129",
    "fd00::/",
    "1::2::3/64",
    "12345::/16",
    "",
  ])("%j is refused", (text) => {
    expect(parseCidr(text).ok).toBe(false);
  });

  it.each([
    ["fd12:3456:789a::/64", "fd12:3456:789a::/64"],
    ["FD12:3456:789A:0000::/64", "fd12:3456:789a::/64"],
    ["fd12:3456:789a:0:0:0:0:0/64", "fd12:3456:789a::/64"],
    ["fd12:3456:789a:1::/108", "fd12:3456:789a:1::/108"],
    ["2001:0db8:0000:0000:0001:0000:0000:0001/128", "2001:db8::1:0:0:1/128"],
    ["2001:db8:0:1:1:1:1:1/128", "2001:db8:0:1:1:1:1:1/128"],
    ["2001:0:0:1:0:0:0:1/128", "2001:0:0:1::1/128"],
    ["1:0:0:2:0:0:3:4/128", "1::2:0:0:3:4/128"],
    ["::/0", "::/0"],
    ["0:0:0:0:0:0:0:1/128", "::1/128"],
    ["1:0:0:0:0:0:0:0/128", "1::/128"],
    ["10.244.0.0/16", "10.244.0.0/16"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["255.255.255.255/32", "255.255.255.255/32"],
  ])("%s has canonical text %s", (input, canonical) => {
    expect(parsedOk(input).text).toBe(canonical);
  });

  it("fd12:3456:789a::/64 has the expected range", () => {
    const c = parsedOk("fd12:3456:789a::/64");
    expect(c.family).toBe(6);
    expect(c.start).toBe(0xfd123456789a00000000000000000000n);
    expect(c.end).toBe(0xfd123456789a0000ffffffffffffffffn);
    expect(size(c)).toBe(1n << 64n);
  });
});
