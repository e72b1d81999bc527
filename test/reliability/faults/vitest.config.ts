// The reliability suites that break things on purpose (faults, redelivery, eviction): the Workers
// runtime with the bindings of the main suite (test/vitest.config.ts: local D1, queues, Durable
// Objects; the simulator started by its global setup), but only the files here.
// `npm run test:reliability:faults`.
import { defineConfig } from "vitest/config";
import main from "../../vitest.config.ts";

export default defineConfig(async (env) => {
  const base = await (main as unknown as (e: typeof env) => Promise<{ test?: Record<string, unknown> }>)(env);
  return {
    ...base,
    test: {
      ...base.test,
      include: ["test/reliability/faults/**/*.test.ts"],
      exclude: ["node_modules/**"],
      testTimeout: 150_000,
    },
  };
});
