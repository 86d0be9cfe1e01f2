/** Runs the CLI in-process with captured streams and fake files: the command-test harness. */
import { run } from "../../src/main.js";
import type { Deps } from "../../src/deps.js";
import { createAzure } from "../../src/azure/factory.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** stdout (and stderr) are terminals. */
  tty?: boolean;
  columns?: number;
  env?: Record<string, string | undefined>;
  /** Fake files by path; a value that is an Error is thrown by readFile (e.g. EACCES). */
  files?: Record<string, string | NodeJS.ErrnoException>;
  signal?: AbortSignal;
  /** Sees stdout as it is written (for long-running commands). */
  onStdout?: (chunk: string) => void;
  /** stdin is a terminal; answers are given to prompts in order (null: Ctrl-C at the prompt). */
  stdinTTY?: boolean;
  answers?: (string | null)[];
  /** Written files land here. */
  written?: Record<string, string>;
  now?: Date;
}

export async function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const tty = options.tty ?? false;
  const interrupt = new AbortController();
  const deps: Deps = {
    stdout: {
      write: (s: string) => {
        stdout += s;
        options.onStdout?.(s);
        return true;
      },
      isTTY: tty,
      columns: options.columns ?? 100,
    },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty, columns: options.columns ?? 100 },
    env: options.env ?? {},
    signal: options.signal ?? interrupt.signal,
    writeFile: async (path: string, text: string) => {
      if (options.written) options.written[path] = text;
    },
    now: () => options.now ?? new Date("2026-11-22T10:00:00.000Z"),
    stdinIsTTY: options.stdinTTY ?? false,
    prompt: async (question: string) => {
      stderr += question;
      const answer = options.answers?.shift();
      if (answer === null) {
        interrupt.abort();
        return undefined;
      }
      return answer;
    },
    azure: (flags) => createAzure(flags, deps),
    readFile: async (path: string) => {
      const file = options.files?.[path];
      if (file === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
      if (file instanceof Error) throw file;
      return file;
    },
  };
  const code = await run(args, deps);
  return { code, stdout, stderr };
}

/** Runs validate with -o json and returns the parsed document. */
export async function validateJson(args: string[], options: CliOptions = {}): Promise<{ code: number; doc: any; stderr: string }> {
  const result = await runCli(["validate", "-o", "json", ...args], options);
  return { code: result.code, doc: result.stdout ? JSON.parse(result.stdout) : undefined, stderr: result.stderr };
}

/** The codes of a validation document's findings of one severity. */
export function codes(doc: any, severity?: "error" | "warning" | "info"): string[] {
  return (doc.findings as { code: string; severity: string }[]).filter((f) => !severity || f.severity === severity).map((f) => f.code);
}
