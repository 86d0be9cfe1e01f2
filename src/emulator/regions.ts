/**
 * Azure's public-cloud regions as ARM names them (`az account list-locations --query [].name`),
 * the list ARM answers with when a PUT names a location that is not one of them.
 */
export const AZURE_REGIONS = [
  "eastus",
  "eastus2",
  "southcentralus",
  "westus2",
  "westus3",
  "australiaeast",
  "southeastasia",
  "northeurope",
  "swedencentral",
  "uksouth",
  "westeurope",
  "centralus",
  "southafricanorth",
  "centralindia",
  "eastasia",
  "indonesiacentral",
  "japaneast",
  "japanwest",
  "koreacentral",
  "malaysiawest",
  "newzealandnorth",
  "canadacentral",
  "austriaeast",
  "belgiumcentral",
  "francecentral",
  "germanywestcentral",
  "italynorth",
  "norwayeast",
  "polandcentral",
  "spaincentral",
  "switzerlandnorth",
  "mexicocentral",
  "uaenorth",
  "brazilsouth",
  "chilecentral",
  "israelcentral",
  "qatarcentral",
  "northcentralus",
  "westus",
  "westcentralus",
  "australiacentral",
  "australiacentral2",
  "australiasoutheast",
  "southindia",
  "westindia",
  "jioindiawest",
  "jioindiacentral",
  "koreasouth",
  "canadaeast",
  "francesouth",
  "germanynorth",
  "norwaywest",
  "switzerlandwest",
  "ukwest",
  "uaecentral",
  "brazilsoutheast",
  "southafricawest",
  "swedensouth",
] as const;

/** ARM accepts a display name ("East US") for its short name ("eastus"): case and spaces do not matter. */
export function normalizeLocation(location: string): string {
  return location.toLowerCase().replace(/\s+/g, "");
}

export function isAzureRegion(location: string): boolean {
  return (AZURE_REGIONS as readonly string[]).includes(normalizeLocation(location));
}
