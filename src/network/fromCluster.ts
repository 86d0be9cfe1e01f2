/**
 * A managed cluster as ARM describes it, turned into a design the rulebook can check. Works on
 * the wire `properties` object and on the SDK's flattened ManagedCluster alike: the property
 * names inside (networkProfile, agentPoolProfiles, vnetSubnetID, ...) are the same. Pure.
 */
import type { DesignInput, PoolInput } from "./design.js";

export interface ArmAgentPoolProfile {
  name?: string;
  count?: number;
  enableAutoScaling?: boolean;
  minCount?: number;
  maxCount?: number;
  maxPods?: number;
  vmSize?: string;
  osType?: string;
  osSKU?: string;
  mode?: string;
  type?: string;
  vnetSubnetID?: string;
  podSubnetID?: string;
  upgradeSettings?: { maxSurge?: string; maxUnavailable?: string };
}

export interface ArmNetworkProfile {
  networkPlugin?: string;
  networkPluginMode?: string;
  networkPolicy?: string;
  networkDataplane?: string;
  podCidr?: string;
  podCidrs?: string[];
  serviceCidr?: string;
  serviceCidrs?: string[];
  dnsServiceIP?: string;
  ipFamilies?: string[];
  outboundType?: string;
}

export interface ArmClusterProperties {
  kubernetesVersion?: string;
  networkProfile?: ArmNetworkProfile;
  agentPoolProfiles?: ArmAgentPoolProfile[];
}

/**
 * A managed cluster as ARM sends it (wire JSON: `properties` nested) seen as the rules read it:
 * its properties, with the name and identity from the top level. A view to read, never to write.
 */
export function clusterView<T extends ArmClusterProperties = ArmClusterProperties>(resource: Record<string, unknown>): T & { name?: string; identity?: { type?: string } } {
  const properties = resource.properties;
  if (properties === null || typeof properties !== "object") return resource as T;
  return { ...(properties as T), name: resource.name as string | undefined, identity: resource.identity as { type?: string } | undefined };
}

/** What the cluster's VNet looks like: address spaces, subnets by id, peered ranges. */
export interface ArmNetworkView {
  vnetCidrs: string[];
  subnetCidrById: ReadonlyMap<string, string>;
  peeredCidrs: string[];
}

export type NetworkMode = "kubenet" | "azure-legacy" | "azure-pod-subnet" | "overlay" | "none" | "unknown";

/** The cluster's networking mode: the path an upgrade to overlay takes. */
export function networkMode(props: ArmClusterProperties): NetworkMode {
  const plugin = props.networkProfile?.networkPlugin?.toLowerCase();
  const mode = props.networkProfile?.networkPluginMode?.toLowerCase();
  if (plugin === "kubenet") return "kubenet";
  if (plugin === "none") return "none";
  if (plugin === "azure") {
    if (mode === "overlay") return "overlay";
    if ((props.agentPoolProfiles ?? []).some((p) => p.podSubnetID)) return "azure-pod-subnet";
    return "azure-legacy";
  }
  return "unknown";
}

/**
 * Addresses one node of a pool takes in its node subnet: the node itself, and on legacy Azure CNI
 * (pods on the node subnet, no pod subnet) every pod it may run. The one formula for "addresses a
 * cluster uses in a subnet". AKS's default maxPods for legacy Azure CNI is 30.
 */
export function addressesPerNode(props: ArmClusterProperties, pool: ArmAgentPoolProfile): number {
  return networkMode(props) === "azure-legacy" && !pool.podSubnetID ? (pool.maxPods ?? 30) + 1 : 1;
}

/** The pool as the rulebook sees it. */
export function poolFromProfile(profile: ArmAgentPoolProfile, network: ArmNetworkView | undefined): PoolInput {
  const subnetCidr = profile.vnetSubnetID ? network?.subnetCidrById.get(profile.vnetSubnetID.toLowerCase()) : undefined;
  return {
    name: profile.name,
    count: profile.count,
    enableAutoScaling: profile.enableAutoScaling,
    minCount: profile.enableAutoScaling ? profile.minCount : undefined,
    maxCount: profile.enableAutoScaling ? profile.maxCount : undefined,
    maxSurge: profile.upgradeSettings?.maxSurge,
    maxUnavailable: profile.upgradeSettings?.maxUnavailable,
    maxPods: profile.maxPods,
    vmSize: profile.vmSize,
    osType: profile.osType,
    osSku: profile.osSKU,
    mode: profile.mode,
    vmSetType: profile.type,
    subnetCidr,
  };
}

export function designFromCluster(props: ArmClusterProperties, network: ArmNetworkView | undefined): DesignInput {
  const np = props.networkProfile ?? {};
  return {
    kubernetesVersion: props.kubernetesVersion,
    ipFamilies: np.ipFamilies,
    podCidrs: np.podCidrs?.length ? np.podCidrs : np.podCidr ? [np.podCidr] : undefined,
    serviceCidrs: np.serviceCidrs?.length ? np.serviceCidrs : np.serviceCidr ? [np.serviceCidr] : undefined,
    dnsServiceIp: np.dnsServiceIP,
    networkPolicy: np.networkPolicy,
    networkDataplane: np.networkDataplane,
    outboundType: np.outboundType,
    vnetCidrs: network?.vnetCidrs,
    peeredCidrs: network?.peeredCidrs,
    nodePools: (props.agentPoolProfiles ?? []).map((p) => poolFromProfile(p, network)),
  };
}
