/**
 * The design: what the user asked for (DesignInput, from flags and/or a file) and the same with
 * Azure's defaults filled in (Design), plus the network it lands in (NetworkContext). Pure.
 */
import { AZURE_DEFAULTS } from "./facts.js";
import { type PoolField, poolPath } from "./paths.js";
import { shown } from "./shown.js";

/** One pool as written in a design file's `nodePools` (or built from the pool flags). */
export interface PoolInput {
  name?: string;
  count?: number;
  enableAutoScaling?: boolean;
  minCount?: number;
  maxCount?: number;
  maxSurge?: string;
  maxUnavailable?: string;
  maxPods?: number;
  vmSize?: string;
  osType?: string;
  osSku?: string;
  mode?: string;
  subnetCidr?: string;
  vmSetType?: string;
}

/** Everything validate accepts; keys are the flags in camelCase (the design file's keys). */
export interface DesignInput {
  name?: string;
  resourceGroup?: string;
  location?: string;
  kubernetesVersion?: string;
  podCidr?: string;
  podCidrs?: string[];
  serviceCidr?: string;
  serviceCidrs?: string[];
  dnsServiceIp?: string;
  ipFamilies?: string[];
  networkDataplane?: string;
  networkPolicy?: string;
  outboundType?: string;
  enableAddons?: string[];
  /** Static Egress Gateway (networkProfile.staticEgressGatewayProfile.enabled): IPv4-only clusters. */
  enableStaticEgressGateway?: boolean;
  vnetCidrs?: string[];
  nodeSubnetCidr?: string;
  peeredCidrs?: string[];
  vnetSubnetId?: string;
  // Pool settings: the single pool's, or defaults (and, from flags, overrides) for nodePools.
  nodepoolName?: string;
  nodeCount?: number;
  enableClusterAutoscaler?: boolean;
  minCount?: number;
  maxCount?: number;
  maxSurge?: string;
  maxUnavailable?: string;
  maxPods?: number;
  nodeVmSize?: string;
  osType?: string;
  osSku?: string;
  vmSetType?: string;
  nodePools?: PoolInput[];
}

/** Top-level pool keys and the pool field each one sets. */
export const POOL_FIELD_OF = {
  nodeCount: "count",
  enableClusterAutoscaler: "enableAutoScaling",
  minCount: "minCount",
  maxCount: "maxCount",
  maxSurge: "maxSurge",
  maxUnavailable: "maxUnavailable",
  maxPods: "maxPods",
  nodeVmSize: "vmSize",
  osType: "osType",
  osSku: "osSku",
  vmSetType: "vmSetType",
} as const satisfies Partial<Record<keyof DesignInput, keyof PoolInput>>;

export class DesignConflictError extends Error {}

/**
 * Flags override the file. A pool flag overrides that field in every pool of the file's
 * `nodePools` (it is also the default for pools that leave it out). `--nodepool-name` can only
 * rename a single pool.
 */
export function mergeDesignInputs(file: DesignInput, flags: DesignInput): DesignInput {
  const merged: DesignInput = { ...file };
  for (const [key, value] of Object.entries(flags) as [keyof DesignInput, unknown][]) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  // A single-value flag overrides the file's list (its first, IPv4 entry) and the other way round.
  for (const [single, list] of [
    ["podCidr", "podCidrs"],
    ["serviceCidr", "serviceCidrs"],
  ] as const) {
    const flagValue = flags[single];
    const fileList = file[list];
    if (flagValue !== undefined && flags[list] === undefined && fileList !== undefined) merged[list] = [flagValue, ...fileList.slice(1)];
    if (flags[list] !== undefined && flagValue === undefined && file[single] !== undefined) delete merged[single];
  }
  if (file.nodePools) {
    if (flags.nodepoolName !== undefined && file.nodePools.length !== 1) {
      throw new DesignConflictError(
        `--nodepool-name cannot rename ${file.nodePools.length} pools of --file's nodePools: name them in the file`,
      );
    }
    merged.nodePools = file.nodePools.map((pool) => {
      const result: PoolInput = { ...pool };
      for (const [top, field] of Object.entries(POOL_FIELD_OF) as [keyof typeof POOL_FIELD_OF, keyof PoolInput][]) {
        const value = flags[top];
        if (value !== undefined) (result as Record<string, unknown>)[field] = value;
      }
      if (flags.nodepoolName !== undefined) result.name = flags.nodepoolName;
      return result;
    });
  }
  return merged;
}

/** A pool with every value filled in, Azure's default where the design left one out. */
export interface PoolDesign {
  name: string;
  count: number;
  enableAutoScaling: boolean;
  minCount?: number;
  maxCount?: number;
  maxSurge: string;
  maxUnavailable: string;
  maxPods: number;
  vmSize?: string;
  osType: string;
  osSku?: string;
  mode: string;
  vmSetType: string;
  /** The node subnet's CIDR, if known. */
  subnetCidr?: string;
}

