/**
 * What the savings routes share: the date-range query (`from`/`to` local days, inclusive), the
 * organization's time zone, open intervals accrued up to now, money and hour formatting, and the
 * projected cost of running databases 24/7.
 *
 * Owns: reading rollups the same way in every savings route (org-scoped, closed intervals from
 * `savings_daily`, open ones from the ledger, at most a handful of statements per request).
 * Never: reads `events` (a summary's cost grows with days × databases, never with events), or
 * converts money with floats (micro-dollars are summed first, then rounded to cents once).
 */
import { z } from "@hono/zod-openapi";
import { and, eq, gte, isNull, sql, type SQL } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import { organizations, savings, savingsCauses, savingsRunning } from "../../../db/schema.ts";
import { accruedMicros, microsToCents } from "../../../savings/money.ts";
import { accrualEnd, elapsedSeconds, grossMicrosAfter, savedMicros, type SleepInterval } from "../../../savings/ledger.ts";
import { dayBounds as computeDayBounds, localDay, type DailyRow } from "../../../savings/rollup.ts";
import { intervalFromRow } from "../../../savings/store.ts";
import { ApiProblem } from "../../problem.ts";

export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 400;
export const CURRENCY = "USD" as const;
export const STORAGE_NOTE =
  "Storage, backups and I/O keep billing while a database is stopped: savings count compute only.";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (s: string) => {
  if (!DAY.test(s)) return false;
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};
const DaySchema = z.string().refine(validDay, { message: "must be a date YYYY-MM-DD" });

export const RangeQuery = z.object({
  from: DaySchema.optional().openapi({ example: "2026-11-01", description: "First local day (YYYY-MM-DD, organization's time zone), inclusive; default 29 days before `to`." }),
  to: DaySchema.optional().openapi({ example: "2026-11-30", description: "Last local day, inclusive; default today." }),
});
export const TableQuery = RangeQuery.extend({ format: z.enum(["json", "csv"]).default("json") });

/** Day arithmetic on YYYY-MM-DD (calendar days, zone-free). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
export function daysBetween(from: string, to: string): number {
  const t = (s: string) => Date.parse(`${s}T00:00:00Z`);
  return Math.round((t(to) - t(from)) / 86_400_000);
}
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const boundsCache = new Map<string, { start: number; end: number }>();
/**
 * `dayBounds` of the ledger's calendar, remembered per isolate: a local day's instants never
 * change, and computing them costs Intl calls (a 400-day range would spend ~30 ms on them).
 */
export function dayBounds(day: string, timeZone: string): { start: number; end: number } {
  const key = `${timeZone}|${day}`;
  let bounds = boundsCache.get(key);
  if (!bounds) {
    if (boundsCache.size > 20_000) boundsCache.clear();
    bounds = computeDayBounds(day, timeZone);
    boundsCache.set(key, bounds);
  }
  return bounds;
}

const dayOfCache = new Map<string, string>();
const QUARTER_HOUR_MS = 900_000;
/**
 * `localDay` of the ledger's calendar, remembered per isolate and UTC quarter hour: every zone
 * offset in use is a multiple of 15 minutes, so a local midnight never falls inside a quarter hour
 * and all its instants share one local day (a quarter hour whose first and last instants differ,
 * as under some historical offsets, is computed exactly each time). Open sleeps need one per
 * request each, and computing it costs Intl calls (~6 µs: 2 ms for 334 sleeps).
 */
export function localDayOf(ms: number, timeZone: string): string {
  const bucket = Math.floor(ms / QUARTER_HOUR_MS);
  const key = `${timeZone}|${bucket}`;
  let day = dayOfCache.get(key);
  if (day === undefined) {
    const first = localDay(bucket * QUARTER_HOUR_MS, timeZone);
    day = first === localDay((bucket + 1) * QUARTER_HOUR_MS - 1, timeZone) ? first : "";
    if (dayOfCache.size > 20_000) dayOfCache.clear();
    dayOfCache.set(key, day);
  }
  return day || localDay(ms, timeZone);
}

export interface Range {
  from: string;
  to: string;
  timeZone: string;
  /** Epoch ms: start of `from`, end of `to` (local midnights). */
  start: number;
  end: number;
}

export function resolveRange(q: { from?: string | undefined; to?: string | undefined }, timeZone: string, now: number): Range {
  const to = q.to ?? (q.from ? maxDay(addDays(q.from, DEFAULT_DAYS - 1), localDay(now, timeZone)) : localDay(now, timeZone));
  const from = q.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  const errors: { location: "query"; path: string; message: string }[] = [];
  if (from > to) errors.push({ location: "query", path: "from", message: "must not be after `to`" });
  else if (daysBetween(from, to) + 1 > MAX_DAYS) errors.push({ location: "query", path: "to", message: `the range may span at most ${MAX_DAYS} days` });
  if (errors.length) throw new ApiProblem("validation", 400, errors.map((e) => `query.${e.path}: ${e.message}`).join("; "), { errors });
  return { from, to, timeZone, start: dayBounds(from, timeZone).start, end: dayBounds(to, timeZone).end };
}
const maxDay = (a: string, b: string) => (a < b ? a : b);

