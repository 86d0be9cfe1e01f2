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
    expect(r.stderr.match(/^retrying: GET /gm)).toHaveLength(4);
  });

  it("a throttled read that clears within the retries is only a note on stderr", async () => {
    const { run } = await emulated({ faults: [{ match: { method: "GET", path: CLUSTER_PATH }, status: 429, times: 2 }] });
    const r = await run(["show", "-g", "demo-rg", "-n", "overlay-aks", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^retrying: GET cluster demo-rg\/overlay-aks: HTTP 429; retry 1 after \d+ ms$/m);
  });
});
