/** The human view of a validation document: findings, capacity, the design and the address map. */
import { type Finding, type Severity, SEVERITY_ORDER, formatCount, plural } from "../network/findings.js";
import type { Capacity } from "../network/capacity.js";
import { NODE_BLOCK_PREFIX } from "../network/facts.js";
import type { ValidationDocument } from "../plan/documents.js";
import { shown } from "../network/shown.js";
import { renderAddressMap } from "./addressMap.js";
import { type Style, append, columns, fitProse, visibleWidth, wrap } from "./style.js";

const HEADING: Record<Severity, string> = { error: "Errors", warning: "Warnings", info: "Notes" };

function icon(severity: Severity, style: Style): string {
  return severity === "error" ? style.error("✗") : severity === "warning" ? style.warning("!") : style.info("i");
}

/** Each finding under its code with the command's flag for it (its design path if it has none). */
export function renderFindings(findings: readonly Finding[], width: number, style: Style): string[] {
  const lines: string[] = [];
  for (const severity of SEVERITY_ORDER) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    const color = severity === "error" ? style.error : severity === "warning" ? style.warning : style.info;
    lines.push("", color(style.bold(`${HEADING[severity]} (${group.length})`)));
    for (const f of group) {
      const head = `  ${icon(severity, style)} ${style.bold(f.code)}  ${style.accent(f.field ?? f.path)}`;
      // Azure's code beside it when it fits, else on a line of its own under it.
      const arm = f.armCode ? `Azure: ${f.armCode}` : "";
      if (arm === "") lines.push(head);
      else if (visibleWidth(head) + 2 + arm.length <= width) lines.push(`${head}  ${style.dim(arm)}`);
      else lines.push(head, `    ${style.dim(arm)}`);
      append(lines, wrap(f.message, width, "    "));
      if (f.hint) append(lines, wrap(`→ ${f.hint}`, width, "    ").map((l) => style.dim(l)));
    }
  }
  return lines;
}

function summaryLine(doc: ValidationDocument, style: Style): string {
  const { errors, warnings, infos } = doc.summary;
  const counts = [plural(errors, "error"), plural(warnings, "warning"), plural(infos, "note")].join(", ");
  return doc.valid
    ? style.ok(style.bold(`✓ The design is valid`)) + style.dim(` (${counts})`)
    : style.error(style.bold(`✗ The design is not valid: ${counts}`));
}

export interface PoolRow {
  name: string;
  mode: string;
  osType: string;
  count: number;
  enableAutoScaling: boolean;
  minCount?: number | null;
  maxCount?: number | null;
  maxSurge: string;
  maxPods: number;
  subnetCidr?: string | null;
}

export function renderCapacity(c: Capacity, pools: readonly PoolRow[], style: Style, width = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = ["", style.bold("Capacity")];
  const pod = (label: string, p: typeof c.podCidr | undefined, blockPrefix: number): void => {
    if (!p) return;
    const block = `/${blockPrefix}`;
    // An IPv6 pod CIDR holds more blocks than a number counts exactly (a /64 holds 2^56 /120s).
    const exact = (n: number): string => (Number.isSafeInteger(n) && n < Number.MAX_SAFE_INTEGER ? formatCount(n) : `2^${blockPrefix - Number(p.cidr.split("/")[1])}`);
    // The real share, over 100% too; rounded, except that only a full CIDR shows 100% (99.6% shows 99%, 100.4% shows 101%).
    const share = p.nodeBlocks === 0 ? (p.requiredNodeBlocks === 0 ? 0 : Number.POSITIVE_INFINITY) : (p.requiredNodeBlocks / p.nodeBlocks) * 100;
    const used = !Number.isFinite(share) ? "no blocks" : share > 100 ? `${formatCount(Math.ceil(share))}%` : share === 100 ? "100%" : `${Math.min(99, Math.round(share))}%`;
    const verdict =
      p.shortfallBlocks > 0
        ? style.error(`${formatCount(p.shortfallBlocks)} short: needs a /${p.smallestFittingPrefix ?? "?"} or larger`)
        : style.ok(`${Number.isSafeInteger(p.freeBlocksAtFullScale) && p.freeBlocksAtFullScale < Number.MAX_SAFE_INTEGER ? formatCount(p.freeBlocksAtFullScale) : "practically all"} free at full scale`);
    lines.push(`  ${label} ${style.bold(p.cidr)}: ${exact(p.nodeBlocks)} ${block} node block${p.nodeBlocks === 1 ? "" : "s"}, ${formatCount(p.requiredNodeBlocks)} needed (${used}), ${verdict}`);
  };
  pod("Pod CIDR", c.podCidr, NODE_BLOCK_PREFIX[4]);
  pod("IPv6 pod CIDR", c.podCidrIpv6, NODE_BLOCK_PREFIX[6]);
  lines.push(
    `  At full scale: ${plural(c.nodesAtFullScale, "node")} + ${plural(c.surgeNodes, "surge node")} during upgrades; up to ${formatCount(c.maxPodsPerNode)} pods per node, ${formatCount(c.maxPods)} in the cluster`,
  );
  const poolRows = [
    ["POOL", "MODE", "OS", "NODES (FULL SCALE)", "SURGE", "MAX PODS", "SUBNET"].map((h) => style.dim(h)),
    ...pools.map((p, i) => {
      const cap = c.pools[i];
      const nodes = p.enableAutoScaling ? `${cap?.nodesAtFullScale ?? "?"} (autoscaler ${p.minCount ?? "?"}..${p.maxCount ?? "?"})` : String(cap?.nodesAtFullScale ?? p.count);
      return [p.name, p.mode, p.osType, nodes, `${cap?.surgeNodes ?? 0} (${p.maxSurge})`, String(p.maxPods), p.subnetCidr ?? "-"];
    }),
  ];
  append(lines, ["", ...columns(poolRows, "  ", width)]);
  if (c.nodeSubnets.length > 0) {
    const subnetRows = [
      ["NODE SUBNET", "USABLE", ...(c.nodeSubnets.some((s) => s.addressesInUse > 0) ? ["IN USE"] : []), "NEEDED", "POOLS"].map((h) => style.dim(h)),
      ...c.nodeSubnets.map((s) => [
        s.cidr,
        formatCount(s.usableAddresses),
        ...(c.nodeSubnets.some((n) => n.addressesInUse > 0) ? [formatCount(s.addressesInUse)] : []),
        s.requiredAddresses > s.usableAddresses - s.addressesInUse ? style.error(formatCount(s.requiredAddresses)) : formatCount(s.requiredAddresses),
        s.pools.join(", "),
      ]),
    ];
    append(lines, ["", ...columns(subnetRows, "  ", width)]);
  }
  return lines;
}

