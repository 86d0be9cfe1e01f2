/**
 * The terminal view of a fleet scan: what a platform team reads in five seconds (scope, time,
 * completeness, counts, days to the kubenet retirement, the top blockers with their fix), then one
 * row per cluster, most urgent first. Rendered from the fleet document alone: no I/O, no clock.
 *
 * Linear in the number of clusters (a company can have thousands; the tests render 200,000): one
 * pass to measure, one to bucket, one to print; nothing is spread into a call.
 */
import { type BlockerFix, blockerFixes, fixWithOthers } from "./fleetFixes.js";
import { longDate, scanTime } from "./fleetDates.js";
import { formatCount, listValues, plural } from "../network/findings.js";
import { KUBENET_RETIREMENT, type FleetClass, type FleetCluster, type FleetDocument } from "../plan/fleet.js";
import { type Style, visibleWidth } from "./style.js";

/** Below this the columns cannot fit; narrower terminals get lines that wrap. */
const MIN_WIDTH = 60;
/** "azureLegacy"; a longer (future) class is cut. */
const CLASS_WIDTH_MAX = 11;
/** "1.30.100"; a longer version is cut. */
const VERSION_WIDTH_MAX = 8;
/** How many of the summary's top blockers the view lists (the JSON document has them all). */
const TOP_BLOCKERS_SHOWN = 5;
/** How many of the scan's problems the view lists at the top. */
const PROBLEMS_SHOWN = 10;

