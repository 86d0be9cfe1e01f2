/**
 * The resource provider's own refusals of network profiles, checked with the project's rule code
 * so the CLI's handling of server-side errors can be tested. Like the real RP, it knows the VNet
 * and its subnets but not what is peered: catching those is the CLI's job.
 */
import { type ArmClusterProperties, type ArmNetworkView, addressesPerNode, designFromCluster, networkMode } from "../network/fromCluster.js";
import { type NetworkContext, resolveDesign } from "../network/design.js";
import { validateDesign } from "../network/validate.js";
import { ArmHttpError, type Json, key } from "./resources.js";

/** Finding codes the RP itself refuses, with the ARM code and target it answers. */
const RP_REFUSALS: Record<string, { code: string; target: string }> = {
  InsufficientPodCidr: { code: "InsufficientSubnetSize", target: "networkProfile.podCIDR" },
  InsufficientSubnetSize: { code: "InsufficientSubnetSize", target: "agentPoolProfile.vnetSubnetID" },
  PodCidrOverlapsVnet: { code: "NetworkProfileCIDROverlapVNET", target: "networkProfile.podCIDR" },
  ServiceCidrOverlapsVnet: { code: "ServiceCidrOverlapExistingSubnetsCidr", target: "networkProfile.serviceCIDR" },
  DnsServiceIpOutOfServiceCidr: { code: "DnsServiceIpOutOfServiceCidr", target: "networkProfile.dnsServiceIP" },
  InvalidCidr: { code: "CidrStringParseError", target: "networkProfile" },
};

/** The VNet the cluster's pools are in, as the RP sees it (no peerings). */
export function rpNetworkView(props: ArmClusterProperties, vnets: ReadonlyMap<string, Json>): ArmNetworkView | undefined {
  const subnetIds = (props.agentPoolProfiles ?? []).map((p) => p.vnetSubnetID).filter((id): id is string => !!id);
  if (subnetIds.length === 0) return undefined;
  const vnetCidrs: string[] = [];
  const subnetCidrById = new Map<string, string>();
  const seen = new Set<string>();
  for (const id of subnetIds) {
    const vnetKey = key(id.replace(/\/subnets\/[^/]+$/i, ""));
    if (seen.has(vnetKey)) continue;
    seen.add(vnetKey);
    const vnet = vnets.get(vnetKey);
    if (!vnet) continue;
    const props = vnet.properties as Json;
    vnetCidrs.push(...(((props.addressSpace as Json | undefined)?.addressPrefixes as string[] | undefined) ?? []));
    for (const s of (props.subnets as Json[] | undefined) ?? []) {
      const prefix = ((s.properties as Json).addressPrefix as string | undefined) ?? ((s.properties as Json).addressPrefixes as string[] | undefined)?.[0];
      if (prefix) subnetCidrById.set(key(s.id as string), prefix);
    }
  }
  return { vnetCidrs, subnetCidrById, peeredCidrs: [] };
}

/**
 * The VNet with each subnet's addresses in use by anything but this cluster (its current nodes
 * are what the PUT re-plans), so a subnet shared with other devices or clusters is judged as full
 * as it is.
 */
function subnetsInUse(view: ArmNetworkView, vnets: ReadonlyMap<string, Json>, before: ArmClusterProperties | undefined): NetworkContext {
  const own = new Map<string, number>();
  for (const p of before?.agentPoolProfiles ?? []) {
    if (!p.vnetSubnetID) continue;
    const n = (p.count ?? 0) * addressesPerNode(before as ArmClusterProperties, p);
    own.set(key(p.vnetSubnetID), (own.get(key(p.vnetSubnetID)) ?? 0) + n);
  }
  const subnets: NetworkContext["subnets"] = [];
  for (const [id, cidr] of view.subnetCidrById) {
    const vnet = vnets.get(id.replace(/\/subnets\/[^/]+$/, ""));
    const subnet = ((vnet?.properties as Json | undefined)?.subnets as Json[] | undefined)?.find((s) => key(s.id as string) === id);
    const used = (((subnet?.properties as Json | undefined)?.ipConfigurations as unknown[] | undefined) ?? []).length;
    subnets.push({ name: String(subnet?.name ?? cidr), cidr, inUse: Math.max(0, used - (own.get(id) ?? 0)) });
  }
  return { vnetCidrs: view.vnetCidrs, subnets, peered: [], managedVnet: false };
}

/**
 * Clusters not on overlay: the service range checks apply alike, and node subnets must hold the
 * nodes (kubenet) or the nodes and every pod (legacy Azure CNI: maxPods + 1 addresses a node).
 */
