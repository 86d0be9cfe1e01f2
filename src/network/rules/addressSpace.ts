/**
 * "Address space" rules: pod and service CIDRs against each other, the VNet and its subnets,
 * peered and on-premises ranges, and the ranges AKS reserves. All overlaps come from one sweep
 * (see overlap.ts), so 10,000 peered ranges cost milliseconds.
 */
import { type Cidr, type IpFamily, containsAddress, contains, overlaps, parseCidr, formatIp } from "../cidr.js";
import { type RangeKind, kindsConflict } from "../conflicts.js";
import { AKS_RESERVED_RANGES, SERVICE_CIDR_MIN_PREFIX, SPECIAL_PURPOSE_RANGES, SUPPORTED_POD_RANGES } from "../facts.js";
import { type Finding, listValues } from "../findings.js";
import { findFreeIpv4Block } from "../freeSpace.js";
import { type Tagged, overlappingPairs } from "../overlap.js";
import { podCidrPath, serviceCidrPath } from "../paths.js";
import type { ParsedNetwork } from "./inputShape.js";

/** A range of the design, with the design path a finding about it names. */
interface Range extends Tagged<RangeKind> {
  path: string;
}

/** The ranges each subject range (a pod CIDR, a service CIDR, a reserved range) overlaps. */
type OverlapsOf = (subject: RangeKind, others: readonly RangeKind[]) => Map<Range, Range[]>;

/** " (for example 10.1.0.0/16, which overlaps nothing known)", or "" when nothing is free. */
type Suggest = (subject: Range) => string;

function builtIn(texts: readonly string[]): Cidr[] {
  return texts.map((t) => {
    const parsed = parseCidr(t);
    if (!parsed.ok) throw new Error(`bad built-in range ${t}`);
    return parsed.value;
  });
}
const RESERVED = builtIn(AKS_RESERVED_RANGES);
const SUPPORTED_POD = builtIn(SUPPORTED_POD_RANGES);
const SPECIAL = builtIn(SPECIAL_PURPOSE_RANGES.map((r) => r.cidr)).map((cidr, i) => ({ cidr, what: SPECIAL_PURPOSE_RANGES[i]?.what ?? "" }));

/** The pod and service entry of each family: index 0 is IPv4, 1 is IPv6. */
const FAMILY_INDEX: Record<IpFamily, number> = { 4: 0, 6: 1 };

/** `minPodPrefix`: the longest IPv4 pod CIDR prefix that holds the design at full scale. */
export function checkAddressSpace(parsed: ParsedNetwork, minPodPrefix?: number): Finding[] {
  const ranges = rangesOf(parsed);
  const overlapsOf = overlapFinder(ranges);
  const suggest = freeBlockSuggester(ranges, minPodPrefix);
  return [
    ...podOverlaps(overlapsOf, suggest),
    ...serviceOverlaps(overlapsOf, suggest),
    ...reservedOverlaps(overlapsOf),
    ...specialPurposeOverlaps(ranges),
    ...serviceCidrSize(parsed),
    ...dnsServiceIp(parsed),
    ...subnetsOutsideVnet(parsed),
    ...podCidrNotPrivate(parsed),
  ];
}

/** Every range the rules compare, AKS's reserved ranges included. */
function rangesOf(parsed: ParsedNetwork): Range[] {
  const ranges: Range[] = [];
  for (const family of [4, 6] as IpFamily[]) {
    const pod = parsed.pod[family];
    if (pod) ranges.push({ kind: "pod", name: "pod CIDR", cidr: pod, path: podCidrPath(FAMILY_INDEX[family]) });
    const service = parsed.service[family];
    if (service) ranges.push({ kind: "service", name: "service CIDR", cidr: service, path: serviceCidrPath(FAMILY_INDEX[family]) });
  }
  for (const v of parsed.vnet) ranges.push({ kind: "vnet", name: v.cidr.text, cidr: v.cidr, path: v.path });
  for (const s of parsed.subnets) ranges.push({ kind: "subnet", name: s.name, cidr: s.cidr, path: s.path });
  for (const p of parsed.peered) ranges.push({ kind: "peered", name: p.name, cidr: p.cidr, path: p.path });
  for (const cidr of RESERVED) ranges.push({ kind: "reserved", name: cidr.text, cidr, path: "" });
  return ranges;
}

