/**
 * `create`: a new overlay cluster, planned against the real VNet. Observe reads the resource group
 * (it must exist; its location is the default), the regions the subscription can use, the cluster
 * (it must not exist), the VNet of --vnet-subnet-id and, with --assign-identity, that identity and
 * its role assignments. Decide checks the whole design against them and builds the complete PUT
 * body, every network field explicit, and the grant of the subnet to the cluster's identity.
 */
import type { AzurePort, Resource } from "../azure/port.js";
import { type Design, type DesignInput, DesignConflictError, DesignInputError, MANAGED_VNET, type ObservedNetwork, resolveDesign } from "../network/design.js";
import { canonicalCidr, parseCidr } from "../network/cidr.js";
import { AUTO_UPGRADE_CHANNELS, AZURE_DEFAULTS } from "../network/facts.js";
import { type Finding, bySeverity } from "../network/findings.js";
import { networkFromVnet, parseSubnetId, subnetPrefix, vnetView } from "../network/fromVnet.js";
import { IDENTITY_ID, clusterResourceId, resourceGroupId, vnetOfSubnet, vnetResourceId } from "../network/resourceIds.js";
import { shellWord, shown } from "../network/shown.js";
import { grantCommand, grantSubnetChange, permissionFinding, readAssignments, subnetAccess } from "./subnetAccess.js";
import { clusterView } from "../network/fromCluster.js";
import { validateDesign } from "../network/validate.js";
import { type PlanDocument, basisEntry, diff, PLAN_FORMAT_VERSION } from "../plan/plan.js";
import { type PoolExtras, agentPoolBody, applyPoolExtras, poolDefaultedPaths, poolExtrasProblems } from "./bodies.js";
import { type DecideContext, type Decision, type OperationModule, RequestProblem, checkNames } from "./operation.js";

export interface CreateRequest {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** -l as given; else the resource group's location. */
  location?: string;
  /** --assign-identity: a user-assigned identity's resource id for the control plane. */
  assignIdentity?: string;
  /** --skip-subnet-role-assignment: do not grant the system-assigned identity the subnet. */
  skipSubnetRoleAssignment?: boolean;
  dnsNamePrefix?: string;
  tags?: Record<string, string>;
  /** Cluster settings beyond the network, as az aks create's flags set them (only those given). */
  cluster?: ClusterSettings;
  /** The first pool's zones, labels, taints and OS disk (az's --zones, --nodepool-labels, ...). */
  poolExtras?: PoolExtras;
  /** The network and pool settings as given (flags in camelCase; only those given). */
  design: DesignInput;
}

/** `az aks create` flags for the cluster itself, each mapped to the ARM field az sets. */
export interface ClusterSettings {
  /** --tier free|standard|premium: sku.tier (Free, Standard, Premium; sku.name Base). */
  tier?: string;
  /** --enable-oidc-issuer: properties.oidcIssuerProfile.enabled. */
  enableOidcIssuer?: true;
  /** --enable-workload-identity: properties.securityProfile.workloadIdentity.enabled (needs the OIDC issuer). */
  enableWorkloadIdentity?: true;
  /** --node-resource-group: properties.nodeResourceGroup. */
  nodeResourceGroup?: string;
  /** --auto-upgrade-channel: properties.autoUpgradeProfile.upgradeChannel. */
  autoUpgradeChannel?: string;
  /** --api-server-authorized-ip-ranges: properties.apiServerAccessProfile.authorizedIPRanges. */
  apiServerAuthorizedIpRanges?: string[];
  /** --enable-private-cluster: properties.apiServerAccessProfile.enablePrivateCluster. */
  enablePrivateCluster?: true;
  /** --ssh-key-value (the key, read from a file if a path was given): properties.linuxProfile.ssh.publicKeys[0].keyData. */
  sshPublicKey?: string;
  /** --admin-username: properties.linuxProfile.adminUsername (default azureuser, as az). */
  adminUsername?: string;
}

const SSH_PUBLIC_KEY = /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/;

export const TIERS: Record<string, string> = { free: "Free", standard: "Standard", premium: "Premium" };


