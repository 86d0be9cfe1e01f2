/**
 * The hand-rolled IP parser and formatter against ip-num, the reference: the same number for every
 * textual form of an address, the same verdict on arbitrary strings of address characters, and the
 * canonical text parsing back to its number.
 */
import fc from "fast-check";
import { IPv4, IPv6 } from "ip-num";
import { describe, expect, it } from "vitest";
import { formatIp, parseIp } from "../../src/network/cidr.js";

const bigint128 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
const groupsOf = (v: bigint): number[] => Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));

/** A textual form of v: full or with a run of zero groups as "::", optional leading zeros, upper case, an IPv4 tail. */
const ipv6Text = fc.tuple(bigint128, fc.boolean(), fc.boolean(), fc.boolean(), fc.nat(7), fc.nat(8)).map(([v, pad, upper, v4tail, start, len]) => {
  const groups = groupsOf(v);
  // Zero a run so that "::" has something to stand for.
  for (let i = start; i < Math.min(8, start + len); i++) groups[i] = 0;
  const value = groups.reduce((n, g) => (n << 16n) | BigInt(g), 0n);
  const hex = (g: number) => (pad ? g.toString(16).padStart(4, "0") : g.toString(16));
  let parts: string[] = groups.map(hex);
  if (v4tail) parts = [...parts.slice(0, 6), `${(groups[6] as number) >> 8}.${(groups[6] as number) & 255}.${(groups[7] as number) >> 8}.${(groups[7] as number) & 255}`];
  let text = parts.join(":");
  if (len >= 2 && start + len <= (v4tail ? 6 : 8)) {
    const before = parts.slice(0, start).join(":");
    const after = parts.slice(start + len).join(":");
    text = `${before}::${after}`;
  }
  return { text: upper ? text.toUpperCase() : text, value };
});

describe("parseIp and formatIp against ip-num", () => {
  it("IPv6: every textual form parses to the number ip-num reads", () => {
    fc.assert(
      fc.property(ipv6Text, ({ text, value }) => {
        const ours = parseIp(text);
        expect(ours.ok && ours.value.value).toBe(value);
        expect(IPv6.fromString(text).value).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it("IPv6: the canonical text parses back, and ip-num reads it as the same number", () => {
    fc.assert(
      fc.property(bigint128, (v) => {
        const text = formatIp(v, 6);
        const ours = parseIp(text);
        expect(ours.ok && ours.value.value).toBe(v);
        expect(IPv6.fromString(text).value).toBe(v);
      }),
      { numRuns: 2000 },
    );
  });

  it("IPv4: every dotted quad parses to ip-num's number", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), (v) => {
        const text = formatIp(v, 4);
        const ours = parseIp(text);
        expect(ours.ok && ours.value.value).toBe(v);
        expect(IPv4.fromString(text).value).toBe(v);
      }),
    );
  });

  it("any string of address characters: what we accept, ip-num accepts as the same number", () => {
    const chars = fc.stringMatching(/^[0-9a-fA-F:.]{1,45}$/);
    fc.assert(
      fc.property(chars, (text) => {
        const ours = parseIp(text);
        if (!ours.ok) return;
        const theirs = text.includes(":") ? IPv6.fromString(text).value : IPv4.fromString(text).value;
        expect(ours.value.value).toBe(theirs);
      }),
      { numRuns: 5000 },
    );
  });

  it("refuses what is not an address", () => {
    for (const bad of [":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "::g", "1.2.3.4::", "::1.2.3", "::256.1.1.1", "::01.2.3.4", "1:2:3:4:5:6:7::8:9"]) {
      expect(parseIp(bad).ok, bad).toBe(false);
    }
    for (const good of ["::", "::1", "1::", "::ffff:10.0.0.1", "fe80::1:2", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6::8", "1::3:4:5:6:7:8"]) {
      expect(parseIp(good).ok, good).toBe(true);
    }
  });
});
