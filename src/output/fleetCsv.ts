/**
 * The fleet scan as CSV for a spreadsheet: one header row, one row per cluster (RFC 4180: CRLF
 * line ends, fields with quotes, commas or line breaks quoted, quotes doubled). A cell that a
 * spreadsheet would take for a formula (it starts with =, +, -, @, a tab or a carriage return) is
 * prefixed with ' (OWASP's CSV-injection defence): cluster names, tags and messages come from
 * whoever can tag a cluster, not from the person who opens the file.
 *
 * The CSV cannot say that a scan was incomplete (it has no place for it): the command warns on
 * stderr, as it does for every format.
 */
import type { FleetCluster, FleetDocument } from "../plan/fleet.js";

export const FLEET_CSV_COLUMNS = [
  "id",
  "subscriptionId",
  "resourceGroup",
  "name",
  "location",
  "kubernetesVersion",
  "class",
  "ready",
  "blockers",
  "firstBlockerMessage",
  "proposedPodCidr",
  "nodes",
  "nodesAtFullScale",
  "tags",
] as const;

/** A cell a spreadsheet would evaluate as a formula (or that hides one after a tab or CR). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: defused, then quoted when RFC 4180 needs it. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function row(c: FleetCluster): string[] {
  let blockers = "";
  for (const b of c.blockers) blockers += blockers === "" ? b.code : `;${b.code}`;
  // key=value;key=value, with a backslash before any \, ; or = inside a key or value, so that
  // every tag can be read back exactly.
  const escaped = (t: string): string => t.replace(/[\\;=]/g, "\\$&");
  let tags = "";
  for (const [k, v] of Object.entries(c.tags)) tags += `${tags === "" ? "" : ";"}${escaped(k)}=${escaped(v)}`;
  return [
    c.id,
    c.subscriptionId,
    c.resourceGroup,
    c.name,
    c.location,
    c.kubernetesVersion ?? "",
    c.class,
    c.ready ? "true" : "false",
    blockers,
    c.blockers[0]?.message ?? "",
    c.proposedPodCidr ?? "",
    String(c.nodes),
    String(c.nodesAtFullScale),
    tags,
  ];
}

/** The clusters of a fleet document as CSV (RFC 4180, CRLF), in the document's order. */
export function fleetCsv(doc: FleetDocument): string {
  const lines: string[] = [FLEET_CSV_COLUMNS.join(",")];
  for (const c of doc.clusters) lines.push(row(c).map(csvField).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
