/**
 * Capacity the way Azure's resource provider counts it: every pool pre-allocates one /24 of the
 * IPv4 pod CIDR (a /120 of the IPv6 one: NODE_BLOCK_PREFIX) per node at its full scale (count, or
 * maxCount with the autoscaler) plus its upgrade surge nodes (AKS release notes: "based on
 * nodepools.MaxCount ... InsufficientSubnetSize ... NetworkProfile_PodCIDR"). Arithmetic on prefix
 * lengths only.
 */
import type { Cidr, IpFamily } from "./cidr.js";
import { size } from "./cidr.js";
import type { PoolDesign } from "./design.js";
import { NODE_BLOCK_PREFIX, SUBNET_RESERVED_ADDRESSES } from "./facts.js";
import { parseSurge } from "./rules/inputShape.js";

export interface PoolScale {
  name: string;
  /** Nodes at full scale: count, or maxCount with the autoscaler. */
  nodes: number;
  /** Extra nodes an upgrade adds at once (maxSurge of the nodes at full scale, rounded up). */
  surge: number;
  maxPods: number;
  subnet?: string;
}

/** Surge nodes for a pool at full scale: "5" -> 5, "33%" of 10 -> 4 (rounded up). Invalid text counts as 0. */
export function surgeNodes(maxSurge: string, nodes: number): number {
  const parsed = parseSurge(maxSurge);
  if (!parsed) return 0;
  return parsed.percent ? Math.ceil((nodes * parsed.value) / 100) : parsed.value;
}

export function poolScale(pool: PoolDesign, subnet?: Cidr): PoolScale {
  const raw = pool.enableAutoScaling && pool.maxCount !== undefined ? pool.maxCount : pool.count;
  const nodes = Number.isInteger(raw) && raw > 0 ? raw : 0;
  const maxPods = Number.isInteger(pool.maxPods) && pool.maxPods > 0 ? pool.maxPods : 0;
  return { name: pool.name, nodes, surge: surgeNodes(pool.maxSurge, nodes), maxPods, subnet: subnet?.text };
}

/** How many node blocks (/24 for IPv4, /120 for IPv6) a pod CIDR holds. */
export function nodeBlocks(cidr: Pick<Cidr, "family" | "prefix">): bigint {
  const blockPrefix = NODE_BLOCK_PREFIX[cidr.family];
  return cidr.prefix > blockPrefix ? 0n : 1n << BigInt(blockPrefix - cidr.prefix);
}

/** The longest (smallest) prefix whose pod CIDR holds `required` node blocks; undefined if none can. */
export function smallestFittingPrefix(required: number | bigint, family: IpFamily): number | undefined {
  const need = BigInt(required);
  const blockPrefix = NODE_BLOCK_PREFIX[family];
  if (need <= 1n) return blockPrefix;
  const bits = (need - 1n).toString(2).length; // ceil(log2(need))
  return bits > blockPrefix ? undefined : blockPrefix - bits;
}

/** Usable addresses of a node subnet: its size less the five Azure reserves. */
export function usableAddresses(subnet: Cidr): bigint {
  const total = size(subnet);
  const reserved = BigInt(SUBNET_RESERVED_ADDRESSES);
  return total > reserved ? total - reserved : 0n;
}

export interface PodCidrCapacity {
  cidr: string;
  nodeBlocks: number;
  requiredNodeBlocks: number;
  /** The most nodes (surge included) the pod CIDR can give a block to. */
  maxNodes: number;
  freeBlocksAtFullScale: number;
  /** Blocks missing at full scale (0 when it fits). */
  shortfallBlocks: number;
  /** The longest prefix that would fit the requirement. */
  smallestFittingPrefix: number | null;
}

export interface Capacity {
  podCidr: PodCidrCapacity | null;
  podCidrIpv6?: PodCidrCapacity | null;
  /** `addressesInUse`: what the subnet already hands out (0 when unknown or new). */
  nodeSubnets: { cidr: string; usableAddresses: number; addressesInUse: number; requiredAddresses: number; pools: string[] }[];
  maxPodsPerNode: number;
  /** Pods the cluster can run at full scale (surge nodes excluded). */
  maxPods: number;
  nodesAtFullScale: number;
  surgeNodes: number;
  pools: { name: string; nodesAtFullScale: number; surgeNodes: number; maxPods: number; subnet: string | null }[];
}

export function podCidrCapacity(cidr: Cidr, required: number): PodCidrCapacity {
  const blocks = nodeBlocks(cidr);
  // Beyond 2^53 (an IPv6 pod CIDR: a /64 holds 2^56 /120 blocks) a count is the nearest double, which
  // for these powers of two is exact: never a made-up cap.
  const asNumber = (n: bigint): number => Number(n);
  const free = blocks - BigInt(required);
  return {
    cidr: cidr.text,
    nodeBlocks: asNumber(blocks),
    requiredNodeBlocks: required,
    maxNodes: asNumber(blocks),
    freeBlocksAtFullScale: free > 0n ? asNumber(free) : 0,
    shortfallBlocks: free < 0n ? Number(-free) : 0,
    smallestFittingPrefix: smallestFittingPrefix(required, cidr.family) ?? null,
  };
}

export function computeCapacity(
  pools: readonly PoolDesign[],
  poolSubnet: ReadonlyMap<string, Cidr>,
  pod: Partial<Record<IpFamily, Cidr>>,
  dualStack: boolean,
  inUse: ReadonlyMap<string, number> = new Map(),
): Capacity {
  const scales = pools.map((p) => poolScale(p, poolSubnet.get(p.name)));
  const nodes = scales.reduce((n, s) => n + s.nodes, 0);
  const surge = scales.reduce((n, s) => n + s.surge, 0);
  const required = nodes + surge;
  const subnets = new Map<string, { cidr: Cidr; required: number; pools: string[] }>();
  for (const pool of pools) {
    const cidr = poolSubnet.get(pool.name);
    if (!cidr) continue;
    const scale = scales[pools.indexOf(pool)] as PoolScale;
    const entry = subnets.get(cidr.text) ?? { cidr, required: 0, pools: [] };
    entry.required += scale.nodes + scale.surge;
    entry.pools.push(pool.name);
    subnets.set(cidr.text, entry);
  }
  const capacity: Capacity = {
    podCidr: pod[4] ? podCidrCapacity(pod[4], required) : null,
    nodeSubnets: [...subnets.values()].map((s) => ({
      cidr: s.cidr.text,
      usableAddresses: Number(usableAddresses(s.cidr)),
      addressesInUse: inUse.get(s.cidr.text) ?? 0,
      requiredAddresses: s.required,
      pools: s.pools,
    })),
    maxPodsPerNode: scales.reduce((most, s) => Math.max(most, s.maxPods), 0),
    maxPods: scales.reduce((n, s) => n + s.nodes * s.maxPods, 0),
    nodesAtFullScale: nodes,
    surgeNodes: surge,
    pools: scales.map((s) => ({ name: s.name, nodesAtFullScale: s.nodes, surgeNodes: s.surge, maxPods: s.maxPods, subnet: s.subnet ?? null })),
  };
  if (dualStack) capacity.podCidrIpv6 = pod[6] ? podCidrCapacity(pod[6], required) : null;
  return capacity;
}
