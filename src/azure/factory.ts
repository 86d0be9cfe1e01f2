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


/** How long one HTTP request may go without a response (contract: default 60 s). */
export const DEFAULT_REQUEST_TIMEOUT_S = 60;
const MAX_REQUEST_TIMEOUT_S = 3600;

/** --request-timeout, else AKS_OVERLAY_REQUEST_TIMEOUT, else 60 s; in milliseconds. */
export function requestTimeoutMs(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): number {
  const fromEnv = env.AKS_OVERLAY_REQUEST_TIMEOUT || undefined;
  const raw = flag ?? fromEnv;
  if (raw === undefined) return DEFAULT_REQUEST_TIMEOUT_S * 1000;
  const source = flag !== undefined ? "--request-timeout" : "AKS_OVERLAY_REQUEST_TIMEOUT";
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_REQUEST_TIMEOUT_S)) {
    throw new UsageError(`${source} "${raw.length > 40 ? `${raw.slice(0, 40)}...` : raw}": give a number of seconds from 0.001 to ${MAX_REQUEST_TIMEOUT_S}`);
  }
  return Math.round(seconds * 1000);
}

export async function createAzure(flags: AzureFlags, context: AzureContext): Promise<AzurePort> {
  const { env, stderr, signal } = context;
  const endpoint = resolveArmEndpoint(flags.armEndpoint, env);
  const timeoutMs = requestTimeoutMs(flags.requestTimeout, env);
  const subscriptionId = flags.subscription ?? (env.AZURE_SUBSCRIPTION_ID || undefined) ?? (flags.subscriptionOptional ? "" : undefined);
  if (subscriptionId === undefined) throw new UsageError("no subscription: give --subscription <id> or set AZURE_SUBSCRIPTION_ID");
  if (subscriptionId !== "" && !GUID.test(subscriptionId)) throw new UsageError(`--subscription "${subscriptionId}" is not a subscription id (a GUID)`);
  // The adapter loads the SDK's pipeline package: only now, when a command calls Azure.
  const { createSdkAzure } = await import("./sdkAdapter.js");
  // The trace is redacted where it is made (debugPolicy): headers by name, bodies as parsed JSON.
  const debug = flags.debug ? (text: string) => stderr.write(`${text}\n`) : undefined;
  return createSdkAzure({
    endpoint,
    subscriptionId,
    debug,
    onRetry: (message) => stderr.write(`${message}\n`),
    signal,
    requestTimeoutMs: timeoutMs,
    timing: env.AKS_OVERLAY_TEST_TIMING === "fast" && endpoint.loopback ? FAST_TEST_TIMING : undefined,
  });
}
