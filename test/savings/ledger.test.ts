// The savings ledger's promises, on hand-computed cases: a database saves only while it is
// observed stopped, price × stopped time per second; events may come twice, late, out of order or
// not at all; every interval says what caused it; AWS's 7-day restart and billing minimum are
// reported honestly (a very short sleep can cost money).
//
// Price used throughout unless said otherwise: 72,000 micro-dollars per hour ($0.072/h, a
// db.t3.medium), i.e. exactly 20 micro-dollars per second.
import { describe, expect, it } from "vitest";
import { canonicalObservations, savedMicros, sleepIntervals, type PowerObservation, type PricePoint, type SleepInterval } from "../../worker/savings/ledger.ts";
import { accruedMicros, chargedMicros, microsToCents } from "../../worker/savings/money.ts";

const t = (iso: string) => Date.parse(iso);
const P72: PricePoint[] = [{ from: 0, hourlyMicros: 72_000, source: "catalog 2026-11" }];
const NOW = t("2026-06-30T00:00:00Z");

let seq = 0;
function ob(at: string, state: PowerObservation["state"], causeKind: PowerObservation["causeKind"] = "schedule", causeId: string | null = "sch_office", extra: Partial<PowerObservation> = {}): PowerObservation {
  seq += 1;
  return { eventId: `evt_${String(seq).padStart(4, "0")}`, at: t(at), state, causeKind, causeId, ...extra };
}

function aws(obs: PowerObservation[], prices: PricePoint[] = P72, now = NOW): SleepInterval[] {
  return sleepIntervals(obs, prices, { provider: "aws", now, instanceId: "ins_1" });
}

/** The intervals without ids, times as ISO strings: easy to read in a failure. */
function readable(intervals: SleepInterval[]) {
  return intervals.map((i) => ({
    from: new Date(i.from).toISOString(),
    until: i.until === null ? null : new Date(i.until).toISOString(),
    cause: `${i.causeKind}:${i.causeId}`,
    hourlyMicros: i.hourlyMicros,
    priceSource: i.priceSource,
    penaltyMicros: i.penaltyMicros,
    endedBy: i.endedBy,
  }));
}

