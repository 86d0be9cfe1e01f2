/**
 * The network and pool flags of `validate` and `create` (names as in `az aks create`), and the
 * translation of parsed options into a DesignInput. Only flags the user gave end up in it, so
 * the design can say which values were Azure's defaults.
 */
import { type Command, Option } from "commander";
import type { DesignInput } from "../network/design.js";
import { NETWORK_DATAPLANES, NETWORK_POLICIES, OS_TYPES, OUTBOUND_TYPES, VM_SET_TYPES } from "../network/facts.js";
import { choice, commaList, onlyValue, refused, text, wholeNumber } from "./options.js";

/** `az aks` flags a pasted command line carries: accepted with the value this tool always uses. */
export function addAzCompatibleNetworkFlags(cmd: Command): Command {
  return cmd
    .option(
      "--network-plugin <plugin>",
      "azure (accepted for az compatibility: aks-overlay always makes Azure CNI Overlay)",
      onlyValue("azure", "aks-overlay makes Azure CNI Overlay clusters, whose network plugin is azure (kubenet retires on 31 March 2028; for none or a pod subnet, use az aks create)"),
    )
    .option(
      "--network-plugin-mode <mode>",
      "overlay (accepted for az compatibility)",
      onlyValue("overlay", "aks-overlay makes Azure CNI Overlay clusters: the network plugin mode is overlay (without it, Azure CNI puts pods on the node subnet)"),
    );
}


export function addNetworkOptions(cmd: Command): Command {
  cmd
    .option("--pod-cidr <cidr>", "IPv4 pod CIDR (default 10.244.0.0/16)", text)
    .option("--pod-cidrs <cidrs>", "pod CIDRs for dual-stack, IPv4 first: a,b", commaList)
    .option("--service-cidr <cidr>", "IPv4 service CIDR (default 10.0.0.0/16)", text)
    .option("--service-cidrs <cidrs>", "service CIDRs for dual-stack, IPv4 first: a,b", commaList)
    .option("--dns-service-ip <ip>", "cluster DNS service IP, inside the service CIDR (default 10.0.0.10)", text)
    .option("--ip-families <families>", "ipv4 or ipv4,ipv6 (default ipv4)", commaList)
    .addOption(new Option("--network-dataplane <dataplane>", `${NETWORK_DATAPLANES.join(" | ")} (default azure)`).argParser(choice(NETWORK_DATAPLANES)))
    .addOption(new Option("--network-policy <policy>", NETWORK_POLICIES.join(" | ")).argParser(choice(NETWORK_POLICIES)))
    .addOption(new Option("--outbound-type <type>", `${OUTBOUND_TYPES.join(" | ")} (default loadBalancer)`).argParser(choice(OUTBOUND_TYPES)))
    .option("--kubernetes-version <version>", "Kubernetes version, e.g. 1.31", text)
    .option("--enable-addons <addons>", "add-ons, comma-separated (virtual-node is checked)", commaList)
    .option("--enable-static-egress-gateway", "Static Egress Gateway: pods' egress through a gateway pool with fixed IPs (IPv4-only clusters)")
    .option("--vnet-subnet-id <id>", "resource id of the node subnet", text)
    .option("--nodepool-name <name>", "name of the (first) node pool (default nodepool1)", text);
  addAzCompatibleNetworkFlags(cmd);
  return addPoolOptions(cmd);
}

/** The node pool flags, shared with `nodepool add`. */
export function addPoolOptions(cmd: Command): Command {
  return cmd
    .option("--node-count <n>", "nodes in the pool (default 3)", wholeNumber)
    .option("--enable-cluster-autoscaler", "scale the pool between --min-count and --max-count")
    .option("--min-count <n>", "autoscaler minimum", wholeNumber)
    .option("--max-count <n>", "autoscaler maximum", wholeNumber)
    .option("--max-surge <n|n%>", "extra nodes during upgrades: 5 or 33% (default 10%)", text)
    .option("--max-unavailable <n|n%>", "nodes drained at once during upgrades: 5 or 33% (default 0)", text)
    .option("--max-pods <n>", "max pods per node, 10-250 (default 250)", wholeNumber)
    .option("--node-vm-size <size>", "VM size, e.g. Standard_D4s_v5", text)
    .addOption(new Option("--vm-set-type <type>", VM_SET_TYPES.join(" | ")).argParser(choice(VM_SET_TYPES)))
    .addOption(new Option("--os-type <type>", OS_TYPES.join(" | ")).argParser(choice(OS_TYPES)))
    .option("--os-sku <sku>", "OS SKU, e.g. Ubuntu, AzureLinux", text)
    .option(
      "--pod-subnet-id <id>",
      "refused: overlay pods take addresses from the pod CIDR, not a subnet",
      refused("with Azure CNI Overlay, pods take their addresses from the cluster's pod CIDR outside the VNet; a pod subnet is Azure CNI with dynamic IP allocation, which aks-overlay does not make. Drop --pod-subnet-id"),
    );
}

/** Options as commander hands them over (only the ones given are set): the design's own keys. */
export type NetworkOptions = Omit<DesignInput, "nodePools">;

const DESIGN_KEYS = [
  "name",
  "resourceGroup",
  "location",
  "podCidr",
  "podCidrs",
  "serviceCidr",
  "serviceCidrs",
  "dnsServiceIp",
  "ipFamilies",
  "networkDataplane",
  "networkPolicy",
  "outboundType",
  "kubernetesVersion",
  "enableAddons",
  "enableStaticEgressGateway",
  "vnetSubnetId",
  "nodepoolName",
  "nodeCount",
  "enableClusterAutoscaler",
  "minCount",
  "maxCount",
  "maxSurge",
  "maxUnavailable",
  "maxPods",
  "nodeVmSize",
  "vmSetType",
  "osType",
  "osSku",
  "vnetCidrs",
  "nodeSubnetCidr",
  "peeredCidrs",
] as const satisfies readonly (keyof NetworkOptions)[];

// Every design key has a flag: the compiler names any key missing from DESIGN_KEYS.
type MissingKeys = Exclude<keyof NetworkOptions, (typeof DESIGN_KEYS)[number]>;
const _everyKeyListed: [MissingKeys] extends [never] ? true : MissingKeys = true;

export function designFromOptions(options: NetworkOptions): DesignInput {
  const design: Record<string, unknown> = {};
  for (const key of DESIGN_KEYS) {
    if (options[key] !== undefined) design[key] = options[key];
  }
  return design as DesignInput;
}
