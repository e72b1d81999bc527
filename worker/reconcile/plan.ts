/**
 * The reconcile plan (pure): for each database of one account, from its observed state, what the
 * schedules and overrides want, and what the agent remembers, decide whether to act now, why,
 * or why not. No I/O: the AccountAgent gathers the inputs and executes the plan.
 *
 * Rules (docs/architecture.md, "Reconciliation"):
 * - desired = active override > matching schedules and their maintenance wakes (running wins) > nothing;
 * - act only on a transition of the desired state (a database started by hand inside a sleep
 *   window stays up until the next transition), unless a matching schedule enforces;
 * - never act on an ineligible database (say why) or on one in a transitional state (wait);
 * - do not stop for a sleep window shorter than the minimum (a start bills at least 10 minutes);
 * - an AWS database we stopped that is running again while still meant to sleep has been
 *   restarted by AWS after 7 days stopped: record it and stop it again, enforce or not;
 * - dry-run schedules only produce "would stop"/"would start" records.
 */
import type { OverrideKind, PowerState } from "../domain/vocabulary.ts";
import { combineStates, type DesiredState } from "../schedules/index.ts";

export type { DesiredState };

export interface ScheduleVerdict {
  scheduleId: string;
  state: DesiredState;
  enforce: boolean;
  dryRun: boolean;
  /** When this schedule next changes its mind (epoch ms), if within the look-ahead. */
  nextTransitionAt: number | null;
  /** The state it changes to then. */
  nextState: DesiredState | null;
  /** What the vote stands for: the schedule's own periods (default) or its maintenance-window wake (./maintenance.ts). */
  causeKind?: "schedule" | "maintenance";
}

export interface ActiveOverride {
  id: string;
  kind: OverrideKind;
  until: number | null;
}

export interface InstanceMemory {
  /** The desired state the agent last evaluated (null: never evaluated). */
  lastDesired: DesiredState | null;
  /** When SnoozeQL last stopped it successfully (to recognise AWS's 7-day automatic restart). */
  stoppedByUsAt: number | null;
  /** When SnoozeQL last started it. */
  startedByUsAt: number | null;
  /** What the dry-run schedules last wanted (their transitions produce "would" records). */
  lastDryDesired?: DesiredState | null;
}

export interface InstanceInput {
  id: string;
  provider: "aws" | "gcp";
  kind: "rds_instance" | "aurora_cluster" | "cloudsql_instance";
  state: PowerState;
  eligible: boolean;
  ineligibleReason: string | null;
  verdicts: ScheduleVerdict[];
  override: ActiveOverride | null;
  memory: InstanceMemory;
  /** The cloud's evidence of AWS's 7-day restart; undefined: inferred from `memory` timing. */
  autoRestartEvidence?: boolean | undefined;
}

export type Cause = { kind: "schedule" | "maintenance" | "override" | "aws_auto_restart"; id: string | null };

export type Decision =
  | { type: "act"; instanceId: string; action: "stop" | "start"; cause: Cause; desired: DesiredState; autoRestart?: boolean }
  | { type: "would"; instanceId: string; action: "stop" | "start"; cause: Cause }
  | { type: "skip"; instanceId: string; reason: string; desired: DesiredState; cause: Cause | null }
  | { type: "wait"; instanceId: string; reason: string }
  | { type: "consume-skip"; instanceId: string; overrideId: string; desired: DesiredState };

export interface PlanOptions {
  now: number;
  /** Do not stop for a sleep window shorter than this (ms). */
  minimumSleepMs: number;
}

export interface InstancePlan {
  decisions: Decision[];
  /** The desired state to remember for the next evaluation. */
  desired: DesiredState;
  /** What the dry-run schedules want, to remember likewise. */
  dryDesired: DesiredState;
}

const TRANSITIONAL: PowerState[] = ["starting", "stopping"];
const AUTO_RESTART_AFTER_MS = 7 * 24 * 3600_000 - 3600_000; // AWS restarts after 7 days; allow an hour of slack

/** The schedule that decides a combined state (running wins), for the event's cause: its periods before its maintenance wake. */
function decidingSchedule(verdicts: ScheduleVerdict[], state: DesiredState): ScheduleVerdict | undefined {
  return verdicts.find((v) => v.state === state && v.causeKind !== "maintenance") ?? verdicts.find((v) => v.state === state);
}

function causeOf(verdict: ScheduleVerdict | undefined): Cause {
  return { kind: verdict?.causeKind ?? "schedule", id: verdict?.scheduleId ?? null };
}

