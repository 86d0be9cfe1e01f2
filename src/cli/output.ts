/** Common output flags and how a command writes its one document or its table. */
import { type Command, Option } from "commander";
import type { Deps } from "../deps.js";
import { type OutputFormat, serializeDocument } from "../output/serialize.js";
import { type Style, colorLevel, createStyle } from "../output/style.js";

export interface OutputOptions {
  output: OutputFormat;
  color: boolean;
  debug?: boolean;
}

export function addOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("-o, --output <format>", "table, json or yaml").choices(["table", "json", "yaml"]).default("table"))
    .option("--no-color", "no colour (also NO_COLOR; FORCE_COLOR forces it)")
    .option("--debug", "show stack traces and HTTP traces on stderr");
}

export function stdoutStyle(deps: Deps, options: OutputOptions): Style {
  return createStyle(colorLevel(deps.env, deps.stdout.isTTY, !options.color));
}

export function stderrStyle(deps: Deps, noColor: boolean): Style {
  return createStyle(colorLevel(deps.env, deps.stderr.isTTY, noColor));
}

/** The width to lay tables out to: the terminal's, else COLUMNS, else 100. */
export function outputWidth(deps: Deps): number {
  const fromEnv = Number(deps.env.COLUMNS);
  const width = deps.stdout.isTTY && deps.stdout.columns ? deps.stdout.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 100;
  return Math.max(60, Math.min(width, 160));
}

export async function writeDocument(deps: Deps, format: "json" | "yaml", doc: unknown): Promise<void> {
  deps.stdout.write(await serializeDocument(doc, format));
}