/** One sweep for every conflicting overlap, then grouped by subject on request. */
function overlapFinder(ranges: readonly Range[]): OverlapsOf {
  const pairs = overlappingPairs(ranges, kindsConflict);
  return (subject, others) => {
    const grouped = new Map<Range, Range[]>();
    const add = (s: Range, o: Range): void => {
      const list = grouped.get(s) ?? [];
      list.push(o);
      grouped.set(s, list);
    };
    for (const pair of pairs) {
      if (pair.outer.kind === subject && others.includes(pair.inner.kind)) add(pair.outer, pair.inner);
      if (pair.inner.kind === subject && others.includes(pair.outer.kind)) add(pair.inner, pair.outer);
    }
    return grouped;
  };
}

/**
 * Suggestions avoid every known range and each other; a pod CIDR suggestion is at least as large
 * as the capacity needs. Each subject gets one suggestion, however many findings name it.
 */
function freeBlockSuggester(ranges: readonly Range[], minPodPrefix: number | undefined): Suggest {
  const occupied = ranges.map((r) => r.cidr);
  const suggestions = new Map<Range, Cidr | undefined>();
  return (subject) => {
    if (subject.cidr.family !== 4) return "";
    if (!suggestions.has(subject)) {
      const prefix = subject.kind === "pod" && minPodPrefix !== undefined ? Math.min(subject.cidr.prefix, minPodPrefix) : subject.cidr.prefix;
      const free = findFreeIpv4Block(prefix, occupied.filter((c) => c !== subject.cidr));
      if (free) occupied.push(free);
      suggestions.set(subject, free);
    }
    const free = suggestions.get(subject);
    return free ? ` (for example ${free.text}, which overlaps nothing known)` : "";
  };
}

function podOverlaps(overlapsOf: OverlapsOf, suggest: Suggest): Finding[] {
  const findings: Finding[] = [];
  // Azure refuses a pod CIDR on a subnet of the VNet; on the VNet's unused address space it has
  // accepted one since the AKS release of 2024-10-25 ("checks that the pod CIDR does not conflict with
  // any subnet in the virtual network, rather than ... the virtual network address space as a
  // whole"): a warning then, since a subnet added there later would collide with pod addresses.
  for (const [subject, others] of overlapsOf("pod", ["vnet", "subnet"])) {
    const subnets = others.filter((o) => o.kind === "subnet");
    if (subnets.length > 0) {
      findings.push({
        severity: "error",
        code: "PodCidrOverlapsVnet",
        armCode: "NetworkProfileCIDROverlapVNET",
        path: subject.path,
        message: `pod CIDR ${subject.cidr.text} overlaps ${listValues(subnets.map(describe))}: overlay pod addresses must lie outside the VNet's subnets`,
        values: [subject.cidr.text, ...subnets.map((o) => o.cidr.text)],
        hint: `choose a private range outside the VNet${suggest(subject)}`,
      });
      continue;
    }
    findings.push({
      severity: "warning",
      code: "PodCidrOverlapsVnet",
      path: subject.path,
      message: `pod CIDR ${subject.cidr.text} lies in ${listValues(others.map(describe))} though in none of its subnets here: Azure accepts that (it checks subnets only), but a subnet there, made later or not described here, would collide with pod addresses`,
      values: [subject.cidr.text, ...others.map((o) => o.cidr.text)],
      hint: `keep the pod CIDR outside the VNet's address space${suggest(subject)}`,
    });
  }
  for (const [subject, others] of overlapsOf("pod", ["service"])) {
    findings.push({
      severity: "error",
      code: "PodCidrOverlapsServiceCidr",
      path: subject.path,
      message: `pod CIDR ${subject.cidr.text} overlaps ${listValues(others.map(describe))}`,
      values: [subject.cidr.text, ...others.map((o) => o.cidr.text)],
      hint: `pods and services need separate ranges${suggest(subject)}`,
    });
  }
  for (const [subject, others] of overlapsOf("pod", ["peered"])) {
    findings.push({
      severity: "error",
      code: "PodCidrOverlapsPeeredNetwork",
      path: subject.path,
      message: `pod CIDR ${subject.cidr.text} overlaps ${aOrCount(others.length, "peered or on-premises range")}: ${listValues(others.map(named))}; traffic from pods to those hosts would never leave the cluster`,
      values: [subject.cidr.text, ...others.map((o) => o.cidr.text)],
      hint: `choose a pod CIDR that no connected network uses${suggest(subject)}`,
    });
  }
  return findings;
}

