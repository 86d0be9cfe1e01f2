/** Terminal styling: colour only where it helps and only when the terminal wants it. */
import { Chalk, type ChalkInstance } from "chalk";

export type ColorLevel = 0 | 1 | 2 | 3;

/**
 * Colour on a TTY, never with NO_COLOR or --no-color; FORCE_COLOR (0-3, or any other value for 1)
 * turns it on for pipes too, as in most CLIs.
 */
export function colorLevel(env: Readonly<Record<string, string | undefined>>, isTTY: boolean, noColorFlag: boolean): ColorLevel {
  if (noColorFlag) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "0" || force === "false") return 0;
    if (force === "2" || force === "3") return Number(force) as ColorLevel;
    return 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return 0;
  if (!isTTY || env.TERM === "dumb") return 0;
  return env.COLORTERM === "truecolor" || env.COLORTERM === "24bit" ? 3 : 1;
}

export interface Style {
  readonly enabled: boolean;
  error: (s: string) => string;
  warning: (s: string) => string;
  info: (s: string) => string;
  ok: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
  accent: (s: string) => string;
}

export function createStyle(level: ColorLevel): Style {
  const c: ChalkInstance = new Chalk({ level });
  return {
    enabled: level > 0,
    error: (s) => c.red(s),
    warning: (s) => c.yellow(s),
    info: (s) => c.cyan(s),
    ok: (s) => c.green(s),
    dim: (s) => c.dim(s),
    bold: (s) => c.bold(s),
    accent: (s) => c.magenta(s),
  };
}

/** Visible width of a string, ignoring ANSI colour codes. */
export function visibleWidth(s: string): number {
  return [...s.replace(/\u001b\[[0-9;]*m/g, "")].length;
}

export function padEnd(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - visibleWidth(s)));
}

/**
 * Adds `more` to the end of `lines` one by one: `lines.push(...more)` passes every element as an
 * argument and overflows the stack for a few hundred thousand of them.
 */
export function append<T>(lines: T[], more: readonly T[]): T[] {
  for (const line of more) lines.push(line);
  return lines;
}

const SGR = /\u001b\[[0-9;]*m/g;

/** The narrowest a cell can be wrapped to: its longest word (styling takes no room). */
function narrowest(cell: string): number {
  return Math.max(0, ...cell.split(" ").map(visibleWidth));
}

/**
 * A cell wrapped at spaces to `width` (a longer word stays whole). Styling carries over: a line
 * that ends inside a style is reset, and the next line starts with every style sequence seen so far.
 */
function wrapCell(cell: string, width: number): string[] {
  if (visibleWidth(cell) <= width) return [cell];
  const lines: string[] = [];
  let current = "";
  let seen = "";
  const close = (line: string): string => (seen !== "" ? `${line}\u001b[0m` : line);
  for (const word of cell.split(" ")) {
    if (current !== "" && visibleWidth(current) + 1 + visibleWidth(word) > width) {
      lines.push(close(current));
      current = seen + word;
    } else current = current === "" ? word : `${current} ${word}`;
    for (const code of word.match(SGR) ?? []) seen += code;
  }
  lines.push(current);
  return lines;
}

/**
 * Renders rows as aligned columns (two spaces apart); the last column is not padded. A table wider
 * than `width` is narrowed column by column, widest first, by wrapping cells at spaces onto more
 * lines (never below a column's longest word: ids and CIDRs stay whole).
 */
export function columns(rows: string[][], indent = "  ", width = Number.POSITIVE_INFINITY): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell))));
  const total = (): number => visibleWidth(indent) + widths.reduce((a, b) => a + b, 0) + 2 * Math.max(0, widths.length - 1);
  if (total() > width) {
    const floor = widths.map((_, i) => Math.max(0, ...rows.map((r) => narrowest(r[i] ?? ""))));
    // One character at a time off the widest column that can still wrap: the narrowing is spread out.
    while (total() > width) {
      let widest = -1;
      widths.forEach((w, i) => {
        if (w > (floor[i] ?? w) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
      });
      if (widest < 0) break;
      widths[widest] = (widths[widest] ?? 0) - 1;
    }
  }
  const wrapped = rows.map((row) => row.map((cell, i) => wrapCell(cell, widths[i] ?? visibleWidth(cell))));
  // Each column as wide as its widest line once wrapped.
  widths.fill(0);
  for (const row of wrapped) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, ...cell.map(visibleWidth))));
  const out: string[] = [];
  for (const cells of wrapped) {
    const height = Math.max(1, ...cells.map((c) => c.length));
    for (let k = 0; k < height; k++) {
      out.push((indent + cells.map((c, i) => (i === cells.length - 1 ? (c[k] ?? "") : padEnd(c[k] ?? "", widths[i] ?? 0))).join("  ")).trimEnd());
    }
  }
  return out;
}

