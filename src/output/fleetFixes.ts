/**
 * The fix shown for a blocker code across the fleet (the terminal table and the HTML report): the
 * first hint a cluster's finding gives, else its message. A hint is written for one cluster; shown
 * for many, its `-g <group>` and `-n <name>` become placeholders, and if it still names that cluster
 * (the id of its subnet, say), it is shown as that cluster's example.
 */
import type { FleetCluster } from "../plan/fleet.js";
import { shellWord } from "../network/shown.js";

export interface BlockerFix {
  text: string;
  /** The text is a hint (what to do), not the finding's message (what is wrong). */
  hint: boolean;
  /** How many clusters' fixes differ from this one (the same code, another cause: stopped, failed...). */
  others: number;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A hint written for one cluster, for all of them with the same blocker. */
export function generalFix(text: string, cluster: Pick<FleetCluster, "name" | "resourceGroup" | "subscriptionId">): string {
  const general = text
    .replace(new RegExp(`(^|\\s)(-g|--resource-group)(\\s+|=)${escape(shellWord(cluster.resourceGroup))}(?=[\\s'",;)]|$)`, "gi"), "$1$2$3<group>")
    .replace(new RegExp(`(^|\\s)(-n|--name|--cluster-name)(\\s+|=)${escape(cluster.name)}(?=[\\s'",;)]|$)`, "gi"), "$1$2$3<cluster>");
  // What else names the cluster in a hint: the ids of its resources (a subnet, a route table, itself).
  const lower = general.toLowerCase();
  const stillNamed = [`/subscriptions/${cluster.subscriptionId}/`, `/resourcegroups/${cluster.resourceGroup}/`, `/managedclusters/${cluster.name}`].some((part) => lower.includes(part.toLowerCase()));
  return stillNamed ? `for example, for ${cluster.resourceGroup}/${cluster.name}: ${text}` : general;
}

/**
 * The fix of each blocker code (of `codes`, or all): the hint most of its clusters share, once each
 * is written for any cluster (a code can have several causes: UpgradeClusterNotReady is a stopped
 * cluster for some, a failed one for others), with how many clusters need another; else the first
 * message when no cluster has a hint.
 */
export function blockerFixes(clusters: readonly FleetCluster[], codes?: ReadonlySet<string>): Map<string, BlockerFix> {
  const hints = new Map<string, Map<string, number>>();
  const messages = new Map<string, string>();
  for (const c of clusters) {
    for (const b of c.blockers) {
      if (codes && !codes.has(b.code)) continue;
      if (!messages.has(b.code)) messages.set(b.code, b.message);
      if (!b.hint) continue;
      const counts = hints.get(b.code) ?? new Map<string, number>();
      const text = generalFix(b.hint, c);
      counts.set(text, (counts.get(text) ?? 0) + 1);
      hints.set(b.code, counts);
    }
  }
  const found = new Map<string, BlockerFix>();
  for (const [code, message] of messages) {
    const counts = [...(hints.get(code) ?? new Map<string, number>()).entries()];
    if (counts.length === 0) {
      found.set(code, { text: message, hint: false, others: 0 });
      continue;
    }
    // The commonest first; on a tie, the one seen first (Map order) stays.
    const [text, n] = counts.reduce((best, next) => (next[1] > best[1] ? next : best));
    const all = counts.reduce((sum, [, k]) => sum + k, 0);
    found.set(code, { text, hint: true, others: all - n });
  }
  return found;
}

/** A fix as shown for many clusters: its text, and how many clusters need another one. */
export function fixWithOthers(fix: BlockerFix): string {
  return fix.others > 0 ? `${fix.text} (${fix.others} other cluster${fix.others === 1 ? " needs" : "s need"} a different fix: each cluster's blockers give its own)` : fix.text;
}
