// Fidelity tests of the cloud simulator (sim/): the official AWS SDK v3 clients, aws4fetch and
// google-auth-library + @googleapis/sqladmin against a simulator Worker started by global-setup.ts.
// Plain node environment (not the workers pool). Run: npm run test:sim
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    name: "sim",
    environment: "node",
    include: ["test/sim/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