/** A control character (C0, DEL, C1) or a line or paragraph separator: never sent to the terminal. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A document value made safe for the terminal: control characters as \uXXXX escapes. */
function clean(text: string): string {
  return text.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Cut to `width` visible characters, ending with an ellipsis when cut. */
function fit(text: string, width: number): string {
  if (text.length <= width) return text;
  const points = [...text];
  if (points.length <= width) return text;
  return `${points.slice(0, Math.max(0, width - 1)).join("")}…`;
}

/**
 * Cut to `width` in the middle, keeping the end: names in an estate share their start
 * (aks-platform-dev-00012, aks-platform-dev-00013) and differ at the end.
 */
function fitMiddle(text: string, width: number): string {
  const points = [...text];
  if (points.length <= width) return text;
  if (width < 8) return fit(text, width);
  const tail = Math.max(5, Math.floor((width - 1) * 0.45));
  return `${points.slice(0, width - 1 - tail).join("")}…${points.slice(points.length - tail).join("")}`;
}

/** Wraps at spaces; a word longer than a line (an id, a URL) is cut, so that no line exceeds `width`. */
function wrapText(text: string, width: number, indent: string): string[] {
  const room = Math.max(10, width - visibleWidth(indent));
  const lines: string[] = [];
  let line = "";
  let length = 0;
  const flush = (): void => {
    if (length > 0) lines.push(indent + line);
    line = "";
    length = 0;
  };
  for (const word of text.split(" ")) {
    if (word === "") continue;
    const points = [...word];
    if (length > 0 && length + 1 + points.length <= room) {
      line += ` ${word}`;
      length += 1 + points.length;
      continue;
    }
    flush();
    for (let i = 0; i < points.length; i += room) {
      if (i > 0) flush();
      line = points.slice(i, i + room).join("");
      length = Math.min(room, points.length - i);
    }
  }
  flush();
  return lines;
}

/**
 * The row groups, in the order printed, most urgent first:
 * - kubenet, blocked: kubenet retires on 31 March 2028 and these need work before they can move
 *   (a Kubernetes upgrade, a user-assigned identity, ...): the longest lead time, so first.
 * - kubenet, ready: can move now; only scheduling stands between them and the deadline.
 * - unknown: the scan could not tell the network; it may be kubenet, so find out next.
 * - legacy Azure CNI, blocked then ready: no retirement date, but the same move (with a new pod
 *   CIDR), and it gives the VNet back the addresses its pods hold.
 * - pod subnet and none (bring your own CNI): no in-place path; a new cluster, planned apart.
 * - overlay: done; last, so that finished clusters never push the work off the screen.
 * Within a group the document's order is kept (the scan's order: stable, and linear to produce).
 */
const GROUPS = [
  { key: "kubenet-blocked", title: "kubenet, blocked: fix these first" },
  { key: "kubenet-ready", title: "kubenet, ready: can move to overlay now" },
  { key: "unknown", title: "unknown network: could be kubenet, look at these" },
  { key: "azureLegacy-blocked", title: "legacy Azure CNI, blocked" },
  { key: "azureLegacy-ready", title: "legacy Azure CNI, ready: a pod CIDR is proposed" },
  { key: "podSubnet", title: "pod subnet (dynamic IP allocation): no in-place path" },
  { key: "none", title: "network plugin none (own CNI): no in-place path" },
  { key: "overlay", title: "Azure CNI Overlay already" },
] as const;

/** The class order of the counts, the same as the rows'. */
const CLASS_ORDER: readonly FleetClass[] = ["kubenet", "unknown", "azureLegacy", "podSubnet", "none", "overlay"];

const CLASS_NOTE: Record<FleetClass, string> = {
  kubenet: "retires 31 March 2028",
  unknown: "network not recognised",
  azureLegacy: "legacy Azure CNI",
  podSubnet: "no in-place path",
  none: "own CNI: no in-place path",
  overlay: "done",
};

function groupOf(c: FleetCluster): number {
  switch (c.class) {
    case "kubenet":
      return c.ready ? 1 : 0;
    case "azureLegacy":
      return c.ready ? 4 : 3;
    case "podSubnet":
      return 5;
    case "none":
      return 6;
    case "overlay":
      return 7;
    default:
      // "unknown", and any class a newer document may add.
      return 2;
  }
}

/** ✓ ready, ✗ blocked, = on overlay already, ? neither (unknown, no blocker reported). */
function mark(c: FleetCluster, style: Style): string {
  if (c.class === "overlay") return style.ok("=");
  if (c.ready) return style.ok("✓");
  if (c.blockers.length > 0 || c.class === "kubenet" || c.class === "azureLegacy") return style.error("✗");
  return style.warning("?");
}

/** The line under a row: its first blocker, or the pod CIDR proposed for a legacy CNI cluster. */
function detail(c: FleetCluster): string | undefined {
  const first = c.blockers[0];
  if (first) {
    const more = c.blockers.length > 1 ? ` (+${c.blockers.length - 1} more)` : "";
    return `${first.code}${more}: ${first.message}`;
  }
  if (c.proposedPodCidr) return `proposed pod CIDR ${c.proposedPodCidr}`;
  if (!c.ready && c.class !== "overlay") return "not ready (no blocker reported)";
  return undefined;
}

function shownScanTime(iso: string): string {
  return scanTime(iso) ?? clean(iso);
}

function scopeText(scope: FleetDocument["scope"]): string {
  const parts: string[] = [];
  const subs = scope.subscriptions;
  if (subs.length > 0) parts.push(subs.length <= 2 ? `subscription${subs.length === 1 ? "" : "s"} ${listValues(subs.map(clean))}` : plural(subs.length, "subscription"));
  const groups = scope.managementGroups;
  if (groups.length > 0) parts.push(`management group${groups.length === 1 ? "" : "s"} ${listValues(groups.map(clean), 3)}`);
  return parts.length > 0 ? parts.join(" and ") : "every subscription the caller can read";
}

/** The retirement line, and its colour: red past the date or within half a year of it. */
function retirementLine(days: number, kubenet: number, kubenetBlocked: number, style: Style): [string, (s: string) => string] {
  const when = longDate(KUBENET_RETIREMENT);
  if (kubenet === 0) return [`✓ No cluster uses kubenet (it retires on ${when}).`, style.ok];
  const count = `${plural(kubenet, "cluster")} still on kubenet, ${formatCount(kubenetBlocked)} of them blocked`;
  if (days < 0) return [`✗ Kubenet retired on ${when}, ${plural(-days, "day")} before this scan: ${count}.`, (t) => style.error(style.bold(t))];
  const left = days === 0 ? "on the day of this scan" : `in ${plural(days, "day")} (from this scan)`;
  return [`Kubenet retires on ${when}, ${left}: ${count}.`, days < 180 ? style.error : style.warning];
}

interface Measured {
  groups: FleetCluster[][];
  /** Per class: clusters, ready, blocked (counted from the rows). */
  perClass: Map<string, { ready: number; blocked: number }>;
  /** A fix for each blocker code: the first hint seen (else the first message, as what is wrong). */
  fixes: Map<string, BlockerFix>;
  nameWidth: number;
  groupWidth: number;
  classWidth: number;
  versionWidth: number;
  nodesWidth: number;
}

/** One pass over the clusters: the groups, the counts, the fixes and each column's natural width. */
function measure(clusters: readonly FleetCluster[]): Measured {
  const groups: FleetCluster[][] = GROUPS.map(() => []);
  const perClass = new Map<string, { ready: number; blocked: number }>();
  let nameWidth = "CLUSTER".length;
  let groupWidth = "RESOURCE GROUP".length;
  let classWidth = "CLASS".length;
  let versionWidth = "K8S".length;
  let nodesWidth = "NODES".length;
  for (const c of clusters) {
    groups[groupOf(c)]?.push(c);
    const counts = perClass.get(c.class) ?? { ready: 0, blocked: 0 };
    if (c.ready) counts.ready++;
    else if (c.class !== "overlay" && c.class !== "unknown") counts.blocked++;
    perClass.set(c.class, counts);
    nameWidth = Math.max(nameWidth, c.name.length);
    groupWidth = Math.max(groupWidth, c.resourceGroup.length);
    classWidth = Math.min(CLASS_WIDTH_MAX, Math.max(classWidth, c.class.length));
    versionWidth = Math.min(VERSION_WIDTH_MAX, Math.max(versionWidth, (c.kubernetesVersion ?? "?").length));
    nodesWidth = Math.max(nodesWidth, formatCount(c.nodes).length);
  }
  return { groups, perClass, fixes: blockerFixes(clusters), nameWidth, groupWidth, classWidth, versionWidth, nodesWidth };
}

function summaryLines(doc: FleetDocument, m: Measured, width: number, style: Style): string[] {
  const s = doc.summary;
  const lines: string[] = [];
  lines.push(style.bold(`AKS fleet: ${plural(s.clusters, "cluster")}`) + style.dim(` · scanned ${shownScanTime(doc.scannedAt)}`));
  for (const l of wrapText(`Scope: ${scopeText(doc.scope)}`, width, "  ")) lines.push(style.dim(l));
  if (!doc.complete) {
    lines.push("");
    for (const l of wrapText("✗ INCOMPLETE SCAN: not every cluster could be read; counts are lower bounds.", width, "")) lines.push(style.error(style.bold(l)));
    const problems = doc.problems.length > 0 ? doc.problems : ["(the scan gave no reason)"];
    for (const p of problems.slice(0, PROBLEMS_SHOWN)) {
      const [first, ...rest] = wrapText(clean(p), width, "    ");
      if (first !== undefined) lines.push(style.error(`  - ${first.slice(4)}`));
      for (const l of rest) lines.push(style.error(l));
    }
    if (problems.length > PROBLEMS_SHOWN) lines.push(style.error(`  ...and ${formatCount(problems.length - PROBLEMS_SHOWN)} more problems (-o json lists them all)`));
  }
  lines.push("");
  const kubenet = m.perClass.get("kubenet");
  const [retirement, color] =
    s.clusters === 0
      ? ([`No AKS cluster in scope: check the subscriptions and management groups, and that you can read them (Reader); Resource Graph shows only what you can read.`, style.warning] as const)
      : !doc.complete && (s.byClass.kubenet ?? 0) === 0
        ? ([`No cluster read uses kubenet, but the scan is incomplete: some may.`, style.warning] as const)
        : retirementLine(s.daysToKubenetRetirement, s.byClass.kubenet ?? 0, kubenet?.blocked ?? 0, style);
  for (const l of wrapText(retirement, width, "")) lines.push(color(l));
  lines.push(
    `${style.ok(style.bold(`Ready now: ${formatCount(s.ready)}`))}  ·  ${s.blocked > 0 ? style.error(style.bold(`Blocked: ${formatCount(s.blocked)}`)) : style.bold("Blocked: 0")}  ·  ${style.bold(`On overlay: ${formatCount(s.byClass.overlay ?? 0)}`)}`,
  );

  lines.push("", style.bold("Clusters by network"));
  const countWidth = Math.max(...CLASS_ORDER.map((k) => formatCount(s.byClass[k] ?? 0).length));
  for (const cls of CLASS_ORDER) {
    const n = s.byClass[cls] ?? 0;
    const counts = m.perClass.get(cls);
    let split = "";
    if (n > 0 && counts && (cls === "kubenet" || cls === "azureLegacy")) {
      split = `  ${counts.ready > 0 ? style.ok(`${formatCount(counts.ready)} ready`) : "0 ready"}, ${counts.blocked > 0 ? style.error(`${formatCount(counts.blocked)} blocked`) : "0 blocked"}`;
    }
    const row = `  ${cls.padEnd(11)}  ${formatCount(n).padStart(countWidth)}`;
    // The note beside the row when it fits, else under it.
    const note = `(${CLASS_NOTE[cls]})`;
    const head = (n === 0 ? style.dim(row) : row) + split;
    if (visibleWidth(head) + 2 + note.length <= width) lines.push(`${head}${style.dim(`  ${note}`)}`);
    else lines.push(head, style.dim(`    ${note}`));
  }

  if (s.topBlockers.length > 0) {
    lines.push("", style.bold("Top blockers") + style.dim(" (clusters blocked, code, fix)"));
    const shown = s.topBlockers.slice(0, TOP_BLOCKERS_SHOWN);
    const numberWidth = Math.max(...shown.map((b) => formatCount(b.clusters).length));
    const indent = " ".repeat(2 + numberWidth + 2);
    for (const b of shown) {
      lines.push(`  ${style.error(formatCount(b.clusters).padStart(numberWidth))}  ${style.bold(fit(clean(b.code), width - indent.length))}`);
      const fix = m.fixes.get(b.code);
      if (fix !== undefined) {
        const text = fix.hint ? `→ ${fixWithOthers(fix)}` : fix.text;
        for (const l of wrapText(clean(text), width, indent)) lines.push(style.dim(l));
      }
    }
    if (s.topBlockers.length > shown.length) lines.push(style.dim(`  ...and ${plural(s.topBlockers.length - shown.length, "more blocker code")} (-o json lists them all)`));
  }
  return lines;
}

function clusterLines(m: Measured, width: number, style: Style, out: string[]): void {
  // "  ✓ " then NAME  GROUP  SUB       CLASS  K8S  NODES: all but NAME and GROUP are fixed.
  // A narrow terminal drops the subscription column first (names matter more), and so does a
  // fleet in one subscription (the column would say nothing). Eight characters of the id tell the
  // subscriptions apart: its start (as the portal and az show it), else its end when the starts
  // are alike (ids a tenant numbered in sequence).
  const subs = [...new Set(m.groups.flat().map((c) => c.subscriptionId.toLowerCase()))];
  const distinct = (part: (id: string) => string): boolean => new Set(subs.map(part)).size === subs.length;
  const byEnd = !distinct((id) => id.slice(0, 8)) && distinct((id) => id.slice(-8));
  const subWidth = width >= 72 && subs.length > 1 ? 8 : 0;
  const fixed = 4 + 2 + 2 + (subWidth > 0 ? subWidth + 2 : 0) + m.classWidth + 2 + m.versionWidth + 2 + m.nodesWidth;
  const room = Math.max(16, width - fixed);
  let nameWidth = m.nameWidth;
  let groupWidth = m.groupWidth;
  if (nameWidth + groupWidth > room) {
    // Share the room, the name first (it is what people search for); the group gets at least 8.
    groupWidth = Math.min(groupWidth, Math.max(8, room - nameWidth, Math.floor(room * 0.4)));
    nameWidth = room - groupWidth;
  }
  const header = ["CLUSTER", nameWidth, "RESOURCE GROUP", groupWidth, ...(subWidth > 0 ? (["SUB", subWidth] as const) : []), "CLASS", m.classWidth, "K8S", m.versionWidth] as const;
  let head = "    ";
  for (let i = 0; i < header.length; i += 2) head += `${fit(header[i] as string, header[i + 1] as number).padEnd(header[i + 1] as number)}  `;
  out.push("", style.bold("Clusters"), style.dim(fit(`  ✓ ready  ✗ blocked  = on overlay  ? unknown${subWidth > 0 ? `  ·  SUB: subscription id ${byEnd ? "end" : "start"}` : ""}`, width)));
  out.push(style.dim(`${head}${"NODES".padStart(m.nodesWidth)}`));
  const detailIndent = "      ";
  GROUPS.forEach((group, g) => {
    const rows = m.groups[g] ?? [];
    if (rows.length === 0) return;
    out.push("", style.bold(fit(`${group.title} (${formatCount(rows.length)})`, width)));
    for (const c of rows) {
      const name = padVisible(fitMiddle(clean(c.name), nameWidth), nameWidth);
      const rg = padVisible(fitMiddle(clean(c.resourceGroup), groupWidth), groupWidth);
      // The id's start (or end), as the Azure portal and az show it: no ellipsis, a part by design.
      const id = [...clean(c.subscriptionId)];
      const sub = padVisible((byEnd ? id.slice(-subWidth) : id.slice(0, subWidth)).join(""), subWidth);
      const cls = padVisible(fit(clean(c.class), m.classWidth), m.classWidth);
      const version = padVisible(fit(clean(c.kubernetesVersion ?? "?"), m.versionWidth), m.versionWidth);
      const nodes = formatCount(c.nodes).padStart(m.nodesWidth);
      out.push(`  ${mark(c, style)} ${name}  ${style.dim(rg)}  ${subWidth > 0 ? `${style.dim(sub)}  ` : ""}${cls}  ${version}  ${nodes}`);
      const more = detail(c);
      if (more !== undefined) out.push(style.dim(detailIndent + fit(clean(more), width - detailIndent.length)));
    }
  });
}

/** Pads plain text to a visible width (padEnd counts UTF-16 units: an astral character is two). */
function padVisible(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - visibleWidth(text)));
}

/** The terminal summary of a fleet scan: at most `width` columns (at least 60), coloured only through `style`. */
export function renderFleet(doc: FleetDocument, width: number, style: Style): string {
  const w = Math.max(MIN_WIDTH, Math.floor(width));
  const m = measure(doc.clusters);
  const lines = summaryLines(doc, m, w, style);
  if (doc.clusters.length > 0) clusterLines(m, w, style, lines);
  const s = doc.summary;
  lines.push("");
  const total = `${plural(s.clusters, "cluster")}: ${formatCount(s.ready)} ready, ${formatCount(s.blocked)} blocked, ${formatCount(s.byClass.overlay ?? 0)} on overlay.`;
  lines.push(style.bold(total));
  // Repeated at the end: with thousands of rows the warning at the top has scrolled away.
  if (!doc.complete) lines.push(style.error(style.bold(`✗ INCOMPLETE SCAN: ${plural(doc.problems.length, "problem")} (listed at the top); counts are lower bounds.`)));
  return `${lines.join("\n")}\n`;
}
