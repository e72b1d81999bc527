// The agent's pure pass: what it calls, records and remembers, and when and why it wakes up next.
import { describe, expect, it } from "vitest";
import {
  ACTION_GUARD_MS, actionDueSoon, activeOverrides, concludePass, CRON_GRACE_MS, DISCOVERY_INTERVAL_MS, discoveryTiming, EMPTY_MEMORY, failedPassWake, HEARTBEAT_INTERVAL_MS,
  MIN_ALARM_DELAY_MS, minimumSleepMs, planPass, POLL_INTERVAL_MS, scheduledActionKey, settleCall, TransitionCache, TRANSITION_TIMEOUT_MS,
  type AgentMemory, type DatabaseInput, type LoadedSchedule, type OverrideInput, type PassEnd, type PassInput, type WakeReason,
  autoRestartEvidence,
} from "../../worker/reconcile/pass.ts";
import type { ScheduleDefinition } from "../../worker/schedules/index.ts";
import { CALL_LAG_MS, DEFAULT_TRANSITION_MS } from "../../worker/reconcile/confirm.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.UTC(2026, 10, 24, 19, 0); // a Tuesday, 19:00 UTC

const db = (extra: Partial<DatabaseInput> = {}): DatabaseInput => ({
  id: "db_1", name: "app-dev", cloudAccountId: "acc_1", provider: "aws", kind: "rds_instance", region: "us-east-1", engine: "postgres",
  tags: { env: "dev" }, state: "running", cloudStatus: "available", eligible: true, ineligibleReason: null, ...extra,
});

/** Office hours 08:00–19:00 on weekdays for env=dev (so 19:00 is the start of the sleep window). */
const office = (extra: Partial<LoadedSchedule> = {}): LoadedSchedule => ({
  id: "sch_office", version: 1, enforce: false, dryRun: false, minimumSleepMinutes: 30,
  definition: {
    name: "Office", timezone: "UTC", enabled: true, periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }], cronPairs: [], exceptions: [],
    selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] },
  } as unknown as ScheduleDefinition,
  ...extra,
});

const memory = (m: Partial<AgentMemory> = {}): AgentMemory => ({ ...EMPTY_MEMORY, lastDesired: "running", ...m });

const input = (extra: Partial<PassInput> = {}): PassInput => ({
  now: NOW, paused: false, databases: [db()], schedules: [office()], overrides: [], memory: new Map([["db_1", memory()]]), queued: [], observations: new Map(), ...extra,
});

const end = (extra: Partial<PassEnd> = {}): PassEnd => ({
  now: NOW, paused: false, tick: null, accountId: "acc_1", discovery: null, lastDiscoveryAt: NOW, lastHeartbeatAt: NOW, actedCount: 0, wakes: [],
  queuedRemaining: 0, outboxPending: 0, outboxFailures: 0, ...extra,
});

