// Capacity windows in the agent's pure pass: a schedule's Aurora Serverless v2 range ("max 2 ACU at
// night, 16 by day") becomes one ModifyDBCluster per cluster when the wanted range differs from the
// one last confirmed, at each transition and window edge, never twice for the same range; clusters
// scaled out of period are not stopped; overrides, dry runs, engine versions and other databases
// are respected.
import { describe, expect, it } from "vitest";
import { CAPACITY_RETRY_MS, planPass, TransitionCache, type AppliedCapacity, type DatabaseInput, type LoadedSchedule, type PassInput } from "../../worker/reconcile/pass.ts";
import { capacityAt, combineCapacity, nextCapacityChange, ScheduleDefinitionSchema, supportsAutoPause, type ScheduleDefinition } from "../../worker/schedules/index.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.UTC(2026, 10, 24, 19, 0); // a Tuesday, 19:00 UTC: office hours just ended

const cluster = (extra: Partial<DatabaseInput> = {}): DatabaseInput => ({
  id: "db_sv2", name: "orders-dev", cloudAccountId: "acc_1", provider: "aws", kind: "aurora_cluster", region: "us-east-1", engine: "aurora-postgresql",
  engineVersion: "15.8", serverlessV2: true, tags: { env: "dev" }, state: "running", cloudStatus: "available", eligible: true, ineligibleReason: null, ...extra,
});

const definition = (extra: Record<string, unknown> = {}): ScheduleDefinition =>
  ScheduleDefinitionSchema.parse({
    name: "Office", timezone: "UTC", periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }],
    selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] },
    capacity: { inPeriod: { minAcu: 2, maxAcu: 16 }, outOfPeriod: { minAcu: 0, maxAcu: 2 } },
    ...extra,
  });

const schedule = (extra: Partial<LoadedSchedule> = {}, def: Record<string, unknown> = {}): LoadedSchedule => ({
  id: "sch_office", version: 1, enforce: false, dryRun: false, minimumSleepMinutes: 30, definition: definition(def), ...extra,
});

const input = (extra: Partial<PassInput> = {}): PassInput => ({
  now: NOW, paused: false, databases: [cluster()], schedules: [schedule()], overrides: [], memory: new Map(), queued: [], observations: new Map(), ...extra,
});

const applied = (minAcu: number, maxAcu: number, failedAt: number | null = null): Map<string, AppliedCapacity> => new Map([["db_sv2", { minAcu, maxAcu, failedAt }]]);

