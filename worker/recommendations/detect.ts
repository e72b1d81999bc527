/**
 * Idle-pattern detection (pure): from a database's hourly metric rollups, its hour-of-week
 * activity profile in the organization's time zone, the recurring idle blocks in it, a confidence,
 * and a proposed schedule (the existing schedule model) with its projected monthly savings — or
 * the reason no schedule is proposed.
 *
 * Owns: what counts as an active hour, how weeks are compared, when a database is irregular or
 * busy, the confidence score, the proposal's periods and the projection arithmetic.
 * Never: does I/O, reads the clock (callers pass `now`), or uses floats for money.
 *
 * The rules, in order (every number is in DETECTOR below):
 * 1. An hour is *active* when its CPU average is at least 10 % or its connection average is at
 *    least the database's connection threshold: with a connection range (max hourly average well
 *    above the quietest tenth of hours, p10) the threshold is p10 + 10 % of (max − p10) — a fleet's
 *    monitoring and pool connections sit at p10 and do not count as use; with a flat non-zero
 *    connection count (a pool that never lets go), any connection is use, so such a database is
 *    never called idle; no connection ever seen means connections say idle. An hour without data
 *    while the database was observed stopped is idle (nobody woke it); otherwise it is unknown.
 * 2. Hours map to one of 168 hour-of-week slots (Monday 00:00 first) in the organization's zone,
 *    DST-aware; each slot collects one observation per week of the window.
 * 3. A slot is idle when at most 20 % of its observed weeks were active, active when at least
 *    80 % were, mixed otherwise. More than 15 % mixed slots, or idle hours that are mostly
 *    scattered (not in blocks of 3 h or more), means the database is used at irregular hours:
 *    nothing is proposed.
 * 4. The proposal keeps awake every slot that is not idle (mixed and unknown included), wakes one
 *    hour before each awake stretch (starting takes minutes) and fills idle stretches shorter
 *    than 3 h (a start bills 10 minutes; short sleeps are not worth a stop). Fewer than 10 h asleep
 *    a week: busy, nothing proposed. No awake hour at all: a full sleep.
 * 5. Confidence = consistency (share of observations agreeing with their slot's verdict)
 *    × agreement of the proposed sleep with the past (share of its observed hours that were idle)
 *    × depth (0.8 at 7 days of data, 1.0 at 14 or more) × (0.5 + 0.5 × coverage of the data's span).
 *    Below 50 % nothing is proposed. Levels shown to people: high ≥ 80 %, medium ≥ 65 %, else low.
 * 6. Projected monthly savings = hours asleep a week × 730/168 (the 730-hour month clouds bill
 *    by) × the database's price, in integer micro-dollars (savings/money.ts), shown in cents;
 *    unknown price → null savings (never $0), hours still shown.
 */
import { ScheduleDefinitionSchema, type Period, type ScheduleDefinition } from "../schedules/model.ts";
import { DAY_MS, HOUR_MS, wallAt, weekdayOfDayNumber } from "../schedules/timezone.ts";
import { accruedMicros, microsToCents } from "../savings/money.ts";

export const DETECTOR = {
  /** Fewer days of data than this: no opinion. */
  minDays: 7,
  /** Days of data at which depth stops adding confidence. */
  fullDays: 14,
  windowDays: 14,
  cpuActivePercent: 10,
  /** Active connections: p10 + this share of (max − p10). */
  connectionShare: 0.1,
  /** Below this hourly average nobody is connected. */
  connectionPresent: 1,
  /** Max − p10 below max(this, half of p10): a flat connection count. */
  flatSpread: 3,
  idleSlotShare: 0.2,
  activeSlotShare: 0.8,
  maxMixedShare: 0.15,
  maxScatteredIdleShare: 0.5,
  minSleepHours: 3,
  wakeLeadHours: 1,
  minWeeklySleepHours: 10,
  minConfidenceBp: 5_000,
  highConfidenceBp: 8_000,
  mediumConfidenceBp: 6_500,
  hoursPerMonth: 730,
} as const;

export const HOURS_PER_WEEK = 168;
const WEEK_MS = 7 * DAY_MS;
const WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export interface HourlyRollup {
  /** Epoch ms of the hour's start (UTC). */
  hourStart: number;
  avg: number;
  max: number;
}

export interface DetectorDatabase {
  id: string;
  name: string;
  cloudAccountId: string;
  eligible: boolean;
  ineligibleReason: string | null;
  /** Micro-dollars per hour; null = unknown. */
  hourlyPriceMicros: number | null;
  priceSource: string;
}

