// Cron pairs: whichever of start/stop fired most recently sets the state, evaluated on the
// schedule's wall clock (cron-parser), across midnight, in time zones and over DST changes;
// combination with periods and other pairs; validation of expressions.
import { describe, expect, it } from "vitest";
import { ScheduleDefinitionSchema, evaluateSchedule, scheduleTransitions, type ScheduleDefinition, type ScheduleDefinitionInput } from "../../worker/schedules/index.ts";
import { cronError, lastFireAtOrBefore, nextFireAfter, pairStateAt, pairTransitions } from "../../worker/schedules/cron-pairs.ts";

const ALL = { match: [{ field: "name" as const, op: "glob" as const, value: "*" }] };
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

function schedule(over: Partial<ScheduleDefinitionInput>): ScheduleDefinition {
  return ScheduleDefinitionSchema.parse({ name: "cron", timezone: "UTC", selector: ALL, ...over });
}

function states(def: ScheduleDefinition, instants: string[]): string[] {
  return instants.map((s) => evaluateSchedule(def, Date.parse(s)));
}

describe("fire times", () => {
  it("last fire is inclusive of the instant itself; next fire is strictly after", () => {
    expect(iso(lastFireAtOrBefore("UTC", "0 8 * * 1-5", Date.parse("2026-01-05T08:00:00Z")))).toBe("2026-01-05T08:00:00.000Z");
    expect(iso(lastFireAtOrBefore("UTC", "0 8 * * 1-5", Date.parse("2026-01-05T07:59:59.999Z")))).toBe("2026-01-02T08:00:00.000Z");
    expect(iso(nextFireAfter("UTC", "0 8 * * 1-5", Date.parse("2026-01-05T08:00:00Z")))).toBe("2026-01-06T08:00:00.000Z");
    // Cached answers stay right when asked out of order.
    expect(iso(lastFireAtOrBefore("UTC", "0 8 * * 1-5", Date.parse("2026-01-07T09:00:00Z")))).toBe("2026-01-07T08:00:00.000Z");
    expect(iso(lastFireAtOrBefore("UTC", "0 8 * * 1-5", Date.parse("2026-01-06T07:00:00Z")))).toBe("2026-01-05T08:00:00.000Z");
  });

  it("are computed on the schedule's wall clock (cron day-of-week 0 = Sunday)", () => {
    expect(iso(nextFireAfter("Europe/Berlin", "0 8 * * 0", Date.parse("2026-01-01T00:00:00Z")))).toBe("2026-01-04T07:00:00.000Z");
    expect(iso(nextFireAfter("Europe/Berlin", "0 8 * * 0", Date.parse("2026-07-01T00:00:00Z")))).toBe("2026-07-05T06:00:00.000Z");
    expect(iso(nextFireAfter("America/New_York", "0 8 * * *", Date.parse("2026-01-01T00:00:00Z")))).toBe("2026-01-01T13:00:00.000Z");
    expect(iso(nextFireAfter("Etc/GMT-14", "0 0 1 1 *", Date.parse("2026-06-01T00:00:00Z")))).toBe("2026-12-31T10:00:00.000Z");
    expect(iso(nextFireAfter("Australia/Sydney", "0 9 L * *", Date.parse("2026-02-01T00:00:00Z")))).toBe("2026-02-27T22:00:00.000Z");
  });

  it("a fire time inside a spring-forward gap fires at the first instant after the gap", () => {
    expect(iso(nextFireAfter("America/New_York", "30 2 * * *", Date.parse("2026-03-08T00:00:00Z")))).toBe("2026-03-08T07:00:00.000Z");
    expect(iso(nextFireAfter("America/New_York", "30 2 * * *", Date.parse("2026-03-08T07:00:00Z")))).toBe("2026-03-09T06:30:00.000Z");
    expect(iso(lastFireAtOrBefore("America/New_York", "30 2 * * *", Date.parse("2026-03-08T07:00:00Z")))).toBe("2026-03-08T07:00:00.000Z");
  });

  it("a fire time in a repeated hour fires once, at its first occurrence", () => {
    expect(iso(nextFireAfter("America/New_York", "30 1 * * *", Date.parse("2026-11-01T00:00:00Z")))).toBe("2026-11-01T05:30:00.000Z");
    expect(iso(nextFireAfter("America/New_York", "30 1 * * *", Date.parse("2026-11-01T05:30:00Z")))).toBe("2026-11-02T06:30:00.000Z");
    // During the second 01:xx the most recent firing is still the first 01:30.
    expect(iso(lastFireAtOrBefore("America/New_York", "30 1 * * *", Date.parse("2026-11-01T06:10:00Z")))).toBe("2026-11-01T05:30:00.000Z");
    expect(iso(lastFireAtOrBefore("America/New_York", "30 1 * * *", Date.parse("2026-11-01T06:45:00Z")))).toBe("2026-11-01T05:30:00.000Z");
  });
});

