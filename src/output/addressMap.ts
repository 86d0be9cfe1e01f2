/**
 * The address map: VNet, node subnets, pod and service CIDRs and peered ranges drawn as bars to
 * scale, one block per neighbourhood of the address space, with overlaps marked.
 *
 * Ranges far apart (10.0.0.0/16 and 192.168.0.0/16) would be invisible specks on one axis, so
 * the map splits the space into groups: ranges that overlap or lie close (the gap no more than
 * four times the larger side) share an axis. Groups holding only peered ranges are summarised.
 */
import { type Cidr, type IpFamily, formatIp, overlaps, parseCidr } from "../network/cidr.js";
import { RANGE_KINDS, type RangeKind, kindsConflict } from "../network/conflicts.js";
import { AKS_RESERVED_RANGES } from "../network/facts.js";
import { formatCount } from "../network/findings.js";
import { overlappingPairs, union } from "../network/overlap.js";
import type { ValidationDocument } from "../plan/documents.js";
import { type Style, append, columns, padEnd, visibleWidth } from "./style.js";

type Kind = RangeKind;
interface Entry {
  kind: Kind;
  label: string;
  cidr: Cidr;
}

const KIND_ORDER: readonly Kind[] = RANGE_KINDS;
const KIND_LABEL: Record<Kind, string> = {
  vnet: "VNet",
  subnet: "subnet",
  pod: "pods",
  service: "services",
  peered: "peered",
  reserved: "reserved",
};
const MAX_PEERED_ROWS = 6;

function parsed(text: string): Cidr | undefined {
  const p = parseCidr(text);
  return p.ok ? p.value : undefined;
}

function entriesOf(doc: ValidationDocument): Entry[] {
  const d = doc.design;
  const entries: Entry[] = [];
  const add = (kind: Kind, label: string, text: string): void => {
    const cidr = parsed(text);
    if (cidr) entries.push({ kind, label, cidr });
  };
  for (const v of d.network.vnetCidrs) add("vnet", d.network.vnet ?? "VNet", v);
  for (const s of d.network.subnets) add("subnet", s.name === s.cidr ? "node subnet" : s.name, s.cidr);
  for (const p of d.podCidrs) add("pod", "pod CIDR", p);
  for (const s of d.serviceCidrs) add("service", "service CIDR", s);
  for (const p of d.network.peeredCidrs) add("peered", "peered", p);
  const reserved = AKS_RESERVED_RANGES.flatMap((t) => parsed(t) ?? []);
  for (const r of reserved) {
    if (entries.some((e) => e.kind !== "peered" && overlaps(e.cidr, r))) entries.push({ kind: "reserved", label: "AKS reserved", cidr: r });
  }
  return entries;
}

interface Group {
  start: bigint;
  end: bigint;
  entries: Entry[];
}

/**
 * Groups the cluster's own ranges (VNet, subnets, pods, services, reserved) into neighbourhoods;
 * peered ranges join the groups they overlap, drawn clipped to the group's span.
 */
function groupsOf(entries: Entry[]): Group[] {
  const own = entries.filter((e) => e.kind !== "peered");
  const spans = union(own.map((e) => e.cidr)).map((u) => ({ start: u.start, end: u.end }));
  // Merge neighbours that are close compared with their size.
  const merged: { start: bigint; end: bigint }[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last) {
      const gap = span.start - last.end - 1n;
      const lastSize = last.end - last.start + 1n;
      const size = span.end - span.start + 1n;
      const larger = lastSize > size ? lastSize : size;
      if (gap <= larger * 4n) {
        last.end = span.end;
        continue;
      }
    }
    merged.push({ ...span });
  }
  return merged.map((m) => ({ ...m, entries: entries.filter((e) => e.cidr.start <= m.end && e.cidr.end >= m.start) }));
}

/** Each entry's conflicting overlaps, from one sort-and-sweep (never all pairs). */
function conflictMap(entries: Entry[]): Map<Entry, Entry[]> {
  const tagged = entries.map((e) => ({ kind: e.kind, name: e.label, cidr: e.cidr, entry: e }));
  const map = new Map<Entry, Entry[]>();
  const add = (a: Entry, b: Entry): void => {
    const list = map.get(a) ?? [];
    list.push(b);
    map.set(a, list);
  };
  for (const pair of overlappingPairs(tagged, kindsConflict)) {
    // The table is symmetric: each range of a conflicting pair is marked with the other.
    add(pair.outer.entry, pair.inner.entry);
    add(pair.inner.entry, pair.outer.entry);
  }
  return map;
}

export function renderAddressMap(doc: ValidationDocument, width: number, style: Style): string[] {
  const all = entriesOf(doc);
  const lines: string[] = [];
  for (const family of [4, 6] as IpFamily[]) {
    const entries = all.filter((e) => e.cidr.family === family);
    if (!entries.some((e) => e.kind !== "peered")) continue;
    const shown = groupsOf(entries);
    const inGroups = new Set(shown.flatMap((g) => g.entries));
    const hiddenPeered = entries.filter((e) => e.kind === "peered" && !inGroups.has(e)).length;
    lines.push("", style.bold(`Address map (IPv${family})`));
    const conflicts = conflictMap(entries);
    const layout = layoutFor(entries, width, conflicts);
    const conflicting = (e: Entry): Entry[] => conflicts.get(e) ?? [];
    for (const group of shown) append(lines, renderGroup(group, conflicting, family, layout, style));
    if (hiddenPeered > 0) {
      lines.push(style.dim(`  ${formatCount(hiddenPeered)} more peered range${hiddenPeered === 1 ? "" : "s"} elsewhere, clear of the cluster's ranges`));
    }
  }
  return lines;
}

