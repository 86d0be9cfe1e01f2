/** Where ARM is: --arm-endpoint, AKS_OVERLAY_ARM_ENDPOINT or the public cloud. Pure. */
import { UsageError } from "../errors.js";

export const PUBLIC_ARM_ENDPOINT = "https://management.azure.com";

export interface ArmEndpoint {
  url: string;
  /** A loopback host: a static local token, no credential chain. */
  loopback: boolean;
  /** The token scope for this endpoint. */
  scope: string;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function resolveArmEndpoint(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): ArmEndpoint {
  const raw = flag ?? (env.AKS_OVERLAY_ARM_ENDPOINT || undefined) ?? PUBLIC_ARM_ENDPOINT;
  const source = flag !== undefined ? "--arm-endpoint" : env.AKS_OVERLAY_ARM_ENDPOINT ? "AKS_OVERLAY_ARM_ENDPOINT" : "default";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${source} "${raw}" is not a URL (expected e.g. https://management.azure.com or http://127.0.0.1:8443)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UsageError(`${source} "${raw}": only http and https endpoints are supported`);
  if (url.username || url.password) throw new UsageError(`${source} "${raw}": put no credentials in the endpoint URL`);
  if (url.hostname.startsWith("[")) {
    throw new UsageError(`${source} "${raw}": the Azure SDK's HTTP client cannot connect to IPv6 literal addresses; use http://127.0.0.1:<port> (run the emulator with its default --host 127.0.0.1)`);
  }
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === "http:" && !loopback) {
    throw new UsageError(`${source} "${raw}": http:// is allowed only for loopback hosts (127.0.0.1, ::1, localhost); use https://`);
  }
  const base = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  return { url: base, loopback, scope: `${base === PUBLIC_ARM_ENDPOINT ? PUBLIC_ARM_ENDPOINT : `${url.protocol}//${url.host}`}/.default` };
}
