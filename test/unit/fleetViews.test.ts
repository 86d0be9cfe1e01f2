/**
 * The fleet views (terminal table, CSV, HTML) from fleet documents built here: every class, ready
 * and blocked, an incomplete scan, hostile names and tags, and 200,000 clusters.
 *
 * The 80-column table of the sample is a golden file (review a diff, then accept it with
 * `UPDATE_GOLDEN=1 npx vitest run test/unit/fleetViews.test.ts`). To look at the page, run
 * `aks-overlay fleet scan --report fleet.html` against `aks-overlay emulator --scenario fleet`.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { FindingCode } from "../../src/network/findings.js";
import { FLEET_CSV_COLUMNS, fleetCsv } from "../../src/output/fleetCsv.js";
import { FLEET_HTML_CSP, fleetHtml } from "../../src/output/fleetHtml.js";
import { renderFleet } from "../../src/output/fleetTable.js";
import { createStyle, visibleWidth } from "../../src/output/style.js";
import { type Blocker, FLEET_CLASSES, type FleetClass, type FleetCluster, type FleetDocument, KUBENET_RETIREMENT } from "../../src/plan/fleet.js";

const here = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(here, "..", "golden", "files", "fleet-80.txt");
const plain = createStyle(0);
const colour = createStyle(1);

// ---------------------------------------------------------------------------------------------
// Builders

function version(v: string): Blocker {
  return {
    code: "UpgradeKubernetesVersion",
    message: `Kubernetes ${v} is older than 1.27, the oldest version that can move to Azure CNI Overlay.`,
    hint: "Upgrade the control plane and every pool first: az aks upgrade --kubernetes-version 1.30.",
  };
}

const B = {
  version: version("1.26.6"),
  routeTable: {
    code: "UpgradeSystemAssignedRouteTable",
    message: "The node subnet has route table aks-agentpool-rt and the cluster has a system-assigned identity: the route table must be detached during the update.",
    hint: "Move the cluster to a user-assigned identity first (az aks update --assign-identity <id>).",
  },
  policy: {
    code: "UpgradeNetworkPolicyEnabled",
    message: "Network policy calico is enabled: a legacy Azure CNI cluster with a network policy cannot move to overlay.",
    hint: "Remove the policy engine first (az aks update --network-policy none), move, then add Cilium.",
  },
  stopped: { code: "UpgradeClusterNotReady", message: "The cluster is Stopped.", hint: "Start it: az aks start." },
  podSubnet: {
    code: "UpgradeFromPodSubnet",
    message: "A cluster with dynamic pod IP allocation (a pod subnet) cannot be upgraded to overlay.",
    hint: "Create an overlay cluster beside it and move the workloads.",
  },
  byo: { code: "UpgradeFromByoCni", message: "Network plugin none (your own CNI) cannot be upgraded.", hint: "Create an overlay cluster beside it and move the workloads." },
  podCidr: {
    code: "UpgradePodCidrRequired",
    message: "No /16 is free of the VNet, its peerings and on-premises ranges (10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 are all in use).",
    hint: "Free a range, or pass --pod-cidr from one outside every connected network.",
  },
} satisfies Record<string, Blocker>;

function sub(n: number): string {
  return `${(0x1a2b3c4d + n * 0x111).toString(16).padStart(8, "0")}-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

interface ClusterSpec {
  name: string;
  cls: FleetClass;
  ready?: boolean;
  blockers?: Blocker[];
  group?: string;
  subscription?: number;
  version?: string | null;
  nodes?: number;
  pod?: string;
  tags?: Record<string, string>;
}

function cluster(s: ClusterSpec): FleetCluster {
  const subscriptionId = sub(s.subscription ?? 0);
  const resourceGroup = s.group ?? `rg-${s.name}`;
  const blockers = s.blockers ?? [];
  const nodes = s.nodes ?? 3;
  const findings: FleetCluster["findings"] = blockers.map((b) => ({ severity: "error", code: b.code as FindingCode, path: "cluster", field: "cluster", message: b.message, ...(b.hint ? { hint: b.hint } : {}) }));
  if (s.cls === "kubenet" || s.cls === "azureLegacy") {
    findings.push({ severity: "warning", code: "UpgradeReimagesAllPools", path: "pools", field: "pools", message: `Every pool is re-imaged at once: ${nodes} nodes.` });
  }
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${s.name}`,
    subscriptionId,
    resourceGroup,
    name: s.name,
    location: ["westeurope", "northeurope", "eastus2", "swedencentral"][s.name.length % 4] ?? "westeurope",
    kubernetesVersion: s.version === undefined ? "1.30.6" : s.version,
    class: s.cls,
    ready: s.ready ?? false,
    blockers,
    findings,
    ...(s.pod ? { proposedPodCidr: s.pod } : {}),
    nodes,
    nodesAtFullScale: nodes * 3,
    tags: s.tags ?? { env: s.name.includes("prod") ? "prod" : "dev", owner: "platform" },
  };
}

const SCANNED_AT = "2026-05-04T10:22:31.512Z";

function daysTo(retirement: string, scannedAt: string): number {
  return Math.floor((Date.parse(`${retirement}T00:00:00Z`) - Date.parse(scannedAt.slice(0, 10))) / 86_400_000);
}

/** A fleet document whose summary is counted from its clusters (as the scan does). */
function fleetDoc(clusters: FleetCluster[], extra: Partial<FleetDocument> = {}): FleetDocument {
  const byClass = Object.fromEntries(FLEET_CLASSES.map((k) => [k, 0])) as Record<FleetClass, number>;
  const codes = new Map<string, number>();
  let ready = 0;
  let blocked = 0;
  for (const c of clusters) {
    byClass[c.class]++;
    if (c.ready) ready++;
    else if (c.class !== "overlay" && c.class !== "unknown") blocked++;
    for (const b of new Set(c.blockers.map((x) => x.code))) codes.set(b, (codes.get(b) ?? 0) + 1);
  }
  const topBlockers = [...codes].map(([code, n]) => ({ code, clusters: n })).sort((a, b) => b.clusters - a.clusters || (a.code < b.code ? -1 : 1));
  return {
    formatVersion: 1,
    kind: "fleet",
    scannedAt: SCANNED_AT,
    scope: { subscriptions: [sub(0), sub(1), sub(2)], managementGroups: ["mg-contoso"] },
    summary: { clusters: clusters.length, byClass, ready, blocked, topBlockers, daysToKubenetRetirement: daysTo(KUBENET_RETIREMENT, SCANNED_AT) },
    complete: true,
    problems: [],
    clusters,
    ...extra,
  };
}

