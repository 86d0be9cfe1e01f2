/**
 * A saved plan read back for `apply`: parsed, checked against the plan document's schema, and
 * checked for consistency (every body matches its diff), so a truncated, edited or other-version
 * plan is refused with what is wrong. Loaded only by `apply`.
 */
import { z } from "zod";
import { UsageError } from "../errors.js";
import { FORMAT_VERSION } from "../plan/documents.js";
import { type PlanDocument, diff } from "../plan/plan.js";
import { describeIssues } from "./designFile.js";

const json = z.record(z.string(), z.unknown());
const finding = z.looseObject({ severity: z.enum(["error", "warning", "info"]), code: z.string(), field: z.string(), message: z.string() });
const change = z.strictObject({
  action: z.enum(["create", "update", "noop"]),
  resourceType: z.string(),
  resourceId: z.string().startsWith("/subscriptions/"),
  etag: z.string().nullable(),
  diff: z.array(z.strictObject({ path: z.string(), before: z.unknown(), after: z.unknown() })),
  body: json,
});

export const planSchema = z.strictObject({
  formatVersion: z.literal(FORMAT_VERSION),
  kind: z.literal("plan"),
  operation: z.enum(["create", "upgrade", "nodepool-add"]),
  target: z.strictObject({
    subscriptionId: z.string(),
    resourceGroup: z.string(),
    name: z.string(),
    resourceId: z.string().startsWith("/subscriptions/"),
    pool: z.string().optional(),
  }),
  valid: z.boolean(),
  findings: z.array(finding),
  capacity: json.nullable(),
  changes: z.array(change),
  defaulted: z.array(z.string()),
  basis: z.array(z.strictObject({ resourceId: z.string(), etag: z.string().nullable() })),
  chosenByAzure: z.record(z.string(), z.string()).optional(),
  armEndpoint: z.string(),
  createdAt: z.iso.datetime(),
});

/** Reads a plan saved as JSON (--out), or as YAML (the same document from -o yaml). */
export async function parsePlanFile(text: string, name: string): Promise<PlanDocument> {
  if (text.trim() === "") throw new UsageError(`${name}: the plan file is empty`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    if (/^\s*[{[]/.test(text)) throw new UsageError(`${name}: not a plan (not valid JSON, perhaps truncated): ${(error as Error).message}`);
    const { parseDocument } = await import("yaml");
    const doc = parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length > 0) throw new UsageError(`${name}: not a plan (neither JSON nor YAML, perhaps truncated): ${doc.errors[0]?.message.split("\n")[0]}`);
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new UsageError(`${name}: not a plan: ${(e as Error).message}`);
    }
  }
  const record = data as Record<string, unknown> | null;
  if (record && typeof record === "object" && record.kind === "plan" && record.formatVersion !== FORMAT_VERSION) {
    throw new UsageError(`${name}: plan format version ${JSON.stringify(record.formatVersion)}; this aks-overlay reads version ${FORMAT_VERSION}. Plan again with this version.`);
  }
  const result = planSchema.safeParse(data);
  if (!result.success) {
    const problems = describeIssues(data, result.error.issues);
    throw new UsageError(`${name} is not a valid plan (${problems.length === 1 ? "1 problem" : `${problems.length} problems`}):\n  ${problems.join("\n  ")}`);
  }
  const plan = result.data as unknown as PlanDocument;
  if (!plan.valid) throw new UsageError(`${name}: the plan has error findings, so there is nothing to apply; fix them and plan again`);
  const prefix = plan.target.resourceId.toLowerCase();
  for (const [i, c] of plan.changes.entries()) {
    if (!c.resourceId.toLowerCase().startsWith(prefix)) {
      throw new UsageError(`${name}: changes[${i}] is about ${c.resourceId}, outside the plan's target ${plan.target.resourceId} (edited?)`);
    }
    if (c.action === "create" && JSON.stringify(diff(undefined, c.body)) !== JSON.stringify(c.diff)) {
      throw new UsageError(`${name}: changes[${i}].body does not match its diff: the plan was edited after it was made. Plan again.`);
    }
    if (c.action === "update" && !c.etag) throw new UsageError(`${name}: changes[${i}] updates ${c.resourceId} without the eTag it was planned against`);
  }
  return plan;
}
