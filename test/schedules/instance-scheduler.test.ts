// Import from Instance Scheduler on AWS: fixtures written from its documentation (sample schedules,
// period reference, custom-resource example) must evaluate as Instance Scheduler defines them;
// bad input is rejected with a typed error carrying field paths.
import { describe, expect, it } from "vitest";
import {
  InstanceSchedulerImportError,
  ScheduleDefinitionSchema,
  evaluateSchedule,
  importInstanceScheduler,
  importInstanceSchedulerDetailed,
  scheduleTransitions,
  type InstanceSchedulerSchedule,
  type ScheduleDefinition,
} from "../../worker/schedules/index.ts";

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

function states(def: ScheduleDefinition, instants: string[]): string[] {
  return instants.map((s) => evaluateSchedule(def, Date.parse(s)));
}

function importErrors(input: unknown): [string, string][] {
  try {
    importInstanceScheduler(input as InstanceSchedulerSchedule);
  } catch (e) {
    expect(e).toBeInstanceOf(InstanceSchedulerImportError);
    return (e as InstanceSchedulerImportError).issues.map((i) => [i.path.join("."), i.message]);
  }
  throw new Error("expected the import to fail");
}

describe("documented sample schedules", () => {
  it("Standard 9-5 working hours (london-working-hours: 09:00–16:59 mon-fri, Europe/London)", () => {
    const def = importInstanceScheduler({ name: "london-working-hours", timezone: "Europe/London", periods: [{ begintime: "09:00", endtime: "16:59", weekdays: ["mon-fri"] }] });
    expect(def).toEqual({
      name: "london-working-hours",
      timezone: "Europe/London",
      periods: [{ begin: "09:00", end: "16:59", weekdays: ["mon-fri"] }],
      selector: { match: [{ field: "tag", key: "Schedule", op: "equals", value: "london-working-hours" }] },
      enforce: false,
      dryRun: false,
      enabled: true,
    });
    // Summer time: 09:00 BST = 08:00Z; endtime 16:59 is exclusive.
    expect(states(def, ["2026-07-06T07:59:59Z", "2026-07-06T08:00:00Z", "2026-07-06T15:58:59Z", "2026-07-06T15:59:00Z", "2026-07-11T10:00:00Z", "2026-01-05T09:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "stopped",
      "stopped",
      "running",
    ]);
  });

  it("Monday 9 am to Friday 5 pm ET with three periods runs continuously (adjacent periods)", () => {
    const def = importInstanceScheduler({
      name: "mon-9am-fri-5pm",
      timezone: "America/New_York",
      periods: [
        { begintime: "9:00", endtime: "23:59", weekdays: "mon" },
        { weekdays: "tue-thu" },
        { begintime: "00:00", endtime: "16:59", weekdays: "fri" },
      ],
    });
    expect(def.periods[0]).toEqual({ begin: "09:00", end: "23:59", weekdays: ["mon"] });
    const from = Date.parse("2026-01-05T00:00:00Z");
    expect(scheduleTransitions(def, from, from + 7 * DAY).map((t) => `${iso(t.at)} ${t.state}`)).toEqual([
      "2026-01-05T14:00:00.000Z running",
      "2026-01-09T21:59:00.000Z stopped",
    ]);
    // Monday 23:59 is bridged because Tuesday's period begins a minute later.
    expect(states(def, ["2026-01-06T04:59:30Z"])).toEqual(["running"]);
  });

  it("OfficehoursNL custom-resource example (Enforced, two periods, Europe/Amsterdam)", () => {
    const def = importInstanceScheduler({
      name: "NL-OfficeHours",
      description: "Office hours in NL",
      enforced: true,
      timezone: "Europe/Amsterdam",
      periods: [
        { begintime: "08:00", endtime: "18:00", weekdays: "Mon-Fri" },
        { begintime: "09:00", endtime: "17:00", weekdays: "Sat-Sun" },
      ],
    });
    expect(def.enforce).toBe(true);
    expect(def.description).toBe("Office hours in NL");
    expect(states(def, ["2026-01-05T06:59:00Z", "2026-01-05T07:00:00Z", "2026-01-05T17:00:00Z", "2026-01-10T07:30:00Z", "2026-01-10T08:00:00Z", "2026-01-10T16:00:00Z"])).toEqual([
      "stopped",
      "running",
      "stopped",
      "stopped",
      "running",
      "stopped",
    ]);
  });
});

describe("period reference rules", () => {
  it("begintime only, weekdays mon-fri: runs from 9 AM, no opinion before 9 on later weekdays, stopped from Saturday 00:00", () => {
    const def = importInstanceScheduler({ name: "begin-only", periods: [{ begintime: "09:00", weekdays: "mon-fri" }] });
    expect(def.timezone).toBe("UTC");
    expect(states(def, ["2026-01-05T08:00:00Z", "2026-01-05T09:00:00Z", "2026-01-06T08:00:00Z", "2026-01-09T23:59:00Z", "2026-01-10T00:00:00Z"])).toEqual([
      "none",
      "running",
      "none",
      "running",
      "stopped",
    ]);
  });

  it("endtime only: no opinion until the end time, then stopped", () => {
    const def = importInstanceScheduler({ name: "end-only", periods: [{ endtime: "19:00" }] });
    expect(states(def, ["2026-01-05T18:59:00Z", "2026-01-05T19:00:00Z"])).toEqual(["none", "stopped"]);
  });

  it("first Monday of the month (mon#1), last Friday (friL), last day of the month (monthdays L)", () => {
    const def = importInstanceScheduler({
      name: "monthly",
      timezone: "Europe/Berlin",
      periods: [
        { begintime: "09:00", endtime: "17:00", weekdays: "mon#1" },
        { begintime: "13:00", endtime: "15:00", weekdays: ["friL"] },
        { begintime: "20:00", endtime: "22:00", monthdays: "L" },
      ],
    });
    expect(states(def, ["2026-02-02T08:00:00Z", "2026-02-09T08:00:00Z", "2026-02-27T12:30:00Z", "2026-02-20T12:30:00Z", "2026-02-28T19:30:00Z", "2026-02-27T19:30:00Z"])).toEqual([
      "running",
      "stopped",
      "running",
      "stopped",
      "running",
      "stopped",
    ]);
  });

  it("monthdays 1-3 and months: all conditions must hold; comma strings and lists both work", () => {
    const def = importInstanceScheduler({ name: "quarter-start", periods: [{ monthdays: "1-3", months: "jan,apr, jul", weekdays: ["mon-fri"] }] });
    expect(def.periods[0]).toEqual({ monthdays: ["1-3"], months: ["jan", "apr", "jul"], weekdays: ["mon-fri"] });
    expect(states(def, ["2026-01-02T12:00:00Z", "2026-01-03T12:00:00Z", "2026-02-02T12:00:00Z", "2026-04-01T12:00:00Z", "2026-07-06T12:00:00Z"])).toEqual([
      "running",
      "stopped",
      "stopped",
      "running",
      "stopped",
    ]);
  });

  it("numeric weekdays use 0 = Monday", () => {
    const def = importInstanceScheduler({ name: "numeric", periods: [{ weekdays: "0" }] });
    expect(states(def, ["2026-01-05T12:00:00Z", "2026-01-04T12:00:00Z"])).toEqual(["running", "stopped"]);
  });

  it("begintime equal to endtime never runs; imported as always stopped, with a warning", () => {
    const { definition, warnings } = importInstanceSchedulerDetailed({ name: "same", periods: [{ begintime: "09:00", endtime: "09:00", weekdays: "mon-fri" }, { begintime: "10:00", endtime: "11:00" }] });
    expect(definition.periods).toEqual([{ end: "00:00" }, { begin: "10:00", end: "11:00" }]);
    expect(warnings).toEqual([expect.stringContaining("begintime equals endtime (09:00)")]);
    expect(states(definition, ["2026-01-05T09:30:00Z", "2026-01-05T10:30:00Z", "2026-01-10T09:30:00Z"])).toEqual(["stopped", "running", "stopped"]);
  });

  it("retain_running and action-only fields are reported as not carried over; period names are dropped", () => {
    const { definition, warnings } = importInstanceSchedulerDetailed({
      name: "keep",
      retain_running: true,
      stop_new_instances: true,
      hibernate: false,
      periods: [{ name: "office", description: "9-5", begintime: "09:00", endtime: "17:00" }],
    } as InstanceSchedulerSchedule);
    expect(definition.periods).toEqual([{ begin: "09:00", end: "17:00" }]);
    expect(warnings).toEqual([
      expect.stringContaining("stop_new_instances is not carried over"),
      expect.stringContaining("hibernate is not carried over"),
      expect.stringContaining("retain_running is not supported"),
    ]);
  });
});

describe("the repeated fall-back hour, as Instance Scheduler's evaluator decides it", () => {
  // Europe/London, 2024-10-27: 02:00 BST → 01:00 GMT at 01:00Z, so 01:00–01:59 happens twice.
  it("a period ending 01:00 has ended at the first 01:00: at 00:30Z (01:30 BST) the database is stopped", () => {
    const def = importInstanceScheduler({ name: "late-batch", timezone: "Europe/London", periods: [{ begintime: "00:00", endtime: "01:00" }] });
    expect(states(def, ["2024-10-26T23:30:00Z", "2024-10-26T23:59:59Z", "2024-10-27T00:00:00Z", "2024-10-27T00:30:00Z", "2024-10-27T01:30:00Z"])).toEqual([
      "running",
      "running",
      "stopped",
      "stopped",
      "stopped",
    ]);
    expect(scheduleTransitions(def, Date.parse("2024-10-26T12:00:00Z"), Date.parse("2024-10-27T12:00:00Z")).map((t) => [iso(t.at), t.state])).toEqual([
      ["2024-10-26T23:00:00.000Z", "running"],
      ["2024-10-27T00:00:00.000Z", "stopped"],
    ]);
  });

  it("a period ending 01:30 stops at 01:30 BST (00:30Z) and stays stopped through the second 01:00–01:30", () => {
    const def = importInstanceScheduler({ name: "late-batch", timezone: "Europe/London", periods: [{ begintime: "00:00", endtime: "01:30" }] });
    expect(states(def, ["2024-10-27T00:29:59Z", "2024-10-27T00:30:00Z", "2024-10-27T01:15:00Z"])).toEqual(["running", "stopped", "stopped"]);
  });

  it("native schedules follow the same rule (an overnight period ending 01:00)", () => {
    const def = ScheduleDefinitionSchema.parse({
      name: "overnight",
      timezone: "Europe/London",
      periods: [{ begin: "22:00", end: "01:00" }],
      selector: { match: [{ field: "name", op: "glob", value: "*" }] },
    });
    expect(states(def, ["2024-10-26T23:59:59Z", "2024-10-27T00:30:00Z"])).toEqual(["running", "stopped"]);
  });
});

describe("bad input is rejected like Instance Scheduler rejects it, with field paths", () => {
  it("times", () => {
    expect(importErrors({ name: "x", periods: [{ begintime: "25:00" }] })).toEqual([["periods.0.begintime", 'Invalid begintime "25:00". must match the format HH:MM (00:00-23:59)']]);
    expect(importErrors({ name: "x", periods: [{ begintime: "22:00", endtime: "06:00" }] })).toEqual([["periods.0.endtime", expect.stringContaining("begintime 22:00 must be before endtime 06:00")]]);
  });

  it("day conditions", () => {
    expect(importErrors({ name: "x", periods: [{ weekdays: "mon-funday" }] })).toEqual([["periods.0.weekdays", expect.stringContaining('"funday" is not a weekday name')]]);
    expect(importErrors({ name: "x", periods: [{ weekdays: ["mon", "sun#6"] }] })).toEqual([["periods.0.weekdays.1", expect.stringContaining("the occurrence after # must be 1-5")]]);
    expect(importErrors({ name: "x", periods: [{ monthdays: "32" }] })).toEqual([["periods.0.monthdays", expect.stringContaining("32 is out of range 1-31")]]);
    expect(importErrors({ name: "x", periods: [{ monthdays: "20-10" }] })).toEqual([["periods.0.monthdays", expect.stringContaining("day-of-month ranges do not wrap around")]]);
    expect(importErrors({ name: "x", periods: [{ months: "L" }] })).toEqual([["periods.0.months", expect.stringContaining("L (last) is not supported for months")]]);
    expect(importErrors({ name: "x", periods: [{ weekdays: [] }] })).toEqual([["periods.0.weekdays", "Zero-length string set is malformed"]]);
  });

  it("schedule fields", () => {
    expect(importErrors({ name: "x", periods: [] })).toEqual([["periods", "At least one period must be specified for a schedule"]]);
    expect(importErrors({ name: "", periods: [{ weekdays: "mon" }] })).toEqual([["name", "Schedule name is required"]]);
    expect(importErrors({ name: "x", timezone: "Nowhere/Land", periods: [{ weekdays: "mon" }] })).toEqual([["timezone", "Unknown timezone Nowhere/Land"]]);
    expect(importErrors({ name: "x", periods: [{}] })).toEqual([["periods.0", "Must contain at least one of begintime, endtime, weekdays, months, monthdays"]]);
    expect(importErrors({ name: "x", periods: [{ weekdays: "mon", instancetype: "t3.micro" }] })).toEqual([["periods.0.instancetype", expect.stringContaining("instancetype is not a valid period parameter")]]);
    expect(importErrors({ name: "x", enforced: "yes", periods: [{ weekdays: "mon" }] })).toEqual([["enforced", "enforced must be a boolean"]]);
    expect(importErrors({ name: "x", override_status: "running", periods: [{ weekdays: "mon" }] })).toEqual([["override_status", expect.stringContaining("override_status is not supported")]]);
    expect(importErrors({ name: "x", colour: "blue", periods: [{ weekdays: "mon" }] })).toEqual([["colour", expect.stringContaining("colour is not a valid parameter")]]);
  });

  it("collects all problems and names them in the error message", () => {
    try {
      importInstanceScheduler({ name: "x", timezone: "Nowhere/Land", periods: [{ begintime: "25:00", weekdays: "funday" }] });
      throw new Error("expected failure");
    } catch (e) {
      expect(e).toBeInstanceOf(InstanceSchedulerImportError);
      const err = e as InstanceSchedulerImportError;
      expect(err.issues.map((i) => i.path.join("."))).toEqual(["timezone", "periods.0.begintime", "periods.0.weekdays"]);
      expect(err.message).toMatch(/^invalid Instance Scheduler schedule: timezone: Unknown timezone Nowhere\/Land; periods\.0\.begintime: /);
    }
  });
});
