/**
 * The design file (`--file design.yaml|json`): parsed as YAML (a superset of JSON) and checked
 * with a zod schema; every bad field is reported with its path and value. Loaded only when
 * --file is given, so plain `validate` never pays for zod or yaml.
 */
import { loadYaml } from "./yamlModule.js";
import { duplicateJsonKey } from "./jsonKeys.js";
import { z } from "zod";
import type { DesignInput } from "../network/design.js";
import { NETWORK_DATAPLANES, NETWORK_POLICIES, OS_TYPES, OUTBOUND_TYPES, POOL_MODES, VM_SET_TYPES } from "../network/facts.js";
import { UsageError } from "../errors.js";
import { formatCount, plural } from "../network/findings.js";
import { quoted, shown } from "../network/shown.js";
import { MAX_VALUE_LENGTH, checkInputText, checkParsedDepth } from "./limits.js";

const text = z.string().max(MAX_VALUE_LENGTH);
/** A list: a YAML/JSON array of strings, or one comma-separated string. */
const list = z.union([z.array(text), z.string().transform((s) => s.split(",").map((v) => v.trim()))]);
const wholeNumber = z.number().int();
/** "5", "33%" or a bare number. */
const surge = z.union([z.string(), z.number().int().transform(String)]);
/**
 * One of `values`, matched without regard to case like the flags' choices (`Azure` is `azure`),
 * and returned in its canonical spelling.
 */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const canonical = (input: unknown): unknown =>
    typeof input === "string" ? (values.find((v) => v.toLowerCase() === input.trim().toLowerCase()) ?? input) : input;
  return z.preprocess(canonical, z.enum(values));
}

const pool = z.strictObject({
  name: text.optional(),
  count: wholeNumber.optional(),
  enableAutoScaling: z.boolean().optional(),
  minCount: wholeNumber.optional(),
  maxCount: wholeNumber.optional(),
  maxSurge: surge.optional(),
  maxUnavailable: surge.optional(),
  maxPods: wholeNumber.optional(),
  vmSize: text.optional(),
  osType: oneOf(OS_TYPES).optional(),
  osSku: text.optional(),
  mode: oneOf(POOL_MODES).optional(),
  subnetCidr: text.optional(),
  vmSetType: oneOf(VM_SET_TYPES).optional(),
});

export const designFileSchema = z.strictObject({
  name: text.optional(),
  resourceGroup: text.optional(),
  location: text.optional(),
  kubernetesVersion: text.optional(),
  podCidr: text.optional(),
  podCidrs: list.optional(),
  serviceCidr: text.optional(),
  serviceCidrs: list.optional(),
  dnsServiceIp: text.optional(),
  ipFamilies: list.optional(),
  networkDataplane: oneOf(NETWORK_DATAPLANES).optional(),
  networkPolicy: oneOf(NETWORK_POLICIES).optional(),
  outboundType: oneOf(OUTBOUND_TYPES).optional(),
  enableAddons: list.optional(),
  enableStaticEgressGateway: z.boolean().optional(),
  vnetCidrs: list.optional(),
  nodeSubnetCidr: text.optional(),
  peeredCidrs: list.optional(),
  vnetSubnetId: text.optional(),
  nodepoolName: text.optional(),
  nodeCount: wholeNumber.optional(),
  enableClusterAutoscaler: z.boolean().optional(),
  minCount: wholeNumber.optional(),
  maxCount: wholeNumber.optional(),
  maxSurge: surge.optional(),
  maxUnavailable: surge.optional(),
  maxPods: wholeNumber.optional(),
  nodeVmSize: text.optional(),
  osType: oneOf(OS_TYPES).optional(),
  osSku: text.optional(),
  vmSetType: oneOf(VM_SET_TYPES).optional(),
  nodePools: z.array(pool).min(1).optional(),
});

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  // A long string is cut before it is encoded, not after.
  const json = typeof value === "string" && value.length > 60 ? JSON.stringify(value.slice(0, 60)) : JSON.stringify(value);
  return shown(json.length > 60 ? `${json.slice(0, 57)}...` : json);
}

