/** Static Egress Gateway: IPv4-only (configure-static-egress-gateway.md), from flags, files and the cluster as read. */
import { describe, expect, it } from "vitest";
import { validateJson } from "../helpers/cli.js";
import { DEMO_SUB as SUB, emulatedCli } from "../helpers/emulated.js";

const SUBNET = `/subscriptions/${SUB}/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/aks-nodes`;
const emulated = emulatedCli();
const DUAL = ["--ip-families", "ipv4,ipv6", "--pod-cidrs", "10.244.0.0/16,fd00:10::/64", "--service-cidrs", "10.0.0.0/16,fd00:20::/108"];

describe("Static Egress Gateway", () => {
  it("validate: refused with dual-stack, addressed to the flag; fine on IPv4; shown in the design", async () => {
    const dual = await validateJson([...DUAL, "--enable-static-egress-gateway"]);
    expect(dual.code).toBe(3);
    const finding = dual.doc.findings.find((f: { code: string }) => f.code === "DualStackUnsupportedFeature");
    expect(finding).toMatchObject({ field: "--enable-static-egress-gateway", path: "network.staticEgressGateway" });
    expect(finding.message).toContain("Static Egress Gateway");
    const single = await validateJson(["--enable-static-egress-gateway"]);
    expect(single.code).toBe(0);
    expect(single.doc.design.staticEgressGateway).toBe(true);
    expect((await validateJson([])).doc.design.staticEgressGateway).toBe(false);
  });

  it("validate --file: the key enableStaticEgressGateway, a boolean", async () => {
    const file = JSON.stringify({ ipFamilies: ["ipv4", "ipv6"], enableStaticEgressGateway: true });
    const r = await validateJson(["--file", "d.json"], { files: { "d.json": file } });
    expect(r.doc.findings.map((f: { code: string }) => f.code)).toContain("DualStackUnsupportedFeature");
    const bad = await validateJson(["--file", "d.json"], { files: { "d.json": JSON.stringify({ enableStaticEgressGateway: "yes" }) } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("enableStaticEgressGateway");
  });

  it("create writes the profile; update then refuses to add IPv6 to that cluster", async () => {
    const { emulator, run } = await emulated();
    const created = await run(["create", "-g", "demo-rg", "-n", "egress", "--vnet-subnet-id", SUBNET, "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--enable-static-egress-gateway", "--yes"]);
    expect(created.code, created.stderr).toBe(0);
    const id = `/subscriptions/${SUB}/resourceGroups/demo-rg/providers/Microsoft.ContainerService/managedClusters/egress`;
    expect((emulator.state.getCluster(id) as { properties: { networkProfile: unknown } }).properties.networkProfile).toMatchObject({ staticEgressGatewayProfile: { enabled: true } });
    const update = await run(["update", "-g", "demo-rg", "-n", "egress", "--ip-families", "ipv4,ipv6", "--dry-run", "-o", "json"]);
    expect(update.code).toBe(3);
    const codes = JSON.parse(update.stdout).findings.filter((f: { severity: string }) => f.severity === "error").map((f: { code: string }) => f.code);
    expect(codes).toContain("DualStackUnsupportedFeature");
  });
});
