import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Import patterns for a layer that must not reach another folder of src/ (any depth of ../). */
const folder = (name) => [`../${name}/*`, `../../${name}/*`, `../${name}.js`, `../../${name}.js`];
const NODE_IO = ["node:fs", "node:fs/*", "node:child_process", "node:http", "node:https", "node:net", "node:readline", "node:process", "node:os"];
const restrict = (groups) => ["error", { patterns: groups.map(([group, message]) => ({ group, message })) }];

const AZURE_SDK = [["@azure/*", "@azure-rest/*"], "Azure SDKs belong in src/azure/ and load lazily."];
const NO_IO = [NODE_IO, "The pure core does no I/O: pass what it needs in as arguments."];
const NO_CLI = [[...folder("cli"), ...folder("main"), ...folder("deps")], "Commands and wiring depend on this layer, not the other way round."];
const NO_AZURE = [folder("azure"), "Only operations and commands talk to Azure (through the port)."];
const NO_OPS = [folder("ops"), "Operations sit above this layer."];
const NO_PLAN = [folder("plan"), "The emulator is an independent model of Azure: it knows no plans."];
const NO_OUTPUT = [folder("output"), "Rendering is the command's job."];
const NO_EMULATOR = [folder("emulator"), "The emulator is a separate model of Azure."];

export default tseslint.config(
  { ignores: ["dist/", "build/", "node_modules/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", performance: "readonly", AbortController: "readonly", fetch: "readonly", setTimeout: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-control-regex": "off",
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  // The layering (house style): who may import whom. network and plan are the pure core.
  { files: ["src/network/**/*.ts"], rules: { "no-restricted-imports": restrict([AZURE_SDK, NO_IO, NO_CLI, NO_AZURE, NO_OPS, NO_PLAN, NO_OUTPUT, NO_EMULATOR]) } },
  { files: ["src/plan/**/*.ts"], rules: { "no-restricted-imports": restrict([AZURE_SDK, NO_IO, NO_CLI, NO_AZURE, NO_OPS, NO_OUTPUT, NO_EMULATOR]) } },
  { files: ["src/ops/**/*.ts"], rules: { "no-restricted-imports": restrict([AZURE_SDK, NO_IO, NO_CLI, NO_OUTPUT, NO_EMULATOR]) } },
  { files: ["src/output/**/*.ts", "src/input/**/*.ts"], rules: { "no-restricted-imports": restrict([AZURE_SDK, NO_CLI, NO_AZURE, NO_OPS, NO_EMULATOR]) } },
  { files: ["src/azure/**/*.ts"], rules: { "no-restricted-imports": restrict([NO_CLI, NO_OPS, NO_OUTPUT, NO_EMULATOR]) } },
  { files: ["src/emulator/**/*.ts"], rules: { "no-restricted-imports": restrict([AZURE_SDK, NO_CLI, NO_AZURE, NO_OPS, NO_PLAN, NO_OUTPUT]) } },
  // validate never loads an Azure SDK (it must start like bare Node).
  { files: ["src/cli/validate.ts"], rules: { "no-restricted-imports": restrict([AZURE_SDK, NO_AZURE, NO_OPS]) } },
);