export interface Design {
  name?: string;
  resourceGroup?: string;
  location?: string;
  kubernetesVersion?: string;
  ipFamilies: string[];
  podCidrs: string[];
  serviceCidrs: string[];
  dnsServiceIp: string;
  networkDataplane: string;
  networkPolicy?: string;
  outboundType: string;
  enableAddons: string[];
  staticEgressGateway: boolean;
  vnetSubnetId?: string;
  pools: PoolDesign[];
}

/** The network the cluster lands in: its VNet, subnets and what is peered or connected to it. */
export interface NetworkContext {
  /** Where the facts come from, for messages: "the design" or an ARM resource id. */
  vnetName?: string;
  vnetCidrs: string[];
  /** `inUse`: addresses the subnet already hands out (its IP configurations), where known. */
  /** `ipv6`: the subnet also has an IPv6 prefix (undefined when not known, e.g. offline). */
  subnets: { name: string; cidr: string; inUse?: number; ipv6?: boolean }[];
  peered: { name: string; cidr: string }[];
  /** True when no VNet was given and AKS's managed VNet is assumed. */
  managedVnet: boolean;
}

export interface ResolvedDesign {
  design: Design;
  network: NetworkContext;
  /**
   * The design paths whose values are Azure's defaults, not the user's: "network.podCidrs" (the
   * whole list) or "network.podCidrs[1]" (only its IPv6 entry), "pools[nodepool1].maxPods", ...
   * Commands name them with their own flags.
   */
  defaulted: string[];
}

export class DesignInputError extends Error {}

function isDualStack(families: readonly string[] | undefined): boolean {
  return (families ?? []).map((f) => f.toLowerCase()).includes("ipv6");
}

/** A network read from Azure, to check the design against instead of the design's own flags. */
export interface ObservedNetwork {
  context: NetworkContext;
  /** The CIDR of the node subnet pools without a subnet of their own use. */
  nodeSubnetCidr?: string;
}

/** Fills in Azure's defaults and records which values were defaulted. */
export const MANAGED_VNET: NetworkContext = {
  vnetName: "AKS-managed",
  vnetCidrs: [AZURE_DEFAULTS.managedVnetCidr],
  subnets: [{ name: "aks-subnet", cidr: AZURE_DEFAULTS.managedSubnetCidr }],
  peered: [],
  managedVnet: true,
};

export function resolveDesign(input: DesignInput, observed?: ObservedNetwork): ResolvedDesign {
  const defaulted: string[] = [];
  const pick = <T>(value: T | undefined, fallback: T, path: string): T => {
    if (value !== undefined) return value;
    defaulted.push(path);
    return fallback;
  };

  const ipFamilies = pick(input.ipFamilies, [...AZURE_DEFAULTS.ipFamilies], "network.ipFamilies").map((f) => f.toLowerCase());
  const dual = isDualStack(ipFamilies);

  if (input.podCidr !== undefined && input.podCidrs !== undefined && input.podCidrs[0] !== input.podCidr) {
    throw new DesignInputError(
      `--pod-cidr ${shown(input.podCidr)} and --pod-cidrs ${shown(input.podCidrs.join(","))} disagree: give one of them`,
    );
  }
  if (input.serviceCidr !== undefined && input.serviceCidrs !== undefined && input.serviceCidrs[0] !== input.serviceCidr) {
    throw new DesignInputError(
      `--service-cidr ${shown(input.serviceCidr)} and --service-cidrs ${shown(input.serviceCidrs.join(","))} disagree: give one of them`,
    );
  }
  const podCidrs = cidrList(input.podCidrs, input.podCidr, dual, AZURE_DEFAULTS.podCidrs, "network.podCidrs", defaulted);
  const serviceCidrs = cidrList(input.serviceCidrs, input.serviceCidr, dual, AZURE_DEFAULTS.serviceCidrs, "network.serviceCidrs", defaulted);
  const dnsServiceIp = pick(input.dnsServiceIp, AZURE_DEFAULTS.dnsServiceIp, "network.dnsServiceIp");

  const poolInputs: PoolInput[] = input.nodePools ?? [
    {
      name: input.nodepoolName,
      count: input.nodeCount,
      enableAutoScaling: input.enableClusterAutoscaler,
      minCount: input.minCount,
      maxCount: input.maxCount,
      maxSurge: input.maxSurge,
      maxUnavailable: input.maxUnavailable,
      maxPods: input.maxPods,
      vmSize: input.nodeVmSize,
      osType: input.osType,
      osSku: input.osSku,
      vmSetType: input.vmSetType,
    },
  ];
  const pools = poolInputs.map((pool, index) => resolvePool(pool, index, input, defaulted));

  let network: NetworkContext;
  if (observed) {
    for (const pool of pools) pool.subnetCidr ??= observed.nodeSubnetCidr;
    network = observed.context;
    if (network.managedVnet) defaulted.push("network.vnetCidrs", "network.subnets");
  } else {
    network = resolveNetwork(input, pools, defaulted);
  }
  const design: Design = {
    name: input.name,
    resourceGroup: input.resourceGroup,
    location: input.location,
    kubernetesVersion: input.kubernetesVersion,
    ipFamilies,
    podCidrs,
    serviceCidrs,
    dnsServiceIp,
    networkDataplane: pick(input.networkDataplane, AZURE_DEFAULTS.networkDataplane, "network.networkDataplane"),
    networkPolicy: input.networkPolicy,
    outboundType: pick(input.outboundType, AZURE_DEFAULTS.outboundType, "network.outboundType"),
    enableAddons: input.enableAddons ?? [],
    staticEgressGateway: input.enableStaticEgressGateway === true,
    vnetSubnetId: input.vnetSubnetId,
    pools,
  };
  return { design, network, defaulted };
}

