/**
 * Wall-clock <-> instant conversion for IANA time zones, with exact DST handling.
 *
 * Owns: reading a zone's UTC offset at an instant (Intl, one cached DateTimeFormat per zone),
 * local calendar fields of an instant, and resolving a local wall-clock time on a local date to
 * the instant(s) it denotes — zero (spring-forward gap), one, or two (fall-back repeat).
 * Also the small pure calendar helpers (day numbers, weekdays, month lengths) the rest of the
 * schedule core uses, so no other module does date arithmetic of its own.
 *
 * Never: uses the host's local time zone (`Date#getHours` and friends), Temporal, or any I/O.
 * Every function is pure apart from bounded memo caches.
 *
 * Conventions:
 * - An *instant* is epoch milliseconds (UTC).
 * - A *wall* value is the local wall-clock time encoded as if it were UTC epoch milliseconds
 *   (`Date.UTC(y, m-1, d, h, mi)`), so `wall = instant + offset`.
 * - A *day number* is the number of days since 1970-01-01 of a (local) calendar date.
 * - Weekdays use Instance Scheduler's numbering: 0 = Monday … 6 = Sunday.
 *
 * DST policy (the schedule core's single source of truth for it):
 * - `resolveWall(..., "earliest")` — used for a period's begin AND end, a day's start and cron
 *   fire times — picks the first occurrence of a repeated wall time (Instance Scheduler's rule: a
 *   period ending inside the repeated hour ends at its first occurrence). `"latest"` picks the
 *   last; the schedule core no longer uses it for boundaries.
 * - A wall time inside a spring-forward gap never occurs; both modes resolve it to the first
 *   instant after the gap (the transition instant). A period beginning at 02:30 on that day
 *   begins at 03:00 (new offset); one ending at 02:30 ends at the gap.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    formatters.set(zone, f);
  }
  return f;
}

const validity = new Map<string, boolean>();

/** True when `zone` is an IANA time zone name the runtime knows (e.g. "Europe/Berlin", "Etc/GMT+5", "UTC"). */
export function isValidTimeZone(zone: string): boolean {
  const known = validity.get(zone);
  if (known !== undefined) return known;
  let ok = false;
  if (zone.length > 0 && zone.length <= 64 && zone.trim() === zone) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
  }
  if (validity.size > 1000) validity.clear();
  validity.set(zone, ok);
  return ok;
}

export interface LocalDateTime {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Local calendar fields of `instant` in `zone`. */
export function toLocal(zone: string, instant: number): LocalDateTime {
  const parts = formatterFor(zone).formatToParts(new Date(instant));
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of parts) {
    switch (p.type) {
      case "year":
        year = Number(p.value);
        break;
      case "month":
        month = Number(p.value);
        break;
      case "day":
        day = Number(p.value);
        break;
      case "hour":
        hour = Number(p.value);
        break;
      case "minute":
        minute = Number(p.value);
        break;
      case "second":
        second = Number(p.value);
        break;
      case "era":
        bc = p.value.startsWith("B");
        break;
    }
  }
  if (bc) year = 1 - year;
  return { year, month, day, hour, minute, second, millisecond: ((instant % 1000) + 1000) % 1000 };
}

/** The wall value (local time encoded as UTC ms) of `instant` in `zone`. */
export function wallAt(zone: string, instant: number): number {
  const l = toLocal(zone, instant);
  return utcMs(l.year, l.month, l.day, l.hour, l.minute, l.second) + l.millisecond;
}

/** UTC offset of `zone` at `instant`, in milliseconds (local = UTC + offset). Etc/GMT+5 gives -5 h. */
export function offsetAt(zone: string, instant: number): number {
  return wallAt(zone, instant) - instant;
}

/** `Date.UTC` that also handles years 0-99 literally. */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

// ---------------------------------------------------------------------------------------------
// Calendar helpers (pure arithmetic on day numbers).

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function dayNumberOf(year: number, month: number, day: number): number {
  return Math.floor(utcMs(year, month, day) / DAY_MS);
}

