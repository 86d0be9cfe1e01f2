/**
 * Applies a plan: exactly its changes, each with If-Match (the eTag it was planned against) or
 * If-None-Match: * (a create). The plan is the only thing apply obeys.
 */
import type { Change, PlanDocument } from "../plan/plan.js";
import { AzureConflictError } from "../azure/errors.js";
import type { AzurePort, WriteResult } from "../azure/port.js";

export interface ApplyOptions {
  wait: boolean;
  onProgress?: (status: string) => void;
}


async function applyChange(change: Change, azure: AzurePort, options: ApplyOptions): Promise<WriteResult | undefined> {
  if (change.action === "noop") return undefined;
  const conditions = change.action === "create" ? { ifNoneMatch: "*" as const } : { ifMatch: change.etag ?? undefined };
  if (change.action === "update" && !change.etag) throw new Error(`plan change for ${change.resourceId} has no eTag to update against`);
  const writeOptions = { ...conditions, wait: options.wait, onProgress: options.onProgress && ((p: { status: string }) => options.onProgress?.(p.status)) };
  try {
    return await azure.put(change.resourceId, change.body, writeOptions);
  } catch (error) {
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

export async function applyPlan(plan: PlanDocument, azure: AzurePort, options: ApplyOptions): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (const change of plan.changes) {
    const result = await applyChange(change, azure, options);
    if (result) results.push(result);
  }
  return results;
}
