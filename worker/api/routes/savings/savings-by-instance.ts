/**
 * GET /api/v1/savings/by-instance — savings per database over a range of local days, each with
 * the price used and where it comes from (catalog, override, unknown) and the account discount;
 * `format=csv` for a spreadsheet.
 *
 * Reads each database's range sum from its running totals (`savings_running`: a few lookups per
 * database, whatever the range), open intervals and the fleet: four statements.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { cloudAccounts, instances } from "../../../db/schema.ts";
import { discountPercentText, storedPrice } from "../../../savings/price.ts";
import type { AppEnv } from "../../context.ts";
import { csvBody } from "../../csv.ts";
import { defineRoute } from "../../route-table.ts";
import { cents, CURRENCY, hours, openDailyRows, openIntervals, openIntervalsQuery, orgTimeZone, rangeSumsByInstance, resolveRange, TableQuery } from "./savings-read.ts";

const Item = z
  .object({
    instanceId: z.string(),
    name: z.string(),
    provider: z.enum(["aws", "gcp"]),
    region: z.string(),
    engine: z.string(),
    instanceClass: z.string().nullable(),
    hourlyPriceMicros: z.number().int().nullable().openapi({ description: "Effective price now; null = unknown (set one)." }),
    priceSource: z.string().openapi({ example: "catalog 2026-11" }),
    discountPercent: z.number().openapi({ description: "The account's discount on catalog prices." }),
    savedCents: z.number().int(),
    hoursAsleep: z.number(),
    asleepNow: z.boolean(),
  })
  .openapi("InstanceSavings");

export const SavingsByInstanceSchema = z
  .object({ currency: z.literal(CURRENCY), timezone: z.string(), from: z.string(), to: z.string(), items: z.array(Item) })
  .openapi("SavingsByInstance");

export function registerSavingsByInstance(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      example: { query: { from: "2026-11-01", to: "2026-11-30" } },
      route: createRoute({
        method: "get",
        path: "/savings/by-instance",
        operationId: "listSavingsByInstance",
        tags: ["Savings"],
        summary: "Savings per database",
        description: "Every database of the organization (and removed ones that saved in the range), most saved first.",
        request: { query: TableQuery },
        responses: {
          200: { description: "Databases", content: { "application/json": { schema: SavingsByInstanceSchema }, "text/csv": { schema: z.string() } } },
        },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const q = c.req.valid("query");
      const db = drizzle(c.env.DB);
      const now = Date.now();
      const timeZone = await orgTimeZone(db, orgId);
      const range = resolveRange(q, timeZone, now);
      const [sums, fleet, openRows] = await db.batch([
        rangeSumsByInstance(db, orgId, range.from, range.to),
        db
          .select({
            id: instances.id,
            name: instances.name,
            provider: instances.provider,
            region: instances.region,
            engine: instances.engine,
            instanceClass: instances.instanceClass,
            hourlyPriceMicros: instances.hourlyPriceMicros,
            priceSource: instances.priceSource,
            deletedAt: instances.deletedAt,
            discountBps: cloudAccounts.discountBps,
          })
          .from(instances)
          .innerJoin(cloudAccounts, eq(cloudAccounts.id, instances.cloudAccountId))
          .where(eq(instances.orgId, orgId)),
        openIntervalsQuery(db, orgId),
      ]);
      const totals = new Map<string, { saved: number; seconds: number }>();
      const add = (id: string, saved: number, seconds: number) => {
        const t = totals.get(id) ?? { saved: 0, seconds: 0 };
        t.saved += saved;
        t.seconds += seconds;
        totals.set(id, t);
      };
      for (const s of sums) add(s.instanceId, Number(s.saved), Number(s.seconds));
      const open = openIntervals(openRows);
      for (const r of openDailyRows(open, timeZone, now)) if (r.day >= range.from && r.day <= range.to) add(r.instanceId, r.savedMicros, r.asleepSeconds);
      const asleep = new Set(open.map((i) => i.instanceId));

      const items = fleet
        .filter((i) => !i.deletedAt || totals.has(i.id))
        .map((i) => {
          const t = totals.get(i.id) ?? { saved: 0, seconds: 0 };
          const price = storedPrice(i);
          return {
            instanceId: i.id,
            name: i.name,
            provider: i.provider,
            region: i.region,
            engine: i.engine,
            instanceClass: i.instanceClass,
            hourlyPriceMicros: price.hourlyMicros,
            priceSource: price.source,
            discountPercent: Number(discountPercentText(i.discountBps)),
            savedCents: cents(t.saved),
            hoursAsleep: hours(t.seconds),
            asleepNow: asleep.has(i.id),
            saved: t.saved,
          };
        })
        .sort((a, b) => b.saved - a.saved || a.name.localeCompare(b.name) || (a.instanceId < b.instanceId ? -1 : 1))
        .map(({ saved: _saved, ...item }) => item);

      if (q.format === "csv")
        return csvBody(
          c,
          `snoozeql-savings-by-database-${range.from}-${range.to}.csv`,
          ["instance_id", "name", "provider", "region", "engine", "instance_class", "hourly_price_micros", "price_source", "discount_percent", "saved_cents", "hours_asleep", "asleep_now"],
          items.map((i) => [i.instanceId, i.name, i.provider, i.region, i.engine, i.instanceClass, i.hourlyPriceMicros, i.priceSource, i.discountPercent, i.savedCents, i.hoursAsleep, i.asleepNow]),
        );
      return c.json({ currency: CURRENCY, timezone: timeZone, from: range.from, to: range.to, items }, 200);
    },
  );
}
