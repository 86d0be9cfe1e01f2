/** A finding: what a rule found, with the flag it concerns and how to fix it. */
export type Severity = "error" | "warning" | "info";

export interface Finding {
  severity: Severity;
  /** Stable code: part of the JSON contract, never renamed. */
  code: string;
  /** The CLI flag the finding is about, e.g. "--pod-cidr". */
  field: string;
  /** Names the offending values. */
  message: string;
  hint?: string;
  /** The error code Azure itself would return, so users can search for it. */
  armCode?: string;
  /** The node pool the finding is about, where it is about one. */
  pool?: string;
  /** The offending values, for scripts. */
  values?: string[];
}

export const SEVERITY_ORDER: readonly Severity[] = ["error", "warning", "info"];

/** Findings in a stable order: errors, then warnings, then notes, each in the order found. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return SEVERITY_ORDER.flatMap((severity) => findings.filter((f) => f.severity === severity));
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** "a, b and 3 more" for messages about many values. */
export function listValues(values: readonly string[], max = 4): string {
  if (values.length <= max) {
    return values.length <= 1 ? (values[0] ?? "") : `${values.slice(0, -1).join(", ")} and ${values[values.length - 1]}`;
  }
  return `${values.slice(0, max).join(", ")} and ${values.length - max} more`;
}

export function plural(n: number | bigint, word: string, pluralWord = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 || n === 1n ? word : pluralWord}`;
}

/** 1234567 -> "1,234,567" (by hand: toLocaleString would load ICU, ~10 ms at start-up). */
export function formatCount(n: number | bigint): string {
  if (typeof n === "number" && !Number.isSafeInteger(n)) return String(n);
  const digits = (n < 0 ? -BigInt(n) : BigInt(n)).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ",");
  return n < 0 ? `-${grouped}` : grouped;
}