function checkNonOverlay(props: ArmClusterProperties, view: ArmNetworkView | undefined): ArmHttpError | undefined {
  const resolved = resolveDesign(designFromCluster({ ...props, networkProfile: { ...props.networkProfile, podCidr: undefined, podCidrs: undefined } }, view));
  const result = validateDesign(resolved.design, resolved.network);
  for (const code of ["ServiceCidrOverlapsVnet", "DnsServiceIpOutOfServiceCidr"]) {
    const finding = result.findings.find((f) => f.code === code && f.severity === "error");
    const refusal = finding && RP_REFUSALS[code];
    if (finding && refusal) return new ArmHttpError(400, refusal.code, finding.message, refusal.target);
  }
  if (!view) return undefined;
  const perNode = networkMode(props) === "kubenet" ? () => 1 : (maxPods: number) => maxPods + 1;
  const need = new Map<string, number>();
  for (const pool of result.capacity.pools) {
    if (!pool.subnet) continue;
    need.set(pool.subnet, (need.get(pool.subnet) ?? 0) + (pool.nodesAtFullScale + pool.surgeNodes) * perNode(pool.maxPods || 30));
  }
  for (const subnet of result.capacity.nodeSubnets) {
    const required = need.get(subnet.cidr) ?? 0;
    if (required > subnet.usableAddresses) {
      return new ArmHttpError(
        400,
        "InsufficientSubnetSize",
        `Pre-allocated IPs ${required} exceeds IPs available ${subnet.usableAddresses} in Subnet Cidr ${subnet.cidr}, Subnet Name ${subnet.pools.join(",")}.`,
        "agentPoolProfile.vnetSubnetID",
      );
    }
  }
  return undefined;
}

/** The RP's checks of a cluster PUT; `before` is the stored cluster on an update. */
export function checkClusterPut(after: ArmClusterProperties, before: ArmClusterProperties | undefined, vnets: ReadonlyMap<string, Json>): ArmHttpError | undefined {
  const np = after.networkProfile ?? {};
  if (np.networkPlugin?.toLowerCase() === "kubenet" && np.networkPluginMode?.toLowerCase() === "overlay") {
    return new ArmHttpError(400, "UnsupportedNetworkPluginModeWithNetworkPlugin", "Network plugin mode overlay is not supported with network plugin kubenet. Use network plugin azure.", "networkProfile.networkPluginMode");
  }
  const to = networkMode(after);
  if (before && to === "overlay") {
    const from = networkMode(before);
    if (from === "azure-pod-subnet" || (after.agentPoolProfiles ?? []).some((p) => p.podSubnetID)) {
      return new ArmHttpError(400, "OperationNotAllowed", "Clusters using dynamic pod IP allocation (pod subnet) cannot be updated to Azure CNI Overlay.", "networkProfile.networkPluginMode");
    }
    if (from !== "overlay") {
      const policy = (np.networkPolicy ?? before.networkProfile?.networkPolicy)?.toLowerCase();
      if (policy === "azure" || policy === "calico") {
        return new ArmHttpError(400, "ValidationError", "Cannot update cluster to Azure CNI Overlay while using network policies with Azure CNI v1. Disable the network policy first.", "networkProfile.networkPolicy");
      }
      if (from === "none") return new ArmHttpError(400, "OperationNotAllowed", "Clusters with network plugin none cannot be updated to Azure CNI Overlay.", "networkProfile.networkPlugin");
    }
  }
  const view = rpNetworkView(after, vnets);
  if (to !== "overlay") return checkNonOverlay(after, view);
  const context = view && subnetsInUse(view, vnets, before);
  const resolved = resolveDesign(designFromCluster(after, view), context ? { context } : undefined);
  const result = validateDesign(resolved.design, resolved.network);
  for (const finding of result.findings) {
    const refusal = finding.severity === "error" ? RP_REFUSALS[finding.code] : undefined;
    if (!refusal) continue;
    let message = finding.message;
    if (finding.code === "InsufficientPodCidr" && result.capacity.podCidr) {
      const pod = result.capacity.podCidr;
      message = `Pre-allocated IPs ${pod.requiredNodeBlocks * 256} exceeds IPs available ${pod.nodeBlocks * 256} in Subnet Cidr ${pod.cidr}, Subnet Name networkProfile.podCIDR. ${finding.message}`;
    }
    return new ArmHttpError(400, refusal.code, message, refusal.target);
  }
  return undefined;
}