/** The ARM fields the settings set, merged into a create body. */
function applyClusterSettings(body: Record<string, unknown>, settings: ClusterSettings | undefined): void {
  if (!settings) return;
  const properties = body.properties as Record<string, unknown>;
  if (settings.tier !== undefined) body.sku = { name: "Base", tier: TIERS[settings.tier.toLowerCase()] ?? settings.tier };
  if (settings.enableOidcIssuer) properties.oidcIssuerProfile = { enabled: true };
  if (settings.enableWorkloadIdentity) properties.securityProfile = { workloadIdentity: { enabled: true } };
  if (settings.nodeResourceGroup !== undefined) properties.nodeResourceGroup = settings.nodeResourceGroup;
  if (settings.sshPublicKey !== undefined) {
    properties.linuxProfile = { adminUsername: settings.adminUsername ?? "azureuser", ssh: { publicKeys: [{ keyData: settings.sshPublicKey }] } };
  }
  if (settings.autoUpgradeChannel !== undefined) properties.autoUpgradeProfile = { upgradeChannel: settings.autoUpgradeChannel };
  if (settings.apiServerAuthorizedIpRanges !== undefined || settings.enablePrivateCluster) {
    properties.apiServerAccessProfile = {
      ...(settings.apiServerAuthorizedIpRanges !== undefined && { authorizedIPRanges: settings.apiServerAuthorizedIpRanges }),
      ...(settings.enablePrivateCluster && { enablePrivateCluster: true }),
    };
  }
}

/** The settings' own rules (as az and the resource provider apply them); a RequestProblem names the flag. */
function checkClusterSettings(settings: ClusterSettings | undefined): void {
  if (!settings) return;
  if (settings.tier !== undefined && TIERS[settings.tier.toLowerCase()] === undefined) throw new RequestProblem(`--tier ${shown(settings.tier)}: one of free, standard, premium`);
  if (settings.autoUpgradeChannel !== undefined && !(AUTO_UPGRADE_CHANNELS as readonly string[]).includes(settings.autoUpgradeChannel)) {
    throw new RequestProblem(`--auto-upgrade-channel ${shown(settings.autoUpgradeChannel)}: one of ${AUTO_UPGRADE_CHANNELS.join(", ")}`);
  }
  if (settings.enableWorkloadIdentity && !settings.enableOidcIssuer) throw new RequestProblem("--enable-workload-identity needs --enable-oidc-issuer (workload identity federates the cluster's OIDC issuer)");
  if (settings.enablePrivateCluster && settings.apiServerAuthorizedIpRanges !== undefined && settings.apiServerAuthorizedIpRanges.length > 0) {
    throw new RequestProblem("--api-server-authorized-ip-ranges with --enable-private-cluster: a private API server has no public endpoint to restrict; give one of them");
  }
  if (settings.nodeResourceGroup !== undefined) checkNames({ "--node-resource-group": settings.nodeResourceGroup });
  if (settings.sshPublicKey !== undefined && !SSH_PUBLIC_KEY.test(settings.sshPublicKey.trim())) {
    // The value is not echoed: it may be anything a file held.
    throw new RequestProblem("--ssh-key-value: not an OpenSSH public key (expected ssh-rsa AAAA... comment, one line), nor the path of a .pub file holding one");
  }
  if (settings.adminUsername !== undefined && settings.sshPublicKey === undefined) throw new RequestProblem("--admin-username needs --ssh-key-value (the user the key logs in as)");
  if (settings.adminUsername !== undefined && !/^[a-z_][a-z0-9_-]{0,31}$/.test(settings.adminUsername)) {
    throw new RequestProblem(`--admin-username ${shown(settings.adminUsername)}: 1-32 lowercase letters, digits, _ and -, starting with a letter or _`);
  }
  for (const range of settings.apiServerAuthorizedIpRanges ?? []) {
    const parsed = parseCidr(range.includes("/") ? range : `${range}/32`);
    if (!parsed.ok || parsed.value.family !== 4) throw new RequestProblem(`--api-server-authorized-ip-ranges ${shown(range)}: expected IPv4 addresses or CIDRs (a,b,c)`);
  }
}

