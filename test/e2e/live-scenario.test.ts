/** The release acceptance scenario (test/live/scenario.ts), run against the emulator so it keeps working. */
import { describe, it } from "vitest";
import { startEmulator } from "../../src/emulator/server.js";
import { liveScenario } from "../live/scenario.js";

describe("the live acceptance scenario, against the emulator", () => {
  it("creates, upgrades a kubenet cluster, adds a pool and checks every field", async () => {
    const emulator = await startEmulator({ lroPolls: 1 });
    try {
      await liveScenario({
        env: { AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000", AKS_OVERLAY_ARM_ENDPOINT: emulator.url, AKS_OVERLAY_TEST_TIMING: "fast", NO_COLOR: "1" },
        location: "eastus",
        vmSize: "Standard_D2s_v5",
      });
    } finally {
      await emulator.close();
    }
  });
});
