/**
 * The emulator's resources: clusters (with their pools inside, so a write through either view
 * shows in both), VNets with their subnets and peerings, and long-running operations.
 */
import { randomUUID } from "node:crypto";
import { WRITE_ONLY_SECRET_PATHS } from "../network/secrets.js";
import { type RpClusterProperties, checkClusterPut } from "./rp.js";
import { ArmHttpError, CLUSTER_TYPE, type Json, POOL_TYPE, SUBNET_TYPE, VNET_TYPE, clone, key, publicView } from "./resources.js";
import { DEFAULT_ABANDONED_AFTER_MS, DEFAULT_PRINCIPAL_REPLICATION_MS } from "./limits.js";
import { DEMO, type Scenario, scenarioResourceGroups } from "./scenarios.js";
import { Directory, EMULATOR_TENANT, locationNotAvailable, stableGuid } from "./directory.js";
import { isAzureRegion, normalizeLocation } from "./regions.js";

export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

export interface Operation {
  id: string;
  resourceKey: string;
  /** The pool the operation is about, for agent pool PUTs. */
  pool?: string;
  status: OperationStatus;
  pollsLeft: number;
  endStatus: "Succeeded" | "Failed" | "Canceled";
  error?: { code: string; message: string };
  /** When the operation began or was last polled (ms since the epoch): see advance(). */
  lastActivity: number;
  startTime: string;
  endTime?: string;
  /** An update's cluster as it was before the write (pools live inside it): what a noEffect fault puts back. */
  previous?: Json;
}

/** Fields the RP computes: a PUT never sets them, and they survive every write. */
const CLUSTER_READ_ONLY = ["provisioningState", "powerState", "maxAgentPools", "currentKubernetesVersion", "fqdn", "azurePortalFQDN", "privateFQDN", "resourceUID"];
const POOL_READ_ONLY = ["provisioningState", "powerState", "currentOrchestratorVersion", "nodeImageVersion", "eTag"];
/** Read-only (and write-only) fields deeper in the cluster's properties: kept wherever their parent is still sent. */
const CLUSTER_NESTED_READ_ONLY = [
  ["networkProfile", "loadBalancerProfile", "effectiveOutboundIPs"],
  ["oidcIssuerProfile", "issuerURL"],
  ["privateLinkResources"],
  // Write-only secrets: never returned by a GET, so a PUT built from one leaves them out, and the RP keeps them.
  ...WRITE_ONLY_SECRET_PATHS,
];

function keepNested(oldProps: Json, newProps: Json): void {
  for (const path of CLUSTER_NESTED_READ_ONLY) {
    let from: unknown = oldProps;
    let to: unknown = newProps;
    for (const [i, segment] of path.entries()) {
      if (from === null || typeof from !== "object" || to === null || typeof to !== "object") break;
      const last = i === path.length - 1;
      if (last) {
        const value = (from as Json)[segment];
        if (value !== undefined && (to as Json)[segment] === undefined) (to as Json)[segment] = clone(value);
      }
      from = (from as Json)[segment];
      to = (to as Json)[segment];
    }
  }
}

const newEtag = (): string => randomUUID();


function profiles(cluster: Json): Json[] {
  return ((cluster.properties as Json).agentPoolProfiles as Json[] | undefined) ?? [];
}

export class EmulatorState {
  readonly clusters = new Map<string, Json>();
  /** Subscriptions, resource groups, identities and role assignments. */
  readonly directory: Directory;
  readonly vnets = new Map<string, Json>();
  readonly operations = new Map<string, Operation>();

  /** Each subnet's IP configurations that are not cluster nodes (from the scenario), by subnet key. */
  private readonly otherIpConfigs = new Map<string, Json[]>();
  /** Addresses the clusters' nodes (and legacy Azure CNI pods) use in each subnet, by subnet key. */
  private readonly nodeAddresses = new Map<string, number>();

