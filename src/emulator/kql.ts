/**
 * The subset of KQL (Kusto Query Language) the emulator's Azure Resource Graph answers: the forms
 * aks-overlay's own queries use, and nothing else. Anything outside it is refused (KqlError, which
 * the route answers as ARG's 400 InvalidQuery naming the unsupported part), never guessed at.
 *
 *   query      := table ( "|" stage )*
 *   table      := resources                          (the only table; "Resources" too)
 *   stage      := where cond ( and cond )*
 *               | project item ( "," item )*
 *               | order by expr [ asc | desc ] ( "," expr [ asc | desc ] )*
 *               | mv-expand name "=" path [ limit number ]   (one row per element of an array)
 *   cond       := expr "=~" string                   (equals, case-insensitive)
 *               | expr "==" string                   (equals, case-sensitive)
 *               | expr "in~" "(" string ( "," string )* ")"   (one of, case-insensitive)
 *   item       := name "=" expr | expr               (a bare path is named like KQL: properties_x_y)
 *   expr       := path | tostring "(" path ")" | array_length "(" path ")"
 *   path       := column ( "." name | "[" string "]" )*     (tags['env'], properties.powerState.code)
 *   string     := '...' or "..." (backslash escapes \' \" \\)
 *   comments   := // to the end of the line
 *
 * Semantics as KQL's: keywords are lower-case; `order by` without a direction is desc, nulls first
 * in asc and last in desc; a missing path is null; `tostring(null)` is ""; `tostring` of an object or
 * array is its JSON; `array_length` of anything but an array is null; a comparison with null is false;
 * a path must start at a column of the stage's input (after `project`, only the projected names).
 * `mv-expand` makes one row per element of the array at the path (the element in the new column,
 * the other columns repeated), at most `limit` a row (128 when no limit is given); a row whose
 * value is not an array or is an empty one gives no row. Pure: no I/O.
 */

export type Json = Record<string, unknown>;

