/**
 * `fleet scan`: every AKS cluster the caller can see, through Azure Resource Graph (one query
 * answers for thousands of subscriptions), with the VNets their node subnets live in. Reading is
 * the shell's part (pages, subscription batches, the quota, back-off); assessing each cluster is
 * pure and uses the same rules `upgrade` does, so a fleet verdict and an upgrade plan never disagree.
 */
import type { AzurePort, Resource } from "../azure/port.js";
import { AzureAuthError, InterruptedError } from "../azure/errors.js";
import { resolveDesign } from "../network/design.js";
import { type Finding, bySeverity, withFlags } from "../network/findings.js";
import { type ArmAgentPoolProfile, type NetworkMode, designFromCluster, networkMode } from "../network/fromCluster.js";
import { type VnetLike, vnetView } from "../network/fromVnet.js";
import { type UpgradeCluster, upgradeFindings, withoutRestated } from "../network/rules/upgrade.js";
import { validateDesign } from "../network/validate.js";
import { type Blocker, FLEET_CLASSES, FLEET_FORMAT_VERSION, type FleetClass, type FleetCluster, type FleetDocument, KUBENET_RETIREMENT } from "../plan/fleet.js";
import { clusterNetwork, legacyPodCidrProposal } from "./clusterNetwork.js";
import { overlayCluster } from "./upgrade.js";
import type { FlagTable } from "../network/findings.js";

/** Resource Graph's subscription limit per request, and its page size. */
const SUBSCRIPTIONS_PER_QUERY = 1000;
const PAGE = 1000;
const ARG_PATH = "/providers/Microsoft.ResourceGraph/resources";

/** The clusters, as scalar columns plus the two dynamic ones the rules need (network profile, pools). */
export const CLUSTERS_QUERY = [
  "resources",
  "| where type =~ 'microsoft.containerservice/managedclusters'",
  "| project id, name, resourceGroup, subscriptionId, location, tags, identityType = tostring(identity.type), " +
    "kubernetesVersion = tostring(properties.kubernetesVersion), currentKubernetesVersion = tostring(properties.currentKubernetesVersion), " +
    "provisioningState = tostring(properties.provisioningState), powerState = tostring(properties.powerState.code), " +
    "nodeResourceGroup = tostring(properties.nodeResourceGroup), networkProfile = properties.networkProfile, agentPoolProfiles = properties.agentPoolProfiles",
  "| order by id asc",
].join("\n");

/**
 * The VNets: address spaces, peerings and how many subnets each has. Not the subnets themselves: on
 * a legacy Azure CNI estate a subnet lists an IP configuration per pod address, and a page of whole
 * VNets outgrows what Resource Graph will send (16 MiB, ResponsePayloadTooLarge) and what a scan
 * should hold.
 */
export const VNETS_QUERY = [
  "resources",
  "| where type =~ 'microsoft.network/virtualnetworks'",
  "| project id, name, resourceGroup, subscriptionId, location, addressSpace = properties.addressSpace, " +
    "peerings = properties.virtualNetworkPeerings, subnetCount = array_length(properties.subnets)",
  "| order by id asc",
].join("\n");

/** The most subnet rows mv-expand makes of one VNet (a VNet with more is reported, never cut silently). */
export const SUBNETS_PER_VNET = 400;

/** One row per subnet: its prefixes, route table and the number (not the list) of its IP configurations. */
export const SUBNETS_QUERY = [
  "resources",
  "| where type =~ 'microsoft.network/virtualnetworks'",
  `| mv-expand subnet = properties.subnets limit ${SUBNETS_PER_VNET}`,
  "| project vnetId = id, subnetId = tostring(subnet.id), subnetName = tostring(subnet.name), " +
    "addressPrefix = tostring(subnet.properties.addressPrefix), addressPrefixes = subnet.properties.addressPrefixes, " +
    "routeTableId = tostring(subnet.properties.routeTable.id), ipConfigurations = array_length(subnet.properties.ipConfigurations)",
  "| order by subnetId asc",
].join("\n");

/**
 * The VNets of a scan as the rules read them (flat, vnetView's shape), from the VNet rows and the
 * subnet rows; a VNet whose subnet rows are fewer than its subnets is a problem, never a smaller VNet.
 */