  /**
   * `abandonedAfterMs`: an operation nobody polls for this long ends on its own (default
   * DEFAULT_ABANDONED_AFTER_MS); `clock`: the time operations are stamped and judged with.
   */
  constructor(
    scenario: Scenario,
    readonly abandonedAfterMs = DEFAULT_ABANDONED_AFTER_MS,
    private readonly clock: () => number = Date.now,
    principalReplicationMs = DEFAULT_PRINCIPAL_REPLICATION_MS,
  ) {
    const take = scenario.handOver ? <T>(x: T): T => x : clone;
    for (const v of scenario.virtualNetworks) this.vnets.set(key(v.id as string), take(v));
    for (const c of scenario.managedClusters) this.clusters.set(key(c.id as string), take(c));
    for (const vnet of this.vnets.values()) {
      for (const s of ((vnet.properties as Json).subnets as Json[] | undefined) ?? []) {
        const sp = s.properties as Json;
        const others = (sp.ipConfigurations as Json[] | undefined) ?? [];
        if (others.length > 0) this.otherIpConfigs.set(key(s.id as string), others);
        delete sp.ipConfigurations;
      }
    }
    this.directory = new Directory(clock, principalReplicationMs);
    for (const sub of scenario.subscriptions ?? []) this.directory.addSubscription(sub.subscriptionId, sub.displayName);
    for (const g of scenarioResourceGroups(scenario)) {
      const [, , sub, , rg] = String(g.id).split("/");
      this.directory.ensureResourceGroup(sub as string, rg as string, String(g.location), g.managedBy as string | undefined);
    }
    for (const i of scenario.userAssignedIdentities ?? []) this.directory.addIdentity(i);
    for (const a of scenario.roleAssignments ?? []) this.directory.addRoleAssignment(a);
    for (const c of this.clusters.values()) this.knowPrincipals(c);
    for (const id of [...this.clusters.keys(), ...this.vnets.keys()]) this.directory.addSubscription(id.split("/")[2] as string);
    // The caller sees these subscriptions and no other (404 SubscriptionNotFound); a scenario that names none has the demo one.
    if (this.directory.listSubscriptions().length === 0) this.directory.addSubscription(DEMO.subscriptionId);
    this.updateSubnetUsage();
  }

  /** A cluster's own identity and its kubelet identity are principals the directory knows; those a PUT just made replicate with a delay. */
  private knowPrincipals(cluster: Json, replicated = true): void {
    this.directory.addPrincipal((cluster.identity as Json | undefined)?.principalId, replicated);
    const kubelet = (((cluster.properties as Json | undefined)?.identityProfile as Json | undefined)?.kubeletidentity as Json | undefined) ?? {};
    this.directory.addPrincipal(kubelet.objectId, replicated);
  }

  /**
   * Nodes (and, on legacy Azure CNI, their pods) take addresses in their subnets: each subnet lists
   * an IP configuration for every address in use, as Azure does. Counted here, listed only when a
   * VNet or subnet is read (vnetView), so that a fleet of thousands of VNets stays small in memory.
   */
  private updateSubnetUsage(): void {
    const used = this.nodeAddresses;
    used.clear();
    const add = (subnetId: unknown, n: number): void => {
      if (typeof subnetId === "string" && n > 0) used.set(key(subnetId), (used.get(key(subnetId)) ?? 0) + n);
    };
    for (const cluster of this.clusters.values()) {
      const props = cluster.properties as Json;
      const np = (props.networkProfile ?? {}) as Json;
      const legacy = String(np.networkPlugin).toLowerCase() === "azure" && String(np.networkPluginMode ?? "").toLowerCase() !== "overlay";
      for (const pool of profiles(cluster)) {
        const nodes = Number(pool.count ?? 0);
        const maxPods = Number(pool.maxPods ?? 30);
        if (legacy && pool.podSubnetID) {
          add(pool.vnetSubnetID, nodes);
          add(pool.podSubnetID, nodes * maxPods);
        } else {
          add(pool.vnetSubnetID, legacy ? nodes * (maxPods + 1) : nodes);
        }
      }
    }
  }

