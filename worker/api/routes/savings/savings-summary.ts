/**
 * GET /api/v1/savings — the organization's savings over a range of local days: total, trend
 * against the previous period of the same length, month to date against the same days of last
 * month, all time, hours asleep, what is being saved right now, and the top savers.
 *
 * Reads rollups and open ledger intervals only, five statements: the organization's days
 * (`savings_org_daily`: one row per day it needs, and all time), each database's range sum for the
 * top savers from its running totals (`savings_running`: a few lookups per database, not one row per
 * database and day), and the sleeps open now.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, between, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { instances, organizations, savings, savingsOrgDaily } from "../../../db/schema.ts";
import { UNKNOWN_SOURCE } from "../../../savings/price.ts";
import { storedPrice } from "../../../savings/price.ts";
import { localDay } from "../../../savings/rollup.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { addDays, cents, CURRENCY, daysBetween, hours, ongoing, openDailyRows, openIntervals, orgTimeZone, RangeQuery, rangeSumsByInstance, resolveRange, STORAGE_NOTE } from "./savings-read.ts";

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
        operationId: "getSavingsSummary",
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
      const within = (r: { from: string; to: string }, alias: string) => sql<number>`coalesce(sum(case when ${savingsOrgDaily.day} between ${r.from} and ${r.to} then ${savingsOrgDaily.savedMicros} else 0 end), 0)`.as(alias);

      // Only the organization's days some figure needs are read (one row a day), summed in D1 to
      // one row; "all time" sums every organization day; top savers from the five best closed sums
      // plus every database asleep now (its accrual may lift it into the five): a superset of the
      // true top five.
      const lo = [range.from, prev.from, month.from, lastMonth.from].sort()[0]!;
      const hi = [range.to, today].sort()[1]!;
      // Each database's range sum from its running totals (a few lookups per database, whatever the
      // range), materialized once as a CTE read twice.
      const sumsCte = db.$with("sums").as(rangeSumsByInstance(db, orgId, range.from, range.to));
      const [[sums], candidates, [scalars], openRows] = await db.batch([
        db
          .select({
            saved: within(range, "saved"),
            seconds: sql<number>`coalesce(sum(case when ${savingsOrgDaily.day} between ${range.from} and ${range.to} then ${savingsOrgDaily.asleepSeconds} else 0 end), 0)`.as("seconds"),
            previous: within(prev, "previous"),
            monthToDate: within(month, "month_to_date"),
            lastMonth: within(lastMonth, "last_month"),
          })
          .from(savingsOrgDaily)
          .where(and(eq(savingsOrgDaily.orgId, orgId), between(savingsOrgDaily.day, lo, hi))),
        db
          .with(sumsCte)
          .select({ instanceId: sumsCte.instanceId, saved: sumsCte.saved, seconds: sumsCte.seconds, name: instances.name, provider: instances.provider, priceSource: instances.priceSource, hourlyPriceMicros: instances.hourlyPriceMicros })
          .from(sumsCte)
          .innerJoin(instances, and(eq(instances.id, sumsCte.instanceId), eq(instances.orgId, orgId)))
          .where(
            or(
              inArray(sumsCte.instanceId, db.select({ instanceId: sumsCte.instanceId }).from(sumsCte).orderBy(desc(sumsCte.saved)).limit(5)),
              inArray(sumsCte.instanceId, db.select({ instanceId: savings.instanceId }).from(savings).where(and(eq(savings.orgId, orgId), isNull(savings.until)))),
            ),
          ),
        db
          .select({
            allTime: sql<number>`coalesce((select sum(${savingsOrgDaily.savedMicros}) from ${savingsOrgDaily} where ${savingsOrgDaily.orgId} = ${orgId}), 0)`.as("all_time"),
            unpriced: sql<number>`(select count(*) from ${instances} where ${instances.orgId} = ${orgId} and ${instances.deletedAt} is null and (${instances.priceSource} is null or ${instances.priceSource} = ${UNKNOWN_SOURCE}))`.as("unpriced"),
          })
          .from(organizations)
          .where(eq(organizations.id, orgId)),
        db
          // The ledger row has its own price_source / hourly columns: alias the database's, since D1
          // returns rows keyed by column name and same-named columns would overwrite each other.
          .select({
            row: savings,
            name: instances.name,
            provider: instances.provider,
            priceSource: sql<string | null>`${instances.priceSource}`.as("instance_price_source"),
            hourlyPriceMicros: sql<number>`${instances.hourlyPriceMicros}`.as("instance_hourly_price_micros"),
          })
          .from(savings)
          .innerJoin(instances, eq(instances.id, savings.instanceId))
          .where(and(eq(savings.orgId, orgId), isNull(savings.until))),
      ]);

      const open = openIntervals(openRows.map((r) => r.row));
      const totals = { saved: Number(sums?.saved ?? 0), seconds: Number(sums?.seconds ?? 0), previous: Number(sums?.previous ?? 0), monthToDate: Number(sums?.monthToDate ?? 0), lastMonth: Number(sums?.lastMonth ?? 0), allTime: Number(scalars?.allTime ?? 0) };
      const perInstance = new Map<string, { saved: number; seconds: number }>();
      const known = new Map<string, { name: string; provider: "aws" | "gcp"; priceSource: string | null; hourlyPriceMicros: number }>();
      for (const r of candidates) {
        perInstance.set(r.instanceId, { saved: Number(r.saved), seconds: Number(r.seconds) });
        known.set(r.instanceId, r);
      }
      for (const r of openRows) known.set(r.row.instanceId, r);
      const inRange = (day: string, r: { from: string; to: string }) => day >= r.from && day <= r.to;
      for (const r of openDailyRows(open, timeZone, now)) {
        if (inRange(r.day, range)) {
          totals.saved += r.savedMicros;
          totals.seconds += r.asleepSeconds;
          const t = perInstance.get(r.instanceId) ?? { saved: 0, seconds: 0 };
          t.saved += r.savedMicros;
          t.seconds += r.asleepSeconds;
          perInstance.set(r.instanceId, t);
        }
        if (inRange(r.day, prev)) totals.previous += r.savedMicros;
        if (inRange(r.day, month)) totals.monthToDate += r.savedMicros;
        if (inRange(r.day, lastMonth)) totals.lastMonth += r.savedMicros;
        totals.allTime += r.savedMicros;
      }
      const top = [...perInstance.entries()]
        .filter(([, t]) => t.saved > 0)
        .sort(([a, x], [b, y]) => y.saved - x.saved || (a < b ? -1 : 1))
        .slice(0, 5);
      const topSavers = top.flatMap(([id, t]) => {
        const i = known.get(id);
        return i ? [{ instanceId: id, name: i.name, provider: i.provider, savedCents: cents(t.saved), hoursAsleep: hours(t.seconds), priceSource: storedPrice(i).source }] : [];
      });
      const totalCents = cents(totals.saved);
      const previousPeriodCents = cents(totals.previous);
      return c.json(
        {
          currency: CURRENCY,
          timezone: timeZone,
          from: range.from,
          to: range.to,
          totalCents,
          previousPeriodCents,
          trendPercent: previousPeriodCents > 0 ? Math.round(((totalCents - previousPeriodCents) / previousPeriodCents) * 1000) / 10 : null,
          monthToDateCents: cents(totals.monthToDate),
          lastMonthSameDaysCents: cents(totals.lastMonth),
          allTimeCents: cents(totals.allTime),
          hoursAsleep: hours(totals.seconds),
          ongoing: ongoing(open, now),
          unpricedDatabases: Number(scalars?.unpriced ?? 0),
          topSavers,
          storageNote: STORAGE_NOTE,
        },
        200,
      );
    },
  );
}
