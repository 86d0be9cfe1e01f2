/**
 * Scenarios: the resources an emulator starts with. `demo` seeds one resource group with a VNet
 * (node subnets, a peered hub) and a cluster in each starting state, a user-assigned identity with
 * Network Contributor on the VNet, and a VNet in another region; `empty` has only the resource
 * group demo-rg (a create needs a group); any other name is a JSON file `{virtualNetworks,
 * managedClusters, resourceGroups?, userAssignedIdentities?, roleAssignments?}` of wire bodies. A
 * file without `resourceGroups` gets the groups its resources are in (and their clusters' node
 * resource groups). The demo's clusters and pools also carry fields no SDK model knows (FUTURE_FIELDS).
 */
import { CLUSTER_ID, GUID, VNET_ID } from "../network/resourceIds.js";
import { CLUSTER_TYPE, type Json, SUBNET_TYPE, VNET_TYPE, clusterId, vnetId } from "./resources.js";
import { IDENTITY_TYPE, RESOURCE_GROUP_TYPE, ROLE_ASSIGNMENT_TYPE } from "./directory.js";
import { AZURE_REGIONS, isAzureRegion } from "./regions.js";

export interface Scenario {
  virtualNetworks: Json[];
  managedClusters: Json[];
  /** `{id, name, location, properties: {provisioningState}}`; absent: the groups the resources are in. */
  resourceGroups?: Json[];
  /** `{id, name, location, properties: {principalId, clientId, tenantId}}`. */
  userAssignedIdentities?: Json[];
  /** `{id: "{scope}/providers/Microsoft.Authorization/roleAssignments/{guid}", name, properties: {roleDefinitionId, principalId, principalType, scope}}`. */
  roleAssignments?: Json[];
  /**
   * Subscriptions with their display names (`{subscriptionId, displayName}`). The caller sees these,
   * and those of the scenario's resources and groups (named after their id), and no other: anything
   * under another subscription is 404 SubscriptionNotFound. A scenario with none has the demo one.
   */
  subscriptions?: { subscriptionId: string; displayName: string }[];
  /** The emulator may keep the scenario's objects as they are instead of copying them (a generated scenario nobody else holds). */
  handOver?: boolean;
}

export const DEMO = {
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  resourceGroup: "demo-rg",
  location: "eastus",
  vnet: "demo-vnet",
  hub: "hub-vnet",
  kubernetesVersion: "1.30.5",
  serviceCidr: "172.16.0.0/16",
  dnsServiceIP: "172.16.0.10",
  /** A user-assigned identity in demo-rg with Network Contributor on demo-vnet. */
  identity: "demo-identity",
  identityPrincipalId: "6b1f2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d",
  identityClientId: "7c2a3d4e-5f6a-4b7c-9d8e-1f2a3b4c5d6e",
  /** Network Contributor (Azure built-in role). */
  networkContributorRoleId: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  roleAssignmentName: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
  /** A VNet in another region (westus2), for region mismatches. */
  westVnet: "west-vnet",
  westLocation: "westus2",
} as const;

const SUB = DEMO.subscriptionId;
const RG = DEMO.resourceGroup;
const TENANT = "11111111-1111-1111-1111-111111111111";

