/**
 * Builds the Azure port for a command from its flags and the environment. The SDK adapter is
 * imported here, lazily: commands that never call Azure never load an Azure SDK.
 */
import type { Deps } from "../deps.js";
import { UsageError } from "../errors.js";
import { resolveArmEndpoint } from "./endpoint.js";
import type { AzurePort } from "./port.js";
import { redact } from "./policies.js";

export interface AzureFlags {
  subscription?: string;
  armEndpoint?: string;
  debug?: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createAzure(flags: AzureFlags, deps: Deps): Promise<AzurePort> {
  const endpoint = resolveArmEndpoint(flags.armEndpoint, deps.env);
  const subscriptionId = flags.subscription ?? (deps.env.AZURE_SUBSCRIPTION_ID || undefined);
  if (!subscriptionId) throw new UsageError("no subscription: give --subscription <id> or set AZURE_SUBSCRIPTION_ID");
  if (!GUID.test(subscriptionId)) throw new UsageError(`--subscription "${subscriptionId}" is not a subscription id (a GUID)`);
  const { createSdkAzure } = await import("./sdkAdapter.js");
  const debug = flags.debug ? (text: string) => deps.stderr.write(`${redact(text)}\n`) : undefined;
  return createSdkAzure({
    endpoint,
    subscriptionId,
    debug,
    onRetry: (message) => deps.stderr.write(`${message}\n`),
    signal: deps.signal,
  });
}
