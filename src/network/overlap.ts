/**
 * Overlaps among many ranges by sort and sweep, never all pairs.
 *
 * CIDR blocks are aligned, so two of them are either disjoint or one contains the other. Sorted
 * by start (and, on a tie, larger first), a stack of the ranges that contain the current one is
 * all the state a sweep needs: everything still on the stack after popping the ranges that end
 * before the current one starts contains it. The stack is at most 129 deep (one per prefix
 * length), so n ranges cost O(n log n) to sort and O(n + overlapping pairs) to sweep.
 */
import type { Cidr } from "./cidr.js";

export interface Tagged<K extends string> {
  kind: K;
  name: string;
  cidr: Cidr;
}

export interface OverlapPair<T extends Tagged<string>> {
  /** The larger range (it contains `inner`, or they are equal). */
  outer: T;
  inner: T;
}

function compare(a: Cidr, b: Cidr): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  if (a.end !== b.end) return a.end > b.end ? -1 : 1;
  return 0;
}

/**
 * Every overlapping pair whose kinds `wanted` accepts (called with the pair in either order, so
 * it may be asymmetric in meaning but is asked both ways).
 */
export function overlappingPairs<T extends Tagged<string>>(
  ranges: readonly T[],
  wanted: (a: T["kind"], b: T["kind"]) => boolean,
): OverlapPair<T>[] {
  const sorted = [...ranges].sort((a, b) => compare(a.cidr, b.cidr));
  const pairs: OverlapPair<T>[] = [];
  const stack: T[] = [];
  for (const current of sorted) {
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as T;
      if (top.cidr.family === current.cidr.family && top.cidr.end >= current.cidr.start) break;
      stack.pop();
    }
    for (const outer of stack) {
      if (wanted(outer.kind, current.kind) || wanted(current.kind, outer.kind)) pairs.push({ outer, inner: current });
    }
    stack.push(current);
  }
  return pairs;
}

/** Merges ranges into the sorted, disjoint union of the addresses they cover (per family). */
export function union(cidrs: readonly Cidr[]): { family: 4 | 6; start: bigint; end: bigint }[] {
  const sorted = [...cidrs].sort(compare);
  const merged: { family: 4 | 6; start: bigint; end: bigint }[] = [];
  for (const c of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.family === c.family && c.start <= last.end + 1n) {
      if (c.end > last.end) last.end = c.end;
    } else {
      merged.push({ family: c.family, start: c.start, end: c.end });
    }
  }
  return merged;
}
