/** `create` in-process: the confirmation prompt, TTY output and the plan table. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";

const SUB = "00000000-0000-0000-0000-000000000000";
let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ lroPolls: 1 });
});
afterEach(async () => {
  await emulator.close();
});

const args = (name: string, ...extra: string[]) => [
  "create", "-g", "demo-rg", "-n", name, "-l", "eastus", "--arm-endpoint", emulator.url,
  "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", ...extra,
];
const env = { AZURE_SUBSCRIPTION_ID: SUB, NO_COLOR: "1" };
const puts = () => emulator.requests.filter((r) => r.method === "PUT");

describe("create at a terminal", () => {
  it("asks, and creates on 'yes'", async () => {
    const r = await runCli(args("asked"), { tty: true, stdinTTY: true, answers: ["yes"], env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Create cluster demo-rg/asked in eastus?");
    expect(r.stderr).toContain("Only 'yes' will be accepted");
    expect(r.stderr).toMatch(/Creating cluster demo-rg\/asked: succeeded after \d+s/);
    expect(puts()).toHaveLength(1);
  });
  it.each([["no"], ["y"], [undefined]])("writes nothing on %s", async (answer) => {
    const r = await runCli(args("declined"), { tty: true, stdinTTY: true, answers: answer === undefined ? [] : [answer], env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Cancelled: nothing was written.");
    expect(puts()).toHaveLength(0);
  });
  it("exits 130 on Ctrl-C at the prompt, writing nothing", async () => {
    const r = await runCli(args("ctrlc"), { tty: true, stdinTTY: true, answers: [null], env });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("interrupted at the prompt: nothing was written");
    expect(puts()).toHaveLength(0);
  });
  it("does not ask with --yes, and prints progress lines off a terminal", async () => {
    const r = await runCli(args("lines", "--yes"), { env });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("Only 'yes'");
    expect(r.stderr).toContain("Creating cluster demo-rg/lines...");
    expect(r.stderr).toMatch(/Creating done after \d+s/);
    expect(r.stdout).toContain("Plan: 1 to create, 0 to change, 0 unchanged.");
    expect(r.stdout).toMatch(/✓ \/subscriptions\/.*\/managedClusters\/lines: Succeeded/);
  });
  it("off a terminal: no prompt, no spinner, no colour unless FORCE_COLOR", async () => {
    const plain = await runCli(args("plain", "--yes"), { env: { AZURE_SUBSCRIPTION_ID: SUB } });
    expect(plain.code).toBe(0);
    expect(plain.stderr).not.toContain("\r");
    expect(plain.stderr).not.toContain("Only 'yes'");
    expect(plain.stdout + plain.stderr).not.toContain("\u001b[");
    const forced = await runCli(args("forced", "--yes"), { env: { AZURE_SUBSCRIPTION_ID: SUB, FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain("\u001b[");
    expect(forced.stderr).not.toContain("\r");
  });
  it("draws a spinner on a terminal", async () => {
    const r = await runCli(args("spun", "--yes"), { tty: true, env: { AZURE_SUBSCRIPTION_ID: SUB } });
    expect(r.stderr).toContain("\r");
    expect(r.stderr).toMatch(/Creating cluster demo-rg\/spun\.\.\. .*\[\d+s elapsed, (Creating|InProgress)\]/);
  });
  it("traces HTTP on stderr with --debug, the token redacted", async () => {
    const r = await runCli(args("traced", "--dry-run", "--debug"), { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/→ GET http:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/managedClusters\/traced\?api-version=/);
    expect(r.stderr).toMatch(/← 404 GET/);
    expect(r.stderr).toMatch(/authorization: REDACTED/i);
    expect(r.stderr).not.toContain("aks-overlay-local-emulator-token");
    expect(r.stdout).not.toContain("→ GET");
  });
  it("marks Azure's defaults in the plan", async () => {
    const r = await runCli(args("marks", "--dry-run"), { env });
    expect(r.stdout).toMatch(/\+ properties\.agentPoolProfiles\[0\]\.count\s+3 {2}\(default\)/);
    expect(r.stdout).toMatch(/\+ properties\.networkProfile\.serviceCidr\s+"172\.20\.0\.0\/16"\n/);
    expect(r.stdout).toMatch(/\+ properties\.networkProfile\.networkPluginMode\s+"overlay"/);
  });
  it("saves the plan with --out and writes nothing to Azure", async () => {
    const written: Record<string, string> = {};
    const r = await runCli(args("saved", "--out", "plan.json"), { env, written });
    expect(r.code).toBe(0);
    const plan = JSON.parse(written["plan.json"] as string);
    expect(plan).toMatchObject({ kind: "plan", operation: "create", valid: true });
    expect(plan.createdAt).toBe("2026-11-22T10:00:00.000Z");
    expect(JSON.stringify(plan)).not.toMatch(/token|secret|Bearer/i);
    expect(r.stderr).toContain("aks-overlay apply plan.json");
    expect(puts()).toHaveLength(0);
  });
  it("names bad tags, the missing subscription and an http endpoint that is not loopback (exit 2)", async () => {
    expect((await runCli(args("t", "--tags", "=value", "--yes"), { env })).stderr).toContain('--tags "=value": expected key=value');
    const noSub = await runCli(args("s", "--yes"), { env: { NO_COLOR: "1" } });
    expect(noSub.code).toBe(2);
    expect(noSub.stderr).toContain("--subscription");
    const remote = await runCli(["create", "-g", "rg", "-n", "x", "-l", "eastus", "--arm-endpoint", "http://10.1.2.3:80", "--yes"], { env });
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain("only for loopback");
    const missing = await runCli(["create", "-n", "x", "-l", "eastus"], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--resource-group");
  });
});

describe("names that would address another resource", () => {
  it.each([
    [["create", "-g", "demo-rg", "-n", "", "-l", "eastus", "--dry-run"], '--name ""'],
    [["create", "-g", "demo-rg", "-n", "x", "-l", "", "--dry-run"], '--location ""'],
    [["create", "-g", "demo-rg", "-n", "a/b", "-l", "eastus", "--dry-run"], "cannot contain"],
    [["create", "-g", "demo-rg", "-n", "x", "-l", "eastus", "--dns-name-prefix", "-bad_", "--dry-run"], "--dns-name-prefix"],
    [["upgrade", "-g", "demo-rg", "-n", "", "--dry-run"], '--name ""'],
    [["nodepool", "add", "-g", "demo-rg", "--cluster-name", "", "-n", "p1", "--dry-run"], '--cluster-name ""'],
    [["nodepool", "add", "-g", "", "--cluster-name", "c", "-n", "p1", "--dry-run"], '--resource-group ""'],
  ])("%j exits 2 before any request", async (args, message) => {
    const r = await runCli([...args, "--arm-endpoint", emulator.url], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(emulator.requests).toEqual([]);
  });
});

describe("add-ons", () => {
  it("puts the add-ons create supports in the body and refuses the others", async () => {
    const planned = await runCli(args("addons", "--enable-addons", "azure-keyvault-secrets-provider,azure-policy", "--dry-run", "-o", "json"), { env });
    expect(planned.code).toBe(0);
    expect(JSON.parse(planned.stdout).changes[0].body.properties.addonProfiles).toEqual({ azureKeyvaultSecretsProvider: { enabled: true }, azurepolicy: { enabled: true } });
    const monitoring = await runCli(args("mon", "--enable-addons", "monitoring", "--dry-run"), { env });
    expect(monitoring.code).toBe(2);
    expect(monitoring.stderr).toContain("Log Analytics workspace");
    const virtualNode = await runCli(args("vn", "--enable-addons", "virtual-node", "--dry-run", "-o", "json"), { env });
    expect(virtualNode.code).toBe(3);
    expect(JSON.parse(virtualNode.stdout).findings.map((f: any) => f.code)).toContain("VirtualNodesNotSupported");
  });
});

describe("a pasted az aks create line", () => {
  it("takes --network-plugin azure --network-plugin-mode overlay and az's tags (values with spaces, commas and '=', a key alone)", async () => {
    const r = await runCli(
      args("pasted", "--network-plugin", "azure", "--network-plugin-mode", "Overlay", "--tags", "owner=Jane Doe", "cost=a,b=c", "flag", "--dry-run", "-o", "json"),
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout).changes[0].body;
    expect(body.tags).toEqual({ owner: "Jane Doe", cost: "a,b=c", flag: "" });
    expect(body.properties.networkProfile).toMatchObject({ networkPlugin: "azure", networkPluginMode: "overlay" });
  });

  it.each([
    [["--network-plugin", "kubenet"], '--network-plugin "kubenet": aks-overlay makes Azure CNI Overlay clusters'],
    [["--network-plugin-mode", "none"], '--network-plugin-mode "none": aks-overlay makes Azure CNI Overlay clusters'],
    [["--pod-subnet-id", "/subscriptions/x"], '--pod-subnet-id "/subscriptions/x": with Azure CNI Overlay, pods take their addresses'],
  ])("refuses %o with the reason (exit 2, nothing sent)", async (extra, message) => {
    const r = await runCli(args("refused", ...extra, "--dry-run"), { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(emulator.requests).toEqual([]);
  });
});

describe("az aks create's cluster flags", () => {
  it("set the ARM fields az sets, shown in the plan, and survive a saved plan", async () => {
    const written: Record<string, string> = {};
    const flags = ["--tier", "Premium", "--enable-oidc-issuer", "--enable-workload-identity", "--node-resource-group", "nodes-rg", "--auto-upgrade-channel", "node-image", "--api-server-authorized-ip-ranges", "203.0.113.0/24,198.51.100.7"];
    const r = await runCli(args("flagged", ...flags, "--out", "plan.json"), { env, written });
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(written["plan.json"] as string);
    const body = plan.changes[0].body;
    expect(body.sku).toEqual({ name: "Base", tier: "Premium" });
    expect(body.properties).toMatchObject({
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      nodeResourceGroup: "nodes-rg",
      autoUpgradeProfile: { upgradeChannel: "node-image" },
      apiServerAccessProfile: { authorizedIPRanges: ["203.0.113.0/24", "198.51.100.7"] },
    });
    const applied = await runCli(["apply", "plan.json", "--yes", "--arm-endpoint", emulator.url], { env, files: written });
    expect(applied.code, applied.stderr).toBe(0);
    expect((puts()[0]?.body as any).properties.securityProfile).toEqual({ workloadIdentity: { enabled: true } });
  });

  it.each([
    [["--enable-workload-identity"], "--enable-workload-identity needs --enable-oidc-issuer"],
    [["--enable-private-cluster", "--api-server-authorized-ip-ranges", "1.2.3.4"], "with --enable-private-cluster: a private API server has no public endpoint"],
    [["--api-server-authorized-ip-ranges", "10.0.0.0/33"], "--api-server-authorized-ip-ranges 10.0.0.0/33: expected IPv4 addresses or CIDRs"],
    [["--tier", "gold"], '--tier "gold": not one of free, standard, premium'],
    [["--auto-upgrade-channel", "weekly"], '--auto-upgrade-channel "weekly": not one of none, patch, stable, rapid, node-image'],
  ])("refuse %o (exit 2, nothing sent)", async (extra, message) => {
    const r = await runCli(args("bad", ...extra, "--dry-run"), { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(emulator.requests).toEqual([]);
  });
});

describe("--ssh-key-value", () => {
  const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB8Xq0Zq3zKQx1J8aGs2G2u6sV0nS8hA4bF0m5dLqQ2x jane@laptop";
  it("takes a key or the path of a .pub file, as az does, for linuxProfile (admin azureuser unless --admin-username)", async () => {
    const r = await runCli(args("keyed", "--ssh-key-value", "/home/jane/.ssh/id.pub", "--admin-username", "ops", "--dry-run", "-o", "json"), { env, files: { "/home/jane/.ssh/id.pub": `${KEY}\n` } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).changes[0].body.properties.linuxProfile).toEqual({ adminUsername: "ops", ssh: { publicKeys: [{ keyData: KEY }] } });
    const inline = await runCli(args("inline", "--ssh-key-value", KEY, "--dry-run", "-o", "json"), { env });
    expect(JSON.parse(inline.stdout).changes[0].body.properties.linuxProfile.adminUsername).toBe("azureuser");
  });
  it("refuses a private key without echoing it, and anything that is not a public key", async () => {
    const secret = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n";
    const r = await runCli(args("priv", "--ssh-key-value", "id", "--dry-run"), { env, files: { id: secret } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("that file is a private key; give its public half (id.pub)");
    expect(r.stderr).not.toContain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ");
    const junk = await runCli(args("junk", "--ssh-key-value", "notes.txt", "--dry-run"), { env, files: { "notes.txt": "hello secret world" } });
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain("--ssh-key-value: not an OpenSSH public key");
    expect(junk.stderr).not.toContain("hello secret world");
    expect(emulator.requests).toEqual([]);
  });
});

describe("--generate-ssh-keys", () => {
  it("makes ~/.ssh/id_rsa (owner-only) and id_rsa.pub when missing, then uses the .pub it finds, as az does", async () => {
    const { mkdtempSync, readFileSync, rmSync, statSync } = await import("node:fs");
    const { createPublicKey } = await import("node:crypto");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const home = mkdtempSync(join(tmpdir(), "home-"));
    try {
      // A command line refused before Azure is asked anything leaves no key pair behind.
      const { existsSync } = await import("node:fs");
      for (const refused of [args("bad/name", "--generate-ssh-keys", "--dry-run"), args("gen", "--generate-ssh-keys", "--out", "p.json", "--yes"), args("gen", "--generate-ssh-keys")]) {
        const r = await runCli(refused, { env: { ...env, HOME: home } });
        expect(r.code, refused.join(" ")).toBe(2);
        expect(existsSync(join(home, ".ssh")), refused.join(" ")).toBe(false);
      }
      const first = await runCli(args("gen", "--generate-ssh-keys", "--dry-run", "-o", "json"), { env: { ...env, HOME: home } });
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toContain("Generated an SSH key pair");
      const privatePath = join(home, ".ssh", "id_rsa");
      expect(statSync(privatePath).mode & 0o777).toBe(0o600);
      const line = readFileSync(`${privatePath}.pub`, "utf8").trim();
      expect(JSON.parse(first.stdout).changes[0].body.properties.linuxProfile.ssh.publicKeys[0].keyData).toBe(line);
      // The public line is the private key's public half, in OpenSSH's wire format.
      const jwk = createPublicKey(readFileSync(privatePath, "utf8")).export({ format: "jwk" }) as { n: string; e: string };
      const blob = Buffer.from(line.split(" ")[1] as string, "base64");
      const fields: Buffer[] = [];
      for (let at = 0; at < blob.length; ) {
        const n = blob.readUInt32BE(at);
        fields.push(blob.subarray(at + 4, at + 4 + n));
        at += 4 + n;
      }
      expect(fields[0]?.toString()).toBe("ssh-rsa");
      const unsigned = (b: Buffer | undefined) => (b?.[0] === 0 ? b.subarray(1) : b)?.toString("base64url");
      expect(unsigned(fields[1])).toBe(jwk.e);
      expect(unsigned(fields[2])).toBe(jwk.n);
      const again = await runCli(args("gen2", "--generate-ssh-keys", "--dry-run", "-o", "json"), { env: { ...env, HOME: home } });
      expect(again.stderr).toContain(`Using the SSH public key ${privatePath}.pub`);
      expect(readFileSync(`${privatePath}.pub`, "utf8").trim()).toBe(line);
      const both = await runCli(args("both", "--generate-ssh-keys", "--ssh-key-value", line, "--dry-run"), { env: { ...env, HOME: home } });
      expect(both.code).toBe(2);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
