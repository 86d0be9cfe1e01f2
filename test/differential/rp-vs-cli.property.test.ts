/**
 * Differential test: the CLI's pure rules (resolveDesign + validateDesign) against the emulator's
 * resource provider (src/emulator/rp.ts, an independent model of AKS), on the same generated
 * overlay designs and the same scenario VNet. The RP is called in-process (EmulatorState.putCluster,
 * no HTTP).
 *
 * What must hold:
 * 1. the CLI never passes a design the RP refuses (it would let a user write what Azure refuses);
 * 2. when both refuse, the CLI names the RP's reason among its findings (RP_REASON below);
 * 3. when the CLI refuses and the RP accepts, every error finding is deliberate strictness, listed
 *    in CLI_STRICTNESS with why. Warnings and notes never count.
 * A disagreement outside that list fails with the design printed: that is this test's purpose.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cidrFrom } from "../../src/network/cidr.js";
import { type DesignInput, resolveDesign } from "../../src/network/design.js";
import { networkFromVnet, vnetView } from "../../src/network/fromVnet.js";
import { validateDesign } from "../../src/network/validate.js";
import { ArmHttpError, type Json, clusterId, vnetId } from "../../src/emulator/resources.js";
import { DEMO, demoScenario } from "../../src/emulator/scenarios.js";
import { EmulatorState } from "../../src/emulator/state.js";

const SUB = DEMO.subscriptionId;
const RG = DEMO.resourceGroup;

/**
 * CLI error findings the RP has no refusal for, on purpose. Each names why the CLI is stricter.
 * (Warnings, such as PodCidrHeadroomLow and PodCidrNotPrivate, are not errors: they never count.)
 */
const CLI_STRICTNESS: Record<string, string> = {
  PodCidrOverlapsPeeredNetwork:
    "The RP reads the cluster's VNet and its subnets, not what is peered to it; a pod CIDR overlapping a peered VNet is accepted by Azure but makes those hosts unreachable (azure-cni-overlay.md: must not overlap directly connected networks).",
  ServiceCidrOverlapsPeeredNetwork: "As above, for the service CIDR: the RP does not read peerings.",
  ServiceCidrOverlapsVnet:
    "The CLI also refuses a service CIDR inside the VNet's address space but outside every subnet; the RP checks subnets only ('is conflicted with an existing subnet CIDR', Azure/azure-cli#20810), so a later subnet could collide.",
  SpecialPurposeRange: "Loopback, this-network, multicast and reserved (240/4) ranges: the RP has no documented refusal for them; they are never routable, so the CLI refuses them early.",
  ServiceCidrTooLarge:
    "An IPv4 service CIDR of /12 or larger: the RP accepts the PUT, but kube-apiserver refuses a --service-cluster-ip-range over 2^20 addresses, so provisioning fails later; the CLI refuses it before anything is written.",
  DnsServiceIpReserved:
    "The service CIDR's network address: the RP's codes name only the API server's address (DnsServiceIpConflicting) and the broadcast address (DnsBroadcastAddressConflicting); the network address is never a usable service IP, so the CLI refuses it too.",
};

/** The CLI finding codes that state the same reason as each RP refusal (code, or code@target). */
const RP_REASON: Record<string, string[]> = {
  NetworkProfileCIDROverlapVNET: ["PodCidrOverlapsVnet"],
  ServiceCidrOverlapExistingSubnetsCidr: ["ServiceCidrOverlapsVnet"],
  PodCidrOverlapServiceCidr: ["PodCidrOverlapsServiceCidr"],
  DnsServiceIpOutOfServiceCidr: ["DnsServiceIpOutOfServiceCidr"],
  DnsServiceIpConflicting: ["DnsServiceIpReserved"],
  DnsBroadcastAddressConflicting: ["DnsServiceIpReserved"],
  "InsufficientSubnetSize@networkProfile.podCIDR": ["InsufficientPodCidr"],
  "InsufficientSubnetSize@agentPoolProfile.vnetSubnetID": ["InsufficientSubnetSize"],
  "InvalidParameter@networkProfile.podCIDR": ["ReservedRangeOverlap"],
  "InvalidParameter@networkProfile.serviceCIDR": ["ReservedRangeOverlap"],
  InsufficientMaxPods: ["MaxPodsOutOfRange"],
  MaxPodsLimitExceeded: ["MaxPodsOutOfRange"],
  InvalidServiceCidrIPv6MaskSize: ["ServiceCidrTooLarge"],
  CidrStringParseError: ["InvalidCidr"],
  UnexpectedIPVersionCIDR: ["InvalidCidr", "IpFamiliesMismatch"],
  SingleStackVnetSubnetWithDualStackCluster: ["DualStackSubnetIpv4Only", "DualStackUpdateSubnetIpv4Only"],
};

