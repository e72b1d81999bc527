/**
 * GET /api/v1/savings/daily — saved money per local day, with the fleet's actual compute cost
 * against what it would have cost running 24/7 (projected), for the organization or one database;
 * `format=csv` for a spreadsheet.
 *
 * Reads rollups: the organization's days from `savings_org_daily` and its projected cost from
 * `savings_fleet_rate` (a few breakpoints, not the fleet's price history); one database's days from
 * `savings_daily` and its own price history. Plus the head statement (time zone, savings version:
 * ./savings-memo.ts) and open intervals: at most five statements, none growing with databases ×
 * days. The organization's rows are memoized per isolate at its savings version, so a repeated
 * read costs the head statement alone; open intervals are accrued up to each request's `now`.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, asc, between, eq, sql } from "drizzle-orm";
import { instancePrices, instances, savingsDaily, savingsOrgDaily } from "../../../db/schema.ts";
import type { AppEnv } from "../../context.ts";
import { csvBody } from "../../csv.ts";
import { ApiProblem } from "../../problem.ts";
import { defineRoute } from "../../route-table.ts";
import { CURRENCY, DAY_CSV_HEADER, dailySeries, dayCsvRow, fleetRate, openDailyRows, openIntervals, openIntervalsQuery, resolveRange, SavingsDayItem, TableQuery, type OpenInterval, type PricePeriod } from "./savings-read.ts";
import { SavingsMemo, savingsHead } from "./savings-memo.ts";
import { fleetRateQuery } from "../../../savings/fleet-rate.ts";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { storedPrice } from "../../../savings/price.ts";

export const SavingsDailySchema = z
  .object({ currency: z.literal(CURRENCY), timezone: z.string(), from: z.string(), to: z.string(), items: z.array(SavingsDayItem) })
  .openapi("SavingsDaily");

/** Statements for the databases' price history and lifetime (for the projected cost). */
export function fleetQueries(db: DrizzleD1Database, orgId: string, instanceId?: string) {
  return [
    db
      .select({ id: instances.id, hourlyPriceMicros: instances.hourlyPriceMicros, priceSource: instances.priceSource, deletedAt: instances.deletedAt })
      .from(instances)
      .where(and(eq(instances.orgId, orgId), instanceId ? eq(instances.id, instanceId) : undefined)),
    db
      .select({ instanceId: instancePrices.instanceId, from: instancePrices.effectiveFrom, hourlyMicros: instancePrices.hourlyMicros })
      .from(instancePrices)
      .where(and(eq(instancePrices.orgId, orgId), instanceId ? eq(instancePrices.instanceId, instanceId) : undefined))
      .orderBy(asc(instancePrices.instanceId), asc(instancePrices.effectiveFrom)),
  ] as const;
}

/** Each database's price history (its current price when it has none yet) and when it left the fleet. */
export function fleetOf(
  rows: { id: string; hourlyPriceMicros: number; priceSource: string | null; deletedAt: Date | null }[],
  prices: { instanceId: string; from: Date; hourlyMicros: number | null }[],
  now: number,
): { history: PricePeriod[]; until: number | null }[] {
  const histories = new Map<string, PricePeriod[]>();
  for (const p of prices) {
    const h = histories.get(p.instanceId) ?? [];
    h.push({ from: p.from.getTime(), hourlyMicros: p.hourlyMicros });
    histories.set(p.instanceId, h);
  }
  return rows.map((r) => ({
    history: histories.get(r.id) ?? [{ from: 0, hourlyMicros: storedPrice(r).hourlyMicros }],
    until: Math.min(r.deletedAt?.getTime() ?? now, now),
  }));
}

/** The organization's rows for one range at one savings version (closed days, open sleeps, fleet rate). */
interface DailyRows {
  days: { day: string; savedMicros: number; asleepSeconds: number }[];
  open: OpenInterval[];
  rate: { at: number; rate: number }[];
}
/** Organization series per (organization, time zone, range), at most this many per isolate. */
const memo = new SavingsMemo<DailyRows>(256);

export function registerSavingsDaily(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      example: { query: { from: "2026-11-01", to: "2026-11-30" } },
      route: createRoute({
        method: "get",
        path: "/savings/daily",
        operationId: "listSavingsDaily",
        tags: ["Savings"],
        summary: "Savings per day",
        description: "Per local day: saved cents, hours asleep, and actual against projected (24/7) compute cost. `instanceId` narrows it to one database.",
        request: { query: TableQuery.extend({ instanceId: z.string().min(1).max(64).optional() }) },
        responses: {
          200: { description: "Days, oldest first", content: { "application/json": { schema: SavingsDailySchema }, "text/csv": { schema: z.string() } } },
        },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const q = c.req.valid("query");
      const db = drizzle(c.env.DB);
      const now = Date.now();
      const head = await savingsHead(db, orgId);
      const timeZone = head.timeZone;
      const range = resolveRange(q, timeZone, now);
      const respond = (items: z.infer<typeof SavingsDayItem>[]) =>
        q.format === "csv"
          ? csvBody(c, `snoozeql-savings-daily-${range.from}-${range.to}.csv`, DAY_CSV_HEADER, items.map(dayCsvRow))
          : c.json({ currency: CURRENCY, timezone: timeZone, from: range.from, to: range.to, items }, 200);
      if (q.instanceId) {
        const [days, openRows, fleetRows, prices] = await db.batch([
          db
            .select({ day: savingsDaily.day, savedMicros: sql<number>`sum(${savingsDaily.savedMicros})`.as("saved_sum"), asleepSeconds: sql<number>`sum(${savingsDaily.asleepSeconds})`.as("asleep_sum") })
            .from(savingsDaily)
            .where(and(eq(savingsDaily.orgId, orgId), between(savingsDaily.day, range.from, range.to), eq(savingsDaily.instanceId, q.instanceId)))
            .groupBy(savingsDaily.day),
          openIntervalsQuery(db, orgId, q.instanceId),
          ...fleetQueries(db, orgId, q.instanceId),
        ]);
        if (fleetRows.length === 0) throw new ApiProblem("not-found", 404, `No database ${q.instanceId}.`);
        const rows = [...days.map((d) => ({ day: d.day, savedMicros: Number(d.savedMicros), asleepSeconds: Number(d.asleepSeconds) })), ...openDailyRows(openIntervals(openRows), timeZone, now)];
        return respond(dailySeries(range, rows, fleetRate(fleetOf(fleetRows, prices, now)), now));
      }
      const key = `${orgId}|${timeZone}|${range.from}|${range.to}`;
      let rows = memo.get(key, head.version);
      if (!rows) {
        const [days, openRows, rate] = await db.batch([
          db
            .select({ day: savingsOrgDaily.day, savedMicros: savingsOrgDaily.savedMicros, asleepSeconds: savingsOrgDaily.asleepSeconds })
            .from(savingsOrgDaily)
            .where(and(eq(savingsOrgDaily.orgId, orgId), between(savingsOrgDaily.day, range.from, range.to))),
          openIntervalsQuery(db, orgId),
          fleetRateQuery(db, orgId),
        ]);
        rows = { days, open: openIntervals(openRows), rate };
        memo.set(key, head.version, rows);
      }
      return respond(dailySeries(range, [...rows.days, ...openDailyRows(rows.open, timeZone, now)], rows.rate, now));
    },
  );
}
