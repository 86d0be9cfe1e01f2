/**
 * The retry policy on a bare SDK pipeline with a scripted HTTP client: which answers are
 * retried, how long each wait is, and where retrying stops. No sockets, and no real back-off:
 * delays are a millisecond, or fake timers where the wait itself is the point.
 */
import { type HttpClient, type PipelineRequest, type PipelineResponse, RestError, createEmptyPipeline, createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type RetrySettings, armRetryPolicy, retryAfterInMs, retryNotes } from "../../src/azure/policies.js";

const FAST: RetrySettings = { maxRetries: 4, retryDelayInMs: 1, maxRetryDelayInMs: 2 };

type Answer = { status: number; headers?: Record<string, string> } | "drop" | { error: string };

/** Sends one GET through the retry policies to a client that gives `answers` in turn (then 200s). */
async function send(answers: Answer[], settings: RetrySettings = FAST) {
  const attempts: number[] = [];
  const notes: string[] = [];
  const waits: string[] = [];
  const client: HttpClient = {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      attempts.push(Date.now());
      const answer = answers.shift() ?? { status: 200 };
      if (answer === "drop") throw new RestError("socket hang up", { code: "ECONNRESET", request });
      if ("error" in answer) throw new RestError(answer.error, { code: answer.error, request });
      return { request, status: answer.status, headers: createHttpHeaders(answer.headers), bodyAsText: "{}" };
    },
  };
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(armRetryPolicy(settings, (m) => waits.push(m)), { phase: "Retry" });
  pipeline.addPolicy(retryNotes((m) => notes.push(m)), { phase: "Retry" });
  const request = createPipelineRequest({ url: "http://127.0.0.1:1/subscriptions/x/resourceGroups/rg", method: "GET" });
  const outcome = await pipeline.sendRequest(client, request).then(
    (response) => response.status,
    (error: RestError) => error.code,
  );
  return { outcome, attempts: attempts.length, times: attempts, notes, waits };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("what is retried", () => {
  it("retries a 429 without Retry-After (the SDK alone returns it at once)", async () => {
    const r = await send([{ status: 429 }, { status: 429 }]);
    expect(r.outcome).toBe(200);
    expect(r.attempts).toBe(3);
  });
  it("retries a 429 with Retry-After, and a 503 with Retry-After", async () => {
    expect(await send([{ status: 429, headers: { "retry-after": "0" } }])).toMatchObject({ outcome: 200, attempts: 2 });
    expect(await send([{ status: 503, headers: { "retry-after": "0" } }])).toMatchObject({ outcome: 200, attempts: 2 });
  });
  it.each([500, 502, 503, 504, 408])("retries %i with backoff", async (status) => {
    expect(await send([{ status }, { status }])).toMatchObject({ outcome: 200, attempts: 3 });
  });
  it("retries a dropped connection", async () => {
    expect(await send(["drop", "drop"])).toMatchObject({ outcome: 200, attempts: 3 });
  });
  it.each(["ECONNREFUSED", "ETIMEDOUT", "ESOCKETTIMEDOUT", "ENOTFOUND", "EAI_AGAIN"])("retries a connection that failed with %s", async (code) => {
    expect(await send([{ error: code }])).toMatchObject({ outcome: 200, attempts: 2 });
  });
  it.each(["REQUEST_TIMEOUT", "EPROTO", "CERT_HAS_EXPIRED"])("does not retry a connection that failed with %s", async (code) => {
    expect(await send([{ error: code }])).toMatchObject({ outcome: code, attempts: 1 });
  });
  it.each([400, 401, 403, 404, 409, 412, 501])("does not retry %i", async (status) => {
    expect(await send([{ status }])).toMatchObject({ outcome: status, attempts: 1 });
  });
});

describe("where retrying stops", () => {
  it.each([
    ["500", { status: 500 }],
    ["429 without Retry-After", { status: 429 }],
    ["429 with Retry-After: 0", { status: 429, headers: { "retry-after": "0" } }],
  ] as const)("gives up on %s after maxRetries and returns the last answer", async (_what, answer) => {
    const r = await send(Array(20).fill(answer), { ...FAST, maxRetries: 3 });
    expect(r.outcome).toBe(answer.status);
    expect(r.attempts).toBe(4);
  });
  it("gives up on dropped connections after maxRetries and throws the last error", async () => {
    const r = await send(Array(20).fill("drop"), { ...FAST, maxRetries: 2 });
    expect(r).toMatchObject({ outcome: "ECONNRESET", attempts: 3 });
  });
  it("counts every kind of failure against one limit: maxRetries + 1 attempts, whatever the mix", async () => {
    const mixes: Answer[][] = [
      Array.from({ length: 100 }, (_, i) => ({ status: i % 2 ? 500 : 429 })),
      Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? "drop" : i % 3 === 1 ? { status: 429, headers: { "retry-after-ms": "1" } } : { status: 503 })),
    ];
    for (const mix of mixes) {
      const r = await send(mix, { ...FAST, maxRetries: 2 });
      expect(r.outcome).not.toBe(200);
      expect(r.attempts).toBe(3);
    }
  });
  it("does not wait for a Retry-After longer than maxRetryAfterInMs: the throttling answer is the outcome", async () => {
    const r = await send([{ status: 429, headers: { "retry-after": "3600" } }], { ...FAST, maxRetryAfterInMs: 120_000 });
    expect(r).toMatchObject({ outcome: 429, attempts: 1, notes: [], waits: [] });
    const date = await send([{ status: 503, headers: { "retry-after": new Date(Date.now() + 600_000).toUTCString() } }], { ...FAST, maxRetryAfterInMs: 120_000 });
    expect(date).toMatchObject({ outcome: 503, attempts: 1 });
  });
});

