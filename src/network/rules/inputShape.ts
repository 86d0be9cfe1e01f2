/**
 * "Input shape" rules: every value parses, is of the right family for its position and lies in
 * its allowed range. Also turns the design's CIDR strings into parsed ranges for the other rules;
 * a value that does not parse is reported once here and left out of the later rules.
 */
import { type Cidr, type IpFamily, parseCidr, parseIp } from "../cidr.js";
import type { Design, NetworkContext, PoolDesign } from "../design.js";
import { MAX_NODE_POOLS, MAX_PODS_RANGE, MAX_POOL_NODES } from "../facts.js";
import { type Finding, type FindingCode, formatCount, listValues } from "../findings.js";
import { POOLS, type PoolField, peeredPath, podCidrPath, poolPath, serviceCidrPath, subnetPath, vnetCidrPath } from "../paths.js";
import { GUID, SUBNET_ID } from "../resourceIds.js";
import { NAME_RULES, NODE_LABEL_MAX, nameProblem } from "../names.js";
import { quoted, shown, shownAll } from "../shown.js";

export interface ParsedNetwork {
  dualStack: boolean;
  pod: Partial<Record<IpFamily, Cidr>>;
  service: Partial<Record<IpFamily, Cidr>>;
  /** The DNS service IP (IPv4), when it parses. */
  dnsServiceIp?: bigint;
  /** Each range with the design path it came from ("network.vnetCidrs[1]"). */
  vnet: { cidr: Cidr; path: string }[];
  subnets: { name: string; cidr: Cidr; path: string; inUse?: number; ipv6?: boolean }[];
  peered: { name: string; cidr: Cidr; path: string }[];
  /** Each pool's node subnet, by pool name, where known and valid. */
  poolSubnet: Map<string, Cidr>;
}

const SURGE = /^0*(\d{1,6})(%?)$/;

const FAMILY_NAME: Record<IpFamily, string> = { 4: "IPv4", 6: "IPv6" };

