/**
 * PUT /api/v1/instances/{id}/price — a person's hourly price for one database (reserved instance,
 * negotiated rate, a price the catalog does not know), or null to go back to the catalog. It takes
 * effect now: the price history gets a row and a sleep in progress is split at this instant, so
 * past savings keep the price they were earned at. Audited with before/after.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import { instances } from "../../../db/schema.ts";
import { audit } from "../../../audit/audit-log.ts";
import { repriceInstance } from "../../../savings/store.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { IdParam } from "../../schemas.ts";
import { ApiProblem } from "../../problem.ts";
import { InstanceSchema, instanceView, loadInstance } from "./instance-view.ts";

/** $100,000 per hour: far above any database, low enough that a typo does not pass. */
const MAX_HOURLY_MICROS = 100_000_000_000;

export function registerInstancePrice(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "pricing:write",
      resource: "instance",
      example: { body: { hourlyPriceMicros: 72_000 } },
      route: createRoute({
        method: "put",
        path: "/instances/{id}/price",
        operationId: "setInstancePrice",
        tags: ["Databases"],
        summary: "Set a database's price",
        description: "Overrides the catalog price (micro-dollars per hour, e.g. 72000 = $0.072/h); null clears the override. Effective now.",
        request: {
          params: IdParam,
          body: {
            required: true,
            content: {
              "application/json": {
                schema: z
                  .object({ hourlyPriceMicros: z.number().int({ error: "must be an integer number of micro-dollars" }).positive().max(MAX_HOURLY_MICROS).nullable() })
                  .strict()
                  .openapi("PriceOverride"),
              },
            },
          },
        },
        responses: { 200: { description: "The database with its new price", content: { "application/json": { schema: InstanceSchema } } } },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const { id } = c.req.valid("param");
      const { hourlyPriceMicros } = c.req.valid("json");
      const db = drizzle(c.env.DB);
      const before = await loadInstance(db, orgId, id);
      const now = Date.now();
      await db.update(instances).set({ priceOverrideMicros: hourlyPriceMicros, updatedAt: new Date(now) }).where(and(eq(instances.id, id), eq(instances.orgId, orgId)));
      const price = await repriceInstance(c.env.DB, orgId, id, now);
      if (!price) throw new ApiProblem("not-found", 404, `No database ${id}.`);
      await audit(c, {
        action: "instance.price_set",
        targetType: "instance",
        targetId: id,
        summary: {
          before: { overrideMicros: before.priceOverrideMicros, hourlyPriceMicros: before.hourlyPriceMicros, priceSource: before.priceSource },
          after: { overrideMicros: hourlyPriceMicros, hourlyPriceMicros: price.hourlyMicros, priceSource: price.source },
        },
      });
      return c.json(instanceView(await loadInstance(db, orgId, id)), 200);
    },
  );
}
