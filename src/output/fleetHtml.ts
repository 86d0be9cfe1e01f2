/**
 * The fleet scan as one self-contained HTML page, for a network team without the CLI: the header
 * (scope, time, completeness, days to the kubenet retirement), inline-SVG bar charts of the
 * classes and the top blockers, and a sortable, filterable cluster table whose rows open to their
 * findings and fixes. No external asset, no network: inline CSS, one small inline script, and a
 * Content-Security-Policy that allows nothing else (the script by its hash).
 *
 * Every document value is untrusted (anyone who can tag or name a cluster writes some of it):
 * the static part escapes each value for HTML; the table is built by the script with textContent
 * from a `<script type="application/json">` element whose `<`, `>` and `&` are written as \u003c,
 * \u003e and \u0026, so no value can close the element or open a tag.
 *
 * With thousands of clusters the table shows the first 200 rows of the sorted, filtered view and
 * a button for 200 more; the data is the document's clusters as they are (about 1 KB a cluster).
 */
import { type BlockerFix, blockerFixes, fixWithOthers } from "./fleetFixes.js";
import { longDate, scanTime } from "./fleetDates.js";
import { createHash } from "node:crypto";
import { formatCount, plural } from "../network/findings.js";
import { FLEET_REPORT_GENERATOR, KUBENET_RETIREMENT, type FleetClass, type FleetDocument } from "../plan/fleet.js";

/** HTML text or attribute value (double- or single-quoted). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** JSON for a `<script type="application/json">` element: `</script>`, `<!--` and friends cannot appear. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Rows in the same order as the terminal view (fleetTable.ts says why); overlay last. */
const CLASS_ORDER: readonly FleetClass[] = ["kubenet", "unknown", "azureLegacy", "podSubnet", "none", "overlay"];

const CLASS_LABEL: Record<FleetClass, string> = {
  kubenet: "kubenet (retires 31 March 2028)",
  unknown: "unknown network",
  azureLegacy: "legacy Azure CNI",
  podSubnet: "pod subnet (no in-place path)",
  none: "none: own CNI (no in-place path)",
  overlay: "Azure CNI Overlay (done)",
};

const CLASS_COLOR: Record<FleetClass, string> = {
  kubenet: "#d9480f",
  unknown: "#868e96",
  azureLegacy: "#e67700",
  podSubnet: "#7048e8",
  none: "#ae3ec9",
  overlay: "#2b8a3e",
};

function shownScanTime(iso: string): string {
  return scanTime(iso) ?? iso;
}

/** A horizontal bar chart as inline SVG: label, bar, count. */
function barChart(title: string, rows: { label: string; value: number; color: string; code?: string }[]): string {
  const rowHeight = 28;
  const labelWidth = 250;
  const barWidth = 260;
  const width = labelWidth + barWidth + 70;
  const height = Math.max(1, rows.length) * rowHeight + 8;
  let max = 1;
  for (const r of rows) max = Math.max(max, r.value);
  const bars = rows.map((r, i) => {
    const y = 4 + i * rowHeight;
    const w = r.value === 0 ? 0 : Math.max(2, Math.round((r.value / max) * barWidth));
    const label = r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label;
    const attrs = r.code !== undefined ? ` class="bar pick" data-code="${escapeHtml(r.code)}" tabindex="0" role="button"` : ` class="bar"`;
    return (
      `<g${attrs}><title>${escapeHtml(`${r.label}: ${formatCount(r.value)}`)}</title>` +
      `<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end">${escapeHtml(label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 8}" rx="3" fill="${r.color}"/>` +
      `<text x="${labelWidth + w + 6}" y="${y + 18}" class="num">${formatCount(r.value)}</text></g>`
    );
  });
  const empty = rows.length === 0 ? `<text x="8" y="20">none</text>` : "";
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">${bars.join("")}${empty}</svg></figure>`;
}

function scopeText(scope: FleetDocument["scope"]): string {
  const parts: string[] = [];
  if (scope.subscriptions.length > 0) parts.push(plural(scope.subscriptions.length, "subscription"));
  if (scope.managementGroups.length > 0) parts.push(`management group${scope.managementGroups.length === 1 ? "" : "s"} ${scope.managementGroups.join(", ")}`);
  return parts.length > 0 ? parts.join(" and ") : "every subscription the caller can read";
}

