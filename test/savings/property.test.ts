// Property test of the savings ledger and rollups on 600 random event histories (seeded, so a
// failure names its seed and replays): random states and causes, prices that change or are
// unknown, duplicated events (some copies differing), shuffled arrival, DST time zones, AWS and
// Cloud SQL. For every history:
// - the ledger does not depend on arrival order or duplicates;
// - incremental processing — observations and prices arriving in random batches, the consumer
//   rewriting only `daysToRewrite` days of its stored rows after each batch, its clock advancing —
//   ends with exactly the rows of a recompute from scratch;
// - daily parts sum exactly to the whole (micro-dollars, asleep and unpriced seconds);
// - ledger invariants: ordered, non-overlapping, from < until, one open interval at most and last,
//   price splits contiguous, penalties only on AWS starts, every interval bounded by observations.
// Positive controls: three deliberately broken variants (rounding each day on its own, keeping the
// first-arrived copy of a duplicated event, forgetting that open intervals keep accruing) must be
// caught by the very same checker, so this test cannot pass by checking nothing.
import { describe, expect, it } from "vitest";
import type { CauseKind } from "../../worker/db/schema.ts";
import { canonicalObservations, elapsedSeconds, accrualEnd, savedMicros, sleepIntervals, type PowerObservation, type PricePoint, type SleepInterval } from "../../worker/savings/ledger.ts";
import { dailyRollup, daysToRewrite, localDay, type DailyRow } from "../../worker/savings/rollup.ts";

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32).

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = ReturnType<typeof prng>;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T,>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
function shuffle<T>(r: Rand, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Random histories.

interface History {
  seed: number;
  provider: "aws" | "gcp";
  timeZone: string;
  /** In arrival order: duplicates included, shuffled. */
  arrivals: PowerObservation[];
  prices: PricePoint[];
  now: number;
}

const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"];
const CAUSES: { kind: CauseKind; id: string | null }[] = [
  { kind: "schedule", id: "sch_a" },
  { kind: "schedule", id: "sch_b" },
  { kind: "override", id: "ovr_1" },
  { kind: "user", id: "usr_ann" },
  { kind: "cloud", id: null },
  { kind: "policy", id: "pol_idle" },
];
const NEXT_STATE: Record<PowerObservation["state"], PowerObservation["state"]> = { running: "stopping", stopping: "stopped", stopped: "starting", starting: "running" };
const STATES = ["running", "stopping", "stopped", "starting"] as const;
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function gap(r: Rand): number {
  const x = r();
  if (x < 0.05) return 0; // same instant
  if (x < 0.55) return int(r, 1_000, 12 * MIN) + int(r, 0, 999); // short: billing minimum territory
  if (x < 0.88) return int(r, HOUR, 30 * HOUR) + int(r, 0, 59_999);
  return int(r, 2 * DAY, 8 * DAY); // long, incl. AWS's 7-day restart
}

function randomHistory(seed: number): History {
  const r = prng(seed);
  const provider = r() < 0.6 ? "aws" : "gcp";
  const timeZone = pick(r, ZONES);
  // Around both 2026 DST changes of the northern and southern hemisphere.
  let at = pick(r, [Date.parse("2026-03-25T00:00:00Z"), Date.parse("2026-04-01T00:00:00Z"), Date.parse("2026-10-21T00:00:00Z"), Date.parse("2026-06-10T00:00:00Z")]) + int(r, 0, 3 * DAY);
  const first = at;
  const count = int(r, 0, 30);
  const obs: PowerObservation[] = [];
  let state: PowerObservation["state"] = pick(r, STATES);
  for (let k = 0; k < count; k++) {
    at += gap(r);
    state = r() < 0.75 ? NEXT_STATE[state] : pick(r, STATES);
    const cause = pick(r, CAUSES);
    const autoRestart = (state === "running" || state === "starting") && r() < 0.1;
    obs.push({ eventId: `evt_${seed}_${k}`, at, state, causeKind: autoRestart ? "aws_auto_restart" : cause.kind, causeId: autoRestart ? null : cause.id, ...(autoRestart && { autoRestart: true }) });
  }
  const now = at + int(r, 0, 2 * DAY);
  // Duplicates: identical copies, and now and then a copy of the same event id that differs.
  const arrivals = [...obs];
  for (const o of obs) {
    if (r() < 0.3) arrivals.push({ ...o });
    if (r() < 0.05) arrivals.push({ ...o, at: o.at + int(r, -HOUR, HOUR), state: pick(r, STATES) });
  }
  const prices: PricePoint[] = [];
  const pointCount = int(r, 0, 4);
  for (let k = 0; k < pointCount; k++) {
    const hourly = r() < 0.15 ? null : pick(r, [72_000, 71_999, 1, 7, 1_800, 416_000, int(r, 1, 2_000_000)]);
    prices.push({ from: k === 0 && r() < 0.5 ? 0 : int(r, first - DAY, now), hourlyMicros: hourly, source: hourly === null ? "unknown" : pick(r, ["catalog 2026-11", "override"]) });
  }
  return { seed, provider, timeZone, arrivals: shuffle(r, arrivals), prices, now };
}

// ---------------------------------------------------------------------------------------------
// The checker: any implementation of the three functions the consumer and the recompute use.

interface Impl {
  sleepIntervals: typeof sleepIntervals;
  dailyRollup: typeof dailyRollup;
  daysToRewrite: typeof daysToRewrite;
}

const REAL: Impl = { sleepIntervals, dailyRollup, daysToRewrite };

const rowKey = (r: DailyRow) => `${r.day}|${r.causeKind}|${r.causeId ?? "\u0000"}`;
const sortRows = (rows: DailyRow[]) => [...rows].sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : rowKey(a) > rowKey(b) ? 1 : 0));

