/**
 * `update`: one network change of an overlay cluster per operation, as Microsoft documents them:
 * expand the pod CIDR (`--pod-cidr CIDR|auto`), add IPv6 (`--ip-families ipv4,ipv6`), or move to the
 * Cilium dataplane (`--network-dataplane cilium`). Observe reads the cluster and its VNet(s);
 * decide checks the change (rules/update.ts) and the whole cluster as it will be (every address
 * space and capacity rule), and PUTs the cluster as read with only that change.
 */
import type { AzurePort, Resource } from "../azure/port.js";
import { growthOfExisting } from "./capacityHints.js";
import type { Capacity } from "../network/capacity.js";
import { type DesignInput, type PoolDesign, resolveDesign } from "../network/design.js";
import { AZURE_DEFAULTS, HEADROOM_WARNING_RATIO } from "../network/facts.js";
import { type Finding, bySeverity } from "../network/findings.js";
import { clusterView, designFromCluster, networkMode } from "../network/fromCluster.js";
import { vnetView } from "../network/fromVnet.js";
import { holdsWithHeadroom, planPodCidrExpansion } from "../network/podCidrPlanner.js";
import { clusterResourceId } from "../network/resourceIds.js";
import { type UpgradeCluster, writeWouldConflict } from "../network/rules/upgrade.js";
import { ciliumUpdateFindings, dualStackKeepsIpv4, dualStackUpdateFindings, podCidrExpansionBlocked, podCidrExpansionFindings, updateReadiness } from "../network/rules/update.js";
import { validateDesign } from "../network/validate.js";
import { canonicalCidr, parseCidr } from "../network/cidr.js";
import { type Change, type PlanDocument, PLAN_FORMAT_VERSION, basisEntry, diff, etagOf } from "../plan/plan.js";
import { type ClusterVnets, type ObservedClusterNetwork, clusterNetwork, readClusterVnets } from "./clusterNetwork.js";
import { type DecideContext, type Decision, type Note, type OperationModule, RequestProblem, checkNames } from "./operation.js";

export interface UpdateRequest {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** A larger pod CIDR containing the current one, or "auto". */
  podCidr?: string;
  /** ["ipv4", "ipv6"]: add IPv6. */
  ipFamilies?: string[];
  podCidrs?: string[];
  serviceCidrs?: string[];
  /** --load-balancer-managed-outbound-ipv6-count. */
  outboundIpv6Count?: number;
  /** "cilium". */
  networkDataplane?: string;
}

export interface UpdateObserved {
  cluster?: Resource;
  vnets?: ClusterVnets;
}

type Kind = "podCidr" | "dualStack" | "cilium";
const CLUSTER_TYPE = "Microsoft.ContainerService/managedClusters";

function kindOf(request: UpdateRequest): Kind[] {
  return [
    ...(request.podCidr !== undefined ? (["podCidr"] as const) : []),
    ...(request.ipFamilies !== undefined || request.podCidrs !== undefined || request.serviceCidrs !== undefined || request.outboundIpv6Count !== undefined ? (["dualStack"] as const) : []),
    ...(request.networkDataplane !== undefined ? (["cilium"] as const) : []),
  ];
}