/** `inUse`: network interfaces already in the subnet (a jump box, a private endpoint...). */
function subnet(vnet: string, rg: string, name: string, prefix: string, inUse = 0): Json {
  return {
    id: `${vnetId(SUB, rg, vnet)}/subnets/${name}`,
    name,
    type: SUBNET_TYPE,
    etag: `W/"${name}-1"`,
    properties: {
      provisioningState: "Succeeded",
      addressPrefix: prefix,
      privateEndpointNetworkPolicies: "Disabled",
      privateLinkServiceNetworkPolicies: "Enabled",
      ...(inUse > 0 && {
        ipConfigurations: Array.from({ length: inUse }, (_, i) => ({
          id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/networkInterfaces/${name}-nic-${i + 1}/ipConfigurations/ipconfig1`,
        })),
      }),
    },
  };
}

function virtualNetwork(rg: string, name: string, prefixes: string[], subnets: [string, string, number?][], peerings: { name: string; remote: string; remoteRg: string; prefixes: string[] }[], location: string = DEMO.location): Json {
  return {
    id: vnetId(SUB, rg, name),
    name,
    type: VNET_TYPE,
    location,
    etag: `W/"${name}-1"`,
    tags: {},
    properties: {
      provisioningState: "Succeeded",
      resourceGuid: `${name}-guid`,
      addressSpace: { addressPrefixes: prefixes },
      subnets: subnets.map(([n, p, used]) => subnet(name, rg, n, p, used)),
      virtualNetworkPeerings: peerings.map((p) => ({
        id: `${vnetId(SUB, rg, name)}/virtualNetworkPeerings/${p.name}`,
        name: p.name,
        type: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
        etag: `W/"${p.name}-1"`,
        properties: {
          provisioningState: "Succeeded",
          peeringState: "Connected",
          peeringSyncLevel: "FullyInSync",
          allowVirtualNetworkAccess: true,
          allowForwardedTraffic: false,
          allowGatewayTransit: false,
          useRemoteGateways: false,
          remoteVirtualNetwork: { id: vnetId(SUB, p.remoteRg, p.remote) },
          remoteAddressSpace: { addressPrefixes: p.prefixes },
          remoteVirtualNetworkAddressSpace: { addressPrefixes: p.prefixes },
        },
      })),
      enableDdosProtection: false,
    },
  };
}

function subnetId(name: string): string {
  return `${vnetId(SUB, RG, DEMO.vnet)}/subnets/${name}`;
}

/**
 * Fields no SDK model knows yet (an api-version newer than the client's), at three depths. The RP
 * stores and returns whatever a PUT sends, so they survive a lossless read-modify-write (the raw
 * JSON, as the house style asks) and vanish after a lossy one: PUT is a full replacement.
 */
export const FUTURE_FIELDS = {
  cluster: (): Json => ({ futureProfile: { enabled: true, knobs: { a: 1 } } }),
  network: (): Json => ({ futureNetField: "keep-me" }),
  pool: (): Json => ({ futurePoolField: { nested: ["x"] } }),
};

interface PoolSpec {
  name: string;
  mode: "System" | "User";
  count: number;
  vmSize?: string;
  autoscale?: [number, number];
  maxPods?: number;
  subnet?: string;
  podSubnet?: string;
  maxSurge?: string;
  labels?: Record<string, string>;
}

function pool(spec: PoolSpec): Json {
  return {
    name: spec.name,
    count: spec.count,
    vmSize: spec.vmSize ?? "Standard_D4s_v5",
    osDiskSizeGB: 128,
    osDiskType: "Managed",
    kubeletDiskType: "OS",
    ...(spec.subnet && { vnetSubnetID: subnetId(spec.subnet) }),
    ...(spec.podSubnet && { podSubnetID: subnetId(spec.podSubnet) }),
    maxPods: spec.maxPods ?? 110,
    type: "VirtualMachineScaleSets",
    enableAutoScaling: spec.autoscale !== undefined,
    ...(spec.autoscale && { minCount: spec.autoscale[0], maxCount: spec.autoscale[1] }),
    scaleDownMode: "Delete",
    provisioningState: "Succeeded",
    powerState: { code: "Running" },
    orchestratorVersion: DEMO.kubernetesVersion,
    currentOrchestratorVersion: DEMO.kubernetesVersion,
    enableNodePublicIP: false,
    nodeLabels: spec.labels ?? {},
    mode: spec.mode,
    enableEncryptionAtHost: false,
    enableUltraSSD: false,
    osType: "Linux",
    osSKU: "Ubuntu",
    nodeImageVersion: "AKSUbuntu-2204gen2containerd-202410.09.0",
    upgradeSettings: { maxSurge: spec.maxSurge ?? "10%" },
    enableFIPS: false,
    securityProfile: { enableVTPM: false, enableSecureBoot: false },
    eTag: `${spec.name}-etag-1`,
    ...FUTURE_FIELDS.pool(),
  };
}

interface ClusterSpec {
  name: string;
  network: Json;
  pools: PoolSpec[];
  tags: Record<string, string>;
}

function cluster(spec: ClusterSpec): Json {
  const nodeRg = `MC_${RG}_${spec.name}_${DEMO.location}`;
  return {
    id: clusterId(SUB, RG, spec.name),
    name: spec.name,
    type: CLUSTER_TYPE,
    location: DEMO.location,
    tags: spec.tags,
    sku: { name: "Base", tier: "Free" },
    identity: { type: "SystemAssigned", principalId: `${spec.name}-principal`, tenantId: TENANT },
    eTag: `${spec.name}-etag-1`,
    properties: {
      provisioningState: "Succeeded",
      powerState: { code: "Running" },
      kubernetesVersion: DEMO.kubernetesVersion,
      currentKubernetesVersion: DEMO.kubernetesVersion,
      dnsPrefix: `${spec.name}-dns`,
      fqdn: `${spec.name}-dns-abc123.hcp.eastus.azmk8s.io`,
      azurePortalFQDN: `${spec.name}-dns-abc123.portal.hcp.eastus.azmk8s.io`,
      agentPoolProfiles: spec.pools.map(pool),
      linuxProfile: { adminUsername: "azureuser", ssh: { publicKeys: [{ keyData: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDemo demo@example" }] } },
      servicePrincipalProfile: { clientId: "msi" },
      addonProfiles: {
        azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true", rotationPollInterval: "2m" } },
        azurepolicy: { enabled: false },
        omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/demo-logs` } },
      },
      nodeResourceGroup: nodeRg,
      enableRBAC: true,
      supportPlan: "KubernetesOfficial",
      networkProfile: {
        ...spec.network,
        serviceCidr: DEMO.serviceCidr,
        dnsServiceIP: DEMO.dnsServiceIP,
        outboundType: "loadBalancer",
        loadBalancerSku: "standard",
        loadBalancerProfile: {
          managedOutboundIPs: { count: 1 },
          effectiveOutboundIPs: [{ id: `/subscriptions/${SUB}/resourceGroups/${nodeRg}/providers/Microsoft.Network/publicIPAddresses/${spec.name}-outbound` }],
          backendPoolType: "nodeIPConfiguration",
        },
        serviceCidrs: [DEMO.serviceCidr],
        ipFamilies: ["IPv4"],
        ...FUTURE_FIELDS.network(),
      },
      maxAgentPools: 100,
      identityProfile: {
        kubeletidentity: {
          resourceId: `/subscriptions/${SUB}/resourcegroups/${nodeRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${spec.name}-agentpool`,
          clientId: `${spec.name}-kubelet-client`,
          objectId: `${spec.name}-kubelet-object`,
        },
      },
      autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
      disableLocalAccounts: false,
      securityProfile: { imageCleaner: { enabled: true, intervalHours: 168 } },
      storageProfile: { diskCSIDriver: { enabled: true }, fileCSIDriver: { enabled: true }, snapshotController: { enabled: true } },
      oidcIssuerProfile: { enabled: true, issuerURL: `https://eastus.oic.prod-aks.azure.com/${TENANT}/${spec.name}/` },
      workloadAutoScalerProfile: {},
      resourceUID: `${spec.name}-uid`,
      metricsProfile: { costAnalysis: { enabled: false } },
      ...FUTURE_FIELDS.cluster(),
    },
  };
}

/** The demo's clusters, whose node resource groups exist. */
const DEMO_CLUSTERS = ["kubenet-aks", "cni-aks", "cni-policy-aks", "podsubnet-aks", "overlay-aks"] as const;

export function demoScenario(): Scenario {
  const legacyPools = (prefix: string): PoolSpec[] => [
    { name: "system", mode: "System", count: 3, subnet: "aks-nodes", maxPods: 30, labels: { tier: "system" } },
    { name: `${prefix}user`, mode: "User", count: 2, autoscale: [2, 6], subnet: "aks-nodes", maxPods: 50, vmSize: "Standard_D8s_v5", maxSurge: "33%" },
  ];
  return {
    virtualNetworks: [
      virtualNetwork(
        RG,
        DEMO.vnet,
        ["10.224.0.0/12"],
        [
          ["aks-nodes", "10.224.0.0/16"],
          ["pool-dedicated", "10.225.0.0/24"],
          ["small", "10.226.0.0/28", 4],
          ["pods", "10.227.0.0/16"],
        ],
        [{ name: "demo-to-hub", remote: DEMO.hub, remoteRg: RG, prefixes: ["10.0.0.0/16"] }],
      ),
      virtualNetwork(RG, DEMO.hub, ["10.0.0.0/16"], [["shared", "10.0.1.0/24"]], [{ name: "hub-to-demo", remote: DEMO.vnet, remoteRg: RG, prefixes: ["10.224.0.0/12"] }]),
      // The VNet AKS created for kubenet-aks, in its node resource group.
      virtualNetwork(`MC_${RG}_kubenet-aks_${DEMO.location}`, "aks-vnet", ["10.224.0.0/12"], [["aks-subnet", "10.224.0.0/16"]], []),
      // In another region: a cluster in eastus cannot use it.
      virtualNetwork(RG, DEMO.westVnet, ["10.40.0.0/16"], [["west-nodes", "10.40.0.0/24"]], [], DEMO.westLocation),
    ],
    resourceGroups: [RG, ...DEMO_CLUSTERS.map((c) => `MC_${RG}_${c}_${DEMO.location}`)].map((rg) => ({
      id: `/subscriptions/${SUB}/resourceGroups/${rg}`,
      name: rg,
      type: RESOURCE_GROUP_TYPE,
      location: DEMO.location,
      ...(rg !== RG && { managedBy: clusterId(SUB, RG, rg.split("_")[2] as string) }),
      properties: { provisioningState: "Succeeded" },
    })),
    userAssignedIdentities: [
      {
        id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/${IDENTITY_TYPE}/${DEMO.identity}`,
        name: DEMO.identity,
        type: IDENTITY_TYPE,
        location: DEMO.location,
        tags: {},
        properties: { tenantId: TENANT, principalId: DEMO.identityPrincipalId, clientId: DEMO.identityClientId },
      },
    ],
    roleAssignments: [
      {
        id: `${vnetId(SUB, RG, DEMO.vnet)}/providers/${ROLE_ASSIGNMENT_TYPE}/${DEMO.roleAssignmentName}`,
        name: DEMO.roleAssignmentName,
        type: ROLE_ASSIGNMENT_TYPE,
        properties: {
          roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${DEMO.networkContributorRoleId}`,
          principalId: DEMO.identityPrincipalId,
          principalType: "ServicePrincipal",
          scope: vnetId(SUB, RG, DEMO.vnet),
          condition: null,
          conditionVersion: null,
          createdOn: "2026-01-01T00:00:00.000Z",
          updatedOn: "2026-01-01T00:00:00.000Z",
          createdBy: null,
          updatedBy: null,
          delegatedManagedIdentityResourceId: null,
          description: null,
        },
      },
    ],
    managedClusters: [
      cluster({
        name: "kubenet-aks",
        network: { networkPlugin: "kubenet", podCidr: "10.244.0.0/16", podCidrs: ["10.244.0.0/16"] },
        pools: [
          { name: "nodepool1", mode: "System", count: 3, labels: { tier: "system" } },
          { name: "apps", mode: "User", count: 2, autoscale: [2, 5], vmSize: "Standard_D8s_v5" },
        ],
        tags: { env: "demo", owner: "platform-team", costCenter: "1234" },
      }),
      cluster({
        name: "cni-aks",
        network: { networkPlugin: "azure", networkDataplane: "azure" },
        pools: legacyPools("cni"),
        tags: { env: "demo", owner: "payments" },
      }),
      cluster({
        name: "cni-policy-aks",
        network: { networkPlugin: "azure", networkPolicy: "azure", networkDataplane: "azure" },
        pools: legacyPools("pol"),
        tags: { env: "demo", owner: "security" },
      }),
      cluster({
        name: "podsubnet-aks",
        network: { networkPlugin: "azure", networkDataplane: "azure" },
        pools: [
          { name: "system", mode: "System", count: 3, subnet: "aks-nodes", podSubnet: "pods", maxPods: 30 },
          { name: "batch", mode: "User", count: 2, subnet: "aks-nodes", podSubnet: "pods", maxPods: 30 },
        ],
        tags: { env: "demo", owner: "data" },
      }),
      cluster({
        name: "overlay-aks",
        network: { networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "azure", podCidr: "192.168.0.0/16", podCidrs: ["192.168.0.0/16"] },
        pools: [
          { name: "system", mode: "System", count: 3, subnet: "aks-nodes", maxPods: 250 },
          { name: "scale", mode: "User", count: 3, autoscale: [3, 100], subnet: "aks-nodes", maxPods: 250, vmSize: "Standard_D16s_v5" },
        ],
        tags: { env: "demo", owner: "platform-team" },
      }),
    ],
  };
}

/** No resources; only the resource group demo-rg (eastus), since every create needs a group. */
export function emptyScenario(): Scenario {
  return {
    virtualNetworks: [],
    managedClusters: [],
    resourceGroups: [{ id: `/subscriptions/${SUB}/resourceGroups/${RG}`, name: RG, type: RESOURCE_GROUP_TYPE, location: DEMO.location, properties: { provisioningState: "Succeeded" } }],
  };
}

/**
 * The scenario's resource groups: as given, or (when it gives none) every group one of its
 * resources is in, in that resource's location, with each cluster's node resource group.
 */
export function scenarioResourceGroups(scenario: Scenario): Json[] {
  if (scenario.resourceGroups) return scenario.resourceGroups;
  const groups = new Map<string, Json>();
  const add = (sub: string | undefined, rg: string | undefined, location: unknown): void => {
    if (!sub || !rg) return;
    const id = `/subscriptions/${sub}/resourceGroups/${rg}`;
    if (!groups.has(id.toLowerCase())) groups.set(id.toLowerCase(), { id, name: rg, type: RESOURCE_GROUP_TYPE, location: isAzureRegion(String(location)) ? location : DEMO.location, properties: { provisioningState: "Succeeded" } });
  };
  for (const r of [...scenario.virtualNetworks, ...scenario.managedClusters, ...(scenario.userAssignedIdentities ?? [])]) {
    const [, , sub, , rg] = String(r.id).split("/");
    add(sub, rg, r.location);
  }
  for (const c of scenario.managedClusters) {
    const nodeRg = (c.properties as Json | undefined)?.nodeResourceGroup;
    if (typeof nodeRg === "string") add(String(c.id).split("/")[2], nodeRg, c.location);
  }
  return [...groups.values()];
}

export class ScenarioError extends Error {}


function isObject(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Checks a scenario file's contents: every resource a full ARM body the emulator can serve, each
 * problem named with its path. Throws ScenarioError.
 */
export function checkScenario(data: unknown): Scenario {
  const fail = (path: string, what: string): never => {
    throw new ScenarioError(`${path}: ${what}`);
  };
  if (!isObject(data)) return fail("(top level)", 'expected {"virtualNetworks": [...], "managedClusters": [...]}');
  const KEYS = ["virtualNetworks", "managedClusters", "resourceGroups", "userAssignedIdentities", "roleAssignments"];
  for (const k of Object.keys(data)) if (!KEYS.includes(k)) fail(k, `unknown key (expected ${KEYS.join(", ")})`);
  const list = (name: string): Json[] => {
    const value = data[name] ?? [];
    if (!Array.isArray(value)) return fail(name, "expected a list of resources");
    value.forEach((r, i) => (isObject(r) ? undefined : fail(`${name}[${i}]`, "expected a resource object")));
    return value as Json[];
  };
  const strings = (path: string, value: unknown): void => {
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) fail(path, "expected a list of strings");
  };
  const vnets = list("virtualNetworks");
  vnets.forEach((v, i) => {
    const at = `virtualNetworks[${i}]`;
    if (typeof v.id !== "string" || !VNET_ID.test(v.id)) fail(`${at}.id`, "expected a virtual network resource id");
    if (!isObject(v.properties)) return fail(`${at}.properties`, "expected an object");
    const p = v.properties;
    if (p.addressSpace !== undefined && !isObject(p.addressSpace)) fail(`${at}.properties.addressSpace`, "expected an object");
    strings(`${at}.properties.addressSpace.addressPrefixes`, (p.addressSpace as Json | undefined)?.addressPrefixes);
    if (p.subnets !== undefined && !Array.isArray(p.subnets)) fail(`${at}.properties.subnets`, "expected a list");
    ((p.subnets as unknown[] | undefined) ?? []).forEach((s, j) => {
      const sat = `${at}.properties.subnets[${j}]`;
      if (!isObject(s) || typeof s.id !== "string" || typeof s.name !== "string" || !isObject(s.properties)) fail(sat, 'expected an object with "id", "name" and "properties"');
      const sp = (s as Json).properties as Json;
      if (typeof sp.addressPrefix !== "string" && !Array.isArray(sp.addressPrefixes)) fail(`${sat}.properties`, "expected addressPrefix or addressPrefixes");
      if (sp.ipConfigurations !== undefined && !Array.isArray(sp.ipConfigurations)) fail(`${sat}.properties.ipConfigurations`, "expected a list");
    });
    if (p.virtualNetworkPeerings !== undefined && !Array.isArray(p.virtualNetworkPeerings)) fail(`${at}.properties.virtualNetworkPeerings`, "expected a list");
    ((p.virtualNetworkPeerings as unknown[] | undefined) ?? []).forEach((peering, j) => {
      if (!isObject(peering) || !isObject(peering.properties)) fail(`${at}.properties.virtualNetworkPeerings[${j}]`, 'expected an object with "properties"');
    });
  });
  const clusters = list("managedClusters");
  clusters.forEach((c, i) => {
    const at = `managedClusters[${i}]`;
    if (typeof c.id !== "string" || !CLUSTER_ID.test(c.id)) fail(`${at}.id`, "expected a managed cluster resource id");
    if (typeof c.location !== "string" || c.location === "") fail(`${at}.location`, "expected a region");
    if (!isObject(c.properties)) return fail(`${at}.properties`, "expected an object");
    const p = c.properties;
    if (!Array.isArray(p.agentPoolProfiles) || p.agentPoolProfiles.length === 0) fail(`${at}.properties.agentPoolProfiles`, "expected a list of at least one pool");
    (p.agentPoolProfiles as unknown[]).forEach((pool, j) => {
      if (!isObject(pool) || typeof pool.name !== "string") fail(`${at}.properties.agentPoolProfiles[${j}]`, 'expected an object with a "name"');
    });
    if (p.networkProfile !== undefined) {
      if (!isObject(p.networkProfile)) return fail(`${at}.properties.networkProfile`, "expected an object");
      for (const k of ["networkPlugin", "networkPluginMode", "networkPolicy", "networkDataplane", "podCidr", "serviceCidr", "dnsServiceIP", "outboundType"]) {
        const value = p.networkProfile[k];
        if (value !== undefined && value !== null && typeof value !== "string") fail(`${at}.properties.networkProfile.${k}`, "expected a string");
      }
    }
  });
  const region = (path: string, value: unknown): void => {
    if (typeof value !== "string" || !isAzureRegion(value)) fail(path, `expected an Azure region (${AZURE_REGIONS.slice(0, 4).join(", ")}, ...)`);
  };
  vnets.forEach((v, i) => v.location !== undefined && region(`virtualNetworks[${i}].location`, v.location));
  const scenario: Scenario = { virtualNetworks: vnets, managedClusters: clusters };
  if (data.resourceGroups !== undefined) {
    scenario.resourceGroups = list("resourceGroups");
    scenario.resourceGroups.forEach((g, i) => {
      if (typeof g.id !== "string" || !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(g.id)) fail(`resourceGroups[${i}].id`, "expected /subscriptions/{id}/resourceGroups/{name}");
      region(`resourceGroups[${i}].location`, g.location);
    });
  }
  if (data.userAssignedIdentities !== undefined) {
    scenario.userAssignedIdentities = list("userAssignedIdentities");
    scenario.userAssignedIdentities.forEach((u, i) => {
      const at = `userAssignedIdentities[${i}]`;
      if (typeof u.id !== "string" || !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i.test(u.id)) fail(`${at}.id`, "expected a user-assigned identity resource id");
      region(`${at}.location`, u.location);
      if (!isObject(u.properties)) return fail(`${at}.properties`, "expected an object");
      for (const f of ["principalId", "clientId", "tenantId"]) if (typeof u.properties[f] !== "string" || !GUID.test(u.properties[f] as string)) fail(`${at}.properties.${f}`, "expected a GUID");
    });
  }
  if (data.roleAssignments !== undefined) {
    scenario.roleAssignments = list("roleAssignments");
    scenario.roleAssignments.forEach((a, i) => {
      const at = `roleAssignments[${i}]`;
      const m = typeof a.id === "string" ? /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]+)$/i.exec(a.id) : null;
      if (!m || !GUID.test(m[2] as string)) return fail(`${at}.id`, "expected {scope}/providers/Microsoft.Authorization/roleAssignments/{guid}");
      if (!isObject(a.properties)) return fail(`${at}.properties`, "expected an object");
      if (typeof a.properties.principalId !== "string") fail(`${at}.properties.principalId`, "expected a string");
      if (typeof a.properties.roleDefinitionId !== "string" || !/\/providers\/Microsoft\.Authorization\/roleDefinitions\/[^/]+$/i.test(a.properties.roleDefinitionId)) fail(`${at}.properties.roleDefinitionId`, "expected a role definition id");
      if (typeof a.properties.scope !== "string" || a.properties.scope.toLowerCase() !== (m[1] as string).toLowerCase()) fail(`${at}.properties.scope`, "expected the scope the id names");
    });
  }
  return scenario;
}
