/**
 * Finds a free, aligned block of a given size among occupied ranges: used by hints to suggest a
 * pod or service CIDR that overlaps nothing. A single pass over the merged occupied ranges.
 */
import { type Cidr, cidrFrom, parseCidr } from "./cidr.js";
import { RFC1918_RANGES } from "./facts.js";
import { union } from "./overlap.js";

const PRIVATE_SPACES: Cidr[] = RFC1918_RANGES.map((text) => {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`bad built-in range ${text}`);
  return parsed.value;
});

/** The first IPv4 block of `/prefix` inside the RFC 1918 ranges that overlaps none of `occupied`. */
export function findFreeIpv4Block(prefix: number, occupied: readonly Cidr[], spaces: readonly Cidr[] = PRIVATE_SPACES): Cidr | undefined {
  const blockSize = 1n << BigInt(32 - prefix);
  const taken = union(occupied.filter((c) => c.family === 4));
  for (const space of spaces) {
    if (space.prefix > prefix) continue;
    let candidate = space.start;
    for (const range of taken) {
      if (range.end < candidate) continue;
      if (range.start > space.end) break;
      if (candidate + blockSize - 1n < range.start) break;
      // Skip past this range, to the next aligned start.
      candidate = ((range.end + 1n + blockSize - 1n) / blockSize) * blockSize;
    }
    if (candidate + blockSize - 1n <= space.end) return cidrFrom(4, candidate, prefix);
  }
  return undefined;
}
