#!/usr/bin/env node
// The aks-overlay command. Node's compile cache makes repeated starts faster.
import module from "node:module";

const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write(
    `aks-overlay needs Node.js 22 or later; this is Node.js ${process.versions.node}.\n` +
      "Install a current Node.js, or run it from a clone of the repository with 'npx aks-overlay', which uses the Node.js 24 it pins.\n",
  );
  process.exit(2);
}
module.enableCompileCache?.();
// dist/ reads Node's built-in modules through process.getBuiltinModule (Node 22.3 and later), which
// costs less at start than importing them; the Node 22 releases before 22.3 get it from require.
process.getBuiltinModule ??= module.createRequire(import.meta.url);
const { main } = await import("../dist/main.js");
await main(process.argv.slice(2));
