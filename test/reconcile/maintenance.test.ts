// Maintenance windows: a schedule that asks for it wakes its sleeping databases shortly before
// their maintenance window when the cloud has maintenance pending, keeps them awake through it,
// and puts them back to sleep after — with overrides, minimum sleep and hand-started databases
// respected. Pure: the window readers, the wake, and the agent's pass across a sequence of passes.
import { describe, expect, it } from "vitest";
import { cloudSqlWindow, describeWindow, parseRdsWindow, windowOccurrence, type MaintenanceFacts } from "../../worker/domain/maintenance.ts";
import { MAINTENANCE_LEAD_MS, MAINTENANCE_TAIL_MS, maintenanceWake } from "../../worker/reconcile/maintenance.ts";
import { EMPTY_MEMORY, planPass, type AgentMemory, type DatabaseInput, type LoadedSchedule, type OverrideInput } from "../../worker/reconcile/pass.ts";
import type { PowerState } from "../../worker/domain/vocabulary.ts";
import type { ScheduleDefinition } from "../../worker/schedules/index.ts";

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);

describe("maintenance windows as the clouds give them", () => {
  it.each([
    ["sun:05:00-sun:05:30", { startMinute: 6 * 1440 + 300, durationMinutes: 30 }, "Sun 05:00–05:30 UTC"],
    ["mon:00:00-mon:00:30", { startMinute: 0, durationMinutes: 30 }, "Mon 00:00–00:30 UTC"],
    ["sat:23:30-sun:00:30", { startMinute: 5 * 1440 + 23 * 60 + 30, durationMinutes: 60 }, "Sat 23:30–00:30 UTC"],
    ["sun:23:45-mon:00:15", { startMinute: 6 * 1440 + 23 * 60 + 45, durationMinutes: 30 }, "Sun 23:45–00:15 UTC"],
    ["Tue:04:10-Tue:04:40", { startMinute: 1440 + 250, durationMinutes: 30 }, "Tue 04:10–04:40 UTC"],
  ])("RDS PreferredMaintenanceWindow %s", (raw, window, words) => {
    expect(parseRdsWindow(raw)).toEqual(window);
    expect(describeWindow(window)).toBe(words);
  });

  it.each(["", "sun:05:00", "xyz:05:00-sun:05:30", "sun:25:00-sun:05:30", "sun:05:00-sun:05:00"])("a malformed RDS window %j is no window", (raw) => {
    expect(parseRdsWindow(raw)).toBeNull();
  });

  it("Cloud SQL: day 1-7 is Monday-Sunday at hour UTC, one hour long; day 0 (any day) is no window", () => {
    expect(cloudSqlWindow(7, 5)).toEqual({ startMinute: 6 * 1440 + 300, durationMinutes: 60 });
    expect(cloudSqlWindow(1, 0)).toEqual({ startMinute: 0, durationMinutes: 60 });
    expect(cloudSqlWindow(0, 0)).toBeNull();
    expect(cloudSqlWindow(undefined, undefined)).toBeNull();
    expect(cloudSqlWindow(8, 1)).toBeNull();
  });

  it("the occurrence is the one under way, else the next; a window crossing the week's end belongs to the week it opens in", () => {
    const sunday = parseRdsWindow("sun:05:00-sun:05:30")!;
    expect(windowOccurrence(sunday, at("2026-11-29T05:10:00Z"))).toEqual({ start: at("2026-11-29T05:00:00Z"), end: at("2026-11-29T05:30:00Z") });
    expect(windowOccurrence(sunday, at("2026-11-29T05:30:00Z"))).toEqual({ start: at("2026-12-06T05:00:00Z"), end: at("2026-12-06T05:30:00Z") });
    const overWeekEnd = parseRdsWindow("sun:23:45-mon:00:15")!;
    expect(windowOccurrence(overWeekEnd, at("2026-11-30T00:05:00Z"))).toEqual({ start: at("2026-11-29T23:45:00Z"), end: at("2026-11-30T00:15:00Z") });
  });

  it("windows are UTC: the wake is at the same UTC minute on the Sundays daylight saving begins and ends", () => {
    const facts: MaintenanceFacts = { window: parseRdsWindow("sun:05:00-sun:05:30"), pending: ["system-update"], scheduledAt: null };
    for (const sunday of ["2026-03-29", "2026-10-25", "2026-03-08", "2026-11-01"]) {
      const wake = maintenanceWake(facts, at(`${sunday}T00:00:00Z`))!;
      expect(new Date(wake.windowStart).toISOString()).toBe(`${sunday}T05:00:00.000Z`);
      expect(wake.wakeAt).toBe(wake.windowStart - MAINTENANCE_LEAD_MS);
      expect(wake.sleepAt).toBe(wake.windowEnd + MAINTENANCE_TAIL_MS);
    }
  });

  it("nothing pending, no wake; Cloud SQL's announced start beats its weekly window", () => {
    expect(maintenanceWake({ window: parseRdsWindow("sun:05:00-sun:05:30"), pending: [], scheduledAt: null }, at("2026-11-29T00:00:00Z"))).toBeNull();
    const announced = at("2026-12-02T03:00:00Z");
    const wake = maintenanceWake({ window: cloudSqlWindow(7, 5), pending: ["scheduled maintenance"], scheduledAt: announced }, at("2026-11-29T00:00:00Z"))!;
    expect(wake).toEqual({ windowStart: announced, windowEnd: announced + 60 * MIN, wakeAt: announced - MAINTENANCE_LEAD_MS, sleepAt: announced + 60 * MIN + MAINTENANCE_TAIL_MS });
  });
});

