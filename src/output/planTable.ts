/** The human view of a plan, read like `terraform plan`: + create, ~ update, before -> after. */
import type { PlanDocument } from "../plan/plan.js";
import { type Style, append, columns, fitProse } from "./style.js";
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
    lines.push(`  ${sign} ${change.resourceType} ${style.bold(name ?? "")}${change.etag ? style.dim(`  (eTag ${change.etag})`) : ""}`);
    const rows = change.diff.map((d) => {
      const value = change.action === "create" ? show(d.after) : `${show(d.before)} → ${show(d.after)}`;
      const tag = defaulted.has(d.path) || [...defaulted].some((p) => d.path.startsWith(`${p}[`)) ? style.dim("(default)") : "";
      return [`${sign} ${d.path}`, tag ? `${value}  ${tag}` : value];
    });
    // Paths and values are never wrapped: a value is often an id, and a path split from its "+" reads worse than a long line.
    append(lines, columns(rows, "      "));
    if (change.action === "update" && rows.length === 0) lines.push(style.dim("      (no field changes: the resource is PUT back exactly as read)"));
  }
  const chosen = Object.entries(plan.chosenByAzure ?? {});
  if (chosen.length > 0) {
    lines.push("", style.dim("  Left to Azure (not in the body):"));
    append(lines, columns(chosen.map(([path, how]) => [style.dim(`? ${path}`), style.dim(how)]), "      "));
  }
  lines.push("", style.bold(`Plan: ${creates} to create, ${updates} to change, ${unchanged} unchanged.`));
  return `${fitProse(lines, width).join("\n")}\n`;
}
