/**
 * The versioned JSON/YAML documents of the CLI contract. Field names are a contract:
 * `formatVersion` bumps on a breaking change. The table output is rendered from these same
 * documents, so the two never disagree.
 */
import type { Capacity } from "../network/capacity.js";
import type { ResolvedDesign } from "../network/design.js";
import { type FlagTable, type ShownFinding, countBySeverity, flagFor, withFlags } from "../network/findings.js";
import type { ValidationResult } from "../network/validate.js";

export const FORMAT_VERSION = 1;

export interface ValidationDocument {
  formatVersion: typeof FORMAT_VERSION;
  kind: "validation";
  valid: boolean;
  summary: { errors: number; warnings: number; infos: number };
  /** Each with its design `path` and the command's flag for it (`field`). */
  findings: ShownFinding[];
  capacity: Capacity;
  /** The design as validated, Azure's defaults filled in. */
  design: {
    name?: string;
    resourceGroup?: string;
    location?: string;
    kubernetesVersion?: string;
    ipFamilies: string[];
    podCidrs: string[];
    serviceCidrs: string[];
    dnsServiceIp: string;
    networkDataplane: string;
    networkPolicy: string | null;
    outboundType: string;
    enableAddons: string[];
    staticEgressGateway: boolean;
    vnetSubnetId?: string;
    network: { vnet: string | null; managedVnet: boolean; vnetCidrs: string[]; subnets: { name: string; cidr: string }[]; peeredCidrs: string[] };
    nodePools: {
      name: string;
      mode: string;
      osType: string;
      vmSize: string | null;
      count: number;
      enableAutoScaling: boolean;
      minCount: number | null;
      maxCount: number | null;
      maxSurge: string;
      maxUnavailable: string;
      maxPods: number;
      vmSetType: string;
      subnetCidr: string | null;
    }[];
  };
  /**
   * Flags whose values are Azure's defaults rather than the user's; "--pod-cidrs[1]" when only
   * the IPv6 entry of the list is.
   */
  defaulted: string[];
}

export interface ErrorDocument {
  formatVersion: typeof FORMAT_VERSION;
  kind: "error";
  /** `accepted`: Azure accepted the write before the failure, so the operation may still be running. */
  error: { code: string; message: string; armCode?: string; target?: string; operationId?: string; accepted?: boolean };
}

/** How the command names design paths: its flag table, and the flag for paths it lacks. */
export interface CommandFlags {
  table: FlagTable;
  fallback: string;
}

/** The flags of defaulted design paths, once each; a list entry keeps its index. */
export function defaultedFlags(defaulted: readonly string[], flags: CommandFlags): string[] {
  const named = defaulted.map((path) => {
    const flag = flagFor(path, flags.table, flags.fallback);
    const entry = /\[(\d+)\]$/.exec(path);
    return entry ? `${flag}[${entry[1]}]` : flag;
  });
  return [...new Set(named)];
}

export function validationDocument(resolved: ResolvedDesign, result: ValidationResult, flags: CommandFlags): ValidationDocument {
  const { design, network } = resolved;
  const counts = countBySeverity(result.findings);
  return {
    formatVersion: FORMAT_VERSION,
    kind: "validation",
    valid: result.valid,
    summary: { errors: counts.error, warnings: counts.warning, infos: counts.info },
    findings: withFlags(result.findings, flags.table, flags.fallback),
    capacity: result.capacity,
    design: {
      ...(design.name !== undefined && { name: design.name }),
      ...(design.resourceGroup !== undefined && { resourceGroup: design.resourceGroup }),
      ...(design.location !== undefined && { location: design.location }),
      ...(design.kubernetesVersion !== undefined && { kubernetesVersion: design.kubernetesVersion }),
      ipFamilies: design.ipFamilies,
      podCidrs: design.podCidrs,
      serviceCidrs: design.serviceCidrs,
      dnsServiceIp: design.dnsServiceIp,
      networkDataplane: design.networkDataplane,
      networkPolicy: design.networkPolicy ?? null,
      outboundType: design.outboundType,
      enableAddons: design.enableAddons,
      staticEgressGateway: design.staticEgressGateway,
      ...(design.vnetSubnetId !== undefined && { vnetSubnetId: design.vnetSubnetId }),
      network: {
        vnet: network.vnetName ?? null,
        managedVnet: network.managedVnet,
        vnetCidrs: network.vnetCidrs,
        subnets: network.subnets,
        peeredCidrs: network.peered.map((p) => p.cidr),
      },
      nodePools: design.pools.map((p) => ({
        name: p.name,
        mode: p.mode,
        osType: p.osType,
        vmSize: p.vmSize ?? null,
        count: p.count,
        enableAutoScaling: p.enableAutoScaling,
        minCount: p.minCount ?? null,
        maxCount: p.maxCount ?? null,
        maxSurge: p.maxSurge,
        maxUnavailable: p.maxUnavailable,
        maxPods: p.maxPods,
        vmSetType: p.vmSetType,
        subnetCidr: p.subnetCidr ?? null,
      })),
    },
    defaulted: defaultedFlags(resolved.defaulted, flags),
  };
}

export function errorDocument(error: ErrorDocument["error"]): ErrorDocument {
  return { formatVersion: FORMAT_VERSION, kind: "error", error };
}
