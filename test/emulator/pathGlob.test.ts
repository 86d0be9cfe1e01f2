/** Fault path globs: literal paths, "*" within a segment, "**" across segments; no RegExp from users. */
import { describe, expect, it } from "vitest";
import { compilePathGlob, pathGlobProblem } from "../../src/emulator/pathGlob.js";

const CLUSTER = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/cni-aks";

describe("compilePathGlob", () => {
  it.each([
    [CLUSTER, CLUSTER, true],
    [CLUSTER.toUpperCase(), CLUSTER, true],
    [`${CLUSTER}/`, CLUSTER, true],
    [CLUSTER, `${CLUSTER}/agentPools/system`, false],
    ["/**/managedClusters/cni-aks", CLUSTER, true],
    ["/**/managedClusters/*", CLUSTER, true],
    ["/**/managedClusters/*", `${CLUSTER}/agentPools/system`, false],
    ["/**/managedClusters/**", `${CLUSTER}/agentPools/system`, true],
    ["/**/managedClusters/cni-*", CLUSTER, true],
    ["/**/managedClusters/*-aks", CLUSTER, true],
    ["/**/managedClusters/c*i*aks", CLUSTER, true],
    ["/**/managedClusters/c*x*aks", CLUSTER, false],
    ["/**/managedClusters/cni-aks*", CLUSTER, true],
    ["/**/managedClusters/aks*aks", "/a/managedClusters/aks", false],
    ["/subscriptions/*/providers/**", CLUSTER, false],
    ["/subscriptions/*/resourceGroups/*/providers/**", CLUSTER, true],
    ["/**", CLUSTER, true],
    ["/**", "/", true],
    ["/", "/", true],
    ["/*", "/", false],
    ["/**/cni-aks", "/cni-aks", true],
    ["/**/operations/*", "/subscriptions/s/providers/Microsoft.ContainerService/locations/eastus/operations/abc", true],
    ["/(x+x+)+y", "/(x+x+)+y", true],
    ["/(x+x+)+y", "/xxxxy", false],
    ["/a.b", "/axb", false],
  ])("%s against %s: %s", (pattern, path, expected) => {
    expect(pathGlobProblem(pattern)).toBeUndefined();
    expect(compilePathGlob(pattern)(path)).toBe(expected);
  });

  // Backtracking on this pattern would not end within the test's timeout (no wall-clock assertion:
  // a busy CI machine must not fail a correct matcher).
  it("matches hostile patterns against long paths in bounded time", { timeout: 20_000 }, () => {
    const match = compilePathGlob(`/${"*a".repeat(300)}*b/${"**/".repeat(200)}y`);
    const path = `/${"a".repeat(5000)}/${"x/".repeat(2000)}z`;
    expect(match(path)).toBe(false);
  });
});

describe("pathGlobProblem", () => {
  it.each([
    ["^/(x+x+)+y$", /regular expression/],
    ["/**/cni-aks$", /regular expression/],
    ["/a\\d+", /regular expression/],
    ["managedClusters/", /must start with "\/"/],
    ["", /must start with "\/"/],
    ["/a?b", /path only/],
    ["/a**", /"\*\*" must be a whole segment/],
    ["/***/x", /"\*\*" must be a whole segment/],
    [`/${"a".repeat(1001)}`, /longer than 1000/],
  ])("%s is refused", (pattern, message) => {
    expect(pathGlobProblem(pattern)).toMatch(message);
  });
});
