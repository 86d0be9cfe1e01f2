/** Spawning the built CLI against an in-process emulator on 127.0.0.1. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";

export const BIN = fileURLToPath(new URL("../../bin/aks-overlay.js", import.meta.url));
export const SUB = "00000000-0000-0000-0000-000000000000";
export const RG = "demo-rg";
export const subnetId = (name: string, vnet = "demo-vnet") => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${name}`;
export const clusterPath = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}`;

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runBin(args: string[], options: { env?: Record<string, string>; input?: string; onStderr?: (s: string) => void; onSpawn?: (kill: (s: NodeJS.Signals) => void) => void } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", AZURE_SUBSCRIPTION_ID: SUB, NO_COLOR: "1", AKS_OVERLAY_TEST_TIMING: "fast", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      options.onStderr?.(String(d));
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? "");
    options.onSpawn?.((s) => child.kill(s));
  });
}

export async function withEmulator(fn: (emulator: Emulator) => Promise<void>, lroPolls = 2): Promise<void> {
  const emulator = await startEmulator({ lroPolls });
  try {
    await fn(emulator);
  } finally {
    await emulator.close();
  }
}

/** The request log as "METHOD kind/name status" lines. */
export function requestLines(emulator: Emulator): string[] {
  return emulator.requests.map((r) => {
    const short = r.path
      .replace(/^\/subscriptions\/[^/]+\/locations$/, "locations")
      .replace(/^.*\/subnets\/([^/]+)\/providers\/Microsoft\.Authorization\/roleAssignments$/i, "roleAssignments of subnet $1")
      .replace(/^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)$/i, "resourceGroups/$1")
      .replace(/^.*\/(managedClusters|virtualNetworks|operations|agentPools|roleAssignments)\/([^/]+)$/, (_m, kind: string, name: string) => `${kind}/${kind === "operations" || kind === "roleAssignments" ? "*" : name}`);
    return `${r.method} ${short} ${r.status}`;
  });
}
