/**
 * The daily and weekly savings digest (pure): when an organization's digest is due (08:00 in its
 * time zone; the weekly one on Mondays), which period it covers (yesterday; last Monday–Sunday),
 * the idempotency key of a period (`digest_daily_2026-11-28`, one delivery per key and
 * integration), and what it says — built from the savings rollups: saved in the period (integer
 * cents, USD), database-hours asleep, the top 3 savers, the databases that slept with an unknown
 * price (their sleep is not counted as money), and the month to date.
 *
 * Owns: the digest's calendar and content, and its webhook payload (documented in the OpenAPI
 * webhooks section). The Slack rendering is worker/slack/blocks.ts (digestMessage).
 * Never: does I/O, reads clocks, uses floats for money (micro-dollars are summed, then rounded to
 * cents once), or brags about $0 — a period without savings says so plainly.
 */
import { microsToCents } from "../savings/money.ts";
import { dailyRollup, dayBounds } from "../savings/rollup.ts";
import type { SleepInterval } from "../savings/ledger.ts";
import { dayNumberOfIsoDate, isoDateOfDayNumber, localDayNumber, resolveLocal, weekdayOfDayNumber } from "../schedules/timezone.ts";

/** Local time the digest goes out: 08:00, before the working day. */
export const DIGEST_MINUTE_OF_DAY = 8 * 60;
export const TOP_SAVERS = 3;

export type DigestKind = "daily" | "weekly";
export type DigestType = "savings.digest.daily" | "savings.digest.weekly";

/** A digest's period: local days `from`..`to`, inclusive. */
export interface DigestPeriod {
  kind: DigestKind;
  from: string;
  to: string;
}

export const digestType = (kind: DigestKind): DigestType => `savings.digest.${kind}`;

/** The instant of the digest hour on local day number `dayNumber` (a DST gap moves it to the gap's end). */
function sendInstant(timeZone: string, dayNumber: number): number {
  return resolveLocal(timeZone, dayNumber, DIGEST_MINUTE_OF_DAY, "earliest");
}

/** The local day (YYYY-MM-DD) whose digest hour most recently passed at `now`. */
export function digestSendDay(now: number, timeZone: string): string {
  const today = localDayNumber(timeZone, now);
  return isoDateOfDayNumber(now >= sendInstant(timeZone, today) ? today : today - 1);
}

/** The first digest hour strictly after `now`. */
export function nextDigestAt(now: number, timeZone: string): number {
  const today = localDayNumber(timeZone, now);
  const at = sendInstant(timeZone, today);
  return at > now ? at : sendInstant(timeZone, today + 1);
}

/** The periods whose digests go out on local day `sendDay`: yesterday, and last week on a Monday. */
export function digestPeriodsFor(sendDay: string): DigestPeriod[] {
  const n = dayNumberOfIsoDate(sendDay);
  const yesterday = isoDateOfDayNumber(n - 1);
  const periods: DigestPeriod[] = [{ kind: "daily", from: yesterday, to: yesterday }];
  if (weekdayOfDayNumber(n) === 0) periods.push({ kind: "weekly", from: isoDateOfDayNumber(n - 7), to: yesterday });
  return periods;
}

/** The key of a period's digest: the delivery row's event id, so each integration gets it once. */
export function digestEventId(p: DigestPeriod): string {
  return `digest_${p.kind}_${p.from}`;
}

const EVENT_ID = /^digest_(daily|weekly)_(\d{4}-\d{2}-\d{2})$/;

/** The period of a digest key, or null when it is not one (or not a real date / not a Monday). */
export function parseDigestEventId(id: string): DigestPeriod | null {
  const m = EVENT_ID.exec(id);
  if (!m) return null;
  const kind = m[1] as DigestKind;
  const from = m[2]!;
  const n = dayNumberOfIsoDate(from);
  if (isoDateOfDayNumber(n) !== from) return null;
  if (kind === "weekly" && weekdayOfDayNumber(n) !== 0) return null;
  return { kind, from, to: kind === "daily" ? from : isoDateOfDayNumber(n + 6) };
}

/** The first day of the month of `day`. */
export const monthStart = (day: string): string => `${day.slice(0, 8)}01`;

