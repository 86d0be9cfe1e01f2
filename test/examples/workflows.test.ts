/**
 * The GitHub Actions examples: valid workflows by a workflow schema validator, complete (a
 * trigger, a supported Node, the tool installed from its tarball, never `npx aks-overlay` from the
 * registry), plan and apply split with an approval, and the README's copies identical to the files.
 */
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const require = createRequire(import.meta.url);
const { validateWorkflow } = require("@action-validator/core") as { validateWorkflow: (src: string) => { errors: unknown[] } };
const dir = new URL("../../examples/github-actions/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".yml"));
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe.each(files)("%s", (file) => {
  const text = readFileSync(new URL(file, dir), "utf8");
  const workflow = parse(text) as { on: unknown; jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[]; environment?: string; needs?: string }> };
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

  it("is a valid workflow (schema)", () => {
    const warn = console.warn;
    console.warn = () => {}; // the validator warns that it does not check path globs
    try {
      expect(validateWorkflow(text).errors).toEqual([]);
    } finally {
      console.warn = warn;
    }
  });

  it("has a trigger, sets up Node 22 or later in every job that runs aks-overlay, and installs it from a tarball", () => {
    expect(workflow.on).toBeTruthy();
    for (const job of Object.values(workflow.jobs)) {
      if (!job.steps.some((s) => s.run?.includes("aks-overlay "))) continue;
      const node = job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
      expect(Number(node?.with?.["node-version"])).toBeGreaterThanOrEqual(22);
      expect(job.steps.some((s) => /npm install --global .*aks-overlay-\*\.tgz/.test(s.run ?? ""))).toBe(true);
    }
    expect(steps.some((s) => s.run?.includes("npx aks-overlay"))).toBe(false);
  });

  it("is in the README as it is in the file", () => {
    expect(readme).toContain(`\`\`\`yaml\n${text}\`\`\``);
  });
});

describe("plan and apply", () => {
  it("plans in one job, uploads the plan, and applies it in another behind an environment", () => {
    const workflow = parse(readFileSync(new URL("aks-overlay-plan-apply.yml", dir), "utf8"));
    expect(workflow.jobs.apply.needs).toBe("plan");
    expect(workflow.jobs.apply.environment).toBeTruthy();
    const upload = workflow.jobs.plan.steps.find((s: any) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload.with.path).toContain("plan.json");
    expect(workflow.jobs.apply.steps.some((s: any) => s.run?.includes("aks-overlay apply plan.json --yes"))).toBe(true);
  });
});

describe("the plan/apply workflow's scripts, run as GitHub runs them", () => {
  /**
   * The plan and apply steps' shell, against the emulator: the built aks-overlay on PATH, the
   * workflow's Azure names swapped for the demo's. The first run plans and applies the creation
   * from the design file; the next finds the cluster and has nothing to create or apply.
   */
  it("creates the cluster from the design file once, then has nothing to create", { timeout: 60_000 }, async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, existsSync, rmSync, readFileSync: read } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { spawn } = await import("node:child_process");
    const { fileURLToPath } = await import("node:url");
    const { startEmulator } = await import("../../src/emulator/server.js");
    const workflow = parse(readFileSync(new URL("aks-overlay-plan-apply.yml", dir), "utf8"));
    const script = (job: string, name: string): string =>
      (workflow.jobs[job].steps.find((s: any) => String(s.name ?? "").startsWith(name))?.run as string)
        .replaceAll("my-rg", "demo-rg")
        .replaceAll("westeurope", "eastus")
        .replaceAll("/resourceGroups/net-rg/", "/resourceGroups/demo-rg/")
        .replaceAll("/virtualNetworks/spoke/subnets/aks", "/virtualNetworks/demo-vnet/subnets/aks-nodes");
    const plan = script("plan", "Plan against Azure");
    const apply = script("apply", "Apply");
    const emulator = await startEmulator({ lroPolls: 0 });
    const work = mkdtempSync(join(tmpdir(), "workflow-"));
    try {
      mkdirSync(join(work, "bin"));
      const bin = fileURLToPath(new URL("../../bin/aks-overlay.js", import.meta.url));
      writeFileSync(join(work, "bin", "aks-overlay"), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`, { mode: 0o755 });
      mkdirSync(join(work, "infra", "aks"), { recursive: true });
      writeFileSync(join(work, "infra", "aks", "design.yaml"), "podCidr: 192.168.0.0/16\nserviceCidr: 172.20.0.0/16\ndnsServiceIp: 172.20.0.10\nnodePools:\n  - {name: system, mode: System, count: 3, maxPods: 110}\n");
      const env = { ...process.env, PATH: `${join(work, "bin")}:${process.env.PATH}`, AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000", AKS_OVERLAY_ARM_ENDPOINT: emulator.url, AKS_OVERLAY_TEST_TIMING: "fast", NO_COLOR: "1", CI: "true" };
      // GitHub runs a step's script with bash -e and pipefail. (Asynchronously: the emulator is in this process.)
      const step = (text: string, extra: Record<string, string> = {}) =>
        new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
          const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", text], { cwd: work, env: { ...env, ...extra } });
          let stdout = "";
          let stderr = "";
          child.stdout.on("data", (d) => (stdout += d));
          child.stderr.on("data", (d) => (stderr += d));
          child.on("close", (status) => resolve({ status, stdout, stderr }));
        });
      const planned = await step(plan);
      expect(planned.status, planned.stderr).toBe(0);
      expect(JSON.parse(read(join(work, "plan.json"), "utf8")).request.design.nodePools[0]).toMatchObject({ name: "system", maxPods: 110 });
      const applied = await step(apply);
      expect(applied.status, applied.stderr).toBe(0);
      expect(JSON.parse(read(join(work, "result.json"), "utf8"))).toMatchObject({ kind: "result", operation: "create" });
      // The next run (a later pull request): the cluster exists, nothing to create, nothing to apply.
      rmSync(join(work, "plan.json"));
      const again = await step(plan);
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toContain("my-aks exists: nothing to create");
      expect(existsSync(join(work, "plan.json"))).toBe(false);
      const nothing = await step(apply);
      expect([nothing.status, nothing.stdout]).toEqual([0, expect.stringContaining("nothing to apply")]);
      // Any failure but "no such cluster" stops the job: a subscription the sign-in cannot see is exit 4.
      const denied = await step(plan, { AZURE_SUBSCRIPTION_ID: "11111111-1111-1111-1111-111111111111" });
      expect(denied.status).toBe(4);
    } finally {
      rmSync(work, { recursive: true, force: true });
      await emulator.close();
    }
  });
});
