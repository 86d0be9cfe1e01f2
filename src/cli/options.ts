/** Option parsers shared by commands: whole numbers, lists and case-insensitive choices. */
import { UsageError } from "../errors.js";
import { MAX_VALUE_LENGTH } from "../input/limits.js";
import { formatCount } from "../network/findings.js";
import { quoted } from "../network/shown.js";

/**
 * Commander calls a parser as a method of the option it parses, so `this` names the flag.
 * Parsers refuse with a UsageError of their own (exit 2) rather than commander's
 * InvalidArgumentError, whose message would repeat the whole value uncut.
 */
type ParsingOption = { long?: string; flags?: string } | void;

function refuse(option: ParsingOption, value: string, why: string): UsageError {
  const flag = (option && (option.long ?? option.flags)) || "option";
  return new UsageError(`${flag} ${quoted(value)}: ${why}`);
}

/** Refuses a value longer than any real one (input/limits.ts): it is never echoed whole. */
function checkLength(option: ParsingOption, value: string): void {
  if (value.length > MAX_VALUE_LENGTH) {
    throw refuse(option, value, `the value has ${formatCount(value.length)} characters; a value may have at most ${formatCount(MAX_VALUE_LENGTH)}`);
  }
}

/** A text value, bounded in length. */
export function text(this: ParsingOption, value: string): string {
  checkLength(this, value);
  return value;
}

export function wholeNumber(this: ParsingOption, value: string): number {
  checkLength(this, value);
  if (!/^[-+]?\d+$/.test(value.trim())) throw refuse(this, value, "expected a whole number.");
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw refuse(this, value, "too large.");
  return n;
}

/** "a,b, c" -> ["a", "b", "c"]; a repeated flag adds to the list. Each entry is bounded in length. */
export function commaList(this: ParsingOption, value: string, previous: string[] | undefined): string[] {
  const entries = value.split(",").map((v) => v.trim());
  for (const entry of entries) checkLength(this, entry);
  const list = previous ? [...previous] : [];
  for (const entry of entries) list.push(entry);
  return list;
}

/** A choice matched without regard to case, returned in its canonical spelling. */
export function choice<T extends string>(choices: readonly T[]): ((value: string) => T) & { choices: readonly T[] } {
  const parse = function (this: ParsingOption, value: string) {
    const found = choices.find((c) => c.toLowerCase() === value.trim().toLowerCase());
    if (!found) throw refuse(this, value, `not one of ${choices.join(", ")}.`);
    return found;
  };
  // Shell completion offers these values (completion.ts).
  return Object.assign(parse, { choices });
}

/**
 * A flag `az aks` takes whose only value here is the one this tool always uses (it accepts a
 * pasted `az aks create` line); any other value is refused with why.
 */
export function onlyValue(expected: string, why: string): (this: ParsingOption, value: string) => string {
  return function (this: ParsingOption, value: string) {
    checkLength(this, value);
    if (value.trim().toLowerCase() !== expected) throw refuse(this, value, why);
    return expected;
  };
}

/** A flag `az aks` takes that this tool refuses, with why, whatever its value. */
export function refused(why: string): (this: ParsingOption, value: string) => never {
  return function (this: ParsingOption, value: string): never {
    throw refuse(this, value, why);
  };
}
