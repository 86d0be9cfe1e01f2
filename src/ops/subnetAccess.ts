/**
 * Whether a cluster's identity may use a subnet: AKS needs Network Contributor (or a role that
 * includes it) on a custom subnet to join nodes to it and to manage load balancers there.
 * `az aks create --vnet-subnet-id` grants a system-assigned identity that role on the subnet
 * after the cluster exists (azure-cli, aks custom.py: _add_role_assignment / subnet role);
 * Terraform users add the assignment themselves. Reading assignments is the shell's part; what
 * they mean is pure.
 */
import { createHash } from "node:crypto";
import type { AzurePort, Resource } from "../azure/port.js";
import type { Finding } from "../network/findings.js";
import { vnetOfSubnet } from "../network/resourceIds.js";
import type { Change } from "../plan/plan.js";
import { shellWord } from "../network/shown.js";

/** Built-in role definition ids (az role definition list). */
export const NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7";
/** Roles whose permissions include Network Contributor's on a subnet. */
const SUFFICIENT_ROLES: Readonly<Record<string, string>> = {
  [NETWORK_CONTRIBUTOR]: "Network Contributor",
  "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
};

export const ROLE_ASSIGNMENT_TYPE = "Microsoft.Authorization/roleAssignments";

export function roleDefinitionId(subscriptionId: string, role: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
}

/** The role assignments of `principalId` that apply at `scope`: at it, above it or below it. */
export function readAssignments(azure: AzurePort, scope: string, principalId: string): Promise<Resource[]> {
  return azure.list(`${scope}/providers/Microsoft.Authorization/roleAssignments`, `principalId eq '${principalId}'`);
}

/** Whether the assignments read give the principal a role sufficient on `subnetId`: granted at the subnet, its VNet, group or subscription. */
export function subnetAccess(assignments: readonly Resource[], subnetId: string): { granted: boolean; otherRoles: string[] } {
  const target = subnetId.toLowerCase();
  const covering = assignments.filter((a) => {
    const scope = String((a.properties as { scope?: string } | undefined)?.scope ?? "").toLowerCase();
    return scope !== "" && (target === scope || target.startsWith(`${scope}/`));
  });
  const roleOf = (a: Resource): string => String((a.properties as { roleDefinitionId?: string } | undefined)?.roleDefinitionId ?? "").split("/").at(-1)?.toLowerCase() ?? "";
  const granted = covering.some((a) => SUFFICIENT_ROLES[roleOf(a)] !== undefined);
  return { granted, otherRoles: covering.map(roleOf).filter((r) => SUFFICIENT_ROLES[r] === undefined) };
}

/** The az command that grants the role. */
export function grantCommand(principalId: string, subnetId: string): string {
  return `az role assignment create --assignee-object-id ${principalId} --assignee-principal-type ServicePrincipal --role ${NETWORK_CONTRIBUTOR} --scope ${shellWord(subnetId)}`;
}

/** SubnetPermissionMissing: the identity has no role on the subnet that lets AKS use it. */
export function permissionFinding(who: string, principalId: string, subnetId: string, path: string, otherRoles: readonly string[]): Finding {
  return {
    severity: "warning",
    code: "SubnetPermissionMissing",
    path,
    message:
      `${who} (principal ${principalId}) has no Network Contributor role on subnet ${subnetId} or its VNet ${vnetOfSubnet(subnetId).split("/").at(-1)}` +
      `${otherRoles.length > 0 ? ` (it has role definition ${otherRoles.join(", ")} there, which aks-overlay cannot check)` : ""}: ` +
      "nodes may fail to join the subnet and load balancers to be created there",
    hint: `grant it: ${grantCommand(principalId, subnetId)}`,
    values: [subnetId],
  };
}

/** A role assignment's name: a GUID derived from what it grants, so the same plan is decided again. */
export function assignmentName(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("|").toLowerCase()).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 17), 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The change that grants the cluster's system-assigned identity Network Contributor on the subnet,
 * once the cluster exists: its principal id is known only then, so it is filled in from the
 * cluster the first change creates.
 */
export function grantSubnetChange(subscriptionId: string, clusterId: string, subnetId: string, clusterChange: number): Change {
  const resourceId = `${subnetId}/providers/Microsoft.Authorization/roleAssignments/${assignmentName(clusterId, subnetId, NETWORK_CONTRIBUTOR)}`;
  const body = { properties: { roleDefinitionId: roleDefinitionId(subscriptionId, NETWORK_CONTRIBUTOR), principalId: null, principalType: "ServicePrincipal" } };
  return {
    action: "create",
    resourceType: ROLE_ASSIGNMENT_TYPE,
    resourceId,
    etag: null,
    diff: [
      { path: "properties.roleDefinitionId", before: null, after: body.properties.roleDefinitionId },
      { path: "properties.principalId", before: null, after: "(known after the cluster is created: its identity.principalId)" },
      { path: "properties.principalType", before: null, after: "ServicePrincipal" },
    ],
    body,
    fill: [{ path: "properties.principalId", fromChange: clusterChange, fromPath: "identity.principalId" }],
  };
}
