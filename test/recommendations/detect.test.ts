// The idle-pattern detector's promises, checked on the simulator's usage patterns (the same
// samples the simulated CloudWatch serves) with the mess of real collection added: it recovers
// office hours and nightly batches with high confidence, sleeps an always-idle database all week,
// never recommends for busy or irregular ones and says why, projects savings the way a person
// would compute them, and finds a pattern it was not tuned on (a four-day week in Sydney).
import { describe, expect, it } from "vitest";
import {
  confidenceLevel,
  detectIdlePattern,
  DETECTOR,
  HOURS_PER_WEEK,
  slotOf,
  type Detection,
  type DetectorDatabase,
  type DetectorInput,
} from "../../worker/recommendations/detect.ts";
import { evaluateSchedule, ScheduleDefinitionSchema } from "../../worker/schedules/index.ts";
import { rdsClassInfo } from "../../sim/state/usage.ts";
import { DAY, HOUR, simulatedSeries, workweekSeries, type HourlySeries } from "./usage-series.ts";

// Monday 2026-03-16 00:00 UTC: the 14 days before it are all winter time in Europe.
const NOW = Date.UTC(2026, 2, 16);

const database = (over: Partial<DetectorDatabase> = {}): DetectorDatabase => ({
  id: "db_TEST",
  name: "orders-dev",
  cloudAccountId: "acct_TEST",
  eligible: true,
  ineligibleReason: null,
  hourlyPriceMicros: 72_000,
  priceSource: "catalog 2026-11",
  ...over,
});

function detect(series: HourlySeries, over: Partial<DetectorInput> = {}): Detection {
  return detectIdlePattern({ database: database(), timezone: "UTC", now: NOW, ...series, ...over });
}

function proposal(d: Detection) {
  if (d.kind !== "schedule") throw new Error(`expected a proposal, got skip (${d.reason}): ${d.message}`);
  return d;
}

/** The proposed schedule's verdict for each hour of the week after the window, by local slot. */
function scheduleAwake(d: Detection & { kind: "schedule" }, zone: string, from: number): boolean[] {
  const awake = new Array<boolean>(HOURS_PER_WEEK).fill(false);
  for (let h = from; h < from + 7 * DAY; h += HOUR) {
    if (evaluateSchedule(d.definition, h + 30 * 60_000) === "running") awake[slotOf(zone, h)] = true;
  }
  return awake;
}

describe("the test data is the simulator's (positive control)", () => {
  it("office hours generate busy weekday hours and quiet nights, 336 hours each", () => {
    const s = simulatedSeries("office-hours", { now: NOW, days: 14 });
    expect(s.cpu).toHaveLength(336);
    expect(s.connections).toHaveLength(336);
    const tuesdayNoon = s.cpu.find((r) => r.hourStart === Date.UTC(2026, 2, 10, 12))!;
    const tuesdayThree = s.cpu.find((r) => r.hourStart === Date.UTC(2026, 2, 10, 3))!;
    expect(tuesdayNoon.avg).toBeGreaterThan(40);
    expect(tuesdayThree.avg).toBeLessThan(6);
    // The simulator keeps a few connections open at night: they must not count as use.
    expect(s.connections.find((r) => r.hourStart === Date.UTC(2026, 2, 10, 3))!.avg).toBeGreaterThan(2);
  });
});