describe("plain stop and start", () => {
  // Stop requested 19:00:00, the database reaches stopped at 19:04:30, start requested at 07:00:00
  // the next morning. Asleep 19:04:30 -> 07:00:00 = 11 h 55 min 30 s = 42,930 s.
  // Saved = 42,930 s × 20 µ$/s = 858,600 µ$ ($0.8586).
  const obs = [
    ob("2026-06-01T19:00:00Z", "stopping"),
    ob("2026-06-01T19:04:30Z", "stopped"),
    ob("2026-06-02T07:00:00Z", "starting"),
    ob("2026-06-02T07:06:10Z", "running"),
  ];

  it("opens when the database is observed stopped (not when the stop was asked) and closes at the first start", () => {
    const intervals = aws(obs);
    expect(readable(intervals)).toEqual([
      { from: "2026-06-01T19:04:30.000Z", until: "2026-06-02T07:00:00.000Z", cause: "schedule:sch_office", hourlyMicros: 72_000, priceSource: "catalog 2026-11", penaltyMicros: 0, endedBy: "start" },
    ]);
    expect(savedMicros(intervals[0]!, NOW)).toBe(858_600);
  });

  it("gives the interval a deterministic id from the database and its start", () => {
    expect(aws(obs).map((i) => i.id)).toEqual([`ins_1:${t("2026-06-01T19:04:30Z")}`]);
    expect(sleepIntervals(obs, P72, { provider: "aws", now: NOW }).map((i) => i.id)).toEqual([String(t("2026-06-01T19:04:30Z"))]);
  });

  it("shows a database asleep now as an open interval accruing up to now", () => {
    const open = aws(obs.slice(0, 2), P72, t("2026-06-01T21:04:30Z"));
    expect(readable(open)).toEqual([
      { from: "2026-06-01T19:04:30.000Z", until: null, cause: "schedule:sch_office", hourlyMicros: 72_000, priceSource: "catalog 2026-11", penaltyMicros: 0, endedBy: "open" },
    ]);
    // 2 h later: 7,200 s × 20 = 144,000 µ$; 999 ms more is not a whole second yet.
    expect(savedMicros(open[0]!, t("2026-06-01T21:04:30Z"))).toBe(144_000);
    expect(savedMicros(open[0]!, t("2026-06-01T21:04:30.999Z"))).toBe(144_000);
    expect(savedMicros(open[0]!, t("2026-06-01T21:04:31Z"))).toBe(144_020);
    // A clock before the interval saves nothing (never negative time).
    expect(savedMicros(open[0]!, t("2026-06-01T18:00:00Z"))).toBe(0);
  });

  it("credits the stop to whoever asked for it even when a discovery poll saw it stopped first", () => {
    const intervals = aws([
      ob("2026-06-01T19:00:00Z", "stopping", "schedule", "sch_office"),
      ob("2026-06-01T19:03:00Z", "stopped", "cloud", null), // discovery poll
      ob("2026-06-01T19:04:30Z", "stopped", "schedule", "sch_office"), // the agent's confirmation
      ob("2026-06-01T20:00:00Z", "running", "user", "usr_ann"),
    ]);
    expect(readable(intervals).map((i) => [i.from, i.cause])).toEqual([["2026-06-01T19:03:00.000Z", "schedule:sch_office"]]);
  });

  it("credits the agent's confirmation over discovery polls that saw the stop first", () => {
    const intervals = aws([
      ob("2026-06-01T19:00:30Z", "stopping", "cloud", null), // discovery, right after the stop call
      ob("2026-06-01T19:03:00Z", "stopped", "cloud", null), // discovery again
      ob("2026-06-01T19:03:20Z", "stopped", "schedule", "sch_office"), // the agent's confirmation
      ob("2026-06-02T07:00:00Z", "running", "schedule", "sch_office"),
    ]);
    expect(readable(intervals).map((i) => [i.from, i.cause])).toEqual([["2026-06-01T19:03:00.000Z", "schedule:sch_office"]]);
  });

  it("a stop only discovery saw is credited to the first actor later confirming it asleep", () => {
    const intervals = aws([
      ob("2026-06-01T19:00:00Z", "stopped", "cloud", null),
      ob("2026-06-01T19:01:00Z", "stopped", "system", null),
      ob("2026-06-01T21:00:00Z", "stopped", "override", "ovr_asleep"),
      ob("2026-06-01T22:00:00Z", "stopped", "schedule", "sch_office"),
      ob("2026-06-02T07:00:00Z", "running", "schedule", "sch_office"),
    ]);
    expect(readable(intervals).map((i) => [i.from, i.cause])).toEqual([["2026-06-01T19:00:00.000Z", "override:ovr_asleep"]]);
  });

  it("records a stop made outside SnoozeQL with the cause it was observed with", () => {
    const intervals = aws([ob("2026-06-01T12:00:00Z", "running", "cloud", null), ob("2026-06-01T13:00:00Z", "stopped", "cloud", null), ob("2026-06-01T14:00:00Z", "running", "cloud", null)]);
    expect(readable(intervals).map((i) => [i.from, i.until, i.cause])).toEqual([["2026-06-01T13:00:00.000Z", "2026-06-01T14:00:00.000Z", "cloud:null"]]);
    expect(savedMicros(intervals[0]!, NOW)).toBe(72_000);
  });
});