/** A dual-stack VNet beside the demo's (added in this test only, in demo-rg, eastus). */
function dualStackVnet(): Json {
  const id = vnetId(SUB, RG, "dual-vnet");
  return {
    id,
    name: "dual-vnet",
    type: "Microsoft.Network/virtualNetworks",
    location: DEMO.location,
    etag: 'W/"dual-1"',
    properties: {
      addressSpace: { addressPrefixes: ["10.42.0.0/16", "fd00:42::/48"] },
      subnets: [{ id: `${id}/subnets/dual-nodes`, name: "dual-nodes", properties: { addressPrefixes: ["10.42.0.0/22", "fd00:42::/64"] } }],
      virtualNetworkPeerings: [],
    },
  };
}

const SCENARIO = (() => {
  const s = demoScenario();
  s.virtualNetworks.push(dualStackVnet());
  return s;
})();

interface PoolGen {
  subnet: string;
  count: number;
  autoscale?: { min: number; max: number };
  maxSurge: string;
  maxPods: number;
}

interface DesignGen {
  vnet: "demo-vnet" | "dual-vnet";
  dual: boolean;
  podCidr: string;
  podCidrV6: string;
  serviceCidr: string;
  serviceCidrV6: string;
  dnsServiceIp: string;
  pools: PoolGen[];
}

const ip4 = (n: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join(".");
const toInt = (dotted: string): bigint => dotted.split(".").reduce((a, o) => (a << 8n) | BigInt(o), 0n);

/** Anchors where interesting things are: inside the VNet, the peered hub, private space, reserved and special ranges. */
const ANCHORS = ["10.224.0.0", "10.226.0.0", "10.0.0.0", "10.244.0.0", "192.168.0.0", "172.16.0.0", "100.64.0.0", "172.30.0.0", "169.254.0.0", "192.0.2.0", "127.0.0.0", "10.42.0.0", "11.0.0.0"];

/** A canonical IPv4 CIDR near an anchor. */
const cidr4 = (minPrefix: number, maxPrefix: number): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: minPrefix, max: maxPrefix })).map(([anchor, offset, prefix]) => {
    const raw = toInt(anchor) + (BigInt(offset) << 8n);
    const start = raw & ~((1n << BigInt(32 - prefix)) - 1n) & 0xffffffffn;
    return cidrFrom(4, start, prefix).text;
  });

const pool = (subnets: readonly string[]): fc.Arbitrary<PoolGen> =>
  fc.record({
    subnet: fc.constantFrom(...subnets),
    count: fc.integer({ min: 1, max: 40 }),
    autoscale: fc.option(fc.record({ min: fc.integer({ min: 1, max: 5 }), max: fc.integer({ min: 5, max: 300 }) }), { nil: undefined }),
    maxSurge: fc.constantFrom("1", "10%", "33%", "5", "100%"),
    maxPods: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 10, max: 250 }) }, { weight: 1, arbitrary: fc.constantFrom(5, 9, 251, 300) }),
  });

/** The DNS service IP: usually the service CIDR's 10th address; sometimes its first, network or broadcast address, or elsewhere. */
const dnsFor = (serviceCidr: string, pick: number, stray: string): string => {
  const [base, p] = serviceCidr.split("/") as [string, string];
  const start = toInt(base);
  const end = start + (1n << BigInt(32 - Number(p))) - 1n;
  return [ip4(start + 10n > end ? end : start + 10n), ip4(start + 1n), ip4(start), ip4(end), stray][pick] as string;
};

