// Time zones and DST: wall-clock <-> instant conversion, spring-forward gaps (a time that does not
// exist begins/ends at the first instant after the gap), fall-back repeats (a boundary in
// the repeated hour happens at its first occurrence, as Instance Scheduler's evaluator does; no
// flapping), in America/New_York, Europe/Berlin, Australia/Sydney (Southern
// hemisphere), America/Sao_Paulo (historic DST at midnight) and Etc/GMT±N (inverted sign).
import { describe, expect, it } from "vitest";
import { ScheduleDefinitionSchema, evaluateSchedule, isValidTimeZone, scheduleTransitions, type ScheduleDefinition, type ScheduleDefinitionInput } from "../../worker/schedules/index.ts";
import {
  dayNumberOfIsoDate,
  isoDateOfDayNumber,
  localDayNumber,
  offsetAt,
  resolveLocal,
  startOfLocalDay,
  toLocal,
  wallToInstants,
} from "../../worker/schedules/timezone.ts";

const H = 3_600_000;
const ALL = { match: [{ field: "name" as const, op: "glob" as const, value: "*" }] };
const iso = (t: number) => new Date(t).toISOString();
const wall = (s: string) => Date.parse(`${s}Z`);

function schedule(timezone: string, over: Partial<ScheduleDefinitionInput>): ScheduleDefinition {
  return ScheduleDefinitionSchema.parse({ name: "dst", timezone, selector: ALL, ...over });
}

function states(def: ScheduleDefinition, instants: string[]): string[] {
  return instants.map((s) => evaluateSchedule(def, Date.parse(s)));
}

function transitions(def: ScheduleDefinition, from: string, to: string): [string, string][] {
  return scheduleTransitions(def, Date.parse(from), Date.parse(to)).map((t) => [iso(t.at), t.state]);
}

