/** The built binary's day-2 commands end to end: update, nodepool scale, nodepool update. */
import { describe, expect, it } from "vitest";
import { RG, clusterPath, runBin, withEmulator } from "./helpers.js";

describe("day-2 commands, spawned", () => {
  it("update plans a pod CIDR expansion (exit 0) and refuses a shrink (exit 3)", async () => {
    await withEmulator(async (emulator) => {
      const args = (cidr: string) => ["update", "-g", RG, "-n", "overlay-aks", "--pod-cidr", cidr, "--arm-endpoint", emulator.url, "--dry-run", "-o", "json"];
      // overlay-aks's 192.168.0.0/16 is the whole 192.168/16 block: it cannot grow, and a /17 is a shrink.
      const shrink = await runBin(args("192.168.0.0/17"));
      expect(shrink.code).toBe(3);
      expect(JSON.parse(shrink.stdout).findings.map((f: any) => f.code)).toContain("PodCidrExpansionNotSuperset");
      const cilium = await runBin(["update", "-g", RG, "-n", "overlay-aks", "--network-dataplane", "cilium", "--arm-endpoint", emulator.url, "--yes", "-o", "json"]);
      expect(cilium.code, cilium.stderr).toBe(0);
      expect(JSON.parse(cilium.stdout)).toMatchObject({ kind: "result", operation: "update", provisioningState: "Succeeded" });
      expect((emulator.state.getCluster(clusterPath("overlay-aks")) as any).properties.networkProfile.networkDataplane).toBe("cilium");
    });
  });

  it("nodepool scale writes (exit 0); nodepool update refuses --max-pods (exit 2)", async () => {
    await withEmulator(async (emulator) => {
      const scaled = await runBin(["nodepool", "scale", "-g", RG, "--cluster-name", "overlay-aks", "-n", "system", "--node-count", "4", "--arm-endpoint", emulator.url, "--yes"]);
      expect(scaled.code, scaled.stderr).toBe(0);
      expect((emulator.state.getCluster(clusterPath("overlay-aks")) as any).properties.agentPoolProfiles[0].count).toBe(4);
      const pods = await runBin(["nodepool", "update", "-g", RG, "--cluster-name", "overlay-aks", "-n", "scale", "--max-pods", "30", "--arm-endpoint", emulator.url]);
      expect(pods.code).toBe(2);
      expect(pods.stderr).not.toMatch(/^\s+at /m);
    });
  });
});
