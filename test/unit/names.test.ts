/** Azure's name rules (network/names.ts): the valid edge and the invalid edge of each. */
import { describe, expect, it } from "vitest";
import { type NameKind, NAME_RULES, isValidName, nameProblem, nameReason } from "../../src/network/names.js";
import { checkNames, RequestProblem } from "../../src/ops/operation.js";

type Row = [kind: NameKind, value: string, valid: boolean];

const rows: Row[] = [
  // Resource group: 1-90; letters, digits, _ - . ( ); not ending in "."
  ["resourceGroup", "r", true],
  ["resourceGroup", "r".repeat(90), true],
  ["resourceGroup", "r".repeat(91), false],
  ["resourceGroup", "", false],
  ["resourceGroup", "my_rg-1.(prod)", true],
  ["resourceGroup", "rg.", false],
  ["resourceGroup", ".", false],
  ["resourceGroup", "..", false],
  ["resourceGroup", "a/b", false],
  ["resourceGroup", "a b", false],
  ["resourceGroup", "a#b", false],
  ["resourceGroup", "gruppe-ä", true],
  // Managed cluster: 1-63, alphanumeric ends, - and _ inside.
  ["cluster", "a", true],
  ["cluster", "a".repeat(63), true],
  ["cluster", "a".repeat(64), false],
  ["cluster", "a-b_c", true],
  ["cluster", "-a", false],
  ["cluster", "a_", false],
  ["cluster", "a.b", false],
  ["cluster", "", false],
  // Linux pools: 1-12, ^[a-z][a-z0-9]*$.
  ["pool", "a", true],
  ["pool", "abcdefghijkl", true],
  ["pool", "abcdefghijklm", false],
  ["pool", "pool1", true],
  ["pool", "1pool", false],
  ["pool", "Pool", false],
  ["pool", "po-ol", false],
  // Windows pools: 1-6.
  ["windowsPool", "win123", true],
  ["windowsPool", "win1234", false],
  // Location: lower-case letters and digits, 1-40.
  ["location", "eastus2", true],
  ["location", "a".repeat(40), true],
  ["location", "a".repeat(41), false],
  ["location", "East US", false],
  ["location", "eastus-2", false],
  ["location", "", false],
  // DNS prefix: 1-54, alphanumeric ends, hyphens inside.
  ["dnsPrefix", "a", true],
  ["dnsPrefix", "a".repeat(54), true],
  ["dnsPrefix", "a".repeat(55), false],
  ["dnsPrefix", "my-aks", true],
  ["dnsPrefix", "-bad", false],
  ["dnsPrefix", "bad_", false],
  // Any other URL segment: 1-128, no / ? # \ % or control characters.
  ["urlSegment", "vnet-hub_01.x", true],
  ["urlSegment", "v".repeat(128), true],
  ["urlSegment", "v".repeat(129), false],
  ["urlSegment", "a?b", false],
  ["urlSegment", "a\\b", false],
  ["urlSegment", "a%2fb", false],
  ["urlSegment", "a\nb", false],
  ["urlSegment", "..", false],
];

describe("name rules", () => {
  it.each(rows)("%s %j valid: %s", (kind, value, valid) => {
    expect(isValidName(kind, value)).toBe(valid);
    expect(nameReason(kind, value) === undefined).toBe(valid);
  });

  it("keeps every rule's length in its words", () => {
    for (const rule of Object.values(NAME_RULES)) expect(rule.rule).toContain(`${rule.min}-${rule.max}`);
  });

  it("names the value cut to 80 characters and the rule, never the whole value", () => {
    const huge = "a".repeat(100_000);
    const message = nameProblem("cluster", huge, "--name") as string;
    expect(message).toContain("--name");
    expect(message).toContain("100,000 characters");
    expect(message).toContain(NAME_RULES.cluster.rule);
    expect(message.length).toBeLessThan(400);
  });
});

describe("checkNames: before any request", () => {
  it.each([
    [{ "--resource-group": "rg", "--name": "aks1", "--location": "eastus" }],
    [{ "--resource-group": "rg", "--cluster-name": "aks1", "--name": "pool1" }],
    [{ "--resource-group": "r".repeat(90), "--name": "a".repeat(63) }],
  ])("accepts %j", (names) => {
    expect(() => checkNames(names)).not.toThrow();
  });

  it.each([
    [{ "--resource-group": "rg", "--name": "a".repeat(100_000) }, "--name", "100,000 characters"],
    [{ "--resource-group": "r".repeat(91), "--name": "aks" }, "--resource-group", "more than 90"],
    [{ "--resource-group": "rg.", "--name": "aks" }, "--resource-group", 'not ending in "."'],
    [{ "--resource-group": "..", "--name": "aks" }, "--resource-group", "not a name"],
    [{ "--resource-group": "rg", "--name": "." }, "--name", "not a name"],
    [{ "--resource-group": "rg", "--name": "aks", "--location": "East US" }, "--location", "eastus2"],
    [{ "--resource-group": "rg", "--vnet-name": "v/x" }, "--vnet-name", "cannot contain"],
  ])("refuses %j naming %s", (names, flag, words) => {
    let error: unknown;
    try {
      checkNames(names);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestProblem);
    const message = (error as Error).message;
    expect(message.startsWith(`${flag} "`)).toBe(true);
    expect(message).toContain(words);
    expect(message.length).toBeLessThan(400);
  });

  it("takes a name's kind from the caller where the flag alone does not say (nodepool add: --name is the pool's)", () => {
    expect(() => checkNames({ "-n": "Pool1" }, { "-n": "pool" })).toThrow(/node pool name/);
    expect(() => checkNames({ "-n": "pool1" }, { "-n": "pool" })).not.toThrow();
    expect(() => checkNames({ "--cluster-name": "aks", "--name": "abcdefghijklm" }, { "--name": "pool" })).toThrow(/more than 12/);
    expect(() => checkNames({ "--cluster-name": "aks", "--name": "winabcd" }, { "--name": "windowsPool" })).toThrow(/more than 6/);
  });
});