describe("timezone primitives", () => {
  it("knows IANA zones and rejects others", () => {
    for (const z of ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "America/Sao_Paulo", "Etc/GMT+5", "Etc/GMT-14", "Asia/Kolkata"]) expect(isValidTimeZone(z)).toBe(true);
    for (const z of ["Mars/Olympus", "", "Europe/Berlin ", "GMT+25", "Etc/GMT+15"]) expect(isValidTimeZone(z)).toBe(false);
  });

  it("reads offsets, including Etc/GMT's inverted sign and half-hour zones", () => {
    expect(offsetAt("America/New_York", Date.parse("2026-01-15T12:00:00Z"))).toBe(-5 * H);
    expect(offsetAt("America/New_York", Date.parse("2026-07-15T12:00:00Z"))).toBe(-4 * H);
    expect(offsetAt("Europe/Berlin", Date.parse("2026-07-15T12:00:00Z"))).toBe(2 * H);
    expect(offsetAt("Australia/Sydney", Date.parse("2026-01-15T12:00:00Z"))).toBe(11 * H);
    expect(offsetAt("Australia/Sydney", Date.parse("2026-07-15T12:00:00Z"))).toBe(10 * H);
    expect(offsetAt("Etc/GMT+5", Date.parse("2026-07-15T12:00:00Z"))).toBe(-5 * H);
    expect(offsetAt("Etc/GMT-14", Date.parse("2026-07-15T12:00:00Z"))).toBe(14 * H);
    expect(offsetAt("Asia/Kolkata", Date.parse("2026-07-15T12:00:00Z"))).toBe(5.5 * H);
    expect(toLocal("Etc/GMT-14", Date.parse("2026-01-05T10:00:00Z"))).toEqual({ year: 2026, month: 1, day: 6, hour: 0, minute: 0, second: 0, millisecond: 0 });
  });

  it("maps a wall time to 0 instants in a gap, 2 in a repeat, 1 otherwise", () => {
    expect(wallToInstants("America/New_York", wall("2026-03-08T02:30:00"))).toEqual([]);
    expect(wallToInstants("America/New_York", wall("2026-11-01T01:30:00")).map(iso)).toEqual(["2026-11-01T05:30:00.000Z", "2026-11-01T06:30:00.000Z"]);
    expect(wallToInstants("America/New_York", wall("2026-11-01T02:00:00")).map(iso)).toEqual(["2026-11-01T07:00:00.000Z"]);
    expect(wallToInstants("Europe/Berlin", wall("2026-03-29T02:00:00"))).toEqual([]);
    expect(wallToInstants("Europe/Berlin", wall("2026-10-25T02:59:00")).map(iso)).toEqual(["2026-10-25T00:59:00.000Z", "2026-10-25T01:59:00.000Z"]);
  });

  it("resolves gap times to the first instant after the gap and repeated times to either occurrence", () => {
    const d = dayNumberOfIsoDate("2026-03-08");
    expect(iso(resolveLocal("America/New_York", d, 150, "earliest"))).toBe("2026-03-08T07:00:00.000Z");
    expect(iso(resolveLocal("America/New_York", d, 150, "latest"))).toBe("2026-03-08T07:00:00.000Z");
    expect(iso(resolveLocal("America/New_York", d, 120, "earliest"))).toBe("2026-03-08T07:00:00.000Z");
    expect(iso(resolveLocal("America/New_York", d, 180, "earliest"))).toBe("2026-03-08T07:00:00.000Z");
    expect(iso(resolveLocal("America/New_York", d, 119, "earliest"))).toBe("2026-03-08T06:59:00.000Z");
    const f = dayNumberOfIsoDate("2026-11-01");
    expect(iso(resolveLocal("America/New_York", f, 90, "earliest"))).toBe("2026-11-01T05:30:00.000Z");
    expect(iso(resolveLocal("America/New_York", f, 90, "latest"))).toBe("2026-11-01T06:30:00.000Z");
  });

  it("finds the start of a local day even when DST swallowed midnight (Sao Paulo 2018)", () => {
    expect(iso(startOfLocalDay("America/Sao_Paulo", dayNumberOfIsoDate("2018-11-04")))).toBe("2018-11-04T03:00:00.000Z");
    expect(iso(startOfLocalDay("America/Sao_Paulo", dayNumberOfIsoDate("2018-11-03")))).toBe("2018-11-03T03:00:00.000Z");
    expect(iso(startOfLocalDay("America/Sao_Paulo", dayNumberOfIsoDate("2019-02-17")))).toBe("2019-02-17T03:00:00.000Z");
    // The repeated Saturday 23:xx (second pass) still belongs to Saturday.
    expect(isoDateOfDayNumber(localDayNumber("America/Sao_Paulo", Date.parse("2019-02-17T02:30:00Z")))).toBe("2019-02-16");
    expect(isoDateOfDayNumber(localDayNumber("America/Sao_Paulo", Date.parse("2019-02-17T03:00:00Z")))).toBe("2019-02-17");
  });
});