function checkHistory(impl: Impl, h: History): string[] {
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`seed ${h.seed}: ${what}`);
  const opts = { provider: h.provider, now: h.now, instanceId: "ins_p" };
  const intervals = impl.sleepIntervals(h.arrivals, h.prices, opts);
  const rows = impl.dailyRollup(intervals, h.timeZone, h.now);

  // 1. Arrival order and duplicates do not matter.
  const r = prng(h.seed ^ 0x5eed);
  const again = impl.sleepIntervals(shuffle(r, [...h.arrivals, ...h.arrivals.filter(() => r() < 0.2)]), shuffle(r, h.prices), opts);
  if (JSON.stringify(again) !== JSON.stringify(intervals)) fail("ledger depends on arrival order or duplicates");

  // 2. Incremental processing equals recompute from scratch.
  const batches: { obs: PowerObservation[]; prices: PricePoint[] }[] = [];
  const arrivals = [...h.arrivals];
  const pendingPrices = [...h.prices];
  while (arrivals.length > 0 || pendingPrices.length > 0) {
    batches.push({ obs: arrivals.splice(0, int(r, 1, 6)), prices: r() < 0.3 ? pendingPrices.splice(0, 1) : [] });
    if (arrivals.length === 0 && pendingPrices.length > 0) batches.push({ obs: [], prices: pendingPrices.splice(0) });
  }
  const seen: PowerObservation[] = [];
  const knownPrices: PricePoint[] = [];
  let stored = new Map<string, DailyRow[]>();
  let previous: SleepInterval[] = [];
  let clock = Number.NEGATIVE_INFINITY;
  batches.forEach((batch, k) => {
    seen.push(...batch.obs);
    knownPrices.push(...batch.prices);
    const latest = Math.max(clock, ...seen.map((o) => o.at));
    clock = k === batches.length - 1 ? h.now : Math.min(h.now, latest + int(r, 0, 6 * HOUR));
    const next = impl.sleepIntervals(seen, knownPrices, { ...opts, now: clock });
    const days = new Set(impl.daysToRewrite(previous, next, h.timeZone, clock));
    const fresh = impl.dailyRollup(next, h.timeZone, clock).filter((row) => days.has(row.day));
    stored = new Map([...stored].filter(([day]) => !days.has(day)));
    for (const row of fresh) stored.set(row.day, [...(stored.get(row.day) ?? []), row]);
    previous = next;
  });
  if (batches.length > 0) {
    if (JSON.stringify(previous) !== JSON.stringify(intervals)) fail("incremental ledger differs from recompute");
    if (JSON.stringify(sortRows([...stored.values()].flat())) !== JSON.stringify(sortRows(rows))) fail("incremental daily rows differ from recompute");
  }

  // 3. Daily parts sum exactly to the whole.
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const wholeSaved = sum(intervals.map((i) => savedMicros(i, h.now)));
  const wholeSeconds = sum(intervals.map((i) => elapsedSeconds(i, accrualEnd(i, h.now), h.now)));
  const wholeUnpriced = sum(intervals.filter((i) => i.hourlyMicros === null).map((i) => elapsedSeconds(i, accrualEnd(i, h.now), h.now)));
  if (sum(rows.map((x) => x.savedMicros)) !== wholeSaved) fail(`daily saved ${sum(rows.map((x) => x.savedMicros))} != whole ${wholeSaved}`);
  if (sum(rows.map((x) => x.asleepSeconds)) !== wholeSeconds) fail("daily asleep seconds != whole");
  if (sum(rows.map((x) => x.unpricedSeconds)) !== wholeUnpriced) fail("daily unpriced seconds != whole");
  for (const row of rows) {
    if (![row.asleepSeconds, row.savedMicros, row.unpricedSeconds].every(Number.isSafeInteger)) fail(`non-integer row ${JSON.stringify(row)}`);
    if (row.asleepSeconds < 0 || row.unpricedSeconds < 0 || row.unpricedSeconds > row.asleepSeconds) fail(`impossible row ${JSON.stringify(row)}`);
  }
  const keys = rows.map(rowKey);
  if (new Set(keys).size !== keys.length) fail("two rows for one (day, cause)");

  // 4. Ledger invariants, checked against the observations themselves.
  const canon = canonicalObservations(h.arrivals);
  const stoppedAt = new Set(canon.filter((o) => o.state === "stopped").map((o) => o.at));
  const awakeAt = new Set(canon.filter((o) => o.state === "starting" || o.state === "running").map((o) => o.at));
  if (new Set(intervals.map((i) => i.id)).size !== intervals.length) fail("duplicate interval ids");
  intervals.forEach((i, k) => {
    const next = intervals[k + 1];
    const prev = intervals[k - 1];
    if (i.until !== null && !(i.from < i.until)) fail(`interval ${i.id} has from >= until`);
    if ((i.until === null) !== (i.endedBy === "open")) fail(`interval ${i.id} open/endedBy mismatch`);
    if (i.until === null && next) fail(`open interval ${i.id} is not the last`);
    if (next && i.until !== null && i.until > next.from) fail(`intervals ${i.id} and ${next.id} overlap`);
    if (i.endedBy === "price_change" && (!next || next.from !== i.until || next.causeKind !== i.causeKind || next.causeId !== i.causeId)) fail(`price split ${i.id} is not contiguous`);
    if (!(prev?.endedBy === "price_change") && !stoppedAt.has(i.from)) fail(`interval ${i.id} does not open at a stopped observation`);
    if ((i.endedBy === "start" || i.endedBy === "auto_restart") && !awakeAt.has(i.until as number) && !stoppedAt.has(i.until as number)) fail(`interval ${i.id} does not close at an observation`);
    const inside = canon.filter((o) => (o.state === "starting" || o.state === "running") && o.at > i.from && o.at < (i.until ?? Number.POSITIVE_INFINITY));
    if (inside.length > 0) fail(`interval ${i.id} spans an observed start`);
    if (i.penaltyMicros < 0 || !Number.isSafeInteger(i.penaltyMicros)) fail(`interval ${i.id} has a bad penalty`);
    if (i.penaltyMicros > 0 && (h.provider !== "aws" || (i.endedBy !== "start" && i.endedBy !== "auto_restart"))) fail(`interval ${i.id} has a penalty without an AWS start`);
    if (i.hourlyMicros !== null && !(Number.isSafeInteger(i.hourlyMicros) && i.hourlyMicros >= 0)) fail(`interval ${i.id} has a bad price`);
  });
  // Every clear stop (stopped right after being seen awake) before now is inside some interval.
  canon.forEach((o, k) => {
    const before = canon[k - 1];
    if (o.state === "stopped" && before && (before.state === "running" || before.state === "starting") && before.at < o.at) {
      // Exempt: woken at the same instant, or a later stop request proving a missed start (the
      // ledger then claims only up to the last stopped confirmation, which may be this one).
      const after = canon.slice(k + 1).find((x) => x.state !== "stopped");
      const exempt = after !== undefined && (after.at === o.at || after.state === "stopping");
      const covered = intervals.some((i) => i.from <= o.at && (i.until === null || o.at < i.until));
      if (!covered && !exempt) fail(`stop at ${new Date(o.at).toISOString()} opened no interval`);
    }
  });
  return problems;
}

