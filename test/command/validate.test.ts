/** validate as a command: TTY and pipes, documents, exit codes, files and flags together. */
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { codes, runCli, validateJson } from "../helpers/cli.js";

const ESC = "\u001b[";

describe("terminal and pipe output", () => {
  it("colours a TTY", async () => {
    const r = await runCli(["validate", "--max-pods", "5"], { tty: true });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(ESC);
  });
  it("writes no colour to a pipe", async () => {
    const r = await runCli(["validate", "--max-pods", "5"]);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).toContain("MaxPodsOutOfRange");
  });
  it("honours NO_COLOR and --no-color on a TTY", async () => {
    expect((await runCli(["validate"], { tty: true, env: { NO_COLOR: "1" } })).stdout).not.toContain(ESC);
    expect((await runCli(["validate", "--no-color"], { tty: true })).stdout).not.toContain(ESC);
  });
  it("honours FORCE_COLOR on a pipe", async () => {
    expect((await runCli(["validate"], { env: { FORCE_COLOR: "1" } })).stdout).toContain(ESC);
  });
  it("never colours JSON", async () => {
    const r = await runCli(["validate", "-o", "json"], { tty: true, env: { FORCE_COLOR: "3" } });
    expect(r.stdout).not.toContain(ESC);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
  it("lays the address map out to the terminal width", async () => {
    const narrow = await runCli(["validate"], { tty: true, columns: 70, env: { NO_COLOR: "1" } });
    const wide = await runCli(["validate"], { tty: true, columns: 150, env: { NO_COLOR: "1" } });
    const longest = (s: string) => Math.max(...s.split("\n").filter((l) => l.includes("█")).map((l) => [...l].length));
    expect(longest(narrow.stdout)).toBeLessThanOrEqual(70);
    expect(longest(wide.stdout)).toBeGreaterThan(longest(narrow.stdout));
  });
  it("prints nothing on stderr for a clean run", async () => {
    expect((await runCli(["validate"])).stderr).toBe("");
  });
});

describe("the validation document", () => {
  it("has the contract's shape", async () => {
    const { code, doc } = await validateJson(["--pod-cidr", "192.168.0.0/22", "--node-count", "3"]);
    expect(code).toBe(0);
    expect(doc).toMatchObject({ formatVersion: 1, kind: "validation", valid: true });
    expect(doc.capacity.podCidr).toEqual({
      cidr: "192.168.0.0/22",
      nodeBlocks: 4,
      requiredNodeBlocks: 4,
      maxNodes: 4,
      freeBlocksAtFullScale: 0,
      shortfallBlocks: 0,
      smallestFittingPrefix: 22,
    });
    expect(doc.capacity.nodeSubnets).toEqual([{ cidr: "10.224.0.0/16", usableAddresses: 65531, addressesInUse: 0, requiredAddresses: 4, pools: ["nodepool1"] }]);
    expect(doc.capacity.maxPodsPerNode).toBe(250);
    expect(doc.capacity.maxPods).toBe(750);
    expect(codes(doc, "warning")).toEqual(["PodCidrHeadroomLow"]);
    for (const f of doc.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(["severity", "code", "field", "path", "message"]));
  });
  it("names each finding's design path and validate's flag for it", async () => {
    const { doc } = await validateJson(["--pod-cidr", "10.244.0.0/22", "--node-count", "10"]);
    expect(doc.findings.map((f: any) => [f.code, f.path, f.field])).toEqual([["InsufficientPodCidr", "network.podCidrs[0]", "--pod-cidr"]]);
    const dual = await validateJson(["--ip-families", "ipv4,ipv6", "--pod-cidr", "10.244.0.0/22", "--node-count", "10", "--max-pods", "300"]);
    expect(dual.doc.findings.map((f: any) => [f.code, f.path, f.field])).toEqual([
      ["MaxPodsOutOfRange", "pools[nodepool1].maxPods", "--max-pods"],
      ["InsufficientPodCidr", "network.podCidrs[0]", "--pod-cidrs"],
    ]);
    const peered = await validateJson(["--vnet-cidrs", "10.224.0.0/12,192.0.2.0/24", "--peered-cidrs", "10.0.0.0/16,10.244.0.0/24"]);
    expect(peered.doc.findings.map((f: any) => [f.code, f.path, f.field])).toEqual([
      ["PodCidrOverlapsPeeredNetwork", "network.podCidrs[0]", "--pod-cidr"],
      ["ServiceCidrOverlapsPeeredNetwork", "network.serviceCidrs[0]", "--service-cidr"],
      ["ReservedRangeOverlap", "network.vnetCidrs[1]", "--vnet-cidrs"],
    ]);
    // Flags only: never --file; the whole cluster's size is the pool's size flag.
    const npm = await validateJson(["--network-policy", "azure", "--node-count", "251", "--pod-cidr", "10.0.0.0/8", "--vnet-cidrs", "172.16.0.0/16", "--node-subnet-cidr", "172.16.0.0/16", "--service-cidr", "192.168.0.0/16", "--dns-service-ip", "192.168.0.10"]);
    expect(npm.doc.findings.find((f: any) => f.code === "NetworkPolicyAzureScale")).toMatchObject({ path: "network.networkPolicy", field: "--network-policy" });
    expect(npm.doc.findings.every((f: any) => f.field !== "--file")).toBe(true);
  });
  it("names what only the design file sets with --file", async () => {
    const file = "nodePools:\n  - {name: a, mode: User, count: 3}\n  - {name: b, mode: User, count: 3, maxPods: 5}\n";
    const { code, doc } = await validateJson(["--file", "d.yaml"], { files: { "d.yaml": file } });
    expect(code).toBe(3);
    expect(doc.findings.map((f: any) => [f.code, f.path, f.field])).toEqual([
      ["MaxPodsOutOfRange", "pools[b].maxPods", "--max-pods"],
      ["SystemPoolRequired", "pools", "--file"],
    ]);
  });
  it("says which values were defaulted", async () => {
    const { doc } = await validateJson(["--pod-cidr", "192.168.0.0/16"]);
    expect(doc.defaulted).toEqual(expect.arrayContaining(["--service-cidr", "--dns-service-ip", "--max-pods", "--node-count", "--max-surge", "--vnet-cidrs"]));
    expect(doc.defaulted).not.toContain("--pod-cidr");
    expect(new Set(doc.defaulted).size).toBe(doc.defaulted.length);
    expect(doc.defaulted.every((f: string) => f.startsWith("--"))).toBe(true);
    expect(doc.design.podCidrs).toEqual(["192.168.0.0/16"]);
    expect(doc.design.serviceCidrs).toEqual(["10.0.0.0/16"]);
    expect(doc.design.network.managedVnet).toBe(true);
  });
  it("fills dual-stack defaults", async () => {
    const { code, doc } = await validateJson(["--ip-families", "ipv4,ipv6"]);
    expect(code).toBe(0);
    expect(doc.design.podCidrs).toEqual(["10.244.0.0/16", "fd12:3456:789a::/64"]);
    expect(doc.design.serviceCidrs).toEqual(["10.0.0.0/16", "fd12:3456:789a:1::/108"]);
    // A /64 holds 2^56 /120 node blocks: past 2^53, yet a power of two a JSON number holds exactly.
    expect(doc.capacity.podCidrIpv6.nodeBlocks).toBe(2 ** 56);
    expect(doc.capacity.podCidrIpv6.maxNodes).toBe(2 ** 56);
    expect(doc.capacity.podCidrIpv6.shortfallBlocks).toBe(0);
    expect(doc.defaulted).toEqual(expect.arrayContaining(["--pod-cidrs", "--service-cidrs"]));
  });
  it("names a defaulted IPv6 entry alone", async () => {
    const { doc } = await validateJson(["--ip-families", "ipv4,ipv6", "--pod-cidr", "192.168.0.0/16"]);
    expect(doc.defaulted).toContain("--pod-cidrs[1]");
    expect(doc.defaulted).not.toContain("--pod-cidrs");
    expect(doc.defaulted).toContain("--service-cidrs");
  });
  it("is the same document in YAML", async () => {
    const json = await runCli(["validate", "-o", "json", "--max-pods", "5"]);
    const yaml = await runCli(["validate", "-o", "yaml", "--max-pods", "5"]);
    expect(yaml.code).toBe(3);
    expect(parseYaml(yaml.stdout)).toEqual(JSON.parse(json.stdout));
  });
  it("exits 3 with the document when a rule fails", async () => {
    const { code, doc } = await validateJson(["--pod-cidr", "10.224.0.0/16"]);
    expect(code).toBe(3);
    expect(doc.valid).toBe(false);
    expect(codes(doc, "error")).toContain("PodCidrOverlapsVnet");
  });
});

describe("design files and flags", () => {
  const file = `
podCidr: 192.168.0.0/16
serviceCidr: 172.16.0.0/16
dnsServiceIp: 172.16.0.10
vnetCidrs: [10.224.0.0/12]
nodeSubnetCidr: 10.224.0.0/16
maxPods: 50
nodePools:
  - {name: sys, count: 3}
  - {name: apps, mode: User, enableAutoScaling: true, minCount: 1, maxCount: 20, maxPods: 110, subnetCidr: 10.225.0.0/24}
`;
  it("reads YAML", async () => {
    const { code, doc } = await validateJson(["--file", "d.yaml"], { files: { "d.yaml": file } });
    expect(code).toBe(0);
    expect(doc.design.nodePools.map((p: any) => [p.name, p.mode, p.maxPods, p.subnetCidr])).toEqual([
      ["sys", "System", 50, "10.224.0.0/16"],
      ["apps", "User", 110, "10.225.0.0/24"],
    ]);
    expect(doc.capacity.podCidr.requiredNodeBlocks).toBe(3 + 1 + 20 + 2);
  });
  it("reads YAML merge keys (<<: *anchor), a key beside one winning", async () => {
    const merged = ["podCidr: 192.168.0.0/16", "nodePools:", "  - &base", "    name: sys", "    mode: System", "    count: 3", "    maxPods: 110", "  - <<: *base", "    name: apps", "    mode: User", "    count: 5"].join("\n");
    const { code, doc } = await validateJson(["--file", "d.yaml"], { files: { "d.yaml": merged } });
    expect(code).toBe(0);
    expect(doc.design.nodePools.map((p: any) => [p.name, p.mode, p.count, p.maxPods])).toEqual([
      ["sys", "System", 3, 110],
      ["apps", "User", 5, 110],
    ]);
  });
  it("reads JSON", async () => {
    const json = JSON.stringify({ podCidr: "192.168.0.0/16", nodePools: [{ name: "sys", count: 2 }] });
    const { code, doc } = await validateJson(["--file", "d.json"], { files: { "d.json": json } });
    expect(code).toBe(0);
    expect(doc.design.nodePools[0].count).toBe(2);
  });
  it("lets flags override the file, in every pool", async () => {
    const { doc } = await validateJson(["--file", "d.yaml", "--pod-cidr", "192.168.0.0/20", "--max-pods", "30"], { files: { "d.yaml": file } });
    expect(doc.design.podCidrs).toEqual(["192.168.0.0/20"]);
    expect(doc.design.nodePools.map((p: any) => p.maxPods)).toEqual([30, 30]);
  });
  it("lets a single-value flag override the file's list, keeping its IPv6 entry", async () => {
    const dual = "ipFamilies: [ipv4, ipv6]\npodCidrs: [10.244.0.0/16, 'fd00::/64']\nserviceCidr: 10.0.0.0/16\n";
    const { code, doc } = await validateJson(["--file", "d.yaml", "--pod-cidr", "10.100.0.0/16", "--service-cidrs", "172.16.0.0/16,fd01::/108", "--dns-service-ip", "172.16.0.10"], {
      files: { "d.yaml": dual },
    });
    expect(code).toBe(0);
    expect(doc.design.podCidrs).toEqual(["10.100.0.0/16", "fd00::/64"]);
    expect(doc.design.serviceCidrs).toEqual(["172.16.0.0/16", "fd01::/108"]);
  });
  it("reads choices without regard to case, as the flags do", async () => {
    const choices = "networkPolicy: Azure\nnetworkDataplane: AZURE\noutboundType: userdefinedrouting\nnodePools:\n  - {name: a, mode: system, osType: linux, vmSetType: virtualmachinescalesets}\n";
    const { code, doc } = await validateJson(["--file", "d.yaml"], { files: { "d.yaml": choices } });
    expect(code).toBe(0);
    expect([doc.design.networkPolicy, doc.design.networkDataplane, doc.design.outboundType]).toEqual(["azure", "azure", "userDefinedRouting"]);
    expect(doc.design.nodePools[0]).toMatchObject({ mode: "System", osType: "Linux", vmSetType: "VirtualMachineScaleSets" });
    const flags = await validateJson(["--network-policy", "Azure"]);
    expect(flags.doc.design.networkPolicy).toBe(doc.design.networkPolicy);
  });
  it("refuses --nodepool-name with several file pools", async () => {
    const r = await runCli(["validate", "--file", "d.yaml", "--nodepool-name", "x"], { files: { "d.yaml": file } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--nodepool-name");
  });
  it("reports every bad field with its path", async () => {
    const bad = `podCidr: 10\nnodePools:\n  - name: sys\n    maxPods: lots\n  - name: b\n    mode: Primary\n    maxpods: 3\n`;
    const r = await runCli(["validate", "--file", "bad.yaml"], { files: { "bad.yaml": bad } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("podCidr: expected a string, got 10");
    expect(r.stderr).toContain('nodePools[0].maxPods: expected a whole number, got "lots"');
    expect(r.stderr).toContain('nodePools[1].mode: "Primary" is not one of System, User');
    expect(r.stderr).toContain('nodePools[1]: unknown key "maxpods" (did you mean maxPods?)');
  });
  it("says where malformed YAML breaks", async () => {
    const r = await runCli(["validate", "--file", "x.yaml"], { files: { "x.yaml": "podCidr: [10.0.0.0/8\nmaxPods: 3\n" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--file x.yaml: not valid YAML or JSON at line \d+, column \d+/);
  });
  it("names a missing file", async () => {
    const r = await runCli(["validate", "--file", "nope.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--file nope.yaml: no such file");
  });
});

describe("help and usage", () => {
  it("prints help on no arguments and --help, exit 0", async () => {
    const bare = await runCli([]);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toContain("validate");
    const help = await runCli(["validate", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--pod-cidr");
    expect(help.stdout).toContain("Exit codes");
  });
  it("prints the version", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
  it("exits 2 for an unknown command", async () => {
    const r = await runCli(["valdate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("validate");
  });
});
