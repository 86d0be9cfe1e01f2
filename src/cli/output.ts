/** How a command writes its one document (or its table) on stdout. */
import type { Deps } from "../deps.js";
import { serializeDocument } from "../output/serialize.js";
import type { Style } from "../output/style.js";
import { type OutputOptions, terminal } from "./terminal.js";

export type { OutputOptions } from "./terminal.js";

/**
 * The output flags are global options of the program (see program.ts): kept as a no-op so a
 * command's registration reads the same as before.
 */
export function addOutputOptions<T>(cmd: T): T {
  return cmd;
}

export function stdoutStyle(deps: Deps, options: OutputOptions): Style {
  return terminal(deps, options).out;
}

export function stderrStyle(deps: Deps, noColor: boolean): Style {
  return terminal(deps, { output: "table", color: !noColor }).err;
}

/** The width to lay tables out to: the terminal's, else COLUMNS, else 100. */
export function outputWidth(deps: Deps): number {
  return terminal(deps, { output: "table", color: false }).width;
}

export async function writeDocument(deps: Deps, format: "json" | "yaml", doc: unknown): Promise<void> {
  deps.stdout.write(await serializeDocument(doc, format));
}
