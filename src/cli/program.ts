/** The commander program: commands, the global output options, and error output. */
import { Command, CommanderError, Option } from "commander";
import { formatItem } from "./helpLayout.js";
import packageJson from "../../package.json" with { type: "json" };
import type { Deps } from "../deps.js";
import { UsageError } from "../errors.js";
import { shown } from "../network/shown.js";
import { registerApply } from "./apply.js";
import { registerCompletion } from "./completion.js";
import { registerCreate } from "./create.js";
import { type RunArgv, registerDemo } from "./demo.js";
import { registerEmulator } from "./emulator.js";
import { registerNodepool } from "./nodepool.js";
import { registerUpgrade } from "./upgrade.js";
import { registerUpdate } from "./update.js";
import { registerShow } from "./show.js";
import { registerFleet } from "./fleet.js";
import { registerValidate } from "./validate.js";

export const VERSION: string = packageJson.version;

/** The options every command shares; valid before or after the command's name. */
const GLOBAL_OPTIONS = ["output", "color", "debug", "query"] as const;

/** Where commander writes; its own error messages echo what was typed, so each line is cut. */
/** Commander's error messages, kept for run() to write once it knows the output format (prose, or an NDJSON event). */
const commanderErrors = new WeakMap<Command, string[]>();

function output(deps: Deps, errors: string[]): { writeOut(s: string): void; writeErr(s: string): void; getOutHelpWidth(): number; getErrHelpWidth(): number; outputError(s: string, write: (s: string) => void): void } {
  return {
    writeOut: (s) => deps.stdout.write(s),
    writeErr: (s) => deps.stderr.write(s),
    // Help fits the terminal it is shown on (else 80 columns).
    getOutHelpWidth: () => (deps.stdout.isTTY && deps.stdout.columns ? deps.stdout.columns : 80),
    getErrHelpWidth: () => (deps.stderr.isTTY && deps.stderr.columns ? deps.stderr.columns : 80),
    outputError: (s) => {
      errors.push(cutLines(s));
    },
  };
}

/** The error messages commander produced while parsing (each ends with a newline); taken once. */
export function takeCommanderErrors(program: Command): string {
  const errors = commanderErrors.get(program) ?? [];
  return errors.splice(0).join("");
}

/** Each line of a message at most 300 characters (a value typed as a flag can be megabytes). */
export function cutLines(text: string): string {
  return text.replace(/[^\n]{301,}/g, (line) => shown(line, 300));
}

type Register = (program: Command, deps: Deps, setExit: (code: number) => void, runArgv: RunArgv) => void;

/** The commands, in the order help lists them. */
const COMMANDS: ReadonlyArray<readonly [string, Register]> = [
  ["validate", registerValidate],
  ["create", registerCreate],
  ["upgrade", registerUpgrade],
  ["update", registerUpdate],
  ["nodepool", registerNodepool],
  ["show", registerShow],
  ["fleet", registerFleet],
  ["apply", registerApply],
  ["emulator", registerEmulator],
  ["demo", registerDemo],
  ["completion", registerCompletion],
];

/** The program's own options that take a value: the token after them is not the command's name. */
const GLOBAL_WITH_VALUE = new Set(["-o", "--output", "--query"]);
/** The program's own options that take none. */
const GLOBAL_FLAGS = new Set(["--color", "--no-color", "--debug"]);

/**
 * The command a command line runs, when that is certain from the words before it (only the
 * program's own options); undefined for anything else (no command, help, version, an unknown word
 * or option), which then gets every command. Building only the command that runs saves a few
 * milliseconds of every start; what it parses is the same.
 */
export function commandToRun(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (GLOBAL_WITH_VALUE.has(token)) {
      i++;
      continue;
    }
    if (GLOBAL_FLAGS.has(token) || token.startsWith("--output=") || token.startsWith("--query=") || /^-o./.test(token)) continue;
    if (token.startsWith("-")) return undefined;
    return COMMANDS.some(([name]) => name === token) && token !== "completion" ? token : undefined;
  }
  return undefined;
}

