/** `show` against the emulator: the document, the view at 80 columns, a failed cluster and its way forward. */
import { describe, expect, it } from "vitest";
import { emulatedCli } from "../helpers/emulated.js";

const emulated = emulatedCli();

describe("show", () => {
  it("describes an overlay cluster: network, pools, capacity from its VNet, no writes", async () => {
    const { emulator, run } = await emulated();
    const r = await run(["show", "-g", "demo-rg", "-n", "overlay-aks", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ kind: "cluster", formatVersion: 1, name: "overlay-aks", provisioningState: "Succeeded", lastError: null });
    expect(doc.network).toMatchObject({ mode: "overlay", networkPlugin: "azure", networkPluginMode: "overlay", podCidrs: ["192.168.0.0/16"] });
    expect(doc.pools.map((p: any) => p.name)).toEqual(["system", "scale"]);
    expect(doc.pools[1]).toMatchObject({ minCount: 3, maxCount: 100 });
    expect(doc.capacity.podCidr).toMatchObject({ cidr: "192.168.0.0/16", nodeBlocks: 256 });
    expect(doc.capacity.nodeSubnets[0].cidr).toBe("10.224.0.0/16");
    expect(emulator.requests.every((q) => q.method === "GET")).toBe(true);
  });

  it("a subscription this sign-in cannot see is exit 4 naming it, not 'cluster does not exist'", async () => {
    const { emulator, run } = await emulated();
    const other = "11111111-1111-1111-1111-111111111111";
    for (const args of [["show", "-g", "demo-rg", "-n", "overlay-aks"], ["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--yes"], ["nodepool", "scale", "-g", "demo-rg", "--cluster-name", "overlay-aks", "-n", "system", "--node-count", "4", "--yes"]]) {
      const r = await run([...args, "--subscription", other, "-o", "json"]);
      expect(r.code, r.stderr).toBe(4);
      expect(JSON.parse(r.stdout).error).toMatchObject({ code: "SubscriptionNotFound", armCode: "SubscriptionNotFound" });
      expect(r.stderr).toContain(`Azure knows no subscription ${other} that this sign-in can see`);
      expect(r.stderr).not.toContain("does not exist");
    }
    expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
  });

  it("off overlay, shows readiness and the next command", async () => {
    const { run } = await emulated();
    const r = await run(["show", "-g", "demo-rg", "-n", "kubenet-aks"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("kubenet (retires 31 March 2028)");
    expect(r.stdout).toContain("$ aks-overlay upgrade -g demo-rg -n kubenet-aks --dry-run");
    const narrow = await run(["show", "-g", "demo-rg", "-n", "cni-policy-aks"]);
    expect(narrow.stdout).toContain("UpgradeNetworkPolicyEnabled");
  });

  it("legacy Azure CNI: the next command carries a pod CIDR that then plans cleanly; findings name upgrade's flags", async () => {
    const { run } = await emulated();
    const doc = JSON.parse((await run(["show", "-g", "demo-rg", "-n", "cni-aks", "-o", "json"])).stdout);
    expect(doc.findings.find((f: any) => f.code === "UpgradePodCidrRequired").field).toBe("--pod-cidr");
    const next = doc.next[0] as string;
    const podCidr = /--pod-cidr (\S+) --dry-run/.exec(next)?.[1];
    expect(podCidr, next).toBeDefined();
    const plan = JSON.parse((await run(["upgrade", "-g", "demo-rg", "-n", "cni-aks", "--pod-cidr", podCidr as string, "--dry-run", "-o", "json"])).stdout);
    expect(plan.valid).toBe(true);
  });

  it("a cluster whose last operation failed: the error, and the reconcile that upgrade offers, which then succeeds", async () => {
    const { emulator, run } = await emulated({ faults: [{ match: { method: "PUT" }, operationStatus: "Failed", armCode: "VMExtensionProvisioningError" }] });
    const failed = await run(["update", "-g", "demo-rg", "-n", "overlay-aks", "--network-dataplane", "cilium", "--yes"]);
    expect(failed.code).toBe(5);
    const shown = JSON.parse((await run(["show", "-g", "demo-rg", "-n", "overlay-aks", "-o", "json"])).stdout);
    expect(shown.provisioningState).toBe("Failed");
    expect(shown.lastError.code).toBe("VMExtensionProvisioningError");
    expect(shown.next[0]).toMatch(/^aks-overlay upgrade -g demo-rg -n overlay-aks {3}\(re-applies the cluster as read/);
    const table = await run(["show", "-g", "demo-rg", "-n", "overlay-aks"]);
    expect(table.stdout).toContain("Last operation failed: VMExtensionProvisioningError");
    const reconciled = await run(["upgrade", "-g", "demo-rg", "-n", "overlay-aks", "--yes"]);
    expect(reconciled.code, reconciled.stderr).toBe(0);
    const after = JSON.parse((await run(["show", "-g", "demo-rg", "-n", "overlay-aks", "-o", "json"])).stdout);
    expect(after).toMatchObject({ provisioningState: "Succeeded", lastError: null, next: [] });
    expect(emulator.requests.filter((q) => q.method === "PUT").length).toBe(2);
  });

  it("a cluster that does not exist is exit 3, ClusterNotFound, as in upgrade, update and nodepool; --query and -o tsv work", async () => {
    const { run } = await emulated();
    const missing = await run(["show", "-g", "demo-rg", "-n", "nope", "-o", "json"]);
    expect(missing.code).toBe(3);
    expect((await run(["upgrade", "-g", "demo-rg", "-n", "nope", "--dry-run"])).code).toBe(3);
    expect(JSON.parse(missing.stdout).error.code).toBe("ClusterNotFound");
    const pools = await run(["show", "-g", "demo-rg", "-n", "overlay-aks", "--query", "pools[].[name, count]", "-o", "tsv"]);
    expect(pools.stdout).toBe("system\t3\nscale\t3\n");
  });
});