/** About thirty clusters: every class, ready and blocked, as a company might have them. */
function sampleClusters(): FleetCluster[] {
  return [
    cluster({ name: "aks-prod-weu-01", cls: "kubenet", blockers: [B.version], group: "rg-prod-weu", version: "1.26.6", nodes: 42 }),
    cluster({ name: "aks-overlay-done-01", cls: "overlay", ready: false, group: "rg-prod-weu", nodes: 12 }),
    cluster({ name: "aks-prod-weu-02", cls: "kubenet", blockers: [B.routeTable], group: "rg-prod-weu", nodes: 18 }),
    cluster({ name: "aks-payments-prod-northeurope-primary", cls: "kubenet", blockers: [B.routeTable, version("1.25.11")], group: "rg-payments-production-northeurope", version: "1.25.11", nodes: 64, subscription: 1 }),
    cluster({ name: "aks-dev-01", cls: "kubenet", ready: true, group: "rg-dev", subscription: 2 }),
    cluster({ name: "aks-dev-02", cls: "kubenet", ready: true, group: "rg-dev", subscription: 2 }),
    cluster({ name: "aks-test-weu", cls: "kubenet", ready: true, group: "rg-test", nodes: 6 }),
    cluster({ name: "aks-stopped-lab", cls: "kubenet", blockers: [B.stopped], group: "rg-lab", subscription: 2, nodes: 0 }),
    cluster({ name: "aks-legacy-api", cls: "azureLegacy", ready: true, pod: "100.64.0.0/16", group: "rg-api", subscription: 1, nodes: 9 }),
    cluster({ name: "aks-legacy-batch", cls: "azureLegacy", ready: true, pod: "100.65.0.0/16", group: "rg-batch", subscription: 1, nodes: 120 }),
    cluster({ name: "aks-legacy-calico", cls: "azureLegacy", blockers: [B.policy], group: "rg-api", subscription: 1 }),
    cluster({ name: "aks-legacy-crowded", cls: "azureLegacy", blockers: [B.podCidr], group: "rg-hub-spoke", subscription: 1, nodes: 30 }),
    cluster({ name: "aks-podsubnet-01", cls: "podSubnet", blockers: [B.podSubnet], group: "rg-data", subscription: 2 }),
    cluster({ name: "aks-podsubnet-02", cls: "podSubnet", blockers: [B.podSubnet], group: "rg-data", subscription: 2 }),
    cluster({ name: "aks-cilium-byo", cls: "none", blockers: [B.byo], group: "rg-sandbox", subscription: 2, version: "1.31.2" }),
    cluster({ name: "aks-mystery", cls: "unknown", group: "rg-sandbox", subscription: 2, version: null }),
    ...Array.from({ length: 8 }, (_, i) => cluster({ name: `aks-overlay-${String(i + 2).padStart(2, "0")}`, cls: "overlay", group: i < 4 ? "rg-prod-weu" : "rg-shared", subscription: i % 3, nodes: 3 + i * 4 })),
    ...Array.from({ length: 6 }, (_, i) => cluster({ name: `aks-kubenet-edge-${i + 1}`, cls: "kubenet", ready: i % 2 === 0, blockers: i % 2 === 0 ? [] : [version("1.26.3")], group: "rg-edge", subscription: 1, version: i % 2 === 0 ? "1.29.9" : "1.26.3" })),
  ];
}

