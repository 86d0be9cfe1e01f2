/**
 * A saved plan read back for `apply`: parsed, checked against the plan document's schema (with
 * each operation's request checked strictly), and refused when it holds a secret. Nothing here
 * trusts the plan: apply decides it again from its request. Loaded only by `apply`.
 */
import { loadYaml } from "./yamlModule.js";
import { z } from "zod";
import { UsageError } from "../errors.js";
import { OS_TYPES, POOL_MODES, VM_SET_TYPES } from "../network/facts.js";
import { GUID } from "../network/resourceIds.js";
import { secretPathsIn } from "../network/secrets.js";
import { OPERATIONS, type Operation, PLAN_FORMAT_VERSION, type PlanDocument } from "../plan/plan.js";
import { shown } from "../network/shown.js";
import { describeIssues, describeValue, designFileSchema, listProblems } from "./designFile.js";
import { checkInputText, checkParsedDepth } from "./limits.js";

const json = z.record(z.string(), z.unknown());
/** The most findings a saved plan may list (they are never trusted, only shown). */
const MAX_PLAN_FINDINGS = 10_000;
const name = z.string().min(1);
const subscriptionId = z.string().regex(GUID, "a subscription id (GUID)");
const finding = z.looseObject({ severity: z.enum(["error", "warning", "info"]), code: z.string(), message: z.string() });
const change = z.strictObject({
  action: z.enum(["create", "update", "noop"]),
  resourceType: z.string(),
  resourceId: z.string().startsWith("/subscriptions/"),
  etag: z.string().nullable(),
  diff: z.array(z.strictObject({ path: z.string(), before: z.unknown(), after: z.unknown() })),
  body: json,
  fill: z.array(z.strictObject({ path: z.string(), fromChange: z.number().int().min(0), fromPath: z.string() })).optional(),
});

/** A pool change (nodepool scale / update). */
const poolChange = z.strictObject({
  subscriptionId,
  resourceGroup: name,
  clusterName: name,
  name,
  nodeCount: z.number().int().min(0).optional(),
  autoscaler: z.enum(["enable", "update", "disable"]).optional(),
  minCount: z.number().int().optional(),
  maxCount: z.number().int().optional(),
  maxSurge: z.string().optional(),
  maxUnavailable: z.string().optional(),
});