const CSS = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#212529;background:#f8f9fa}
header,main{max-width:1320px;margin:0 auto;padding:16px 24px 0}
h1{font-size:22px;margin:8px 0 4px}
h2{font-size:17px;margin:20px 0 8px}
.meta{color:#495057;margin:0}
.banner{border-radius:6px;padding:10px 14px;margin:12px 0;font-weight:600}
.banner ul{margin:6px 0 0;padding-left:20px;font-weight:400}
.bad{background:#ffe3e3;border:2px solid #e03131;color:#9b1c1c}
.good{background:#ebfbee;border:1px solid #b2f2bb;color:#2b8a3e}
.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0 0}
.tile{background:#fff;border:1px solid #dee2e6;border-radius:6px;padding:10px 16px;min-width:150px}
.tile b{display:block;font-size:26px;line-height:1.2}
.tile span{color:#495057}
.tile.warn b{color:#d9480f}.tile.ok b{color:#2b8a3e}.tile.err b{color:#c92a2a}
.charts{display:flex;flex-wrap:wrap;gap:16px}
figure{background:#fff;border:1px solid #dee2e6;border-radius:6px;margin:0;padding:10px 12px}
figcaption{font-weight:600;margin-bottom:4px}
svg text{font-size:13px;fill:#212529}
svg .num{fill:#495057}
.pick{cursor:pointer}.pick:hover text,.pick:focus text{text-decoration:underline}
table.fixes,table.clusters{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dee2e6}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e9ecef;vertical-align:top}
td.n,th.n{text-align:right}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
thead th{position:sticky;top:0;background:#f1f3f5;z-index:1}
tr.row{cursor:pointer}tr.row:hover{background:#f1f3f5}
tr.row td:first-child::before{content:"▸ ";color:#868e96}
tr.row.open td:first-child::before{content:"▾ "}
tr.detail>td{background:#fbfcfd;padding:8px 16px 12px 28px}
.controls{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.controls input{flex:1;min-width:260px;padding:6px 8px;font:inherit}
.controls select{padding:6px;font:inherit}
.chip{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:baseline}
.yes{color:#2b8a3e;font-weight:600}.no{color:#c92a2a;font-weight:600}.na{color:#868e96}
.sev-error{color:#c92a2a;font-weight:600}.sev-warning{color:#e67700;font-weight:600}.sev-info{color:#1971c2}
.muted{color:#868e96}
.chip{background:#868e96}${CLASS_ORDER.map((k) => `.c-${k}{background:${CLASS_COLOR[k]}}`).join("")}
.fix{margin:4px 0}
code,.mono{font-family:ui-monospace,SFMono-Regular,Consolas,monospace;font-size:12.5px}
dd.mono,td.mono,table.clusters td{overflow-wrap:anywhere}
td.nw,td.nw.mono{white-space:nowrap;overflow-wrap:normal}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0 0 8px}dt{color:#495057}dd{margin:0;overflow-wrap:anywhere}
#more{margin:10px 0;padding:6px 14px;font:inherit}
footer{color:#868e96;max-width:1320px;margin:0 auto;padding:8px 24px 24px}
`;

/** The page's one script. It reads the data element and builds the table with textContent only. */
const SCRIPT = `
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("fleet-data").textContent);
  var clusters = data.clusters;
  // Eight characters tell the subscriptions apart: the id's start, else its end when the starts are alike.
  var subIds = Object.keys(clusters.reduce(function (seen, c) { seen[c.subscriptionId.toLowerCase()] = true; return seen; }, {}));
  function distinctBy(part) { var seen = {}; subIds.forEach(function (id) { seen[part(id)] = true; }); return Object.keys(seen).length === subIds.length; }
  var subByEnd = !distinctBy(function (id) { return id.slice(0, 8); }) && distinctBy(function (id) { return id.slice(-8); });
  function subPart(id) { return subByEnd ? id.slice(-8) : id.slice(0, 8); }
  var ORDER = ["kubenet", "unknown", "azureLegacy", "podSubnet", "none", "overlay"];
  var PAGE = 200;
  function byId(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function count(n) { return String(n).replace(/\\B(?=(\\d{3})+$)/g, ","); }
  function rank(c) {
    var i = ORDER.indexOf(c.class);
    if (i < 0) i = 1;
    return i * 2 + (c.ready ? 1 : 0);
  }
  function readiness(c) { return c.class === "overlay" ? 2 : c.ready ? 1 : 0; }
  function issue(c) {
    if (c.blockers.length > 0) return c.blockers[0].code + (c.blockers.length > 1 ? " (+" + (c.blockers.length - 1) + ")" : "");
    return c.proposedPodCidr ? "pod CIDR " + c.proposedPodCidr : "";
  }
  var hay = clusters.map(function (c) {
    var parts = [c.name, c.resourceGroup, c.subscriptionId, c.location, c.class, c.kubernetesVersion || "", c.proposedPodCidr || ""];
    c.blockers.forEach(function (b) { parts.push(b.code); });
    Object.keys(c.tags).forEach(function (k) { parts.push(k + "=" + c.tags[k]); });
    return parts.join("\\n").toLowerCase();
  });
  var KEYS = {
    rank: rank,
    name: function (c) { return c.name.toLowerCase(); },
    resourceGroup: function (c) { return c.resourceGroup.toLowerCase(); },
    subscriptionId: function (c) { return c.subscriptionId.toLowerCase(); },
    location: function (c) { return c.location.toLowerCase(); },
    class: function (c) { return ORDER.indexOf(c.class); },
    kubernetesVersion: function (c) {
      return (c.kubernetesVersion || "").split(".").map(function (p) { return ("00000" + p).slice(-5); }).join(".");
    },
    nodes: function (c) { return c.nodes; },
    ready: readiness,
    issue: issue
  };
  var state = { key: "rank", dir: 1, shown: PAGE, view: [], open: new Set() };
  var q = byId("q"), cls = byId("cls"), ready = byId("ready"), body = byId("rows"), more = byId("more"), shownCount = byId("count");

  function compute() {
    var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var k = cls.value, r = ready.value, view = [];
    for (var i = 0; i < clusters.length; i++) {
      var c = clusters[i];
      if (k && c.class !== k) continue;
      if (r === "ready" && !c.ready) continue;
      if (r === "blocked" && (c.ready || c.class === "overlay")) continue;
      if (r === "overlay" && c.class !== "overlay") continue;
      var ok = true;
      for (var w = 0; w < words.length && ok; w++) ok = hay[i].indexOf(words[w]) >= 0;
      if (ok) view.push(i);
    }
    var key = KEYS[state.key], dir = state.dir, values = new Array(clusters.length);
    for (var j = 0; j < view.length; j++) values[view[j]] = key(clusters[view[j]]);
    view.sort(function (a, b) {
      var x = values[a], y = values[b];
      if (x !== y) return (x < y ? -1 : 1) * dir;
      return rank(clusters[a]) - rank(clusters[b]) || a - b;
    });
    state.view = view;
    state.shown = PAGE;
    render();
  }

  function detail(c) {
    var td = el("td");
    td.colSpan = 9;
    var dl = el("dl");
    function item(k, v, mono) { dl.appendChild(el("dt", "", k)); dl.appendChild(el("dd", mono ? "mono" : "", v)); }
    item("Resource id", c.id, true);
    item("Nodes", count(c.nodes) + " now, " + count(c.nodesAtFullScale) + " at full scale");
    if (c.proposedPodCidr) item("Proposed pod CIDR", c.proposedPodCidr, true);
    var tags = Object.keys(c.tags).map(function (k) { return k + "=" + c.tags[k]; });
    item("Tags", tags.length ? tags.join(", ") : "none");
    td.appendChild(dl);
    if (c.blockers.length > 0) {
      td.appendChild(el("strong", "", "Fix before the move"));
      c.blockers.forEach(function (b) {
        var p = el("p", "fix");
        p.appendChild(el("code", "sev-error", b.code));
        p.appendChild(document.createTextNode(": " + b.message));
        if (b.hint) { p.appendChild(el("br")); p.appendChild(el("span", "", "\\u2192 " + b.hint)); }
        td.appendChild(p);
      });
    } else if (c.ready) {
      td.appendChild(el("p", "yes", "Ready: nothing blocks the move to overlay."));
    }
    if (c.findings.length > 0) {
      var t = el("table", "fixes");
      var h = el("tr");
      ["Severity", "Code", "Field", "Message", "Hint"].forEach(function (x) { h.appendChild(el("th", "", x)); });
      t.appendChild(h);
      c.findings.forEach(function (f) {
        var tr = el("tr");
        tr.appendChild(el("td", "sev-" + f.severity, f.severity));
        tr.appendChild(el("td", "mono nw", f.code));
        tr.appendChild(el("td", "mono nw", f.field || f.path || ""));
        tr.appendChild(el("td", "", f.message));
        tr.appendChild(el("td", "", f.hint || ""));
        t.appendChild(tr);
      });
      td.appendChild(el("strong", "", "Findings (" + c.findings.length + ")"));
      td.appendChild(t);
    }
    var tr = el("tr", "detail");
    tr.appendChild(td);
    return tr;
  }

  function row(i) {
    var c = clusters[i];
    var tr = el("tr", state.open.has(i) ? "row open" : "row");
    tr.dataset.index = String(i);
    tr.tabIndex = 0;
    tr.setAttribute("aria-expanded", state.open.has(i) ? "true" : "false");
    tr.appendChild(el("td", "", c.name));
    tr.appendChild(el("td", "", c.resourceGroup));
    tr.appendChild(el("td", "mono nw", subPart(c.subscriptionId))).title = c.subscriptionId;
    tr.appendChild(el("td", "nw", c.location));
    var ct = el("td", "nw");
    ct.appendChild(el("span", "chip c-" + c.class));
    ct.appendChild(document.createTextNode(c.class));
    tr.appendChild(ct);
    tr.appendChild(el("td", "mono nw", c.kubernetesVersion || "?"));
    tr.appendChild(el("td", "n", count(c.nodes)));
    tr.appendChild(c.class === "overlay" ? el("td", "na", "done") : c.ready ? el("td", "yes", "yes") : el("td", "no", "no"));
    var it = tr.appendChild(el("td", c.blockers.length ? "mono nw sev-error" : "mono nw", issue(c)));
    if (c.blockers.length > 0) it.title = c.blockers[0].message;
    return tr;
  }

  function render() {
    var frag = document.createDocumentFragment();
    var end = Math.min(state.shown, state.view.length);
    for (var i = 0; i < end; i++) {
      var idx = state.view[i];
      frag.appendChild(row(idx));
      if (state.open.has(idx)) frag.appendChild(detail(clusters[idx]));
    }
    body.replaceChildren(frag);
    shownCount.textContent = "Showing " + count(end) + " of " + count(state.view.length) + " matching clusters (" + count(clusters.length) + " in all)";
    more.hidden = end >= state.view.length;
    more.textContent = "Show " + count(Math.min(PAGE, state.view.length - end)) + " more";
    document.querySelectorAll("th[data-key]").forEach(function (th) {
      th.setAttribute("aria-sort", th.dataset.key === state.key ? (state.dir > 0 ? "ascending" : "descending") : "none");
    });
  }

  function toggle(tr) {
    var i = Number(tr.dataset.index);
    if (state.open.has(i)) {
      state.open.delete(i);
      tr.classList.remove("open");
      tr.setAttribute("aria-expanded", "false");
      if (tr.nextSibling && tr.nextSibling.classList.contains("detail")) tr.nextSibling.remove();
    } else {
      state.open.add(i);
      tr.classList.add("open");
      tr.setAttribute("aria-expanded", "true");
      tr.after(detail(clusters[i]));
    }
  }

  body.addEventListener("click", function (e) {
    var tr = e.target.closest("tr.row");
    if (tr) toggle(tr);
  });
  body.addEventListener("keydown", function (e) {
    var tr = e.target.closest("tr.row");
    if (tr && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); toggle(tr); }
  });
  document.querySelectorAll("th[data-key] button").forEach(function (b) {
    b.addEventListener("click", function () {
      var key = b.parentElement.dataset.key;
      if (state.key === key) state.dir = -state.dir;
      else { state.key = key; state.dir = key === "nodes" ? -1 : 1; }
      compute();
    });
  });
  var timer = 0;
  q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(compute, 150); });
  cls.addEventListener("change", compute);
  ready.addEventListener("change", compute);
  more.addEventListener("click", function () { state.shown += PAGE; render(); });
  document.querySelectorAll(".pick").forEach(function (g) {
    function pick() { q.value = g.dataset.code; cls.value = ""; ready.value = ""; compute(); byId("clusters").scrollIntoView(); }
    g.addEventListener("click", pick);
    g.addEventListener("keydown", function (e) { if (e.key === "Enter") pick(); });
  });
  byId("nojs").remove();
  compute();
})();
`;

const SCRIPT_HASH = createHash("sha256").update(SCRIPT, "utf8").digest("base64");

/** The page's Content-Security-Policy: no source at all but the inline style and this script. */
export const FLEET_HTML_CSP = `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'`;

function header(doc: FleetDocument): string {
  const s = doc.summary;
  const days = s.daysToKubenetRetirement;
  const kubenet = s.byClass.kubenet ?? 0;
  const when = longDate(KUBENET_RETIREMENT);
  const parts: string[] = [];
  parts.push(`<h1>AKS fleet: the move to Azure CNI Overlay</h1>`);
  parts.push(`<p class="meta">Scanned <time datetime="${escapeHtml(doc.scannedAt)}">${escapeHtml(shownScanTime(doc.scannedAt))}</time> · Scope: ${escapeHtml(scopeText(doc.scope))}</p>`);
  if (doc.complete) {
    parts.push(`<div class="banner good">✓ Complete: every cluster in scope was read.</div>`);
  } else {
    const shown = doc.problems.slice(0, 100);
    const items = shown.map((p) => `<li>${escapeHtml(p)}</li>`).join("");
    const rest = doc.problems.length > shown.length ? `<li>…and ${formatCount(doc.problems.length - shown.length)} more (the JSON document lists them all)</li>` : "";
    const none = doc.problems.length === 0 ? "<li>(the scan gave no reason)</li>" : "";
    parts.push(`<div class="banner bad" role="alert">✗ INCOMPLETE SCAN: some clusters could not be read, so every number on this page is a lower bound.<ul>${items}${rest}${none}</ul></div>`);
  }
  const daysText = days >= 0 ? formatCount(days) : `${formatCount(-days)} ago`;
  const tile = (cls: string, value: string, label: string): string => `<div class="tile ${cls}"><b>${value}</b><span>${label}</span></div>`;
  parts.push(
    `<div class="tiles">` +
      tile("", formatCount(s.clusters), "clusters") +
      tile(s.ready > 0 ? "ok" : "", formatCount(s.ready), "ready to move now") +
      tile(s.blocked > 0 ? "err" : "", formatCount(s.blocked), "blocked") +
      tile("ok", formatCount(s.byClass.overlay ?? 0), "on overlay already") +
      tile(kubenet > 0 ? "warn" : "", formatCount(kubenet), "still on kubenet") +
      tile(kubenet > 0 && days < 365 ? "err" : kubenet > 0 ? "warn" : "", daysText, `days ${days >= 0 ? "to" : "since"} the kubenet retirement (${when})`) +
      `</div>`,
  );
  return parts.join("\n");
}

/** A top blocker's fix: its hint, else what is wrong (its message), marked as such. */
function fixText(fix: BlockerFix | undefined): string {
  if (fix === undefined) return "";
  return fix.hint ? escapeHtml(fixWithOthers(fix)) : `<span class="muted">(no hint) </span>${escapeHtml(fix.text)}`;
}

function charts(doc: FleetDocument, fixByCode: Map<string, BlockerFix>): string {
  const s = doc.summary;
  const classRows = CLASS_ORDER.map((k) => ({ label: CLASS_LABEL[k], value: s.byClass[k] ?? 0, color: CLASS_COLOR[k] }));
  const top = s.topBlockers.slice(0, 10);
  const blockerRows = top.map((b) => ({ label: b.code, value: b.clusters, color: "#c92a2a", code: b.code }));
  const fixRows = top
    .map((b) => `<tr><td class="mono nw">${escapeHtml(b.code)}</td><td class="n">${formatCount(b.clusters)}</td><td>${fixText(fixByCode.get(b.code))}</td></tr>`)
    .join("");
  const fixTable =
    top.length > 0
      ? `<h2>Top blockers and their fix</h2><table class="fixes"><thead><tr><th>Blocker</th><th class="n">Clusters</th><th>Fix</th></tr></thead><tbody>${fixRows}</tbody></table>`
      : "";
  return `<h2>At a glance</h2><div class="charts">${barChart("Clusters by network", classRows)}${barChart("Top blockers (click one to list its clusters)", blockerRows)}</div>${fixTable}`;
}

function clusterTable(doc: FleetDocument): string {
  const counts = doc.summary.byClass;
  const options = CLASS_ORDER.map((k) => `<option value="${k}">${escapeHtml(`${k} (${formatCount(counts[k] ?? 0)})`)}</option>`).join("");
  const th = (key: string, label: string, cls = ""): string => `<th data-key="${key}"${cls ? ` class="${cls}"` : ""} aria-sort="none"><button type="button">${label}</button></th>`;
  return [
    `<h2 id="clusters">Clusters</h2>`,
    `<div class="controls">`,
    `<input id="q" type="search" placeholder="Filter: name, resource group, subscription, location, blocker code, tag (k=v)" aria-label="Filter clusters">`,
    `<select id="cls" aria-label="Class"><option value="">All networks</option>${options}</select>`,
    `<select id="ready" aria-label="Readiness"><option value="">Ready or not</option><option value="ready">Ready now</option><option value="blocked">Blocked</option><option value="overlay">On overlay</option></select>`,
    `<span id="count" class="muted"></span>`,
    `</div>`,
    `<p id="nojs" class="banner bad">The cluster table needs JavaScript; the summary above does not. (Or use <code>aks-overlay fleet scan -o csv</code>.)</p>`,
    `<table class="clusters"><thead><tr>`,
    th("name", "Cluster"),
    th("resourceGroup", "Resource group"),
    th("subscriptionId", "Subscription"),
    th("location", "Location"),
    th("class", "Network"),
    th("kubernetesVersion", "Kubernetes"),
    th("nodes", "Nodes", "n"),
    th("ready", "Ready"),
    th("issue", "First blocker / proposed pod CIDR"),
    `</tr></thead><tbody id="rows"></tbody></table>`,
    `<button id="more" type="button" hidden>Show more</button>`,
  ].join("\n");
}

/** The fleet document as one self-contained HTML page (no external asset; CSP allows only the inline style and script). */
export function fleetHtml(doc: FleetDocument): string {
  const codes = new Set(doc.summary.topBlockers.slice(0, 10).map((b) => b.code));
  const fixByCode = blockerFixes(doc.clusters, codes);
  const title = `AKS fleet scan ${shownScanTime(doc.scannedAt)}${doc.complete ? "" : " (incomplete)"}`;
  return [
    `<!doctype html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(FLEET_HTML_CSP)}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="referrer" content="no-referrer">`,
    `<meta name="generator" content="${FLEET_REPORT_GENERATOR}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    `</head>`,
    `<body>`,
    `<header>`,
    header(doc),
    `</header>`,
    `<main>`,
    charts(doc, fixByCode),
    clusterTable(doc),
    `</main>`,
    `<footer>aks-overlay fleet scan · fleet document formatVersion ${escapeHtml(String(doc.formatVersion))} · every number here comes from that document</footer>`,
    `<script type="application/json" id="fleet-data">${jsonForScript({ clusters: doc.clusters })}</script>`,
    `<script>${SCRIPT}</script>`,
    `</body>`,
    `</html>`,
    ``,
  ].join("\n");
}