export interface CreateObserved {
  /** The resource group, when it exists. */
  resourceGroup?: Resource;
  /** The regions the subscription can use (`name`, e.g. eastus). */
  locations?: Resource[];
  /** The cluster, when it exists already. */
  cluster?: Resource;
  /** The VNet of --vnet-subnet-id, when one was given and it exists. */
  vnet?: Resource;
  /** The identity of --assign-identity, when it exists, and its role assignments that apply at the subnet. */
  identity?: Resource;
  assignments?: Resource[];
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
  checkClusterSettings(request.cluster);
  const [firstProblem] = poolExtrasProblems(request.poolExtras, "System", { labels: "--nodepool-labels", taints: "--nodepool-taints" });
  if (firstProblem !== undefined) throw new RequestProblem(firstProblem);
  checkNames({ "--resource-group": request.resourceGroup, "--name": request.name, "--location": request.location, "--dns-name-prefix": request.dnsNamePrefix });
  for (const addon of request.design.enableAddons ?? []) {
    if (CREATE_ADDONS[addon.toLowerCase()] === undefined) {
      throw new RequestProblem(
        `--enable-addons ${addon}: create can enable ${Object.keys(CREATE_ADDONS).join(", ")}` +
          (addon.toLowerCase() === "monitoring" ? "; monitoring needs a Log Analytics workspace: enable it afterwards with az aks enable-addons -a monitoring" : ""),
      );
    }
  }
  if (request.assignIdentity !== undefined && !IDENTITY_ID.test(request.assignIdentity)) {
    throw new RequestProblem(`--assign-identity ${shown(request.assignIdentity)}: expected a user-assigned identity's resource id, /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>`);
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
  const resourceGroup = await azure.get(resourceGroupId(request.subscriptionId, request.resourceGroup));
  const locations = await azure.list(`/subscriptions/${request.subscriptionId}/locations`);
  const cluster = await azure.get(clusterResourceId(request.subscriptionId, request.resourceGroup, request.name));
  const subnetId = request.design.vnetSubnetId;
  const ref = subnetId === undefined ? undefined : parseSubnetId(subnetId);
  const vnet = ref ? await azure.get(vnetResourceId(ref.subscriptionId, ref.resourceGroup, ref.vnet)) : undefined;
  const identity = request.assignIdentity !== undefined ? await azure.get(request.assignIdentity) : undefined;
  const principalId = principalOf(identity);
  const assignments = principalId !== undefined && ref && subnetId !== undefined ? await readAssignments(azure, subnetId, principalId) : undefined;
  return { ...(resourceGroup && { resourceGroup }), locations, ...(cluster && { cluster }), ...(vnet && { vnet }), ...(identity && { identity }), ...(assignments && { assignments }) };
}

function principalOf(identity: Resource | undefined): string | undefined {
  const id = (identity?.properties as { principalId?: unknown } | undefined)?.principalId;
  return typeof id === "string" ? id : undefined;
}

/** A region name as ARM compares them: "West Europe" -> "westeurope". */
const regionKey = (location: string): string => location.replace(/\s+/g, "").toLowerCase();

/** Where the cluster goes, and the findings about it: the group must exist, the region be one the subscription can use. */
function placeFindings(request: CreateRequest, observed: CreateObserved): { location: string | undefined; findings: Finding[] } {
  const findings: Finding[] = [];
  const groupLocation = typeof observed.resourceGroup?.location === "string" ? observed.resourceGroup.location : undefined;
  if (!observed.resourceGroup) {
    findings.push({
      severity: "error",
      code: "ResourceGroupNotFound",
      armCode: "ResourceGroupNotFound",
      path: "cluster.resourceGroup",
      message: `resource group ${request.resourceGroup} does not exist in subscription ${request.subscriptionId}`,
      hint: `create it first: az group create -n ${request.resourceGroup} -l ${request.location ?? "<region>"}`,
      values: [request.resourceGroup],
    });
  }
  const location = request.location ?? groupLocation;
  const known = (observed.locations ?? []).map((l) => String(l.name ?? "")).filter(Boolean);
  if (location !== undefined && known.length > 0 && !known.some((k) => regionKey(k) === regionKey(location))) {
    const near = known.filter((k) => k.startsWith(regionKey(location).slice(0, 4))).slice(0, 6);
    findings.push({
      severity: "error",
      code: "LocationUnknown",
      armCode: "LocationNotAvailableForResourceType",
      path: "cluster.location",
      message: `location ${location} is not a region subscription ${request.subscriptionId} can use`,
      hint: `${near.length > 0 ? `did you mean ${near.join(", ")}? ` : ""}list them: az account list-locations --query "[].name" -o tsv`,
      values: [location],
    });
  }
  return { location: location === undefined ? undefined : regionKey(location), findings };
}

/**
 * Who will use the subnet, and what the plan does about it: a system-assigned identity is granted
 * Network Contributor on it once the cluster exists (as az aks create does, unless
 * --skip-subnet-role-assignment); a user-assigned identity must exist and hold a role there already.
 */
function identityFindings(request: CreateRequest, observed: CreateObserved, subnetId: string | undefined): Finding[] {
  const findings: Finding[] = [];
  if (request.assignIdentity !== undefined && !observed.identity) {
    findings.push({
      severity: "error",
      code: "IdentityNotFound",
      path: "cluster.assignIdentity",
      message: `user-assigned identity ${request.assignIdentity} does not exist`,
      hint: "create it first (az identity create -g <group> -n <name>) or check the id (az identity list -o table)",
      values: [request.assignIdentity],
    });
  }
  const principalId = principalOf(observed.identity);
  if (subnetId === undefined) return findings;
  if (principalId !== undefined) {
    const access = subnetAccess(observed.assignments ?? [], subnetId);
    if (!access.granted) findings.push(permissionFinding(`identity ${String(observed.identity?.name ?? request.assignIdentity)}`, principalId, subnetId, "network.vnetSubnetId", access.otherRoles));
  } else if (request.assignIdentity === undefined && request.skipSubnetRoleAssignment) {
    findings.push({
      severity: "warning",
      code: "SubnetPermissionMissing",
      path: "network.vnetSubnetId",
      message: `--skip-subnet-role-assignment: the cluster's system-assigned identity will have no role on subnet ${subnetId} unless you grant one`,
      hint: `after the cluster exists: ${grantCommand("$(az aks show -g " + request.resourceGroup + " -n " + request.name + " --query identity.principalId -o tsv)", subnetId)}`,
      values: [subnetId],
    });
  }
  return findings;
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
  "network.staticEgressGateway": ["properties.networkProfile.staticEgressGatewayProfile"],
};

const poolPrefix = (i: number): string => `properties.agentPoolProfiles[${i}].`;
const FIRST_POOL = poolPrefix(0);

/** The complete PUT body of the new cluster (ARM's JSON), and which of its paths hold Azure's defaults. */
export function createClusterBody(design: Design, request: CreateRequest & { location: string | undefined }, defaultedPaths: readonly string[]): { body: Record<string, unknown>; defaulted: string[] } {
  const pool = design.pools[0];
  if (!pool) throw new Error("a create design has a system pool");
  const defaulted = new Set(defaultedPaths.flatMap((p) => DEFAULTED_BODY_PATHS[p] ?? []));
  design.pools.forEach((p, i) => {
    for (const path of poolDefaultedPaths(defaultedPaths, p.name, poolPrefix(i))) defaulted.add(path);
  });
  const dataplane = design.networkDataplane.toLowerCase();
  if (design.networkPolicy === undefined) defaulted.add("properties.networkProfile.networkPolicy");
  if (request.dnsNamePrefix === undefined) defaulted.add("properties.dnsPrefix");
  for (const p of ["properties.networkProfile.loadBalancerSku", `${FIRST_POOL}mode`]) defaulted.add(p);
  if (request.assignIdentity === undefined) defaulted.add("identity.type");
  const networkProfile: Record<string, unknown> = {
    networkPlugin: "azure",
    networkPluginMode: "overlay",
    networkDataplane: design.networkDataplane,
    networkPolicy: design.networkPolicy ?? (dataplane === "cilium" ? "cilium" : "none"),
    // Sent as canonical text: Azure compares ranges as strings (a later update, a read-back).
    podCidr: canonicalCidr(design.podCidrs[0] as string),
    podCidrs: design.podCidrs.map(canonicalCidr),
    serviceCidr: canonicalCidr(design.serviceCidrs[0] as string),
    serviceCidrs: design.serviceCidrs.map(canonicalCidr),
    dnsServiceIP: design.dnsServiceIp,
    ipFamilies: design.ipFamilies.includes("ipv6") ? ["IPv4", "IPv6"] : ["IPv4"],
    outboundType: design.outboundType,
    loadBalancerSku: "standard",
    ...(design.staticEgressGateway && { staticEgressGatewayProfile: { enabled: true } }),
  };
  const body: Record<string, unknown> = {
    location: request.location,
    ...(request.tags && Object.keys(request.tags).length > 0 && { tags: request.tags }),
    identity: request.assignIdentity !== undefined ? { type: "UserAssigned", userAssignedIdentities: { [request.assignIdentity]: {} } } : { type: "SystemAssigned" },
    properties: {
      dnsPrefix: request.dnsNamePrefix ?? defaultDnsPrefix(request.name, request.resourceGroup, request.subscriptionId),
      ...(design.kubernetesVersion !== undefined && { kubernetesVersion: design.kubernetesVersion }),
      // One pool is the system pool; a design of several (create --file) says each pool's mode.
      agentPoolProfiles: design.pools.map((p) => ({ name: p.name, ...agentPoolBody(design.pools.length === 1 ? { ...p, mode: "System" } : p, design.vnetSubnetId) })),
      networkProfile,
      ...(design.enableAddons.length > 0 && {
        addonProfiles: Object.fromEntries(design.enableAddons.map((a) => [CREATE_ADDONS[a.toLowerCase()] ?? a, { enabled: true }])),
      }),
    },
  };
  applyClusterSettings(body, request.cluster);
  applyPoolExtras((body.properties as { agentPoolProfiles: Record<string, unknown>[] }).agentPoolProfiles[0] as Record<string, unknown>, request.poolExtras);
  return { body, defaulted: [...defaulted].sort() };
}

/** What a create leaves to Azure when the user did not say. */
export function chosenByAzure(design: Design): Record<string, string> {
  return {
    ...(design.kubernetesVersion === undefined && { "properties.kubernetesVersion": "the region's default Kubernetes version" }),
    ...Object.fromEntries(
      design.pools.flatMap((pool, i) => [
        ...(pool.vmSize === undefined ? [[`${poolPrefix(i)}vmSize`, "a size AKS selects by quota and capacity"]] : []),
        ...(pool.osSku === undefined ? [[`${poolPrefix(i)}osSKU`, pool.osType.toLowerCase() === "windows" ? "the default Windows OS SKU for the Kubernetes version (Windows Server 2022 or later)" : "the default OS SKU (Ubuntu)"]] : []),
      ]),
    ),
  };
}

function decide(request: CreateRequest, observed: CreateObserved, context: DecideContext): Decision {
  const resourceId = clusterResourceId(request.subscriptionId, request.resourceGroup, request.name);
  const subject = `cluster ${request.resourceGroup}/${request.name}`;
  const subnetId = request.design.vnetSubnetId;
  const ref = subnetId === undefined ? undefined : parseSubnetId(subnetId);
  const place = placeFindings(request, observed);
  const location = place.location;
  const found: Finding[] = [...place.findings, ...identityFindings(request, observed, subnetId)];
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
      const vnetLocation = typeof observed.vnet?.location === "string" ? regionKey(observed.vnet.location) : undefined;
      if (location !== undefined && vnetLocation !== undefined && vnetLocation !== location) {
        found.push({
          severity: "error",
          code: "VnetLocationMismatch",
          path: "network.vnetSubnetId",
          message: `VNet ${ref.resourceGroup}/${ref.vnet} is in ${vnetLocation}, but the cluster would be in ${location}: a cluster's nodes must be in a VNet of its own region`,
          hint: `create the cluster in ${vnetLocation} (-l ${vnetLocation}), or use a subnet of a VNet in ${location}`,
          values: [subnetId, location],
        });
      }
    } else {
      found.push({
        severity: "error",
        code: "SubnetNotFound",
        path: "network.vnetSubnetId",
        message: vnet
          ? `subnet ${subnetId} does not exist: VNet ${ref.resourceGroup}/${ref.vnet} has no subnet "${ref.subnet}" (it has ${(vnet.subnets ?? []).map((s) => s.name).join(", ") || "none"})`
          : `subnet ${subnetId} does not exist: its VNet ${ref.resourceGroup}/${ref.vnet} was not found`,
        values: [subnetId],
        hint: vnet
          ? `check the id: az network vnet subnet list -g ${shellWord(ref.resourceGroup)} --vnet-name ${shellWord(ref.vnet)} -o table`
          : `check the id: az network vnet list -g ${shellWord(ref.resourceGroup)} -o table`,
      });
    }
  }
  const resolved = resolveDesign({ ...request.design, name: request.name, resourceGroup: request.resourceGroup, location }, network);
  // A design file's pool may name a subnet CIDR; create puts every pool in the one subnet it is given.
  (request.design.nodePools ?? []).forEach((pool, i) => {
    const poolName = resolved.design.pools[i]?.name ?? pool.name ?? String(i);
    if (pool.subnetCidr !== undefined && network.nodeSubnetCidr !== undefined && pool.subnetCidr !== network.nodeSubnetCidr) {
      found.push({
        severity: "error",
        code: "PoolSubnetNotCreated",
        path: `pools[${poolName}].subnet`,
        message: `pool ${poolName} is designed for subnet ${pool.subnetCidr}, but create puts every pool in ${subnetId === undefined ? "the subnet of the VNet AKS makes" : "the subnet --vnet-subnet-id names"} (${network.nodeSubnetCidr})`,
        values: [pool.subnetCidr],
        hint: `leave ${poolName} out of the file and add it afterwards in its own subnet: aks-overlay nodepool add -g ${shellWord(request.resourceGroup)} --cluster-name ${request.name} -n ${poolName} --vnet-subnet-id <its subnet's id>`,
      });
    }
  });
  const validation = validateDesign(resolved.design, resolved.network, resolved.defaulted);
  const findings = bySeverity([...found, ...validation.findings]);
  const valid = !findings.some((f) => f.severity === "error");
  const { body, defaulted } = createClusterBody(resolved.design, { ...request, location }, resolved.defaulted);
  if (request.location === undefined) defaulted.push("location");
  // A system-assigned identity gets the subnet once the cluster exists (as az aks create does).
  const grant = valid && subnetId !== undefined && request.assignIdentity === undefined && !request.skipSubnetRoleAssignment;
  const plan: PlanDocument = {
    formatVersion: PLAN_FORMAT_VERSION,
    kind: "plan",
    operation: "create",
    request: { ...request },
    target: { subscriptionId: request.subscriptionId, resourceGroup: request.resourceGroup, name: request.name, resourceId },
    valid,
    findings,
    capacity: validation.capacity,
    changes: valid
      ? [{ action: "create", resourceType: CLUSTER_TYPE, resourceId, etag: null, diff: diff(undefined, body), body }, ...(grant ? [grantSubnetChange(request.subscriptionId, resourceId, subnetId, 0)] : [])]
      : [],
    defaulted,
    basis: [
      basisEntry(resourceGroupId(request.subscriptionId, request.resourceGroup), observed.resourceGroup),
      basisEntry(resourceId, observed.cluster),
      ...(subnetId !== undefined && ref ? [basisEntry(vnetOfSubnet(subnetId), observed.vnet)] : []),
      ...(request.assignIdentity !== undefined ? [basisEntry(request.assignIdentity, observed.identity)] : []),
    ],
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
      question: `Create ${subject} in ${location ?? "?"}${grant ? ", and grant its identity Network Contributor on the subnet" : ""}?`,
      verb: "creating",
      subject,
      action: "create the cluster",
    },
  };
}

export const createOperation: OperationModule<CreateRequest, CreateObserved> = { name: "create", checkRequest, observe, decide };
