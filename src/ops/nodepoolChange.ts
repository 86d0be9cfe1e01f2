/**
 * `nodepool scale` and `nodepool update`: a pool's node count, autoscaler range or upgrade surge,
 * checked with the whole cluster as it will be (the pod CIDR's /24 per node at full scale plus
 * surge, the pool's subnet). Observe reads the cluster, the pool (as ARM sends it: what is PUT
 * back, every field kept) and the VNets; decide changes only the fields asked for.
 */
import type { AzurePort, Resource } from "../azure/port.js";
import { resolveDesign } from "../network/design.js";
import { type Finding, bySeverity } from "../network/findings.js";
import { type ArmAgentPoolProfile, clusterView, designFromCluster, networkMode } from "../network/fromCluster.js";
import { clusterResourceId, poolResourceId } from "../network/resourceIds.js";
import { type UpgradeCluster, provisioningFindings, writeWouldConflict } from "../network/rules/upgrade.js";
import { validateDesign } from "../network/validate.js";
import { type Change, type Operation, type PlanDocument, PLAN_FORMAT_VERSION, basisEntry, diff, etagOf } from "../plan/plan.js";
import { explainShortfall } from "./capacityHints.js";
import { podCidrExpansionBlocked } from "../network/rules/update.js";
import { type ClusterVnets, clusterNetwork, readClusterVnets } from "./clusterNetwork.js";
import { type DecideContext, type Decision, type Note, type OperationModule, RequestProblem, checkNames } from "./operation.js";
import { shellWord } from "../network/shown.js";

export interface NodepoolChangeRequest {
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
  /** The pool's name. */
  name: string;
  /** scale: the node count. */
  nodeCount?: number;
  /** update: the autoscaler (az's --enable/--update/--disable-cluster-autoscaler). */
  autoscaler?: "enable" | "update" | "disable";
  minCount?: number;
  maxCount?: number;
  maxSurge?: string;
  maxUnavailable?: string;
}

export interface NodepoolChangeObserved {
  cluster?: Resource;
  pool?: Resource;
  vnets?: ClusterVnets;
}

const POOL_TYPE = "Microsoft.ContainerService/managedClusters/agentPools";

function checkScale(request: NodepoolChangeRequest): void {
  checkNames({ "--resource-group": request.resourceGroup, "--cluster-name": request.clusterName, "--name": request.name }, { "--name": "pool" });
  if (request.nodeCount === undefined) throw new RequestProblem("give --node-count");
  if (!Number.isInteger(request.nodeCount) || request.nodeCount < 0 || request.nodeCount > 1000) throw new RequestProblem(`--node-count ${request.nodeCount}: 0 to 1000 nodes`);
}

/** The autoscaler flags as az takes them: one mode, and min/max with enable or update only. */
function checkUpdate(request: NodepoolChangeRequest): void {
  checkNames({ "--resource-group": request.resourceGroup, "--cluster-name": request.clusterName, "--name": request.name }, { "--name": "pool" });
  const range = request.minCount !== undefined || request.maxCount !== undefined;
  if (request.autoscaler === "enable" || request.autoscaler === "update") {
    if (request.minCount === undefined || request.maxCount === undefined) {
      throw new RequestProblem(`--${request.autoscaler}-cluster-autoscaler needs both --min-count and --max-count`);
    }
  } else if (request.autoscaler === "disable") {
    if (range) throw new RequestProblem("--disable-cluster-autoscaler takes no --min-count or --max-count");
  } else if (range) {
    throw new RequestProblem("--min-count and --max-count change the autoscaler's range: add --update-cluster-autoscaler (or --enable-cluster-autoscaler)");
  }
  if (request.autoscaler === undefined && request.maxSurge === undefined && request.maxUnavailable === undefined) {
    throw new RequestProblem("nothing to change: give --enable-cluster-autoscaler, --update-cluster-autoscaler or --disable-cluster-autoscaler (with --min-count/--max-count), --max-surge or --max-unavailable");
  }
}

