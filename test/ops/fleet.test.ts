/** The pure parts of the fleet: a legacy CNI cluster's proposed pod CIDR, and the order of waves. */
import { describe, expect, it } from "vitest";
import { joinVnets, proposePodCidr, waveOrder } from "../../src/ops/fleetScan.js";
import { networkFromVnet } from "../../src/network/fromVnet.js";
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

describe("joinVnets", () => {
  const vnetId = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v";
  const vnetRow = (subnetCount: number) => ({
    id: vnetId,
    name: "v",
    resourceGroup: "g",
    subscriptionId: "s",
    addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
    peerings: [{ id: `${vnetId}/virtualNetworkPeerings/p`, name: "p", properties: { peeringState: "Connected", remoteVirtualNetwork: { id: "/x/hub" }, remoteAddressSpace: { addressPrefixes: ["10.1.0.0/16"] } } }],
    subnetCount,
  });
  const subnetRow = (n: number, ips: number | null) => ({
    vnetId: vnetId.toUpperCase(),
    subnetId: `${vnetId}/subnets/s${n}`,
    subnetName: `s${n}`,
    addressPrefix: `10.0.${n}.0/24`,
    addressPrefixes: null,
    routeTableId: n === 1 ? "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/routeTables/rt" : "",
    ipConfigurations: ips,
  });

  it("puts each subnet (prefix, route table, count of IP configurations) and the peerings in its VNet", () => {
    const { vnets, problems } = joinVnets([vnetRow(2)], [subnetRow(1, 12), subnetRow(2, null)]);
    expect(problems).toEqual([]);
    expect(vnets[0]?.subnets).toEqual([
      { id: `${vnetId}/subnets/s1`, name: "s1", addressPrefix: "10.0.1.0/24", ipConfigurationCount: 12, routeTable: { id: "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/routeTables/rt" } },
      { id: `${vnetId}/subnets/s2`, name: "s2", addressPrefix: "10.0.2.0/24", ipConfigurationCount: 0 },
    ]);
    const context = networkFromVnet(vnets[0] as never);
    expect(context.subnets).toEqual([
      { name: "s1", cidr: "10.0.1.0/24", inUse: 12, ipv6: false },
      { name: "s2", cidr: "10.0.2.0/24", inUse: 0, ipv6: false },
    ]);
    expect(context.peered).toEqual([{ name: "hub", cidr: "10.1.0.0/16" }]);
    expect(context.vnetCidrs).toEqual(["10.0.0.0/16"]);
  });

  it("reports a VNet whose subnet rows are fewer than its subnets, and ignores rows without a subnet", () => {
    const { vnets, problems } = joinVnets([vnetRow(3)], [subnetRow(1, 0), { vnetId, subnetId: "" }]);
    expect(vnets[0]?.subnets).toHaveLength(1);
    expect(problems).toEqual([expect.stringContaining("sent 1 of its 3 subnets")]);
  });
});
