/**
 * The AKS resource provider's judgement of a change to an existing cluster (day 2): which network
 * changes a PUT may make, one at a time, and which agent pool properties are fixed once the pool
 * exists. An independent model of Azure, like rp.ts (which calls it): written from Microsoft's docs and
 * from what the RP answered users, never from the CLI's rules.
 *
 * Sources (each refusal names its own beside it):
 * - [expand] azure-cni-overlay-pod-expand.md (MicrosoftDocs/azure-aks-docs): pod CIDR expansion is for
 *   Azure CNI Overlay clusters with Linux nodes only; "Shrinking or changing the pod CIDR isn't supported";
 *   "Adding a discontinuous pod CIDR isn't supported. The new pod CIDR must be a larger superset that
 *   contains the complete original range"; "IPv6 pod CIDR expansion isn't supported"; "Changing multiple
 *   pod CIDR blocks via --pod-cidrs isn't supported". GA on 2026-04-07 (Azure updates, id 557907).
 * - [cni] update-azure-cni.md (same repository, revision of 2026-05-12): the IPAM mode (the move to overlay)
 *   and the Cilium data plane "can't be updated in a single operation"; Cilium "from any Azure CNI IPAM mode
 *   (Node Subnet, dynamic IP allocation, or Overlay)"; "Kubenet clusters can't update the data plane directly
 *   to Cilium"; not "on clusters with Windows node pools"; "Clusters with node auto-provisioning (NAP)
 *   enabled can't be updated".
 * - [codes] the RP's `package apierror` error-code list (see rp.ts): PropertyChangeNotAllowed,
 *   OperationNotAllowed, InvalidNetworkingConfig and UnsupportedDualStackNetworkPlugin ("Dual-stack networking
 *   related errors").
 * No public report quotes the RP's answer to a refused expansion, dual-stack change or second network change
 * in one PUT: those use the closest known code, and say so.
 */
import { type Cidr, parseCidr } from "../network/cidr.js";
import { ArmHttpError } from "./resources.js";
import type { RpClusterProperties, RpPool } from "./rp.js";

const refuse = (code: string, message: string, target: string): ArmHttpError => new ArmHttpError(400, code, message, target);

const lower = (s: string | undefined): string | undefined => s?.toLowerCase();
const isWindows = (p: RpPool): boolean => lower(p.osType) === "windows";
const samePool = (a: RpPool, b: RpPool): boolean => lower(a.name) === lower(b.name);

function podList(props: RpClusterProperties): string[] {
  const np = props.networkProfile ?? {};
  if (np.podCidrs && np.podCidrs.length > 0) return np.podCidrs;
  return np.podCidr ? [np.podCidr] : [];
}

function families(props: RpClusterProperties): string {
  const list = props.networkProfile?.ipFamilies;
  return list && list.length > 0 ? list.map((f) => f.toLowerCase()).sort().join(",") : "ipv4";
}

const isDualStack = (props: RpClusterProperties): boolean => families(props).includes("ipv6");
const pluginAndMode = (props: RpClusterProperties): string => `${lower(props.networkProfile?.networkPlugin) ?? ""}/${lower(props.networkProfile?.networkPluginMode) ?? ""}`;
const dataplane = (props: RpClusterProperties): string => lower(props.networkProfile?.networkDataplane) ?? "azure";

function parsed(text: string | undefined): Cidr | undefined {
  if (text === undefined) return undefined;
  const r = parseCidr(text);
  return r.ok ? r.value : undefined;
}

/** The network changes a PUT makes to the stored cluster. A field the PUT leaves out is kept, so it is no change. */
export interface NetworkChanges {
  /** The plugin or its mode: the move to overlay. */
  pluginMode: boolean;
  podCidr: boolean;
  ipFamilies: boolean;
  dataplane: boolean;
}