export class KqlError extends Error {
  constructor(
    message: string,
    /** The unsupported or unexpected part of the query, as written. */
    readonly token: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

interface Token {
  kind: "ident" | "string" | "op" | "end";
  text: string;
  /** The string's value (kind string). */
  value?: string;
  line: number;
  column: number;
}

const OPS = ["=~", "==", "in~", "|", ",", "(", ")", "[", "]", ".", "="];

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (): { line: number; column: number } => ({ line, column: i - lineStart + 1 });
  while (i < query.length) {
    const ch = query[i] as string;
    if (ch === "\n") {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (query.startsWith("//", i)) {
      while (i < query.length && query[i] !== "\n") i++;
      continue;
    }
    const pos = at();
    if (ch === "'" || ch === '"') {
      let value = "";
      let j = i + 1;
      for (; j < query.length && query[j] !== ch; j++) {
        if (query[j] === "\n") break;
        if (query[j] === "\\" && j + 1 < query.length) j++;
        value += query[j];
      }
      if (query[j] !== ch) throw new KqlError(`unterminated string literal`, query.slice(i, j), pos.line, pos.column);
      tokens.push({ kind: "string", text: query.slice(i, j + 1), value, ...pos });
      i = j + 1;
      continue;
    }
    const ident = /^(mv-expand\b|[A-Za-z_][A-Za-z0-9_]*)/.exec(query.slice(i, i + 200));
    if (ident) {
      const word = ident[0];
      if (word === "in" && query[i + 2] === "~") {
        tokens.push({ kind: "op", text: "in~", ...pos });
        i += 3;
        continue;
      }
      tokens.push({ kind: "ident", text: word, ...pos });
      i += word.length;
      continue;
    }
    const op = OPS.find((o) => query.startsWith(o, i));
    if (op) {
      tokens.push({ kind: "op", text: op, ...pos });
      i += op.length;
      continue;
    }
    // Anything else (numbers, other operators) is a token the parser then refuses where it stands.
    const other = /^(\d[\w.]*|[^\sA-Za-z0-9_'"()[\],.|]+)/.exec(query.slice(i, i + 40))?.[0] ?? ch;
    tokens.push({ kind: "op", text: other, ...pos });
    i += other.length;
  }
  tokens.push({ kind: "end", text: "<end of query>", line, column: i - lineStart + 1 });
  return tokens;
}

export type PathSegment = string;

export interface Expr {
  path: PathSegment[];
  tostring: boolean;
  /** array_length(path). */
  arrayLength?: boolean;
  /** As written, for messages. */
  text: string;
}

export type Condition = { expr: Expr; op: "=~" | "=="; value: string } | { expr: Expr; op: "in~"; values: string[] };

export type Stage =
  | { kind: "where"; conditions: Condition[] }
  | { kind: "project"; items: { name: string; expr: Expr }[] }
  | { kind: "order"; keys: { expr: Expr; descending: boolean }[] }
  | { kind: "mvexpand"; name: string; expr: Expr; limit: number };

/** mv-expand's row limit when the query names none, and the most it may name. */
export const MV_EXPAND_DEFAULT_LIMIT = 128;
export const MV_EXPAND_MAX_LIMIT = 2000;

export interface Query {
  stages: Stage[];
}

const TABLES = new Set(["resources", "Resources"]);

/** Parses a query of the subset; `columns` are the table's columns. Throws KqlError. */
export function parseKql(query: string, columns: readonly string[]): Query {
  const tokens = tokenize(query);
  let p = 0;
  const peek = (): Token => tokens[p] as Token;
  const next = (): Token => tokens[p++] as Token;
  const fail = (t: Token, message: string): never => {
    throw new KqlError(message, t.text, t.line, t.column);
  };
  const expectOp = (op: string): Token => {
    const t = next();
    if (t.kind !== "op" || t.text !== op) fail(t, `expected '${op}' but found '${t.text}'`);
    return t;
  };
  const expectString = (): string => {
    const t = next();
    if (t.kind !== "string") fail(t, `expected a string literal ('...') but found '${t.text}': the supported KQL subset compares with string literals only`);
    return t.value as string;
  };
  let schema = new Set(columns);

  const parsePath = (): { path: string[]; text: string } => {
    const head = next();
    if (head.kind !== "ident") return fail(head, `expected a column name but found '${head.text}'`);
    if (!schema.has(head.text)) fail(head, `unknown column '${head.text}' (the columns here are ${[...schema].join(", ")})`);
    const path = [head.text];
    let text = head.text;
    for (;;) {
      const t = peek();
      if (t.kind === "op" && t.text === ".") {
        next();
        const name = next();
        if (name.kind !== "ident") fail(name, `expected a property name after '.' but found '${name.text}'`);
        path.push(name.text);
        text += `.${name.text}`;
      } else if (t.kind === "op" && t.text === "[") {
        next();
        const k = expectString();
        expectOp("]");
        path.push(k);
        text += `['${k}']`;
      } else return { path, text };
    }
  };

  const parseExpr = (): Expr => {
    const t = peek();
    if (t.kind === "ident" && t.text === "tostring") {
      next();
      expectOp("(");
      const inner = parsePath();
      expectOp(")");
      return { path: inner.path, tostring: true, text: `tostring(${inner.text})` };
    }
    if (t.kind === "ident" && t.text === "array_length") {
      next();
      expectOp("(");
      const inner = parsePath();
      expectOp(")");
      return { path: inner.path, tostring: false, arrayLength: true, text: `array_length(${inner.text})` };
    }
    if (t.kind === "ident" && tokens[p + 1]?.kind === "op" && tokens[p + 1]?.text === "(") {
      fail(t, `the function '${t.text}' is not part of the supported KQL subset (only tostring() and array_length())`);
    }
    const path = parsePath();
    return { path: path.path, tostring: false, text: path.text };
  };

  const parseCondition = (): Condition => {
    const expr = parseExpr();
    const op = next();
    if (op.kind === "op" && (op.text === "=~" || op.text === "==")) return { expr, op: op.text, value: expectString() };
    if (op.kind === "op" && op.text === "in~") {
      expectOp("(");
      const values = [expectString()];
      while (peek().kind === "op" && peek().text === ",") {
        next();
        values.push(expectString());
      }
      expectOp(")");
      return { expr, op: "in~", values };
    }
    return fail(op, `the operator '${op.text}' is not part of the supported KQL subset (only =~, == and in~ (...))`);
  };

  const table = next();
  if (table.kind !== "ident" || !TABLES.has(table.text)) fail(table, `the table '${table.text}' is not supported: 'resources' is the only table`);
  const stages: Stage[] = [];
  while (peek().kind !== "end") {
    expectOp("|");
    const op = next();
    if (op.kind !== "ident") fail(op, `expected a query operator but found '${op.text}'`);
    if (op.text === "where") {
      const conditions = [parseCondition()];
      while (peek().kind === "ident" && peek().text === "and") {
        next();
        conditions.push(parseCondition());
      }
      stages.push({ kind: "where", conditions });
    } else if (op.text === "project") {
      const items: { name: string; expr: Expr }[] = [];
      do {
        if (items.length > 0) next();
        const t = peek();
        let name: string | undefined;
        if (t.kind === "ident" && tokens[p + 1]?.kind === "op" && tokens[p + 1]?.text === "=") {
          name = t.text;
          p += 2;
        }
        const expr = parseExpr();
        name ??= expr.path.join("_");
        if (items.some((x) => x.name === name)) fail(t, `the column '${name}' is projected twice`);
        items.push({ name, expr });
      } while (peek().kind === "op" && peek().text === ",");
      stages.push({ kind: "project", items });
      schema = new Set(items.map((x) => x.name));
    } else if (op.text === "order") {
      const by = next();
      if (by.kind !== "ident" || by.text !== "by") fail(by, `expected 'by' after 'order' but found '${by.text}'`);
      const keys: { expr: Expr; descending: boolean }[] = [];
      do {
        if (keys.length > 0) next();
        const expr = parseExpr();
        let descending = true;
        const dir = peek();
        if (dir.kind === "ident" && (dir.text === "asc" || dir.text === "desc")) {
          next();
          descending = dir.text === "desc";
        }
        keys.push({ expr, descending });
      } while (peek().kind === "op" && peek().text === ",");
      stages.push({ kind: "order", keys });
    } else if (op.text === "mv-expand") {
      const t = next();
      if (t.kind !== "ident" || !(peek().kind === "op" && peek().text === "=")) fail(t, `expected 'name = path' after mv-expand but found '${t.text}'`);
      next();
      const expr = parseExpr();
      if (expr.tostring || expr.arrayLength) fail(t, `mv-expand expands a path, not ${expr.text}`);
      let limit = MV_EXPAND_DEFAULT_LIMIT;
      if (peek().kind === "ident" && peek().text === "limit") {
        next();
        const n = next();
        if (!/^\d+$/.test(n.text) || Number(n.text) < 1 || Number(n.text) > MV_EXPAND_MAX_LIMIT) fail(n, `expected a row limit from 1 to ${MV_EXPAND_MAX_LIMIT} after 'limit' but found '${n.text}'`);
        limit = Number(n.text);
      }
      if (schema.has(t.text)) fail(t, `the column '${t.text}' already exists`);
      stages.push({ kind: "mvexpand", name: t.text, expr, limit });
      schema = new Set([...schema, t.text]);
    } else fail(op, `the operator '${op.text}' is not part of the supported KQL subset (only where, project, order by and mv-expand)`);
    const after = peek();
    if (after.kind !== "end" && !(after.kind === "op" && after.text === "|")) fail(after, `unexpected '${after.text}'`);
  }
  return { stages };
}

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** The value at a path of a row; undefined when any step is missing. */
export function valueAt(row: Json, path: readonly string[]): unknown {
  let v: unknown = row;
  for (const segment of path) {
    if (!isObject(v)) return undefined;
    v = v[segment];
  }
  return v;
}

/** KQL's tostring(): "" for null, JSON for objects and arrays. */
export function kqlToString(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export function evaluate(row: Json, expr: Expr): unknown {
  const v = valueAt(row, expr.path);
  if (expr.tostring) return kqlToString(v);
  if (expr.arrayLength) return Array.isArray(v) ? v.length : null;
  return v === undefined ? null : v;
}

/** A scalar as the string a comparison sees; undefined for null (a comparison with null is false). */
function comparable(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return kqlToString(v);
}

export function matches(row: Json, c: Condition): boolean {
  const v = comparable(evaluate(row, c.expr));
  if (v === undefined) return false;
  const lower = v.toLowerCase();
  if (c.op === "in~") return c.values.some((x) => x.toLowerCase() === lower);
  if (c.op === "==") return v === c.value;
  return lower === c.value.toLowerCase();
}

const rank = (v: unknown): number => (v === null || v === undefined ? 0 : typeof v === "boolean" ? 1 : typeof v === "number" ? 2 : typeof v === "string" ? 3 : 4);

/** KQL's ascending order of two values: nulls first, then booleans, numbers, strings (ordinal), dynamic values by their JSON. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (ra === 1 || ra === 2) return Number(a) - Number(b);
  const sa = ra === 3 ? (a as string) : JSON.stringify(a);
  const sb = ra === 3 ? (b as string) : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
