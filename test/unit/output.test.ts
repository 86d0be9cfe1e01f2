/** Output helpers: elapsed time, progress modes, colour decisions and the address map. */
import { describe, expect, it } from "vitest";
import { renderAddressMap } from "../../src/output/addressMap.js";
import { type Timers, formatElapsed, startProgress } from "../../src/output/progress.js";
import { colorLevel, createStyle, visibleWidth, wrap } from "../../src/output/style.js";
import { runCli } from "../helpers/cli.js";

function fakeTimers(): Timers & { tick(ms: number): void } {
  let now = 0;
  const jobs: { every: number; next: number; fn: () => void }[] = [];
  return {
    now: () => now,
    every: (ms, fn) => {
      const job = { every: ms, next: now + ms, fn };
      jobs.push(job);
      return () => jobs.splice(jobs.indexOf(job), 1);
    },
    tick(ms) {
      const end = now + ms;
      for (;;) {
        const due = jobs.filter((j) => j.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        now = due.next;
        due.next += due.every;
        due.fn();
      }
      now = end;
    },
  };
}

describe("progress", () => {
  it("formats elapsed time", () => {
    expect(formatElapsed(0)).toBe("0s");
    expect(formatElapsed(80_000)).toBe("1m20s");
    expect(formatElapsed(3_725_000)).toBe("1h2m5s");
  });
  it("off a terminal, says it is still going every 10 seconds", () => {
    let err = "";
    const timers = fakeTimers();
    const p = startProgress("lines", { write: (s: string) => (err += s), isTTY: false }, createStyle(0), "creating", "cluster rg/c", timers);
    timers.tick(25_000);
    p.stop("succeeded");
    expect(err).toBe("Creating cluster rg/c...\nstill creating... [10s elapsed]\nstill creating... [20s elapsed]\nCreating done after 25s\n");
  });
  it("on a terminal, never draws a frame wider than it (a wrapped frame would leave a line behind)", () => {
    for (const columns of [40, 80, 120]) {
      let err = "";
      const timers = fakeTimers();
      const p = startProgress("spinner", { write: (s: string) => (err += s), isTTY: true, columns }, createStyle(1), "updating", "node pool system of cluster a-long-resource-group-name/a-long-cluster-name", timers);
      p.update("Updating");
      timers.tick(3_723_000);
      const frames = err.split("\r\u001b[2K").filter(Boolean);
      expect(frames.length).toBeGreaterThan(100);
      for (const f of frames) expect(visibleWidth(f), f).toBeLessThan(columns);
      p.stop("succeeded");
    }
  });
  it("with -o json, writes NDJSON events", () => {
    let err = "";
    const timers = fakeTimers();
    const p = startProgress("ndjson", { write: (s: string) => (err += s), isTTY: false }, createStyle(0), "upgrading", "cluster rg/c", timers, { operation: "upgrade" });
    p.update("Updating");
    timers.tick(10_000);
    p.stop("failed");
    const events = err.trim().split("\n").map((l) => JSON.parse(l));
    expect(events.map((e) => [e.event, e.status, e.elapsedMs])).toEqual([
      ["started", "InProgress", 0],
      ["progress", "Updating", 0],
      ["progress", "Updating", 10_000],
      ["failed", "Updating", 10_000],
    ]);
    expect(events.every((e) => e.operation === "upgrade")).toBe(true);
  });
});

describe("style", () => {
  it("decides colour from the terminal and the environment", () => {
    expect(colorLevel({}, true, false)).toBeGreaterThan(0);
    expect(colorLevel({}, false, false)).toBe(0);
    expect(colorLevel({ NO_COLOR: "1" }, true, false)).toBe(0);
    expect(colorLevel({}, true, true)).toBe(0);
    expect(colorLevel({ FORCE_COLOR: "1" }, false, false)).toBe(1);
    expect(colorLevel({ FORCE_COLOR: "0" }, true, false)).toBe(0);
    expect(colorLevel({ TERM: "dumb" }, true, false)).toBe(0);
  });
  it("measures and wraps text without counting colour codes", () => {
    expect(visibleWidth(createStyle(1).error("abc"))).toBe(3);
    expect(wrap("aaa bbb ccc", 9, "  ")).toEqual(["  aaa bbb", "  ccc"]);
  });
});

describe("address map", () => {
  it("draws IPv6 ranges and collapses many peered ranges into one row", async () => {
    const peered = Array.from({ length: 12 }, (_, i) => `10.224.${i}.0/24`).join(",");
    const r = await runCli(["validate", "-o", "json", "--ip-families", "ipv4,ipv6", "--vnet-cidrs", "10.224.0.0/12", "--node-subnet-cidr", "10.225.0.0/16", "--peered-cidrs", peered]);
    const lines = renderAddressMap(JSON.parse(r.stdout), 100, createStyle(0));
    expect(lines).toContain("Address map (IPv6)");
    expect(lines.some((l) => /peered\s+12 ranges/.test(l))).toBe(true);
    expect(lines.filter((l) => /^\s+peered\s+10\.224\./.test(l))).toEqual([]);
  });
});
