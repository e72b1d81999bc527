// Daily rollups' promises, on hand-computed cases: savings are booked on the organization's local
// days (a DST day has 23 or 25 hours of them), grouped per cause, a penalty lands on the day the
// start cost it, unknown prices are reported as unpriced time, and a day's parts always add up to
// the interval's whole.
//
// Price used unless said otherwise: 72,000 µ$/h = 20 µ$ per second.
import { describe, expect, it } from "vitest";
import { savedMicros, sleepIntervals, type PowerObservation, type SleepInterval } from "../../worker/savings/ledger.ts";
import { dailyRollup, dayBounds, daysToRewrite, localDay, type DailyRow } from "../../worker/savings/rollup.ts";

const t = (iso: string) => Date.parse(iso);
const H = 3_600;
const NOW = t("2026-12-31T00:00:00Z");

function interval(from: string, until: string | null, over: Partial<SleepInterval> = {}): SleepInterval {
  return {
    id: `ins_1:${t(from)}`,
    from: t(from),
    until: until === null ? null : t(until),
    causeKind: "schedule",
    causeId: "sch_office",
    hourlyMicros: 72_000,
    priceSource: "catalog 2026-11",
    penaltyMicros: 0,
    endedBy: until === null ? "open" : "start",
    ...over,
  };
}

const brief = (rows: DailyRow[]) => rows.map((r) => [r.day, `${r.causeKind}:${r.causeId}`, r.asleepSeconds, r.savedMicros, r.unpricedSeconds]);

describe("local days", () => {
  it("knows 23- and 25-hour days in Europe/Berlin and ordinary 24-hour ones", () => {
    expect(dayBounds("2026-03-29", "Europe/Berlin")).toEqual({ start: t("2026-03-28T23:00:00Z"), end: t("2026-03-29T22:00:00Z") });
    expect(dayBounds("2026-10-25", "Europe/Berlin")).toEqual({ start: t("2026-10-24T22:00:00Z"), end: t("2026-10-25T23:00:00Z") });
    const june = dayBounds("2026-06-15", "Europe/Berlin");
    expect(june.end - june.start).toBe(24 * H * 1000);
    expect(dayBounds("2026-06-15", "UTC")).toEqual({ start: t("2026-06-15T00:00:00Z"), end: t("2026-06-16T00:00:00Z") });
  });

  it("gives the local date of an instant", () => {
    expect(localDay(t("2026-03-28T22:59:59.999Z"), "Europe/Berlin")).toBe("2026-03-28");
    expect(localDay(t("2026-03-28T23:00:00Z"), "Europe/Berlin")).toBe("2026-03-29");
    expect(localDay(t("2026-06-01T03:00:00Z"), "America/New_York")).toBe("2026-05-31");
    expect(localDay(t("2026-06-01T16:00:00Z"), "Asia/Tokyo")).toBe("2026-06-02");
  });

  it("refuses an unknown time zone", () => {
    expect(() => dailyRollup([], "Mars/Olympus", NOW)).toThrow(RangeError);
  });
});

describe("DST days in the organization's time zone", () => {
  it("a database asleep all of 2026-03-29 in Berlin saves 23 hours that day", () => {
    // Asleep Fri 2026-03-27 13:00 CET (12:00Z) -> Tue 2026-03-31 14:00 CEST (12:00Z): 96 h in all.
    // 03-27: 13:00 -> 24:00 = 11 h; 03-28: 24 h; 03-29: 23 h; 03-30: 24 h; 03-31: 00:00 -> 14:00 = 14 h.
    const rows = dailyRollup([interval("2026-03-27T12:00:00Z", "2026-03-31T12:00:00Z")], "Europe/Berlin", NOW);
    expect(brief(rows)).toEqual([
      ["2026-03-27", "schedule:sch_office", 11 * H, 11 * 72_000, 0],
      ["2026-03-28", "schedule:sch_office", 24 * H, 24 * 72_000, 0],
      ["2026-03-29", "schedule:sch_office", 23 * H, 23 * 72_000, 0],
      ["2026-03-30", "schedule:sch_office", 24 * H, 24 * 72_000, 0],
      ["2026-03-31", "schedule:sch_office", 14 * H, 14 * 72_000, 0],
    ]);
    expect(rows.reduce((s, r) => s + r.savedMicros, 0)).toBe(96 * 72_000);
  });

  it("a database asleep all of 2026-10-25 in Berlin saves 25 hours that day", () => {
    const rows = dailyRollup([interval("2026-10-24T12:00:00Z", "2026-10-26T12:00:00Z")], "Europe/Berlin", NOW);
    expect(brief(rows).find((r) => r[0] === "2026-10-25")).toEqual(["2026-10-25", "schedule:sch_office", 25 * H, 1_800_000, 0]);
  });

  it("the same interval lands on different days in different zones", () => {
    const i = interval("2026-06-01T20:00:00Z", "2026-06-02T04:00:00Z");
    expect(brief(dailyRollup([i], "UTC", NOW)).map((r) => [r[0], r[2]])).toEqual([["2026-06-01", 4 * H], ["2026-06-02", 4 * H]]);
    expect(brief(dailyRollup([i], "Asia/Tokyo", NOW)).map((r) => [r[0], r[2]])).toEqual([["2026-06-02", 8 * H]]);
    expect(brief(dailyRollup([i], "America/New_York", NOW)).map((r) => [r[0], r[2]])).toEqual([["2026-06-01", 8 * H]]);
  });
});

