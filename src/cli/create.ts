/** `aks-overlay create`: a new overlay cluster, planned against the real VNet, applied safely. */
import type { Command } from "commander";
import type { Deps } from "../deps.js";
import { UsageError } from "../errors.js";
import { createOperation } from "../ops/create.js";
import { type AzureOptions, type PlanOptions, addAzureOptions, addPlanOptions, runOperation } from "./mutating.js";
import { addNetworkOptions, designFromOptions, type NetworkOptions } from "./networkOptions.js";
import type { OutputOptions } from "./output.js";

interface CreateOptions extends NetworkOptions, OutputOptions, AzureOptions, PlanOptions {
  resourceGroup: string;
  name: string;
  location: string;
  dnsNamePrefix?: string;
  tags?: string[];
}

function tagList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(/[\s,]+/).filter(Boolean)];
}

function parseTags(tags: string[] | undefined): Record<string, string> | undefined {
  if (!tags) return undefined;
  const out: Record<string, string> = {};
  for (const tag of tags) {
    const eq = tag.indexOf("=");
    if (eq <= 0) throw new UsageError(`--tags "${tag}": expected key=value`);
    out[tag.slice(0, eq)] = tag.slice(eq + 1);
  }
  return out;
}

export function registerCreate(program: Command, deps: Deps, setExit: (code: number) => void): void {
  const cmd = program
    .command("create")
    .summary("create an AKS cluster with Azure CNI Overlay (optionally dual-stack)")
    .description(
      "Create an AKS cluster with Azure CNI Overlay. Reads the cluster's VNet (subnets and peerings) first, " +
        "checks the whole design against it, shows the plan, asks, and creates with If-None-Match: * so an " +
        "existing cluster is never overwritten.",
    )
    .requiredOption("-g, --resource-group <name>", "resource group")
    .requiredOption("-n, --name <name>", "cluster name")
    .requiredOption("-l, --location <region>", "Azure region, e.g. eastus")
    .option("--dns-name-prefix <prefix>", "DNS prefix of the API server (default: from name, group and subscription)")
    .option("--tags <key=value...>", "tags, space- or comma-separated", tagList);
  addNetworkOptions(cmd);
  addAzureOptions(cmd);
  addPlanOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Without --vnet-subnet-id AKS creates a VNet of its own (10.224.0.0/12, node subnet 10.224.0.0/16).

Exit codes: 0 created (or planned), 2 usage, 3 the design fails a rule (nothing written), 4 auth,
5 Azure failed, 6 the cluster exists or appeared meanwhile, 130 interrupted (Azure keeps going).

Examples:
  aks-overlay create -g rg -n aks1 -l eastus --dry-run
  aks-overlay create -g rg -n aks1 -l eastus --pod-cidr 192.168.0.0/16 \\
    --vnet-subnet-id /subscriptions/<sub>/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes \\
    --enable-cluster-autoscaler --min-count 3 --max-count 50 --yes
  aks-overlay create -g rg -n aks2 -l eastus --ip-families ipv4,ipv6 --network-dataplane cilium --yes -o json`,
  );
  cmd.action(async (options: CreateOptions) => setExit(await runCreate(options, deps)));
}

export async function runCreate(options: CreateOptions, deps: Deps): Promise<number> {
  const tags = parseTags(options.tags);
  const { name, resourceGroup, location, dnsNamePrefix } = options;
  const design = designFromOptions(options);
  delete design.name;
  delete design.resourceGroup;
  delete design.location;
  return runOperation(
    createOperation,
    (subscriptionId) => ({ subscriptionId, resourceGroup, name, location, ...(dnsNamePrefix !== undefined && { dnsNamePrefix }), ...(tags && { tags }), design }),
    options,
    deps,
    "create the cluster",
  );
}
