// Calling the Worker as another deployment would: the test bindings with some values replaced
// (a production config, a rotated key, a broken database), through the real fetch handler.
import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../worker/index.ts";
import type { Env } from "../../worker/env.ts";
import { BASE } from "./auth.ts";

/** The Worker's bindings as the tests have them (without test-only ones), with `overrides`. */
export function deploymentEnv(overrides: Record<string, unknown> = {}): Env {
  // MAIL_API_BASE_URL is the local simulator (test/setup.ts), which only development-like
  // deployments accept: another deployment uses the provider's default unless it says otherwise.
  const { TEST_MIGRATIONS: _migrations, MAIL_API_BASE_URL: _mail, ...bindings } = env as typeof env & { MAIL_API_BASE_URL?: string };
  return { ...bindings, ...overrides } as unknown as Env;
}

/** `path` under /api/v1, answered by the Worker running with `deployment`. */
export async function apiUnder(deployment: Env, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${BASE}/api/v1${path}`, init) as never, deployment as never, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}
