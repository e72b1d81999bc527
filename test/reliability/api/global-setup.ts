// Starts the local stack once for the API reliability suites, on free ports with fresh state.
//
// Rate limits for this run (worker/auth/rate-limit.ts): the per-address limits on public routes are
// lifted so the fuzzer can send hundreds of bad bodies to sign-in and sign-up from one address;
// the per-organization limit is lifted so the per-token limit (120 a minute here, 600 by default)
// is the one the load suite drives into 429s on purpose. Everything else is the product as shipped.
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort, ROOT } from "../../../scripts/lib/process.ts";
import { startStack, type Stack } from "../../../scripts/lib/stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    simUrl: string;
    tokenLimitPerMinute: number;
  }
}

export const TOKEN_LIMIT_PER_MINUTE = 120;
let stack: Stack | undefined;

export async function setup(project: TestProject) {
  const persistTo = join(ROOT, ".wrangler/reliability-api-state");
  rmSync(persistTo, { recursive: true, force: true });
  rmSync(`${persistTo}-sim`, { recursive: true, force: true });
  const logs: string[] = [];
  const started = Date.now();
  try {
    stack = await startStack({
      port: await freePort(),
      simPort: await freePort(),
      persistTo,
      // The API needs the assets directory to exist, not a fresh SPA: build only when there is none.
      build: !existsSync(join(ROOT, "web/build/index.html")),
      ticks: false,
      vars: {
        RATE_LIMIT_PUBLIC_PER_MINUTE: "1000000",
        RATE_LIMIT_LOGIN_PER_IP: "1000000",
        RATE_LIMIT_ORG_PER_MINUTE: "1000000",
        RATE_LIMIT_TOKEN_PER_MINUTE: String(TOKEN_LIMIT_PER_MINUTE),
      },
      log: (line) => logs.push(line),
    });
  } catch (error) {
    console.error(logs.slice(-80).join("\n"));
    throw error;
  }
  console.log(`reliability: stack ready at ${stack.url} (simulator ${stack.simUrl}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide("baseUrl", stack.url);
  project.provide("simUrl", stack.simUrl);
  project.provide("tokenLimitPerMinute", TOKEN_LIMIT_PER_MINUTE);
}

export async function teardown() {
  await stack?.stop();
}
