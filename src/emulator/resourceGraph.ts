/**
 * Azure Resource Graph (`POST /providers/Microsoft.ResourceGraph/resources`), answered from the
 * same state the ARM routes serve: a cluster written through ARM is the changed row of the next
 * query (real ARG lags by seconds; the emulator does not, so tests stay deterministic).
 *
 * Request: `{subscriptions?: string[], managementGroups?: string[], query, options?: {$top?, $skip?,
 * $skipToken?, resultFormat?: "objectArray" | "table"}}`. Scope: the subscriptions named, plus every
 * subscription of each management group named (the emulator models one, MANAGEMENT_GROUP, holding
 * every subscription it knows); neither: the whole tenant.
 * Response: `{totalRecords, count, resultTruncated: "false", $skipToken?, data, facets: []}`: at
 * most `$top` rows (default 100, at most 1,000, as ARG); `$skipToken` is opaque, bound to the query
 * and scope, and marks the last row served (keyset), so it stays valid while resources change
 * between pages; `$skip` counts from the first row and overrides the token's position.
 *
 * The `resources` table: every managed cluster and every virtual network, in ARM's JSON shape, with
 * ARG's columns: id, name, type (lower-case), tenantId, kind, location, resourceGroup (lower-case, as
 * ARG indexes it), subscriptionId, managedBy, sku, plan, properties, tags, identity, zones,
 * extendedLocation. Agent pools appear inside `properties.agentPoolProfiles` only; each subnet lists
 * its IP configurations, as a GET of the VNet does. Write-only secrets never appear.
 * The query language is the subset in kql.ts.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { WRITE_ONLY_SECRET_PATHS } from "../network/secrets.js";
import { ArmHttpError, type Json } from "./resources.js";
import { EMULATOR_TENANT } from "./directory.js";
import type { EmulatorState } from "./state.js";
import { type Expr, KqlError, type Query, compareValues, evaluate, matches, parseKql } from "./kql.js";

export const RESOURCE_GRAPH_COLUMNS = ["id", "name", "type", "tenantId", "kind", "location", "resourceGroup", "subscriptionId", "managedBy", "sku", "plan", "properties", "tags", "identity", "zones", "extendedLocation"] as const;
/** The one management group: it holds every subscription the emulator knows. */
export const MANAGEMENT_GROUP = "demo-mg";
/** ARG's page size limit and default. */
export const ARG_MAX_TOP = 1000;
export const ARG_DEFAULT_TOP = 100;

export interface ResourceGraphRequest {
  subscriptions?: string[];
  managementGroups?: string[];
  query: string;
  top: number;
  skip?: number;
  skipToken?: string;
  resultFormat: "objectArray" | "table";
}

