/** `aks-overlay create`: a new overlay cluster, planned against the real VNet, applied safely. */
import { quoted, shown } from "../network/shown.js";
import { documentOutput, say } from "./terminal.js";
import { helpNotes } from "./helpLayout.js";
import { fileProblem } from "./fileErrors.js";
import { type Command, Option } from "commander";
import type { Deps } from "../deps.js";
import { UsageError } from "../errors.js";
import type { ClusterSettings } from "../ops/create.js";
import { AUTO_UPGRADE_CHANNELS } from "../network/facts.js";
import { type AzureOptions, type PlanOptions, addAzureOptions, addPlanOptions, runOperation } from "./mutating.js";
import { addNetworkOptions, designFromOptions, type NetworkOptions } from "./networkOptions.js";
import type { OutputOptions } from "./output.js";
import { choice, commaList, text } from "./options.js";
import { readDesignFile } from "./validate.js";
import { parseTags, tagList } from "./tags.js";
import { addCreatePoolExtras, poolExtrasFrom, type PoolExtrasOptions } from "./poolExtras.js";
import { type DesignInput, DesignConflictError, DesignInputError, mergeDesignInputs } from "../network/design.js";

interface CreateOptions extends NetworkOptions, OutputOptions, AzureOptions, PlanOptions, Omit<PoolExtrasOptions, "tags"> {
  resourceGroup: string;
  name: string;
  location?: string;
  dnsNamePrefix?: string;
  tags?: string[];
  assignIdentity?: string;
  skipSubnetRoleAssignment?: boolean;
  file?: string;
  tier?: string;
  enableOidcIssuer?: boolean;
  enableWorkloadIdentity?: boolean;
  nodeResourceGroup?: string;
  autoUpgradeChannel?: string;
  apiServerAuthorizedIpRanges?: string[];
  enablePrivateCluster?: boolean;
  sshKeyValue?: string;
  generateSshKeys?: boolean;
  adminUsername?: string;
}


export function registerCreate(program: Command, deps: Deps, setExit: (code: number) => void): void {
  const cmd = program
    .command("create")
    .summary("create an AKS cluster with Azure CNI Overlay (optionally dual-stack)")
    .description(
      "Create an AKS cluster with Azure CNI Overlay. Reads the resource group, the cluster's VNet (subnets and " +
        "peerings) and the identity first, checks the whole design against them, shows the plan, asks, creates with " +
        "If-None-Match: * so an existing cluster is never overwritten, and grants a system-assigned identity Network " +
        "Contributor on the subnet, as az aks create does.",
    )
    .requiredOption("-g, --resource-group <name>", "resource group", text)
    .requiredOption("-n, --name <name>", "cluster name", text)
    .option("-l, --location <region>", "Azure region, e.g. eastus (default: the resource group's)", text)
    .option("--assign-identity <id>", "resource id of a user-assigned identity for the control plane (default: system-assigned)", text)
    .option("--skip-subnet-role-assignment", "do not grant the system-assigned identity Network Contributor on --vnet-subnet-id")
    .option("--dns-name-prefix <prefix>", "DNS prefix of the API server (default: from name, group and subscription)", text)
    .option("--tags <key=value...>", "tags, space-separated as in az; a value may hold spaces and commas when quoted", tagList)
    .addOption(new Option("--tier <tier>", "pricing tier: free, standard or premium (sku.tier)").argParser(choice(["free", "standard", "premium"] as const)))
    .option("--enable-oidc-issuer", "enable the OIDC issuer (oidcIssuerProfile)")
    .option("--enable-workload-identity", "enable workload identity (needs --enable-oidc-issuer)")
    .option("--node-resource-group <name>", "name of the resource group for the cluster's nodes (default MC_<group>_<name>_<region>)", text)
    .addOption(new Option("--auto-upgrade-channel <channel>", `${AUTO_UPGRADE_CHANNELS.join(", ")} (autoUpgradeProfile)`).argParser(choice(AUTO_UPGRADE_CHANNELS)))
    .option("--api-server-authorized-ip-ranges <ranges>", "IPv4 addresses or CIDRs allowed to reach the API server, a,b,c", commaList)
    .option("--enable-private-cluster", "a private API server (no public endpoint)")
    .option("--ssh-key-value <key|path>", "an OpenSSH public key, or the path of one (.pub), for the nodes' admin user (linuxProfile)", text)
    .option("--generate-ssh-keys", "use ~/.ssh/id_rsa.pub, or make that key pair if it is missing (as az)")
    .option("--admin-username <user>", "the nodes' admin user for --ssh-key-value (default azureuser)", text)
    .option("-f, --file <design>", "a design file, as validate --file reads it (every pool of its nodePools is created); flags override its values", text);
  addNetworkOptions(cmd);
  addCreatePoolExtras(cmd);
  addAzureOptions(cmd);
  addPlanOptions(cmd);
  cmd.addHelpText(
    "after",
    helpNotes(`
Without --vnet-subnet-id AKS creates a VNet of its own (10.224.0.0/12, node subnet 10.224.0.0/16).

Exit codes: 0 created (or planned), 2 usage, 3 the design fails a rule (nothing written), 4 auth,
5 Azure failed, 6 the cluster exists or appeared meanwhile, 130 interrupted (Azure keeps going).

Examples:
  aks-overlay create -g rg -n aks1 -l eastus --dry-run
  subnet=$(az network vnet subnet show -g net --vnet-name vnet -n nodes --query id -o tsv)
  aks-overlay create -g rg -n aks1 -l eastus --pod-cidr 192.168.0.0/16 --vnet-subnet-id "$subnet" \\
    --enable-cluster-autoscaler --min-count 3 --max-count 50 --yes
  aks-overlay create -g rg -n aks2 -l eastus --ip-families ipv4,ipv6 --network-dataplane cilium --yes -o json`),
  );
  cmd.action(async (options: CreateOptions) => setExit(await runCreate(options, deps)));
}

