import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The acceptance run against real Azure is `npm run test:live` (vitest.live.config.ts).
    exclude: ["test/live/**", "**/node_modules/**"],
    testTimeout: 20_000,
    pool: "threads",
    maxWorkers: 2,
  },
});
