/**
 * `create`: a new overlay cluster, planned against the real VNet. Observe reads the cluster (it
 * must not exist) and the VNet of --vnet-subnet-id; decide checks the whole design against it and
 * builds the complete PUT body, every network field explicit.
 */
import type { AzurePort, Resource } from "../azure/port.js";
import { type Design, type DesignInput, DesignConflictError, DesignInputError, MANAGED_VNET, type ObservedNetwork, resolveDesign } from "../network/design.js";
import { AZURE_DEFAULTS } from "../network/facts.js";
import { type Finding, bySeverity } from "../network/findings.js";
import { networkFromVnet, parseSubnetId, subnetPrefix, vnetView } from "../network/fromVnet.js";
import { clusterResourceId, vnetOfSubnet, vnetResourceId } from "../network/resourceIds.js";
import { clusterView } from "../network/fromCluster.js";
import { validateDesign } from "../network/validate.js";
import { type PlanDocument, basisEntry, diff, PLAN_FORMAT_VERSION } from "../plan/plan.js";
import { agentPoolBody, poolDefaultedPaths } from "./bodies.js";
import { type DecideContext, type Decision, type OperationModule, RequestProblem, checkNames } from "./operation.js";

export interface CreateRequest {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  dnsNamePrefix?: string;
  tags?: Record<string, string>;
  /** The network and pool settings as given (flags in camelCase; only those given). */
  design: DesignInput;
}

export interface CreateObserved {
  /** The cluster, when it exists already. */
  cluster?: Resource;
  /** The VNet of --vnet-subnet-id, when one was given and it exists. */
  vnet?: Resource;
}

/** Add-ons `create` can enable, by az's names, with their key in addonProfiles. */
export const CREATE_ADDONS: Readonly<Record<string, string>> = {
  "azure-keyvault-secrets-provider": "azureKeyvaultSecretsProvider",
  "azure-policy": "azurepolicy",
  "virtual-node": "aciConnectorLinux",
};

const CLUSTER_TYPE = "Microsoft.ContainerService/managedClusters";

/** az's default DNS prefix: name, resource group and subscription, shortened. */
export function defaultDnsPrefix(name: string, resourceGroup: string, subscriptionId: string): string {
  const clean = (s: string): string => s.replace(/[^A-Za-z0-9-]/g, "");
  let prefix = `${clean(name).slice(0, 10)}-${clean(resourceGroup).slice(0, 16)}-${subscriptionId.slice(0, 6)}`;
  if (!/^[A-Za-z]/.test(prefix)) prefix = `a${prefix}`;
  return prefix.replace(/-+/g, "-").slice(0, 54);
}

function checkRequest(request: CreateRequest): void {
  checkNames({ "--resource-group": request.resourceGroup, "--name": request.name, "--location": request.location, "--dns-name-prefix": request.dnsNamePrefix });
  for (const addon of request.design.enableAddons ?? []) {
    if (CREATE_ADDONS[addon.toLowerCase()] === undefined) {
      throw new RequestProblem(
        `--enable-addons ${addon}: create can enable ${Object.keys(CREATE_ADDONS).join(", ")}` +
          (addon.toLowerCase() === "monitoring" ? "; monitoring needs a Log Analytics workspace: enable it afterwards with az aks enable-addons -a monitoring" : ""),
      );
    }
  }
  const ref = request.design.vnetSubnetId === undefined ? undefined : parseSubnetId(request.design.vnetSubnetId);
  if (ref && ref.subscriptionId.toLowerCase() !== request.subscriptionId.toLowerCase()) {
    throw new RequestProblem(`--vnet-subnet-id is in subscription ${ref.subscriptionId}, but aks-overlay is using ${request.subscriptionId}: VNets in another subscription are not supported yet`);
  }
  try {
    resolveDesign(request.design);
  } catch (error) {
    if (error instanceof DesignConflictError || error instanceof DesignInputError) throw new RequestProblem(error.message);
    throw error;
  }
}