/**
 * The program with every command, or (`only`) with just the named one: a command line whose
 * command is certain (commandToRun) parses the same either way, since commander only looks at the
 * command it runs. Help, completion and suggestions for a mistyped command get them all.
 */
export function buildProgram(deps: Deps, setExit: (code: number) => void, runArgv: RunArgv, only?: string): Command {
  const program = new Command("aks-overlay")
    .description("Plan, validate and apply Azure CNI Overlay networking for AKS clusters, safely.")
    .version(VERSION, "-V, --version")
    .showSuggestionAfterError(true)
    .addOption(new Option("-o, --output <format>", "table, json, yaml or tsv (fleet scan: csv too)").choices(["table", "json", "yaml", "tsv", "csv"]).default("table"))
    .option("--query <jmespath>", "pick from the JSON document with a JMESPath expression, as az does (json unless -o yaml or tsv)")
    .option("--no-color", "no colour (also NO_COLOR; FORCE_COLOR forces it)")
    .option("--debug", "show stack traces and HTTP traces on stderr")
    .exitOverride();
  const errors: string[] = [];
  commanderErrors.set(program, errors);
  program.configureOutput(output(deps, errors));
  program.configureHelp({ sortSubcommands: false, showGlobalOptions: true, formatItem });
  // A command's action sees the global options among its own (options.output, .color, .debug).
  program.hook("preAction", async (root, action) => {
    const globals = root.opts();
    if (globals.output === "csv" && !(action.name() === "scan" && action.parent?.name() === "fleet")) throw new UsageError("-o csv is for fleet scan; use table, json, yaml or tsv");
    if (globals.query !== undefined) {
      const { checkQuery } = await import("../output/serialize.js");
      await checkQuery(globals.query);
      // --query works on the document: the default table becomes JSON, as az's default output is.
      if (globals.output === "table" || globals.output === "csv") {
        if (root.getOptionValueSource("output") !== "default") throw new UsageError(`--query picks from the document: use it with -o json, yaml or tsv, not -o ${globals.output}`);
        root.setOptionValueWithSource("output", "json", "implied");
        globals.output = "json";
      }
    }
    for (const name of GLOBAL_OPTIONS) {
      if (globals[name] !== undefined) action.setOptionValueWithSource(name, globals[name], root.getOptionValueSource(name) ?? "default");
    }
  });
  for (const [name, register] of COMMANDS) if (only === undefined || only === name) register(program, deps, setExit, runArgv);
  const configure = (cmd: Command): void => {
    cmd.exitOverride().configureOutput(output(deps, errors));
    reportEveryMissingOption(cmd);
    cmd.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

/**
 * Commander stops at the first missing required option; a user then fixes one per run. Called for
 * the first one, this names them all.
 */
function reportEveryMissingOption(cmd: Command): void {
  (cmd as unknown as { missingMandatoryOptionValue: () => void }).missingMandatoryOptionValue = () => {
    const missing = cmd.options.filter((o) => o.mandatory && cmd.getOptionValue(o.attributeName()) === undefined).map((o) => `'${o.flags}'`);
    const list = missing.length > 1 ? `${missing.slice(0, -1).join(", ")} and ${missing.at(-1)}` : missing[0];
    cmd.error(`error: required option${missing.length > 1 ? "s" : ""} ${list} not specified`, { code: "commander.missingMandatoryOptionValue", exitCode: 1 });
  };
}

/** The global output options as parsed so far (also after commander refused the command line). */
export function globalOutputOptions(program: Command): { output: "table" | "json" | "yaml"; color: boolean; debug: boolean } {
  const o = program.opts();
  // Errors are documents in json or yaml; csv (fleet scan) reports them as a table does.
  // tsv reports errors as a table does too (on stderr): a script reading values gets none.
  return { output: o.output === "json" || o.output === "yaml" ? o.output : "table", color: o.color !== false, debug: o.debug === true };
}

export function isCommanderError(error: unknown): error is CommanderError {
  return error instanceof CommanderError;
}
