/** The integration as the API shows it (never its sealed config), and loading one by org. */
import { z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { integrations } from "../../../db/schema.ts";
import { ApiProblem } from "../../problem.ts";
import { iso } from "../../schemas.ts";
import { NOTIFICATION_TYPE_NAMES } from "../../../notifications/vocabulary.ts";

export const NotificationTypeSchema = z.enum(NOTIFICATION_TYPE_NAMES).openapi({ example: "database.stopped" });

export const IntegrationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["webhook", "slack_webhook", "slack_app"]),
    name: z.string(),
    target: z.string().openapi({ description: "Where it sends, without secrets (host or Slack workspace)." }),
    eventTypes: z.array(z.string()).openapi({ description: "Subscribed notification types; empty = all." }),
    channels: z.record(z.string(), z.string()).openapi({ description: "Slack app: channel id per notification type; `*` is the default." }),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    disabledAt: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Integration");

type Row = typeof integrations.$inferSelect;
export const integrationView = (r: Row) => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  target: r.target,
  eventTypes: r.eventTypes,
  channels: r.channels,
  enabled: r.enabled,
  disabledReason: r.disabledReason,
  disabledAt: iso(r.disabledAt),
  consecutiveFailures: r.consecutiveFailures,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function loadIntegration(db: DrizzleD1Database, orgId: string, id: string): Promise<Row> {
  const [row] = await db.select().from(integrations).where(and(eq(integrations.id, id), eq(integrations.orgId, orgId)));
  if (!row) throw new ApiProblem("not-found", 404, `No integration ${id}.`);
  return row;
}

/** A 400 naming the body field that is wrong. */
export function bodyProblem(path: string, message: string): ApiProblem {
  return new ApiProblem("validation", 400, `body.${path}: ${message}`, { errors: [{ location: "body", path, message }] });
}
