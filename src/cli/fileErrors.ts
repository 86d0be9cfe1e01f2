/**
 * Why a file could not be read or written, in words: Node's error codes (ENOENT, EISDIR, ELOOP...)
 * are for programs. One table for every file a command reads (--file, plans, --faults, an SSH
 * key) or writes (--out, --report, --out-dir).
 */
import type { Deps } from "../deps.js";
import { UsageError } from "../errors.js";
import { shown } from "../network/shown.js";

const READING: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "is a directory, not a file",
  ENOTDIR: "a part of the path is a file, not a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ELOOP: "too many symbolic links (a link that points back at itself?)",
  EIO: "could not be read: an input/output error",
  ENAMETOOLONG: "the path is too long",
  EMFILE: "too many files open; try again",
  EAGAIN: "could not be read now; try again",
  ENOTREG: "is not a regular file (a pipe or a device)",
};

const WRITING: Record<string, string> = {
  ...READING,
  ENOENT: "no such directory to write it in",
  EISDIR: "is a directory: give a file name",
  EEXIST: "exists and is not a directory",
  ENOSPC: "no space left on the device",
  EROFS: "read-only file system",
  EDQUOT: "disk quota exceeded",
};

/** The reason a file operation failed, for a message: its code in words, else Node's message, cut. */
export function fileProblem(error: unknown, writing = false): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const known = code !== undefined ? (writing ? WRITING : READING)[code] : undefined;
  if (known === undefined) return shown((error as Error | undefined)?.message ?? String(error), 200);
  // The rarer ones keep their code too: it is what to search for.
  return ["ENOENT", "EISDIR", "EACCES", "EPERM", "ENOTREG"].includes(code as string) ? known : `${known} (${code})`;
}

/**
 * Where a command may write a file it was given (--out, --report): a new file, or one of its own
 * kind from an earlier run (`ours` judges its first `bytes`), never another file a typo names; in
 * a directory that exists. Checked before the work that ends in writing it. `dash`: why "-" is not
 * a file here.
 */
export async function checkOutputPath(flag: string, path: string, deps: Deps, what: { kind: string; ours: (start: string) => boolean; bytes: number; dash: string }): Promise<void> {
  const name = shown(path);
  if (path === "-") throw new UsageError(`${flag} writes ${what.dash}`);
  let existing: string | undefined;
  try {
    existing = deps.readStart ? await deps.readStart(path, what.bytes) : await deps.readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new UsageError(`${flag} ${name}: ${fileProblem(error, true)}`);
  }
  if (existing !== undefined && !what.ours(existing.slice(0, what.bytes))) {
    throw new UsageError(`${flag} ${name}: the file exists and is not an aks-overlay ${what.kind}; give a new file name (a ${what.kind} is only ever overwritten by another)`);
  }
  try {
    await deps.checkWritable?.(path);
  } catch (error) {
    throw new UsageError(`${flag} ${name}: ${fileProblem(error, true)}`);
  }
}
