// End-to-end suite (Node): starts the whole local stack once — built SPA, app Worker and
// simulator under wrangler dev with their own throwaway state — then runs API and browser tests
// against it over HTTP, as a user would.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/e2e/**/*.e2e.test.ts", "test/cli/**/*.test.ts"],
    globalSetup: ["./test/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
