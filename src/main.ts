/** Wires real dependencies, runs the program and maps every outcome to an exit code. */
import { buildProgram, commandToRun, cutLines, globalOutputOptions, isCommanderError, takeCommanderErrors } from "./cli/program.js";
import { terminal } from "./cli/terminal.js";
import type { Deps } from "./deps.js";
import { CliError, EXIT } from "./errors.js";
import { errorDocument } from "./plan/documents.js";
import { serializeDocument } from "./output/serialize.js";
import { proseFor } from "./output/style.js";

export async function run(argv: readonly string[], deps: Deps): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(deps, (code) => (exitCode = code), run, commandToRun(argv));
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.ok;
    }
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    // The global options as commander parsed them, even when it then refused the command line.
    const { output: format, debug, color } = globalOutputOptions(program);
    const style = terminal(deps, { output: format, color }).err;
    if (isCommanderError(error)) {
      // Help and version exit 0; everything else commander refuses is a usage error.
      const said = takeCommanderErrors(program);
      if (error.exitCode === 0) return EXIT.ok;
      const message = cutLines(error.message.replace(/^error: /, ""));
      if (format !== "table") {
        // Under document output stderr is NDJSON, the error too.
        if (said !== "") deps.stderr.write(`${JSON.stringify({ event: "error", code: "UsageError", message })}\n`);
        deps.stdout.write(await serializeDocument(errorDocument({ code: "UsageError", message }), format));
      } else if (said !== "") deps.stderr.write(proseFor(deps.stderr, said));
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      if (format !== "table") deps.stderr.write(`${JSON.stringify({ event: "error", code: error.code, message: error.message, ...(debug && error.stack && { stack: error.stack }) })}\n`);
      else {
        deps.stderr.write(`${proseFor(deps.stderr, `${style.error("error:")} ${error.message}`)}\n`);
        if (debug && error.stack) deps.stderr.write(`${error.stack}\n`);
      }
      if (format !== "table") {
        const details = (error as { details?: { armCode?: string; target?: string; operationId?: string; accepted?: boolean } }).details ?? {};
        const extra = {
          ...(details.armCode !== undefined && { armCode: details.armCode }),
          ...(details.target !== undefined && { target: details.target }),
          ...(details.operationId !== undefined && { operationId: details.operationId }),
          ...(details.accepted === true && { accepted: true }),
        };
        deps.stdout.write(await serializeDocument(errorDocument({ code: error.code, message: error.message, ...extra }), format));
      }
      return error.exitCode;
    }
    // A bug: say so, with the stack, so it can be reported.
    const message = error instanceof Error ? error.message : String(error);
    deps.stderr.write(`${style.error("internal error:")} ${message}\n${error instanceof Error && error.stack ? `${error.stack}\n` : ""}`);
    deps.stderr.write("This is a bug in aks-overlay; please report it with the command line that caused it.\n");
    if (format !== "table") deps.stdout.write(await serializeDocument(errorDocument({ code: "InternalError", message }), format));
    return EXIT.internal;
  }
}

/**
 * Reads one line from the terminal, asking on stderr (stdout is for the result). Ctrl-C at the
 * prompt, and SIGINT or SIGTERM from outside (`signal`), end it with no answer.
 */
async function promptLine(question: string, signal: AbortSignal, onInterrupt: () => void): Promise<string | undefined> {
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  let settled = false;
  const stop = (): void => {
    settled = true;
    process.stderr.write("\n");
    rl.close();
  };
  try {
    return await new Promise<string | undefined>((resolveWith) => {
      const resolve = (answer: string | undefined): void => {
        settled = true;
        resolveWith(answer);
      };
      // The terminal is in raw mode while asking: Ctrl-C reaches readline, not the process.
      rl.once("SIGINT", () => {
        process.stderr.write("\n");
        onInterrupt();
        resolve(undefined);
      });
      // Ctrl-D (end of input) at the prompt: no answer, and the line ends here, not in the next message.
      rl.once("close", () => {
        if (!settled) process.stderr.write("\n");
        resolve(undefined);
      });
      signal.addEventListener("abort", stop, { once: true });
      if (signal.aborted) stop();
      rl.question(question, (answer) => resolve(answer));
    });
  } finally {
    signal.removeEventListener("abort", stop);
    rl.close();
  }
}

