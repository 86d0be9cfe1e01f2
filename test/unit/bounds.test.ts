/**
 * Special-purpose ranges, the pool count, user values shown cut, and the input limits: the
 * valid edge and the invalid edge of each.
 */
import { describe, expect, it } from "vitest";
import { MAX_INPUT_BYTES, MAX_NESTING_DEPTH, checkInputText, checkParsedDepth, estimatedNesting } from "../../src/input/limits.js";
import { SHOWN_VALUE_MAX, quoted, shown } from "../../src/network/shown.js";
import { BASE, DUAL, check } from "../helpers/design.js";
import type { DesignInput } from "../../src/network/design.js";

type Row = [name: string, input: DesignInput, path: string | null];

const special: Row[] = [
  // IPv4: this-network 0/8, loopback 127/8, multicast 224/4, reserved 240/4.
  ["pod 1.0.0.0/16 is clear of 0/8", { ...BASE, podCidr: "1.0.0.0/16" }, null],
  ["pod 0.255.0.0/16 is in 0/8", { ...BASE, podCidr: "0.255.0.0/16" }, "network.podCidrs[0]"],
  ["pod 127.0.0.0/16 is loopback", { ...BASE, podCidr: "127.0.0.0/16" }, "network.podCidrs[0]"],
  ["pod 126.255.0.0/16 is clear of loopback", { ...BASE, podCidr: "126.255.0.0/16" }, null],
  ["pod 128.0.0.0/16 is clear of loopback", { ...BASE, podCidr: "128.0.0.0/16" }, null],
  ["pod 224.0.0.0/16 is multicast", { ...BASE, podCidr: "224.0.0.0/16" }, "network.podCidrs[0]"],
  ["pod 223.255.0.0/16 is clear of multicast", { ...BASE, podCidr: "223.255.0.0/16" }, null],
  ["pod 239.255.0.0/16 is multicast", { ...BASE, podCidr: "239.255.0.0/16" }, "network.podCidrs[0]"],
  ["pod 240.0.0.0/16 is reserved", { ...BASE, podCidr: "240.0.0.0/16" }, "network.podCidrs[0]"],
  ["pod 255.255.0.0/16 is reserved", { ...BASE, podCidr: "255.255.0.0/16" }, "network.podCidrs[0]"],
  ["pod 0.0.0.0/0 covers them all", { ...BASE, podCidr: "0.0.0.0/0" }, "network.podCidrs[0]"],
  ["service 127.0.0.0/16 is loopback", { ...BASE, serviceCidr: "127.0.0.0/16", dnsServiceIp: "127.0.0.10" }, "network.serviceCidrs[0]"],
  ["VNet 224.0.0.0/12 is multicast", { ...BASE, vnetCidrs: ["10.224.0.0/12", "224.0.0.0/12"] }, "network.vnetCidrs[1]"],
  ["subnet in 240/4", { ...BASE, vnetCidrs: ["240.0.0.0/12"], nodeSubnetCidr: "240.0.0.0/16" }, "network.subnets[240.0.0.0/16]"],
  // IPv6: unspecified, loopback, IPv4-mapped, link-local, multicast.
  ["IPv6 pod ::/64 covers the unspecified address", { ...DUAL, podCidrs: ["192.168.0.0/16", "::/64"] }, "network.podCidrs[1]"],
  ["IPv6 pod 1::/64 is clear", { ...DUAL, podCidrs: ["192.168.0.0/16", "1::/64"] }, null],
  ["IPv6 service ::ffff:0:0/108 is IPv4-mapped", { ...DUAL, serviceCidrs: ["172.16.0.0/16", "::ffff:0:0/108"] }, "network.serviceCidrs[1]"],
  ["IPv6 service ::fffe:0:0/108 is clear", { ...DUAL, serviceCidrs: ["172.16.0.0/16", "::fffe:0:0/108"] }, null],
  ["IPv6 pod fe80::/64 is link-local", { ...DUAL, podCidrs: ["192.168.0.0/16", "fe80::/64"] }, "network.podCidrs[1]"],
  ["IPv6 pod febf:ffff::/64 is link-local", { ...DUAL, podCidrs: ["192.168.0.0/16", "febf:ffff::/64"] }, "network.podCidrs[1]"],
  ["IPv6 pod fec0::/64 is clear of link-local", { ...DUAL, podCidrs: ["192.168.0.0/16", "fec0::/64"] }, null],
  ["IPv6 pod ff00::/64 is multicast", { ...DUAL, podCidrs: ["192.168.0.0/16", "ff00::/64"] }, "network.podCidrs[1]"],
  ["IPv6 pod feff:ffff::/64 is clear of multicast", { ...DUAL, podCidrs: ["192.168.0.0/16", "feff:ffff::/64"] }, null],
  ["IPv6 VNet ::1/128 is loopback", { ...DUAL, vnetCidrs: ["10.224.0.0/12", "::1/128"] }, "network.vnetCidrs[1]"],
  // Every range field (overlay-rules.md, corrections): a peered range inside a special range is no network.
  ["peered 224.0.0.0/4 (multicast)", { ...BASE, peeredCidrs: ["224.0.0.0/4"] }, "network.peered[0]"],
  ["peered 127.0.0.0/8 (loopback)", { ...BASE, peeredCidrs: ["10.0.0.0/16", "127.0.0.0/8"] }, "network.peered[1]"],
  ["peered fe80::/10 (link-local)", { ...BASE, peeredCidrs: ["fe80::/10"] }, "network.peered[0]"],
  ["peered ::ffff:10.0.0.0/104 (IPv4-mapped)", { ...BASE, peeredCidrs: ["::ffff:10.0.0.0/104"] }, "network.peered[0]"],
  // A default route announced over a VPN is wider than the special ranges, not inside one: not this rule.
  ["peered 0.0.0.0/0 (a default route)", { ...BASE, peeredCidrs: ["0.0.0.0/0"] }, null],
];

