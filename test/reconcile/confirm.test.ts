// Confirming a stop or start: the agent looks when the database is expected to be done (its
// kind's default until it has learned its own durations), then often, then less often, and one
// listing confirms every pending database of the account.
import { describe, expect, it } from "vitest";
import {
  CALL_LAG_MS, COLD_PROBE_MS, DEFAULT_TRANSITION_MS, lateLookDelay, learn, lookPlan, MIN_FIRST_LOOK_MS, nextLookAt, SAMPLES_KEPT, STEADY_LOOK_MS, type LearnedDurations,
} from "../../worker/reconcile/confirm.ts";
import { EMPTY_MEMORY, planPass, settleCall, TRANSITION_TIMEOUT_MS, type AgentMemory, type DatabaseInput, type Observed, type PendingTransition } from "../../worker/reconcile/pass.ts";
import type { InstanceKind, PowerAction } from "../../worker/domain/vocabulary.ts";

const S = 1000;
const MIN = 60 * S;
const NOW = Date.UTC(2026, 10, 24, 19, 0);

/**
 * One transition as the agent runs it: the call's first look (settleCall's wake), then each look's
 * next (the pass's wake), until a look at or after `takesMs` sees the database done.
 */
function confirmOnce(kind: InstanceKind, action: PowerAction, learned: LearnedDurations | undefined, takesMs: number) {
  const plan = lookPlan(kind, action, learned);
  const looks: number[] = [];
  let seenMoving: number | null = null;
  let t = nextLookAt(0, plan, 0);
  for (;;) {
    looks.push(t);
    if (t >= takesMs) break;
    seenMoving = t;
    t = nextLookAt(0, plan, t);
  }
  return { looks, lateMs: t - takesMs, learned: learn(learned, action, t, seenMoving) };
}