export interface DetectorInput {
  database: DetectorDatabase;
  /** The organization's IANA zone: the profile and the proposal are in it. */
  timezone: string;
  /** End of the window (epoch ms). */
  now: number;
  windowDays?: number;
  cpu: readonly HourlyRollup[];
  connections: readonly HourlyRollup[];
  /** Intervals the database was observed stopped (its sleeps); `until` null = still asleep. */
  asleep?: readonly { from: number; until: number | null }[];
}

export type SkipReason = "ineligible" | "not-enough-data" | "irregular" | "busy" | "low-confidence";

/** What the page shows as the evidence: the hour-of-week profile and how it was judged. */
export interface Evidence {
  timezone: string;
  from: string;
  to: string;
  daysOfData: number;
  hoursObserved: number;
  /** Per slot (Monday 00:00 first): percent of observed weeks active (0..100), null = no data. */
  activePercent: (number | null)[];
  /** Per slot: weeks observed. */
  weeks: number[];
  /** Per slot: awake in the proposal (absent when nothing is proposed). */
  proposedAwake?: boolean[];
  coverageBp: number;
  consistencyBp: number;
  mixedSlots: number;
  thresholds: { cpuPercent: number; connections: number | null; connectionsNote: string };
}

export interface Projection {
  asleepHoursPerWeek: number;
  /** Hours asleep in a 730-hour month, to one decimal (display). */
  asleepHoursPerMonth: number;
  hourlyPriceMicros: number | null;
  priceSource: string;
  /** null when the price is unknown. */
  monthlySavingsCents: number | null;
}

export type Detection =
  | { kind: "schedule"; confidenceBp: number; definition: ScheduleDefinition; summary: string; projection: Projection; evidence: Evidence }
  | { kind: "skip"; reason: SkipReason; message: string; evidence: Evidence | null };

// ---------------------------------------------------------------------------------------------
// Hour classification

/** p-th percentile (nearest rank) of values; 0 for none. */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export interface ConnectionRule {
  /** Hourly average at or above which connections mean use; null = connections never say active. */
  threshold: number | null;
  note: string;
}

/** The database's connection threshold from its own range (rule 1). */
export function connectionRule(averages: number[]): ConnectionRule {
  const hi = averages.length ? Math.max(...averages) : 0;
  if (hi < DETECTOR.connectionPresent) return { threshold: null, note: "no connections seen" };
  const lo = percentile(averages, 0.1);
  if (hi - lo < Math.max(DETECTOR.flatSpread, lo / 2)) {
    return { threshold: DETECTOR.connectionPresent, note: `steady ${round1(lo)}–${round1(hi)} connections: any connection counts as use` };
  }
  const threshold = Math.max(DETECTOR.connectionPresent, lo + DETECTOR.connectionShare * (hi - lo));
  return { threshold: round1(threshold), note: `baseline ${round1(lo)} (quietest tenth of hours), peak ${round1(hi)}` };
}

type HourVerdict = "active" | "idle";

interface Observation {
  hourStart: number;
  verdict: HourVerdict;
}

function observations(input: DetectorInput, windowStart: number, windowEnd: number, rule: ConnectionRule): Observation[] {
  const byHour = new Map<number, { cpu?: number; conn?: number }>();
  const within = (r: HourlyRollup) => r.hourStart >= windowStart && r.hourStart < windowEnd && Number.isFinite(r.avg);
  for (const r of input.cpu) if (within(r)) byHour.set(r.hourStart, { ...byHour.get(r.hourStart), cpu: r.avg });
  for (const r of input.connections) if (within(r)) byHour.set(r.hourStart, { ...byHour.get(r.hourStart), conn: r.avg });

  const out: Observation[] = [];
  for (const [hourStart, m] of byHour) {
    const cpuActive = m.cpu !== undefined && m.cpu >= DETECTOR.cpuActivePercent;
    const connActive = m.conn !== undefined && rule.threshold !== null && m.conn >= rule.threshold;
    out.push({ hourStart, verdict: cpuActive || connActive ? "active" : "idle" });
  }
  // Hours without data while observed stopped: idle (nobody needed it awake).
  const asleep = (input.asleep ?? []).map((a) => ({ from: a.from, until: a.until ?? windowEnd }));
  if (asleep.length) {
    for (let h = windowStart; h < windowEnd; h += HOUR_MS) {
      if (byHour.has(h)) continue;
      const covered = asleep.reduce((ms, a) => ms + Math.max(0, Math.min(a.until, h + HOUR_MS) - Math.max(a.from, h)), 0);
      if (covered >= HOUR_MS / 2) out.push({ hourStart: h, verdict: "idle" });
    }
  }
  return out.sort((a, b) => a.hourStart - b.hourStart);
}

