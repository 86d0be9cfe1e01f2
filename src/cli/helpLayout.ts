/**
 * Help that fits the terminal: option descriptions wrap even beside a long flag (which moves the
 * description to the next line instead of squeezing it), and the notes after the options
 * (help text written once, in paragraphs) are laid out at the help's width when shown.
 */
import type { AddHelpTextContext, Command, Help } from "commander";

/** The widest the flag column gets; a longer flag has its description on the lines below it. */
const TERM_COLUMN = 32;
const INDENT = 2;
const GAP = 2;

/** The width help is laid out to: the terminal's (commander asks the output), else 80. */
function helpWidthOf(cmd: Command): number {
  const config = cmd.configureOutput() as { getOutHelpWidth?: () => number | undefined };
  return Math.max(40, config.getOutHelpWidth?.() ?? 80);
}

/** Help.formatItem, with the flag column capped: see the module's comment. */
export function formatItem(this: Help, term: string, termWidth: number, description: string, helper: Help): string {
  const pad = " ".repeat(INDENT);
  if (!description) return pad + term;
  const width = helper.helpWidth ?? 80;
  // On a narrow terminal the flag column gives way, so that descriptions keep room to wrap in.
  const column = Math.max(8, Math.min(termWidth, TERM_COLUMN, width - INDENT - GAP - helper.minWidthToWrap));
  const descIndent = INDENT + column + GAP;
  const lines = helper.boxWrap(description, Math.max(helper.minWidthToWrap, width - descIndent)).split("\n");
  const under = (l: string): string => " ".repeat(descIndent) + l;
  if (helper.displayWidth(term) <= column) {
    return [pad + term + " ".repeat(column - helper.displayWidth(term) + GAP) + (lines[0] ?? ""), ...lines.slice(1).map(under)].join("\n");
  }
  return [pad + term, ...lines.map(under)].join("\n");
}

/** A command line (an example) too long for the width, broken before its flags with shell continuations. */
function wrapCommand(line: string, width: number): string[] {
  const indent = /^ */.exec(line)?.[0] ?? "";
  const parts = line.trim().split(/ (?=--?[A-Za-z])/);
  const out: string[] = [];
  let current = indent + (parts.shift() ?? "");
  for (const part of parts) {
    if (current.length + 1 + part.length + 2 > width) {
      out.push(`${current} \\`);
      current = `${indent}  ${part}`;
    } else current += ` ${part}`;
  }
  out.push(current);
  return out;
}

/** Words wrapped to `width`, continuation lines indented by `indent`. */
function wrapWords(text: string, width: number, first: string, indent: string): string[] {
  const out: string[] = [];
  let current = first;
  let empty = true;
  for (const word of text.split(" ").filter(Boolean)) {
    if (!empty && current.length + 1 + word.length > width) {
      out.push(current);
      current = indent + word;
    } else {
      current = empty ? current + word : `${current} ${word}`;
    }
    empty = false;
  }
  out.push(current);
  return out;
}

/**
 * Notes for after a command's options, laid out at the help's width when shown. The text is
 * written in paragraphs (lines joined until an empty line; a line starting "- " starts a list item);
 * indented lines are kept as lines: examples (command lines broken before a flag with "\"), or
 * indented prose wrapped under itself.
 */
export function helpNotes(text: string): (context: AddHelpTextContext) => string {
  return (context) => layoutNotes(text, helpWidthOf(context.command));
}

export function layoutNotes(text: string, width: number): string {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length === 0) return;
    const joined = paragraph.join(" ");
    const item = joined.startsWith("- ");
    out.push(...wrapWords(item ? joined.slice(2) : joined, width, item ? "- " : "", item ? "  " : ""));
    paragraph = [];
  };
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      flush();
      out.push("");
    } else if (/^\s/.test(line)) {
      flush();
      if (line.length <= width) out.push(line);
      else if (/^\s*(aks-overlay|az|curl|kubectl|eval|subnet=|--?[A-Za-z])/.test(line)) out.push(...wrapCommand(line, width));
      else {
        const indent = /^\s*/.exec(line)?.[0] ?? "";
        out.push(...wrapWords(line.trim(), width, indent, `${indent}  `));
      }
    } else {
      if (line.startsWith("- ")) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return out.join("\n");
}
