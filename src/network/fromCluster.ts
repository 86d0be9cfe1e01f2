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
  /**
   * Pools of type VirtualMachines carry their size here, not in `count`/`minCount`/`maxCount`:
   * `scale.manual[]` fixed groups (size, count), `scale.autoscale[]` ranges (size, minCount,
   * maxCount) (AKS API 2026-06-01, VirtualMachinesProfile / ScaleProfile / ManualScaleProfile /
   * AutoScaleProfile, as in @azure/arm-containerservice 25.5.0).
   */
  virtualMachinesProfile?: {
    scale?: {
      manual?: { size?: string; count?: number }[];
      autoscale?: { size?: string; minCount?: number; maxCount?: number }[];
    };
  };
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
  staticEgressGatewayProfile?: { enabled?: boolean };
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

/** A VirtualMachines pool's size from its scale profile; undefined when it has none (then `count` holds). */
function vmScale(profile: ArmAgentPoolProfile): { count: number; autoscale?: { minCount: number; maxCount: number }; vmSize?: string } | undefined {
  if (profile.type?.toLowerCase() !== "virtualmachines") return undefined;
  const scale = profile.virtualMachinesProfile?.scale;
  const manual = scale?.manual ?? [];
  const autoscale = scale?.autoscale ?? [];
  if (manual.length === 0 && autoscale.length === 0) return undefined;
  const sum = (values: (number | undefined)[]): number => values.reduce<number>((n, v) => n + (v ?? 0), 0);
  const fixed = sum(manual.map((m) => m.count));
  const vmSize = manual[0]?.size ?? autoscale[0]?.size;
  if (autoscale.length === 0) return { count: fixed, vmSize };
  // Each autoscale group scales on its own within its range; the pool spans their sums, plus the fixed groups.
  const minCount = fixed + sum(autoscale.map((a) => a.minCount));
  const maxCount = fixed + sum(autoscale.map((a) => a.maxCount));
  return { count: minCount, autoscale: { minCount, maxCount }, vmSize };
}

/** The nodes a pool has now: `count`, or a VirtualMachines pool's manual counts (its minimum when it autoscales). */
export function poolNodeCount(profile: ArmAgentPoolProfile): number {
  return vmScale(profile)?.count ?? profile.count ?? 0;
}

/** The pool as the rulebook sees it; a VirtualMachines pool's size comes from its scale profile. */
export function poolFromProfile(profile: ArmAgentPoolProfile, network: ArmNetworkView | undefined): PoolInput {
  const subnetCidr = profile.vnetSubnetID ? network?.subnetCidrById.get(profile.vnetSubnetID.toLowerCase()) : undefined;
  const vm = vmScale(profile);
  const size: Pick<PoolInput, "count" | "enableAutoScaling" | "minCount" | "maxCount"> = vm
    ? { count: vm.count, enableAutoScaling: vm.autoscale !== undefined, minCount: vm.autoscale?.minCount, maxCount: vm.autoscale?.maxCount }
    : {
        count: profile.count,
        enableAutoScaling: profile.enableAutoScaling,
        minCount: profile.enableAutoScaling ? profile.minCount : undefined,
        maxCount: profile.enableAutoScaling ? profile.maxCount : undefined,
      };
  return {
    name: profile.name,
    ...size,
    maxSurge: profile.upgradeSettings?.maxSurge,
    maxUnavailable: profile.upgradeSettings?.maxUnavailable,
    maxPods: profile.maxPods,
    vmSize: profile.vmSize ?? vm?.vmSize,
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
    ...(np.staticEgressGatewayProfile?.enabled === true && { enableStaticEgressGateway: true }),
    vnetCidrs: network?.vnetCidrs,
    peeredCidrs: network?.peeredCidrs,
    nodePools: (props.agentPoolProfiles ?? []).map((p) => poolFromProfile(p, network)),
  };
}