/** Values an attacker who can name or tag a cluster controls. */
const HOSTILE = {
  script: `<script>alert("x")</script>`,
  img: `"><img src=x onerror=alert(1)>`,
  closeJson: `</script><script>alert(2)</script>`,
  comment: `<!--`,
  formula: `=cmd|' /C calc'!A0`,
  plusFormula: `+1+1`,
  minusFormula: `-2+3`,
  atFormula: `@SUM(A1:A2)`,
  tabFormula: `\t=1+1`,
  crFormula: `\r=1+1`,
  comma: `a,b,"c"`,
  newline: `line1\nline2\r\nline3`,
  url: `https://evil.example/x.js`,
  escape: `\u001b[2J\u001b]0;pwned\u0007`,
};

function hostileClusters(): FleetCluster[] {
  const h = HOSTILE;
  return [
    cluster({ name: h.script, cls: "kubenet", blockers: [{ code: "UpgradeKubernetesVersion", message: `${h.img} ${h.url}`, hint: h.closeJson }], group: h.comma, tags: { [h.script]: h.img, note: h.formula } }),
    cluster({ name: h.formula, cls: "azureLegacy", ready: true, pod: "100.64.0.0/16", group: h.plusFormula, tags: { f: h.minusFormula } }),
    cluster({ name: h.atFormula, cls: "overlay", group: h.newline, tags: {} }),
    cluster({ name: h.tabFormula, cls: "podSubnet", blockers: [{ code: h.closeJson, message: h.comment + h.comma, hint: h.crFormula }], group: h.crFormula }),
    cluster({ name: h.escape, cls: "unknown", version: h.escape, group: h.escape, tags: { [h.escape]: h.escape } }),
    cluster({ name: `x${"very-long-cluster-name-".repeat(6)}`, cls: "kubenet", ready: true, group: `rg-${"y".repeat(120)}` }),
  ];
}

function incompleteDoc(): FleetDocument {
  return fleetDoc(sampleClusters(), {
    complete: false,
    problems: [
      `subscription ${sub(7)}: AuthorizationFailed: the caller cannot read Microsoft.ContainerService/managedClusters (Azure Resource Graph returned 403 for this subscription)`,
      "Resource Graph page 3 of 4: the request timed out after 60 s",
    ],
  });
}

/** Many clusters, cheaply: the same few shapes over and over. */
function manyClusters(n: number): FleetCluster[] {
  const shapes = sampleClusters();
  const out: FleetCluster[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = shapes[i % shapes.length] as FleetCluster;
    out[i] = { ...s, name: `${s.name}-${i}`, id: `${s.id}-${i}` };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** A strict RFC 4180 reader: CRLF record ends, quotes only around whole fields, "" inside them. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < text.length && text[i] !== "," && text[i] !== "\r") throw new Error(`text after a closing quote at ${i}`);
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 2;
    } else if (ch === '"' || ch === "\r" || ch === "\n") {
      throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error("unterminated quoted field");
  if (field !== "" || row.length > 0) throw new Error("the last record has no CRLF");
  return rows;
}

