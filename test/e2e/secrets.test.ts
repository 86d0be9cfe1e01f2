/** Secrets never reach stdout, stderr, saved plans or the emulator's request log. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";
import { demoScenario } from "../../src/emulator/scenarios.js";
import { RG, clusterPath, runBin } from "./helpers.js";

const SECRETS = ["SP-SECRET-1", "P@ssw0rd-SECRET-2", "AAD-SECRET-3", "proxy-pass-4"];

async function withSecretCluster(fn: (emulator: Emulator) => Promise<void>): Promise<void> {
  const scenario = demoScenario();
  const cluster = scenario.managedClusters.find((c) => c.name === "kubenet-aks") as any;
  cluster.properties.servicePrincipalProfile = { clientId: "app-id", secret: SECRETS[0] };
  cluster.properties.windowsProfile = { adminUsername: "azureuser", adminPassword: SECRETS[1] };
  cluster.properties.aadProfile = { serverAppID: "srv", serverAppSecret: SECRETS[2] };
  cluster.properties.httpProxyConfig = { httpProxy: `http://user:${SECRETS[3]}@proxy.example:3128` };
  const emulator = await startEmulator({ scenario, lroPolls: 1 });
  try {
    await fn(emulator);
  } finally {
    await emulator.close();
  }
}

const leaks = (text: string) => SECRETS.filter((s) => text.includes(s));

describe("secrets", () => {
  it("are not in the plan, the saved plan, the result, the --debug trace or the request log", async () => {
    await withSecretCluster(async (emulator) => {
      const out = join(mkdtempSync(join(tmpdir(), "aks-overlay-secrets-")), "plan.json");
      const planned = await runBin(["upgrade", "-g", RG, "-n", "kubenet-aks", "--arm-endpoint", emulator.url, "--out", out, "-o", "json", "--debug"]);
      expect(planned.code).toBe(0);
      expect(leaks(planned.stdout + planned.stderr + readFileSync(out, "utf8"))).toEqual([]);
      const applied = await runBin(["apply", out, "--yes", "-o", "json", "--debug"]);
      expect(applied.code).toBe(0);
      expect(leaks(applied.stdout + applied.stderr)).toEqual([]);
      expect(leaks(JSON.stringify(emulator.requests))).toEqual([]);
      // Azure keeps the write-only secrets it was never sent back.
      const stored = (emulator.state as any).clusters.get(clusterPath("kubenet-aks").toLowerCase());
      expect(stored.properties.servicePrincipalProfile.secret).toBe(SECRETS[0]);
      expect(stored.properties.networkProfile.networkPluginMode).toBe("overlay");
    });
  });
});