function designs(kind: "single" | "dual" | "dual-in-v4-subnet"): fc.Arbitrary<DesignGen> {
  const vnet = kind === "dual" ? "dual-vnet" : "demo-vnet";
  const subnets = vnet === "dual-vnet" ? ["dual-nodes"] : ["aks-nodes", "aks-nodes", "pool-dedicated", "small"];
  return fc
    .record({
      podCidr: cidr4(8, 28),
      podCidrV6: fc.constantFrom(48, 64, 80, 96, 104, 112).map((p) => `fd12:3456:789a::/${p}`),
      serviceCidr: cidr4(10, 28),
      serviceCidrV6: fc.constantFrom(104, 108, 112, 120).map((p) => (p === 104 ? "fd12:3456:789a:1::/104" : `fd12:3456:789a:1::/${p}`)),
      dnsPick: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) }),
      stray: fc.integer({ min: 0, max: 0xffffff }).map((n) => ip4(toInt("10.0.0.0") + BigInt(n))),
      pools: fc.array(pool(subnets), { minLength: 1, maxLength: 3 }),
    })
    .map((r) => ({
      vnet,
      dual: kind !== "single",
      podCidr: r.podCidr,
      podCidrV6: r.podCidrV6,
      serviceCidr: r.serviceCidr,
      serviceCidrV6: r.serviceCidrV6,
      dnsServiceIp: dnsFor(r.serviceCidr, r.dnsPick, r.stray),
      pools: r.pools,
    }));
}

const subnetIdOf = (d: DesignGen, subnet: string): string => `${vnetId(SUB, RG, d.vnet)}/subnets/${subnet}`;

function poolProfiles(d: DesignGen): Json[] {
  return d.pools.map((p, i) => ({
    name: `p${i}`,
    mode: i === 0 ? "System" : "User",
    count: p.autoscale ? Math.min(Math.max(p.count, p.autoscale.min), p.autoscale.max) : p.count,
    enableAutoScaling: p.autoscale !== undefined,
    ...(p.autoscale && { minCount: p.autoscale.min, maxCount: p.autoscale.max }),
    maxPods: p.maxPods,
    vmSize: "Standard_D4s_v5",
    osType: "Linux",
    type: "VirtualMachineScaleSets",
    vnetSubnetID: subnetIdOf(d, p.subnet),
    upgradeSettings: { maxSurge: p.maxSurge },
  }));
}

type RpVerdict = { accepted: true } | { accepted: false; code: string; target?: string; message: string };

/** The RP's verdict on a create of this design (a fresh emulator state each time). */
function rpVerdict(d: DesignGen): RpVerdict {
  const state = new EmulatorState(SCENARIO);
  const body: Json = {
    location: DEMO.location,
    identity: { type: "SystemAssigned" },
    properties: {
      kubernetesVersion: "1.30.5",
      dnsPrefix: "diff",
      agentPoolProfiles: poolProfiles(d),
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataplane: "azure",
        outboundType: "loadBalancer",
        podCidr: d.podCidr,
        podCidrs: d.dual ? [d.podCidr, d.podCidrV6] : [d.podCidr],
        serviceCidr: d.serviceCidr,
        serviceCidrs: d.dual ? [d.serviceCidr, d.serviceCidrV6] : [d.serviceCidr],
        dnsServiceIP: d.dnsServiceIp,
        ipFamilies: d.dual ? ["IPv4", "IPv6"] : ["IPv4"],
      },
    },
  };
  try {
    state.putCluster(clusterId(SUB, RG, "diff"), body, undefined, "*", 0);
    return { accepted: true };
  } catch (error) {
    if (error instanceof ArmHttpError) return { accepted: false, code: error.code, target: error.target, message: error.message };
    throw error;
  }
}