describe("SpecialPurposeRange", () => {
  it.each(special)("%s", (_name, input, path) => {
    const r = check(input);
    const found = r.findings.filter((f) => f.code === "SpecialPurposeRange");
    if (path === null) {
      expect(found).toEqual([]);
    } else {
      expect(found.map((f) => f.path)).toContain(path);
      expect(found.every((f) => f.severity === "error")).toBe(true);
      expect(r.valid).toBe(false);
    }
  });
  it("names every special range one cluster range overlaps, in one finding", () => {
    const f = check({ ...BASE, podCidr: "0.0.0.0/0" }).findings.filter((x) => x.code === "SpecialPurposeRange" && x.path === "network.podCidrs[0]");
    expect(f).toHaveLength(1);
    for (const r of ["0.0.0.0/8", "127.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4"]) expect(f[0]?.message).toContain(r);
  });
  it("does not also warn PodCidrNotPrivate for a special range", () => {
    expect(check({ ...BASE, podCidr: "127.0.0.0/16" }).codes).not.toContain("PodCidrNotPrivate");
  });
  it("keeps ReservedRangeOverlap for AKS's own ranges", () => {
    expect(check({ ...BASE, podCidr: "169.254.0.0/16" }).codes).toContain("ReservedRangeOverlap");
  });
});

describe("NodePoolCountExceeded", () => {
  const pools = (n: number): DesignInput => ({
    ...BASE,
    podCidr: "10.0.0.0/8",
    serviceCidr: "172.16.0.0/16",
    vnetCidrs: ["192.168.0.0/16"],
    nodeSubnetCidr: "192.168.0.0/16",
    nodePools: Array.from({ length: n }, (_, i) => ({ name: `p${i}`, count: 1, mode: i === 0 ? "System" : "User" })),
  });
  it("100 pools are allowed", () => expect(check(pools(100)).codes).not.toContain("NodePoolCountExceeded"));
  it("101 pools are refused", () => {
    const f = check(pools(101)).find("NodePoolCountExceeded");
    expect(f?.severity).toBe("error");
    expect(f?.path).toBe("pools");
    expect(f?.message).toContain("101");
  });
});

