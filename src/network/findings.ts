/**
 * A finding: what a rule found, addressed by the design path it concerns, with how to fix it.
 * Every finding code the CLI can report is declared here, once (the rulebook's catalogue).
 */
export type Severity = "error" | "warning" | "info";

/** Where a code sits in the rulebook. */
export type FindingSection =
  | "Input shape"
  | "Address space"
  | "Capacity"
  | "Compatibility"
  | "Upgrade to overlay"
  | "Day-2 changes (update)"
  | "What Azure holds";

export interface FindingSpec {
  section: FindingSection;
  /** The severity the CLI reports the code with. */
  severity: Severity;
  /** Other severities some cases of the code are reported with (a note, a milder warning). */
  alsoAs?: readonly Severity[];
  /** The rulebook's one-line rule. */
  rule: string;
  /** The rulebook retires the rule; the code stays reserved (codes are never reused). */
  retired?: true;
}

/**
 * The findings catalogue: every code the CLI can report, its severity and the rulebook's rule
 * (`overlay-rules.md`, copied here as data). Codes are part of the JSON contract: never rename
 * one; add new ones freely. Codes marked "(not in the rulebook)" are the CLI's own.
 */
export const FINDING_CATALOGUE = {
  // Input shape
  InvalidCidr: {
    section: "Input shape",
    severity: "error",
    rule: "does not parse as a CIDR, or has host bits set (10.244.1.0/16: say which network address was meant), or is the wrong IP family for its position (armCode CidrStringParseError)",
  },
  InvalidIpAddress: { section: "Input shape", severity: "error", rule: "`--dns-service-ip` does not parse, or is not IPv4" },
  IpFamiliesMismatch: {
    section: "Input shape",
    severity: "error",
    rule: "`--ip-families` is not `ipv4` or `ipv4,ipv6` (IPv6-only is unsupported); or the count/order of `--pod-cidrs` / `--service-cidrs` does not match it (IPv4 first)",
  },
  MaxPodsOutOfRange: { section: "Input shape", severity: "error", rule: "`--max-pods` outside 10..250" },
  NodeCountInvalid: {
    section: "Input shape",
    severity: "error",
    rule: "count < 0 (User pool) or < 1 (System pool), count > 1000; autoscaler min > max, count outside [min,max]",
  },
  MaxSurgeInvalid: { section: "Input shape", severity: "error", rule: "not an integer or percentage, negative, or 0 without `--max-unavailable` > 0" },
  ClusterNameInvalid: {
    section: "Input shape",
    severity: "error",
    rule: "`^[a-zA-Z0-9]$` or `^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$`",
  },
  NodePoolNameInvalid: { section: "Input shape", severity: "error", rule: "`^[a-z][a-z0-9]{0,11}$`; Windows pools at most 6 characters" },
  NodePoolNameDuplicate: { section: "Input shape", severity: "error", rule: "two pools of the design share a name (not in the rulebook)" },
  ResourceGroupNameInvalid: {
    section: "Input shape",
    severity: "error",
    rule: "resource group name is not 1-90 letters, digits, `_`, `-`, `.`, `(` or `)`, or ends in `.` (Azure's naming rules; not in the rulebook)",
  },
  NodePoolCountExceeded: { section: "Input shape", severity: "error", rule: "more than 100 node pools: AKS allows at most 100 per cluster (rulebook corrections)" },
  NameTooLong: {
    section: "Input shape",
    severity: "error",
    rule: "subnet, VNet or resource-group name over 63 characters (they become node labels)",
  },
  ResourceIdInvalid: {
    section: "Input shape",
    severity: "error",
    rule: "`--vnet-subnet-id` is not `/subscriptions/{guid}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}`",
  },
  KubernetesVersionInvalid: {
    section: "Input shape",
    severity: "error",
    rule: "`--kubernetes-version` is not major.minor or major.minor.patch (not in the rulebook)",
  },
  SystemPoolRequired: { section: "Input shape", severity: "error", rule: "no pool has mode System (not in the rulebook)" },
  SystemPoolWindows: { section: "Input shape", severity: "error", rule: "a System pool runs Windows: System pools must run Linux (not in the rulebook)" },
  OsSkuOsTypeMismatch: { section: "Input shape", severity: "error", rule: "a pool's OS SKU is for the other OS: Windows SKUs (Windows2019, Windows2022, Windows2025, WindowsAnnual) for Windows pools, the others (Ubuntu, AzureLinux) for Linux (not in the rulebook)" },
  // Address space
  ReservedRangeOverlap: {
    section: "Address space",
    severity: "error",
    rule: "pod, service or VNet range overlaps 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 or 192.0.2.0/24 (AKS reserves them)",
  },
  SpecialPurposeRange: {
    section: "Address space",
    severity: "error",
    rule: "a pod, service, VNet or subnet range overlaps a special-purpose range: this-network 0.0.0.0/8, loopback 127.0.0.0/8, multicast 224.0.0.0/4, reserved 240.0.0.0/4; IPv6 unspecified ::/128, loopback ::1/128, IPv4-mapped ::ffff:0:0/96, link-local fe80::/10, multicast ff00::/8 (rulebook corrections)",
  },
  PodCidrOverlapsVnet: {
    section: "Address space",
    severity: "error",
    alsoAs: ["warning"],
    rule: "pod CIDR overlaps a subnet of the cluster VNet (armCode NetworkProfileCIDROverlapVNET); only the VNet's unused address space: a warning (the rulebook says error for both; the AKS release of 2024-10-25 made the RP check subnets only)",
  },
  PodCidrOverlapsServiceCidr: { section: "Address space", severity: "error", rule: "pod CIDR and service CIDR overlap (per family)" },
  PodCidrOverlapsPeeredNetwork: {
    section: "Address space",
    severity: "error",
    rule: "pod CIDR overlaps a peered VNet, VPN/ExpressRoute or on-prem range: traffic to those hosts would never leave the cluster",
  },
  ServiceCidrOverlapsVnet: {
    section: "Address space",
    severity: "error",
    rule: "service CIDR overlaps the VNet or a subnet (armCode ServiceCidrOverlapExistingSubnetsCidr)",
  },
  ServiceCidrOverlapsPeeredNetwork: { section: "Address space", severity: "error", rule: "service CIDR overlaps a peered / on-prem range" },
  ServiceCidrTooLarge: {
    section: "Address space",
    severity: "error",
    rule: "IPv4 service CIDR must be smaller than /12 (prefix 13..); IPv6 service CIDR no larger than /108 (prefix 108..)",
  },
  DnsServiceIpOutOfServiceCidr: { section: "Address space", severity: "error", rule: "DNS service IP outside the (IPv4) service CIDR (same armCode)" },
  DnsServiceIpReserved: {
    section: "Address space",
    severity: "error",
    rule: "DNS service IP is the service CIDR's network address or its first host (.1 is `kubernetes.default.svc.cluster.local`)",
  },
  NodeSubnetOutsideVnet: { section: "Address space", severity: "error", rule: "node subnet is not inside the VNet's address space" },
  PodCidrNotPrivate: {
    section: "Address space",
    severity: "warning",
    rule: "pod CIDR outside RFC 1918 (10/8, 172.16/12, 192.168/16) and RFC 6598 (100.64.0.0/10): works, but outside Microsoft support (rulebook corrections: 100.64.0.0/10 is supported, no warning)",
  },
  // Capacity
  InsufficientPodCidr: {
    section: "Capacity",
    severity: "error",
    rule: "required /24 blocks (sum over pools of count-or-maxCount plus surge) exceed the blocks the IPv4 pod CIDR holds (IPv6: /120 blocks, Azure/AKS#5120); armCode InsufficientSubnetSize; message states both numbers and the smallest prefix that would fit",
  },
  PodCidrHeadroomLow: {
    section: "Capacity",
    severity: "warning",
    rule: "less than 25% of the pod CIDR's /24 blocks would stay free at full scale: growth later needs an expansion",
  },
  InsufficientSubnetSize: {
    section: "Capacity",
    severity: "error",
    rule: "node subnet usable addresses (size minus 5) below nodes-at-max plus surge of every pool that uses it",
  },
  ClusterNodeLimit: { section: "Capacity", severity: "error", rule: "nodes at full scale over 5,000" },
  // Compatibility
  AvailabilitySetNotSupported: { section: "Compatibility", severity: "error", rule: "`--vm-set-type AvailabilitySet` with overlay" },
  VmSizeNotSupported: {
    section: "Compatibility",
    severity: "error",
    rule: "DCsv2-series sizes (`Standard_DC*s_v2`) with overlay (suggest DCasv5/DCadsv5)",
  },
  Arm64RegionNotSupported: {
    section: "Compatibility",
    severity: "warning",
    rule: "the ARM64 region limit was removed from the overlay docs in 2024-07 (concepts-network-azure-cni-overlay.md, Limitations, lists none)",
    retired: true,
  },
  CiliumPolicyRequiresCiliumDataplane: { section: "Compatibility", severity: "error", rule: "network policy cilium without dataplane cilium" },
  CiliumDataplaneRequiresCiliumPolicy: {
    section: "Compatibility",
    severity: "error",
    alsoAs: ["info"],
    rule: "dataplane cilium with policy azure or calico (when policy is unset, cilium is implied: info)",
  },
  DualStackUnsupportedFeature: {
    section: "Compatibility",
    severity: "error",
    rule: "dual-stack with network policy azure or calico, outbound type managedNATGateway (a Standard NAT gateway is IPv4-only), or virtual nodes (azure-cni-overlay.md, Dual-stack networking limitations)",
  },
  DualStackKubernetesVersion: {
    section: "Compatibility",
    severity: "error",
    rule: "dual-stack needs Kubernetes >= 1.26.3; dual-stack with the cilium dataplane needs >= 1.29",
  },
  DualStackWindowsPreview: {
    section: "Compatibility",
    severity: "warning",
    rule: "Windows overlay dual-stack is GA: docs' preview label removed 2026-06-12, no feature registration needed since the AKS release of 2026-07-17",
    retired: true,
  },
  DualStackNatGatewayStandardV2: {
    section: "Compatibility",
    severity: "warning",
    rule: "dual-stack with outbound type userAssignedNATGateway: works only with a StandardV2 NAT gateway, which the design cannot see (azure-cni-overlay.md, Dual-stack networking limitations; rulebook corrections)",
  },
  VirtualNodesNotSupported: { section: "Compatibility", severity: "error", rule: "the virtual nodes add-on (aciConnectorLinux) with overlay" },
  OutboundTypeBlockNotSupported: {
    section: "Compatibility",
    severity: "error",
    rule: "`--outbound-type block` is a preview for network isolated clusters in a managed VNet; the stable API 2026-06-01 has no `block` (egress-outboundtype.md, Outbound type of block; rulebook corrections)",
  },
  CiliumWindowsNotSupported: {
    section: "Compatibility",
    severity: "error",
    rule: "a Windows pool with the cilium dataplane: Azure CNI Powered by Cilium is Linux-only (azure-cni-powered-by-cilium.md, Limitations; rulebook corrections)",
  },
  NetworkPolicyAzureScale: {
    section: "Compatibility",
    severity: "error",
    rule: "network policy azure (NPM) beyond 250 nodes or 20,000 pods at full scale (use-network-policies.md, Azure Network Policy Manager limitations (Linux); rulebook corrections)",
  },
  NetworkPolicyAzureWindows: {
    section: "Compatibility",
    severity: "warning",
    rule: "a Windows pool with network policy azure: NPM on Windows is out of support since 2026-09-30 and unregistered subscriptions can no longer onboard (includes/azure-network-policy-manager-windows-retirement.md; the design cannot see the registration, so a warning)",
  },
  // Upgrade to overlay
  UpgradeAlreadyOverlay: { section: "Upgrade to overlay", severity: "info", rule: "nothing to do: the plan is a no-op, exit 0" },
  UpgradeFromPodSubnet: { section: "Upgrade to overlay", severity: "error", rule: "dynamic pod IP allocation (pod subnet) clusters cannot be upgraded" },
  UpgradeFromByoCni: { section: "Upgrade to overlay", severity: "error", rule: "network plugin none cannot be upgraded" },
  UpgradeNetworkPolicyEnabled: {
    section: "Upgrade to overlay",
    severity: "error",
    rule: 'a network policy engine (azure, calico) is enabled: it must be removed first (armCode ValidationError: "Cannot update cluster to Azure CNI Overlay while using network policies with Azure CNI v1")',
  },
  UpgradeKubernetesVersion: {
    section: "Upgrade to overlay",
    severity: "error",
    rule: "Kubernetes older than 1.27 (update-azure-cni.md, Update the IPAM mode to Azure CNI Overlay; the seed's older revision said 1.22)",
  },
  UpgradeClusterNotReady: {
    section: "Upgrade to overlay",
    severity: "error",
    rule: "the cluster is Stopped, or its provisioning state is not Succeeded (another operation is running or failed)",
  },
  UpgradeWindowsDocker: {
    section: "Upgrade to overlay",
    severity: "error",
    alsoAs: ["warning"],
    rule: "a Windows pool still uses the docker runtime (Windows OS build below 20348.1668 also mis-SNATs: warn)",
  },
  UpgradeAvailabilitySet: { section: "Upgrade to overlay", severity: "error", rule: "a pool uses availability sets" },
  UpgradePodCidrRequired: {
    section: "Upgrade to overlay",
    severity: "error",
    rule: "legacy Azure CNI: `--pod-cidr` is required and must pass every address-space rule above, against the cluster's VNet, its subnets, peerings and service CIDR",
  },
  UpgradePodCidrChange: {
    section: "Upgrade to overlay",
    severity: "error",
    rule: "kubenet: since the AKS release of 2025-08-29 a different `--pod-cidr` may be given during kubenet -> overlay (update-azure-cni.md shows it); the new one must pass every address-space rule; without `--pod-cidr` the existing one is kept",
    retired: true,
  },
  UpgradeKubenetDualStack: { section: "Upgrade to overlay", severity: "warning", rule: "kubenet dual-stack to overlay breaks IPv6 during the upgrade" },
  UpgradeSystemAssignedRouteTable: {
    section: "Upgrade to overlay",
    severity: "error",
    rule: "kubenet on a custom VNet whose subnet has a route table, with a system-assigned cluster identity: the route table must be detached during the update and that needs a user-assigned identity (update-azure-cni.md, 2026-03); hint: move the cluster to a user-assigned identity first",
  },
  UpgradeReimagesAllPools: {
    section: "Upgrade to overlay",
    severity: "warning",
    rule: "always: irreversible; every pool is re-imaged at once (list pools and node counts)",
  },
  UpgradeIpMasqAgentConfig: {
    section: "Upgrade to overlay",
    severity: "warning",
    rule: "always: AKS refuses the move to overlay while a custom ip-masq-agent config exists in kube-system (AKS release 2025-01-30); a left-over `azure-ip-masq-agent-config` ConfigMap must be deleted (update-azure-cni.md); give the kubectl command that checks it",
  },
  // Day-2 changes of an overlay cluster (update): one change per operation
  PodCidrExpansionNotSuperset: {
    section: "Day-2 changes (update)",
    severity: "error",
    rule: "the new pod CIDR does not contain the whole current one, or is not larger, or is not IPv4 (only a larger contiguous superset is allowed: no shrink, no move, no second block; azure-cni-overlay-pod-expand.md, Limitations)",
  },
  PodCidrExpansionWindows: { section: "Day-2 changes (update)", severity: "error", rule: "a Windows pool exists (pod CIDR expansion is Linux-only)" },
  PodCidrExpansionDualStack: { section: "Day-2 changes (update)", severity: "error", rule: "the cluster is dual-stack (pod CIDR expansion is IPv4 single-stack only)" },
  PodCidrExpansionNotOverlay: { section: "Day-2 changes (update)", severity: "error", rule: "pod CIDR expansion: the cluster is not on Azure CNI Overlay" },
  DualStackUpdateSubnetIpv4Only: { section: "Day-2 changes (update)", severity: "error", rule: "IPv4 -> dual-stack: a pool's subnet (or the VNet) has no IPv6 prefix" },
  DualStackUpdateNotOverlay: {
    section: "Day-2 changes (update)",
    severity: "error",
    rule: "IPv4 -> dual-stack: the cluster is not on Azure CNI Overlay (not in the rulebook)",
  },
  PodCidrExpansionAlreadyCurrent: { section: "Day-2 changes (update)", severity: "info", rule: "pod CIDR expansion: the new pod CIDR is the current one, nothing to do (not in the rulebook)" },
  DualStackUpdateChangesIpv4: {
    section: "Day-2 changes (update)",
    severity: "error",
    rule: "IPv4 -> dual-stack keeps the IPv4 pod and service ranges: one network change per operation (the RP refuses the rest: OperationNotAllowed); not in the rulebook",
  },
  DualStackUpdateAlreadyDualStack: { section: "Day-2 changes (update)", severity: "info", rule: "IPv4 -> dual-stack: the cluster is dual-stack already, nothing to do (not in the rulebook)" },
  CiliumUpdateNotOverlay: {
    section: "Day-2 changes (update)",
    severity: "error",
    rule: "the Cilium dataplane: aks-overlay changes overlay clusters; kubenet must move to overlay first (update-azure-cni.md), as two operations, never one",
  },
  CiliumUpdateWindows: { section: "Day-2 changes (update)", severity: "error", rule: "the Cilium dataplane: a Windows pool exists" },
  CiliumUpdateNodeAutoProvisioning: {
    section: "Day-2 changes (update)",
    severity: "error",
    rule: "the Cilium dataplane: node auto-provisioning is on: disable it, update, re-enable",
  },
  CiliumUpdateAlreadyCilium: { section: "Day-2 changes (update)", severity: "info", rule: "the Cilium dataplane: the cluster uses it already, nothing to do (not in the rulebook)" },
  CiliumUpdateReimagesAllPools: {
    section: "Day-2 changes (update)",
    severity: "warning",
    rule: "always for the Cilium dataplane: every pool is re-imaged at once; the previous policy engine (azure, calico) is removed and Cilium enforces network policy once every node is re-imaged (update-azure-cni.md; not in the rulebook)",
  },
  UpdateClusterNotReady: { section: "Day-2 changes (update)", severity: "error", rule: "the cluster is Stopped, its last operation Failed or was Canceled, or another operation is running" },
  UpdateNoEffect: {
    section: "Day-2 changes (update)",
    severity: "error",
    rule: "after apply: Azure reported Succeeded but the read-back cluster lacks the change (Azure/azure-cli#28403)",
  },
  // What Azure holds (observed by an operation)
  ClusterNotFound: { section: "What Azure holds", severity: "error", rule: "the cluster to change does not exist (not in the rulebook)" },
  ClusterExists: { section: "What Azure holds", severity: "error", rule: "the cluster to create exists already (not in the rulebook)" },
  ClusterNotOverlay: {
    section: "What Azure holds",
    severity: "error",
    rule: "adding a node pool: a cluster that is not on overlay yet is refused, with a pointer to `aks-overlay upgrade`",
  },
  NodePoolExists: { section: "What Azure holds", severity: "error", rule: "adding a node pool: the name must be new" },
  NodePoolSubnetOtherVnet: { section: "What Azure holds", severity: "error", rule: "adding a node pool: its subnet must be in the cluster's VNet" },
  SubnetNotFound: { section: "What Azure holds", severity: "error", rule: "the node subnet given does not exist (not in the rulebook)" },
  PoolSubnetNotCreated: { section: "What Azure holds", severity: "error", rule: "create --file: a pool's subnetCidr is not the subnet --vnet-subnet-id names, where create puts every pool (not in the rulebook)" },
  ETagMissing: { section: "What Azure holds", severity: "error", rule: "Azure returned the resource without an eTag, so a write cannot be guarded (not in the rulebook)" },
  ClusterLastOperationFailed: {
    section: "What Azure holds",
    severity: "warning",
    rule: "the cluster's last operation ended Failed or Canceled: the PUT re-applies the desired state, as `az aks update` does to reconcile (not in the rulebook)",
  },
  DualStackSubnetIpv4Only: {
    section: "Compatibility",
    severity: "error",
    rule: "a dual-stack cluster's pools need subnets with an IPv6 prefix (the RP refuses SingleStackVnetSubnetWithDualStackCluster)",
  },
  NodePoolNotFound: { section: "What Azure holds", severity: "error", rule: "the pool to change does not exist (not in the rulebook)" },
  NodePoolVirtualMachinesScale: {
    section: "What Azure holds",
    severity: "error",
    rule: "a VirtualMachines pool carries its size in virtualMachinesProfile.scale: aks-overlay scales its one manual size group; several groups, or the cluster autoscaler (not supported on VirtualMachines pools), are refused (not in the rulebook)",
  },
  NodePoolNotReady: { section: "What Azure holds", severity: "error", rule: "the pool to change has an operation running (its provisioning state is not settled): a write now would conflict with it (not in the rulebook)" },
  NodePoolLastOperationFailed: {
    section: "What Azure holds",
    severity: "warning",
    rule: "the pool's last operation ended Failed or Canceled: the PUT re-applies the pool's desired state, which reconciles it, even when nothing else changes (not in the rulebook)",
  },
  ResourceGroupNotFound: { section: "What Azure holds", severity: "error", rule: "the resource group must exist" },
  LocationUnknown: { section: "What Azure holds", severity: "error", rule: "the location is not a region the subscription can use (unknown region names are a finding, not a deploy-time failure)" },
  VnetLocationMismatch: { section: "What Azure holds", severity: "error", rule: "a cluster's pools must be in a VNet of the cluster's own region" },
  IdentityNotFound: { section: "What Azure holds", severity: "error", rule: "the user-assigned identity given with --assign-identity does not exist (not in the rulebook)" },
  SubnetPermissionMissing: {
    section: "What Azure holds",
    severity: "warning",
    rule: "the cluster identity needs Network Contributor (4d97b98b-1d4f-4787-a291-c67834d212e7) on a custom subnet; a user-assigned identity given with --assign-identity has no role assignment at the subnet or VNet",
  },
} as const satisfies Record<string, FindingSpec>;

