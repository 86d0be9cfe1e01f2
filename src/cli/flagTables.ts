/**
 * How each command names the design paths findings are addressed by: one table per command.
 * `apply` shows a saved plan's findings with the table of the command that made it.
 */
import type { FlagTable } from "../network/findings.js";
import type { Operation } from "../plan/plan.js";

/** The pool flags of validate, create and nodepool add (az aks's names); a pool's subnet is each command's own. */
export const POOL_FLAGS: FlagTable = [
  ["pools[*].count", "--node-count"],
  ["pools[*].minCount", "--min-count"],
  ["pools[*].maxCount", "--max-count"],
  ["pools[*].maxSurge", "--max-surge"],
  ["pools[*].maxUnavailable", "--max-unavailable"],
  ["pools[*].maxPods", "--max-pods"],
  ["pools[*].vmSize", "--node-vm-size"],
  ["pools[*].osType", "--os-type"],
  ["pools[*].osSku", "--os-sku"],
  ["pools[*].vmSetType", "--vm-set-type"],
];

export const CLUSTER_FLAGS: FlagTable = [
  ["cluster.name", "--name"],
  ["cluster.resourceGroup", "--resource-group"],
  ["cluster.location", "--location"],
  ["cluster.kubernetesVersion", "--kubernetes-version"],
  ["cluster.enableAddons", "--enable-addons"],
];

/** create: its network flags; the VNet's facts come from --vnet-subnet-id. */
function createTable(request: Record<string, unknown>): FlagTable {
  const design = (request.design ?? {}) as Record<string, unknown>;
  const pod = design.podCidrs !== undefined ? "--pod-cidrs" : "--pod-cidr";
  const service = design.serviceCidrs !== undefined ? "--service-cidrs" : "--service-cidr";
  return [
    ...CLUSTER_FLAGS,
    ["network.ipFamilies", "--ip-families"],
    ["network.podCidrs", pod],
    ["network.podCidrs[*]", pod],
    ["network.serviceCidrs", service],
    ["network.serviceCidrs[*]", service],
    ["network.dnsServiceIp", "--dns-service-ip"],
    ["network.networkDataplane", "--network-dataplane"],
    ["network.networkPolicy", "--network-policy"],
    ["network.outboundType", "--outbound-type"],
    ["network.staticEgressGateway", "--enable-static-egress-gateway"],
    ["network.vnetSubnetId", "--vnet-subnet-id"],
    ["network.vnetCidrs[*]", "--vnet-subnet-id"],
    ["network.subnets[*]", "--vnet-subnet-id"],
    ["network.peered[*]", "--vnet-subnet-id"],
    ["pools[*].name", "--nodepool-name"],
    ["pools[*].mode", "--nodepool-name"],
    ["pools", "--nodepool-name"],
    ["pools[*].subnet", "--vnet-subnet-id"],
    ...POOL_FLAGS,
  ];
}

/** upgrade has one flag of its own: everything else is about the cluster it names. */
const UPGRADE_TABLE: FlagTable = [
  ["network.podCidrs", "--pod-cidr"],
  ["network.podCidrs[*]", "--pod-cidr"],
];

/** update: the flag of the change asked for; everything else is about the cluster it names. */
function updateTable(request: Record<string, unknown>): FlagTable {
  const pod = request.podCidrs !== undefined ? "--pod-cidrs" : request.ipFamilies !== undefined ? "--ip-families" : "--pod-cidr";
  return [
    ["network.podCidrs", pod],
    ["network.podCidrs[*]", pod],
    ["network.serviceCidrs", request.serviceCidrs !== undefined ? "--service-cidrs" : "--ip-families"],
    ["network.serviceCidrs[*]", request.serviceCidrs !== undefined ? "--service-cidrs" : "--ip-families"],
    ["network.ipFamilies", "--ip-families"],
    ["network.networkDataplane", "--network-dataplane"],
    ["network.networkPolicy", "--network-dataplane"],
  ];
}

/**
 * nodepool add: the new pool's flags; the cluster's pod CIDR is what the new pool's size uses up:
 * --max-count with the autoscaler, else --node-count (given or not: the flag that changes it).
 */
function nodepoolAddTable(request: Record<string, unknown>): FlagTable {
  const size = (request.pool as { enableClusterAutoscaler?: boolean } | undefined)?.enableClusterAutoscaler ? "--max-count" : "--node-count";
  return [
    ["cluster.name", "--cluster-name"],
    ["cluster.resourceGroup", "--resource-group"],
    ["pools[*].name", "--name"],
    ["pools[*].mode", "--mode"],
    ["network.podCidrs", size],
    ["network.podCidrs[*]", size],
    ["network.subnets[*]", "--vnet-subnet-id"],
    ["pools[*].subnet", "--vnet-subnet-id"],
    ["pools", size],
    ...POOL_FLAGS,
  ];
}

/** nodepool scale / update: the pool's flags; the pod CIDR is what the node count (scale) or the max count (update) uses up. */
function nodepoolChangeTable(uses: "--node-count" | "--max-count"): FlagTable {
  return [
    ["cluster.name", "--cluster-name"],
    ["cluster.resourceGroup", "--resource-group"],
    ["pools[*].name", "--name"],
    ["network.podCidrs", uses],
    ["network.podCidrs[*]", uses],
    ["pools[*].subnet", uses],
    ...POOL_FLAGS,
  ];
}

/** The flag table of the command that makes plans of this operation, and the flag for paths it lacks. */
export function flagTableFor(operation: Operation, request: Record<string, unknown>): { table: FlagTable; fallback: string } {
  switch (operation) {
    case "create":
      return { table: createTable(request), fallback: "--name" };
    case "upgrade":
      return { table: UPGRADE_TABLE, fallback: "--name" };
    case "update":
      return { table: updateTable(request), fallback: "--name" };
    case "nodepool-add":
      return { table: nodepoolAddTable(request), fallback: "--cluster-name" };
    case "nodepool-scale":
      return { table: nodepoolChangeTable("--node-count"), fallback: "--cluster-name" };
    case "nodepool-update":
      return { table: nodepoolChangeTable("--max-count"), fallback: "--cluster-name" };
  }
}
