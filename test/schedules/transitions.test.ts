// scheduleTransitions / nextTransition: exact instants over a week, agreement with a minute-by-minute
// scan of evaluateSchedule (including DST weeks, overnight periods, gap bridging, exceptions and cron
// pairs), range handling, and the cost of a 7-day preview.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_HORIZON_MS,
  ScheduleDefinitionSchema,
  evaluateSchedule,
  nextTransition,
  scheduleTransitions,
  type DesiredState,
  type ScheduleDefinition,
  type ScheduleDefinitionInput,
} from "../../worker/schedules/index.ts";

const MINUTE = 60_000;
const DAY = 86_400_000;
const ALL = { match: [{ field: "name" as const, op: "glob" as const, value: "*" }] };
const iso = (t: number) => new Date(t).toISOString();

function schedule(timezone: string, over: Partial<ScheduleDefinitionInput>): ScheduleDefinition {
  return ScheduleDefinitionSchema.parse({ name: "transitions", timezone, selector: ALL, ...over });
}

/** The transitions a minute-by-minute scan of evaluateSchedule sees in (from, to]. */
function scan(def: ScheduleDefinition, from: number, to: number): { at: number; state: DesiredState }[] {
  const out: { at: number; state: DesiredState }[] = [];
  let previous = evaluateSchedule(def, from);
  for (let t = from + MINUTE; t <= to; t += MINUTE) {
    const s = evaluateSchedule(def, t);
    if (s !== previous) out.push({ at: t, state: s });
    previous = s;
  }
  return out;
}

describe("a week of office hours in Europe/Berlin", () => {
  const def = schedule("Europe/Berlin", { periods: [{ begin: "08:00", end: "18:00", weekdays: ["mon-fri"] }] });

  it("lists every start and stop, ascending, with the new state", () => {
    const from = Date.parse("2026-01-04T23:00:00Z"); // Monday 00:00 local
    const to = from + 7 * DAY;
    expect(scheduleTransitions(def, from, to).map((t) => `${iso(t.at)} ${t.state}`)).toEqual([
      "2026-01-05T07:00:00.000Z running",
      "2026-01-05T17:00:00.000Z stopped",
      "2026-01-06T07:00:00.000Z running",
      "2026-01-06T17:00:00.000Z stopped",
      "2026-01-07T07:00:00.000Z running",
      "2026-01-07T17:00:00.000Z stopped",
      "2026-01-08T07:00:00.000Z running",
      "2026-01-08T17:00:00.000Z stopped",
      "2026-01-09T07:00:00.000Z running",
      "2026-01-09T17:00:00.000Z stopped",
    ]);
  });

  it("the range is (from, to]: a change exactly at from is excluded, exactly at to included", () => {
    const start = Date.parse("2026-01-05T07:00:00Z");
    const stop = Date.parse("2026-01-05T17:00:00Z");
    expect(scheduleTransitions(def, start, stop)).toEqual([{ at: stop, state: "stopped" }]);
    expect(scheduleTransitions(def, start - 1, start)).toEqual([{ at: start, state: "running" }]);
    expect(scheduleTransitions(def, start, start)).toEqual([]);
    expect(scheduleTransitions(def, stop, start)).toEqual([]);
  });

  it("nextTransition gives the first change after an instant", () => {
    expect(nextTransition(def, Date.parse("2026-01-05T12:00:00Z"))).toEqual({ at: Date.parse("2026-01-05T17:00:00Z"), state: "stopped" });
    expect(nextTransition(def, Date.parse("2026-01-05T17:00:00Z"))).toEqual({ at: Date.parse("2026-01-06T07:00:00Z"), state: "running" });
    // Friday evening → Monday morning.
    expect(nextTransition(def, Date.parse("2026-01-09T17:00:00Z"))).toEqual({ at: Date.parse("2026-01-12T07:00:00Z"), state: "running" });
    expect(nextTransition(def, Date.parse("2026-01-09T17:00:00Z"), DAY)).toBeNull();
  });

  it("nextTransition is null when nothing changes within the horizon", () => {
    const always = schedule("UTC", { periods: [{ weekdays: ["*"] }] });
    expect(nextTransition(always, Date.parse("2026-01-05T12:00:00Z"))).toBeNull();
    expect(DEFAULT_HORIZON_MS).toBe(7 * DAY);
    const disabled = schedule("UTC", { enabled: false, periods: [{ begin: "09:00", end: "17:00" }] });
    expect(nextTransition(disabled, Date.parse("2026-01-05T12:00:00Z"))).toBeNull();
    expect(scheduleTransitions(disabled, Date.parse("2026-01-05T00:00:00Z"), Date.parse("2026-01-12T00:00:00Z"))).toEqual([]);
    const monthly = schedule("UTC", { periods: [{ begin: "09:00", end: "17:00", weekdays: ["mon#1"] }] });
    expect(nextTransition(monthly, Date.parse("2026-01-06T00:00:00Z"), 40 * DAY)).toEqual({ at: Date.parse("2026-02-02T09:00:00Z"), state: "running" });
  });

  it("rejects unbounded or absurd ranges", () => {
    expect(() => scheduleTransitions(def, 0, 500 * DAY)).toThrow(RangeError);
    expect(() => scheduleTransitions(def, Number.NaN, 0)).toThrow(RangeError);
  });
});

