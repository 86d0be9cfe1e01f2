// npm run release:check: builds the release tarball (npm pack), installs it globally into a
// temporary prefix as a user would, and runs the installed command from there: --help, validate,
// and create --dry-run against an emulator (the installed one, on 127.0.0.1). Also checks the
// tarball carries only what runs: bin, dist, README, LICENSE-like files, package.json, and that
// the installed dependencies are the runtime ones. Exits non-zero on any failure.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "aks-overlay-release-"));
const fail = (message) => {
  process.stderr.write(`release check: ${message}\n`);
  process.exitCode = 1;
  throw new Error(message);
};
const run = (cmd, args, options = {}) => {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...options });
  if (r.status !== 0) fail(`${cmd} ${args.join(" ")} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

let emulator;
try {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work, "--loglevel=error"], { cwd: root }));
  const tarball = join(work, packed[0].filename);
  const files = packed[0].files.map((f) => f.path);
  const stray = files.filter((f) => !/^(bin\/|dist\/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE)/.test(f));
  if (stray.length > 0) fail(`the tarball carries files that do not run: ${stray.join(", ")}`);
  console.log(`packed ${packed[0].filename}: ${files.length} files, ${(packed[0].size / 1024).toFixed(0)} kB`);

  const prefix = join(work, "prefix");
  run("npm", ["install", "--global", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", tarball]);
  const installed = join(prefix, "lib", "node_modules", "aks-overlay");
  // Everything is bundled into dist: the release installs no package of its own.
  const modules = join(installed, "node_modules");
  const deps = existsSync(modules) ? readdirSync(modules).filter((d) => !d.startsWith(".")) : [];
  if (deps.length > 0) fail(`the release installed packages besides itself: ${deps.join(", ")}`);
  const bin = join(prefix, "bin", "aks-overlay");
  const env = { ...process.env, NO_COLOR: "1" };
  const help = run(bin, ["--help"], { env });
  if (!help.includes("Usage: aks-overlay")) fail("--help printed no usage");
  const version = run(bin, ["--version"], { env }).trim();
  if (version !== pkg.version) fail(`--version says ${version}, package.json ${pkg.version}`);
  const validate = run(bin, ["validate", "-o", "json", "--pod-cidr", "10.244.0.0/16"], { env });
  if (JSON.parse(validate).kind !== "validation") fail("validate -o json printed no validation document");

  // The bundled credential chain: against Azure (never reached: the credential fails first), an
  // Azure CLI that is not signed in is exit 4 with the way to sign in. No request leaves the machine.
  const fakeAz = join(work, "fake-az");
  mkdirSync(fakeAz);
  writeFileSync(join(fakeAz, "az"), "#!/bin/sh\necho \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n");
  chmodSync(join(fakeAz, "az"), 0o755);
  const signedOut = spawnSync(bin, ["upgrade", "-g", "rg", "-n", "aks", "--dry-run"], {
    encoding: "utf8",
    env: { ...env, PATH: `${fakeAz}:${process.env.PATH}`, AZURE_TOKEN_CREDENTIALS: "AzureCliCredential", AZURE_SUBSCRIPTION_ID: "00000000-0000-0000-0000-000000000000", AKS_OVERLAY_ARM_ENDPOINT: "" },
  });
  if (signedOut.status !== 4 || !signedOut.stderr.includes("az login")) fail(`with a signed-out Azure CLI, upgrade exited ${signedOut.status}: ${signedOut.stderr.slice(0, 500)}`);

  emulator = spawn(bin, ["emulator", "--lro-polls", "0"], { env, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    emulator.once("exit", (code) => reject(new Error(`the installed emulator exited ${code}`)));
    emulator.stdout.once("data", (d) => resolve(/http:\/\/127\.0\.0\.1:\d+/.exec(String(d))?.[0]));
  });
  const sub = "00000000-0000-0000-0000-000000000000";
  const subnet = `/subscriptions/${sub}/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo-vnet/subnets/aks-nodes`;
  const plan = JSON.parse(
    run(bin, ["create", "-g", "demo-rg", "-n", "release-check", "-l", "eastus", "--vnet-subnet-id", subnet, "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--dry-run", "-o", "json"], {
      env: { ...env, AKS_OVERLAY_ARM_ENDPOINT: url, AZURE_SUBSCRIPTION_ID: sub },
    }),
  );
  if (plan.kind !== "plan" || plan.valid !== true) fail(`create --dry-run planned no valid create: ${JSON.stringify(plan).slice(0, 300)}`);
  console.log(`installed into ${prefix} (${deps.length} packages besides itself): --help, --version ${version}, validate, the credential chain (signed out: exit 4) and create --dry-run against the installed emulator all work`);

  // The single executable (Linux and macOS): built, then run with no Node on the PATH.
  if (process.platform === "linux" || process.platform === "darwin") {
    run(process.execPath, [join(root, "scripts", "build-sea.mjs")], { cwd: root });
    const exe = join(root, "build", `aks-overlay-${process.platform}-${process.arch}`);
    const bare = { NO_COLOR: "1", PATH: "/nonexistent", AKS_OVERLAY_ARM_ENDPOINT: url, AZURE_SUBSCRIPTION_ID: sub };
    if (run(exe, ["--version"], { env: bare }).trim() !== pkg.version) fail("the single executable reports another version");
    if (JSON.parse(run(exe, ["validate", "-o", "json", "--pod-cidr", "10.244.0.0/16"], { env: bare })).kind !== "validation") fail("the single executable's validate printed no document");
    const seaPlan = JSON.parse(run(exe, ["create", "-g", "demo-rg", "-n", "sea-check", "-l", "eastus", "--vnet-subnet-id", subnet, "--service-cidr", "172.20.0.0/16", "--dns-service-ip", "172.20.0.10", "--dry-run", "-o", "json"], { env: bare }));
    if (seaPlan.kind !== "plan" || seaPlan.valid !== true) fail("the single executable planned no valid create");
    const seaLicences = readFileSync(join(root, "build", "THIRD-PARTY-LICENSES.txt"), "utf8");
    for (const name of ["@azure/identity", "commander", "zod", "Node.js"]) if (!seaLicences.includes(name)) fail(`build/THIRD-PARTY-LICENSES.txt does not name ${name}`);
    console.log(`single executable ${exe}: --version, validate and create --dry-run work without Node on the PATH; its licences are beside it`);
  }
} catch (error) {
  if (!process.exitCode) {
    process.stderr.write(`release check: ${error.message}\n`);
    process.exitCode = 1;
  }
} finally {
  emulator?.kill("SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
