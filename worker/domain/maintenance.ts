/**
 * A database's maintenance as SnoozeQL keeps it: its weekly window (always UTC, so daylight saving
 * never moves it) and the maintenance the cloud has pending. The cloud clients read it into this
 * shape at discovery, D1 stores it with the inventory (`instances.maintenance`), the reconcile pass
 * and the sleep calendar read it back.
 *
 * Owns: the shape, reading RDS `PreferredMaintenanceWindow` ("ddd:hh24:mi-ddd:hh24:mi") and Cloud
 * SQL `settings.maintenanceWindow` ({day 1-7 = Monday-Sunday, hour 0-23}), and the occurrences of a
 * window. Must never: import anything, read the clock or decide whether to wake a database
 * (worker/reconcile/maintenance.ts does).
 */

export const WEEK_MINUTES = 7 * 24 * 60;
const MINUTE_MS = 60_000;
const WEEK_MS = WEEK_MINUTES * MINUTE_MS;
/** 1970-01-05T00:00Z, a Monday: minute 0 of every UTC week. */
const MONDAY_EPOCH_MS = 4 * 24 * 3600_000;
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export interface MaintenanceWindow {
  /** Minute of the UTC week the window opens at (Monday 00:00 = 0). */
  startMinute: number;
  durationMinutes: number;
}

export interface MaintenanceFacts {
  window: MaintenanceWindow | null;
  /** What the cloud will apply in the next window (empty: nothing pending, no reason to wake). */
  pending: string[];
  /** Cloud SQL `scheduledMaintenance.startTime` (epoch ms): the exact start, when the cloud says it. */
  scheduledAt: number | null;
}

/** RDS `PreferredMaintenanceWindow`, e.g. "sun:05:00-sun:05:30" or "sat:23:30-sun:00:30"; null when malformed. */
export function parseRdsWindow(raw: string | undefined | null): MaintenanceWindow | null {
  const m = /^([a-z]{3}):(\d{2}):(\d{2})-([a-z]{3}):(\d{2}):(\d{2})$/i.exec(raw?.trim() ?? "");
  if (!m) return null;
  const at = (day: string, h: string, min: string) => {
    const d = DAYS.indexOf(day.toLowerCase() as (typeof DAYS)[number]);
    const hour = Number(h);
    const minute = Number(min);
    return d < 0 || hour > 23 || minute > 59 ? null : d * 1440 + hour * 60 + minute;
  };
  const start = at(m[1]!, m[2]!, m[3]!);
  const end = at(m[4]!, m[5]!, m[6]!);
  if (start === null || end === null) return null;
  const duration = (end - start + WEEK_MINUTES) % WEEK_MINUTES;
  return duration === 0 ? null : { startMinute: start, durationMinutes: duration };
}

/** Cloud SQL `settings.maintenanceWindow`: day 1-7 (Monday-Sunday), hour 0-23, one hour long. Day 0 / absent = any day: no window. */
export function cloudSqlWindow(day: number | undefined, hour: number | undefined): MaintenanceWindow | null {
  if (day === undefined || !Number.isInteger(day) || day < 1 || day > 7) return null;
  const h = hour ?? 0;
  if (!Number.isInteger(h) || h < 0 || h > 23) return null;
  return { startMinute: (day - 1) * 1440 + h * 60, durationMinutes: 60 };
}

/** The occurrence of the window that ends after `now` (the one under way, or the next). */
export function windowOccurrence(w: MaintenanceWindow, now: number): { start: number; end: number } {
  const weekStart = now - ((((now - MONDAY_EPOCH_MS) % WEEK_MS) + WEEK_MS) % WEEK_MS);
  for (const week of [-1, 0, 1]) {
    const start = weekStart + week * WEEK_MS + w.startMinute * MINUTE_MS;
    const end = start + w.durationMinutes * MINUTE_MS;
    if (end > now) return { start, end };
  }
  /* c8 ignore next */
  throw new Error("unreachable: a weekly window always has an occurrence within two weeks");
}

/** "Sun 05:00–05:30 UTC" (the day the window opens). */
export function describeWindow(w: MaintenanceWindow): string {
  const hm = (minute: number) => `${String(Math.floor((minute % 1440) / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  const day = DAYS[Math.floor(w.startMinute / 1440)]!;
  return `${day[0]!.toUpperCase()}${day.slice(1)} ${hm(w.startMinute)}–${hm((w.startMinute + w.durationMinutes) % WEEK_MINUTES)} UTC`;
}