export function checkInputShape(design: Design, network: NetworkContext): { findings: Finding[]; parsed: ParsedNetwork } {
  const findings: Finding[] = [];
  const families = design.ipFamilies;
  const familiesValid =
    (families.length === 1 && families[0] === "ipv4") || (families.length === 2 && families[0] === "ipv4" && families[1] === "ipv6");
  if (!familiesValid) {
    findings.push({
      severity: "error",
      code: "IpFamiliesMismatch",
      path: "network.ipFamilies",
      message: `IP families ${quoted(families.join(","))} are not supported: use ipv4 or ipv4,ipv6 (IPv6-only clusters are not supported)`,
      values: shownAll(families),
      hint: "--ip-families ipv4 for single-stack, --ip-families ipv4,ipv6 for dual-stack",
    });
  }
  const dualStack = familiesValid ? families.length === 2 : families.includes("ipv6");
  const expected: IpFamily[] = dualStack ? [4, 6] : [4];

  /** `at`: the list's path, or one entry's; `listFlag` only names the flag in the hint. */
  const cidrsAt = (values: string[], at: (index?: number) => string, what: string, listFlag: string): Partial<Record<IpFamily, Cidr>> => {
    if (values.length !== expected.length) {
      findings.push({
        severity: "error",
        code: "IpFamiliesMismatch",
        path: at(),
        message: `${values.length} ${what}${values.length === 1 ? "" : "s"} given (${shown(values.join(","))}) but --ip-families ${families.join(",")} needs ${expected.length}${dualStack ? ": IPv4 first, then IPv6" : ""}`,
        values: shownAll(values),
        hint: dualStack ? `give ${listFlag} <IPv4 CIDR>,<IPv6 CIDR>` : `give one IPv4 CIDR, or add --ip-families ipv4,ipv6 for dual-stack`,
      });
    }
    const out: Partial<Record<IpFamily, Cidr>> = {};
    // "The count and order of ranges in this list must match the value provided to --ip-families"
    // (azure-cni-overlay.md, "Key parameters for dual-stack networking"): an IPv6-first list is one
    // order mistake, not two wrong-family CIDRs.
    const swapped = dualStack && values.length === 2 ? values.map((v) => parseCidr(v)) : [];
    const [first, second] = swapped;
    if (first?.ok && second?.ok && first.value.family === 6 && second.value.family === 4) {
      findings.push({
        severity: "error",
        code: "IpFamiliesMismatch",
        path: at(),
        message: `${what}s ${shown(values.join(","))} list IPv6 first, but --ip-families ${families.join(",")} needs them in its order: IPv4 first, then IPv6`,
        values: shownAll(values),
        hint: `give ${listFlag} ${shown(`${values[1]},${values[0]}`)}`,
      });
      out[4] = second.value;
      out[6] = first.value;
      return out;
    }
    values.forEach((value, index) => {
      const want = expected[index] ?? (value.includes(":") ? 6 : 4);
      const cidr = cidrFinding(value, at(index), what, findings, want, index);
      if (cidr && out[cidr.family] === undefined) out[cidr.family] = cidr;
    });
    return out;
  };
  const pod = cidrsAt(design.podCidrs, podCidrPath, "pod CIDR", "--pod-cidrs");
  const service = cidrsAt(design.serviceCidrs, serviceCidrPath, "service CIDR", "--service-cidrs");

  let dnsServiceIp: bigint | undefined;
  const dns = parseIp(design.dnsServiceIp);
  if (!dns.ok) {
    findings.push({
      severity: "error",
      code: "InvalidIpAddress",
      path: "network.dnsServiceIp",
      message: `DNS service IP ${quoted(design.dnsServiceIp)} ${dns.reason}`,
      values: [shown(design.dnsServiceIp)],
      hint: "give an IPv4 address inside the service CIDR, e.g. 10.0.0.10",
    });
  } else if (dns.value.family !== 4) {
    findings.push({
      severity: "error",
      code: "InvalidIpAddress",
      path: "network.dnsServiceIp",
      message: `DNS service IP ${design.dnsServiceIp} is IPv6: AKS needs an IPv4 DNS service IP, even on dual-stack clusters`,
      values: [design.dnsServiceIp],
      hint: "give an IPv4 address inside the IPv4 service CIDR, e.g. 10.0.0.10",
    });
  } else {
    dnsServiceIp = dns.value.value;
  }

  const vnet = network.vnetCidrs.flatMap((v, i) => {
    const path = vnetCidrPath(i);
    const cidr = cidrFinding(v, path, "VNet address space", findings);
    return cidr ? [{ cidr, path }] : [];
  });
  const subnetByText = new Map<string, Cidr>();
  const subnets = network.subnets.flatMap((s) => {
    const path = subnetPath(s.name);
    const cidr = cidrFinding(s.cidr, path, "node subnet", findings, 4);
    if (cidr) subnetByText.set(s.cidr, cidr);
    return cidr ? [{ name: s.name, cidr, path, inUse: s.inUse, ipv6: s.ipv6 }] : [];
  });
  const peered = network.peered.flatMap((p, i) => {
    const path = peeredPath(i);
    const cidr = cidrFinding(p.cidr, path, "peered range", findings);
    return cidr ? [{ name: p.name, cidr, path }] : [];
  });
  const poolSubnet = new Map<string, Cidr>();
  for (const pool of design.pools) {
    const subnet = pool.subnetCidr === undefined ? undefined : subnetByText.get(pool.subnetCidr);
    if (subnet) poolSubnet.set(pool.name, subnet);
  }

  checkNames(design, findings);
  if (design.pools.length > MAX_NODE_POOLS) {
    findings.push({
      severity: "error",
      code: "NodePoolCountExceeded",
      path: POOLS,
      message: `${formatCount(design.pools.length)} node pools: AKS allows at most ${MAX_NODE_POOLS} per cluster`,
      values: [String(design.pools.length)],
      hint: "use fewer, larger pools (a pool holds up to 1,000 nodes)",
    });
  }
  for (const pool of design.pools) checkPool(pool, findings);
  const seen = new Set<string>();
  for (const pool of design.pools) {
    if (seen.has(pool.name)) {
      findings.push({
        severity: "error",
        code: "NodePoolNameDuplicate",
        path: poolPath(pool.name, "name"),
        pool: pool.name,
        message: `node pool name ${quoted(pool.name)} is used by more than one pool`,
        values: [shown(pool.name)],
        hint: "give every pool its own name",
      });
    }
    seen.add(pool.name);
  }
  if (design.pools.length > 0 && !design.pools.some((p) => p.mode.toLowerCase() === "system")) {
    findings.push({
      severity: "error",
      code: "SystemPoolRequired",
      path: POOLS,
      message: `no node pool has mode System (pools: ${listValues(design.pools.map((p) => `${shown(p.name)} ${p.mode}`))})`,
      hint: "a cluster needs at least one System pool to run its system pods: set mode: System on one pool",
    });
  }
  return { findings, parsed: { dualStack, pod, service, dnsServiceIp, vnet, subnets, peered, poolSubnet } };
}