describe("planPass", () => {
  it("stops a running database when its schedule turns to sleep, with an idempotency key per cause, state and minute", () => {
    const plan = planPass(input());
    expect(plan.calls).toEqual([{ instanceId: "db_1", action: "stop", cause: { kind: "schedule", id: "sch_office" }, key: `schedule:sch_office:stopped:${NOW / MIN}`, target: "stopped" }]);
    expect(plan.memory.get("db_1")).toMatchObject({ lastDesired: "stopped" });
    // When to look at the stop is the call's answer's business (settleCall), not the plan's.
    expect(plan.wakes.map((w) => w.reason)).not.toContain("confirm-action");
  });

  it("runs queued manual actions first, keyed by their action id, and leaves the database to them this pass", () => {
    const plan = planPass(input({ queued: [{ actionId: "act_1", instanceId: "db_1", action: "stop", cause: { kind: "user", id: "usr_1" } }], memory: new Map() }));
    expect(plan.calls).toEqual([{ instanceId: "db_1", action: "stop", cause: { kind: "user", id: "usr_1" }, key: "act_1", target: "stopped" }]);
    expect(plan.dequeue).toEqual(["act_1"]);
  });

  it("keeps a second manual action on the same database for the next pass", () => {
    const q = (id: string, action: "start" | "stop") => ({ actionId: id, instanceId: "db_1", action, cause: { kind: "user" as const, id: null } });
    const plan = planPass(input({ queued: [q("act_1", "stop"), q("act_2", "start")] }));
    expect(plan.dequeue).toEqual(["act_1"]);
    expect(plan.wakes).toContainEqual({ at: NOW + POLL_INTERVAL_MS, reason: "queued-actions" });
  });

  it("records a transition's completion once the cloud shows the target state", () => {
    const pending = { target: "stopped" as const, since: NOW - MIN, causeKind: "schedule" as const, causeId: "sch_office", key: "k1" };
    const plan = planPass(input({
      databases: [db({ state: "stopping" })],
      memory: new Map([["db_1", memory({ lastDesired: "stopped", pending })]]),
      observations: new Map([["db_1", { state: "stopped", cloudStatus: "stopped", eligible: true, ineligibleReason: null }]]),
    }));
    expect(plan.events.map((e) => e.type)).toEqual(["instance.stopped"]);
    expect(plan.inventory).toEqual([{ instanceId: "db_1", state: "stopped", cloudStatus: "stopped", stateChanged: true }]);
    expect(plan.memory.get("db_1")?.pending).toBeNull();
  });

  it("after a restart mid-call, records a performed call's request at the time it was made, or makes an unperformed one again", () => {
    const since = NOW - 5_000;
    const intent = { target: "stopped" as const, since, causeKind: "schedule" as const, causeId: "sch_office", key: "k1", unsettled: true };
    const after = (state: "stopping" | "running") => planPass(input({
      databases: [db({ state: "running" })],
      memory: new Map([["db_1", memory({ lastDesired: "stopped", pending: intent })]]),
      observations: new Map([["db_1", { state, cloudStatus: state === "running" ? "available" : state, eligible: true, ineligibleReason: null }]]),
    }));
    const performed = after("stopping");
    expect(performed.events).toEqual([expect.objectContaining({ type: "instance.stop_requested", at: since, causeKind: "schedule", causeId: "sch_office", detail: { key: "k1", answerLost: true } })]);
    expect(performed.memory.get("db_1")?.pending).toEqual({ ...intent, unsettled: false, seenMovingAt: NOW }); // seen still stopping now
    expect(performed.calls).toEqual([]);
    const lost = after("running");
    expect(lost.events).toEqual([]);
    expect(lost.calls).toEqual([expect.objectContaining({ instanceId: "db_1", action: "stop", target: "stopped" })]);
  });

  it("abandons a transition that takes longer than the timeout", () => {
    const pending = { target: "stopped" as const, since: NOW - TRANSITION_TIMEOUT_MS - 1, causeKind: "schedule" as const, causeId: null, key: "k1" };
    const plan = planPass(input({
      databases: [db({ state: "stopping" })],
      memory: new Map([["db_1", memory({ lastDesired: "stopped", pending })]]),
      observations: new Map([["db_1", { state: "stopping", cloudStatus: "stopping", eligible: true, ineligibleReason: null }]]),
    }));
    expect(plan.events.map((e) => e.type)).toEqual(["instance.transition_timeout"]);
  });

  it("reports a skip once until its reason changes", () => {
    const replica = db({ eligible: false, ineligibleReason: "read replica" });
    const first = planPass(input({ databases: [replica] }));
    expect(first.events.map((e) => e.type)).toEqual(["instance.skipped"]);
    const again = planPass(input({ databases: [replica], memory: new Map([["db_1", { ...first.memory.get("db_1")!, lastDesired: "running" }]]) }));
    expect(again.skipped).toHaveLength(1);
    expect(again.events).toEqual([]);
  });

  it("applies the largest minimum sleep among the matching schedules", () => {
    expect(minimumSleepMs([{ minimumSleepMinutes: 10 }, { minimumSleepMinutes: 120 }])).toBe(120 * MIN);
    expect(minimumSleepMs([])).toBe(30 * MIN);
    // Asleep until 20:00 (one hour): a 90-minute minimum on a second matching schedule refuses the stop.
    const night = office({ id: "sch_short", minimumSleepMinutes: 90, definition: { ...office().definition, periods: [{ begin: "20:00", end: "23:00", weekdays: ["mon-fri"] }] } as ScheduleDefinition });
    const withShort = planPass(input({ schedules: [office({ minimumSleepMinutes: 10 }), { ...night, definition: { ...night.definition, periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }, { begin: "20:00", end: "23:00", weekdays: ["mon-fri"] }] } as ScheduleDefinition }] }));
    expect(withShort.calls).toEqual([]);
    expect(withShort.skipped[0]?.reason).toMatch(/shorter than the minimum of 90 min/);
  });

  it("does nothing for a paused account", () => {
    expect(planPass(input({ paused: true }))).toMatchObject({ calls: [], events: [], wakes: [] });
  });
});

