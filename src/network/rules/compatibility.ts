/** "Compatibility" rules: features and sizes that do not work with Azure CNI Overlay or dual-stack. */
import type { Design, PoolDesign } from "../design.js";
import {
  ARM64_SIZE,
  ARM64_UNSUPPORTED_REGIONS,
  DCSV2_SIZE,
  DUAL_STACK_CILIUM_MIN_VERSION,
  DUAL_STACK_MIN_VERSION,
  NAT_GATEWAY_OUTBOUND_TYPES,
  VIRTUAL_NODE_ADDONS,
} from "../facts.js";
import type { Finding } from "../findings.js";
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

const normalizeRegion = (location: string): string => location.toLowerCase().replace(/[\s_-]/g, "");

export function checkCompatibility(design: Design, dualStack: boolean): Finding[] {
  return [
    ...design.pools.flatMap((pool) => poolCompatibility(pool, design, dualStack)),
    ...ciliumPolicy(design),
    ...(dualStack ? dualStackFeatures(design) : []),
    ...virtualNodes(design),
    ...kubernetesVersion(design, dualStack),
  ];
}

const isVirtualNodeAddon = (addon: string): boolean => (VIRTUAL_NODE_ADDONS as readonly string[]).includes(addon.toLowerCase());

/** What one pool's VM set, size and OS allow. */
function poolCompatibility(pool: PoolDesign, design: Design, dualStack: boolean): Finding[] {
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
  if (pool.vmSize && ARM64_SIZE.test(pool.vmSize) && design.location) {
    const region = normalizeRegion(design.location);
    if ((ARM64_UNSUPPORTED_REGIONS as readonly string[]).includes(region)) {
      findings.push({
        severity: "warning",
        code: "Arm64RegionNotSupported",
        path: poolPath(pool.name, "vmSize"),
        pool: pool.name,
        message: `pool ${pool.name}: ARM64 size ${pool.vmSize} with overlay was not supported in ${design.location} when last documented`,
        values: [pool.vmSize, design.location],
        hint: "check the current AKS overlay limitations for this region, or choose an x64 size",
      });
    }
  }
  if (dualStack && pool.osType.toLowerCase() === "windows") {
    findings.push({
      severity: "warning",
      code: "DualStackWindowsPreview",
      path: poolPath(pool.name, "osType"),
      pool: pool.name,
      message: `pool ${pool.name}: Windows node pools on dual-stack clusters are in preview`,
      values: [pool.osType],
      hint: "previews are outside the SLA; keep production Windows workloads on a single-stack cluster",
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

/** Features dual-stack clusters lack: one finding naming them all, addressed to the first. */
function dualStackFeatures(design: Design): Finding[] {
  const policy = design.networkPolicy?.toLowerCase();
  const unsupported: { what: string; path: string }[] = [];
  if (policy === "azure" || policy === "calico") unsupported.push({ what: `network policy ${design.networkPolicy}`, path: "network.networkPolicy" });
  if ((NAT_GATEWAY_OUTBOUND_TYPES as readonly string[]).map((t) => t.toLowerCase()).includes(design.outboundType.toLowerCase())) {
    unsupported.push({ what: `outbound type ${design.outboundType}`, path: "network.outboundType" });
  }
  if (design.enableAddons.some(isVirtualNodeAddon)) unsupported.push({ what: "virtual nodes", path: "cluster.enableAddons" });
  const first = unsupported[0];
  if (!first) return [];
  const whats = unsupported.map((u) => u.what);
  return [
    {
      severity: "error",
      code: "DualStackUnsupportedFeature",
      path: first.path,
      message: `dual-stack clusters do not support ${whats.join(", ")}`,
      values: whats,
      hint: "use --network-policy cilium (with --network-dataplane cilium) or none, outbound type loadBalancer or userDefinedRouting, and no virtual nodes",
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
