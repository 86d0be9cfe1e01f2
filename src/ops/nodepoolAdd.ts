/**
 * `nodepool add`: a new pool, optionally in a dedicated subnet of the cluster's VNet, within the
 * pod CIDR's capacity. Observe reads the cluster and its VNet(s); decide checks the cluster as it
 * will be, with the new pool, and builds the pool's body. The other pools are not touched.
 */
import type { AzurePort, Resource } from "../azure/port.js";
import { type DesignInput, DesignInputError, type PoolDesign, resolveDesign } from "../network/design.js";
import { type Finding, type FindingCode, bySeverity } from "../network/findings.js";
import { type ArmAgentPoolProfile, clusterView, designFromCluster, networkMode } from "../network/fromCluster.js";
import { parseSubnetId } from "../network/fromVnet.js";
import { clusterResourceId } from "../network/resourceIds.js";
import { type UpgradeCluster, provisioningFindings, writeWouldConflict } from "../network/rules/upgrade.js";
import { validateDesign } from "../network/validate.js";
import { explainShortfall } from "./capacityHints.js";
import { podCidrExpansionBlocked } from "../network/rules/update.js";
import { type PlanDocument, basisEntry, diff, PLAN_FORMAT_VERSION } from "../plan/plan.js";
import { type PoolExtras, agentPoolBody, applyPoolExtras, poolDefaultedPaths, poolExtrasProblems } from "./bodies.js";
import { type ClusterVnets, type ObservedClusterNetwork, clusterNetwork, readClusterVnets } from "./clusterNetwork.js";
import { type DecideContext, type Decision, type OperationModule, RequestProblem, checkNames } from "./operation.js";
import { permissionFinding, readAssignments, subnetAccess } from "./subnetAccess.js";
import { shellWord } from "../network/shown.js";

/** The new pool's settings as given (only those given): the design's pool keys, and its mode. */
export type PoolSettings = Pick<
  DesignInput,
  "vnetSubnetId" | "nodeCount" | "enableClusterAutoscaler" | "minCount" | "maxCount" | "maxSurge" | "maxUnavailable" | "maxPods" | "nodeVmSize" | "vmSetType" | "osType" | "osSku"
> & { mode?: string };

export interface NodepoolAddRequest {
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
  /** The new pool's name. */
  name: string;
  pool: PoolSettings;
  /** Zones, labels, taints, OS disk, Spot priority and tags (az's --zones, --labels, ...). */
  poolExtras?: PoolExtras;
}

export interface NodepoolAddObserved {
  cluster?: Resource;
  /** The cluster identity's role assignments that apply at a new subnet (one no pool uses yet). */
  assignments?: { principalId: string; assignments: Resource[] }[];
  /** Read when the cluster is on overlay. */
  vnets?: ClusterVnets;
}

const POOL_TYPE = "Microsoft.ContainerService/managedClusters/agentPools";


function error(code: FindingCode, path: string, message: string, hint?: string, values?: string[]): Finding {
  return { severity: "error", code, path, message, ...(hint && { hint }), ...(values && { values }) };
}

function checkRequest(request: NodepoolAddRequest): void {
  // The new pool's name: Windows pools are named with at most 6 characters.
  const windows = request.pool.osType?.toLowerCase() === "windows";
  checkNames({ "--resource-group": request.resourceGroup, "--cluster-name": request.clusterName, "--name": request.name }, { "--name": windows ? "windowsPool" : "pool" });
  const [problem] = poolExtrasProblems(request.poolExtras, request.pool.mode ?? "User", { labels: "--labels", taints: "--node-taints" });
  if (problem !== undefined) throw new RequestProblem(problem);
}

async function observe(azure: AzurePort, request: NodepoolAddRequest): Promise<NodepoolAddObserved> {
  const cluster = await azure.get(clusterResourceId(request.subscriptionId, request.resourceGroup, request.clusterName));
  if (!cluster) return {};
  const view = clusterView<UpgradeCluster>(cluster);
  if (networkMode(view) !== "overlay") return { cluster };
  const vnets = await readClusterVnets(view, azure, request.subscriptionId);
  const subnet = newSubnet(request, view.agentPoolProfiles ?? []);
  if (subnet === undefined) return { cluster, vnets };
  const assignments = [];
  for (const principalId of clusterPrincipals(cluster)) assignments.push({ principalId, assignments: await readAssignments(azure, subnet, principalId) });
  return { cluster, vnets, assignments };
}

/** --vnet-subnet-id when it names a subnet no pool of the cluster uses yet (a valid subnet id). */
function newSubnet(request: NodepoolAddRequest, pools: readonly ArmAgentPoolProfile[]): string | undefined {
  const given = request.pool.vnetSubnetId;
  if (given === undefined || !parseSubnetId(given)) return undefined;
  return pools.some((p) => p.vnetSubnetID?.toLowerCase() === given.toLowerCase()) ? undefined : given;
}