/** Hour-of-week slot (0 = Monday 00:00) of an instant in `zone`. */
export function slotOf(zone: string, instant: number): number {
  const wall = wallAt(zone, instant);
  const day = Math.floor(wall / DAY_MS);
  return weekdayOfDayNumber(day) * 24 + Math.floor((wall - day * DAY_MS) / HOUR_MS);
}

// ---------------------------------------------------------------------------------------------
// Profile

export type SlotState = "idle" | "active" | "mixed" | "unknown";

export interface Profile {
  weeks: number[];
  active: number[];
  states: SlotState[];
}

export function buildProfile(zone: string, obs: readonly Observation[], windowEnd: number): Profile {
  // One observation per slot per week (a fall-back repeat lands twice in one slot: active wins).
  const seen = Array.from({ length: HOURS_PER_WEEK }, () => new Map<number, boolean>());
  for (const o of obs) {
    const week = Math.floor((windowEnd - 1 - o.hourStart) / WEEK_MS);
    const slot = seen[slotOf(zone, o.hourStart)]!;
    slot.set(week, (slot.get(week) ?? false) || o.verdict === "active");
  }
  const weeks = seen.map((m) => m.size);
  const active = seen.map((m) => [...m.values()].filter(Boolean).length);
  const states = weeks.map((n, s): SlotState => {
    if (n === 0) return "unknown";
    const share = active[s]! / n;
    return share <= DETECTOR.idleSlotShare ? "idle" : share >= DETECTOR.activeSlotShare ? "active" : "mixed";
  });
  return { weeks, active, states };
}

// ---------------------------------------------------------------------------------------------
// Proposal

/** Runs of `value` on the circular week: [start, length]. */
function circularRuns(flags: readonly boolean[], value: boolean): [number, number][] {
  const n = flags.length;
  if (flags.every((f) => f === value)) return [[0, n]];
  // Start scanning just after a slot of the other value, so no run is split at the seam.
  const origin = (flags.findIndex((f) => f !== value) + 1) % n;
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i < n; i++) {
    const s = (origin + i) % n;
    if (flags[s] === value) {
      if (start < 0) start = s;
    } else if (start >= 0) {
      runs.push([start, (s - start + n) % n]);
      start = -1;
    }
  }
  if (start >= 0) runs.push([start, (origin - start + n) % n || n]);
  return runs;
}

/** Awake slots of the proposal (rule 4), from the profile's slot states. */
export function proposeAwake(states: readonly SlotState[]): boolean[] {
  const n = states.length;
  const awake = states.map((s) => s !== "idle");
  if (!awake.some(Boolean)) return awake;
  const lead = [...awake];
  for (const [start] of circularRuns(awake, true)) {
    for (let k = 1; k <= DETECTOR.wakeLeadHours; k++) lead[(start - k + n) % n] = true;
  }
  for (const [start, length] of circularRuns(lead, false)) {
    if (length < DETECTOR.minSleepHours) for (let k = 0; k < length; k++) lead[(start + k) % n] = true;
  }
  return lead;
}

const hhmm = (hour: number) => `${String(hour % 24).padStart(2, "0")}:00`;

/** "mon-thu", "sat", … from sorted weekday numbers (0 = Monday). */
function weekdayItems(days: number[]): string[] {
  const items: string[] = [];
  let i = 0;
  while (i < days.length) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    items.push(j > i ? `${WEEKDAY_NAMES[days[i]!]}-${WEEKDAY_NAMES[days[j]!]}` : WEEKDAY_NAMES[days[i]!]!);
    i = j + 1;
  }
  return items;
}

/** Running periods expressing the awake slots (one per distinct daily window, with its weekdays). */
export function periodsFor(awake: readonly boolean[]): Period[] {
  if (!awake.some(Boolean)) return [{ end: "00:00" }]; // stopped from midnight, every day: asleep all week
  const windows = new Map<string, { begin: number; end: number; days: number[] }>();
  for (let day = 0; day < 7; day++) {
    let h = 0;
    while (h < 24) {
      if (!awake[day * 24 + h]) {
        h++;
        continue;
      }
      const begin = h;
      while (h < 24 && awake[day * 24 + h]) h++;
      const key = `${begin}-${h}`;
      const w = windows.get(key) ?? { begin, end: h, days: [] };
      w.days.push(day);
      windows.set(key, w);
    }
  }
  const periods: Period[] = [];
  for (const w of [...windows.values()].sort((a, b) => a.days[0]! - b.days[0]! || a.begin - b.begin)) {
    const weekdays = w.days.length === 7 ? undefined : weekdayItems(w.days);
    // A window to midnight is an overnight period ending at 00:00; a whole day needs no times.
    const times = w.begin === 0 && w.end === 24 ? {} : { begin: hhmm(w.begin), end: hhmm(w.end) };
    const period = { ...times, ...(weekdays && { weekdays }) };
    periods.push(Object.keys(period).length ? period : { weekdays: ["mon-sun"] }); // awake all week
  }
  return periods;
}