describe("ResourceGroupNameInvalid and NameTooLong share the names module", () => {
  it.each([
    ["rg-1.(x)", null],
    ["rg.", "ResourceGroupNameInvalid"],
    ["a/b", "ResourceGroupNameInvalid"],
    ["r".repeat(63), null],
    ["r".repeat(64), "NameTooLong"],
  ])("%s", (rg, code) => {
    const codes = check({ ...BASE, resourceGroup: rg }).codes;
    if (code === null) expect(codes.filter((c) => c === "ResourceGroupNameInvalid" || c === "NameTooLong")).toEqual([]);
    else expect(codes).toContain(code);
  });
  it("a 100,000-character cluster name is named by its start and length", () => {
    const f = check({ ...BASE, name: "a".repeat(100_000) }).find("ClusterNameInvalid");
    expect(f?.message).toContain("100,000 characters");
    expect(JSON.stringify(f).length).toBeLessThan(1000);
  });
});

describe("shown: one way to echo a user value", () => {
  it("keeps a value of 80 characters whole", () => expect(shown("a".repeat(SHOWN_VALUE_MAX))).toBe("a".repeat(80)));
  it("cuts a value of 81 characters and says its length", () => expect(shown("a".repeat(81))).toBe(`${"a".repeat(80)}…(81 characters)`));
  it("escapes control characters", () => expect(quoted("a\u001b[31mb\n")).toBe('"a\\u001b[31mb\\u000a"'));
  it("never splits a surrogate pair", () => expect(shown(`${"a".repeat(79)}😀b`)).toBe(`${"a".repeat(79)}…(82 characters)`));
});

describe("input limits", () => {
  it("accepts exactly the size limit and refuses one byte more", () => {
    const at = `# ${"x".repeat(MAX_INPUT_BYTES - 3)}\n`;
    expect(Buffer.byteLength(at)).toBe(MAX_INPUT_BYTES);
    expect(() => checkInputText(at, "f")).not.toThrow();
    expect(() => checkInputText(`${at} `, "f")).toThrow(/5 MiB/);
  });
  it("counts bytes, not characters", () => {
    const text = "é".repeat(MAX_INPUT_BYTES / 2 + 1);
    expect(() => checkInputText(text, "f")).toThrow(/5 MiB/);
  });
  it.each([
    ["JSON", (n: number) => `${"[".repeat(n)}1${"]".repeat(n)}`],
    ["JSON objects", (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`],
    ["YAML blocks", (n: number) => Array.from({ length: n }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n") + " 1\n"],
    ["YAML compact sequences", (n: number) => `${"- ".repeat(n)}x\n`],
  ])("%s nested to the limit pass, one deeper is refused", (_kind, nest) => {
    expect(estimatedNesting(nest(MAX_NESTING_DEPTH))).toBeLessThanOrEqual(MAX_NESTING_DEPTH);
    expect(() => checkInputText(nest(MAX_NESTING_DEPTH + 1), "f")).toThrow(/64 levels/);
    expect(() => checkInputText(nest(3000), "f")).toThrow(/64 levels/);
  });
  it("does not count brackets inside JSON strings", () => {
    expect(estimatedNesting(JSON.stringify({ a: "[".repeat(1000) }))).toBe(1);
  });
  it("refuses a binary file without quoting it", () => {
    expect(() => checkInputText("SECRET=hunter2\u0000HOME=/root\u0000", "f")).toThrow(/binary/);
    try {
      checkInputText("SECRET=hunter2\u0000", "f");
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2");
    }
  });
  it("checks the parsed depth iteratively, cycles included", () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_NESTING_DEPTH; i++) deep = [deep];
    expect(() => checkParsedDepth(deep, "f")).not.toThrow();
    expect(() => checkParsedDepth([deep], "f")).toThrow(/64 levels/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => checkParsedDepth(cycle, "f")).toThrow(/64 levels/);
  });
});
