/** Throttling end to end: the CLI against an emulator that keeps answering 429, through the real SDK pipeline. */
import { describe, expect, it } from "vitest";
import { emulatedCli } from "../helpers/emulated.js";

const emulated = emulatedCli();
const CLUSTER_PATH = "/**/managedClusters/overlay-aks";

describe("throttling", () => {
  it("retries a mix of 429s, 503s and dropped connections within one limit, then says Azure is throttling (exit 5)", async () => {
    const { emulator, run } = await emulated({
      faults: [
        { match: { method: "GET", path: CLUSTER_PATH }, status: 429, armCode: "SubscriptionRequestsThrottled", message: "Number of read requests exceeded.", times: 2 },
        { match: { method: "GET", path: CLUSTER_PATH }, status: 503, times: 1 },
        { match: { method: "GET", path: CLUSTER_PATH }, drop: true, times: 1 },
        { match: { method: "GET", path: CLUSTER_PATH }, status: 429, armCode: "SubscriptionRequestsThrottled", message: "Number of read requests exceeded.", retryAfterMs: 5, times: 10 },
      ],
    });
    const r = await run(["show", "-g", "demo-rg", "-n", "overlay-aks", "-o", "json"]);
    expect(r.code).toBe(5);
    const doc = JSON.parse(r.stdout);
    expect(doc.error).toMatchObject({ code: "SubscriptionRequestsThrottled", armCode: "SubscriptionRequestsThrottled" });
    expect(doc.error.message).toContain("Azure is throttling requests (HTTP 429 SubscriptionRequestsThrottled): Number of read requests exceeded. Azure asks to wait 1 s before the next request (Retry-After). Nothing more was sent; run it again later.");
    // The first attempt and 4 retries (the default), whatever failed.
    expect(emulator.requests.filter((q) => q.path.endsWith("/managedClusters/overlay-aks"))).toHaveLength(5);
    // Under -o json the notes are NDJSON events, one per retry.
    const events = r.stderr.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { event: string; message: string });
    expect(events.filter((e) => e.event === "retry" && e.message.startsWith("retrying: GET cluster demo-rg/overlay-aks"))).toHaveLength(4);
  });

  it("a throttled read that clears within the retries is only a note on stderr (prose at a table, an event under -o json)", async () => {
    const { run } = await emulated({ faults: [{ match: { method: "GET", path: CLUSTER_PATH }, status: 429, times: 2 }] });
    const table = await run(["show", "-g", "demo-rg", "-n", "overlay-aks"]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stderr).toMatch(/^retrying: GET cluster demo-rg\/overlay-aks: HTTP 429; retry 1 after \d+ ms$/m);
    const { run: run2 } = await emulated({ faults: [{ match: { method: "GET", path: CLUSTER_PATH }, status: 429, times: 1 }] });
    const json = await run2(["show", "-g", "demo-rg", "-n", "overlay-aks", "-o", "json"]);
    expect(json.code, json.stderr).toBe(0);
    const lines = json.stderr.split("\n").filter(Boolean);
    expect(lines.every((l) => l.startsWith("{"))).toBe(true);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ event: "retry", message: expect.stringMatching(/^retrying: GET cluster demo-rg\/overlay-aks: HTTP 429; retry 1 after \d+ ms$/) });
  });

  it("a wait announced before it starts is not noted again after it", async () => {
    const { run } = await emulated({ faults: [{ match: { method: "GET", path: CLUSTER_PATH }, status: 429, retryAfterMs: 5000, times: 1 }] });
    const r = await run(["show", "-g", "demo-rg", "-n", "overlay-aks"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("waiting 5 s before retrying GET cluster demo-rg/overlay-aks (HTTP 429, Retry-After)");
    expect(r.stderr).not.toContain("retrying: GET");
  });
});
