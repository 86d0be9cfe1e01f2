/**
 * The cluster document (`show -o json|yaml`): one cluster as it is, its network, pools, capacity,
 * last operation and what to do next. Field names are a contract (formatVersion bumps on a
 * breaking change).
 */
import type { Capacity } from "../network/capacity.js";
import type { Finding } from "../network/findings.js";
import type { NetworkMode } from "../network/fromCluster.js";

export const CLUSTER_DOCUMENT_VERSION = 1 as const;

export interface ClusterDocument {
  formatVersion: typeof CLUSTER_DOCUMENT_VERSION;
  kind: "cluster";
  id: string;
  name: string;
  resourceGroup: string;
  location: string | null;
  kubernetesVersion: string | null;
  provisioningState: string | null;
  powerState: string | null;
  /** The last operation's error, when it ended Failed (ARM's status.provisioningError). */
  lastError: { code: string; message: string } | null;
  eTag: string | null;
  network: {
    mode: NetworkMode;
    networkPlugin: string | null;
    networkPluginMode: string | null;
    networkDataplane: string | null;
    networkPolicy: string | null;
    podCidrs: string[];
    serviceCidrs: string[];
    dnsServiceIp: string | null;
    ipFamilies: string[];
    outboundType: string | null;
  };
  pools: {
    name: string;
    mode: string | null;
    osType: string | null;
    count: number | null;
    /** Autoscaler bounds (null without the autoscaler). */
    minCount: number | null;
    maxCount: number | null;
    maxSurge: string | null;
    maxPods: number | null;
    vmSize: string | null;
    subnet: string | null;
    /** The pool's own provisioning state (Succeeded, Scaling, Failed...). */
    provisioningState: string | null;
    /** The pool's last operation's error, when it ended Failed or Canceled. */
    lastError: { code: string; message: string } | null;
  }[];
  /** Capacity of the pod CIDR at full scale (overlay clusters; null otherwise). */
  capacity: Capacity | null;
  /** The rules against the cluster as it is (overlay), or its readiness to move to overlay. */
  /** With `field`, the flag of the command `next` suggests (upgrade off overlay, update on it). */
  findings: (Finding & { field?: string })[];
  /** What to do next, as commands. */
  next: string[];
}