describe("how long it waits", () => {
  it.each([
    ["retry-after", "2", 2000],
    ["retry-after-ms", "250", 250],
    ["x-ms-retry-after-ms", "40", 40],
  ])("honours %s: %s exactly, whatever the backoff settings", async (header, value, ms) => {
    vi.useFakeTimers();
    const sent = send([{ status: 429, headers: { [header]: value } }], { ...FAST, retryDelayInMs: 60_000, maxRetryDelayInMs: 60_000 });
    await vi.advanceTimersByTimeAsync(ms - 1);
    await vi.advanceTimersByTimeAsync(1);
    const r = await sent;
    expect(r.outcome).toBe(200);
    expect(r.times[1]! - r.times[0]!).toBe(ms);
  });
  it("honours a Retry-After date", async () => {
    vi.useFakeTimers({ now: 4_000 });
    const sent = send([{ status: 429, headers: { "retry-after": new Date(10_000).toUTCString() } }]);
    await vi.advanceTimersByTimeAsync(6_000);
    const r = await sent;
    expect(r.times[1]! - r.times[0]!).toBe(6_000);
  });
  it("backs off exponentially from retryDelayInMs, jittered down to half, capped at maxRetryDelayInMs", async () => {
    vi.useFakeTimers();
    const sent = send([{ status: 429 }, { status: 500 }, { status: 429 }, { status: 429 }, { status: 429 }], { maxRetries: 10, retryDelayInMs: 100, maxRetryDelayInMs: 300 });
    await vi.advanceTimersByTimeAsync(10_000);
    const r = await sent;
    expect(r.attempts).toBe(6);
    const waits = r.times.slice(1).map((t, i) => t - r.times[i]!);
    // One count for every failure: 100, 200, then 400, 800, 1600 capped to 300.
    const nominal = [100, 200, 300, 300, 300];
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(nominal[i]! / 2);
      expect(w).toBeLessThanOrEqual(nominal[i]!);
    });
  });
});

describe("Retry-After", () => {
  const headers = (h: Record<string, string>) => createHttpHeaders(h);
  it("reads milliseconds, seconds and HTTP dates, on 429 and 503 only", () => {
    expect(retryAfterInMs({ status: 429, headers: headers({ "retry-after-ms": "250", "retry-after": "9" }) })).toBe(250);
    expect(retryAfterInMs({ status: 503, headers: headers({ "x-ms-retry-after-ms": "40" }) })).toBe(40);
    expect(retryAfterInMs({ status: 429, headers: headers({ "retry-after": "2" }) })).toBe(2000);
    expect(retryAfterInMs({ status: 429, headers: headers({ "retry-after": new Date(10_000).toUTCString() }) }, 4_000)).toBe(6_000);
    expect(retryAfterInMs({ status: 429, headers: headers({ "retry-after": new Date(1_000).toUTCString() }) }, 4_000)).toBe(0);
    expect(retryAfterInMs({ status: 429, headers: headers({}) })).toBeUndefined();
    expect(retryAfterInMs({ status: 429, headers: headers({ "retry-after": "soon" }) })).toBeUndefined();
    expect(retryAfterInMs({ status: 500, headers: headers({ "retry-after": "2" }) })).toBeUndefined();
  });
  it("announces a wait of 5 s or more before it starts", async () => {
    vi.useFakeTimers();
    const sent = send([{ status: 429, headers: { "retry-after": "7" } }, { status: 429, headers: { "retry-after": "1" } }]);
    await vi.advanceTimersByTimeAsync(8_000);
    const r = await sent;
    expect(r.outcome).toBe(200);
    expect(r.waits).toEqual(["waiting 7 s before retrying GET /subscriptions/x/resourceGroups/rg (HTTP 429, Retry-After)"]);
  });
});

describe("retry notes", () => {
  it("says what failed, which retry and how long it waited, once per retry", async () => {
    const r = await send([{ status: 429 }, { status: 503, headers: { "retry-after-ms": "1" } }, "drop"]);
    expect(r.outcome).toBe(200);
    expect(r.notes).toHaveLength(3);
    expect(r.notes[0]).toMatch(/^GET \/subscriptions\/x\/resourceGroups\/rg: HTTP 429; retry 1 after \d+ ms$/);
    expect(r.notes[1]).toMatch(/: HTTP 503; retry 2 after/);
    expect(r.notes[2]).toMatch(/: ECONNRESET; retry 3 after/);
  });
  it("says nothing when nothing is retried", async () => {
    expect((await send([{ status: 200 }])).notes).toEqual([]);
    expect((await send([{ status: 404 }])).notes).toEqual([]);
  });
});
