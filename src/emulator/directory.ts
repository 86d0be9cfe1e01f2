/**
 * What ARM keeps around the resources: subscriptions, resource groups, user-assigned identities
 * (with their service principals) and role assignments, with ARM's own refusals.
 */
import { createHash } from "node:crypto";
import { ArmHttpError, type Json, clone, key } from "./resources.js";
import { AZURE_REGIONS, isAzureRegion, normalizeLocation } from "./regions.js";

export const RESOURCE_GROUP_TYPE = "Microsoft.Resources/resourceGroups";
export const IDENTITY_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
export const ROLE_ASSIGNMENT_TYPE = "Microsoft.Authorization/roleAssignments";

/** The tenant every emulated subscription belongs to. */
export const EMULATOR_TENANT = "11111111-1111-1111-1111-111111111111";

/** Built-in roles the emulator knows by id (Azure built-in roles reference). */
export const BUILT_IN_ROLES: Record<string, string> = {
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
  "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
  "acdd72a7-3385-48ef-bd42-f606fba81ae7": "Reader",
  "4d97b98b-1d4f-4787-a291-c67834d212e7": "Network Contributor",
  "f1a07417-d97a-45cb-824c-7a7467783830": "Managed Identity Operator",
  "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_DEFINITION_ID = /^(\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i;

/** A stable GUID for a name: the same scenario always yields the same principals. */
export function stableGuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function resourceGroupId(sub: string, rg: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}`;
}

/** ARM's answer for a location it does not know (Azure/AKS-Construction#193, Azure/azure-capi-cli-extension#19). */
export function locationNotAvailable(location: unknown, resourceType: string): ArmHttpError {
  return new ArmHttpError(
    400,
    "LocationNotAvailableForResourceType",
    `The provided location '${String(location)}' is not available for resource type '${resourceType}'. List of available regions for the resource type is '${AZURE_REGIONS.join(",")}'.`,
  );
}

/** "Resource group 'x' could not be found." (ARM; the AKS RP's codes list it as ResourceGroupNotFound too). */
export function resourceGroupNotFound(rg: string): ArmHttpError {
  return new ArmHttpError(404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`);
}

/** The scope path of a role assignment id, lower-cased, without a trailing slash ("" is the root). */
function scopeKey(scope: string): string {
  return key(scope);
}

/** True when `a` is `b` or one of its ancestors (a subscription above its groups, a VNet above its subnets). */
function atOrAbove(a: string, b: string): boolean {
  return a === b || a === "" || b.startsWith(`${a}/`);
}

export class Directory {
  readonly subscriptions = new Map<string, Json>();
  readonly resourceGroups = new Map<string, Json>();
  readonly identities = new Map<string, Json>();
  readonly roleAssignments = new Map<string, Json>();
  /**
   * Principals (object ids) the directory knows, beyond the identities': clusters' own, kubelet
   * identities, users; each with the time from which a lookup finds it. Microsoft Entra ID
   * replicates a new principal with a delay, and a role assignment that looks one up too soon is
   * refused with PrincipalNotFound (Azure/AgentBaker#8251; "set principalType" in ARM's message).
   */
  private readonly principals = new Map<string, number>();

  constructor(
    private readonly clock: () => number = Date.now,
    /** How long after it is made a principal is found by a lookup (see `principals`). */
    private readonly replicationDelayMs = 0,
  ) {}

  addSubscription(sub: string, displayName?: string): void {
    const k = sub.toLowerCase();
    if (this.subscriptions.has(k)) return;
    this.subscriptions.set(k, {
      id: `/subscriptions/${sub}`,
      authorizationSource: "RoleBased",
      managedByTenants: [],
      subscriptionId: sub,
      tenantId: EMULATOR_TENANT,
      displayName: displayName ?? `Emulated subscription ${sub.slice(0, 8)}`,
      state: "Enabled",
      subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
    });
  }

  /** Whether the caller can see the subscription: ARM answers 404 SubscriptionNotFound for any other. */
  hasSubscription(sub: string): boolean {
    return this.subscriptions.has(sub.toLowerCase());
  }

  listSubscriptions(): Json[] {
    return [...this.subscriptions.values()].map(clone);
  }

  /** A principal the directory knows: found from now on (`replicated`), or after the replication delay (one just made). */
  addPrincipal(id: unknown, replicated = true): void {
    if (typeof id !== "string" || id === "" || this.principals.has(id.toLowerCase())) return;
    this.principals.set(id.toLowerCase(), replicated ? Number.NEGATIVE_INFINITY : this.clock() + this.replicationDelayMs);
  }

  /** Whether a lookup of the principal finds it now. */
  hasPrincipal(id: string): boolean {
    const from = this.principals.get(id.toLowerCase());
    if (from !== undefined) return this.clock() >= from;
    return [...this.identities.values()].some((i) => String((i.properties as Json).principalId).toLowerCase() === id.toLowerCase());
  }