/**
 * Reads a design or plan file (`-`: stdin), never more than MAX_INPUT_BYTES + 1 bytes: a larger
 * input (or an endless one, /dev/zero) is refused as soon as it passes the limit.
 */
async function readInput(path: string, signal: AbortSignal): Promise<string> {
  const { MAX_INPUT_BYTES, tooLargeMessage } = await import("./input/limits.js");
  const tooLarge = (): Error => Object.assign(new Error(tooLargeMessage()), { code: "EFBIG" });
  if (path === "-") {
    // At a terminal, say what is awaited: otherwise it looks like a hang.
    if (process.stdin.isTTY) process.stderr.write("Reading from standard input: type or paste it, then Ctrl-D on a line of its own.\n");
    const chunks: Buffer[] = [];
    let total = 0;
    // Ctrl-C while waiting for input ends the read: nothing has been asked of Azure yet.
    const interrupted = new CliError("interrupted while reading standard input; nothing was written", EXIT.interrupted, "Interrupted");
    if (signal.aborted) throw interrupted;
    const stop = (): void => {
      process.stdin.destroy(interrupted);
    };
    signal.addEventListener("abort", stop, { once: true });
    try {
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        total += (chunk as Buffer).length;
        if (total > MAX_INPUT_BYTES) throw tooLarge();
      }
    } finally {
      signal.removeEventListener("abort", stop);
    }
    return Buffer.concat(chunks).toString("utf8");
  }
  const { open } = await import("node:fs/promises");
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(MAX_INPUT_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_INPUT_BYTES) throw tooLarge();
    return buffer.toString("utf8", 0, length);
  } finally {
    await file.close();
  }
}

export async function main(argv: readonly string[]): Promise<void> {
  // A reader that stops early (`| head`) is not an error: stop quietly, as Unix tools do.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw error;
  });
  const interrupt = new AbortController();
  const onSignal = (): void => {
    // A second Ctrl-C while stopping ends the process at once.
    if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
    interrupt.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const deps: Deps = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    readFile: (path) => readInput(path, interrupt.signal),
    // node:fs/promises loads when a file is written, not at every start.
    writeFile: async (path, text) => (await import("node:fs/promises")).writeFile(path, text, "utf8"),
    makeDirectory: async (path) => {
      await (await import("node:fs/promises")).mkdir(path, { recursive: true });
    },
    listDirectory: async (path) => {
      const { readdir } = await import("node:fs/promises");
      return readdir(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      });
    },
    readStart: async (path, bytes) => {
      const { open, stat } = await import("node:fs/promises");
      // Never open a FIFO or a device to look at it: opening one can wait forever.
      const kind = await stat(path).catch(() => undefined);
      if (kind && !kind.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: kind.isDirectory() ? "EISDIR" : "ENOTREG" });
      const file = await open(path, "r").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      });
      if (!file) return undefined;
      try {
        const buffer = Buffer.alloc(bytes);
        const { bytesRead } = await file.read(buffer, 0, bytes, 0);
        return buffer.toString("utf8", 0, bytesRead);
      } finally {
        await file.close();
      }
    },
    checkWritable: async (path) => {
      const { access, stat, constants } = await import("node:fs/promises");
      const { dirname } = await import("node:path");
      const existing = await stat(path).catch(() => undefined);
      if (existing?.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: "EISDIR" });
      if (existing && !existing.isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: "ENOTREG" });
      const parent = dirname(path) || ".";
      if (!existing && !(await stat(parent)).isDirectory()) throw Object.assign(new Error(`${parent} is not a directory`), { code: "ENOTDIR" });
      await access(existing ? path : parent, constants.W_OK);
    },
    signal: interrupt.signal,
    now: () => new Date(),
    // Read when a command would ask: process.stdin is a stream built on first use.
    get stdinIsTTY() {
      return process.stdin.isTTY === true;
    },
    prompt: (question) => promptLine(question, interrupt.signal, () => interrupt.abort()),
    // On a terminal a progress spinner may be drawing: its line is cleared first (it redraws itself).
    note: (message) => process.stderr.write(`${process.stderr.isTTY ? "\r\u001b[2K" : ""}${proseFor(process.stderr, message)}\n`),
    azure: async (flags) => (await import("./azure/factory.js")).createAzure(flags, deps),
  };
  try {
    process.exitCode = await run(argv, deps);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