describe("activeOverrides: which override is in force", () => {
  const o = (id: string, kind: OverrideInput["kind"], until: number | null): OverrideInput => ({ id, instanceId: "db_1", kind, until });
  it.each([
    { name: "the latest-ending keep_* wins over an earlier one", list: [o("a", "keep_awake", NOW + HOUR), o("b", "keep_asleep", NOW + 3 * HOUR)], wins: "b" },
    { name: "…whatever order they come in", list: [o("b", "keep_asleep", NOW + 3 * HOUR), o("a", "keep_awake", NOW + HOUR)], wins: "b" },
    { name: "an open-ended keep_* is the latest-ending", list: [o("a", "keep_awake", null), o("b", "keep_asleep", NOW + 3 * HOUR)], wins: "a" },
    { name: "keep_* beats skip_next", list: [o("s", "skip_next", null), o("a", "keep_awake", NOW + HOUR)], wins: "a" },
    { name: "an expired override is ignored", list: [o("a", "keep_awake", NOW - 1), o("s", "skip_next", null)], wins: "s" },
  ])("$name", ({ list, wins }) => {
    expect(activeOverrides(list, NOW).get("db_1")?.id).toBe(wins);
  });
});

describe("settleCall", () => {
  const call = { instanceId: "db_1", action: "stop" as const, cause: { kind: "schedule" as const, id: "sch_office" }, key: "k1", target: "stopped" as const };
  it("remembers an accepted call as a pending transition and records the request", () => {
    const s = settleCall(call, { kind: "accepted", state: "stopping", cloudStatus: "stopping", operationId: null }, db(), memory(), NOW);
    expect(s.memory.pending).toEqual({ target: "stopped", since: NOW, causeKind: "schedule", causeId: "sch_office", key: "k1" });
    expect(s.memory.stoppedByUsAt).toBe(NOW);
    expect(s.events.map((e) => e.type)).toEqual(["instance.stop_requested"]);
    expect(s.inventory).toMatchObject({ state: "stopping" });
  });
  it("records a failure in the cloud's words", () => {
    const s = settleCall(call, { kind: "failed", error: "Access denied", code: "AccessDenied" }, db(), memory(), NOW);
    expect(s.events[0]).toMatchObject({ type: "instance.stop_failed", detail: { error: "Access denied", code: "AccessDenied" } });
    expect(s.acted).toMatchObject({ ok: false });
  });
  it("takes a refusal after a lost answer, with the database now stopping, as its own stop (found by the reliability suite)", () => {
    // The first attempt was performed but its answer never came (504); the retry is refused.
    const live = { state: "stopping" as const, cloudStatus: "stopping", eligible: true, ineligibleReason: null };
    const s = settleCall(call, { kind: "invalid-state", summary: "Instance app-dev is not in available state.", live, afterRetry: true }, db(), memory(), NOW);
    expect(s.memory.pending).toEqual({ target: "stopped", since: NOW, causeKind: "schedule", causeId: "sch_office", key: "k1" });
    expect(s.events).toEqual([expect.objectContaining({ type: "instance.stop_requested", causeKind: "schedule", causeId: "sch_office", detail: { key: "k1", answerLost: true } })]);
    expect(s.acted).toMatchObject({ ok: true });
    // Without an unanswered attempt the same refusal is a stale picture, not our action.
    expect(settleCall(call, { kind: "invalid-state", summary: "busy", live }, db(), memory(), NOW).events).toEqual([]);
    // …and one that leaves the database elsewhere is not ours either.
    const running = { ...live, state: "starting" as const, cloudStatus: "starting" };
    expect(settleCall(call, { kind: "invalid-state", summary: "busy", live: running, afterRetry: true }, db(), memory(), NOW).memory.pending).toBeNull();
  });
  it("makes a call again on the next pass when all its attempts failed for a passing reason, not for a lasting one (found by the reliability suite)", () => {
    const throttled = settleCall(call, { kind: "failed", error: "Rate exceeded", code: "Throttling", retryable: true }, db(), memory({ lastDesired: "stopped" }), NOW);
    expect(throttled.memory.lastDesired).toBeNull();
    expect(throttled.events.map((e) => e.type)).toEqual(["instance.stop_failed"]);
    const again = planPass(input({ memory: new Map([["db_1", throttled.memory]]) }));
    expect(again.calls).toEqual([expect.objectContaining({ instanceId: "db_1", action: "stop" })]);
    const denied = settleCall(call, { kind: "failed", error: "Access denied", code: "AccessDenied", retryable: false }, db(), memory({ lastDesired: "stopped" }), NOW);
    expect(denied.memory.lastDesired).toBe("stopped");
  });
  it("keeps the transition pending when the cloud refuses the state", () => {
    const s = settleCall(call, { kind: "invalid-state", summary: "busy", live: { state: "starting", cloudStatus: "starting", eligible: true, ineligibleReason: null } }, db(), memory(), NOW);
    expect(s.memory.lastDesired).toBeNull();
    expect(s.inventory).toMatchObject({ state: "starting", stateChanged: true });
  });
});

