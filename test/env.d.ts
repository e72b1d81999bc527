// Types for `env` inside the Workers-runtime tests: the Worker's bindings plus test-only ones.
import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../worker/env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
    }
    interface GlobalProps {
      mainModule: typeof import("../worker/index.ts");
      durableNamespaces: "AccountAgent" | "RateLimiter";
    }
  }
}