function serviceOverlaps(overlapsOf: OverlapsOf, suggest: Suggest): Finding[] {
  const findings: Finding[] = [];
  for (const [subject, others] of overlapsOf("service", ["vnet", "subnet"])) {
    findings.push({
      severity: "error",
      code: "ServiceCidrOverlapsVnet",
      armCode: "ServiceCidrOverlapExistingSubnetsCidr",
      path: subject.path,
      message: `service CIDR ${subject.cidr.text} overlaps ${listValues(others.map(describe))}`,
      values: [subject.cidr.text, ...others.map((o) => o.cidr.text)],
      hint: `choose a service CIDR outside the VNet${suggest(subject)}, and a --dns-service-ip inside it`,
    });
  }
  for (const [subject, others] of overlapsOf("service", ["peered"])) {
    findings.push({
      severity: "error",
      code: "ServiceCidrOverlapsPeeredNetwork",
      path: subject.path,
      message: `service CIDR ${subject.cidr.text} overlaps ${aOrCount(others.length, "peered or on-premises range")}: ${listValues(others.map(named))}; those hosts would be unreachable from pods`,
      values: [subject.cidr.text, ...others.map((o) => o.cidr.text)],
      hint: `choose a service CIDR that no connected network uses${suggest(subject)}, and a --dns-service-ip inside it`,
    });
  }
  return findings;
}

/** One finding per cluster range on a reserved range, addressed to the cluster range. */
function reservedOverlaps(overlapsOf: OverlapsOf): Finding[] {
  const findings: Finding[] = [];
  for (const [reserved, others] of overlapsOf("reserved", ["pod", "service", "vnet", "subnet"])) {
    for (const other of others) {
      findings.push({
        severity: "error",
        code: "ReservedRangeOverlap",
        path: other.path,
        message: `${describe(other)} overlaps ${reserved.cidr.text}, which AKS reserves`,
        values: [other.cidr.text, reserved.cidr.text],
        hint: `AKS reserves ${listValues([...AKS_RESERVED_RANGES])}: keep every cluster range out of them`,
      });
    }
  }
  return findings;
}

function serviceCidrSize(parsed: ParsedNetwork): Finding[] {
  const findings: Finding[] = [];
  for (const family of [4, 6] as IpFamily[]) {
    const service = parsed.service[family];
    if (service && service.prefix < SERVICE_CIDR_MIN_PREFIX[family]) {
      findings.push({
        severity: "error",
        code: "ServiceCidrTooLarge",
        path: serviceCidrPath(FAMILY_INDEX[family]),
        message:
          family === 4
            ? `service CIDR ${service.text} is too large: an IPv4 service CIDR must be smaller than a /12`
            : `IPv6 service CIDR ${service.text} is too large: it can be no larger than a /108`,
        values: [service.text],
        hint: family === 4 ? `use a /${SERVICE_CIDR_MIN_PREFIX[4]} or smaller (a /16 holds 65,536 services)` : `use a /${SERVICE_CIDR_MIN_PREFIX[6]} or smaller (a /108 holds 1,048,576 services)`,
      });
    }
  }
  return findings;
}

/** The DNS service IP lies inside the IPv4 service CIDR and is not one Kubernetes keeps. */
function dnsServiceIp(parsed: ParsedNetwork): Finding[] {
  const service4 = parsed.service[4];
  if (!service4 || parsed.dnsServiceIp === undefined) return [];
  const dns = formatIp(parsed.dnsServiceIp, 4);
  if (!containsAddress(service4, 4, parsed.dnsServiceIp)) {
    return [
      {
        severity: "error",
        code: "DnsServiceIpOutOfServiceCidr",
        armCode: "DnsServiceIpOutOfServiceCidr",
        path: "network.dnsServiceIp",
        message: `DNS service IP ${dns} is outside the service CIDR ${service4.text}`,
        values: [dns, service4.text],
        hint: `use an address inside ${service4.text}, such as ${formatIp(service4.start + 10n <= service4.end ? service4.start + 10n : service4.end, 4)}`,
      },
    ];
  }
  if (parsed.dnsServiceIp - service4.start <= 1n || (parsed.dnsServiceIp === service4.end && service4.prefix < 31)) {
    return [
      {
        severity: "error",
        code: "DnsServiceIpReserved",
        path: "network.dnsServiceIp",
        message:
          parsed.dnsServiceIp === service4.start
            ? `DNS service IP ${dns} is the service CIDR's network address`
            : parsed.dnsServiceIp === service4.end
              ? `DNS service IP ${dns} is the service CIDR's broadcast address, which Kubernetes never allocates`
              : `DNS service IP ${dns} is the service CIDR's first address, which Kubernetes gives to kubernetes.default.svc.cluster.local`,
        values: [dns],
        hint: service4.start + 10n <= service4.end ? `use ${formatIp(service4.start + 10n, 4)} (the usual .10)` : "use another address of the service CIDR",
      },
    ];
  }
  return [];
}

