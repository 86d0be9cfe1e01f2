/** `aks-overlay create`: a new overlay cluster, planned against the real VNet, applied safely. */
import type { Command } from "commander";
import { AzureConflictError } from "../azure/errors.js";
import type { Deps } from "../deps.js";
import { UsageError } from "../errors.js";
import { type DesignInput, DesignConflictError, DesignInputError, MANAGED_VNET, type ObservedNetwork, resolveDesign } from "../network/design.js";
import type { Finding } from "../network/findings.js";
import { networkFromVnet, parseSubnetId, subnetPrefix, type VnetLike } from "../network/fromVnet.js";
import { AZURE_DEFAULTS } from "../network/facts.js";
import { validateDesign } from "../network/validate.js";
import { CREATE_ADDONS, buildCreatePlan } from "../plan/createPlan.js";
import { type BasisEntry, clusterResourceId, etagOf } from "../plan/plan.js";
import { type AzureOptions, type PlanOptions, addAzureOptions, addPlanOptions, checkConfirmable, checkNames, concludePlan, flagsOf, ownFlags } from "./mutating.js";
import { addNetworkOptions, designFromOptions, type NetworkOptions } from "./networkOptions.js";
import { type OutputOptions, addOutputOptions } from "./output.js";

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
  addOutputOptions(cmd);
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
  const flags = flagsOf(cmd);
  cmd.action(async (options: CreateOptions) => setExit(await runCreate(options, deps, flags)));
}

const CREATE_RENAMES = { "--node-subnet-cidr": "--vnet-subnet-id", "--vnet-cidrs": "--vnet-subnet-id", "--peered-cidrs": "--vnet-subnet-id", "--mode": "--nodepool-name" };

const DNS_PREFIX = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,52}[A-Za-z0-9])?$/;

export async function runCreate(options: CreateOptions, deps: Deps, flags: ReadonlySet<string>): Promise<number> {
  checkConfirmable(options, deps, "create the cluster");
  checkNames({ "--resource-group": options.resourceGroup, "--name": options.name, "--location": options.location });
  if (options.dnsNamePrefix !== undefined && !DNS_PREFIX.test(options.dnsNamePrefix)) {
    throw new UsageError(`--dns-name-prefix "${options.dnsNamePrefix}": 1-54 letters, digits and hyphens, starting and ending with a letter or digit`);
  }
  const tags = parseTags(options.tags);
  for (const addon of options.enableAddons ?? []) {
    if (CREATE_ADDONS[addon.toLowerCase()] === undefined) {
      throw new UsageError(
        `--enable-addons ${addon}: create can enable ${Object.keys(CREATE_ADDONS).join(", ")}` +
          (addon.toLowerCase() === "monitoring" ? "; monitoring needs a Log Analytics workspace: enable it afterwards with az aks enable-addons -a monitoring" : ""),
      );
    }
  }
  const input: DesignInput = { ...designFromOptions(options) };
  const azure = await deps.azure({ subscription: options.subscription, armEndpoint: options.armEndpoint, debug: options.debug });
  const subject = `cluster ${options.resourceGroup}/${options.name}`;

  // Read: the cluster (it must not exist) and the VNet the nodes go in.
  const existing = await azure.getCluster(options.resourceGroup, options.name);
  if (existing) {
    throw new AzureConflictError(
      `${subject} already exists (${String((existing as { provisioningState?: string }).provisioningState ?? "?")}): aks-overlay create never overwrites a cluster; use 'aks-overlay upgrade' or 'aks-overlay nodepool add'`,
      { resourceId: clusterResourceId(azure.subscriptionId, options.resourceGroup, options.name), status: 200 },
    );
  }
  const extraFindings: Finding[] = [];
  let observed: ObservedNetwork = { context: MANAGED_VNET, nodeSubnetCidr: AZURE_DEFAULTS.managedSubnetCidr };
  const basis: BasisEntry[] = [{ resourceId: clusterResourceId(azure.subscriptionId, options.resourceGroup, options.name), etag: null }];
  if (options.vnetSubnetId !== undefined) {
    const ref = parseSubnetId(options.vnetSubnetId);
    if (ref) {
      if (ref.subscriptionId.toLowerCase() !== azure.subscriptionId.toLowerCase()) {
        throw new UsageError(`--vnet-subnet-id is in subscription ${ref.subscriptionId}, but aks-overlay is using ${azure.subscriptionId}: VNets in another subscription are not supported yet`);
      }
      const vnet = (await azure.getVirtualNetwork(ref.resourceGroup, ref.vnet)) as VnetLike | undefined;
      const subnet = vnet?.subnets?.find((s) => s.name?.toLowerCase() === ref.subnet.toLowerCase());
      if (vnet) basis.push({ resourceId: (vnet as { id?: string }).id ?? options.vnetSubnetId.replace(/\/subnets\/[^/]+$/i, ""), etag: etagOf(vnet as Record<string, unknown>) });
      if (!vnet || !subnet) {
        extraFindings.push({
          severity: "error",
          code: "SubnetNotFound",
          field: "--vnet-subnet-id",
          message: vnet
            ? `subnet ${options.vnetSubnetId} does not exist: VNet ${ref.resourceGroup}/${ref.vnet} has no subnet "${ref.subnet}" (it has ${(vnet.subnets ?? []).map((s) => s.name).join(", ") || "none"})`
            : `subnet ${options.vnetSubnetId} does not exist: its VNet ${ref.resourceGroup}/${ref.vnet} was not found`,
          values: [options.vnetSubnetId],
          hint: "check the id: az network vnet subnet list -g <group> --vnet-name <vnet> -o table",
        });
      } else {
        observed = { context: networkFromVnet(vnet), nodeSubnetCidr: subnetPrefix(subnet) };
      }
    }
  }

  let resolved;
  try {
    resolved = resolveDesign({ ...input, name: options.name, resourceGroup: options.resourceGroup, location: options.location }, observed);
  } catch (error) {
    if (error instanceof DesignConflictError || error instanceof DesignInputError) throw new UsageError(error.message);
    throw error;
  }
  const validation = validateDesign(resolved.design, resolved.network, resolved.defaulted);
  const findings = ownFlags([...extraFindings, ...validation.findings], flags, CREATE_RENAMES, "--vnet-subnet-id");
  const valid = validation.valid && extraFindings.length === 0;
  const plan = buildCreatePlan(
    resolved.design,
    { subscriptionId: azure.subscriptionId, resourceGroup: options.resourceGroup, name: options.name, location: options.location, dnsPrefix: options.dnsNamePrefix, tags },
    resolved.defaulted,
    { valid, findings, capacity: validation.capacity },
    azure.endpoint,
    deps.now(),
  );
  plan.basis = basis;

  return concludePlan(
    { plan, pools: resolved.design.pools, question: `Create ${subject} in ${options.location}?`, verb: "creating", subject, action: "create the cluster" },
    azure,
    options,
    deps,
  );
}
