/**
 * `aks-overlay create` end to end: the built CLI, a real process, the real SDK over HTTP against
 * the emulator; assertions on exit codes, documents and the emulator's request log and state.
 */
import { describe, expect, it } from "vitest";
import { RG, SUB, clusterPath, requestLines, runBin, subnetId, withEmulator } from "./helpers.js";

const GOOD = ["--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--pod-cidr", "192.168.0.0/16"];
const create = (url: string, name: string, ...args: string[]) => ["create", "-g", RG, "-n", name, "-l", "eastus", "--arm-endpoint", url, ...args];
const stored = (emulator: any, name: string) => emulator.state.getCluster(clusterPath(name));

describe("create", () => {
  it("creates a single-stack overlay cluster in a VNet subnet, with exactly the requests it needs", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(create(emulator.url, "one", "--vnet-subnet-id", subnetId("aks-nodes"), ...GOOD, "--yes"));
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Plan: 2 to create, 0 to change, 0 unchanged.");
      expect(r.stdout).toContain("Succeeded");
      expect(requestLines(emulator)).toEqual([
        "GET resourceGroups/demo-rg 200",
        "GET locations 200",
        "GET managedClusters/one 404",
        "GET virtualNetworks/demo-vnet 200",
        "PUT managedClusters/one 201",
        "GET operations/* 200",
        "GET operations/* 200",
        "GET operations/* 200",
        "GET managedClusters/one 200",
        "PUT roleAssignments/* 201",
      ]);
      const put = emulator.requests.find((q) => q.method === "PUT");
      expect(put?.ifNoneMatch).toBe("*");
      expect(put?.ifMatch).toBeNull();
      // As az aks create does: the cluster's own identity gets Network Contributor on the subnet.
      const grant = emulator.requests.find((q) => q.path.includes("/roleAssignments/"));
      expect(grant?.path.startsWith(subnetId("aks-nodes"))).toBe(true);
      expect((grant?.body as any).properties).toMatchObject({ principalId: stored(emulator, "one").identity.principalId, principalType: "ServicePrincipal" });
      expect((grant?.body as any).properties.roleDefinitionId).toMatch(/4d97b98b-1d4f-4787-a291-c67834d212e7$/);
      const np = stored(emulator, "one").properties.networkProfile;
      expect(np).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay", podCidr: "192.168.0.0/16", serviceCidr: "172.20.0.0/16", dnsServiceIP: "172.20.0.10", ipFamilies: ["IPv4"] });
      expect(stored(emulator, "one").properties.agentPoolProfiles[0].vnetSubnetID).toBe(subnetId("aks-nodes"));
    });
  });

  it("creates on an AKS-managed VNet without reading a VNet", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(create(emulator.url, "managed", "--yes", "--enable-cluster-autoscaler", "--min-count", "2", "--max-count", "20"));
      expect(r.code).toBe(0);
      expect(requestLines(emulator).filter((l) => l.includes("virtualNetworks"))).toEqual([]);
      const pool = stored(emulator, "managed").properties.agentPoolProfiles[0];
      expect(pool).toMatchObject({ enableAutoScaling: true, minCount: 2, maxCount: 20, count: 2, mode: "System" });
    });
  });

  it("creates dual-stack with cilium, printing one result document and NDJSON progress", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(create(emulator.url, "dual", "--ip-families", "ipv4,ipv6", "--network-dataplane", "cilium", "--kubernetes-version", "1.30", "--yes", "-o", "json"));
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc).toMatchObject({ formatVersion: 1, kind: "result", operation: "create", provisioningState: "Succeeded" });
      expect(doc.resourceId).toBe(clusterPath("dual"));
      const events = r.stderr.trim().split("\n").map((l) => JSON.parse(l));
      expect(events[0].event).toBe("started");
      expect(events.at(-1).event).toBe("succeeded");
      const np = stored(emulator, "dual").properties.networkProfile;
      expect(np).toMatchObject({
        ipFamilies: ["IPv4", "IPv6"],
        podCidrs: ["10.244.0.0/16", "fd12:3456:789a::/64"],
        serviceCidrs: ["10.0.0.0/16", "fd12:3456:789a:1::/108"],
        networkDataplane: "cilium",
        networkPolicy: "cilium",
      });
    });
  });

  it("names the missing subnet id", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(create(emulator.url, "bad", "--vnet-subnet-id", subnetId("nope"), ...GOOD, "--dry-run"));
      expect(r.code).toBe(3);
      // A long id is never broken: it stays whole on a line of its own.
      expect(r.stdout).toContain(subnetId("nope"));
    });
  });

  it("refuses an existing cluster with exit 6 and writes nothing", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(create(emulator.url, "overlay-aks", ...GOOD, "--yes"));
      expect(r.code).toBe(6);
      expect(r.stdout).toContain("ClusterExists");
      expect(r.stdout).toContain("already exists");
      expect(r.stdout).toContain("aks-overlay upgrade");
      expect(requestLines(emulator)).toEqual(["GET resourceGroups/demo-rg 200", "GET locations 200", "GET managedClusters/overlay-aks 200"]);
    });
  });

  it("never overwrites a cluster someone else created between the plan and the PUT (exit 6)", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add([{ match: { method: "PUT" }, delayMs: 400 }]);
      const intruder = structuredClone(emulator.state.getCluster(clusterPath("overlay-aks")));
      intruder.tags = { createdBy: "someone-else" };
      const running = runBin(create(emulator.url, "race", ...GOOD, "--yes"));
      // As soon as our PUT is on the wire, someone else creates the cluster.
      while (!emulator.requests.some((q) => q.method === "PUT")) await new Promise((r) => setTimeout(r, 10));
      emulator.state.putCluster(clusterPath("race"), intruder, undefined, "*", 0);
      const r = await running;
      expect(r.code).toBe(6);
      expect(r.stderr).toContain("created by someone else");
      expect(stored(emulator, "race").tags).toEqual({ createdBy: "someone-else" });
      expect(emulator.requests.find((q) => q.method === "PUT")?.status).toBe(412);
    });
  });

  it("reports an operation that ends Failed with Azure's code and message (exit 5)", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add([{ match: { method: "PUT" }, operationStatus: "Failed", armCode: "VMExtensionProvisioningError", message: "node bootstrap failed" }]);
      const r = await runBin(create(emulator.url, "failing", ...GOOD, "--yes", "-o", "json"));
      expect(r.code).toBe(5);
      const doc = JSON.parse(r.stdout);
      expect(doc).toMatchObject({ kind: "error", error: { armCode: "VMExtensionProvisioningError" } });
      expect(doc.error.message).toContain("node bootstrap failed");
      expect(doc.error.operationId).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  it("recovers from 429 and 5xx on the PUT and on polls", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add([
        { match: { method: "PUT" }, status: 429, retryAfter: 0 },
        { match: { method: "PUT" }, status: 503, retryAfter: 0 },
        { match: { path: "/**/operations/*" }, status: 429 },
        { match: { path: "/**/operations/*" }, status: 500 },
      ]);
      const r = await runBin(create(emulator.url, "flaky", ...GOOD, "--yes"));
      expect(r.code).toBe(0);
      const lines = requestLines(emulator);
      expect(lines.filter((l) => l.startsWith("PUT"))).toEqual(["PUT managedClusters/flaky 429", "PUT managedClusters/flaky 503", "PUT managedClusters/flaky 201"]);
      expect(lines.filter((l) => l.startsWith("GET operations")).slice(0, 2)).toEqual(["GET operations/* 429", "GET operations/* 500"]);
      expect(r.stderr).toContain("retrying");
    });
  });

  it("exits 4 when Azure says 401", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add([{ status: 401, armCode: "InvalidAuthenticationToken" }]);
      const r = await runBin(create(emulator.url, "auth", ...GOOD, "--yes"));
      expect(r.code).toBe(4);
      expect(r.stderr).toContain("InvalidAuthenticationToken");
    });
  });

  it("refuses to write without a terminal and without --yes, before any request", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(create(emulator.url, "noyes", ...GOOD));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--yes");
      expect(emulator.requests).toEqual([]);
    });
  });

  it("plans with --dry-run: reads, writes nothing, prints the plan document", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(create(emulator.url, "planned", ...GOOD, "--dry-run", "-o", "json"));
      expect(r.code).toBe(0);
      const plan = JSON.parse(r.stdout);
      expect(plan).toMatchObject({ formatVersion: 2, kind: "plan", operation: "create", valid: true, target: { subscriptionId: SUB, resourceGroup: RG, name: "planned" } });
      expect(plan.changes).toHaveLength(1);
      expect(plan.changes[0]).toMatchObject({ action: "create", etag: null, resourceType: "Microsoft.ContainerService/managedClusters" });
      expect(plan.changes[0].body.properties.networkProfile.networkPluginMode).toBe("overlay");
      expect(plan.defaulted).toContain("properties.agentPoolProfiles[0].count");
      expect(plan.armEndpoint).toBe(emulator.url);
      expect(emulator.requests.some((q) => q.method === "PUT")).toBe(false);
    });
  });

  it("returns after the PUT with --no-wait", async () => {
    await withEmulator(async (emulator) => {
      const r = await runBin(create(emulator.url, "nowait", ...GOOD, "--yes", "--no-wait"));
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("/operations/");
      expect(requestLines(emulator).filter((l) => l.includes("operations"))).toEqual([]);
    });
  });

  it("exits 130 on Ctrl-C, saying Azure keeps going and how to check", async () => {
    await withEmulator(async (emulator) => {
      emulator.faults.add([{ match: { path: "/**/operations/*" }, delayMs: 3000 }]);
      const r = await runBin(create(emulator.url, "interrupted", ...GOOD, "--yes"), {
        onStderr: () => {},
        onSpawn: (kill) => {
          const timer = setInterval(() => {
            if (emulator.requests.some((q) => q.path.includes("/operations/"))) {
              clearInterval(timer);
              kill("SIGINT");
            }
          }, 20);
        },
      });
      expect(r.code).toBe(130);
      const text = r.stderr.replace(/\s+/g, " ");
      // The PUT was answered and its operation polled: Azure had accepted it, and that is said plainly.
      expect(text).toMatch(/interrupted: Azure had accepted the write \(operation [0-9a-f-]+\) and keeps running it on \/subscriptions\//);
      expect(text).toContain(`az aks show -g ${RG} -n interrupted`);
    });
  });
});

describe("create against a subnet with addresses in use", () => {
  it("counts the subnet's existing IP configurations", async () => {
    await withEmulator(async (emulator) => {
      // small is a /28: 11 usable addresses, 4 already in use, so 7 free.
      const fits = await runBin(create(emulator.url, "fits", "--vnet-subnet-id", subnetId("small"), ...GOOD, "--node-count", "6", "--dry-run", "-o", "json"));
      expect(fits.code).toBe(0);
      const full = await runBin(create(emulator.url, "full", "--vnet-subnet-id", subnetId("small"), ...GOOD, "--node-count", "7", "--dry-run", "-o", "json"));
      expect(full.code).toBe(3);
      const finding = JSON.parse(full.stdout).findings.find((f: any) => f.code === "InsufficientSubnetSize");
      expect(finding.message).toContain("4 already in use, so 7 free");
      expect(JSON.parse(full.stdout).capacity.nodeSubnets[0]).toMatchObject({ cidr: "10.226.0.0/28", usableAddresses: 11, addressesInUse: 4, requiredAddresses: 8 });
    });
  });
});
