/** update, decided on clusters and VNets built in the test: one network change per operation. */
import { describe, expect, it } from "vitest";
import { updateOperation, type UpdateRequest } from "../../src/ops/update.js";
import { RequestProblem } from "../../src/ops/operation.js";
import { KUBENET, OVERLAY, SUB, RG, cluster, pool, subnetId, vnet } from "../helpers/arm.js";

const ctx = { armEndpoint: "http://127.0.0.1:1", now: new Date("2026-11-30T00:00:00Z") };
const errors = (findings: { severity: string; code: string }[]) => findings.filter((f) => f.severity === "error").map((f) => f.code);
const request = (change: Partial<UpdateRequest>): UpdateRequest => ({ subscriptionId: SUB, resourceGroup: RG, name: "c", ...change });
const net = { vnets: { vnets: [vnet()], managed: false } };
const tenAt = (prefix: number) => ({ ...OVERLAY, podCidr: `10.244.0.0/${prefix}`, podCidrs: [`10.244.0.0/${prefix}`] });
/** Three nodes + one surge fill a /22: no headroom left. */
const full = () => cluster("c", tenAt(22), [pool("system", { mode: "System", count: 3, upgradeSettings: { maxSurge: "1" } })]);

describe("update --pod-cidr", () => {
  it("expands to a larger superset: the cluster as read with only the pod CIDR changed", () => {
    const before = full();
    const { plan } = updateOperation.decide(request({ podCidr: "10.244.0.0/20" }), { cluster: before, ...net }, ctx);
    expect(errors(plan.findings)).toEqual([]);
    expect(plan.changes[0]?.diff).toEqual([
      { path: "properties.networkProfile.podCidr", before: "10.244.0.0/22", after: "10.244.0.0/20" },
      { path: "properties.networkProfile.podCidrs", before: ["10.244.0.0/22"], after: ["10.244.0.0/20"] },
    ]);
    expect(plan.changes[0]?.etag).toBe("c-etag-1");
  });
  it("refuses a range that is not a superset, and on a cluster not on overlay", () => {
    expect(errors(updateOperation.decide(request({ podCidr: "10.250.0.0/16" }), { cluster: full(), ...net }, ctx).plan.findings)).toContain("PodCidrExpansionNotSuperset");
    expect(errors(updateOperation.decide(request({ podCidr: "10.244.0.0/23" }), { cluster: full(), ...net }, ctx).plan.findings)).toContain("PodCidrExpansionNotSuperset");
    expect(errors(updateOperation.decide(request({ podCidr: "10.244.0.0/16" }), { cluster: cluster("c", KUBENET), ...net }, ctx).plan.findings)).toContain("PodCidrExpansionNotOverlay");
  });
  it("auto: the smallest superset with 25% free, and the largest that conflicts with nothing", () => {
    const { plan, view } = updateOperation.decide(request({ podCidr: "auto" }), { cluster: full(), ...net }, ctx);
    expect(errors(plan.findings)).toEqual([]);
    expect(plan.changes[0]?.diff[0]).toEqual({ path: "properties.networkProfile.podCidr", before: "10.244.0.0/22", after: "10.244.0.0/21" });
    expect(view.notes.map((n) => n.text).join("\n")).toContain("the largest that conflicts with nothing is 10.240.0.0/12");
  });
  it("auto: refused on a cluster not on overlay, as an explicit range is (never 'nothing to do')", () => {
    const { plan, view } = updateOperation.decide(request({ podCidr: "auto" }), { cluster: cluster("c", KUBENET), ...net }, ctx);
    expect(errors(plan.findings)).toEqual(["PodCidrExpansionNotOverlay"]);
    expect(view.nothingToDo).not.toBe(true);
  });
  it("auto: nothing to do when the pod CIDR already has room", () => {
    const roomy = cluster("c", tenAt(16), [pool("system", { mode: "System", count: 3 })]);
    const { plan, view } = updateOperation.decide(request({ podCidr: "auto" }), { cluster: roomy, ...net }, ctx);
    expect(view.nothingToDo).toBe(true);
    expect(plan.changes.map((c) => c.action)).toEqual(["noop"]);
  });
});