export type FindingCode = keyof typeof FINDING_CATALOGUE;

/** Every finding code, in the rulebook's order. */
export const FINDING_CODES = Object.keys(FINDING_CATALOGUE) as FindingCode[];

/** The catalogue entry of a code. */
export function findingSpec(code: FindingCode): FindingSpec {
  return FINDING_CATALOGUE[code];
}

export interface Finding {
  severity: Severity;
  /** Stable code: part of the JSON contract, never renamed. */
  code: FindingCode;
  /**
   * The design path the finding concerns: "network.podCidrs[0]", "network.dnsServiceIp",
   * "pools[batch].maxPods", "cluster.name". Commands map paths to their own flags (FlagTable).
   */
  path: string;
  /** The command's flag for `path`, set by `withFlags` before a finding is shown. */
  field?: string;
  /** Names the offending values. */
  message: string;
  hint?: string;
  /** The error code Azure itself would return, so users can search for it. */
  armCode?: string;
  /** The node pool the finding is about, where it is about one. */
  pool?: string;
  /** The offending values, for scripts. */
  values?: string[];
}

/** A finding as shown: its flag is known. */
export type ShownFinding = Finding & { field: string };

/**
 * How one command names design paths: the first row whose pattern matches a finding's path gives
 * its flag. A pattern is a path with `*` for a pool name or a list index ("pools[*].maxPods",
 * "network.podCidrs[*]"), or a concrete path ("pools[batch].maxPods"); one ending in ".*" or
 * "[*]" also matches everything below it ("pools[*]" matches "pools[batch].maxPods").
 */
