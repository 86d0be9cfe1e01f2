/** az's pool flags beyond the network and size (zones, labels, taints, OS disk, Spot, tags), for create and nodepool add. */
import { quoted } from "../network/shown.js";
import { type Command, Option } from "commander";
import { UsageError } from "../errors.js";
import type { PoolExtras } from "../ops/bodies.js";
import { parseTags, tagList } from "./tags.js";
import { choice, commaList, text, wholeNumber } from "./options.js";

export interface PoolExtrasOptions {
  zones?: string[];
  labels?: string[];
  nodepoolLabels?: string[];
  nodeTaints?: string[];
  nodepoolTaints?: string[];
  nodeOsdiskSize?: number;
  nodeOsdiskType?: string;
  priority?: string;
  spotMaxPrice?: string;
  tags?: string[];
}

const zoneList = function (this: unknown, value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(/[\s,]+/).filter(Boolean).map((z) => text.call(this as never, z))];
};

/** create: the first pool's flags, named as az aks create names them. */
export function addCreatePoolExtras(cmd: Command): Command {
  return cmd
    .option("--zones <zones...>", "availability zones of the first pool: 1 2 3", zoneList)
    .option("--nodepool-labels <key=value...>", "Kubernetes labels of the first pool's nodes", tagList)
    .option("--nodepool-taints <taints>", "taints of the first pool's nodes: key=value:Effect,...", commaList)
    .option("--node-osdisk-size <gb>", "OS disk size of the first pool's nodes, in GB", wholeNumber)
    .addOption(new Option("--node-osdisk-type <type>", "Managed or Ephemeral").argParser(choice(["Managed", "Ephemeral"] as const)));
}

/** nodepool add: the pool's flags, named as az aks nodepool add names them. */
export function addNodepoolExtras(cmd: Command): Command {
  return cmd
    .option("--zones <zones...>", "availability zones: 1 2 3", zoneList)
    .option("--labels <key=value...>", "Kubernetes labels of the pool's nodes", tagList)
    .option("--node-taints <taints>", "taints of the pool's nodes: key=value:Effect,...", commaList)
    .option("--node-osdisk-size <gb>", "OS disk size in GB", wholeNumber)
    .addOption(new Option("--node-osdisk-type <type>", "Managed or Ephemeral").argParser(choice(["Managed", "Ephemeral"] as const)))
    .addOption(new Option("--priority <priority>", "Regular or Spot (Spot: evicted VMs are deleted)").argParser(choice(["Regular", "Spot"] as const)))
    .option("--spot-max-price <price>", "with --priority Spot: -1 (up to the on-demand price) or a price per hour", text)
    .option("--tags <key=value...>", "tags of the pool, space-separated as in az", tagList);
}

/** Labels as az reads them: each argument key=value (the rules check keys and values). */
function parseLabels(args: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq <= 0) throw new UsageError(`${flag} ${quoted(arg)}: expected key=value`);
    out[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  return out;
}

/** The extras the flags give (undefined when none is given). */
export function poolExtrasFrom(options: PoolExtrasOptions): PoolExtras | undefined {
  const labels = options.labels ?? options.nodepoolLabels;
  const labelFlag = options.labels ? "--labels" : "--nodepool-labels";
  let spotMaxPrice: number | undefined;
  if (options.spotMaxPrice !== undefined) {
    spotMaxPrice = /^\s*-?\d+(\.\d+)?\s*$/.test(options.spotMaxPrice) ? Number(options.spotMaxPrice) : Number.NaN;
    if (Number.isNaN(spotMaxPrice)) throw new UsageError(`--spot-max-price ${quoted(options.spotMaxPrice)}: expected -1 or a price, e.g. 0.05`);
  }
  const extras: PoolExtras = {
    ...(options.zones !== undefined && { zones: options.zones }),
    ...(labels !== undefined && { labels: parseLabels(labels, labelFlag) }),
    ...((options.nodeTaints ?? options.nodepoolTaints) !== undefined && { taints: (options.nodeTaints ?? options.nodepoolTaints ?? []).filter((t) => t !== "") }),
    ...(options.nodeOsdiskSize !== undefined && { osDiskSizeGb: options.nodeOsdiskSize }),
    ...(options.nodeOsdiskType !== undefined && { osDiskType: options.nodeOsdiskType }),
    ...(options.priority !== undefined && { priority: options.priority }),
    ...(spotMaxPrice !== undefined && { spotMaxPrice }),
    ...(options.tags !== undefined && { tags: parseTags(options.tags) ?? {} }),
  };
  return Object.keys(extras).length > 0 ? extras : undefined;
}
