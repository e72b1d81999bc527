/**
 * GET /api/v1/savings — the organization's savings over a range of local days: total, trend
 * against the previous period of the same length, month to date against the same days of last
 * month, all time, hours asleep, what is being saved right now, and the top savers.
 *
 * Reads rollups (`savings_daily` for the days it needs, `savings_totals` for all time) and open
 * ledger intervals only: five statements.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, between, eq, sql } from "drizzle-orm";
import { instances, savingsDaily, savingsTotals } from "../../../db/schema.ts";
import { storedPrice } from "../../../savings/price.ts";
import { localDay } from "../../../savings/rollup.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { addDays, cents, CURRENCY, daysBetween, hours, ongoing, openDailyRows, openIntervals, openIntervalsQuery, orgTimeZone, RangeQuery, resolveRange, STORAGE_NOTE } from "./savings-read.ts";

export const SavingsSummarySchema = z
  .object({
    currency: z.literal(CURRENCY),
    timezone: z.string(),
    from: z.string(),
    to: z.string(),
    totalCents: z.number().int(),
    previousPeriodCents: z.number().int(),
    trendPercent: z.number().nullable().openapi({ description: "Change against the previous period, percent; null when that period saved nothing." }),
    monthToDateCents: z.number().int(),
    lastMonthSameDaysCents: z.number().int(),
    allTimeCents: z.number().int(),
    hoursAsleep: z.number(),
    ongoing: z.object({ databasesAsleep: z.number().int(), centsPerHour: z.number().int(), accruedCents: z.number().int() }),
    unpricedDatabases: z.number().int(),
    topSavers: z.array(
      z.object({ instanceId: z.string(), name: z.string(), provider: z.enum(["aws", "gcp"]), savedCents: z.number().int(), hoursAsleep: z.number(), priceSource: z.string() }),
    ),
    storageNote: z.string(),
  })
  .openapi("SavingsSummary");

/** The same days of the previous month (day numbers past its end are clamped to its last day). */
function lastMonthSameDays(today: string): { from: string; to: string } {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 2, 1));
  const daysInPrev = new Date(Date.UTC(y, m - 1, 0)).getUTCDate();
  const from = first.toISOString().slice(0, 10);
  return { from, to: addDays(from, Math.min(d, daysInPrev) - 1) };
}

