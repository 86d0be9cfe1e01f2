/**
 * Pipeline policies the adapter adds to the SDK clients: bounded retries (the SDK alone does not
 * retry a bare 429), a redacting HTTP trace for --debug, a local token for loopback endpoints,
 * and a record of the async operation URL of each write. Structural types keep this file free of
 * SDK imports.
 */

export interface HttpHeadersLike {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  toJSON(options?: { preserveCase?: boolean }): Record<string, string>;
}
export interface RequestLike {
  url: string;
  method: string;
  headers: HttpHeadersLike;
  body?: unknown;
  abortSignal?: AbortSignal;
}
export interface ResponseLike {
  status: number;
  headers: HttpHeadersLike;
  bodyAsText?: string | null;
  request: RequestLike;
}
export type SendRequestLike = (request: RequestLike) => Promise<ResponseLike>;
export interface PolicyLike {
  name: string;
  sendRequest(request: RequestLike, next: SendRequestLike): Promise<ResponseLike>;
}

export interface RetrySettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff delay; doubles each retry, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After honoured; longer ones are cut to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxRetries: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const RETRY_ERROR_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ECONNABORTED", "REQUEST_SEND_ERROR", "UND_ERR_SOCKET"]);

/** Milliseconds a response asks to wait: retry-after-ms, x-ms-retry-after-ms, or Retry-After (seconds or a date). */
export function retryAfterMs(headers: HttpHeadersLike, now = Date.now()): number | undefined {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = headers.get(name);
    if (value !== undefined && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  }
  const value = headers.get("retry-after");
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isRetryableError(error: unknown): boolean {
  const e = error as { name?: string; code?: string; cause?: { code?: string } };
  if (e?.name === "AbortError") return false;
  return RETRY_ERROR_CODES.has(e?.code ?? "") || RETRY_ERROR_CODES.has(e?.cause?.code ?? "");
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(Object.assign(new Error("The operation was aborted."), { name: "AbortError" }));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(Object.assign(new Error("The operation was aborted."), { name: "AbortError" }));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function retryPolicy(settings: RetrySettings, onRetry?: (message: string) => void, random: () => number = Math.random): PolicyLike {
  return {
    name: "aksOverlayRetryPolicy",
    async sendRequest(request, next) {
      for (let attempt = 0; ; attempt++) {
        let response: ResponseLike | undefined;
        let error: unknown;
        try {
          response = await next(request);
        } catch (e) {
          error = e;
        }
        const retryable = response ? RETRY_STATUSES.has(response.status) : isRetryableError(error);
        if (!retryable || attempt >= settings.maxRetries) {
          if (response) return response;
          throw error;
        }
        const asked = response ? retryAfterMs(response.headers) : undefined;
        const backoff = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** attempt);
        const delay = asked !== undefined ? Math.min(asked, settings.maxRetryAfterMs) : Math.round(backoff * (0.8 + random() * 0.4));
        const why = response ? `HTTP ${response.status}` : ((error as { code?: string }).code ?? "connection error");
        onRetry?.(`${request.method} ${new URL(request.url).pathname}: ${why}; retry ${attempt + 1} of ${settings.maxRetries} in ${delay} ms`);
        await sleep(delay, request.abortSignal);
      }
    },
  };
}

/** JSON fields whose names say they hold a secret: any key with password, secret or token in it, and SSH key data. */
const SECRET_KEYS = /("[A-Za-z0-9_]*(?:password|secret|token|keyData)[A-Za-z0-9_]*"\s*:\s*)"[^"]*"/gi;

/** Redacts Authorization, secret-like JSON fields and credentials in URLs. */
export function redact(text: string): string {
  return text
    .replace(SECRET_KEYS, '$1"REDACTED"')
    .replace(/(Bearer\s+)[A-Za-z0-9\-._~+/=]+/g, "$1REDACTED")
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:"]+:[^\s/@"]+@/gi, "$1REDACTED@");
}

function headerLines(headers: HttpHeadersLike): string[] {
  return Object.entries(headers.toJSON({ preserveCase: true })).map(([k, v]) =>
    `    ${k}: ${/^(authorization|x-ms-authorization-auxiliary|cookie)$/i.test(k) ? "REDACTED" : v}`,
  );
}

function bodyText(body: unknown): string | undefined {
  if (typeof body === "string") return body;
  return undefined;
}

/** An HTTP trace of every attempt, on stderr, with Authorization and tokens redacted. */
export function debugPolicy(write: (line: string) => void, now: () => number = Date.now): PolicyLike {
  return {
    name: "aksOverlayDebugPolicy",
    async sendRequest(request, next) {
      const start = now();
      const lines = [`→ ${request.method} ${request.url}`, ...headerLines(request.headers)];
      const body = bodyText(request.body);
      if (body) lines.push(`    ${redact(body.length > 8000 ? `${body.slice(0, 8000)}...` : body)}`);
      write(lines.join("\n"));
      try {
        const response = await next(request);
        const out = [`← ${response.status} ${request.method} ${request.url} (${now() - start} ms)`, ...headerLines(response.headers)];
        if (response.bodyAsText) out.push(`    ${redact(response.bodyAsText.length > 8000 ? `${response.bodyAsText.slice(0, 8000)}...` : response.bodyAsText)}`);
        write(out.join("\n"));
        return response;
      } catch (error) {
        write(`← ${request.method} ${request.url} failed after ${now() - start} ms: ${(error as Error).message}`);
        throw error;
      }
    },
  };
}

/** Sets the bearer token itself: the SDK's own policy refuses to send one over http (loopback only). */
export function localTokenPolicy(getToken: () => Promise<string>): PolicyLike {
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
 * Remembers the Azure-AsyncOperation URL of the last write, and the ARM error body of the last
 * failed response (the SDK's RestError keeps the code but drops the target).
 */
export function operationRecorder(): PolicyLike & { last(): string | undefined; lastError(): WireError | undefined; lastState(): string | undefined } {
  let last: string | undefined;
  let lastError: WireError | undefined;
  let lastState: string | undefined;
  return {
    name: "aksOverlayOperationRecorder",
    async sendRequest(request, next) {
      const response = await next(request);
      if (request.method === "PUT") {
        last = response.headers.get("azure-asyncoperation") ?? response.headers.get("location") ?? last;
        try {
          lastState = (JSON.parse(response.bodyAsText ?? "{}") as { properties?: { provisioningState?: string } }).properties?.provisioningState ?? lastState;
        } catch {
          // not JSON: keep what we had
        }
      }
      if (response.status >= 400 && response.bodyAsText) {
        try {
          lastError = (JSON.parse(response.bodyAsText) as { error?: WireError }).error;
        } catch {
          lastError = undefined;
        }
      }
      return response;
    },
    last: () => last,
    lastError: () => lastError,
    lastState: () => lastState,
  };
}
