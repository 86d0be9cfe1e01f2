/**
 * Fault injection: `{match: {method?, path?}, times?, status? (+ retryAfter?, retryAfterMs?, armCode?, message?) | drop? | operationStatus? | delayMs?}`.
 * `{operationStatus: "Succeeded", noEffect: true}` makes the next matching update's operation end Succeeded while
 * the stored resource keeps its previous state (only its eTag and provisioningState move), as Azure did in
 * Azure/azure-cli#28403 (`az aks update --pod-cidr` returned Succeeded and changed nothing).
 * A fault answers the next `times` (default 1) matching requests, then is spent; with `after: n` it
 * first lets n matching requests go by, answered or not by another fault (`{after: 1, status: 503}`:
 * the second page of a scan fails). `match.path` is a
 * literal path or a glob (see pathGlob.ts), never a regular expression; every delay is capped
 * (see limits.ts).
 */
import { MAX_DELAY_MS, MAX_RETRY_AFTER_MS, MAX_RETRY_AFTER_S } from "./limits.js";
import { compilePathGlob, pathGlobProblem } from "./pathGlob.js";

export interface Fault {
  /** `path`: the whole request path (no query), a literal path or a glob (see pathGlob.ts). */
  match?: { method?: string; path?: string };
  times?: number;
  /** Matching requests to let pass before the fault starts answering (default 0). */
  after?: number;
  status?: number;
  /** Seconds, sent as Retry-After with `status` (at most MAX_RETRY_AFTER_S). */
  retryAfter?: number;
  /** Milliseconds, sent as retry-after-ms with `status` (ARM's finer-grained header; at most MAX_RETRY_AFTER_MS). */
  retryAfterMs?: number;
  armCode?: string;
  message?: string;
  drop?: boolean;
  operationStatus?: "Failed" | "Canceled" | "Succeeded";
  /** With operationStatus "Succeeded" only: the write is answered and ends Succeeded, but changes nothing. */
  noEffect?: boolean;
  /** Milliseconds to wait before answering (at most MAX_DELAY_MS). */
  delayMs?: number;
}

interface ArmedFault extends Fault {
  remaining: number;
  passLeft: number;
  matchesPath?: (path: string) => boolean;
}

/** The most each delay field may be. */
const CAPS: Record<string, { max: number; unit: string }> = {
  delayMs: { max: MAX_DELAY_MS, unit: "milliseconds" },
  retryAfter: { max: MAX_RETRY_AFTER_S, unit: "seconds" },
  retryAfterMs: { max: MAX_RETRY_AFTER_MS, unit: "milliseconds" },
};

export class FaultError extends Error {}

/** Checks one fault's shape; throws FaultError naming what is wrong. */
export function checkFault(value: unknown, index: number): Fault {
  const where = `fault ${index}`;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new FaultError(`${where}: expected an object`);
  const f = value as Record<string, unknown>;
  const known = ["match", "times", "after", "status", "retryAfter", "retryAfterMs", "armCode", "message", "drop", "operationStatus", "noEffect", "delayMs"];
  for (const k of Object.keys(f)) if (!known.includes(k)) throw new FaultError(`${where}: unknown key "${k}"`);
  if (f.match !== undefined) {
    const m = f.match as Record<string, unknown>;
    if (typeof m !== "object" || m === null) throw new FaultError(`${where}: match must be an object`);
    if (m.method !== undefined && typeof m.method !== "string") throw new FaultError(`${where}: match.method must be a string`);
    for (const k of Object.keys(m)) if (k !== "method" && k !== "path") throw new FaultError(`${where}: unknown key "match.${k}"`);
    if (m.path !== undefined) {
      if (typeof m.path !== "string") throw new FaultError(`${where}: match.path must be a string (a literal path or a glob)`);
      const problem = pathGlobProblem(m.path);
      if (problem) throw new FaultError(`${where}: match.path ${JSON.stringify(m.path.slice(0, 100))} ${problem}`);
    }
  }
  const actions = ["status", "drop", "operationStatus", "delayMs"].filter((k) => f[k] !== undefined);
  if (actions.length !== 1) throw new FaultError(`${where}: give exactly one of status, drop, operationStatus, delayMs`);
  if (f.status !== undefined && (!Number.isInteger(f.status) || (f.status as number) < 400 || (f.status as number) > 599)) {
    throw new FaultError(`${where}: status must be an HTTP error status (400-599)`);
  }
  if (f.operationStatus !== undefined && f.operationStatus !== "Failed" && f.operationStatus !== "Canceled" && f.operationStatus !== "Succeeded") {
    throw new FaultError(`${where}: operationStatus must be "Failed", "Canceled" or "Succeeded" (with "noEffect": true)`);
  }
  if (f.noEffect !== undefined && f.noEffect !== true) throw new FaultError(`${where}: noEffect must be true`);
  if (f.noEffect === true && f.operationStatus !== "Succeeded") throw new FaultError(`${where}: noEffect goes with "operationStatus": "Succeeded" only`);
  if (f.operationStatus === "Succeeded" && f.noEffect !== true) throw new FaultError(`${where}: "operationStatus": "Succeeded" needs "noEffect": true (an operation ends Succeeded anyway)`);
  if (f.noEffect === true && (f.armCode !== undefined || f.message !== undefined)) throw new FaultError(`${where}: armCode and message do not go with noEffect (the operation ends Succeeded, with no error)`);
  for (const n of ["times", "after", "retryAfter", "retryAfterMs", "delayMs"]) {
    if (f[n] !== undefined && (!Number.isInteger(f[n]) || (f[n] as number) < 0)) throw new FaultError(`${where}: ${n} must be a whole number >= 0`);
    const cap = CAPS[n];
    if (cap && (f[n] as number) > cap.max) throw new FaultError(`${where}: ${n} ${f[n] as number} is more than the maximum, ${cap.max} (${cap.unit})`);
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

  /** Arms faults, checked as a batch first: a FaultError adds none of them. */
  add(faults: readonly Fault[]): void {
    const checked = checkFaults(faults);
    for (const f of checked) {
      this.faults.push({ ...f, remaining: f.times ?? 1, passLeft: f.after ?? 0, matchesPath: f.match?.path !== undefined ? compilePathGlob(f.match.path) : undefined });
    }
  }

  clear(): void {
    this.faults = [];
  }

  /** The first armed fault matching the request, spent by one; operationStatus faults only when `wantOperation`. */
  take(method: string, path: string, kinds: (f: Fault) => boolean = () => true): Fault | undefined {
    // Every matching request counts towards each fault's `after`, whichever fault answers it.
    let found: ArmedFault | undefined;
    for (const f of this.faults) {
      const applies = f.remaining > 0 && kinds(f) && (!f.match?.method || f.match.method.toUpperCase() === method.toUpperCase()) && (!f.matchesPath || f.matchesPath(path));
      if (!applies) continue;
      if (f.passLeft > 0) f.passLeft--;
      else found ??= f;
    }
    if (found) found.remaining--;
    return found;
  }

  pending(): Fault[] {
    return this.faults.filter((f) => f.remaining > 0).map(({ remaining, passLeft, matchesPath: _m, after: _a, ...f }) => ({ ...f, times: remaining, ...(passLeft > 0 && { after: passLeft }) }));
  }
}