describe("capacity windows in the pass", () => {
  it("scales a serverless v2 cluster down at the end of office hours instead of stopping it", () => {
    const plan = planPass(input());
    expect(plan.calls).toEqual([]);
    expect(plan.capacity).toEqual([
      { instanceId: "db_sv2", minAcu: 0, maxAcu: 2, source: "out of period", note: null, cause: { kind: "schedule", id: "sch_office" }, key: `capacity:db_sv2:0-2:${NOW / MIN}` },
    ]);
    // The next change is 08:00 on Wednesday, and the alarm is set for it.
    expect(plan.wakes).toContainEqual({ at: Date.UTC(2026, 10, 25, 8, 0), reason: "schedule-transition" });
  });

  it("decides the by-day range at the start of office hours", () => {
    const plan = planPass(input({ now: Date.UTC(2026, 10, 25, 8, 0), capacityApplied: applied(0, 2) }));
    expect(plan.capacity).toMatchObject([{ minAcu: 2, maxAcu: 16, source: "in period" }]);
  });

  it.each([
    ["the range was confirmed", applied(0, 2), 0],
    ["the last change failed a minute ago (retried later, not on every pass)", applied(0, 2, NOW - MIN), 0],
    ["the last change failed longer ago than the retry delay", applied(0, 2, NOW - CAPACITY_RETRY_MS), 1],
    ["another range was confirmed", applied(2, 16), 1],
    ["nothing is known yet", undefined, 1],
  ])("when %s: %i change(s)", (_, capacityApplied, n) => {
    expect(planPass(input({ capacityApplied })).capacity).toHaveLength(n);
  });

  it("schedules a retry wake-up after a refused change", () => {
    const plan = planPass(input({ capacityApplied: applied(0, 2, NOW - MIN) }));
    expect(plan.wakes).toContainEqual({ at: NOW - MIN + CAPACITY_RETRY_MS, reason: "capacity-window" });
  });

  it.each([
    ["a provisioned cluster", cluster({ serverlessV2: false })],
    ["an RDS instance", cluster({ kind: "rds_instance", engine: "postgres", serverlessV2: false })],
    ["a cluster that is stopped", cluster({ state: "stopped" })],
    ["a cluster in another environment", cluster({ tags: { env: "prod" } })],
  ])("leaves %s alone", (_, db) => {
    expect(planPass(input({ databases: [db] })).capacity).toEqual([]);
  });

  it("stops non-serverless databases of the same schedule as before", () => {
    const rds = cluster({ id: "db_rds", kind: "rds_instance", engine: "postgres", serverlessV2: false });
    const plan = planPass(input({ databases: [cluster(), rds], memory: new Map([["db_rds", { lastDesired: "running", lastDryDesired: null, stoppedByUsAt: null, startedByUsAt: null, pending: null, lastSkip: null }]]) }));
    expect(plan.calls.map((c) => [c.instanceId, c.action])).toEqual([["db_rds", "stop"]]);
    expect(plan.capacity.map((c) => c.instanceId)).toEqual(["db_sv2"]);
  });

  it("without an out-of-period range, a cluster is stopped out of period and gets its by-day range in period", () => {
    const s = schedule({}, { capacity: { inPeriod: { minAcu: 1, maxAcu: 8 } } });
    const night = planPass(input({ schedules: [s], memory: new Map([["db_sv2", { lastDesired: "running", lastDryDesired: null, stoppedByUsAt: null, startedByUsAt: null, pending: null, lastSkip: null }]]) }));
    expect(night.calls.map((c) => c.action)).toEqual(["stop"]);
    expect(night.capacity).toEqual([]);
    const day = planPass(input({ schedules: [s], now: Date.UTC(2026, 10, 25, 10, 0) }));
    expect(day.capacity).toMatchObject([{ minAcu: 1, maxAcu: 8 }]);
  });

  it("uses 0.5 ACU where the engine version cannot pause at 0, and says so", () => {
    const plan = planPass(input({ databases: [cluster({ engineVersion: "15.4" })] }));
    expect(plan.capacity).toMatchObject([{ minAcu: 0.5, maxAcu: 2 }]);
    expect(plan.capacity[0]!.note).toContain("cannot pause at 0 ACU");
  });

  it("a named window wins over the schedule's state: max 2 ACU at night inside office days", () => {
    const s = schedule({}, { periods: [{ weekdays: ["mon-fri"] }], capacity: { inPeriod: { minAcu: 4, maxAcu: 16 }, windows: [{ name: "night", periods: [{ begin: "20:00", end: "07:00" }], minAcu: 0.5, maxAcu: 2 }] } });
    expect(planPass(input({ schedules: [s] })).capacity).toMatchObject([{ minAcu: 4, maxAcu: 16, source: "in period" }]);
    const late = planPass(input({ schedules: [s], now: Date.UTC(2026, 10, 24, 21, 0) }));
    expect(late.capacity).toMatchObject([{ minAcu: 0.5, maxAcu: 2, source: "window night" }]);
    // The window's edges wake the agent (20:00 is not a transition of the schedule itself).
    expect(planPass(input({ schedules: [s] })).wakes).toContainEqual({ at: Date.UTC(2026, 10, 24, 20, 0), reason: "capacity-window" });
    // …but not when the schedule selects no serverless v2 cluster.
    expect(planPass(input({ schedules: [s], databases: [cluster({ serverlessV2: false })] })).wakes.map((w) => w.reason)).not.toContain("capacity-window");
  });

  it("a keep_awake override asks for the by-day range; keep_asleep holds the windows", () => {
    const keepAwake = planPass(input({ overrides: [{ id: "ovr_1", instanceId: "db_sv2", kind: "keep_awake", until: NOW + HOUR }] }));
    expect(keepAwake.capacity).toMatchObject([{ minAcu: 2, maxAcu: 16, source: "in period (kept awake)" }]);
    const keepAsleep = planPass(input({ overrides: [{ id: "ovr_1", instanceId: "db_sv2", kind: "keep_asleep", until: NOW + HOUR }] }));
    expect(keepAsleep.capacity).toEqual([]);
  });

  it("a dry-run schedule changes no capacity; of two schedules the most generous range wins", () => {
    expect(planPass(input({ schedules: [schedule({ dryRun: true })] })).capacity).toEqual([]);
    const batch = schedule({ id: "sch_batch" }, { periods: [{ begin: "18:00", end: "23:00" }], capacity: { inPeriod: { minAcu: 1, maxAcu: 8 } } });
    expect(planPass(input({ schedules: [schedule(), batch] })).capacity).toMatchObject([{ minAcu: 1, maxAcu: 8 }]);
  });

  it("a cluster with a power call this pass waits for the next pass", () => {
    const plan = planPass(input({ queued: [{ actionId: "act_1", instanceId: "db_sv2", action: "stop", cause: { kind: "user", id: null } }] }));
    expect(plan.calls).toHaveLength(1);
    expect(plan.capacity).toEqual([]);
  });
});

