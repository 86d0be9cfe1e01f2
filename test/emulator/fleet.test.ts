/**
 * The fleet[:N] scenario: every network class and every fleet blocker of the rulebook at least once
 * (judged here from the resources themselves, not from the generator's case names), deterministic,
 * and every cluster an ordinary resource of the emulator: readable and PUT-able with the RP's checks.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FLEET_CASES, fleetCase, fleetClusterId, fleetScenario, fleetSubscriptionId } from "../../src/emulator/fleet.js";
import type { Scenario } from "../../src/emulator/scenarios.js";
import { emulators } from "./http.js";

const pool = emulators();
afterEach(() => pool.closeAll());

const lower = (v: unknown): string => String(v ?? "").toLowerCase();

/** The class of a cluster as the rulebook defines it, read from its fields. */
function classOf(c: any): string {
  const np = c.properties.networkProfile;
  if (!np || np.networkPlugin === undefined) return "unknown";
  const plugin = lower(np.networkPlugin);
  if (plugin === "kubenet") return "kubenet";
  if (plugin === "none") return "none";
  if (lower(np.networkPluginMode) === "overlay") return "overlay";
  return c.properties.agentPoolProfiles.some((p: any) => p.podSubnetID) ? "podSubnet" : "azureLegacy";
}

const minor = (v: string): number => Number(v.split(".")[1]);

function coverage(s: Scenario): Record<string, number> {
  const vnets = new Map(s.virtualNetworks.map((v: any) => [v.id.toLowerCase(), v]));
  const subnet = (id: string): any => {
    const vnet: any = vnets.get(id.toLowerCase().replace(/\/subnets\/[^/]+$/, ""));
    return vnet?.properties.subnets.find((x: any) => x.id.toLowerCase() === id.toLowerCase());
  };
  const count: Record<string, number> = {};
  const see = (k: string, yes: boolean): void => {
    count[k] = (count[k] ?? 0) + (yes ? 1 : 0);
  };
  for (const c of s.managedClusters as any[]) {
    const cls = classOf(c);
    for (const k of ["overlay", "kubenet", "azureLegacy", "podSubnet", "none", "unknown"]) see(`class:${k}`, cls === k);
    const p = c.properties;
    const pools = p.agentPoolProfiles;
    see("k8s<1.27", minor(p.kubernetesVersion) < 27);
    see("policy:azure", cls !== "overlay" && lower(p.networkProfile?.networkPolicy) === "azure");
    see("policy:calico", cls !== "overlay" && lower(p.networkProfile?.networkPolicy) === "calico");
    see("stopped", p.powerState.code === "Stopped");
    see("failed", p.provisioningState === "Failed");
    see("updating", p.provisioningState === "Updating");
    see("availabilitySet", pools.some((x: any) => x.type === "AvailabilitySet"));
    see("windowsDocker", pools.some((x: any) => x.osType === "Windows" && !/containerd/i.test(x.nodeImageVersion)));
    const routeTables = pools.map((x: any) => x.vnetSubnetID && subnet(x.vnetSubnetID)?.properties.routeTable?.id).filter(Boolean);
    const otherGroup = routeTables.some((rt: string) => rt.split("/")[4]?.toLowerCase() !== pools[0].vnetSubnetID.split("/")[4].toLowerCase());
    see("kubenetRouteTableSystemIdentity", cls === "kubenet" && otherGroup && c.identity.type === "SystemAssigned");
    see("kubenetRouteTableUserIdentity", cls === "kubenet" && otherGroup && c.identity.type === "UserAssigned");
    see("kubenetDualStack", cls === "kubenet" && (p.networkProfile.ipFamilies ?? []).includes("IPv6"));
    see("managedVnet", pools.every((x: any) => !x.vnetSubnetID) && s.virtualNetworks.some((v: any) => v.id.split("/")[4] === p.nodeResourceGroup));
    see("customVnet", pools.some((x: any) => x.vnetSubnetID));
    see("autoscaler>=100", pools.some((x: any) => x.enableAutoScaling && x.maxCount >= 100));
    const vnet: any = pools[0].vnetSubnetID && vnets.get(pools[0].vnetSubnetID.toLowerCase().replace(/\/subnets\/[^/]+$/, ""));
    const peered = vnet ? vnet.properties.virtualNetworkPeerings.flatMap((x: any) => x.properties.remoteAddressSpace.addressPrefixes) : [];
    see("tightLegacyVnet", cls === "azureLegacy" && vnet?.properties.addressSpace.addressPrefixes.includes("10.0.0.0/8") && peered.some((x: string) => x.startsWith("192.168.")));
    see("peered", peered.length > 0);
    see("pools:1", pools.length === 1);
    see("pools:5+", pools.length >= 5);
    see("env:prod", c.tags.env === "prod");
    see("env:dev", c.tags.env === "dev");
    see("env:test", c.tags.env === "test");
  }
  return count;
}