function subnetsOutsideVnet(parsed: ParsedNetwork): Finding[] {
  if (parsed.vnet.length === 0) return [];
  return parsed.subnets
    .filter((subnet) => !parsed.vnet.some((v) => contains(v.cidr, subnet.cidr)))
    .map((subnet) => ({
      severity: "error",
      code: "NodeSubnetOutsideVnet",
      path: subnet.path,
      message: `node subnet ${subnet.name === subnet.cidr.text ? subnet.cidr.text : `${subnet.name} (${subnet.cidr.text})`} is not inside the VNet's address space ${listValues(parsed.vnet.map((v) => v.cidr.text))}`,
      values: [subnet.cidr.text],
      hint: "a subnet must lie inside one of its VNet's address spaces",
    }));
}

/**
 * One finding per cluster range (pod, service, VNet, subnet) that overlaps special-purpose ranges,
 * naming them all. Peered ranges describe other networks and are left alone. Linear: nine
 * special ranges against each cluster range.
 */
function specialPurposeOverlaps(ranges: readonly Range[]): Finding[] {
  const findings: Finding[] = [];
  for (const range of ranges) {
    if (range.kind === "reserved") continue;
    // A peered range is what a network announces: one wider than a special range (0.0.0.0/0, a
    // default route) is not wrong; one inside it (127.0.0.0/8, fe80::/10) is no network at all.
    const hit = SPECIAL.filter((s) => (range.kind === "peered" ? contains(s.cidr, range.cidr) : overlaps(s.cidr, range.cidr)));
    if (hit.length === 0) continue;
    findings.push({
      severity: "error",
      code: "SpecialPurposeRange",
      path: range.path,
      message: `${describe(range)} overlaps ${listValues(hit.map((s) => `the ${s.what} ${s.cidr.text}`))}: those addresses are never routed as ordinary unicast`,
      values: [range.cidr.text, ...hit.map((s) => s.cidr.text)],
      hint:
        range.cidr.family === 4
          ? "use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10)"
          : "use a unique local IPv6 range (fd00::/8), e.g. fd12:3456:789a::/64",
    });
  }
  return findings;
}

/** A pod CIDR outside RFC 1918 and RFC 6598 works but is outside support; special ranges are errors above instead. */
function podCidrNotPrivate(parsed: ParsedNetwork): Finding[] {
  const pod4 = parsed.pod[4];
  if (!pod4 || SUPPORTED_POD.some((p) => contains(p, pod4)) || SPECIAL.some((s) => overlaps(s.cidr, pod4))) return [];
  return [
    {
      severity: "warning",
      code: "PodCidrNotPrivate",
      path: podCidrPath(0),
      message: `pod CIDR ${pod4.text} is not an RFC 1918 or RFC 6598 private range: it works, but it is outside Microsoft's support`,
      values: [pod4.text],
      hint: `use a range inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10`,
    },
  ];
}

function describe(t: Range): string {
  switch (t.kind) {
    case "vnet":
      return `VNet address space ${t.cidr.text}`;
    case "subnet":
      return t.name === t.cidr.text ? `subnet ${t.cidr.text}` : `subnet ${t.name} (${t.cidr.text})`;
    case "peered":
      return t.name === t.cidr.text ? `peered range ${t.cidr.text}` : `peered ${t.name} (${t.cidr.text})`;
    case "service":
      return `service CIDR ${t.cidr.text}`;
    case "pod":
      return `pod CIDR ${t.cidr.text}`;
    case "reserved":
      return `reserved range ${t.cidr.text}`;
  }
}

/** "10.0.0.0/16 (hub-vnet)" where the range has a name of its own. */
function named(t: Range): string {
  return t.name === t.cidr.text ? t.cidr.text : `${t.cidr.text} (${t.name})`;
}

/** "a peered range", "3 peered ranges". */
function aOrCount(n: number, word: string): string {
  return n === 1 ? `a ${word}` : `${n} ${word}s`;
}
