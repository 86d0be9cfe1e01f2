/**
 * When Azure accepted a write and following its operation then fails, nobody is told "Azure
 * refused it": the error says the write was accepted, gives the operation id and how to check,
 * and the error document has `accepted: true`.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";

const SUB = "00000000-0000-0000-0000-000000000000";
const emulators: Emulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

describe("a failure after the write was accepted", () => {
  it.each([
    ["503s until the retries run out", 503, 5],
    ["401 while polling", 401, 4],
    ["404 for the operation", 404, 5],
  ])("%s: the exit code of the failure, accepted: true, the operation id and how to check", async (_name, status, code) => {
    const emulator = await startEmulator({ lroPolls: 1 });
    emulators.push(emulator);
    emulator.faults.add([{ match: { method: "GET", path: "/**/operations/*" }, status, times: 20 }]);
    const env = { AZURE_SUBSCRIPTION_ID: SUB, AKS_OVERLAY_ARM_ENDPOINT: emulator.url, AKS_OVERLAY_TEST_TIMING: "fast" };
    const r = await runCli(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--yes", "-o", "json"], { env });
    expect(r.code).toBe(code);
    const doc = JSON.parse(r.stdout.slice(r.stdout.lastIndexOf('{\n  "formatVersion"')));
    expect(doc).toMatchObject({ kind: "error", error: { accepted: true } });
    expect(doc.error.operationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.stderr).toContain("Azure accepted the write");
    expect(r.stderr).not.toContain("refused it");
    expect(r.stderr).toContain("az resource show --ids");
    expect(emulator.requests.filter((q) => q.method === "PUT").map((q) => q.status)).toEqual([200]);
  });

  it("a refusal of the write itself is not accepted", async () => {
    const emulator = await startEmulator({ lroPolls: 1 });
    emulators.push(emulator);
    emulator.faults.add([{ match: { method: "PUT" }, status: 400, armCode: "BadRequest", message: "no" }]);
    const env = { AZURE_SUBSCRIPTION_ID: SUB, AKS_OVERLAY_ARM_ENDPOINT: emulator.url, AKS_OVERLAY_TEST_TIMING: "fast" };
    const r = await runCli(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--yes", "-o", "json"], { env });
    expect(r.code).toBe(5);
    expect(JSON.parse(r.stdout).error.accepted).toBeUndefined();
    expect(r.stderr).toContain("Azure refused it");
  });
});