function cidrList(
  list: string[] | undefined,
  single: string | undefined,
  dual: boolean,
  defaults: readonly string[],
  path: string,
  defaulted: string[],
): string[] {
  if (list !== undefined) return list;
  if (single !== undefined) {
    if (!dual) return [single];
    defaulted.push(`${path}[1]`);
    return [single, defaults[1] as string];
  }
  defaulted.push(path);
  return dual ? [...defaults] : [defaults[0] as string];
}

function resolvePool(pool: PoolInput, index: number, top: DesignInput, defaulted: string[]): PoolDesign {
  const defaults: PoolField[] = [];
  const fill = <T>(value: T | undefined, topValue: T | undefined, fallback: T, field: PoolField): T => {
    if (value !== undefined) return value;
    if (topValue !== undefined) return topValue;
    defaults.push(field);
    return fallback;
  };
  const enableAutoScaling = pool.enableAutoScaling ?? top.enableClusterAutoscaler ?? false;
  const minCount = pool.minCount ?? top.minCount;
  const maxCount = pool.maxCount ?? top.maxCount;
  // With the autoscaler on and no count, AKS starts the pool at its minimum.
  const explicitCount = pool.count ?? top.nodeCount;
  const count =
    explicitCount ?? (enableAutoScaling && minCount !== undefined ? minCount : fill(undefined, undefined, AZURE_DEFAULTS.nodeCount, "count"));
  const resolved: PoolDesign = {
    name: pool.name ?? (index === 0 ? fill(undefined, top.nodepoolName, AZURE_DEFAULTS.nodepoolName, "name") : `nodepool${index + 1}`),
    count,
    enableAutoScaling,
    minCount,
    maxCount,
    maxSurge: fill(pool.maxSurge, top.maxSurge, AZURE_DEFAULTS.maxSurge, "maxSurge"),
    maxUnavailable: pool.maxUnavailable ?? top.maxUnavailable ?? AZURE_DEFAULTS.maxUnavailable,
    maxPods: fill(pool.maxPods, top.maxPods, AZURE_DEFAULTS.maxPods, "maxPods"),
    vmSize: pool.vmSize ?? top.nodeVmSize,
    osType: fill(pool.osType, top.osType, AZURE_DEFAULTS.osType, "osType"),
    osSku: pool.osSku ?? top.osSku,
    mode: pool.mode ?? (index === 0 ? "System" : "User"),
    vmSetType: fill(pool.vmSetType, top.vmSetType, AZURE_DEFAULTS.vmSetType, "vmSetType"),
    subnetCidr: pool.subnetCidr ?? top.nodeSubnetCidr,
  };
  // Named with the pool's own name, known only now.
  defaulted.push(...defaults.map((field) => poolPath(resolved.name, field)));
  return resolved;
}

function resolveNetwork(input: DesignInput, pools: PoolDesign[], defaulted: string[]): NetworkContext {
  const subnetName = input.vnetSubnetId?.split("/").at(-1);
  const givenSubnets = new Map<string, string>();
  if (input.nodeSubnetCidr !== undefined) givenSubnets.set(input.nodeSubnetCidr, subnetName ?? input.nodeSubnetCidr);
  for (const pool of pools) {
    if (pool.subnetCidr !== undefined && !givenSubnets.has(pool.subnetCidr)) givenSubnets.set(pool.subnetCidr, pool.subnetCidr);
  }
  const peered = (input.peeredCidrs ?? []).map((cidr) => ({ name: cidr, cidr }));
  if (input.vnetCidrs === undefined && givenSubnets.size === 0 && input.vnetSubnetId === undefined) {
    // No VNet given: AKS creates its own VNet in the node resource group.
    defaulted.push("network.vnetCidrs", "network.subnets");
    for (const pool of pools) pool.subnetCidr = AZURE_DEFAULTS.managedSubnetCidr;
    return { ...MANAGED_VNET, subnets: [...MANAGED_VNET.subnets], peered };
  }
  return {
    vnetName: input.vnetSubnetId?.split("/")[8],
    vnetCidrs: input.vnetCidrs ?? [],
    subnets: [...givenSubnets].map(([cidr, name]) => ({ name, cidr })),
    peered,
    managedVnet: false,
  };
}
