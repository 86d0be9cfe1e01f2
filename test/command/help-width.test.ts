/** Every command's help fits the terminal it is shown on: 80 columns, or a narrower 60. */
import { describe, expect, it } from "vitest";
import { layoutNotes } from "../../src/cli/helpLayout.js";
import { runCli } from "../helpers/cli.js";

const COMMANDS = [[], ["validate"], ["create"], ["upgrade"], ["update"], ["nodepool", "add"], ["nodepool", "scale"], ["nodepool", "update"], ["show"], ["fleet", "scan"], ["fleet", "plan"], ["apply"], ["emulator"], ["demo"], ["completion"]];

describe("help width", () => {
  it.each([80, 60])("every command's help fits %i columns on a terminal", async (columns) => {
    for (const cmd of COMMANDS) {
      const r = await runCli([...cmd, "--help"], { tty: true, columns, env: { NO_COLOR: "1" } });
      expect(r.code, cmd.join(" ")).toBe(0);
      // A word longer than a line (an API path) cannot be broken; every other line fits.
      const long = r.stdout.split("\n").filter((l) => l.length > columns && !l.trim().split(/\s+/).some((w) => w.length > columns / 2));
      expect(long, `${cmd.join(" ")} --help at ${columns} columns`).toEqual([]);
    }
  });
  it("lays notes out: paragraphs reflowed, list items hanging, command lines broken before a flag", () => {
    const text = "\nExit codes: 0 fine, 2 usage,\n3 findings.\n- a list item that is long enough to wrap onto a second line here\n\nExamples:\n  aks-overlay validate --pod-cidr 10.244.0.0/22 --node-count 3 --enable-cluster-autoscaler";
    expect(layoutNotes(text, 40).split("\n")).toEqual([
      "",
      "Exit codes: 0 fine, 2 usage, 3 findings.",
      "- a list item that is long enough to",
      "  wrap onto a second line here",
      "",
      "Examples:",
      "  aks-overlay validate \\",
      "    --pod-cidr 10.244.0.0/22 \\",
      "    --node-count 3 \\",
      "    --enable-cluster-autoscaler",
    ]);
  });
});
