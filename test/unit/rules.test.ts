/**
 * Every rule of the rulebook at its valid edge and its invalid edge, both IP families where both
 * apply. Each row changes one thing in a valid base design.
 */
import { describe, expect, it } from "vitest";
import type { DesignInput } from "../../src/network/design.js";
import { FINDING_CATALOGUE, type FindingCode } from "../../src/network/findings.js";
import { resolveDesign } from "../../src/network/design.js";
import { validateDesign } from "../../src/network/validate.js";
import { BASE, DUAL, check } from "../helpers/design.js";

/**
 * `path`: the design path the finding with `code` names, at the invalid edge; null at the valid
 * edge, where the design has no error finding at all and no `code` finding of any severity.
 */
type Row = [name: string, input: DesignInput, code: FindingCode, path: string | null];

const subnetId = (sub = "00000000-0000-0000-0000-000000000000", rg = "rg", vnet = "vnet", subnet = "nodes") =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${subnet}`;
const twoPools = (user: Record<string, unknown>) => ({
  ...BASE,
  nodePools: [
    { name: "sys", mode: "System", count: 3 },
    { name: "user", mode: "User", count: 3, ...user },
  ],
});

const inputShape: Row[] = [
  ["base design is clean", BASE, "InvalidCidr", null],
  ["dual-stack base is clean", DUAL, "InvalidCidr", null],
  ["pod CIDR with host bits", { ...BASE, podCidr: "192.168.1.0/16" }, "InvalidCidr", "network.podCidrs[0]"],
  ["pod CIDR prefix 33", { ...BASE, podCidr: "192.168.0.0/33" }, "InvalidCidr", "network.podCidrs[0]"],
  ["a /32 parses", { ...BASE, peeredCidrs: ["10.0.0.1/32"] }, "InvalidCidr", null],
  ["IPv6 pod CIDR with host bits", { ...DUAL, podCidrs: ["192.168.0.0/16", "fd12:3456:789a::1/64"] }, "InvalidCidr", "network.podCidrs[1]"],
  // An IPv6-first list is one order mistake (IpFamiliesMismatch), not two wrong-family CIDRs.
  ["IPv6 pod CIDR first", { ...DUAL, podCidrs: ["fd12:3456:789a::/64", "192.168.0.0/16"] }, "IpFamiliesMismatch", "network.podCidrs"],
  ["IPv6 service CIDR first", { ...DUAL, serviceCidrs: ["fd12:3456:789a:1::/108", "172.16.0.0/16"] }, "IpFamiliesMismatch", "network.serviceCidrs"],
  ["IPv4 pod CIDR first", { ...DUAL, podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"] }, "IpFamiliesMismatch", null],
  ["two IPv6 pod CIDRs", { ...DUAL, podCidrs: ["fd12:3456:789b::/64", "fd12:3456:789a::/64"] }, "InvalidCidr", "network.podCidrs[0]"],
  ["single-stack IPv6 pod CIDR", { ...BASE, podCidr: "fd12:3456:789a::/64" }, "InvalidCidr", "network.podCidrs[0]"],
  ["IPv4 as second service CIDR", { ...DUAL, serviceCidrs: ["172.16.0.0/16", "172.17.0.0/16"] }, "InvalidCidr", "network.serviceCidrs[1]"],
  ["node subnet with host bits", { ...BASE, nodeSubnetCidr: "10.224.0.1/16" }, "InvalidCidr", "network.subnets[10.224.0.1/16]"],
  ["VNet space malformed", { ...BASE, vnetCidrs: ["10.224.0.0"] }, "InvalidCidr", "network.vnetCidrs[0]"],
  ["IPv6 VNet space is fine", { ...BASE, vnetCidrs: ["10.224.0.0/12", "fd00::/56"] }, "InvalidCidr", null],
  ["peered range malformed", { ...BASE, peeredCidrs: ["10.0.0.0/16", "nope"] }, "InvalidCidr", "network.peered[1]"],
  ["DNS IP valid", BASE, "InvalidIpAddress", null],
  ["DNS IP octet 256", { ...BASE, dnsServiceIp: "172.16.0.256" }, "InvalidIpAddress", "network.dnsServiceIp"],
  ["DNS IP IPv6", { ...DUAL, dnsServiceIp: "fd12:3456:789a:1::a" }, "InvalidIpAddress", "network.dnsServiceIp"],
  ["families ipv4", { ...BASE, ipFamilies: ["ipv4"] }, "IpFamiliesMismatch", null],
  ["families ipv4,ipv6", DUAL, "IpFamiliesMismatch", null],
  ["families IPv4,IPv6 (case)", { ...DUAL, ipFamilies: ["IPv4", "IPv6"] }, "IpFamiliesMismatch", null],
  ["families ipv6 only", { ...BASE, ipFamilies: ["ipv6"] }, "IpFamiliesMismatch", "network.ipFamilies"],
  ["families ipv6,ipv4", { ...DUAL, ipFamilies: ["ipv6", "ipv4"] }, "IpFamiliesMismatch", "network.ipFamilies"],
  ["dual-stack with one pod CIDR", { ...DUAL, podCidrs: ["192.168.0.0/16"] }, "IpFamiliesMismatch", "network.podCidrs"],
  ["single-stack with two pod CIDRs", { ...BASE, podCidr: undefined, podCidrs: ["192.168.0.0/16", "fd12::/64"] }, "IpFamiliesMismatch", "network.podCidrs"],
  ["max pods 10", { ...BASE, maxPods: 10 }, "MaxPodsOutOfRange", null],
  ["max pods 250", { ...BASE, maxPods: 250 }, "MaxPodsOutOfRange", null],
  ["max pods 9", { ...BASE, maxPods: 9 }, "MaxPodsOutOfRange", "pools[nodepool1].maxPods"],
  ["max pods 251", { ...BASE, maxPods: 251 }, "MaxPodsOutOfRange", "pools[nodepool1].maxPods"],
  ["system pool of 1", { ...BASE, nodeCount: 1 }, "NodeCountInvalid", null],
  ["system pool of 0", { ...BASE, nodeCount: 0 }, "NodeCountInvalid", "pools[nodepool1].count"],
  ["user pool of 0", twoPools({ count: 0 }), "NodeCountInvalid", null],
  ["user pool of -1", twoPools({ count: -1 }), "NodeCountInvalid", "pools[user].count"],
  ["pool of 1000", { ...BASE, podCidr: "10.0.0.0/11", nodeCount: 1000 }, "NodeCountInvalid", null],
  ["pool of 1001", { ...BASE, nodeCount: 1001 }, "NodeCountInvalid", "pools[nodepool1].count"],
  ["autoscaler 3..3", { ...BASE, enableClusterAutoscaler: true, minCount: 3, maxCount: 3 }, "NodeCountInvalid", null],
  ["autoscaler 4..3", { ...BASE, enableClusterAutoscaler: true, minCount: 4, maxCount: 3 }, "NodeCountInvalid", "pools[nodepool1].minCount"],
  ["autoscaler count above max", { ...BASE, enableClusterAutoscaler: true, nodeCount: 5, minCount: 1, maxCount: 3 }, "NodeCountInvalid", "pools[nodepool1].count"],
  ["autoscaler without max", { ...BASE, enableClusterAutoscaler: true, minCount: 1 }, "NodeCountInvalid", "pools[nodepool1].maxCount"],
  ["min count without autoscaler", { ...BASE, minCount: 1, maxCount: 3 }, "NodeCountInvalid", "pools[nodepool1].minCount"],
  ["autoscaler max 1001", { ...BASE, enableClusterAutoscaler: true, minCount: 1, maxCount: 1001 }, "NodeCountInvalid", "pools[nodepool1].maxCount"],
  ["surge 0 with unavailable 1", { ...BASE, maxSurge: "0", maxUnavailable: "1" }, "MaxSurgeInvalid", null],
  ["surge 0 alone", { ...BASE, maxSurge: "0" }, "MaxSurgeInvalid", "pools[nodepool1].maxSurge"],
  ["surge 0% with unavailable 0%", { ...BASE, maxSurge: "0%", maxUnavailable: "0%" }, "MaxSurgeInvalid", "pools[nodepool1].maxSurge"],
  ["surge 100%", { ...BASE, maxSurge: "100%" }, "MaxSurgeInvalid", null],
  ["surge 101%", { ...BASE, maxSurge: "101%" }, "MaxSurgeInvalid", "pools[nodepool1].maxSurge"],
  ["surge -1", { ...BASE, maxSurge: "-1" }, "MaxSurgeInvalid", "pools[nodepool1].maxSurge"],
  ["surge abc", { ...BASE, maxSurge: "abc" }, "MaxSurgeInvalid", "pools[nodepool1].maxSurge"],
  ["surge 1.5", { ...BASE, maxSurge: "1.5" }, "MaxSurgeInvalid", "pools[nodepool1].maxSurge"],
  ["unavailable x", { ...BASE, maxUnavailable: "x" }, "MaxSurgeInvalid", "pools[nodepool1].maxUnavailable"],
  ["cluster name of one character", { ...BASE, name: "a" }, "ClusterNameInvalid", null],
  ["cluster name of 63", { ...BASE, name: `a${"-".repeat(61)}z` }, "ClusterNameInvalid", null],
  ["cluster name of 64", { ...BASE, name: "a".repeat(64) }, "ClusterNameInvalid", "cluster.name"],
  ["cluster name starting with -", { ...BASE, name: "-abc" }, "ClusterNameInvalid", "cluster.name"],
  ["cluster name ending with _", { ...BASE, name: "abc_" }, "ClusterNameInvalid", "cluster.name"],
  ["pool name of 12", { ...BASE, nodepoolName: "abcdefghijkl" }, "NodePoolNameInvalid", null],
  ["pool name of 13", { ...BASE, nodepoolName: "abcdefghijklm" }, "NodePoolNameInvalid", "pools[abcdefghijklm].name"],
  ["pool name starting with a digit", { ...BASE, nodepoolName: "1pool" }, "NodePoolNameInvalid", "pools[1pool].name"],
  ["pool name with capitals", { ...BASE, nodepoolName: "Pool" }, "NodePoolNameInvalid", "pools[Pool].name"],
  ["Windows pool name of 6", twoPools({ name: "win123", osType: "Windows" }), "NodePoolNameInvalid", null],
  ["Windows pool name of 7", twoPools({ name: "win1234", osType: "Windows" }), "NodePoolNameInvalid", "pools[win1234].name"],
  ["resource group of 63", { ...BASE, resourceGroup: "r".repeat(63) }, "NameTooLong", null],
  ["resource group of 64", { ...BASE, resourceGroup: "r".repeat(64) }, "NameTooLong", "cluster.resourceGroup"],
  ["subnet name of 63", { ...BASE, vnetSubnetId: subnetId(undefined, undefined, undefined, "s".repeat(63)) }, "NameTooLong", null],
  ["subnet name of 64", { ...BASE, vnetSubnetId: subnetId(undefined, undefined, undefined, "s".repeat(64)) }, "NameTooLong", "network.vnetSubnetId"],
  ["VNet name of 64", { ...BASE, vnetSubnetId: subnetId(undefined, undefined, "v".repeat(64)) }, "NameTooLong", "network.vnetSubnetId"],
  ["subnet id valid", { ...BASE, vnetSubnetId: subnetId() }, "ResourceIdInvalid", null],
  ["subnet id with a bad subscription", { ...BASE, vnetSubnetId: subnetId("abc") }, "ResourceIdInvalid", "network.vnetSubnetId"],
  ["subnet id of a VNet", { ...BASE, vnetSubnetId: subnetId().replace(/\/subnets\/nodes$/, "") }, "ResourceIdInvalid", "network.vnetSubnetId"],
  ["duplicate pool names", twoPools({ name: "sys" }), "NodePoolNameDuplicate", "pools[sys].name"],
  ["no System pool", { ...BASE, nodePools: [{ name: "user", mode: "User", count: 3 }] }, "SystemPoolRequired", "pools"],
  ["one System pool", twoPools({}), "SystemPoolRequired", null],
  ["a Windows System pool", { ...BASE, nodePools: [{ name: "sys", count: 3 }, { name: "win", osType: "Windows", mode: "System", count: 1 }] }, "SystemPoolWindows", "pools[win].osType"],
  ["a Windows User pool", twoPools({ name: "win", osType: "Windows" }), "SystemPoolWindows", null],
  ["a Windows pool on a Linux SKU", twoPools({ name: "win", osType: "Windows", osSku: "Ubuntu" }), "OsSkuOsTypeMismatch", "pools[win].osSku"],
  ["a Linux pool on a Windows SKU", twoPools({ name: "lin", osSku: "Windows2022" }), "OsSkuOsTypeMismatch", "pools[lin].osSku"],
  ["a Windows pool on a Windows SKU", twoPools({ name: "win", osType: "Windows", osSku: "Windows2025" }), "OsSkuOsTypeMismatch", null],
  ["a Linux pool on AzureLinux", twoPools({ name: "lin", osSku: "AzureLinux" }), "OsSkuOsTypeMismatch", null],
];

const addressSpace: Row[] = [
  ["service just below 172.30.0.0/16", { ...BASE, serviceCidr: "172.29.0.0/16", dnsServiceIp: "172.29.0.10" }, "ReservedRangeOverlap", null],
  ["service on 172.30.0.0/16", { ...BASE, serviceCidr: "172.30.0.0/16", dnsServiceIp: "172.30.0.10" }, "ReservedRangeOverlap", "network.serviceCidrs[0]"],
  ["pod CIDR on 169.254.0.0/16", { ...BASE, podCidr: "169.254.0.0/16" }, "ReservedRangeOverlap", "network.podCidrs[0]"],
  ["pod CIDR containing 172.31.0.0/16", { ...BASE, podCidr: "172.24.0.0/13" }, "ReservedRangeOverlap", "network.podCidrs[0]"],
  ["VNet on 192.0.2.0/24", { ...BASE, vnetCidrs: ["10.224.0.0/12", "192.0.2.0/24"] }, "ReservedRangeOverlap", "network.vnetCidrs[1]"],
  ["VNet on 192.0.3.0/24", { ...BASE, vnetCidrs: ["10.224.0.0/12", "192.0.3.0/24"] }, "ReservedRangeOverlap", null],
  ["pod CIDR right after the VNet", { ...BASE, podCidr: "10.240.0.0/16" }, "PodCidrOverlapsVnet", null],
  ["pod CIDR at the VNet's end", { ...BASE, podCidr: "10.239.0.0/16" }, "PodCidrOverlapsVnet", "network.podCidrs[0]"],
  ["pod CIDR containing the VNet", { ...BASE, podCidr: "10.0.0.0/8" }, "PodCidrOverlapsVnet", "network.podCidrs[0]"],
  ["pod CIDR on a subnet, no VNet given", { podCidr: "10.1.0.0/16", nodeSubnetCidr: "10.1.2.0/24" }, "PodCidrOverlapsVnet", "network.podCidrs[0]"],
  ["pod CIDR on the managed VNet", { podCidr: "10.224.0.0/16" }, "PodCidrOverlapsVnet", "network.podCidrs[0]"],
  ["IPv6 pod CIDR inside the VNet", { ...DUAL, podCidrs: ["192.168.0.0/16", "fd00:aaaa::/64"] }, "PodCidrOverlapsVnet", "network.podCidrs[1]"],
  ["IPv6 pod CIDR right after the VNet", { ...DUAL, podCidrs: ["192.168.0.0/16", "fd00:aaaa:0:100::/64"] }, "PodCidrOverlapsVnet", null],
  ["pod CIDR next to the service CIDR", { ...BASE, podCidr: "172.17.0.0/16" }, "PodCidrOverlapsServiceCidr", null],
  ["pod CIDR equal to the service CIDR", { ...BASE, podCidr: "172.16.0.0/16" }, "PodCidrOverlapsServiceCidr", "network.podCidrs[0]"],
  ["IPv6 pod CIDR containing the service CIDR", { ...DUAL, podCidrs: ["192.168.0.0/16", "fd12:3456:789a:1::/64"] }, "PodCidrOverlapsServiceCidr", "network.podCidrs[1]"],
  ["peered range next to the pod CIDR", { ...BASE, peeredCidrs: ["192.169.0.0/16"] }, "PodCidrOverlapsPeeredNetwork", null],
  ["peered range inside the pod CIDR", { ...BASE, peeredCidrs: ["192.168.255.0/24"] }, "PodCidrOverlapsPeeredNetwork", "network.podCidrs[0]"],
  ["IPv6 peered range inside the pod CIDR", { ...DUAL, peeredCidrs: ["fd12:3456:789a:0:1::/80"] }, "PodCidrOverlapsPeeredNetwork", "network.podCidrs[1]"],
  ["service CIDR on a subnet", { ...BASE, serviceCidr: "10.224.0.0/16", dnsServiceIp: "10.224.0.10" }, "ServiceCidrOverlapsVnet", "network.serviceCidrs[0]"],
  ["service CIDR right after the VNet", { ...BASE, serviceCidr: "10.240.0.0/16", dnsServiceIp: "10.240.0.10" }, "ServiceCidrOverlapsVnet", null],
  ["IPv6 service CIDR inside the VNet", { ...DUAL, serviceCidrs: ["172.16.0.0/16", "fd00:aaaa::/108"] }, "ServiceCidrOverlapsVnet", "network.serviceCidrs[1]"],
  ["peered range on the service CIDR", { ...BASE, peeredCidrs: ["172.16.5.0/24"] }, "ServiceCidrOverlapsPeeredNetwork", "network.serviceCidrs[0]"],
  ["peered range next to the service CIDR", { ...BASE, peeredCidrs: ["172.17.0.0/24"] }, "ServiceCidrOverlapsPeeredNetwork", null],
  ["service /13", { ...BASE, serviceCidr: "172.16.0.0/13", dnsServiceIp: "172.16.0.10" }, "ServiceCidrTooLarge", null],
  ["service /12", { ...BASE, serviceCidr: "172.16.0.0/12", dnsServiceIp: "172.16.0.10" }, "ServiceCidrTooLarge", "network.serviceCidrs[0]"],
  ["IPv6 service /108", DUAL, "ServiceCidrTooLarge", null],
  ["IPv6 service /107", { ...DUAL, serviceCidrs: ["172.16.0.0/16", "fd12:3456:789a:1::/107"] }, "ServiceCidrTooLarge", "network.serviceCidrs[1]"],
  ["DNS IP at the service CIDR's last host", { ...BASE, dnsServiceIp: "172.16.255.254" }, "DnsServiceIpOutOfServiceCidr", null],
  ["DNS IP just past the service CIDR", { ...BASE, dnsServiceIp: "172.17.0.0" }, "DnsServiceIpOutOfServiceCidr", "network.dnsServiceIp"],
  ["DNS IP with the default service CIDR", { ...BASE, serviceCidr: undefined }, "DnsServiceIpOutOfServiceCidr", "network.dnsServiceIp"],
  ["DNS IP .2", { ...BASE, dnsServiceIp: "172.16.0.2" }, "DnsServiceIpReserved", null],
  ["DNS IP .1", { ...BASE, dnsServiceIp: "172.16.0.1" }, "DnsServiceIpReserved", "network.dnsServiceIp"],
  ["DNS IP .0", { ...BASE, dnsServiceIp: "172.16.0.0" }, "DnsServiceIpReserved", "network.dnsServiceIp"],
  ["DNS IP at broadcast", { ...BASE, dnsServiceIp: "172.16.255.255" }, "DnsServiceIpReserved", "network.dnsServiceIp"],
  ["node subnet at the VNet's end", { ...BASE, nodeSubnetCidr: "10.239.255.0/24" }, "NodeSubnetOutsideVnet", null],
  ["node subnet past the VNet", { ...BASE, nodeSubnetCidr: "10.240.0.0/24" }, "NodeSubnetOutsideVnet", "network.subnets[10.240.0.0/24]"],
  ["node subnet larger than the VNet", { ...BASE, nodeSubnetCidr: "10.224.0.0/11" }, "NodeSubnetOutsideVnet", "network.subnets[10.224.0.0/11]"],
  ["pod CIDR 192.168.0.0/16 is private", BASE, "PodCidrNotPrivate", null],
  ["pod CIDR 172.16.0.0/12 edge is private", { ...BASE, podCidr: "172.20.0.0/16" }, "PodCidrNotPrivate", null],
  ["pod CIDR 172.32.0.0/16 is public", { ...BASE, podCidr: "172.32.0.0/16" }, "PodCidrNotPrivate", "network.podCidrs[0]"],
  // Rulebook corrections: RFC 6598 (100.64.0.0/10) is supported like RFC 1918.
  ["pod CIDR 100.64.0.0/16 (RFC 6598) is supported", { ...BASE, podCidr: "100.64.0.0/16" }, "PodCidrNotPrivate", null],
  ["pod CIDR 100.127.0.0/16 (RFC 6598's last /16) is supported", { ...BASE, podCidr: "100.127.0.0/16" }, "PodCidrNotPrivate", null],
  ["pod CIDR 100.128.0.0/16 (past RFC 6598) is public", { ...BASE, podCidr: "100.128.0.0/16" }, "PodCidrNotPrivate", "network.podCidrs[0]"],
];

const capacity: Row[] = [
  ["/22 holds 3 nodes + 1 surge", { ...BASE, podCidr: "192.168.0.0/22", nodeCount: 3 }, "InsufficientPodCidr", null],
  ["/23 cannot hold 3 nodes + 1 surge", { ...BASE, podCidr: "192.168.0.0/23", nodeCount: 3 }, "InsufficientPodCidr", "network.podCidrs[0]"],
  ["/22 cannot hold autoscaler max 10", { ...BASE, podCidr: "192.168.0.0/22", enableClusterAutoscaler: true, minCount: 1, maxCount: 10 }, "InsufficientPodCidr", "network.podCidrs[0]"],
  ["/22 holds 4 nodes with no surge", { ...BASE, podCidr: "192.168.0.0/22", nodeCount: 4, maxSurge: "0", maxUnavailable: "1" }, "InsufficientPodCidr", null],
  ["/22 cannot hold 4 nodes + 1 surge", { ...BASE, podCidr: "192.168.0.0/22", nodeCount: 4 }, "InsufficientPodCidr", "network.podCidrs[0]"],
  ["two pools sum over a /22", { ...twoPools({ count: 2, maxSurge: "1" }), podCidr: "192.168.0.0/22" }, "InsufficientPodCidr", "network.podCidrs[0]"],
  // IPv6: a /120 per node (Azure/AKS#5120), not a /80.
  ["IPv6 /120 cannot hold 1 node + 1 surge", { ...DUAL, nodeCount: 1, podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/120"] }, "InsufficientPodCidr", "network.podCidrs[1]"],
  ["IPv6 /119 holds 1 node + 1 surge", { ...DUAL, nodeCount: 1, podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/119"] }, "InsufficientPodCidr", null],
  ["IPv6 /121 holds no node", { ...DUAL, podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/121"] }, "InsufficientPodCidr", "network.podCidrs[1]"],
  ["IPv6 /96 holds the default pool (was a false error at /80)", { ...DUAL, podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/96"] }, "InsufficientPodCidr", null],
  ["IPv6 /111 holds 250 nodes + 25 surge", { ...DUAL, nodeCount: 250, podCidrs: ["10.0.0.0/14", "fd12:3456:789a::/111"] }, "InsufficientPodCidr", null],
  ["IPv6 /112 cannot hold 250 nodes + 25 surge", { ...DUAL, nodeCount: 250, podCidrs: ["10.0.0.0/14", "fd12:3456:789a::/112"] }, "InsufficientPodCidr", "network.podCidrs[1]"],
  ["/22 with 3 of 4 blocks used keeps 25%", { ...BASE, podCidr: "192.168.0.0/22", nodeCount: 2 }, "PodCidrHeadroomLow", null],
  ["/22 with 4 of 4 blocks used", { ...BASE, podCidr: "192.168.0.0/22", nodeCount: 3 }, "PodCidrHeadroomLow", "network.podCidrs[0]"],
  ["/28 subnet holds 10 nodes + 1 surge", { ...BASE, nodeSubnetCidr: "10.224.0.0/28", nodeCount: 10 }, "InsufficientSubnetSize", null],
  ["/28 subnet cannot hold 11 nodes + 2 surge", { ...BASE, nodeSubnetCidr: "10.224.0.0/28", nodeCount: 11 }, "InsufficientSubnetSize", "network.subnets[10.224.0.0/28]"],
  [
    "two pools in one /28 subnet",
    { ...BASE, nodeSubnetCidr: "10.224.0.0/28", nodePools: [{ name: "a", count: 5 }, { name: "b", count: 5, mode: "User" }] },
    "InsufficientSubnetSize",
    "network.subnets[10.224.0.0/28]",
  ],
  [
    "two pools in separate /28 subnets",
    { ...BASE, nodePools: [{ name: "a", count: 5, subnetCidr: "10.224.0.0/28" }, { name: "b", count: 5, mode: "User", subnetCidr: "10.224.0.16/28" }] },
    "InsufficientSubnetSize",
    null,
  ],
  [
    "5,000 nodes",
    { ...BASE, podCidr: "10.0.0.0/8", vnetCidrs: ["172.20.0.0/14"], nodeSubnetCidr: "172.20.0.0/16", nodePools: [1, 2, 3, 4, 5].map((i) => ({ name: `p${i}`, count: 1000, mode: i === 1 ? "System" : "User" })) },
    "ClusterNodeLimit",
    null,
  ],
  [
    "5,001 nodes",
    { ...BASE, podCidr: "10.0.0.0/8", vnetCidrs: ["172.20.0.0/14"], nodeSubnetCidr: "172.20.0.0/16", nodePools: [1, 2, 3, 4, 5, 6].map((i) => ({ name: `p${i}`, count: i === 6 ? 1 : 1000, mode: i === 1 ? "System" : "User" })) },
    "ClusterNodeLimit",
    "pools",
  ],
];

const compatibility: Row[] = [
  ["scale sets", { ...BASE, vmSetType: "VirtualMachineScaleSets" }, "AvailabilitySetNotSupported", null],
  ["availability set", { ...BASE, vmSetType: "AvailabilitySet" }, "AvailabilitySetNotSupported", "pools[nodepool1].vmSetType"],
  ["DC2s_v2", { ...BASE, nodeVmSize: "Standard_DC2s_v2" }, "VmSizeNotSupported", "pools[nodepool1].vmSize"],
  ["DC8_v2", { ...BASE, nodeVmSize: "Standard_DC8_v2" }, "VmSizeNotSupported", "pools[nodepool1].vmSize"],
  ["DC4as_v5", { ...BASE, nodeVmSize: "Standard_DC4as_v5" }, "VmSizeNotSupported", null],
  ["DC2s_v3", { ...BASE, nodeVmSize: "Standard_DC2s_v3" }, "VmSizeNotSupported", null],
  ["cilium policy on azure dataplane", { ...BASE, networkPolicy: "cilium" }, "CiliumPolicyRequiresCiliumDataplane", "network.networkPolicy"],
  ["cilium policy on cilium dataplane", { ...BASE, networkPolicy: "cilium", networkDataplane: "cilium" }, "CiliumPolicyRequiresCiliumDataplane", null],
  ["cilium dataplane with azure policy", { ...BASE, networkPolicy: "azure", networkDataplane: "cilium" }, "CiliumDataplaneRequiresCiliumPolicy", "network.networkPolicy"],
  ["cilium dataplane with calico policy", { ...BASE, networkPolicy: "calico", networkDataplane: "cilium" }, "CiliumDataplaneRequiresCiliumPolicy", "network.networkPolicy"],
  ["cilium dataplane with cilium policy", { ...BASE, networkPolicy: "cilium", networkDataplane: "cilium" }, "CiliumDataplaneRequiresCiliumPolicy", null],
  ["dual-stack with azure policy", { ...DUAL, networkPolicy: "azure" }, "DualStackUnsupportedFeature", "network.networkPolicy"],
  ["dual-stack with calico policy", { ...DUAL, networkPolicy: "calico" }, "DualStackUnsupportedFeature", "network.networkPolicy"],
  ["dual-stack with a managed NAT gateway", { ...DUAL, outboundType: "managedNATGateway" }, "DualStackUnsupportedFeature", "network.outboundType"],
  // A user-assigned NAT gateway works when it is StandardV2, which the design cannot see: a warning.
  ["dual-stack with a user NAT gateway", { ...DUAL, outboundType: "userAssignedNATGateway" }, "DualStackUnsupportedFeature", null],
  ["dual-stack with a user NAT gateway is warned", { ...DUAL, outboundType: "userAssignedNATGateway" }, "DualStackNatGatewayStandardV2", "network.outboundType"],
  ["single-stack with a user NAT gateway", { ...BASE, outboundType: "userAssignedNATGateway" }, "DualStackNatGatewayStandardV2", null],
  ["dual-stack with load balancer egress", { ...DUAL, outboundType: "loadBalancer" }, "DualStackNatGatewayStandardV2", null],
  ["dual-stack with cilium", { ...DUAL, networkPolicy: "cilium", networkDataplane: "cilium" }, "DualStackUnsupportedFeature", null],
  ["single-stack with azure policy", { ...BASE, networkPolicy: "azure" }, "DualStackUnsupportedFeature", null],
  ["dual-stack with Static Egress Gateway", { ...DUAL, enableStaticEgressGateway: true }, "DualStackUnsupportedFeature", "network.staticEgressGateway"],
  ["single-stack with Static Egress Gateway", { ...BASE, enableStaticEgressGateway: true }, "DualStackUnsupportedFeature", null],
  ["dual-stack without Static Egress Gateway", { ...DUAL, enableStaticEgressGateway: false }, "DualStackUnsupportedFeature", null],
  ["dual-stack on 1.26.3", { ...DUAL, kubernetesVersion: "1.26.3" }, "DualStackKubernetesVersion", null],
  ["dual-stack on 1.26.2", { ...DUAL, kubernetesVersion: "1.26.2" }, "DualStackKubernetesVersion", "cluster.kubernetesVersion"],
  ["dual-stack on 1.25", { ...DUAL, kubernetesVersion: "1.25" }, "DualStackKubernetesVersion", "cluster.kubernetesVersion"],
  ["dual-stack cilium on 1.29", { ...DUAL, networkDataplane: "cilium", kubernetesVersion: "1.29" }, "DualStackKubernetesVersion", null],
  ["dual-stack cilium on 1.28.9", { ...DUAL, networkDataplane: "cilium", kubernetesVersion: "1.28.9" }, "DualStackKubernetesVersion", "cluster.kubernetesVersion"],
  ["single-stack on 1.25", { ...BASE, kubernetesVersion: "1.25" }, "DualStackKubernetesVersion", null],
  ["version latest", { ...BASE, kubernetesVersion: "latest" }, "KubernetesVersionInvalid", "cluster.kubernetesVersion"],
  ["virtual nodes", { ...BASE, enableAddons: ["monitoring", "virtual-node"] }, "VirtualNodesNotSupported", "cluster.enableAddons"],
  ["monitoring only", { ...BASE, enableAddons: ["monitoring"] }, "VirtualNodesNotSupported", null],
  // Retired: no ARM64 region limit any more, and Windows dual-stack is GA.
  ["ARM64 in West Europe (limit retired)", { ...BASE, nodeVmSize: "Standard_D4ps_v5", location: "westeurope" }, "Arm64RegionNotSupported", null],
  ["ARM64 in West US 3 (limit retired)", { ...BASE, nodeVmSize: "Standard_E8pds_v5", location: "West US 3" }, "Arm64RegionNotSupported", null],
  ["dual-stack Windows pool (GA)", { ...DUAL, nodePools: [{ name: "sys", count: 3 }, { name: "win", osType: "Windows", mode: "User", count: 1 }] }, "DualStackWindowsPreview", null],
  // Outbound type block: a preview for managed-VNet network isolated clusters, not in the stable API.
  ["outbound type block", { ...BASE, outboundType: "block" }, "OutboundTypeBlockNotSupported", "network.outboundType"],
  ["outbound type none", { ...BASE, outboundType: "none" }, "OutboundTypeBlockNotSupported", null],
  // Cilium is Linux-only.
  ["Windows pool with the cilium dataplane", { ...twoPools({ name: "win", osType: "Windows" }), networkDataplane: "cilium", networkPolicy: "cilium" }, "CiliumWindowsNotSupported", "pools[win].osType"],
  ["Windows pool with the azure dataplane", twoPools({ name: "win", osType: "Windows" }), "CiliumWindowsNotSupported", null],
  ["Linux pools with the cilium dataplane", { ...twoPools({}), networkDataplane: "cilium", networkPolicy: "cilium" }, "CiliumWindowsNotSupported", null],
  // Azure NPM: 250 nodes and 20,000 pods at full scale.
  ["NPM at 250 nodes and 20,000 pods", { ...BASE, podCidr: "10.0.0.0/14", networkPolicy: "azure", nodeCount: 250, maxPods: 80 }, "NetworkPolicyAzureScale", null],
  ["NPM at 251 nodes", { ...BASE, podCidr: "10.0.0.0/14", networkPolicy: "azure", nodeCount: 251, maxPods: 10 }, "NetworkPolicyAzureScale", "network.networkPolicy"],
  ["NPM at 81 nodes of 250 pods (20,250)", { ...BASE, networkPolicy: "azure", nodeCount: 81 }, "NetworkPolicyAzureScale", "network.networkPolicy"],
  ["NPM autoscaler max 251", { ...BASE, podCidr: "10.0.0.0/14", networkPolicy: "azure", enableClusterAutoscaler: true, minCount: 1, maxCount: 251, maxPods: 10 }, "NetworkPolicyAzureScale", "network.networkPolicy"],
  ["cilium at 251 nodes", { ...BASE, podCidr: "10.0.0.0/14", networkPolicy: "cilium", networkDataplane: "cilium", nodeCount: 251 }, "NetworkPolicyAzureScale", null],
  // Azure NPM on Windows: out of support since 2026-09-30.
  ["Windows pool with NPM", { ...twoPools({ name: "win", osType: "Windows" }), networkPolicy: "azure" }, "NetworkPolicyAzureWindows", "pools[win].osType"],
  ["Windows pool with calico", { ...twoPools({ name: "win", osType: "Windows" }), networkPolicy: "calico" }, "NetworkPolicyAzureWindows", null],
  ["Linux pools with NPM", { ...twoPools({}), networkPolicy: "azure" }, "NetworkPolicyAzureWindows", null],
];

describe.each([
  ["input shape", inputShape],
  ["address space", addressSpace],
  ["capacity", capacity],
  ["compatibility", compatibility],
])("%s rules", (_section, rows) => {
  it.each(rows)("%s: %s at %s", (_name, input, code, path) => {
    const result = check(input);
    if (path !== null) {
      expect(result.findings.filter((f) => f.code === code).map((f) => f.path)).toContain(path);
    } else {
      expect(result.codes).not.toContain(code);
      expect(result.errors).toEqual([]);
    }
    // Every finding is reported with a severity its catalogue entry allows.
    for (const f of result.findings) {
      const spec = FINDING_CATALOGUE[f.code];
      expect([spec.severity, ...("alsoAs" in spec ? spec.alsoAs : [])]).toContain(f.severity);
    }
  });
});

describe("severities", () => {
  it("the valid bases have no findings at all", () => {
    expect(check(BASE).findings).toEqual([]);
    expect(check(DUAL).findings).toEqual([]);
  });
  it("warnings do not make a design invalid", () => {
    const r = check({ ...BASE, podCidr: "172.32.0.0/16" });
    expect(r.find("PodCidrNotPrivate")?.severity).toBe("warning");
    expect(r.valid).toBe(true);
  });
  it("the cilium dataplane without a policy is a note", () => {
    const r = check({ ...BASE, networkDataplane: "cilium" });
    expect(r.find("CiliumDataplaneRequiresCiliumPolicy")?.severity).toBe("info");
    expect(r.valid).toBe(true);
  });
  it("a StandardV2 NAT gateway and Windows NPM are warnings: the design stays valid", () => {
    const nat = check({ ...DUAL, outboundType: "userAssignedNATGateway" });
    expect(nat.find("DualStackNatGatewayStandardV2")?.severity).toBe("warning");
    expect(nat.valid).toBe(true);
    const npm = check({ ...twoPools({ name: "win", osType: "Windows" }), networkPolicy: "azure" });
    expect(npm.find("NetworkPolicyAzureWindows")?.severity).toBe("warning");
    expect(npm.valid).toBe(true);
  });
  it("the new refusals are errors", () => {
    expect(check({ ...BASE, outboundType: "block" }).find("OutboundTypeBlockNotSupported")?.severity).toBe("error");
    expect(check({ ...BASE, networkPolicy: "azure", nodeCount: 81 }).find("NetworkPolicyAzureScale")?.severity).toBe("error");
    expect(check({ ...twoPools({ name: "win", osType: "Windows" }), networkDataplane: "cilium" }).find("CiliumWindowsNotSupported")?.severity).toBe("error");
    expect(check({ ...DUAL, outboundType: "managedNATGateway" }).find("DualStackUnsupportedFeature")?.severity).toBe("error");
  });
  it("an IPv6-first list is one IpFamiliesMismatch with the fixed order, and no InvalidCidr", () => {
    const r = check({ ...DUAL, podCidrs: ["fd12:3456:789a::/64", "192.168.0.0/16"] });
    expect(r.errors).toEqual(["IpFamiliesMismatch"]);
    expect(r.find("IpFamiliesMismatch")?.hint).toContain("192.168.0.0/16,fd12:3456:789a::/64");
  });
  it("an undersized IPv6 pod CIDR names /120 blocks and the prefix that fits", () => {
    const f = check({ ...DUAL, nodeCount: 250, podCidrs: ["10.0.0.0/14", "fd12:3456:789a::/112"] }).find("InsufficientPodCidr");
    expect(f?.message).toContain("256 /120 node blocks but the cluster needs 275");
    expect(f?.hint).toContain("/111");
  });
  it("100.64.0.0/10 pod CIDRs are supported: no warning", () => {
    expect(check({ ...BASE, podCidr: "100.64.0.0/16" }).findings).toEqual([]);
    expect(check({ ...BASE, podCidr: "100.64.0.0/10" }).codes).not.toContain("PodCidrNotPrivate");
    expect(check({ ...BASE, podCidr: "100.128.0.0/16" }).find("PodCidrNotPrivate")?.severity).toBe("warning");
  });
});

describe("messages name the values and say how to fix them", () => {
  it("an undersized pod CIDR says both numbers, the breakdown and the prefix that fits", () => {
    const f = check({ ...BASE, podCidr: "192.168.0.0/22", enableClusterAutoscaler: true, minCount: 1, maxCount: 10 }).find("InsufficientPodCidr");
    expect(f?.message).toContain("192.168.0.0/22");
    expect(f?.message).toMatch(/holds 4 \/24 node blocks but the cluster needs 11/);
    expect(f?.message).toContain("10 nodes at full scale + 1 upgrade surge node");
    expect(f?.hint).toContain("/20");
    expect(f?.hint).toContain("192.168.0.0/20");
    expect(f?.armCode).toBe("InsufficientSubnetSize");
  });
  it("host bits say which network was meant", () => {
    const f = check({ ...BASE, podCidr: "10.244.1.0/16" }).find("InvalidCidr");
    expect(f?.message).toContain("10.244.1.0/16");
    expect(f?.hint).toContain("10.244.0.0/16");
    expect(f?.armCode).toBe("CidrStringParseError");
  });
  it("overlaps name both ranges and suggest a free one", () => {
    const f = check({ ...BASE, podCidr: "10.224.0.0/16" }).find("PodCidrOverlapsVnet");
    expect(f?.message).toContain("pod CIDR 10.224.0.0/16 overlaps subnet 10.224.0.0/16");
    expect([f?.severity, f?.armCode]).toEqual(["error", "NetworkProfileCIDROverlapVNET"]);
    // The VNet's unused address space: Azure checks subnets only since 2024-10-25, so a warning.
    const space = check({ ...BASE, podCidr: "10.228.0.0/16" }).find("PodCidrOverlapsVnet");
    expect([space?.severity, space?.armCode]).toEqual(["warning", undefined]);
    expect(space?.message).toContain("lies in VNet address space 10.224.0.0/12 though in none of its subnets here");
    const suggestion = /for example (\S+),/.exec(f?.hint ?? "")?.[1];
    expect(suggestion).toBeDefined();
    // The suggestion itself passes the rules.
    expect(check({ ...BASE, podCidr: suggestion }).errors).toEqual([]);
  });
  it("a suggested service CIDR passes with a DNS IP inside it", () => {
    const f = check({ ...BASE, serviceCidr: "10.224.0.0/16", dnsServiceIp: "10.224.0.10" }).find("ServiceCidrOverlapsVnet");
    const suggestion = /for example (\S+),/.exec(f?.hint ?? "")?.[1] as string;
    const dns = suggestion.replace(/0\/\d+$/, "10");
    expect(check({ ...BASE, serviceCidr: suggestion, dnsServiceIp: dns }).errors).toEqual([]);
  });
  it("many peered overlaps make one finding that counts them", () => {
    const peered = Array.from({ length: 50 }, (_, i) => `192.168.${i}.0/24`);
    const r = check({ ...BASE, peeredCidrs: peered });
    const found = r.findings.filter((f) => f.code === "PodCidrOverlapsPeeredNetwork");
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain("50 peered or on-premises ranges");
    expect(found[0]?.message).toContain("and 46 more");
    expect(found[0]?.values).toHaveLength(51);
  });
  it("pool findings name the pool", () => {
    const f = check(twoPools({ maxPods: 300 })).find("MaxPodsOutOfRange");
    expect(f?.pool).toBe("user");
    expect(f?.path).toBe("pools[user].maxPods");
    expect(f?.message).toContain("pool user");
    expect(f?.message).toContain("300");
  });
  it("all findings are collected, none stops the others", () => {
    const r = check({ ...BASE, podCidr: "10.224.1.0/16", serviceCidr: "10.224.0.0/16", dnsServiceIp: "9.9.9.9", maxPods: 5, ipFamilies: ["ipv6"] });
    expect(r.errors).toEqual(expect.arrayContaining(["InvalidCidr", "ServiceCidrOverlapsVnet", "DnsServiceIpOutOfServiceCidr", "MaxPodsOutOfRange", "IpFamiliesMismatch"]));
  });
  it("orders findings errors first", () => {
    const r = check({ ...BASE, podCidr: "172.32.0.0/22", maxPods: 5, nodeCount: 3 });
    const severities = r.findings.map((f) => f.severity);
    expect(severities).toEqual([...severities].sort((a, b) => ["error", "warning", "info"].indexOf(a) - ["error", "warning", "info"].indexOf(b)));
  });
});

describe("capacity hints stay private", () => {
  it("suggests a free private block when the superset would leave RFC 1918", () => {
    const f = check({ ...BASE, podCidr: "192.168.0.0/16", enableClusterAutoscaler: true, minCount: 1, maxCount: 300 }).find("InsufficientPodCidr");
    expect(f?.hint).toContain("/15");
    expect(f?.hint).not.toContain("192.168.0.0/15");
    const example = /e\.g\. (\S+)\)/.exec(f?.hint ?? "")?.[1] as string;
    expect(check({ ...BASE, podCidr: example, enableClusterAutoscaler: true, minCount: 1, maxCount: 300 }).errors).toEqual([]);
  });
  it("suggests the superset when it stays private", () => {
    expect(check({ ...BASE, podCidr: "10.100.0.0/22", nodeCount: 10 }).find("InsufficientPodCidr")?.hint).toContain("10.100.0.0/20");
  });
  it("gives IPv6 service CIDRs their own numbers", () => {
    expect(check({ ...DUAL, serviceCidrs: ["172.16.0.0/16", "fd12:3456:789a:1::/100"] }).find("ServiceCidrTooLarge")?.hint).toContain("a /108 holds 1,048,576 services");
  });
});

describe("defaulted values", () => {
  const defaulted = (input: DesignInput) => resolveDesign(input).defaulted;
  it("are design paths, pools by their own name", () => {
    expect(defaulted({})).toEqual([
      "network.ipFamilies",
      "network.podCidrs",
      "network.serviceCidrs",
      "network.dnsServiceIp",
      "pools[nodepool1].count",
      "pools[nodepool1].name",
      "pools[nodepool1].maxSurge",
      "pools[nodepool1].maxPods",
      "pools[nodepool1].osType",
      "pools[nodepool1].vmSetType",
      "network.vnetCidrs",
      "network.subnets",
      "network.networkDataplane",
      "network.outboundType",
    ]);
    expect(defaulted({ ...BASE, nodePools: [{ name: "sys", count: 3, maxPods: 30, maxSurge: "1", osType: "Linux", vmSetType: "VirtualMachineScaleSets" }, { name: "apps", count: 1 }] })).toEqual([
      "network.ipFamilies",
      "pools[apps].maxSurge",
      "pools[apps].maxPods",
      "pools[apps].osType",
      "pools[apps].vmSetType",
      "network.networkDataplane",
      "network.outboundType",
    ]);
  });
  it("name only the IPv6 entry when the IPv4 one was given", () => {
    const paths = defaulted({ ipFamilies: ["ipv4", "ipv6"], podCidr: "192.168.0.0/16", serviceCidrs: ["172.16.0.0/16", "fd00::/108"] });
    expect(paths).toContain("network.podCidrs[1]");
    expect(paths).not.toContain("network.podCidrs");
    expect(paths.filter((p) => p.startsWith("network.serviceCidrs"))).toEqual([]);
    expect(defaulted({ ipFamilies: ["ipv4", "ipv6"] })).toContain("network.podCidrs");
  });
  it("are said in findings about them, and only there", () => {
    const r = check({ dnsServiceIp: "10.1.0.10" });
    expect(r.find("DnsServiceIpOutOfServiceCidr")?.message).not.toContain("Azure's default");
    const resolved = resolveDesign({ peeredCidrs: ["10.0.0.0/24"] });
    const overlap = validateDesign(resolved.design, resolved.network, resolved.defaulted).findings.find((f) => f.code === "ServiceCidrOverlapsPeeredNetwork");
    expect(overlap?.path).toBe("network.serviceCidrs[0]");
    expect(overlap?.message).toMatch(/\(this is Azure's default: the value was not given\)$/);
  });
});
