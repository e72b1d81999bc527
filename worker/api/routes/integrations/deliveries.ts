/**
 * The delivery log of an integration (GET /integrations/{id}/deliveries: status, attempts,
 * latency, the receiver's answer — never our secrets) and "send test"
 * (POST /integrations/{id}/test), which delivers a test notification now and reports how it went;
 * a test that should be retried continues through the `notifications` queue.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, desc, eq } from "drizzle-orm";
import { deliveries } from "../../../db/schema.ts";
import { ulid } from "../../../db/ids.ts";
import { audit } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { afterCursor, PageQuery, pageOf, toPage } from "../../pagination.ts";
import { IdParam, iso } from "../../schemas.ts";
import { deliverJob, type NotificationJob } from "../../../notifications/deliver.ts";
import { loadIntegration } from "./integration-view.ts";

const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: "Also the `webhook-id` header the receiver saw." }),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(["pending", "delivered", "failed", "dead"]),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    latencyMs: z.number().int().nullable(),
    responseSnippet: z.string().nullable(),
    createdAt: z.string(),
    lastAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
  })
  .openapi("Delivery");

type Row = typeof deliveries.$inferSelect;
const view = (r: Row) => ({
  id: r.id,
  eventId: r.eventId,
  eventType: r.eventType,
  status: r.status,
  attempts: r.attempts,
  lastStatusCode: r.lastStatusCode,
  lastError: r.lastError,
  latencyMs: r.latencyMs,
  responseSnippet: r.responseSnippet,
  createdAt: r.createdAt.toISOString(),
  lastAttemptAt: iso(r.lastAttemptAt),
  deliveredAt: iso(r.deliveredAt),
});

export function registerIntegrationDeliveries(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "integrations:write",
      resource: "integration",
      route: createRoute({
        operationId: "listIntegrationDeliveries",
        method: "get",
        path: "/integrations/{id}/deliveries",
        tags: ["Integrations"],
        summary: "Delivery log",
        request: { params: IdParam, query: PageQuery },
        responses: { 200: { description: "Deliveries, newest first", content: { "application/json": { schema: pageOf(DeliverySchema, "DeliveryPage") } } } },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const db = drizzle(c.env.DB);
      const integration = await loadIntegration(db, orgId, c.req.valid("param").id);
      const q = c.req.valid("query");
      const rows = await db
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.orgId, orgId), eq(deliveries.integrationId, integration.id), afterCursor(deliveries.createdAt, deliveries.id, q.cursor)))
        .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
        .limit(q.limit + 1);
      return c.json(toPage(rows, q.limit, (r) => ({ t: r.createdAt.getTime(), id: r.id }), view), 200);
    },
  );

  defineRoute(
    app,
    {
      access: "integrations:write",
      resource: "integration",
      route: createRoute({
        operationId: "testIntegration",
        method: "post",
        path: "/integrations/{id}/test",
        tags: ["Integrations"],
        summary: "Send a test notification",
        request: { params: IdParam },
        responses: { 200: { description: "What the first attempt did (see the delivery log for retries)", content: { "application/json": { schema: DeliverySchema } } } },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const db = drizzle(c.env.DB);
      const integration = await loadIntegration(db, orgId, c.req.valid("param").id);
      const job: NotificationJob = { orgId, integrationId: integration.id, eventId: `test_${ulid()}`, type: "test" };
      const outcome = await deliverJob(c.env, job);
      if (outcome.kind === "retry") await c.env.NOTIFICATIONS.send(job, { delaySeconds: outcome.delaySeconds });
      await audit(c, { action: "integration.tested", targetType: "integration", targetId: integration.id, summary: { outcome: outcome.kind } });
      const [row] = await db.select().from(deliveries).where(and(eq(deliveries.orgId, orgId), eq(deliveries.integrationId, integration.id), eq(deliveries.eventId, job.eventId)));
      return c.json(view(row!), 200);
    },
  );
}
