/**
 * The shape every operation has (house style: observe, decide, show, act). `observe` does the
 * GETs, and what it reads follows from the request alone; `decide` is pure and returns the whole
 * plan with what the views need. Commands map flags to a request; `apply` re-runs both on a saved
 * plan's request and writes only what it decides again.
 */
import type { AzurePort } from "../azure/port.js";
import type { PoolDesign } from "../network/design.js";
import { type NameKind, nameProblem } from "../network/names.js";
import type { Operation, PlanDocument } from "../plan/plan.js";

export interface DecideContext {
  /** The ARM endpoint the state was read from (recorded in the plan). */
  armEndpoint: string;
  now: Date;
}

/** A line under the plan's heading; `tone` colours it. */
export interface Note {
  text: string;
  tone?: "ok" | "error";
}

/** What the views need besides the plan document. */
export interface PlanView {
  /** Pools for the capacity table (the cluster as it will be). */
  pools: readonly PoolDesign[];
  notes: Note[];
  /** The plan changes nothing (already done): reported, exit 0. */
  nothingToDo: boolean;
  /** The plan is refused because the resource exists already: exit 6 rather than 3. */
  conflict: boolean;
  /** The confirmation question, and "creating", "upgrading"... with what, for progress. */
  question: string;
  verb: string;
  subject: string;
  /** For the refusal without --yes: "create the cluster". */
  action: string;
}

export interface Decision {
  plan: PlanDocument;
  view: PlanView;
}

/** A request that cannot even be looked up (bad names, contradictory flags): the message says why. */
export class RequestProblem extends Error {}

export interface OperationModule<Request extends object, Observed> {
  readonly name: Operation;
  /** Throws RequestProblem for a request that must not reach Azure. Pure. */
  checkRequest(request: Request): void;
  /** GETs only. */
  observe(azure: AzurePort, request: Request): Promise<Observed>;
  /** Pure: every finding, the basis, the changes with their bodies, and the view. */
  decide(request: Request, observed: Observed, context: DecideContext): Decision;
}

/**
 * Names that address a resource in a URL, checked against Azure's own patterns and lengths
 * (network/names.ts) before any request: an empty, dot, slash-bearing or 100,000-character name
 * never reaches Azure. Keys are the display names (flags); `kinds` says what a name is where the
 * flag alone does not (nodepool add's `--name` is a pool: inferred when `--cluster-name` is given).
 */
export function checkNames(names: Record<string, string | undefined>, kinds: Record<string, NameKind> = {}): void {
  // The kind of name each display name (flag) stands for; others are checked as URL segments.
  const kindOf: Record<string, NameKind> = {
    "--resource-group": "resourceGroup",
    "--name": "cluster",
    "--cluster-name": "cluster",
    "--nodepool-name": "pool",
    "--location": "location",
    "--dns-name-prefix": "dnsPrefix",
  };
  for (const [what, value] of Object.entries(names)) {
    if (value === undefined) continue;
    const kind = kinds[what] ?? kindOf[what] ?? "urlSegment";
    const problem = nameProblem(kind, value, what);
    if (problem !== undefined) throw new RequestProblem(problem);
  }
}
