/** --out writes a plan only where a plan may go: never over another file, checked before Azure is read. */
import { describe, expect, it } from "vitest";
import { emulatedCli } from "../helpers/emulated.js";

const emulated = emulatedCli();

describe("--out", () => {
  it("refuses to overwrite a file that is not a plan, and -, before reading Azure; overwrites an earlier plan", async () => {
    const { emulator, written, run } = await emulated();
    const files = { "notes.txt": "my notes" };
    const refused = await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--out", "notes.txt"], files);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--out notes.txt: the file exists and is not an aks-overlay plan");
    expect(written["notes.txt"]).toBeUndefined();
    expect((await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--out", "-"])).stderr).toContain("--out writes a plan file");
    expect(emulator.requests).toEqual([]);
    const saved = await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--out", "plan.json"]);
    expect(saved.code, saved.stderr).toBe(0);
    const again = await run(["upgrade", "-g", "demo-rg", "-n", "kubenet-aks", "--out", "plan.json", "-o", "json"], { "plan.json": written["plan.json"] as string });
    expect(again.code, again.stderr).toBe(0);
    // Under -o json the "Plan saved" note is an NDJSON event, with a command that runs as printed.
    const note = JSON.parse(again.stderr.trim().split("\n").at(-1) as string);
    expect(note).toMatchObject({ event: "note" });
    expect(note.message).toMatch(/^Plan saved to plan\.json: apply it with: aks-overlay apply plan\.json$/);
  });
});
