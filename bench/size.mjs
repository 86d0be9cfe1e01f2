// npm run bench (last part): the release's installed size. Packs the tarball, installs it globally
// into a temporary prefix (as a user would) and measures what landed on disk, by package.
// Target (issue 16): under 40 MB installed. Exits 1 when missed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "aks-overlay-size-"));
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: "utf8", cwd: root });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
};
const size = (path) => {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, f) => n + size(join(path, f)), 0);
};
try {
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work, "--loglevel=error"]));
  const prefix = join(work, "prefix");
  run("npm", ["install", "--global", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", join(work, packed.filename)]);
  const installed = join(prefix, "lib", "node_modules", "aks-overlay");
  const mb = (n) => `${(n / 2 ** 20).toFixed(1)} MB`;
  const total = size(installed);
  // What the files hold, and what they take on disk (blocks: many small files take more); the target is judged on the latter.
  const disk = Number(spawnSync("du", ["-sk", installed], { encoding: "utf8" }).stdout.split(/\s/)[0]) * 1024 || total;
  const modules = join(installed, "node_modules");
  const hasModules = existsSync(modules);
  const parts = hasModules ? readdirSync(modules).filter((d) => !d.startsWith(".")).map((d) => [d, size(join(modules, d))]).sort((a, b) => b[1] - a[1]) : [];
  console.log(`\nInstalled size (npm install -g of the tarball): ${mb(disk)} on disk, ${mb(total)} of files (target under 40 MB on disk${disk >= 40 * 2 ** 20 ? " MISSED" : ""}); tarball ${mb(packed.size)}`);
  console.log(parts.length === 0 ? "  the CLI alone: every dependency is bundled into it" : `  the CLI itself ${mb(total - size(modules))}; ${parts.slice(0, 5).map(([d, n]) => `${d} ${mb(n)}`).join(", ")}`);
  if (disk >= 40 * 2 ** 20) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
