/**
 * How `apply` judges a saved plan against the plan it decides afresh from the plan's own request
 * and the state read now. The saved plan is a claim: only what is decided again is written, and
 * only when it is exactly what was saved. Pure.
 */
import { type BasisEntry, type PlanDocument, withoutSecrets } from "./plan.js";

export type Verdict =
  | { kind: "same" }
  /** Something the plan was made from changed since: exit 6. */
  | { kind: "stale"; resourceId: string; was: string | null; now: string | null }
  /** The request fails the rules against the state read now: exit 3. */
  | { kind: "invalid" }
  /** The saved plan is not what its request yields against unchanged state: exit 2. `where` says how. */
  | { kind: "edited"; where: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object";
}

/** The first path at which two JSON values differ, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? undefined : path;
}

function byId(basis: readonly BasisEntry[]): Map<string, BasisEntry> {
  return new Map(basis.map((b) => [b.resourceId.toLowerCase(), b]));
}

/** What the changes are judged on: everything apply would send or check, nothing informational. */
function decisive(plan: PlanDocument): unknown {
  return {
    operation: plan.operation,
    target: plan.target,
    changes: plan.changes.map((c) => ({ action: c.action, resourceType: c.resourceType, resourceId: c.resourceId, etag: c.etag, body: c.body, diff: c.diff, fill: c.fill ?? [] })),
  };
}

/**
 * In order: a resource read for both plans whose eTag changed makes the plan stale; a plan whose
 * record of what was read is not what its request reads was edited; a request that fails the rules
 * against the state read now is invalid; and changes or a target that differ mean it was edited.
 */
export function judgeSavedPlan(saved: PlanDocument, fresh: PlanDocument): Verdict {
  const before = byId(saved.basis);
  const now = byId(fresh.basis);
  for (const [id, entry] of now) {
    const was = before.get(id);
    if (was && was.etag !== entry.etag) return { kind: "stale", resourceId: entry.resourceId, was: was.etag, now: entry.etag };
  }
  for (const id of new Set([...before.keys(), ...now.keys()])) {
    if (!before.has(id)) return { kind: "edited", where: `its basis lacks ${now.get(id)?.resourceId}, which its request reads` };
    if (!now.has(id)) return { kind: "edited", where: `its basis lists ${before.get(id)?.resourceId}, which its request does not read` };
  }
  if (!fresh.valid) return { kind: "invalid" };
  const where = firstDifference(decisive(saved), decisive(withoutSecrets(fresh)), "plan");
  return where === undefined ? { kind: "same" } : { kind: "edited", where: `${where.replace(/^plan\./, "")} is not what its request yields against Azure as it is now` };
}
