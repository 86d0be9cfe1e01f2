/**
 * Azure failures as typed errors with their exit codes, keeping the HTTP status, ARM code, target
 * and operation id. Commands import these, so this file loads no SDK: the SDK adapter translates
 * RestError, identity errors and LRO outcomes into them (sdkAdapter.ts, toAzureError).
 */
import { CliError, EXIT, type ExitCode } from "../errors.js";

export interface AzureErrorDetails {
  status?: number;
  armCode?: string;
  target?: string;
  operationId?: string;
  resourceId?: string;
  /** Azure accepted the write before the failure: the operation may still be running. */
  accepted?: boolean;
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

/** 401/403, no credential, or a subscription this sign-in cannot see: exit 4. */
export class AzureAuthError extends AzureError {
  constructor(message: string, details: AzureErrorDetails = {}, code = "AuthenticationFailed") {
    super(message, EXIT.auth, code, details);
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
    /** What is known of the write when it was interrupted: its operation, and whether Azure had accepted it. */
    readonly details: Pick<AzureErrorDetails, "operationId" | "accepted"> = {},
  ) {
    super(message, EXIT.interrupted, "Interrupted");
  }
}