describe("recovering the simulator's patterns", () => {
  it("office hours (Berlin): awake Mon–Fri 07:00–19:00 with high confidence, despite missing hours", () => {
    // Berlin is UTC+1 in this window, the workload's offset too (like the demo's eu-orders-dev).
    const s = simulatedSeries("office-hours", { now: NOW, days: 14, utcOffsetMinutes: 60 }, { missing: 0.03 });
    const d = proposal(detect(s, { timezone: "Europe/Berlin" }));
    expect(d.definition.timezone).toBe("Europe/Berlin");
    expect(d.definition.periods).toEqual([{ begin: "07:00", end: "19:00", weekdays: ["mon-fri"] }]);
    expect(d.projection.asleepHoursPerWeek).toBe(108);
    expect(d.confidenceBp).toBeGreaterThanOrEqual(DETECTOR.highConfidenceBp);
    expect(confidenceLevel(d.confidenceBp)).toBe("high");
    // The definition is a valid schedule for exactly this database.
    expect(ScheduleDefinitionSchema.safeParse(d.definition).success).toBe(true);
    expect(d.definition.selector.match).toEqual([
      { field: "name", op: "equals", value: "orders-dev" },
      { field: "cloudAccountId", op: "equals", value: "acct_TEST" },
    ]);
    // What the schedule does, evaluated by the schedule engine, is what the evidence shows.
    expect(scheduleAwake(d, "Europe/Berlin", NOW)).toEqual(d.evidence.proposedAwake);
  });

  it("an evening of overtime in one of the two weeks is not slept through: that Wednesday stays awake until 22:00", () => {
    const s = simulatedSeries("office-hours", { now: NOW, days: 14, utcOffsetMinutes: 60 }, { spikes: [Date.UTC(2026, 2, 4, 20)] });
    const d = proposal(detect(s, { timezone: "Europe/Berlin" }));
    expect(d.definition.periods).toEqual([
      { begin: "07:00", end: "19:00", weekdays: ["mon-tue", "thu-fri"] },
      { begin: "07:00", end: "22:00", weekdays: ["wed"] },
    ]);
    expect(d.evidence.activePercent[2 * 24 + 21]).toBe(50); // Wednesday 21:00 Berlin: busy in one week of two
    expect(confidenceLevel(d.confidenceBp)).toBe("high");
  });

  it("nightly batch: awake 00:00–03:00 every day (an hour's lead before the 01:00 job), high confidence", () => {
    const d = proposal(detect(simulatedSeries("nightly-batch", { now: NOW, days: 14, cls: rdsClassInfo("db.r6g.large") }, { missing: 0.02 })));
    expect(d.definition.periods).toEqual([{ begin: "00:00", end: "03:00" }]);
    expect(d.projection.asleepHoursPerWeek).toBe(147);
    expect(confidenceLevel(d.confidenceBp)).toBe("high");
    expect(scheduleAwake(d, "UTC", NOW)).toEqual(d.evidence.proposedAwake);
  });

  it("always idle: a full sleep, every hour of the week", () => {
    const d = proposal(detect(simulatedSeries("always-idle", { now: NOW, days: 14 })));
    expect(d.projection.asleepHoursPerWeek).toBe(168);
    expect(d.summary).toContain("asleep all week");
    expect(scheduleAwake(d, "UTC", NOW).some(Boolean)).toBe(false);
    expect(confidenceLevel(d.confidenceBp)).toBe("high");
  });

  it("weekly only: asleep except Monday 09:00–12:00", () => {
    const d = proposal(detect(simulatedSeries("weekly-only", { now: NOW, days: 14 })));
    expect(d.definition.periods).toEqual([{ begin: "09:00", end: "12:00", weekdays: ["mon"] }]);
    expect(d.projection.asleepHoursPerWeek).toBe(165);
  });
});

