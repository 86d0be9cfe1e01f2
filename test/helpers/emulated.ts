/**
 * Command tests against a demo emulator in-process: one per test, closed after it, and the CLI run
 * with its endpoint and subscription, fast timings and no colour. Files the CLI writes land in
 * `written`; a run reads the files given (apply-style tests pass `written` itself).
 */
import { afterEach } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/emulator/server.js";
import { type CliRun, runCli } from "./cli.js";

export const DEMO_SUB = "00000000-0000-0000-0000-000000000000";

export interface Emulated {
  emulator: Emulator;
  written: Record<string, string>;
  run: (args: string[], files?: Record<string, string>) => Promise<CliRun>;
}

/** Registers the clean-up; returns the set-up each test calls. */
export function emulatedCli(): (options?: EmulatorOptions) => Promise<Emulated> {
  const emulators: Emulator[] = [];
  afterEach(async () => {
    await Promise.all(emulators.splice(0).map((e) => e.close()));
  });
  return async (options = {}) => {
    const emulator = await startEmulator({ lroPolls: 1, ...options });
    emulators.push(emulator);
    const env = { AZURE_SUBSCRIPTION_ID: DEMO_SUB, AKS_OVERLAY_ARM_ENDPOINT: emulator.url, AKS_OVERLAY_TEST_TIMING: "fast", NO_COLOR: "1" };
    const written: Record<string, string> = {};
    return { emulator, written, run: (args, files) => runCli(args, { env, written, files }) };
  };
}
