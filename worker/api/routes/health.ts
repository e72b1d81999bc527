/**
 * GET /api/v1/health — is this deployment able to work? Reports the version, whether D1 answers
 * (with its round-trip time), and whether the queue producers and the AccountAgent namespace are
 * bound. 200 when everything is in place, 503 (same body) when something is missing, so load
 * balancers and uptime checks can use the status code alone. Public: it reveals no tenant data
 * and no raw error text (those go to the logs).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../context.ts";
import type { Env } from "../../env.ts";
import { defineRoute } from "../route-table.ts";
import { errorText, log } from "../../log.ts";

const Check = z.object({ ok: z.boolean(), error: z.string().optional() });

export const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    version: z.string().openapi({ example: "0.1.0" }),
    environment: z.string().openapi({ example: "production" }),
    checks: z.object({
      d1: Check.extend({ latencyMs: z.number().optional() }),
      durableObjects: Check,
      queues: Check.extend({ bindings: z.array(z.string()) }),
    }),
    time: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Health");

export type Health = z.infer<typeof HealthSchema>;

const route = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["Operations"],
  summary: "Service health",
  description: "Version, D1 reachability and binding checks. No authentication required.",
  responses: {
    200: { description: "Everything needed is reachable", content: { "application/json": { schema: HealthSchema } } },
    503: { description: "Something needed is missing or unreachable", content: { "application/json": { schema: HealthSchema } } },
  },
});

const QUEUE_BINDINGS = ["ACCOUNT_TICKS", "EVENTS", "NOTIFICATIONS"] as const;

export async function checkHealth(env: Env, now = () => Date.now()): Promise<Health> {
  const started = now();
  let d1: Health["checks"]["d1"];
  try {
    await env.DB.prepare("select 1 as ok").first();
    d1 = { ok: true, latencyMs: now() - started };
  } catch (error) {
    // The raw error goes to the logs only: the endpoint is public.
    log.error("health: D1 check failed", { error: errorText(error) });
    d1 = { ok: false, error: "D1 did not answer" };
  }
  const presentQueues = QUEUE_BINDINGS.filter((name) => typeof env[name]?.send === "function");
  const queues = {
    ok: presentQueues.length === QUEUE_BINDINGS.length,
    bindings: [...presentQueues],
    ...(presentQueues.length !== QUEUE_BINDINGS.length && {
      error: `missing: ${QUEUE_BINDINGS.filter((q) => !presentQueues.includes(q)).join(", ")}`,
    }),
  };
  const durableObjects = typeof env.ACCOUNT_AGENT?.idFromName === "function"
    ? { ok: true }
    : { ok: false, error: "ACCOUNT_AGENT is not bound" };
  const ok = d1.ok && queues.ok && durableObjects.ok;
  return {
    status: ok ? "ok" : "degraded",
    version: env.APP_VERSION,
    environment: env.APP_ENV,
    checks: { d1, durableObjects, queues },
    time: new Date(now()).toISOString(),
  };
}

export function registerHealth(app: OpenAPIHono<AppEnv>): void {
  defineRoute(app, { access: "public", route }, async (c) => {
    const health = await checkHealth(c.env);
    return c.json(health, health.status === "ok" ? 200 : 503);
  });
}
