/**
 * "Address space" rules: pod and service CIDRs against each other, the VNet and its subnets,
 * peered and on-premises ranges, and the ranges AKS reserves. All overlaps come from one sweep
 * (see overlap.ts), so 10,000 peered ranges cost milliseconds.
 */
import { type Cidr, type IpFamily, containsAddress, contains, parseCidr, formatIp } from "../cidr.js";
import { AKS_RESERVED_RANGES, RFC1918_RANGES, RFC6598_RANGE, SERVICE_CIDR_MIN_PREFIX } from "../facts.js";
import { type Finding, listValues } from "../findings.js";
import { findFreeIpv4Block } from "../freeSpace.js";
import { type OverlapPair, type Tagged, overlappingPairs } from "../overlap.js";
import type { ParsedNetwork } from "./inputShape.js";

type Kind = "pod" | "service" | "vnet" | "subnet" | "peered" | "reserved";

function builtIn(texts: readonly string[]): Cidr[] {
  return texts.map((t) => {
    const parsed = parseCidr(t);
    if (!parsed.ok) throw new Error(`bad built-in range ${t}`);
    return parsed.value;
  });
}
const RESERVED = builtIn(AKS_RESERVED_RANGES);
const PRIVATE = builtIn(RFC1918_RANGES);
const SHARED_ADDRESS_SPACE = builtIn([RFC6598_RANGE])[0] as Cidr;

/** Which kinds of overlap are findings, by the code that reports them. */
const WANTED = new Set(["pod|vnet", "pod|subnet", "pod|service", "pod|peered", "service|vnet", "service|subnet", "service|peered", "reserved|pod", "reserved|service", "reserved|vnet", "reserved|subnet"]);