async function observe(azure: AzurePort, request: CreateRequest): Promise<CreateObserved> {
  const cluster = await azure.get(clusterResourceId(request.subscriptionId, request.resourceGroup, request.name));
  const ref = request.design.vnetSubnetId === undefined ? undefined : parseSubnetId(request.design.vnetSubnetId);
  const vnet = ref ? await azure.get(vnetResourceId(ref.subscriptionId, ref.resourceGroup, ref.vnet)) : undefined;
  return { ...(cluster && { cluster }), ...(vnet && { vnet }) };
}

/** Which body paths a defaulted design path fills. */
const DEFAULTED_BODY_PATHS: Readonly<Record<string, readonly string[]>> = {
  "network.ipFamilies": ["properties.networkProfile.ipFamilies"],
  "network.podCidrs": ["properties.networkProfile.podCidr", "properties.networkProfile.podCidrs"],
  "network.podCidrs[1]": ["properties.networkProfile.podCidrs"],
  "network.serviceCidrs": ["properties.networkProfile.serviceCidr", "properties.networkProfile.serviceCidrs"],
  "network.serviceCidrs[1]": ["properties.networkProfile.serviceCidrs"],
  "network.dnsServiceIp": ["properties.networkProfile.dnsServiceIP"],
  "network.networkDataplane": ["properties.networkProfile.networkDataplane"],
  "network.outboundType": ["properties.networkProfile.outboundType"],
};

const FIRST_POOL = "properties.agentPoolProfiles[0].";

/** The complete PUT body of the new cluster (ARM's JSON), and which of its paths hold Azure's defaults. */
export function createClusterBody(design: Design, request: CreateRequest, defaultedPaths: readonly string[]): { body: Record<string, unknown>; defaulted: string[] } {
  const pool = design.pools[0];
  if (!pool) throw new Error("a create design has a system pool");
  const defaulted = new Set(defaultedPaths.flatMap((p) => DEFAULTED_BODY_PATHS[p] ?? []));
  for (const p of poolDefaultedPaths(defaultedPaths, pool.name, FIRST_POOL)) defaulted.add(p);
  const dataplane = design.networkDataplane.toLowerCase();
  if (design.networkPolicy === undefined) defaulted.add("properties.networkProfile.networkPolicy");
  if (request.dnsNamePrefix === undefined) defaulted.add("properties.dnsPrefix");
  for (const p of ["identity.type", "properties.networkProfile.loadBalancerSku", `${FIRST_POOL}mode`]) defaulted.add(p);
  const networkProfile: Record<string, unknown> = {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    networkDataplane: design.networkDataplane,
    networkPolicy: design.networkPolicy ?? (dataplane === "cilium" ? "cilium" : "none"),
    podCidr: design.podCidrs[0],
    podCidrs: design.podCidrs,
    serviceCidr: design.serviceCidrs[0],
    serviceCidrs: design.serviceCidrs,
    dnsServiceIP: design.dnsServiceIp,
    ipFamilies: design.ipFamilies.includes("ipv6") ? ["IPv4", "IPv6"] : ["IPv4"],
    outboundType: design.outboundType,
    loadBalancerSku: "standard",
  };
  const body: Record<string, unknown> = {
    location: request.location,
    ...(request.tags && Object.keys(request.tags).length > 0 && { tags: request.tags }),
    identity: { type: "SystemAssigned" },
    properties: {
      dnsPrefix: request.dnsNamePrefix ?? defaultDnsPrefix(request.name, request.resourceGroup, request.subscriptionId),
      ...(design.kubernetesVersion !== undefined && { kubernetesVersion: design.kubernetesVersion }),
      agentPoolProfiles: [{ name: pool.name, ...agentPoolBody({ ...pool, mode: "System" }, design.vnetSubnetId) }],
      networkProfile,
      ...(design.enableAddons.length > 0 && {
        addonProfiles: Object.fromEntries(design.enableAddons.map((a) => [CREATE_ADDONS[a.toLowerCase()] ?? a, { enabled: true }])),
      }),
    },
  };
  return { body, defaulted: [...defaulted].sort() };
}