describe("schedule and override overlapping", () => {
  it("a keep-asleep override seen mid-sleep neither splits nor double counts; a keep-awake start closes it", () => {
    // Schedule stops at 19:00; at 22:00 a keep-asleep override re-asserts stopped; at 23:30 a
    // keep-awake override starts it. One interval 19:00 -> 23:30 = 4.5 h × 72,000 = 324,000 µ$.
    const intervals = aws([
      ob("2026-06-01T18:59:00Z", "stopping", "schedule", "sch_office"),
      ob("2026-06-01T19:00:00Z", "stopped", "schedule", "sch_office"),
      ob("2026-06-01T22:00:00Z", "stopped", "override", "ovr_asleep"),
      ob("2026-06-01T23:30:00Z", "starting", "override", "ovr_awake"),
      ob("2026-06-01T23:36:00Z", "running", "override", "ovr_awake"),
    ]);
    expect(readable(intervals)).toEqual([
      { from: "2026-06-01T19:00:00.000Z", until: "2026-06-01T23:30:00.000Z", cause: "schedule:sch_office", hourlyMicros: 72_000, priceSource: "catalog 2026-11", penaltyMicros: 0, endedBy: "start" },
    ]);
    expect(intervals.reduce((sum, i) => sum + savedMicros(i, NOW), 0)).toBe(324_000);
  });

  it("a keep-asleep override that stops a running database is the cause of that sleep", () => {
    const intervals = aws([
      ob("2026-06-01T10:00:00Z", "stopping", "override", "ovr_asleep"),
      ob("2026-06-01T10:05:00Z", "stopped", "override", "ovr_asleep"),
      ob("2026-06-01T19:00:00Z", "stopped", "schedule", "sch_office"), // the schedule agrees later
      ob("2026-06-02T07:00:00Z", "starting", "schedule", "sch_office"),
    ]);
    expect(readable(intervals).map((i) => [i.from, i.until, i.cause])).toEqual([["2026-06-01T10:05:00.000Z", "2026-06-02T07:00:00.000Z", "override:ovr_asleep"]]);
  });
});

describe("faulty event streams", () => {
  const history = () => [
    ob("2026-06-01T19:00:00Z", "stopping"),
    ob("2026-06-01T19:05:00Z", "stopped"),
    ob("2026-06-02T07:00:00Z", "starting"),
    ob("2026-06-02T07:05:00Z", "running"),
    ob("2026-06-02T19:00:00Z", "stopping"),
    ob("2026-06-02T19:05:00Z", "stopped"),
    ob("2026-06-03T07:00:00Z", "starting", "user", "usr_ann"),
  ];

  it("duplicated and out-of-order events give exactly the same ledger", () => {
    const clean = history();
    const expected = aws(clean);
    // Two nights of 11 h 55 min = 42,900 s each: 2 × 858,000 µ$.
    expect(expected.map((i) => savedMicros(i, NOW))).toEqual([858_000, 858_000]);
    const reversed = [...clean].reverse();
    const duplicated = [...clean, ...clean.map((o) => ({ ...o })), clean[1]!, clean[5]!];
    const interleaved = [clean[6]!, clean[1]!, clean[3]!, clean[0]!, clean[5]!, clean[2]!, clean[4]!, clean[1]!];
    for (const variant of [reversed, duplicated, interleaved]) expect(aws(variant)).toEqual(expected);
  });

  it("two copies of one event that differ are resolved the same way whatever the arrival order", () => {
    const a = ob("2026-06-01T19:05:00Z", "stopped");
    const b = { ...a, at: t("2026-06-01T19:06:00Z") };
    const start = ob("2026-06-02T07:00:00Z", "starting");
    expect(aws([a, b, start])).toEqual(aws([start, b, a]));
    expect(canonicalObservations([b, a])).toEqual([a]);
  });

  it("a start with no recorded stop saves nothing", () => {
    expect(aws([ob("2026-06-01T07:00:00Z", "starting"), ob("2026-06-01T07:05:00Z", "running"), ob("2026-06-02T07:00:00Z", "running")])).toEqual([]);
  });

  it("a stop that was never confirmed saves nothing", () => {
    expect(aws([ob("2026-06-01T19:00:00Z", "stopping"), ob("2026-06-01T19:20:00Z", "running"), ob("2026-06-02T07:00:00Z", "starting")])).toEqual([]);
  });

  it("a database found stopped by its first observation (discovery) is asleep from then", () => {
    const intervals = aws([ob("2026-06-01T12:00:00Z", "stopped", "cloud", null)], P72, t("2026-06-01T13:00:00Z"));
    expect(readable(intervals).map((i) => [i.from, i.until, i.endedBy])).toEqual([["2026-06-01T12:00:00.000Z", null, "open"]]);
    expect(savedMicros(intervals[0]!, t("2026-06-01T13:00:00Z"))).toBe(72_000);
  });

  it("a stop request seen while asleep proves a missed start: the sleep ends at its last confirmation", () => {
    // Stopped at 10:00, a poll confirms stopped at 12:00, then a stop is requested at 15:00 (so it
    // was started in between, unrecorded), stopped again 15:05. Claim only 10:00 -> 12:00.
    const intervals = aws([
      ob("2026-06-01T10:00:00Z", "stopped"),
      ob("2026-06-01T12:00:00Z", "stopped", "cloud", null),
      ob("2026-06-01T15:00:00Z", "stopping"),
      ob("2026-06-01T15:05:00Z", "stopped"),
    ], P72, t("2026-06-01T16:05:00Z"));
    expect(readable(intervals).map((i) => [i.from, i.until, i.endedBy])).toEqual([
      ["2026-06-01T10:00:00.000Z", "2026-06-01T12:00:00.000Z", "start"],
      ["2026-06-01T15:05:00.000Z", null, "open"],
    ]);
    // With one single confirmation there is nothing to claim.
    expect(aws([ob("2026-06-01T10:00:00Z", "stopped"), ob("2026-06-01T15:00:00Z", "stopping")])).toEqual([]);
  });

  it("a stop and start at the same instant leave no zero-length interval", () => {
    const at = "2026-06-01T10:00:00Z";
    expect(aws([{ ...ob(at, "stopped"), eventId: "evt_a" }, { ...ob(at, "running"), eventId: "evt_b" }])).toEqual([]);
  });
});

