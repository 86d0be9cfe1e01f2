/**
 * Builds the Azure port for a command from its flags and the environment. The SDK adapter is
 * imported here, lazily: commands that never call Azure never load an Azure SDK.
 */
import { quoted } from "../network/shown.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { resolveArmEndpoint } from "./endpoint.js";
import type { AzureFlags, AzurePort } from "./port.js";
import { GUID } from "../network/resourceIds.js";

/** What the factory needs from the outside world: a `Deps` fits, but so does anything smaller. */
export interface AzureContext {
  env: Readonly<Record<string, string | undefined>>;
  /** The --debug trace, and retry notes when there is no `note`. */
  stderr: { write(chunk: string): unknown };
  /** A line a person reads on stderr (retry notes), laid out for the terminal. */
  note?(message: string): void;
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
    throw new UsageError(`${source} ${quoted(raw, 40)}: give a number of seconds from 0.001 to ${MAX_REQUEST_TIMEOUT_S}`);
  }
  return Math.round(seconds * 1000);
}

/** Where a subscription came from, as an error names it. */
interface SubscriptionSource {
  value: string;
  source: string;
}

/**
 * The Azure CLI's default subscription: `isDefault` in azureProfile.json under AZURE_CONFIG_DIR,
 * else ~/.azure (HOME or USERPROFILE from the environment given, so that tests never read a real
 * home). The CLI writes the file with a byte-order mark. Undefined when there is no such file.
 */
export function azureCliDefaultSubscription(env: Readonly<Record<string, string | undefined>>): SubscriptionSource | undefined {
  const home = env.HOME || env.USERPROFILE;
  const dir = env.AZURE_CONFIG_DIR || (home ? join(home, ".azure") : undefined);
  if (!dir) return undefined;
  const path = join(dir, "azureProfile.json");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    const profile = JSON.parse(text.replace(/^\uFEFF/, "")) as { subscriptions?: { id?: unknown; isDefault?: unknown }[] };
    const chosen = (profile.subscriptions ?? []).find((s) => s.isDefault === true && typeof s.id === "string");
    return chosen ? { value: chosen.id as string, source: `the Azure CLI's default subscription (${path})` } : undefined;
  } catch (error) {
    throw new UsageError(`${path}: not the Azure CLI's profile (${(error as Error).message}); run 'az login' again, or give --subscription`);
  }
}

/** The subscription a command names, in the contract's order: flag, env (two names), the Azure CLI's default. */
export function subscriptionSource(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): SubscriptionSource | undefined {
  if (flag !== undefined) return { value: flag, source: "--subscription" };
  if (env.AZURE_SUBSCRIPTION_ID) return { value: env.AZURE_SUBSCRIPTION_ID, source: "AZURE_SUBSCRIPTION_ID" };
  if (env.ARM_SUBSCRIPTION_ID) return { value: env.ARM_SUBSCRIPTION_ID, source: "ARM_SUBSCRIPTION_ID" };
  return azureCliDefaultSubscription(env);
}


export async function createAzure(flags: AzureFlags, context: AzureContext): Promise<AzurePort> {
  const { env, stderr, signal } = context;
  const endpoint = resolveArmEndpoint(flags.armEndpoint, env);
  const timeoutMs = requestTimeoutMs(flags.requestTimeout, env);
  const given = subscriptionSource(flags.subscription, env);
  if (given === undefined && !flags.subscriptionOptional) {
    throw new UsageError("no subscription: give --subscription <id or name>, set AZURE_SUBSCRIPTION_ID (or ARM_SUBSCRIPTION_ID), or choose a default with 'az account set'");
  }
  const value = given?.value.trim() ?? "";
  if (given && value === "") throw new UsageError(`${given.source} is empty: give a subscription id or name`);
  // The adapter loads the SDK's pipeline package: only now, when a command calls Azure.
  const { createSdkAzure } = await import("./sdkAdapter.js");
  // The trace is redacted where it is made (debugPolicy): headers by name, bodies as parsed JSON.
  // Under -o json|yaml|tsv stderr stays NDJSON: each trace entry is a "debug" event.
  const debug = flags.debug
    ? flags.ndjsonNotes
      ? (text: string) => stderr.write(`${JSON.stringify({ event: "debug", message: text, time: new Date().toISOString() })}\n`)
      : (text: string) => stderr.write(`${text}\n`)
    : undefined;
  const port = (subscriptionId: string): Promise<AzurePort> =>
    createSdkAzure({
      endpoint,
      subscriptionId,
      debug,
      proxy: env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || undefined,
      onRetry: flags.ndjsonNotes
        ? (message) => stderr.write(`${JSON.stringify({ event: "retry", message, time: new Date().toISOString() })}\n`)
        : (context.note ?? ((message) => stderr.write(`${message}\n`))),
      signal,
      requestTimeoutMs: timeoutMs,
      timing: env.AKS_OVERLAY_TEST_TIMING === "fast" && endpoint.loopback ? FAST_TEST_TIMING : undefined,
    });
  if (!given || GUID.test(value)) return port(value);
  // A name: the subscription of that display name among those the caller can see.
  const visible = await (await port("")).list("/subscriptions");
  const named = visible.filter((s) => typeof s.displayName === "string" && s.displayName.toLowerCase() === value.toLowerCase());
  if (named.length === 1) return port(String(named[0]?.subscriptionId));
  if (named.length > 1) {
    throw new UsageError(`${given.source} ${quoted(value, 60)}: ${named.length} subscriptions have that name (${named.map((s) => String(s.subscriptionId)).join(", ")}); give the id`);
  }
  throw new UsageError(`${given.source} ${quoted(value, 60)} is neither a subscription id (a GUID) nor the name of one of the ${visible.length} subscription${visible.length === 1 ? "" : "s"} you can see`);
}
