/**
 * The facts behind the overlay rules, in one place. Each constant says where it comes from;
 * the rules import these instead of repeating numbers.
 */

/**
 * Azure's defaults when a value is not given (az aks create, AKS API): pod CIDR from
 * azure-cni-overlay.md, "Key parameters for Azure CNI Overlay AKS clusters"; the dual-stack lists
 * from its "Key parameters for dual-stack networking"; max pods 250 from
 * concepts-network-azure-cni-overlay.md, "Maximum pods per node".
 */
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

/**
 * Each node takes one fixed block of the pod CIDR. IPv4: a /24 (concepts-network-azure-cni-overlay.md,
 * "How Azure CNI Overlay networking works" and "IP address planning > Pods": "The /24 size ... is
 * fixed"). IPv6: a /120, not a /80 (an AKS maintainer in Azure/AKS#5120; the docs give no IPv6
 * block size).
 */
export const NODE_BLOCK_PREFIX = { 4: 24, 6: 120 } as const;

/**
 * Azure reserves the first four and the last address of every subnet: a /24 holds 251 hosts
 * (concepts-network-azure-cni-overlay.md, "IP address planning > Cluster nodes").
 */
export const SUBNET_RESERVED_ADDRESSES = 5;

/**
 * Overlay: 10..250 pods per node, default 250 (concepts-network-azure-cni-overlay.md, "Maximum pods
 * per node"; 110 is only the recommended maximum for Windows nodes).
 */
export const MAX_PODS_RANGE = { min: 10, max: 250 } as const;

/**
 * 5,000 nodes per overlay cluster (concepts-network-azure-cni-overlay.md, "Differences between
 * kubenet and Azure CNI Overlay": kubenet 400; the older overlay doc, seed 001, said 1,000);
 * 1,000 nodes per pool (AKS quotas-skus-regions.md, "Service quotas and limits").
 */
export const MAX_CLUSTER_NODES = 5000;
export const MAX_POOL_NODES = 1000;

/**
 * Below this share of free /24 blocks at full scale, growth later needs a pod CIDR expansion (the
 * CLI's own threshold; expansion is Linux-only, IPv4-only, to a contiguous superset:
 * concepts-network-azure-cni-overlay.md, "IP address planning > Pods").
 */
export const HEADROOM_WARNING_RATIO = 0.25;

/**
 * Ranges AKS reserves for itself; no pod, service or VNet range may overlap them
 * (concepts-network-cni-overview.md, "AKS CNI networking prerequisites": the four ranges, for
 * service, pod and VNet ranges of all clusters). The RP itself refuses pod CIDRs on 172.30/16 and
 * 172.31/16 on create and update since the AKS release of 2026-05-29, and 169.254/16 pod or service
 * CIDRs on create since the release of 2025-01-30.
 */
export const AKS_RESERVED_RANGES = ["169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24"] as const;

/**
 * RFC 1918 private ranges: supported pod CIDRs (concepts-network-azure-cni-overlay.md, "IP address
 * planning", the IMPORTANT note: "RFC 1918 private-use address space or RFC 6598 shared address space").
 */
export const RFC1918_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;
/**
 * RFC 6598 shared address space: supported for pod CIDRs like RFC 1918 (concepts-network-azure-cni-
 * overlay.md, "IP address planning", the IMPORTANT note; public ranges work but are outside support).
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

/** AKS allows at most 100 node pools per cluster (quotas-skus-regions.md, "Service quotas and limits"; rulebook corrections, 2026-11). */
export const MAX_NODE_POOLS = 100;

/**
 * IPv4 service CIDRs must be smaller than a /12 (concepts-network-azure-cni-overlay.md, "Kubernetes
 * service address range"); IPv6 ones no larger than a /108 (azure-cni-overlay.md, "Key parameters
 * for dual-stack networking", `--service-cidrs`).
 */
export const SERVICE_CIDR_MIN_PREFIX = { 4: 13, 6: 108 } as const;