function checkRequest(request: UpdateRequest): void {
  checkNames({ "--resource-group": request.resourceGroup, "--name": request.name });
  const kinds = kindOf(request);
  if (kinds.length === 0) throw new RequestProblem("nothing to change: give --pod-cidr <CIDR|auto>, --ip-families ipv4,ipv6, or --network-dataplane cilium");
  if (kinds.length > 1) {
    throw new RequestProblem("one network change per operation (Microsoft's update docs): pod CIDR expansion, IPv4 -> dual-stack and the Cilium dataplane are separate updates; run them one after another");
  }
  if (kinds[0] === "dualStack") {
    const families = (request.ipFamilies ?? []).map((f) => f.toLowerCase());
    if (request.ipFamilies === undefined) {
      // --pod-cidrs / --service-cidrs / the IPv6 outbound count belong to a move to dual-stack; alone they say too little.
      const given = [request.podCidrs !== undefined && "--pod-cidrs", request.serviceCidrs !== undefined && "--service-cidrs", request.outboundIpv6Count !== undefined && "--load-balancer-managed-outbound-ipv6-count"].filter(Boolean) as string[];
      throw new RequestProblem(`${given.join(" and ")} ${given.length === 1 ? "belongs" : "belong"} to a move to dual-stack: add --ip-families ipv4,ipv6${request.podCidrs !== undefined ? " (to grow the IPv4 pod CIDR, use --pod-cidr)" : ""}`);
    }
    if (families.join(",") !== "ipv4,ipv6") throw new RequestProblem(`--ip-families ${request.ipFamilies.join(",")}: update adds IPv6: give --ip-families ipv4,ipv6 (removing IPv6 is not supported)`);
    if (request.outboundIpv6Count !== undefined && !(Number.isInteger(request.outboundIpv6Count) && request.outboundIpv6Count >= 1 && request.outboundIpv6Count <= 100)) {
      throw new RequestProblem(`--load-balancer-managed-outbound-ipv6-count ${request.outboundIpv6Count}: 1 to 100`);
    }
  }
  if (kinds[0] === "cilium" && request.networkDataplane?.toLowerCase() !== "cilium") {
    throw new RequestProblem(`--network-dataplane ${request.networkDataplane}: update moves a cluster to the cilium dataplane; moving back to azure is not supported`);
  }
}

async function observe(azure: AzurePort, request: UpdateRequest): Promise<UpdateObserved> {
  const cluster = await azure.get(clusterResourceId(request.subscriptionId, request.resourceGroup, request.name));
  if (!cluster) return {};
  return { cluster, vnets: await readClusterVnets(clusterView<UpgradeCluster>(cluster), azure, request.subscriptionId) };
}

/** The cluster's network profile, changed as the request says, in a copy of the cluster as read. */
function withProfile(cluster: Resource, change: (np: Record<string, unknown>) => void): Resource {
  const after = structuredClone(cluster);
  const props = (after.properties ?? {}) as Record<string, unknown>;
  const np = { ...((props.networkProfile as Record<string, unknown> | undefined) ?? {}) };
  change(np);
  after.properties = { ...props, networkProfile: np };
  return after;
}

/** Every rule against the cluster as it will be, in its network: address spaces and capacity. */
function checkAfter(after: Resource, network: ObservedClusterNetwork | undefined): { findings: Finding[]; capacity: Capacity; pools: PoolDesign[] } {
  const input: DesignInput = designFromCluster(clusterView(after), network?.view);
  const resolved = resolveDesign(input, network?.context ? { context: network.context, nodeSubnetCidr: network.nodeSubnetCidr } : undefined);
  const validation = validateDesign(resolved.design, resolved.network);
  return { findings: validation.findings, capacity: validation.capacity, pools: resolved.design.pools };
}

interface Planned {
  findings: Finding[];
  after?: Resource;
  notes: Note[];
  defaulted: string[];
  /** The change is there already (info finding): nothing to do. */
  done: boolean;
}

/** The findings that refuse any pod CIDR expansion, whatever the new range. */
const EXPANSION_BLOCKERS = new Set(["PodCidrExpansionNotOverlay", "PodCidrExpansionWindows", "PodCidrExpansionDualStack"]);