async function observe(azure: AzurePort, request: NodepoolChangeRequest): Promise<NodepoolChangeObserved> {
  const cluster = await azure.get(clusterResourceId(request.subscriptionId, request.resourceGroup, request.clusterName));
  if (!cluster) return {};
  const pool = await azure.get(poolResourceId(request.subscriptionId, request.resourceGroup, request.clusterName, request.name));
  const view = clusterView<UpgradeCluster>(cluster);
  if (!pool || networkMode(view) !== "overlay") return { cluster, ...(pool && { pool }) };
  return { cluster, pool, vnets: await readClusterVnets(view, azure, request.subscriptionId) };
}

/** A VirtualMachines pool's scale groups: its size lives there, never in `count`. */
function vmScaleGroups(properties: Record<string, unknown>): { manual: Record<string, unknown>[]; autoscale: unknown[] } | undefined {
  if (typeof properties.type !== "string" || properties.type.toLowerCase() !== "virtualmachines") return undefined;
  const scale = ((properties.virtualMachinesProfile as Record<string, unknown> | undefined)?.scale ?? {}) as Record<string, unknown>;
  return { manual: Array.isArray(scale.manual) ? (scale.manual as Record<string, unknown>[]) : [], autoscale: Array.isArray(scale.autoscale) ? scale.autoscale : [] };
}

/**
 * What aks-overlay cannot change on a VirtualMachines pool: the autoscaler (VirtualMachines pools
 * scale by VM size group, without the cluster autoscaler), or a count when the pool has more than
 * one size group (which group would grow is the user's choice).
 */
function vmPoolFindings(properties: Record<string, unknown>, request: NodepoolChangeRequest): Finding[] {
  const groups = vmScaleGroups(properties);
  if (!groups) return [];
  const where = `-g ${shellWord(request.resourceGroup)} --cluster-name ${request.clusterName} -n ${request.name}`;
  const findings: Finding[] = [];
  if (request.autoscaler === "enable" || request.autoscaler === "update") {
    findings.push(error("NodePoolVirtualMachinesScale", `pools[${request.name}].enableAutoScaling`, `pool ${request.name} is of type VirtualMachines: it scales by VM size group (virtualMachinesProfile.scale), not with the cluster autoscaler`, `set its size groups' counts instead (az aks nodepool manual-scale update ${where} --current-vm-sizes <sizes> --node-count <n>)`));
  }
  if (request.nodeCount !== undefined && (groups.manual.length !== 1 || groups.autoscale.length > 0)) {
    const sizes = groups.manual.map((m) => `${String(m.size ?? "?")} x${String(m.count ?? 0)}`).join(", ") || "none";
    findings.push(
      error(
        "NodePoolVirtualMachinesScale",
        `pools[${request.name}].count`,
        `pool ${request.name} is of type VirtualMachines with ${groups.manual.length} manual size group${groups.manual.length === 1 ? "" : "s"} (${sizes})${groups.autoscale.length > 0 ? " and autoscale groups" : ""}: --node-count cannot say which group to change`,
        `scale one group: az aks nodepool manual-scale update ${where} --current-vm-sizes <size> --node-count <n>`,
      ),
    );
  }
  return findings;
}

/** The pool's properties with the change asked for; only those fields. */
function poolAfter(properties: Record<string, unknown>, request: NodepoolChangeRequest): Record<string, unknown> {
  const after = structuredClone(properties);
  const vm = vmScaleGroups(after);
  if (request.nodeCount !== undefined) {
    // A VirtualMachines pool with one size group: that group's count, never `count`.
    if (vm?.manual.length === 1 && vm.autoscale.length === 0) (vm.manual[0] as Record<string, unknown>).count = request.nodeCount;
    else if (!vm) after.count = request.nodeCount;
  }
  if (request.autoscaler === "enable" || request.autoscaler === "update") {
    after.enableAutoScaling = true;
    after.minCount = request.minCount;
    after.maxCount = request.maxCount;
    // AKS keeps the pool's count inside the new range.
    const count = typeof after.count === "number" ? after.count : request.minCount;
    after.count = Math.min(Math.max(count ?? 0, request.minCount as number), request.maxCount as number);
  } else if (request.autoscaler === "disable") {
    after.enableAutoScaling = false;
    delete after.minCount;
    delete after.maxCount;
  }
  if (request.maxSurge !== undefined || request.maxUnavailable !== undefined) {
    const settings = { ...((after.upgradeSettings as Record<string, unknown> | undefined) ?? {}) };
    if (request.maxSurge !== undefined) settings.maxSurge = request.maxSurge;
    if (request.maxUnavailable !== undefined) settings.maxUnavailable = request.maxUnavailable;
    after.upgradeSettings = settings;
  }
  return after;
}