function describe(t: Tagged<Kind>): string {
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

/** `minPodPrefix`: the longest IPv4 pod CIDR prefix that holds the design at full scale. */
export function checkAddressSpace(parsed: ParsedNetwork, minPodPrefix?: number): Finding[] {
  const findings: Finding[] = [];
  const ranges: Tagged<Kind>[] = [];
  for (const family of [4, 6] as IpFamily[]) {
    const pod = parsed.pod[family];
    if (pod) ranges.push({ kind: "pod", name: "pod CIDR", cidr: pod });
    const service = parsed.service[family];
    if (service) ranges.push({ kind: "service", name: "service CIDR", cidr: service });
  }
  for (const cidr of parsed.vnet) ranges.push({ kind: "vnet", name: cidr.text, cidr });
  for (const s of parsed.subnets) ranges.push({ kind: "subnet", name: s.name, cidr: s.cidr });
  for (const p of parsed.peered) ranges.push({ kind: "peered", name: p.name, cidr: p.cidr });
  for (const cidr of RESERVED) ranges.push({ kind: "reserved", name: cidr.text, cidr });

  const pairs = overlappingPairs(ranges, (a, b) => WANTED.has(`${a}|${b}`));
  // Group: for each subject (pod, service, or a VNet range against a reserved one) the ranges it overlaps.
  const against = (subject: Kind, others: Kind[], family?: IpFamily): Map<Tagged<Kind>, Tagged<Kind>[]> => {
    const grouped = new Map<Tagged<Kind>, Tagged<Kind>[]>();
    const add = (s: Tagged<Kind>, o: Tagged<Kind>): void => {
      if (family !== undefined && s.cidr.family !== family) return;
      const list = grouped.get(s) ?? [];
      list.push(o);
      grouped.set(s, list);
    };
    for (const pair of pairs as OverlapPair<Kind>[]) {
      if (pair.outer.kind === subject && others.includes(pair.inner.kind)) add(pair.outer, pair.inner);
      if (pair.inner.kind === subject && others.includes(pair.outer.kind)) add(pair.inner, pair.outer);
    }
    return grouped;
  };
  // Suggestions avoid every known range and each other; a pod CIDR suggestion is at least as
  // large as the capacity needs.
  const occupied = ranges.map((r) => r.cidr);
  const suggestions = new Map<Tagged<Kind>, Cidr | undefined>();
  const suggest = (subject: Tagged<Kind>): string => {
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
  const podFlag = (): string => (parsed.dualStack ? "--pod-cidrs" : "--pod-cidr");
  const serviceFlag = (): string => (parsed.dualStack ? "--service-cidrs" : "--service-cidr");

  for (const [subject, others] of against("pod", ["vnet", "subnet"])) {
    findings.push({
      severity: "error",
      code: "PodCidrOverlapsVnet",
      armCode: "NetworkProfileCIDROverlapVNET",
      field: podFlag(),
      message: `pod CIDR ${subject.cidr.text} overlaps ${listValues(others.map(describe))}: overlay pod addresses must lie outside the VNet`,
      values: [subject.cidr.text, ...others.map((o) => o.cidr.text)],
      hint: `choose a private range outside the VNet${suggest(subject)}`,
    });
  }
  for (const [subject, others] of against("pod", ["service"])) {
    findings.push({
      severity: "error",
      code: "PodCidrOverlapsServiceCidr",
      field: podFlag(),
      message: `pod CIDR ${subject.cidr.text} overlaps ${listValues(others.map(describe))}`,
      values: [subject.cidr.text, ...others.map((o) => o.cidr.text)],
      hint: `pods and services need separate ranges${suggest(subject)}`,
    });
  }
  for (const [subject, others] of against("pod", ["peered"])) {
    findings.push({
      severity: "error",
      code: "PodCidrOverlapsPeeredNetwork",
      field: podFlag(),
      message: `pod CIDR ${subject.cidr.text} overlaps ${plural(others.length, "peered or on-premises range")}: ${listValues(others.map(named))}; traffic from pods to those hosts would never leave the cluster`,
      values: [subject.cidr.text, ...others.map((o) => o.cidr.text)],
      hint: `choose a pod CIDR that no connected network uses${suggest(subject)}`,
    });
  }
  for (const [subject, others] of against("service", ["vnet", "subnet"])) {
    findings.push({
      severity: "error",
      code: "ServiceCidrOverlapsVnet",
      armCode: "ServiceCidrOverlapExistingSubnetsCidr",
      field: serviceFlag(),
      message: `service CIDR ${subject.cidr.text} overlaps ${listValues(others.map(describe))}`,
      values: [subject.cidr.text, ...others.map((o) => o.cidr.text)],
      hint: `choose a service CIDR outside the VNet${suggest(subject)}, and a --dns-service-ip inside it`,
    });
  }
  for (const [subject, others] of against("service", ["peered"])) {
    findings.push({
      severity: "error",
      code: "ServiceCidrOverlapsPeeredNetwork",
      field: serviceFlag(),
      message: `service CIDR ${subject.cidr.text} overlaps ${plural(others.length, "peered or on-premises range")}: ${listValues(others.map(named))}; those hosts would be unreachable from pods`,
      values: [subject.cidr.text, ...others.map((o) => o.cidr.text)],
      hint: `choose a service CIDR that no connected network uses${suggest(subject)}, and a --dns-service-ip inside it`,
    });
  }
  for (const [reserved, others] of against("reserved", ["pod", "service", "vnet", "subnet"])) {
    for (const other of others) {
      findings.push({
        severity: "error",
        code: "ReservedRangeOverlap",
        field: other.kind === "pod" ? podFlag() : other.kind === "service" ? serviceFlag() : other.kind === "vnet" ? "--vnet-cidrs" : "--node-subnet-cidr",
        message: `${describe(other)} overlaps ${reserved.cidr.text}, which AKS reserves`,
        values: [other.cidr.text, reserved.cidr.text],
        hint: `AKS reserves ${listValues([...AKS_RESERVED_RANGES])}: keep every cluster range out of them`,
      });
    }
  }

  for (const family of [4, 6] as IpFamily[]) {
    const service = parsed.service[family];
    if (service && service.prefix < SERVICE_CIDR_MIN_PREFIX[family]) {
      findings.push({
        severity: "error",
        code: "ServiceCidrTooLarge",
        field: serviceFlag(),
        message:
          family === 4
            ? `service CIDR ${service.text} is too large: an IPv4 service CIDR must be smaller than a /12`
            : `IPv6 service CIDR ${service.text} is too large: it can be no larger than a /108`,
        values: [service.text],
        hint: family === 4 ? `use a /${SERVICE_CIDR_MIN_PREFIX[4]} or smaller (a /16 holds 65,536 services)` : `use a /${SERVICE_CIDR_MIN_PREFIX[6]} or smaller (a /108 holds 1,048,576 services)`,
      });
    }
  }

  const service4 = parsed.service[4];
  if (service4 && parsed.dnsServiceIp !== undefined) {
    const dns = formatIp(parsed.dnsServiceIp, 4);
    if (!containsAddress(service4, 4, parsed.dnsServiceIp)) {
      findings.push({
        severity: "error",
        code: "DnsServiceIpOutOfServiceCidr",
        armCode: "DnsServiceIpOutOfServiceCidr",
        field: "--dns-service-ip",
        message: `DNS service IP ${dns} is outside the service CIDR ${service4.text}`,
        values: [dns, service4.text],
        hint: `use an address inside ${service4.text}, such as ${formatIp(service4.start + 10n <= service4.end ? service4.start + 10n : service4.end, 4)}`,
      });
    } else if (parsed.dnsServiceIp - service4.start <= 1n || (parsed.dnsServiceIp === service4.end && service4.prefix < 31)) {
      findings.push({
        severity: "error",
        code: "DnsServiceIpReserved",
        field: "--dns-service-ip",
        message:
          parsed.dnsServiceIp === service4.start
            ? `DNS service IP ${dns} is the service CIDR's network address`
            : parsed.dnsServiceIp === service4.end
              ? `DNS service IP ${dns} is the service CIDR's broadcast address, which Kubernetes never allocates`
              : `DNS service IP ${dns} is the service CIDR's first address, which Kubernetes gives to kubernetes.default.svc.cluster.local`,
        values: [dns],
        hint: service4.start + 10n <= service4.end ? `use ${formatIp(service4.start + 10n, 4)} (the usual .10)` : "use another address of the service CIDR",
      });
    }
  }

  if (parsed.vnet.length > 0) {
    for (const subnet of parsed.subnets) {
      if (!parsed.vnet.some((v) => contains(v, subnet.cidr))) {
        findings.push({
          severity: "error",
          code: "NodeSubnetOutsideVnet",
          field: "--node-subnet-cidr",
          message: `node subnet ${subnet.name === subnet.cidr.text ? subnet.cidr.text : `${subnet.name} (${subnet.cidr.text})`} is not inside the VNet's address space ${listValues(parsed.vnet.map((v) => v.text))}`,
          values: [subnet.cidr.text],
          hint: "a subnet must lie inside one of its VNet's address spaces",
        });
      }
    }
  }

  const pod4 = parsed.pod[4];
  if (pod4 && !PRIVATE.some((p) => contains(p, pod4))) {
    const shared = contains(SHARED_ADDRESS_SPACE, pod4);
    findings.push({
      severity: "warning",
      code: "PodCidrNotPrivate",
      field: podFlag(),
      message: shared
        ? `pod CIDR ${pod4.text} is in the RFC 6598 shared address space (100.64.0.0/10): many accept it, but it is outside RFC 1918 and Microsoft's support`
        : `pod CIDR ${pod4.text} is not an RFC 1918 private range: it works, but it is outside Microsoft's support`,
      values: [pod4.text],
      hint: `use a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`,
    });
  }
  return findings;
}

/** "10.0.0.0/16 (hub-vnet)" where the range has a name of its own. */
function named(t: Tagged<Kind>): string {
  return t.name === t.cidr.text ? t.cidr.text : `${t.cidr.text} (${t.name})`;
}

function plural(n: number, word: string): string {
  return n === 1 ? `a ${word}` : `${n} ${word}s`;
}
