/** nodepool scale / update, decided on clusters and pools built in the test. */
import { describe, expect, it } from "vitest";
import { nodepoolScaleOperation, nodepoolUpdateOperation, type NodepoolChangeRequest } from "../../src/ops/nodepoolChange.js";
import { RequestProblem } from "../../src/ops/operation.js";
import { OVERLAY, KUBENET, SUB, RG, cluster, clusterId, pool, vnet } from "../helpers/arm.js";

const ctx = { armEndpoint: "http://127.0.0.1:1", now: new Date("2026-11-30T00:00:00Z") };
const errors = (findings: { severity: string; code: string }[]) => findings.filter((f) => f.severity === "error").map((f) => f.code);
const request = (change: Partial<NodepoolChangeRequest>): NodepoolChangeRequest => ({ subscriptionId: SUB, resourceGroup: RG, clusterName: "c", name: "batch", ...change });
/** The pool as ARM sends it on its own: properties nested, its eTag in them, a field no SDK knows. */
const poolResource = (props: Record<string, unknown>) => ({ id: `${clusterId("c")}/agentPools/batch`, name: "batch", properties: { ...props, eTag: "batch-etag-1", futurePoolField: { nested: ["x"] } } });
const small = { ...OVERLAY, podCidr: "192.168.0.0/22", podCidrs: ["192.168.0.0/22"] };

function observed(props: Record<string, unknown>, network: Record<string, unknown> = small) {
  const batch = pool("batch", props);
  return { cluster: cluster("c", network, [pool("system", { mode: "System", count: 1, upgradeSettings: { maxSurge: "1" } }), batch]), pool: poolResource(batch), vnets: { vnets: [vnet()], managed: false } };
}

describe("nodepool scale", () => {
  it("PUTs the pool as read with only its count changed, If-Match on the pool's eTag", () => {
    const { plan, view } = nodepoolScaleOperation.decide(request({ nodeCount: 1 }), observed({ count: 0, upgradeSettings: { maxSurge: "1" } }), ctx);
    expect(errors(plan.findings)).toEqual([]);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ action: "update", etag: "batch-etag-1", diff: [{ path: "properties.count", before: 0, after: 1 }] });
    expect((plan.changes[0]?.body.properties as any).futurePoolField).toEqual({ nested: ["x"] });
    expect(view.nothingToDo).toBe(false);
  });
  it("refuses a count the pod CIDR cannot hold (exit 3), naming the largest that fits and the expansion", () => {
    // A /22 holds 4 /24 blocks: system 1 + 1 surge leaves 2: batch can have 1 node with its surge of 1.
    const { plan } = nodepoolScaleOperation.decide(request({ nodeCount: 3 }), observed({ count: 0, upgradeSettings: { maxSurge: "1" } }), ctx);
    const short = plan.findings.find((f) => f.code === "InsufficientPodCidr");
    expect(short?.message).toContain("pool batch can have at most 1 node");
    expect(short?.hint).toContain("(192.168.0.0/21 at least): aks-overlay update -g rg -n c --pod-cidr 192.168.0.0/21");
    expect(plan.changes).toEqual([]);
  });
  it("has nothing to do for the count the pool has", () => {
    const { plan, view } = nodepoolScaleOperation.decide(request({ nodeCount: 1 }), observed({ count: 1, upgradeSettings: { maxSurge: "1" } }), ctx);
    expect(view.nothingToDo).toBe(true);
    expect(plan.changes.map((c) => c.action)).toEqual(["noop"]);
  });
  it("refuses to scale an autoscaled pool, a missing pool, a cluster not on overlay", () => {
    expect(errors(nodepoolScaleOperation.decide(request({ nodeCount: 2 }), observed({ count: 1, enableAutoScaling: true, minCount: 1, maxCount: 2 }), ctx).plan.findings)).toContain("NodeCountInvalid");
    expect(errors(nodepoolScaleOperation.decide(request({ nodeCount: 2 }), { cluster: observed({}).cluster }, ctx).plan.findings)).toEqual(["NodePoolNotFound"]);
    expect(errors(nodepoolScaleOperation.decide(request({ nodeCount: 2 }), { ...observed({}), cluster: cluster("c", KUBENET) }, ctx).plan.findings)).toEqual(["ClusterNotOverlay"]);
  });
  it("needs --node-count", () => {
    expect(() => nodepoolScaleOperation.checkRequest(request({}))).toThrow(RequestProblem);
  });
});

describe("nodepool update", () => {
  it("changes the autoscaler's range and keeps the count inside it", () => {
    const { plan } = nodepoolUpdateOperation.decide(request({ autoscaler: "enable", minCount: 1, maxCount: 1 }), observed({ count: 0, upgradeSettings: { maxSurge: "1" } }, OVERLAY), ctx);
    expect(errors(plan.findings)).toEqual([]);
    expect(plan.changes[0]?.diff).toEqual(
      expect.arrayContaining([
        { path: "properties.enableAutoScaling", before: null, after: true },
        { path: "properties.minCount", before: null, after: 1 },
        { path: "properties.maxCount", before: null, after: 1 },
        { path: "properties.count", before: 0, after: 1 },
      ]),
    );
  });
  it("refuses a maximum the pod CIDR cannot hold", () => {
    expect(errors(nodepoolUpdateOperation.decide(request({ autoscaler: "update", minCount: 1, maxCount: 50 }), observed({ count: 1, enableAutoScaling: true, minCount: 1, maxCount: 1 }), ctx).plan.findings)).toContain("InsufficientPodCidr");
  });
  it("disables the autoscaler, dropping the range", () => {
    const { plan } = nodepoolUpdateOperation.decide(request({ autoscaler: "disable" }), observed({ count: 1, enableAutoScaling: true, minCount: 1, maxCount: 1 }), ctx);
    expect(plan.changes[0]?.diff.map((d) => d.path).sort()).toEqual(["properties.enableAutoScaling", "properties.maxCount", "properties.minCount"]);
  });
  it("changes the upgrade surge, which the pod CIDR must hold too", () => {
    expect(errors(nodepoolUpdateOperation.decide(request({ maxSurge: "100%" }), observed({ count: 1, upgradeSettings: { maxSurge: "1" } }), ctx).plan.findings)).toEqual([]);
    expect(errors(nodepoolUpdateOperation.decide(request({ maxSurge: "3" }), observed({ count: 1, upgradeSettings: { maxSurge: "1" } }), ctx).plan.findings)).toContain("InsufficientPodCidr");
  });
  it.each([
    [{ autoscaler: "enable" as const, minCount: 1 }, "needs both"],
    [{ autoscaler: "disable" as const, minCount: 1 }, "takes no"],
    [{ minCount: 1, maxCount: 2 }, "--update-cluster-autoscaler"],
    [{}, "nothing to change"],
  ])("refuses %j before any request", (change, words) => {
    expect(() => nodepoolUpdateOperation.checkRequest(request(change))).toThrow(words);
  });
});
