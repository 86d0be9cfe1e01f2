/** What a shortfall or low headroom of an existing cluster's pod CIDR offers: the expansion only when one exists. */
import { describe, expect, it } from "vitest";
import { growthOfExisting } from "../../src/ops/capacityHints.js";

const cluster = { resourceGroup: "rg", name: "aks" };

describe("growthOfExisting", () => {
  it("offers update --pod-cidr auto when a private superset holds the cluster with a quarter free", () => {
    expect(growthOfExisting("10.244.0.0/22", 4, cluster)).toBe("the pod CIDR can be expanded to a superset before it runs out: aks-overlay update -g rg -n aks --pod-cidr auto (10.244.0.0/21 keeps a quarter free)");
  });
  it("says it cannot grow when no private range holds a large enough superset (never 'start with a /15 now' for a cluster that exists)", () => {
    const hint = growthOfExisting("192.168.0.0/16", 250, cluster);
    expect(hint).toBe("the pod CIDR cannot be expanded to a /15 (no private range holds one containing 192.168.0.0/16): keep the pools within it, or plan a new cluster with a larger pod CIDR");
    expect(hint).not.toContain("start with");
  });
});
