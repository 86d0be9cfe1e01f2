/** Brute-force reference formatting for property tests, independent of src/network/cidr.ts. */

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
