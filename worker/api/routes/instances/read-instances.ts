/** GET /api/v1/instances and GET /api/v1/instances/{id} — the organization's databases. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, desc, eq, isNull } from "drizzle-orm";
import { instances, POWER_STATES } from "../../../db/schema.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { afterCursor, PageQuery, pageOf, toPage } from "../../pagination.ts";
import { IdParam } from "../../schemas.ts";
import { InstanceSchema, instanceView, loadInstance } from "./instance-view.ts";

export function registerReadInstances(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      route: createRoute({
        method: "get",
        path: "/instances",
        operationId: "listInstances",
        tags: ["Databases"],
        summary: "List databases",
        request: {
          query: PageQuery.extend({
            cloudAccountId: z.string().max(64).optional(),
            provider: z.enum(["aws", "gcp"]).optional(),
            state: z.enum(POWER_STATES).optional(),
            region: z.string().max(40).optional(),
          }),
        },
        responses: { 200: { description: "Databases, newest first", content: { "application/json": { schema: pageOf(InstanceSchema, "DatabasePage") } } } },
      }),
    },
    async (c) => {
      const q = c.req.valid("query");
      const rows = await drizzle(c.env.DB)
        .select()
        .from(instances)
        .where(
          and(
            eq(instances.orgId, c.get("principal").orgId),
            isNull(instances.deletedAt),
            q.cloudAccountId ? eq(instances.cloudAccountId, q.cloudAccountId) : undefined,
            q.provider ? eq(instances.provider, q.provider) : undefined,
            q.state ? eq(instances.state, q.state) : undefined,
            q.region ? eq(instances.region, q.region) : undefined,
            afterCursor(instances.createdAt, instances.id, q.cursor),
          ),
        )
        .orderBy(desc(instances.createdAt), desc(instances.id))
        .limit(q.limit + 1);
      return c.json(toPage(rows, q.limit, (r) => ({ t: r.createdAt.getTime(), id: r.id }), instanceView), 200);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      resource: "instance",
      route: createRoute({
        method: "get",
        path: "/instances/{id}",
        operationId: "getInstance",
        tags: ["Databases"],
        summary: "Get a database",
        request: { params: IdParam },
        responses: { 200: { description: "The database", content: { "application/json": { schema: InstanceSchema } } } },
      }),
    },
    async (c) => c.json(instanceView(await loadInstance(drizzle(c.env.DB), c.get("principal").orgId, c.req.valid("param").id)), 200),
  );
}
