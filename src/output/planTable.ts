/** The human view of a plan, read like `terraform plan`: + create, ~ update, before -> after. */
import type { PlanDocument } from "../plan/plan.js";
import { type Style, append, columns, fitProse, padEnd, visibleWidth } from "./style.js";
import { type PoolRow, renderCapacity, renderFindings } from "./validationTable.js";

function heading(plan: PlanDocument): string {
  const t = plan.target;
  if (plan.operation === "nodepool-add") return `add node pool ${t.pool} to cluster ${t.resourceGroup}/${t.name}`;
  if (plan.operation === "nodepool-scale") return `scale node pool ${t.pool} of cluster ${t.resourceGroup}/${t.name}`;
  if (plan.operation === "nodepool-update") return `update node pool ${t.pool} of cluster ${t.resourceGroup}/${t.name}`;
  if (plan.operation === "update") return `update the network of cluster ${t.resourceGroup}/${t.name}`;
  if (plan.operation === "upgrade") return `upgrade cluster ${t.resourceGroup}/${t.name} to Azure CNI Overlay`;
  return `create cluster ${t.resourceGroup}/${t.name}`;
}

/** How a change names its resource: its name; an extension resource with the one it is on ("<guid> on subnet nodes"). */
function shortName(resourceId: string): string {
  const name = resourceId.split("/").at(-1) ?? "";
  // An extension resource has a second /providers/ segment: the resource it is on comes before it.
  if (resourceId.split("/providers/").length < 3) return name;
  const scope = resourceId.slice(0, resourceId.lastIndexOf("/providers/")).split("/");
  return `${name} on ${(scope.at(-2) ?? "").replace(/s$/, "")} ${scope.at(-1) ?? ""}`;
}

function show(value: unknown): string {
  return value === null || value === undefined ? "(none)" : JSON.stringify(value);
}

/** An ARM id as a table shows it when the row is too long: its start and its last type and name (-o json has it whole). */
function shortId(value: unknown): unknown {
  if (typeof value !== "string" || !value.startsWith("/subscriptions/")) return value;
  const parts = value.split("/");
  return parts.length > 6 ? `/subscriptions/…/${parts.slice(-2).join("/")}` : value;
}

/**
 * The diff of a change: path, then value, aligned. Neither is ever broken (a value is often an id):
 * a row that does not fit the width puts its value on the line below its path.
 */
function diffRows(rows: string[][], width: number): string[] {
  const indent = "      ";
  const longest = Math.max(0, ...rows.map(([path = ""]) => visibleWidth(path)));
  const fits = rows.every(([path = "", value = ""]) => indent.length + longest + 2 + visibleWidth(value) <= width || visibleWidth(path) === 0);
  if (fits) return columns(rows, indent);
  // The path column that keeps the most rows on one line (the widest of equals); a longer path, or
  // a value too long beside it, goes below.
  const besides = (column: number): number => rows.filter(([path = "", value = ""]) => visibleWidth(path) <= column && indent.length + column + 2 + visibleWidth(value) <= width).length;
  let column = 20;
  for (const candidate of new Set(rows.map(([path = ""]) => visibleWidth(path)))) {
    if (candidate >= 20 && (besides(candidate) > besides(column) || (besides(candidate) === besides(column) && candidate > column))) column = candidate;
  }
  const out: string[] = [];
  for (const [path = "", value = ""] of rows) {
    if (visibleWidth(path) <= column && indent.length + column + 2 + visibleWidth(value) <= width) out.push(`${indent}${padEnd(path, column)}  ${value}`);
    else out.push(`${indent}${path}`, `${indent}  ${value}`);
  }
  return out;
}

/** `notes`: lines about the current state shown under the heading (e.g. the cluster's networking). */
export function renderPlan(plan: PlanDocument, pools: readonly PoolRow[], width: number, style: Style, notes: string[] = []): string {
  const t = plan.target;
  const id = t.pool ? `${t.resourceId}/agentPools/${t.pool}` : t.resourceId;
  const lines: string[] = [style.bold(`Plan: ${heading(plan)}`), style.dim(`  ${id}`), ...notes.map((n) => `  ${n}`)];
  append(lines, renderFindings(plan.findings, width, style));
  if (plan.capacity) append(lines, renderCapacity(plan.capacity, pools, style, width));
  if (!plan.valid) {
    lines.push("", style.error(style.bold("✗ Nothing will be written: fix the errors above and plan again.")));
    return `${fitProse(lines, width).join("\n")}\n`;
  }
  const defaulted = new Set(plan.defaulted);
  let creates = 0;
  let updates = 0;
  let unchanged = 0;
  lines.push("", style.bold("Changes"));
  for (const change of plan.changes) {
    const name = shortName(change.resourceId);
    if (change.action === "noop") {
      unchanged++;
      lines.push(`  ${style.dim("=")} ${change.resourceType} ${style.bold(name ?? "")} ${style.dim("(no changes)")}`);
      continue;
    }
    const sign = change.action === "create" ? style.ok("+") : style.warning("~");
    if (change.action === "create") creates++;
    else updates++;
    const header = `  ${sign} ${change.resourceType} ${style.bold(name ?? "")}`;
    const etag = change.etag ? `(eTag ${change.etag})` : "";
    if (etag === "") lines.push(header);
    else if (visibleWidth(header) + 2 + etag.length <= width) lines.push(`${header}  ${style.dim(etag)}`);
    else lines.push(header, style.dim(`      ${etag}`));
    const rows = change.diff.map((d) => {
      const full = change.action === "create" ? show(d.after) : `${show(d.before)} → ${show(d.after)}`;
      // A row too long for the terminal shows its ids shortened.
      const short = change.action === "create" ? show(shortId(d.after)) : `${show(shortId(d.before))} → ${show(shortId(d.after))}`;
      const value = 6 + 2 + d.path.length + 2 + full.length + 11 > width ? short : full;
      const tag = defaulted.has(d.path) || [...defaulted].some((p) => d.path.startsWith(`${p}[`)) ? style.dim("(default)") : "";
      return [`${sign} ${d.path}`, tag ? `${value}  ${tag}` : value];
    });
    append(lines, diffRows(rows, width));
    if (change.action === "update" && rows.length === 0) lines.push(style.dim("      (no field changes: the resource is PUT back exactly as read)"));
  }
  const chosen = Object.entries(plan.chosenByAzure ?? {});
  if (chosen.length > 0) {
    lines.push("", style.dim("  Left to Azure (not in the body):"));
    append(lines, diffRows(chosen.map(([path, how]) => [style.dim(`? ${path}`), style.dim(how)]), width));
  }
  lines.push("", style.bold(`Plan: ${creates} to create, ${updates} to change, ${unchanged} unchanged.`));
  return `${fitProse(lines, width).join("\n")}\n`;
}
