// The savings ledger names a sleep that a maintenance wake ended: endedBy "maintenance", while the
// sleep keeps the cause that began it (the schedule), and the wake's own hour saves nothing.
import { describe, expect, it } from "vitest";
import { sleepIntervals, type PowerObservation } from "../../worker/savings/ledger.ts";

const H = 3_600_000;
const T0 = Date.parse("2026-11-28T19:00:00Z");
const obs = (id: string, hours: number, state: PowerObservation["state"], causeKind: PowerObservation["causeKind"]): PowerObservation => ({ eventId: id, at: T0 + hours * H, state, causeKind, causeId: causeKind === "cloud" ? null : "sch_office" });
const prices = [{ from: T0 - H, hourlyMicros: 1_000_000, source: "catalog 2026-11" }];

describe("a maintenance wake in the savings ledger", () => {
  it("ends the night's sleep with endedBy maintenance; the next sleep begins after the window", () => {
    const intervals = sleepIntervals(
      [
        obs("e1", 0, "stopped", "schedule"),
        obs("e2", 9.67, "starting", "maintenance"),
        obs("e3", 9.75, "running", "maintenance"),
        obs("e4", 10.75, "stopped", "schedule"),
        obs("e5", 37, "running", "schedule"),
      ],
      prices,
      { provider: "aws", now: T0 + 40 * H, instanceId: "db_1" },
    );
    expect(intervals.map((i) => ({ from: (i.from - T0) / H, until: ((i.until ?? 0) - T0) / H, cause: i.causeKind, endedBy: i.endedBy }))).toEqual([
      { from: 0, until: 9.67, cause: "schedule", endedBy: "maintenance" },
      { from: 10.75, until: 37, cause: "schedule", endedBy: "start" },
    ]);
  });

  it("a discovery poll that sees the start first does not hide that the maintenance wake ended the sleep", () => {
    const [first] = sleepIntervals(
      [obs("e1", 0, "stopped", "schedule"), obs("e2", 9.7, "starting", "cloud"), obs("e3", 9.75, "running", "maintenance")],
      prices,
      { provider: "aws", now: T0 + 12 * H, instanceId: "db_1" },
    );
    expect(first).toMatchObject({ causeKind: "schedule", endedBy: "maintenance" });
  });
});
