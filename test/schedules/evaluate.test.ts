// evaluateSchedule: Instance Scheduler period semantics (begin inclusive, end exclusive, begin-only,
// end-only, all-day, combination running > any > stopped, one-minute gap bridging), overnight
// periods, exceptions and their precedence, disabled schedules, and combineStates.
import { describe, expect, it } from "vitest";
import {
  ScheduleDefinitionSchema,
  combineStates,
  evaluateSchedule,
  explainSchedule,
  type ScheduleDefinition,
  type ScheduleDefinitionInput,
} from "../../worker/schedules/index.ts";

const ALL = { match: [{ field: "name" as const, op: "glob" as const, value: "*" }] };

function schedule(over: Partial<ScheduleDefinitionInput>): ScheduleDefinition {
  return ScheduleDefinitionSchema.parse({ name: "test", timezone: "UTC", selector: ALL, ...over });
}

function states(def: ScheduleDefinition, isoInstants: string[]): string[] {
  return isoInstants.map((iso) => evaluateSchedule(def, Date.parse(iso)));
}

// 2026-01-05 is a Monday; 2026-01-10 a Saturday.
describe("a period with begin and end", () => {
  const office = schedule({ periods: [{ begin: "09:00", end: "17:00", weekdays: ["mon-fri"] }] });

  it("runs from begin (inclusive) to end (exclusive) on matching days, stopped otherwise", () => {
    expect(
      states(office, [
        "2026-01-05T08:59:59.999Z",
        "2026-01-05T09:00:00.000Z",
        "2026-01-05T12:00:00.000Z",
        "2026-01-05T16:59:59.999Z",
        "2026-01-05T17:00:00.000Z",
        "2026-01-05T23:59:59.999Z",
        "2026-01-09T16:30:00.000Z",
        "2026-01-10T12:00:00.000Z",
        "2026-01-11T12:00:00.000Z",
      ]),
    ).toEqual(["stopped", "running", "running", "running", "stopped", "stopped", "running", "stopped", "stopped"]);
  });

  it("minute precision: 09:30–09:31 runs exactly one minute", () => {
    const one = schedule({ periods: [{ begin: "09:30", end: "09:31" }] });
    expect(states(one, ["2026-01-05T09:29:59Z", "2026-01-05T09:30:00Z", "2026-01-05T09:30:59.999Z", "2026-01-05T09:31:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "stopped",
    ]);
  });
});

describe("periods with only a begin or only an end (Instance Scheduler's one-sided periods)", () => {
  it("begin only: no opinion before begin, running from begin to the end of each matching day, stopped on other days", () => {
    const def = schedule({ periods: [{ begin: "09:00", weekdays: ["mon-fri"] }] });
    expect(
      states(def, [
        "2026-01-05T08:59:00Z",
        "2026-01-05T09:00:00Z",
        "2026-01-05T23:59:59Z",
        "2026-01-06T00:00:00Z",
        "2026-01-06T08:00:00Z",
        "2026-01-09T23:59:00Z",
        "2026-01-10T00:00:00Z",
        "2026-01-10T10:00:00Z",
      ]),
    ).toEqual(["none", "running", "running", "none", "none", "running", "stopped", "stopped"]);
  });

  it("end only: no opinion before end, stopped from end on, stopped on other days", () => {
    const def = schedule({ periods: [{ end: "18:00", weekdays: ["mon-fri"] }] });
    expect(states(def, ["2026-01-05T00:00:00Z", "2026-01-05T17:59:59Z", "2026-01-05T18:00:00Z", "2026-01-05T23:00:00Z", "2026-01-10T09:00:00Z"])).toEqual([
      "none",
      "none",
      "stopped",
      "stopped",
      "stopped",
    ]);
  });

  it("no times: running all of each matching day", () => {
    const weekend = schedule({ periods: [{ weekdays: ["sat-sun"] }] });
    expect(states(weekend, ["2026-01-09T23:59:59.999Z", "2026-01-10T00:00:00Z", "2026-01-11T23:59:59Z", "2026-01-12T00:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "stopped",
    ]);
    const summer = schedule({ periods: [{ months: ["jun-aug"] }] });
    expect(states(summer, ["2026-05-31T23:59:00Z", "2026-06-01T00:00:00Z", "2026-07-15T03:00:00Z", "2026-09-01T00:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "stopped",
    ]);
  });
});

describe("calendar features inside a schedule", () => {
  it("first Monday of the month (mon#1), 09:00–17:00", () => {
    const def = schedule({ periods: [{ begin: "09:00", end: "17:00", weekdays: ["mon#1"] }] });
    expect(states(def, ["2026-01-05T10:00:00Z", "2026-01-12T10:00:00Z", "2026-02-02T10:00:00Z", "2026-03-02T16:59:00Z", "2026-03-09T10:00:00Z"])).toEqual([
      "running",
      "stopped",
      "running",
      "running",
      "stopped",
    ]);
  });

  it("last Friday (friL) and the last day of the month (monthdays L)", () => {
    const def = schedule({ periods: [{ weekdays: ["friL"] }, { monthdays: ["L"], begin: "20:00", end: "22:00" }] });
    expect(states(def, ["2026-01-30T03:00:00Z", "2026-01-23T03:00:00Z", "2026-01-31T21:00:00Z", "2026-02-28T20:00:00Z", "2026-02-27T12:00:00Z", "2026-02-27T21:00:00Z"])).toEqual([
      "running",
      "stopped",
      "running",
      "running",
      "running",
      "running",
    ]);
  });

  it("weekdays and monthdays intersect: Mondays that are also the 1st-7th", () => {
    const def = schedule({ periods: [{ weekdays: ["mon"], monthdays: ["1-7"] }] });
    expect(states(def, ["2026-01-05T12:00:00Z", "2026-01-12T12:00:00Z", "2026-01-07T12:00:00Z"])).toEqual(["running", "stopped", "stopped"]);
  });
});

describe("several periods combine: running > no opinion > stopped", () => {
  it("two working blocks: running in either, stopped between", () => {
    const def = schedule({ periods: [{ begin: "09:00", end: "12:00" }, { begin: "13:00", end: "17:00" }] });
    expect(states(def, ["2026-01-05T10:00:00Z", "2026-01-05T12:30:00Z", "2026-01-05T14:00:00Z", "2026-01-05T18:00:00Z"])).toEqual([
      "running",
      "stopped",
      "running",
      "stopped",
    ]);
  });

  it("a one-sided period's 'no opinion' beats another period's 'stopped'", () => {
    const def = schedule({ periods: [{ begin: "09:00" }, { begin: "10:00", end: "11:00" }] });
    expect(states(def, ["2026-01-05T08:00:00Z", "2026-01-05T09:30:00Z", "2026-01-05T10:30:00Z"])).toEqual(["none", "running", "running"]);
    const endOnly = schedule({ periods: [{ end: "18:00" }, { begin: "09:00", end: "17:00" }] });
    expect(states(endOnly, ["2026-01-05T08:00:00Z", "2026-01-05T12:00:00Z", "2026-01-05T17:30:00Z", "2026-01-05T18:30:00Z"])).toEqual([
      "none",
      "running",
      "none",
      "stopped",
    ]);
  });

  it("bridges a one-minute stopped gap between two running periods (Instance Scheduler's adjacent-period check)", () => {
    const def = schedule({ periods: [{ begin: "09:00", end: "11:59" }, { begin: "12:00", end: "17:00" }] });
    expect(states(def, ["2026-01-05T11:58:59Z", "2026-01-05T11:59:00Z", "2026-01-05T11:59:59.999Z", "2026-01-05T12:00:00Z"])).toEqual([
      "running",
      "running",
      "running",
      "running",
    ]);
    // Instance Scheduler's documented example: endtime 23:59 on one day, begintime 00:00 the next.
    const overMidnight = schedule({ periods: [{ begin: "08:00", end: "23:59", weekdays: ["mon"] }, { begin: "00:00", end: "08:00", weekdays: ["tue"] }] });
    expect(states(overMidnight, ["2026-01-05T23:59:30Z", "2026-01-06T07:59:00Z", "2026-01-06T08:00:00Z"])).toEqual(["running", "running", "stopped"]);
  });

  it("does not bridge a two-minute gap, nor a gap in a single-period schedule", () => {
    const twoMinutes = schedule({ periods: [{ begin: "09:00", end: "11:58" }, { begin: "12:00", end: "17:00" }] });
    expect(states(twoMinutes, ["2026-01-05T11:58:00Z", "2026-01-05T11:59:00Z", "2026-01-05T12:00:00Z"])).toEqual(["stopped", "stopped", "running"]);
    const single = schedule({ periods: [{ begin: "00:00", end: "23:59" }] });
    expect(states(single, ["2026-01-05T23:58:59Z", "2026-01-05T23:59:00Z", "2026-01-06T00:00:00Z"])).toEqual(["running", "stopped", "running"]);
  });
});

describe("overnight periods (begin later than end; SnoozeQL extension)", () => {
  it("run from begin on a matching day to end on the next day; conditions apply to the day it begins", () => {
    const def = schedule({ periods: [{ begin: "22:00", end: "06:00", weekdays: ["fri"] }] });
    expect(
      states(def, [
        "2026-01-09T21:59:59Z",
        "2026-01-09T22:00:00Z",
        "2026-01-10T00:00:00Z",
        "2026-01-10T05:59:59Z",
        "2026-01-10T06:00:00Z",
        "2026-01-10T22:30:00Z",
        "2026-01-09T03:00:00Z",
      ]),
    ).toEqual(["stopped", "running", "running", "running", "stopped", "stopped", "stopped"]);
  });

  it("a monthday condition applies to the starting day, across a month boundary", () => {
    const def = schedule({ periods: [{ begin: "20:00", end: "04:00", monthdays: ["L"] }] });
    expect(states(def, ["2026-01-31T21:00:00Z", "2026-02-01T03:59:00Z", "2026-02-01T04:00:00Z", "2026-01-30T23:00:00Z", "2026-02-01T21:00:00Z"])).toEqual([
      "running",
      "running",
      "stopped",
      "stopped",
      "stopped",
    ]);
  });

  it("an end of 00:00 means midnight at the end of the day", () => {
    const def = schedule({ periods: [{ begin: "18:00", end: "00:00", weekdays: ["mon"] }] });
    expect(states(def, ["2026-01-05T17:59:00Z", "2026-01-05T23:59:59Z", "2026-01-06T00:00:00Z"])).toEqual(["stopped", "running", "stopped"]);
  });

  it("consecutive nights chain without a gap", () => {
    const def = schedule({ periods: [{ begin: "20:00", end: "08:00" }] });
    expect(states(def, ["2026-01-05T07:59:00Z", "2026-01-05T08:00:00Z", "2026-01-05T19:59:00Z", "2026-01-05T20:00:00Z", "2026-01-06T02:00:00Z"])).toEqual([
      "running",
      "stopped",
      "stopped",
      "running",
      "running",
    ]);
  });
});

describe("exceptions", () => {
  const office = { periods: [{ begin: "09:00", end: "17:00", weekdays: ["mon-fri"] }] };

  it("a single stopped date wins over a running period, for the whole local day", () => {
    const def = schedule({ ...office, exceptions: [{ from: "2026-01-06", state: "stopped", reason: "Holiday" }] });
    expect(states(def, ["2026-01-05T10:00:00Z", "2026-01-06T00:00:00Z", "2026-01-06T10:00:00Z", "2026-01-06T23:59:59Z", "2026-01-07T10:00:00Z"])).toEqual([
      "running",
      "stopped",
      "stopped",
      "stopped",
      "running",
    ]);
  });

  it("an inclusive range of running dates wins over stopped periods (release freeze kept up)", () => {
    const def = schedule({ ...office, exceptions: [{ from: "2026-01-09", to: "2026-01-11", state: "running" }] });
    expect(states(def, ["2026-01-08T20:00:00Z", "2026-01-09T00:00:00Z", "2026-01-10T03:00:00Z", "2026-01-11T23:59:59Z", "2026-01-12T00:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "running",
      "stopped",
    ]);
  });

  it("applies even to a schedule with no periods", () => {
    const def = schedule({ exceptions: [{ from: "2026-12-24", to: "2026-12-26", state: "stopped" }] });
    expect(states(def, ["2026-12-23T12:00:00Z", "2026-12-25T12:00:00Z"])).toEqual(["none", "stopped"]);
  });

  it("the narrowest overlapping exception wins; equally narrow ones → running", () => {
    const def = schedule({
      ...office,
      exceptions: [
        { from: "2026-12-20", to: "2027-01-05", state: "stopped", reason: "freeze" },
        { from: "2026-12-29", state: "running", reason: "year-end release" },
        { from: "2027-01-02", state: "stopped" },
        { from: "2027-01-02", state: "running" },
      ],
    });
    expect(states(def, ["2026-12-28T12:00:00Z", "2026-12-29T03:00:00Z", "2026-12-30T12:00:00Z", "2027-01-02T12:00:00Z", "2027-01-06T12:00:00Z"])).toEqual([
      "stopped",
      "running",
      "stopped",
      "running",
      "running",
    ]);
  });

  it("dates are local to the schedule's zone", () => {
    const def = schedule({ timezone: "Europe/Berlin", exceptions: [{ from: "2026-12-24", state: "stopped" }] });
    expect(states(def, ["2026-12-23T22:59:59Z", "2026-12-23T23:00:00Z", "2026-12-24T22:59:59Z", "2026-12-24T23:00:00Z"])).toEqual([
      "none",
      "stopped",
      "stopped",
      "none",
    ]);
  });

  it("explains which rule decided", () => {
    const def = schedule({ ...office, exceptions: [{ from: "2026-01-06", state: "stopped" }] });
    expect(explainSchedule(def, Date.parse("2026-01-06T10:00:00Z"))).toEqual({
      state: "stopped",
      decidedBy: "exception",
      periods: "none",
      cron: "none",
      exception: "stopped",
      localDate: "2026-01-06",
    });
    expect(explainSchedule(def, Date.parse("2026-01-05T10:00:00Z"))).toMatchObject({ state: "running", decidedBy: "periods-and-cron", periods: "running", cron: "none" });
  });
});

describe("schedule-level rules", () => {
  it("a disabled schedule has no opinion, whatever its periods and exceptions say", () => {
    const def = schedule({ enabled: false, periods: [{ begin: "00:00", end: "23:59" }], exceptions: [{ from: "2026-01-05", state: "stopped" }] });
    expect(states(def, ["2026-01-05T10:00:00Z", "2026-01-06T10:00:00Z"])).toEqual(["none", "none"]);
    expect(explainSchedule(def, Date.parse("2026-01-05T10:00:00Z")).decidedBy).toBe("disabled");
  });

  it("no periods and no cron pairs → none", () => {
    expect(states(schedule({}), ["2026-01-05T10:00:00Z"])).toEqual(["none"]);
    expect(states(schedule({ periods: [] }), ["2026-01-05T10:00:00Z"])).toEqual(["none"]);
  });

  it("enforce and dryRun do not change what the schedule wants", () => {
    const base = { periods: [{ begin: "09:00", end: "17:00" }] };
    for (const flags of [{}, { enforce: true }, { dryRun: true }, { enforce: true, dryRun: true }]) {
      expect(states(schedule({ ...base, ...flags }), ["2026-01-05T10:00:00Z", "2026-01-05T18:00:00Z"])).toEqual(["running", "stopped"]);
    }
  });
});

describe("combineStates (several schedules on one database)", () => {
  it("running > stopped > none", () => {
    expect(combineStates([])).toBe("none");
    expect(combineStates(["none"])).toBe("none");
    expect(combineStates(["none", "stopped"])).toBe("stopped");
    expect(combineStates(["stopped", "none", "running"])).toBe("running");
    expect(combineStates(["stopped", "stopped"])).toBe("stopped");
    expect(combineStates(["running", "stopped"])).toBe("running");
  });
});
