/**
 * Where an overlay cluster's IPv4 pod CIDR can grow. Expansion only takes a larger contiguous
 * superset of the current range (no shrink, no move, no second block; Linux, IPv4 only:
 * azure-cni-overlay-pod-expand.md, "Limitations", MicrosoftDocs/azure-aks-docs, revision of
 * 2026-05-13), so the candidates are the current range's own network address under shorter
 * prefixes: /N-1, /N-2, ... up to the private block the range lies in. Pure.
 *
 * Supersets nest, so once one overlaps a range to avoid, every larger one does too: the
 * conflict-free supersets are /N-1 down to one limit, which each range to avoid bounds with
 * bit arithmetic on its start address (no enumeration of addresses or blocks). A /8 and 10,000
 * ranges to avoid cost one pass.
 */
import { BITS, type Cidr, cidrFrom, contains, networkAddress, overlaps, parseCidr } from "./cidr.js";
import { nodeBlocks } from "./capacity.js";
import { AKS_RESERVED_RANGES, HEADROOM_WARNING_RATIO, SUPPORTED_POD_RANGES } from "./facts.js";
import { formatCount, plural } from "./findings.js";

export interface PodCidrExpansionInput {
  /** The cluster's current IPv4 pod CIDR. */
  current: string;
  /** /24 node blocks the cluster needs at full scale plus upgrade surge. */
  requiredBlocks: number;
  /**
   * Ranges no superset may overlap: the VNet's address spaces and subnets, peered and on-prem
   * ranges, the service CIDR. AKS's reserved ranges are added here (AKS_RESERVED_RANGES); IPv6
   * ranges and text that does not parse are ignored (the address-space rules report those).
   */
  avoid: readonly { name: string; cidr: string }[];
  /** The share of the superset's /24 blocks that must stay free at full scale; default 0.25. */
  headroom?: number;
}

export interface PodCidrExpansionPlan {
  /** The smallest superset that holds `requiredBlocks` with `headroom` of its blocks free and conflicts with nothing. */
  smallest?: string;
  /** The largest superset that conflicts with nothing and stays inside the private block. */
  largest?: string;
  /** Why no superset fits, naming the first conflict; set whenever `smallest` is not. */
  why?: string;
}

/** The private blocks a pod CIDR may lie in: RFC 1918 and RFC 6598 (facts.ts). */
const PRIVATE_BLOCKS: readonly Cidr[] = SUPPORTED_POD_RANGES.map(parsed);
const RESERVED: readonly { name: string; cidr: Cidr }[] = AKS_RESERVED_RANGES.map((text) => ({ name: "the AKS-reserved range", cidr: parsed(text) }));

function parsed(text: string): Cidr {
  const p = parseCidr(text);
  if (!p.ok) throw new Error(`bad built-in range ${text}`);
  return p.value;
}

/** How many leading bits two IPv4 addresses share (32 when equal). */
function commonPrefixLength(a: bigint, b: bigint): number {
  const diff = a ^ b;
  return diff === 0n ? BITS[4] : BITS[4] - diff.toString(2).length;
}

/**
 * The longest prefix at which the superset of `current` overlaps `other`: every superset of
 * that prefix or shorter overlaps it, every longer one does not. BITS (32) when `other`
 * overlaps `current` itself (then every superset does); -1 when no superset ever overlaps it
 * (another family cannot).
 */
export function conflictPrefix(current: Cidr, other: Cidr): number {
  if (other.family !== current.family) return -1;
  if (overlaps(current, other)) return BITS[4];
  // Disjoint aligned blocks: a superset overlaps `other` exactly when it contains it, i.e. when
  // `current` and `other` share its prefix's leading bits. (They share fewer than `other.prefix`
  // bits, or `other` would contain `current`: no other bound is needed.)
  return commonPrefixLength(current.start, other.start);
}

/** The superset of `current` at `prefix`. */
function supersetAt(current: Cidr, prefix: number): Cidr {
  return cidrFrom(4, networkAddress(current.start, prefix, 4), prefix);
}