/**
 * Dual-stack needs Kubernetes 1.26.3 or later: azure-cni-overlay.md said so until its refresh of
 * 2026-07-31, which now asks for "a supported Kubernetes version in AKS" (every supported version is
 * above 1.26.3, so the floor only catches typos and old versions). With the cilium dataplane, 1.29
 * or later (azure-cni-powered-by-cilium.md, "Dual-stack networking with Azure CNI Powered by Cilium").
 */
export const DUAL_STACK_MIN_VERSION = [1, 26, 3] as const;
export const DUAL_STACK_CILIUM_MIN_VERSION = [1, 29, 0] as const;

/*
 * No ARM64 region limit: seed 001 (2023) listed regions where ARM64 sizes could not use overlay;
 * the overlay docs dropped that limitation in 2024-07 and concepts-network-azure-cni-overlay.md,
 * "Limitations with Azure CNI Overlay" (2026-07-31) lists none. Arm64RegionNotSupported is retired.
 */

/**
 * DCsv2-series confidential VMs do not support overlay: Standard_DC1s_v2, DC2s_v2, DC4s_v2, DC8_v2
 * (concepts-network-azure-cni-overlay.md, "Limitations with Azure CNI Overlay": use DCasv5 or DCadsv5).
 */
export const DCSV2_SIZE = /^Standard_DC\d+s?_v2$/i;

/**
 * Azure Network Policy Manager on Linux: "Scaling beyond 250 nodes and 20,000 pods isn't supported"
 * (use-network-policies.md, "Azure Network Policy Manager limitations (Linux)"; OOM errors beyond).
 */
export const NPM_SCALE_LIMIT = { nodes: 250, pods: 20_000 } as const;
/**
 * Azure NPM on Windows nodes: out of support from this date; subscriptions not already registered
 * can no longer onboard (includes/azure-network-policy-manager-windows-retirement.md; also
 * concepts-network-azure-cni-overlay.md, "Differences between kubenet and Azure CNI Overlay").
 * Linux NPM support ends 2028-09-30 (includes/azure-network-policy-manager-linux-retirement.md).
 */
export const NPM_WINDOWS_END_OF_SUPPORT = "2026-09-30";

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
/**
 * Dual-stack egress (azure-cni-overlay.md, "Dual-stack networking limitations"): the Standard NAT
 * gateway is IPv4-only and unsupported; a StandardV2 one works. `userAssignedNATGateway` takes either
 * SKU (nat-gateway.md, "Create an AKS cluster with a userAssignedNatGateway"), so the design cannot
 * tell: a warning. The AKS-managed StandardV2 gateway (`managedNATGatewayV2`) is a preview behind the
 * ManagedNATGatewayV2Preview feature flag (nat-gateway.md), not the stable `managedNATGateway`: error.
 */
export const DUAL_STACK_UNSUPPORTED_OUTBOUND_TYPES = ["managedNATGateway"] as const;
export const DUAL_STACK_STANDARDV2_OUTBOUND_TYPES = ["userAssignedNATGateway"] as const;
/**
 * Outbound type `block` is a preview, only for network isolated clusters in a managed VNet
 * (egress-outboundtype.md, "Outbound type of block"; network-isolated.md); the stable API
 * 2026-06-01 this CLI speaks has no `block` (@azure/arm-containerservice 25.5.0, KnownOutboundType).
 */
export const PREVIEW_OUTBOUND_TYPES = ["block"] as const;
export const VM_SET_TYPES = ["VirtualMachineScaleSets", "AvailabilitySet"] as const;
export const OS_TYPES = ["Linux", "Windows"] as const;
export const POOL_MODES = ["System", "User"] as const;
/**
 * The virtual nodes add-on's names: az's `virtual-node`, the API's `aciConnectorLinux`. Not for
 * overlay (concepts-network-azure-cni-overlay.md, "Choosing a network model": virtual nodes need flat
 * networking) nor dual-stack (azure-cni-overlay.md, "Dual-stack networking limitations").
 */
export const VIRTUAL_NODE_ADDONS = ["virtual-node", "aciconnectorlinux"] as const;

/** AKS's auto-upgrade channels (autoUpgradeProfile.upgradeChannel), as az aks create takes them. */
export const AUTO_UPGRADE_CHANNELS = ["none", "patch", "stable", "rapid", "node-image"] as const;