  /** A subnet's IP configurations: what the scenario put there, then one per address the clusters' nodes (and pods) use. */
  private ipConfigurationsOf(subnetIdValue: string): Json[] {
    const k = key(subnetIdValue);
    const others = this.otherIpConfigs.get(k) ?? [];
    const n = this.nodeAddresses.get(k) ?? 0;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `${subnetIdValue}/aksNodeAddresses/${i + 1}` }));
    return [...others.map(clone), ...nodes];
  }

  /** A stored VNet as ARM returns it: a copy, each subnet listing its IP configurations. */
  vnetView(stored: Json): Json {
    const vnet = clone(stored);
    for (const s of ((vnet.properties as Json).subnets as Json[] | undefined) ?? []) {
      const all = this.ipConfigurationsOf(String(s.id));
      if (all.length > 0) (s.properties as Json).ipConfigurations = all;
    }
    return vnet;
  }

  /** The VNets whose ids start with `prefix` (a resource group's), as ARM returns them. */
  listVnets(prefix: string): Json[] {
    const p = key(prefix);
    return [...this.vnets.entries()].filter(([k]) => k.startsWith(`${p}/`)).map(([, v]) => this.vnetView(v));
  }

  /** The VNets as the RP reads them for a PUT: looked up by key, with their subnets' IP configurations. */
  private readonly vnetLookup = { get: (id: string): Json | undefined => {
    const v = this.vnets.get(key(id));
    return v && this.vnetView(v);
  } };

  /**
   * Azure finishes an operation whether or not anyone polls it (--no-wait, an interrupted client):
   * an operation nobody has polled for `abandonedAfterMs` ends (Succeeded, or as a fault says),
   * whether it was never polled or polled and then left. Each poll counts one of at most
   * MAX_LRO_POLLS, so every operation ends within (lroPolls + 1) x abandonedAfterMs of its start.
   * Returns how long until the next operation would end this way (undefined: none in progress).
   */
  advance(now = this.clock()): number | undefined {
    let next: number | undefined;
    for (const op of this.operations.values()) {
      if (op.status !== "InProgress") continue;
      const left = op.lastActivity + this.abandonedAfterMs - now;
      if (left <= 0) this.finish(op);
      else next = Math.min(next ?? left, left);
    }
    return next;
  }

  /** Like ARM, a read never returns write-only secrets (a service principal's secret, passwords); proxy URLs come back as set. */
  getCluster(id: string): Json {
    const c = this.clusters.get(key(id));
    if (!c) throw notFound("Microsoft.ContainerService/managedClusters", id);
    return publicView(c);
  }

  listClusters(prefix: string): Json[] {
    const p = key(prefix);
    return [...this.clusters.entries()].filter(([k]) => k.startsWith(`${p}/`)).map(([, c]) => publicView(c));
  }

  poolView(cluster: Json, name: string): Json | undefined {
    const profile = profiles(cluster).find((p) => (p.name as string).toLowerCase() === name.toLowerCase());
    if (!profile) return undefined;
    const { name: poolName, ...properties } = profile;
    return { id: `${cluster.id as string}/agentPools/${poolName as string}`, name: poolName, type: POOL_TYPE, properties: clone(properties) };
  }

  getPool(clusterIdValue: string, name: string): Json {
    const cluster = this.clusters.get(key(clusterIdValue));
    const pool = cluster && this.poolView(cluster, name);
    if (!pool) throw notFound("Microsoft.ContainerService/managedClusters/agentPools", `${clusterIdValue}/agentPools/${name}`);
    return pool;
  }

  listPools(clusterIdValue: string): Json[] {
    const cluster = this.getCluster(clusterIdValue);
    return profiles(cluster).map((p) => this.poolView(cluster, p.name as string) as Json);
  }

  getVnet(id: string): Json {
    const v = this.vnets.get(key(id));
    if (!v) throw notFound(VNET_TYPE, id);
    return this.vnetView(v);
  }

  getSubnet(vnetIdValue: string, name: string): Json {
    const vnet = this.getVnet(vnetIdValue);
    const subnet = ((vnet.properties as Json).subnets as Json[]).find((s) => (s.name as string).toLowerCase() === name.toLowerCase());
    if (!subnet) throw notFound(SUBNET_TYPE, `${vnetIdValue}/subnets/${name}`);
    return subnet;
  }

  /**
   * PUT of a whole virtual network (`az network vnet create`): the group must exist and the location
   * be a region. Answered at once (Succeeded, no operation to poll), as Network often does for a VNet.
   */
  putVnet(id: string, body: Json): { body: Json; created: boolean } {
    this.directory.requireGroupOf(id);
    if (typeof body.location !== "string" || body.location === "") throw new ArmHttpError(400, "LocationRequired", "The location property is required for this definition.", "location");
    if (!isAzureRegion(body.location)) throw locationNotAvailable(body.location, VNET_TYPE);
    const k = key(id);
    const existing = this.vnets.get(k);
    const name = id.split("/").at(-1) as string;
    const stored: Json = clone(body);
    stored.id = existing?.id ?? id;
    stored.name = existing?.name ?? name;
    stored.type = VNET_TYPE;
    stored.etag = `W/"${randomUUID()}"`;
    const props = (stored.properties ?? {}) as Json;
    stored.properties = props;
    props.provisioningState = "Succeeded";
    props.resourceGuid = (existing?.properties as Json | undefined)?.resourceGuid ?? randomUUID();
    props.subnets = (((props.subnets as Json[] | undefined) ?? [])).map((s) => ({
      ...clone(s),
      id: `${String(stored.id)}/subnets/${String(s.name)}`,
      type: SUBNET_TYPE,
      etag: stored.etag,
      properties: { ...((s.properties as Json | undefined) ?? {}), provisioningState: "Succeeded" },
    }));
    // IP configurations are read-only: the subnets list what uses them (vnetView).
    for (const s of props.subnets as Json[]) delete (s.properties as Json).ipConfigurations;
    props.virtualNetworkPeerings ??= [];
    this.vnets.set(k, stored);
    this.updateSubnetUsage();
    return { body: this.vnetView(this.vnets.get(k) as Json), created: !existing };
  }

  private assertNoOperation(resourceKey: string): void {
    for (const op of this.operations.values()) {
      if (op.resourceKey === resourceKey && op.status === "InProgress") {
        throw new ArmHttpError(409, "OperationNotAllowed", "Operation is not allowed because there's an in progress operation on the managed cluster. Please try again later.");
      }
    }
  }

  private checkPreconditions(current: { eTag?: unknown } | undefined, ifMatch: string | undefined, ifNoneMatch: string | undefined): void {
    if (ifNoneMatch === "*" && current) {
      throw new ArmHttpError(412, "PreconditionFailed", "The resource already exists: If-None-Match: * only allows a create.");
    }
    if (ifMatch !== undefined && ifMatch !== "*" && (!current || current.eTag !== ifMatch)) {
      throw new ArmHttpError(412, "PreconditionFailed", `Precondition failed: the resource's eTag is not "${ifMatch}". It was changed since it was read.`);
    }
    if (ifMatch === "*" && !current) throw new ArmHttpError(412, "PreconditionFailed", "The resource does not exist: If-Match: * only allows an update.");
  }

  /** PUT of a whole cluster. Returns the stored body as ARM answers it (no write-only secrets), whether it was created, and the operation. */
  putCluster(id: string, body: Json, ifMatch: string | undefined, ifNoneMatch: string | undefined, lroPolls: number): { body: Json; created: boolean; operation: Operation } {
    const k = key(id);
    const existing = this.clusters.get(k);
    this.directory.requireGroupOf(id);
    this.checkPreconditions(existing, ifMatch, ifNoneMatch);
    if (typeof body.location !== "string" || body.location === "") throw new ArmHttpError(400, "LocationRequired", "The location property is required for this definition.", "location");
    if (!isAzureRegion(body.location)) throw locationNotAvailable(body.location, "Microsoft.ContainerService/managedClusters");
    if (existing && normalizeLocation(String(existing.location)) !== normalizeLocation(body.location)) {
      // rancher/rancher#33534: Code="InvalidResourceLocation" for a PUT naming another location than the resource's.
      throw new ArmHttpError(
        409,
        "InvalidResourceLocation",
        `The resource '${String(existing.name)}' already exists in location '${String(existing.location)}' in resource group '${id.split("/")[4] ?? "?"}'. A resource with the same name cannot be created in location '${body.location}'. Please select a new resource name.`,
      );
    }
    // A new cluster's network profile gets the RP's defaults for what the PUT leaves out, before
    // it is judged (ContainerServiceNetworkProfile in the REST spec: podCidr 10.244.0.0/16 for the
    // plugins that use one, serviceCidr 10.0.0.0/16, dnsServiceIP 10.0.0.10; IPv4 alone).
    const props = withDualStackDefaults((existing ? (body.properties ?? {}) : withNetworkDefaults((body.properties ?? {}) as Json)) as Json);
    body.properties = props;
    const pools = (props.agentPoolProfiles as Json[] | undefined) ?? [];
    if (pools.length === 0) throw new ArmHttpError(400, "InvalidParameter", "A managed cluster needs at least one agent pool profile.", "properties.agentPoolProfiles");
    if (existing) this.assertNoOperation(k);
    const refusal = checkClusterPut(props as RpClusterProperties, existing ? (existing.properties as RpClusterProperties) : undefined, this.vnetLookup, body.location);
    if (refusal) throw refusal;

    const name = id.split("/").at(-1) as string;
    const stored: Json = clone(body);
    if (!existing) stored.properties = clone(props);
    stored.id = existing?.id ?? id;
    stored.name = existing?.name ?? name;
    stored.type = CLUSTER_TYPE;
    stored.eTag = newEtag();
    const storedProps = (stored.properties ?? {}) as Json;
    stored.properties = storedProps;
    const oldProps = (existing?.properties ?? {}) as Json;
    for (const field of CLUSTER_READ_ONLY) {
      if (oldProps[field] !== undefined) storedProps[field] = clone(oldProps[field]);
    }
    keepNested(oldProps, storedProps);
    if (existing?.identity && stored.identity) {
      const oldIdentity = existing.identity as Json;
      const identity = stored.identity as Json;
      for (const f of ["principalId", "tenantId"]) if (oldIdentity[f] !== undefined) identity[f] = oldIdentity[f];
    }
    if (!existing) {
      storedProps.currentKubernetesVersion = storedProps.kubernetesVersion ?? "1.31.2";
      storedProps.fqdn = `${(storedProps.dnsPrefix as string | undefined) ?? name}-${randomUUID().slice(0, 8)}.hcp.${body.location}.azmk8s.io`;
      storedProps.resourceUID = randomUUID();
      storedProps.maxAgentPools = 100;
      storedProps.powerState = { code: "Running" };
      storedProps.nodeResourceGroup ??= `MC_${id.split("/")[4]}_${name}_${body.location}`;
      // AKS creates the node resource group, managed by the cluster.
      this.directory.ensureResourceGroup(id.split("/")[2] as string, String(storedProps.nodeResourceGroup), body.location, stored.id as string);
      const identity = stored.identity as Json | undefined;
      if (identity && String(identity.type).toLowerCase().includes("systemassigned")) {
        // A system-assigned identity gets its service principal: stable GUIDs, so reruns print the same ids.
        identity.principalId = stableGuid(`${key(id)}/identity`);
        identity.tenantId = EMULATOR_TENANT;
      }
    }
    // User-assigned identities named on the cluster come back with their principal and client ids, as ARM shows them.
    const assigned = (stored.identity as Json | undefined)?.userAssignedIdentities;
    if (assigned && typeof assigned === "object") {
      for (const identityId of Object.keys(assigned as Json)) {
        const known = this.directory.identities.get(key(identityId));
        if (known) (assigned as Json)[identityId] = { principalId: (known.properties as Json).principalId, clientId: (known.properties as Json).clientId };
      }
    }
    const oldPools = existing ? profiles(existing) : [];
    storedProps.agentPoolProfiles = pools.map((p) => this.storePool(p, oldPools.find((o) => (o.name as string).toLowerCase() === String(p.name).toLowerCase()), storedProps.kubernetesVersion as string | undefined, existing ? "Updating" : "Creating"));
    storedProps.provisioningState = existing ? "Updating" : "Creating";
    this.clusters.set(k, stored);
    this.knowPrincipals(stored, false);
    const operation = this.startOperation(k, undefined, lroPolls, existing && clone(existing));
    return { body: publicView(stored), created: !existing, operation };
  }

  private storePool(profile: Json, old: Json | undefined, version: string | undefined, state: string): Json {
    const stored = clone(profile);
    for (const field of POOL_READ_ONLY) {
      if (old?.[field] !== undefined) stored[field] = clone(old[field]);
    }
    if (!old) {
      stored.currentOrchestratorVersion = stored.orchestratorVersion ?? version ?? "1.31.2";
      stored.nodeImageVersion = "AKSUbuntu-2204gen2containerd-202410.09.0";
      stored.powerState = { code: "Running" };
    }
    stored.eTag = newEtag();
    stored.provisioningState = state;
    return stored;
  }

  /** PUT of one agent pool: changes that pool in the cluster (and so the cluster's eTag). */
  putPool(clusterIdValue: string, name: string, body: Json, ifMatch: string | undefined, ifNoneMatch: string | undefined, lroPolls: number): { body: Json; created: boolean; operation: Operation } {
    const k = key(clusterIdValue);
    const cluster = this.clusters.get(k);
    if (!cluster) throw notFound("Microsoft.ContainerService/managedClusters", clusterIdValue);
    const current = profiles(cluster).find((p) => (p.name as string).toLowerCase() === name.toLowerCase());
    this.checkPreconditions(current, ifMatch, ifNoneMatch);
    if (!/^[a-z][a-z0-9]{0,11}$/.test(name)) {
      throw new ArmHttpError(400, "InvalidParameter", `The agent pool name "${name}" is invalid: 1-12 lowercase letters and digits, starting with a letter.`, "agentPoolName");
    }
    this.assertNoOperation(k);
    const props = (body.properties ?? {}) as Json;
    const profile: Json = { ...clone(props), name: current?.name ?? name };
    const nextPools = current ? profiles(cluster).map((p) => (p === current ? profile : p)) : [...profiles(cluster), profile];
    const after = { ...(cluster.properties as Json), agentPoolProfiles: nextPools } as RpClusterProperties;
    const refusal = checkClusterPut(after, cluster.properties as RpClusterProperties, this.vnetLookup, String(cluster.location));
    if (refusal) throw refusal;
    const previous = current ? clone(cluster) : undefined;
    const stored = this.storePool(profile, current, (cluster.properties as Json).kubernetesVersion as string | undefined, current ? "Updating" : "Creating");
    (cluster.properties as Json).agentPoolProfiles = current ? profiles(cluster).map((p) => (p === current ? stored : p)) : [...profiles(cluster), stored];
    cluster.eTag = newEtag();
    const operation = this.startOperation(k, stored.name as string, lroPolls, previous);
    return { body: publicView(this.poolView(cluster, stored.name as string) as Json), created: !current, operation };
  }

  private startOperation(resourceKey: string, pool: string | undefined, lroPolls: number, previous?: Json): Operation {
    const now = this.clock();
    const op: Operation = {
      ...(previous && { previous }),
      id: randomUUID(),
      resourceKey,
      pool,
      status: "InProgress",
      pollsLeft: lroPolls,
      endStatus: "Succeeded",
      lastActivity: now,
      startTime: new Date(now).toISOString(),
    };
    this.operations.set(op.id, op);
    return op;
  }

  /** Makes the operation end Failed or Canceled instead of Succeeded. */
  failOperation(op: Operation, status: "Failed" | "Canceled", code?: string, message?: string): void {
    if (op.status !== "InProgress") return; // a finished operation keeps its outcome
    op.endStatus = status;
    op.error =
      status === "Failed"
        ? { code: code ?? "InternalOperationError", message: message ?? "The operation failed: an injected fault (emulator)." }
        : { code: code ?? "OperationCanceled", message: message ?? "The operation was canceled." };
  }

  /**
   * The write was accepted and its operation will end Succeeded, but it changes nothing (a noEffect fault; Azure
   * did this in Azure/azure-cli#28403): the cluster goes back to what it was before the write, keeping only the
   * write's eTags and provisioning states. Only for updates of a running operation; true when it was discarded.
   */
  discardWrite(op: Operation): boolean {
    const stored = this.clusters.get(op.resourceKey);
    if (!op.previous || !stored || op.status !== "InProgress") return false;
    const kept = clone(op.previous);
    kept.eTag = stored.eTag;
    const props = kept.properties as Json;
    if (op.pool === undefined) props.provisioningState = (stored.properties as Json).provisioningState;
    for (const p of profiles(kept)) {
      const written = profiles(stored).find((n) => String(n.name).toLowerCase() === String(p.name).toLowerCase());
      if (!written || (op.pool !== undefined && written.name !== op.pool)) continue;
      p.eTag = written.eTag;
      p.provisioningState = written.provisioningState;
    }
    this.clusters.set(op.resourceKey, kept);
    return true;
  }

  /**
   * After the PUT has been answered: an operation with no polls to report InProgress ends now, so
   * the resource is settled before anyone polls or writes again.
   */
  settle(op: Operation): void {
    if (op.status === "InProgress" && op.pollsLeft === 0) this.finish(op);
  }

  /** One poll of the operation: InProgress for `lroPolls` polls, then its end status. */
  poll(id: string): Operation {
    const op = this.operations.get(id);
    if (!op) throw new ArmHttpError(404, "OperationNotFound", `Operation ${id} was not found.`);
    if (op.status === "InProgress") {
      op.lastActivity = this.clock();
      if (op.pollsLeft > 0) op.pollsLeft--;
      else this.finish(op);
    }
    return op;
  }

  private finish(op: Operation): void {
    op.status = op.endStatus;
    op.endTime = new Date(this.clock()).toISOString();
    const cluster = this.clusters.get(op.resourceKey);
    if (!cluster) return;
    const props = cluster.properties as Json;
    const state = op.endStatus === "Succeeded" ? "Succeeded" : op.endStatus;
    const pools = profiles(cluster).filter((p) => op.pool === undefined || p.name === op.pool);
    for (const p of pools) p.provisioningState = state;
    if (op.pool === undefined || op.endStatus === "Succeeded") props.provisioningState = op.pool === undefined ? state : props.provisioningState;
    if (op.error) {
      const target = op.pool === undefined ? props : (pools[0] ?? props);
      target.status = { provisioningError: { code: op.error.code, message: op.error.message } };
    }
    if (op.endStatus === "Succeeded") this.updateSubnetUsage();
  }
}