function renderDesign(doc: ValidationDocument, style: Style, width: number): string[] {
  const d = doc.design;
  const defaulted = new Set(doc.defaulted);
  /** A user value, cut to a line's worth (network/shown.ts). */
  const cut = (value: string): string => shown(value, 200);
  const mark = (...flags: string[]): string => (flags.some((f) => defaulted.has(f)) ? style.dim(" (default)") : "");
  /** Marks the whole list, or just its IPv6 entry, as defaulted. */
  const cidrs = (list: string[], flag: string): string =>
    defaulted.has(`${flag}s[1]`) ? `${cut(list[0] ?? "")}, ${cut(list.slice(1).join(", "))}${style.dim(" (default)")}` : cut(list.join(", ")) + mark(flag, `${flag}s`);
  const net = d.network;
  const vnet = net.managedVnet
    ? `${net.vnetCidrs.join(", ")} AKS-managed VNet, node subnet ${net.subnets.map((s) => s.cidr).join(", ")}`
    : [
        net.vnetCidrs.length > 0 ? net.vnetCidrs.join(", ") : "address space not given",
        net.subnets.length > 0 ? `node subnets ${net.subnets.map((s) => (s.name === s.cidr ? s.cidr : `${s.name} ${s.cidr}`)).join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("; ");
  const rows: string[][] = [
    ["IP families", cut(d.ipFamilies.join(",")) + mark("--ip-families")],
    ["Pod CIDR", cidrs(d.podCidrs, "--pod-cidr")],
    ["Service CIDR", cidrs(d.serviceCidrs, "--service-cidr")],
    ["DNS service IP", cut(d.dnsServiceIp) + mark("--dns-service-ip")],
    ["Dataplane", d.networkDataplane + mark("--network-dataplane")],
    ["Network policy", d.networkPolicy ?? (d.networkDataplane === "cilium" ? "cilium (implied)" : "none")],
    ["Outbound type", d.outboundType + mark("--outbound-type")],
    ["VNet", cut(vnet) + mark("--vnet-cidrs")],
    ["Peered ranges", net.peeredCidrs.length === 0 ? "none given" : net.peeredCidrs.length > 4 ? plural(net.peeredCidrs.length, "range") : cut(net.peeredCidrs.join(", "))],
  ];
  if (d.staticEgressGateway) rows.push(["Egress gateway", "Static Egress Gateway" + mark("--enable-static-egress-gateway")]);
  if (d.kubernetesVersion) rows.push(["Kubernetes", cut(d.kubernetesVersion)]);
  if (d.location) rows.push(["Location", cut(d.location)]);
  const poolDefaults = ["--node-count", "--max-surge", "--max-pods", "--nodepool-name"].filter((f) => defaulted.has(f));
  // Wrapped before it is dimmed: the colour code at its start would hide the indent from fitProse.
  const footer = poolDefaults.length > 0 ? wrap(`Pool defaults applied: ${poolDefaults.join(", ")}`, width, "  ").map((l) => style.dim(l)) : [];
  return ["", style.bold("Design"), ...columns(rows.map(([k, v]) => [style.dim(k as string), v as string]), "  ", width), ...footer];
}

export function renderValidation(doc: ValidationDocument, width: number, style: Style): string {
  const lines = [summaryLine(doc, style)];
  append(lines, renderFindings(doc.findings, width, style));
  append(lines, renderCapacity(doc.capacity, doc.design.nodePools, style, width));
  append(lines, renderDesign(doc, style, width));
  append(lines, renderAddressMap(doc, width, style));
  return `${fitProse(lines, width).join("\n")}\n`;
}
