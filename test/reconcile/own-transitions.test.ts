// What discovery's listing means for a transition the agent started and has not yet confirmed: the
// agent's own doing, with its cause, recorded once — never a change made outside SnoozeQL.
import { describe, expect, it } from "vitest";
import { EMPTY_MEMORY, ownTransitionFact, planPass, type DatabaseInput, type PendingTransition } from "../../worker/reconcile/pass.ts";

const NOW = Date.UTC(2026, 10, 24, 19, 0);
const stop: PendingTransition = { target: "stopped", since: NOW - 300_000, causeKind: "schedule", causeId: "sch_office", key: "schedule:sch_office:stopped:1" };
const start: PendingTransition = { target: "running", since: NOW - 300_000, causeKind: "user", causeId: "usr_1", key: "act_1" };

describe("ownTransitionFact", () => {
  it("records a stop in flight that the listing sees done as the stop's confirmation, with the schedule as cause", () => {
    expect(ownTransitionFact("db_1", "stopping", "stopped", stop)).toEqual({
      type: "instance.stopped", instanceId: "db_1", causeKind: "schedule", causeId: "sch_office", fromState: "stopping", toState: "stopped",
      detail: { key: stop.key }, key: ["db_1", "stopped", stop.key],
    });
  });

  it("is the very fact the agent's own look records when it confirms the transition (one event id, whoever sees it first)", () => {
    const database: DatabaseInput = {
      id: "db_1", name: "app-dev", cloudAccountId: "acc_1", provider: "aws", kind: "rds_instance", region: "us-east-1", engine: "postgres",
      tags: {}, state: "stopping", cloudStatus: "stopping", eligible: true, ineligibleReason: null,
    };
    for (const pending of [stop, start]) {
      const plan = planPass({
        now: NOW, paused: false, databases: [database], schedules: [], overrides: [], queued: [],
        memory: new Map([["db_1", { ...EMPTY_MEMORY, pending }]]),
        observations: new Map([["db_1", { state: pending.target, cloudStatus: pending.target === "stopped" ? "stopped" : "available", eligible: true, ineligibleReason: null }]]),
      });
      const confirmed = plan.events.find((e) => e.type === (pending.target === "stopped" ? "instance.stopped" : "instance.started"));
      expect(ownTransitionFact("db_1", "stopping", pending.target, pending)).toEqual(confirmed);
    }
  });

  it("records a state on the transition's way as a state change with the transition's cause", () => {
    expect(ownTransitionFact("db_1", "running", "stopping", stop)).toMatchObject({ type: "instance.state_changed", causeKind: "schedule", causeId: "sch_office", fromState: "running", toState: "stopping" });
    expect(ownTransitionFact("db_1", "stopped", "starting", start)).toMatchObject({ type: "instance.state_changed", causeKind: "user", causeId: "usr_1", toState: "starting" });
    expect(ownTransitionFact("db_1", "starting", "running", start)).toMatchObject({ type: "instance.started", causeKind: "user", causeId: "usr_1" });
  });

  it("leaves a change that is not the transition's to discovery (nothing in flight, or the database went the other way)", () => {
    expect(ownTransitionFact("db_1", "stopping", "stopped", null)).toBeNull();
    expect(ownTransitionFact("db_1", "stopping", "stopped", undefined)).toBeNull();
    // Someone started it while our stop was in flight: that is a change made outside SnoozeQL.
    expect(ownTransitionFact("db_1", "stopping", "starting", stop)).toBeNull();
    expect(ownTransitionFact("db_1", "stopping", "running", stop)).toBeNull();
    expect(ownTransitionFact("db_1", "starting", "stopped", start)).toBeNull();
  });
});