function planPodCidr(request: UpdateRequest, cluster: Resource, view: UpgradeCluster, network: ObservedClusterNetwork | undefined, ctx: { resourceGroup: string; name: string }): Planned {
  const current = (view.networkProfile?.podCidrs ?? []).find((c) => !c.includes(":")) ?? view.networkProfile?.podCidr;
  let next = request.podCidr as string;
  const notes: Note[] = [];
  if (next.toLowerCase() === "auto") {
    // What refuses any expansion (not on overlay, Windows pools, dual-stack) refuses auto too,
    // before a size is worked out for a cluster that cannot take one.
    const blockers = podCidrExpansionFindings(view, current ?? "", ctx).filter((f) => f.severity === "error" && EXPANSION_BLOCKERS.has(f.code));
    if (blockers.length > 0 || current === undefined) return { findings: blockers, notes, defaulted: [], done: false };
    const now = checkAfter(cluster, network);
    const required = now.capacity.podCidr?.requiredNodeBlocks ?? 0;
    const prefix = parseCidr(current);
    if (prefix.ok && holdsWithHeadroom(prefix.value.prefix, required, HEADROOM_WARNING_RATIO)) {
      notes.push({ text: `Pod CIDR ${current} already holds the cluster at full scale (${required} /24 blocks) with ${Math.round(HEADROOM_WARNING_RATIO * 100)}% free: nothing to do.`, tone: "ok" });
      return { findings: [], notes, defaulted: [], done: true };
    }
    const avoid = [
      ...(network?.context?.vnetCidrs ?? []).map((cidr) => ({ name: `VNet ${network?.context?.vnetName ?? ""}`.trim(), cidr })),
      ...(network?.context?.subnets ?? []).map((s) => ({ name: `subnet ${s.name}`, cidr: s.cidr })),
      ...(network?.context?.peered ?? []).map((p) => ({ name: `peered ${p.name}`, cidr: p.cidr })),
      ...[view.networkProfile?.serviceCidr, ...(view.networkProfile?.serviceCidrs ?? [])].filter((c): c is string => !!c && !c.includes(":")).map((cidr) => ({ name: "the service CIDR", cidr })),
    ];
    const plan = planPodCidrExpansion({ current, requiredBlocks: required, avoid });
    notes.push({ text: `--pod-cidr auto: the cluster needs ${required} /24 blocks at full scale; the smallest superset of ${current} with ${Math.round(HEADROOM_WARNING_RATIO * 100)}% free is ${plan.smallest ?? "none"}; the largest that conflicts with nothing is ${plan.largest ?? "none"}` });
    if (!plan.smallest) {
      return {
        findings: [{ severity: "error", code: "PodCidrExpansionNotSuperset", path: "network.podCidrs[0]", message: `no superset of pod CIDR ${current} fits: ${plan.why ?? "none found"}`, hint: "free the conflicting range, or lower the pools' max counts or surge (aks-overlay nodepool update)" }],
        notes,
        defaulted: [],
        done: false,
      };
    }
    next = plan.smallest;
  }
  const findings = podCidrExpansionFindings(view, next, ctx);
  // The range asked is the one it has: done already, whatever would refuse a real expansion.
  const already = findings.filter((f) => f.code === "PodCidrExpansionAlreadyCurrent");
  if (already.length > 0) return { findings: already, notes, defaulted: [], done: true };
  const after = withProfile(cluster, (np) => {
    np.podCidr = canonicalCidr(next);
    np.podCidrs = [canonicalCidr(next)];
  });
  return { findings, after, notes, defaulted: [], done: false };
}

