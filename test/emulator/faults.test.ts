/**
 * Fault injection (at start and at run time through /_emulator/faults), the request log
 * (/_emulator/requests), and scenarios passed as objects.
 */
import { afterEach, describe, expect, it } from "vitest";
import { demoScenario, emptyScenario } from "../../src/emulator/scenarios.js";
import { type Client, RG, SUB, clusterPath, emulators, newClusterBody, poolPath, subnetPath, vnetPath } from "./http.js";

const pool = emulators();
afterEach(() => pool.closeAll());

async function addFaults(c: Client, faults: unknown): Promise<any> {
  const res = await c.control("POST", "faults", faults);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const pending = async (c: Client): Promise<any[]> => (await c.control("GET", "faults")).body;

describe("status faults", () => {
  it("429 with retryAfter sends Retry-After; the next request is served", async () => {
    const c = await pool.start({ faults: [{ match: { method: "GET", path: "/**/managedClusters/cni-aks" }, status: 429, retryAfter: 7 }] });
    const res = await c.get(clusterPath("cni-aks"));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    const next = await c.get(clusterPath("cni-aks"));
    expect(next.status).toBe(200);
    expect(next.headers.get("retry-after")).toBeNull();
  });

  it("429 without retryAfter sends no Retry-After", async () => {
    const c = await pool.start();
    await addFaults(c, [{ status: 429 }]);
    const res = await c.get(clusterPath("cni-aks"));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBeNull();
    expect(res.headers.get("retry-after-ms")).toBeNull();
    expect(res.headers.get("x-ms-retry-after-ms")).toBeNull();
  });

  it("retryAfterMs is sent as retry-after-ms, alone or with Retry-After", async () => {
    const c = await pool.start();
    await addFaults(c, [{ status: 429, retryAfterMs: 150 }, { status: 503, retryAfter: 2, retryAfterMs: 1500 }]);
    const first = await c.get(clusterPath("cni-aks"));
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after-ms")).toBe("150");
    expect(first.headers.get("retry-after")).toBeNull();
    const second = await c.get(clusterPath("cni-aks"));
    expect(second.status).toBe(503);
    expect([second.headers.get("retry-after"), second.headers.get("retry-after-ms")]).toEqual(["2", "1500"]);
  });

  it("retryAfter 0 is sent as Retry-After: 0", async () => {
    const c = await pool.start();
    await addFaults(c, [{ status: 503, retryAfter: 0 }]);
    const res = await c.get(clusterPath("cni-aks"));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("0");
  });

  it("uses armCode and message in the ARM error body", async () => {
    const c = await pool.start();
    await addFaults(c, [{ status: 429, armCode: "SubscriptionRequestsThrottled", message: "Slow down." }]);
    const res = await c.get(clusterPath("cni-aks"));
    expect(res.status).toBe(429);
    expect(res.body.error).toMatchObject({ code: "SubscriptionRequestsThrottled", message: "Slow down." });
  });

  for (const status of [500, 503]) {
    it(`answers ${status} with an ARM error body`, async () => {
      const c = await pool.start({ faults: [{ status }] });
      const res = await c.get(vnetPath("demo-vnet"));
      expect(res.status).toBe(status);
      expect(res.body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
      expect((await c.get(vnetPath("demo-vnet"))).status).toBe(200);
    });
  }

  it("a faulted PUT changes nothing", async () => {
    const c = await pool.start({ faults: [{ match: { method: "PUT" }, status: 500 }] });
    const before = await c.read(clusterPath("cni-aks"));
    expect((await c.put(clusterPath("cni-aks"), { ...before, tags: {} })).status).toBe(500);
    expect(await c.read(clusterPath("cni-aks"))).toEqual(before);
  });
});

describe("times and matching", () => {
  it("a fault answers once by default", async () => {
    const c = await pool.start();
    await addFaults(c, [{ status: 500 }]);
    expect((await pending(c)).map((f) => f.times)).toEqual([1]);
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(500);
    expect(await pending(c)).toEqual([]);
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(200);
  });

  it("times: 3 answers three matching requests, counting down in the pending list", async () => {
    const c = await pool.start();
    await addFaults(c, [{ match: { path: "/**/managedClusters/cni-aks" }, status: 503, times: 3 }]);
    for (const left of [2, 1, 0]) {
      expect((await c.get(clusterPath("cni-aks"))).status).toBe(503);
      expect((await pending(c)).map((f) => f.times)).toEqual(left ? [left] : []);
    }
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(200);
  });

  it("matches by method: a PUT fault leaves GETs alone", async () => {
    const c = await pool.start();
    await addFaults(c, [{ match: { method: "PUT" }, status: 500 }]);
    const cluster = await c.read(clusterPath("cni-aks"));
    expect((await c.get(poolPath("cni-aks", "system"))).status).toBe(200);
    expect(await pending(c)).toHaveLength(1);
    expect((await c.put(clusterPath("cni-aks"), cluster)).status).toBe(500);
    expect((await c.put(clusterPath("cni-aks"), cluster)).status).toBe(200);
  });

  it("matches the method without regard to case", async () => {
    const c = await pool.start();
    await addFaults(c, [{ match: { method: "get" }, status: 500 }]);
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(500);
  });

  it("matches a glob on the whole path, without regard to case", async () => {
    const c = await pool.start();
    await addFaults(c, [{ match: { path: "/**/virtualnetworks/HUB-VNET" }, status: 503 }]);
    expect((await c.get(vnetPath("demo-vnet"))).status).toBe(200);
    expect((await c.get(subnetPath("hub-vnet", "shared"))).status).toBe(200);
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(200);
    expect((await c.get(vnetPath("hub-vnet"))).status).toBe(503);
    expect((await c.get(vnetPath("hub-vnet"))).status).toBe(200);
  });

  it("matches on method and path together", async () => {
    const c = await pool.start({ lroPolls: 0 });
    await addFaults(c, [{ match: { method: "PUT", path: "/**/agentPools/system" }, status: 500 }]);
    const system = await c.read(poolPath("cni-aks", "system"));
    expect((await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")))).status).toBe(200);
    expect((await c.put(poolPath("cni-aks", "cniuser"), await c.read(poolPath("cni-aks", "cniuser")))).status).toBe(200);
    expect(await pending(c)).toHaveLength(1);
    expect((await c.put(poolPath("cni-aks", "system"), system)).status).toBe(500);
    expect(await pending(c)).toEqual([]);
  });

  it("uses faults in order: the first matching one answers", async () => {
    const c = await pool.start({ faults: [{ status: 500 }, { status: 503 }] });
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(500);
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(503);
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(200);
  });
});

describe("drop and delay", () => {
  it("drop: true destroys the connection, so fetch rejects; the next request is served", async () => {
    const c = await pool.start({ faults: [{ match: { path: "/**/cni-aks" }, drop: true }] });
    await expect(c.get(clusterPath("cni-aks"))).rejects.toThrow();
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(200);
    const log = (await c.control("GET", "requests")).body;
    expect(log.map((r: any) => r.status)).toEqual([0, 200]);
  });

  it("drop also works on a PUT, and the PUT changes nothing", async () => {
    const c = await pool.start();
    const before = await c.read(clusterPath("cni-aks"));
    await addFaults(c, [{ match: { method: "PUT" }, drop: true }]);
    await expect(c.put(clusterPath("cni-aks"), { ...before, tags: {} })).rejects.toThrow();
    expect(await c.read(clusterPath("cni-aks"))).toEqual(before);
  });

  it("delayMs delays the response, which is then the normal one", async () => {
    const c = await pool.start();
    await addFaults(c, [{ match: { path: "/**/cni-aks" }, delayMs: 50 }]);
    const started = performance.now();
    const res = await c.get(clusterPath("cni-aks"));
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("cni-aks");
    expect(elapsed).toBeGreaterThanOrEqual(50 - 15);
  });
});

describe("operation faults", () => {
  it("operationStatus Failed: the operation ends Failed with an error; the cluster is Failed with status.provisioningError", async () => {
    const c = await pool.start({ lroPolls: 2 });
    await addFaults(c, [{ match: { method: "PUT", path: "/**/managedClusters/cni-aks" }, operationStatus: "Failed" }]);
    const cluster = await c.read(clusterPath("cni-aks"));
    const res = await c.put(clusterPath("cni-aks"), cluster);
    expect(res.status).toBe(200);
    expect(res.body.properties.provisioningState).toBe("Updating");
    const { statuses, last } = await c.pollToEnd(res.headers.get("azure-asyncoperation") as string);
    expect(statuses).toEqual(["InProgress", "InProgress", "Failed"]);
    expect(last.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    const after = await c.read(clusterPath("cni-aks"));
    expect(after.properties.provisioningState).toBe("Failed");
    expect(after.properties.status.provisioningError).toEqual(expect.objectContaining({ code: last.error.code, message: last.error.message }));
    // The ended operation keeps its status.
    expect((await c.read(res.headers.get("azure-asyncoperation") as string)).status).toBe("Failed");
  });

  it("operationStatus Failed uses armCode and message", async () => {
    const c = await pool.start({ lroPolls: 0, faults: [{ operationStatus: "Failed", armCode: "VMExtensionProvisioningError", message: "CSE failed." }] });
    const res = await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")));
    const { statuses, last } = await c.pollToEnd(res.headers.get("azure-asyncoperation") as string);
    expect(statuses).toEqual(["Failed"]);
    expect(last.error).toMatchObject({ code: "VMExtensionProvisioningError", message: "CSE failed." });
    expect((await c.read(clusterPath("cni-aks"))).properties.status.provisioningError).toMatchObject({ code: "VMExtensionProvisioningError", message: "CSE failed." });
  });

  it("operationStatus Canceled: the operation ends Canceled; the cluster is Canceled with status.provisioningError", async () => {
    const c = await pool.start({ lroPolls: 1 });
    await addFaults(c, [{ operationStatus: "Canceled" }]);
    const res = await c.put(clusterPath("fresh"), newClusterBody());
    expect(res.status).toBe(201);
    const { statuses, last } = await c.pollToEnd(res.headers.get("azure-asyncoperation") as string);
    expect(statuses).toEqual(["InProgress", "Canceled"]);
    expect(last.error).toEqual(expect.objectContaining({ code: expect.any(String) }));
    const after = await c.read(clusterPath("fresh"));
    expect(after.properties.provisioningState).toBe("Canceled");
    expect(after.properties.status.provisioningError).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
  });

  it("operationStatus on an agent pool PUT: the pool ends Failed with status.provisioningError", async () => {
    const c = await pool.start({ lroPolls: 1, faults: [{ match: { path: "/**/agentPools/*" }, operationStatus: "Failed" }] });
    const system = await c.read(poolPath("overlay-aks", "system"));
    const res = await c.put(poolPath("overlay-aks", "system"), system);
    expect(res.status).toBe(200);
    expect((await c.pollToEnd(res.headers.get("azure-asyncoperation") as string)).statuses).toEqual(["InProgress", "Failed"]);
    const after = await c.read(poolPath("overlay-aks", "system"));
    expect(after.properties.provisioningState).toBe("Failed");
    expect(after.properties.status.provisioningError.code).toEqual(expect.any(String));
  });

  it("an operationStatus fault waits for a write: GETs do not use it up", async () => {
    const c = await pool.start({ lroPolls: 0, faults: [{ operationStatus: "Failed" }] });
    const cluster = await c.read(clusterPath("cni-aks"));
    await c.read(vnetPath("demo-vnet"));
    expect(await pending(c)).toHaveLength(1);
    const res = await c.put(clusterPath("cni-aks"), cluster);
    expect((await c.pollToEnd(res.headers.get("azure-asyncoperation") as string)).statuses).toEqual(["Failed"]);
    expect(await pending(c)).toEqual([]);
  });

  it("a status fault on the operation poll path answers that poll; polling then goes on", async () => {
    const c = await pool.start({ lroPolls: 2 });
    const res = await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")));
    const op = res.headers.get("azure-asyncoperation") as string;
    await addFaults(c, [{ match: { method: "GET", path: "/**/operations/*" }, status: 500 }]);
    const faulted = await c.get(op);
    expect(faulted.status).toBe(500);
    expect(faulted.body.error.code).toEqual(expect.any(String));
    expect((await c.pollToEnd(op)).statuses).toEqual(["InProgress", "InProgress", "Succeeded"]);
  });

  it("a 429 with retryAfter on the poll path sends Retry-After on that poll only", async () => {
    const c = await pool.start({ lroPolls: 1 });
    const res = await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")));
    const op = res.headers.get("azure-asyncoperation") as string;
    await addFaults(c, [{ match: { path: "/**/operations/*" }, status: 429, retryAfter: 1 }]);
    const throttled = await c.get(op);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("1");
    const next = await c.get(op);
    expect(next.status).toBe(200);
    expect(next.headers.get("retry-after")).toBeNull();
  });

  it("an operationStatus fault matched on the operation poll path makes the running operation end Failed", async () => {
    const c = await pool.start({ lroPolls: 2 });
    const res = await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")));
    const op = res.headers.get("azure-asyncoperation") as string;
    await addFaults(c, [{ match: { path: "/**/operations/*" }, operationStatus: "Failed" }]);
    const { statuses, last } = await c.pollToEnd(op);
    expect(statuses.at(-1)).toBe("Failed");
    expect(last.error.code).toEqual(expect.any(String));
    expect((await c.read(clusterPath("cni-aks"))).properties.provisioningState).toBe("Failed");
  });

  it("an operation that ended Succeeded stays Succeeded, whatever fault is set afterwards", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const res = await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")));
    const op = res.headers.get("azure-asyncoperation") as string;
    expect((await c.read(op)).status).toBe("Succeeded");
    await addFaults(c, [{ match: { path: "/**/operations/*" }, operationStatus: "Failed" }]);
    const again = await c.read(op);
    expect(again.status).toBe("Succeeded");
    expect(again.error).toBeUndefined();
    expect((await c.read(clusterPath("cni-aks"))).properties.provisioningState).toBe("Succeeded");
  });
});

describe("/_emulator/faults", () => {
  it("POST adds faults at run time and answers the pending list; GET lists; DELETE clears", async () => {
    const c = await pool.start({ faults: [{ match: { method: "PUT" }, status: 500 }] });
    const added = await addFaults(c, [{ match: { path: "/**/hub-vnet" }, status: 503, times: 2, retryAfter: 3 }]);
    expect(added).toEqual([
      { match: { method: "PUT" }, status: 500, times: 1 },
      { match: { path: "/**/hub-vnet" }, status: 503, times: 2, retryAfter: 3 },
    ]);
    expect(await pending(c)).toEqual(added);
    expect((await c.get(vnetPath("hub-vnet"))).status).toBe(503);
    expect((await pending(c))[1].times).toBe(1);
    const cleared = await c.control("DELETE", "faults");
    expect(cleared.status).toBe(204);
    expect(await pending(c)).toEqual([]);
    expect((await c.get(vnetPath("hub-vnet"))).status).toBe(200);
    expect((await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")))).status).toBe(200);
  });

  it("the in-process fault table is the same one", async () => {
    const c = await pool.start();
    c.emulator.faults.add([{ status: 500 }]);
    expect(await pending(c)).toHaveLength(1);
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(500);
  });

  const invalid: [string, unknown][] = [
    ["an object, not an array", { status: 500 }],
    ["an element that is not an object", [42]],
    ["null element", [null]],
    ["an unknown key", [{ status: 500, bogus: true }]],
    ["no action", [{ match: { method: "GET" } }]],
    ["two actions", [{ status: 500, drop: true }]],
    ["a status that is not an error", [{ status: 200 }]],
    ["a status that is not a number", [{ status: "500" }]],
    ["an unknown operationStatus", [{ operationStatus: "Succeeded" }]],
    ["drop false", [{ drop: false }]],
    ["negative times", [{ status: 500, times: -1 }]],
    ["fractional delayMs", [{ delayMs: 1.5 }]],
    ["negative retryAfterMs", [{ status: 429, retryAfterMs: -5 }]],
    ["a path that does not start with /", [{ match: { path: "managedClusters/" }, status: 500 }]],
    ["a path that is a regular expression", [{ match: { path: "^/(x+x+)+y$" }, status: 500 }]],
    ["a path ending in $", [{ match: { path: "/**/cni-aks$" }, status: 500 }]],
    ["** inside a segment", [{ match: { path: "/**/cni**" }, status: 500 }]],
    ["a path with a query", [{ match: { path: "/**/cni-aks?api-version=1" }, status: 500 }]],
    ["a path that is not a string", [{ match: { path: 5 }, status: 500 }]],
    ["an unknown match key", [{ match: { url: "/x" }, status: 500 }]],
    ["delayMs over the maximum", [{ delayMs: 30_001 }]],
    ["retryAfter over the maximum", [{ status: 429, retryAfter: 61 }]],
    ["retryAfterMs over the maximum", [{ status: 429, retryAfterMs: 60_001 }]],
    ["a method that is not a string", [{ match: { method: 1 }, status: 500 }]],
    ["match that is not an object", [{ match: "GET", status: 500 }]],
  ];
  for (const [what, body] of invalid) {
    it(`400 InvalidFault for ${what}, adding nothing`, async () => {
      const c = await pool.start();
      // A valid fault first: a batch with one bad fault adds none of them.
      const res = await c.control("POST", "faults", Array.isArray(body) ? [{ status: 503 }, ...body] : body);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual(expect.objectContaining({ code: "InvalidFault", message: expect.any(String) }));
      expect(await pending(c)).toEqual([]);
    });
  }

  it("400 InvalidRequestContent for a body that is not JSON", async () => {
    const c = await pool.start();
    const res = await c.control("POST", "faults", "[{");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("InvalidRequestContent");
    expect(await pending(c)).toEqual([]);
  });

  it("415 for a POST that is not content-type: application/json (what a page can send without a preflight), adding nothing", async () => {
    const c = await pool.start();
    const body = JSON.stringify([{ status: 500 }]);
    for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"]) {
      const res = await fetch(`${c.emulator.url}/_emulator/faults`, { method: "POST", headers: { "content-type": type }, body });
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as any).error.code).toBe("UnsupportedMediaType");
    }
    const none = await fetch(`${c.emulator.url}/_emulator/faults`, { method: "POST", body: new Blob([body]) });
    expect(none.status).toBe(415);
    expect(await pending(c)).toEqual([]);
    const json = await fetch(`${c.emulator.url}/_emulator/faults`, { method: "POST", headers: { "content-type": "Application/JSON; charset=utf-8" }, body });
    expect(json.status).toBe(200);
  });

  it("403 for a request from a web page's origin, on every control endpoint; loopback origins are served", async () => {
    const c = await pool.start();
    for (const origin of ["https://evil.example", "http://127.0.0.1.evil.example", "null", "http://192.168.1.10:8080"]) {
      for (const [method, path] of [["POST", "faults"], ["GET", "faults"], ["DELETE", "faults"], ["GET", "requests"], ["DELETE", "requests"]] as const) {
        const res = await fetch(`${c.emulator.url}/_emulator/${path}`, {
          method,
          headers: { origin, ...(method === "POST" && { "content-type": "application/json" }) },
          ...(method === "POST" && { body: JSON.stringify([{ status: 500 }]) }),
        });
        expect(res.status, `${origin} ${method} ${path}`).toBe(403);
      }
    }
    expect(await pending(c)).toEqual([]);
    for (const origin of ["http://127.0.0.1:3000", "http://localhost:5173", "http://[::1]"]) {
      expect((await fetch(`${c.emulator.url}/_emulator/faults`, { headers: { origin } })).status, origin).toBe(200);
    }
  });

  it("403 for a Host that is a DNS name other than localhost (DNS rebinding)", async () => {
    const c = await pool.start();
    const { request } = await import("node:http");
    const port = new URL(c.emulator.url).port;
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, path: "/_emulator/requests", headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
    expect(await status(`rebind.evil.example:${port}`)).toBe(403);
    expect(await status(`localhost:${port}`)).toBe(200);
    expect(await status(`127.0.0.1:${port}`)).toBe(200);
  });

  it("names the field and the maximum when a delay is over its cap", async () => {
    const c = await pool.start();
    for (const [fault, message] of [
      [{ delayMs: 3_600_000 }, "fault 0: delayMs 3600000 is more than the maximum, 30000 (milliseconds)"],
      [{ status: 503, retryAfter: 86_400 }, "fault 0: retryAfter 86400 is more than the maximum, 60 (seconds)"],
      [{ status: 429, retryAfterMs: 600_000 }, "fault 0: retryAfterMs 600000 is more than the maximum, 60000 (milliseconds)"],
    ] as const) {
      const res = await c.control("POST", "faults", [fault]);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(message);
    }
    // The maxima themselves are accepted.
    expect((await c.control("POST", "faults", [{ delayMs: 30_000, match: { path: "/never" } }, { status: 429, retryAfter: 60, retryAfterMs: 60_000, match: { path: "/never" } }])).status).toBe(200);
  });

  it("the in-process fault table refuses what POST refuses", async () => {
    const c = await pool.start();
    expect(() => c.emulator.faults.add([{ status: 500, match: { path: "^/(x+x+)+y$" } }])).toThrow(/regular expression/);
    expect(() => c.emulator.faults.add([{ delayMs: 999_999 }])).toThrow(/delayMs 999999 is more than the maximum, 30000/);
    expect(c.emulator.faults.pending()).toEqual([]);
  });

  it("a catastrophic regular expression is refused, and a hostile glob cannot stall the server", async () => {
    const c = await pool.start();
    const refused = await c.control("POST", "faults", [{ match: { path: "^/(x+x+)+y$" }, status: 500 }]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/fault 0: match\.path "\^\/\(x\+x\+\)\+y\$" looks like a regular expression/);
    // The same text without anchors is a literal path; and a glob full of wildcards is matched in bounded time.
    const hostile = `/${"*a".repeat(200)}*/${"**/".repeat(100)}y`;
    expect((await c.control("POST", "faults", [{ match: { path: "/(x+x+)+y" }, status: 500 }, { match: { path: hostile }, status: 500 }])).status).toBe(200);
    const long = `${clusterPath("cni-aks")}/${"a".repeat(5000)}/${"x/".repeat(500)}`;
    // Matched without backtracking: a catastrophic match would outlast the test's timeout.
    expect((await c.get(long)).status).toBe(404);
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(200);
    expect((await c.get("/(x+x+)+y")).status).toBe(500);
  });

  it("404 for an unknown control endpoint", async () => {
    const c = await pool.start();
    expect((await c.control("GET", "nope")).status).toBe(404);
    expect((await c.control("PUT", "faults", [])).status).toBe(404);
  });
});

describe("/_emulator/requests", () => {
  it("logs method, path, query, status, If-Match, If-None-Match, authorization, time and PUT bodies", async () => {
    const c = await pool.start({ lroPolls: 0 });
    const t0 = Date.now();
    const cluster = await c.read(clusterPath("cni-aks"));
    await c.get(vnetPath("demo-vnet"), { auth: false });
    const body = { ...cluster, tags: { logged: "yes" } };
    await c.put(clusterPath("cni-aks"), body, { headers: { "if-match": cluster.eTag } });
    const poolBody = { properties: { count: 1, vmSize: "Standard_D2s_v5", mode: "User", maxPods: 30, vnetSubnetID: cluster.properties.agentPoolProfiles[0].vnetSubnetID } };
    await c.put(poolPath("cni-aks", "extra"), poolBody, { headers: { "if-none-match": "*" } });
    await c.get(clusterPath("cni-aks"), { apiVersion: "2021-12-31" });
    const t1 = Date.now();

    const res = await c.control("GET", "requests");
    expect(res.status).toBe(200);
    const log = res.body;
    expect(log.map((r: any) => [r.method, r.path, r.status])).toEqual([
      ["GET", clusterPath("cni-aks"), 200],
      ["GET", vnetPath("demo-vnet"), 401],
      ["PUT", clusterPath("cni-aks"), 200],
      ["PUT", poolPath("cni-aks", "extra"), 201],
      ["GET", clusterPath("cni-aks"), 400],
    ]);
    expect(log[0]).toMatchObject({ query: { "api-version": "2026-06-01" }, ifMatch: null, ifNoneMatch: null, authorization: true });
    expect(log[0].body).toBeUndefined();
    expect(log[1]).toMatchObject({ query: { "api-version": "2026-01-01" }, authorization: false });
    expect(log[2]).toMatchObject({ ifMatch: cluster.eTag, ifNoneMatch: null, authorization: true, body });
    expect(log[3]).toMatchObject({ ifMatch: null, ifNoneMatch: "*", body: poolBody });
    expect(log[4].query).toEqual({ "api-version": "2021-12-31" });
    let previous = 0;
    for (const entry of log) {
      const time = Date.parse(entry.time);
      expect(entry.time).toBe(new Date(time).toISOString());
      expect(time).toBeGreaterThanOrEqual(t0 - 1000);
      expect(time).toBeLessThanOrEqual(t1 + 1000);
      expect(time).toBeGreaterThanOrEqual(previous);
      previous = time;
    }
    // The in-process log is the same.
    expect(JSON.parse(JSON.stringify(c.emulator.requests))).toEqual(log);
  });

  it("logs operation polls and faulted requests with their status", async () => {
    const c = await pool.start({ lroPolls: 0, faults: [{ match: { method: "GET", path: "/**/hub-vnet" }, status: 429 }] });
    const res = await c.put(clusterPath("cni-aks"), await c.read(clusterPath("cni-aks")));
    const op = new URL(res.headers.get("azure-asyncoperation") as string);
    await c.get(op.href);
    await c.get(vnetPath("hub-vnet"));
    const log = (await c.control("GET", "requests")).body;
    expect(log.slice(2).map((r: any) => [r.method, r.path, r.query, r.status])).toEqual([
      ["GET", op.pathname, { "api-version": "2026-06-01" }, 200],
      ["GET", vnetPath("hub-vnet"), { "api-version": "2026-01-01" }, 429],
    ]);
  });

  it("does not log the control endpoints; DELETE clears the log", async () => {
    const c = await pool.start();
    await addFaults(c, [{ status: 500, match: { path: "/nothing-matches-this" } }]);
    await c.control("GET", "faults");
    await c.control("DELETE", "faults");
    await c.control("GET", "requests");
    expect((await c.control("GET", "requests")).body).toEqual([]);
    await c.get(clusterPath("cni-aks"));
    expect((await c.control("GET", "requests")).body).toHaveLength(1);
    expect((await c.control("DELETE", "requests")).status).toBe(204);
    expect((await c.control("GET", "requests")).body).toEqual([]);
  });
});

describe("scenarios passed as objects", () => {
  it("emptyScenario(): nothing is served, and a create works", async () => {
    const c = await pool.start({ scenario: emptyScenario(), lroPolls: 0 });
    expect((await c.read(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`)).value).toEqual([]);
    expect((await c.read(`/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters`)).value).toEqual([]);
    expect((await c.get(clusterPath("cni-aks"))).status).toBe(404);
    expect((await c.get(vnetPath("demo-vnet"))).status).toBe(404);
    const body = newClusterBody({}, [{ name: "system", count: 1, vmSize: "Standard_D2s_v5", mode: "System", maxPods: 110 }]);
    const res = await c.put(clusterPath("first"), body);
    expect(res.status).toBe(201);
    expect((await c.read(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`)).value.map((x: any) => x.name)).toEqual(["first"]);
  });

  it("a custom scenario with one VNet is what is served, and the RP checks against it", async () => {
    const sub = "22222222-2222-2222-2222-222222222222";
    const rg = "custom-rg";
    const id = vnetPath("only-vnet", rg, sub);
    const vnet = {
      id,
      name: "only-vnet",
      type: "Microsoft.Network/virtualNetworks",
      location: "westeurope",
      etag: 'W/"only-1"',
      properties: {
        addressSpace: { addressPrefixes: ["10.50.0.0/16"] },
        subnets: [{ id: `${id}/subnets/nodes`, name: "nodes", properties: { addressPrefix: "10.50.0.0/24" } }],
        virtualNetworkPeerings: [],
      },
    };
    const scenario = { virtualNetworks: [vnet], managedClusters: [] };
    const c = await pool.start({ scenario, lroPolls: 0 });
    const res = await c.get(id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(vnet);
    expect((await c.get(`${id}/subnets/nodes`)).body).toEqual(vnet.properties.subnets[0]);
    expect((await c.get(vnetPath("demo-vnet"))).status).toBe(404);
    expect((await c.read(`/subscriptions/${sub}/providers/Microsoft.ContainerService/managedClusters`)).value).toEqual([]);
    // The demo subscription is not this scenario's: the caller cannot see it.
    const other = await c.get(`/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`);
    expect([other.status, other.body.error.code]).toEqual([404, "SubscriptionNotFound"]);

    const cluster = (podCidr: string) => {
      const body = newClusterBody({ podCidr }, [{ name: "system", count: 3, vmSize: "Standard_D4s_v5", mode: "System", maxPods: 110, vnetSubnetID: `${id}/subnets/nodes` }]);
      body.location = "westeurope";
      return body;
    };
    const clusterUrl = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/aks1`;
    const refused = await c.put(clusterUrl, cluster("10.50.0.0/17"));
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("NetworkProfileCIDROverlapVNET");
    const created = await c.put(clusterUrl, cluster("10.224.0.0/16"));
    expect(created.status).toBe(201);
    expect(new URL(created.headers.get("azure-asyncoperation") as string).pathname).toMatch(new RegExp(`^/subscriptions/${sub}/providers/Microsoft.ContainerService/locations/westeurope/operations/`));
    // The emulator works on its own copy: the scenario object is untouched.
    expect(scenario.managedClusters).toEqual([]);
  });

  it("demoScenario() passed explicitly is the default", async () => {
    const a = await pool.start();
    const b = await pool.start({ scenario: demoScenario() });
    for (const path of [clusterPath("overlay-aks"), vnetPath("demo-vnet"), `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`]) {
      expect(await b.read(path)).toEqual(await a.read(path));
    }
  });
});

describe("--lro-polls in process", () => {
  it("is refused over the maximum, naming it", async () => {
    const { startEmulator } = await import("../../src/emulator/server.js");
    await expect(startEmulator({ lroPolls: 101 })).rejects.toThrow("lroPolls 101: expected a whole number from 0 to 100 (the maximum)");
    await expect(startEmulator({ lroPolls: -1 })).rejects.toThrow(/lroPolls -1/);
  });
});