/** `n` transitions of one database that takes `takesMs(i)` each time. */
function run(kind: InstanceKind, action: PowerAction, n: number, takesMs: (i: number) => number) {
  let learned: LearnedDurations | undefined;
  const out: { looks: number; lateMs: number }[] = [];
  for (let i = 0; i < n; i++) {
    const r = confirmOnce(kind, action, learned, takesMs(i));
    out.push({ looks: r.looks.length, lateMs: r.lateMs });
    learned = r.learned;
  }
  return { transitions: out, learned };
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("before anything is learned", () => {
  it("looks once early, then when a database of its kind is expected to be done, not every few seconds", () => {
    for (const kind of ["rds_instance", "aurora_cluster", "cloudsql_instance"] as const) {
      for (const action of ["stop", "start"] as const) {
        const plan = lookPlan(kind, action, undefined);
        expect(nextLookAt(NOW, plan, NOW), `${kind} ${action}`).toBe(NOW + COLD_PROBE_MS);
        expect(nextLookAt(NOW, plan, NOW + COLD_PROBE_MS), `${kind} ${action}`).toBe(NOW + DEFAULT_TRANSITION_MS[kind][action] + CALL_LAG_MS);
      }
    }
    // An RDS stop of the simulator's realistic 240 s is confirmed by two listings (the previous
    // policy, 10 s for a minute then 30 s then 60 s, made 12).
    expect(confirmOnce("rds_instance", "stop", undefined, 240 * S).looks).toEqual([COLD_PROBE_MS, 242 * S]);
    expect(confirmOnce("rds_instance", "start", undefined, 420 * S).looks).toEqual([COLD_PROBE_MS, 422 * S]);
  });

  it("confirms a database far faster than its kind's default at the early look, and learns its time", () => {
    const fast = confirmOnce("rds_instance", "stop", undefined, 4 * S);
    expect(fast.looks).toEqual([COLD_PROBE_MS]);
    const { transitions } = run("rds_instance", "stop", 3, () => 4 * S);
    // Confirmed at the early look (late by under 15 s, not by the 238 s the default would wait).
    expect(transitions[1]!.lateMs).toBeLessThanOrEqual(COLD_PROBE_MS);
  });

  it("looks every 15 s past the expected time for two minutes, then backs off to 30 s and 60 s", () => {
    const slow = confirmOnce("rds_instance", "stop", undefined, 242 * S + 2 * MIN + 3 * MIN + 1);
    // After the early look and the one at the expected time:
    const gaps = slow.looks.slice(2).map((t, i) => t - slow.looks[i + 1]!);
    expect(gaps.slice(0, 8)).toEqual(Array(8).fill(STEADY_LOOK_MS));
    expect(new Set(gaps.slice(8))).toEqual(new Set([30 * S]));
    expect(lateLookDelay(10 * MIN)).toBe(60 * S);
  });
});

describe("learned from the database's own stops and starts", () => {
  it("moves the first look to how long this database takes, and then confirms each transition with one look", () => {
    // A database much faster than its kind's default: 50 s stops.
    const { transitions, learned } = run("rds_instance", "stop", 30, () => 50 * S);
    expect(transitions[0]).toEqual({ looks: 2, lateMs: 192 * S }); // the early look, the default, then learning
    const settled = transitions.slice(10);
    expect(Math.max(...settled.map((t) => t.lateMs))).toBeLessThanOrEqual(STEADY_LOOK_MS);
    expect(mean(settled.map((t) => t.looks))).toBeLessThanOrEqual(1.2);
    expect(learned?.stop?.doneMs.length).toBe(SAMPLES_KEPT); // bounded memory
    expect(learned?.start).toBeUndefined(); // stops teach nothing about starts
  });

  it("records the duration the looks saw, and finds the true one below it by probing at most one look early", () => {
    // 240.5 s: the call reached the cloud after the pass's clock reading, so the first look at
    // 242 s would be late by 1.5 s; one a little early finds nothing. Probes never cost more than one look.
    const { transitions } = run("rds_instance", "stop", 40, () => 240.5 * S);
    expect(Math.max(...transitions.map((t) => t.looks))).toBeLessThanOrEqual(2);
    expect(mean(transitions.slice(10).map((t) => t.looks))).toBeLessThanOrEqual(1.2);
    expect(Math.max(...transitions.map((t) => t.lateMs))).toBeLessThanOrEqual(STEADY_LOOK_MS);
  });

  it("is not moved by a slow outlier: that transition costs a few steady looks, the next ones are confirmed as before", () => {
    let { learned } = run("rds_instance", "start", 8, () => 420 * S);
    const before = lookPlan("rds_instance", "start", learned);
    const outlier = confirmOnce("rds_instance", "start", learned, 600 * S);
    expect(outlier.looks.length).toBeGreaterThan(5);
    expect(outlier.lateMs).toBeLessThanOrEqual(STEADY_LOOK_MS);
    learned = outlier.learned;
    expect(lookPlan("rds_instance", "start", learned).expectedMs).toBe(before.expectedMs);
    const after = confirmOnce("rds_instance", "start", learned, 420 * S);
    expect(after.looks.at(-1)).toBe(before.expectedMs);
    expect(after.lateMs).toBeLessThanOrEqual(STEADY_LOOK_MS);
  });

  it("follows a database that became slower for good", () => {
    const { transitions, learned } = run("cloudsql_instance", "stop", 12, (i) => (i < 4 ? 60 * S : 200 * S));
    expect(lookPlan("cloudsql_instance", "stop", learned).expectedMs).toBeGreaterThanOrEqual(200 * S);
    expect(lookPlan("cloudsql_instance", "stop", learned).expectedMs).toBeLessThanOrEqual(200 * S + STEADY_LOOK_MS);
    for (const t of transitions.slice(-3)) {
      expect(t.looks).toBeLessThanOrEqual(2); // one, or one probe and one
      expect(t.lateMs).toBeLessThanOrEqual(STEADY_LOOK_MS);
    }
  });

  it("never looks sooner than 10 s, even for a database that is done at once", () => {
    let learned: LearnedDurations | undefined;
    for (let i = 0; i < 20; i++) {
      const r = confirmOnce("cloudsql_instance", "start", learned, 0);
      expect(r.looks).toHaveLength(1);
      expect(r.looks[0]).toBeGreaterThanOrEqual(MIN_FIRST_LOOK_MS);
      learned = r.learned;
    }
    // …and it gets there: done at once is confirmed within a steady interval of the 10 s floor.
    expect(lookPlan("cloudsql_instance", "start", learned).expectedMs).toBeLessThanOrEqual(MIN_FIRST_LOOK_MS + STEADY_LOOK_MS);
  });
});

describe("in the pass", () => {
  const db = (id: string, extra: Partial<DatabaseInput> = {}): DatabaseInput => ({
    id, name: id, cloudAccountId: "acc_1", provider: "aws", kind: "rds_instance", region: "us-east-1", engine: "postgres",
    tags: {}, state: "stopping", cloudStatus: "stopping", eligible: true, ineligibleReason: null, ...extra,
  });
  const pending = (since: number, extra: Partial<PendingTransition> = {}): PendingTransition => ({ target: "stopped", since, causeKind: "schedule", causeId: "sch_1", key: `k${since}`, ...extra });
  const mem = (p: PendingTransition | null, extra: Partial<AgentMemory> = {}): AgentMemory => ({ ...EMPTY_MEMORY, lastDesired: "stopped", pending: p, ...extra });
  const seen = (state: Observed["state"]): Observed => ({ state, cloudStatus: state, eligible: true, ineligibleReason: null });
  const pass = (databases: DatabaseInput[], memory: [string, AgentMemory][], observations: [string, Observed | undefined][], now = NOW) =>
    planPass({ now, paused: false, databases, schedules: [], overrides: [], memory: new Map(memory), queued: [], observations: new Map(observations) });
  const learnedStop = (ms: number): LearnedDurations => ({ stop: { doneMs: [ms], floorMs: ms - 10 * S } });

  it("looks at an accepted call's transition when it is expected to be done; sooner after any other outcome", () => {
    const call = { instanceId: "a", action: "stop" as const, cause: { kind: "schedule" as const, id: "sch_1" }, key: "k", target: "stopped" as const };
    const accepted = { kind: "accepted" as const, state: "stopping" as const, cloudStatus: "stopping", operationId: null };
    // Nothing learned yet: the early look first (then the kind's default, 242 s).
    expect(settleCall(call, accepted, db("a", { state: "running" }), mem(null), NOW).wake).toEqual({ at: NOW + COLD_PROBE_MS, reason: "confirm-action" });
    expect(settleCall(call, accepted, db("a", { state: "running" }), mem(null, { durations: learnedStop(90 * S) }), NOW).wake).toEqual({ at: NOW + 90 * S, reason: "confirm-action" });
    // Already there (a lost answer's retry refused): no reason to wait.
    const there = settleCall(call, { kind: "invalid-state", summary: "stopped", live: seen("stopped"), afterRetry: true }, db("a", { state: "running" }), mem(null), NOW);
    expect(there.memory.pending).not.toBeNull();
    expect(there.wake.at).toBe(NOW + MIN_FIRST_LOOK_MS);
    // Failed: make it again soon; refused: see soon what the database is doing.
    expect(settleCall(call, { kind: "failed", error: "throttled", code: "Throttling", retryable: true }, db("a"), mem(null), NOW).wake.at).toBe(NOW + MIN_FIRST_LOOK_MS);
    expect(settleCall(call, { kind: "invalid-state", summary: "busy", live: seen("starting") }, db("a"), mem(null), NOW).wake.at).toBe(NOW + MIN_FIRST_LOOK_MS);
  });

  it("wakes for the earliest database due and confirms every pending one with that one listing", () => {
    const [a, b] = [db("a"), db("b", { kind: "aurora_cluster" })];
    const memory: [string, AgentMemory][] = [["a", mem(pending(NOW, {}), { durations: learnedStop(100 * S) })], ["b", mem(pending(NOW))]];
    // No look yet: a is due at 100 s, b (an Aurora cluster, nothing learned) at its default.
    const before = pass([a, b], memory, [["a", undefined], ["b", undefined]], NOW + 50 * S);
    expect(before.wakes.map((w) => w.at).sort()).toEqual([NOW + 100 * S, NOW + 302 * S]);
    // At 100 s the listing shows both stopped: both confirmed, both learned.
    const at100 = pass([a, b], memory, [["a", seen("stopped")], ["b", seen("stopped")]], NOW + 100 * S);
    expect(at100.events.map((e) => `${e.instanceId} ${e.type}`).sort()).toEqual(["a instance.stopped", "b instance.stopped"]);
    expect(at100.memory.get("b")?.durations?.stop?.doneMs).toEqual([100 * S]);
    expect(at100.wakes.filter((w) => w.reason === "poll-transition")).toEqual([]);
  });

  it("remembers the last look that saw a transition still moving, and learns its duration with that lower bound", () => {
    const a = db("a");
    const moving = pass([a], [["a", mem(pending(NOW))]], [["a", seen("stopping")]], NOW + 242 * S);
    const m = moving.memory.get("a")!;
    expect(m.pending?.seenMovingAt).toBe(NOW + 242 * S);
    expect(moving.wakes).toContainEqual({ at: NOW + 257 * S, reason: "poll-transition" });
    const done = pass([a], [["a", m]], [["a", seen("stopped")]], NOW + 257 * S);
    expect(done.memory.get("a")?.durations).toEqual({ stop: { doneMs: [257 * S], floorMs: 242 * S } });
  });

  it("still abandons a transition after 45 minutes, learning nothing from it", () => {
    const a = db("a");
    const plan = pass([a], [["a", mem(pending(NOW - TRANSITION_TIMEOUT_MS - 1), { durations: learnedStop(240 * S) })]], [["a", seen("stopping")]]);
    expect(plan.events.map((e) => e.type)).toEqual(["instance.transition_timeout"]);
    expect(plan.memory.get("a")).toMatchObject({ pending: null, durations: learnedStop(240 * S) });
    // Long before it, a slow transition is looked at once a minute, not every 15 s.
    const slow = pass([a], [["a", mem(pending(NOW - 30 * MIN))]], [["a", seen("stopping")]]);
    expect(slow.wakes).toContainEqual({ at: NOW + MIN, reason: "poll-transition" });
  });
});