function problemsOver(impl: Impl, histories: History[], stopAtFirst = false): string[] {
  const out: string[] = [];
  for (const h of histories) {
    out.push(...checkHistory(impl, h));
    if (stopAtFirst && out.length > 0) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Deliberately broken variants (positive controls).

/** Rounds each day part on its own (floor of part seconds × price), instead of cumulative floors. */
const roundsEachDay: Impl = {
  ...REAL,
  dailyRollup(intervals, timeZone, now) {
    const rows = new Map<string, DailyRow>();
    for (const i of intervals) {
      // One interval at a time, with its penalty removed, to get its day parts' seconds.
      for (const part of dailyRollup([{ ...i, penaltyMicros: 0 }], timeZone, now)) {
        const key = rowKey(part);
        const row = rows.get(key) ?? { ...part, asleepSeconds: 0, savedMicros: 0, unpricedSeconds: 0 };
        row.asleepSeconds += part.asleepSeconds;
        row.unpricedSeconds += part.unpricedSeconds;
        row.savedMicros += i.hourlyMicros === null ? 0 : Math.floor((part.asleepSeconds * i.hourlyMicros) / 3600);
        rows.set(key, row);
      }
      if (i.penaltyMicros && i.until !== null) {
        const key = rowKey({ day: localDay(i.until, timeZone), causeKind: i.causeKind, causeId: i.causeId } as DailyRow);
        const row = rows.get(key) ?? { day: localDay(i.until, timeZone), causeKind: i.causeKind, causeId: i.causeId, asleepSeconds: 0, savedMicros: 0, unpricedSeconds: 0 };
        row.savedMicros -= i.penaltyMicros;
        rows.set(key, row);
      }
    }
    return [...rows.values()];
  },
};

/** Keeps the first-arrived copy of a duplicated event id (so arrival order leaks into the ledger). */
const keepsFirstArrival: Impl = {
  ...REAL,
  sleepIntervals(observations, prices, opts) {
    const byId = new Map<string, PowerObservation>();
    for (const o of observations) if (!byId.has(o.eventId)) byId.set(o.eventId, o);
    return sleepIntervals([...byId.values()], prices, opts);
  },
};

/** Rewrites only the days of intervals that changed, forgetting that an open interval keeps accruing. */
const forgetsOpenIntervals: Impl = {
  ...REAL,
  daysToRewrite(before, after, timeZone, now) {
    const same = (a: SleepInterval, b: SleepInterval) => JSON.stringify(a) === JSON.stringify(b);
    const changed = [...before.filter((b) => !after.some((a) => same(a, b))), ...after.filter((a) => !before.some((b) => same(a, b)))];
    return daysToRewrite([], changed.map((i) => ({ ...i, until: i.until ?? now, endedBy: "start" as const })), timeZone, now);
  },
};

// ---------------------------------------------------------------------------------------------

const HISTORIES = Array.from({ length: 600 }, (_, k) => randomHistory(1_000 + k));

describe("savings ledger on 600 random event histories", () => {
  it("the histories exercise what the checker is about", () => {
    const all = HISTORIES.map((h) => ({ h, intervals: sleepIntervals(h.arrivals, h.prices, { provider: h.provider, now: h.now }) }));
    const endings = new Set(all.flatMap(({ intervals }) => intervals.map((i) => i.endedBy)));
    expect([...endings].sort()).toEqual(["auto_restart", "open", "price_change", "start"]);
    expect(all.filter(({ intervals }) => intervals.some((i) => i.penaltyMicros > 0)).length).toBeGreaterThan(20);
    expect(all.filter(({ intervals }) => intervals.some((i) => i.hourlyMicros === null)).length).toBeGreaterThan(20);
    expect(all.filter(({ intervals }) => intervals.length >= 3).length).toBeGreaterThan(200);
    expect(HISTORIES.filter((h) => new Set(h.arrivals.map((o) => o.eventId)).size < h.arrivals.length).length).toBeGreaterThan(400);
    expect(new Set(HISTORIES.map((h) => h.timeZone)).size).toBe(ZONES.length);
  });

  it("incremental equals recompute, parts sum to the whole, and the ledger invariants hold", () => {
    expect(problemsOver(REAL, HISTORIES)).toEqual([]);
  });

  it("positive control: rounding each day on its own is caught (parts no longer sum to the whole)", () => {
    const problems = problemsOver(roundsEachDay, HISTORIES, true);
    expect(problems.join("\n")).toMatch(/daily saved .* != whole/);
  });

  it("positive control: keeping the first-arrived copy of a duplicated event is caught", () => {
    const problems = problemsOver(keepsFirstArrival, HISTORIES, true);
    expect(problems.join("\n")).toMatch(/depends on arrival order|differ from recompute|differs from recompute/);
  });

  it("positive control: not rewriting the days of an open interval is caught", () => {
    const problems = problemsOver(forgetsOpenIntervals, HISTORIES, true);
    expect(problems.join("\n")).toMatch(/incremental daily rows differ from recompute/);
  });
});