describe("capacity model", () => {
  it("says what range a schedule wants and when it changes", () => {
    const def = definition();
    expect(capacityAt(def, NOW)).toEqual({ minAcu: 0, maxAcu: 2, source: "out of period" });
    expect(capacityAt(def, NOW - HOUR)).toEqual({ minAcu: 2, maxAcu: 16, source: "in period" });
    expect(nextCapacityChange(def, NOW, 8 * 24 * HOUR)).toBe(Date.UTC(2026, 10, 25, 8, 0));
    expect(combineCapacity([])).toBeNull();
    expect(new TransitionCache().capacity(schedule(), NOW).target).toMatchObject({ minAcu: 0, maxAcu: 2 });
  });

  it.each([
    ["aurora-postgresql", "13.15", true], ["aurora-postgresql", "13.14", false], ["aurora-postgresql", "14.12", true], ["aurora-postgresql", "15.6", false],
    ["aurora-postgresql", "16.3", true], ["aurora-postgresql", "17.4", true], ["aurora-mysql", "8.0.mysql_aurora.3.08.0", true],
    ["aurora-mysql", "8.0.mysql_aurora.3.07.1", false], ["aurora-mysql", "3.09.0", true], ["postgres", "16.3", false], ["aurora-postgresql", null, false],
  ] as const)("%s %s may pause at 0 ACU: %s", (engine, version, yes) => {
    expect(supportsAutoPause(engine, version)).toBe(yes);
  });

  it.each([
    [{ inPeriod: { minAcu: 4, maxAcu: 2 } }, "capacity.inPeriod.maxAcu", "maxAcu must be at least minAcu"],
    [{ inPeriod: { minAcu: 0.3, maxAcu: 2 } }, "capacity.inPeriod.minAcu", "minAcu must be in steps of 0.5"],
    [{ outOfPeriod: { minAcu: 0, maxAcu: 300 } }, "capacity.outOfPeriod.maxAcu", "maxAcu must be at most 256"],
    [{ outOfPeriod: { minAcu: -1, maxAcu: 2 } }, "capacity.outOfPeriod.minAcu", "minAcu must be at least 0"],
    [{ inPeriod: { minAcu: 0, maxAcu: 0.5 } }, "capacity.inPeriod.maxAcu", "maxAcu must be at least 1 (AWS's smallest maximum)"],
    [{ windows: [{ name: "night", periods: [], minAcu: 0, maxAcu: 2 }] }, "capacity.windows.0.periods", "periods must list at least one period"],
    [{}, "capacity", "capacity needs inPeriod, outOfPeriod or at least one window"],
    [{ inPeriod: { minAcu: 1, maxAcu: 2 }, nightly: true }, "capacity", 'Unrecognized key: "nightly"'],
  ])("rejects %j at %s", (capacity, path, message) => {
    const r = ScheduleDefinitionSchema.safeParse({ name: "X", timezone: "UTC", selector: { match: [] }, capacity });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join("."), i.message])).toContainEqual([path, message]);
  });
});