export function networkChanges(after: RpClusterProperties, before: RpClusterProperties): NetworkChanges {
  const np = after.networkProfile ?? {};
  const pods = podList(after);
  const oldPods = podList(before);
  return {
    pluginMode: (np.networkPlugin !== undefined || np.networkPluginMode !== undefined) && pluginAndMode(after) !== pluginAndMode(before),
    podCidr:
      ((np.podCidr !== undefined && lower(np.podCidr) !== lower(oldPods[0])) ||
        (pods.length > 0 && (pods.length !== oldPods.length || pods.some((p, i) => lower(p) !== lower(oldPods[i]))))) &&
      !familiesOnlyGrowPods(after, before),
    ipFamilies: np.ipFamilies !== undefined && np.ipFamilies.length > 0 && families(after) !== families(before),
    dataplane: np.networkDataplane !== undefined && dataplane(after) !== dataplane(before),
  };
}

/**
 * IPv4 -> dual-stack adds the IPv6 pod CIDR (and a way back would drop it): that belongs to the IP families
 * change, not to a pod CIDR change, as long as the IPv4 pod CIDR stays.
 */
function familiesOnlyGrowPods(after: RpClusterProperties, before: RpClusterProperties): boolean {
  const pods = podList(after);
  const oldPods = podList(before);
  const [single, dual] = isDualStack(before) ? [pods, oldPods] : [oldPods, pods];
  return isDualStack(before) !== isDualStack(after) && single.length <= 1 && dual.length === 2 && lower(pods[0]) === lower(oldPods[0] ?? pods[0]);
}

/**
 * A PUT of an existing cluster that changes its network. `mode`/`fromMode`: rp.ts's reading of the
 * cluster as it will be and as it is (kubenet, overlay, azure, podSubnet, none, other).
 */
export function checkNetworkChange(after: RpClusterProperties, before: RpClusterProperties, mode: string, fromMode: string): ArmHttpError | undefined {
  const changes = networkChanges(after, before);
  const pools = after.agentPoolProfiles ?? [];
  const movingToOverlay = mode === "overlay" && fromMode !== "overlay";

  // [cni]: each is its own operation ("These updates are separate operations"; "The IPAM mode and the data plane
  // can't be updated in a single operation"). The move to overlay may name the new pod CIDR (update-azure-cni.md:
  // `--network-plugin-mode overlay --pod-cidr`). No report quotes the RP's code: OperationNotAllowed ([codes]) is
  // ARM's code for an operation the resource's state does not allow, the closest known one.
  const named = [
    changes.pluginMode && "the network plugin mode (the move to Azure CNI Overlay)",
    changes.podCidr && !(changes.pluginMode && movingToOverlay) && "the pod CIDR",
    changes.ipFamilies && "the IP families",
    changes.dataplane && "the network dataplane",
  ].filter((x): x is string => typeof x === "string");
  if (named.length > 1) {
    return refuse("OperationNotAllowed", `Only one network change is allowed per operation: this request changes ${named.join(", ")}. Update them in separate operations.`, "networkProfile");
  }

  if (changes.podCidr && !movingToOverlay) {
    const refusal = checkPodCidrExpansion(after, before, fromMode, pools);
    if (refusal) return refusal;
  }
  if (changes.ipFamilies) {
    const refusal = checkIpFamiliesChange(after, before, fromMode);
    if (refusal) return refusal;
  }
  if (changes.dataplane) {
    const refusal = checkDataplaneChange(after, before, fromMode, pools);
    if (refusal) return refusal;
  }
  return undefined;
}

/**
 * [expand]. No public report quotes the RP's refusals of an expansion; InvalidParameter (ARM's code for a
 * property value the RP will not take, as rp.ts uses it for reserved ranges) is the closest known one. Before
 * the feature, the RP took such a PUT and changed nothing (Azure/azure-cli#28403; the emulator's noEffect fault).
 */
