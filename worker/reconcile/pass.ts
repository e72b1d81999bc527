/**
 * One pass of an account's agent, decided without I/O. The AccountAgent gathers the inputs (the
 * account's databases, schedules and overrides from D1, its own memory, queued manual actions and
 * live observations of in-flight transitions), calls these functions, and executes what they
 * return: the cloud calls to make, the events to record, the memory and inventory to write, and
 * when to wake up next and why.
 *
 * Owns every timing rule of the agent: how often it discovers and records a heartbeat, when it
 * looks at a transition again (the learned poll policy of ./confirm.ts, per database), when a
 * transition times out, the minimum sleep among several schedules, the skip-event
 * de-duplication, the idempotency-key formats and the next alarm (the earliest of all wake-ups,
 * never sooner than a second away). Also decides the Aurora Serverless v2 capacity changes of
 * schedules' capacity windows (worker/schedules/capacity.ts), one ModifyDBCluster per cluster
 * whose wanted range differs from the one last confirmed.
 *
 * Must never: read the clock, touch D1, Durable Object storage, the queue or the network, or
 * import anything that does (`npm run lint:layers` checks it).
 */
import type { CauseKind, EventType, InstanceKind, OverrideKind, PowerAction, PowerState, Provider } from "../domain/vocabulary.ts";
import { backoff } from "../domain/backoff.ts";
import {
  capacityAt, combineCapacity, evaluateSchedule, fitToEngine, matchesSelector, nextCapacityChange, nextTransition, scalesInsteadOfStopping,
  type CapacityTarget, type DesiredState, type ScheduleDefinition,
} from "../schedules/index.ts";
import type { MaintenanceFacts } from "../domain/maintenance.ts";
import { maintenanceVerdict } from "./maintenance.ts";
import { planInstance, type ActiveOverride, type Cause, type ScheduleVerdict } from "./plan.ts";
import { learn, lookPlan, MIN_FIRST_LOOK_MS, nextLookAt, type LearnedDurations } from "./confirm.ts";

// ---------------------------------------------------------------------------------------------
// Timing

/** How often the agent lists the account's databases between sync requests. */
export const DISCOVERY_INTERVAL_MS = 5 * 60_000;
/** How often an idle agent still records that it ran (on a tick). */
export const HEARTBEAT_INTERVAL_MS = 60 * 60_000;
/**
 * How soon a pass comes back after a call that was not accepted (to make it again or see what
 * happened), a wait for a database in transition, or a queued action behind another. An accepted
 * call's transition is looked at when it is expected to be done (./confirm.ts).
 */
export const POLL_INTERVAL_MS = MIN_FIRST_LOOK_MS;
/** The alarm is never set sooner than this after a pass (a busy loop would burn the account's CPU). */
export const MIN_ALARM_DELAY_MS = 1000;
/** Slack after the alarm before the cron tick treats the account as overdue. */
export const CRON_GRACE_MS = 2 * 60_000;
/** A transition that has not completed in this long is reported and abandoned. */
export const TRANSITION_TIMEOUT_MS = 45 * 60_000;
/** Minimum sleep when no matching schedule sets one. */
export const DEFAULT_MINIMUM_SLEEP_MINUTES = 30;
/** How far ahead a schedule's next transition is looked for (alarms are re-armed well before). */
export const LOOKAHEAD_MS = 8 * 24 * 3600_000;
/** A schedule without a transition inside the look-ahead is looked at again after this long. */
const NO_TRANSITION_RECHECK_MS = 60 * 60_000;
/** How soon the next chunk of a new account's power history is read (worker/discovery/history.ts). */
export const HISTORY_BACKFILL_DELAY_MS = 5_000;
/** Retries of a failed pass or a failed outbox send: seconds at first, five minutes at most. */
export const RETRY_BACKOFF = { base: 5_000, max: 5 * 60_000 };
/** A capacity change the cloud refused is tried again after this long (not on every pass). */
export const CAPACITY_RETRY_MS = 15 * 60_000;

// ---------------------------------------------------------------------------------------------
// Inputs

export interface DatabaseInput {
  id: string;
  name: string;
  cloudAccountId: string;
  provider: Provider;
  kind: InstanceKind;
  region: string;
  engine: string;
  tags: Record<string, string>;
  state: PowerState;
  cloudStatus: string | null;
  eligible: boolean;
  ineligibleReason: string | null;
  /**
   * The cloud's own evidence that AWS restarted this database after 7 days stopped. Undefined:
   * no evidence gathered, so the plan infers it from the agent's memory of when it stopped it.
   */
  autoRestartEvidence?: boolean;
  /** An Aurora Serverless v2 cluster (capacity windows apply to it). */
  serverlessV2?: boolean;
  engineVersion?: string | null;
  /** Its maintenance window and what is pending, as discovery last read them (./maintenance.ts). */
  maintenance?: MaintenanceFacts | null;
}

export interface LoadedSchedule {
  id: string;
  /** Changes whenever the definition does (the row's updated_at): keys the transition cache. */
  version: number;
  definition: ScheduleDefinition;
  enforce: boolean;
  dryRun: boolean;
  minimumSleepMinutes: number;
  /** Wake the databases it selects for their maintenance window when maintenance is pending. */
  maintenanceWake?: boolean;
}