export function joinVnets(vnetRows: readonly Resource[], subnetRows: readonly Resource[]): { vnets: Resource[]; problems: string[] } {
  const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
  const byVnet = new Map<string, Resource[]>();
  for (const row of subnetRows) {
    const vnetId = text(row.vnetId)?.toLowerCase();
    if (!vnetId || !text(row.subnetId)) continue;
    const list = byVnet.get(vnetId) ?? [];
    list.push(row);
    byVnet.set(vnetId, list);
  }
  const problems: string[] = [];
  const vnets = vnetRows.map((v) => {
    const subnets = byVnet.get(String(v.id ?? "").toLowerCase()) ?? [];
    const expected = typeof v.subnetCount === "number" ? v.subnetCount : 0;
    if (subnets.length < expected) problems.push(`VNet ${String(v.id)}: Resource Graph sent ${subnets.length} of its ${expected} subnets (more than ${SUBNETS_PER_VNET} a VNet are not read)`);
    // Flat, as vnetView makes a VNet ARM sends (its peerings flattened by it); subnets are built flat.
    const { id, name, addressSpace, virtualNetworkPeerings } = vnetView({ id: v.id, name: v.name, properties: { addressSpace: v.addressSpace ?? undefined, virtualNetworkPeerings: Array.isArray(v.peerings) ? v.peerings : [] } });
    const vnet: Resource & VnetLike = {
      id,
      name,
      resourceGroup: v.resourceGroup,
      subscriptionId: v.subscriptionId,
      ...(addressSpace && { addressSpace }),
      virtualNetworkPeerings,
      subnets: subnets.map((s) => ({
        id: String(s.subnetId),
        name: text(s.subnetName),
        ...(text(s.addressPrefix) && { addressPrefix: s.addressPrefix as string }),
        ...(Array.isArray(s.addressPrefixes) && { addressPrefixes: s.addressPrefixes as string[] }),
        ...(text(s.routeTableId) && { routeTable: { id: s.routeTableId as string } }),
        ipConfigurationCount: typeof s.ipConfigurations === "number" ? s.ipConfigurations : 0,
      })),
    };
    return vnet;
  });
  return { vnets, problems };
}

export interface FleetScope {
  subscriptions?: string[];
  managementGroups?: string[];
}

export interface FleetRead {
  scope: { subscriptions: string[]; managementGroups: string[] };
  clusters: Resource[];
  vnets: Resource[];
  complete: boolean;
  problems: string[];
}

export interface FleetProgress {
  (event: { query: "clusters" | "vnets" | "subnets"; pages: number; rows: number; waitMs?: number }): void;
}

/** hh:mm:ss (or seconds) -> milliseconds. */
function resetsAfterMs(value: string | undefined): number {
  if (!value) return 0;
  const parts = value.split(":").map(Number);
  const seconds = parts.reduce((total, p) => total * 60 + (Number.isFinite(p) ? p : 0), 0);
  return Math.max(0, seconds * 1000);
}

/**
 * Reads every page of one query for one batch of subscriptions (or the management groups),
 * waiting out the user quota when Resource Graph says it is spent. Retries of 429 and 5xx are the
 * pipeline's (with and without Retry-After).
 */
/** Resource Graph's user quota as last reported: how long to wait before the next query, if it is spent. */
interface Quota {
  waitMs: number;
}

/**
 * Reads every page of one query for one batch of subscriptions (or the management groups). When
 * Resource Graph says the user quota is spent, the next query (a page, or the next query of the
 * scan) waits until it resets instead of running into 429s; 429s and 5xx are retried by the
 * pipeline anyway (with and without Retry-After).
 */