function checkPodCidrExpansion(after: RpClusterProperties, before: RpClusterProperties, fromMode: string, pools: readonly RpPool[]): ArmHttpError | undefined {
  const target = "networkProfile.podCIDR";
  const oldPods = podList(before);
  const pods = podList(after);
  const np = after.networkProfile ?? {};
  if (np.podCidr !== undefined && np.podCidrs && np.podCidrs.length > 0 && lower(np.podCidrs[0]) !== lower(np.podCidr)) {
    return refuse("InvalidParameter", `podCidr ${np.podCidr} and podCidrs ${np.podCidrs.join(",")} disagree: the first of podCidrs is the pod CIDR.`, target);
  }
  if (fromMode !== "overlay") {
    return refuse("InvalidParameter", `The pod CIDR of a cluster on network plugin ${before.networkProfile?.networkPlugin ?? "?"} cannot be changed: pod CIDR expansion is supported only on Azure CNI Overlay clusters. A kubenet cluster may take a new pod CIDR in its move to Azure CNI Overlay.`, target);
  }
  if (isDualStack(before) || isDualStack(after)) {
    return refuse("InvalidParameter", "Pod CIDR expansion is supported only on IPv4 single-stack clusters: IPv6 pod CIDR expansion isn't supported, nor is changing the pod CIDRs of a dual-stack cluster.", target);
  }
  if (pods.length > 1) {
    return refuse("InvalidParameter", `Pod CIDR expansion takes one pod CIDR: adding a pod CIDR block (${pods.join(", ")}) or changing multiple pod CIDR blocks isn't supported.`, target);
  }
  const windows = pools.find(isWindows);
  if (windows) {
    return refuse("InvalidParameter", `Pod CIDR expansion is supported only on clusters with Linux nodes: agent pool ${windows.name ?? "?"} is Windows.`, target);
  }
  const from = parsed(oldPods[0]);
  const to = parsed(pods[0]);
  // An unreadable or wrong-family value is left to rp.ts's CidrStringParseError / UnexpectedIPVersionCIDR.
  if (!from || !to || to.family !== 4 || from.family !== 4) return undefined;
  if (!(to.prefix < from.prefix && to.start <= from.start && from.end <= to.end)) {
    return refuse(
      "InvalidParameter",
      `The new pod CIDR ${to.text} must be a larger superset that contains the complete original pod CIDR ${from.text}: shrinking or changing the pod CIDR isn't supported, nor is a discontinuous pod CIDR.`,
      target,
    );
  }
  return undefined;
}

/**
 * IPv4 -> dual-stack on an overlay cluster (`az aks update --ip-families ipv4,ipv6`, GA in azure-cli with
 * Azure/azure-cli#30360; hashicorp/terraform-provider-azurerm#32814 quotes it for Azure CNI Overlay). The subnets'
 * IPv6 prefixes and the IPv6 service CIDR's size are rp.ts's checks on the cluster as it will be
 * (SingleStackVnetSubnetWithDualStackCluster, InvalidServiceCidrIPv6MaskSize).
 */
function checkIpFamiliesChange(after: RpClusterProperties, before: RpClusterProperties, fromMode: string): ArmHttpError | undefined {
  const target = "networkProfile.ipFamilies";
  // No source shows a way back; InvalidNetworkingConfig ([codes], a dual-stack code) is the closest known one.
  if (isDualStack(before) && !isDualStack(after)) {
    return refuse("InvalidNetworkingConfig", "A dual-stack cluster cannot be changed back to a single IP family: removing IPv6 isn't supported.", target);
  }
  // [codes] UnsupportedDualStackNetworkPlugin: the IPv4 -> dual-stack update is documented for Azure CNI Overlay only.
  if (fromMode !== "overlay") {
    return refuse("UnsupportedDualStackNetworkPlugin", `The IP families of a cluster on network plugin ${before.networkProfile?.networkPlugin ?? "?"} cannot be changed: the IPv4 to dual-stack update is supported on Azure CNI Overlay clusters only.`, target);
  }
  return undefined;
}

/**
 * The Cilium data plane. Code and target of the plugin refusal: Azure/AKS#3484, "(BadRequest) Cilium dataplane
 * requires either network plugin mode overlay or pod subnet", target networkProfile.networkPluginMode (2023; [cni]
 * has since added node subnet clusters, so only kubenet and bring-your-own CNI are refused here). The policy
 * refusal: Azure/azure-cli-extensions#7011 and Azure/azure-container-networking#4417 ("Without --network-policy,
 * the API returns a BadRequest error"). The other refusals have no quoted code: BadRequest, as these two.
 */
