/** Typed errors carry their exit code; main.ts maps every outcome to one. */

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  validation: 3,
  auth: 4,
  azure: 5,
  conflict: 6,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, files or values that cannot even be checked: exit 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage, "UsageError");
  }
}