describe("transitions agree with a minute-by-minute scan", () => {
  const cases: { name: string; def: ScheduleDefinition; from: string }[] = [
    {
      name: "New York, spring-forward week, office hours + early gap period + weekend begin-only",
      def: schedule("America/New_York", {
        periods: [
          { begin: "09:00", end: "17:00", weekdays: ["mon-fri"] },
          { begin: "02:30", end: "03:30", weekdays: ["sun"] },
          { begin: "10:00", weekdays: ["sat"] },
        ],
      }),
      from: "2026-03-05T00:00:00Z",
    },
    {
      name: "New York, fall-back week, repeated-hour periods and an overnight period",
      def: schedule("America/New_York", {
        periods: [
          { begin: "00:20", end: "01:40", weekdays: ["sun"] },
          { begin: "01:50", end: "03:00", weekdays: ["sun"] },
          { begin: "22:00", end: "06:00", weekdays: ["fri"] },
          { end: "12:00", weekdays: ["mon"] },
        ],
      }),
      from: "2026-10-29T00:00:00Z",
    },
    {
      name: "Berlin, fall-back week, bridged one-minute gaps, exceptions",
      def: schedule("Europe/Berlin", {
        periods: [
          { begin: "07:00", end: "11:59", weekdays: ["mon-fri"] },
          { begin: "12:00", end: "19:00", weekdays: ["mon-fri"] },
          { begin: "02:15", end: "02:45" },
        ],
        exceptions: [
          { from: "2026-10-24", state: "running" },
          { from: "2026-10-27", state: "stopped" },
          { from: "2026-10-31", to: "2026-11-01", state: "running" },
        ],
      }),
      from: "2026-10-23T00:00:00Z",
    },
    {
      name: "Sydney, October DST start, cron pairs plus a monthday period",
      def: schedule("Australia/Sydney", {
        periods: [{ begin: "09:00", end: "17:00", monthdays: ["1-7"], weekdays: ["mon-fri"] }],
        cronPairs: [
          { start: "30 2 * * *", stop: "0 4 * * *" },
          { start: "0 20 * * 5", stop: "0 8 * * 1" },
        ],
      }),
      from: "2026-10-01T00:00:00Z",
    },
    {
      name: "Etc/GMT-14, overnight and end-only periods with month conditions",
      def: schedule("Etc/GMT-14", {
        periods: [
          { begin: "20:00", end: "04:00", months: ["dec-jan"] },
          { end: "06:00", weekdays: ["L"] },
        ],
      }),
      from: "2026-12-28T00:00:00Z",
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const from = Date.parse(c.from);
      const to = from + 7 * DAY;
      const expected = scan(c.def, from, to);
      expect(expected.length).toBeGreaterThan(3);
      expect(scheduleTransitions(c.def, from, to).map((t) => `${iso(t.at)} ${t.state}`)).toEqual(expected.map((t) => `${iso(t.at)} ${t.state}`));
    });
  }
});

describe("cost", () => {
  it("a 7-day preview of a typical schedule takes a few milliseconds", () => {
    const def = schedule("Europe/Berlin", {
      periods: [
        { begin: "08:00", end: "19:00", weekdays: ["mon-fri"] },
        { begin: "10:00", end: "14:00", weekdays: ["sat#1"] },
      ],
      cronPairs: [{ start: "0 6 L * *", stop: "0 23 L * *" }],
      exceptions: [{ from: "2026-12-24", to: "2026-12-26", state: "stopped", reason: "Holidays" }],
    });
    const from = Date.parse("2026-03-23T00:00:00Z"); // includes the spring-forward Sunday
    // Cold: first call pays for Intl formatters and cron parsing.
    let t0 = performance.now();
    const first = scheduleTransitions(def, from, from + 7 * DAY);
    const cold = performance.now() - t0;
    const runs = 20;
    t0 = performance.now();
    for (let i = 1; i <= runs; i++) scheduleTransitions(def, from + i * DAY, from + (i + 7) * DAY);
    const warm = (performance.now() - t0) / runs;
    t0 = performance.now();
    for (let i = 0; i < 1000; i++) evaluateSchedule(def, from + i * 7 * MINUTE);
    const perEvaluate = (performance.now() - t0) / 1000;
    console.log(`scheduleTransitions over 7 days: cold ${cold.toFixed(2)} ms, warm ${warm.toFixed(2)} ms per call; evaluateSchedule ${(perEvaluate * 1000).toFixed(1)} µs per call`);
    expect(first.length).toBe(10);
    expect(warm).toBeLessThan(250);
  });
});
