/** `aks-overlay update`: one network change of an overlay cluster, planned against the real VNet. */
import type { Command } from "commander";
import { helpNotes } from "./helpLayout.js";
import type { Deps } from "../deps.js";
import { type AzureOptions, type PlanOptions, addAzureOptions, addPlanOptions, runOperation } from "./mutating.js";
import { commaList, text, wholeNumber } from "./options.js";
import type { OutputOptions } from "./output.js";

interface UpdateOptions extends OutputOptions, AzureOptions, PlanOptions {
  resourceGroup: string;
  name: string;
  podCidr?: string;
  ipFamilies?: string[];
  podCidrs?: string[];
  serviceCidrs?: string[];
  loadBalancerManagedOutboundIpv6Count?: number;
  networkDataplane?: string;
}

export function registerUpdate(program: Command, deps: Deps, setExit: (code: number) => void): void {
  const cmd = program
    .command("update")
    .summary("change an overlay cluster's network: expand the pod CIDR, add IPv6, or move to Cilium")
    .description(
      "Change an Azure CNI Overlay cluster's network, one change per operation as Microsoft documents them: expand " +
        "the pod CIDR to a larger superset (--pod-cidr CIDR, or auto for the smallest that fits with 25% free), add " +
        "IPv6 (--ip-families ipv4,ipv6), or move to the Cilium dataplane (--network-dataplane cilium). The cluster and " +
        "its VNet are read first and the whole cluster is checked as it will be; the cluster is PUT back as read with " +
        "only that change, with If-Match, and read back: a change Azure reports done but does not show is an error.",
    )
    .requiredOption("-g, --resource-group <name>", "resource group", text)
    .requiredOption("-n, --name <name>", "cluster name", text)
    .option("--pod-cidr <cidr|auto>", "a larger pod CIDR containing the current one, or auto", text)
    .option("--ip-families <families>", "ipv4,ipv6: add IPv6 (dual-stack)", commaList)
    .option("--pod-cidrs <cidrs>", "with --ip-families: the pod CIDRs, IPv4 first (default: the current one and fd12:3456:789a::/64)", commaList)
    .option("--service-cidrs <cidrs>", "with --ip-families: the service CIDRs, IPv4 first (default: the current one and fd12:3456:789a:1::/108)", commaList)
    .option("--load-balancer-managed-outbound-ipv6-count <n>", "with --ip-families: managed outbound IPv6 addresses", wholeNumber)
    .option("--network-dataplane <dataplane>", "cilium: move to the Cilium dataplane (network policy cilium)", text);
  addAzureOptions(cmd);
  addPlanOptions(cmd);
  cmd.addHelpText(
    "after",
    helpNotes(`
Exit codes: 0 updated, planned or nothing to do, 2 usage (none or several changes), 3 a rule failed
(nothing written), 4 auth, 5 Azure failed or reported success without the change (UpdateNoEffect),
6 the cluster changed meanwhile or an operation is running, 130 interrupted.

Examples:
  aks-overlay update -g rg -n aks1 --pod-cidr auto --dry-run
  aks-overlay update -g rg -n aks1 --pod-cidr 10.244.0.0/15 --yes
  aks-overlay update -g rg -n aks1 --ip-families ipv4,ipv6 --out dual-stack.json
  aks-overlay update -g rg -n aks1 --network-dataplane cilium --yes`),
  );
  cmd.action(async (options: UpdateOptions) => setExit(await runUpdate(options, deps)));
}

export async function runUpdate(options: UpdateOptions, deps: Deps): Promise<number> {
  const { resourceGroup, name, podCidr, ipFamilies, podCidrs, serviceCidrs, networkDataplane } = options;
  const ipv6 = options.loadBalancerManagedOutboundIpv6Count;
  const { updateOperation } = await import("../ops/update.js");
  return runOperation(
    updateOperation,
    (subscriptionId) => ({
      subscriptionId,
      resourceGroup,
      name,
      ...(podCidr !== undefined && { podCidr }),
      ...(ipFamilies !== undefined && { ipFamilies }),
      ...(podCidrs !== undefined && { podCidrs }),
      ...(serviceCidrs !== undefined && { serviceCidrs }),
      ...(ipv6 !== undefined && { outboundIpv6Count: ipv6 }),
      ...(networkDataplane !== undefined && { networkDataplane }),
    }),
    options,
    deps,
    "update the cluster",
  );
}