/** Whether a pod CIDR of `prefix` holds `required` /24 blocks with `headroom` of them free. */
export function holdsWithHeadroom(prefix: number, required: number, headroom: number): boolean {
  const blocks = Number(nodeBlocks({ family: 4, prefix }));
  return blocks > 0 && blocks - required >= blocks * headroom;
}

/** The supersets of `current` that an expansion could take: see the module comment. */
export function planPodCidrExpansion(input: PodCidrExpansionInput): PodCidrExpansionPlan {
  const headroom = input.headroom ?? HEADROOM_WARNING_RATIO;
  const c = parseCidr(input.current);
  if (!c.ok) return { why: `the current pod CIDR ${input.current} ${c.reason}` };
  const current = c.value;
  if (current.family !== 4) return { why: `the current pod CIDR ${current.text} is IPv6: only IPv4 pod CIDRs can be expanded` };
  if (!Number.isFinite(input.requiredBlocks) || input.requiredBlocks < 0) return { why: `required blocks ${input.requiredBlocks} is not a count` };
  if (!Number.isFinite(headroom) || headroom < 0 || headroom >= 1) return { why: `headroom ${headroom} is not a share from 0 up to (not including) 1` };
  const block = PRIVATE_BLOCKS.find((p) => contains(p, current));
  if (!block) return { why: `the current pod CIDR ${current.text} is not inside a private block (${SUPPORTED_POD_RANGES.join(", ")}), so no superset stays in one` };
  if (block.prefix >= current.prefix) return { why: `the current pod CIDR ${current.text} is the whole private block ${block.text}: no superset stays inside it` };

  // The first conflict met while growing: the range with the longest conflict prefix (the first given, on a tie).
  let first: { name: string; cidr: Cidr; prefix: number } | undefined;
  for (const range of [...input.avoid.map((a) => ({ name: a.name, text: a.cidr })), ...RESERVED.map((r) => ({ name: r.name, text: r.cidr.text }))]) {
    const p = parseCidr(range.text);
    if (!p.ok || p.value.family !== 4) continue;
    const prefix = conflictPrefix(current, p.value);
    if (prefix >= 0 && (first === undefined || prefix > first.prefix)) first = { name: range.name, cidr: p.value, prefix };
  }
  // Supersets from /N-1 down to `lowest` (inclusive) conflict with nothing and stay in the block.
  const lowest = Math.max(block.prefix, (first?.prefix ?? -1) + 1);
  const longest = current.prefix - 1;
  const plan: PodCidrExpansionPlan = {};
  if (lowest <= longest) plan.largest = supersetAt(current, lowest).text;
  for (let prefix = longest; prefix >= lowest; prefix--) {
    if (holdsWithHeadroom(prefix, input.requiredBlocks, headroom)) {
      plan.smallest = supersetAt(current, prefix).text;
      return plan;
    }
  }
  plan.why = whyNone(current, block, first, lowest, input.requiredBlocks, headroom);
  return plan;
}

/** Why no superset fits: the first conflict met while growing, or the private block's edge. */
function whyNone(current: Cidr, block: Cidr, first: { name: string; cidr: Cidr; prefix: number } | undefined, lowest: number, required: number, headroom: number): string {
  const stop = lowest - 1;
  const percent = Math.round(headroom * 100);
  const need = `${plural(required, "/24 block")} with ${percent}% of its blocks free`;
  if (first && first.prefix === BITS[4]) return `the current pod CIDR ${current.text} already overlaps ${first.name} (${first.cidr.text}), so every superset does too`;
  const largest = stop < current.prefix - 1 ? `the largest superset that conflicts with nothing, ${supersetAt(current, lowest).text}, holds ${formatCount(Number(nodeBlocks({ family: 4, prefix: lowest })))} /24 blocks, too few for ${need}; ` : "";
  if (first && stop === first.prefix && stop >= block.prefix) {
    return `${largest}${largest ? "the next" : "the smallest"} superset ${supersetAt(current, stop).text} overlaps ${first.name} (${first.cidr.text})`;
  }
  return `${largest}${largest ? "the next superset" : "every superset"} would leave the private block ${block.text}${largest ? "" : ` and none holds ${need}`}`;
}
