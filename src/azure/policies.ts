/**
 * Pipeline policies the adapter adds to the SDK clients. Retrying is the SDK's retry policy with
 * one strategy of ours in place of its two, so that one limit bounds every mix of failures and a
 * 429 that names no wait is retried too. Besides: notes on each retry, a redacting
 * HTTP trace for --debug, a local token for loopback endpoints, and a record of the async
 * operation of each write.
 */
import { type HttpHeaders, type PipelinePolicy, type PipelineRequest, RestError, type RetryStrategy, isRestError, retryPolicy } from "@azure/core-rest-pipeline";
import { calculateRetryDelay } from "@azure/core-util";

export interface RetrySettings {
  /** Retries after the first attempt, whatever failed (throttling, 5xx and dropped connections alike). */
  maxRetries: number;
  /** The first backoff delay; it doubles each retry, jittered down to half. Retry-After, when sent, wins. */
  retryDelayInMs: number;
  maxRetryDelayInMs: number;
  /**
   * The longest Retry-After waited for. Azure asking for longer ends retrying at once: the
   * throttling answer is the outcome, and the error says how long Azure asked to wait.
   */
  maxRetryAfterInMs?: number;
}

export const DEFAULT_RETRY: Required<RetrySettings> = { maxRetries: 4, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000, maxRetryAfterInMs: 120_000 };

/** A request's URL as retry notes name it by default: its path. */
const urlPath = (url: string): string => new URL(url).pathname;

/** A wait this long or longer is announced before it starts (a note after it would come too late). */
const ANNOUNCED_WAIT_MS = 5000;

/** Network failures worth another try: the connection dropped, was refused, timed out, or the name did not resolve. */
const TRANSIENT_NETWORK_ERRORS = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT", "ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * How long a 429 or 503 asks the caller to wait, in ms: retry-after-ms or x-ms-retry-after-ms
 * (milliseconds), else Retry-After (seconds, or an HTTP date). Undefined when it names no wait.
 */
