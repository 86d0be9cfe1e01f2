/**
 * Azure's rules for the names aks-overlay puts in request URLs and bodies, in one place: each
 * pattern and length with where it comes from. `checkNames` (before any request) and the
 * validate rules (ClusterNameInvalid, NodePoolNameInvalid, NameTooLong, ...) both ask here.
 * Pure: no I/O.
 */
import { formatCount } from "./findings.js";
import { quoted } from "./shown.js";

export type NameKind = "resourceGroup" | "cluster" | "pool" | "windowsPool" | "location" | "dnsPrefix" | "urlSegment";

export interface NameRule {
  /** What the name is, for messages: "resource group name". */
  what: string;
  min: number;
  max: number;
  /** The characters and shape allowed (length is checked separately, first). */
  pattern: RegExp;
  /** The rule in words, for messages. */
  rule: string;
}

/** Characters that would end or escape a URL path segment, on top of what each pattern refuses. */
const URL_UNSAFE = /[/?#\\%]/;

export const NAME_RULES: Record<NameKind, NameRule> = {
  /**
   * Microsoft.Resources/resourceGroups: 1-90 characters; letters (Unicode), digits, underscores,
   * hyphens, periods and parentheses; cannot end in a period. Sources: "Naming rules and
   * restrictions for Azure resources" (learn.microsoft.com, azure-resource-manager/management/
   * resource-name-rules, Microsoft.Resources), and the REST spec's resourceGroupName pattern
   * `^[-\w\._\(\)]+$` (maxLength 90).
   */
  resourceGroup: {
    what: "resource group name",
    min: 1,
    max: 90,
    pattern: /^[-\p{L}\p{Nd}_.()]*[-\p{L}\p{Nd}_()]$/u,
    rule: `1-90 letters, digits, "_", "-", ".", "(" or ")", not ending in "."`,
  },
  /**
   * Microsoft.ContainerService/managedClusters: the REST spec's resourceName parameter
   * (azure-rest-api-specs, containerservice managedClusters.json): minLength 1, maxLength 63,
   * pattern `^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$`.
   */
  cluster: {
    what: "cluster name",
    min: 1,
    max: 63,
    pattern: /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][-_a-zA-Z0-9]*[a-zA-Z0-9])$/,
    rule: `1-63 letters, digits, "-" or "_", starting and ending with a letter or digit`,
  },
  /**
   * Microsoft.ContainerService/managedClusters/agentPools: the REST spec's agentPoolName pattern
   * `^[a-z][a-z0-9]{0,11}$` (1-12 characters; AKS docs "Create node pools": lowercase
   * alphanumeric, starting with a letter).
   */
  pool: {
    what: "node pool name",
    min: 1,
    max: 12,
    pattern: /^[a-z][a-z0-9]*$/,
    rule: "1-12 lowercase letters and digits, starting with a letter",
  },
  /** AKS docs (Windows Server node pools): a Windows pool's name is at most 6 characters. */
  windowsPool: {
    what: "Windows node pool name",
    min: 1,
    max: 6,
    pattern: /^[a-z][a-z0-9]*$/,
    rule: "1-6 lowercase letters and digits, starting with a letter (Windows pools)",
  },
  /**
   * An Azure region's programmatic name, as `az account list-locations --query [].name` lists
   * them: lower-case letters and digits only (eastus2, westeurope, usgovvirginia). The longest
   * today is under 25 characters; 40 leaves room for new ones.
   */
  location: {
    what: "location",
    min: 1,
    max: 40,
    pattern: /^[a-z0-9]+$/,
    rule: "1-40 lower-case letters and digits, an Azure region's name such as eastus2 (not \"East US 2\")",
  },
  /**
   * The API server's DNS prefix (managedClusters properties.dnsPrefix): 1-54 letters, digits and
   * hyphens, starting and ending with a letter or digit (az aks create --dns-name-prefix; the
   * AKS RP refuses others with InvalidDNSPrefix).
   */
  dnsPrefix: {
    what: "DNS prefix",
    min: 1,
    max: 54,
    pattern: /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][-a-zA-Z0-9]*[a-zA-Z0-9])$/,
    rule: "1-54 letters, digits and hyphens, starting and ending with a letter or digit",
  },
  /**
   * Any other name that becomes a URL path segment (a VNet, a subnet, an identity). aks-overlay's
   * own cap: no such resource allows more (resource-name-rules: VNet 2-64, subnet 1-80,
   * user-assigned identity 3-128), and a name must never make a request URL unbounded.
   */
  urlSegment: {
    what: "name",
    min: 1,
    max: 128,
    pattern: /^[^\u0000-\u001f\u007f/?#\\%]+$/,
    rule: "1-128 characters without /, ?, #, \\, % or control characters",
  },
};

/**
 * Kubernetes label values are at most 63 characters, and AKS puts the node resource group, VNet
 * and subnet names into node labels (rulebook: NameTooLong).
 */
export const NODE_LABEL_MAX = 63;

/**
 * Why `value` is not a valid name of `kind`, as a phrase that follows the value ("is empty",
 * "has 100,000 characters, more than 63"); undefined when it is valid. Never includes the value.
 */
export function nameReason(kind: NameKind, value: string): string | undefined {
  const rule = NAME_RULES[kind];
  if (value.length === 0) return "is empty";
  if (value === "." || value === "..") return "is not a name";
  if (value.length > rule.max) return `has ${formatCount(value.length)} characters, more than ${rule.max}`;
  if (value.length < rule.min) return `has fewer than ${rule.min} characters`;
  if (URL_UNSAFE.test(value)) return "cannot contain /, ?, #, \\ or %";
  if (!rule.pattern.test(value)) return "is not valid";
  return undefined;
}

/**
 * The whole message for an invalid name, naming it by `label` (a flag or "cluster name") with the
 * value cut (shown.ts) and the rule: `--name "a/b" cannot contain /, ?, #, \ or %: a cluster name
 * is 1-63 letters, ...`. Undefined when the name is valid.
 */
export function nameProblem(kind: NameKind, value: string, label: string = NAME_RULES[kind].what): string | undefined {
  const reason = nameReason(kind, value);
  if (reason === undefined) return undefined;
  const rule = NAME_RULES[kind];
  return `${label} ${quoted(value)} ${reason}: a ${rule.what} is ${rule.rule}`;
}

/** True when `value` is a valid name of `kind`. */
export function isValidName(kind: NameKind, value: string): boolean {
  return nameReason(kind, value) === undefined;
}