describe("AWS's automatic restart after 7 days stopped", () => {
  // Stopped Monday 2026-06-01 19:00; AWS starts it 7 days later at 19:00 (observed with
  // autoRestart); SnoozeQL stops it again, stopped at 19:04 (awake 240 s < 600 s minimum).
  // Interval 1: 7 × 86,400 s = 604,800 s × 20 = 12,096,000 µ$; penalty (600 − 240) s × 20 = 7,200 µ$.
  const obs = [
    ob("2026-06-01T19:00:00Z", "stopped"),
    ob("2026-06-08T19:00:00Z", "running", "aws_auto_restart", null, { autoRestart: true }),
    ob("2026-06-08T19:01:00Z", "stopping", "schedule", "sch_office"),
    ob("2026-06-08T19:04:00Z", "stopped", "schedule", "sch_office"),
  ];

  it("closes the interval with endedBy auto_restart and books the 10-minute minimum it cost", () => {
    const intervals = aws(obs, P72, t("2026-06-09T07:04:00Z"));
    expect(readable(intervals)).toEqual([
      { from: "2026-06-01T19:00:00.000Z", until: "2026-06-08T19:00:00.000Z", cause: "schedule:sch_office", hourlyMicros: 72_000, priceSource: "catalog 2026-11", penaltyMicros: 7_200, endedBy: "auto_restart" },
      { from: "2026-06-08T19:04:00.000Z", until: null, cause: "schedule:sch_office", hourlyMicros: 72_000, priceSource: "catalog 2026-11", penaltyMicros: 0, endedBy: "open" },
    ]);
    expect(savedMicros(intervals[0]!, NOW)).toBe(12_096_000 - 7_200);
    // Second sleep up to 07:04 the next morning: 12 h × 72,000 = 864,000 µ$.
    expect(savedMicros(intervals[1]!, t("2026-06-09T07:04:00Z"))).toBe(864_000);
  });

  it("is recognised even when a discovery poll saw the database running first", () => {
    const intervals = aws([
      ob("2026-06-01T19:00:00Z", "stopped"),
      ob("2026-06-08T19:00:00Z", "running", "cloud", null),
      ob("2026-06-08T19:00:30Z", "running", "aws_auto_restart", null, { autoRestart: true }),
    ]);
    expect(readable(intervals).map((i) => [i.until, i.endedBy])).toEqual([["2026-06-08T19:00:00.000Z", "auto_restart"]]);
  });
});