function planDualStack(request: UpdateRequest, cluster: Resource, view: UpgradeCluster, observed: UpdateObserved, ctx: { resourceGroup: string; name: string }): Planned {
  const np = view.networkProfile ?? {};
  const v4 = (list: string[] | undefined, single: string | undefined): string | undefined => (list ?? []).find((c) => !c.includes(":")) ?? single;
  const defaulted: string[] = [];
  const podCidrs = request.podCidrs ?? [v4(np.podCidrs, np.podCidr) ?? AZURE_DEFAULTS.podCidr, AZURE_DEFAULTS.podCidrs[1] as string];
  const serviceCidrs = request.serviceCidrs ?? [v4(np.serviceCidrs, np.serviceCidr) ?? AZURE_DEFAULTS.serviceCidr, AZURE_DEFAULTS.serviceCidrs[1] as string];
  if (request.podCidrs === undefined) defaulted.push("properties.networkProfile.podCidrs");
  if (request.serviceCidrs === undefined) defaulted.push("properties.networkProfile.serviceCidrs");
  const vnets = (observed.vnets?.vnets ?? []).map(vnetView);
  const subnets = vnets.flatMap((v) => (v.subnets ?? []).map((s) => ({ name: s.name ?? "", cidrs: [s.addressPrefix, ...(s.addressPrefixes ?? [])].filter((c): c is string => !!c) })));
  const poolSubnets = new Map((view.agentPoolProfiles ?? []).flatMap((p) => (p.name && p.vnetSubnetID ? [[p.name, p.vnetSubnetID.split("/").at(-1) ?? ""] as const] : [])));
  const findings = dualStackUpdateFindings(view, { vnetCidrs: observed.vnets?.managed ? [] : vnets.flatMap((v) => v.addressSpace?.addressPrefixes ?? []), subnets }, poolSubnets, ctx);
  if (findings.some((f) => f.code === "DualStackUpdateAlreadyDualStack")) return { findings, notes: [], defaulted: [], done: true };
  if (networkMode(view) === "overlay") findings.push(...dualStackKeepsIpv4(view, request, ctx));
  const after = withProfile(cluster, (p) => {
    p.ipFamilies = ["IPv4", "IPv6"];
    p.podCidrs = podCidrs.map(canonicalCidr);
    p.podCidr = (p.podCidrs as string[])[0];
    p.serviceCidrs = serviceCidrs.map(canonicalCidr);
    p.serviceCidr = (p.serviceCidrs as string[])[0];
    if (request.outboundIpv6Count !== undefined) {
      const lb = { ...((p.loadBalancerProfile as Record<string, unknown> | undefined) ?? {}) };
      lb.managedOutboundIPs = { ...((lb.managedOutboundIPs as Record<string, unknown> | undefined) ?? {}), countIPv6: request.outboundIpv6Count };
      p.loadBalancerProfile = lb;
    }
  });
  return { findings, after, notes: [], defaulted, done: false };
}

function planCilium(cluster: Resource, view: UpgradeCluster, ctx: { resourceGroup: string; name: string }): Planned {
  const findings = ciliumUpdateFindings(view as UpgradeCluster & { nodeProvisioningProfile?: { mode?: string } }, ctx);
  if (findings.some((f) => f.code === "CiliumUpdateAlreadyCilium")) return { findings, notes: [], defaulted: [], done: true };
  const after = withProfile(cluster, (np) => {
    np.networkDataplane = "cilium";
    np.networkPolicy = "cilium";
  });
  return { findings, after, notes: [], defaulted: [], done: false };
}

const QUESTION: Record<Kind, string> = {
  podCidr: "Expand the pod CIDR of",
  dualStack: "Add IPv6 (dual-stack) to",
  cilium: "Move to the Cilium dataplane (re-imaging every pool at once)",
};

