/** Read-back after apply: a change Azure reported Succeeded must be in the resource it returns. */
import { describe, expect, it } from "vitest";
import { missingEffects } from "../../src/ops/apply.js";
import type { Change } from "../../src/plan/plan.js";

const change = (diff: Change["diff"], action: Change["action"] = "update"): Change => ({ action, resourceType: "t", resourceId: "/x", etag: "e", diff, body: {} });

describe("missingEffects", () => {
  const resource = { properties: { networkProfile: { podCidr: "10.0.0.0/14", podCidrs: ["10.0.0.0/14"], networkDataplane: "Cilium" }, agentPoolProfiles: [{ count: 5 }] } };
  it("finds nothing missing when every planned value holds (strings without regard to case)", () => {
    expect(missingEffects(change([{ path: "properties.networkProfile.podCidr", before: "10.0.0.0/16", after: "10.0.0.0/14" }, { path: "properties.networkProfile.networkDataplane", before: "azure", after: "cilium" }, { path: "properties.agentPoolProfiles[0].count", before: 3, after: 5 }]), resource)).toEqual([]);
  });
  it("names each path that does not hold its planned value", () => {
    expect(missingEffects(change([{ path: "properties.networkProfile.podCidr", before: "10.0.0.0/16", after: "10.0.0.0/12" }, { path: "properties.networkProfile.podCidrs", before: ["10.0.0.0/16"], after: ["10.0.0.0/14"] }, { path: "properties.agentPoolProfiles[0].count", before: 3, after: 6 }]), resource)).toEqual([
      "properties.networkProfile.podCidr",
      "properties.agentPoolProfiles[0].count",
    ]);
  });
  it("checks only updates, and a removed field must be gone", () => {
    expect(missingEffects(change([{ path: "a", before: null, after: 1 }], "create"), {})).toEqual([]);
    expect(missingEffects(change([{ path: "properties.x", before: 1, after: null }]), { properties: { x: 1 } })).toEqual(["properties.x"]);
    expect(missingEffects(change([{ path: "properties.x", before: 1, after: null }]), { properties: {} })).toEqual([]);
  });
});