describe("parts add up to the whole", () => {
  it("each day's amount is a difference of cumulative floors, so rounding never leaks", () => {
    // 1,800 µ$/h = 0.5 µ$/s, asleep 23:59:57 -> 00:00:03 (6 s) saves floor(6 × 0.5) = 3 µ$.
    // Day 1 (3 s): floor(1.5) = 1; day 2: floor(3) − floor(1.5) = 2. Rounding each day on its own
    // would give 1 + 1 = 2 and lose a micro-dollar.
    const i = interval("2026-06-01T23:59:57Z", "2026-06-02T00:00:03Z", { hourlyMicros: 1_800 });
    expect(brief(dailyRollup([i], "UTC", NOW))).toEqual([
      ["2026-06-01", "schedule:sch_office", 3, 1, 0],
      ["2026-06-02", "schedule:sch_office", 3, 2, 0],
    ]);
    expect(savedMicros(i, NOW)).toBe(3);
  });

  it("counts whole seconds from the interval's own start across many days and odd milliseconds", () => {
    const i = interval("2026-02-26T21:59:59.400Z", "2026-03-31T01:00:00.700Z", { hourlyMicros: 71_999 });
    const rows = dailyRollup([i], "America/New_York", NOW);
    // 16:59:59.4 EST on Feb 26 -> 21:00:00.7 EDT on Mar 30 (across the US spring-forward): 3 + 30 local days.
    expect(rows.length).toBe(33);
    expect(rows.reduce((s, r) => s + r.savedMicros, 0)).toBe(savedMicros(i, NOW));
    expect(rows.reduce((s, r) => s + r.asleepSeconds, 0)).toBe(Math.floor((i.until! - i.from) / 1000));
  });
});