async function readAll(
  azure: AzurePort,
  query: string,
  target: { subscriptions?: string[]; managementGroups?: string[] },
  which: "clusters" | "vnets" | "subnets",
  progress: FleetProgress,
  sleep: (ms: number) => Promise<void>,
  quota: Quota,
): Promise<Resource[]> {
  const rows: Resource[] = [];
  let skipToken: string | undefined;
  let pages = 0;
  do {
    if (quota.waitMs > 0) {
      progress({ query: which, pages, rows: rows.length, waitMs: quota.waitMs });
      await sleep(quota.waitMs);
      quota.waitMs = 0;
    }
    const { body, headers } = await azure.query(ARG_PATH, { ...target, query, options: { $top: PAGE, resultFormat: "objectArray", ...(skipToken && { $skipToken: skipToken }) } });
    pages++;
    for (const row of (body.data as Resource[] | undefined) ?? []) rows.push(row);
    skipToken = typeof body.$skipToken === "string" && body.$skipToken !== "" ? body.$skipToken : undefined;
    const remaining = Number(headers["x-ms-user-quota-remaining"]);
    quota.waitMs = Number.isFinite(remaining) && remaining <= 0 ? resetsAfterMs(headers["x-ms-user-quota-resets-after"]) : 0;
    progress({ query: which, pages, rows: rows.length });
  } while (skipToken);
  return rows;
}

/** Every subscription the caller can see, when none is named. */
async function visibleSubscriptions(azure: AzurePort): Promise<string[]> {
  return (await azure.list("/subscriptions")).map((s) => String(s.subscriptionId ?? "")).filter(Boolean);
}

export async function readFleet(azure: AzurePort, scope: FleetScope, progress: FleetProgress, sleep: (ms: number) => Promise<void>): Promise<FleetRead> {
  const managementGroups = scope.managementGroups ?? [];
  const subscriptions = scope.subscriptions ?? (managementGroups.length > 0 ? [] : await visibleSubscriptions(azure));
  const targets: { subscriptions?: string[]; managementGroups?: string[] }[] = managementGroups.length > 0 ? [{ managementGroups }] : [];
  for (let i = 0; i < subscriptions.length; i += SUBSCRIPTIONS_PER_QUERY) targets.push({ subscriptions: subscriptions.slice(i, i + SUBSCRIPTIONS_PER_QUERY) });
  const clusters: Resource[] = [];
  const vnets: Resource[] = [];
  const problems: string[] = [];
  const quota: Quota = { waitMs: 0 };
  for (const [n, target] of targets.entries()) {
    const what = target.managementGroups ? `management groups ${target.managementGroups.join(", ")}` : `subscription batch ${n + 1} (${target.subscriptions?.length} subscriptions)`;
    try {
      const batchClusters = await readAll(azure, CLUSTERS_QUERY, target, "clusters", progress, sleep, quota);
      const vnetRows = await readAll(azure, VNETS_QUERY, target, "vnets", progress, sleep, quota);
      const subnetRows = await readAll(azure, SUBNETS_QUERY, target, "subnets", progress, sleep, quota);
      const joined = joinVnets(vnetRows, subnetRows);
      clusters.push(...batchClusters);
      vnets.push(...joined.vnets);
      problems.push(...joined.problems);
    } catch (error) {
      // Not signed in or not allowed, or interrupted: that is the outcome (exit 4 / 130), not a gap.
      if (error instanceof AzureAuthError || error instanceof InterruptedError) throw error;
      // One batch failing is reported as incomplete, never as a smaller, complete fleet.
      problems.push(`${what}: ${(error as Error).message}`);
    }
  }
  return { scope: { subscriptions, managementGroups }, clusters, vnets, complete: problems.length === 0, problems };
}

const CLASS_OF: Record<NetworkMode, FleetClass> = {
  overlay: "overlay",
  kubenet: "kubenet",
  "azure-legacy": "azureLegacy",
  "azure-pod-subnet": "podSubnet",
  none: "none",
  unknown: "unknown",
};

/** A Resource Graph row as the upgrade rules read a cluster ("" for a missing string column). */
function clusterOfRow(row: Resource): { view: UpgradeCluster & { name: string }; wire: Resource } {
  const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
  const properties = {
    kubernetesVersion: text(row.kubernetesVersion),
    currentKubernetesVersion: text(row.currentKubernetesVersion),
    provisioningState: text(row.provisioningState),
    ...(text(row.powerState) && { powerState: { code: text(row.powerState) } }),
    nodeResourceGroup: text(row.nodeResourceGroup),
    networkProfile: (row.networkProfile ?? undefined) as UpgradeCluster["networkProfile"],
    agentPoolProfiles: (Array.isArray(row.agentPoolProfiles) ? row.agentPoolProfiles : []) as UpgradeCluster["agentPoolProfiles"],
  };
  const identity = text(row.identityType) ? { type: text(row.identityType) } : undefined;
  const wire = { id: row.id, name: row.name, ...(identity && { identity }), properties };
  return { view: { ...properties, name: String(row.name), ...(identity && { identity }) }, wire };
}