  hasResourceGroup(sub: string, rg: string): boolean {
    return this.resourceGroups.has(key(resourceGroupId(sub, rg)));
  }

  getResourceGroup(sub: string, rg: string): Json {
    const group = this.resourceGroups.get(key(resourceGroupId(sub, rg)));
    if (!group) throw resourceGroupNotFound(rg);
    return clone(group);
  }

  /** Requires the group of a resource id to exist: 404 ResourceGroupNotFound otherwise. */
  requireGroupOf(resourceId: string): void {
    const [, , sub, , rg] = resourceId.split("/");
    if (!sub || !rg || !this.hasResourceGroup(sub, rg)) throw resourceGroupNotFound(rg ?? "?");
  }

  /** PUT of a resource group (`az group create`): 201 created or 200 updated; the location cannot change. */
  putResourceGroup(sub: string, rg: string, body: Json): { body: Json; created: boolean } {
    if (typeof body.location !== "string" || body.location === "") throw new ArmHttpError(400, "LocationRequired", "The location property is required for this definition.", "location");
    // `az group create -l nowhere`: "The provided location 'nowhere' is not available for resource group. List of available regions is '...'."
    if (!isAzureRegion(body.location)) {
      throw new ArmHttpError(400, "LocationNotAvailableForResourceGroup", `The provided location '${body.location}' is not available for resource group. List of available regions is '${AZURE_REGIONS.join(",")}'.`);
    }
    const k = key(resourceGroupId(sub, rg));
    const existing = this.resourceGroups.get(k);
    const location = normalizeLocation(body.location);
    if (existing && existing.location !== location) {
      throw new ArmHttpError(409, "InvalidResourceGroupLocation", `Invalid resource group location '${location}'. The Resource group already exists in location '${String(existing.location)}'.`);
    }
    const group: Json = {
      id: resourceGroupId(sub, existing ? String(existing.name) : rg),
      name: existing?.name ?? rg,
      type: RESOURCE_GROUP_TYPE,
      location,
      ...(body.tags !== undefined && { tags: clone(body.tags) }),
      ...(body.managedBy !== undefined && { managedBy: body.managedBy }),
      properties: { provisioningState: "Succeeded" },
    };
    this.resourceGroups.set(k, group);
    this.addSubscription(sub);
    return { body: clone(group), created: !existing };
  }

  /** Adds a group quietly (scenarios, node resource groups AKS creates). */
  ensureResourceGroup(sub: string, rg: string, location: string, managedBy?: string): void {
    const k = key(resourceGroupId(sub, rg));
    if (this.resourceGroups.has(k)) return;
    this.resourceGroups.set(k, { id: resourceGroupId(sub, rg), name: rg, type: RESOURCE_GROUP_TYPE, location: normalizeLocation(location), ...(managedBy && { managedBy }), properties: { provisioningState: "Succeeded" } });
    this.addSubscription(sub);
  }

  listResourceGroups(sub: string): Json[] {
    const prefix = `/subscriptions/${sub.toLowerCase()}/`;
    return [...this.resourceGroups.entries()].filter(([k]) => k.startsWith(prefix)).map(([, g]) => clone(g));
  }

  addIdentity(identity: Json): void {
    this.identities.set(key(String(identity.id)), clone(identity));
  }

