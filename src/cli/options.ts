/** Option parsers shared by commands: whole numbers, lists and case-insensitive choices. */
import { InvalidArgumentError } from "commander";

export function wholeNumber(value: string): number {
  if (!/^[-+]?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number, got "${value}".`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`"${value}" is too large.`);
  return n;
}

/** "a,b, c" -> ["a", "b", "c"]; a repeated flag adds to the list. */
export function commaList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").map((v) => v.trim())];
}

/** A choice matched without regard to case, returned in its canonical spelling. */
export function choice<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    const found = choices.find((c) => c.toLowerCase() === value.trim().toLowerCase());
    if (!found) throw new InvalidArgumentError(`"${value}" is not one of ${choices.join(", ")}.`);
    return found;
  };
}
