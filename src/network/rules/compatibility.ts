/**
 * "Compatibility" rules: features and sizes that do not work with Azure CNI Overlay, dual-stack,
 * the cilium dataplane or Azure Network Policy Manager. Each fact's source is on its constant in
 * facts.ts; the rules below name it again where they state it.
 */
import type { Capacity } from "../capacity.js";
import type { ParsedNetwork } from "./inputShape.js";
import type { Design, PoolDesign } from "../design.js";
import {
  DCSV2_SIZE,
  DUAL_STACK_CILIUM_MIN_VERSION,
  DUAL_STACK_MIN_VERSION,
  DUAL_STACK_STANDARDV2_OUTBOUND_TYPES,
  DUAL_STACK_UNSUPPORTED_OUTBOUND_TYPES,
  NPM_SCALE_LIMIT,
  NPM_WINDOWS_END_OF_SUPPORT,
  PREVIEW_OUTBOUND_TYPES,
  VIRTUAL_NODE_ADDONS,
} from "../facts.js";
import { type Finding, formatCount, listValues } from "../findings.js";
import { poolPath } from "../paths.js";

/** "1.29", "1.29.2" or "v1.29.2" -> [1, 29, 2]; a minor-only version means its latest patch. */
export function parseKubernetesVersion(text: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), match[3] === undefined ? Number.POSITIVE_INFINITY : Number(match[3])];
}