  getIdentity(id: string): Json {
    const identity = this.identities.get(key(id));
    if (!identity) {
      const [, , , , rg] = id.split("/");
      throw new ArmHttpError(404, "ResourceNotFound", `The Resource '${IDENTITY_TYPE}/${id.split("/").at(-1)}' under resource group '${rg ?? "?"}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
    }
    return clone(identity);
  }

  listIdentities(sub: string, rg: string): Json[] {
    const prefix = key(`${resourceGroupId(sub, rg)}/providers/${IDENTITY_TYPE}/`);
    return [...this.identities.entries()].filter(([k]) => k.startsWith(prefix)).map(([, i]) => clone(i));
  }

  /** Adds an assignment as stored (scenarios); no checks. */
  addRoleAssignment(assignment: Json): void {
    this.roleAssignments.set(key(String(assignment.id)), clone(assignment));
  }

  getRoleAssignment(scope: string, name: string): Json {
    const found = this.roleAssignments.get(key(`${scope}/providers/${ROLE_ASSIGNMENT_TYPE}/${name}`));
    // ARM: "The role assignment 'x' is not found."
    if (!found) throw new ArmHttpError(404, "RoleAssignmentNotFound", `The role assignment '${name}' is not found.`);
    return clone(found);
  }

  /**
   * PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{guid}: 201 for a new assignment,
   * 200 for the same one again (idempotent, as template redeployments rely on).
   */
  putRoleAssignment(scope: string, name: string, body: Json): { body: Json; created: boolean } {
    // "The role assignment ID 'x' is not valid. The role assignment ID must be a GUID."
    if (!GUID.test(name)) throw new ArmHttpError(400, "InvalidRoleAssignmentId", `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
    const props = (body.properties ?? {}) as Json;
    const principalId = props.principalId;
    const roleDefinitionId = props.roleDefinitionId;
    if (typeof principalId !== "string" || principalId === "") throw new ArmHttpError(400, "InvalidPrincipalId", "A valid principal ID must be provided for role assignment.", "properties.principalId");
    const role = typeof roleDefinitionId === "string" ? ROLE_DEFINITION_ID.exec(roleDefinitionId) : null;
    if (!role) throw new ArmHttpError(400, "InvalidRoleDefinitionId", `The role definition ID '${String(roleDefinitionId)}' is not valid.`, "properties.roleDefinitionId");
    const roleGuid = (role[2] as string).toLowerCase();
    // "The specified role definition with ID 'x' does not exist."
    if (!BUILT_IN_ROLES[roleGuid]) throw new ArmHttpError(400, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${role[2] as string}' does not exist.`);
    // Azure/HubAndSpokeResearchEnclave#50, Azure-Samples/azure-search-openai-demo#9. With a
    // principalType, ARM does not look the principal up (Azure/AgentBaker#8251: "tells ARM to skip the
    // AAD principal lookup"), so a principal not yet replicated is taken.
    if (typeof props.principalType !== "string" && !this.hasPrincipal(principalId)) {
      throw new ArmHttpError(
        400,
        "PrincipalNotFound",
        `Principal ${principalId.replace(/-/g, "")} does not exist in the directory ${EMULATOR_TENANT}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`,
      );
    }
    const id = `${scope}/providers/${ROLE_ASSIGNMENT_TYPE}/${name}`;
    const sameContent = (a: Json): boolean => {
      const p = a.properties as Json;
      return scopeKey(String(p.scope)) === scopeKey(scope) && String(p.principalId).toLowerCase() === principalId.toLowerCase() && String(p.roleDefinitionId).toLowerCase().endsWith(`/${roleGuid}`);
    };
    const existing = this.roleAssignments.get(key(id));
    if (existing) {
      // "Tenant ID, application ID, principal ID, and scope are not allowed to be updated."
      if (!sameContent(existing)) throw new ArmHttpError(400, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
      return { body: clone(existing), created: false };
    }
    // Azure-Samples/azure-search-openai-demo#1091: {"code":"RoleAssignmentExists","message":"The role assignment already exists."}
    if ([...this.roleAssignments.values()].some(sameContent)) throw new ArmHttpError(409, "RoleAssignmentExists", "The role assignment already exists.");
    const now = new Date(this.clock()).toISOString();
    const assignment: Json = {
      id,
      name,
      type: ROLE_ASSIGNMENT_TYPE,
      properties: {
        roleDefinitionId,
        principalId,
        principalType: typeof props.principalType === "string" ? props.principalType : "ServicePrincipal",
        scope,
        condition: props.condition ?? null,
        conditionVersion: props.conditionVersion ?? null,
        createdOn: now,
        updatedOn: now,
        createdBy: null,
        updatedBy: null,
        delegatedManagedIdentityResourceId: null,
        description: props.description ?? null,
      },
    };
    this.roleAssignments.set(key(id), assignment);
    return { body: clone(assignment), created: true };
  }

  /**
   * The assignments ARM lists for a scope: those at it, above it (inherited) and below it, narrowed by
   * `$filter`: `principalId eq '{id}'`, `atScope()` (at or above only), or both joined by `and`.
   */
  listRoleAssignments(scope: string, filter: string | null): Json[] {
    const q = scopeKey(scope);
    let principal: string | undefined;
    let atScopeOnly = false;
    if (filter !== null && filter.trim() !== "") {
      for (const clause of filter.split(/\s+and\s+/i)) {
        const m = /^\s*principalId\s+eq\s+'([^']*)'\s*$/i.exec(clause);
        if (m) principal = (m[1] as string).toLowerCase();
        else if (/^\s*atScope\(\)\s*$/i.test(clause)) atScopeOnly = true;
        else throw new ArmHttpError(400, "UnsupportedQuery", `The filter '${filter}' is not supported. Supported filters: principalId eq '{id}', atScope(), or both joined by 'and'.`);
      }
    }
    return [...this.roleAssignments.values()]
      .filter((a) => {
        const p = a.properties as Json;
        const s = scopeKey(String(p.scope));
        if (principal !== undefined && String(p.principalId).toLowerCase() !== principal) return false;
        return atOrAbove(s, q) || (!atScopeOnly && q !== "" && s.startsWith(`${q}/`)) || (!atScopeOnly && q === "");
      })
      .map(clone);
  }
}
