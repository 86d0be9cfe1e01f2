/** The operations' pure decide functions, on clusters and VNets built in the test: no Azure, no fakes. */
import { describe, expect, it } from "vitest";
import { createOperation, type CreateRequest } from "../../src/ops/create.js";
import { nodepoolAddOperation, type NodepoolAddRequest } from "../../src/ops/nodepoolAdd.js";
import { largestPoolWithin } from "../../src/ops/capacityHints.js";
import { upgradeOperation } from "../../src/ops/upgrade.js";
import { RequestProblem } from "../../src/ops/operation.js";
import { clusterNetwork } from "../../src/ops/clusterNetwork.js";
import { clusterView } from "../../src/network/fromCluster.js";
import { GROUP, KUBENET, LEGACY, LOCATIONS, OVERLAY, SUB, RG, assignment, cluster, clusterId, identity, identityId, pool, subnetId, vnet, vnetId } from "../helpers/arm.js";

const ctx = { armEndpoint: "http://127.0.0.1:1", now: new Date("2026-11-30T00:00:00Z") };
/** What create observes besides the cluster and VNet: the group and the regions. */
const place = <T extends object>(observed: T) => ({ resourceGroup: GROUP, locations: LOCATIONS, ...observed });
const errors = (findings: { severity: string; code: string }[]) => findings.filter((f) => f.severity === "error").map((f) => f.code);

