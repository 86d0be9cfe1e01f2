/** "Compatibility" rules: features and sizes that do not work with Azure CNI Overlay or dual-stack. */
import type { Design } from "../design.js";
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
  const findings: Finding[] = [];
  const policy = design.networkPolicy?.toLowerCase();
  const dataplane = design.networkDataplane.toLowerCase();

  for (const pool of design.pools) {
    if (pool.vmSetType.toLowerCase() === "availabilityset") {
      findings.push({
        severity: "error",
        code: "AvailabilitySetNotSupported",
        field: "--vm-set-type",
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
        field: "--node-vm-size",
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
          field: "--node-vm-size",
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
        field: "--os-type",
        pool: pool.name,
        message: `pool ${pool.name}: Windows node pools on dual-stack clusters are in preview`,
        values: [pool.osType],
        hint: "previews are outside the SLA; keep production Windows workloads on a single-stack cluster",
      });
    }
  }

  if (policy === "cilium" && dataplane !== "cilium") {
    findings.push({
      severity: "error",
      code: "CiliumPolicyRequiresCiliumDataplane",
      field: "--network-policy",
      message: `network policy cilium needs the cilium dataplane, but --network-dataplane is ${design.networkDataplane}`,
      values: [design.networkPolicy as string, design.networkDataplane],
      hint: "add --network-dataplane cilium",
    });
  }
  if (dataplane === "cilium") {
    if (policy === "azure" || policy === "calico") {
      findings.push({
        severity: "error",
        code: "CiliumDataplaneRequiresCiliumPolicy",
        field: "--network-policy",
        message: `the cilium dataplane enforces network policy itself: --network-policy ${design.networkPolicy} cannot be used with it`,
        values: [design.networkPolicy as string],
        hint: "use --network-policy cilium, or leave it out",
      });
    } else if (policy === undefined) {
      findings.push({
        severity: "info",
        code: "CiliumDataplaneRequiresCiliumPolicy",
        field: "--network-policy",
        message: "the cilium dataplane implies network policy cilium",
        hint: "nothing to do; --network-policy cilium says so explicitly",
      });
    }
  }

  if (dualStack) {
    const unsupported: string[] = [];
    if (policy === "azure" || policy === "calico") unsupported.push(`network policy ${design.networkPolicy}`);
    if ((NAT_GATEWAY_OUTBOUND_TYPES as readonly string[]).map((t) => t.toLowerCase()).includes(design.outboundType.toLowerCase())) {
      unsupported.push(`outbound type ${design.outboundType}`);
    }
    const virtualNodes = design.enableAddons.filter((a) => (VIRTUAL_NODE_ADDONS as readonly string[]).includes(a.toLowerCase()));
    if (virtualNodes.length > 0) unsupported.push("virtual nodes");
    if (unsupported.length > 0) {
      findings.push({
        severity: "error",
        code: "DualStackUnsupportedFeature",
        field: unsupported[0]?.startsWith("network policy") ? "--network-policy" : unsupported[0]?.startsWith("outbound") ? "--outbound-type" : "--enable-addons",
        message: `dual-stack clusters do not support ${unsupported.join(", ")}`,
        values: unsupported,
        hint: "use --network-policy cilium (with --network-dataplane cilium) or none, outbound type loadBalancer or userDefinedRouting, and no virtual nodes",
      });
    }
  }

  if (design.enableAddons.some((a) => (VIRTUAL_NODE_ADDONS as readonly string[]).includes(a.toLowerCase()))) {
    findings.push({
      severity: "error",
      code: "VirtualNodesNotSupported",
      field: "--enable-addons",
      message: "the virtual nodes add-on (aciConnectorLinux) does not work with Azure CNI Overlay",
      values: design.enableAddons,
      hint: "drop virtual-node from --enable-addons",
    });
  }

  if (design.kubernetesVersion !== undefined) {
    const version = parseKubernetesVersion(design.kubernetesVersion);
    if (!version) {
      findings.push({
        severity: "error",
        code: "KubernetesVersionInvalid",
        field: "--kubernetes-version",
        message: `Kubernetes version "${design.kubernetesVersion}" is not a version: expected major.minor or major.minor.patch`,
        values: [design.kubernetesVersion],
        hint: "e.g. --kubernetes-version 1.31 (az aks get-versions lists what a region offers)",
      });
    } else if (dualStack) {
      const cilium = dataplane === "cilium";
      const minimum = cilium ? DUAL_STACK_CILIUM_MIN_VERSION : DUAL_STACK_MIN_VERSION;
      if (!versionAtLeast(version, minimum)) {
        findings.push({
          severity: "error",
          code: "DualStackKubernetesVersion",
          field: "--kubernetes-version",
          message: `dual-stack${cilium ? " with the cilium dataplane" : ""} needs Kubernetes ${minimum.join(".").replace(/\.0$/, "")} or later, not ${design.kubernetesVersion}`,
          values: [design.kubernetesVersion],
          hint: `use --kubernetes-version ${cilium ? "1.29" : "1.27"} or later`,
        });
      }
    }
  }
  return findings;
}