/** The principals AKS acts as on the cluster's subnets: its system-assigned or user-assigned control plane identity. */
function clusterPrincipals(cluster: Resource): string[] {
  const identity = cluster.identity as { principalId?: string; userAssignedIdentities?: Record<string, { principalId?: string }> } | undefined;
  const ids = [identity?.principalId, ...Object.values(identity?.userAssignedIdentities ?? {}).map((u) => u.principalId)];
  return ids.filter((id): id is string => typeof id === "string" && id !== "");
}

/** The subnet the cluster's pools are in: the system pool's, else any pool's. */
function clusterSubnet(pools: readonly ArmAgentPoolProfile[]): string | undefined {
  return pools.find((p) => p.mode?.toLowerCase() === "system" && p.vnetSubnetID)?.vnetSubnetID ?? pools.find((p) => p.vnetSubnetID)?.vnetSubnetID;
}

/** Where --vnet-subnet-id points, checked against the cluster's VNet. */
function subnetFindings(request: NodepoolAddRequest, systemSubnet: string | undefined, network: ObservedClusterNetwork | undefined): Finding[] {
  const given = request.pool.vnetSubnetId;
  if (given === undefined) return [];
  const path = `pools[${request.name}].subnet`;
  const ref = parseSubnetId(given);
  if (!ref) {
    return [error("ResourceIdInvalid", path, `"${given}" is not a subnet resource id`, "expected /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>", [given])];
  }
  const clusterVnet = systemSubnet?.replace(/\/subnets\/[^/]+$/i, "").toLowerCase();
  const targetVnet = given.replace(/\/subnets\/[^/]+$/i, "").toLowerCase();
  if (clusterVnet === undefined || clusterVnet !== targetVnet) {
    const message =
      clusterVnet === undefined
        ? `cluster ${request.clusterName} is on the VNet AKS manages; its pools cannot use subnet ${given}`
        : `subnet ${given} is in VNet ${ref.resourceGroup}/${ref.vnet}, but the cluster's pools are in ${clusterVnet.split("/")[4]}/${clusterVnet.split("/").at(-1)}: every pool of a cluster must be in the same VNet`;
    return [error("NodePoolSubnetOtherVnet", path, message, "choose a subnet of the cluster's VNet (az network vnet subnet list)", [given])];
  }
  const vnet = network?.vnets.get(targetVnet);
  if (!vnet?.subnets?.some((s) => s.name?.toLowerCase() === ref.subnet.toLowerCase())) {
    return [error("SubnetNotFound", path, `subnet ${given} does not exist in VNet ${ref.resourceGroup}/${ref.vnet}`, undefined, [given])];
  }
  return [];
}

/** The new pool as an agentPoolProfiles entry. */
function newProfile(request: NodepoolAddRequest, subnetId: string | undefined): ArmAgentPoolProfile {
  const p = request.pool;
  return {
    name: request.name,
    count: p.nodeCount ?? (p.enableClusterAutoscaler ? p.minCount : undefined),
    enableAutoScaling: p.enableClusterAutoscaler,
    minCount: p.minCount,
    maxCount: p.maxCount,
    maxPods: p.maxPods,
    vmSize: p.nodeVmSize,
    osType: p.osType,
    osSKU: p.osSku,
    mode: p.mode ?? "User",
    type: p.vmSetType,
    vnetSubnetID: subnetId,
    upgradeSettings: { maxSurge: p.maxSurge, maxUnavailable: p.maxUnavailable },
  };
}


