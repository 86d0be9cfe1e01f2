/** Everything a command needs from the outside world, passed in (built for real in main.ts). */
import type { AzureFlags, AzurePort } from "./azure/port.js";

import type { OutStream } from "./output/stream.js";

export type { OutStream } from "./output/stream.js";

export interface Deps {
  stdout: OutStream;
  stderr: OutStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a text file; "-" means standard input. */
  readFile(path: string): Promise<string>;
  /** Aborted on SIGINT / SIGTERM: long-running commands stop cleanly. */
  signal: AbortSignal;
  /** Writes a text file (saved plans). */
  writeFile(path: string, text: string): Promise<void>;
  /** Creates a directory and its parents if missing (fleet plan --out-dir). */
  makeDirectory?(path: string): Promise<void>;
  /** The names in a directory (undefined when there is none). */
  listDirectory?(path: string): Promise<string[] | undefined>;
  /** The first `bytes` of a file (undefined when there is none): what a file is, without reading all of it. */
  readStart?(path: string, bytes: number): Promise<string | undefined>;
  /** Throws (as writing would) if a file could not be written at `path`: checked before long work that ends in writing it. */
  checkWritable?(path: string): Promise<void>;
  /** The clock. */
  now(): Date;
  /** Standard input is a terminal a person can answer prompts on. */
  stdinIsTTY: boolean;
  /** Asks a question on the terminal and returns the answer (undefined at end of input). */
  prompt(question: string): Promise<string | undefined>;
  /** A line a person reads on stderr (retry notes): wrapped at the terminal's width on a terminal. */
  note?(message: string): void;
  /** Builds the Azure port for a command (lazily loads the SDKs). */
  azure(flags: AzureFlags): Promise<AzurePort>;
}