function checkDataplaneChange(after: RpClusterProperties, before: RpClusterProperties, fromMode: string, pools: readonly RpPool[]): ArmHttpError | undefined {
  const target = "networkProfile.networkDataplane";
  if (dataplane(before) === "cilium") {
    return refuse("BadRequest", `The network dataplane cannot be changed from cilium to ${after.networkProfile?.networkDataplane ?? "?"}: the move to Azure CNI Powered by Cilium is one-way.`, target);
  }
  if (dataplane(after) !== "cilium") return undefined;
  if (fromMode === "kubenet" || fromMode === "none" || fromMode === "other") {
    return refuse("BadRequest", `Cilium dataplane requires network plugin azure (Azure CNI Overlay, dynamic IP allocation or node subnet): this cluster uses network plugin ${before.networkProfile?.networkPlugin ?? "?"}. Move it to Azure CNI Overlay first, in its own operation.`, "networkProfile.networkPluginMode");
  }
  const policy = lower(after.networkProfile?.networkPolicy);
  if (policy !== undefined && policy !== "cilium") {
    return refuse("BadRequest", `Cilium dataplane requires network policy cilium: this request has network policy ${after.networkProfile?.networkPolicy ?? "?"}. Set networkPolicy to cilium (an Azure or Calico policy engine is replaced by Cilium).`, "networkProfile.networkPolicy");
  }
  const windows = pools.find(isWindows);
  if (windows) {
    return refuse("BadRequest", `Updating the network dataplane to cilium isn't supported on clusters with Windows node pools: agent pool ${windows.name ?? "?"} is Windows.`, target);
  }
  if (lower(after.nodeProvisioningProfile?.mode) === "auto") {
    return refuse("BadRequest", "Clusters with node auto-provisioning enabled (nodeProvisioningProfile.mode Auto) can't be updated to the cilium dataplane: disable node auto-provisioning, update, then enable it again.", target);
  }
  return undefined;
}

/**
 * Agent pool properties fixed once the pool exists, and the autoscaler's range, for every pool a PUT names
 * (through the cluster or the agent pool resource). `before` is undefined on a create.
 */
export function checkPools(after: RpClusterProperties, before: RpClusterProperties | undefined): ArmHttpError | undefined {
  const oldPools = before?.agentPoolProfiles ?? [];
  for (const pool of after.agentPoolProfiles ?? []) {
    const old = oldPools.find((o) => samePool(o, pool));
    // maxPods is set when the pool is created (Azure/azure-cli#13420: "by design"; MicrosoftDocs/azure-docs#15046).
    // The code and message are ARM's for an immutable property ([codes] PropertyChangeNotAllowed; Compute answers
    // "Changing property 'dataDisk.createOption' is not allowed." with the property as target).
    if (old && old.maxPods !== undefined && pool.maxPods !== undefined && old.maxPods !== pool.maxPods) {
      return refuse("PropertyChangeNotAllowed", "Changing property 'maxPods' is not allowed.", "maxPods");
    }
    if (!pool.enableAutoScaling || pool.minCount === undefined || pool.maxCount === undefined) continue;
    // No report quotes this refusal; the message takes the RP's "The value of parameter ... is invalid" form
    // (Azure/azure-cli#22442, InvalidParameter, target agentPoolProfile.count).
    if (pool.minCount > pool.maxCount) {
      return refuse("InvalidParameter", `The value of parameter agentPoolProfile.minCount is invalid: minCount ${pool.minCount} of agent pool ${pool.name ?? "?"} is greater than maxCount ${pool.maxCount}.`, "agentPoolProfile.minCount");
    }
    // The RP's words for a count outside a pool's range (rancher/hosted-providers-e2e, kubernetes-sigs/
    // cluster-api-provider-azure#5947: "agentPoolProfile.count was 0. It must be greater or equal to minCount:1
    // and less than or equal to maxCount:1000."). A count below minCount is taken on an existing pool: the check
    // was removed so that minCount can be raised above the current count (Azure/AKS#1758, Azure/azure-cli-extensions#1606).
    const count = pool.count;
    if (count !== undefined && (count > pool.maxCount || (!old && count < pool.minCount))) {
      return refuse("InvalidParameter", `agentPoolProfile.count was ${count}. It must be greater or equal to minCount:${pool.minCount} and less than or equal to maxCount:${pool.maxCount}.`, "agentPoolProfile.count");
    }
  }
  return undefined;
}