describe("create", () => {
  const request = (design: CreateRequest["design"] = {}): CreateRequest => ({
    subscriptionId: SUB,
    resourceGroup: RG,
    name: "new",
    location: "eastus",
    design: { vnetSubnetId: subnetId("nodes"), podCidr: "192.168.0.0/16", serviceCidr: "172.20.0.0/16", dnsServiceIp: "172.20.0.10", ...design },
  });

  it("plans one create with If-None-Match, the basis naming the cluster (absent) and the VNet read", () => {
    const { plan, view } = createOperation.decide(request(), place({ vnet: vnet() }), ctx);
    expect(errors(plan.findings)).toEqual([]);
    expect(plan.valid).toBe(true);
    expect(plan.changes).toHaveLength(2);
    expect(plan.changes[0]).toMatchObject({ action: "create", etag: null, resourceId: clusterId("new") });
    expect((plan.changes[0]?.body.properties as any).networkProfile).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16" });
    expect(plan.basis).toEqual([{ resourceId: GROUP.id, etag: "" }, { resourceId: clusterId("new"), etag: null }, { resourceId: vnetId(), etag: 'W/"vnet-1"' }]);
    expect(plan.request).toEqual(request());
    expect(view.conflict).toBe(false);
  });

  it("sends ranges as canonical text (an IPv6 range lower-case and compressed), whatever their spelling", () => {
    const design = { ipFamilies: ["ipv4", "ipv6"], podCidrs: ["192.168.0.0/16", "FD12:3456:789A:0:0::/64"], serviceCidrs: ["172.20.0.0/16", "FD12:3456:789A:1:0::/108"], podCidr: undefined, serviceCidr: undefined };
    const dual = vnet({}, {
      addressSpace: { addressPrefixes: ["10.224.0.0/12", "fd00:db8::/48"] },
      subnets: [{ id: subnetId("nodes"), name: "nodes", properties: { addressPrefixes: ["10.224.0.0/16", "fd00:db8::/64"] } }],
    });
    const { plan } = createOperation.decide(request(design as unknown as CreateRequest["design"]), place({ vnet: dual }), ctx);
    expect(errors(plan.findings)).toEqual([]);
    const np = (plan.changes[0]?.body.properties as any).networkProfile;
    expect(np.podCidrs).toEqual(["192.168.0.0/16", "fd12:3456:789a::/64"]);
    expect(np.serviceCidrs).toEqual(["172.20.0.0/16", "fd12:3456:789a:1::/108"]);
  });

  it("says what it leaves to Azure, per pool: a Windows pool's OS SKU is a Windows one", () => {
    const design = { nodePools: [{ name: "sys", mode: "System", count: 3 }, { name: "win", mode: "User", osType: "Windows", count: 2 }] };
    const { plan } = createOperation.decide(request(design as CreateRequest["design"]), place({ vnet: vnet() }), ctx);
    expect(plan.chosenByAzure?.["properties.agentPoolProfiles[0].osSKU"]).toBe("the default OS SKU (Ubuntu)");
    expect(plan.chosenByAzure?.["properties.agentPoolProfiles[1].osSKU"]).toContain("Windows");
  });

  it("refuses an existing cluster as a conflict finding, with its eTag in the basis", () => {
    const { plan, view } = createOperation.decide(request(), place({ cluster: cluster("new", OVERLAY), vnet: vnet() }), ctx);
    expect(errors(plan.findings)).toEqual(["ClusterExists"]);
    expect(plan.findings[0]?.path).toBe("cluster.name");
    expect(plan.changes).toEqual([]);
    expect(view.conflict).toBe(true);
    expect(plan.basis[1]).toEqual({ resourceId: clusterId("new"), etag: "new-etag-1" });
  });

  it("refuses a subnet that does not exist, and a VNet that does not", () => {
    expect(errors(createOperation.decide(request({ vnetSubnetId: subnetId("nope") }), place({ vnet: vnet() }), ctx).plan.findings)).toEqual(["SubnetNotFound"]);
    const gone = createOperation.decide(request(), place({}), ctx).plan;
    expect(errors(gone.findings)).toEqual(["SubnetNotFound"]);
    expect(gone.basis[2]).toEqual({ resourceId: vnetId(), etag: null });
  });

  it("checks the design against the VNet read: a pod CIDR on the peered hub is refused", () => {
    const { plan } = createOperation.decide(request({ podCidr: "10.0.0.0/16" }), place({ vnet: vnet() }), ctx);
    expect(errors(plan.findings)).toContain("PodCidrOverlapsPeeredNetwork");
    expect(plan.valid).toBe(false);
  });

  it("refuses requests that must not reach Azure", () => {
    for (const bad of [
      { ...request(), name: ".." },
      { ...request(), resourceGroup: "a/b" },
      { ...request(), dnsNamePrefix: "-x" },
      request({ enableAddons: ["monitoring"] }),
      request({ vnetSubnetId: subnetId("nodes").replace(SUB, "11111111-1111-1111-1111-111111111111") }),
      request({ podCidr: "10.1.0.0/16", podCidrs: ["10.2.0.0/16"] }),
    ]) {
      expect(() => createOperation.checkRequest(bad)).toThrow(RequestProblem);
    }
    expect(() => createOperation.checkRequest(request())).not.toThrow();
  });

  it("grants the system-assigned identity Network Contributor on the subnet once the cluster exists", () => {
    const { plan } = createOperation.decide(request(), place({ vnet: vnet() }), ctx);
    const grant = plan.changes[1];
    expect(grant).toMatchObject({ action: "create", resourceType: "Microsoft.Authorization/roleAssignments", fill: [{ path: "properties.principalId", fromChange: 0, fromPath: "identity.principalId" }] });
    expect(grant?.resourceId).toMatch(new RegExp(`^${subnetId("nodes")}/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$`));
    expect((grant?.body.properties as any).roleDefinitionId).toMatch(/4d97b98b-1d4f-4787-a291-c67834d212e7$/);
    const skipped = createOperation.decide({ ...request(), skipSubnetRoleAssignment: true }, place({ vnet: vnet() }), ctx).plan;
    expect(skipped.changes).toHaveLength(1);
    expect(skipped.findings.map((f) => f.code)).toContain("SubnetPermissionMissing");
    expect(createOperation.decide({ ...request(), design: { ...request().design, vnetSubnetId: undefined } }, place({}), ctx).plan.changes).toHaveLength(1);
  });

  it("checks a user-assigned identity's roles at the subnet, and that it exists", () => {
    const withId = { ...request(), assignIdentity: identityId() };
    const missing = createOperation.decide(withId, place({ vnet: vnet(), identity: identity(), assignments: [] }), ctx).plan;
    expect(missing.changes).toHaveLength(1);
    expect(missing.changes[0]?.body.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: { [identityId()]: {} } });
    const warning = missing.findings.find((f) => f.code === "SubnetPermissionMissing");
    expect(warning?.hint).toContain("az role assignment create --assignee-object-id 11111111-2222-3333-4444-555555555555");
    for (const scope of [subnetId("nodes"), vnetId(), GROUP.id]) {
      const ok = createOperation.decide(withId, place({ vnet: vnet(), identity: identity(), assignments: [assignment(scope, "11111111-2222-3333-4444-555555555555")] }), ctx).plan;
      expect(ok.findings.map((f) => f.code)).not.toContain("SubnetPermissionMissing");
    }
    const reader = createOperation.decide(withId, place({ vnet: vnet(), identity: identity(), assignments: [assignment(vnetId(), "p", "acdd72a7-3385-48ef-bd42-f606fba81ae7")] }), ctx).plan;
    expect(reader.findings.find((f) => f.code === "SubnetPermissionMissing")?.message).toContain("acdd72a7-3385-48ef-bd42-f606fba81ae7");
    expect(errors(createOperation.decide(withId, place({ vnet: vnet() }), ctx).plan.findings)).toEqual(["IdentityNotFound"]);
  });

  it("needs the resource group, takes its location by default, and refuses unknown regions and a VNet of another region", () => {
    const noGroup = createOperation.decide(request(), { locations: LOCATIONS, vnet: vnet() }, ctx).plan;
    expect(errors(noGroup.findings)).toEqual(["ResourceGroupNotFound"]);
    const { location: _l, ...unplaced } = request();
    const defaulted = createOperation.decide(unplaced, place({ vnet: vnet() }), ctx).plan;
    expect(defaulted.changes[0]?.body.location).toBe("eastus");
    expect(defaulted.defaulted).toContain("location");
    expect(errors(createOperation.decide({ ...request(), location: "narnia" }, place({ vnet: vnet() }), ctx).plan.findings)).toContain("LocationUnknown");
    expect(errors(createOperation.decide({ ...request(), location: "West Europe" }, place({ vnet: vnet() }), ctx).plan.findings)).toEqual(["VnetLocationMismatch"]);
    expect(errors(createOperation.decide(request(), place({ vnet: vnet({ location: "westus2" }) }), ctx).plan.findings)).toEqual(["VnetLocationMismatch"]);
  });

  it("needs an IPv6 prefix on a dual-stack cluster's subnet (found by the differential test against the RP)", () => {
    const dual = request({ ipFamilies: ["ipv4", "ipv6"], podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["172.20.0.0/16", "fd12:3456:789a:1::/108"], podCidr: undefined, serviceCidr: undefined });
    const v4 = createOperation.decide(dual, place({ vnet: vnet() }), ctx).plan;
    expect(v4.findings.find((f) => f.code === "DualStackSubnetIpv4Only")).toMatchObject({ severity: "error", path: "pools[nodepool1].subnet", armCode: "SingleStackVnetSubnetWithDualStackCluster" });
    const dualSubnet = vnet({}, { addressSpace: { addressPrefixes: ["10.224.0.0/12", "fd00:1::/48"] }, subnets: [{ id: subnetId("nodes"), name: "nodes", properties: { addressPrefixes: ["10.224.0.0/16", "fd00:1::/64"] } }] });
    expect(createOperation.decide(dual, place({ vnet: dualSubnet }), ctx).plan.findings.map((f) => f.code)).not.toContain("DualStackSubnetIpv4Only");
  });

  it("decides the same plan twice from the same request and state", () => {
    const a = createOperation.decide(request(), place({ vnet: vnet() }), ctx).plan;
    const b = createOperation.decide(request(), place({ vnet: vnet() }), ctx).plan;
    expect(b).toEqual(a);
  });
});