function decide(request: NodepoolAddRequest, observed: NodepoolAddObserved, context: DecideContext): Decision {
  const clusterId = clusterResourceId(request.subscriptionId, request.resourceGroup, request.clusterName);
  const poolId = `${clusterId}/agentPools/${request.name}`;
  const subject = `node pool ${request.name} of cluster ${request.resourceGroup}/${request.clusterName}`;
  const cluster = observed.cluster ? clusterView<UpgradeCluster>(observed.cluster) : undefined;
  const vnets = (observed.vnets?.vnets ?? []).map((vnet) => basisEntry(String(vnet.id ?? ""), vnet));
  const refused = (findings: Finding[], pools: readonly PoolDesign[] = [], capacity: PlanDocument["capacity"] = null): Decision => ({
    plan: plan(false, findings, capacity, [], []),
    view: { pools, notes: [], nothingToDo: false, conflict: findings.some((f) => f.code === "NodePoolExists") || (cluster !== undefined && writeWouldConflict(cluster)), question: `Add ${subject}?`, verb: "adding", subject, action: "add the pool" },
  });
  const plan = (valid: boolean, findings: Finding[], capacity: PlanDocument["capacity"], changes: PlanDocument["changes"], defaulted: string[]): PlanDocument => ({
    formatVersion: PLAN_FORMAT_VERSION,
    kind: "plan",
    operation: "nodepool-add",
    request: { ...request, pool: { ...request.pool } },
    target: { subscriptionId: request.subscriptionId, resourceGroup: request.resourceGroup, name: request.clusterName, resourceId: clusterId, pool: request.name },
    valid,
    findings,
    capacity,
    changes,
    defaulted,
    basis: [basisEntry(clusterId, observed.cluster), ...vnets],
    armEndpoint: context.armEndpoint,
    createdAt: context.now.toISOString(),
  });

  if (!cluster) {
    return refused([error("ClusterNotFound", "cluster.name", `cluster ${request.resourceGroup}/${request.clusterName} does not exist (${clusterId})`, "check the name and group: az aks list -o table")]);
  }
  if (networkMode(cluster) !== "overlay") {
    const np = cluster.networkProfile;
    return refused([
      error(
        "ClusterNotOverlay",
        "cluster.name",
        `cluster ${request.clusterName} does not use Azure CNI Overlay (network plugin ${np?.networkPlugin ?? "?"}${np?.networkPluginMode ? `, mode ${np.networkPluginMode}` : ""})`,
        `move it to overlay first: aks-overlay upgrade -g ${shellWord(request.resourceGroup)} -n ${request.clusterName}`,
      ),
    ]);
  }

  const pools = (cluster.agentPoolProfiles ?? []) as ArmAgentPoolProfile[];
  const found: Finding[] = provisioningFindings(cluster, { resourceGroup: request.resourceGroup, name: request.clusterName }, "pool");
  if (pools.some((p) => p.name?.toLowerCase() === request.name.toLowerCase())) {
    found.push(error("NodePoolExists", `pools[${request.name}].name`, `cluster ${request.clusterName} already has a pool named ${request.name}`, "choose another name (az aks nodepool list shows the pools)", [request.name]));
  }
  const systemSubnet = clusterSubnet(pools);
  const subnetId = request.pool.vnetSubnetId ?? systemSubnet;
  const network = observed.vnets ? clusterNetwork(cluster, observed.vnets) : undefined;
  found.push(...subnetFindings(request, systemSubnet, network));
  const subnet = newSubnet(request, pools);
  for (const { principalId, assignments } of observed.assignments ?? []) {
    const access = subnet === undefined ? undefined : subnetAccess(assignments, subnet);
    if (subnet !== undefined && access && !access.granted) found.push(permissionFinding(`the identity of cluster ${request.clusterName}`, principalId, subnet, `pools[${request.name}].subnet`, access.otherRoles));
  }

  // The cluster as it will be: its pools and the new one, checked with the whole rulebook.
  const input: DesignInput = designFromCluster({ ...cluster, agentPoolProfiles: [...pools, newProfile(request, subnetId)] }, network?.view);
  const last = input.nodePools?.at(-1);
  if (last && !request.pool.enableClusterAutoscaler) {
    // Without the autoscaler, a given min/max is still checked (and refused) as given.
    if (request.pool.minCount !== undefined) last.minCount = request.pool.minCount;
    if (request.pool.maxCount !== undefined) last.maxCount = request.pool.maxCount;
  }
  let resolved;
  try {
    resolved = resolveDesign(input, network?.context ? { context: network.context, nodeSubnetCidr: network.nodeSubnetCidr } : undefined);
  } catch (e) {
    if (e instanceof DesignInputError) throw new RequestProblem(e.message);
    throw e;
  }
  const validation = validateDesign(resolved.design, resolved.network);
  const newPool = resolved.design.pools.at(-1) as PoolDesign;
  for (const f of validation.findings) {
    if (f.code === "NodePoolNameDuplicate") continue; // reported as NodePoolExists
    found.push(explainShortfall(f, validation, resolved.design.pools.length - 1, newPool, { resourceGroup: request.resourceGroup, name: request.clusterName, expansionBlocked: podCidrExpansionBlocked(cluster) }));
  }
  const findings = bySeverity(found);
  const valid = !findings.some((f) => f.severity === "error");
  if (!valid) return refused(findings, resolved.design.pools, validation.capacity);

  const body = { properties: agentPoolBody(newPool, subnetId) };
  applyPoolExtras(body.properties, request.poolExtras);
  const given = request.pool;
  const defaulted = [
    ...poolDefaultedPaths(resolved.defaulted, newPool.name, "properties.").filter((p) => p !== "properties.name"),
    ...(given.mode === undefined ? ["properties.mode"] : []),
    ...(given.vnetSubnetId === undefined && subnetId !== undefined ? ["properties.vnetSubnetID"] : []),
  ].sort();
  return {
    plan: plan(true, findings, validation.capacity, [{ action: "create", resourceType: POOL_TYPE, resourceId: poolId, etag: null, diff: diff(undefined, body), body }], defaulted),
    view: { pools: resolved.design.pools, notes: [], nothingToDo: false, conflict: false, question: `Add ${subject}?`, verb: "adding", subject, action: "add the pool" },
  };
}

export const nodepoolAddOperation: OperationModule<NodepoolAddRequest, NodepoolAddObserved> = { name: "nodepool-add", checkRequest, observe, decide };
