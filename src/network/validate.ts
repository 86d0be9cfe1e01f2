/**
 * The rulebook as one pure function: a resolved design and the network it lands in, in; every
 * finding and the capacity, out. Nothing stops at the first problem.
 */
import { type Capacity, computeCapacity } from "./capacity.js";
import type { Design, NetworkContext } from "./design.js";
import { type Finding, bySeverity } from "./findings.js";
import { isUnder } from "./paths.js";
import { checkAddressSpace } from "./rules/addressSpace.js";
import { checkCapacity } from "./rules/capacity.js";
import { checkCompatibility, dualStackSubnets } from "./rules/compatibility.js";
import { type ParsedNetwork, checkInputShape } from "./rules/inputShape.js";

export interface ValidationResult {
  valid: boolean;
  findings: Finding[];
  capacity: Capacity;
  parsed: ParsedNetwork;
}

/**
 * `defaulted`: design paths whose values are Azure's defaults (ResolvedDesign.defaulted); findings
 * about them say so, since a user who never typed 10.0.0.0/16 should learn where it came from.
 * The command's view names the flag (the finding's `field`).
 */
export function validateDesign(design: Design, network: NetworkContext, defaulted: readonly string[] = []): ValidationResult {
  const shape = checkInputShape(design, network);
  const parsed = shape.parsed;
  const inUse = new Map(parsed.subnets.filter((s) => s.inUse !== undefined).map((s) => [s.cidr.text, s.inUse as number]));
  const capacity = computeCapacity(design.pools, parsed.poolSubnet, parsed.pod, parsed.dualStack, inUse);
  const findings = [
    ...shape.findings,
    ...checkAddressSpace(parsed, capacity.podCidr?.smallestFittingPrefix ?? undefined),
    ...checkCapacity(capacity, parsed),
    ...checkCompatibility(design, parsed.dualStack, capacity),
    ...dualStackSubnets(design, parsed),
  ];
  for (const f of findings) {
    if (f.severity !== "info" && defaulted.some((d) => isUnder(f.path, d))) f.message += " (this is Azure's default: the value was not given)";
  }
  // Stable order: by severity, then in rule order.
  const ordered = bySeverity(findings);
  return { valid: !ordered.some((f) => f.severity === "error"), findings: ordered, capacity, parsed };
}
