// The simulator's past power history plan (sim/state/history.ts planSleeps), pure: the demo's
// savings history must look like a steady fleet up to today, not tail off in its last week.
import { describe, expect, it } from "vitest";
import { planSleeps } from "../../sim/state/history.ts";

const DAY = 86_400_000;
describe("planSleeps: the last week of history is like the others", () => {
  // Before, a sleep still going at the end of the range was dropped whole, so long sleepers
  // (always idle, weekly only) were awake for the last days of the demo's history and its savings
  // chart sloped down towards today.
  const to = Date.parse("2026-11-29T12:00:00Z");
  const from = to - 45 * DAY;
  const asleepHours = (sleeps: ReturnType<typeof planSleeps>, a: number, b: number) =>
    sleeps.reduce((h, s) => h + Math.max(0, Math.min(s.startRequestedAt, b) - Math.max(s.stopRequestedAt, a)), 0) / 3_600_000;

  for (const pattern of ["office-hours", "nightly-batch", "weekly-only", "always-idle"] as const) {
    it(`${pattern}: asleep in the last 7 days about as much as in an average week, and awake at the end`, () => {
      const sleeps = planSleeps({ pattern, utcOffsetMinutes: -300 }, 3, from, to, 7 * DAY, 240_000);
      const lastWeek = asleepHours(sleeps, to - 7 * DAY, to);
      const averageWeek = asleepHours(sleeps, from, to) / (45 / 7);
      expect(lastWeek).toBeGreaterThan(0.7 * averageWeek);
      for (const s of sleeps) expect(s.startRequestedAt).toBeLessThanOrEqual(to);
    });
  }

  it("always-busy never sleeps (the control: the check above sees no sleep as none)", () => {
    const sleeps = planSleeps({ pattern: "always-busy", utcOffsetMinutes: 0 }, 3, from, to, 7 * DAY, 240_000);
    expect(asleepHours(sleeps, from, to)).toBe(0);
  });
});