export function planInstance(input: InstanceInput, options: PlanOptions): InstancePlan {
  const { now } = options;
  const live = input.verdicts.filter((v) => !v.dryRun);
  const dry = input.verdicts.filter((v) => v.dryRun);
  const scheduled = combineStates(live.map((v) => v.state));
  const decisions: Decision[] = [];

  let desired = scheduled;
  let cause: Cause | null = scheduled === "none" ? null : causeOf(decidingSchedule(live, scheduled));
  const override = input.override && (input.override.until === null || input.override.until > now) ? input.override : null;
  if (override?.kind === "keep_awake") {
    desired = "running";
    cause = { kind: "override", id: override.id };
  } else if (override?.kind === "keep_asleep") {
    desired = "stopped";
    cause = { kind: "override", id: override.id };
  }

  const transition = input.memory.lastDesired !== desired;
  const enforce = live.some((v) => v.enforce && v.state === desired);
  const overrideActive = override?.kind === "keep_awake" || override?.kind === "keep_asleep";

  // Dry-run schedules: report what they would do at their own transitions; never call anything.
  const dryDesired = combineStates(dry.map((v) => v.state));
  if (dryDesired !== "none" && (input.memory.lastDryDesired ?? null) !== dryDesired) {
    const action = dryDesired === "stopped" ? "stop" : "start";
    if ((action === "stop" && input.state === "running") || (action === "start" && input.state === "stopped")) {
      decisions.push({ type: "would", instanceId: input.id, action, cause: causeOf(decidingSchedule(dry, dryDesired)) });
    }
  }
  const done = (d: DesiredState): InstancePlan => ({ decisions, desired: d, dryDesired });

  if (desired === "none" || !cause) return done(desired);

  const wantStop = desired === "stopped";
  const matches = wantStop ? input.state === "stopped" : input.state === "running";
  // Timing guess, used until the cloud's own evidence is wired in (autoRestartEvidence).
  const restartedByAws =
    input.autoRestartEvidence ??
    (input.memory.stoppedByUsAt !== null &&
      now - input.memory.stoppedByUsAt >= AUTO_RESTART_AFTER_MS &&
      (input.memory.startedByUsAt === null || input.memory.startedByUsAt < input.memory.stoppedByUsAt));
  const autoRestart = wantStop && input.provider === "aws" && (input.state === "running" || input.state === "starting") && restartedByAws;

  if (matches) return done(desired);
  if (!transition && !enforce && !overrideActive && !autoRestart) return done(desired);

  // skip_next: the first transition after the override was set is let pass, once.
  if (transition && override?.kind === "skip_next" && input.memory.lastDesired !== null) {
    decisions.push({ type: "consume-skip", instanceId: input.id, overrideId: override.id, desired });
    return done(desired);
  }

  if (!input.eligible) {
    decisions.push({ type: "skip", instanceId: input.id, reason: input.ineligibleReason ?? "SnoozeQL cannot stop and start this database.", desired, cause });
    return done(desired);
  }
  if (TRANSITIONAL.includes(input.state)) {
    decisions.push({ type: "wait", instanceId: input.id, reason: `the database is ${input.state}; re-checking shortly` });
    // Keep the old desired state so the transition is still seen as pending next time.
    return done(input.memory.lastDesired ?? "none");
  }
  if (input.state !== "running" && input.state !== "stopped") {
    decisions.push({ type: "skip", instanceId: input.id, reason: `the database is ${input.state}`, desired, cause });
    return done(desired);
  }
  if (wantStop && !overrideActive) {
    const wakeAt = live
      .filter((v) => v.nextState === "running" && v.nextTransitionAt !== null)
      .map((v) => v.nextTransitionAt!)
      .sort((a, b) => a - b)[0];
    if (wakeAt !== undefined && wakeAt - now < options.minimumSleepMs) {
      decisions.push({
        type: "skip",
        instanceId: input.id,
        reason: `the sleep window (${Math.round((wakeAt - now) / 60_000)} min) is shorter than the minimum of ${Math.round(options.minimumSleepMs / 60_000)} min`,
        desired,
        cause,
      });
      return done(desired);
    }
  }
  decisions.push({
    type: "act",
    instanceId: input.id,
    action: wantStop ? "stop" : "start",
    cause: autoRestart && !transition ? { kind: "aws_auto_restart", id: cause.id } : cause,
    desired,
    ...(autoRestart && { autoRestart: true }),
  });
  return done(desired);
}
