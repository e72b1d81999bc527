// nextTransition asks cron-parser for a cron pair's next change instead of enumerating a day; it
// must still give exactly the first change the full enumeration finds, whatever the mix.
import { describe, expect, it } from "vitest";
import { nextTransition, scheduleTransitions, ScheduleDefinitionSchema, type ScheduleDefinitionInput } from "../../worker/schedules/index.ts";

const DAY = 86_400_000;
const def = (extra: Partial<ScheduleDefinitionInput>) =>
  ScheduleDefinitionSchema.parse({ name: "T", timezone: "Europe/Berlin", selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] }, ...extra });

const cases: [string, Partial<ScheduleDefinitionInput>][] = [
  ["a minute-by-minute pair", { cronPairs: [{ stop: "*/2 * * * *", start: "1-59/2 * * * *" }] }],
  ["a nightly pair", { cronPairs: [{ stop: "0 19 * * mon-fri", start: "0 8 * * mon-fri" }] }],
  ["a pair outvoted by office hours", { cronPairs: [{ stop: "*/2 * * * *", start: "1-59/2 * * * *" }], periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }] }],
  ["a pair held by an exception today", { cronPairs: [{ stop: "*/5 * * * *", start: "2-59/5 * * * *" }], exceptions: [{ from: "2026-11-24", to: "2026-11-25", state: "running", reason: "release" }] }],
  ["two pairs", { cronPairs: [{ stop: "0 * * * *", start: "30 * * * *" }, { stop: "15 * * * *", start: "45 * * * *" }] }],
];

describe("nextTransition with cron pairs", () => {
  it.each(cases)("matches the full enumeration for %s", (_name, extra) => {
    const d = def(extra);
    for (const after of [Date.UTC(2026, 10, 24, 6, 59, 30), Date.UTC(2026, 10, 24, 18, 1), Date.UTC(2026, 10, 28, 23, 59, 59)]) {
      expect(nextTransition(d, after, 3 * DAY)).toEqual(scheduleTransitions(d, after, after + 3 * DAY)[0] ?? null);
    }
  });
});
