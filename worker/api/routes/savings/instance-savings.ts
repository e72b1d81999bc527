/**
 * GET /api/v1/instances/{id}/savings — one database's savings per local day over a range, with
 * its price and where that comes from, whether it is asleep now and what this sleep has saved so
 * far; `format=csv` for its days.
 *
 * Reads the database, its rollups, its open interval and its price history: four statements.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, between, eq, isNull, sql } from "drizzle-orm";
import { instances, organizations, savingsDaily } from "../../../db/schema.ts";
import { savedMicros } from "../../../savings/ledger.ts";
import { storedPrice } from "../../../savings/price.ts";
import type { AppEnv } from "../../context.ts";
import { csvBody } from "../../csv.ts";
import { ApiProblem } from "../../problem.ts";
import { defineRoute } from "../../route-table.ts";
import { IdParam } from "../../schemas.ts";
import { fleetOf, fleetQueries } from "./savings-daily.ts";
import { cents, CURRENCY, DAY_CSV_HEADER, dailySeries, fleetRate, dayCsvRow, openDailyRows, openIntervals, openIntervalsQuery, resolveRange, SavingsDayItem, TableQuery } from "./savings-read.ts";

export const InstanceSavingsSchema = z
  .object({
    currency: z.literal(CURRENCY),
    timezone: z.string(),
    from: z.string(),
    to: z.string(),
    instanceId: z.string(),
    hourlyPriceMicros: z.number().int().nullable(),
    priceSource: z.string(),
    totalCents: z.number().int(),
    asleepNow: z.boolean(),
    ongoingCents: z.number().int().openapi({ description: "Saved so far by the sleep in progress." }),
    items: z.array(SavingsDayItem),
  })
  .openapi("DatabaseSavings");

export function registerInstanceSavings(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      resource: "instance",
      example: { query: { from: "2026-11-01", to: "2026-11-30" } },
      route: createRoute({
        method: "get",
        path: "/instances/{id}/savings",
        operationId: "getInstanceSavings",
        tags: ["Savings"],
        summary: "A database's savings",
        request: { params: IdParam, query: TableQuery },
        responses: {
          200: { description: "Days, oldest first", content: { "application/json": { schema: InstanceSavingsSchema }, "text/csv": { schema: z.string() } } },
        },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const { id } = c.req.valid("param");
      const q = c.req.valid("query");
      const db = drizzle(c.env.DB);
      const now = Date.now();
      const [instance] = await db
        .select({ id: instances.id, name: instances.name, hourlyPriceMicros: instances.hourlyPriceMicros, priceSource: instances.priceSource, timeZone: organizations.timezone })
        .from(instances)
        .innerJoin(organizations, eq(organizations.id, instances.orgId))
        .where(and(eq(instances.id, id), eq(instances.orgId, orgId), isNull(instances.deletedAt)));
      if (!instance) throw new ApiProblem("not-found", 404, `No database ${id}.`);
      const range = resolveRange(q, instance.timeZone, now);
      const [fleetQuery, pricesQuery] = fleetQueries(db, orgId, id);
      const [days, openRows, fleetRows, prices] = await db.batch([
        db
          .select({ day: savingsDaily.day, savedMicros: sql<number>`sum(${savingsDaily.savedMicros})`.as("saved_sum"), asleepSeconds: sql<number>`sum(${savingsDaily.asleepSeconds})`.as("asleep_sum") })
          .from(savingsDaily)
          .where(and(eq(savingsDaily.orgId, orgId), eq(savingsDaily.instanceId, id), between(savingsDaily.day, range.from, range.to)))
          .groupBy(savingsDaily.day),
        openIntervalsQuery(db, orgId, id),
        fleetQuery,
        pricesQuery,
      ]);
      const open = openIntervals(openRows);
      const rows = [...days.map((d) => ({ day: d.day, savedMicros: Number(d.savedMicros), asleepSeconds: Number(d.asleepSeconds) })), ...openDailyRows(open, instance.timeZone, now)];
      const items = dailySeries(range, rows, fleetRate(fleetOf(fleetRows, prices, now)), now);
      if (q.format === "csv") return csvBody(c, `snoozeql-savings-${instance.name}-${range.from}-${range.to}.csv`, DAY_CSV_HEADER, items.map(dayCsvRow));
      const price = storedPrice(instance);
      const inRange = rows.filter((r) => r.day >= range.from && r.day <= range.to).reduce((a, r) => a + r.savedMicros, 0);
      return c.json(
        {
          currency: CURRENCY,
          timezone: instance.timeZone,
          from: range.from,
          to: range.to,
          instanceId: id,
          hourlyPriceMicros: price.hourlyMicros,
          priceSource: price.source,
          totalCents: cents(inRange),
          asleepNow: open.length > 0,
          ongoingCents: cents(open.reduce((a, i) => a + savedMicros(i, now), 0)),
          items,
        },
        200,
      );
    },
  );
}
