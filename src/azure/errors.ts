/**
 * Azure failures as typed errors with their exit codes: translated here, once, from the SDK's
 * RestError, identity errors and LRO failures, keeping the HTTP status, ARM code, target and
 * operation id.
 */
import { CliError, EXIT, type ExitCode } from "../errors.js";

export interface AzureErrorDetails {
  status?: number;
  armCode?: string;
  target?: string;
  operationId?: string;
  resourceId?: string;
}

export class AzureError extends CliError {
  constructor(
    message: string,
    exitCode: ExitCode,
    code: string,
    readonly details: AzureErrorDetails = {},
  ) {
    super(message, exitCode, code);
  }
  get armCode(): string | undefined {
    return this.details.armCode;
  }
  get status(): number | undefined {
    return this.details.status;
  }
}

/** 401/403 or no credential: exit 4. */
export class AzureAuthError extends AzureError {
  constructor(message: string, details: AzureErrorDetails = {}) {
    super(message, EXIT.auth, "AuthenticationFailed", details);
  }
}

/** 412 or 409: the resource changed or exists; nothing was overwritten. Exit 6. */
export class AzureConflictError extends AzureError {
  constructor(message: string, details: AzureErrorDetails = {}) {
    super(message, EXIT.conflict, "Conflict", details);
  }
}

/** A request Azure refused, or an operation that ended Failed or Canceled: exit 5. */
export class AzureOperationError extends AzureError {
  constructor(message: string, details: AzureErrorDetails = {}, code = "AzureOperationFailed") {
    super(message, EXIT.azure, code, details);
  }
}

/** The user interrupted: Azure keeps running what it accepted. Exit 130. */
export class InterruptedError extends CliError {
  constructor(
    message: string,
    readonly resourceId?: string,
  ) {
    super(message, EXIT.interrupted, "Interrupted");
  }
}

interface RestErrorLike {
  name: string;
  message: string;
  statusCode?: number;
  code?: string;
  details?: unknown;
  response?: { bodyAsText?: string | null };
}

function armErrorBody(error: RestErrorLike): { code?: string; message?: string; target?: string } | undefined {
  const fromDetails = (error.details as { error?: { code?: string; message?: string; target?: string } } | undefined)?.error;
  if (fromDetails) return fromDetails;
  const text = error.response?.bodyAsText;
  if (!text) return undefined;
  try {
    return (JSON.parse(text) as { error?: { code?: string; message?: string; target?: string } }).error;
  } catch {
    return undefined;
  }
}

const IDENTITY_ERRORS = new Set(["CredentialUnavailableError", "AuthenticationError", "AuthenticationRequiredError", "AggregateAuthenticationError"]);

/**
 * Turns anything an SDK call threw into a typed error; `what` says what was being done. `wire`
 * is the ARM error body as it came over the wire, when the caller recorded it.
 */
export function mapAzureError(error: unknown, what: string, details: AzureErrorDetails = {}, wire?: { code?: string; message?: string; target?: string }): Error {
  if (error instanceof CliError) return error;
  const e = error as RestErrorLike;
  if (e?.name === "AbortError") return new InterruptedError(`${what}: interrupted`, details.resourceId);
  if (e && IDENTITY_ERRORS.has(e.name)) {
    const first = e.message.split("\n")[0];
    return new AzureAuthError(
      `${what}: no usable Azure credential (${first}). Sign in with 'az login', or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or a federated token) for a service principal.`,
      details,
    );
  }
  if (e?.name === "RestError") {
    const recorded = armErrorBody(e);
    const body = recorded ?? (wire && (!e.code || wire.code === e.code) ? wire : undefined);
    const status = e.statusCode;
    const armCode = body?.code ?? (e.code && !/^[A-Z_]+$/.test(e.code) ? e.code : undefined);
    const armMessage = body?.message ?? e.message;
    const all: AzureErrorDetails = { ...details, status, armCode, target: body?.target ?? details.target };
    if (status === undefined) {
      return new AzureOperationError(`${what}: could not reach Azure (${e.code ?? e.message})`, all, "NetworkError");
    }
    if (status === 401 || status === 403) {
      return new AzureAuthError(
        `${what}: ${status === 401 ? "not authenticated" : "not authorized"} (${armCode ?? status}): ${armMessage}`,
        all,
      );
    }
    if (status === 412) {
      return new AzureConflictError(`${what}: the resource changed since it was read (HTTP 412 ${armCode ?? "PreconditionFailed"}); nothing was overwritten. Read it again and re-run.`, all);
    }
    if (status === 409) return new AzureConflictError(`${what}: conflict (HTTP 409 ${armCode ?? "Conflict"}): ${armMessage}`, all);
    return new AzureOperationError(`${what}: Azure refused it (HTTP ${status} ${armCode ?? ""}): ${armMessage}`.replace(/ \)/, ")"), all, armCode ?? "AzureRequestFailed");
  }
  return error instanceof Error ? error : new Error(String(error));
}
