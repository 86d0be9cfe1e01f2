import { defineConfig } from "vitest/config";

/** `npm run test:live`: the acceptance run against real Azure (see test/live/azure.live.test.ts). */
export default defineConfig({
  test: {
    include: ["test/live/**/*.live.test.ts"],
    testTimeout: 60 * 60 * 1000,
    pool: "forks",
    maxWorkers: 1,
  },
});
