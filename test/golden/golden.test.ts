/**
 * Golden files for the human output, at a fixed width without colour. Review a diff before
 * accepting it: `UPDATE_GOLDEN=1 npx vitest run test/golden`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const here = dirname(fileURLToPath(import.meta.url));
const update = process.env.UPDATE_GOLDEN === "1";

const MULTI_POOL = `
vnetCidrs: [10.224.0.0/12]
nodeSubnetCidr: 10.224.0.0/16
podCidr: 192.168.0.0/19
serviceCidr: 172.16.0.0/16
dnsServiceIp: 172.16.0.10
peeredCidrs: [10.0.0.0/16, 10.1.0.0/16]
nodePools:
  - name: system
    mode: System
    count: 3
    vmSize: Standard_D4s_v5
  - name: apps
    mode: User
    enableAutoScaling: true
    minCount: 2
    maxCount: 8
    maxSurge: "33%"
    maxPods: 110
    subnetCidr: 10.225.0.0/24
  - name: win
    mode: User
    osType: Windows
    count: 2
    maxSurge: "1"
`;

const cases: { name: string; args: string[]; files?: Record<string, string>; code: number }[] = [
  { name: "defaults", args: ["validate"], code: 0 },
  {
    name: "broken",
    args: [
      "validate",
      "--vnet-cidrs", "10.224.0.0/12",
      "--node-subnet-cidr", "10.224.0.0/28",
      "--pod-cidr", "10.224.0.0/22",
      "--peered-cidrs", "10.0.0.0/16",
      "--dns-service-ip", "10.1.0.10",
      "--enable-cluster-autoscaler", "--min-count", "3", "--max-count", "10",
      "--max-pods", "300",
    ],
    code: 3,
  },
  {
    name: "dual-stack",
    args: ["validate", "--ip-families", "ipv4,ipv6", "--network-dataplane", "cilium", "--kubernetes-version", "1.30", "--pod-cidr", "192.168.0.0/16"],
    code: 0,
  },
  { name: "multi-pool-file", args: ["validate", "--file", "design.yaml"], files: { "design.yaml": MULTI_POOL }, code: 0 },
  {
    name: "many-peered",
    args: [
      "validate",
      "--pod-cidr", "10.244.0.0/16",
      "--peered-cidrs", Array.from({ length: 40 }, (_, i) => `10.${(i * 7) % 256}.${i}.0/24`).join(","),
    ],
    code: 3,
  },
];

/**
 * Compares a run's stdout with its golden file: the run must have ended with the expected code
 * and printed nothing on stderr, and an empty output is never written as a golden.
 */
function matchGolden(name: string, result: { code: number; stdout: string; stderr: string }, code: number): void {
  expect(result.stderr).toBe("");
  expect(result.code).toBe(code);
  expect(result.stdout.trim()).not.toBe("");
  const path = join(here, "files", `${name}.txt`);
  if (update || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, result.stdout);
    if (!update) throw new Error(`golden file ${name}.txt was missing and has been written: review it and run again`);
  }
  const golden = readFileSync(path, "utf8");
  expect(golden.trim(), `golden file ${name}.txt is empty`).not.toBe("");
  expect(result.stdout).toBe(golden);
}

describe("golden table output", () => {
  it.each(cases)("$name", async ({ name, args, files, code }) => {
    matchGolden(name, await runCli(args, { files, columns: 100 }), code);
  });
});

describe("golden plan output against the emulator", () => {
  const SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/aks-nodes";
  const planCases: { name: string; args: string[]; code: number }[] = [
    { name: "create-plan", args: ["create", "-g", "demo-rg", "-n", "golden", "-l", "eastus", "--vnet-subnet-id", SUBNET, "--pod-cidr", "192.168.0.0/16", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--dry-run"], code: 0 },
    { name: "upgrade-plan", args: ["upgrade", "-g", "demo-rg", "-n", "cni-aks", "--pod-cidr", "192.168.0.0/16", "--dry-run"], code: 0 },
    { name: "upgrade-kubenet-plan", args: ["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--dry-run"], code: 0 },
    { name: "upgrade-blocked", args: ["upgrade", "-g", "demo-rg", "-n", "cni-policy-aks", "--pod-cidr", "192.168.0.0/16", "--dry-run"], code: 3 },
    { name: "nodepool-plan", args: ["nodepool", "add", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "batch", "--enable-cluster-autoscaler", "--min-count", "1", "--max-count", "5", "--dry-run"], code: 0 },
  ];
  it.each(planCases)("$name", async ({ name, args, code }) => {
    const { startEmulator } = await import("../../src/emulator/server.js");
    const emulator = await startEmulator();
    try {
      const result = await runCli([...args, "--arm-endpoint", emulator.url], { columns: 100, env: { AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000" } });
      matchGolden(name, result, code);
    } finally {
      await emulator.close();
    }
  });
});
