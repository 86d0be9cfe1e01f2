/**
 * A finding: what a rule found, addressed by the design path it concerns, with how to fix it.
 * Every finding code the CLI can report is declared here, once (the rulebook's catalogue).
 */
export type Severity = "error" | "warning" | "info";

/**
 * Every finding code, grouped as in the rulebook. Codes are part of the JSON contract: never
 * rename one; add new ones freely.
 */
export const FINDING_CODES = [
  // Input shape
  "InvalidCidr",
  "InvalidIpAddress",
  "IpFamiliesMismatch",
  "MaxPodsOutOfRange",
  "NodeCountInvalid",
  "MaxSurgeInvalid",
  "ClusterNameInvalid",
  "NodePoolNameInvalid",
  "NodePoolNameDuplicate",
  "NameTooLong",
  "ResourceIdInvalid",
  "KubernetesVersionInvalid",
  "SystemPoolRequired",
  "SystemPoolWindows",
  // Address space
  "ReservedRangeOverlap",
  "PodCidrOverlapsVnet",
  "PodCidrOverlapsServiceCidr",
  "PodCidrOverlapsPeeredNetwork",
  "ServiceCidrOverlapsVnet",
  "ServiceCidrOverlapsPeeredNetwork",
  "ServiceCidrTooLarge",
  "DnsServiceIpOutOfServiceCidr",
  "DnsServiceIpReserved",
  "NodeSubnetOutsideVnet",
  "PodCidrNotPrivate",
  // Capacity
  "InsufficientPodCidr",
  "PodCidrHeadroomLow",
  "InsufficientSubnetSize",
  "ClusterNodeLimit",
  // Compatibility
  "AvailabilitySetNotSupported",
  "VmSizeNotSupported",
  "Arm64RegionNotSupported",
  "CiliumPolicyRequiresCiliumDataplane",
  "CiliumDataplaneRequiresCiliumPolicy",
  "DualStackUnsupportedFeature",
  "DualStackKubernetesVersion",
  "DualStackWindowsPreview",
  "VirtualNodesNotSupported",
  // Upgrade to overlay
  "UpgradeAlreadyOverlay",
  "UpgradeFromPodSubnet",
  "UpgradeFromByoCni",
  "UpgradeNetworkPolicyEnabled",
  "UpgradeKubernetesVersion",
  "UpgradeClusterNotReady",
  "UpgradeWindowsDocker",
  "UpgradeAvailabilitySet",
  "UpgradePodCidrRequired",
  "UpgradePodCidrChange",
  "UpgradeKubenetDualStack",
  "UpgradeSystemAssignedRouteTable",
  "UpgradeReimagesAllPools",
  "UpgradeIpMasqAgentConfig",
  // What Azure holds (observed by an operation)
  "ClusterNotFound",
  "ClusterExists",
  "ClusterNotOverlay",
  "NodePoolExists",
  "NodePoolSubnetOtherVnet",
  "SubnetNotFound",
  "ETagMissing",
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

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
 * "network.podCidrs[*]") and may end in ".*" or "[*]" to match everything below it.
 */
export type FlagTable = readonly (readonly [pattern: string, flag: string])[];

function patternMatches(pattern: string, path: string): boolean {
  const normal = path.replace(/\[[^\]]*\]/g, "[*]");
  if (normal === pattern) return true;
  if (pattern.endsWith(".*")) return normal.startsWith(pattern.slice(0, -1)) || normal === pattern.slice(0, -2);
  return false;
}

/** The flag a command shows for a design path, or `fallback` when its table has none. */
export function flagFor(path: string, table: FlagTable, fallback: string): string {
  return table.find(([pattern]) => patternMatches(pattern, path))?.[1] ?? fallback;
}

/** The findings with each one's `field` set to the command's flag for its path. */
export function withFlags(findings: readonly Finding[], table: FlagTable, fallback: string): ShownFinding[] {
  return findings.map((f) => ({ ...f, field: flagFor(f.path, table, fallback) }));
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
