/**
 * A command line whose command is certain builds only that command (start-up time); it must parse,
 * run and fail exactly as the program with every command does.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildProgram, commandToRun } from "../../src/cli/program.js";
import type { Deps } from "../../src/deps.js";

interface Outcome {
  stdout: string;
  stderr: string;
  exit: number | undefined;
  thrown: string | undefined;
}

async function outcome(argv: string[], only: string | undefined): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  let exit: number | undefined;
  const deps: Deps = {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false, columns: 100 },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false, columns: 100 },
    env: {},
    signal: new AbortController().signal,
    readFile: async (path) => {
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
    },
    writeFile: async () => {},
    now: () => new Date("2026-11-30T00:00:00Z"),
    stdinIsTTY: false,
    prompt: async () => undefined,
    azure: async () => {
      throw new Error("no Azure in this test");
    },
  };
  const program = buildProgram(deps, (code) => (exit = code), async () => 0, only);
  let thrown: string | undefined;
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    thrown = `${(error as Error).constructor.name}: ${(error as Error).message} ${(error as { code?: string }).code ?? ""}`;
  }
  return { stdout, stderr, exit, thrown };
}

const COMMANDS = ["validate", "create", "upgrade", "update", "nodepool", "show", "fleet", "apply", "emulator", "demo", "completion"];

describe("commandToRun", () => {
  it("names the command when only the program's own options come before it", () => {
    expect(commandToRun(["validate"])).toBe("validate");
    expect(commandToRun(["-o", "json", "create", "--dry-run"])).toBe("create");
    expect(commandToRun(["--output", "yaml", "--no-color", "--debug", "show"])).toBe("show");
    expect(commandToRun(["-ojson", "--output=tsv", "--query=x", "fleet", "scan"])).toBe("fleet");
    // The value of --query is not the command, even when it is a command's name.
    expect(commandToRun(["--query", "validate", "upgrade"])).toBe("upgrade");
    expect(commandToRun(["nodepool", "add", "--help"])).toBe("nodepool");
  });
  it("is undefined when the program itself answers or the word is not a command", () => {
    for (const argv of [[], ["--help"], ["-h", "validate"], ["-V"], ["help", "validate"], ["valdate"], ["completion", "bash"], ["--", "validate"], ["--unknown", "validate"], ["-o"], ["--query"]]) {
      expect(commandToRun(argv), JSON.stringify(argv)).toBeUndefined();
    }
  });
});

describe("a program with only the command that runs", () => {
  it("answers help, mistakes and missing options as the whole program does", async () => {
    const lines: string[][] = [];
    for (const c of COMMANDS) lines.push([c, "--help"], [c, "--no-such-flag"], ["-o", "json", c, "--help"]);
    lines.push(
      ["validate"],
      ["validate", "--pod-cidr", "10.244.0.0/22", "--node-count", "10"],
      ["-o", "json", "validate", "--pod-cidr", "10.244.0.0/33"],
      ["validate", "--max-pods", "300", "-o", "yaml"],
      ["create", "-g", "rg"],
      ["create", "-g", "rg", "-n", "c", "-l", "eastus", "--dry-run"],
      ["upgrade", "-g", "rg"],
      ["update", "-g", "rg", "-n", "c", "--pod-cidr", "x"],
      ["nodepool", "add", "--help"],
      ["nodepool", "scale", "--help"],
      ["nodepool", "bogus"],
      ["nodepool"],
      ["fleet", "scan", "--help"],
      ["fleet", "plan", "--help"],
      ["fleet"],
      ["show", "-g", "rg", "-n", "c"],
      ["apply"],
      ["apply", "missing-plan.json", "--yes"],
      ["-o", "csv", "validate"],
      ["completion", "bash"],
      ["completion", "zsh"],
      ["--query", "valid", "validate"],
      ["--query", "[", "validate"],
    );
    for (const argv of lines) {
      const only = commandToRun(argv);
      expect(await outcome(argv, only), JSON.stringify(argv)).toEqual(await outcome(argv, undefined));
    }
  });

  it("parses any command line the same (random lines of real words)", async () => {
    // Commands that would start a server or a demo are left out; help for them is checked above.
    const word = fc.constantFrom(
      "validate", "create", "upgrade", "update", "nodepool", "add", "scale", "show", "fleet", "scan", "plan", "apply", "help",
      "-o", "json", "yaml", "tsv", "csv", "table", "--query", "name", "--no-color", "--debug", "--help", "-V",
      "-g", "rg", "-n", "c", "-l", "eastus", "--dry-run", "--yes", "--pod-cidr", "10.244.0.0/16", "--node-count", "3", "--max-pods", "0", "--bogus", "--", "x.json",
    );
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 8 }), async (argv) => {
        expect(await outcome(argv, commandToRun(argv))).toEqual(await outcome(argv, undefined));
      }),
      { numRuns: 300 },
    );
  });
});
