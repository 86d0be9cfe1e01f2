/**
 * The acceptance scenario for a release, against real Azure (`npm run test:live`) or the emulator
 * (test/e2e/live-scenario.test.ts, so the scenario itself is kept working): in a throw-away
 * resource group, a VNet; the built CLI creates a small overlay cluster in it; a kubenet cluster
 * (made directly through ARM) is upgraded with the CLI; a pool is added; every field is checked
 * against the plan; the group is deleted.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { createAzure } from "../../src/azure/factory.js";
import type { AzurePort, Resource } from "../../src/azure/port.js";
import { diff } from "../../src/plan/plan.js";
import { clusterResourceId, poolResourceId, resourceGroupId, vnetResourceId } from "../../src/network/resourceIds.js";

const BIN = fileURLToPath(new URL("../../bin/aks-overlay.js", import.meta.url));

export interface LiveTarget {
  /** The environment the CLI runs with (subscription, endpoint, credentials). */
  env: Record<string, string>;
  location: string;
  vmSize: string;
  /** Deletes the resource group at the end (real Azure); the emulator just closes. */
  deleteGroup?: (azure: AzurePort, groupId: string) => Promise<void>;
  log?: (line: string) => void;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI, as a user runs it. */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every difference between two reads of a resource that is not the planned change, eTags or states. */
function unplanned(before: Resource, after: Resource, planned: readonly string[]): string[] {
  const volatile = /(^|\.)(eTag|etag|provisioningState|powerState|currentOrchestratorVersion|nodeImageVersion|currentKubernetesVersion|status)(\.|$|\[)/;
  return diff(before, after)
    .map((d) => d.path)
    .filter((p) => !volatile.test(p) && !planned.includes(p));
}

export async function liveScenario(target: LiveTarget): Promise<void> {
  const log = target.log ?? (() => undefined);
  const azure = await createAzure({}, { env: target.env, stderr: process.stderr, signal: new AbortController().signal });
  const sub = azure.subscriptionId;
  const rg = `aks-overlay-live-${randomUUID().slice(0, 8)}`;
  const groupId = resourceGroupId(sub, rg);
  log(`resource group ${rg} in ${target.location}`);
  await azure.put(groupId, { location: target.location, tags: { purpose: "aks-overlay acceptance test", created: new Date().toISOString() } });
  try {
    const vnetId = vnetResourceId(sub, rg, "live-vnet");
    await azure.put(vnetId, {
      location: target.location,
      properties: {
        addressSpace: { addressPrefixes: ["10.50.0.0/16"] },
        subnets: [
          { name: "nodes", properties: { addressPrefix: "10.50.0.0/22" } },
          { name: "kubenet", properties: { addressPrefix: "10.50.8.0/24" } },
          { name: "extra", properties: { addressPrefix: "10.50.16.0/24" } },
        ],
      },
    });
    const subnet = (name: string): string => `${vnetId}/subnets/${name}`;
    const common = ["-g", rg, "--yes", "-o", "json"];

    // 1. create: planned, then applied; every field of the body is what Azure holds after.
    log("create an overlay cluster");
    const createArgs = ["create", "-n", "live-overlay", "--vnet-subnet-id", subnet("nodes"), "--pod-cidr", "192.168.0.0/16", "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--node-count", "1", "--node-vm-size", target.vmSize];
    const planned = await cli([...createArgs, "-g", rg, "--dry-run", "-o", "json"], target.env);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(planned.stdout);
    const created = await cli([...createArgs, ...common], target.env);
    expect(created.code, created.stderr).toBe(0);
    const overlay = (await azure.get(clusterResourceId(sub, rg, "live-overlay"))) as Resource;
    const body = plan.changes[0].body;
    expect(overlay.location).toBe(body.location);
    expect((overlay.properties as any).networkProfile).toMatchObject(body.properties.networkProfile);
    expect((overlay.properties as any).agentPoolProfiles[0]).toMatchObject({ ...body.properties.agentPoolProfiles[0], upgradeSettings: expect.anything() });
    const grants = await azure.list(`${subnet("nodes")}/providers/Microsoft.Authorization/roleAssignments`, `principalId eq '${(overlay.identity as any).principalId}'`);
    expect(grants.some((g) => String((g.properties as any).roleDefinitionId).endsWith("4d97b98b-1d4f-4787-a291-c67834d212e7"))).toBe(true);

    // 2. upgrade: a kubenet cluster made through ARM moves to overlay; nothing else changes.
    log("create a kubenet cluster through ARM, then upgrade it");
    const kubenetId = clusterResourceId(sub, rg, "live-kubenet");
    await azure.put(kubenetId, {
      location: target.location,
      identity: { type: "SystemAssigned" },
      properties: {
        dnsPrefix: `kubenet-${rg.slice(-8)}`,
        agentPoolProfiles: [{ name: "system", mode: "System", count: 1, vmSize: target.vmSize, osType: "Linux", type: "VirtualMachineScaleSets", vnetSubnetID: subnet("kubenet") }],
        networkProfile: { networkPlugin: "kubenet", podCidr: "10.244.0.0/16", serviceCidr: "172.21.0.0/16", dnsServiceIP: "172.21.0.10" },
      },
    });
    const before = (await azure.get(kubenetId)) as Resource;
    const upgraded = await cli(["upgrade", "-n", "live-kubenet", ...common], target.env);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    const after = (await azure.get(kubenetId)) as Resource;
    expect((after.properties as any).networkProfile).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "10.244.0.0/16" });
    expect(unplanned(before, after, ["properties.networkProfile.networkPlugin", "properties.networkProfile.networkPluginMode"])).toEqual([]);

    // 3. nodepool add, in the subnet "extra": only the new pool changes.
    log("add a node pool");
    const beforePools = (await azure.get(clusterResourceId(sub, rg, "live-overlay"))) as Resource;
    const added = await cli(["nodepool", "add", "--cluster-name", "live-overlay", "-n", "extra", "--vnet-subnet-id", subnet("extra"), "--node-count", "1", "--node-vm-size", target.vmSize, ...common], target.env);
    expect(added.code, added.stderr).toBe(0);
    const pool = (await azure.get(poolResourceId(sub, rg, "live-overlay", "extra"))) as Resource;
    expect(pool.properties).toMatchObject({ count: 1, vnetSubnetID: subnet("extra"), mode: "User" });
    const afterPools = (await azure.get(clusterResourceId(sub, rg, "live-overlay"))) as Resource;
    const others = (r: Resource) => (r.properties as any).agentPoolProfiles.filter((p: { name: string }) => p.name !== "extra");
    expect(unplanned({ pools: others(beforePools) }, { pools: others(afterPools) }, [])).toEqual([]);
  } finally {
    log(`delete resource group ${rg}`);
    await target.deleteGroup?.(azure, groupId);
  }
}
