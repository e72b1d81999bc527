/**
 * GET /api/v1/audit-log — who changed what, filterable by actor, action, target and time, as
 * JSON pages or as a CSV export (`format=csv`, up to 10,000 rows per request, newest first).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, desc, eq, gte, lt } from "drizzle-orm";
import { auditLog } from "../../../db/schema.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { afterCursor, exactOrPrefix, PageQuery, pageOf, toPage } from "../../pagination.ts";
import { csvBody } from "../../csv.ts";

const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({ kind: z.enum(["user", "api_token", "slack", "system"]), id: z.string().nullable(), label: z.string().nullable() }),
    action: z.string().openapi({ example: "token.created" }),
    target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
    summary: z.record(z.string(), z.unknown()).nullable(),
    ip: z.string().nullable(),
    requestId: z.string().nullable().openapi({ description: "Server-generated id of the request (the X-Request-Id SnoozeQL answered with)." }),
    correlationId: z.string().nullable().openapi({ description: "The caller's own X-Request-Id, if it sent one (not trusted, for correlation only)." }),
  })
  .openapi("AuditEntry");

const Query = PageQuery.extend({
  actorId: z.string().max(64).optional(),
  action: z.string().max(64).optional().openapi({ description: "Exact action, or a prefix ending in '.' (e.g. 'token.')." }),
  targetType: z.string().max(64).optional(),
  targetId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

const CSV_LIMIT = 10_000;
type Row = typeof auditLog.$inferSelect;

const view = (r: Row): z.infer<typeof AuditEntrySchema> => ({
  id: r.id,
  at: r.at.toISOString(),
  actor: { kind: r.actorKind, id: r.actorId, label: r.actorLabel },
  action: r.action,
  target: { type: r.targetType, id: r.targetId },
  summary: (r.summary as Record<string, unknown> | null) ?? null,
  ip: r.ip,
  requestId: r.requestId,
  correlationId: r.correlationId,
});

export function registerListAuditLog(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "audit:read",
      route: createRoute({
        method: "get",
        path: "/audit-log",
        operationId: "listAuditLog",
        tags: ["Audit log"],
        summary: "Audit log",
        request: { query: Query },
        responses: {
          200: {
            description: "Entries, newest first",
            content: { "application/json": { schema: pageOf(AuditEntrySchema, "AuditEntryPage") }, "text/csv": { schema: z.string() } },
          },
        },
      }),
    },
    async (c) => {
      const q = c.req.valid("query");
      const where = and(
        eq(auditLog.orgId, c.get("principal").orgId),
        q.actorId ? eq(auditLog.actorId, q.actorId) : undefined,
        q.action ? exactOrPrefix(auditLog.action, auditLog.actionFamily, q.action) : undefined,
        q.targetType ? eq(auditLog.targetType, q.targetType) : undefined,
        q.targetId ? eq(auditLog.targetId, q.targetId) : undefined,
        q.from ? gte(auditLog.at, new Date(q.from)) : undefined,
        q.to ? lt(auditLog.at, new Date(q.to)) : undefined,
        afterCursor(auditLog.at, auditLog.id, q.cursor),
      );
      const db = drizzle(c.env.DB);
      if (q.format === "csv") {
        const rows = await db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(CSV_LIMIT);
        return csvBody(
          c,
          "snoozeql-audit-log.csv",
          ["at", "actor_kind", "actor_id", "actor", "action", "target_type", "target_id", "summary", "ip", "request_id", "correlation_id"],
          rows.map((r) => [r.at.toISOString(), r.actorKind, r.actorId, r.actorLabel, r.action, r.targetType, r.targetId, r.summary, r.ip, r.requestId, r.correlationId]),
        );
      }
      const rows = await db.select().from(auditLog).where(where).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(q.limit + 1);
      return c.json(toPage(rows, q.limit, (r) => ({ t: r.at.getTime(), id: r.id }), view), 200);
    },
  );
}