/** "Mon–Fri 07:00–19:00, Sat 10:00–12:00" — the awake windows in words. */
export function describeAwake(periods: readonly Period[]): string {
  if (periods.length === 1 && periods[0]!.end === "00:00" && periods[0]!.begin === undefined) return "asleep all week";
  return `awake ${periods
    .map((p) => {
      const days = p.weekdays ? p.weekdays.map((d) => d.split("-").map((x) => x[0]!.toUpperCase() + x.slice(1)).join("–")).join(", ") : "every day";
      const times = p.begin !== undefined ? ` ${p.begin}–${p.end === "00:00" ? "24:00" : p.end}` : " all day";
      return `${days}${times}`;
    })
    .join("; ")}`;
}

/** Seconds asleep in a 730-hour month for `hoursPerWeek` asleep a week (integers, floored). */
export function monthlyAsleepSeconds(hoursPerWeek: number): number {
  return Math.floor((hoursPerWeek * 3600 * DETECTOR.hoursPerMonth) / HOURS_PER_WEEK);
}

export function projectSavings(asleepHoursPerWeek: number, hourlyPriceMicros: number | null, priceSource: string): Projection {
  const seconds = monthlyAsleepSeconds(asleepHoursPerWeek);
  return {
    asleepHoursPerWeek,
    asleepHoursPerMonth: Math.round(seconds / 360) / 10,
    hourlyPriceMicros,
    priceSource,
    monthlySavingsCents: hourlyPriceMicros === null ? null : microsToCents(accruedMicros(seconds, hourlyPriceMicros)),
  };
}

export function confidenceLevel(bp: number): "high" | "medium" | "low" {
  return bp >= DETECTOR.highConfidenceBp ? "high" : bp >= DETECTOR.mediumConfidenceBp ? "medium" : "low";
}

/** The schedule's name for a database (the schedule name limit is 100 characters). */
export function recommendedScheduleName(databaseName: string): string {
  return `Recommended: ${databaseName}`.slice(0, 100);
}

// ---------------------------------------------------------------------------------------------
// The detector

const round1 = (x: number) => Math.round(x * 10) / 10;
const bp = (x: number) => Math.max(0, Math.min(10_000, Math.round(x * 10_000)));