/** The VNets a scan read, by lower-case id and (for the VNets AKS made) by resource group. */
export interface FleetVnets {
  byId: ReadonlyMap<string, Resource>;
  /** Keyed "subscription/group" (lower case): a group name is unique only within its subscription. */
  byGroup: ReadonlyMap<string, Resource>;
}

export function indexVnets(vnets: readonly Resource[]): FleetVnets {
  const byId = new Map<string, Resource>();
  const byGroup = new Map<string, Resource>();
  for (const v of vnets) {
    byId.set(String(v.id ?? "").toLowerCase(), v);
    const group = `${String(v.subscriptionId ?? "")}/${String(v.resourceGroup ?? "")}`.toLowerCase();
    if (!byGroup.has(group)) byGroup.set(group, v);
  }
  return { byId, byGroup };
}

function vnetsOf(view: UpgradeCluster, subscriptionId: string, vnets: FleetVnets): { vnets: Resource[]; managed: boolean } {
  const ids = new Set((view.agentPoolProfiles ?? []).map((p) => p.vnetSubnetID?.replace(/\/subnets\/[^/]+$/i, "").toLowerCase()).filter((v): v is string => !!v));
  if (ids.size > 0) return { vnets: [...ids].map((id) => vnets.byId.get(id)).filter((v): v is Resource => !!v), managed: false };
  const managed = view.nodeResourceGroup ? vnets.byGroup.get(`${subscriptionId}/${view.nodeResourceGroup}`.toLowerCase()) : undefined;
  return { vnets: managed ? [managed] : [], managed: true };
}

/** Nodes now and at full scale (autoscaler maximums). */
function nodeCounts(pools: readonly ArmAgentPoolProfile[]): { nodes: number; full: number } {
  return pools.reduce((n, p) => ({ nodes: n.nodes + (p.count ?? 0), full: n.full + (p.enableAutoScaling ? (p.maxCount ?? p.count ?? 0) : (p.count ?? 0)) }), { nodes: 0, full: 0 });
}

const UPGRADE_FLAGS: FlagTable = [["network.podCidrs", "--pod-cidr"], ["network.podCidrs[*]", "--pod-cidr"]];

export { proposePodCidr } from "./clusterNetwork.js";

