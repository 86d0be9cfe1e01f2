// Bundles the CLI into dist/: one file for start-up (a single file parses and loads far faster
// than a tree of modules), with code that only some commands need split into chunks that load
// on first use.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

const minify = !process.argv.includes("--no-minify");
await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ["src/main.ts"],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  packages: "bundle",
  // Loaded only on demand (design files, YAML output, the Azure SDKs): left as ordinary dependencies.
  external: ["yaml", "zod", "@azure/*", "@azure-rest/*"],
  minifyWhitespace: minify,
  minifySyntax: minify,
  keepNames: true,
  sourcemap: "linked",
  legalComments: "linked",
  logLevel: "warning",
});