function error(code: Finding["code"], path: string, message: string, hint?: string): Finding {
  return { severity: "error", code, path, message, ...(hint && { hint }) };
}

function decideFor(operation: Operation) {
  return function decide(request: NodepoolChangeRequest, observed: NodepoolChangeObserved, context: DecideContext): Decision {
    const clusterId = clusterResourceId(request.subscriptionId, request.resourceGroup, request.clusterName);
    const poolId = poolResourceId(request.subscriptionId, request.resourceGroup, request.clusterName, request.name);
    const subject = `node pool ${request.name} of cluster ${request.resourceGroup}/${request.clusterName}`;
    const cluster = observed.cluster ? clusterView<UpgradeCluster>(observed.cluster) : undefined;
    const plan = (findings: Finding[], changes: Change[], capacity: PlanDocument["capacity"]): PlanDocument => ({
      formatVersion: PLAN_FORMAT_VERSION,
      kind: "plan",
      operation,
      request: { ...request },
      target: { subscriptionId: request.subscriptionId, resourceGroup: request.resourceGroup, name: request.clusterName, resourceId: clusterId, pool: request.name },
      valid: !findings.some((f) => f.severity === "error"),
      findings,
      capacity,
      changes,
      defaulted: [],
      basis: [basisEntry(clusterId, observed.cluster), basisEntry(poolId, observed.pool), ...(observed.vnets?.vnets ?? []).map((v) => basisEntry(String(v.id ?? ""), v))],
      armEndpoint: context.armEndpoint,
      createdAt: context.now.toISOString(),
    });
    const view = { pools: [] as ReturnType<typeof resolveDesign>["design"]["pools"], notes: [], nothingToDo: false, conflict: false, question: `Change ${subject}?`, verb: "updating", subject, action: "change the pool" };
    if (!cluster) return { plan: plan([error("ClusterNotFound", "cluster.name", `cluster ${request.resourceGroup}/${request.clusterName} does not exist (${clusterId})`, "check the name and group: az aks list -o table")], [], null), view };
    if (!observed.pool) {
      const names = (cluster.agentPoolProfiles ?? []).map((p) => p.name).join(", ");
      return { plan: plan([error("NodePoolNotFound", `pools[${request.name}].name`, `cluster ${request.clusterName} has no pool named ${request.name} (it has ${names || "none"})`)], [], null), view };
    }
    if (networkMode(cluster) !== "overlay") {
      return {
        plan: plan([error("ClusterNotOverlay", "cluster.name", `cluster ${request.clusterName} does not use Azure CNI Overlay (network plugin ${cluster.networkProfile?.networkPlugin ?? "?"})`, `move it to overlay first: aks-overlay upgrade -g ${shellWord(request.resourceGroup)} -n ${request.clusterName}`)], [], null),
        view,
      };
    }
    const found: Finding[] = provisioningFindings(cluster, { resourceGroup: request.resourceGroup, name: request.clusterName }, "pool");
    const before = (observed.pool.properties ?? {}) as Record<string, unknown>;
    // The pool's own state: a pool operation running conflicts with a write; a failed one is reconciled by it.
    const poolState = typeof before.provisioningState === "string" ? before.provisioningState : undefined;
    // (A pool with an operation running, this one or another, is provisioningFindings' NodePoolNotReady.)
    const poolFailed = poolState !== undefined && ["failed", "canceled"].includes(poolState.toLowerCase());
    const where = `-g ${shellWord(request.resourceGroup)} --cluster-name ${request.clusterName} -n ${request.name}`;
    if (poolFailed) {
      found.push({
        severity: "warning",
        code: "NodePoolLastOperationFailed",
        path: `pools[${request.name}].name`,
        message: `pool ${request.name}'s last operation ended ${poolState}: this write re-applies the pool as planned, which is how AKS reconciles a failed pool`,
        hint: `see why it failed first: az aks nodepool show ${where} --query status.provisioningError`,
        values: [poolState as string],
      });
    }
    if (request.nodeCount !== undefined && before.enableAutoScaling === true) {
      found.push(error("NodeCountInvalid", `pools[${request.name}].count`, `pool ${request.name} has the cluster autoscaler on (${String(before.minCount)}..${String(before.maxCount)}): the autoscaler sets its node count`, `change its range instead: aks-overlay nodepool update -g ${shellWord(request.resourceGroup)} --cluster-name ${request.clusterName} -n ${request.name} --update-cluster-autoscaler --min-count <n> --max-count <n>, or --disable-cluster-autoscaler first`));
    }
    found.push(...vmPoolFindings(before, request));
    const after = poolAfter(before, request);
    // The cluster as it will be: this pool changed, every other pool as read.
    const pools = (cluster.agentPoolProfiles ?? []) as ArmAgentPoolProfile[];
    const index = pools.findIndex((p) => p.name?.toLowerCase() === request.name.toLowerCase());
    const profiles = pools.map((p, i) => (i === index ? ({ ...(after as ArmAgentPoolProfile), name: p.name }) : p));
    const network = observed.vnets ? clusterNetwork(cluster, observed.vnets) : undefined;
    const known = network?.context ? { context: network.context, nodeSubnetCidr: network.nodeSubnetCidr } : undefined;
    const resolved = resolveDesign(designFromCluster({ ...cluster, agentPoolProfiles: profiles }, network?.view), known);
    const validation = validateDesign(resolved.design, resolved.network);
    const pool = resolved.design.pools[index];
    // A cluster over capacity already is refused too, as the RP refuses any pool write then (InsufficientSubnetSize).
    for (const f of validation.findings) found.push(pool ? explainShortfall(f, validation, index, pool, { resourceGroup: request.resourceGroup, name: request.clusterName, expansionBlocked: podCidrExpansionBlocked(cluster) }) : f);
    const findings = bySeverity(found);
    const valid = !findings.some((f) => f.severity === "error");
    const body = { ...structuredClone(observed.pool), properties: after };
    const changeDiff = diff(observed.pool, body);
    // A failed pool is written even as it is: the PUT is what reconciles it.
    const unchanged = changeDiff.length === 0 && !poolFailed;
    const changes: Change[] = !valid ? [] : [{ action: unchanged ? "noop" : "update", resourceType: POOL_TYPE, resourceId: poolId, etag: etagOf(observed.pool), diff: changeDiff, body }];
    const notes: Note[] =
      !valid ? [] : unchanged ? [{ text: "Nothing to do: the pool already is as asked.", tone: "ok" }] : changeDiff.length === 0 ? [{ text: `The pool is written as it is, to reconcile its ${poolState} state.` }] : [];
    return {
      plan: plan(findings, changes, validation.capacity),
      view: {
        ...view,
        pools: resolved.design.pools,
        nothingToDo: valid && unchanged,
        conflict: writeWouldConflict(cluster),
        notes,
      },
    };
  };
}

export const nodepoolScaleOperation: OperationModule<NodepoolChangeRequest, NodepoolChangeObserved> = { name: "nodepool-scale", checkRequest: checkScale, observe, decide: decideFor("nodepool-scale") };
export const nodepoolUpdateOperation: OperationModule<NodepoolChangeRequest, NodepoolChangeObserved> = { name: "nodepool-update", checkRequest: checkUpdate, observe, decide: decideFor("nodepool-update") };
