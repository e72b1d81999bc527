// The schedule definition schema: the documented example parses, defaults apply, and every kind of
// invalid input yields an issue whose path points at the field and whose message says what is wrong.
import { describe, expect, it } from "vitest";
import { ScheduleDefinitionSchema, evaluateSchedule, type ScheduleDefinition } from "../../worker/schedules/index.ts";

const ALL = { match: [{ field: "name", op: "glob", value: "*" }] };

function issues(input: Record<string, unknown>): [string, string][] {
  const r = ScheduleDefinitionSchema.safeParse({ name: "s", timezone: "UTC", selector: ALL, ...input });
  return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
}

describe("a valid definition", () => {
  it("parses the documented example and applies defaults", () => {
    const example = {
      name: "dev-office-hours",
      description: "Dev databases run during Berlin office hours",
      timezone: "Europe/Berlin",
      periods: [
        { begin: "08:00", end: "19:00", weekdays: ["mon-fri"] },
        { begin: "10:00", end: "14:00", weekdays: ["sat#1"], months: ["jan-jun"] },
        { begin: "22:00", end: "02:00", weekdays: ["fri"] },
      ],
      cronPairs: [{ start: "0 6 L * *", stop: "0 23 L * *" }],
      exceptions: [
        { from: "2026-12-24", to: "2026-12-26", state: "stopped", reason: "Holidays" },
        { from: "2026-12-29", state: "running", reason: "Year-end release" },
      ],
      selector: {
        match: [
          { field: "tag", key: "env", op: "equals", value: "dev" },
          { field: "name", op: "glob", value: "*-prod*", negate: true },
        ],
      },
      enforce: false,
      dryRun: false,
      enabled: true,
    };
    const def: ScheduleDefinition = ScheduleDefinitionSchema.parse(example);
    expect(def).toEqual(example);
    expect(evaluateSchedule(def, Date.parse("2026-12-29T20:00:00Z"))).toBe("running");
    expect(evaluateSchedule(def, Date.parse("2026-12-25T10:00:00Z"))).toBe("stopped");
    expect(evaluateSchedule(def, Date.parse("2026-01-09T22:30:00Z"))).toBe("running");
  });

  it("fills defaults: periods [], enforce false, dryRun false, enabled true; trims the name", () => {
    const def = ScheduleDefinitionSchema.parse({ name: "  cron-only ", timezone: "UTC", cronPairs: [{ start: "@daily", stop: "0 12 * * *" }], selector: ALL });
    expect(def).toEqual({ name: "cron-only", timezone: "UTC", periods: [], cronPairs: [{ start: "@daily", stop: "0 12 * * *" }], selector: ALL, enforce: false, dryRun: false, enabled: true });
  });
});

describe("invalid input: the path points at the field, the message says what is wrong", () => {
  it("times", () => {
    expect(issues({ periods: [{ begin: "25:00" }] })).toEqual([["periods.0.begin", '"25:00" is not a time of day: hours are 00-23 and minutes 00-59']]);
    expect(issues({ periods: [{ begin: "09:00", end: "9pm" }] })).toEqual([["periods.0.end", '"9pm" is not a time: use 24-hour HH:MM, e.g. 09:00 or 18:30']]);
    expect(issues({ periods: [{ begin: 9 }] })).toEqual([["periods.0.begin", 'begin must be a time string "HH:MM"']]);
    expect(issues({ periods: [{ begin: "09:00", end: "09:00" }] })).toEqual([["periods.0.end", expect.stringContaining("end equals begin (09:00); the period would never run")]]);
  });

  it("day conditions", () => {
    expect(issues({ periods: [{ weekdays: ["mon-fri", "mon-funday"] }] })).toEqual([["periods.0.weekdays.1", expect.stringContaining('"mon-funday" is not a valid weekday expression: "funday" is not a weekday name')]]);
    expect(issues({ periods: [{ monthdays: ["32"] }] })).toEqual([["periods.0.monthdays.0", expect.stringContaining('"32" is not a valid day of the month expression: 32 is out of range 1-31')]]);
    expect(issues({ periods: [{ months: ["13"] }] })).toEqual([["periods.0.months.0", expect.stringContaining("13 is out of range 1-12")]]);
    expect(issues({ periods: [{ weekdays: [] }] })).toEqual([["periods.0.weekdays", "weekdays must list at least one item; leave it out to mean every day of the week"]]);
    expect(issues({ periods: [{ weekdays: "mon-fri" }] })).toEqual([["periods.0.weekdays", 'weekdays must be a list of strings, e.g. ["mon-fri"]']]);
    expect(issues({ periods: [{}] })).toEqual([["periods.0", "a period needs at least one of begin, end, weekdays, monthdays, months"]]);
    expect(issues({ periods: [{ begin: "09:00", days: ["mon"] }] })).toEqual([["periods.0", expect.stringContaining('"days"')]]);
  });

  it("cron pairs", () => {
    expect(issues({ cronPairs: [{ start: "0 8 * * 1-5", stop: "0 25 * * *" }] })).toEqual([["cronPairs.0.stop", expect.stringContaining("is not a valid cron expression")]]);
    expect(issues({ cronPairs: [{ start: "0 8 * *", stop: "0 18 * * *" }] })).toEqual([["cronPairs.0.start", expect.stringContaining("has 4 fields")]]);
    expect(issues({ cronPairs: [{ start: "0 8 * * *" }] })).toEqual([["cronPairs.0.stop", "stop must be a cron expression string"]]);
  });

  it("time zone", () => {
    expect(issues({ timezone: "Mars/Olympus_Mons" })).toEqual([["timezone", expect.stringContaining('"Mars/Olympus_Mons" is not a known IANA time zone')]]);
    expect(issues({ timezone: undefined })).toEqual([["timezone", expect.stringContaining("timezone is required")]]);
  });

  it("exceptions", () => {
    expect(issues({ exceptions: [{ from: "2026-02-30", state: "stopped" }] })).toEqual([["exceptions.0.from", 'from must be a date "YYYY-MM-DD"']]);
    expect(issues({ exceptions: [{ from: "2026-12-26", to: "2026-12-24", state: "stopped" }] })).toEqual([["exceptions.0.to", "to (2026-12-24) is before from (2026-12-26)"]]);
    expect(issues({ exceptions: [{ from: "2026-12-24", state: "off" }] })).toEqual([["exceptions.0.state", 'state must be "running" or "stopped"']]);
  });

  it("selector and top level", () => {
    expect(issues({ selector: { match: [{ field: "name", op: "regex", value: "[a-" }] } })).toEqual([["selector.match.0.value", expect.stringContaining("not a valid regular expression")]]);
    expect(issues({ name: "" })).toEqual([["name", "name must not be empty"]]);
    expect(issues({ enabled: "yes" })).toEqual([["enabled", "enabled must be true or false"]]);
    expect(issues({ colour: "blue" })).toEqual([["", expect.stringContaining('"colour"')]]);
  });

  it("reports every problem at once", () => {
    const found = issues({
      timezone: "Nowhere/Land",
      periods: [{ begin: "25:00", weekdays: ["mon-funday"], monthdays: ["32"] }],
      cronPairs: [{ start: "nope", stop: "0 18 * * *" }],
      selector: { match: [{ field: "tag", op: "equals", value: "dev" }] },
    }).map(([path]) => path);
    expect(found).toEqual(["timezone", "periods.0.begin", "periods.0.weekdays.0", "periods.0.monthdays.0", "cronPairs.0.start", "selector.match.0.key"]);
  });
});