export function registerSavingsSummary(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      example: { query: { from: "2026-11-01", to: "2026-11-30" } },
      route: createRoute({
        method: "get",
        path: "/savings",
        tags: ["Savings"],
        summary: "Savings summary",
        description: "Saved money over a range of days in the organization's time zone (default: the last 30 days), in integer cents. Compute only: storage keeps billing while a database is stopped.",
        request: { query: RangeQuery },
        responses: { 200: { description: "Summary", content: { "application/json": { schema: SavingsSummarySchema } } } },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const db = drizzle(c.env.DB);
      const now = Date.now();
      const timeZone = await orgTimeZone(db, orgId);
      const range = resolveRange(c.req.valid("query"), timeZone, now);
      const length = daysBetween(range.from, range.to) + 1;
      const prev = { from: addDays(range.from, -length), to: addDays(range.from, -1) };
      const today = localDay(now, timeZone);
      const month = { from: `${today.slice(0, 7)}-01`, to: today };
      const lastMonth = lastMonthSameDays(today);
      // Each sum needs its own alias: D1 returns rows keyed by column name.
      const within = (r: { from: string; to: string }, alias: string) => sql<number>`coalesce(sum(case when ${savingsDaily.day} between ${r.from} and ${r.to} then ${savingsDaily.savedMicros} else 0 end), 0)`.as(alias);

      // Only the days some figure needs are read; "all time" comes from the per-database totals.
      const lo = [range.from, prev.from, month.from, lastMonth.from].sort()[0]!;
      const hi = [range.to, today].sort()[1]!;
      const [perInstance, fleet, openRows, allTime] = await db.batch([
        db
          .select({
            instanceId: savingsDaily.instanceId,
            saved: within(range, "saved"),
            seconds: sql<number>`coalesce(sum(case when ${savingsDaily.day} between ${range.from} and ${range.to} then ${savingsDaily.asleepSeconds} else 0 end), 0)`.as("seconds"),
            previous: within(prev, "previous"),
            monthToDate: within(month, "month_to_date"),
            lastMonth: within(lastMonth, "last_month"),
          })
          .from(savingsDaily)
          .where(and(eq(savingsDaily.orgId, orgId), between(savingsDaily.day, lo, hi)))
          .groupBy(savingsDaily.instanceId),
        db
          .select({ id: instances.id, name: instances.name, provider: instances.provider, hourlyPriceMicros: instances.hourlyPriceMicros, priceSource: instances.priceSource, deletedAt: instances.deletedAt })
          .from(instances)
          .where(and(eq(instances.orgId, orgId))),
        openIntervalsQuery(db, orgId),
        db.select({ instanceId: savingsTotals.instanceId, savedMicros: savingsTotals.savedMicros }).from(savingsTotals).where(eq(savingsTotals.orgId, orgId)),
      ]);

      type Totals = { saved: number; seconds: number; previous: number; monthToDate: number; lastMonth: number; allTime: number };
      const totals = new Map<string, Totals>();
      const totalsOf = (id: string) => {
        let t = totals.get(id);
        if (!t) totals.set(id, (t = { saved: 0, seconds: 0, previous: 0, monthToDate: 0, lastMonth: 0, allTime: 0 }));
        return t;
      };
      for (const r of perInstance) {
        const t = totalsOf(r.instanceId);
        t.saved += Number(r.saved);
        t.seconds += Number(r.seconds);
        t.previous += Number(r.previous);
        t.monthToDate += Number(r.monthToDate);
        t.lastMonth += Number(r.lastMonth);
      }
      for (const r of allTime) totalsOf(r.instanceId).allTime += r.savedMicros;
      const open = openIntervals(openRows);
      const inRange = (day: string, r: { from: string; to: string }) => day >= r.from && day <= r.to;
      for (const r of openDailyRows(open, timeZone, now)) {
        const t = totalsOf(r.instanceId);
        if (inRange(r.day, range)) {
          t.saved += r.savedMicros;
          t.seconds += r.asleepSeconds;
        }
        if (inRange(r.day, prev)) t.previous += r.savedMicros;
        if (inRange(r.day, month)) t.monthToDate += r.savedMicros;
        if (inRange(r.day, lastMonth)) t.lastMonth += r.savedMicros;
        t.allTime += r.savedMicros;
      }

      const sum = (k: keyof Totals) => [...totals.values()].reduce((a, t) => a + t[k], 0);
      const totalCents = cents(sum("saved"));
      const previousPeriodCents = cents(sum("previous"));
      const byId = new Map(fleet.map((i) => [i.id, i]));
      const topSavers = [...totals.entries()]
        .filter(([id, t]) => byId.has(id) && t.saved > 0)
        .sort(([a, x], [b, y]) => y.saved - x.saved || (a < b ? -1 : 1))
        .slice(0, 5)
        .map(([id, t]) => {
          const i = byId.get(id)!;
          return { instanceId: id, name: i.name, provider: i.provider, savedCents: cents(t.saved), hoursAsleep: hours(t.seconds), priceSource: storedPrice(i).source };
        });
      return c.json(
        {
          currency: CURRENCY,
          timezone: timeZone,
          from: range.from,
          to: range.to,
          totalCents,
          previousPeriodCents,
          trendPercent: previousPeriodCents > 0 ? Math.round(((totalCents - previousPeriodCents) / previousPeriodCents) * 1000) / 10 : null,
          monthToDateCents: cents(sum("monthToDate")),
          lastMonthSameDaysCents: cents(sum("lastMonth")),
          allTimeCents: cents(sum("allTime")),
          hoursAsleep: hours(sum("seconds")),
          ongoing: ongoing(open, now),
          unpricedDatabases: fleet.filter((i) => !i.deletedAt && storedPrice(i).hourlyMicros === null).length,
          topSavers,
          storageNote: STORAGE_NOTE,
        },
        200,
      );
    },
  );
}