/** One cluster's verdict: its class, blockers and (for legacy CNI) the pod CIDR it could take. */
export function assessCluster(row: Resource, vnets: FleetVnets): FleetCluster {
  const { view, wire } = clusterOfRow(row);
  const klass: FleetClass = row.networkProfile ? CLASS_OF[networkMode(view)] : "unknown";
  const pools = (view.agentPoolProfiles ?? []) as ArmAgentPoolProfile[];
  const counts = nodeCounts(pools);
  const ctxBase = { resourceGroup: String(row.resourceGroup ?? ""), name: view.name };
  const network = clusterNetwork(view, vnetsOf(view, String(row.subscriptionId ?? ""), vnets));
  const findings: Finding[] = [];
  let proposedPodCidr: string | undefined;
  // "unknown": Resource Graph has no network profile for it (the index may lag): no path is known.
  if (klass === "unknown") {
    findings.push({ severity: "info", code: "UpgradeFromByoCni", path: "cluster.name", message: `cluster ${view.name}: Resource Graph has no network profile for it, so its network plugin is not known`, hint: "look at it with az aks show, or scan again later (the index may lag)" });
  } else if (klass !== "overlay") {
    if (klass === "azureLegacy") proposedPodCidr = legacyPodCidrProposal(view, network);
    const readiness = upgradeFindings(view, { ...ctxBase, podCidr: proposedPodCidr, customRouteTables: network.customRouteTables, ...(klass === "azureLegacy" && { podCidrProposal: proposedPodCidr ?? null }) });
    findings.push(...readiness.findings);
    // The address-space and capacity rules for the pod CIDR it would get (kubenet: its own).
    const movable = klass === "kubenet" || klass === "azureLegacy";
    const podCidr = proposedPodCidr ?? view.networkProfile?.podCidr;
    if (movable && podCidr !== undefined) {
      const after = clusterOfRow({ ...row, networkProfile: (overlayCluster(wire, networkMode(view), proposedPodCidr).properties as Resource).networkProfile }).view;
      const design = resolveDesign(designFromCluster(after, network.view), network.context ? { context: network.context, nodeSubnetCidr: network.nodeSubnetCidr } : undefined);
      findings.push(...withoutRestated(readiness.findings, validateDesign(design.design, design.network).findings.filter((f) => f.severity === "error" && f.code !== "SystemPoolRequired")));
    }
  }
  const ordered = bySeverity(findings);
  const blockers: Blocker[] = ordered.filter((f) => f.severity === "error").map((f) => ({ code: f.code, message: f.message, ...(f.hint && { hint: f.hint }) }));
  const tags = (row.tags && typeof row.tags === "object" ? row.tags : {}) as Record<string, string>;
  return {
    id: String(row.id),
    subscriptionId: String(row.subscriptionId ?? ""),
    resourceGroup: String(row.resourceGroup ?? ""),
    name: view.name,
    location: String(row.location ?? ""),
    kubernetesVersion: view.currentKubernetesVersion ?? view.kubernetesVersion ?? null,
    class: klass,
    ready: klass !== "overlay" && klass !== "unknown" && blockers.length === 0 && (klass === "kubenet" || klass === "azureLegacy"),
    blockers,
    findings: withFlags(ordered, UPGRADE_FLAGS, "--name"),
    ...(proposedPodCidr !== undefined && { proposedPodCidr }),
    nodes: counts.nodes,
    nodesAtFullScale: counts.full,
    tags,
  };
}

/** The fleet document from what was read. Pure: the time is passed in. */
export function assessFleet(read: FleetRead, now: Date): FleetDocument {
  const vnets = indexVnets(read.vnets);
  const clusters = read.clusters.map((row) => assessCluster(row, vnets));
  const byClass = Object.fromEntries(FLEET_CLASSES.map((c) => [c, 0])) as Record<FleetClass, number>;
  const blockerCount = new Map<string, number>();
  for (const c of clusters) {
    byClass[c.class]++;
    for (const code of new Set(c.blockers.map((b) => b.code))) blockerCount.set(code, (blockerCount.get(code) ?? 0) + 1);
  }
  const retirement = Date.parse(`${KUBENET_RETIREMENT}T00:00:00Z`);
  return {
    formatVersion: FLEET_FORMAT_VERSION,
    kind: "fleet",
    scannedAt: now.toISOString(),
    scope: read.scope,
    summary: {
      clusters: clusters.length,
      byClass,
      ready: clusters.filter((c) => c.ready).length,
      // Blocked: a blocker says why. A cluster of class unknown (the index lacks its fields) is not
      // blocked but unread: byClass.unknown counts it, and a scan later reads it again.
      blocked: clusters.filter((c) => c.class !== "overlay" && c.class !== "unknown" && !c.ready).length,
      topBlockers: [...blockerCount.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code, n]) => ({ code, clusters: n })),
      daysToKubenetRetirement: Math.max(0, Math.ceil((retirement - now.getTime()) / 86_400_000)),
    },
    complete: read.complete,
    problems: read.problems,
    clusters,
  };
}

/** Production clusters last: a cluster tagged env/environment prod or production. */
function isProduction(c: FleetCluster): boolean {
  return Object.entries(c.tags).some(([k, v]) => /^(env|environment|stage)$/i.test(k) && /^prod(uction)?$/i.test(String(v)));
}

/** The ready clusters in the order to move them: non-production before production, small before large. */
export function waveOrder(clusters: readonly FleetCluster[]): FleetCluster[] {
  return [...clusters].sort((a, b) => Number(isProduction(a)) - Number(isProduction(b)) || a.nodesAtFullScale - b.nodesAtFullScale || a.id.localeCompare(b.id));
}

