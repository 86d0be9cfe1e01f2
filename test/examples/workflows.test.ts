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