describe("upgrade", () => {
  const request = { subscriptionId: SUB, resourceGroup: RG, name: "c" };
  const observed = (c: Record<string, unknown>) => ({ cluster: c, vnets: { vnets: [vnet()], managed: false } });

  it("changes only the network plugin and its mode of a kubenet cluster; every other field is the cluster as read, unknown ones too", () => {
    const before = cluster("c", KUBENET);
    const { plan, view } = upgradeOperation.decide(request, observed(before), ctx);
    expect(errors(plan.findings)).toEqual([]);
    expect(plan.changes[0]?.diff.map((d) => d.path)).toEqual(["properties.networkProfile.networkPlugin", "properties.networkProfile.networkPluginMode"]);
    expect(plan.changes[0]?.etag).toBe("c-etag-1");
    const body = structuredClone(plan.changes[0]?.body) as any;
    body.properties.networkProfile.networkPlugin = "kubenet";
    delete body.properties.networkProfile.networkPluginMode;
    expect(JSON.stringify(body)).toBe(JSON.stringify(before));
    expect(view.notes.at(-1)).toEqual({ text: "Ready to upgrade.", tone: "ok" });
    expect(plan.basis).toEqual([{ resourceId: clusterId("c"), etag: "c-etag-1" }, { resourceId: vnetId(), etag: 'W/"vnet-1"' }]);
  });

  it("needs a pod CIDR for legacy Azure CNI and checks it against the VNet, its peerings and the service CIDR", () => {
    expect(errors(upgradeOperation.decide(request, observed(cluster("c", LEGACY)), ctx).plan.findings)).toEqual(["UpgradePodCidrRequired"]);
    expect(errors(upgradeOperation.decide({ ...request, podCidr: "10.0.0.0/16" }, observed(cluster("c", LEGACY)), ctx).plan.findings)).toContain("PodCidrOverlapsPeeredNetwork");
    const ok = upgradeOperation.decide({ ...request, podCidr: "192.168.0.0/16" }, observed(cluster("c", LEGACY)), ctx).plan;
    expect((ok.changes[0]?.body.properties as any).networkProfile).toMatchObject({ podCidr: "192.168.0.0/16", podCidrs: ["192.168.0.0/16"], networkPluginMode: "overlay" });
  });

  it("has nothing to do on an overlay cluster", () => {
    const { plan, view } = upgradeOperation.decide(request, { cluster: cluster("c", OVERLAY) }, ctx);
    expect(view.nothingToDo).toBe(true);
    expect(plan.changes.map((c) => c.action)).toEqual(["noop"]);
  });

  it("re-applies an overlay cluster whose last operation failed (reconcile), instead of nothing to do", () => {
    const failed = cluster("c", OVERLAY, undefined, { provisioningState: "Failed" });
    const { plan, view } = upgradeOperation.decide(request, { cluster: failed }, ctx);
    expect(plan.valid).toBe(true);
    expect(view.nothingToDo).toBe(false);
    expect(plan.findings.map((f) => f.code)).toContain("ClusterLastOperationFailed");
    expect(plan.changes).toEqual([{ action: "update", resourceType: "Microsoft.ContainerService/managedClusters", resourceId: clusterId("c"), etag: "c-etag-1", diff: [], body: failed }]);
    expect(view.question).toContain("reconcile");
  });

  it("refuses a cluster with an operation running as a conflict, and a stopped one as a rule", () => {
    for (const state of ["Updating", "Upgrading", "Creating", "Scaling"]) {
      const { plan, view } = upgradeOperation.decide(request, observed(cluster("c", KUBENET, undefined, { provisioningState: state })), ctx);
      expect(errors(plan.findings)).toEqual(["UpgradeClusterNotReady"]);
      expect(plan.findings[0]?.message).toContain(`is ${state}`);
      expect(view.conflict).toBe(true);
    }
    const stopped = upgradeOperation.decide(request, observed(cluster("c", KUBENET, undefined, { powerState: { code: "Stopped" } })), ctx);
    expect(errors(stopped.plan.findings)).toEqual(["UpgradeClusterNotReady"]);
    expect(stopped.view.conflict).toBe(false);
    // A failed kubenet cluster is repaired first (overlay-rules.md): refused as a rule, not a conflict.
    const failedKubenet = upgradeOperation.decide(request, observed(cluster("c", KUBENET, undefined, { provisioningState: "Failed" })), ctx);
    expect(errors(failedKubenet.plan.findings)).toEqual(["UpgradeClusterNotReady"]);
    expect(failedKubenet.plan.findings.find((f) => f.code === "UpgradeClusterNotReady")?.hint).toContain("'az aks update -g rg -n c' (no changes)");
    expect(failedKubenet.view.conflict).toBe(false);
  });

  it("reports a missing cluster and a cluster without an eTag as findings", () => {
    const missing = upgradeOperation.decide(request, {}, ctx).plan;
    expect(errors(missing.findings)).toEqual(["ClusterNotFound"]);
    expect(missing.basis).toEqual([{ resourceId: clusterId("c"), etag: null }]);
    const noEtag = cluster("c", KUBENET, undefined, {}, { eTag: undefined });
    expect(errors(upgradeOperation.decide(request, observed(noEtag), ctx).plan.findings)).toEqual(["ETagMissing"]);
  });
});