// ---------------------------------------------------------------------------------------------
// The pass

const SUNDAY_WINDOW: MaintenanceFacts = { window: parseRdsWindow("sun:05:00-sun:05:30"), pending: ["system-update: New Operating System update is available"], scheduledAt: null };
const OVER_MIDNIGHT: MaintenanceFacts = { window: parseRdsWindow("sun:23:30-mon:00:30"), pending: ["db-upgrade"], scheduledAt: null };

const database = (state: PowerState, maintenance: MaintenanceFacts | null): DatabaseInput => ({
  id: "db_1", name: "app-dev", cloudAccountId: "acc_1", provider: "aws", kind: "rds_instance", region: "us-east-1", engine: "postgres",
  tags: { env: "dev" }, state, cloudStatus: state === "running" ? "available" : state, eligible: true, ineligibleReason: null, maintenance,
});

/** Awake 08:00–19:00 on weekdays (UTC) for env=dev, or the periods given; asks for maintenance wakes. */
const schedule = (periods: unknown[] = [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }], extra: Partial<LoadedSchedule> = {}): LoadedSchedule => ({
  id: "sch_office", version: 1, enforce: false, dryRun: false, minimumSleepMinutes: 30, maintenanceWake: true,
  definition: { name: "Office", timezone: "UTC", enabled: true, periods, cronPairs: [], exceptions: [], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] } } as unknown as ScheduleDefinition,
  ...extra,
});

interface Step {
  at: string;
  state: PowerState;
  /** What the pass does: a call (action and cause kind), a skip, or nothing. */
  expect: "start:maintenance" | "stop:schedule" | "stop:maintenance" | "nothing" | `skip:${string}`;
}

interface Scenario {
  name: string;
  facts: MaintenanceFacts;
  schedules?: LoadedSchedule[];
  overrides?: OverrideInput[];
  /** The agent's memory before the first step. */
  lastDesired: "running" | "stopped";
  steps: Step[];
}

