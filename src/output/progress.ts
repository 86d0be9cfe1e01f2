/**
 * Progress of a long-running Azure operation, on stderr: a spinner with the elapsed time on a
 * terminal, a plain "still creating... [1m20s elapsed]" line every 10 s off one, or NDJSON
 * events with -o json. stdout stays for the result document.
 */
import type { OutStream } from "./stream.js";
import { type Style, visibleWidth } from "./style.js";

export type ProgressMode = "spinner" | "lines" | "ndjson";

export interface Progress {
  update(status: string): void;
  stop(outcome: "succeeded" | "failed" | "interrupted" | "submitted"): void;
}

export interface Timers {
  now(): number;
  every(ms: number, fn: () => void): () => void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  every: (ms, fn) => {
    const id = setInterval(fn, ms);
    id.unref?.();
    return () => clearInterval(id);
  },
};

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  if (h > 0) return `${h}h${m % 60}m${s % 60}s`;
  return m > 0 ? `${m}m${s % 60}s` : `${s}s`;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/**
 * `verb`: "creating", "updating"...; `subject`: what, e.g. "cluster demo-rg/aks1".
 */
export function startProgress(mode: ProgressMode, stderr: OutStream, style: Style, verb: string, subject: string, timers: Timers = realTimers, fields: Record<string, unknown> = {}): Progress {
  const started = timers.now();
  let status = "InProgress";
  const elapsed = (): string => formatElapsed(timers.now() - started);
  if (mode === "ndjson") {
    const event = (name: string, extra: Record<string, unknown> = {}): void => {
      stderr.write(`${JSON.stringify({ event: name, ...fields, status, elapsedMs: timers.now() - started, time: new Date(timers.now()).toISOString(), ...extra })}\n`);
    };
    event("started");
    const cancel = timers.every(10_000, () => event("progress"));
    return {
      update(next) {
        if (next !== status) {
          status = next;
          event("progress");
        }
      },
      stop(outcome) {
        cancel();
        event(outcome);
      },
    };
  }
  if (mode === "lines") {
    stderr.write(`${capitalize(verb)} ${subject}...\n`);
    const cancel = timers.every(10_000, () => stderr.write(`still ${verb}... [${elapsed()} elapsed]\n`));
    return {
      update(next) {
        status = next;
      },
      stop(outcome) {
        cancel();
        stderr.write(`${outcome === "succeeded" ? `${capitalize(verb)} done` : outcome === "submitted" ? "Submitted" : `Stopped (${outcome})`} after ${elapsed()}\n`);
      },
    };
  }
  let frame = 0;
  // The line must never wrap: a carriage return goes back to the start of the last screen line
  // only, so a wrapped frame would leave a line behind every 100 ms. The subject gives way first.
  const room = Math.max(20, (stderr.columns ?? 80) - 1);
  const draw = (): void => {
    frame = (frame + 1) % FRAMES.length;
    const tail = ` [${elapsed()} elapsed, ${status}]`;
    const head = `${capitalize(verb)} ${subject}...`;
    const fixed = 2 + [...tail].length;
    const fitted = [...head].length + fixed <= room ? head : `${[...head].slice(0, Math.max(1, room - fixed - 1)).join("")}…`;
    const line = 2 + [...fitted].length + [...tail].length <= room ? `${fitted} ${style.dim(tail.slice(1))}` : fitted;
    stderr.write(`\r\u001b[2K${style.info(FRAMES[frame] as string)} ${line}`);
  };
  draw();
  const cancel = timers.every(100, draw);
  return {
    update(next) {
      status = next;
    },
    stop(outcome) {
      cancel();
      const mark = outcome === "succeeded" ? style.ok("✓") : outcome === "submitted" ? style.info("→") : style.error("✗");
      // The last line stays: wrapped at spaces to the terminal, never broken inside a word.
      const words = `${capitalize(verb)} ${subject}: ${outcome} after ${elapsed()}`.split(" ");
      const lines: string[] = [];
      let line = `${mark}`;
      for (const word of words) {
        if (visibleWidth(line) + 1 + [...word].length > room && line.trim() !== mark) {
          lines.push(line);
          line = `  ${word}`;
        } else line = `${line} ${word}`;
      }
      lines.push(line);
      stderr.write(`\r\u001b[2K${lines.join("\n")}\n`);
    },
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