/** What a defused cell holds: the value, with ' before a formula's first character. */
function defused(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function lines(text: string): string[] {
  return text.replace(/\n$/, "").split("\n");
}

function dataElement(html: string): string {
  const m = /<script type="application\/json" id="fleet-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error("no data element");
  return m[1] as string;
}

function inlineScript(html: string): string {
  const m = /<script>([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error("no inline script");
  return m[1] as string;
}

// ---------------------------------------------------------------------------------------------

describe("fleet table (terminal)", () => {
  const doc = fleetDoc(sampleClusters());

  it("fits 80 columns, with and without colour, for ordinary and hostile documents", () => {
    for (const d of [doc, incompleteDoc(), fleetDoc(hostileClusters())]) {
      for (const style of [plain, colour]) {
        const out = renderFleet(d, 80, style);
        const long = lines(out).filter((l) => visibleWidth(l) > 80);
        expect(long).toEqual([]);
      }
    }
  });

  it("shows the scope, time, counts per class, ready and blocked, and the days to the kubenet retirement", () => {
    const out = renderFleet(doc, 80, plain);
    const s = doc.summary;
    expect(s.byClass).toEqual({ overlay: 9, kubenet: 13, azureLegacy: 4, podSubnet: 2, none: 1, unknown: 1 });
    expect(out).toContain("AKS fleet: 30 clusters · scanned 2026-05-04 10:22 UTC");
    expect(out).toContain("Scope: 3 subscriptions and management group mg-contoso");
    expect(out).toMatch(/^ {2}kubenet {6}13 {2}6 ready, 7 blocked/m);
    expect(out).toMatch(/^ {2}azureLegacy {3}4 {2}2 ready, 2 blocked/m);
    expect(out).toMatch(/^ {2}overlay {7}9 {2}\(done\)/m);
    expect(out).toContain(`Ready now: ${s.ready}  ·  Blocked: ${s.blocked}  ·  On overlay: 9`);
    expect(s.daysToKubenetRetirement).toBe(697);
    expect(out).toContain("Kubenet retires on 31 March 2028, in 697 days (from this scan): 13 clusters\nstill on kubenet, 7 of them blocked.");
    expect(out).not.toContain("INCOMPLETE");
  });

  it("lists the top blockers with their count and fix", () => {
    const out = renderFleet(doc, 80, plain);
    expect(doc.summary.topBlockers[0]).toEqual({ code: "UpgradeKubernetesVersion", clusters: 5 });
    expect(out).toMatch(/^ {2}5 {2}UpgradeKubernetesVersion\n {5}→ Upgrade the control plane/m);
  });

  it("orders the rows: kubenet blocked, kubenet ready, unknown, legacy blocked, legacy ready, pod subnet, none, overlay", () => {
    const out = lines(renderFleet(doc, 80, plain));
    const at = (name: string): number => out.findIndex((l) => new RegExp(`^ {2}. ${name} `).test(l));
    const order = ["aks-prod-weu-01", "aks-stopped-lab", "aks-dev-01", "aks-mystery", "aks-legacy-calico", "aks-legacy-api", "aks-podsubnet-01", "aks-cilium-byo", "aks-overlay-done-01"];
    const positions = order.map(at);
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // A blocked row is followed by its first blocker; a ready legacy row by its proposed pod CIDR.
    expect(out[at("aks-prod-weu-01") + 1]).toMatch(/^ {6}UpgradeKubernetesVersion: Kubernetes 1\.26\.6 is older/);
    expect(out[at("aks-payment…e-primary") + 1]).toMatch(/^ {6}UpgradeSystemAssignedRouteTable \(\+1 more\): /);
    expect(out[at("aks-legacy-api") + 1]).toBe("      proposed pod CIDR 100.64.0.0/16");
  });

  it("says loudly, at the top and at the end, that an incomplete scan is incomplete, with its problems", () => {
    const out = lines(renderFleet(incompleteDoc(), 80, plain));
    const first = out.findIndex((l) => l.startsWith("✗ INCOMPLETE SCAN"));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(5);
    expect(out[first + 1]).toMatch(/^ {2}- subscription 1a2b43c4-0000-4000-8000-000000000007: AuthorizationFailed/);
    expect(out.join("\n")).toContain("  - Resource Graph page 3 of 4: the request timed out after 60 s");
    expect(out.at(-1)).toBe("✗ INCOMPLETE SCAN: 2 problems (listed at the top); counts are lower bounds.");
  });

  it("colours only through the style, and never lets a value steer the terminal", () => {
    const hostile = fleetDoc(hostileClusters());
    expect(renderFleet(hostile, 80, plain)).not.toContain("\u001b");
    expect(renderFleet(hostile, 80, plain)).toContain("\\u001b[2J");
    const coloured = renderFleet(doc, 80, colour);
    expect(coloured).toContain("\u001b[");
    // Without the escape codes the coloured view is the plain one.
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, "")).toBe(renderFleet(doc, 80, plain));
  });

  it("cuts a long name in the middle (names differ at their end) and uses a wider terminal for it", () => {
    const hostile = fleetDoc(hostileClusters());
    expect(renderFleet(hostile, 80, plain)).toMatch(/ xvery-long-[a-z-]*…[a-z-]*-name- /);
    expect(renderFleet(hostile, 400, plain)).toContain(` x${"very-long-cluster-name-".repeat(6)} `);
  });

  it("matches the reviewed golden file at 80 columns", () => {
    const out = renderFleet(incompleteDoc(), 80, plain);
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, out);
    expect(existsSync(GOLDEN), `${GOLDEN} is missing: write it with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(out).toBe(readFileSync(GOLDEN, "utf8"));
  });
});

describe("fleet CSV", () => {
  it("has one header row and one row per cluster, and round-trips through an RFC 4180 reader", () => {
    const clusters = [...sampleClusters(), ...hostileClusters()];
    const rows = parseCsv(fleetCsv(fleetDoc(clusters)));
    expect(rows[0]).toEqual([...FLEET_CSV_COLUMNS]);
    expect(rows).toHaveLength(clusters.length + 1);
    clusters.forEach((c, i) => {
      const expected = [
        c.id,
        c.subscriptionId,
        c.resourceGroup,
        c.name,
        c.location,
        c.kubernetesVersion ?? "",
        c.class,
        String(c.ready),
        c.blockers.map((b) => b.code).join(";"),
        c.blockers[0]?.message ?? "",
        c.proposedPodCidr ?? "",
        String(c.nodes),
        String(c.nodesAtFullScale),
        Object.entries(c.tags)
          .map(([k, v]) => `${k.replace(/[\\;=]/g, "\\$&")}=${v.replace(/[\\;=]/g, "\\$&")}`)
          .join(";"),
      ].map(defused);
      expect(rows[i + 1]).toEqual(expected);
    });
  });

  it("writes tags that read back exactly, whatever ;, = and \\ they hold", () => {
    const tags = { "a=b": "c;d", "back\\slash": "x=y\\;z", plain: "v", empty: "" };
    const base = sampleClusters()[0] as FleetCluster;
    const rows = parseCsv(fleetCsv(fleetDoc([{ ...base, tags }])));
    const cell = rows[1]?.[FLEET_CSV_COLUMNS.indexOf("tags")] ?? "";
    // A reader of the documented format: pairs split at unescaped ;, key and value at the first unescaped =.
    const read: Record<string, string> = {};
    for (const pair of cell.match(/(?:\\.|[^;\\])+/g) ?? []) {
      const [, key = "", value = ""] = /^((?:\\.|[^=\\])*)=(.*)$/.exec(pair) ?? [];
      read[key.replace(/\\(.)/g, "$1")] = value.replace(/\\(.)/g, "$1");
    }
    expect(read).toEqual(tags);
  });

  it("neutralises formulas: every cell a spreadsheet would evaluate starts with '", () => {
    const rows = parseCsv(fleetCsv(fleetDoc(hostileClusters())));
    const names = rows.slice(1).map((r) => r[3]);
    expect(names).toContain(`'${HOSTILE.formula}`);
    expect(names).toContain(`'${HOSTILE.atFormula}`);
    expect(names).toContain(`'${HOSTILE.tabFormula}`);
    const groups = rows.slice(1).map((r) => r[2]);
    expect(groups).toContain(`'${HOSTILE.plusFormula}`);
    expect(groups).toContain(`'${HOSTILE.crFormula}`);
    expect(groups).toContain(HOSTILE.comma);
    expect(groups).toContain(HOSTILE.newline);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

describe("fleet HTML", () => {
  const hostile = fleetDoc(hostileClusters(), { problems: [HOSTILE.script, HOSTILE.url], complete: false });

  it("loads nothing from anywhere: no external URL, no src or href, only inline style and script", () => {
    const html = fleetHtml(fleetDoc(sampleClusters()));
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    for (const page of [html, fleetHtml(hostile)]) {
      // Values are escaped (no raw "<"), so every tag here is the page's own: none loads anything.
      expect(page).not.toMatch(/<[a-z][^>]*\s(src|href|srcset|action|formaction|xmlns|poster|background|data)\s*=/i);
      expect(page).not.toMatch(/url\(|@import|<link|<img|<iframe|<object|<embed|<base/i);
    }
  });

  it("mentions a URL from the document only as escaped data", () => {
    const html = fleetHtml(hostile);
    // The problem is shown as text; the blocker message lives in the data element.
    expect(html).toContain(`<li>${HOSTILE.url}</li>`);
    const outside = html.replace(dataElement(html), "").replace(/<li>https:\/\/evil\.example\/x\.js<\/li>/, "");
    expect(outside).not.toContain("https://");
  });

  it("escapes every injected value", () => {
    const html = fleetHtml(hostile);
    for (const value of [HOSTILE.script, HOSTILE.img, HOSTILE.closeJson, HOSTILE.comment]) expect(html).not.toContain(value);
    expect(html).toContain("&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
    // Only the page's own two script elements open or close.
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html.match(/<!--/g)).toBeNull();
    // The closing tag inside a blocker code (a chart label and the fixes table) is escaped there too.
    const fleet = fleetDoc(hostileClusters());
    expect(fleet.summary.topBlockers.map((b) => b.code)).toContain(HOSTILE.closeJson);
    expect(fleetHtml(fleet)).toContain("&#60;/script&#62;&#60;script&#62;alert(2)&#60;/script&#62;");
  });

  it("has a Content-Security-Policy that allows only the inline style and this page's script", () => {
    const html = fleetHtml(hostile);
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    expect(meta?.[1]).toBe(FLEET_HTML_CSP.replace(/'/g, "&#39;"));
    const hash = createHash("sha256").update(inlineScript(html), "utf8").digest("base64");
    expect(FLEET_HTML_CSP).toBe(`default-src 'none'; script-src 'sha256-${hash}'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'`);
    // The CSP comes before anything the document fills in.
    expect(html.indexOf("Content-Security-Policy")).toBeLessThan(html.indexOf("<title>"));
  });

  it("embeds the document's clusters as JSON that parses back to them", () => {
    for (const doc of [fleetDoc(sampleClusters()), hostile]) {
      const text = dataElement(fleetHtml(doc));
      expect(text).not.toMatch(/[<>&]/);
      expect(JSON.parse(text).clusters).toEqual(doc.clusters);
    }
  });

  it("has a script that compiles, and the header says what the scan covered and when", () => {
    const html = fleetHtml(incompleteDoc());
    expect(() => new Function(inlineScript(html))).not.toThrow();
    expect(html).toContain(`<time datetime="${SCANNED_AT}">2026-05-04 10:22 UTC</time>`);
    expect(html).toContain("INCOMPLETE SCAN");
    expect(html).toContain("<li>Resource Graph page 3 of 4: the request timed out after 60 s</li>");
    expect(html).toMatch(/<b>697<\/b><span>days to the kubenet retirement \(31 March 2028\)<\/span>/);
    expect(fleetHtml(fleetDoc(sampleClusters()))).toContain("Complete: every cluster in scope was read.");
  });

  it("stays a reasonable size for 5,000 clusters", () => {
    const html = fleetHtml(fleetDoc(manyClusters(5_000)));
    // About 1 KB a cluster (the document's clusters as they are), well under 10 MB.
    expect(html.length).toBeLessThan(10_000_000);
    if (process.env.FLEET_VIEWS_OUT) writeFileSync(join(process.env.FLEET_VIEWS_OUT, "fleet-5000.html"), html);
  });
});

describe("200,000 clusters", () => {
  const big = fleetDoc(manyClusters(200_000));

  it("render as a table, every row, without overflowing the stack", () => {
    const out = renderFleet(big, 80, plain);
    // Booleans: a failing toContain would print the whole 30 MB.
    expect(out.startsWith("AKS fleet: 200,000 clusters")).toBe(true);
    expect(out.includes(" aks-dev-01-199984 ")).toBe(true);
    let rows = 0;
    for (const l of lines(out)) if (/^ {2}[✓✗=?] aks-/.test(l)) rows++;
    expect(rows).toBe(200_000);
  });

  it("render as CSV, one line a cluster", () => {
    const csv = fleetCsv(big);
    expect(csv.split("\r\n")).toHaveLength(200_002);
  });
});