describe("price changes and unknown prices", () => {
  it("splits an interval at a price change, one price per row, and the parts add up", () => {
    // Asleep 20:00 -> 08:00. Catalog 72,000 µ$/h until midnight, then an override of 100,000 µ$/h.
    // Part 1: 4 h × 72,000 = 288,000; part 2: 8 h × 100,000 = 800,000; total 1,088,000 µ$.
    const prices: PricePoint[] = [
      { from: t("2026-05-01T00:00:00Z"), hourlyMicros: 72_000, source: "catalog 2026-11" },
      { from: t("2026-06-02T00:00:00Z"), hourlyMicros: 100_000, source: "override" },
    ];
    const intervals = aws([ob("2026-06-01T20:00:00Z", "stopped"), ob("2026-06-02T08:00:00Z", "starting")], prices);
    expect(readable(intervals)).toEqual([
      { from: "2026-06-01T20:00:00.000Z", until: "2026-06-02T00:00:00.000Z", cause: "schedule:sch_office", hourlyMicros: 72_000, priceSource: "catalog 2026-11", penaltyMicros: 0, endedBy: "price_change" },
      { from: "2026-06-02T00:00:00.000Z", until: "2026-06-02T08:00:00.000Z", cause: "schedule:sch_office", hourlyMicros: 100_000, priceSource: "override", penaltyMicros: 0, endedBy: "start" },
    ]);
    expect(intervals.map((i) => savedMicros(i, NOW))).toEqual([288_000, 800_000]);
    expect(new Set(intervals.map((i) => i.id)).size).toBe(2);
  });

  it("a price point that repeats the same price does not split; a change after now does not split an open interval", () => {
    const prices: PricePoint[] = [
      { from: 0, hourlyMicros: 72_000, source: "catalog 2026-11" },
      { from: t("2026-06-02T00:00:00Z"), hourlyMicros: 72_000, source: "catalog 2026-11" },
      { from: t("2026-06-03T00:00:00Z"), hourlyMicros: 90_000, source: "catalog 2026-11" },
    ];
    const intervals = aws([ob("2026-06-01T20:00:00Z", "stopped")], prices, t("2026-06-02T20:00:00Z"));
    expect(readable(intervals).map((i) => [i.from, i.until, i.hourlyMicros])).toEqual([["2026-06-01T20:00:00.000Z", null, 72_000]]);
  });

  it("the first known price applies to sleep before the price history begins", () => {
    const prices: PricePoint[] = [{ from: t("2026-06-10T00:00:00Z"), hourlyMicros: 36_000, source: "catalog 2026-11" }];
    const intervals = aws([ob("2026-06-01T20:00:00Z", "stopped"), ob("2026-06-01T21:00:00Z", "running")], prices);
    expect(intervals.map((i) => [i.hourlyMicros, savedMicros(i, NOW)])).toEqual([[36_000, 36_000]]);
  });

  it("an unknown price keeps the interval, unpriced, never as $0 of savings silently", () => {
    const prices: PricePoint[] = [
      { from: 0, hourlyMicros: null, source: "unknown" },
      { from: t("2026-06-01T22:00:00Z"), hourlyMicros: 72_000, source: "override" },
    ];
    const intervals = aws([ob("2026-06-01T20:00:00Z", "stopped"), ob("2026-06-02T00:00:00Z", "running")], prices);
    expect(readable(intervals).map((i) => [i.from, i.until, i.hourlyMicros, i.priceSource, i.endedBy])).toEqual([
      ["2026-06-01T20:00:00.000Z", "2026-06-01T22:00:00.000Z", null, "unknown", "price_change"],
      ["2026-06-01T22:00:00.000Z", "2026-06-02T00:00:00.000Z", 72_000, "override", "start"],
    ]);
    expect(intervals.map((i) => savedMicros(i, NOW))).toEqual([0, 144_000]);
    // No price history at all: unknown.
    expect(aws([ob("2026-06-01T20:00:00Z", "stopped"), ob("2026-06-02T00:00:00Z", "running")], []).map((i) => [i.hourlyMicros, i.priceSource])).toEqual([[null, "unknown"]]);
    // A price that is not a non-negative integer is treated as unknown, not used.
    const bad = aws([ob("2026-06-01T20:00:00Z", "stopped"), ob("2026-06-02T00:00:00Z", "running")], [{ from: 0, hourlyMicros: 0.5, source: "catalog 2026-11" }]);
    expect(bad.map((i) => i.hourlyMicros)).toEqual([null]);
  });
});