function decide(request: UpdateRequest, observed: UpdateObserved, context: DecideContext): Decision {
  const resourceId = clusterResourceId(request.subscriptionId, request.resourceGroup, request.name);
  const subject = `cluster ${request.resourceGroup}/${request.name}`;
  const ctx = { resourceGroup: request.resourceGroup, name: request.name };
  const kind = kindOf(request)[0] ?? "podCidr";
  const document = (findings: Finding[], changes: Change[], capacity: Capacity | null, defaulted: string[]): PlanDocument => ({
    formatVersion: PLAN_FORMAT_VERSION,
    kind: "plan",
    operation: "update",
    request: { ...request },
    target: { subscriptionId: request.subscriptionId, resourceGroup: request.resourceGroup, name: request.name, resourceId },
    valid: !findings.some((f) => f.severity === "error"),
    findings,
    capacity,
    changes,
    defaulted,
    basis: [basisEntry(resourceId, observed.cluster), ...(observed.vnets?.vnets ?? []).map((v) => basisEntry(String(v.id ?? ""), v))],
    armEndpoint: context.armEndpoint,
    createdAt: context.now.toISOString(),
  });
  const base = { pools: [] as PoolDesign[], notes: [] as Note[], nothingToDo: false, conflict: false, question: `${QUESTION[kind]} ${subject}?`, verb: "updating", subject, action: "update the cluster" };
  const cluster = observed.cluster;
  if (!cluster) {
    return { plan: document([{ severity: "error", code: "ClusterNotFound", path: "cluster.name", message: `${subject} does not exist (${resourceId})`, hint: "check the name and group: az aks list -o table" }], [], null, []), view: base };
  }
  const view = clusterView<UpgradeCluster>(cluster);
  const network = observed.vnets ? clusterNetwork(view, observed.vnets) : undefined;
  const planned = kind === "podCidr" ? planPodCidr(request, cluster, view, network, ctx) : kind === "dualStack" ? planDualStack(request, cluster, view, observed, ctx) : planCilium(cluster, view, ctx);
  const before = checkAfter(cluster, network);
  const checked = planned.after && !planned.done ? checkAfter(planned.after, network) : undefined;
  // The rules' check of the cluster as it will be states some facts the change's own rules state
  // already (a subnet without IPv6): said once, by the change's rule.
  const said = new Set(planned.findings.map((f) => f.code));
  const sameFact = (f: Finding): boolean => f.code === "DualStackSubnetIpv4Only" && said.has("DualStackUpdateSubnetIpv4Only");
  // Advice for the cluster as it exists: its pod CIDR grows only to a superset (never "start with a /15").
  const podAfter = checked?.capacity.podCidr;
  const forExisting = (f: Finding): Finding => (f.code === "PodCidrHeadroomLow" && podAfter ? { ...f, hint: growthOfExisting(podAfter.cidr, podAfter.requiredNodeBlocks, { ...ctx, expansionBlocked: podCidrExpansionBlocked(view) }) } : f);
  // Done already: nothing to write, so the cluster's state does not refuse it (it is said in a note).
  const readiness = updateReadiness(view, ctx);
  const findings = bySeverity([...(planned.done ? [] : readiness), ...planned.findings, ...(checked?.findings ?? []).filter((f) => f.severity !== "info" && !sameFact(f)).map(forExisting)]);
  const valid = !findings.some((f) => f.severity === "error");
  const etag = etagOf(cluster);
  const changes: Change[] = planned.done
    ? [{ action: "noop", resourceType: CLUSTER_TYPE, resourceId, etag, diff: [], body: cluster }]
    : valid && planned.after
      ? [{ action: "update", resourceType: CLUSTER_TYPE, resourceId, etag, diff: diff(cluster, planned.after), body: planned.after }]
      : [];
  const pod = (c: Capacity | undefined): string => (c?.podCidr ? `${c.podCidr.cidr}: ${c.podCidr.nodeBlocks} /24 blocks, ${c.podCidr.requiredNodeBlocks} needed at full scale` : "?");
  const notes: Note[] = [
    ...planned.notes,
    ...(kind === "podCidr" && checked ? [{ text: `Capacity before: ${pod(before.capacity)}; after: ${pod(checked.capacity)}` }] : []),
    ...(planned.done && planned.notes.length === 0 ? [{ text: "Nothing to do.", tone: "ok" as const }] : []),
    ...(planned.done ? readiness.map((f) => ({ text: `Note: ${f.message}${f.hint ? ` (${f.hint})` : ""}.` })) : []),
  ];
  return {
    // Capacity is the pod CIDR's: a cluster not on overlay has none of its own to show (legacy CNI, pod subnet).
    plan: document(findings, changes, networkMode(view) === "overlay" || networkMode(view) === "kubenet" ? (checked ?? before).capacity : null, planned.defaulted),
    view: { ...base, pools: (checked ?? before).pools, notes, nothingToDo: planned.done && valid, conflict: writeWouldConflict(view) },
  };
}

export const updateOperation: OperationModule<UpdateRequest, UpdateObserved> = { name: "update", checkRequest, observe, decide };
