/**
 * Upcoming transitions (pure): which databases the agent will put to sleep or wake in a time
 * window, when, and why — or why it will let a transition pass — from the schedule model, the
 * active overrides and each database's observed state.
 *
 * It mirrors the reconcile plan's rules (worker/reconcile/plan.ts) so the Overview's "next
 * transitions" says what the agent will actually do:
 * - desired = active keep-awake/keep-asleep override > matching live schedules (running wins);
 *   dry-run schedules never act and are left out;
 * - only a change of the desired state is a transition; a database already in the new desired
 *   state needs no action (the first comparison is with its observed state — or the state an
 *   override already in force puts it in now — later ones assume the previous transition happened);
 * - an ineligible database's transitions are listed as skipped with the reason;
 * - a skip-next override lets the first transition that would act pass, once;
 * - a stop whose sleep window (until the desired state is running again) is shorter than the
 *   smallest minimum sleep of the matching schedules is skipped.
 *
 * Owns: nothing but this computation. Never: reads the clock, D1 or anything else (the route
 * passes `now` and the rows in).
 */
import { combineStates, evaluateSchedule, matchesSelector, scheduleTransitions, type DesiredState, type ScheduleDefinition, type SelectableDatabase } from "../../../schedules/index.ts";

export interface UpcomingDatabase extends SelectableDatabase {
  id: string;
  /** Observed power state (running, stopped, starting, stopping, unavailable, unknown). */
  state: string;
  eligible: boolean;
  ineligibleReason: string | null;
}

export interface UpcomingSchedule {
  id: string;
  name: string;
  definition: ScheduleDefinition;
  dryRun: boolean;
  minimumSleepMinutes: number;
  /** Wakes its databases for pending maintenance (the calendar draws it; worker/api/routes/calendar/calendar-bands.ts). */
  maintenanceWake?: boolean;
}

export interface UpcomingOverride {
  id: string;
  kind: "keep_awake" | "keep_asleep" | "skip_next";
  /** Epoch ms when it lapses; null only for skip_next. */
  until: number | null;
}

export interface UpcomingTransition {
  at: number;
  instanceId: string;
  action: "stop" | "start";
  cause: { kind: "schedule" | "override"; id: string };
  /** Why the agent will let this transition pass instead of acting; null when it will act. */
  skipReason: string | null;
}

/** How far past the window the model looks to measure a sleep window that starts inside it. */
const SLEEP_WINDOW_LOOKAHEAD_MS = 24 * 3_600_000;

const DAY_MS = 86_400_000;

/** The state a database settles in: a transitional state counts as where it is going. */
function settledState(state: string): "running" | "stopped" | null {
  if (state === "running" || state === "starting") return "running";
  if (state === "stopped" || state === "stopping") return "stopped";
  return null;
}

interface Desired {
  state: DesiredState;
  cause: { kind: "schedule" | "override"; id: string } | null;
}

/**
 * Transitions in (`from`, `to`] for every database, ordered by time (then database id).
 * @param overrides the active override of each database (as the agent picks it), by database id
 */
export function upcomingTransitions(input: {
  databases: readonly UpcomingDatabase[];
  schedules: readonly UpcomingSchedule[];
  overrides: ReadonlyMap<string, UpcomingOverride>;
  from: number;
  to: number;
}): UpcomingTransition[] {
  const { from, to } = input;
  const horizon = to + SLEEP_WINDOW_LOOKAHEAD_MS;
  const live = input.schedules.filter((s) => !s.dryRun);
  // Each schedule's timeline is computed once, whatever the number of databases it matches.
  const timelines = new Map<string, { initial: DesiredState; changes: { at: number; state: DesiredState }[] }>();
  const timeline = (s: UpcomingSchedule) => {
    let t = timelines.get(s.id);
    if (!t) {
      t = { initial: evaluateSchedule(s.definition, from), changes: scheduleTransitions(s.definition, from, Math.min(horizon, from + 400 * DAY_MS)).filter((c) => c.at > from) };
      timelines.set(s.id, t);
    }
    return t;
  };

  const out: UpcomingTransition[] = [];
  for (const db of input.databases) {
    const matched = live.filter((s) => matchesSelector(s.definition.selector, db));
    const override = input.overrides.get(db.id) ?? null;
    if (matched.length === 0 && (!override || override.kind === "skip_next")) continue;

    const lines = matched.map((s) => ({ schedule: s, ...timeline(s) }));
    const stateOf = (line: (typeof lines)[number], at: number): DesiredState => {
      let state = line.initial;
      for (const change of line.changes) {
        if (change.at > at) break;
        state = change.state;
      }
      return state;
    };
    const desiredAt = (at: number): Desired => {
      if (override && override.kind !== "skip_next" && (override.until === null || at < override.until)) {
        return { state: override.kind === "keep_awake" ? "running" : "stopped", cause: { kind: "override", id: override.id } };
      }
      const states = lines.map((l) => stateOf(l, at));
      const state = combineStates(states);
      if (state === "none") return { state, cause: null };
      // The first schedule holding the combined state decides (as the plan's cause).
      const decider = lines[states.indexOf(state)]!;
      return { state, cause: { kind: "schedule", id: decider.schedule.id } };
    };

    const points = new Set<number>();
    for (const l of lines) for (const c of l.changes) points.add(c.at);
    if (override?.until != null && override.until > from && override.until <= horizon) points.add(override.until);
    const ordered = [...points].sort((a, b) => a - b);
    const steps = ordered.map((at) => ({ at, desired: desiredAt(at) }));
    const minimumSleepMs = (matched.length ? Math.min(...matched.map((s) => s.minimumSleepMinutes)) : 30) * 60_000;

    const initial = desiredAt(from);
    let lastDesired = initial.state;
    let expected = settledState(db.state);
    // An active keep-awake/keep-asleep override is acted on at once (not a transition to come).
    if (initial.cause?.kind === "override" && db.eligible) expected = initial.state === "running" ? "running" : "stopped";
    let skipPending = override?.kind === "skip_next";
    for (let i = 0; i < steps.length; i++) {
      const { at, desired } = steps[i]!;
      if (at > to) break;
      const changed = desired.state !== lastDesired;
      lastDesired = desired.state;
      if (!changed || desired.state === "none" || !desired.cause) continue;
      if (expected === desired.state) continue;
      const action = desired.state === "stopped" ? "stop" : "start";
      let skipReason: string | null = null;
      if (skipPending) {
        skipReason = "a skip-next override lets this transition pass";
        skipPending = false;
      } else if (!db.eligible) {
        skipReason = db.ineligibleReason ?? "SnoozeQL cannot stop and start this database";
      } else if (action === "stop" && desired.cause.kind === "schedule") {
        const wake = steps.slice(i + 1).find((s) => s.desired.state === "running");
        if (wake && wake.at - at < minimumSleepMs) {
          skipReason = `the sleep window (${Math.round((wake.at - at) / 60_000)} min) is shorter than the minimum of ${Math.round(minimumSleepMs / 60_000)} min`;
        }
      }
      out.push({ at, instanceId: db.id, action, cause: desired.cause, skipReason });
      if (skipReason === null) expected = desired.state;
    }
  }
  return out.sort((a, b) => a.at - b.at || a.instanceId.localeCompare(b.instanceId));
}