export function orgTimeZoneQuery(db: DrizzleD1Database, orgId: string) {
  return db.select({ timeZone: organizations.timezone }).from(organizations).where(eq(organizations.id, orgId));
}

export async function orgTimeZone(db: DrizzleD1Database, orgId: string): Promise<string> {
  const [row] = await orgTimeZoneQuery(db, orgId);
  return row?.timeZone ?? "UTC";
}

/** The organization's (or one database's) intervals still open, as ledger intervals. */
export function openIntervalsQuery(db: DrizzleD1Database, orgId: string, instanceId?: string) {
  return db
    .select()
    .from(savings)
    .where(and(eq(savings.orgId, orgId), isNull(savings.until), instanceId ? eq(savings.instanceId, instanceId) : undefined));
}

/**
 * Closed-interval savings over the local days [from, to] per (database, cause) with a daily row in
 * them, from the running totals: the last running row on or before `to` minus the last one before
 * `from`. A few index lookups per pair, whatever the number of days (`savings_daily` over the same
 * range reads a row per database and day). Rows for pairs without a day in the range are left out,
 * as a sum of their daily rows would have none.
 */
function rangeSumsOf(orgId: string, from: string, to: string) {
  const hi = alias(savingsRunning, "hi");
  const lo = alias(savingsRunning, "lo");
  const last = (bound: SQL) =>
    sql`(select max(r.day) from ${savingsRunning} r where r.instance_id = ${savingsCauses.instanceId} and r.cause_kind = ${savingsCauses.causeKind} and r.cause_id = ${savingsCauses.causeId} and r.day ${bound})`;
  const pair = (t: { instanceId: SQLiteColumn; causeKind: SQLiteColumn; causeId: SQLiteColumn }) => and(eq(t.instanceId, savingsCauses.instanceId), eq(t.causeKind, savingsCauses.causeKind), eq(t.causeId, savingsCauses.causeId));
  return {
    hi,
    lo,
    hiOn: and(pair(hi), eq(hi.day, last(sql`<= ${to}`))),
    loOn: and(pair(lo), eq(lo.day, last(sql`< ${from}`))),
    where: and(eq(savingsCauses.orgId, orgId), gte(hi.day, from)),
    saved: sql<number>`${hi.savedMicros} - coalesce(${lo.savedMicros}, 0)`,
    seconds: sql<number>`${hi.asleepSeconds} - coalesce(${lo.asleepSeconds}, 0)`,
  };
}

/** Savings in [from, to] per (database, cause): see `rangeSumsOf`. */
export function rangeSumsByCause(db: DrizzleD1Database, orgId: string, from: string, to: string) {
  const r = rangeSumsOf(orgId, from, to);
  return db
    .select({ instanceId: savingsCauses.instanceId, causeKind: savingsCauses.causeKind, causeId: savingsCauses.causeId, saved: r.saved.as("saved"), seconds: r.seconds.as("seconds") })
    .from(savingsCauses)
    .innerJoin(r.hi, r.hiOn)
    .leftJoin(r.lo, r.loOn)
    .where(r.where);
}

/** Savings in [from, to] per database (its causes summed): see `rangeSumsOf`. */
export function rangeSumsByInstance(db: DrizzleD1Database, orgId: string, from: string, to: string) {
  const r = rangeSumsOf(orgId, from, to);
  return db
    .select({ instanceId: savingsCauses.instanceId, saved: sql<number>`sum(${r.saved})`.as("saved"), seconds: sql<number>`sum(${r.seconds})`.as("seconds") })
    .from(savingsCauses)
    .innerJoin(r.hi, r.hiOn)
    .leftJoin(r.lo, r.loOn)
    .where(r.where)
    .groupBy(savingsCauses.instanceId);
}

export interface OpenInterval extends SleepInterval {
  instanceId: string;
}

export function openIntervals(rows: (typeof savings.$inferSelect)[]): OpenInterval[] {
  return rows.map((r) => ({ ...intervalFromRow(r), instanceId: r.instanceId }));
}

/**
 * Day rows of open intervals up to `now`, per database: what `dailyRollup` books for them (parts
 * cut at local midnights, cumulative whole seconds from the interval's start), computed with the
 * ledger's own accrual functions and the remembered day bounds.
 */
export function openDailyRows(open: OpenInterval[], timeZone: string, now: number): (DailyRow & { instanceId: string })[] {
  const out: (DailyRow & { instanceId: string })[] = [];
  for (const i of open) {
    const end = accrualEnd(i, now);
    let start = i.from;
    let day = localDayOf(start, timeZone);
    while (start < end) {
      const partEnd = Math.min(dayBounds(day, timeZone).end, end);
      const s = elapsedSeconds(i, start, now);
      const e = elapsedSeconds(i, partEnd, now);
      if (e > s) {
        out.push({
          instanceId: i.instanceId,
          day,
          causeKind: i.causeKind,
          causeId: i.causeId,
          asleepSeconds: e - s,
          savedMicros: grossMicrosAfter(i, e) - grossMicrosAfter(i, s),
          unpricedSeconds: i.hourlyMicros === null ? e - s : 0,
        });
      }
      start = partEnd;
      day = addDays(day, 1);
    }
  }
  return out;
}

