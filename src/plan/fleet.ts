/**
 * The fleet document (`fleet scan -o json|yaml`, and what every fleet view renders): every AKS
 * cluster the scan saw, its network class, and whether it can move to Azure CNI Overlay now, with
 * every blocker and its fix. Field names are a contract (formatVersion bumps on a breaking change).
 */
import type { Finding } from "../network/findings.js";

export const FLEET_FORMAT_VERSION = 1 as const;

/** How a cluster does its pod networking: the path a move to overlay takes. */
export const FLEET_CLASSES = ["overlay", "kubenet", "azureLegacy", "podSubnet", "none", "unknown"] as const;
export type FleetClass = (typeof FLEET_CLASSES)[number];

/** A blocker: an error finding of the upgrade rules (or the address-space rules for the pod CIDR it would get). */
export interface Blocker {
  code: string;
  message: string;
  hint?: string;
}

export interface FleetCluster {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  kubernetesVersion: string | null;
  class: FleetClass;
  /** Not on overlay yet, a path exists, and no error blocks it. */
  ready: boolean;
  blockers: Blocker[];
  /** Every finding (warnings and notes too), each with its design path and a flag of `upgrade`. */
  findings: (Finding & { field: string })[];
  /** Legacy Azure CNI: a pod CIDR that conflicts with nothing the cluster's VNet connects to, sized for full scale. */
  proposedPodCidr?: string;
  /** Nodes now, and at full scale (autoscaler maximums): for ordering waves. */
  nodes: number;
  nodesAtFullScale: number;
  tags: Record<string, string>;
}

export interface FleetDocument {
  formatVersion: typeof FLEET_FORMAT_VERSION;
  kind: "fleet";
  scannedAt: string;
  scope: { subscriptions: string[]; managementGroups: string[] };
  summary: {
    clusters: number;
    byClass: Record<FleetClass, number>;
    ready: number;
    blocked: number;
    /** Blocker codes by how many clusters they block, most first. */
    topBlockers: { code: string; clusters: number }[];
    /** Days from the scan to the kubenet retirement (2028-03-31). */
    daysToKubenetRetirement: number;
  };
  /** False when a page or batch could not be read: never report partial results as complete. */
  complete: boolean;
  /** What could not be read, when incomplete. */
  problems: string[];
  clusters: FleetCluster[];
}

/** Kubenet's retirement day (Microsoft's announcement: kubenet networking for AKS retires 31 March 2028). */
export const KUBENET_RETIREMENT = "2028-03-31";

/** What marks a file as a fleet report (a meta generator tag): fleet scan --report overwrites only those. */
export const FLEET_REPORT_GENERATOR = "aks-overlay fleet scan";
