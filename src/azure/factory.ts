/**
 * Builds the Azure port for a command from its flags and the environment. The SDK adapter is
 * imported here, lazily: commands that never call Azure never load an Azure SDK.
 */
import { UsageError } from "../errors.js";
import { resolveArmEndpoint } from "./endpoint.js";
import type { AzureFlags, AzurePort } from "./port.js";
import { GUID } from "../network/resourceIds.js";

/** What the factory needs from the outside world: a `Deps` fits, but so does anything smaller. */
export interface AzureContext {
  env: Readonly<Record<string, string | undefined>>;
  /** Retry notes and the --debug trace. */
  stderr: { write(chunk: string): unknown };
  /** Aborted on SIGINT / SIGTERM. */
  signal: AbortSignal;
}

/**
 * AKS_OVERLAY_TEST_TIMING=fast is for tests only: end-to-end tests that spawn the built CLI against
 * the local emulator set it so retries and operation polls wait milliseconds instead of seconds.
 * It is honoured for loopback endpoints only, so it can never make us hammer real Azure.
 */
const FAST_TEST_TIMING = { retryDelayMs: 2, maxRetryDelayMs: 10, pollIntervalMs: 5 };


export async function createAzure(flags: AzureFlags, context: AzureContext): Promise<AzurePort> {
  const { env, stderr, signal } = context;
  const endpoint = resolveArmEndpoint(flags.armEndpoint, env);
  const subscriptionId = flags.subscription ?? (env.AZURE_SUBSCRIPTION_ID || undefined);
  if (!subscriptionId) throw new UsageError("no subscription: give --subscription <id> or set AZURE_SUBSCRIPTION_ID");
  if (!GUID.test(subscriptionId)) throw new UsageError(`--subscription "${subscriptionId}" is not a subscription id (a GUID)`);
  // Both load the SDK's pipeline package: only now, when a command calls Azure.
  const [{ createSdkAzure }, { redact }] = await Promise.all([import("./sdkAdapter.js"), import("./policies.js")]);
  const debug = flags.debug ? (text: string) => stderr.write(`${redact(text)}\n`) : undefined;
  return createSdkAzure({
    endpoint,
    subscriptionId,
    debug,
    onRetry: (message) => stderr.write(`${message}\n`),
    signal,
    timing: env.AKS_OVERLAY_TEST_TIMING === "fast" && endpoint.loopback ? FAST_TEST_TIMING : undefined,
  });
}
