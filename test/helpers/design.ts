/** Builders for rule tests: validate a design input and look at its findings. */
import { type DesignInput, resolveDesign } from "../../src/network/design.js";
import type { Finding } from "../../src/network/findings.js";
import { type ValidationResult, validateDesign } from "../../src/network/validate.js";

/** A small, valid custom-VNet design to vary one field at a time. */
export const BASE: DesignInput = {
  vnetCidrs: ["10.224.0.0/12"],
  nodeSubnetCidr: "10.224.0.0/16",
  podCidr: "192.168.0.0/16",
  serviceCidr: "172.16.0.0/16",
  dnsServiceIp: "172.16.0.10",
};

export const DUAL: DesignInput = {
  ...BASE,
  vnetCidrs: ["10.224.0.0/12", "fd00:aaaa::/56"],
  ipFamilies: ["ipv4", "ipv6"],
  podCidrs: ["192.168.0.0/16", "fd12:3456:789a::/64"],
  serviceCidrs: ["172.16.0.0/16", "fd12:3456:789a:1::/108"],
  podCidr: undefined,
  serviceCidr: undefined,
};

export function check(input: DesignInput): ValidationResult & { codes: string[]; errors: string[]; find: (code: string) => Finding | undefined } {
  const resolved = resolveDesign(input);
  const result = validateDesign(resolved.design, resolved.network);
  return {
    ...result,
    codes: result.findings.map((f) => f.code),
    errors: result.findings.filter((f) => f.severity === "error").map((f) => f.code),
    find: (code) => result.findings.find((f) => f.code === code),
  };
}
