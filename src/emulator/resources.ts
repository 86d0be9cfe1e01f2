/** Resource ids and the ARM error body, shared by the emulator's parts. */

export type Json = Record<string, unknown>;

export interface ArmErrorBody {
  error: { code: string; message: string; target?: string; details?: unknown[] };
}

export class ArmHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  body(): ArmErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.target !== undefined && { target: this.target }), details: [] } };
  }
}

export const CLUSTER_TYPE = "Microsoft.ContainerService/ManagedClusters";
export const POOL_TYPE = "Microsoft.ContainerService/managedClusters/agentPools";
export const VNET_TYPE = "Microsoft.Network/virtualNetworks";
export const SUBNET_TYPE = "Microsoft.Network/virtualNetworks/subnets";

export { clusterResourceId as clusterId } from "../network/resourceIds.js";

export function vnetId(sub: string, rg: string, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`;
}

/** ARM ids compare without regard to case. */
export function key(id: string): string {
  return id.toLowerCase().replace(/\/+$/, "");
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