export interface OverrideInput {
  id: string;
  instanceId: string;
  kind: OverrideKind;
  until: number | null;
}

export interface PendingTransition {
  target: "running" | "stopped";
  since: number;
  causeKind: CauseKind;
  causeId: string | null;
  key: string;
  /**
   * The call was on its way when this was written, and no answer has been recorded: the agent was
   * stopped in the middle of it (evicted, restarted). The next pass looks at the database: if the
   * call was performed, it records the request as made at `since`; if not, it plans it again.
   */
  unsettled?: boolean;
  /** The last look that saw the database still on its way (a lower bound of how long it takes; ./confirm.ts). */
  seenMovingAt?: number;
}

/** What the agent remembers about one database between passes. */
export interface AgentMemory {
  lastDesired: DesiredState | null;
  lastDryDesired: DesiredState | null;
  stoppedByUsAt: number | null;
  startedByUsAt: number | null;
  pending: PendingTransition | null;
  /** The reason of the last skip reported (a skip is reported once until the reason changes). */
  lastSkip: string | null;
  /** How long its recent stops and starts took (./confirm.ts); absent until one is confirmed. */
  durations?: LearnedDurations;
}

export const EMPTY_MEMORY: AgentMemory = { lastDesired: null, lastDryDesired: null, stoppedByUsAt: null, startedByUsAt: null, pending: null, lastSkip: null };

export interface QueuedAction {
  actionId: string;
  instanceId: string;
  action: PowerAction;
  cause: { kind: CauseKind; id: string | null };
}

export interface Observed {
  state: PowerState;
  cloudStatus: string;
  eligible: boolean;
  ineligibleReason: string | null;
}

/** A live look at a database: what the cloud says, null when it is gone, undefined when unknown. */
export type Observation = Observed | null | undefined;

export interface PassInput {
  now: number;
  paused: boolean;
  databases: readonly DatabaseInput[];
  schedules: readonly LoadedSchedule[];
  overrides: readonly OverrideInput[];
  memory: ReadonlyMap<string, AgentMemory>;
  queued: readonly QueuedAction[];
  /** Live observations of the databases `needsObservation` named. */
  observations: ReadonlyMap<string, Observation>;
  /** Kept by the agent between passes; a fresh one works, just slower. */
  transitions?: TransitionCache;
  /** The capacity range last confirmed (or last refused) per serverless v2 cluster. */
  capacityApplied?: ReadonlyMap<string, AppliedCapacity>;
}

/** What the agent remembers of a cluster's capacity: the range it confirmed, or tried and the cloud refused. */
export interface AppliedCapacity {
  minAcu: number;
  maxAcu: number;
  /** Set when the change to this range failed: tried again CAPACITY_RETRY_MS later. */
  failedAt: number | null;
}

// ---------------------------------------------------------------------------------------------
// Outputs

export type WakeReason =
  | "heartbeat"
  | "discovery"
  | "schedule-transition"
  | "maintenance-window"
  | "override-ends"
  | "confirm-action"
  | "poll-transition"
  | "wait-transitional"
  | "queued-actions"
  | "outbox-retry"
  | "history-backfill"
  | "pass-failed"
  | "metrics"
  | "capacity-window";

export interface Wake {
  at: number;
  reason: WakeReason;
}

export interface CloudCall {
  instanceId: string;
  action: PowerAction;
  cause: { kind: CauseKind; id: string | null };
  /** Idempotency key of the action: in the event ids and the memory of the transition. */
  key: string;
  target: "running" | "stopped";
}

/** An event to record; the agent adds the organization, account and time and derives the id from `key`. */
export interface EventFact {
  /** When it happened, if not at the pass's `now` (a request recorded after a restart). */
  at?: number;
  type: EventType;
  instanceId: string | null;
  causeKind: CauseKind;
  causeId: string | null;
  fromState: string | null;
  toState: string | null;
  detail: Record<string, unknown> | null;
  key: (string | number)[];
}

/** What the cloud said about a database, to write to the inventory (D1) in one batch. */
export interface InventoryWrite {
  instanceId: string;
  state: PowerState;
  cloudStatus: string | null;
  stateChanged: boolean;
}

/** A capacity change to make: ModifyDBCluster with ServerlessV2ScalingConfiguration, unless the cluster already has it. */
export interface CapacityCall {
  instanceId: string;
  minAcu: number;
  maxAcu: number;
  /** Where the range comes from ("in period", "window night", …) and why it differs from the schedule's (or null). */
  source: string;
  note: string | null;
  cause: { kind: "schedule"; id: string };
  key: string;
}

export interface PassPlan {
  calls: CloudCall[];
  capacity: CapacityCall[];
  events: EventFact[];
  /** New memory of the databases whose memory changed. */
  memory: Map<string, AgentMemory>;
  inventory: InventoryWrite[];
  /** skip_next overrides used up by this pass. */
  consumeOverrides: string[];
  /** Queued manual actions handled by this pass (remove them). */
  dequeue: string[];
  skipped: { instanceId: string; reason: string }[];
  wakes: Wake[];
}

// ---------------------------------------------------------------------------------------------
// Schedules: one next transition per schedule, kept until it passes

