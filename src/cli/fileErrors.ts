/**
 * Why a file could not be read or written, in words: Node's error codes (ENOENT, EISDIR, ELOOP...)
 * are for programs. One table for every file a command reads (--file, plans, --faults, an SSH
 * key) or writes (--out, --report, --out-dir).
 */
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
  return ["ENOENT", "EISDIR", "EACCES", "EPERM"].includes(code as string) ? known : `${known} (${code})`;
}
