/** The pure parts of the fleet: a legacy CNI cluster's proposed pod CIDR, and the order of waves. */
import { describe, expect, it } from "vitest";
import { proposePodCidr, waveOrder } from "../../src/ops/fleetScan.js";
import type { FleetCluster } from "../../src/plan/fleet.js";
import { parseCidr } from "../../src/network/cidr.js";

const overlaps = (a: string, b: string): boolean => {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return x.ok && y.ok && x.value.start <= y.value.end && y.value.start <= x.value.end;
};

describe("proposePodCidr", () => {
  it("is private, overlaps nothing given or reserved, and holds the blocks with a quarter free", () => {
    const avoid = ["10.0.0.0/9", "10.128.0.0/10", "172.16.0.0/13", "192.168.0.0/17"];
    for (const required of [1, 3, 12, 100, 700]) {
      const cidr = proposePodCidr(required, avoid) as string;
      expect(cidr).toBeDefined();
      for (const a of [...avoid, "172.30.0.0/16", "172.31.0.0/16"]) expect(overlaps(cidr, a)).toBe(false);
      const prefix = Number(cidr.split("/")[1]);
      expect(2 ** (24 - prefix) * 0.75).toBeGreaterThanOrEqual(required);
    }
  });
  it("finds none when every private range is taken", () => {
    expect(proposePodCidr(10, ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"])).toBeUndefined();
  });
});

describe("waveOrder", () => {
  const cluster = (id: string, nodesAtFullScale: number, env?: string): FleetCluster =>
    ({ id, nodesAtFullScale, tags: env ? { env } : {}, nodes: 0, blockers: [], findings: [], ready: true, class: "kubenet" }) as unknown as FleetCluster;
  it("puts non-production before production, and small before large", () => {
    const order = waveOrder([cluster("a", 50, "prod"), cluster("b", 3, "dev"), cluster("c", 10), cluster("d", 2, "Production"), cluster("e", 1, "test")]).map((c) => c.id);
    expect(order).toEqual(["e", "b", "c", "d", "a"]);
  });
});