async function generatedKey(deps: Deps, asEvent: boolean): Promise<string> {
  const { generatedOrExistingKey } = await import("./sshKeys.js");
  return generatedOrExistingKey(deps.env, (text) => say(deps, text, asEvent));
}

/** --ssh-key-value: the key itself, or (as az takes it) the path of a public key file, read here. */
async function sshPublicKey(value: string, deps: Deps): Promise<string> {
  if (/^(ssh-|ecdsa-)/.test(value.trim())) return value.trim();
  // A key pasted in place of a path: a private one is refused without a word of it echoed.
  if (/PRIVATE KEY|^-----BEGIN /.test(value)) throw new UsageError("--ssh-key-value: that is a private key (not shown); give the public key (ssh-rsa ..., ssh-ed25519 ...) or the path of its .pub file");
  let text: string;
  try {
    text = (await deps.readFile(value.replace(/^~(?=\/)/, deps.env.HOME ?? "~"))).trim();
  } catch (error) {
    throw new UsageError(`--ssh-key-value ${quoted(value)}: neither a public key nor a readable file (${fileProblem(error)})`);
  }
  // Never echo or send a private key given by mistake.
  if (/PRIVATE KEY/.test(text)) throw new UsageError(`--ssh-key-value ${shown(value)}: that file is a private key; give its public half (${shown(value)}.pub)`);
  return text;
}

export async function runCreate(options: CreateOptions, deps: Deps): Promise<number> {
  const tags = parseTags(options.tags);
  const { name, resourceGroup, dnsNamePrefix, assignIdentity, skipSubnetRoleAssignment } = options;
  let design: DesignInput = designFromOptions(options);
  let location = options.location;
  if (options.file !== undefined) {
    // A design file (as validate --file reads it), the flags overriding it.
    const fileName = shown(options.file === "-" ? "(stdin)" : options.file);
    const fileInput = await readDesignFile(options.file, deps);
    for (const [key, flag, given] of [["name", "--name", name], ["resourceGroup", "--resource-group", resourceGroup]] as const) {
      const inFile = fileInput[key];
      if (inFile !== undefined && inFile !== given) throw new UsageError(`--file ${fileName} says ${key} ${shown(inFile)}, ${flag} says ${shown(given)}: make them agree (or leave it out of the file)`);
    }
    location ??= fileInput.location;
    // Create reads the VNet from Azure: the file's offline description of it is not used.
    const offline = (["vnetCidrs", "nodeSubnetCidr", "peeredCidrs"] as const).filter((k) => fileInput[k] !== undefined);
    if (offline.length > 0) say(deps, `Note: --file's ${offline.join(", ")} ${offline.length === 1 ? "is" : "are"} for offline validation; create reads the VNet of --vnet-subnet-id from Azure instead.`, documentOutput(options));
    try {
      design = mergeDesignInputs(fileInput, design);
    } catch (error) {
      if (error instanceof DesignConflictError || error instanceof DesignInputError) throw new UsageError(error.message);
      throw error;
    }
    for (const k of offline) delete design[k];
  }
  delete design.name;
  delete design.resourceGroup;
  delete design.location;
  if (options.sshKeyValue !== undefined && options.generateSshKeys) throw new UsageError("--ssh-key-value and --generate-ssh-keys: give one");
  const poolExtras = poolExtrasFrom({ ...options, tags: undefined });
  const cluster: ClusterSettings = {
    ...(options.tier !== undefined && { tier: options.tier }),
    ...(options.enableOidcIssuer && { enableOidcIssuer: true as const }),
    ...(options.enableWorkloadIdentity && { enableWorkloadIdentity: true as const }),
    ...(options.nodeResourceGroup !== undefined && { nodeResourceGroup: options.nodeResourceGroup }),
    ...(options.autoUpgradeChannel !== undefined && { autoUpgradeChannel: options.autoUpgradeChannel }),
    ...(options.apiServerAuthorizedIpRanges !== undefined && { apiServerAuthorizedIpRanges: options.apiServerAuthorizedIpRanges.filter((r) => r !== "") }),
    ...(options.enablePrivateCluster && { enablePrivateCluster: true as const }),
    ...(options.sshKeyValue !== undefined && { sshPublicKey: await sshPublicKey(options.sshKeyValue, deps) }),
    ...(options.adminUsername !== undefined && { adminUsername: options.adminUsername }),
  };
  const { createOperation } = await import("../ops/create.js");
  return runOperation(
    createOperation,
    (subscriptionId) => ({
      subscriptionId,
      resourceGroup,
      name,
      ...(location !== undefined && { location }),
      ...(dnsNamePrefix !== undefined && { dnsNamePrefix }),
      ...(tags && { tags }),
      ...(assignIdentity !== undefined && { assignIdentity }),
      ...(skipSubnetRoleAssignment === true && { skipSubnetRoleAssignment }),
      ...(Object.keys(cluster).length > 0 && { cluster }),
      ...(poolExtras && { poolExtras }),
      design,
    }),
    options,
    deps,
    "create the cluster",
    // --generate-ssh-keys writes a key pair (when there is none) only once the command line has
    // passed every check: a refused command leaves no files behind.
    options.sshKeyValue === undefined && options.generateSshKeys
      ? async (request) => ({ ...request, cluster: { ...request.cluster, sshPublicKey: await generatedKey(deps, documentOutput(options)) } })
      : undefined,
  );
}
