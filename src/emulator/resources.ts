/** Resource ids, the ARM error body and the public view of a resource, shared by the emulator's parts. */
import { WRITE_ONLY_SECRET_PATHS } from "../network/secrets.js";

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
    /** ARM's `error.details` (Resource Graph puts the reason for a refused query there). */
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
  body(): ArmErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.target !== undefined && { target: this.target }), details: this.details } };
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

const isObject = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * What ARM lets out of a resource (or a list page of them): a copy without the write-only secrets
 * (the shared list), everything else as stored. Proxy URLs come back as they were set, like Azure:
 * redacting them here would hand a read-modify-write a placeholder to store as the credential.
 */
export function publicView<T>(body: T): T {
  const copy = clone(body);
  const strip = (resource: unknown): void => {
    if (!isObject(resource) || !isObject(resource.properties)) return;
    for (const path of WRITE_ONLY_SECRET_PATHS) {
      const parent = path.slice(0, -1).reduce<unknown>((o, k) => (isObject(o) ? o[k] : undefined), resource.properties);
      if (isObject(parent)) delete parent[path.at(-1) as string];
    }
  };
  if (isObject(copy) && Array.isArray(copy.value)) copy.value.forEach(strip);
  else strip(copy);
  return copy;
}