/** Parses one CIDR, reporting InvalidCidr (bad syntax, host bits, wrong family) and returning the range when usable. */
function cidrFinding(
  value: string,
  path: string,
  what: string,
  findings: Finding[],
  family?: IpFamily,
  index?: number,
): Cidr | undefined {
  const parsed = parseCidr(value);
  if (!parsed.ok) {
    findings.push({
      severity: "error",
      code: "InvalidCidr",
      armCode: "CidrStringParseError",
      path,
      message: `${what} ${quoted(value)} ${parsed.reason}`,
      values: [shown(value)],
      hint: parsed.suggestion ? `did you mean ${parsed.suggestion}?` : "write a network address and a prefix length, e.g. 10.244.0.0/16",
    });
    return undefined;
  }
  if (family !== undefined && parsed.value.family !== family) {
    const position = index === undefined ? "" : index === 0 ? "the first " : "the second ";
    findings.push({
      severity: "error",
      code: "InvalidCidr",
      armCode: "CidrStringParseError",
      path,
      message: `${what} ${shown(value)} is ${FAMILY_NAME[parsed.value.family]}, but ${position}${what} must be ${FAMILY_NAME[family]}`,
      values: [shown(value)],
      hint: index === undefined ? `give an ${FAMILY_NAME[family]} CIDR` : "list the IPv4 CIDR first, then the IPv6 CIDR",
    });
    return undefined;
  }
  return parsed.value;
}

function checkNames(design: Design, findings: Finding[]): void {
  const cluster = design.name === undefined ? undefined : nameProblem("cluster", design.name);
  if (design.name !== undefined && cluster !== undefined) {
    findings.push({ severity: "error", code: "ClusterNameInvalid", path: "cluster.name", message: cluster, values: [shown(design.name)] });
  }
  const tooLong = (what: string, path: string, value: string | undefined): boolean => {
    if (value === undefined || value.length <= NODE_LABEL_MAX) return false;
    findings.push({
      severity: "error",
      code: "NameTooLong",
      path,
      message: `${what} name ${quoted(value)} is ${value.length} characters; AKS puts it in node labels, which allow at most ${NODE_LABEL_MAX}`,
      values: [shown(value)],
    });
    return true;
  };
  if (design.resourceGroup !== undefined && !tooLong("resource group", "cluster.resourceGroup", design.resourceGroup)) {
    const problem = nameProblem("resourceGroup", design.resourceGroup);
    if (problem !== undefined) {
      findings.push({ severity: "error", code: "ResourceGroupNameInvalid", path: "cluster.resourceGroup", message: problem, values: [shown(design.resourceGroup)] });
    }
  }
  if (design.vnetSubnetId !== undefined) {
    const match = SUBNET_ID.exec(design.vnetSubnetId);
    if (!match || !GUID.test(match[1] as string)) {
      findings.push({
        severity: "error",
        code: "ResourceIdInvalid",
        path: "network.vnetSubnetId",
        message: `${quoted(design.vnetSubnetId, 200)} is not a subnet resource id`,
        values: [shown(design.vnetSubnetId, 200)],
        hint: "expected /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>",
      });
    } else {
      tooLong("VNet", "network.vnetSubnetId", match[3]);
      tooLong("subnet", "network.vnetSubnetId", match[4]);
      tooLong("VNet resource group", "network.vnetSubnetId", match[2]);
    }
  }
}

/** Parses "5" or "33%" into a surge rule; undefined when the text is neither. */
export function parseSurge(text: string): { value: number; percent: boolean } | undefined {
  const match = SURGE.exec(text.trim());
  if (!match) return undefined;
  return { value: Number(match[1]), percent: match[2] === "%" };
}

