/** Everything a command needs from the outside world, passed in (built for real in main.ts). */
export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY: boolean;
  readonly columns?: number;
}

export interface Deps {
  stdout: OutStream;
  stderr: OutStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a text file; "-" means standard input. */
  readFile(path: string): Promise<string>;
  /** Aborted on SIGINT / SIGTERM: long-running commands stop cleanly. */
  signal: AbortSignal;
}
