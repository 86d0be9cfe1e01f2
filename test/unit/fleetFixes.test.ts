/** A blocker's fix, written for one cluster, shown for every cluster with that blocker. */
import { describe, expect, it } from "vitest";
import { blockerFixes, fixWithOthers, generalFix } from "../../src/output/fleetFixes.js";

const cluster = { name: "aks", resourceGroup: "rg-prod", subscriptionId: "11111111-2222-3333-4444-555555555555" };

describe("generalFix", () => {
  it("turns the cluster's -g and -n (and their long forms) into placeholders, and nothing else", () => {
    expect(generalFix("az aks update -g rg-prod -n aks --network-policy none", cluster)).toBe("az aks update -g <group> -n <cluster> --network-policy none");
    expect(generalFix("'az aks upgrade --resource-group rg-prod --name aks'", cluster)).toBe("'az aks upgrade --resource-group <group> --name <cluster>'");
    expect(generalFix("aks-overlay nodepool add -g rg-prod --cluster-name aks -n pool2", cluster)).toBe("aks-overlay nodepool add -g <group> --cluster-name <cluster> -n pool2");
    // A group that only starts with the cluster's group is another group.
    expect(generalFix("az aks show -g rg-prod-2 -n aks", cluster)).toBe("az aks show -g rg-prod-2 -n <cluster>");
    // A group the shell needs quoted (parentheses are allowed in group names) is found quoted.
    expect(generalFix("az aks show -g 'rg(prod)' -n aks", { ...cluster, resourceGroup: "rg(prod)" })).toBe("az aks show -g <group> -n <cluster>");
  });
  it("shows a hint that names the cluster's resources by id as that cluster's example", () => {
    const hint = "grant it: az role assignment create --scope /subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-prod/providers/Microsoft.Network/virtualNetworks/v/subnets/s";
    expect(generalFix(hint, cluster)).toBe(`for example, for rg-prod/aks: ${hint}`);
  });
  it("leaves a hint that names no cluster as it is", () => {
    expect(generalFix("create a new overlay cluster (aks-overlay create) and move the workloads", cluster)).toBe("create a new overlay cluster (aks-overlay create) and move the workloads");
  });
});

describe("blockerFixes", () => {
  const blocked = (name: string, hint: string) => ({ ...cluster, name, id: `/x/${name}`, blockers: [{ code: "UpgradeClusterNotReady", message: `cluster ${name} is not ready`, hint: hint.replace("NAME", name) }] }) as never;
  it("shows the fix most clusters share, and how many need another", () => {
    const fixes = blockerFixes([
      blocked("a", "start it: az aks start -g rg-prod -n NAME"),
      blocked("b", "reconcile it: az aks update -g rg-prod -n NAME"),
      blocked("c", "reconcile it: az aks update -g rg-prod -n NAME"),
    ]);
    const fix = fixes.get("UpgradeClusterNotReady");
    expect(fix).toMatchObject({ text: "reconcile it: az aks update -g <group> -n <cluster>", hint: true, others: 1 });
    expect(fixWithOthers(fix as never)).toBe("reconcile it: az aks update -g <group> -n <cluster> (1 other cluster needs a different fix: each cluster's blockers give its own)");
  });
});