export function versionAtLeast(version: readonly number[], minimum: readonly number[]): boolean {
  for (let i = 0; i < 3; i++) {
    const a = version[i] ?? 0;
    const b = minimum[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

const isOneOf = (value: string | undefined, list: readonly string[]): boolean =>
  value !== undefined && list.some((item) => item.toLowerCase() === value.toLowerCase());

/** `capacity`: the cluster at full scale, for the limits that depend on its size (NPM). */
export function checkCompatibility(design: Design, dualStack: boolean, capacity?: Capacity): Finding[] {
  return [
    ...design.pools.flatMap((pool) => poolCompatibility(pool, design)),
    ...ciliumPolicy(design),
    ...outboundType(design),
    ...(dualStack ? dualStackFeatures(design) : []),
    ...virtualNodes(design),
    ...(capacity ? networkPolicyAzureScale(design, capacity) : []),
    ...kubernetesVersion(design, dualStack),
  ];
}

const isVirtualNodeAddon = (addon: string): boolean => (VIRTUAL_NODE_ADDONS as readonly string[]).includes(addon.toLowerCase());

/** What one pool's VM set, size and OS allow. */
function poolCompatibility(pool: PoolDesign, design: Design): Finding[] {
  const findings: Finding[] = [];
  if (pool.vmSetType.toLowerCase() === "availabilityset") {
    findings.push({
      severity: "error",
      code: "AvailabilitySetNotSupported",
      path: poolPath(pool.name, "vmSetType"),
      pool: pool.name,
      message: `pool ${pool.name}: availability sets are not supported with Azure CNI Overlay`,
      values: [pool.vmSetType],
      hint: "use --vm-set-type VirtualMachineScaleSets",
    });
  }
  if (pool.vmSize && DCSV2_SIZE.test(pool.vmSize)) {
    findings.push({
      severity: "error",
      code: "VmSizeNotSupported",
      path: poolPath(pool.name, "vmSize"),
      pool: pool.name,
      message: `pool ${pool.name}: ${pool.vmSize} (DCsv2-series) does not support Azure CNI Overlay`,
      values: [pool.vmSize],
      hint: "use a DCasv5 or DCadsv5-series size for confidential computing, e.g. Standard_DC4as_v5",
    });
  }
  // Arm64RegionNotSupported is retired: the overlay docs list no ARM64 region limit since 2024-07.
  // DualStackWindowsPreview is retired: Windows dual-stack overlay needs no preview registration since
  // the AKS release of 2026-07-17 (its docs lost the preview label on 2026-06-12).
  const windows = pool.osType.toLowerCase() === "windows";
  if (windows && design.networkDataplane.toLowerCase() === "cilium") {
    // azure-cni-powered-by-cilium.md, "Limitations": "Available only for Linux and not for Windows."
    findings.push({
      severity: "error",
      code: "CiliumWindowsNotSupported",
      path: poolPath(pool.name, "osType"),
      pool: pool.name,
      message: `pool ${pool.name}: Windows pools cannot run on a cluster with the cilium dataplane (Azure CNI Powered by Cilium is Linux-only)`,
      values: [pool.osType, design.networkDataplane],
      hint: "keep Windows workloads on a cluster with the azure dataplane, or make this a Linux pool",
    });
  }
  if (windows && design.networkPolicy?.toLowerCase() === "azure") {
    // includes/azure-network-policy-manager-windows-retirement.md: out of support from 2026-09-30;
    // unregistered subscriptions can no longer onboard. The design cannot see the registration.
    findings.push({
      severity: "warning",
      code: "NetworkPolicyAzureWindows",
      path: poolPath(pool.name, "osType"),
      pool: pool.name,
      message: `pool ${pool.name}: Azure Network Policy Manager is not supported on Windows nodes since ${NPM_WINDOWS_END_OF_SUPPORT}, and subscriptions not already registered for it can no longer onboard (AKS refuses them)`,
      values: [pool.osType, design.networkPolicy as string],
      hint: "use Calico (--network-policy calico) for Windows pools, or node-level network security groups",
    });
  }
  return findings;
}

/** Cilium policy and the cilium dataplane go together. */
function ciliumPolicy(design: Design): Finding[] {
  const policy = design.networkPolicy?.toLowerCase();
  const dataplane = design.networkDataplane.toLowerCase();
  if (policy === "cilium" && dataplane !== "cilium") {
    return [
      {
        severity: "error",
        code: "CiliumPolicyRequiresCiliumDataplane",
        path: "network.networkPolicy",
        message: `network policy cilium needs the cilium dataplane, but --network-dataplane is ${design.networkDataplane}`,
        values: [design.networkPolicy as string, design.networkDataplane],
        hint: "add --network-dataplane cilium",
      },
    ];
  }
  if (dataplane !== "cilium") return [];
  if (policy === "azure" || policy === "calico") {
    return [
      {
        severity: "error",
        code: "CiliumDataplaneRequiresCiliumPolicy",
        path: "network.networkPolicy",
        message: `the cilium dataplane enforces network policy itself: --network-policy ${design.networkPolicy} cannot be used with it`,
        values: [design.networkPolicy as string],
        hint: "use --network-policy cilium, or leave it out",
      },
    ];
  }
  if (policy === undefined) {
    return [
      {
        severity: "info",
        code: "CiliumDataplaneRequiresCiliumPolicy",
        path: "network.networkPolicy",
        message: "the cilium dataplane implies network policy cilium",
        hint: "nothing to do; --network-policy cilium says so explicitly",
      },
    ];
  }
  return [];
}

/** `--outbound-type block`: a preview the stable API does not have (egress-outboundtype.md, "Outbound type of block"). */
function outboundType(design: Design): Finding[] {
  if (!isOneOf(design.outboundType, PREVIEW_OUTBOUND_TYPES)) return [];
  return [
    {
      severity: "error",
      code: "OutboundTypeBlockNotSupported",
      path: "network.outboundType",
      message: `outbound type ${design.outboundType} is a preview, only for network isolated clusters in an AKS-managed VNet; the stable API 2026-06-01 that aks-overlay uses does not accept it`,
      values: [design.outboundType],
      hint: "use --outbound-type none and block egress with network security group rules on the node subnet (what the docs advise for your own VNet), or create the network isolated cluster with az aks create and the aks-preview extension",
    },
  ];
}

/**
 * Features dual-stack clusters lack (azure-cni-overlay.md, "Dual-stack networking limitations"): one
 * finding naming them all, addressed to the first. A user-assigned NAT gateway works only when it is
 * StandardV2, which the design cannot see: a warning of its own.
 */
function dualStackFeatures(design: Design): Finding[] {
  const policy = design.networkPolicy?.toLowerCase();
  const unsupported: { what: string; path: string }[] = [];
  if (policy === "azure" || policy === "calico") unsupported.push({ what: `network policy ${design.networkPolicy}`, path: "network.networkPolicy" });
  if (isOneOf(design.outboundType, DUAL_STACK_UNSUPPORTED_OUTBOUND_TYPES)) {
    unsupported.push({ what: `outbound type ${design.outboundType} (a Standard NAT gateway, IPv4-only)`, path: "network.outboundType" });
  }
  if (design.enableAddons.some(isVirtualNodeAddon)) unsupported.push({ what: "virtual nodes", path: "cluster.enableAddons" });
  // configure-static-egress-gateway.md, "Limitations": IPv4-only clusters, not dual-stack.
  if (design.staticEgressGateway) unsupported.push({ what: "Static Egress Gateway", path: "network.staticEgressGateway" });
  const findings: Finding[] = [];
  const first = unsupported[0];
  if (first) {
    const whats = unsupported.map((u) => u.what);
    findings.push({
      severity: "error",
      code: "DualStackUnsupportedFeature",
      path: first.path,
      message: `dual-stack clusters do not support ${whats.join(", ")}`,
      values: whats,
      hint: "use --network-policy cilium (with --network-dataplane cilium) or none, outbound type loadBalancer, userDefinedRouting or userAssignedNATGateway with a StandardV2 NAT gateway, no virtual nodes and no Static Egress Gateway (fixed egress IPs need an IPv4-only cluster)",
    });
  }
  if (isOneOf(design.outboundType, DUAL_STACK_STANDARDV2_OUTBOUND_TYPES)) {
    findings.push({
      severity: "warning",
      code: "DualStackNatGatewayStandardV2",
      path: "network.outboundType",
      message: `dual-stack with outbound type ${design.outboundType} works only if the node subnet's NAT gateway is StandardV2: a Standard NAT gateway is IPv4-only`,
      values: [design.outboundType],
      hint: "check it: az network nat gateway show -g <rg> -n <name> --query sku.name (a StandardV2 gateway also needs StandardV2 public IPs)",
    });
  }
  return findings;
}

/**
 * Azure NPM is not supported beyond 250 nodes or 20,000 pods (use-network-policies.md, "Azure Network
 * Policy Manager limitations (Linux)"): counted at full scale, pods as nodes times max pods.
 */
function networkPolicyAzureScale(design: Design, capacity: Capacity): Finding[] {
  if (design.networkPolicy?.toLowerCase() !== "azure") return [];
  const nodes = capacity.nodesAtFullScale;
  const pods = capacity.maxPods;
  if (nodes <= NPM_SCALE_LIMIT.nodes && pods <= NPM_SCALE_LIMIT.pods) return [];
  const over = [
    ...(nodes > NPM_SCALE_LIMIT.nodes ? [`${formatCount(nodes)} nodes (limit ${formatCount(NPM_SCALE_LIMIT.nodes)})`] : []),
    ...(pods > NPM_SCALE_LIMIT.pods ? [`${formatCount(pods)} pods (limit ${formatCount(NPM_SCALE_LIMIT.pods)})`] : []),
  ];
  return [
    {
      severity: "error",
      code: "NetworkPolicyAzureScale",
      path: "network.networkPolicy",
      message: `network policy azure (Azure Network Policy Manager) is not supported beyond ${formatCount(NPM_SCALE_LIMIT.nodes)} nodes or ${formatCount(NPM_SCALE_LIMIT.pods)} pods; at full scale the cluster has ${over.join(" and ")}, where NPM runs out of memory`,
      values: [String(nodes), String(pods)],
      hint: "use --network-policy cilium with --network-dataplane cilium, or lower the pools' max counts or --max-pods",
    },
  ];
}

function virtualNodes(design: Design): Finding[] {
  if (!design.enableAddons.some(isVirtualNodeAddon)) return [];
  return [
    {
      severity: "error",
      code: "VirtualNodesNotSupported",
      path: "cluster.enableAddons",
      message: "the virtual nodes add-on (aciConnectorLinux) does not work with Azure CNI Overlay",
      values: design.enableAddons,
      hint: "drop virtual-node from --enable-addons",
    },
  ];
}

/** The version parses; dual-stack needs a recent enough one (more recent with cilium). */
function kubernetesVersion(design: Design, dualStack: boolean): Finding[] {
  if (design.kubernetesVersion === undefined) return [];
  const version = parseKubernetesVersion(design.kubernetesVersion);
  if (!version) {
    return [
      {
        severity: "error",
        code: "KubernetesVersionInvalid",
        path: "cluster.kubernetesVersion",
        message: `Kubernetes version "${design.kubernetesVersion}" is not a version: expected major.minor or major.minor.patch`,
        values: [design.kubernetesVersion],
        hint: "e.g. --kubernetes-version 1.31 (az aks get-versions lists what a region offers)",
      },
    ];
  }
  if (!dualStack) return [];
  const cilium = design.networkDataplane.toLowerCase() === "cilium";
  const minimum = cilium ? DUAL_STACK_CILIUM_MIN_VERSION : DUAL_STACK_MIN_VERSION;
  if (versionAtLeast(version, minimum)) return [];
  return [
    {
      severity: "error",
      code: "DualStackKubernetesVersion",
      path: "cluster.kubernetesVersion",
      message: `dual-stack${cilium ? " with the cilium dataplane" : ""} needs Kubernetes ${minimum.join(".").replace(/\.0$/, "")} or later, not ${design.kubernetesVersion}`,
      values: [design.kubernetesVersion],
      hint: `use --kubernetes-version ${cilium ? "1.29" : "1.27"} or later`,
    },
  ];
}

/**
 * A dual-stack cluster's nodes need dual-stack subnets: a pool whose subnet has no IPv6 prefix is
 * refused by the RP (SingleStackVnetSubnetWithDualStackCluster; azure-cni-overlay.md, dual-stack
 * "Create an Azure VNet ... with IPv4 and IPv6 address spaces"). Only subnets read from Azure are
 * known: offline designs and the VNet AKS makes are not judged.
 */
export function dualStackSubnets(design: Design, parsed: ParsedNetwork): Finding[] {
  if (!parsed.dualStack) return [];
  // One finding per subnet, naming the pools in it: pools sharing a subnet share the fix.
  const bySubnet = new Map<string, { subnet: (typeof parsed.subnets)[number]; pools: string[] }>();
  for (const pool of design.pools) {
    const subnet = parsed.subnets.find((s) => pool.subnetCidr !== undefined && s.cidr.text === pool.subnetCidr);
    if (subnet?.ipv6 !== false) continue;
    const entry = bySubnet.get(subnet.cidr.text) ?? { subnet, pools: [] };
    entry.pools.push(pool.name);
    bySubnet.set(subnet.cidr.text, entry);
  }
  return [...bySubnet.values()].map(({ subnet, pools }) => ({
    severity: "error" as const,
    code: "DualStackSubnetIpv4Only",
    armCode: "SingleStackVnetSubnetWithDualStackCluster",
    path: poolPath(pools[0] as string, "subnet"),
    pool: pools[0],
    message: `subnet ${subnet.name} (${subnet.cidr.text}) of pool${pools.length === 1 ? "" : "s"} ${listValues(pools)} has no IPv6 prefix, and a dual-stack cluster's nodes need one`,
    hint: "add an IPv6 prefix to the subnet (and an IPv6 address space to its VNet) first: az network vnet subnet update --address-prefixes <IPv4> <IPv6>",
    values: [subnet.cidr.text],
  }));
}
