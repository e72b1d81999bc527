// The reconcile plan: when the agent acts, and when it deliberately does not.
import { describe, expect, it } from "vitest";
import { planInstance, type InstanceInput, type ScheduleVerdict } from "../../worker/reconcile/plan.ts";

const NOW = Date.UTC(2026, 10, 24, 19, 0);
const HOUR = 3600_000;
const opts = { now: NOW, minimumSleepMs: 30 * 60_000 };

const verdict = (state: ScheduleVerdict["state"], extra: Partial<ScheduleVerdict> = {}): ScheduleVerdict => ({
  scheduleId: "sch_office",
  state,
  enforce: false,
  dryRun: false,
  nextTransitionAt: state === "stopped" ? NOW + 13 * HOUR : NOW + 10 * HOUR,
  nextState: state === "stopped" ? "running" : "stopped",
  ...extra,
});

const db = (extra: Partial<InstanceInput> = {}): InstanceInput => ({
  id: "db_1",
  provider: "aws",
  kind: "rds_instance",
  state: "running",
  eligible: true,
  ineligibleReason: null,
  verdicts: [verdict("stopped")],
  override: null,
  memory: { lastDesired: "running", stoppedByUsAt: null, startedByUsAt: null },
  ...extra,
});

describe("planInstance", () => {
  it("stops a running database when its schedule turns to sleep", () => {
    const plan = planInstance(db(), opts);
    expect(plan.decisions).toEqual([{ type: "act", instanceId: "db_1", action: "stop", cause: { kind: "schedule", id: "sch_office" }, desired: "stopped" }]);
    expect(plan.desired).toBe("stopped");
  });

  it("starts it when the schedule turns to running", () => {
    const plan = planInstance(db({ state: "stopped", verdicts: [verdict("running")], memory: { lastDesired: "stopped", stoppedByUsAt: NOW - HOUR, startedByUsAt: null } }), opts);
    expect(plan.decisions).toEqual([expect.objectContaining({ type: "act", action: "start" })]);
  });

  it("leaves a database started by hand inside a sleep window alone (no transition)", () => {
    const plan = planInstance(db({ memory: { lastDesired: "stopped", stoppedByUsAt: NOW - HOUR, startedByUsAt: null } }), opts);
    expect(plan.decisions).toEqual([]);
  });

  it("re-asserts continuously when the schedule enforces", () => {
    const plan = planInstance(db({ verdicts: [verdict("stopped", { enforce: true })], memory: { lastDesired: "stopped", stoppedByUsAt: NOW - HOUR, startedByUsAt: null } }), opts);
    expect(plan.decisions).toEqual([expect.objectContaining({ type: "act", action: "stop" })]);
  });

  it("lets running win when several schedules match", () => {
    const plan = planInstance(db({ verdicts: [verdict("stopped"), verdict("running", { scheduleId: "sch_batch" })], memory: { lastDesired: "stopped", stoppedByUsAt: null, startedByUsAt: null }, state: "stopped" }), opts);
    expect(plan.decisions).toEqual([expect.objectContaining({ type: "act", action: "start", cause: { kind: "schedule", id: "sch_batch" } })]);
  });

  it("lets an override win over schedules, and wakes at once", () => {
    const plan = planInstance(db({ state: "stopped", verdicts: [verdict("stopped")], override: { id: "ovr_1", kind: "keep_awake", until: NOW + HOUR }, memory: { lastDesired: "stopped", stoppedByUsAt: NOW - HOUR, startedByUsAt: null } }), opts);
    expect(plan.decisions).toEqual([expect.objectContaining({ type: "act", action: "start", cause: { kind: "override", id: "ovr_1" } })]);
  });

  it("ignores an expired override", () => {
    const plan = planInstance(db({ override: { id: "ovr_1", kind: "keep_awake", until: NOW - 1 } }), opts);
    expect(plan.decisions).toEqual([expect.objectContaining({ type: "act", action: "stop" })]);
  });

  it("lets the next transition pass once with skip_next", () => {
    const plan = planInstance(db({ override: { id: "ovr_skip", kind: "skip_next", until: null } }), opts);
    expect(plan.decisions).toEqual([{ type: "consume-skip", instanceId: "db_1", overrideId: "ovr_skip", desired: "stopped" }]);
    expect(plan.desired).toBe("stopped");
  });

  it("skips an ineligible database and says why", () => {
    const plan = planInstance(db({ eligible: false, ineligibleReason: "Read replicas cannot be stopped." }), opts);
    expect(plan.decisions).toEqual([expect.objectContaining({ type: "skip", reason: "Read replicas cannot be stopped." })]);
  });

  it("waits while a database is in a transitional state, keeping the transition pending", () => {
    const plan = planInstance(db({ state: "starting" }), opts);
    expect(plan.decisions).toEqual([expect.objectContaining({ type: "wait" })]);
    expect(plan.desired).toBe("running");
  });

  it("does not stop for a sleep window shorter than the minimum", () => {
    const plan = planInstance(db({ verdicts: [verdict("stopped", { nextTransitionAt: NOW + 20 * 60_000 })] }), opts);
    expect(plan.decisions).toEqual([expect.objectContaining({ type: "skip", reason: expect.stringContaining("shorter than the minimum of 30 min") })]);
  });

  it("recognises AWS's automatic restart after 7 days and stops again, enforce or not", () => {
    const stoppedAt = NOW - 7 * 24 * HOUR - 60_000;
    const plan = planInstance(db({ memory: { lastDesired: "stopped", stoppedByUsAt: stoppedAt, startedByUsAt: stoppedAt - HOUR } }), opts);
    expect(plan.decisions).toEqual([expect.objectContaining({ type: "act", action: "stop", autoRestart: true, cause: { kind: "aws_auto_restart", id: "sch_office" } })]);
    // Not for a database we started ourselves, nor on GCP (Cloud SQL does not auto-restart).
    expect(planInstance(db({ memory: { lastDesired: "stopped", stoppedByUsAt: stoppedAt, startedByUsAt: NOW - HOUR } }), opts).decisions).toEqual([]);
    expect(planInstance(db({ provider: "gcp", kind: "cloudsql_instance", memory: { lastDesired: "stopped", stoppedByUsAt: stoppedAt, startedByUsAt: null } }), opts).decisions).toEqual([]);
  });

  it("only reports what a dry-run schedule would do", () => {
    const plan = planInstance(db({ verdicts: [verdict("stopped", { dryRun: true })], memory: { lastDesired: null, stoppedByUsAt: null, startedByUsAt: null } }), opts);
    expect(plan.decisions).toEqual([{ type: "would", instanceId: "db_1", action: "stop", cause: { kind: "schedule", id: "sch_office" } }]);
  });

  it("does nothing without an opinion or when already in the desired state", () => {
    expect(planInstance(db({ verdicts: [] }), opts).decisions).toEqual([]);
    expect(planInstance(db({ state: "stopped" }), opts).decisions).toEqual([]);
  });
});