/**
 * What a whole file turned out to be, described and never quoted: a file that is not a design
 * (a credentials file, /proc/self/environ) must not land in an error message.
 */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing (null)";
  if (Array.isArray(value)) return `a list of ${plural(value.length, "item")}`;
  if (typeof value === "string") return `a single string of ${plural(value.length, "character")}`;
  if (typeof value === "object") return "a mapping";
  return `a ${typeof value}`;
}

const KNOWN_KEYS = [...Object.keys(designFileSchema.shape), ...Object.keys(pool.shape)];

function closest(key: string): string | undefined {
  const lower = key.toLowerCase().replace(/[-_]/g, "");
  // Never the key itself: a design key that a plan's request does not take is not a typo.
  return KNOWN_KEYS.find((k) => k.toLowerCase() === lower && k !== key);
}

/**
 * An unknown key as a message shows it: a key that looks like a field name, quoted; anything else
 * (a line of some other file read by mistake, a password file, a key file) is not echoed.
 */
function unknownKey(key: string): string {
  return fieldLike(key) ? quoted(key) : `of ${formatCount([...key].length)} characters (not shown: no field name looks like it)`;
}

/** A key that could be a field name (or YAML's merge key): safe and useful to quote back. */
const fieldLike = (key: string): boolean => /^([A-Za-z_$][\w.$-]{0,63}|<<)$/.test(key);

/** The most problems an error message lists; the rest are counted. */
const PROBLEMS_SHOWN = 20;

/** The problems, one per line, at most 20 of them and a count of the rest. */
export function listProblems(problems: readonly string[]): string {
  const lines = problems.slice(0, PROBLEMS_SHOWN);
  if (problems.length > PROBLEMS_SHOWN) lines.push(`... and ${formatCount(problems.length - PROBLEMS_SHOWN)} more`);
  return lines.join("\n  ");
}

/** One readable line per problem: "nodePools[1].maxPods: expected a whole number, got \"abc\"". */
export function describeIssues(data: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const where = formatPath(issue.path) || "(top level)";
    const got = valueAt(data, issue.path);
    switch (issue.code) {
      case "unrecognized_keys":
        return issue.keys.map((k) => {
          const hint = closest(k);
          return `${where === "(top level)" ? "" : `${where}: `}unknown key ${unknownKey(k)}${hint ? ` (did you mean ${hint}?)` : ""}`;
        });
      case "invalid_type": {
        const expected =
          issue.expected === "number" || issue.expected === "int"
            ? "a whole number"
            : issue.expected === "array"
              ? "a list"
              : issue.expected === "object"
                ? "a mapping"
                : `a ${issue.expected}`;
        const version =
          String(issue.path[issue.path.length - 1]) === "kubernetesVersion" && typeof got === "number"
            ? ` (quote it: "${versionAsWritten(got)}"; as a YAML number 1.30 would be read as 1.3)`
            : "";
        return `${where}: expected ${expected}, got ${show(got)}${version}`;
      }
      case "invalid_value":
        return `${where}: ${show(got)} is not one of ${issue.values.map((v) => String(v)).join(", ")}`;
      case "invalid_union":
        return `${where}: ${show(got)} is not valid here (expected ${describeUnion(issue.path)})`;
      case "too_small":
        return `${where}: must not be empty`;
      case "too_big":
        return typeof got === "string"
          ? `${where}: ${show(got)} has ${formatCount(got.length)} characters, more than the ${formatCount(Number(issue.maximum))} a value may have`
          : Array.isArray(got)
            ? `${where}: ${formatCount(got.length)} entries, more than the ${formatCount(Number(issue.maximum))} allowed`
            : `${where}: ${issue.message} (got ${show(got)})`;
      default:
        return `${where}: ${issue.message} (got ${show(got)})`;
    }
  });
}

/** A version written as a YAML number, shown as the user most likely wrote it. */
function versionAsWritten(n: number): string {
  const text = String(n);
  return /^\d+\.\d$/.test(text) ? `${text}0" or "${text}` : text;
}