describe("never recommending for busy or irregular databases, saying why", () => {
  it("always busy: nothing proposed, because it is busy every hour", () => {
    const d = detect(simulatedSeries("always-busy", { now: NOW, days: 14 }));
    expect(d).toMatchObject({ kind: "skip", reason: "busy" });
    expect(d.kind === "skip" && d.message).toMatch(/active in 168 of the 168 hours/);
  });

  it("noisy (busy at random hours): nothing proposed, because no fixed schedule fits", () => {
    for (const seed of [1, 2, 3]) {
      const d = detect(simulatedSeries("noisy", { now: NOW, days: 14, seed }));
      expect(d, `seed ${seed}`).toMatchObject({ kind: "skip", reason: "irregular" });
    }
  });

  it("noisy with a single week of data (no second week to compare): still irregular", () => {
    const d = detect(simulatedSeries("noisy", { now: NOW, days: 8 }));
    expect(d).toMatchObject({ kind: "skip", reason: "irregular" });
  });

  it("a pool that keeps connections open around the clock is never called idle, however low the CPU", () => {
    const hours = Array.from({ length: 336 }, (_, i) => NOW - 336 * HOUR + i * HOUR);
    const d = detect({ cpu: hours.map((h) => ({ hourStart: h, avg: 2, max: 3 })), connections: hours.map((h, i) => ({ hourStart: h, avg: 20 + (i % 3), max: 23 })) });
    expect(d).toMatchObject({ kind: "skip", reason: "busy" });
  });

  it("fewer than 7 days of data: no opinion yet", () => {
    const d = detect(simulatedSeries("office-hours", { now: NOW, days: 5 }));
    expect(d).toMatchObject({ kind: "skip", reason: "not-enough-data" });
    expect(d.kind === "skip" && d.message).toMatch(/at least 7 days/);
  });

  it("a database the cloud cannot stop (a read replica): skipped with the reason", () => {
    const d = detectIdlePattern({ database: database({ eligible: false, ineligibleReason: "read replica of analytics-staging" }), timezone: "UTC", now: NOW, ...simulatedSeries("nightly-batch", { now: NOW, days: 14 }) });
    expect(d).toMatchObject({ kind: "skip", reason: "ineligible" });
    expect(d.kind === "skip" && d.message).toContain("read replica of analytics-staging");
  });
});

describe("confidence and data depth", () => {
  it("one week of office hours still proposes, with less confidence than two", () => {
    const week = proposal(detect(simulatedSeries("office-hours", { now: NOW, days: 7 })));
    const two = proposal(detect(simulatedSeries("office-hours", { now: NOW, days: 14 })));
    expect(week.definition.periods).toEqual(two.definition.periods);
    expect(week.confidenceBp).toBeLessThan(two.confidenceBp);
  });

  it("a metrics backfill still in progress is judged on the days read so far, never as 14 (the agent reads the newest days first)", () => {
    const full = simulatedSeries("office-hours", { now: NOW, days: 14 });
    const newest = (days: number) => ({ cpu: full.cpu.filter((r) => r.hourStart >= NOW - days * DAY), connections: full.connections.filter((r) => r.hourStart >= NOW - days * DAY) });
    // After the first collection (the last day): no opinion yet, and it says one day.
    const first = detect(newest(1));
    expect(first).toMatchObject({ kind: "skip", reason: "not-enough-data", evidence: { daysOfData: 1 } });
    // Nine days in: nine days, with less confidence than the fourteen to come.
    const nine = proposal(detect(newest(9)));
    expect(nine.evidence.daysOfData).toBe(9);
    expect(nine.confidenceBp).toBeLessThan(proposal(detect(full)).confidenceBp);
    // Why newest first: the oldest four days alone would span the whole window and count as 14.
    const oldest = { cpu: full.cpu.filter((r) => r.hourStart < NOW - 10 * DAY), connections: full.connections.filter((r) => r.hourStart < NOW - 10 * DAY) };
    expect(detect(oldest).evidence?.daysOfData).toBe(14);
  });

  it("hours the database was observed asleep count as idle; without that record they are unknown and kept awake", () => {
    // An existing schedule stopped it 20:00–07:00: CloudWatch has no data for those hours.
    const s = simulatedSeries("office-hours", { now: NOW, days: 14 });
    const asleep: { from: number; until: number }[] = [];
    for (let day = NOW - 14 * DAY; day < NOW; day += DAY) asleep.push({ from: day - 4 * HOUR, until: day + 7 * HOUR });
    const isAsleep = (h: number) => asleep.some((a) => h >= a.from && h < a.until);
    const awakeOnly = { cpu: s.cpu.filter((r) => !isAsleep(r.hourStart)), connections: s.connections.filter((r) => !isAsleep(r.hourStart)) };

    const withRecord = proposal(detect(awakeOnly, { asleep }));
    expect(withRecord.definition.periods).toEqual([{ begin: "07:00", end: "19:00", weekdays: ["mon-fri"] }]);
    const withoutRecord = detect(awakeOnly);
    // Without it the nights are unknown: only weekend days are left to sleep through.
    expect(withoutRecord.kind === "schedule" ? withoutRecord.projection.asleepHoursPerWeek : 0).toBeLessThan(108);
  });
});

