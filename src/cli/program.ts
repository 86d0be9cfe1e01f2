/** The commander program: commands and global behaviour (exit codes, error output). */
import { Command, CommanderError } from "commander";
import type { Deps } from "../deps.js";
import { registerApply } from "./apply.js";
import { registerCompletion } from "./completion.js";
import { registerCreate } from "./create.js";
import { registerDemo } from "./demo.js";
import { registerEmulator } from "./emulator.js";
import { registerNodepool } from "./nodepool.js";
import { registerUpgrade } from "./upgrade.js";
import { registerValidate } from "./validate.js";

export const VERSION = "0.1.0";

export function buildProgram(deps: Deps, setExit: (code: number) => void): Command {
  const program = new Command("aks-overlay")
    .description("Plan, validate and apply Azure CNI Overlay networking for AKS clusters, safely.")
    .version(VERSION, "-V, --version")
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => deps.stdout.write(s),
      writeErr: (s) => deps.stderr.write(s),
    })
    .exitOverride();
  program.configureHelp({ sortSubcommands: false });
  registerValidate(program, deps, setExit);
  registerCreate(program, deps, setExit);
  registerUpgrade(program, deps, setExit);
  registerNodepool(program, deps, setExit);
  registerApply(program, deps, setExit);
  registerEmulator(program, deps, setExit);
  registerDemo(program, deps, setExit);
  registerCompletion(program, deps, setExit);
  const configure = (cmd: Command): void => {
    cmd.exitOverride().configureOutput({ writeOut: (s) => deps.stdout.write(s), writeErr: (s) => deps.stderr.write(s) });
    cmd.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

export function isCommanderError(error: unknown): error is CommanderError {
  return error instanceof CommanderError;
}
