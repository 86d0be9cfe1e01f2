#!/usr/bin/env node
// The aks-overlay command. Node's compile cache makes repeated starts faster.
import module from "node:module";

module.enableCompileCache?.();
const { main } = await import("../dist/main.js");
await main(process.argv.slice(2));