function checkPool(pool: PoolDesign, findings: Finding[]): void {
  const at = (code: FindingCode, field: PoolField, message: string, hint?: string, values?: string[]): void => {
    findings.push({ severity: "error", code, path: poolPath(pool.name, field), pool: pool.name, message: `pool ${shown(pool.name)}: ${message}`, hint, values });
  };
  const windows = pool.osType.toLowerCase() === "windows";
  const nameInvalid = nameProblem("pool", pool.name);
  if (nameInvalid !== undefined) {
    at("NodePoolNameInvalid", "name", nameInvalid, undefined, [shown(pool.name)]);
  } else if (windows && pool.name.length > NAME_RULES.windowsPool.max) {
    at(
      "NodePoolNameInvalid",
      "name",
      `Windows pool name "${pool.name}" has ${pool.name.length} characters; Windows pools allow at most ${NAME_RULES.windowsPool.max}`,
      `shorten it, e.g. "${pool.name.slice(0, NAME_RULES.windowsPool.max)}"`,
      [pool.name],
    );
  }

  if (!Number.isInteger(pool.maxPods) || pool.maxPods < MAX_PODS_RANGE.min || pool.maxPods > MAX_PODS_RANGE.max) {
    at(
      "MaxPodsOutOfRange",
      "maxPods",
      `max pods ${pool.maxPods} is outside ${MAX_PODS_RANGE.min}..${MAX_PODS_RANGE.max} (Azure CNI Overlay's range)`,
      `choose a value from ${MAX_PODS_RANGE.min} to ${MAX_PODS_RANGE.max}; each node has a /24, so more than 250 cannot fit`,
      [String(pool.maxPods)],
    );
  }

  const system = pool.mode.toLowerCase() === "system";
  if (system && windows) {
    at("SystemPoolWindows", "osType", "System pools must run Linux; Windows pools can only be User pools", "make this a User pool and keep a Linux System pool", [pool.osType]);
  }
  // An OS SKU names its OS: Windows2019/2022/2025/WindowsAnnual for Windows, every other (Ubuntu, AzureLinux...) for Linux.
  if (pool.osSku !== undefined && pool.osSku.toLowerCase().startsWith("windows") !== windows) {
    at(
      "OsSkuOsTypeMismatch",
      "osSku",
      `OS SKU ${shown(pool.osSku)} is a ${windows ? "Linux" : "Windows"} image, but the pool's OS type is ${pool.osType}`,
      windows ? "give a Windows SKU (Windows2022, Windows2025) or leave --os-sku out" : "give a Linux SKU (Ubuntu, AzureLinux), or --os-type Windows for a Windows pool",
      [pool.osSku],
    );
  }
  const minimum = system ? 1 : 0;
  const countProblem = (field: PoolField, message: string, hint?: string, values?: string[]): void =>
    at("NodeCountInvalid", field, message, hint, values);
  for (const [field, label, value] of [
    ["count", "node count", pool.count],
    ["minCount", "min count", pool.minCount],
    ["maxCount", "max count", pool.maxCount],
  ] as const) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < minimum) {
      countProblem(field, `${label} ${value} is below ${minimum}${system ? " (a System pool needs at least one node)" : ""}`, undefined, [String(value)]);
    } else if (value > MAX_POOL_NODES) {
      countProblem(field, `${label} ${value} is over ${MAX_POOL_NODES}, the most nodes one pool can have`, "split the nodes over several pools", [String(value)]);
    }
  }
  if (pool.enableAutoScaling) {
    if (pool.minCount === undefined || pool.maxCount === undefined) {
      countProblem(
        pool.minCount === undefined ? "minCount" : "maxCount",
        "the cluster autoscaler needs both --min-count and --max-count",
        "give --min-count and --max-count with --enable-cluster-autoscaler",
      );
    } else if (pool.minCount > pool.maxCount) {
      countProblem("minCount", `min count ${pool.minCount} is greater than max count ${pool.maxCount}`, undefined, [
        String(pool.minCount),
        String(pool.maxCount),
      ]);
    } else if (pool.count < pool.minCount || pool.count > pool.maxCount) {
      countProblem(
        "count",
        `node count ${pool.count} is outside the autoscaler's range ${pool.minCount}..${pool.maxCount}`,
        "leave --node-count out (the pool starts at --min-count) or give one within the range",
        [String(pool.count)],
      );
    }
  } else if (pool.minCount !== undefined || pool.maxCount !== undefined) {
    countProblem(
      pool.minCount !== undefined ? "minCount" : "maxCount",
      "--min-count and --max-count apply only with the cluster autoscaler",
      "add --enable-cluster-autoscaler, or drop --min-count / --max-count",
    );
  }

  const surge = checkSurgeText(pool.maxSurge, "maxSurge", "max surge", at);
  const unavailable = checkSurgeText(pool.maxUnavailable, "maxUnavailable", "max unavailable", at);
  if (surge && unavailable && surge.value === 0 && unavailable.value === 0) {
    at(
      "MaxSurgeInvalid",
      "maxSurge",
      `max surge ${pool.maxSurge} with max unavailable ${pool.maxUnavailable}: one of MaxSurge and MaxUnavailable must be greater than 0`,
      "set --max-surge to at least 1, or --max-unavailable above 0 to upgrade nodes in place",
      [pool.maxSurge, pool.maxUnavailable],
    );
  }
}

function checkSurgeText(
  text: string,
  field: "maxSurge" | "maxUnavailable",
  label: string,
  at: (code: FindingCode, field: PoolField, message: string, hint?: string, values?: string[]) => void,
): { value: number; percent: boolean } | undefined {
  const parsed = parseSurge(text);
  if (!parsed) {
    const negative = /^\s*-/.test(text);
    const huge = /^0*[1-9]\d{6,}%?$/.test(text.trim());
    at(
      "MaxSurgeInvalid",
      field,
      `${label} ${quoted(text, 24)} is ${negative ? "negative" : huge ? "far larger than any node pool" : "neither a whole number nor a percentage"}`,
      `write a whole number of nodes ("5") or a percentage of the pool ("33%")`,
      [shown(text)],
    );
    return undefined;
  }
  if (parsed.percent && parsed.value > 100) {
    at("MaxSurgeInvalid", field, `${label} ${text} is over 100%`, "use a percentage from 0% to 100%", [text]);
    return undefined;
  }
  return parsed;
}