export function dateOfDayNumber(dayNumber: number): CalendarDate {
  const d = new Date(dayNumber * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday (Python's `date.weekday()`, which Instance Scheduler uses). */
export function weekdayOfDayNumber(dayNumber: number): number {
  // 1970-01-01 was a Thursday (3).
  return (((dayNumber + 3) % 7) + 7) % 7;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 1) - DAY_MS).getUTCDate();
}

/** Parse "YYYY-MM-DD" to a day number (assumes a validated string). */
export function dayNumberOfIsoDate(iso: string): number {
  const [y, m, d] = iso.split("-").map(Number);
  return dayNumberOf(y ?? 1970, m ?? 1, d ?? 1);
}

export function isoDateOfDayNumber(dayNumber: number): string {
  const { year, month, day } = dateOfDayNumber(dayNumber);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Day number of the local date of `instant` in `zone`. */
export function localDayNumber(zone: string, instant: number): number {
  return Math.floor(wallAt(zone, instant) / DAY_MS);
}

// ---------------------------------------------------------------------------------------------
// Wall -> instant resolution.

interface DayOffsets {
  /** Set when the zone has one offset throughout the day and a day either side. */
  uniform: number | null;
  /** Distinct offsets seen around the day (candidates for resolving a wall time). */
  candidates: number[];
}

const dayOffsetCache = new Map<string, DayOffsets>();
const CACHE_LIMIT = 20_000;

function dayOffsets(zone: string, dayNumber: number): DayOffsets {
  const key = `${zone}\u0000${dayNumber}`;
  const cached = dayOffsetCache.get(key);
  if (cached) return cached;
  const w0 = dayNumber * DAY_MS;
  // |offset| <= 14 h (a little more historically), so these instants lie safely before the day,
  // in it, and after it respectively.
  const before = offsetAt(zone, w0 - DAY_MS);
  const middle = offsetAt(zone, w0 + DAY_MS / 2);
  const after = offsetAt(zone, w0 + 2 * DAY_MS);
  const candidates = [...new Set([before, middle, after])];
  const result: DayOffsets = { uniform: candidates.length === 1 ? before : null, candidates };
  if (dayOffsetCache.size > CACHE_LIMIT) dayOffsetCache.clear();
  dayOffsetCache.set(key, result);
  return result;
}

/**
 * Every instant whose local wall-clock time in `zone` is exactly `wall` (local time encoded as UTC
 * ms): `[]` inside a spring-forward gap, two instants inside a fall-back repeat, else one.
 */
export function wallToInstants(zone: string, wall: number): number[] {
  const info = dayOffsets(zone, Math.floor(wall / DAY_MS));
  if (info.uniform !== null) return [wall - info.uniform];
  const found: number[] = [];
  for (const o of info.candidates) {
    const t = wall - o;
    if (offsetAt(zone, t) === o && !found.includes(t)) found.push(t);
  }
  return found.sort((a, b) => a - b);
}

const gapCache = new Map<string, number>();

/**
 * The first instant whose local time is later than `wall`, for a `wall` inside a gap: the
 * transition instant that ends the gap.
 */
function gapEnd(zone: string, wall: number): number {
  const key = `${zone}\u0000${wall}`;
  const cached = gapCache.get(key);
  if (cached !== undefined) return cached;
  const info = dayOffsets(zone, Math.floor(wall / DAY_MS));
  const instants = info.candidates.map((o) => wall - o);
  // With offsets o1 < o2 around a gap, `wall - o2` is still before the transition (its local
  // time is earlier than `wall`) and `wall - o1` already after it (local time later than `wall`).
  let lo = Math.min(...instants);
  let hi = Math.max(...instants);
  // Binary search on whole seconds (tz transitions happen on whole seconds).
  lo = Math.floor(lo / 1000);
  hi = Math.ceil(hi / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallAt(zone, mid * 1000) > wall) hi = mid;
    else lo = mid;
  }
  const result = hi * 1000;
  if (gapCache.size > CACHE_LIMIT) gapCache.clear();
  gapCache.set(key, result);
  return result;
}

export type Occurrence = "earliest" | "latest";

/**
 * The instant at which local wall time `wall` happens in `zone`. In a fall-back repeat,
 * `earliest` / `latest` choose the occurrence; inside a spring-forward gap the wall time never
 * happens and the first instant after the gap is returned (whatever the mode).
 */
export function resolveWall(zone: string, wall: number, occurrence: Occurrence): number {
  const instants = wallToInstants(zone, wall);
  if (instants.length === 0) return gapEnd(zone, wall);
  return occurrence === "earliest" ? (instants[0] as number) : (instants[instants.length - 1] as number);
}

/** The instant `minuteOfDay` minutes after local midnight on local date `dayNumber`. */
export function resolveLocal(zone: string, dayNumber: number, minuteOfDay: number, occurrence: Occurrence): number {
  return resolveWall(zone, dayNumber * DAY_MS + minuteOfDay * MINUTE_MS, occurrence);
}

/** First instant of local date `dayNumber` (its midnight, or the end of a gap that swallowed midnight). */
export function startOfLocalDay(zone: string, dayNumber: number): number {
  return resolveLocal(zone, dayNumber, 0, "earliest");
}

/**
 * Upper bound of the wall-clock values reached at or before `instant` (differs from
 * `wallAt(instant)` only shortly after a fall-back, when the clock already showed later times).
 */
export function maxWallReachedBy(zone: string, instant: number): number {
  const now = offsetAt(zone, instant);
  const earlier = offsetAt(zone, instant - 6 * HOUR_MS);
  return instant + Math.max(now, earlier);
}
