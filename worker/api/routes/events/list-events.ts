/**
 * GET /api/v1/events — what happened to the organization's databases and accounts (observed or
 * caused, with the cause), filterable by database, account, type, cause and time range; cursor
 * pagination, or CSV export with `format=csv` (up to 10,000 rows, newest first).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, desc, eq, gte, lt } from "drizzle-orm";
import { CAUSE_KINDS, events } from "../../../db/schema.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { afterCursor, exactOrPrefix, PageQuery, pageOf, toPage } from "../../pagination.ts";
import { csvBody } from "../../csv.ts";

export const EventSchema = z
  .object({
    id: z.string(),
    type: z.string().openapi({ example: "instance.stopped" }),
    occurredAt: z.string(),
    instanceId: z.string().nullable(),
    cloudAccountId: z.string().nullable(),
    cause: z.object({ kind: z.enum(CAUSE_KINDS), id: z.string().nullable() }),
    fromState: z.string().nullable(),
    toState: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi("Event");

const Query = PageQuery.extend({
  instanceId: z.string().max(64).optional(),
  cloudAccountId: z.string().max(64).optional(),
  type: z.string().max(64).optional().openapi({ description: "Exact type, or a prefix ending in '.' (e.g. 'instance.')." }),
  cause: z.enum(CAUSE_KINDS).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

type Row = typeof events.$inferSelect;
const view = (r: Row): z.infer<typeof EventSchema> => ({
  id: r.id,
  type: r.type,
  occurredAt: r.occurredAt.toISOString(),
  instanceId: r.instanceId,
  cloudAccountId: r.cloudAccountId,
  cause: { kind: r.causeKind, id: r.causeId },
  fromState: r.fromState,
  toState: r.toState,
  detail: r.detail ?? null,
});

export function registerListEvents(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      route: createRoute({
        method: "get",
        path: "/events",
        operationId: "listEvents",
        tags: ["Events"],
        summary: "Events",
        request: { query: Query },
        responses: {
          200: { description: "Events, newest first", content: { "application/json": { schema: pageOf(EventSchema, "EventPage") }, "text/csv": { schema: z.string() } } },
        },
      }),
    },
    async (c) => {
      const q = c.req.valid("query");
      const where = and(
        eq(events.orgId, c.get("principal").orgId),
        q.instanceId ? eq(events.instanceId, q.instanceId) : undefined,
        q.cloudAccountId ? eq(events.cloudAccountId, q.cloudAccountId) : undefined,
        q.type ? exactOrPrefix(events.type, events.typeFamily, q.type) : undefined,
        q.cause ? eq(events.causeKind, q.cause) : undefined,
        q.from ? gte(events.occurredAt, new Date(q.from)) : undefined,
        q.to ? lt(events.occurredAt, new Date(q.to)) : undefined,
        afterCursor(events.occurredAt, events.id, q.cursor),
      );
      const db = drizzle(c.env.DB);
      if (q.format === "csv") {
        const rows = await db.select().from(events).where(where).orderBy(desc(events.occurredAt), desc(events.id)).limit(10_000);
        return csvBody(
          c,
          "snoozeql-events.csv",
          ["occurred_at", "type", "instance_id", "cloud_account_id", "cause", "cause_id", "from_state", "to_state", "detail"],
          rows.map((r) => [r.occurredAt.toISOString(), r.type, r.instanceId, r.cloudAccountId, r.causeKind, r.causeId, r.fromState, r.toState, r.detail]),
        );
      }
      const rows = await db.select().from(events).where(where).orderBy(desc(events.occurredAt), desc(events.id)).limit(q.limit + 1);
      return c.json(toPage(rows, q.limit, (r) => ({ t: r.occurredAt.getTime(), id: r.id }), view), 200);
    },
  );
}
