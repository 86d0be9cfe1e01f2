/**
 * apply's judgement of a saved plan, as properties: a plan judged against the plan its own request
 * yields now is the same; any edit of what it would write is caught; a changed eTag is stale.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createOperation, type CreateRequest } from "../../src/ops/create.js";
import { upgradeOperation } from "../../src/ops/upgrade.js";
import { firstDifference, judgeSavedPlan } from "../../src/plan/compare.js";
import { type PlanDocument, withoutSecrets } from "../../src/plan/plan.js";
import { GROUP, KUBENET, LOCATIONS, SUB, RG, cluster, subnetId, vnet } from "../helpers/arm.js";

const ctx = { armEndpoint: "http://127.0.0.1:1", now: new Date("2026-11-30T00:00:00Z") };
const later = { ...ctx, now: new Date("2026-12-01T00:00:00Z") };

const createRequest = fc.record({
  prefix: fc.integer({ min: 16, max: 22 }),
  count: fc.integer({ min: 1, max: 5 }),
  maxPods: fc.integer({ min: 10, max: 250 }),
  surge: fc.constantFrom("1", "10%", "33%", "0"),
  tags: fc.option(fc.dictionary(fc.constantFrom("env", "owner", "team"), fc.string({ maxLength: 8 })), { nil: undefined }),
}).map(
  ({ prefix, count, maxPods, surge, tags }): CreateRequest => ({
    subscriptionId: SUB,
    resourceGroup: RG,
    name: "c",
    location: "eastus",
    ...(tags && { tags }),
    design: {
      vnetSubnetId: subnetId("nodes"),
      podCidr: `192.168.0.0/${prefix}`,
      serviceCidr: "172.20.0.0/16",
      dnsServiceIp: "172.20.0.10",
      nodeCount: count,
      maxPods,
      maxSurge: surge,
      ...(surge === "0" && { maxUnavailable: "1" }),
    },
  }),
);

/** Every leaf path of a JSON value, as key lists. */
function leaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    const below = entries.flatMap(([k, v]) => leaves(v, [...at, k]));
    return below.length > 0 ? below : [at];
  }
  return [at];
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
}

describe("judging a saved plan", () => {
  it("is the same for a plan decided again from its own request and unchanged state, at any later time", () => {
    fc.assert(
      fc.property(createRequest, (request) => {
        const saved = withoutSecrets(createOperation.decide(request, { resourceGroup: GROUP, locations: LOCATIONS, vnet: vnet() }, ctx).plan);
        const fresh = createOperation.decide(request, { resourceGroup: GROUP, locations: LOCATIONS, vnet: vnet() }, later).plan;
        expect(judgeSavedPlan(saved, fresh).kind).toBe(fresh.valid ? "same" : "invalid");
      }),
    );
  });

  it("catches an edit of any leaf of what would be written (body, diff, target, resource ids, actions)", () => {
    fc.assert(
      fc.property(createRequest, fc.nat(), (request, pick) => {
        const fresh = createOperation.decide(request, { resourceGroup: GROUP, locations: LOCATIONS, vnet: vnet() }, ctx).plan;
        fc.pre(fresh.valid);
        const saved = structuredClone(withoutSecrets(fresh)) as PlanDocument;
        const decisive = { target: saved.target, changes: saved.changes };
        const paths = leaves(decisive);
        const path = paths[pick % paths.length] as (string | number)[];
        setAt(decisive, path, "edited-value");
        const verdict = judgeSavedPlan(saved, fresh);
        expect(verdict.kind).toBe("edited");
      }),
    );
  });

  it("is stale when a resource in the basis has another eTag now, and edited when the basis names other resources", () => {
    const before = cluster("c", KUBENET);
    const request = { subscriptionId: SUB, resourceGroup: RG, name: "c" };
    const observed = { cluster: before, vnets: { vnets: [vnet()], managed: false } };
    const saved = withoutSecrets(upgradeOperation.decide(request, observed, ctx).plan);
    const moved = { ...observed, cluster: { ...before, eTag: "c-etag-2" } };
    expect(judgeSavedPlan(saved, upgradeOperation.decide(request, moved, ctx).plan)).toMatchObject({ kind: "stale", was: "c-etag-1", now: "c-etag-2" });
    const fresh = upgradeOperation.decide(request, observed, ctx).plan;
    expect(judgeSavedPlan({ ...saved, basis: saved.basis.slice(0, 1) }, fresh).kind).toBe("edited");
    expect(judgeSavedPlan({ ...saved, basis: [] }, fresh).kind).toBe("edited");
    expect(judgeSavedPlan({ ...saved, findings: [], capacity: null, createdAt: "2000-01-01T00:00:00.000Z" }, fresh).kind).toBe("same");
  });

  it("is invalid when the request fails the rules against the state read now", () => {
    const request = { subscriptionId: SUB, resourceGroup: RG, name: "c", podCidr: "192.168.0.0/16" };
    const legacy = { cluster: cluster("c", { networkPlugin: "azure" }), vnets: { vnets: [vnet()], managed: false } };
    const saved = withoutSecrets(upgradeOperation.decide(request, legacy, ctx).plan);
    // The hub now peers 192.168.0.0/16: the same request fails PodCidrOverlapsPeeredNetwork.
    const hub = vnet({}, { virtualNetworkPeerings: [{ name: "p", properties: { remoteAddressSpace: { addressPrefixes: ["192.168.0.0/16"] } } }] });
    const fresh = upgradeOperation.decide(request, { ...legacy, vnets: { vnets: [hub], managed: false } }, ctx).plan;
    expect(judgeSavedPlan(saved, fresh).kind).toBe("invalid");
  });
});

describe("firstDifference", () => {
  it("names the first path that differs, or nothing", () => {
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }, "p")).toBeUndefined();
    expect(firstDifference({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }, "p")).toBe("p.a[1].b");
    expect(firstDifference({ a: 1 }, { a: 1, c: null }, "p")).toBe("p.c");
    expect(firstDifference([1], { 0: 1 }, "p")).toBe("p");
  });
});