const stopCall = { instanceId: "db_1", action: "stop" as const, cause: { kind: "schedule" as const, id: "sch_office" }, key: "k1", target: "stopped" as const };

describe("the next wake-up and its reason", () => {
  const reasonOf = (extra: Partial<PassInput>, endExtra: Partial<PassEnd> = {}) => {
    const plan = planPass(input(extra));
    return concludePass(end({ wakes: plan.wakes, ...endExtra })).wake;
  };
  const idleAt10 = { now: Date.UTC(2026, 10, 24, 10, 0), databases: [db({ state: "running" })] };
  const cases: { reason: WakeReason; at: number | ((w: number) => boolean); pass?: Partial<PassInput>; end?: Partial<PassEnd> }[] = [
    { reason: "schedule-transition", pass: { now: NOW - 30 * MIN }, end: { now: NOW - 30 * MIN, lastDiscoveryAt: NOW + HOUR }, at: NOW },
    {
      reason: "confirm-action",
      pass: { schedules: [] },
      end: { wakes: [settleCall(stopCall, { kind: "failed", error: "Rate exceeded", code: "Throttling", retryable: true }, db(), memory(), NOW).wake] },
      at: NOW + POLL_INTERVAL_MS,
    },
    { reason: "override-ends", pass: { ...idleAt10, overrides: [{ id: "ovr_1", instanceId: "db_1", kind: "keep_awake", until: idleAt10.now + 2 * MIN }] }, end: { now: idleAt10.now, lastDiscoveryAt: idleAt10.now + 10 * HOUR }, at: idleAt10.now + 2 * MIN },
    {
      reason: "poll-transition",
      pass: { databases: [db({ state: "stopping" })], memory: new Map([["db_1", memory({ lastDesired: "stopped", pending: { target: "stopped", since: NOW - 2 * MIN, causeKind: "schedule", causeId: null, key: "k" } })]]) },
      at: NOW - 2 * MIN + DEFAULT_TRANSITION_MS.rds_instance.stop + CALL_LAG_MS, // when an RDS stop is expected to be done
    },
    { reason: "wait-transitional", pass: { databases: [db({ state: "starting" })] }, at: NOW + POLL_INTERVAL_MS },
    { reason: "queued-actions", pass: { schedules: [] }, end: { queuedRemaining: 1 }, at: NOW + MIN_ALARM_DELAY_MS },
    { reason: "discovery", pass: { schedules: [] }, end: { lastDiscoveryAt: NOW - DISCOVERY_INTERVAL_MS + MIN }, at: NOW + MIN },
    { reason: "heartbeat", pass: { schedules: [] }, end: { lastDiscoveryAt: NOW + 2 * HOUR }, at: NOW + HEARTBEAT_INTERVAL_MS },
    { reason: "outbox-retry", pass: { schedules: [] }, end: { outboxPending: 3, outboxFailures: 1 }, at: (w) => w > NOW && w < NOW + MIN },
  ];
  it.each(cases)("wakes for $reason", ({ reason, at, pass, end: e }) => {
    const wake = reasonOf(pass ?? {}, e ?? {});
    expect(wake?.reason).toBe(reason);
    if (typeof at === "number") expect(wake?.at).toBe(at);
    else expect(at(wake!.at)).toBe(true);
  });

  it("wakes after a failed pass with growing backoff", () => {
    const first = failedPassWake(NOW, 1);
    const later = failedPassWake(NOW, 6);
    expect(first.reason).toBe("pass-failed");
    expect(first.at).toBeGreaterThan(NOW);
    expect(later.at).toBeGreaterThan(first.at);
    expect(later.at - NOW).toBeLessThanOrEqual(5 * MIN);
  });

  it("never wakes sooner than a second away, and not at all while paused (outbox aside)", () => {
    expect(concludePass(end({ wakes: [{ at: NOW - 5000, reason: "schedule-transition" }] })).wake).toEqual({ at: NOW + MIN_ALARM_DELAY_MS, reason: "schedule-transition" });
    expect(concludePass(end({ paused: true })).wake).toBeNull();
    expect(concludePass(end({ paused: true, outboxPending: 1 })).wake?.reason).toBe("outbox-retry");
  });

  it("tells the cron tick to look shortly after the alarm", () => {
    const c = concludePass(end({ wakes: [{ at: NOW + 5 * MIN, reason: "schedule-transition" }] }));
    expect(c.nextDueAt).toBe(NOW + 5 * MIN + CRON_GRACE_MS);
  });
});