export interface ResourceGraphResponse {
  totalRecords: number;
  count: number;
  resultTruncated: "false";
  $skipToken?: string;
  data: Json[] | { columns: { name: string; type: string }[]; rows: unknown[][] };
  facets: [];
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * ARG's error: `{error: {code, message: "Please provide below info when asking for support: ...",
 * details: [...]}}` (Azure/azure-powershell#13762, Azure/aztfexport#485); the emulator adds its
 * reason to the message so a client that shows only `message` still says what was wrong.
 */
export function resourceGraphError(status: number, code: string, reason: string, details: Json[], now: number): ArmHttpError {
  const support = `Please provide below info when asking for support: timestamp = ${new Date(now).toISOString()}, correlationId = ${randomUUID()}.`;
  return new ArmHttpError(status, code, `${support} (emulator: ${reason})`, undefined, {}, details);
}

const INVALID_QUERY = { code: "InvalidQuery", message: "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying." };

function badRequest(reason: string, detailCode: string, now: number): ArmHttpError {
  return resourceGraphError(400, "BadRequest", reason, [{ code: detailCode, message: reason }], now);
}

/** Checks a request body; throws ARG's 400. `apiVersion` decides the default result format (table before 2021-03-01). */
export function checkResourceGraphRequest(body: Json, apiVersion: string, now: number): ResourceGraphRequest {
  const bad = (reason: string, code = "InvalidRequestContent"): never => {
    throw badRequest(reason, code, now);
  };
  if (typeof body.query !== "string" || body.query.trim() === "") bad("The request needs a query: a non-empty string.");
  const list = (name: "subscriptions" | "managementGroups"): string[] | undefined => {
    const v = body[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string" && x !== "")) return bad(`${name} must be a list of strings.`);
    return v as string[];
  };
  const subscriptions = list("subscriptions");
  const managementGroups = list("managementGroups");
  const options = body.options ?? {};
  if (!isObject(options)) return bad("options must be an object.");
  const whole = (name: string, min: number, max: number): number | undefined => {
    const v = options[name];
    if (v === undefined || v === null) return undefined;
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) return bad(`options.${name} ${JSON.stringify(v)}: expected a whole number from ${min} to ${max}.`, "InvalidParameter");
    return v as number;
  };
  const top = whole("$top", 1, ARG_MAX_TOP) ?? ARG_DEFAULT_TOP;
  const skip = whole("$skip", 0, Number.MAX_SAFE_INTEGER);
  const skipToken = options.$skipToken;
  if (skipToken !== undefined && skipToken !== null && typeof skipToken !== "string") bad("options.$skipToken must be a string.", "InvalidParameter");
  const format = options.resultFormat ?? (apiVersion < "2021-03-01" ? "table" : "objectArray");
  if (format !== "objectArray" && format !== "table") bad(`options.resultFormat ${JSON.stringify(format)}: expected "objectArray" or "table".`, "InvalidParameter");
  return {
    ...(subscriptions && { subscriptions }),
    ...(managementGroups && { managementGroups }),
    query: body.query as string,
    top,
    ...(skip !== undefined && { skip }),
    ...(typeof skipToken === "string" && skipToken !== "" && { skipToken }),
    resultFormat: format as "objectArray" | "table",
  };
}

/** A cluster's properties without its write-only secrets: copies only the objects on the way to one. */
function publicProperties(props: unknown): unknown {
  if (!isObject(props)) return props;
  let out: Json = props;
  for (const path of WRITE_ONLY_SECRET_PATHS) {
    const parent = path.slice(0, -1).reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), out);
    const last = path.at(-1) as string;
    if (!isObject(parent) || !(last in parent)) continue;
    if (out === props) out = { ...props };
    let at = out;
    for (const k of path.slice(0, -1)) {
      const copy = { ...(at[k] as Json) };
      at[k] = copy;
      at = copy;
    }
    delete at[last];
  }
  return out;
}

interface Entry {
  /** The resource's id, lower-cased: the tiebreak of every order, and the position a skip token records. */
  key: string;
  row: Json;
  sort: unknown[];
}

/**
 * A row of the resources table, a view of a stored resource: `properties` is computed when first
 * read in a query (most queries never read a VNet's) and again in the next query (`generation`),
 * since the emulator changes a resource's properties in place (an operation ending). The other
 * columns never change in place: a write stores a new object.
 */
function row(resource: Json, type: string, properties: () => unknown, generation: () => number): Json {
  const id = String(resource.id);
  const [, , subscriptionId, , resourceGroup] = id.split("/");
  let computedIn = -1;
  let props: unknown;
  return {
    id,
    name: resource.name ?? null,
    type,
    tenantId: EMULATOR_TENANT,
    kind: "",
    location: resource.location ?? null,
    resourceGroup: (resourceGroup ?? "").toLowerCase(),
    subscriptionId: subscriptionId ?? null,
    managedBy: "",
    sku: resource.sku ?? null,
    plan: null,
    get properties(): unknown {
      if (computedIn !== generation()) {
        props = properties();
        computedIn = generation();
      }
      return props;
    },
    tags: resource.tags ?? null,
    identity: resource.identity ?? null,
    zones: null,
    extendedLocation: null,
  };
}

type ProjectStage = Extract<Query["stages"][number], { kind: "project" }>;

/** An expression over the row as the pending projects would make it, computing only the column it reads. */
function projected(row: Json, expr: Expr, pending: readonly ProjectStage[]): unknown {
  const last = pending.at(-1);
  if (!last) return evaluate(row, expr);
  const [head, ...rest] = expr.path;
  const item = last.items.find((i) => i.name === head);
  const base = item ? projected(row, item.expr, pending.slice(0, -1)) : null;
  return evaluate({ [head as string]: base }, { ...expr, path: [head as string, ...rest] });
}

/** A query run: its entries in order, the projects left for a page's rows, and the order. */
interface Evaluated {
  entries: Entry[];
  project: (e: Entry) => Entry;
  compare: (a: { sort: unknown[]; key: string }, b: { sort: unknown[]; key: string }) => number;
  projects: number;
  /** The stored resources the run read (a write stores a new object, so a change shows here). */
  read: Json[];
}

/** Query runs kept for continuations. */
const KEPT_RUNS = 8;

interface Cursor {
  f: string;
  s: unknown[];
  k: string;
}

export class ResourceGraph {
  private readonly secret = randomBytes(16);
  /** Rows by stored resource object: built once per object, whose top-level fields never change in place. */
  private readonly rowCache = new WeakMap<Json, Json>();
  private generation = 0;
  /** The last query runs, by fingerprint (query and scope), for their next pages. */
  private readonly runs = new Map<string, Evaluated>();
  private readonly currentGeneration = (): number => this.generation;

  constructor(
    private readonly state: EmulatorState,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Every subscription the emulator knows: the management group's members. */
  private allSubscriptions(): string[] {
    return [...this.state.directory.subscriptions.keys()];
  }

  /** The subscriptions a request searches, lower-cased. */
  scope(request: ResourceGraphRequest): Set<string> {
    const subs = new Set<string>();
    for (const s of request.subscriptions ?? []) subs.add(s.toLowerCase());
    for (const g of request.managementGroups ?? []) {
      if (g.toLowerCase() !== MANAGEMENT_GROUP) {
        throw badRequest(`The management group '${g}' was not found: the emulator has one, '${MANAGEMENT_GROUP}', holding every subscription.`, "ManagementGroupNotFound", this.clock());
      }
      for (const s of this.allSubscriptions()) subs.add(s);
    }
    if (request.subscriptions === undefined && request.managementGroups === undefined) for (const s of this.allSubscriptions()) subs.add(s);
    return subs;
  }

  private cachedRow(resource: Json, make: () => Json): Json {
    let r = this.rowCache.get(resource);
    if (!r) {
      r = make();
      this.rowCache.set(resource, r);
    }
    return r;
  }

  /** The rows in scope that pass `first` (the query's leading where stage, if any). */
  private rows(subscriptions: Set<string>, first: ((r: Json) => boolean) | undefined): Entry[] {
    const entries: Entry[] = [];
    // Keys are lower-cased ids: /subscriptions/{id}/...
    const inScope = (k: string): boolean => subscriptions.has(k.slice(15, k.indexOf("/", 15)));
    const add = (k: string, r: Json): void => {
      if (!first || first(r)) entries.push({ key: k, row: r, sort: [] });
    };
    for (const [k, c] of this.state.clusters) {
      if (inScope(k)) add(k, this.cachedRow(c, () => row(c, "microsoft.containerservice/managedclusters", () => publicProperties(c.properties), this.currentGeneration)));
    }
    for (const [k, v] of this.state.vnets) {
      if (inScope(k)) add(k, this.cachedRow(v, () => row(v, "microsoft.network/virtualnetworks", () => this.state.vnetView(v).properties, this.currentGeneration)));
    }
    return entries;
  }

  private fingerprint(request: ResourceGraphRequest, subscriptions: Set<string>): string {
    return createHmac("sha256", this.secret).update(`${request.query}\n${[...subscriptions].sort().join(",")}`).digest("base64url").slice(0, 16);
  }

  private token(cursor: Cursor): string {
    const payload = Buffer.from(JSON.stringify(cursor)).toString("base64url");
    return `${payload}.${createHmac("sha256", this.secret).update(payload).digest("base64url").slice(0, 22)}`;
  }

  private readToken(text: string, fingerprint: string): Cursor {
    const invalid = (why: string): never => {
      throw badRequest(`The $skipToken is not valid: ${why}. Send back the $skipToken of the previous page unchanged, with the same query and scope.`, "InvalidSkipToken", this.clock());
    };
    const [payload, mac, extra] = text.split(".");
    if (!payload || !mac || extra !== undefined || createHmac("sha256", this.secret).update(payload).digest("base64url").slice(0, 22) !== mac) return invalid("it was not issued by this service");
    const cursor = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Cursor;
    if (cursor.f !== fingerprint) return invalid("it belongs to another query or scope");
    return cursor;
  }

  /**
   * Runs a query's stages over the rows in scope: the entries in order, with the projects still
   * to apply to a page's rows and the order they are in.
   */
  private run(parsed: Query, subscriptions: Set<string>): Evaluated {
    const [head, ...rest] = parsed.stages;
    const leadingWhere = head?.kind === "where" ? head : undefined;
    let entries = this.rows(subscriptions, leadingWhere && ((r) => leadingWhere.conditions.every((c) => matches(r, c))));
    let descending: boolean[] = [];
    // A project is applied when a later where needs its columns, else only to the rows of the page:
    // an order after it reads through it (projected), so a 20,000-row scan projects 1,000 rows a page.
    let pending: ProjectStage[] = [];
    const project = (e: Entry): Entry => ({ key: e.key, sort: e.sort, row: pending.reduce((r, p) => Object.fromEntries(p.items.map((item) => [item.name, evaluate(r, item.expr)])), e.row) });
    for (const stage of leadingWhere ? rest : parsed.stages) {
      if (stage.kind === "where") {
        if (pending.length > 0) entries = entries.map(project);
        pending = [];
        entries = entries.filter((e) => stage.conditions.every((c) => matches(e.row, c)));
      } else if (stage.kind === "project") pending.push(stage);
      else if (stage.kind === "mvexpand") {
        if (pending.length > 0) entries = entries.map(project);
        pending = [];
        // One entry per element (keyed by the row's key and the element's index, so pages and
        // tokens stay stable); a row without an array, or with an empty one, gives none.
        entries = entries.flatMap((e) => {
          const items = evaluate(e.row, stage.expr);
          return Array.isArray(items) ? items.slice(0, stage.limit).map((item, i) => ({ key: `${e.key}#${String(i).padStart(6, "0")}`, sort: [], row: { ...e.row, [stage.name]: item } })) : [];
        });
      } else {
        for (const e of entries) e.sort = stage.keys.map((k) => projected(e.row, k.expr, pending));
        descending = stage.keys.map((k) => k.descending);
      }
    }
    const compare = (a: { sort: unknown[]; key: string }, b: { sort: unknown[]; key: string }): number => {
      for (const [i, desc] of descending.entries()) {
        const c = compareValues(a.sort[i] ?? null, b.sort[i] ?? null);
        if (c !== 0) return desc ? -c : c;
      }
      return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    };
    entries.sort(compare);
    return { entries, project, compare, projects: pending.length, read: this.stored() };
  }

  /** Every stored resource the table shows, in the maps' order. */
  private stored(): Json[] {
    return [...this.state.clusters.values(), ...this.state.vnets.values()] as Json[];
  }

  /** Whether the store holds exactly the objects `read` (a continuation may reuse its run). */
  private unchanged(read: readonly Json[]): boolean {
    if (read.length !== this.state.clusters.size + this.state.vnets.size) return false;
    let i = 0;
    for (const c of this.state.clusters.values()) if (c !== read[i++]) return false;
    for (const v of this.state.vnets.values()) if (v !== read[i++]) return false;
    return true;
  }

  /** Runs a checked request; throws ARG's 400 for a query outside the subset or a bad token. */
  query(request: ResourceGraphRequest): ResourceGraphResponse {
    let parsed: Query;
    try {
      parsed = parseKql(request.query, RESOURCE_GRAPH_COLUMNS);
    } catch (error) {
      if (!(error instanceof KqlError)) throw error;
      throw resourceGraphError(
        400,
        "BadRequest",
        `${error.message} (line ${error.line}, position ${error.column}). The emulator answers only the KQL subset aks-overlay's queries use: resources | where (=~, ==, in~, and) | project | order by | mv-expand, with tostring() and array_length().`,
        [INVALID_QUERY, { code: "ParserFailure", message: error.message, line: error.line, characterPositionInLine: error.column, token: error.token }],
        this.clock(),
      );
    }
    const subscriptions = this.scope(request);
    const fingerprint = this.fingerprint(request, subscriptions);
    const cursor = request.skipToken !== undefined ? this.readToken(request.skipToken, fingerprint) : undefined;

    this.generation++;
    // A continuation pages through the run its first page made (kept for the last few queries)
    // while no resource has been written since: re-running a 20,000-row query for each of its pages
    // would make a scan's cost quadratic.
    let evaluated = cursor || request.skip !== undefined ? this.runs.get(fingerprint) : undefined;
    if (evaluated && !this.unchanged(evaluated.read)) evaluated = undefined;
    if (!evaluated) {
      evaluated = this.run(parsed, subscriptions);
      this.runs.delete(fingerprint);
      this.runs.set(fingerprint, evaluated);
      for (const old of this.runs.keys()) if (this.runs.size > KEPT_RUNS) this.runs.delete(old);
    }
    const { entries, project, compare, projects } = evaluated;

    const total = entries.length;
    let start = 0;
    if (request.skip !== undefined) start = request.skip;
    else if (cursor) {
      const at = { sort: cursor.s, key: cursor.k };
      start = entries.findIndex((e) => compare(e, at) > 0);
      if (start < 0) start = total;
    }
    const page = entries.slice(start, start + request.top).map((e) => (projects > 0 ? project(e) : e));
    const last = page.at(-1);
    const more = last !== undefined && start + page.length < total;
    const rows = page.map((e) => e.row);
    return {
      totalRecords: total,
      count: page.length,
      resultTruncated: "false",
      ...(more && { $skipToken: this.token({ f: fingerprint, s: last.sort.map((v) => v ?? null), k: last.key }) }),
      data: request.resultFormat === "table" ? asTable(rows, parsed) : rows,
      facets: [],
    };
  }
}