describe("nodepool add", () => {
  const request = (pool: NodepoolAddRequest["pool"] = {}): NodepoolAddRequest => ({ subscriptionId: SUB, resourceGroup: RG, clusterName: "c", name: "batch", pool: { nodeCount: 2, ...pool } });
  const observed = (c = cluster("c", OVERLAY, [pool("system", { mode: "System" })])) => ({ cluster: c, vnets: { vnets: [vnet()], managed: false } });

  it("creates only the new pool, in the system pool's subnet by default", () => {
    const { plan } = nodepoolAddOperation.decide(request(), observed(), ctx);
    expect(errors(plan.findings)).toEqual([]);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ action: "create", resourceId: `${clusterId("c")}/agentPools/batch`, etag: null });
    expect(plan.changes[0]?.body).toEqual({ properties: expect.objectContaining({ count: 2, mode: "User", vnetSubnetID: subnetId("nodes") }) });
    expect(plan.defaulted).toContain("properties.vnetSubnetID");
  });

  it("warns when the cluster identity has no role on a new subnet, and not for a subnet its pools use", () => {
    const withPrincipal = cluster("c", OVERLAY, [pool("system", { mode: "System" })], {}, { identity: { type: "SystemAssigned", principalId: "pid" } });
    const bare = nodepoolAddOperation.decide(request({ vnetSubnetId: subnetId("batch") }), { ...observed(withPrincipal), assignments: [{ principalId: "pid", assignments: [] }] }, ctx).plan;
    expect(bare.findings.find((f) => f.code === "SubnetPermissionMissing")?.path).toBe("pools[batch].subnet");
    const granted = nodepoolAddOperation.decide(request({ vnetSubnetId: subnetId("batch") }), { ...observed(withPrincipal), assignments: [{ principalId: "pid", assignments: [assignment(vnetId(), "pid")] }] }, ctx).plan;
    expect(granted.findings.map((f) => f.code)).not.toContain("SubnetPermissionMissing");
    expect(nodepoolAddOperation.decide(request({ vnetSubnetId: subnetId("nodes") }), observed(withPrincipal), ctx).plan.findings.map((f) => f.code)).not.toContain("SubnetPermissionMissing");
  });

  it("refuses a pool outside the cluster's VNet, a subnet that does not exist, and a name in use", () => {
    const other = nodepoolAddOperation.decide(request({ vnetSubnetId: subnetId("shared", "hub") }), observed(), ctx).plan;
    expect(errors(other.findings)).toContain("NodePoolSubnetOtherVnet");
    expect(other.findings.find((f) => f.code === "NodePoolSubnetOtherVnet")?.path).toBe("pools[batch].subnet");
    expect(errors(nodepoolAddOperation.decide(request({ vnetSubnetId: subnetId("nope") }), observed(), ctx).plan.findings)).toContain("SubnetNotFound");
    const taken = nodepoolAddOperation.decide({ ...request(), name: "system" }, observed(), ctx);
    expect(errors(taken.plan.findings)).toContain("NodePoolExists");
    expect(taken.view.conflict).toBe(true);
  });

  it("refuses to add a pool while an operation runs on the cluster (a conflict)", () => {
    const busy = cluster("c", OVERLAY, [pool("system", { mode: "System" })], { provisioningState: "Updating" });
    const { plan, view } = nodepoolAddOperation.decide(request(), observed(busy), ctx);
    expect(errors(plan.findings)).toEqual(["UpgradeClusterNotReady"]);
    expect(view.conflict).toBe(true);
  });

  it("refuses a cluster that is not on overlay, and one that does not exist", () => {
    expect(errors(nodepoolAddOperation.decide(request(), { cluster: cluster("c", KUBENET) }, ctx).plan.findings)).toEqual(["ClusterNotOverlay"]);
    expect(errors(nodepoolAddOperation.decide(request(), {}, ctx).plan.findings)).toEqual(["ClusterNotFound"]);
  });

  it("says how many nodes the pool can have when the pod CIDR is short", () => {
    const small = cluster("c", { ...OVERLAY, podCidr: "192.168.0.0/22", podCidrs: ["192.168.0.0/22"] }, [pool("system", { mode: "System", count: 1 })]);
    const { plan } = nodepoolAddOperation.decide(request({ nodeCount: 5 }), observed(small), ctx);
    const short = plan.findings.find((f) => f.code === "InsufficientPodCidr");
    expect(short?.message).toContain("pool batch can have at most 1 node");
    expect(short?.hint).toContain("--max-count / --node-count to 1");
    // The range that holds the change with a quarter free (auto would size for the cluster before it).
    expect(short?.hint).toContain("(192.168.0.0/21 at least; 192.168.0.0/20 keeps a quarter free): aks-overlay update -g rg -n c --pod-cidr 192.168.0.0/20");
  });

  it("finds the largest pool within a number of free blocks, surge included", () => {
    expect(largestPoolWithin(0, "10%")).toBe(0);
    expect(largestPoolWithin(2, "10%")).toBe(1);
    expect(largestPoolWithin(11, "10%")).toBe(10);
    expect(largestPoolWithin(10, "0")).toBe(10);
    expect(largestPoolWithin(8, "100%")).toBe(4);
  });
});

describe("the cluster's network", () => {
  it("counts a subnet's addresses used by others, never the cluster's own nodes", () => {
    const withNics = vnet({}, { subnets: [{ id: subnetId("nodes"), name: "nodes", properties: { addressPrefix: "10.224.0.0/24", ipConfigurations: Array.from({ length: 10 }, () => ({})) } }] });
    const c = clusterView(cluster("c", OVERLAY, [pool("system", { mode: "System", count: 4 })]));
    const net = clusterNetwork(c, { vnets: [withNics], managed: false });
    expect(net.context?.subnets[0]?.inUse).toBe(6);
    const legacy = clusterView(cluster("c", LEGACY, [pool("system", { mode: "System", count: 1, maxPods: 5 })]));
    expect(clusterNetwork(legacy, { vnets: [withNics], managed: false }).context?.subnets[0]?.inUse).toBe(4);
  });
});
