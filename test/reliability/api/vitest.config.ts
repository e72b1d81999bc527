// Reliability suites against the real local stack (Node): the OpenAPI-driven bad-input fuzzer and
// the 200-client load run. One stack (app + simulator under wrangler dev, throwaway state) serves
// both files, one after the other. `npm run test:reliability:api`.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../../..", import.meta.url)),
  test: {
    include: ["test/reliability/api/**/*.test.ts"],
    globalSetup: ["./test/reliability/api/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
