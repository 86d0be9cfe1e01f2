/**
 * Where a managed cluster holds secrets: the one list the plan, apply, the views and the emulator
 * share. Azure never returns write-only secrets on a GET (a PUT without them keeps what Azure has);
 * proxy URLs may carry a user and password. Paths are relative to the cluster's properties; the
 * functions look there and under a resource's `properties` alike (ARM's wire shape). Pure.
 */

/** Write-only secrets of a cluster's properties. */
export const WRITE_ONLY_SECRET_PATHS: readonly (readonly string[])[] = [
  ["servicePrincipalProfile", "secret"],
  ["windowsProfile", "adminPassword"],
  ["aadProfile", "serverAppSecret"],
];

/** Proxy URLs, which may carry credentials (scheme://user:password@host). */
export const PROXY_URL_PATHS: readonly (readonly string[])[] = [
  ["httpProxyConfig", "httpProxy"],
  ["httpProxyConfig", "httpsProxy"],
];

/** A resource's properties (wire shape), or the properties themselves. */
const LEVELS: readonly (readonly string[])[] = [[], ["properties"]];

const CREDENTIALS_IN_URL = /^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i;
const REDACTED = "REDACTED";

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function parentOf(root: unknown, path: readonly string[]): unknown {
  return path.slice(0, -1).reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), root);
}

/** Every place a secret may be: [level + path] for both levels. */
function places(paths: readonly (readonly string[])[]): string[][] {
  return LEVELS.flatMap((level) => paths.map((path) => [...level, ...path]));
}

/** A URL with any credentials replaced by REDACTED. */
export function redactUrlCredentials(url: string): string {
  return url.replace(CREDENTIALS_IN_URL, `$1${REDACTED}@`);
}

/**
 * A copy of a resource (or a cluster's properties) without secret values: write-only secrets
 * removed, credentials in proxy URLs replaced by REDACTED. For what is shown and saved only:
 * what is written is always the resource as read.
 */
export function stripSecrets<T>(resource: T): T {
  const copy = structuredClone(resource);
  for (const path of places(WRITE_ONLY_SECRET_PATHS)) {
    const parent = parentOf(copy, path);
    if (isObject(parent)) delete parent[path.at(-1) as string];
  }
  for (const path of places(PROXY_URL_PATHS)) {
    const parent = parentOf(copy, path);
    const field = path.at(-1) as string;
    if (isObject(parent) && typeof parent[field] === "string") parent[field] = redactUrlCredentials(parent[field] as string);
  }
  return copy;
}

/** The dotted paths at which `resource` holds a secret value (a write-only secret, or a proxy URL with credentials other than REDACTED). */
export function secretPathsIn(resource: unknown): string[] {
  const found: string[] = [];
  for (const path of places(WRITE_ONLY_SECRET_PATHS)) {
    const parent = parentOf(resource, path);
    if (isObject(parent) && parent[path.at(-1) as string] !== undefined) found.push(path.join("."));
  }
  for (const path of places(PROXY_URL_PATHS)) {
    const parent = parentOf(resource, path);
    const value = isObject(parent) ? parent[path.at(-1) as string] : undefined;
    if (typeof value === "string" && redactUrlCredentials(value) !== value) found.push(path.join("."));
  }
  return found;
}

/** True when a dotted path names a write-only secret or lies under one. */
export function isWriteOnlySecretPath(path: string): boolean {
  return places(WRITE_ONLY_SECRET_PATHS).some((p) => path === p.join(".") || path.startsWith(`${p.join(".")}.`));
}

/** True when a dotted path names a proxy URL. */
export function isProxyUrlPath(path: string): boolean {
  return places(PROXY_URL_PATHS).some((p) => path === p.join("."));
}
