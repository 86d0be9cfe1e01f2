// npm run build:sea: a single executable for machines without Node or npm, with Node's own Single
// Executable Applications (node --experimental-sea-config, then the blob injected into a copy of
// this Node binary with postject, the tool Node's documentation names). The CLI, the emulator and
// every dependency are bundled into one CommonJS file first (SEA runs one script). Writes
// build/aks-overlay-<platform>-<arch> (about the size of the node binary) and, to ship beside it,
// build/THIRD-PARTY-LICENSES.txt. Linux and macOS.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { thirdPartyLicences } from "./licences.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, "build");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const entry = join(out, "sea-entry.ts");
// The entry: what bin/aks-overlay.js does, minus the compile cache (SEA has its own code cache).
writeFileSync(entry, `import { main } from "../src/main.ts";\nvoid main(process.argv.slice(2));\n`);
const bundle = join(out, "aks-overlay.cjs");
const built = await build({ entryPoints: [entry], outfile: bundle, bundle: true, format: "cjs", platform: "node", target: "node24", minify: true, keepNames: true, logLevel: "warning", legalComments: "external", metafile: true, write: false });
for (const file of built.outputFiles) if (file.path === bundle) writeFileSync(bundle, file.contents);
const blob = join(out, "sea-prep.blob");
const config = join(out, "sea-config.json");
writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }));
execFileSync(process.execPath, ["--experimental-sea-config", config], { stdio: "inherit" });
const exe = join(out, `aks-overlay-${process.platform}-${process.arch}`);
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
const postject = join(root, "node_modules", "postject", "dist", "cli.js");
execFileSync(process.execPath, [postject, exe, "NODE_SEA_BLOB", blob, "--sentinel-fuse", "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2", ...(process.platform === "darwin" ? ["--macho-segment-name", "NODE_SEA"] : [])], { stdio: "inherit" });
for (const f of [entry, blob, config]) rmSync(f, { force: true });
// The licences of what the executable holds, to ship beside it.
const licences = join(out, "THIRD-PARTY-LICENSES.txt");
const runtime = `\nNode.js ${process.version} (MIT)\n${"-".repeat(72)}\nThe executable is a copy of the Node.js ${process.version} binary with aks-overlay injected. Node.js is\nMIT-licensed; its licence and those of the libraries it bundles are in its LICENSE file:\nhttps://github.com/nodejs/node/blob/${process.version}/LICENSE\n`;
writeFileSync(licences, (await thirdPartyLicences(built.metafile, built.outputFiles, `the aks-overlay executable ${basename(exe)}`)) + runtime);
console.log(`built ${exe}, and ${licences} to ship beside it`);
