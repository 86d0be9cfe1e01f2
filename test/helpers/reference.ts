/** Brute-force references for property tests, independent of src/network/cidr.ts. */
import type { IpFamily } from "../../src/network/cidr.js";

export const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

/** A CIDR by its own interval arithmetic. */
export interface RefRange {
  family: IpFamily;
  start: bigint;
  end: bigint;
  prefix: number;
  text: string;
}

/** The aligned block of `prefix` that holds `value`, by division. */
export function align(value: bigint, prefix: number, family: IpFamily): bigint {
  const block = 2n ** BigInt(BITS[family] - prefix);
  return (value / block) * block;
}

export function makeRange(family: IpFamily, value: bigint, prefix: number): RefRange {
  const start = align(value, prefix, family);
  const end = start + 2n ** BigInt(BITS[family] - prefix) - 1n;
  return { family, start, end, prefix, text: `${family === 4 ? text4(start) : text6(start)}/${prefix}` };
}

/** Dotted quad by repeated division. */
export function text4(v: bigint): string {
  return [3, 2, 1, 0].map((i) => String((v / 256n ** BigInt(i)) % 256n)).join(".");
}

/** Full (uncompressed) IPv6 text: eight groups of four hex digits; parseCidr must accept it. */
export function text6(v: bigint): string {
  const hex = v.toString(16).padStart(32, "0");
  const groups: string[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(hex.slice(i, i + 4));
  return groups.join(":");
}
