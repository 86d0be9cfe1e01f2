/**
 * Bounds on what aks-overlay reads: design files (--file) and saved plans (apply). Checked before
 * any YAML or JSON parser runs, so an input can neither fill memory nor nest deep enough to
 * exhaust the parser's stack, and again on the parsed value (aliases can nest without text).
 *
 * A design or plan of a real cluster is a few kilobytes and about ten levels deep; the limits
 * leave room for 100,000 peered ranges (about 2 MB) and for whatever Azure's bodies hold.
 */
import { UsageError } from "../errors.js";
import { formatCount } from "../network/findings.js";

/** The largest design or plan file read: 5 MiB. `readInput` stops reading one byte past it. */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

/** The deepest nesting of lists and mappings a design or plan may have. */
export const MAX_NESTING_DEPTH = 64;

/**
 * The longest single value (a flag's value, one entry of a list flag, a design field's string):
 * far more than any CIDR, name or resource id needs, and small enough that no message or
 * document echoing it can balloon.
 */
export const MAX_VALUE_LENGTH = 4096;

/** "5 MiB". */
export const MAX_INPUT_SIZE_TEXT = "5 MiB";

/** The message for an input over the size limit (also the reader's, which stops at the limit). */
export function tooLargeMessage(bytes?: number): string {
  const size = bytes === undefined ? "more than 5 MiB" : `${formatCount(bytes)} bytes`;
  return `is too large (${size}): design and plan files are limited to ${MAX_INPUT_SIZE_TEXT} (${formatCount(MAX_INPUT_BYTES)} bytes)`;
}

function tooDeepMessage(): string {
  return `nests lists and mappings more than ${MAX_NESTING_DEPTH} levels deep, the limit for design and plan files`;
}

/**
 * An upper estimate of the text's nesting, without parsing it: the deepest of its bracket depth
 * (JSON, YAML flow collections; brackets inside double-quoted strings do not count) and its
 * block depth (YAML indentation levels plus compact "- " entries). Linear in the text.
 */
export function estimatedNesting(text: string): number {
  let deepest = 0;
  // Flow: [ and { outside double-quoted strings.
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* \ */) i++;
      else if (ch === 0x22 /* " */) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x5b /* [ */ || ch === 0x7b /* { */) {
      if (++depth > deepest) deepest = depth;
    } else if (ch === 0x5d /* ] */ || ch === 0x7d /* } */) {
      if (depth > 0) depth--;
    } else if (ch === 0x0a /* \n */ && depth === 0) {
      // A stray quote in a YAML plain scalar must not hide the rest of the file.
      inString = false;
    }
  }
  // Block: a stack of indentation widths, plus the "- " entries that open a line.
  const indents: number[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let end = text.indexOf("\n", lineStart);
    if (end < 0) end = text.length;
    let i = lineStart;
    while (i < end && text.charCodeAt(i) === 0x20) i++;
    const indent = i - lineStart;
    let dashes = 0;
    while (i + 1 < end && text.charCodeAt(i) === 0x2d /* - */ && text.charCodeAt(i + 1) === 0x20) {
      dashes++;
      i += 2;
      while (i < end && text.charCodeAt(i) === 0x20) i++;
    }
    if (i < end && text.charCodeAt(i) !== 0x23 /* # */ && text.charCodeAt(i) !== 0x0d) {
      while (indents.length > 0 && (indents[indents.length - 1] as number) > indent) indents.pop();
      if (indents.length === 0 || (indents[indents.length - 1] as number) < indent) indents.push(indent);
      // A line's "- " entries open sequences at its own indentation level and below it.
      const block = indents.length + Math.max(0, dashes - 1);
      if (block > deepest) deepest = block;
    }
    lineStart = end + 1;
  }
  return deepest;
}

/**
 * Refuses text over the size limit, holding NUL bytes (a binary file: described, never quoted),
 * or nested deeper than the limit. `label` starts the message ("--file design.yaml").
 */
export function checkInputText(text: string, label: string): void {
  // A string has at most as many UTF-16 units as its UTF-8 encoding has bytes.
  if (text.length > MAX_INPUT_BYTES || Buffer.byteLength(text, "utf8") > MAX_INPUT_BYTES) {
    throw new UsageError(`${label} ${tooLargeMessage(Buffer.byteLength(text, "utf8"))}`);
  }
  if (text.includes("\u0000")) {
    throw new UsageError(`${label}: not a design or plan: it holds binary data (NUL bytes, ${formatCount(text.length)} characters in all); give a YAML or JSON file`);
  }
  if (estimatedNesting(text) > MAX_NESTING_DEPTH) throw new UsageError(`${label} ${tooDeepMessage()}`);
}

/**
 * The parsed value's nesting depth, refused over the limit. Iterative, and it stops at the limit,
 * so a cycle (a YAML alias that refers to its own ancestor) is refused too.
 */
export function checkParsedDepth(value: unknown, label: string): void {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (current === null || typeof current !== "object") continue;
    if (depth + 1 > MAX_NESTING_DEPTH) throw new UsageError(`${label} ${tooDeepMessage()}`);
    const children = Array.isArray(current) ? current : Object.values(current as Record<string, unknown>);
    for (const child of children) if (child !== null && typeof child === "object") stack.push({ value: child, depth: depth + 1 });
  }
}
