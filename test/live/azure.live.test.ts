/**
 * The release acceptance run against real Azure: `npm run test:live`. Skipped unless
 * AKS_OVERLAY_LIVE=1 and AZURE_SUBSCRIPTION_ID are set and a credential DefaultAzureCredential can
 * use is present (az login, a service principal in the environment, workload identity, managed
 * identity). It creates billable resources in a throw-away resource group and deletes the group.
 */
import { describe, it } from "vitest";
import { liveScenario } from "./scenario.js";

const enabled = process.env.AKS_OVERLAY_LIVE === "1" && !!process.env.AZURE_SUBSCRIPTION_ID;

describe.skipIf(!enabled)("against real Azure", () => {
  it(
    "creates, upgrades a kubenet cluster, adds a pool, checks every field, deletes the group",
    async () => {
      const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
      await liveScenario({
        env,
        location: process.env.AKS_OVERLAY_LIVE_LOCATION ?? "eastus",
        vmSize: process.env.AKS_OVERLAY_LIVE_VM_SIZE ?? "Standard_D2s_v5",
        log: (line) => process.stderr.write(`live: ${line}\n`),
        deleteGroup: async (_azure, groupId) => {
          // The port writes but never deletes: the test deletes its group with the SDK's REST client.
          const { getClient } = await import("@azure-rest/core-client");
          const { DefaultAzureCredential } = await import("@azure/identity");
          const endpoint = process.env.AKS_OVERLAY_ARM_ENDPOINT ?? "https://management.azure.com";
          const client = getClient(endpoint, new DefaultAzureCredential(), { credentials: { scopes: [`${endpoint}/.default`] } });
          const response = await client.pathUnchecked(groupId).delete({ queryParameters: { "api-version": "2022-12-01" } });
          if (!["200", "202", "204", "404"].includes(response.status)) throw new Error(`deleting ${groupId}: HTTP ${response.status}`);
        },
      });
    },
    60 * 60 * 1000,
  );
});
