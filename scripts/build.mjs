// Bundles the CLI into dist/: one file for start-up (a single file parses and loads far faster
// than a tree of modules), with code that only some commands need split into chunks that load
// on first use.
import { readFile, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { rollup } from "rollup";
import { thirdPartyLicences } from "./licences.mjs";

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
      contents: 'export default { spawn: (...args) => process.getBuiltinModule("node:child_process").spawn(...args) };',
      loader: "js",
    }));
    b.onLoad({ filter: /^no-color-detection$/, namespace: "lazy" }, () => ({ contents: "export default { stdout: false, stderr: false };", loader: "js" }));
  },
};
/**
 * An ES module `import ... from "node:fs"` makes Node build a module facade over every export of
 * the built-in, reading each property: for node:fs that loads fs/promises (and readline), for
 * node:process it creates stdin, stdout and the report object, for node:util the parse_args, diff and
 * worker modules. Measured on Node 24, those facades cost about 7 ms of every start. Every static
 * import of a built-in is served a stand-in module that asks `process.getBuiltinModule` for it and
 * exports each name as a pure read, so only the names the bundle uses are kept and read (not a
 * CommonJS stand-in: esbuild's interop copies every property descriptor, which is what loads util's
 * lazy parts). bin/aks-overlay.js provides getBuiltinModule on the Node 22 releases before 22.3.
 */
const builtinsWithoutFacade = {
  name: "builtins-without-facade",
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) =>
      args.kind === "import-statement" && (args.path.startsWith("node:") || builtinModules.includes(args.path)) ? { path: args.path.replace(/^(node:)?/, "node:"), namespace: "builtin" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => {
      const names = Object.keys(process.getBuiltinModule(args.path)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default");
      // Local names start with $$, which no built-in export does.
      const lines = [`const $$m = process.getBuiltinModule(${JSON.stringify(args.path)});`, "const $$read = (name) => $$m[name];", "export default $$m;"];
      names.forEach((n, i) => lines.push(`const $$e${i} = /* @__PURE__ */ $$read(${JSON.stringify(n)});`, `export { $$e${i} as ${n} };`));
      return { contents: lines.join("\n"), loader: "js" };
    });
  },
};

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
const distDir = fileURLToPath(new URL("../dist/", import.meta.url));

// Stage 1, esbuild: TypeScript, JSON and every package (ES and CommonJS) bundled, with the code only
// some commands need in chunks loaded on first use. Kept in memory.
const result = await build({
  entryPoints: ["src/main.ts"],
  metafile: true,
  plugins: [lazyChildProcess, noColorDetection, builtinsWithoutFacade],
  outdir: distDir,
  write: false,
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
  sourcemap: "external",
  legalComments: "external",
  logLevel: "warning",
});
const staged = new Map(result.outputFiles.map((f) => [f.path, f.text]));

// Stage 2, rollup: the same modules, chunked again. esbuild gives every set of entry points that
// shares code a chunk of its own, so the start-up path loaded 22 files; rollup knows a chunk that
// is only imported after main.js has loaded is already in memory and puts everything main.js needs
// into one chunk. Measured: validate starts about 5 ms sooner. Nothing is transformed or
// tree-shaken again; each file's esbuild source map is chained through.
const isBuiltin = (id) => id.startsWith("node:") || builtinModules.includes(id);
const fromStage = {
  name: "from-esbuild-stage",
  resolveId(source, importer) {
    if (isBuiltin(source)) return { id: source, external: true };
    if (importer && source.startsWith(".")) return join(dirname(importer), source);
    return staged.has(source) ? source : null;
  },
  load(id) {
    const code = staged.get(id);
    if (code === undefined) throw new Error(`rollup asked for ${id}, which esbuild did not write`);
    const map = staged.get(`${id}.map`);
    return { code, map: map === undefined ? null : JSON.parse(map) };
  },
};
const bundle = await rollup({
  input: join(distDir, "main.js"),
  plugins: [fromStage],
  treeshake: false,
  onwarn: (warning, warn) => (warning.code === "CIRCULAR_DEPENDENCY" ? undefined : warn(warning)),
});
// rollup puts main.js's code in a chunk and main.js re-exports it; main.js is what bin/ and the
// tests import.
const written = await bundle.write({ dir: distDir, format: "es", sourcemap: true, entryFileNames: "[name].js", chunkFileNames: (chunk) => (chunk.name === "main" ? "startup.js" : "[name].js") });
await bundle.close();

// Bundled CommonJS packages require Node's built-ins ("net", "tls", ...) through esbuild's
// __require helper, which needs a `require` in its chunk's scope. Only the chunk that defines the
// helper gets one (a banner on every chunk would cost start-up time); its source map moves a line.
const REQUIRE_LINE = 'const require = process.getBuiltinModule("node:module").createRequire(import.meta.url);\n';
for (const chunk of written.output.filter((o) => o.type === "chunk")) {
  const { code } = chunk;
  if (!code.includes('typeof require<"u"') && !code.includes("typeof require !== \"undefined\"") && !code.includes('typeof require!="undefined"')) continue;
  await writeFile(join(distDir, chunk.fileName), REQUIRE_LINE + (await readFile(join(distDir, chunk.fileName), "utf8")));
  const mapPath = join(distDir, `${chunk.fileName}.map`);
  const map = JSON.parse(await readFile(mapPath, "utf8"));
  map.mappings = `;${map.mappings}`;
  await writeFile(mapPath, JSON.stringify(map));
}

// The licences of every package bundled into dist, beside it (the tarball carries them).
await writeFile(join(distDir, "THIRD-PARTY-LICENSES.txt"), await thirdPartyLicences(result.metafile, result.outputFiles, "aks-overlay's dist/"));