describe("projected savings", () => {
  it("match a hand computation: 108 h a week × 730/168 = 469.29 h a month × $0.072 = $33.79", () => {
    const d = proposal(detect(simulatedSeries("office-hours", { now: NOW, days: 14 })));
    // 108 × 3600 × 730 / 168 = 1,689,428.57 s → 1,689,428 whole seconds × 72,000 µ$/h ÷ 3600
    // = 33,788,560 µ$ = $33.79.
    expect(d.projection).toEqual({ asleepHoursPerWeek: 108, asleepHoursPerMonth: 469.3, hourlyPriceMicros: 72_000, priceSource: "catalog 2026-11", monthlySavingsCents: 3379 });
  });

  it("a full sleep at $1.25 an hour saves a whole 730-hour month: $912.50", () => {
    const d = proposal(detectIdlePattern({ database: database({ hourlyPriceMicros: 1_250_000 }), timezone: "UTC", now: NOW, ...simulatedSeries("always-idle", { now: NOW, days: 14 }) }));
    expect(d.projection.monthlySavingsCents).toBe(91_250);
  });

  it("an unknown price projects hours, never $0", () => {
    const d = proposal(detectIdlePattern({ database: database({ hourlyPriceMicros: null, priceSource: "unknown" }), timezone: "UTC", now: NOW, ...simulatedSeries("nightly-batch", { now: NOW, days: 14 }) }));
    expect(d.projection.monthlySavingsCents).toBeNull();
    expect(d.projection.asleepHoursPerMonth).toBeGreaterThan(600);
  });
});

describe("a pattern the detector was not tuned on", () => {
  it("a four-day week in Sydney (Mon–Thu 09–17 local, across the April DST change): awake Mon–Thu 08:00–17:00 Sydney time", () => {
    // Sydney leaves daylight time on Sunday 5 April 2026: the window spans both offsets.
    const now = Date.UTC(2026, 3, 13, 14); // Tuesday 00:00 in Sydney
    const s = workweekSeries({ now, days: 15, zone: "Australia/Sydney", workdays: [0, 1, 2, 3], begin: 9, end: 17 }, { missing: 0.03 });
    const d = proposal(detectIdlePattern({ database: database({ name: "au-claims-dev" }), timezone: "Australia/Sydney", now, ...s }));
    expect(d.definition.timezone).toBe("Australia/Sydney");
    expect(d.definition.periods).toEqual([{ begin: "08:00", end: "17:00", weekdays: ["mon-thu"] }]);
    expect(d.projection.asleepHoursPerWeek).toBe(168 - 4 * 9);
    expect(confidenceLevel(d.confidenceBp)).toBe("high");
    expect(scheduleAwake(d, "Australia/Sydney", now)).toEqual(d.evidence.proposedAwake);
  });

  it("the same workload read in the wrong zone (UTC) is found at UTC hours, not Sydney's", () => {
    const now = Date.UTC(2026, 2, 16, 13);
    const s = workweekSeries({ now, days: 14, zone: "Australia/Sydney", workdays: [0, 1, 2, 3], begin: 9, end: 17 });
    const d = proposal(detectIdlePattern({ database: database(), timezone: "UTC", now, ...s }));
    // Sydney is UTC+11 in March: 09:00 Monday there is 22:00 Sunday UTC.
    expect(d.definition.periods).toEqual([
      { begin: "00:00", end: "06:00", weekdays: ["mon-thu"] },
      { begin: "21:00", end: "00:00", weekdays: ["mon-wed", "sun"] },
    ]);
  });
});
