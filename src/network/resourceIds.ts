/** The ARM resource ids aks-overlay reads and writes, built and recognized in one place. Pure. */

const SEG = "([^/]+)";
const RG = `^/subscriptions/${SEG}/resourceGroups/${SEG}/providers`;

/** Groups: subscription, resource group, cluster. */
export const CLUSTER_ID = new RegExp(`${RG}/Microsoft\\.ContainerService/managedClusters/${SEG}$`, "i");
/** Groups: subscription, resource group, cluster, pool. */
export const POOL_ID = new RegExp(`${RG}/Microsoft\\.ContainerService/managedClusters/${SEG}/agentPools/${SEG}$`, "i");
/** Groups: subscription, resource group, VNet. */
export const VNET_ID = new RegExp(`${RG}/Microsoft\\.Network/virtualNetworks/${SEG}$`, "i");
/** Groups: subscription, resource group, VNet, subnet. */
export const SUBNET_ID = new RegExp(`${RG}/Microsoft\\.Network/virtualNetworks/${SEG}/subnets/${SEG}$`, "i");

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function clusterResourceId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

export function poolResourceId(subscriptionId: string, resourceGroup: string, cluster: string, pool: string): string {
  return `${clusterResourceId(subscriptionId, resourceGroup, cluster)}/agentPools/${pool}`;
}

export function vnetResourceId(subscriptionId: string, resourceGroup: string, vnet: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/Microsoft.Network/virtualNetworks/${vnet}`;
}

/** The VNets of a resource group, as a collection to list. */
export function vnetsOf(subscriptionId: string, resourceGroup: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/Microsoft.Network/virtualNetworks`;
}

/** The VNet a subnet id is in. */
export function vnetOfSubnet(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+$/i, "");
}

/** Groups: subscription, resource group, identity. */
export const IDENTITY_ID = new RegExp(`${RG}/Microsoft\\.ManagedIdentity/userAssignedIdentities/${SEG}$`, "i");

/** A subscription id (and other Azure GUIDs). */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
