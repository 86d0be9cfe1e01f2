import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/"] },
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
  {
    // Azure SDKs load only in commands that talk to Azure: never from the pure core or validate.
    files: ["src/network/**/*.ts", "src/plan/**/*.ts", "src/output/**/*.ts", "src/input/**/*.ts", "src/cli/validate.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@azure/*"], message: "Azure SDKs belong in src/azure/ and load lazily." }] }],
    },
  },
);