describe("heartbeat and discovery timing", () => {
  const tick = { tickId: "cron-1", reason: "cron", scheduledAt: NOW };
  it.each([
    { name: "on a tick an hour after the last one", e: { tick, lastHeartbeatAt: NOW - HEARTBEAT_INTERVAL_MS }, beats: true },
    { name: "on a tick that discovered", e: { tick, discovery: { ok: true, databases: 3 } }, beats: true },
    { name: "on a tick that acted", e: { tick, actedCount: 1 }, beats: true },
    { name: "not on a quiet tick within the hour", e: { tick }, beats: false },
    { name: "never without a tick", e: { actedCount: 2 }, beats: false },
  ])("records a heartbeat $name: $beats", ({ e, beats }) => {
    const h = concludePass(end(e)).heartbeat;
    expect(h !== null).toBe(beats);
    if (h) expect(h).toMatchObject({ type: "agent.tick", key: ["acc_1", "cron-1"] });
  });

  it.each([
    { o: { lastDiscoveryAt: null }, when: "before" },
    { o: { forced: true }, when: "before" },
    { o: { clientReady: false }, when: "before" },
    { o: { lastDiscoveryAt: NOW - DISCOVERY_INTERVAL_MS }, when: "after" },
    { o: { lastDiscoveryAt: NOW - MIN }, when: "none" },
    { o: { paused: true, forced: true }, when: "none" },
  ] as const)("discovers $when for $o", ({ o, when }) => {
    expect(discoveryTiming({ now: NOW, lastDiscoveryAt: NOW - MIN, forced: false, paused: false, clientReady: true, ...o })).toBe(when);
  });
});