/**
 * Fits the prose lines of a rendered block to a width: a longer line is wrapped at spaces, its
 * continuation indented two more than it. A word longer than a line (a resource id) stays whole on
 * a line of its own, so that it can be copied; table rows (cells two spaces apart) are left as they
 * are, since wrapping one would break its columns.
 */
export function fitProse(lines: readonly string[], width: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    // A line may start with a colour code before its indent (a dimmed note): the indent is after it.
    const [, codes = "", indent = ""] = /^((?:\u001b\[[0-9;]*m)*)( *)/.exec(line) ?? [];
    const body = line.slice(codes.length + indent.length);
    if (visibleWidth(line) <= width || body.includes("  ")) {
      out.push(line);
      continue;
    }
    let current = codes;
    const start = out.length;
    for (const word of wrapUnits(body, width - indent.length - 2)) {
      // A marker that starts the line (+, ~, ✗, →) stays with the word after it, whatever its length.
      const lone = visibleWidth(current) - indent.length <= 2;
      if (!lone && visibleWidth(current) + 1 + visibleWidth(word) > width) {
        out.push(current);
        current = `${indent}  ${word}`;
      } else {
        current = visibleWidth(current) === 0 ? current + indent + word : `${current} ${word}`;
      }
    }
    out.push(current);
    for (let i = start; i < out.length; i++) out[i] = (out[i] as string).replaceAll(GLUE, " ");
  }
  return out;
}

/**
 * A message for stderr: on a terminal, wrapped at its width at spaces (continuation lines
 * indented, resource ids and paths kept whole); to a pipe or file, as it is, one line per line.
 */
export function proseFor(stream: { isTTY?: boolean; columns?: number }, text: string): string {
  return stream.isTTY && stream.columns ? fitProse(text.split("\n"), Math.max(40, stream.columns)).join("\n") : text;
}

/** Joins the words of one command while it is being wrapped (a private-use character, never in text). */
const GLUE = "\uE000";
const COMMAND_START = /^[('"`]?(aks-overlay|az|kubectl)$/;
const COMMAND_END = /[,;)'"`]$/;

/**
 * The words to wrap, with each command in the text (`aks-overlay ...`, `az ...`, `kubectl ...`, to
 * the end of its clause) glued into one word when it fits on a line: a command copied from a
 * hint is then one line, not two that the shell would run apart. A longer one wraps as prose.
 */
function wrapUnits(text: string, room: number): string[] {
  const words = text.split(" ");
  const units: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!COMMAND_START.test(word)) {
      units.push(word);
      continue;
    }
    let end = i;
    while (end < words.length - 1 && !COMMAND_END.test(words[end] as string)) end++;
    const span = words.slice(i, end + 1);
    if (visibleWidth(span.join(" ")) <= room) {
      units.push(span.join(GLUE));
      i = end;
    } else units.push(word);
  }
  return units;
}

/** Wraps text to a width at spaces, indenting continuation lines; a command that fits a line stays whole. */
export function wrap(text: string, width: number, indent: string): string[] {
  return wrapWords(wrapUnits(text, width - indent.length), width, indent).map((l) => l.replaceAll(GLUE, " "));
}

function wrapWords(words: readonly string[], width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line !== "" && visibleWidth(line) + 1 + visibleWidth(word) > width - indent.length) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(indent + line);
  return lines;
}
