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

/** The fix of each blocker code (of `codes`, or all): the first hint seen, else the first message. */
export function blockerFixes(clusters: readonly FleetCluster[], codes?: ReadonlySet<string>): Map<string, BlockerFix> {
  const found = new Map<string, BlockerFix>();
  for (const c of clusters) {
    for (const b of c.blockers) {
      if (codes && !codes.has(b.code)) continue;
      const known = found.get(b.code);
      if (known === undefined || (!known.hint && b.hint)) found.set(b.code, b.hint ? { text: generalFix(b.hint, c), hint: true } : { text: b.message, hint: false });
    }
  }
  return found;
}
