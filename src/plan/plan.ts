/**
 * The plan: data, not behaviour. What `apply` will do, entirely: each change with the resource,
 * the eTag it was planned against, the field-by-field diff and the full body to PUT, and the
 * operation's whole resolved input (`request`), from which `apply` decides it all again. A saved
 * plan is this same document on disk. Pure.
 */
import type { Capacity } from "../network/capacity.js";
import type { Finding } from "../network/findings.js";
import { isProxyUrlPath, isWriteOnlySecretPath, redactUrlCredentials, stripSecrets } from "../network/secrets.js";

export { clusterResourceId } from "../network/resourceIds.js";
export { stripSecrets } from "../network/secrets.js";

/** Plan documents: version 2 carries `request` and is re-decided by apply (version 1 was trusted). */
export const PLAN_FORMAT_VERSION = 2 as const;

export const OPERATIONS = ["create", "upgrade", "update", "nodepool-add", "nodepool-update", "nodepool-scale"] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface BasisEntry {
  resourceId: string;
  etag: string | null;
}

export interface DiffEntry {
  path: string;
  before: unknown;
  after: unknown;
}

export interface Change {
  action: "create" | "update" | "noop";
  resourceType: string;
  resourceId: string;
  /** The eTag the change was planned against (null for a create: If-None-Match: * is used). */
  etag: string | null;
  diff: DiffEntry[];
  /** The whole resource to PUT, as ARM's JSON (properties nested): every field read, also those no SDK knows. */
  body: Record<string, unknown>;
  /**
   * Values known only once an earlier change is applied ("known after apply"): before this change
   * is PUT, `path` of its body is set to `fromPath` of what change `fromChange` returned.
   */
  fill?: { path: string; fromChange: number; fromPath: string }[];
}

export interface PlanTarget {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  resourceId: string;
  pool?: string;
}

export interface PlanDocument<F extends Finding = Finding> {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  kind: "plan";
  operation: Operation;
  /** The operation's whole resolved input: target, flags, design. Secret-free. */
  request: Record<string, unknown>;
  target: PlanTarget;
  valid: boolean;
  findings: F[];
  capacity: Capacity | null;
  changes: Change[];
  /** Body paths whose values are Azure's defaults rather than the user's. */
  defaulted: string[];
  /**
   * What the plan was made from: each resource read, and its eTag then (null: it did not exist).
   * Informational: `apply` reads everything again and compares what it decides now.
   */
  basis: BasisEntry[];
  /** Settings left out of the body on purpose: Azure chooses them when it writes (path: how). */
  chosenByAzure?: Record<string, string>;
  armEndpoint: string;
  createdAt: string;
}

/** The plan without secret values, in bodies and diffs alike. */
export function withoutSecrets<P extends PlanDocument<Finding>>(plan: P): P {
  const copy = structuredClone(plan);
  const redact = (path: string, v: unknown): unknown => (isProxyUrlPath(path) && typeof v === "string" ? redactUrlCredentials(v) : v);
  for (const change of copy.changes) {
    change.body = stripSecrets(change.body);
    change.diff = change.diff.filter((d) => !isWriteOnlySecretPath(d.path)).map((d) => ({ ...d, before: redact(d.path, d.before), after: redact(d.path, d.after) }));
  }
  return copy;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Every leaf that differs between two JSON values, by path ("networkProfile.podCidr",
 * "agentPoolProfiles[0].count"). Arrays of scalars compare whole; arrays of objects by index.
 */
export function diff(before: unknown, after: unknown, path = ""): DiffEntry[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diff(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (isObject(after) && before === undefined) return diff({}, after, path);
  if (isObject(before) && after === undefined) return diff(before, {}, path);
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].some((v) => isObject(v))) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => diff(before[i], after[i], `${path}[${i}]`)).flat();
  }
  if (Array.isArray(after) && before === undefined && after.some((v) => isObject(v))) return diff([], after, path);
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, before: before === undefined ? null : before, after: after === undefined ? null : after }];
}

/** The eTag of a resource as ARM sends it: `eTag` (clusters), `properties.eTag` (agent pools) or `etag` (network); "" when it has none. */
export function etagOf(resource: Record<string, unknown> | undefined): string | null {
  if (!resource) return null;
  const value = resource.eTag ?? resource.etag ?? (resource.properties as { eTag?: unknown } | undefined)?.eTag;
  return typeof value === "string" ? value : "";
}

/** A basis entry for a resource read (null eTag: it did not exist). */
export function basisEntry(resourceId: string, resource: Record<string, unknown> | undefined): BasisEntry {
  return { resourceId: typeof resource?.id === "string" ? resource.id : resourceId, etag: etagOf(resource) };
}
