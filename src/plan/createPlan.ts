/**
 * The plan for `create`: the complete PUT body of a new overlay cluster, every network field
 * explicit, and which of its values are Azure's defaults. Pure.
 */
import type { Design } from "../network/design.js";
import type { ValidationResult } from "../network/validate.js";
import { agentPoolBody } from "./nodepoolPlan.js";
import { type PlanDocument, clusterResourceId, diff, emptyPlanBase } from "./plan.js";

export interface CreateTarget {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  dnsPrefix?: string;
  tags?: Record<string, string>;
}

/** az's default DNS prefix: name, resource group and subscription, shortened. */
export function defaultDnsPrefix(name: string, resourceGroup: string, subscriptionId: string): string {
  const clean = (s: string): string => s.replace(/[^A-Za-z0-9-]/g, "");
  let prefix = `${clean(name).slice(0, 10)}-${clean(resourceGroup).slice(0, 16)}-${subscriptionId.slice(0, 6)}`;
  if (!/^[A-Za-z]/.test(prefix)) prefix = `a${prefix}`;
  return prefix.replace(/-+/g, "-").slice(0, 54);
}

/** Add-ons `create` can enable, by az's names, with their key in addonProfiles. */
export const CREATE_ADDONS: Record<string, string> = {
  "azure-keyvault-secrets-provider": "azureKeyvaultSecretsProvider",
  "azure-policy": "azurepolicy",
  "virtual-node": "aciConnectorLinux",
};

/** Which body paths a defaulted flag fills. */
const DEFAULTED_PATHS: Record<string, string[]> = {
  "--ip-families": ["networkProfile.ipFamilies"],
  "--pod-cidr": ["networkProfile.podCidr", "networkProfile.podCidrs"],
  "--pod-cidrs": ["networkProfile.podCidr", "networkProfile.podCidrs"],
  "--pod-cidrs[1]": ["networkProfile.podCidrs"],
  "--service-cidr": ["networkProfile.serviceCidr", "networkProfile.serviceCidrs"],
  "--service-cidrs": ["networkProfile.serviceCidr", "networkProfile.serviceCidrs"],
  "--service-cidrs[1]": ["networkProfile.serviceCidrs"],
  "--dns-service-ip": ["networkProfile.dnsServiceIP"],
  "--network-dataplane": ["networkProfile.networkDataplane"],
  "--outbound-type": ["networkProfile.outboundType"],
  "--nodepool-name": ["agentPoolProfiles[0].name"],
  "--node-count": ["agentPoolProfiles[0].count"],
  "--max-pods": ["agentPoolProfiles[0].maxPods"],
  "--max-surge": ["agentPoolProfiles[0].upgradeSettings.maxSurge"],
  "--os-type": ["agentPoolProfiles[0].osType"],
  "--vm-set-type": ["agentPoolProfiles[0].type"],
};

export function createClusterBody(design: Design, target: CreateTarget, defaultedFlags: readonly string[]): { body: Record<string, unknown>; defaulted: string[] } {
  const defaulted = new Set(defaultedFlags.flatMap((f) => DEFAULTED_PATHS[f] ?? []));
  const dual = design.ipFamilies.includes("ipv6");
  const dataplane = design.networkDataplane.toLowerCase();
  const policy = design.networkPolicy ?? (dataplane === "cilium" ? "cilium" : "none");
  if (design.networkPolicy === undefined) defaulted.add("networkProfile.networkPolicy");
  const dnsPrefix = target.dnsPrefix ?? defaultDnsPrefix(target.name, target.resourceGroup, target.subscriptionId);
  if (target.dnsPrefix === undefined) defaulted.add("dnsPrefix");
  for (const p of ["identity.type", "networkProfile.loadBalancerSku", "agentPoolProfiles[0].mode"]) defaulted.add(p);

  const pool = design.pools[0];
  if (!pool) throw new Error("a create design has a system pool");
  const networkProfile: Record<string, unknown> = {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    networkDataplane: design.networkDataplane,
    networkPolicy: policy,
    podCidr: design.podCidrs[0],
    podCidrs: design.podCidrs,
    serviceCidr: design.serviceCidrs[0],
    serviceCidrs: design.serviceCidrs,
    dnsServiceIP: design.dnsServiceIp,
    ipFamilies: dual ? ["IPv4", "IPv6"] : ["IPv4"],
    outboundType: design.outboundType,
    loadBalancerSku: "standard",
  };
  const agentPool = { name: pool.name, ...agentPoolBody({ ...pool, mode: "System" }, design.vnetSubnetId, undefined) };
  const body: Record<string, unknown> = {
    location: target.location,
    ...(target.tags && Object.keys(target.tags).length > 0 && { tags: target.tags }),
    identity: { type: "SystemAssigned" },
    dnsPrefix,
    ...(design.kubernetesVersion !== undefined && { kubernetesVersion: design.kubernetesVersion }),
    agentPoolProfiles: [agentPool],
    networkProfile,
    ...(design.enableAddons.length > 0 && {
      addonProfiles: Object.fromEntries(design.enableAddons.map((a) => [CREATE_ADDONS[a.toLowerCase()] ?? a, { enabled: true }])),
    }),
  };
  return { body, defaulted: [...defaulted].sort() };
}

export function buildCreatePlan(
  design: Design,
  target: CreateTarget,
  defaultedFlags: readonly string[],
  validation: Pick<ValidationResult, "valid" | "findings" | "capacity">,
  armEndpoint: string,
  now: Date,
): PlanDocument {
  const resourceId = clusterResourceId(target.subscriptionId, target.resourceGroup, target.name);
  const { body, defaulted } = createClusterBody(design, target, defaultedFlags);
  return {
    ...emptyPlanBase(),
    operation: "create",
    target: { subscriptionId: target.subscriptionId, resourceGroup: target.resourceGroup, name: target.name, resourceId },
    valid: validation.valid,
    findings: validation.findings,
    capacity: validation.capacity,
    changes: validation.valid
      ? [{ action: "create", resourceType: "Microsoft.ContainerService/managedClusters", resourceId, etag: null, diff: diff(undefined, body), body }]
      : [],
    defaulted,
    chosenByAzure: chosenByAzure(design),
    armEndpoint,
    createdAt: now.toISOString(),
  };
}

/** What a create leaves to Azure when the user did not say. */
export function chosenByAzure(design: Design): Record<string, string> {
  const pool = design.pools[0];
  return {
    ...(design.kubernetesVersion === undefined && { kubernetesVersion: "the region's default Kubernetes version" }),
    ...(pool?.vmSize === undefined && { "agentPoolProfiles[0].vmSize": "a size AKS selects by quota and capacity" }),
    ...(pool?.osSku === undefined && { "agentPoolProfiles[0].osSKU": "the default OS SKU (Ubuntu)" }),
  };
}
