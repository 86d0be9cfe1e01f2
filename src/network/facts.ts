/**
 * The facts behind the overlay rules, in one place. Each constant says where it comes from;
 * the rules import these instead of repeating numbers.
 */

/** Azure's defaults when a value is not given (az aks create, AKS API). */
export const AZURE_DEFAULTS = {
  podCidr: "10.244.0.0/16",
  serviceCidr: "10.0.0.0/16",
  dnsServiceIp: "10.0.0.10",
  /** Dual-stack: IPv4 first, then IPv6. */
  podCidrs: ["10.244.0.0/16", "fd12:3456:789a::/64"],
  serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"],
  ipFamilies: ["ipv4"],
  maxPods: 250,
  nodeCount: 3,
  /** The API's default surge for new pools; older pools had 1. */
  maxSurge: "10%",
  maxUnavailable: "0",
  nodepoolName: "nodepool1",
  osType: "Linux",
  vmSetType: "VirtualMachineScaleSets",
  networkDataplane: "azure",
  outboundType: "loadBalancer",
  /** The VNet AKS creates when no subnet is given (node resource group). */
  managedVnetCidr: "10.224.0.0/12",
  managedSubnetCidr: "10.224.0.0/16",
} as const;

/** Each node takes one fixed block of the pod CIDR: a /24 for IPv4 and a /80 for IPv6. */
export const NODE_BLOCK_PREFIX = { 4: 24, 6: 80 } as const;

/** Azure reserves the first four and the last address of every subnet: a /24 holds 251 hosts. */
export const SUBNET_RESERVED_ADDRESSES = 5;

/** Overlay: 10..250 pods per node. */
export const MAX_PODS_RANGE = { min: 10, max: 250 } as const;

/** Current AKS allows 5,000 nodes per cluster (the older overlay doc said 1,000); 1,000 per pool. */
export const MAX_CLUSTER_NODES = 5000;
export const MAX_POOL_NODES = 1000;

/** Below this share of free /24 blocks at full scale, growth later needs a pod CIDR expansion. */
export const HEADROOM_WARNING_RATIO = 0.25;

/** Ranges AKS reserves for itself; no pod, service or VNet range may overlap them. */
export const AKS_RESERVED_RANGES = ["169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24"] as const;

/** RFC 1918 private ranges: supported pod CIDRs. */
export const RFC1918_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;
/**
 * RFC 6598 shared address space: supported for pod CIDRs like RFC 1918 (rulebook corrections,
 * 2026-11: "RFC 1918 and RFC 6598 (100.64.0.0/10) are both supported: no warning").
 */
export const RFC6598_RANGE = "100.64.0.0/10";
/** The ranges a pod CIDR may lie in without a PodCidrNotPrivate warning. */
export const SUPPORTED_POD_RANGES = [...RFC1918_RANGES, RFC6598_RANGE] as const;

/**
 * Special-purpose ranges no cluster range (pod, service, VNet, subnet) may overlap (rulebook
 * corrections, 2026-11): they are never routed as ordinary unicast. Sources: IANA's IPv4 and IPv6
 * Special-Purpose Address Registries (RFC 6890), RFC 1122 (0/8, 127/8), RFC 5771 (224/4),
 * RFC 1112 (240/4, which includes 255.255.255.255), RFC 4291 (::, ::1, IPv4-mapped ::ffff:0:0/96,
 * fe80::/10, ff00::/8). 169.254.0.0/16 (IPv4 link-local) is among AKS_RESERVED_RANGES.
 */
export const SPECIAL_PURPOSE_RANGES = [
  { cidr: "0.0.0.0/8", what: "this-network range (RFC 1122)" },
  { cidr: "127.0.0.0/8", what: "loopback range" },
  { cidr: "224.0.0.0/4", what: "multicast range" },
  { cidr: "240.0.0.0/4", what: "reserved range (RFC 1112, with the broadcast address)" },
  { cidr: "::/128", what: "unspecified IPv6 address" },
  { cidr: "::1/128", what: "IPv6 loopback address" },
  { cidr: "::ffff:0:0/96", what: "IPv4-mapped IPv6 range" },
  { cidr: "fe80::/10", what: "IPv6 link-local range" },
  { cidr: "ff00::/8", what: "IPv6 multicast range" },
] as const;

/** AKS allows at most 100 node pools per cluster (rulebook corrections, 2026-11). */
export const MAX_NODE_POOLS = 100;

/** IPv4 service CIDRs must be smaller than a /12; IPv6 ones no larger than a /108. */
export const SERVICE_CIDR_MIN_PREFIX = { 4: 13, 6: 108 } as const;

/** Dual-stack needs Kubernetes 1.26.3 or later; with the cilium dataplane, 1.29 or later. */
export const DUAL_STACK_MIN_VERSION = [1, 26, 3] as const;
export const DUAL_STACK_CILIUM_MIN_VERSION = [1, 29, 0] as const;

/** Seed 001: ARM64 VM sizes were not supported with overlay in these regions (may be lifted). */
export const ARM64_UNSUPPORTED_REGIONS = [
  "eastus2",
  "francecentral",
  "southeastasia",
  "southcentralus",
  "westeurope",
  "westus3",
] as const;

/** DCsv2-series confidential VMs do not support overlay: Standard_DC1s_v2, DC2s_v2, DC4s_v2, DC8_v2. */
export const DCSV2_SIZE = /^Standard_DC\d+s?_v2$/i;
/** ARM64 (Ampere) sizes carry a "p" among the size's feature letters: Standard_D4ps_v5, E8pds_v6, B2pts_v2. */
export const ARM64_SIZE = /^Standard_[A-Z]+\d+[a-z]*p[a-z]*_v\d+$/i;

export const NETWORK_POLICIES = ["none", "azure", "calico", "cilium"] as const;
export const NETWORK_DATAPLANES = ["azure", "cilium"] as const;
export const OUTBOUND_TYPES = [
  "loadBalancer",
  "userDefinedRouting",
  "managedNATGateway",
  "userAssignedNATGateway",
  "none",
  "block",
] as const;
export const NAT_GATEWAY_OUTBOUND_TYPES = ["managedNATGateway", "userAssignedNATGateway"] as const;
export const VM_SET_TYPES = ["VirtualMachineScaleSets", "AvailabilitySet"] as const;
export const OS_TYPES = ["Linux", "Windows"] as const;
export const POOL_MODES = ["System", "User"] as const;
/** The virtual nodes add-on's names: az's `virtual-node`, the API's `aciConnectorLinux`. */
export const VIRTUAL_NODE_ADDONS = ["virtual-node", "aciconnectorlinux"] as const;