export type FlagTable = readonly (readonly [pattern: string, flag: string])[];

/** The path's steps: "pools[a].maxPods" -> ["pools", "[a]", ".maxPods"]. */
function steps(path: string): string[] {
  return path.match(/\[[^\]]*\]|\.?[^.[]+/g) ?? [];
}

function patternMatches(pattern: string, path: string): boolean {
  const want = steps(pattern);
  const have = steps(path);
  let andBelow = want.at(-1) === "[*]";
  if (want.at(-1) === ".*") {
    want.pop();
    andBelow = true;
  }
  if (andBelow ? have.length < want.length : have.length !== want.length) return false;
  return want.every((step, i) => step === have[i] || (step === "[*]" && (have[i] ?? "").startsWith("[")));
}

/** The flag a command shows for a design path, or `fallback` when its table has none. */
export function flagFor(path: string, table: FlagTable, fallback: string): string {
  return table.find(([pattern]) => patternMatches(pattern, path))?.[1] ?? fallback;
}

/** The findings with each one's `field` set to the command's flag for its path. */
export function withFlags(findings: readonly Finding[], table: FlagTable, fallback: string): ShownFinding[] {
  return findings.map(({ severity, code, path, ...rest }) => ({ severity, code, field: flagFor(path, table, fallback), path, ...rest }));
}

export const SEVERITY_ORDER: readonly Severity[] = ["error", "warning", "info"];

/** Findings in a stable order: errors, then warnings, then notes, each in the order found. */
export function bySeverity<T extends Finding>(findings: readonly T[]): T[] {
  return SEVERITY_ORDER.flatMap((severity) => findings.filter((f) => f.severity === severity));
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** "a, b and 3 more" for messages about many values. */
export function listValues(values: readonly string[], max = 4): string {
  if (values.length <= max) {
    return values.length <= 1 ? (values[0] ?? "") : `${values.slice(0, -1).join(", ")} and ${values[values.length - 1]}`;
  }
  return `${values.slice(0, max).join(", ")} and ${values.length - max} more`;
}

export function plural(n: number | bigint, word: string, pluralWord = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 || n === 1n ? word : pluralWord}`;
}

/** 1234567 -> "1,234,567" (by hand: toLocaleString would load ICU, ~10 ms at start-up). */
export function formatCount(n: number | bigint): string {
  if (typeof n === "number" && !Number.isSafeInteger(n)) return String(n);
  const digits = (n < 0 ? -BigInt(n) : BigInt(n)).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ",");
  return n < 0 ? `-${grouped}` : grouped;
}