// ---------------------------------------------------------------------------------------------
// Building

export interface DigestDayRow {
  day: string;
  savedMicros: number;
  asleepSeconds: number;
  unpricedSeconds: number;
}

export interface DigestInput {
  period: DigestPeriod;
  timeZone: string;
  /** The clock: open intervals accrue up to here (never past the period's end). */
  now: number;
  /** Closed per-database daily rows (`savings_daily`) of the period's days. */
  closed: readonly (DigestDayRow & { instanceId: string; name: string })[];
  /** The organization's closed daily rows (`savings_org_daily`) from the first of `period.to`'s month to `period.to`. */
  monthClosed: readonly DigestDayRow[];
  /** The organization's intervals still open (not in the rollups yet). */
  open: readonly (SleepInterval & { instanceId: string; name: string })[];
  /** The savings page in the dashboard, when the deployment's public URL is known. */
  link: string | null;
}

export interface DigestDatabase {
  id: string;
  name: string;
  savedCents: number;
  asleepSeconds: number;
}

export interface Digest {
  type: DigestType;
  eventId: string;
  period: DigestPeriod;
  timeZone: string;
  /** End of the period (its last local midnight): the webhook's timestamp. */
  endsAt: number;
  savedCents: number;
  asleepSeconds: number;
  /** Asleep time with an unknown price (counted in hours, not in money). */
  unpricedSeconds: number;
  databasesAsleep: number;
  /** Up to 3 databases with the largest positive saving, largest first. */
  top: DigestDatabase[];
  /** Databases that slept in the period with an unknown price, by name. */
  unpriced: { id: string; name: string; unpricedSeconds: number }[];
  monthToDate: { from: string; to: string; savedCents: number; asleepSeconds: number };
  link: string | null;
}

/** Open intervals as day rows, per database, for local days `from`..`to`. */
function openRows(input: DigestInput, from: string, to: string) {
  const out: (DigestDayRow & { instanceId: string; name: string })[] = [];
  for (const i of input.open) {
    for (const r of dailyRollup([i], input.timeZone, input.now)) {
      if (r.day >= from && r.day <= to) out.push({ instanceId: i.instanceId, name: i.name, day: r.day, savedMicros: r.savedMicros, asleepSeconds: r.asleepSeconds, unpricedSeconds: r.unpricedSeconds });
    }
  }
  return out;
}

export function buildDigest(input: DigestInput): Digest {
  const { period } = input;
  const perDb = new Map<string, { name: string; saved: number; asleep: number; unpriced: number }>();
  for (const r of [...input.closed.filter((r) => r.day >= period.from && r.day <= period.to), ...openRows(input, period.from, period.to)]) {
    const d = perDb.get(r.instanceId) ?? { name: r.name, saved: 0, asleep: 0, unpriced: 0 };
    d.saved += r.savedMicros;
    d.asleep += r.asleepSeconds;
    d.unpriced += r.unpricedSeconds;
    perDb.set(r.instanceId, d);
  }
  const dbs = [...perDb.entries()].map(([id, d]) => ({ id, ...d }));
  const saved = dbs.reduce((a, d) => a + d.saved, 0);
  const byName = (a: { name: string; id: string }, b: { name: string; id: string }) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1);

  const mtdFrom = monthStart(period.to);
  let mtdSaved = 0;
  let mtdAsleep = 0;
  for (const r of [...input.monthClosed.filter((r) => r.day >= mtdFrom && r.day <= period.to), ...openRows(input, mtdFrom, period.to)]) {
    mtdSaved += r.savedMicros;
    mtdAsleep += r.asleepSeconds;
  }

  return {
    type: digestType(period.kind),
    eventId: digestEventId(period),
    period,
    timeZone: input.timeZone,
    endsAt: dayBounds(period.to, input.timeZone).end,
    savedCents: microsToCents(saved),
    asleepSeconds: dbs.reduce((a, d) => a + d.asleep, 0),
    unpricedSeconds: dbs.reduce((a, d) => a + d.unpriced, 0),
    databasesAsleep: dbs.filter((d) => d.asleep > 0).length,
    top: dbs
      .filter((d) => microsToCents(d.saved) > 0)
      .sort((a, b) => b.saved - a.saved || byName(a, b))
      .slice(0, TOP_SAVERS)
      .map((d) => ({ id: d.id, name: d.name, savedCents: microsToCents(d.saved), asleepSeconds: d.asleep })),
    unpriced: dbs
      .filter((d) => d.unpriced > 0)
      .sort(byName)
      .map((d) => ({ id: d.id, name: d.name, unpricedSeconds: d.unpriced })),
    monthToDate: { from: mtdFrom, to: period.to, savedCents: microsToCents(mtdSaved), asleepSeconds: mtdAsleep },
    link: input.link,
  };
}