/**
 * Each schedule's state now and its next transition, computed once and reused by every database
 * and every pass until the transition passes or the schedule changes. The state cannot change
 * before the next transition, so between transitions a pass evaluates nothing.
 */
export class TransitionCache {
  private readonly entries = new Map<string, { version: number; from: number; until: number; verdict: Omit<ScheduleVerdict, "enforce" | "dryRun" | "scheduleId"> }>();

  verdict(schedule: LoadedSchedule, now: number): ScheduleVerdict {
    let entry = this.entries.get(schedule.id);
    if (!entry || entry.version !== schedule.version || now < entry.from || now >= entry.until) {
      const next = nextTransition(schedule.definition, now, LOOKAHEAD_MS);
      entry = {
        version: schedule.version,
        from: now,
        until: next?.at ?? now + NO_TRANSITION_RECHECK_MS,
        verdict: { state: evaluateSchedule(schedule.definition, now), nextTransitionAt: next?.at ?? null, nextState: next?.state ?? null },
      };
      this.entries.set(schedule.id, entry);
    }
    return { scheduleId: schedule.id, enforce: schedule.enforce, dryRun: schedule.dryRun, ...entry.verdict };
  }

  private readonly capacities = new Map<string, { version: number; from: number; until: number; target: CapacityTarget | null; nextAt: number | null }>();

  /** The capacity range a schedule wants now and when that may change next (same caching rule). */
  capacity(schedule: LoadedSchedule, now: number): { target: CapacityTarget | null; nextAt: number | null } {
    let entry = this.capacities.get(schedule.id);
    if (!entry || entry.version !== schedule.version || now < entry.from || now >= entry.until) {
      const nextAt = nextCapacityChange(schedule.definition, now, LOOKAHEAD_MS);
      entry = { version: schedule.version, from: now, until: nextAt ?? now + NO_TRANSITION_RECHECK_MS, target: capacityAt(schedule.definition, now, this.verdict(schedule, now).state), nextAt };
      this.capacities.set(schedule.id, entry);
    }
    return entry;
  }

  /** Forget schedules that no longer exist. */
  retain(ids: Iterable<string>): void {
    const keep = new Set(ids);
    for (const id of this.entries.keys()) if (!keep.has(id)) this.entries.delete(id);
    for (const id of this.capacities.keys()) if (!keep.has(id)) this.capacities.delete(id);
  }
}

/**
 * The verdicts of the schedules that select `db` (with their maintenance wake last, when one asks
 * for it and `lastDesired` is given), and the minimum sleep that applies to it.
 */
export function verdictsFor(db: DatabaseInput, schedules: readonly LoadedSchedule[], now: number, cache: TransitionCache, lastDesired?: DesiredState | null) {
  const matching = schedules.filter((s) => matchesSelector(s.definition.selector, db));
  const verdicts = matching.map((s) => powerVerdict(db, s, cache.verdict(s, now)));
  const maintenance = lastDesired === undefined ? null : maintenanceVerdict(db, matching, lastDesired, now);
  if (maintenance) verdicts.push(maintenance);
  return { verdicts, minimumSleepMs: minimumSleepMs(matching) };
}

/** A schedule that scales serverless v2 clusters out of period has no opinion on their power then. */
function powerVerdict(db: DatabaseInput, schedule: LoadedSchedule, v: ScheduleVerdict): ScheduleVerdict {
  if (!db.serverlessV2 || !scalesInsteadOfStopping(schedule.definition)) return v;
  const none = (s: DesiredState | null) => (s === "stopped" ? "none" : s);
  return { ...v, state: none(v.state) as DesiredState, nextState: none(v.nextState) };
}

/**
 * The capacity range the schedules want for a database now (null: none applies), fitted to what
 * its engine version accepts. Only non-dry-run schedules with capacity count; the most generous
 * range wins. A keep_awake override asks for the database as by day: the in-period range applies;
 * under keep_asleep the schedules' ranges wait.
 */
export function capacityFor(db: DatabaseInput, schedules: readonly LoadedSchedule[], now: number, cache: TransitionCache, override: ActiveOverride | null): (CapacityTarget & { note: string | null; scheduleId: string }) | null {
  if (!db.serverlessV2 || override?.kind === "keep_asleep") return null;
  const live = schedules.filter((s) => s.definition.capacity && !s.dryRun && matchesSelector(s.definition.selector, db));
  const targets = live.flatMap((s) => {
    const inPeriod = s.definition.capacity!.inPeriod;
    const t = override?.kind === "keep_awake" && inPeriod ? { ...inPeriod, source: "in period (kept awake)" } : cache.capacity(s, now).target;
    return t ? [{ ...t, scheduleId: s.id }] : [];
  });
  const combined = combineCapacity(targets);
  return combined && { ...fitToEngine(combined, db.engine, db.engineVersion), scheduleId: targets[0]!.scheduleId };
}

/** The largest minimum among the matching schedules applies (the default when none matches). */
export function minimumSleepMs(matching: readonly Pick<LoadedSchedule, "minimumSleepMinutes">[]): number {
  const minutes = matching.length ? Math.max(...matching.map((s) => s.minimumSleepMinutes)) : DEFAULT_MINIMUM_SLEEP_MINUTES;
  return minutes * 60_000;
}

