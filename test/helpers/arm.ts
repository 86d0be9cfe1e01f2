/** Builders for operation tests: clusters and VNets as ARM sends them (wire JSON, `properties` nested). */
export const SUB = "00000000-0000-0000-0000-000000000000";
export const RG = "rg";
export const vnetId = (name = "vnet") => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/${name}`;
export const subnetId = (name: string, vnet = "vnet") => `${vnetId(vnet)}/subnets/${name}`;
export const clusterId = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}`;

/** demo-like VNet 10.224.0.0/12 with subnets nodes (10.224.0.0/16) and batch (10.225.0.0/24), peered to a hub 10.0.0.0/16. */
export function vnet(extra: Record<string, unknown> = {}, properties: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: vnetId(),
    name: "vnet",
    location: "eastus",
    etag: 'W/"vnet-1"',
    properties: {
      addressSpace: { addressPrefixes: ["10.224.0.0/12"] },
      subnets: [
        { id: subnetId("nodes"), name: "nodes", properties: { addressPrefix: "10.224.0.0/16" } },
        { id: subnetId("batch"), name: "batch", properties: { addressPrefix: "10.225.0.0/24" } },
      ],
      virtualNetworkPeerings: [{ name: "to-hub", properties: { peeringState: "Connected", remoteVirtualNetwork: { id: vnetId("hub") }, remoteAddressSpace: { addressPrefixes: ["10.0.0.0/16"] } } }],
      ...properties,
    },
    ...extra,
  };
}

export function pool(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, mode: "User", count: 3, maxPods: 250, osType: "Linux", type: "VirtualMachineScaleSets", vnetSubnetID: subnetId("nodes"), upgradeSettings: { maxSurge: "10%" }, futurePoolField: { nested: ["x"] }, ...extra };
}

/** A cluster with the given network profile and pools; eTag and Succeeded by default; `properties` extra. */
export function cluster(name: string, networkProfile: Record<string, unknown>, pools = [pool("system", { mode: "System" })], properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: clusterId(name),
    name,
    type: "Microsoft.ContainerService/ManagedClusters",
    location: "eastus",
    eTag: `${name}-etag-1`,
    identity: { type: "SystemAssigned" },
    futureTopLevel: { keep: ["every", { field: true }] },
    properties: {
      provisioningState: "Succeeded",
      powerState: { code: "Running" },
      kubernetesVersion: "1.31.2",
      currentKubernetesVersion: "1.31.2",
      nodeResourceGroup: `MC_${RG}_${name}_eastus`,
      agentPoolProfiles: pools,
      networkProfile: { serviceCidr: "172.16.0.0/16", serviceCidrs: ["172.16.0.0/16"], dnsServiceIP: "172.16.0.10", outboundType: "loadBalancer", futureNetField: "keep-me", ...networkProfile },
      futureProfile: { enabled: true, knobs: { a: 1 } },
      ...properties,
    },
    ...extra,
  };
}

export const OVERLAY = { networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16", podCidrs: ["192.168.0.0/16"] };
export const KUBENET = { networkPlugin: "kubenet", podCidr: "10.244.0.0/16", podCidrs: ["10.244.0.0/16"] };
export const LEGACY = { networkPlugin: "azure" };

/** The resource group `rg` in eastus, and the regions the subscription can use. */
export const GROUP = { id: `/subscriptions/${SUB}/resourceGroups/${RG}`, name: RG, location: "eastus", properties: { provisioningState: "Succeeded" } };
export const LOCATIONS = ["eastus", "eastus2", "westus2", "westeurope", "northeurope"].map((name) => ({ id: `/subscriptions/${SUB}/locations/${name}`, name }));

export const identityId = (name = "uami") => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
export function identity(name = "uami", principalId = "11111111-2222-3333-4444-555555555555"): Record<string, unknown> {
  return { id: identityId(name), name, location: "eastus", properties: { principalId, clientId: "c", tenantId: "t" } };
}

/** A role assignment of `role` (a role definition GUID) to `principalId` at `scope`. */
export function assignment(scope: string, principalId: string, role = "4d97b98b-1d4f-4787-a291-c67834d212e7"): Record<string, unknown> {
  return { id: `${scope}/providers/Microsoft.Authorization/roleAssignments/x`, properties: { scope, principalId, roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}` } };
}