function describeUnion(path: readonly PropertyKey[]): string {
  const last = String(path[path.length - 1] ?? "");
  if (last === "maxSurge" || last === "maxUnavailable") return `a whole number or a percentage such as "33%"`;
  if (last === "kubernetesVersion") return `a version such as "1.31"`;
  return "a list of strings, or one comma-separated string";
}

/** The key a line starts with ("podCidr"), when it starts with a plain key; never its value. */
function keyOnLine(source: string, lineNumber: number): string | undefined {
  let start = 0;
  for (let n = 1; n < lineNumber; n++) {
    const next = source.indexOf("\n", start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  const match = /^[ \t-]*([A-Za-z_][\w-]{0,40}):(?:\s|$)/.exec(source.slice(start, start + 200));
  return match ? match[1] : undefined;
}

/** Parses a design file's text. `name` is how the file is named in messages. */
export async function parseDesignFile(source: string, fileName: string): Promise<DesignInput> {
  const name = shown(fileName);
  if (source.trim() === "") throw new UsageError(`--file ${name}: the file is empty`);
  checkInputText(source, `--file ${name}`);
  // JSON is read as JSON (much faster than through the YAML reader, which also accepts it);
  // anything JSON.parse refuses goes on to YAML, which reports where it is wrong.
  const json = source.trimStart().startsWith("{") ? parsedJson(source) : undefined;
  if (json !== undefined) {
    const duplicate = duplicateJsonKey(source);
    if (duplicate !== undefined) throw new UsageError(`--file ${name}: the key ${shown(duplicate, 60)} appears twice in one object; keep one`);
    return checkedDesign(json, name);
  }
  const { parseAllDocuments } = await loadYaml();
  // `<<: *anchor` merge keys, common in Kubernetes YAML, are read (a key given beside one wins).
  const docs = parseAllDocuments(source, { prettyErrors: true, uniqueKeys: true, stringKeys: true, merge: true });
  if (!Array.isArray(docs) || docs.length === 0) {
    throw new UsageError(`--file ${name}: expected a mapping of design fields (podCidr, nodePools, ...), got nothing`);
  }
  if (docs.length > 1) throw new UsageError(`--file ${name}: holds ${docs.length} YAML documents; put the whole design in one`);
  const doc = docs[0] as (typeof docs)[number];
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const pos = first?.linePos?.[0];
    // The file's text is never quoted (it may not be a design at all); a key's name helps find the line.
    const key = pos ? keyOnLine(source, pos.line) : undefined;
    const where = pos ? ` at line ${pos.line}, column ${pos.col}${key ? ` (key ${key})` : ""}` : "";
    const reason = shown(first?.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? "malformed", 120);
    throw new UsageError(`--file ${name}: not valid YAML or JSON${where}: ${reason}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new UsageError(`--file ${name}: ${shown((error as Error).message, 120)}`);
  }
  return checkedDesign(data, name);
}

function parsedJson(source: string): unknown {
  try {
    return JSON.parse(source) as unknown;
  } catch {
    return undefined;
  }
}

/** The parsed file as a design: a mapping, not too deep, every field as the schema says. */
function checkedDesign(data: unknown, name: string): DesignInput {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new UsageError(`--file ${name}: expected a mapping of design fields (podCidr, nodePools, ...), got ${describeValue(data)}`);
  }
  checkParsedDepth(data, `--file ${name}`);
  // A mapping with not one design key is some other file: say so, and quote none of it.
  const keys = Object.keys(data);
  if (keys.some((k) => !fieldLike(k)) && !keys.some((k) => k in designFileSchema.shape || closest(k) !== undefined)) {
    throw new UsageError(`--file ${name}: not a design file: none of its ${formatCount(keys.length)} top-level key${keys.length === 1 ? " is a design field" : "s is a design field"} (podCidr, serviceCidr, nodePools, ...; README, "Design files")`);
  }
  const result = designFileSchema.safeParse(data);
  if (!result.success) {
    const problems = describeIssues(data, result.error.issues);
    throw new UsageError(`--file ${name} has ${problems.length === 1 ? "a problem" : `${formatCount(problems.length)} problems`}:\n  ${listProblems(problems)}`);
  }
  return result.data as DesignInput;
}