interface Layout {
  width: number;
  labelWidth: number;
  cidrWidth: number;
  barWidth: number;
}

function rowLabel(entry: Entry): string {
  if (entry.kind === "vnet") return entry.label === "VNet" ? "VNet" : `VNet ${entry.label}`;
  if (entry.kind === "subnet") return entry.label === "node subnet" ? "node subnet" : `subnet ${entry.label}`;
  return KIND_LABEL[entry.kind];
}

/** What a row says of the ranges it overlaps ("✗ overlaps pods, services"), or "". */
function overlapMarker(others: readonly Entry[]): string {
  return others.length === 0 ? "" : `✗ overlaps ${[...new Set(others.map((o) => (o.kind === "peered" ? "peered" : KIND_LABEL[o.kind])))].join(", ")}`;
}

/** One layout for every group of a family, so their bars line up; the bar takes what the rest leaves of the width. */
function layoutFor(entries: Entry[], width: number, conflicts: Map<Entry, Entry[]>): Layout {
  // Folds, never spreads: a design may hold 200,000 peered ranges.
  const labelWidth = Math.min(24, entries.reduce((most, e) => Math.max(most, rowLabel(e).length), 12));
  const cidrWidth = entries.reduce((most, e) => (e.kind !== "peered" || entries.length < 50 ? Math.max(most, e.cidr.text.length) : most), 14);
  let markerWidth = 0;
  for (const others of conflicts.values()) markerWidth = Math.max(markerWidth, overlapMarker(others).length);
  // Indent 4, three gaps of 2, and the marker column (room kept for one even when none is shown).
  const rest = 4 + labelWidth + 2 + cidrWidth + 2 + 2 + Math.max(markerWidth, 16);
  const barWidth = Math.max(16, Math.min(64, width - rest));
  return { width, labelWidth, cidrWidth, barWidth };
}

function renderGroup(group: Group, conflicting: (e: Entry) => Entry[], family: IpFamily, layout: Layout, style: Style): string[] {
  const span = group.end - group.start + 1n;
  const rows: { entry: Entry; label: string; cidrText: string }[] = [];
  const sorted = [...group.entries].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.cidr.start < b.cidr.start ? -1 : a.cidr.start > b.cidr.start ? 1 : 0),
  );
  const peered = sorted.filter((e) => e.kind === "peered");
  const collapsePeered = peered.length > MAX_PEERED_ROWS;
  for (const entry of sorted) {
    if (entry.kind === "peered" && collapsePeered) continue;
    rows.push({ entry, label: rowLabel(entry), cidrText: entry.cidr.text });
  }
  const { labelWidth, cidrWidth, barWidth } = layout;
  const column = (address: bigint): number => Number(((address - group.start) * BigInt(barWidth)) / span);

  const bar = (ranges: { start: bigint; end: bigint }[], conflicts: { start: bigint; end: bigint }[]): string => {
    const cells = new Array<string>(barWidth).fill("·");
    const paint = (range: { start: bigint; end: bigint }, ch: string): void => {
      const r = { start: range.start < group.start ? group.start : range.start, end: range.end > group.end ? group.end : range.end };
      const from = Math.min(barWidth - 1, column(r.start));
      const to = Math.max(from, Math.min(barWidth - 1, column(r.end + 1n) - 1));
      for (let i = from; i <= to; i++) cells[i] = ch;
    };
    for (const r of ranges) paint(r, "█");
    for (const c of conflicts) paint(c, "×");
    return cells.map((ch) => (ch === "×" ? style.error(ch) : ch === "█" ? ch : style.dim(ch))).join("");
  };
  const clip = (a: Cidr, b: Cidr): { start: bigint; end: bigint } => ({
    start: a.start > b.start ? a.start : b.start,
    end: a.end < b.end ? a.end : b.end,
  });

  const table: string[][] = [];
  for (const row of rows) {
    const others = conflicting(row.entry);
    const marker = others.length === 0 ? "" : style.error(overlapMarker(others));
    const label = row.label.length > labelWidth ? `${row.label.slice(0, labelWidth - 1)}…` : row.label;
    table.push([padEnd(label, labelWidth), padEnd(row.cidrText, cidrWidth), bar([row.entry.cidr], others.map((o) => clip(row.entry.cidr, o.cidr))), marker]);
  }
  if (collapsePeered) {
    const ranges = union(peered.map((p) => p.cidr));
    const clashing = peered.filter((p) => conflicting(p).length > 0);
    const conflictRanges = clashing.flatMap((p) => conflicting(p).map((o) => clip(p.cidr, o.cidr)));
    table.push([
      padEnd("peered", labelWidth),
      padEnd(`${formatCount(peered.length)} ranges`, cidrWidth),
      bar(ranges, conflictRanges),
      clashing.length > 0 ? style.error(`✗ ${formatCount(clashing.length)} overlap${clashing.length === 1 ? "s" : ""} the cluster`) : "",
    ]);
  }
  const range = `  ${formatIp(group.start, family)} – ${formatIp(group.end, family)}`;
  const scale = style.dim(`(1 column ≈ ${formatCount(span / BigInt(barWidth) || 1n)} addresses)`);
  const header = visibleWidth(range) + 2 + visibleWidth(scale) <= layout.width ? [`${range}  ${scale}`] : [range, `    ${scale}`];
  return [...header, ...columns(table, "    ", layout.width)];
}