/** The CLI's error findings for the same design, with the network context built from the same scenario VNet. */
function cliErrors(d: DesignGen): { code: string; message: string }[] {
  const state = new EmulatorState(SCENARIO);
  const vnet = state.getVnet(vnetId(SUB, RG, d.vnet));
  const context = networkFromVnet(vnetView(vnet));
  const cidrOf = (subnet: string): string | undefined => context.subnets.find((s) => s.name === subnet)?.cidr;
  const profiles = poolProfiles(d);
  const input: DesignInput = {
    name: "diff",
    kubernetesVersion: "1.30.5",
    ipFamilies: d.dual ? ["ipv4", "ipv6"] : ["ipv4"],
    podCidrs: d.dual ? [d.podCidr, d.podCidrV6] : [d.podCidr],
    serviceCidrs: d.dual ? [d.serviceCidr, d.serviceCidrV6] : [d.serviceCidr],
    dnsServiceIp: d.dnsServiceIp,
    networkDataplane: "azure",
    outboundType: "loadBalancer",
    nodePools: profiles.map((p, i) => ({
      name: p.name as string,
      mode: p.mode as string,
      count: p.count as number,
      enableAutoScaling: p.enableAutoScaling as boolean,
      minCount: p.minCount as number | undefined,
      maxCount: p.maxCount as number | undefined,
      maxSurge: (p.upgradeSettings as Json).maxSurge as string,
      maxPods: p.maxPods as number,
      vmSize: "Standard_D4s_v5",
      osType: "Linux",
      vmSetType: "VirtualMachineScaleSets",
      subnetCidr: cidrOf(d.pools[i]?.subnet as string),
    })),
  };
  const resolved = resolveDesign(input, { context });
  const result = validateDesign(resolved.design, resolved.network, resolved.defaulted);
  return result.findings.filter((f) => f.severity === "error").map((f) => ({ code: f.code, message: f.message }));
}

/** Every RP verdict seen (accepted, or the refusal code), so a run that tests nothing shows. */
const seen = new Map<string, number>();

/** Why the two verdicts disagree, or undefined when they agree (within the strictness list). */
function disagreement(d: DesignGen): string | undefined {
  const rp = rpVerdict(d);
  const label = rp.accepted ? "accepted" : `${rp.code}@${rp.target}`;
  seen.set(label, (seen.get(label) ?? 0) + 1);
  const cli = cliErrors(d);
  const show = (): string => `\ndesign: ${JSON.stringify(d)}\nRP: ${JSON.stringify(rp)}\nCLI errors: ${JSON.stringify(cli, null, 1)}`;
  if (!rp.accepted) {
    if (cli.length === 0) return `the CLI passes a design the RP refuses with ${rp.code}${show()}`;
    const reasons = RP_REASON[`${rp.code}@${rp.target}`] ?? RP_REASON[rp.code] ?? [];
    if (!cli.some((f) => reasons.includes(f.code))) return `the RP refuses with ${rp.code} (${rp.target}) but the CLI names none of ${JSON.stringify(reasons)}${show()}`;
    return undefined;
  }
  const unexplained = cli.filter((f) => CLI_STRICTNESS[f.code] === undefined);
  if (unexplained.length > 0) return `the CLI refuses (${unexplained.map((f) => f.code).join(", ")}) what the RP accepts, outside the strictness list${show()}`;
  return undefined;
}

const RUNS = { numRuns: 300, seed: 20261101, endOnFailure: true };

describe("CLI rules vs the emulator's RP, on generated overlay designs", () => {
  it("agree on single-stack designs in demo-vnet (peered with hub-vnet)", () => {
    fc.assert(
      fc.property(designs("single"), (d) => {
        const why = disagreement(d);
        if (why) throw new Error(why);
      }),
      RUNS,
    );
    if (process.env.SHOW_RP_VERDICTS) console.log(Object.fromEntries(seen));
    // The generator reaches both verdicts and many of the RP's reasons: this test can fail.
    expect(seen.get("accepted") ?? 0).toBeGreaterThan(20);
    expect([...seen.keys()].filter((k) => k !== "accepted").length).toBeGreaterThanOrEqual(8);
  });

  it("agree on dual-stack designs in a dual-stack subnet", () => {
    fc.assert(
      fc.property(designs("dual"), (d) => {
        const why = disagreement(d);
        if (why) throw new Error(why);
      }),
      { ...RUNS, numRuns: 80 },
    );
  });

  it("agree on dual-stack designs whose pools sit in an IPv4-only subnet", () => {
    fc.assert(
      fc.property(designs("dual-in-v4-subnet"), (d) => {
        const why = disagreement(d);
        if (why) throw new Error(why);
      }),
      { ...RUNS, numRuns: 40 },
    );
  });

  it("the strictness list names only codes the CLI can report, each with a reason", async () => {
    const { FINDING_CATALOGUE } = await import("../../src/network/findings.js");
    for (const [code, why] of Object.entries(CLI_STRICTNESS)) {
      expect(Object.keys(FINDING_CATALOGUE)).toContain(code);
      expect(why.length).toBeGreaterThan(40);
    }
  });
});
