// What the sleep calendar draws besides plain sleeps: the demo's 10-minute cycle is a band that
// says so (not a solid week of sleep), long sleeps stay as they are, and a maintenance wake cuts
// the sleep it interrupts unless a keep-asleep override covers it.
import { describe, expect, it } from "vitest";
import { CYCLE_RESOLUTION_MS, cycleBands, withMaintenanceWake } from "../../worker/api/routes/calendar/calendar-bands.ts";
import { parseRdsWindow } from "../../worker/domain/maintenance.ts";
import { MAINTENANCE_LEAD_MS, MAINTENANCE_TAIL_MS } from "../../worker/reconcile/maintenance.ts";

const MIN = 60_000;
const H = 60 * MIN;
const FROM = Date.parse("2026-11-29T00:00:00Z"); // a Sunday
const TO = FROM + 7 * 24 * H;

/** Asleep at :00, :10, :20 … for five minutes each, from `start` for `hours`. */
const tenMinuteCycle = (start: number, hours: number) => Array.from({ length: hours * 6 }, (_, i) => ({ from: start + i * 10 * MIN, to: start + i * 10 * MIN + 5 * MIN, cause: "Demo" }));

describe("cycle bands", () => {
  it("folds the demo's 10-minute cycle into one band with its period, count and share asleep", () => {
    const { bands, single } = cycleBands(tenMinuteCycle(FROM, 24));
    expect(bands).toEqual([{ from: FROM, to: FROM + 24 * H - 5 * MIN, sleeps: 144, everyMinutes: 10, asleepPercent: 50 }]);
    expect(single).toEqual([]);
  });

  it("keeps sleeps long enough to draw as they are, and a band stops where a long sleep begins", () => {
    const night = { from: FROM + 30 * H, to: FROM + 38 * H, cause: "Office hours" };
    const { bands, single } = cycleBands([...tenMinuteCycle(FROM + 20 * H, 2), night]);
    expect(bands).toHaveLength(1);
    expect(bands[0]).toMatchObject({ from: FROM + 20 * H, sleeps: 12, everyMinutes: 10 });
    expect(single).toEqual([night]);
  });

  it("two short sleeps are drawn one by one; short sleeps far apart are not a cycle", () => {
    const two = tenMinuteCycle(FROM, 1).slice(0, 2);
    expect(cycleBands(two)).toEqual({ bands: [], single: two });
    const apart = [0, 1, 2].map((i) => ({ from: FROM + i * 2 * H, to: FROM + i * 2 * H + 5 * MIN }));
    expect(cycleBands(apart).bands).toEqual([]);
    expect(CYCLE_RESOLUTION_MS).toBe(30 * MIN);
  });
});

describe("maintenance wakes on the calendar", () => {
  const pending = { window: parseRdsWindow("sun:05:00-sun:05:30"), pending: ["system-update"], scheduledAt: null };
  const night = [{ from: FROM, to: FROM + 8 * H, cause: "Office hours" }];

  it("cuts the night's sleep for the wake, from 20 minutes before the window to 15 after", () => {
    const { asleep, wake } = withMaintenanceWake(night, pending, true, undefined, FROM, TO);
    const windowFrom = FROM + 5 * H;
    expect(wake).toEqual({ from: windowFrom - MAINTENANCE_LEAD_MS, to: windowFrom + 30 * MIN + MAINTENANCE_TAIL_MS, windowFrom, windowTo: windowFrom + 30 * MIN });
    expect(asleep).toEqual([
      { from: FROM, to: windowFrom - MAINTENANCE_LEAD_MS, cause: "Office hours" },
      { from: windowFrom + 30 * MIN + MAINTENANCE_TAIL_MS, to: FROM + 8 * H, cause: "Office hours" },
    ]);
  });

  it.each([
    ["no schedule asks for it", pending, false, undefined],
    ["nothing is pending", { ...pending, pending: [] }, true, undefined],
    ["a keep-asleep override covers it", pending, true, null],
    ["a keep-asleep override ends after the wake begins", pending, true, FROM + 6 * H],
  ])("no wake when %s", (_why, facts, optedIn, keepAsleepUntil) => {
    expect(withMaintenanceWake(night, facts, optedIn, keepAsleepUntil, FROM, TO)).toEqual({ asleep: night, wake: null });
  });

  it("no wake for a database that is awake then anyway", () => {
    const evening = [{ from: FROM + 19 * H, to: FROM + 24 * H, cause: "Office hours" }];
    expect(withMaintenanceWake(evening, pending, true, undefined, FROM, TO).wake).toBeNull();
  });
});
