/**
 * The plan: data, not behaviour. What `apply` will do, entirely: each change with the resource,
 * the eTag it was planned against, the field-by-field diff and the full body to PUT. A saved plan
 * is this same document on disk.
 */
import type { Capacity } from "../network/capacity.js";
import type { Finding } from "../network/findings.js";
import { FORMAT_VERSION } from "./documents.js";

export type Operation = "create" | "upgrade" | "nodepool-add";

export { clusterResourceId } from "../network/resourceIds.js";

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
  /** The whole resource to PUT, as the Azure SDK for JS models it (properties flattened). */
  body: Record<string, unknown>;
}

export interface PlanDocument {
  formatVersion: typeof FORMAT_VERSION;
  kind: "plan";
  operation: Operation;
  target: { subscriptionId: string; resourceGroup: string; name: string; resourceId: string; pool?: string };
  valid: boolean;
  findings: Finding[];
  capacity: Capacity | null;
  changes: Change[];
  /** Body paths whose values are Azure's defaults rather than the user's. */
  defaulted: string[];
  /**
   * What the plan was made from: each resource read, and its eTag then (null: it did not exist).
   * `apply` reads them again and refuses a plan whose basis changed.
   */
  basis: BasisEntry[];
  /** Settings left out of the body on purpose: Azure chooses them when it writes (path: how). */
  chosenByAzure?: Record<string, string>;
  armEndpoint: string;
  createdAt: string;
}

/** Fields of a cluster that hold secrets. Azure never returns them on a GET; a saved plan never holds them. */
const SECRET_PATHS = [
  ["servicePrincipalProfile", "secret"],
  ["windowsProfile", "adminPassword"],
  ["aadProfile", "serverAppSecret"],
];

/** Proxy URLs may carry a user and password. */
const PROXY_URLS = [
  ["httpProxyConfig", "httpProxy"],
  ["httpProxyConfig", "httpsProxy"],
];

/**
 * A resource without secret values: write-only secrets removed (a PUT without them keeps what
 * Azure has), credentials in proxy URLs replaced by REDACTED.
 */
export function stripSecrets<T>(resource: T): T {
  const copy = structuredClone(resource);
  const parentOf = (path: string[]): unknown => path.slice(0, -1).reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), copy);
  for (const path of SECRET_PATHS) {
    const parent = parentOf(path);
    if (isObject(parent)) delete parent[path.at(-1) as string];
  }
  for (const path of PROXY_URLS) {
    const parent = parentOf(path);
    const field = path.at(-1) as string;
    if (isObject(parent) && typeof parent[field] === "string") parent[field] = (parent[field] as string).replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1REDACTED@");
  }
  return copy;
}

function stripSecretValue(path: string, value: unknown): unknown {
  return PROXY_URLS.some((p) => p.join(".") === path) && typeof value === "string" ? value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1REDACTED@") : value;
}

/** The plan without secret values, in bodies and diffs alike. */
export function withoutSecrets(plan: PlanDocument): PlanDocument {
  const copy = structuredClone(plan);
  for (const change of copy.changes) {
    change.body = stripSecrets(change.body);
    change.diff = change.diff.filter((d) => !SECRET_PATHS.some((p) => d.path === p.join("."))).map((d) => ({ ...d, before: stripSecretValue(d.path, d.before), after: stripSecretValue(d.path, d.after) }));
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

export function emptyPlanBase(): Pick<PlanDocument, "formatVersion" | "kind" | "basis"> {
  return { formatVersion: FORMAT_VERSION, kind: "plan", basis: [] };
}

/** The eTag of a resource as the SDK returns it: `eTag` (clusters, pools) or `etag` (network). */
export function etagOf(resource: Record<string, unknown> | undefined): string | null {
  if (!resource) return null;
  const value = resource.eTag ?? resource.etag;
  return typeof value === "string" ? value : "";
}