/** What a create leaves to Azure when the user did not say. */
export function chosenByAzure(design: Design): Record<string, string> {
  const pool = design.pools[0];
  return {
    ...(design.kubernetesVersion === undefined && { "properties.kubernetesVersion": "the region's default Kubernetes version" }),
    ...(pool?.vmSize === undefined && { [`${FIRST_POOL}vmSize`]: "a size AKS selects by quota and capacity" }),
    ...(pool?.osSku === undefined && { [`${FIRST_POOL}osSKU`]: "the default OS SKU (Ubuntu)" }),
  };
}

function decide(request: CreateRequest, observed: CreateObserved, context: DecideContext): Decision {
  const resourceId = clusterResourceId(request.subscriptionId, request.resourceGroup, request.name);
  const subject = `cluster ${request.resourceGroup}/${request.name}`;
  const subnetId = request.design.vnetSubnetId;
  const ref = subnetId === undefined ? undefined : parseSubnetId(subnetId);
  const found: Finding[] = [];
  if (observed.cluster) {
    found.push({
      severity: "error",
      code: "ClusterExists",
      path: "cluster.name",
      message: `${subject} already exists (${String((clusterView(observed.cluster) as { provisioningState?: string }).provisioningState ?? "?")}): aks-overlay create never overwrites a cluster`,
      hint: "use 'aks-overlay upgrade' or 'aks-overlay nodepool add' to change it, or choose another name",
      values: [request.name],
    });
  }
  let network: ObservedNetwork = { context: MANAGED_VNET, nodeSubnetCidr: AZURE_DEFAULTS.managedSubnetCidr };
  if (ref && subnetId !== undefined) {
    const vnet = observed.vnet ? vnetView(observed.vnet) : undefined;
    const subnet = vnet?.subnets?.find((s) => s.name?.toLowerCase() === ref.subnet.toLowerCase());
    if (vnet && subnet) {
      network = { context: networkFromVnet(vnet), nodeSubnetCidr: subnetPrefix(subnet) };
    } else {
      found.push({
        severity: "error",
        code: "SubnetNotFound",
        path: "network.vnetSubnetId",
        message: vnet
          ? `subnet ${subnetId} does not exist: VNet ${ref.resourceGroup}/${ref.vnet} has no subnet "${ref.subnet}" (it has ${(vnet.subnets ?? []).map((s) => s.name).join(", ") || "none"})`
          : `subnet ${subnetId} does not exist: its VNet ${ref.resourceGroup}/${ref.vnet} was not found`,
        values: [subnetId],
        hint: "check the id: az network vnet subnet list -g <group> --vnet-name <vnet> -o table",
      });
    }
  }
  const resolved = resolveDesign({ ...request.design, name: request.name, resourceGroup: request.resourceGroup, location: request.location }, network);
  const validation = validateDesign(resolved.design, resolved.network, resolved.defaulted);
  const findings = bySeverity([...found, ...validation.findings]);
  const valid = !findings.some((f) => f.severity === "error");
  const { body, defaulted } = createClusterBody(resolved.design, request, resolved.defaulted);
  const plan: PlanDocument = {
    formatVersion: PLAN_FORMAT_VERSION,
    kind: "plan",
    operation: "create",
    request: { ...request },
    target: { subscriptionId: request.subscriptionId, resourceGroup: request.resourceGroup, name: request.name, resourceId },
    valid,
    findings,
    capacity: validation.capacity,
    changes: valid ? [{ action: "create", resourceType: CLUSTER_TYPE, resourceId, etag: null, diff: diff(undefined, body), body }] : [],
    defaulted,
    basis: [basisEntry(resourceId, observed.cluster), ...(subnetId !== undefined && ref ? [basisEntry(vnetOfSubnet(subnetId), observed.vnet)] : [])],
    chosenByAzure: chosenByAzure(resolved.design),
    armEndpoint: context.armEndpoint,
    createdAt: context.now.toISOString(),
  };
  return {
    plan,
    view: {
      pools: resolved.design.pools,
      notes: [],
      nothingToDo: false,
      conflict: findings.some((f) => f.code === "ClusterExists"),
      question: `Create ${subject} in ${request.location}?`,
      verb: "creating",
      subject,
      action: "create the cluster",
    },
  };
}

export const createOperation: OperationModule<CreateRequest, CreateObserved> = { name: "create", checkRequest, observe, decide };