export function retryAfterInMs(response: { status: number; headers: HttpHeaders }, now: number = Date.now()): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  for (const [header, factor] of [["retry-after-ms", 1], ["x-ms-retry-after-ms", 1], ["retry-after", 1000]] as const) {
    const text = response.headers.get(header)?.trim();
    if (text !== undefined && /^\d+(\.\d+)?$/.test(text)) return Number(text) * factor;
  }
  const date = response.headers.get("retry-after");
  if (date === undefined) return undefined;
  const at = Date.parse(date);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * The one retry strategy: everything a request can be retried for is decided here, so
 * `maxRetries` bounds the attempts whatever mix of failures comes back.
 * - 429 or 503 with a Retry-After: wait exactly that long (up to maxRetryAfterInMs; longer, and
 *   the answer is returned as it is);
 * - 429 without one (ARM sends these; the SDK's own strategies leave them alone), 408 and 5xx but
 *   501 and 505: exponential backoff, as the SDK's strategy does;
 * - a dropped, refused or timed-out connection, or a name that did not resolve: the same backoff.
 * Nothing else is retried (4xx are answers; aks-overlay's own request timeout is final).
 */
export function armRetryStrategy(settings: RetrySettings, onLongWait?: (message: string) => void, name: (url: string) => string = urlPath, announced?: WeakSet<PipelineRequest>): RetryStrategy {
  const backoff = (retryCount: number) => calculateRetryDelay(retryCount, { retryDelayInMs: settings.retryDelayInMs, maxRetryDelayInMs: settings.maxRetryDelayInMs });
  const announce = (request: PipelineRequest | undefined, why: string, wait: number): void => {
    if (!onLongWait || !request || wait < ANNOUNCED_WAIT_MS) return;
    onLongWait(`waiting ${Math.round(wait / 1000)} s before retrying ${request.method} ${name(request.url)} (${why})`);
    // Said before the wait: the note after it (retryNotes) is left out for this retry.
    announced?.add(request);
  };
  return {
    name: "aksOverlayArmRetry",
    retry: ({ retryCount, response, responseError }) => {
      if (response) {
        const asked = retryAfterInMs(response);
        if (asked !== undefined) {
          if (asked > (settings.maxRetryAfterInMs ?? DEFAULT_RETRY.maxRetryAfterInMs)) return { skipStrategy: true };
          announce(response.request, `HTTP ${response.status}, Retry-After`, asked);
          return { retryAfterInMs: asked };
        }
        const { status } = response;
        if (status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505)) {
          const delay = backoff(retryCount);
          announce(response.request, `HTTP ${status}`, delay.retryAfterInMs);
          return delay;
        }
        return { skipStrategy: true };
      }
      if (responseError?.code !== undefined && TRANSIENT_NETWORK_ERRORS.has(responseError.code)) {
        const delay = backoff(retryCount);
        announce(responseError.request, responseError.code, delay.retryAfterInMs);
        return delay;
      }
      return { skipStrategy: true };
    },
  };
}

/** The retry policy for the Retry phase: the SDK's retry policy, with {@link armRetryStrategy} alone. */
export function armRetryPolicy(settings: RetrySettings, onLongWait?: (message: string) => void, name?: (url: string) => string, announced?: WeakSet<PipelineRequest>): PipelinePolicy {
  const policy = retryPolicy([armRetryStrategy(settings, onLongWait, name, announced)], { maxRetries: settings.maxRetries });
  return { name: "aksOverlayRetryPolicy", sendRequest: policy.sendRequest };
}

/**
 * A note for each retry, as it is sent. It sits inside the retry policies, which decide and wait:
 * it sees the same request come round again, and says what the previous attempt got, which retry
 * this is and how long the policy waited.
 */
export function retryNotes(onRetry: (message: string) => void, now: () => number = Date.now, name: (url: string) => string = urlPath, announced?: WeakSet<PipelineRequest>): PipelinePolicy {
  const previous = new WeakMap<PipelineRequest, { attempt: number; outcome: string; at: number }>();
  return {
    name: "aksOverlayRetryNotes",
    async sendRequest(request, next) {
      const before = previous.get(request);
      const attempt = (before?.attempt ?? 0) + 1;
      if (before && announced?.has(request)) announced.delete(request);
      else if (before) onRetry(`${request.method} ${name(request.url)}: ${before.outcome}; retry ${before.attempt} after ${now() - before.at} ms`);
      try {
        const response = await next(request);
        previous.set(request, { attempt, outcome: `HTTP ${response.status}`, at: now() });
        return response;
      } catch (error) {
        previous.set(request, { attempt, outcome: (isRestError(error) && error.code) || "connection error", at: now() });
        throw error;
      }
    },
  };
}

/** Header names whose values are credentials. */
const SECRET_HEADERS = /^(authorization|proxy-authorization|x-ms-authorization-auxiliary|cookie|set-cookie|x-ms-token-.*)$/i;
/** JSON keys whose values are secrets: any key with password, secret or token in it, and private keys. */
const SECRET_KEYS = /password|secret|token|privatekey|^key$|accountkey|sharedkey/i;
/**
 * Settings about secrets, not secrets: a switch or an interval (the Key Vault CSI driver's
 * `enableSecretRotation`, `rotationPollInterval`). Only string values are ever redacted: a secret is
 * never a boolean or a number.
 */
const NOT_SECRET_KEYS = /^enable|Interval$/;
/** URL query parameters that carry credentials (SAS signatures, tokens, keys). */
const SECRET_QUERY = /^(sig|signature|token|access_token|code|key|.*secret.*|.*password.*)$/i;
const URL_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i;

/** A URL without credentials: no user info, and secret query parameters REDACTED. */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text.replace(URL_USERINFO, "$1REDACTED@");
  }
  if (url.username || url.password) {
    url.username = "REDACTED";
    url.password = "";
  }
  for (const key of [...url.searchParams.keys()]) if (SECRET_QUERY.test(key)) url.searchParams.set(key, "REDACTED");
  return url.toString();
}

/** A parsed JSON value with every secret-named field REDACTED and credentials in URLs removed. */
export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) && typeof v === "string" && !NOT_SECRET_KEYS.test(k) ? "REDACTED" : redactJson(v)]));
  }
  return typeof value === "string" && URL_USERINFO.test(value) ? redactUrl(value) : value;
}

/** A body for the trace: JSON parsed and redacted field by field; anything else only described. */
export function redactBody(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `(${body.length} characters, not JSON: not shown)`;
  }
  const text = JSON.stringify(redactJson(parsed));
  return text.length > 8000 ? `${text.slice(0, 8000)}... (${text.length} characters)` : text;
}

function headerLines(headers: HttpHeaders): string[] {
  return Object.entries(headers.toJSON({ preserveCase: true })).map(([k, v]) => `    ${k}: ${SECRET_HEADERS.test(k) ? "REDACTED" : /location|operation/i.test(k) ? redactUrl(v) : v}`);
}