/** The table result format: columns with ARG's type names, and rows of values in column order. */
function asTable(rows: Json[], query: Query): { columns: { name: string; type: string }[]; rows: unknown[][] } {
  const project = query.stages.filter((s) => s.kind === "project").at(-1);
  const names = project ? project.items.map((i) => i.name) : [...RESOURCE_GRAPH_COLUMNS];
  const typeOf = (name: string): string => {
    const item = project?.items.find((i) => i.name === name);
    if (item?.expr.tostring) return "string";
    const sample = rows.map((r) => r[name]).find((v) => v !== null && v !== undefined);
    if (typeof sample === "string") return "string";
    if (typeof sample === "number") return Number.isInteger(sample) ? "integer" : "real";
    if (typeof sample === "boolean") return "boolean";
    return sample === undefined && ["id", "name", "type", "tenantId", "kind", "location", "resourceGroup", "subscriptionId", "managedBy"].includes(name) ? "string" : "object";
  };
  return { columns: names.map((name) => ({ name, type: typeOf(name) })), rows: rows.map((r) => names.map((n) => r[n] ?? null)) };
}

/** hh:mm:ss, rounded up to the second (ARG's x-ms-user-quota-resets-after). */
export function quotaDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${two(Math.floor(total / 3600))}:${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
}

/**
 * ARG's per-user quota (guidance-for-throttled-requests: "a user can send at most 15 queries within
 * every 5-second window"): a window opens with a client's first query and holds `quota` queries;
 * the headers tell how many are left and when the window resets; one more is 429 until then.
 * A client is its bearer token.
 */
export class ResourceGraphQuota {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    readonly quota: number,
    readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  take(client: string): { allowed: boolean; remaining: number; resetsAfterMs: number } {
    const now = this.clock();
    let w = this.windows.get(client);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, used: 0 };
      this.windows.set(client, w);
    }
    const resetsAfterMs = w.start + this.windowMs - now;
    if (w.used >= this.quota) return { allowed: false, remaining: 0, resetsAfterMs };
    w.used++;
    return { allowed: true, remaining: this.quota - w.used, resetsAfterMs };
  }
}