describe("America/New_York spring forward (2026-03-08, 02:00 EST → 03:00 EDT at 07:00Z)", () => {
  it("a period beginning inside the gap begins at the first instant after it", () => {
    const def = schedule("America/New_York", { periods: [{ begin: "02:30", end: "04:00" }] });
    expect(states(def, ["2026-03-08T06:59:59Z", "2026-03-08T07:00:00Z", "2026-03-08T07:59:59Z", "2026-03-08T08:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "stopped",
    ]);
    expect(transitions(def, "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z")).toEqual([
      ["2026-03-07T07:30:00.000Z", "running"],
      ["2026-03-07T09:00:00.000Z", "stopped"],
      ["2026-03-08T07:00:00.000Z", "running"],
      ["2026-03-08T08:00:00.000Z", "stopped"],
      ["2026-03-09T06:30:00.000Z", "running"],
      ["2026-03-09T08:00:00.000Z", "stopped"],
    ]);
  });

  it("a period ending inside the gap ends at the gap", () => {
    const def = schedule("America/New_York", { periods: [{ begin: "01:00", end: "02:30" }] });
    expect(states(def, ["2026-03-08T05:59:59Z", "2026-03-08T06:00:00Z", "2026-03-08T06:59:59Z", "2026-03-08T07:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "stopped",
    ]);
  });

  it("a period entirely inside the gap does not run that day", () => {
    const def = schedule("America/New_York", { periods: [{ begin: "02:00", end: "02:59" }] });
    expect(transitions(def, "2026-03-07T12:00:00Z", "2026-03-09T12:00:00Z")).toEqual([
      ["2026-03-09T06:00:00.000Z", "running"],
      ["2026-03-09T06:59:00.000Z", "stopped"],
    ]);
  });

  it("office hours shift by the new offset", () => {
    const def = schedule("America/New_York", { periods: [{ begin: "09:00", end: "17:00", weekdays: ["mon-fri"] }] });
    expect(transitions(def, "2026-03-06T00:00:00Z", "2026-03-10T00:00:00Z")).toEqual([
      ["2026-03-06T14:00:00.000Z", "running"],
      ["2026-03-06T22:00:00.000Z", "stopped"],
      ["2026-03-09T13:00:00.000Z", "running"],
      ["2026-03-09T21:00:00.000Z", "stopped"],
    ]);
  });
});

describe("America/New_York fall back (2026-11-01, 02:00 EDT → 01:00 EST at 06:00Z)", () => {
  it("a period 01:00–02:00 covers both 01:xx hours", () => {
    const def = schedule("America/New_York", { periods: [{ begin: "01:00", end: "02:00" }] });
    expect(states(def, ["2026-11-01T04:59:59Z", "2026-11-01T05:00:00Z", "2026-11-01T05:59:59Z", "2026-11-01T06:00:00Z", "2026-11-01T06:59:59Z", "2026-11-01T07:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "running",
      "running",
      "stopped",
    ]);
  });

  it("a period ending inside the repeated hour ends at its first occurrence and does not start again in the second pass", () => {
    const def = schedule("America/New_York", { periods: [{ begin: "00:00", end: "01:30" }] });
    expect(transitions(def, "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z")).toEqual([
      ["2026-11-01T04:00:00.000Z", "running"],
      ["2026-11-01T05:30:00.000Z", "stopped"],
    ]);
    // 01:45 EDT is after the first 01:30: stopped; the second 01:00–01:29 (EST) stays stopped.
    expect(states(def, ["2026-11-01T05:29:59Z", "2026-11-01T05:30:00Z", "2026-11-01T05:45:00Z", "2026-11-01T06:15:00Z", "2026-11-01T06:30:00Z"])).toEqual([
      "running",
      "stopped",
      "stopped",
      "stopped",
      "stopped",
    ]);
  });

  it("end-only and overnight periods ending inside the repeated hour also end at its first occurrence", () => {
    const endOnly = schedule("America/New_York", { periods: [{ end: "01:30" }] });
    expect(states(endOnly, ["2026-11-01T05:29:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:15:00Z"])).toEqual(["none", "stopped", "stopped"]);
    const overnight = schedule("America/New_York", { periods: [{ begin: "23:00", end: "01:30" }] });
    expect(states(overnight, ["2026-11-01T03:00:00Z", "2026-11-01T05:29:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:15:00Z"])).toEqual(["running", "running", "stopped", "stopped"]);
    expect(transitions(overnight, "2026-10-31T12:00:00Z", "2026-11-01T12:00:00Z")).toEqual([
      ["2026-11-01T03:00:00.000Z", "running"],
      ["2026-11-01T05:30:00.000Z", "stopped"],
    ]);
  });

  it("a period beginning inside the repeated hour begins at its first occurrence and runs through", () => {
    const def = schedule("America/New_York", { periods: [{ begin: "01:30", end: "03:00" }] });
    expect(transitions(def, "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z")).toEqual([
      ["2026-11-01T05:30:00.000Z", "running"],
      ["2026-11-01T08:00:00.000Z", "stopped"],
    ]);
    expect(evaluateSchedule(def, Date.parse("2026-11-01T06:10:00Z"))).toBe("running");
  });

  it("an overnight period spanning the change lasts one hour longer in elapsed time", () => {
    const def = schedule("America/New_York", { periods: [{ begin: "22:00", end: "06:00" }] });
    const t = scheduleTransitions(def, Date.parse("2026-10-31T12:00:00Z"), Date.parse("2026-11-01T18:00:00Z"));
    expect(t.map((x) => [iso(x.at), x.state])).toEqual([
      ["2026-11-01T02:00:00.000Z", "running"],
      ["2026-11-01T11:00:00.000Z", "stopped"],
    ]);
    expect(((t[1]?.at ?? 0) - (t[0]?.at ?? 0)) / H).toBe(9);
  });
});

describe("Europe/Berlin", () => {
  it("spring forward (2026-03-29, 02:00 CET → 03:00 CEST at 01:00Z)", () => {
    const gap = schedule("Europe/Berlin", { periods: [{ begin: "02:30", end: "06:00" }] });
    expect(states(gap, ["2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-03-29T03:59:59Z", "2026-03-29T04:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "stopped",
    ]);
    const office = schedule("Europe/Berlin", { periods: [{ begin: "08:00", end: "18:00" }] });
    expect(transitions(office, "2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z")).toEqual([
      ["2026-03-28T07:00:00.000Z", "running"],
      ["2026-03-28T17:00:00.000Z", "stopped"],
      ["2026-03-29T06:00:00.000Z", "running"],
      ["2026-03-29T16:00:00.000Z", "stopped"],
    ]);
  });

  it("fall back (2026-10-25, 03:00 CEST → 02:00 CET at 01:00Z): 02:xx happens twice and is covered twice", () => {
    const both = schedule("Europe/Berlin", { periods: [{ begin: "02:00", end: "03:00" }] });
    expect(transitions(both, "2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z")).toEqual([
      ["2026-10-25T00:00:00.000Z", "running"],
      ["2026-10-25T02:00:00.000Z", "stopped"],
    ]);
    // Wholly inside the repeated hour: 02:15–02:45 CEST only (first occurrences of both).
    const inside = schedule("Europe/Berlin", { periods: [{ begin: "02:15", end: "02:45" }] });
    expect(transitions(inside, "2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z")).toEqual([
      ["2026-10-25T00:15:00.000Z", "running"],
      ["2026-10-25T00:45:00.000Z", "stopped"],
    ]);
  });
});

describe("Australia/Sydney (Southern hemisphere: DST ends in April, starts in October)", () => {
  it("April: 03:00 AEDT → 02:00 AEST on 2026-04-05 (16:00Z on the 4th); the repeated 02:xx is covered twice", () => {
    const def = schedule("Australia/Sydney", { periods: [{ begin: "02:00", end: "03:00" }] });
    expect(transitions(def, "2026-04-04T12:00:00Z", "2026-04-05T00:00:00Z")).toEqual([
      ["2026-04-04T15:00:00.000Z", "running"],
      ["2026-04-04T17:00:00.000Z", "stopped"],
    ]);
  });

  it("April: office hours move from UTC+11 to UTC+10", () => {
    const def = schedule("Australia/Sydney", { periods: [{ begin: "09:00", end: "17:00", weekdays: ["mon-fri"] }] });
    expect(transitions(def, "2026-04-02T12:00:00Z", "2026-04-06T12:00:00Z")).toEqual([
      ["2026-04-02T22:00:00.000Z", "running"],
      ["2026-04-03T06:00:00.000Z", "stopped"],
      ["2026-04-05T23:00:00.000Z", "running"],
      ["2026-04-06T07:00:00.000Z", "stopped"],
    ]);
  });

  it("October: 02:00 AEST → 03:00 AEDT on 2026-10-04 (16:00Z on the 3rd); 02:30 begins at the gap's end", () => {
    const def = schedule("Australia/Sydney", { periods: [{ begin: "02:30", end: "04:00" }] });
    expect(transitions(def, "2026-10-03T12:00:00Z", "2026-10-04T00:00:00Z")).toEqual([
      ["2026-10-03T16:00:00.000Z", "running"],
      ["2026-10-03T17:00:00.000Z", "stopped"],
    ]);
  });
});

describe("America/Sao_Paulo history (DST changed at midnight)", () => {
  it("2018-11-04: midnight did not exist; Sunday began at 01:00 (03:00Z)", () => {
    const sunday = schedule("America/Sao_Paulo", { periods: [{ weekdays: ["sun"] }] });
    expect(states(sunday, ["2018-11-04T02:59:59Z", "2018-11-04T03:00:00Z", "2018-11-05T01:59:59Z", "2018-11-05T02:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "stopped",
    ]);
    const early = schedule("America/Sao_Paulo", { periods: [{ begin: "00:30", end: "08:00" }] });
    expect(transitions(early, "2018-11-04T00:00:00Z", "2018-11-04T12:00:00Z")).toEqual([
      ["2018-11-04T03:00:00.000Z", "running"],
      ["2018-11-04T10:00:00.000Z", "stopped"],
    ]);
  });

  it("2019-02-16: Saturday's 23:xx happened twice; Saturday ran until Sunday's only midnight", () => {
    const saturday = schedule("America/Sao_Paulo", { periods: [{ weekdays: ["sat"] }] });
    expect(transitions(saturday, "2019-02-15T12:00:00Z", "2019-02-17T12:00:00Z")).toEqual([
      ["2019-02-16T02:00:00.000Z", "running"],
      ["2019-02-17T03:00:00.000Z", "stopped"],
    ]);
    const late = schedule("America/Sao_Paulo", { periods: [{ begin: "23:00", end: "23:45", weekdays: ["sat"] }] });
    expect(transitions(late, "2019-02-16T12:00:00Z", "2019-02-17T12:00:00Z")).toEqual([
      ["2019-02-17T01:00:00.000Z", "running"],
      // 23:45 happened twice; the period ends at the first (01:45Z) and does not restart.
      ["2019-02-17T01:45:00.000Z", "stopped"],
    ]);
    const exception = schedule("America/Sao_Paulo", { periods: [{ begin: "00:00", end: "23:59" }, { begin: "23:59" }], exceptions: [{ from: "2019-02-16", state: "stopped" }] });
    expect(states(exception, ["2019-02-17T02:30:00Z", "2019-02-17T03:00:00Z"])).toEqual(["stopped", "running"]);
  });
});

describe("Etc/GMT±N zones (POSIX sign: Etc/GMT+5 is five hours behind UTC)", () => {
  it("Etc/GMT+5 office hours are 14:00Z–22:00Z", () => {
    const def = schedule("Etc/GMT+5", { periods: [{ begin: "09:00", end: "17:00", weekdays: ["mon-fri"] }] });
    expect(transitions(def, "2026-07-06T00:00:00Z", "2026-07-07T00:00:00Z")).toEqual([
      ["2026-07-06T14:00:00.000Z", "running"],
      ["2026-07-06T22:00:00.000Z", "stopped"],
    ]);
  });

  it("Etc/GMT-14 is fourteen hours ahead: local Monday 09:00 is Sunday 19:00Z", () => {
    const def = schedule("Etc/GMT-14", { periods: [{ begin: "09:00", end: "17:00", weekdays: ["mon"] }], exceptions: [{ from: "2026-01-12", state: "stopped" }] });
    expect(states(def, ["2026-01-04T18:59:59Z", "2026-01-04T19:00:00Z", "2026-01-05T02:59:59Z", "2026-01-05T03:00:00Z", "2026-01-11T19:00:00Z"])).toEqual([
      "stopped",
      "running",
      "running",
      "stopped",
      "stopped",
    ]);
  });
});
