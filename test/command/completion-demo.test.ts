/** Shell completion (checked in a real bash) and the demo. */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

async function complete(line: string): Promise<string[]> {
  const script = (await runCli(["completion", "bash"])).stdout;
  const words = line.split(" ");
  const program = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _aks_overlay; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync("bash", ["-c", program], { encoding: "utf8" });
  expect(r.status).toBe(0);
  return r.stdout.trim().split("\n").filter(Boolean);
}

describe("completion", () => {
  it("completes commands, subcommands, flags and choices in bash", async () => {
    expect(await complete("aks-overlay up")).toEqual(["upgrade", "update"]);
    expect(await complete("aks-overlay upg")).toEqual(["upgrade"]);
    expect(await complete("aks-overlay nodepool s")).toEqual(["scale"]);
    expect(await complete("aks-overlay nodepool ")).toContain("add");
    expect(await complete("aks-overlay nodepool add --clu")).toEqual(["--cluster-name"]);
    expect(await complete("aks-overlay validate --pod-cidr 10.0.0.0/8 --max-p")).toEqual(["--max-pods"]);
    expect(await complete("aks-overlay create --network-policy c")).toEqual(["calico", "cilium"]);
    expect(await complete("aks-overlay validate -o y")).toEqual(["yaml"]);
    expect(await complete("aks-overlay apply plan.json --y")).toEqual(["--yes"]);
    // apply's arguments are plan files: a word that is no flag is left to the shell's file completion.
    expect(await complete("aks-overlay apply ")).toEqual([]);
    expect(await complete("aks-overlay apply up")).toEqual([]);
    expect(await complete("aks-overlay apply --dr")).toEqual(["--dry-run"]);
    // After a flag that takes a value: its choices, or nothing of ours (the shell completes files), never flags.
    expect(await complete("aks-overlay validate --ip-families ")).toEqual([]);
    expect(await complete("aks-overlay validate --file ")).toEqual([]);
    expect(await complete("aks-overlay update --network-dataplane ")).toEqual(["cilium"]);
    expect(await complete("aks-overlay create --network-dataplane ")).toEqual(["azure", "cilium"]);
    expect(await complete("aks-overlay validate -o ")).not.toContain("csv");
    expect(await complete("aks-overlay fleet scan -o c")).toEqual(["csv"]);
    expect(await complete("aks-overlay completion ")).toEqual(["bash", "zsh", "fish"]);
    expect(await complete("aks-overlay create --tier ")).toEqual(["free", "standard", "premium"]);
    expect(await complete("aks-overlay nodepool add --priority ")).toEqual(["Regular", "Spot"]);
    expect(await complete("aks-overlay fleet plan --class ")).toEqual(["kubenet", "azureLegacy"]);
    // A flag kept only to be refused is not offered, nor a "value" of it.
    expect(await complete("aks-overlay validate --pod-sub")).toEqual([]);
    expect(await complete("aks-overlay validate --pod-subnet-id ")).toEqual([]);
    // The program's own options before the command.
    expect(await complete("aks-overlay -o json validate --max-p")).toEqual(["--max-pods"]);
  });
  it("prints zsh and fish scripts, and refuses other shells with exit 2", async () => {
    const zsh = (await runCli(["completion", "zsh"])).stdout;
    expect(zsh).toContain("bashcompinit");
    // A ~/.zshrc without compinit has no compdef: the script loads it first.
    expect(zsh.indexOf("compinit && compinit")).toBeLessThan(zsh.indexOf("bashcompinit"));
    const fish = (await runCli(["completion", "fish"])).stdout;
    expect(fish).toContain("complete -c aks-overlay -n '__fish_seen_subcommand_from apply' -F");
    expect(fish).toContain("complete -c aks-overlay -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'");
    expect(fish).toMatch(/-n '__fish_seen_subcommand_from validate' -l file -s f -r -F/);
    expect(fish).toContain("complete -c aks-overlay -n '__fish_use_subcommand' -a upgrade");
    expect(fish).toMatch(/-l network-policy -r -a 'none azure calico cilium'/);
    const bad = await runCli(["completion", "tcsh"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.");
  });
});

describe("demo", () => {
  it("refuses an out-of-range --lro-polls, -o json|yaml|tsv and --query with exit 2 and a line, before starting anything", async () => {
    for (const [args, says] of [
      [["--lro-polls", "1000"], "--lro-polls 1000: expected 0 to 100"],
      [["-o", "json"], "run it without -o json"],
      [["--query", "a"], "run it without --query"],
    ] as const) {
      const r = await runCli(["demo", ...args]);
      expect([r.code, r.stderr], args.join(" ")).toEqual([2, expect.stringContaining(says)]);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });
  it("walks validate, create, upgrade, nodepool add, a day-2 expansion and a fleet act against in-process emulators", async () => {
    const r = await runCli(["demo", "--lro-polls", "0"]);
    const dir = /The fleet report and the plans are in (\S+) /.exec(r.stdout)?.[1];
    try {
      expect(r.stderr).not.toContain("demo: step");
      expect(r.code).toBe(0);
      for (const command of ["$ aks-overlay validate", "$ aks-overlay create", "$ aks-overlay upgrade", "$ aks-overlay nodepool add", "$ aks-overlay nodepool scale", "$ aks-overlay update", "$ aks-overlay fleet scan --report", "$ aks-overlay fleet plan", "$ aks-overlay apply "]) expect(r.stdout).toContain(command);
      // The day-2 act: a scale refused for capacity (3), the expansion, then the scale (0); then the fleet act's four steps.
      expect(r.stdout.match(/\(exit \d+\)/g)).toEqual(["(exit 3)", "(exit 0)", "(exit 0)", "(exit 0)", "(exit 0)", "(exit 0)", "(exit 0)", "(exit 0)", "(exit 3)", "(exit 0)", "(exit 0)", "(exit 0)", "(exit 0)", "(exit 0)", "(exit 0)"]);
      // The report is a real file; the first wave was applied, and the second scan counts it.
      expect(dir).toBeDefined();
      expect(readFileSync(join(dir as string, "fleet.html"), "utf8")).toContain("<html");
      const onOverlay = [...r.stdout.matchAll(/On overlay: (\d+)/g)].map((m) => Number(m[1]));
      expect(onOverlay).toHaveLength(2);
      const wave = JSON.parse(readFileSync(join(dir as string, "plans", "waves.json"), "utf8")).waves[0].plans.length;
      expect(onOverlay[1]).toBe((onOverlay[0] as number) + wave);
      expect(r.stdout).toContain("Done.");
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});