/**
 * An HTTP trace of every attempt, on stderr: credential headers by name, and JSON bodies field by
 * field once parsed (never by patterns over text, which an escaped quote defeats).
 */
export function debugPolicy(write: (line: string) => void, now: () => number = Date.now): PipelinePolicy {
  return {
    name: "aksOverlayDebugPolicy",
    async sendRequest(request, next) {
      const start = now();
      const url = redactUrl(request.url);
      const lines = [`→ ${request.method} ${url}`, ...headerLines(request.headers)];
      if (typeof request.body === "string") lines.push(`    ${redactBody(request.body)}`);
      write(lines.join("\n"));
      try {
        const response = await next(request);
        const out = [`← ${response.status} ${request.method} ${url} (${now() - start} ms)`, ...headerLines(response.headers)];
        if (response.bodyAsText) out.push(`    ${redactBody(response.bodyAsText)}`);
        write(out.join("\n"));
        return response;
      } catch (error) {
        write(`← ${request.method} ${url} failed after ${now() - start} ms: ${(error as Error).message}`);
        throw error;
      }
    },
  };
}

/** The code of the error a request that got no response in time fails with. */
export const REQUEST_TIMEOUT_CODE = "REQUEST_TIMEOUT";

/**
 * Bounds each HTTP attempt: no response (headers and body) within `ms` aborts it and fails with
 * a RestError of code REQUEST_TIMEOUT, which no retry strategy retries. The SDK's own
 * `request.timeout` would surface as an AbortError, indistinguishable from Ctrl-C.
 */
export function requestTimeoutPolicy(ms: number): PipelinePolicy {
  return {
    name: "aksOverlayRequestTimeout",
    async sendRequest(request, next) {
      const outer = request.abortSignal;
      const controller = new AbortController();
      const onAbort = (): void => controller.abort();
      if (outer?.aborted) controller.abort();
      outer?.addEventListener("abort", onAbort, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, ms);
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (error) {
        if (timedOut) throw new RestError(`no response within ${ms / 1000} s`, { code: REQUEST_TIMEOUT_CODE, request });
        throw error;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener("abort", onAbort);
        request.abortSignal = outer;
      }
    },
  };
}

/** Sets the bearer token itself: the SDK's own policy refuses to send one over http (loopback only). */
export function localTokenPolicy(getToken: () => Promise<string>): PipelinePolicy {
  return {
    name: "aksOverlayLocalTokenPolicy",
    async sendRequest(request, next) {
      request.headers.set("authorization", `Bearer ${await getToken()}`);
      return next(request);
    },
  };
}

export interface WireError {
  code?: string;
  message?: string;
  target?: string;
}

/**
 * Remembers the Azure-AsyncOperation URL of the last write, the ARM error body of the last failed
 * response (the SDK's RestError keeps the code but drops the target), and the error an
 * operation's status ended with (the poller keeps only a message).
 */
export function operationRecorder(): PipelinePolicy & {
  last(): string | undefined;
  lastError(): WireError | undefined;
  lastState(): string | undefined;
  operationError(operationUrl: string | undefined): WireError | undefined;
} {
  let last: string | undefined;
  let lastError: WireError | undefined;
  let lastState: string | undefined;
  const operationErrors = new Map<string, WireError>();
  const parse = (text: string | undefined | null): unknown => {
    try {
      return JSON.parse(text ?? "");
    } catch {
      return undefined;
    }
  };
  const pathOf = (url: string): string => new URL(url).pathname.toLowerCase();
  return {
    name: "aksOverlayOperationRecorder",
    async sendRequest(request, next) {
      const response = await next(request);
      const body = parse(response.bodyAsText) as { properties?: { provisioningState?: string }; status?: string; error?: WireError } | undefined;
      if (request.method === "PUT") {
        last = response.headers.get("azure-asyncoperation") ?? response.headers.get("location") ?? last;
        lastState = body?.properties?.provisioningState ?? lastState;
      }
      if (request.method === "GET" && (body?.status === "Failed" || body?.status === "Canceled") && body.error) operationErrors.set(pathOf(request.url), body.error);
      if (response.status >= 400 && response.bodyAsText) lastError = body?.error;
      return response;
    },
    last: () => last,
    lastError: () => lastError,
    lastState: () => lastState,
    operationError: (operationUrl) => (operationUrl ? operationErrors.get(pathOf(operationUrl)) : undefined),
  };
}