describe("fleet scenario", () => {
  it.each([40, 1000])("fleet:%i has every class and every blocker at least once", (n) => {
    const s = fleetScenario(n);
    expect(s.managedClusters).toHaveLength(n);
    expect(s.subscriptions).toHaveLength(Math.ceil(n / 40));
    const seen = coverage(s);
    const missing = Object.entries(seen).filter(([k, v]) => v === 0 && !(n === 40 && ["pools:5+"].includes(k)));
    expect(missing).toEqual([]);
    expect(FLEET_CASES.length).toBeLessThanOrEqual(40);
  });

  it("is deterministic, and a smaller fleet is the start of a larger one", () => {
    const a = JSON.stringify(fleetScenario(80));
    expect(JSON.stringify(fleetScenario(80))).toBe(a);
    const big = fleetScenario(1000);
    const small = fleetScenario(80);
    expect(JSON.stringify(big.managedClusters.slice(0, 80))).toBe(JSON.stringify(small.managedClusters));
    expect(big.managedClusters[999]?.id).toBe(fleetClusterId(999));
    expect(fleetSubscriptionId(0)).toBe("f1ee7000-0000-4000-8000-000000000001");
    expect(String(big.managedClusters[40]?.id).split("/")[2]).toBe(fleetSubscriptionId(1));
    expect(new Set(big.managedClusters.map((c: any) => c.id.toLowerCase())).size).toBe(1000);
  });

  // How fast is `npm run bench`'s (fleet:20000); here only that it is generated whole.
  it("20,000 clusters generate", { timeout: 60_000 }, () => {
    const s = fleetScenario(20_000);
    expect(s.managedClusters).toHaveLength(20_000);
    expect(new Set(s.managedClusters.map((c: any) => String(c.id).toLowerCase())).size).toBe(20_000);
  });

  it("every cluster, pool, VNet and group is served by ARM, and every cluster takes a PUT of itself (the RP's checks)", async () => {
    const c = await pool.start({ scenario: fleetScenario(80), lroPolls: 0 });
    for (let i = 0; i < 80; i++) {
      const id = fleetClusterId(i);
      const cluster = await c.read(id);
      const [, , sub, , rg] = id.split("/");
      expect((await c.get(`/subscriptions/${sub}/resourceGroups/${rg}`, { apiVersion: "2022-09-01" })).status).toBe(200);
      const pools = await c.read(`${id}/agentPools`);
      expect(pools.value.length).toBe(cluster.properties.agentPoolProfiles.length);
      for (const p of cluster.properties.agentPoolProfiles) {
        if (p.vnetSubnetID) expect((await c.get(p.vnetSubnetID.replace(/\/subnets\/.*/, ""))).status).toBe(200);
      }
      const put = await c.put(id, cluster, { headers: { "if-match": cluster.eTag } });
      expect(put.status, `${fleetCase(i)}: ${put.text}`).toBe(200);
    }
  });

  it("fleetCase names how each of the first clusters was made", () => {
    expect(fleetCase(FLEET_CASES.indexOf("kubenet-route-table-system-identity"))).toBe("kubenet-route-table-system-identity");
    const s = fleetScenario(40);
    const kubenetReady = s.managedClusters[FLEET_CASES.indexOf("kubenet-managed-vnet")] as any;
    expect(kubenetReady.properties.networkProfile.networkPlugin).toBe("kubenet");
    const unknown = s.managedClusters[FLEET_CASES.indexOf("unknown-no-network-profile")] as any;
    expect(unknown.properties.networkProfile).toBeUndefined();
  });
});
