/** fitProse: prose fits the width at word boundaries; words are never broken or lost; tables are left alone. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitProse, visibleWidth, wrap } from "../../src/output/style.js";

const word = fc.stringMatching(/^[A-Za-z0-9/.,:()%-]{1,30}$/);
/** A line may pass the width only as one word too long for any line, after at most a marker (+, ~, a short word). */
const overlong = (line: string): boolean => {
  const words = line.trim().split(" ");
  return words.length === 1 || (words.length === 2 && [...(words[0] as string)].length <= 2);
};
const prose = fc.tuple(fc.constantFrom("", "  ", "    "), fc.array(word, { minLength: 1, maxLength: 40 })).map(([indent, words]) => ({ indent, words }));

describe("fitProse", () => {
  it("keeps every word whole and in order, indents continuations, and fits the width unless a word alone is longer", () => {
    fc.assert(
      fc.property(prose, fc.integer({ min: 20, max: 160 }), ({ indent, words }, width) => {
        const lines = fitProse([indent + words.join(" ")], width);
        expect(lines.flatMap((l) => l.trim().split(" "))).toEqual(words);
        lines.forEach((l, i) => {
          expect(l.startsWith(i === 0 ? indent : `${indent}  `)).toBe(true);
          if (visibleWidth(l) > width) expect(overlong(l)).toBe(true);
        });
      }),
    );
  });

  it("keeps a command that fits a line on one line (wrap and fitProse), and still fits the width", () => {
    const flag = fc.stringMatching(/^--?[a-z][a-z-]{0,12}$/);
    const value = fc.stringMatching(/^[a-z0-9./-]{1,16}$/);
    const command = fc.tuple(fc.constantFrom("aks-overlay", "az", "kubectl"), fc.array(fc.tuple(flag, value).map(([f, v]) => `${f} ${v}`), { minLength: 1, maxLength: 6 })).map(([tool, args]) => `${tool} ${args.join(" ")}`);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 15 }), command, fc.array(word, { maxLength: 5 }), fc.integer({ min: 30, max: 160 }), (before, cmd, after, width) => {
        const text = [...before, `${cmd},`, ...after].join(" ");
        for (const lines of [wrap(text, width, "    "), fitProse([`    ${text}`], width)]) {
          expect(lines.flatMap((l) => l.trim().split(" "))).toEqual(text.split(" "));
          for (const l of lines) if (visibleWidth(l) > width) expect(overlong(l)).toBe(true);
          // Whole on one line whenever it fits one (continuation lines of fitProse are indented by two more).
          if (visibleWidth(cmd) + 1 <= width - 6) expect(lines.some((l) => l.includes(`${cmd},`))).toBe(true);
        }
      }),
    );
  });

  it("leaves lines that fit, and table rows, as they are", () => {
    const table = "  nodepool1  System  Linux  10 (autoscaler 3..10)  1 (10%)  250       10.224.0.0/24";
    expect(fitProse(["short line", table], 40)).toEqual(["short line", table]);
  });

  it("finds the indent of a line that starts with a colour code, and wraps it", () => {
    const dim = (t: string) => `\u001b[2m${t}\u001b[22m`;
    const out = fitProse([dim("  Pool defaults applied: --node-count, --max-surge, --max-pods, --nodepool-name")], 40);
    expect(out.map((l) => l.replace(/\u001b\[[0-9;]*m/g, ""))).toEqual(["  Pool defaults applied: --node-count,", "    --max-surge, --max-pods,", "    --nodepool-name"]);
    for (const l of out) expect(visibleWidth(l)).toBeLessThanOrEqual(40);
  });

  it("measures colour codes as nothing", () => {
    const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
    expect(fitProse([`${red("aaaa")} bbbb`], 9)).toEqual([`${red("aaaa")} bbbb`]);
  });
});
