/**
 * One versioned document on stdout: as JSON or YAML (the same document), or as TSV for a shell
 * (az's -o tsv). `--query` (JMESPath, as in az) picks from the document first.
 */
import { quoted, shown } from "../network/shown.js";
import { loadYaml } from "../input/yamlModule.js";
import { UsageError } from "../errors.js";

export type OutputFormat = "table" | "json" | "yaml" | "tsv";
export type DocumentFormat = Exclude<OutputFormat, "table">;

export async function serializeDocument(doc: unknown, format: DocumentFormat, query?: string): Promise<string> {
  const picked = query === undefined ? doc : await applyQuery(doc, query);
  if (format === "json") return `${JSON.stringify(picked, null, 2)}\n`;
  if (format === "tsv") return tsv(picked);
  const { stringify } = await loadYaml();
  return stringify(picked, { lineWidth: 0 });
}

type Jmespath = typeof import("jmespath") & { compile: (query: string) => unknown };

async function jmespath(): Promise<Jmespath> {
  // A CommonJS module: its functions are on the default export once bundled. compile (the parser)
  // is exported though its types leave it out.
  const mod = (await import("jmespath")) as Jmespath & { default?: Jmespath };
  return mod.default ?? mod;
}

function queryError(query: string, error: unknown): UsageError {
  return new UsageError(`--query ${quoted(query, 80)}: ${shown((error as Error).message, 200)} (a JMESPath expression, as az's --query)`);
}

/** Checks a --query before the command runs (a write must not happen for a query that cannot be read). */
export async function checkQuery(query: string): Promise<void> {
  const { compile } = await jmespath();
  try {
    compile(query);
  } catch (error) {
    throw queryError(query, error);
  }
}

/** A JMESPath expression over the document; a bad one is a usage error naming it. */
async function applyQuery(doc: unknown, query: string): Promise<unknown> {
  const { search } = await jmespath();
  try {
    return search(doc as Parameters<typeof search>[0], query) ?? null;
  } catch (error) {
    throw queryError(query, error);
  }
}

/** A scalar as a TSV cell: "" for null, true/false, numbers as written; tabs and newlines become spaces. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  return String(v).replace(/[\t\r\n]+/g, " ");
}

const isScalar = (v: unknown): boolean => v === null || typeof v !== "object";

/** One row: a scalar alone, or an object's scalar fields in key order (nested values left out, as az does). */
function row(v: unknown): string {
  if (isScalar(v)) return cell(v);
  if (Array.isArray(v)) return v.filter(isScalar).map(cell).join("\t");
  return Object.values(v as Record<string, unknown>).filter(isScalar).map(cell).join("\t");
}

/**
 * az's -o tsv: a list is a row per element, anything else one row. A list of objects has the same
 * columns in every row (each key any element has a scalar under, in the order first seen), a
 * missing or nested value an empty cell, so that `cut -f` finds a field in the same column.
 */
export function tsv(v: unknown): string {
  let rows: string[];
  if (Array.isArray(v) && v.some((e) => !isScalar(e) && !Array.isArray(e))) {
    const keys: string[] = [];
    const seen = new Set<string>();
    for (const e of v) {
      if (isScalar(e) || Array.isArray(e)) continue;
      for (const [k, value] of Object.entries(e as Record<string, unknown>)) {
        if (isScalar(value) && !seen.has(k)) {
          seen.add(k);
          keys.push(k);
        }
      }
    }
    rows = v.map((e) => {
      if (isScalar(e) || Array.isArray(e)) return row(e);
      const o = e as Record<string, unknown>;
      return keys.map((k) => (isScalar(o[k]) ? cell(o[k]) : "")).join("\t");
    });
  } else rows = Array.isArray(v) ? v.map(row) : [row(v)];
  return rows.length === 0 ? "" : `${rows.join("\n")}\n`;
}