describe("billing minimum: a start bills at least 10 minutes on AWS, not on Cloud SQL", () => {
  // Stopped 10:00:00, started 10:03:00 (asleep 180 s = 3,600 µ$), stopped again 10:07:00 (awake
  // 240 s: AWS bills 600 s, so 360 s × 20 = 7,200 µ$ extra), started 12:07:00 (asleep 2 h = 144,000 µ$).
  const obs = () => [
    ob("2026-06-01T10:00:00Z", "stopped"),
    ob("2026-06-01T10:03:00Z", "starting", "user", "usr_ann"),
    ob("2026-06-01T10:07:00Z", "stopped"),
    ob("2026-06-01T12:07:00Z", "starting"),
  ];

  it("on AWS the short sleep costs money and is reported as a negative saving", () => {
    const intervals = aws(obs());
    expect(intervals.map((i) => i.penaltyMicros)).toEqual([7_200, 0]);
    expect(intervals.map((i) => savedMicros(i, NOW))).toEqual([3_600 - 7_200, 144_000]);
  });

  it("on Cloud SQL (billed per second) the same history has no minimum", () => {
    const intervals = sleepIntervals(obs(), P72, { provider: "gcp", now: NOW });
    expect(intervals.map((i) => i.penaltyMicros)).toEqual([0, 0]);
    expect(intervals.map((i) => savedMicros(i, NOW))).toEqual([3_600, 144_000]);
  });

  it("an awake stretch of 10 minutes or more, or one still going on, carries no penalty", () => {
    const ten = aws([ob("2026-06-01T10:00:00Z", "stopped"), ob("2026-06-01T10:03:00Z", "running"), ob("2026-06-01T10:13:00Z", "stopped")]);
    expect(ten.map((i) => i.penaltyMicros)).toEqual([0, 0]);
    const ongoing = aws([ob("2026-06-01T10:00:00Z", "stopped"), ob("2026-06-01T10:03:00Z", "running")], P72, t("2026-06-01T10:05:00Z"));
    expect(ongoing.map((i) => i.penaltyMicros)).toEqual([0]);
  });

  it("rounds the penalty against the savings and uses the price at the start", () => {
    // 7 µ$/h: 3 min asleep = floor(180 × 7 / 3600) = 0; awake 1 s -> 599 s × 7 / 3600 = 1.16 -> 2 µ$.
    const intervals = aws([ob("2026-06-01T10:00:00Z", "stopped"), ob("2026-06-01T10:03:00Z", "running"), ob("2026-06-01T10:03:01Z", "stopped"), ob("2026-06-01T10:04:00Z", "running")], [{ from: 0, hourlyMicros: 7, source: "override" }]);
    expect(intervals.map((i) => [i.penaltyMicros, savedMicros(i, NOW)])).toEqual([[2, -2], [0, 0]]);
  });
});

describe("money arithmetic", () => {
  it("accrues floor(seconds × µ$/h ÷ 3600) exactly, even beyond 2^53 intermediate products", () => {
    expect(accruedMicros(1, 72_000)).toBe(20);
    expect(accruedMicros(1, 71_999)).toBe(19);
    expect(accruedMicros(3_599, 1)).toBe(0);
    expect(accruedMicros(3_600, 1)).toBe(1);
    // 20 years at $400/h: 631,152,000 s × 400,000,000 µ$/h / 3600 = 70,128,000,000,000 µ$.
    expect(accruedMicros(631_152_000, 400_000_000)).toBe(70_128_000_000_000);
    expect(accruedMicros(631_152_001, 400_000_000)).toBe(70_128_000_111_111);
    expect(chargedMicros(1, 71_999)).toBe(20);
    expect(chargedMicros(1, 72_000)).toBe(20);
    expect(() => accruedMicros(1.5, 1)).toThrow(RangeError);
  });

  it("rounds micro-dollars to cents half away from zero", () => {
    expect([4_999, 5_000, 15_000, -4_999, -5_000, 0].map(microsToCents)).toEqual([0, 1, 2, 0, -1, 0]);
  });
});
