/**
 * Daily savings rollups (pure): the ledger's sleep intervals cut at local midnights of the
 * organization's time zone and grouped by (day, cause).
 *
 * Owns: the local-day calendar of savings (`localDay`, `dayBounds`, 23- and 25-hour DST days),
 * splitting intervals into day parts, where a billing-minimum penalty is booked, and which days a
 * ledger change touches (`daysToRewrite`, for the events consumer's idempotent rewrite).
 * Never: does I/O, reads clocks, uses floats for money, or rounds a part on its own — a part's
 * seconds and micro-dollars are differences of cumulative floors counted from the interval's own
 * start, so the day parts of an interval always sum exactly to the interval's whole.
 *
 * Booking rules:
 * - An interval's asleep time is booked on the local days it covers, each part up to the next
 *   local midnight (a DST day has 23 or 25 hours of it); an open interval is counted up to `now`.
 * - Priced time adds to `savedMicros`; unpriced time (unknown price) only to `unpricedSeconds`.
 * - A billing-minimum penalty (AWS) is booked, as a negative amount in `savedMicros`, on the local
 *   day of the start that caused it (the interval's `until`) under the interval's cause — the day
 *   the money was spent, even when that day holds no asleep time of that cause.
 */
import type { CauseKind } from "../db/schema.ts";
import { dayNumberOfIsoDate, isoDateOfDayNumber, isValidTimeZone, localDayNumber, startOfLocalDay } from "../schedules/timezone.ts";
import { accrualEnd, elapsedSeconds, grossMicrosAfter, type SleepInterval } from "./ledger.ts";

export interface DailyRow {
  /** YYYY-MM-DD in the organization's time zone. */
  day: string;
  causeKind: CauseKind;
  causeId: string | null;
  asleepSeconds: number;
  savedMicros: number;
  unpricedSeconds: number;
}

/** The local date (YYYY-MM-DD) of instant `ms` in IANA zone `timeZone`. */
export function localDay(ms: number, timeZone: string): string {
  return isoDateOfDayNumber(localDayNumber(timeZone, ms));
}

/** The instants [start, end) of local date `day` (YYYY-MM-DD) in `timeZone`: 23, 24 or 25 hours. */
export function dayBounds(day: string, timeZone: string): { start: number; end: number } {
  const n = dayNumberOfIsoDate(day);
  return { start: startOfLocalDay(timeZone, n), end: startOfLocalDay(timeZone, n + 1) };
}

function assertZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone: ${timeZone}`);
}

function rowKey(day: string, causeKind: string, causeId: string | null): string {
  return `${day}\u0000${causeKind}\u0000${causeId === null ? "\u0001" : `=${causeId}`}`;
}

/** One interval's day parts: [dayNumber, partStart, partEnd) up to its accrual end. */
function dayParts(interval: SleepInterval, timeZone: string, now: number): { dayNumber: number; start: number; end: number }[] {
  const end = accrualEnd(interval, now);
  const parts: { dayNumber: number; start: number; end: number }[] = [];
  let start = interval.from;
  let dayNumber = localDayNumber(timeZone, start);
  while (start < end) {
    const next = startOfLocalDay(timeZone, dayNumber + 1);
    const partEnd = Math.min(next, end);
    parts.push({ dayNumber, start, end: partEnd });
    start = partEnd;
    dayNumber += 1;
  }
  return parts;
}

function compareRows(a: DailyRow, b: DailyRow): number {
  if (a.day !== b.day) return a.day < b.day ? -1 : 1;
  if (a.causeKind !== b.causeKind) return a.causeKind < b.causeKind ? -1 : 1;
  if (a.causeId === b.causeId) return 0;
  if (a.causeId === null) return -1;
  if (b.causeId === null) return 1;
  return a.causeId < b.causeId ? -1 : 1;
}

/**
 * Splits intervals at local midnights of `timeZone` (23/25-hour DST days), up to `now` for open
 * ones, and groups the parts by (day, causeKind, causeId). Rows are sorted by day, then cause.
 */
export function dailyRollup(intervals: readonly SleepInterval[], timeZone: string, now: number): DailyRow[] {
  assertZone(timeZone);
  const rows = new Map<string, DailyRow>();
  const rowFor = (day: string, i: SleepInterval): DailyRow => {
    const key = rowKey(day, i.causeKind, i.causeId);
    let row = rows.get(key);
    if (!row) {
      row = { day, causeKind: i.causeKind, causeId: i.causeId, asleepSeconds: 0, savedMicros: 0, unpricedSeconds: 0 };
      rows.set(key, row);
    }
    return row;
  };

  for (const interval of intervals) {
    for (const part of dayParts(interval, timeZone, now)) {
      // Cumulative whole seconds since the interval's start at both ends of the part.
      const s = elapsedSeconds(interval, part.start, now);
      const e = elapsedSeconds(interval, part.end, now);
      if (e === s) continue;
      const row = rowFor(isoDateOfDayNumber(part.dayNumber), interval);
      row.asleepSeconds += e - s;
      if (interval.hourlyMicros === null) row.unpricedSeconds += e - s;
      else row.savedMicros += grossMicrosAfter(interval, e) - grossMicrosAfter(interval, s);
    }
    if (interval.penaltyMicros !== 0 && interval.until !== null) {
      rowFor(localDay(interval.until, timeZone), interval).savedMicros -= interval.penaltyMicros;
    }
  }
  return [...rows.values()].sort(compareRows);
}

/** The local days an interval's rows touch (asleep parts and the penalty day), as YYYY-MM-DD. */
export function intervalDays(interval: SleepInterval, timeZone: string, now: number): string[] {
  const days = new Set<number>();
  days.add(localDayNumber(timeZone, interval.from));
  days.add(localDayNumber(timeZone, accrualEnd(interval, now)));
  for (const part of dayParts(interval, timeZone, now)) days.add(part.dayNumber);
  if (interval.until !== null) days.add(localDayNumber(timeZone, interval.until));
  return [...days].sort((a, b) => a - b).map(isoDateOfDayNumber);
}

function sameInterval(a: SleepInterval, b: SleepInterval): boolean {
  return (
    a.id === b.id &&
    a.from === b.from &&
    a.until === b.until &&
    a.causeKind === b.causeKind &&
    a.causeId === b.causeId &&
    a.hourlyMicros === b.hourlyMicros &&
    a.priceSource === b.priceSource &&
    a.penaltyMicros === b.penaltyMicros &&
    a.endedBy === b.endedBy
  );
}

/**
 * The local days whose daily rows may differ between a database's previous ledger (`before`, whose
 * rows were computed with a clock at or before `now`) and its new one (`after`, at `now`): the
 * days of every interval that appeared, disappeared or changed, and of every open interval (it
 * keeps accruing). The events consumer replaces exactly these days' rows of that database with
 * `dailyRollup(after, timeZone, now)` rows of the same days; every other day's rows stay valid.
 */
export function daysToRewrite(before: readonly SleepInterval[], after: readonly SleepInterval[], timeZone: string, now: number): string[] {
  assertZone(timeZone);
  const days = new Set<string>();
  const afterById = new Map(after.map((i) => [i.id, i]));
  const beforeById = new Map(before.map((i) => [i.id, i]));
  for (const b of before) {
    const a = afterById.get(b.id);
    if (!a || !sameInterval(a, b) || b.until === null) for (const d of intervalDays(b, timeZone, now)) days.add(d);
  }
  for (const a of after) {
    const b = beforeById.get(a.id);
    if (!b || !sameInterval(a, b) || a.until === null) for (const d of intervalDays(a, timeZone, now)) days.add(d);
  }
  return [...days].sort();
}
