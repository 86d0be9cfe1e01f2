/**
 * Fault injection: `{match: {method?, path?}, times?, status? (+ retryAfter?, retryAfterMs?, armCode?, message?) | drop? | operationStatus? | delayMs?}`.
 * A fault answers the next `times` (default 1) matching requests, then is spent.
 */
export interface Fault {
  match?: { method?: string; path?: string };
  times?: number;
  status?: number;
  /** Seconds, sent as Retry-After with `status`. */
  retryAfter?: number;
  /** Milliseconds, sent as retry-after-ms with `status` (ARM's finer-grained header). */
  retryAfterMs?: number;
  armCode?: string;
  message?: string;
  drop?: boolean;
  operationStatus?: "Failed" | "Canceled";
  delayMs?: number;
}

interface ArmedFault extends Fault {
  remaining: number;
  pattern?: RegExp;
}

export class FaultError extends Error {}

/** Checks one fault's shape; throws FaultError naming what is wrong. */
export function checkFault(value: unknown, index: number): Fault {
  const where = `fault ${index}`;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new FaultError(`${where}: expected an object`);
  const f = value as Record<string, unknown>;
  const known = ["match", "times", "status", "retryAfter", "retryAfterMs", "armCode", "message", "drop", "operationStatus", "delayMs"];
  for (const k of Object.keys(f)) if (!known.includes(k)) throw new FaultError(`${where}: unknown key "${k}"`);
  if (f.match !== undefined) {
    const m = f.match as Record<string, unknown>;
    if (typeof m !== "object" || m === null) throw new FaultError(`${where}: match must be an object`);
    if (m.method !== undefined && typeof m.method !== "string") throw new FaultError(`${where}: match.method must be a string`);
    if (m.path !== undefined) {
      if (typeof m.path !== "string") throw new FaultError(`${where}: match.path must be a string (a regular expression)`);
      try {
        new RegExp(m.path, "i");
      } catch {
        throw new FaultError(`${where}: match.path "${m.path}" is not a regular expression`);
      }
    }
  }
  const actions = ["status", "drop", "operationStatus", "delayMs"].filter((k) => f[k] !== undefined);
  if (actions.length !== 1) throw new FaultError(`${where}: give exactly one of status, drop, operationStatus, delayMs`);
  if (f.status !== undefined && (!Number.isInteger(f.status) || (f.status as number) < 400 || (f.status as number) > 599)) {
    throw new FaultError(`${where}: status must be an HTTP error status (400-599)`);
  }
  if (f.operationStatus !== undefined && f.operationStatus !== "Failed" && f.operationStatus !== "Canceled") {
    throw new FaultError(`${where}: operationStatus must be "Failed" or "Canceled"`);
  }
  for (const n of ["times", "retryAfter", "retryAfterMs", "delayMs"]) {
    if (f[n] !== undefined && (!Number.isInteger(f[n]) || (f[n] as number) < 0)) throw new FaultError(`${where}: ${n} must be a whole number >= 0`);
  }
  if (f.drop !== undefined && f.drop !== true) throw new FaultError(`${where}: drop must be true`);
  return f as Fault;
}

export function checkFaults(value: unknown): Fault[] {
  if (!Array.isArray(value)) throw new FaultError("faults must be a JSON array");
  return value.map((f, i) => checkFault(f, i));
}

export class FaultTable {
  private faults: ArmedFault[] = [];

  add(faults: readonly Fault[]): void {
    for (const f of faults) {
      this.faults.push({ ...f, remaining: f.times ?? 1, pattern: f.match?.path ? new RegExp(f.match.path, "i") : undefined });
    }
  }

  clear(): void {
    this.faults = [];
  }

  /** The first armed fault matching the request, spent by one; operationStatus faults only when `wantOperation`. */
  take(method: string, path: string, kinds: (f: Fault) => boolean = () => true): Fault | undefined {
    const found = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        kinds(f) &&
        (!f.match?.method || f.match.method.toUpperCase() === method.toUpperCase()) &&
        (!f.pattern || f.pattern.test(path)),
    );
    if (found) found.remaining--;
    return found;
  }

  pending(): Fault[] {
    return this.faults.filter((f) => f.remaining > 0).map(({ remaining, pattern: _p, ...f }) => ({ ...f, times: remaining }));
  }
}
