/**
 * GET /api/v1/savings — the organization's savings over a range of local days: total, trend
 * against the previous period of the same length, month to date against the same days of last
 * month, all time, hours asleep, what is being saved right now, and the top savers.
 *
 * Reads rollups and open ledger intervals only. The head statement (time zone, savings version,
 * unpriced databases: ./savings-memo.ts) comes first; what the range needs from the rollups is
 * memoized per isolate at that version, so a repeated read costs that one statement. Loading it
 * takes four more: the organization's days (`savings_org_daily`: one row per day it needs), each
 * database's range sum for the top savers from its running totals (`savings_running`: a few
 * lookups per database, not one row per database and day), all time, and the sleeps open now.
 * Open sleeps are accrued up to the request's own `now` either way.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { and, between, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { instances, savings, savingsOrgDaily } from "../../../db/schema.ts";
import { storedPrice } from "../../../savings/price.ts";
import { localDay } from "../../../savings/rollup.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { addDays, cents, CURRENCY, daysBetween, hours, ongoing, openDailyRows, openIntervals, RangeQuery, rangeSumsByInstance, resolveRange, STORAGE_NOTE, type OpenInterval } from "./savings-read.ts";
import { SavingsMemo, savingsHead } from "./savings-memo.ts";

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

type Shown = { name: string; provider: "aws" | "gcp"; priceSource: string | null; hourlyPriceMicros: number };

/** What a summary loads from D1 at one savings version (closed rows, and the sleeps open then). */
interface SummaryRows {
  totals: { saved: number; seconds: number; previous: number; monthToDate: number; lastMonth: number; allTime: number };
  /** Closed range sums of the five best databases and of every database asleep then. */
  candidates: { instanceId: string; saved: number; seconds: number }[];
  open: OpenInterval[];
  shown: Map<string, Shown>;
}

/** Summaries loaded per (organization, time zone, range, today), at most this many per isolate. */
const memo = new SavingsMemo<SummaryRows>(256);

type Days = { from: string; to: string };

/**
 * The summary's rows at the current version: only the organization's days some figure needs are
 * read (one row a day), summed in D1 to one row; "all time" sums every organization day; top
 * saver candidates are the five best closed range sums plus every database asleep now (its accrual
 * may lift it into the five): a superset of the true top five whatever `now` adds later, since
 * only open sleeps accrue and the version moves whenever one opens or closes.
 */
async function loadSummaryRows(db: DrizzleD1Database, orgId: string, range: Days, prev: Days, month: Days, lastMonth: Days, today: string): Promise<SummaryRows> {
  // Each sum needs its own alias: D1 returns rows keyed by column name.
  const within = (r: Days, alias: string) => sql<number>`coalesce(sum(case when ${savingsOrgDaily.day} between ${r.from} and ${r.to} then ${savingsOrgDaily.savedMicros} else 0 end), 0)`.as(alias);
  const lo = [range.from, prev.from, month.from, lastMonth.from].sort()[0]!;
  const hi = [range.to, today].sort()[1]!;
  // Each database's range sum from its running totals (a few lookups per database, whatever the
  // range), materialized once as a CTE read twice.
  const sumsCte = db.$with("sums").as(rangeSumsByInstance(db, orgId, range.from, range.to));
  const [[sums], candidates, [allTime], openRows] = await db.batch([
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
    db.select({ allTime: sql<number>`coalesce(sum(${savingsOrgDaily.savedMicros}), 0)`.as("all_time") }).from(savingsOrgDaily).where(eq(savingsOrgDaily.orgId, orgId)),
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
  const shown = new Map<string, Shown>();
  for (const r of candidates) shown.set(r.instanceId, r);
  for (const r of openRows) shown.set(r.row.instanceId, r);
  return {
    totals: { saved: Number(sums?.saved ?? 0), seconds: Number(sums?.seconds ?? 0), previous: Number(sums?.previous ?? 0), monthToDate: Number(sums?.monthToDate ?? 0), lastMonth: Number(sums?.lastMonth ?? 0), allTime: Number(allTime?.allTime ?? 0) },
    candidates: candidates.map((r) => ({ instanceId: r.instanceId, saved: Number(r.saved), seconds: Number(r.seconds) })),
    open: openIntervals(openRows.map((r) => r.row)),
    shown,
  };
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
      const head = await savingsHead(db, orgId);
      const timeZone = head.timeZone;
      const range = resolveRange(c.req.valid("query"), timeZone, now);
      const length = daysBetween(range.from, range.to) + 1;
      const prev = { from: addDays(range.from, -length), to: addDays(range.from, -1) };
      const today = localDay(now, timeZone);
      const month = { from: `${today.slice(0, 7)}-01`, to: today };
      const lastMonth = lastMonthSameDays(today);
      const key = `${orgId}|${timeZone}|${range.from}|${range.to}|${today}`;
      let rows = memo.get(key, head.version);
      if (!rows) {
        rows = await loadSummaryRows(db, orgId, range, prev, month, lastMonth, today);
        memo.set(key, head.version, rows);
      }

      const totals = { ...rows.totals };
      const perInstance = new Map(rows.candidates.map((r) => [r.instanceId, { saved: r.saved, seconds: r.seconds }]));
      const inRange = (day: string, r: { from: string; to: string }) => day >= r.from && day <= r.to;
      for (const r of openDailyRows(rows.open, timeZone, now)) {
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
      const known = rows.shown;
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
          ongoing: ongoing(rows.open, now),
          unpricedDatabases: head.unpriced,
          topSavers,
          storageNote: STORAGE_NOTE,
        },
        200,
      );
    },
  );
}
