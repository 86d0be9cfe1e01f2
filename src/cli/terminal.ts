/**
 * Terminal concerns in one place: which document format, colours for each stream, the width to
 * lay tables out to, whether a person can be asked, and how progress is shown. Built from the
 * deps (streams, env, TTY flags) and the global output options.
 */
import type { Deps } from "../deps.js";
import type { ProgressMode } from "../output/progress.js";
import type { OutputFormat } from "../output/serialize.js";
import { type Style, colorLevel, createStyle, proseFor } from "../output/style.js";

/** The global output options (commander global options: valid before or after the command). */
export interface OutputOptions {
  /** csv: fleet scan only (the program refuses it elsewhere). */
  output: OutputFormat | "csv";
  color: boolean;
  debug?: boolean;
  /** A JMESPath expression picking from the document (json, yaml, tsv). */
  query?: string;
}

export interface Terminal {
  /** The document format; csv is reported separately (`csv`) and is table-like otherwise. */
  format: OutputFormat;
  csv: boolean;
  debug: boolean;
  /** --query: what writeDocument picks from the document. */
  query?: string;
  /** Colours for what goes to stdout and to stderr. */
  out: Style;
  err: Style;
  /** The width to lay tables out to: the terminal's, else COLUMNS, else 100 (60..160). */
  width: number;
  /** A person can be asked: standard input is a terminal, CI is not set, and the output is a table. */
  canPrompt: boolean;
  /** Why no one can be asked, as a refusal starts ("no terminal to confirm on"), when canPrompt is false. */
  noPromptBecause: string;
  /** How a long-running operation's progress is shown on stderr. */
  progress: ProgressMode;
}

/** CI set to anything but "", "0" or "false" (GitHub Actions, GitLab, Azure Pipelines, ... set CI=true). */
export function inCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

const shownEnv = (v: string | undefined): string => (v === undefined ? "" : v.length > 20 ? `${v.slice(0, 20)}…` : v).replace(/[^\x20-\x7e…]/g, "?");

export function terminal(deps: Deps, options: Pick<OutputOptions, "output" | "color" | "debug" | "query">): Terminal {
  const noColor = options.color === false;
  const fromEnv = Number(deps.env.COLUMNS);
  const width = deps.stdout.isTTY && deps.stdout.columns ? deps.stdout.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 100;
  // A question is never asked in CI (a pseudo-terminal there has no one behind it), nor under a
  // document on stdout (-o json|yaml), which a question would interleave with or precede unseen.
  // Worked out when a command asks: looking at stdin costs a millisecond of every start.
  const noPrompt = (): string =>
    !deps.stdinIsTTY
      ? "no terminal to confirm on"
      : inCi(deps.env)
        ? `CI is set (CI=${shownEnv(deps.env.CI)}), so nothing is asked`
        : options.output === "json" || options.output === "yaml" || options.output === "tsv"
          ? `-o ${options.output} prints a document, not a question`
          : "";
  return {
    format: options.output === "csv" ? "table" : options.output,
    csv: options.output === "csv",
    debug: options.debug === true,
    out: createStyle(colorLevel(deps.env, deps.stdout.isTTY, noColor)),
    err: createStyle(colorLevel(deps.env, deps.stderr.isTTY, noColor)),
    width: Math.max(60, Math.min(width, 160)),
    get canPrompt() {
      return noPrompt() === "";
    },
    get noPromptBecause() {
      return noPrompt();
    },
    query: options.query,
    // --debug writes a trace on stderr: a spinner would draw over it, so progress is lines then.
    progress: options.output === "json" || options.output === "yaml" || options.output === "tsv" ? "ndjson" : deps.stderr.isTTY && options.debug !== true ? "spinner" : "lines",
  };
}

/** A message for a person on stderr: wrapped at the terminal's width on a terminal, one line otherwise. */
export function say(deps: Pick<Deps, "stderr">, text: string, asEvent = false): void {
  // Under a document on stdout (-o json|yaml|tsv), stderr is NDJSON: the message is an event.
  if (asEvent) deps.stderr.write(`${JSON.stringify({ event: "note", message: text.replace(/\u001b\[[0-9;]*m/g, "").replace(/\n$/, "") })}\n`);
  else deps.stderr.write(`${proseFor(deps.stderr, text.replace(/\n$/, ""))}\n`);
}

/**
 * A status line a terminal overwrites in place (progress of a scan): cut to the width, since a
 * wrapped line would be left behind; `done` clears it. Off a terminal, each is a line of its own.
 */
export function statusLine(deps: Pick<Deps, "stderr">, text: string | undefined): void {
  if (!deps.stderr.isTTY) {
    if (text !== undefined) deps.stderr.write(`${text}\n`);
    return;
  }
  if (text === undefined) {
    deps.stderr.write("\r\u001b[2K");
    return;
  }
  const room = Math.max(20, (deps.stderr.columns ?? 80) - 1);
  const chars = [...text];
  deps.stderr.write(`\r\u001b[2K${chars.length > room ? `${chars.slice(0, room - 1).join("")}…` : text}`);
}

/** The command prints a document (-o json, yaml or tsv, or --query): stderr carries NDJSON events, not prose. */
export function documentOutput(options: Pick<OutputOptions, "output" | "query">): boolean {
  return options.output === "json" || options.output === "yaml" || options.output === "tsv";
}