/** The first pool's az flags (create: zones, labels, taints, OS disk); nodepool add adds Spot and tags. */
const firstPoolExtras = z.strictObject({
  zones: z.array(z.string()).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  taints: z.array(z.string()).optional(),
  osDiskSizeGb: z.number().int().optional(),
  osDiskType: z.string().optional(),
});
const poolExtras = firstPoolExtras.extend({
  priority: z.string().optional(),
  spotMaxPrice: z.number().optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

/** Each operation's request, exactly as its command builds it: no other key is accepted. */
const REQUEST_SCHEMAS: Record<Operation, z.ZodType> = {
  create: z.strictObject({
    subscriptionId,
    resourceGroup: name,
    name,
    location: name.optional(),
    assignIdentity: z.string().optional(),
    skipSubnetRoleAssignment: z.literal(true).optional(),
    dnsNamePrefix: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
    cluster: z
      .strictObject({
        tier: z.string().optional(),
        enableOidcIssuer: z.literal(true).optional(),
        enableWorkloadIdentity: z.literal(true).optional(),
        nodeResourceGroup: z.string().optional(),
        autoUpgradeChannel: z.string().optional(),
        apiServerAuthorizedIpRanges: z.array(z.string()).optional(),
        enablePrivateCluster: z.literal(true).optional(),
        sshPublicKey: z.string().optional(),
        adminUsername: z.string().optional(),
      })
      .optional(),
    poolExtras: firstPoolExtras.optional(),
    // The network and pool flags of create and a design file's pools (create --file); the
    // offline-only keys of a design file are not among them: create reads the VNet from Azure.
    design: designFileSchema.omit({ name: true, resourceGroup: true, location: true, vnetCidrs: true, nodeSubnetCidr: true, peeredCidrs: true }),
  }),
  upgrade: z.strictObject({ subscriptionId, resourceGroup: name, name, podCidr: z.string().optional() }),
  update: z.strictObject({
    subscriptionId,
    resourceGroup: name,
    name,
    podCidr: z.string().optional(),
    ipFamilies: z.array(z.string()).optional(),
    podCidrs: z.array(z.string()).optional(),
    serviceCidrs: z.array(z.string()).optional(),
    outboundIpv6Count: z.number().int().optional(),
    networkDataplane: z.string().optional(),
  }),
  "nodepool-scale": poolChange,
  "nodepool-update": poolChange,
  "nodepool-add": z.strictObject({
    subscriptionId,
    resourceGroup: name,
    clusterName: name,
    name,
    poolExtras: poolExtras.optional(),
    pool: z.strictObject({
      vnetSubnetId: z.string().optional(),
      nodeCount: z.number().int().optional(),
      enableClusterAutoscaler: z.boolean().optional(),
      minCount: z.number().int().optional(),
      maxCount: z.number().int().optional(),
      maxSurge: z.string().optional(),
      maxUnavailable: z.string().optional(),
      maxPods: z.number().int().optional(),
      nodeVmSize: z.string().optional(),
      vmSetType: z.enum(VM_SET_TYPES).optional(),
      osType: z.enum(OS_TYPES).optional(),
      osSku: z.string().optional(),
      mode: z.enum(POOL_MODES).optional(),
    }),
  }),
};

export const planSchema = z.strictObject({
  formatVersion: z.literal(PLAN_FORMAT_VERSION),
  kind: z.literal("plan"),
  operation: z.enum(OPERATIONS),
  request: json,
  target: z.strictObject({
    subscriptionId: z.string(),
    resourceGroup: z.string(),
    name: z.string(),
    resourceId: z.string().startsWith("/subscriptions/"),
    pool: z.string().optional(),
  }),
  valid: z.boolean(),
  // A plan aks-overlay writes holds a handful of findings; 10,000 is a document no decide made.
  findings: z.array(finding).max(MAX_PLAN_FINDINGS),
  capacity: json.nullable(),
  changes: z.array(change),
  defaulted: z.array(z.string()),
  basis: z.array(z.strictObject({ resourceId: z.string(), etag: z.string().nullable() })),
  chosenByAzure: z.record(z.string(), z.string()).optional(),
  armEndpoint: z.string(),
  createdAt: z.iso.datetime(),
});

function invalid(fileName: string, data: unknown, issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): UsageError {
  const problems = describeIssues(data, issues.map((i) => ({ ...i, path: [...prefix, ...i.path] })));
  return new UsageError(`${fileName} is not a valid plan (${problems.length === 1 ? "1 problem" : `${problems.length} problems`}):\n  ${listProblems(problems)}`);
}

/**
 * Where JSON.parse stopped, without the snippet of the file V8 puts in its message: the file may
 * not be a plan at all, and its text is never quoted.
 */
function jsonErrorPlace(error: unknown): string {
  const match = / at position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec((error as Error).message);
  if (!match) return "";
  return match[2] !== undefined ? ` at line ${match[2]}, column ${match[3]}` : ` at position ${match[1]}`;
}

async function parseText(text: string, fileName: string): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (/^\s*[{[]/.test(text)) throw new UsageError(`${fileName}: not a plan (not valid JSON${jsonErrorPlace(error)}, perhaps truncated)`);
    const { parseDocument } = await loadYaml();
    const doc = parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length > 0) {
      const pos = doc.errors[0]?.linePos?.[0];
      throw new UsageError(`${fileName}: not a plan (neither JSON nor YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ""}, perhaps truncated)`);
    }
    try {
      return doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new UsageError(`${fileName}: not a plan: ${shown((e as Error).message, 120)}`);
    }
  }
}

/** Reads a plan saved as JSON (--out), or as YAML (the same document from -o yaml). */
export async function parsePlanFile(text: string, file: string): Promise<PlanDocument> {
  const fileName = shown(file);
  if (text.trim() === "") throw new UsageError(`${fileName}: the plan file is empty`);
  checkInputText(text, fileName);
  const data = await parseText(text, fileName);
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new UsageError(`${fileName}: not a plan: expected a plan document (a mapping with kind: plan), got ${describeValue(data)}`);
  }
  checkParsedDepth(data, fileName);
  const record = data as Record<string, unknown> | null;
  // Another of aks-overlay's documents, or a design file: say what it is, not twenty schema problems.
  if (record && record.kind !== "plan") {
    const what =
      typeof record.kind === "string" && /^[a-z]{1,20}$/.test(record.kind)
        ? `${/^[aeiou]/.test(record.kind) ? "an" : "a"} ${record.kind} document (aks-overlay ${record.kind === "validation" ? "validate" : record.kind === "fleet" ? "fleet scan" : record.kind === "cluster" ? "show" : "output"} -o json|yaml)`
        : record.kind === undefined && Object.keys(record).some((k) => k in designFileSchema.shape)
          ? "a design file (validate --file and create --file read it)"
          : undefined;
    throw new UsageError(
      `${fileName}: not a plan${what !== undefined ? ` but ${what}` : ` (a plan says "kind": "plan"; this ${record.kind === undefined ? "has no kind" : `has kind ${shown(JSON.stringify(record.kind) ?? "", 40)}`})`}; apply takes a plan saved with --out (e.g. aks-overlay create ... --out plan.json), or -o json|yaml of a --dry-run`,
    );
  }
  if (record && typeof record === "object" && record.kind === "plan" && record.formatVersion !== PLAN_FORMAT_VERSION) {
    const why =
      record.formatVersion === 1
        ? "version 1 plans carry no request, so they cannot be decided again and this aks-overlay will not apply them"
        : `this aks-overlay reads version ${PLAN_FORMAT_VERSION}`;
    const version = record.formatVersion === undefined ? "has no formatVersion" : `format version ${shown(JSON.stringify(record.formatVersion) ?? "", 40)}`;
    throw new UsageError(`${fileName}: plan ${version}: ${why}. Plan again with this version.`);
  }
  const result = planSchema.safeParse(data);
  if (!result.success) throw invalid(fileName, data, result.error.issues);
  const plan = result.data as unknown as PlanDocument;
  const request = REQUEST_SCHEMAS[plan.operation].safeParse(plan.request);
  if (!request.success) throw invalid(fileName, data, request.error.issues, ["request"]);
  plan.request = request.data as Record<string, unknown>;
  for (const [i, c] of plan.changes.entries()) {
    const secrets = secretPathsIn(c.body);
    if (secrets.length > 0) {
      throw new UsageError(`${fileName}: changes[${i}].body holds a secret (${secrets.join(", ")}): aks-overlay never saves secrets in a plan and will not apply one that holds them. Plan again.`);
    }
  }
  if (!plan.valid) throw new UsageError(`${fileName}: the plan has error findings, so there is nothing to apply; fix them and plan again`);
  return plan;
}