// ---------------------------------------------------------------------------------------------
// Words

/** "$1,234.56" (or "-$0.12") from integer cents. */
export function usd(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}$${Math.floor(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
}

/** Hours to one decimal for people ("25 hours", "1.5 hours"); money never goes through this. */
export function hoursText(seconds: number): string {
  const tenths = Math.round(seconds / 360);
  const text = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
  return `${text} ${tenths === 10 ? "hour" : "hours"}`;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "Sun 25 Oct" for a local day (zone-free calendar arithmetic). */
export function dayLabel(day: string): string {
  const n = dayNumberOfIsoDate(day);
  return `${WEEKDAYS[weekdayOfDayNumber(n)]} ${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;
}

export function periodLabel(p: DigestPeriod): string {
  return p.kind === "daily" ? `Yesterday (${dayLabel(p.from)})` : `Last week (${dayLabel(p.from)} – ${dayLabel(p.to)})`;
}

const databases = (n: number) => `${n} ${n === 1 ? "database" : "databases"}`;

/** The digest in one or two sentences: what was saved, or plainly that nothing was. */
export function digestSummary(d: Digest): string {
  const when = periodLabel(d.period);
  if (d.asleepSeconds === 0) return `${when} no database slept, so SnoozeQL saved nothing.`;
  const slept = `${databases(d.databasesAsleep)} slept ${hoursText(d.asleepSeconds)}`;
  if (d.savedCents > 0) {
    const unknown = d.unpriced.length > 0 ? ` (${databases(d.unpriced.length)} with an unknown price not counted)` : "";
    return `${when} SnoozeQL saved ${usd(d.savedCents)}: ${slept}${unknown}.`;
  }
  if (d.unpricedSeconds === d.asleepSeconds) return `${when} ${slept}, but their prices are unknown, so no saving is counted. Set a price to see what they save.`;
  if (d.savedCents < 0) return `${when} ${slept}, but short sleeps cost more than they saved (${usd(d.savedCents)}): AWS bills a start for at least 10 minutes.`;
  return `${when} ${slept}, saving less than a cent.`;
}

export function monthToDateText(d: Digest): string {
  return `Month to date (${dayLabel(d.monthToDate.from)} – ${dayLabel(d.monthToDate.to)}): ${d.monthToDate.savedCents === 0 && d.monthToDate.asleepSeconds === 0 ? "nothing saved yet" : `${usd(d.monthToDate.savedCents)} saved`}.`;
}

/** The webhook body (Standard Webhooks' { type, timestamp, data }); documented in webhook-docs.ts. */
export function digestPayload(d: Digest): Record<string, unknown> {
  return {
    type: d.type,
    timestamp: new Date(d.endsAt).toISOString(),
    data: {
      eventId: d.eventId,
      summary: digestSummary(d),
      period: { kind: d.period.kind, from: d.period.from, to: d.period.to, timeZone: d.timeZone },
      currency: "USD",
      savedCents: d.savedCents,
      hoursAsleep: Math.round(d.asleepSeconds / 36) / 100,
      databasesAsleep: d.databasesAsleep,
      topSavers: d.top.map((t) => ({ id: t.id, name: t.name, savedCents: t.savedCents, hoursAsleep: Math.round(t.asleepSeconds / 36) / 100 })),
      unpricedDatabases: d.unpriced.map((u) => ({ id: u.id, name: u.name, hoursAsleep: Math.round(u.unpricedSeconds / 36) / 100 })),
      monthToDate: { from: d.monthToDate.from, to: d.monthToDate.to, savedCents: d.monthToDate.savedCents },
      link: d.link,
    },
  };
}
