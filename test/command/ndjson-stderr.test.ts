/**
 * Under -o json|yaml, stderr is NDJSON to the last line, the error too: a CI job reads it line by
 * line. At a terminal (the default table) the same errors are prose.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { emulatedCli } from "../helpers/emulated.js";

const emulated = emulatedCli();
const lines = (stderr: string) => stderr.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

describe("stderr under document output", () => {
  it("a usage error commander finds (unknown option, a value that is no number) is one error event; in table mode, prose", async () => {
    for (const args of [["validate", "--no-such-flag"], ["validate", "--max-pods", "many"]]) {
      const r = await runCli([...args, "-o", "json"]);
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toEqual([expect.objectContaining({ event: "error", code: "UsageError" })]);
      expect(JSON.parse(r.stdout).error.code).toBe("UsageError");
      const prose = await runCli(args);
      expect([prose.code, prose.stderr]).toEqual([2, expect.stringMatching(/^error: /)]);
    }
  });

  it("an error found running the command (a missing file, Azure refusing) is an error event after the others", async () => {
    const missing = await runCli(["validate", "--file", "nope.yaml", "-o", "yaml"]);
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)).toEqual([{ event: "error", code: "UsageError", message: "--file nope.yaml: no such file" }]);
    const { run } = await emulated();
    const absent = await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--subscription", "11111111-1111-1111-1111-111111111111", "--yes", "-o", "json"]);
    expect(absent.code).toBe(4);
    const events = lines(absent.stderr);
    expect(events.at(-1)).toMatchObject({ event: "error", code: "SubscriptionNotFound" });
  });

  it("--debug keeps it NDJSON: each trace entry a debug event, the stack inside the error event", async () => {
    const { run } = await emulated();
    const r = await run(["show", "-g", "demo-rg", "-n", "nope", "-o", "json", "--debug"]);
    expect(r.code).toBe(3);
    const events = lines(r.stderr);
    expect(events.filter((e) => e.event === "debug").length).toBeGreaterThan(0);
    expect(events.some((e) => String(e.message).includes("authorization: REDACTED"))).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: "error", code: "ClusterNotFound", stack: expect.stringMatching(/\n\s+at /) });
  });

  it("a network failure names the host it could not reach, and the proxy in the way", async () => {
    const { createServer } = await import("node:net");
    // A port nothing listens on: taken, then freed.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port: p } = server.address() as { port: number };
        server.close(() => resolve(p));
      });
    });
    const env = { AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000", AKS_OVERLAY_TEST_TIMING: "fast", NO_COLOR: "1" };
    const r = await runCli(["show", "-g", "demo-rg", "-n", "c", "--arm-endpoint", `http://127.0.0.1:${port}`], { env });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`could not reach 127.0.0.1:${port} (ECONNREFUSED)`);
    const proxied = await runCli(["show", "-g", "demo-rg", "-n", "c", "--arm-endpoint", `http://127.0.0.1:${port}`], { env: { ...env, HTTPS_PROXY: `http://u:secret@127.0.0.1:${port}` } });
    expect(proxied.stderr).toContain("through the proxy http://REDACTED@127.0.0.1");
    expect(proxied.stderr).toContain("add it to NO_PROXY");
    expect(proxied.stderr).not.toContain("secret");
  });
});