/**
 * The override in force for each database. Rule: keep_awake/keep_asleep beat skip_next; among
 * several keep_* overrides the latest-ending wins (no end is latest of all), so a newer, longer
 * instruction is never cut short by an older, shorter one; among skip_next the earliest-ending.
 */
export function activeOverrides(overrides: readonly OverrideInput[], now: number): Map<string, ActiveOverride> {
  const out = new Map<string, ActiveOverride>();
  const end = (o: { until: number | null }) => o.until ?? Number.POSITIVE_INFINITY;
  for (const o of overrides) {
    if (o.until !== null && o.until <= now) continue;
    const current = out.get(o.instanceId);
    const candidate = { id: o.id, kind: o.kind, until: o.until };
    if (!current) out.set(o.instanceId, candidate);
    else if (current.kind === "skip_next" && o.kind !== "skip_next") out.set(o.instanceId, candidate);
    else if (current.kind !== "skip_next" && o.kind !== "skip_next" && end(o) > end(current)) out.set(o.instanceId, candidate);
    else if (current.kind === "skip_next" && o.kind === "skip_next" && end(o) < end(current)) out.set(o.instanceId, candidate);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The pass

/** Idempotency key of a scheduled action: one per cause, desired state and minute. */
export function scheduledActionKey(cause: Cause, desired: DesiredState, now: number): string {
  return `${cause.kind}:${cause.id ?? ""}:${desired}:${Math.floor(now / 60_000)}`;
}

const targetOf = (action: PowerAction): "running" | "stopped" => (action === "stop" ? "stopped" : "running");

/**
 * The cloud's evidence of AWS's forced start after 7 days stopped, for the plan. While the
 * account's power history has never been read, undefined (the plan falls back to timing);
 * once it has, only a forced start recorded after SnoozeQL's own last stop counts.
 */
export function autoRestartEvidence(historyRead: boolean, forcedStartAt: number | null, stoppedByUsAt: number | null): boolean | undefined {
  if (!historyRead) return undefined;
  return forcedStartAt !== null && stoppedByUsAt !== null && forcedStartAt > stoppedByUsAt;
}

/** The states a database is in once a stop / start has been performed on it. */
const HEADING: Record<PowerAction, readonly string[]> = { stop: ["stopping", "stopped"], start: ["starting", "running"] };

/**
 * The databases whose in-flight transition needs a live look before the pass: all of them, on
 * every pass — one listing sees them all, and a pass woken for another reason needs it too
 * (discovery must not take the agent's own stop for a change made outside; a schedule due now
 * acts on a database only once its last transition is confirmed).
 */
export function needsObservation<T extends DatabaseInput>(databases: readonly T[], memory: ReadonlyMap<string, AgentMemory>): T[] {
  return databases.filter((d) => memory.get(d.id)?.pending);
}

export function planPass(input: PassInput): PassPlan {
  const { now } = input;
  const plan: PassPlan = { calls: [], capacity: [], events: [], memory: new Map(), inventory: [], consumeOverrides: [], dequeue: [], skipped: [], wakes: [] };
  if (input.paused) return plan;
  const memoryOf = (id: string) => plan.memory.get(id) ?? input.memory.get(id) ?? EMPTY_MEMORY;
  const byId = new Map(input.databases.map((d) => [d.id, { ...d }]));
  /** Databases this pass must not plan for again (a call is on its way, or a transition is in flight). */
  const busy = new Set<string>();

  // 1. Manual actions, in the order they were asked for. A manual action is a deliberate
  //    transition: remember it, so schedules do not undo it until their own next transition.
  for (const q of input.queued) {
    const db = byId.get(q.instanceId);
    if (db && busy.has(db.id)) {
      plan.wakes.push({ at: now + POLL_INTERVAL_MS, reason: "queued-actions" }); // the next one after this one lands
      continue;
    }
    plan.dequeue.push(q.actionId);
    if (!db) continue;
    const target = targetOf(q.action);
    const m = memoryOf(db.id);
    plan.memory.set(db.id, { ...m, lastDesired: m.lastDesired ?? target });
    if (db.state === target) continue;
    plan.calls.push({ instanceId: db.id, action: q.action, cause: q.cause, key: q.actionId, target }); // settleCall says when to look
    busy.add(db.id);
  }

  // 2. In-flight transitions: settle those the cloud says are done (or gone, or too slow), learn
  //    how long they took, and look again at the others when they are due (./confirm.ts). Every
  //    pass looks at all of them in one listing, so the earliest due decides the wake.
  for (const db of byId.values()) {
    const m = memoryOf(db.id);
    if (busy.has(db.id) || !m.pending) continue;
    const p = m.pending;
    const action: PowerAction = p.target === "stopped" ? "stop" : "start";
    const look = { at: nextLookAt(p.since, lookPlan(db.kind, action, m.durations), now), reason: "poll-transition" as const };
    const live = input.observations.get(db.id);
    if (live === undefined) {
      plan.wakes.push(look);
      busy.add(db.id);
      continue;
    }
    const cleared: AgentMemory = { ...m, pending: null };
    if (live === null) {
      plan.memory.set(db.id, cleared); // gone from the cloud: discovery records the removal
      busy.add(db.id);
      continue;
    }
    if (p.unsettled) {
      if (!HEADING[action].includes(live.state)) {
        // The call never reached the cloud: forget it, so the plan below makes it again.
        plan.memory.set(db.id, { ...cleared, lastDesired: null });
        continue;
      }
      // It was performed before the agent stopped: record the request, at the time it was made.
      plan.events.push({ ...fact(action === "stop" ? "instance.stop_requested" : "instance.start_requested", db.id, p.causeKind, p.causeId, action === "stop" ? "running" : "stopped", p.target, { key: p.key, answerLost: true }, [db.id, action, p.key]), at: p.since });
      plan.memory.set(db.id, { ...m, pending: { ...p, unsettled: false } });
    }
    observe(plan, db, live);
    if (live.state === p.target) {
      plan.events.push(confirmationFact(db.id, p));
      // Honest, quantized by the looks: done by now, still moving at the last look that saw it so.
      const durations = learn(m.durations, action, now - p.since, p.seenMovingAt === undefined ? null : p.seenMovingAt - p.since);
      plan.memory.set(db.id, { ...cleared, durations });
    } else if (now - p.since > TRANSITION_TIMEOUT_MS) {
      plan.events.push(fact("instance.transition_timeout", db.id, p.causeKind, p.causeId, live.state, p.target, { key: p.key }, [db.id, "timeout", p.key]));
      plan.memory.set(db.id, cleared);
    } else {
      const current = memoryOf(db.id);
      plan.memory.set(db.id, { ...current, pending: { ...current.pending!, seenMovingAt: now } });
      plan.wakes.push(look);
      busy.add(db.id);
    }
  }

  // 3. Schedules and overrides.
  const cache = input.transitions ?? new TransitionCache();
  cache.retain(input.schedules.map((s) => s.id));
  const overrides = activeOverrides(input.overrides, now);
  const seenTransitions = new Set<number>();
  for (const db of byId.values()) {
    if (busy.has(db.id)) continue;
    const m = memoryOf(db.id);
    const { verdicts, minimumSleepMs } = verdictsFor(db, input.schedules, now, cache, m.lastDesired);
    const override = overrides.get(db.id) ?? null;
    const decided = planInstance(
      {
        id: db.id, provider: db.provider, kind: db.kind, state: db.state, eligible: db.eligible, ineligibleReason: db.ineligibleReason,
        verdicts, override, autoRestartEvidence: db.autoRestartEvidence,
        memory: { lastDesired: m.lastDesired, lastDryDesired: m.lastDryDesired, stoppedByUsAt: m.stoppedByUsAt, startedByUsAt: m.startedByUsAt },
      },
      { now, minimumSleepMs },
    );
    for (const v of verdicts) {
      if (v.nextTransitionAt !== null && !seenTransitions.has(v.nextTransitionAt)) {
        seenTransitions.add(v.nextTransitionAt);
        plan.wakes.push({ at: v.nextTransitionAt, reason: v.causeKind === "maintenance" ? "maintenance-window" : "schedule-transition" });
      }
    }
    if (override?.until) plan.wakes.push({ at: override.until, reason: "override-ends" });

    let lastSkip = m.lastSkip;
    for (const d of decided.decisions) {
      if (d.type === "act") {
        if (d.autoRestart) {
          plan.events.push(fact("instance.auto_restarted", db.id, "aws_auto_restart", null, "stopped", db.state, { note: "AWS starts a database that has been stopped for 7 days; stopping it again because its schedule says asleep." }, [db.id, "auto-restart", m.stoppedByUsAt ?? 0]));
        }
        plan.calls.push({ instanceId: db.id, action: d.action, cause: d.cause, key: scheduledActionKey(d.cause, d.desired, now), target: targetOf(d.action) });
        lastSkip = null;
      } else if (d.type === "would") {
        plan.events.push(fact(d.action === "stop" ? "instance.would_stop" : "instance.would_start", db.id, d.cause.kind, d.cause.id, db.state, targetOf(d.action), { dryRun: true }, [db.id, "would", d.action, d.cause.id ?? "", Math.floor(now / 60_000)]));
      } else if (d.type === "skip") {
        plan.skipped.push({ instanceId: db.id, reason: d.reason });
        if (lastSkip !== d.reason) {
          plan.events.push(fact("instance.skipped", db.id, d.cause?.kind ?? "schedule", d.cause?.id ?? null, db.state, d.desired, { reason: d.reason }, [db.id, "skip", d.reason, d.desired, Math.floor(now / 60_000)]));
          lastSkip = d.reason;
        }
      } else if (d.type === "wait") {
        plan.wakes.push({ at: now + POLL_INTERVAL_MS, reason: "wait-transitional" });
      } else {
        plan.consumeOverrides.push(d.overrideId);
        plan.events.push(fact("override.skip_used", db.id, "override", d.overrideId, db.state, d.desired, null, [d.overrideId]));
      }
    }
    const next: AgentMemory = { ...m, lastDesired: decided.desired, lastDryDesired: decided.dryDesired, lastSkip };
    if (!sameMemory(m, next)) plan.memory.set(db.id, next);
  }

  // 4. Capacity windows: a running serverless v2 cluster whose wanted range differs from the one
  //    last confirmed gets one change. A cluster with a power call this pass waits for the next.
  const powering = new Set(plan.calls.map((c) => c.instanceId));
  const seenCapacityChanges = new Set<number>();
  const clusters = [...byId.values()].filter((d) => d.serverlessV2);
  for (const s of input.schedules) {
    const at = s.definition.capacity && clusters.some((d) => matchesSelector(s.definition.selector, d)) ? cache.capacity(s, now).nextAt : null;
    if (at !== null && !seenCapacityChanges.has(at) && !seenTransitions.has(at)) {
      seenCapacityChanges.add(at);
      plan.wakes.push({ at, reason: "capacity-window" });
    }
  }
  for (const db of byId.values()) {
    if (busy.has(db.id) || powering.has(db.id) || db.state !== "running") continue;
    const target = capacityFor(db, input.schedules, now, cache, overrides.get(db.id) ?? null);
    if (!target) continue;
    const applied = input.capacityApplied?.get(db.id);
    if (applied && applied.minAcu === target.minAcu && applied.maxAcu === target.maxAcu) {
      if (applied.failedAt === null) continue;
      if (now - applied.failedAt < CAPACITY_RETRY_MS) {
        plan.wakes.push({ at: applied.failedAt + CAPACITY_RETRY_MS, reason: "capacity-window" });
        continue;
      }
    }
    plan.capacity.push({
      instanceId: db.id, minAcu: target.minAcu, maxAcu: target.maxAcu, source: target.source, note: target.note,
      cause: { kind: "schedule", id: target.scheduleId }, key: `capacity:${db.id}:${target.minAcu}-${target.maxAcu}:${Math.floor(now / 60_000)}`,
    });
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// After a cloud call

export type CallOutcome =
  | { kind: "accepted"; state: PowerState | null; cloudStatus: string | null; operationId: string | null }
  /**
   * The cloud refused the action in the database's current state; `live` is a fresh look (null if
   * unknown). `afterRetry`: an earlier attempt of this same call went unanswered (timeout, 5xx,
   * lost connection) and may have been performed — then the refusal can be our own action seen
   * from the other side.
   */
  | { kind: "invalid-state"; summary: string; live: Observed | null; afterRetry?: boolean }
  /** `retryable`: the cloud may accept it later (throttled, 5xx, timeout) after the client's own retries. */
  | { kind: "failed"; error: string; code: string | null; retryable?: boolean };

export interface CallSettlement {
  memory: AgentMemory;
  events: EventFact[];
  inventory: InventoryWrite | null;
  acted: { instanceId: string; action: PowerAction; ok: boolean; error?: string } | null;
  skipped: { instanceId: string; reason: string } | null;
  /**
   * When the pass should come back for this database: an accepted call's transition is first
   * looked at when it is expected to be done (its answer already says it is on its way); any
   * other outcome soon (to make the call again, or to see what happened).
   */
  wake: Wake;
}

/** What a cloud call's outcome means for the database's memory, the inventory and the events. */
export function settleCall(call: CloudCall, outcome: CallOutcome, db: Pick<DatabaseInput, "state" | "cloudStatus" | "kind">, memory: AgentMemory, now: number): CallSettlement {
  const id = call.instanceId;
  const none: CallSettlement = { memory, events: [], inventory: null, acted: null, skipped: null, wake: { at: now + POLL_INTERVAL_MS, reason: "confirm-action" } };
  // A refusal after an unanswered attempt, with the database now heading where this call sends it:
  // the lost attempt was performed. It is this call's action (its cause, its pending transition,
  // its request event), not a change someone else made.
  if (outcome.kind === "invalid-state" && outcome.afterRetry && outcome.live && HEADING[call.action].includes(outcome.live.state)) {
    const accepted = settleCall(call, { kind: "accepted", state: outcome.live.state, cloudStatus: outcome.live.cloudStatus, operationId: null }, db, memory, now);
    return { ...accepted, events: accepted.events.map((e) => ({ ...e, detail: { ...e.detail, answerLost: true } })) };
  }
  if (outcome.kind === "accepted") {
    const state = outcome.state ?? (call.action === "stop" ? "stopping" : "starting");
    const firstLook = state === call.target ? now + POLL_INTERVAL_MS : nextLookAt(now, lookPlan(db.kind, call.action, memory.durations), now);
    return {
      memory: {
        ...memory,
        pending: { target: call.target, since: now, causeKind: call.cause.kind, causeId: call.cause.id, key: call.key },
        ...(call.action === "stop" ? { stoppedByUsAt: now } : { startedByUsAt: now }),
      },
      events: [fact(call.action === "stop" ? "instance.stop_requested" : "instance.start_requested", id, call.cause.kind, call.cause.id, db.state, call.target, { key: call.key, ...(outcome.operationId && { operation: outcome.operationId }) }, [id, call.action, call.key])],
      inventory: { instanceId: id, state, cloudStatus: outcome.cloudStatus ?? db.cloudStatus, stateChanged: true },
      acted: { instanceId: id, action: call.action, ok: true },
      skipped: null,
      wake: { at: firstLook, reason: "confirm-action" },
    };
  }
  if (outcome.kind === "failed") {
    return {
      ...none,
      // A failure that may pass (every attempt throttled, 5xx): forget the desired state, so the
      // next pass (the confirmation wake) makes the call again instead of waiting for the next
      // transition. A refusal that will not pass (access denied…) is reported once, not retried.
      ...(outcome.retryable && { memory: { ...memory, lastDesired: null } }),
      events: [fact(call.action === "stop" ? "instance.stop_failed" : "instance.start_failed", id, call.cause.kind, call.cause.id, db.state, call.target, { error: outcome.error, ...(outcome.code && { code: outcome.code }) }, [id, call.action, "failed", call.key])],
      acted: { instanceId: id, action: call.action, ok: false, error: outcome.error },
    };
  }
  // Our picture was stale (it is moving, or already there): record what the cloud says.
  const live = outcome.live;
  const inventory = live && (live.state !== db.state || live.cloudStatus !== db.cloudStatus) ? { instanceId: id, state: live.state, cloudStatus: live.cloudStatus, stateChanged: live.state !== db.state } : null;
  if (live?.state === call.target) return { ...none, inventory };
  if (live && !live.eligible) {
    const reason = live.ineligibleReason ?? outcome.summary;
    return {
      ...none,
      inventory,
      events: [fact("instance.skipped", id, call.cause.kind, call.cause.id, live.state, call.target, { reason }, [id, "skip", call.key])],
      skipped: { instanceId: id, reason: live.ineligibleReason ?? "not eligible" },
    };
  }
  // Forget the desired state so the next pass still sees the transition as pending.
  return { ...none, inventory, memory: { ...memory, lastDesired: null }, skipped: { instanceId: id, reason: outcome.summary } };
}

// ---------------------------------------------------------------------------------------------
// The agent's own transitions, seen by someone else's look

/**
 * The event of a transition the agent started reaching its target: the agent's look records it
 * when it confirms the transition, and discovery when its listing sees it first. One fact, one
 * id (from the database and the transition's key), so whichever records it first is the one kept.
 */
export function confirmationFact(instanceId: string, p: PendingTransition): EventFact {
  return fact(p.target === "stopped" ? "instance.stopped" : "instance.started", instanceId, p.causeKind, p.causeId, p.target === "stopped" ? "stopping" : "starting", p.target, { key: p.key }, [instanceId, p.target, p.key]);
}

/**
 * What a state change that discovery saw (stored state `from`, listed `to`) means when the agent has
 * a transition in flight on the database: a state on the transition's way (stopping or stopped
 * for a stop, starting or running for a start) is the agent's own doing, recorded with the
 * transition's cause — its target as the transition's confirmation (`confirmationFact`), a state
 * on the way as a state change — never as a change made outside SnoozeQL. Null: the change is not
 * the agent's (no transition in flight, or the database went elsewhere), discovery records it as seen.
 */
export function ownTransitionFact(instanceId: string, from: PowerState | null, to: PowerState, pending: PendingTransition | null | undefined): EventFact | null {
  if (!pending || !HEADING[pending.target === "stopped" ? "stop" : "start"].includes(to)) return null;
  if (to === pending.target) return confirmationFact(instanceId, pending);
  return fact("instance.state_changed", instanceId, pending.causeKind, pending.causeId, from, to, { key: pending.key }, [instanceId, "state_changed", from ?? "", to, pending.key]);
}

// ---------------------------------------------------------------------------------------------
// Discovery, heartbeat and the next wake-up

/**
 * When this pass discovers: a sync request, a first look or an account whose client cannot be
 * built discovers before acting; routine discovery waits until after the actions, so an alarm at
 * a transition acts on its second.
 */
export function discoveryTiming(o: { now: number; lastDiscoveryAt: number | null; forced: boolean; paused: boolean; clientReady: boolean }): "before" | "after" | "none" {
  if (o.paused) return "none";
  if (o.forced || o.lastDiscoveryAt === null || !o.clientReady) return "before";
  return o.now - o.lastDiscoveryAt >= DISCOVERY_INTERVAL_MS ? "after" : "none";
}

export interface TickFacts {
  tickId: string;
  reason: string;
  scheduledAt: number;
}

export interface PassEnd {
  now: number;
  paused: boolean;
  tick: TickFacts | null;
  accountId: string;
  discovery: { ok: boolean; databases: number } | null;
  lastDiscoveryAt: number | null;
  lastHeartbeatAt: number | null;
  actedCount: number;
  wakes: readonly Wake[];
  /** Manual actions still queued after the pass (asked for while it ran). */
  queuedRemaining: number;
  /** Events still in the outbox after draining, and how many drains in a row have failed. */
  outboxPending: number;
  outboxFailures: number;
  /** Older power history is still to be read, a chunk per pass. */
  historyBackfillPending?: boolean;
}

export interface PassConclusion {
  heartbeat: EventFact | null;
  /** The next alarm and why; null when the agent should sleep until asked (a paused account). */
  wake: Wake | null;
  /** When the cron tick should look at this account if the alarm did not run. */
  nextDueAt: number;
}

/**
 * Heartbeat: on a tick, when the agent did something (discovered, acted) or an hour has passed.
 * Next wake-up: the earliest of all reasons, at least MIN_ALARM_DELAY_MS away.
 */
export function concludePass(e: PassEnd): PassConclusion {
  const heartbeat =
    e.tick && (e.discovery || e.actedCount > 0 || e.now - (e.lastHeartbeatAt ?? 0) >= HEARTBEAT_INTERVAL_MS)
      ? fact("agent.tick", null, "system", null, null, null, { tickId: e.tick.tickId, reason: e.tick.reason, scheduledAt: e.tick.scheduledAt, ...(e.discovery && { discovered: e.discovery.databases, ok: e.discovery.ok }) }, [e.accountId, e.tick.tickId])
      : null;
  const wakes: Wake[] = [];
  if (e.outboxPending > 0) wakes.push({ at: e.now + backoff(e.outboxFailures, RETRY_BACKOFF, () => 0.5), reason: "outbox-retry" });
  let wake: Wake | null = null;
  if (!e.paused) {
    wakes.push({ at: e.now + HEARTBEAT_INTERVAL_MS, reason: "heartbeat" }, ...e.wakes);
    wakes.push({ at: (e.lastDiscoveryAt ?? e.now) + DISCOVERY_INTERVAL_MS, reason: "discovery" });
    if (e.queuedRemaining > 0) wakes.push({ at: e.now, reason: "queued-actions" });
    if (e.historyBackfillPending) wakes.push({ at: e.now + HISTORY_BACKFILL_DELAY_MS, reason: "history-backfill" });
  }
  for (const w of wakes) if (!wake || w.at < wake.at) wake = w;
  if (wake) wake = { ...wake, at: Math.max(wake.at, e.now + MIN_ALARM_DELAY_MS) };
  return { heartbeat, wake, nextDueAt: (wake?.at ?? e.now + HEARTBEAT_INTERVAL_MS) + CRON_GRACE_MS };
}

/** How close a due power action must be for a pass to leave metrics and history backfill for later. */
export const ACTION_GUARD_MS = 60_000;
/** Wakes at which a power action (stop, start, maintenance wake, manual action) is due. */
const ACTION_WAKES: ReadonlySet<WakeReason> = new Set<WakeReason>(["schedule-transition", "maintenance-window", "override-ends", "queued-actions"]);

/**
 * The power action a pass must not hold up with its long, deferrable work (a metrics collection,
 * a chunk of power history): the earliest wake at which one is due within ACTION_GUARD_MS, or a
 * manual action queued while the pass ran; null when the pass may do that work now. The pass
 * then re-arms for the action, and the deferred work follows it.
 */
export function actionDueSoon(now: number, wakes: readonly Wake[], queuedRemaining: number): Wake | null {
  if (queuedRemaining > 0) return { at: now, reason: "queued-actions" };
  let soonest: Wake | null = null;
  for (const w of wakes) if (ACTION_WAKES.has(w.reason) && w.at <= now + ACTION_GUARD_MS && (!soonest || w.at < soonest.at)) soonest = w;
  return soonest;
}

/**
 * How early the alarm rings before a timed power action (a schedule's transition, a maintenance
 * window, an override's end, a capacity window): the agent reads D1 and readies the cloud client
 * in that time, then waits for the instant itself, so the calls leave when the action is due
 * instead of a D1 round trip and a credential exchange later (or, with many accounts due at the
 * same minute, a queue of them). Never early: the pass runs at the due instant.
 */
export const ACTION_LEAD_MS = 2_000;
const TIMED_WAKES: ReadonlySet<WakeReason> = new Set<WakeReason>(["schedule-transition", "maintenance-window", "override-ends", "capacity-window"]);

/** When to ring the alarm for `wake`, and the instant the pass then waits for (null: it runs at once). */
export function alarmFor(wake: Wake, now: number): { ringAt: number; holdUntil: number | null } {
  const early = wake.at - ACTION_LEAD_MS;
  if (!TIMED_WAKES.has(wake.reason) || early <= now) return { ringAt: wake.at, holdUntil: null };
  return { ringAt: early, holdUntil: wake.at };
}

/** The alarm after a pass that threw: retry with backoff, so one bad pass never loses the alarm. */
export function failedPassWake(now: number, failuresInARow: number): Wake {
  return { at: now + Math.max(MIN_ALARM_DELAY_MS, backoff(failuresInARow, RETRY_BACKOFF, () => 0.5)), reason: "pass-failed" };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function observe(plan: PassPlan, db: DatabaseInput, live: Observed): void {
  if (live.state === db.state && live.cloudStatus === db.cloudStatus) return;
  plan.inventory.push({ instanceId: db.id, state: live.state, cloudStatus: live.cloudStatus, stateChanged: live.state !== db.state });
  db.state = live.state;
  db.cloudStatus = live.cloudStatus;
}

function fact(
  type: EventType, instanceId: string | null, causeKind: CauseKind, causeId: string | null,
  fromState: string | null, toState: string | null, detail: Record<string, unknown> | null, key: (string | number)[],
): EventFact {
  return { type, instanceId, causeKind, causeId, fromState, toState, detail, key };
}

function sameMemory(a: AgentMemory, b: AgentMemory): boolean {
  return a.lastDesired === b.lastDesired && a.lastDryDesired === b.lastDryDesired && a.lastSkip === b.lastSkip && a.stoppedByUsAt === b.stoppedByUsAt && a.startedByUsAt === b.startedByUsAt && a.pending === b.pending && a.durations === b.durations;
}
