/**
 * How a value the user typed is shown in a message: whole when short, else its start and its
 * length, with control characters escaped so a value can neither flood the output nor steer the
 * terminal. Every message that echoes a user value goes through `shown` (or `quoted`).
 */

/** The most characters of a user value a message shows. */
export const SHOWN_VALUE_MAX = 80;

/** A control character (C0, DEL, C1) or a line or paragraph separator. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function escapeControl(text: string): string {
  return text.replace(CONTROL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** 1234567 -> "1,234,567". */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
}

/**
 * A user value for a message: `abc` as is; a longer one as its first 80 characters and
 * "…(100,000 characters)". Control characters are written as \uXXXX escapes.
 */
export function shown(value: string, max = SHOWN_VALUE_MAX): string {
  if (value.length <= max) return escapeControl(value);
  // Cut on a code point, never inside a surrogate pair.
  let end = max;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${escapeControl(value.slice(0, end))}…(${grouped(value.length)} characters)`;
}

/** `shown` in double quotes: `"abc"`, `""`. */
export function quoted(value: string, max = SHOWN_VALUE_MAX): string {
  return `"${shown(value, max)}"`;
}

/** Each of a list of user values, shown; for a finding's `values`. */
export function shownAll(values: readonly string[], max = SHOWN_VALUE_MAX): string[] {
  return values.map((v) => shown(v, max));
}

/** A word as a POSIX shell reads it back: bare when it is plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./*-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