function notFound(type: string, id: string): ArmHttpError {
  const name = id.split("/").at(-1);
  return new ArmHttpError(404, "ResourceNotFound", `The Resource '${type}/${name}' under resource group '${id.split("/")[4] ?? "?"}' was not found.`);
}

/**
 * A dual-stack network profile (IPv6 among its ipFamilies) that names no IPv6 pod or service range
 * gets the RP's: fd12:3456:789a::/64 for pods, fd12:3456:789a:1::/108 for services (the defaults of
 * `--pod-cidrs` / `--service-cidrs` in configure-dual-stack.md), on a new cluster and on an update.
 */
function withDualStackDefaults(props: Json): Json {
  const np = props.networkProfile as Json | undefined;
  const families = Array.isArray(np?.ipFamilies) ? (np.ipFamilies as unknown[]).map((f) => String(f).toLowerCase()) : [];
  if (!np || !families.includes("ipv6")) return props;
  const next = { ...np };
  const plugin = typeof np.networkPlugin === "string" ? np.networkPlugin.toLowerCase() : undefined;
  const listOf = (single: unknown, list: unknown): string[] => (Array.isArray(list) ? (list as string[]) : typeof single === "string" ? [single] : []);
  const pods = listOf(np.podCidr, np.podCidrs);
  // Only the plugins that take a pod CIDR get one (overlay, kubenet); a pod-subnet cluster does not.
  if ((plugin === "kubenet" || (plugin === "azure" && String(np.networkPluginMode ?? "").toLowerCase() === "overlay")) && !pods.some((c) => c.includes(":"))) {
    next.podCidrs = [...(pods.length > 0 ? pods : ["10.244.0.0/16"]), "fd12:3456:789a::/64"];
    next.podCidr = (next.podCidrs as string[])[0];
  }
  const services = listOf(np.serviceCidr, np.serviceCidrs);
  if (!services.some((c) => c.includes(":"))) {
    next.serviceCidrs = [...(services.length > 0 ? services : ["10.0.0.0/16"]), "fd12:3456:789a:1::/108"];
    next.serviceCidr = (next.serviceCidrs as string[])[0];
  }
  return { ...props, networkProfile: next };
}

/** The network profile defaults the RP applies to a new cluster (see putCluster). */
function withNetworkDefaults(props: Json): Json {
  const np = { ...((props.networkProfile as Json | undefined) ?? {}) };
  const plugin = typeof np.networkPlugin === "string" ? np.networkPlugin.toLowerCase() : undefined;
  const mode = typeof np.networkPluginMode === "string" ? np.networkPluginMode.toLowerCase() : undefined;
  const usesPodCidr = plugin === "kubenet" || (plugin === "azure" && mode === "overlay");
  if (usesPodCidr && np.podCidr === undefined && np.podCidrs === undefined) {
    np.podCidr = "10.244.0.0/16";
    np.podCidrs = ["10.244.0.0/16"];
  }
  if (np.serviceCidr === undefined && np.serviceCidrs === undefined) {
    np.serviceCidr = "10.0.0.0/16";
    np.serviceCidrs = ["10.0.0.0/16"];
  }
  if (np.dnsServiceIP === undefined) np.dnsServiceIP = "10.0.0.10";
  if (np.ipFamilies === undefined) np.ipFamilies = ["IPv4"];
  return { ...props, networkProfile: np };
}