describe("update --ip-families ipv4,ipv6", () => {
  const dualVnet = vnet({}, {
    addressSpace: { addressPrefixes: ["10.224.0.0/12", "fd00:1::/48"] },
    subnets: [{ id: subnetId("nodes"), name: "nodes", properties: { addressPrefixes: ["10.224.0.0/16", "fd00:1::/64"] } }],
  });
  it("adds IPv6 with Azure's default IPv6 ranges, marked as defaults", () => {
    const { plan } = updateOperation.decide(request({ ipFamilies: ["ipv4", "ipv6"] }), { cluster: cluster("c", OVERLAY), vnets: { vnets: [dualVnet], managed: false } }, ctx);
    expect(errors(plan.findings)).toEqual([]);
    const np = (plan.changes[0]?.body.properties as any).networkProfile;
    expect(np).toMatchObject({ ipFamilies: ["IPv4", "IPv6"], podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"], serviceCidrs: ["172.16.0.0/16", "fd12:3456:789a:1::/108"] });
    expect(plan.defaulted).toEqual(["properties.networkProfile.podCidrs", "properties.networkProfile.serviceCidrs"]);
  });
  it("refuses subnets without IPv6", () => {
    expect(errors(updateOperation.decide(request({ ipFamilies: ["ipv4", "ipv6"] }), { cluster: cluster("c", OVERLAY), ...net }, ctx).plan.findings)).toContain("DualStackUpdateSubnetIpv4Only");
  });
  it("refuses a cluster with Static Egress Gateway (IPv4-only), naming it", () => {
    const withGateway = cluster("c", { ...OVERLAY, staticEgressGatewayProfile: { enabled: true } });
    const { plan } = updateOperation.decide(request({ ipFamilies: ["ipv4", "ipv6"] }), { cluster: withGateway, vnets: { vnets: [dualVnet], managed: false } }, ctx);
    const finding = plan.findings.find((f) => f.code === "DualStackUnsupportedFeature");
    expect(finding).toMatchObject({ severity: "error", path: "network.staticEgressGateway", values: ["Static Egress Gateway"] });
    // The same cluster with the gateway off (or the profile absent) is fine.
    const off = cluster("c", { ...OVERLAY, staticEgressGatewayProfile: { enabled: false } });
    expect(errors(updateOperation.decide(request({ ipFamilies: ["ipv4", "ipv6"] }), { cluster: off, vnets: { vnets: [dualVnet], managed: false } }, ctx).plan.findings)).toEqual([]);
  });
});

describe("update --network-dataplane cilium", () => {
  it("sets the dataplane and network policy cilium, warning that every pool is re-imaged", () => {
    const { plan } = updateOperation.decide(request({ networkDataplane: "cilium" }), { cluster: cluster("c", OVERLAY), ...net }, ctx);
    expect(errors(plan.findings)).toEqual([]);
    expect(plan.findings.map((f) => f.code)).toContain("CiliumUpdateReimagesAllPools");
    expect(plan.changes[0]?.diff.map((d) => d.path)).toEqual(["properties.networkProfile.networkDataplane", "properties.networkProfile.networkPolicy"]);
  });
  it("refuses kubenet (two operations) and Windows pools", () => {
    expect(errors(updateOperation.decide(request({ networkDataplane: "cilium" }), { cluster: cluster("c", KUBENET), ...net }, ctx).plan.findings)).toContain("CiliumUpdateNotOverlay");
    const windows = cluster("c", OVERLAY, [pool("system", { mode: "System" }), pool("win", { osType: "Windows" })]);
    expect(errors(updateOperation.decide(request({ networkDataplane: "cilium" }), { cluster: windows, ...net }, ctx).plan.findings)).toContain("CiliumUpdateWindows");
  });
});

describe("update requests", () => {
  it.each([
    [{}, "nothing to change"],
    [{ podCidr: "auto", networkDataplane: "cilium" }, "one network change per operation"],
    [{ ipFamilies: ["ipv4"] }, "--ip-families ipv4,ipv6"],
    [{ networkDataplane: "azure" }, "moving back to azure is not supported"],
  ])("refuses %j before any request", (change, words) => {
    expect(() => updateOperation.checkRequest(request(change))).toThrow(RequestProblem);
    expect(() => updateOperation.checkRequest(request(change))).toThrow(words);
  });
  it("refuses a cluster with an operation running as a conflict", () => {
    const busy = cluster("c", OVERLAY, undefined, { provisioningState: "Updating" });
    const { plan, view } = updateOperation.decide(request({ networkDataplane: "cilium" }), { cluster: busy, ...net }, ctx);
    expect(errors(plan.findings)).toContain("UpdateClusterNotReady");
    expect(view.conflict).toBe(true);
  });
  it("names a missing cluster", () => {
    expect(errors(updateOperation.decide(request({ podCidr: "auto" }), {}, ctx).plan.findings)).toEqual(["ClusterNotFound"]);
  });
});
