// Bundles the CLI into dist/: one file for start-up (a single file parses and loads far faster
// than a tree of modules), with code that only some commands need split into chunks that load
// on first use.
import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import { build } from "esbuild";

const minify = !process.argv.includes("--no-minify");

/**
 * commander imports node:child_process at load, for executable subcommands aks-overlay never uses;
 * compiling it costs about 2 ms of every start. Its import is served a stand-in that loads the real
 * module on the first spawn.
 */
/**
 * chalk detects the terminal's colours at load (node:tty, about 1.5 ms of every start); aks-overlay
 * decides the colour level itself (terminal.ts: NO_COLOR, FORCE_COLOR, --no-color, TTYs) and hands it
 * to every Chalk it makes, so chalk's detection is served a stand-in that detects nothing.
 */
const noColorDetection = {
  name: "no-color-detection",
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) => (args.importer.includes("node_modules/chalk/") ? { path: "no-color-detection", namespace: "lazy" } : undefined));
  },
};

const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) => (args.importer.includes("node_modules/commander/") ? { path: "lazy-child-process", namespace: "lazy" } : undefined));
    b.onLoad({ filter: /^lazy-child-process$/, namespace: "lazy" }, () => ({
      contents: 'import { createRequire } from "node:module"; const real = () => createRequire(import.meta.url)("node:child_process"); export default { spawn: (...args) => real().spawn(...args) };',
      loader: "js",
    }));
    b.onLoad({ filter: /^no-color-detection$/, namespace: "lazy" }, () => ({ contents: "export default { stdout: false, stderr: false };", loader: "js" }));
  },
};
await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
const result = await build({
  entryPoints: ["src/main.ts"],
  metafile: true,
  plugins: [lazyChildProcess, noColorDetection],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  packages: "bundle",
  // Every dependency is bundled: the release installs nothing else. Code only some commands need
  // (design files, YAML, the Azure SDK and its credentials) sits in chunks loaded on first use.
  external: [],
  minifyWhitespace: minify,
  minifySyntax: minify,
  keepNames: true,
  sourcemap: "linked",
  legalComments: "linked",
  logLevel: "warning",
});

// Bundled CommonJS packages require Node's built-ins ("net", "tls", ...) through esbuild's
// __require helper, which needs a `require` in its chunk's scope. Only the chunk that defines the
// helper gets one (a banner on every chunk would cost start-up time); its source map moves a line.
const REQUIRE_LINE = 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);\n';
const dist = new URL("../dist/", import.meta.url);
for (const file of (await readdir(dist)).filter((f) => f.endsWith(".js"))) {
  const code = await readFile(new URL(file, dist), "utf8");
  if (!code.includes('typeof require<"u"') && !code.includes("typeof require !== \"undefined\"") && !code.includes('typeof require!="undefined"')) continue;
  await writeFile(new URL(file, dist), REQUIRE_LINE + code);
  const mapUrl = new URL(`${file}.map`, dist);
  const map = JSON.parse(await readFile(mapUrl, "utf8"));
  map.mappings = `;${map.mappings}`;
  await writeFile(mapUrl, JSON.stringify(map));
}

// The licences of every package bundled into dist, beside it (the tarball carries them).
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!m) continue;
  const dir = input.slice(0, input.lastIndexOf(`node_modules/${m[1]}/`) + `node_modules/${m[1]}`.length);
  packages.set(dir, m[1]);
}
const notices = [];
for (const [dir, name] of [...packages].sort((a, b) => a[1].localeCompare(b[1]))) {
  const pkg = JSON.parse(await readFile(new URL(`../${dir}/package.json`, import.meta.url), "utf8"));
  const licenceFile = (await readdir(new URL(`../${dir}/`, import.meta.url))).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = licenceFile ? await readFile(new URL(`../${dir}/${licenceFile}`, import.meta.url), "utf8") : `(no licence file; package.json says ${pkg.license ?? "nothing"})`;
  notices.push(`${name} ${pkg.version} (${pkg.license ?? "?"})\n${"-".repeat(72)}\n${text.trim()}\n`);
}
await writeFile(new URL("THIRD-PARTY-LICENSES.txt", dist), `Packages bundled into aks-overlay's dist/, with their licences.\n\n${notices.join("\n")}`);
