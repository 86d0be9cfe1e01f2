/** `show` at a terminal: the cluster, its network, pools, capacity, findings and what to do next. */
import type { ClusterDocument } from "../plan/cluster.js";
import { type Style, append, columns, fitProse, wrap } from "./style.js";
import { type PoolRow, renderCapacity, renderFindings } from "./validationTable.js";

const MODE_TEXT: Record<ClusterDocument["network"]["mode"], string> = {
  overlay: "Azure CNI Overlay",
  kubenet: "kubenet (retires 31 March 2028)",
  "azure-legacy": "legacy Azure CNI (pods on the node subnet)",
  "azure-pod-subnet": "Azure CNI with a pod subnet",
  none: "no network plugin (own CNI)",
  unknown: "not recognised",
};

export function renderCluster(doc: ClusterDocument, width: number, style: Style): string {
  const n = doc.network;
  const state = [doc.provisioningState ?? "unknown state", doc.powerState].filter(Boolean).join(", ");
  const lines: string[] = [
    style.bold(`Cluster ${doc.resourceGroup}/${doc.name}`) + style.dim(`  ${[doc.location, doc.kubernetesVersion && `Kubernetes ${doc.kubernetesVersion}`].filter(Boolean).join(", ")}`),
    style.dim(`  ${doc.id}`),
    `  State: ${doc.provisioningState === "Failed" ? style.error(state) : state}`,
  ];
  if (doc.lastError) lines.push(`  ${style.error(`Last operation failed: ${doc.lastError.code}`)}${doc.lastError.message ? `: ${doc.lastError.message}` : ""}`);
  // A pool's own state when it is not settled well: its failed operation, or the one running.
  for (const p of doc.pools) {
    const state = p.provisioningState;
    if (state === null || state === "Succeeded") continue;
    if (state === "Failed" || state === "Canceled") {
      lines.push(`  ${style.error(`Pool ${p.name}: last operation ${state}${p.lastError ? `: ${p.lastError.code}` : ""}`)}${p.lastError?.message ? `: ${p.lastError.message}` : ""}`);
    } else lines.push(`  ${style.warning(`Pool ${p.name}: ${state} (an operation is running on it)`)}`);
  }
  // The plugin in brackets, unless the mode's name says it already (kubenet).
  const plugin = n.networkPlugin && n.mode !== "kubenet" ? style.dim(` (plugin ${[n.networkPlugin, n.networkPluginMode].filter(Boolean).join(", mode ")})`) : "";
  lines.push("", style.bold("Network"), `  ${MODE_TEXT[n.mode]}${plugin}`);
  const facts: string[] = [];
  if (n.podCidrs.length > 0) facts.push(`pod CIDR ${n.podCidrs.join(", ")}`);
  if (n.serviceCidrs.length > 0) facts.push(`service CIDR ${n.serviceCidrs.join(", ")}`);
  if (n.dnsServiceIp) facts.push(`DNS ${n.dnsServiceIp}`);
  facts.push(n.ipFamilies.join(" + "));
  if (n.networkDataplane) facts.push(`dataplane ${n.networkDataplane}`);
  facts.push(`policy ${n.networkPolicy ?? "none"}`);
  if (n.outboundType) facts.push(`outbound ${n.outboundType}`);
  lines.push(`  ${facts.join(" · ")}`);
  if (doc.capacity) {
    const rows: PoolRow[] = doc.pools.map((p, i) => ({
      name: p.name,
      mode: p.mode ?? "User",
      osType: p.osType ?? "Linux",
      count: p.count ?? 0,
      enableAutoScaling: p.minCount !== null,
      minCount: p.minCount,
      maxCount: p.maxCount,
      maxSurge: p.maxSurge ?? "10%",
      maxPods: p.maxPods ?? doc.capacity?.pools[i]?.maxPods ?? 0,
      subnetCidr: doc.capacity?.pools[i]?.subnet ?? null,
    }));
    append(lines, renderCapacity(doc.capacity, rows, style, width));
  } else {
    const rows = [
      ["POOL", "MODE", "OS", "NODES", "MAX PODS", "VM SIZE"].map((h) => style.dim(h)),
      ...doc.pools.map((p) => [p.name, p.mode ?? "-", p.osType ?? "-", p.minCount !== null ? `${p.count ?? "?"} (autoscaler ${p.minCount}..${p.maxCount ?? "?"})` : String(p.count ?? "?"), String(p.maxPods ?? "-"), p.vmSize ?? "-"]),
    ];
    append(lines, ["", style.bold("Pools"), ...columns(rows, "  ", width)]);
  }
  append(lines, renderFindings(doc.findings, width, style));
  if (doc.next.length > 0) {
    lines.push("", style.bold("Next"));
    for (const step of doc.next) {
      // "command   (why)": the command on its line (to copy), why it is there wrapped below it.
      const [command = step, why] = step.split(/ {3}\((.*)\)$/);
      // A long command continues further in than the line saying why, so the two never blur.
      append(lines, wrap(`$ ${command}`, width - 4, "  ").map((l, i) => style.info(i === 0 ? l : `      ${l.trimStart()}`)));
      if (why) append(lines, wrap(why, width, "    ").map((l) => style.dim(l)));
    }
  }
  return `${fitProse(lines, width).join("\n")}\n`;
}