export function detectIdlePattern(input: DetectorInput): Detection {
  const { database: db, timezone } = input;
  const windowDays = input.windowDays ?? DETECTOR.windowDays;
  const windowEnd = Math.floor(input.now / HOUR_MS) * HOUR_MS;
  const windowStart = windowEnd - windowDays * DAY_MS;

  if (!db.eligible) {
    return { kind: "skip", reason: "ineligible", message: `SnoozeQL cannot stop this database: ${(db.ineligibleReason ?? "the cloud does not allow it").replace(/\.+$/, "")}.`, evidence: null };
  }

  const connectionAverages = input.connections.filter((r) => r.hourStart >= windowStart && r.hourStart < windowEnd).map((r) => r.avg);
  const rule = connectionRule(connectionAverages);
  const obs = observations(input, windowStart, windowEnd, rule);
  const profile = buildProfile(timezone, obs, windowEnd);
  const first = obs[0]?.hourStart ?? windowEnd;
  const spanHours = Math.max(1, Math.round((windowEnd - first) / HOUR_MS));
  const daysOfData = round1(spanHours / 24);
  const coverage = obs.length / spanHours;
  const observedTotal = profile.weeks.reduce((a, b) => a + b, 0);
  const agreeing = profile.weeks.reduce((sum, n, s) => sum + Math.max(profile.active[s]!, n - profile.active[s]!), 0);
  const consistency = observedTotal ? agreeing / observedTotal : 0;
  const observedSlots = profile.states.filter((s) => s !== "unknown").length;
  const mixedSlots = profile.states.filter((s) => s === "mixed").length;

  const evidence: Evidence = {
    timezone,
    from: new Date(windowStart).toISOString(),
    to: new Date(windowEnd).toISOString(),
    daysOfData,
    hoursObserved: obs.length,
    activePercent: profile.weeks.map((n, s) => (n === 0 ? null : Math.round((100 * profile.active[s]!) / n))),
    weeks: profile.weeks,
    coverageBp: bp(coverage),
    consistencyBp: bp(consistency),
    mixedSlots,
    thresholds: { cpuPercent: DETECTOR.cpuActivePercent, connections: rule.threshold, connectionsNote: rule.note },
  };
  const skip = (reason: SkipReason, message: string): Detection => ({ kind: "skip", reason, message, evidence });

  if (obs.length === 0 || spanHours < DETECTOR.minDays * 24 || obs.length < (DETECTOR.minDays * 24) / 2) {
    return skip("not-enough-data", `${obs.length === 0 ? "No" : `${daysOfData} days of`} hourly metrics${obs.length ? ` (${obs.length} hours)` : ""}; at least ${DETECTOR.minDays} days are needed to see a weekly pattern.`);
  }
  if (mixedSlots / observedSlots > DETECTOR.maxMixedShare) {
    return skip("irregular", `Used at irregular hours: ${Math.round((100 * mixedSlots) / observedSlots)}% of the hours of the week were busy in some weeks and idle in others, so no fixed schedule fits.`);
  }
  const idleFlags = profile.states.map((s) => s === "idle");
  const idleSlots = idleFlags.filter(Boolean).length;
  const inBlocks = circularRuns(idleFlags, true).reduce((sum, [, len]) => sum + (len >= DETECTOR.minSleepHours ? len : 0), 0);
  if (idleSlots >= DETECTOR.minWeeklySleepHours && idleSlots - inBlocks > DETECTOR.maxScatteredIdleShare * idleSlots) {
    return skip("irregular", `Used at irregular hours: ${idleSlots - inBlocks} of its ${idleSlots} idle hours a week are scattered between busy ones, not in blocks of ${DETECTOR.minSleepHours} hours or more.`);
  }

  const awake = proposeAwake(profile.states);
  const asleepHours = awake.filter((a) => !a).length;
  evidence.proposedAwake = awake;
  if (asleepHours < DETECTOR.minWeeklySleepHours) {
    const activeSlots = profile.states.filter((s) => s === "active").length;
    return skip(
      "busy",
      asleepHours === 0
        ? `Busy: active in ${activeSlots} of the ${HOURS_PER_WEEK} hours of the week, with no idle stretch of ${DETECTOR.minSleepHours} hours or more.`
        : `Busy: only ${asleepHours} idle hours a week in stretches of ${DETECTOR.minSleepHours} hours or more — not worth a schedule.`,
    );
  }

  // How well the proposed sleep agrees with the past: idle observations among its slots.
  let sleepObs = 0;
  let sleepIdle = 0;
  awake.forEach((a, s) => {
    if (a) return;
    sleepObs += profile.weeks[s]!;
    sleepIdle += profile.weeks[s]! - profile.active[s]!;
  });
  const agreement = sleepObs ? sleepIdle / sleepObs : 0;
  const depth = 0.8 + 0.2 * Math.min(1, Math.max(0, (spanHours / 24 - DETECTOR.minDays) / (DETECTOR.fullDays - DETECTOR.minDays)));
  const confidenceBp = bp(consistency * agreement * depth * (0.5 + 0.5 * Math.min(1, coverage)));
  if (confidenceBp < DETECTOR.minConfidenceBp) {
    return skip("low-confidence", `An idle pattern shows, but with ${Math.round(confidenceBp / 100)}% confidence (coverage ${Math.round(coverage * 100)}%, consistency ${Math.round(consistency * 100)}%): too little to recommend yet.`);
  }

  const periods = periodsFor(awake);
  const projection = projectSavings(asleepHours, db.hourlyPriceMicros, db.priceSource);
  const summary = `${describeAwake(periods)} (${timezone}); asleep ${asleepHours} h a week`;
  const definition = ScheduleDefinitionSchema.parse({
    name: recommendedScheduleName(db.name),
    description: `Recommended by SnoozeQL from ${daysOfData} days of activity: ${summary}.`.slice(0, 1000),
    timezone,
    periods,
    selector: {
      match: [
        { field: "name", op: "equals", value: db.name },
        { field: "cloudAccountId", op: "equals", value: db.cloudAccountId },
      ],
    },
  });
  return { kind: "schedule", confidenceBp, definition, summary, projection, evidence };
}