describe("TransitionCache", () => {
  it("computes a schedule's next transition once and reuses it until it passes", () => {
    const cache = new TransitionCache();
    const at10 = Date.UTC(2026, 10, 24, 10, 0);
    const first = cache.verdict(office(), at10);
    expect(first).toMatchObject({ state: "running", nextTransitionAt: NOW, nextState: "stopped" });
    expect(cache.verdict(office(), at10 + HOUR)).toEqual(first);
    expect(cache.verdict(office(), NOW)).toMatchObject({ state: "stopped", nextState: "running" });
    // A changed schedule (new version) is evaluated afresh.
    expect(cache.verdict(office({ version: 2, definition: { ...office().definition, periods: [] } as ScheduleDefinition }), at10 + HOUR).nextTransitionAt).not.toBe(NOW);
  });

  it("uses the scheduled key format", () => {
    expect(scheduledActionKey({ kind: "override", id: "ovr_1" }, "running", 3 * MIN + 5)).toBe("override:ovr_1:running:3");
  });
});

describe("AWS's forced start after 7 days: the cloud's evidence", () => {
  it("is unknown until the power history has been read, so the plan falls back to timing", () => {
    expect(autoRestartEvidence(false, 5_000, 1_000)).toBeUndefined();
  });
  it("counts only a forced start recorded after SnoozeQL's own last stop", () => {
    expect(autoRestartEvidence(true, 5_000, 1_000)).toBe(true);
    expect(autoRestartEvidence(true, 500, 1_000)).toBe(false); // an older forced start, before our stop
    expect(autoRestartEvidence(true, null, 1_000)).toBe(false);
    expect(autoRestartEvidence(true, 5_000, null)).toBe(false); // we never stopped it
  });
});

describe("a due power action is never held behind backfill work", () => {
  it("names the earliest stop, start, maintenance wake or override end due within the minute", () => {
    const wakes = [
      { at: NOW + 40_000, reason: "schedule-transition" as const },
      { at: NOW + 20_000, reason: "maintenance-window" as const },
      { at: NOW + 5_000, reason: "poll-transition" as const },
    ];
    expect(actionDueSoon(NOW, wakes, 0)).toEqual({ at: NOW + 20_000, reason: "maintenance-window" });
    expect(actionDueSoon(NOW, [{ at: NOW + ACTION_GUARD_MS, reason: "override-ends" }], 0)?.reason).toBe("override-ends");
  });

  it("lets the backfill run when the next action is further away or only polls and confirmations are due", () => {
    expect(actionDueSoon(NOW, [{ at: NOW + ACTION_GUARD_MS + 1, reason: "schedule-transition" }], 0)).toBeNull();
    expect(actionDueSoon(NOW, [{ at: NOW + 10_000, reason: "poll-transition" }, { at: NOW + 10_000, reason: "confirm-action" }, { at: NOW, reason: "metrics" }], 0)).toBeNull();
  });

  it("treats a manual action queued during the pass as due now", () => {
    expect(actionDueSoon(NOW, [], 1)).toEqual({ at: NOW, reason: "queued-actions" });
  });
});
