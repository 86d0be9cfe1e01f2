/**
 * CIDR and IP address parsing: the one place that imports ip-num.
 *
 * Everything else works on {@link Cidr}: a family, a prefix length and the first and last
 * address as bigints. Overlap, containment and capacity are then plain integer arithmetic on
 * prefix lengths, never enumeration.
 */
import { quoted } from "./shown.js";

/** The longest text an IP address can have: an IPv6 address with an IPv4 tail (45 characters). */
const IP_TEXT_MAX = 45;

export type IpFamily = 4 | 6;

export interface Cidr {
  readonly family: IpFamily;
  readonly prefix: number;
  readonly start: bigint;
  readonly end: bigint;
  /** Canonical text: dotted quad for IPv4, RFC 5952 compressed for IPv6. */
  readonly text: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string; suggestion?: string };

export const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

function familyOf(text: string): IpFamily {
  return text.includes(":") ? 6 : 4;
}

/** Parses an IPv4 or IPv6 address into its number, or says why it is not one. */
export function parseIp(text: string): Parsed<{ family: IpFamily; value: bigint }> {
  const family = familyOf(text);
  if (text.trim() !== text || text === "") return { ok: false, reason: "is not an IP address" };
  if (text.length > IP_TEXT_MAX) return { ok: false, reason: `is not an IP address (${text.length} characters; an address has at most ${IP_TEXT_MAX})` };
  if (family === 4) {
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return { ok: false, reason: "is not an IPv4 address (expected four numbers 0-255 separated by dots)" };
    const octets = text.split(".");
    if (octets.some((o) => Number(o) > 255)) return { ok: false, reason: "has an octet greater than 255" };
    if (octets.some((o) => o.length > 1 && o.startsWith("0"))) return { ok: false, reason: "has an octet with a leading zero (ambiguous: octal or decimal?)" };
    return { ok: true, value: { family, value: octets.reduce((n, o) => (n << 8n) | BigInt(Number(o)), 0n) } };
  }
  const value = /^[0-9a-fA-F:.]+$/.test(text) ? ipv6Value(text) : undefined;
  return value === undefined ? { ok: false, reason: "is not an IPv6 address" } : { ok: true, value: { family, value } };
}

/**
 * An IPv6 address's number (RFC 4291 text: eight groups of 1-4 hex digits, one "::" for a run of
 * zero groups, and an optional dotted IPv4 tail for the last two), or undefined. Parsed here rather
 * than with ip-num, whose validators cost more at start-up than the whole check; the property tests
 * hold it to ip-num's answers.
 */
function ipv6Value(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  // The dotted IPv4 tail may only end the whole address.
  const groupsOf = (part: string, endsAddress: boolean): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (endsAddress && i === pieces.length - 1 && piece.includes(".")) {
        const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(piece);
        const octets = v4?.slice(1).map(Number);
        if (!octets || octets.some((o) => o > 255) || v4?.slice(1).some((o) => o.length > 1 && o.startsWith("0"))) return undefined;
        out.push(((octets[0] as number) << 8) | (octets[1] as number), ((octets[2] as number) << 8) | (octets[3] as number));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0] as string, halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1] as string, true) : [];
  if (!head || !tail) return undefined;
  const given = head.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
  const groups = [...head, ...Array<number>(8 - given).fill(0), ...tail];
  return groups.reduce((n, g) => (n << 16n) | BigInt(g), 0n);
}

/**
 * Parses "address/prefix". Host bits must be zero: "10.244.1.0/16" is refused with the network
 * address that was probably meant ("10.244.0.0/16") as the suggestion.
 */
export function parseCidr(text: string): Parsed<Cidr> {
  const slash = text.indexOf("/");
  if (slash < 0 || slash !== text.lastIndexOf("/")) {
    return { ok: false, reason: "is not in CIDR notation (expected address/prefix, e.g. 10.244.0.0/16)" };
  }
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const address = parseIp(addressText);
  if (!address.ok) return { ok: false, reason: `address part ${quoted(addressText)} ${address.reason}` };
  const { family, value } = address.value;
  const bits = BITS[family];
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > bits) {
    return { ok: false, reason: `prefix ${quoted(`/${prefixText}`)} is not a whole number from 0 to ${bits}` };
  }
  const prefix = Number(prefixText);
  const start = networkAddress(value, prefix, family);
  if (start !== value) {
    const meant = cidrFrom(family, start, prefix);
    return { ok: false, reason: `has host bits set (the network address of this range is ${meant.text})`, suggestion: meant.text };
  }
  return { ok: true, value: cidrFrom(family, start, prefix) };
}

export function hostMask(prefix: number, family: IpFamily): bigint {
  return (1n << BigInt(BITS[family] - prefix)) - 1n;
}

export function networkAddress(value: bigint, prefix: number, family: IpFamily): bigint {
  return value & ~hostMask(prefix, family);
}

/** Builds a CIDR from an aligned start address. */
export function cidrFrom(family: IpFamily, start: bigint, prefix: number): Cidr {
  const end = start | hostMask(prefix, family);
  if (family === 4) return { family, prefix, start, end, text: `${formatIp(start, 4)}/${prefix}` };
  // IPv6 text is formatted on first use: of 10,000 peered ranges, few are ever named.
  let text: string | undefined;
  return {
    family,
    prefix,
    start,
    end,
    get text(): string {
      return (text ??= `${formatIp(start, 6)}/${prefix}`);
    },
  };
}

export function size(c: Cidr): bigint {
  return c.end - c.start + 1n;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

/** True when `inner` lies entirely within `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.start <= inner.start && inner.end <= outer.end;
}

export function containsAddress(c: Cidr, family: IpFamily, value: bigint): boolean {
  return c.family === family && c.start <= value && value <= c.end;
}

/** Dotted quad for IPv4; RFC 5952 text for IPv6 (lower case, no leading zeros, the first longest run of two or more zero groups as "::"). */
export function formatIp(value: bigint, family: IpFamily): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join(".");
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(":");
  return best < 0 ? hex(groups) : `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLength))}`;
}

/**
 * A CIDR as it is sent to Azure: its canonical text (an IPv6 range lower-case and compressed,
 * RFC 5952: `FD12:3456:789A:0:0::/64` is `fd12:3456:789a::/64`), or the text as given when it
 * does not parse (the rules have refused it then).
 */
export function canonicalCidr(text: string): string {
  const parsed = parseCidr(text);
  return parsed.ok ? parsed.value.text : text;
}
