/**
 * Applies a plan: exactly its changes, each with If-Match (the eTag it was planned against) or
 * If-None-Match: * (a create). The plan is the only thing apply obeys.
 */
import type { Change, PlanDocument } from "../plan/plan.js";
import { AzureConflictError, AzureError, AzureOperationError } from "../azure/errors.js";
import { ROLE_ASSIGNMENT_TYPE, grantCommand } from "./subnetAccess.js";
import type { AzurePort, WriteResult } from "../azure/port.js";
import { shellWord } from "../network/shown.js";

export interface ApplyOptions {
  wait: boolean;
  onProgress?: (status: string) => void;
}



/** The change's body with what earlier changes returned filled in ("known after apply"). */
function filled(change: Change, results: readonly (WriteResult | undefined)[]): Record<string, unknown> {
  const body = structuredClone(change.body);
  for (const { path, fromChange, fromPath } of change.fill ?? []) {
    const value = valueAtPath(results[fromChange]?.resource, fromPath);
    if (value === undefined || value === null) throw new AzureOperationError(`${change.resourceId} needs ${fromPath} of what change ${fromChange} wrote, and Azure returned none`, { resourceId: change.resourceId }, "MissingValue");
    const keys = path.split(".");
    const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((o, k) => (o[k] ??= {}) as Record<string, unknown>, body);
    parent[keys.at(-1) as string] = value;
  }
  return body;
}

/** Role assignments take no conditional headers: a duplicate is refused (409 RoleAssignmentExists) and means it is granted already. */
const UNCONDITIONAL = new Set([ROLE_ASSIGNMENT_TYPE.toLowerCase()]);

async function applyChange(change: Change, results: readonly (WriteResult | undefined)[], azure: AzurePort, options: ApplyOptions): Promise<WriteResult | undefined> {
  if (change.action === "noop") return undefined;
  const unconditional = UNCONDITIONAL.has(change.resourceType.toLowerCase());
  const conditions = unconditional ? {} : change.action === "create" ? { ifNoneMatch: "*" as const } : { ifMatch: change.etag ?? undefined };
  if (change.action === "update" && !change.etag) throw new Error(`plan change for ${change.resourceId} has no eTag to update against`);
  const writeOptions = { ...conditions, wait: options.wait, onProgress: options.onProgress && ((p: { status: string }) => options.onProgress?.(p.status)) };
  try {
    return await azure.put(change.resourceId, filled(change, results), writeOptions);
  } catch (error) {
    if (unconditional && error instanceof AzureConflictError && error.armCode === "RoleAssignmentExists") {
      return { resource: { id: change.resourceId }, provisioningState: "AlreadyExists" };
    }
    if (error instanceof AzureConflictError && error.status === 412) {
      throw new AzureConflictError(
        change.action === "create"
          ? `${change.resourceId} was created by someone else after the plan was made; nothing was overwritten. Look at it, then use upgrade or nodepool add.`
          : `${change.resourceId} changed after the plan was made (its eTag is no longer ${change.etag}); nothing was overwritten. Plan again.`,
        error.details,
      );
    }
    throw error;
  }
}

/** A value as ARM may echo it back: strings compared without regard to case. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Read-back: an update that Azure reported Succeeded must show its change in the resource Azure
 * returned after the operation (az aks update --pod-cidr once returned Succeeded and changed
 * nothing: Azure/azure-cli#28403). The diff paths that do not hold their planned value, or none.
 */
export function missingEffects(change: Change, resource: Record<string, unknown>): string[] {
  if (change.action !== "update") return [];
  return change.diff.filter((d) => !same(valueAtPath(resource, d.path), d.after)).map((d) => d.path);
}

/** The value at a diff path ("properties.agentPoolProfiles[0].count"). */
function valueAtPath(value: unknown, path: string): unknown {
  return path
    .split(/\.|(?=\[)/)
    .reduce<unknown>((v, k) => {
      if (v === null || typeof v !== "object") return undefined;
      const index = /^\[(\d+)\]$/.exec(k);
      return index ? (v as unknown[])[Number(index[1])] : (v as Record<string, unknown>)[k];
    }, value);
}

/**
 * Applies the changes in order. When a later change fails after earlier ones were applied, the
 * error says exactly that: what was written, what failed, and (for a role assignment) how to
 * grant it by hand.
 */
export async function applyPlan(plan: PlanDocument, azure: AzurePort, options: ApplyOptions): Promise<WriteResult[]> {
  const results: (WriteResult | undefined)[] = [];
  for (const [i, change] of plan.changes.entries()) {
    try {
      const result = await applyChange(change, results, azure, options);
      const missing = options.wait && result ? missingEffects(change, result.resource) : [];
      if (missing.length > 0) {
        throw new AzureOperationError(
          `Azure reported ${change.resourceId} ${result?.provisioningState ?? "Succeeded"}, but the resource read back does not have the change: ${missing.join(", ")} ${missing.length === 1 ? "does" : "do"} not hold the planned value. Nothing was changed by the operation; look at the cluster's activity log, then plan again`,
          { resourceId: change.resourceId, operationId: result?.operationId, accepted: true },
          "UpdateNoEffect",
        );
      }
      results.push(result);
    } catch (error) {
      const done = plan.changes.slice(0, i).filter((_, j) => results[j] !== undefined);
      // What the plan still had to write after the change that failed: said, with how to do it by
      // hand (a subnet grant whose cluster failed is never silently dropped).
      const notWritten = plan.changes.slice(i + 1).filter((c) => c.action !== "noop");
      if (error instanceof AzureError && notWritten.length > 0) {
        const t = plan.target;
        const principal = `$(az aks show -g ${shellWord(t.resourceGroup)} -n ${t.name} --query identity.principalId -o tsv)`;
        const grants = notWritten.filter((c) => c.resourceType === ROLE_ASSIGNMENT_TYPE).map((c) => grantCommand(principal, c.resourceId.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, "")));
        error.message = `${error.message.replace(/\.+$/, "")}. Not written either: ${notWritten.map((c) => c.resourceId).join("; ")}${grants.length > 0 ? `; once the cluster is fixed, grant its identity the subnet: ${grants.join("; ")}` : ""}.`;
      }
      if (done.length === 0 || !(error instanceof AzureError)) throw error;
      const principal = (change.fill ?? []).map((f) => valueAtPath(results[f.fromChange]?.resource, f.fromPath)).find((v) => typeof v === "string");
      const byHand =
        change.resourceType === ROLE_ASSIGNMENT_TYPE && typeof principal === "string"
          ? ` Grant it yourself: ${grantCommand(principal, change.resourceId.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, ""))}`
          : "";
      error.message = `${done.map((c) => `${c.resourceId} was ${c.action === "create" ? "created" : "updated"}`).join("; ")}, but then ${error.message.replace(/\.+$/, "")}.${byHand}`;
      throw error;
    }
  }
  return results.filter((r): r is WriteResult => r !== undefined);
}