export function ongoing(open: OpenInterval[], now: number) {
  return {
    databasesAsleep: new Set(open.map((i) => i.instanceId)).size,
    centsPerHour: microsToCents(open.reduce((a, i) => a + (i.hourlyMicros ?? 0), 0)),
    accruedCents: microsToCents(open.reduce((a, i) => a + savedMicros(i, now), 0)),
  };
}

export const cents = microsToCents;
/** Hours for display (2 decimals); money never goes through this. */
export const hours = (seconds: number) => Math.round((seconds / 3600) * 100) / 100;

export interface PricePeriod {
  from: number;
  hourlyMicros: number | null;
}

/**
 * The fleet's total running price over time, as breakpoints (`rate` micro-dollars per hour from
 * `at` until the next one): each database's price history (the first price applies before its own
 * date, as in the ledger; unknown prices add nothing) up to when it left the fleet.
 */
export function fleetRate(fleet: { history: PricePeriod[]; until: number | null }[]): { at: number; rate: number }[] {
  const deltas: { at: number; delta: number }[] = [];
  for (const f of fleet) {
    const end = f.until ?? Infinity;
    f.history.forEach((p, k) => {
      const from = k === 0 ? -Infinity : p.from;
      const to = Math.min(k + 1 < f.history.length ? f.history[k + 1]!.from : Infinity, end);
      if (p.hourlyMicros === null || p.hourlyMicros === 0 || to <= from) return;
      deltas.push({ at: from, delta: p.hourlyMicros }, { at: to, delta: -p.hourlyMicros });
    });
  }
  deltas.sort((a, b) => a.at - b.at);
  const out: { at: number; rate: number }[] = [];
  let rate = 0;
  for (const d of deltas) {
    rate += d.delta;
    if (out.length && out[out.length - 1]!.at === d.at) out[out.length - 1]!.rate = rate;
    else out.push({ at: d.at, rate });
  }
  return out;
}

/** Micro-dollars the fleet would have cost running through [start, end) (whole seconds per segment). */
export function runningCostMicros(rate: { at: number; rate: number }[], start: number, end: number): number {
  let total = 0;
  for (let k = 0; k < rate.length; k++) {
    const a = Math.max(start, rate[k]!.at);
    const b = Math.min(end, k + 1 < rate.length ? rate[k + 1]!.at : Infinity);
    if (b > a && rate[k]!.rate > 0) total += accruedMicros(Math.floor((b - a) / 1000), rate[k]!.rate);
  }
  return total;
}

export const SavingsDayItem = z
  .object({
    day: z.string().openapi({ example: "2026-11-24" }),
    savedCents: z.number().int(),
    hoursAsleep: z.number(),
    actualCostCents: z.number().int().openapi({ description: "What the databases' compute cost that day: projected − saved." }),
    projectedCostCents: z.number().int().openapi({ description: "What their compute would have cost running 24/7 that day." }),
  })
  .openapi("SavingsDay");

export const DAY_CSV_HEADER = ["day", "saved_cents", "hours_asleep", "actual_cost_cents", "projected_cost_cents"];
export const dayCsvRow = (d: z.infer<typeof SavingsDayItem>) => [d.day, d.savedCents, d.hoursAsleep, d.actualCostCents, d.projectedCostCents];

/**
 * The daily series for [range]: saved (rollups + open intervals), and the projected cost from the
 * fleet's running price `rate` (breakpoints: `fleetRate` of a few databases, or the organization's
 * `savings_fleet_rate` rollup), integrated over each local day up to `now`.
 */
export function dailySeries(range: Range, rows: { day: string; savedMicros: number; asleepSeconds: number }[], rate: { at: number; rate: number }[], now: number): z.infer<typeof SavingsDayItem>[] {
  const byDay = new Map<string, { saved: number; seconds: number }>();
  for (const r of rows) {
    if (r.day < range.from || r.day > range.to) continue;
    const d = byDay.get(r.day) ?? { saved: 0, seconds: 0 };
    d.saved += r.savedMicros;
    d.seconds += r.asleepSeconds;
    byDay.set(r.day, d);
  }
  return eachDay(range.from, range.to).map((day) => {
    const { start, end } = dayBounds(day, range.timeZone);
    const projected = runningCostMicros(rate, start, Math.min(end, now));
    const d = byDay.get(day) ?? { saved: 0, seconds: 0 };
    return { day, savedCents: cents(d.saved), hoursAsleep: hours(d.seconds), actualCostCents: cents(projected - d.saved), projectedCostCents: cents(projected) };
  });
}
