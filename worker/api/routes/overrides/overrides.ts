/**
 * Overrides on one database: keep it awake until T (wakes it now if asleep), keep it asleep until
 * T, or skip its next scheduled transition. They lapse by themselves and can be cancelled.
 * POST /instances/{id}/overrides, GET /overrides, DELETE /overrides/{id}. Creating goes through
 * worker/overrides/create.ts, the path Slack uses too.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import { instances, overrides } from "../../../db/schema.ts";
import { audit, authorOf } from "../../../audit/audit-log.ts";
import { createOverride } from "../../../overrides/create.ts";
import type { Env } from "../../../env.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { idempotent } from "../../idempotency.ts";
import { afterCursor, PageQuery, pageOf, toPage } from "../../pagination.ts";
import { IdParam, iso } from "../../schemas.ts";
import { loadInstance } from "../instances/instance-view.ts";
import { accountAgent } from "../../../accounts/agent.ts";

const OverrideSchema = z
  .object({
    id: z.string(),
    instanceId: z.string(),
    kind: z.enum(["keep_awake", "keep_asleep", "skip_next"]),
    until: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: z.string(),
    cancelledAt: z.string().nullable(),
    consumedAt: z.string().nullable(),
  })
  .openapi("Override");

const CreateBody = z
  .object({
    kind: z.enum(["keep_awake", "keep_asleep", "skip_next"]),
    until: z.iso.datetime({ offset: true }).optional().openapi({ description: "When it lapses (keep_awake/keep_asleep: required unless durationMinutes)." }),
    durationMinutes: z.number().int().min(1).max(60 * 24 * 31).optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .openapi("CreateOverrideRequest");

type Row = typeof overrides.$inferSelect;
const view = (r: Row) => ({
  id: r.id,
  instanceId: r.instanceId,
  kind: r.kind,
  until: iso(r.until),
  reason: r.reason,
  createdAt: r.createdAt.toISOString(),
  cancelledAt: iso(r.cancelledAt),
  consumedAt: iso(r.consumedAt),
});

async function wakeAgent(env: Env, accountId: string, orgId: string) {
  await accountAgent(env, accountId).reschedule(accountId, orgId);
}

export function registerOverrides(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "instances:act",
      resource: "instance",
      middleware: [idempotent()],
      example: { body: { kind: "keep_awake", durationMinutes: 120, reason: "Demo for the customer" } },
      route: createRoute({
        method: "post",
        path: "/instances/{id}/overrides",
        operationId: "createOverride",
        tags: ["Overrides"],
        summary: "Override a database's schedule",
        request: { params: IdParam, body: { required: true, content: { "application/json": { schema: CreateBody } } } },
        responses: { 201: { description: "Created", content: { "application/json": { schema: OverrideSchema } } } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const body = c.req.valid("json");
      const db = drizzle(c.env.DB);
      const row = await loadInstance(db, principal.orgId, c.req.valid("param").id);
      const now = Date.now();
      const until = body.until ? new Date(body.until).getTime() : body.durationMinutes ? now + body.durationMinutes * 60_000 : null;
      const problem = (path: string, message: string) => new ApiProblem("validation", 400, `body.${path}: ${message}`, { errors: [{ location: "body", path, message }] });
      if (body.kind !== "skip_next" && until === null) throw problem("until", "give until or durationMinutes for keep_awake / keep_asleep");
      if (until !== null && until <= now) throw problem("until", "must be in the future");
      if (body.kind !== "skip_next" && !row.eligible) throw new ApiProblem("conflict", 409, `SnoozeQL cannot act on this database: ${row.ineligibleReason ?? "not eligible"}.`);
      const created = await createOverride(c.env, authorOf(c), {
        instance: row,
        kind: body.kind,
        until,
        reason: body.reason ?? null,
        cause: principal.kind === "user" ? { kind: "user", id: principal.userId } : { kind: "api_token", id: principal.tokenId },
        via: "api",
      }, now);
      return c.json(view(created), 201);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      route: createRoute({
        method: "get",
        path: "/overrides",
        operationId: "listOverrides",
        tags: ["Overrides"],
        summary: "List overrides",
        request: { query: PageQuery.extend({ instanceId: z.string().max(64).optional(), active: z.enum(["true", "false"]).default("true") }) },
        responses: { 200: { description: "Overrides, newest first", content: { "application/json": { schema: pageOf(OverrideSchema, "OverridePage") } } } },
      }),
    },
    async (c) => {
      const q = c.req.valid("query");
      const now = new Date();
      const rows = await drizzle(c.env.DB)
        .select()
        .from(overrides)
        .where(
          and(
            eq(overrides.orgId, c.get("principal").orgId),
            q.instanceId ? eq(overrides.instanceId, q.instanceId) : undefined,
            q.active === "true" ? and(isNull(overrides.cancelledAt), isNull(overrides.consumedAt), or(isNull(overrides.until), gt(overrides.until, now))) : undefined,
            afterCursor(overrides.createdAt, overrides.id, q.cursor),
          ),
        )
        .orderBy(desc(overrides.createdAt), desc(overrides.id))
        .limit(q.limit + 1);
      return c.json(toPage(rows, q.limit, (r) => ({ t: r.createdAt.getTime(), id: r.id }), view), 200);
    },
  );

  defineRoute(
    app,
    {
      access: "instances:act",
      resource: "override",
      route: createRoute({
        method: "delete",
        path: "/overrides/{id}",
        operationId: "cancelOverride",
        tags: ["Overrides"],
        summary: "Cancel an override",
        request: { params: IdParam },
        responses: { 204: { description: "Cancelled; schedules apply again" } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const { id } = c.req.valid("param");
      const db = drizzle(c.env.DB);
      const [row] = await db
        .update(overrides)
        .set({ cancelledAt: new Date() })
        .where(and(eq(overrides.id, id), eq(overrides.orgId, principal.orgId), isNull(overrides.cancelledAt)))
        .returning({ instanceId: overrides.instanceId });
      if (!row) throw new ApiProblem("not-found", 404, `No active override ${id}.`);
      const [target] = await db.select({ accountId: instances.cloudAccountId }).from(instances).where(eq(instances.id, row.instanceId));
      await audit(c, { action: "override.cancelled", targetType: "instance", targetId: row.instanceId, summary: { overrideId: id } });
      if (target) await wakeAgent(c.env, target.accountId, principal.orgId);
      return c.body(null, 204);
    },
  );
}