const scenarios: Scenario[] = [
  {
    name: "an asleep database with maintenance pending is woken 20 minutes before its window, kept awake through it and its 15-minute tail, then put back to sleep",
    facts: SUNDAY_WINDOW,
    lastDesired: "stopped",
    steps: [
      { at: "2026-11-29T04:39:00Z", state: "stopped", expect: "nothing" },
      { at: "2026-11-29T04:40:00Z", state: "stopped", expect: "start:maintenance" },
      { at: "2026-11-29T05:10:00Z", state: "running", expect: "nothing" },
      { at: "2026-11-29T05:44:00Z", state: "running", expect: "nothing" },
      { at: "2026-11-29T05:45:00Z", state: "running", expect: "stop:schedule" },
    ],
  },
  {
    name: "nothing pending: the window passes and the database sleeps on (no hour of compute for nothing)",
    facts: { ...SUNDAY_WINDOW, pending: [] },
    lastDesired: "stopped",
    steps: [
      { at: "2026-11-29T04:40:00Z", state: "stopped", expect: "nothing" },
      { at: "2026-11-29T05:10:00Z", state: "stopped", expect: "nothing" },
    ],
  },
  {
    name: "a window crossing midnight and the week's end (Sunday 23:30 – Monday 00:30) wakes on Sunday and sleeps again on Monday",
    facts: OVER_MIDNIGHT,
    lastDesired: "stopped",
    steps: [
      { at: "2026-11-29T23:10:00Z", state: "stopped", expect: "start:maintenance" },
      { at: "2026-11-30T00:20:00Z", state: "running", expect: "nothing" },
      { at: "2026-11-30T00:44:00Z", state: "running", expect: "nothing" },
      { at: "2026-11-30T00:45:00Z", state: "running", expect: "stop:schedule" },
    ],
  },
  {
    name: "a database someone started by hand in the sleep window is left alone, and not stopped when the window ends",
    facts: SUNDAY_WINDOW,
    lastDesired: "stopped",
    steps: [
      { at: "2026-11-29T04:40:00Z", state: "running", expect: "nothing" },
      { at: "2026-11-29T05:45:00Z", state: "running", expect: "nothing" },
    ],
  },
  {
    name: "a database its schedule keeps awake into the window stays up until the window is over, then sleeps",
    facts: SUNDAY_WINDOW,
    schedules: [schedule([{ begin: "00:00", end: "05:10", weekdays: ["sun"] }])],
    lastDesired: "running",
    steps: [
      { at: "2026-11-29T05:10:00Z", state: "running", expect: "nothing" },
      { at: "2026-11-29T05:45:00Z", state: "running", expect: "stop:schedule" },
    ],
  },
  {
    name: "a keep-asleep override wins: no wake (the maintenance waits for the next start)",
    facts: SUNDAY_WINDOW,
    overrides: [{ id: "ovr_asleep", instanceId: "db_1", kind: "keep_asleep", until: null }],
    lastDesired: "stopped",
    steps: [{ at: "2026-11-29T04:40:00Z", state: "stopped", expect: "nothing" }],
  },
  {
    name: "a keep-awake override wins after the window: the database stays up",
    facts: SUNDAY_WINDOW,
    overrides: [{ id: "ovr_awake", instanceId: "db_1", kind: "keep_awake", until: at("2026-11-29T09:00:00Z") }],
    lastDesired: "running",
    steps: [{ at: "2026-11-29T05:45:00Z", state: "running", expect: "nothing" }],
  },
  {
    name: "minimum sleep: the schedule does not stop a database 15 minutes before its maintenance wake",
    facts: SUNDAY_WINDOW,
    schedules: [schedule([{ begin: "00:00", end: "04:25", weekdays: ["sun"] }])],
    lastDesired: "running",
    steps: [{ at: "2026-11-29T04:25:00Z", state: "running", expect: "skip:the sleep window (15 min) is shorter than the minimum of 30 min" }],
  },
  {
    name: "a schedule without the option never wakes for maintenance",
    facts: SUNDAY_WINDOW,
    schedules: [schedule(undefined, { maintenanceWake: false })],
    lastDesired: "stopped",
    steps: [{ at: "2026-11-29T04:40:00Z", state: "stopped", expect: "nothing" }],
  },
];

describe("the pass across a maintenance window", () => {
  it.each(scenarios)("$name", (s) => {
    let memory: AgentMemory = { ...EMPTY_MEMORY, lastDesired: s.lastDesired };
    for (const step of s.steps) {
      const now = at(step.at);
      const plan = planPass({
        now, paused: false, databases: [database(step.state, s.facts)], schedules: s.schedules ?? [schedule()], overrides: s.overrides ?? [],
        memory: new Map([["db_1", memory]]), queued: [], observations: new Map(),
      });
      const did = plan.calls.map((c) => `${c.action}:${c.cause.kind}`).concat(plan.skipped.map((k) => `skip:${k.reason}`));
      expect({ at: step.at, did }).toEqual({ at: step.at, did: step.expect === "nothing" ? [] : [step.expect] });
      memory = plan.memory.get("db_1") ?? memory;
    }
  });

  it("the agent's alarm is set for the wake, with its own reason", () => {
    const now = at("2026-11-29T03:00:00Z");
    const plan = planPass({ now, paused: false, databases: [database("stopped", SUNDAY_WINDOW)], schedules: [schedule()], overrides: [], memory: new Map([["db_1", { ...EMPTY_MEMORY, lastDesired: "stopped" }]]), queued: [], observations: new Map() });
    expect(plan.wakes).toContainEqual({ at: at("2026-11-29T04:40:00Z"), reason: "maintenance-window" });
  });

  it("the wake's start is keyed and recorded with the maintenance cause and the schedule that asked for it", () => {
    const now = at("2026-11-29T04:40:00Z");
    const plan = planPass({ now, paused: false, databases: [database("stopped", SUNDAY_WINDOW)], schedules: [schedule()], overrides: [], memory: new Map([["db_1", { ...EMPTY_MEMORY, lastDesired: "stopped" }]]), queued: [], observations: new Map() });
    expect(plan.calls).toEqual([{ instanceId: "db_1", action: "start", cause: { kind: "maintenance", id: "sch_office" }, key: `maintenance:sch_office:running:${now / MIN}`, target: "running" }]);
  });

  it("a dry-run schedule only reports that it would wake the database", () => {
    const now = at("2026-11-29T04:40:00Z");
    const plan = planPass({ now, paused: false, databases: [database("stopped", SUNDAY_WINDOW)], schedules: [schedule(undefined, { dryRun: true })], overrides: [], memory: new Map([["db_1", { ...EMPTY_MEMORY, lastDesired: "stopped" }]]), queued: [], observations: new Map() });
    expect(plan.calls).toEqual([]);
    expect(plan.events).toMatchObject([{ type: "instance.would_start", causeKind: "maintenance", causeId: "sch_office" }]);
  });
});
