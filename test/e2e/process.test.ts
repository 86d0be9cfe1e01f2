/**
 * The built CLI as a user runs it: a real process, real exit codes, stdout and stderr kept apart,
 * and no Azure SDK loaded by validate.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/aks-overlay.js", import.meta.url));
const cli = (args: string[], input?: string) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", input, env: { ...process.env, NO_COLOR: "", FORCE_COLOR: undefined } });

describe("the built aks-overlay binary", () => {
  it("validates Azure's defaults with exit 0", () => {
    const r = cli(["validate"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("The design is valid");
    expect(r.stderr).toBe("");
  });
  it("exits 3 with a JSON document on stdout only", () => {
    const r = cli(["validate", "-o", "json", "--pod-cidr", "10.224.0.0/16"]);
    expect(r.status).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe("validation");
    expect(doc.findings.map((f: { code: string }) => f.code)).toContain("PodCidrOverlapsVnet");
  });
  it("exits 2 for a usage error, without a stack trace", () => {
    const r = cli(["validate", "--max-pods", "many"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--max-pods");
    expect(r.stderr).toContain("many");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
  it("reads a design file from disk and from stdin", () => {
    const dir = mkdtempSync(join(tmpdir(), "aks-overlay-"));
    const file = join(dir, "design.yaml");
    writeFileSync(file, "podCidr: 192.168.0.0/16\nnodePools:\n  - name: sys\n    count: 2\n");
    const fromDisk = cli(["validate", "-o", "json", "--file", file]);
    expect(fromDisk.status).toBe(0);
    expect(JSON.parse(fromDisk.stdout).design.nodePools[0].count).toBe(2);
    const fromStdin = cli(["validate", "-o", "json", "--file", "-"], '{"podCidr": "192.168.0.0/16"}');
    expect(fromStdin.status).toBe(0);
    expect(JSON.parse(fromStdin.stdout).design.podCidrs).toEqual(["192.168.0.0/16"]);
    const missing = cli(["validate", "--file", join(dir, "nope.yaml")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("no such file");
    const directory = cli(["validate", "--file", dir]);
    expect(directory.status).toBe(2);
    expect(directory.stderr).toContain("is a directory");
  });
  it("never loads an Azure SDK or zod for a flags-only validate", () => {
    const probe = `
      const { registerHooks } = await import("node:module");
      const loaded = [];
      registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); loaded.push(r.url); return r; } });
      process.argv = [process.argv[0], ${JSON.stringify(bin)}, "validate"];
      const { main } = await import(${JSON.stringify(new URL("../../dist/main.js", import.meta.url).href)});
      await main(["validate", "-o", "json"]);
      process.on("exit", () => process.stderr.write("LOADED " + JSON.stringify(loaded)));
    `;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { encoding: "utf8" });
    const loaded = JSON.parse(r.stderr.slice(r.stderr.indexOf("LOADED ") + 7)) as string[];
    // dist/ files are bundles: what each holds is in its source map.
    const sources = loaded
      .filter((u) => u.startsWith("file:") && u.includes("/dist/"))
      .flatMap((u) => (JSON.parse(readFileSync(`${fileURLToPath(u)}.map`, "utf8")) as { sources: string[] }).sources);
    expect(sources).toContain("../src/network/validate.ts");
    expect(sources.filter((s) => /node_modules\/(@azure|@azure-rest|zod|yaml|jmespath)\/|src\/input\/designFile|src\/azure\/(factory|sdkAdapter|policies)/.test(s))).toEqual([]);
  });
});

describe("the built aks-overlay process, interrupted", () => {
  it("stops waiting for --file - on Ctrl-C: exit 130, saying nothing was written", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [bin, "validate", "--file", "-"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // Part of a design, then the interrupt while the rest is awaited.
    child.stdin.write("podCidr: 10.244.0.0/16\n");
    // Time enough for the process to start and install its handler (a signal before that kills it).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toBe("error: interrupted while reading standard input; nothing was written\n");
  });
});

describe("the built emulator process", () => {
  it("starts, answers over HTTP and stops on SIGTERM with exit 0", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [bin, "emulator"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (d) => resolve(String(d).trim()));
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const r = await fetch(`${url}/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/hub-vnet?api-version=2026-01-01`, {
      headers: { authorization: "Bearer t" },
    });
    expect(r.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toContain("emulator stopped");
  });
});
