/** `aks-overlay validate`: an offline check of an overlay network design. */
import { type Command } from "commander";
import { helpNotes } from "./helpLayout.js";
import { fileProblem } from "./fileErrors.js";
import type { Deps } from "../deps.js";
import { CliError, EXIT, UsageError } from "../errors.js";
import { type DesignInput, DesignConflictError, DesignInputError, mergeDesignInputs, resolveDesign } from "../network/design.js";
import type { FlagTable } from "../network/findings.js";
import { shown } from "../network/shown.js";
import { validateDesign } from "../network/validate.js";
import { type CommandFlags, validationDocument } from "../plan/documents.js";
import { renderValidation } from "../output/validationTable.js";
import { addNetworkOptions, designFromOptions, type NetworkOptions } from "./networkOptions.js";
import { type OutputOptions, writeDocument } from "./output.js";
import { terminal } from "./terminal.js";
import { commaList, text } from "./options.js";
import { CLUSTER_FLAGS, POOL_FLAGS } from "./flagTables.js";

export interface ValidateOptions extends NetworkOptions, OutputOptions {
  file?: string;
}

export function registerValidate(program: Command, deps: Deps, setExit: (code: number) => void): void {
  const cmd = program
    .command("validate")
    .summary("offline: check a network design; findings + capacity; no Azure access")
    .description(
      "Check an Azure CNI Overlay network design offline: pod, service and DNS addresses, the VNet, node subnets " +
        "and peered ranges, max pods and /24-per-node capacity at full scale plus upgrade surge. Never calls Azure.",
    )
    .option("-f, --file <design>", "a design file (YAML or JSON; - for stdin); flags override its values", text)
    .option("-n, --name <name>", "cluster name (checked against AKS naming rules)", text)
    .option("-g, --resource-group <name>", "resource group name", text)
    .option("-l, --location <region>", "Azure region, e.g. eastus", text)
    .option("--vnet-cidrs <cidrs>", "the VNet's address spaces, comma-separated", commaList)
    .option("--node-subnet-cidr <cidr>", "the node subnet's CIDR", text)
    .option("--peered-cidrs <cidrs>", "peered VNets, VPN / ExpressRoute / on-prem ranges, comma-separated", commaList);
  addNetworkOptions(cmd);
  cmd.addHelpText(
    "after",
    helpNotes(`
Without --vnet-cidrs, --node-subnet-cidr or --vnet-subnet-id the design is checked against the VNet
AKS creates itself (10.224.0.0/12, node subnet 10.224.0.0/16).

Exit codes: 0 valid (warnings allowed), 3 error findings, 2 usage errors.

Examples:
  aks-overlay validate --pod-cidr 10.244.0.0/22 --node-count 3 --enable-cluster-autoscaler --min-count 3 --max-count 10
  aks-overlay validate --vnet-cidrs 10.224.0.0/12 --node-subnet-cidr 10.224.0.0/16 --peered-cidrs 10.0.0.0/16 -o json
  aks-overlay validate --ip-families ipv4,ipv6 --kubernetes-version 1.30
  aks-overlay validate --file design.yaml --max-pods 110`),
  );
  cmd.action(async (options: ValidateOptions) => {
    setExit(await runValidate(options, deps));
  });
}

export async function runValidate(options: ValidateOptions, deps: Deps): Promise<number> {
  const fileInput: DesignInput = options.file !== undefined ? await readDesignFile(options.file, deps) : {};
  let input: DesignInput;
  let resolved;
  try {
    input = mergeDesignInputs(fileInput, designFromOptions(options));
    resolved = resolveDesign(input);
  } catch (error) {
    if (error instanceof DesignConflictError || error instanceof DesignInputError) throw new UsageError(error.message);
    throw error;
  }
  const result = validateDesign(resolved.design, resolved.network, resolved.defaulted);
  const flags: CommandFlags = { table: validateFlags(input, resolved.design.ipFamilies.includes("ipv6")), fallback: "--file" };
  const doc = validationDocument(resolved, result, flags);
  const term = terminal(deps, options);
  if (term.format === "table") deps.stdout.write(renderValidation(doc, term.width, term.out));
  else await writeDocument(deps, term, doc);
  return doc.valid ? EXIT.ok : EXIT.validation;
}

/**
 * How `validate` names design paths: its flags. The pod and service CIDRs are named by the list
 * flag on dual-stack or when the list was given, else by the single one. A design file's pools
 * are named by the pool flags, which set every pool; what no flag sets (a pool's mode, the pools
 * as a whole, several pools' names) by --file.
 */
export function validateFlags(input: DesignInput, dualStack: boolean): FlagTable {
  const podFlag = dualStack || input.podCidrs !== undefined ? "--pod-cidrs" : "--pod-cidr";
  const serviceFlag = dualStack || input.serviceCidrs !== undefined ? "--service-cidrs" : "--service-cidr";
  const severalFilePools = (input.nodePools?.length ?? 0) > 1;
  return [
    ...CLUSTER_FLAGS,
    ["network.ipFamilies", "--ip-families"],
    ["network.podCidrs.*", podFlag],
    ["network.serviceCidrs.*", serviceFlag],
    ["network.dnsServiceIp", "--dns-service-ip"],
    ["network.networkDataplane", "--network-dataplane"],
    ["network.networkPolicy", "--network-policy"],
    ["network.outboundType", "--outbound-type"],
    ["network.staticEgressGateway", "--enable-static-egress-gateway"],
    ["network.vnetSubnetId", "--vnet-subnet-id"],
    ["network.vnetCidrs.*", "--vnet-cidrs"],
    ["network.subnets.*", "--node-subnet-cidr"],
    ["network.peered.*", "--peered-cidrs"],
    ["pools[*].name", severalFilePools ? "--file" : "--nodepool-name"],
    ["pools[*].subnet", "--node-subnet-cidr"],
    ...POOL_FLAGS,
    // The pools as a whole: the file's, or the one the flags describe (its size flag).
    ["pools.*", (input.nodePools?.length ?? 0) > 0 ? "--file" : input.enableClusterAutoscaler ? "--max-count" : "--node-count"],
  ];
}

/** A design file (- reads stdin), read and checked: what validate --file and create --file read. */
export async function readDesignFile(path: string, deps: Deps): Promise<DesignInput> {
  const source = await readDesignSource(path, deps);
  const { parseDesignFile } = await import("../input/designFile.js");
  return parseDesignFile(source, path === "-" ? "(stdin)" : path);
}

/** A design file's text (- reads stdin); a file that cannot be read is a usage error saying why. */
async function readDesignSource(path: string, deps: Deps): Promise<string> {
  try {
    return await deps.readFile(path);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new UsageError(`--file ${shown(path)}: ${fileProblem(error)}`);
  }
}