describe("the most recent firing wins", () => {
  it("weekday office hours by cron", () => {
    const def = schedule({ cronPairs: [{ start: "0 8 * * 1-5", stop: "0 19 * * 1-5" }] });
    expect(states(def, ["2026-01-05T07:59:59Z", "2026-01-05T08:00:00Z", "2026-01-05T18:59:59Z", "2026-01-05T19:00:00Z", "2026-01-10T12:00:00Z", "2026-01-12T07:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "stopped",
      "stopped",
      "stopped",
    ]);
  });

  it("across midnight", () => {
    const def = schedule({ cronPairs: [{ start: "0 22 * * *", stop: "0 6 * * *" }] });
    expect(states(def, ["2026-01-05T21:59:00Z", "2026-01-05T22:00:00Z", "2026-01-06T03:00:00Z", "2026-01-06T05:59:59Z", "2026-01-06T06:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "running",
      "stopped",
    ]);
  });

  it("irregular rhythms: daily start, weekly stop", () => {
    const def = schedule({ cronPairs: [{ start: "0 8 * * *", stop: "0 12 * * 1" }] });
    expect(states(def, ["2026-01-05T11:59:00Z", "2026-01-05T12:00:00Z", "2026-01-06T07:59:00Z", "2026-01-06T08:00:00Z"])).toEqual(["running", "stopped", "stopped", "running"]);
  });

  it("in the schedule's zone", () => {
    const def = schedule({ timezone: "Europe/Berlin", cronPairs: [{ start: "0 8 * * 1-5", stop: "0 19 * * 1-5" }] });
    expect(states(def, ["2026-01-05T06:59:00Z", "2026-01-05T07:00:00Z", "2026-07-06T05:59:00Z", "2026-07-06T06:00:00Z", "2026-07-06T17:00:00Z"])).toEqual([
      "stopped",
      "running",
      "stopped",
      "running",
      "stopped",
    ]);
  });

  it("start and stop at the same instant → running", () => {
    expect(pairStateAt("UTC", { start: "0 8 * * *", stop: "0 8 * * *" }, Date.parse("2026-01-05T09:00:00Z"))).toBe("running");
    expect(pairStateAt("UTC", { start: "0 8 * * *", stop: "0 8 * * 1" }, Date.parse("2026-01-05T09:00:00Z"))).toBe("running");
  });

  it("over DST: a start at 02:30 on spring-forward day acts at 03:00 EDT; a repeated 01:30 acts once", () => {
    const spring = schedule({ timezone: "America/New_York", cronPairs: [{ start: "30 2 * * *", stop: "0 5 * * *" }] });
    expect(states(spring, ["2026-03-08T06:59:59Z", "2026-03-08T07:00:00Z", "2026-03-08T08:59:59Z", "2026-03-08T09:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "stopped",
    ]);
    const fall = schedule({ timezone: "America/New_York", cronPairs: [{ start: "30 1 * * *", stop: "45 1 * * *" }] });
    expect(scheduleTransitions(fall, Date.parse("2026-11-01T00:00:00Z"), Date.parse("2026-11-01T12:00:00Z")).map((t) => [iso(t.at), t.state])).toEqual([
      ["2026-11-01T05:30:00.000Z", "running"],
      ["2026-11-01T05:45:00.000Z", "stopped"],
    ]);
  });
});

describe("pairs combine with each other and with periods (running > stopped > none)", () => {
  it("overlapping pairs: running while either is running", () => {
    const def = schedule({
      cronPairs: [
        { start: "0 8 * * *", stop: "0 18 * * *" },
        { start: "0 12 * * *", stop: "0 14 * * *" },
      ],
    });
    expect(states(def, ["2026-01-05T07:00:00Z", "2026-01-05T13:00:00Z", "2026-01-05T15:00:00Z", "2026-01-05T19:00:00Z"])).toEqual(["stopped", "running", "running", "stopped"]);
  });

  it("a running cron pair beats a stopped period, and a stopped pair beats a period's no-opinion", () => {
    const def = schedule({ periods: [{ begin: "09:00", end: "17:00" }], cronPairs: [{ start: "0 20 * * 5", stop: "0 22 * * 5" }] });
    expect(states(def, ["2026-01-09T10:00:00Z", "2026-01-09T18:00:00Z", "2026-01-09T21:00:00Z", "2026-01-09T23:00:00Z"])).toEqual(["running", "stopped", "running", "stopped"]);
    const oneSided = schedule({ periods: [{ begin: "09:00" }], cronPairs: [{ start: "0 10 * * *", stop: "0 3 * * *" }] });
    expect(states(oneSided, ["2026-01-05T04:00:00Z", "2026-01-05T09:30:00Z", "2026-01-05T02:00:00Z"])).toEqual(["stopped", "running", "running"]);
  });

  it("an exception overrides cron pairs too", () => {
    const def = schedule({ cronPairs: [{ start: "0 8 * * *", stop: "0 18 * * *" }], exceptions: [{ from: "2026-01-05", state: "stopped" }] });
    expect(states(def, ["2026-01-05T10:00:00Z", "2026-01-06T10:00:00Z"])).toEqual(["stopped", "running"]);
  });
});

describe("pair transitions", () => {
  it("report only changes, not every firing", () => {
    const changes = pairTransitions("UTC", { start: "*/15 8-17 * * *", stop: "0 18 * * *" }, Date.parse("2026-01-05T00:00:00Z"), Date.parse("2026-01-07T00:00:00Z"));
    expect(changes.map((c) => [iso(c.at), c.state])).toEqual([
      ["2026-01-05T08:00:00.000Z", "running"],
      ["2026-01-05T18:00:00.000Z", "stopped"],
      ["2026-01-06T08:00:00.000Z", "running"],
      ["2026-01-06T18:00:00.000Z", "stopped"],
    ]);
  });

  it("ignore a stop that fires together with a start", () => {
    const changes = pairTransitions("UTC", { start: "0 8 * * *", stop: "0 8,18 * * *" }, Date.parse("2026-01-05T00:00:00Z"), Date.parse("2026-01-06T00:00:00Z"));
    expect(changes.map((c) => [iso(c.at), c.state])).toEqual([
      ["2026-01-05T08:00:00.000Z", "running"],
      ["2026-01-05T18:00:00.000Z", "stopped"],
    ]);
  });
});

describe("validation", () => {
  it("accepts standard 5-field expressions and common aliases", () => {
    for (const e of ["0 8 * * 1-5", "30 7 * * mon-fri", "0 0 L * *", "0 9 * * 5L", "0 9 * * 1#1", "*/15 8-17 * * *", "0 8 ? * MON", "@daily", "@weekdays", "0 8 * * thu"]) {
      expect(cronError(e), e).toBeNull();
    }
  });

  it("rejects bad expressions with a reason", () => {
    expect(cronError("0 8 * *")).toContain("has 4 fields; a cron expression has 5");
    expect(cronError("0 0 8 * * *")).toContain("has 6 fields");
    expect(cronError("0 25 * * *")).toContain("is not a valid cron expression: Constraint error, got value 25 expected range 0-23");
    expect(cronError("H 8 * * *")).toContain("uses H (random jitter)");
    expect(cronError("0 0 30 2 *")).toMatch(/"0 0 30 2 \*" (is not a valid cron expression|never fires)/);
    expect(cronError("@reboot")).toContain("is not a supported alias");
    expect(cronError("@secondly")).toContain("is not a supported alias");
    expect(cronError("")).toBe("cron expression must not be empty");
    expect(cronError("0 8 * * funday")).toContain("is not a valid cron expression");
  });
});