describe("causes, penalties, unknown prices, now", () => {
  it("groups by day and cause: one row per cause per day, several intervals of a cause merged", () => {
    const rows = dailyRollup(
      [
        interval("2026-06-01T01:00:00Z", "2026-06-01T02:00:00Z"),
        interval("2026-06-01T03:00:00Z", "2026-06-01T05:00:00Z", { causeKind: "override", causeId: "ovr_1" }),
        interval("2026-06-01T20:00:00Z", "2026-06-01T21:00:00Z"),
        interval("2026-06-01T22:00:00Z", "2026-06-01T23:00:00Z", { causeKind: "cloud", causeId: null }),
      ],
      "UTC",
      NOW,
    );
    expect(brief(rows)).toEqual([
      ["2026-06-01", "cloud:null", H, 72_000, 0],
      ["2026-06-01", "override:ovr_1", 2 * H, 144_000, 0],
      ["2026-06-01", "schedule:sch_office", 2 * H, 144_000, 0],
    ]);
  });

  it("books a billing-minimum penalty on the day of the start that cost it", () => {
    // Asleep 23:50 -> 00:05 (user), started at 00:05 on 06-02, stopped again 00:08 (awake 180 s):
    // penalty (600 − 180) × 20 = 8,400 µ$ on 06-02. Then asleep 00:08 -> 01:08 (schedule).
    const obs: PowerObservation[] = [
      { eventId: "e1", at: t("2026-06-01T23:50:00Z"), state: "stopped", causeKind: "user", causeId: "usr_ann" },
      { eventId: "e2", at: t("2026-06-02T00:05:00Z"), state: "running", causeKind: "user", causeId: "usr_ann" },
      { eventId: "e3", at: t("2026-06-02T00:08:00Z"), state: "stopped", causeKind: "schedule", causeId: "sch_office" },
      { eventId: "e4", at: t("2026-06-02T01:08:00Z"), state: "starting", causeKind: "schedule", causeId: "sch_office" },
    ];
    const intervals = sleepIntervals(obs, [{ from: 0, hourlyMicros: 72_000, source: "catalog 2026-11" }], { provider: "aws", now: NOW });
    expect(brief(dailyRollup(intervals, "UTC", NOW))).toEqual([
      ["2026-06-01", "user:usr_ann", 600, 12_000, 0],
      ["2026-06-02", "schedule:sch_office", H, 72_000, 0],
      ["2026-06-02", "user:usr_ann", 300, 6_000 - 8_400, 0],
    ]);
  });

  it("a penalty whose start falls on a day without asleep time of that cause still gets booked", () => {
    const i = interval("2026-06-01T23:00:00Z", "2026-06-02T00:00:00Z", { penaltyMicros: 5_000 });
    expect(brief(dailyRollup([i], "UTC", NOW))).toEqual([
      ["2026-06-01", "schedule:sch_office", H, 72_000, 0],
      ["2026-06-02", "schedule:sch_office", 0, -5_000, 0],
    ]);
  });

  it("reports time at an unknown price as unpriced seconds with no savings", () => {
    const rows = dailyRollup([interval("2026-06-01T10:00:00Z", "2026-06-01T12:30:00Z", { hourlyMicros: null, priceSource: "unknown" })], "UTC", NOW);
    expect(brief(rows)).toEqual([["2026-06-01", "schedule:sch_office", 2.5 * H, 0, 2.5 * H]]);
  });

  it("counts an open interval up to now, and nothing for a now before it began", () => {
    const open = interval("2026-06-01T22:00:00Z", null);
    expect(brief(dailyRollup([open], "UTC", t("2026-06-02T03:00:00Z")))).toEqual([
      ["2026-06-01", "schedule:sch_office", 2 * H, 144_000, 0],
      ["2026-06-02", "schedule:sch_office", 3 * H, 216_000, 0],
    ]);
    expect(dailyRollup([open], "UTC", t("2026-06-01T21:00:00Z"))).toEqual([]);
  });

  it("a stored row whose end precedes its start counts as nothing, never as negative time", () => {
    const broken = interval("2026-06-02T00:00:00Z", "2026-06-01T00:00:00Z");
    expect(dailyRollup([broken], "UTC", NOW)).toEqual([]);
    expect(savedMicros(broken, NOW)).toBe(0);
  });
});

describe("which days the consumer rewrites", () => {
  const closed = interval("2026-06-01T20:00:00Z", "2026-06-02T04:00:00Z");
  const open = interval("2026-06-05T20:00:00Z", null);

  it("none when nothing changed and nothing is open", () => {
    expect(daysToRewrite([closed], [{ ...closed }], "UTC", NOW)).toEqual([]);
  });

  it("the days of an interval that appeared, disappeared or changed (incl. its penalty day)", () => {
    expect(daysToRewrite([], [closed], "UTC", NOW)).toEqual(["2026-06-01", "2026-06-02"]);
    expect(daysToRewrite([closed], [], "UTC", NOW)).toEqual(["2026-06-01", "2026-06-02"]);
    const ends = interval("2026-06-01T20:00:00Z", "2026-06-03T00:00:00Z", { penaltyMicros: 100 });
    expect(daysToRewrite([closed], [ends], "UTC", NOW)).toEqual(["2026-06-01", "2026-06-02", "2026-06-03"]);
  });

  it("always the days of an open interval, up to now, since it keeps accruing", () => {
    expect(daysToRewrite([open], [open], "UTC", t("2026-06-07T01:00:00Z"))).toEqual(["2026-06-05", "2026-06-06", "2026-06-07"]);
  });
});
