/**
 * When the agent looks again at a stop or start it asked for: the confirmation poll policy,
 * learned per database from how long its recent stops and starts took.
 *
 * A look is one account listing (or one describe), and one listing confirms every pending
 * database of the account at once, so the pass wakes at the earliest look any of them wants.
 * Looking early costs a cloud call that finds nothing; looking late confirms late (the event and
 * the savings ledger's boundary rest on the confirmation). The rule:
 * - the first look goes out when the transition is expected to be done (never sooner than
 *   MIN_FIRST_LOOK_MS), not seconds after the call: the call's own answer already says
 *   "stopping"/"starting", and a look before the database can be done finds nothing new; the
 *   one exception is a database's first transition of a kind, looked at once COLD_PROBE_MS
 *   after the call too (the kind's default may be minutes too long for it);
 * - past the expected time, the database is looked at every STEADY_LOOK_MS for two minutes, then
 *   less often (`lateLookDelay`) up to the 45-minute timeout (worker/reconcile/pass.ts);
 * - what a confirmation teaches is kept per database and action (`learn`), a few numbers.
 *
 * What is learned, and why so: a look that finds the database done says it took AT MOST that long
 * (the poll quantizes every observed duration upwards); a look that finds it still moving says it
 * took MORE than that. So each action keeps the last SAMPLES_KEPT confirmed durations (upper
 * bounds, recorded honestly: confirming look − request) and one lower bound, the `floorMs`.
 * - The expected duration is the smallest recent upper bound: a slow outlier does not move it
 *   (it costs that one transition a few steady looks), and it never asks for a look before the
 *   database has recently been seen done.
 * - Upper bounds alone can only grow: a first look that confirms says nothing about how much
 *   earlier it was done. So while the gap between the floor and the expected duration is wider
 *   than the steady interval, the first look is a probe a quarter of the gap before the expected
 *   duration: done there, the expected duration drops to it; not done, the floor rises to it and
 *   the next look is at the expected duration as usual. A probe costs at most one listing, and
 *   the gap shrinks to a quarter (a probe that finds it moving) or by a quarter (one that finds
 *   it done). A quarter, not half: a database whose default or learned duration is about right
 *   fails fewer probes, and one much faster still gets there geometrically.
 * - The floor drops by an eighth of the steady interval at each transition confirmed at its first
 *   look, so a database that became faster is found again by a later probe (one every few
 *   transitions once the gap is closed: about 1.15 looks per transition at a steady speed).
 * After a few transitions a database of steady speed is confirmed by one look, within
 * STEADY_LOOK_MS of being done.
 *
 * Must never: read the clock or do I/O (`npm run lint:layers`).
 */
import type { InstanceKind, PowerAction } from "../domain/vocabulary.ts";

/** A first look is never sooner than this after the call (nor is a probe). */
export const MIN_FIRST_LOOK_MS = 10_000;
/** Past the expected duration, how often the database is looked at (for the first two minutes). */
export const STEADY_LOOK_MS = 15_000;
/** How much the floor drops at each transition confirmed at its first look (see the header). */
const FLOOR_WIDENING_MS = STEADY_LOOK_MS / 8;
/**
 * The cloud starts counting when the call reaches it, after the pass read its clock (the calls of
 * a wave go out over a second or two): a first look from the defaults allows for that. Learned
 * durations include it already.
 */
export const CALL_LAG_MS = 2_000;
/** How many recent confirmed durations are kept per database and action. */
export const SAMPLES_KEPT = 3;

/**
 * Expected durations before anything is learned. ASSUMPTIONS, not published figures: AWS
 * documents only that stopping "can take several minutes" and that starting "can take from
 * minutes to hours" (RDS User Guide, "Stopping an Amazon RDS DB instance temporarily"); no figure
 * was found in Google's documentation for changing a Cloud SQL instance's activation policy.
 * These are the simulator's `realistic` profile (sim/state/model.ts: RDS 240 s / 420 s, Aurora
 * 300 s / 540 s, Cloud SQL about 2 minutes for the patch operation), the project's own estimate.
 * A wrong default costs a database's first transitions only: a slower one a few steady looks
 * once, a faster one a late confirmation until the probes have found its own duration.
 */
export const DEFAULT_TRANSITION_MS: Record<InstanceKind, Record<PowerAction, number>> = {
  rds_instance: { stop: 240_000, start: 420_000 },
  aurora_cluster: { stop: 300_000, start: 540_000 },
  cloudsql_instance: { stop: 120_000, start: 120_000 },
};

/** What one database's recent stops (or starts) taught. */
export interface LearnedDuration {
  /** The last confirmed durations (request accepted → first look that saw the target), oldest first. */
  doneMs: number[];
  /** The longest time after the request at which a recent transition was still seen moving; below the expected duration. */
  floorMs: number | null;
}

export type LearnedDurations = Partial<Record<PowerAction, LearnedDuration>>;

/** When to look at a transition: a probe first (or not), then at the expected duration. */
export interface LookPlan {
  probeMs: number | null;
  expectedMs: number;
}

/**
 * Before anything is learned, one early look at this point: a database far faster than its kind's
 * default (a small Cloud SQL instance, an Aurora cluster that was nearly stopped, a simulator) is
 * then confirmed in seconds instead of minutes, and teaches its own time at once; a typical one
 * costs this one extra listing on its first transition (shared by the account's wave).
 */
export const COLD_PROBE_MS = 15_000;

export function lookPlan(kind: InstanceKind, action: PowerAction, learned: LearnedDurations | undefined): LookPlan {
  const l = learned?.[action];
  if (!l || l.doneMs.length === 0) {
    const expectedMs = Math.max(MIN_FIRST_LOOK_MS, DEFAULT_TRANSITION_MS[kind][action] + CALL_LAG_MS);
    return { probeMs: expectedMs > COLD_PROBE_MS + STEADY_LOOK_MS ? COLD_PROBE_MS : null, expectedMs };
  }
  const expectedMs = Math.max(MIN_FIRST_LOOK_MS, Math.min(...l.doneMs));
  const floor = l.floorMs ?? 0;
  const probe = expectedMs - Math.round((expectedMs - floor) / 4);
  return { probeMs: expectedMs - floor > STEADY_LOOK_MS && probe >= MIN_FIRST_LOOK_MS ? probe : null, expectedMs };
}

/** How long after a look past the expected duration the next one goes: often at first, then backing off. */
export function lateLookDelay(lateMs: number): number {
  if (lateMs < 2 * 60_000) return STEADY_LOOK_MS;
  if (lateMs < 10 * 60_000) return 30_000;
  return 60_000;
}

/** The next look at a transition requested at `since`, given the pass's time (a look may just have been made). */
export function nextLookAt(since: number, plan: LookPlan, now: number): number {
  if (plan.probeMs !== null && now < since + plan.probeMs) return since + plan.probeMs;
  if (now < since + plan.expectedMs) return since + plan.expectedMs;
  return now + lateLookDelay(now - since - plan.expectedMs);
}

/**
 * What a confirmed transition teaches: `doneMs` after the request it was seen done, and the last
 * time after the request it was seen still moving (null: done at the first look).
 */
export function learn(learned: LearnedDurations | undefined, action: PowerAction, doneMs: number, seenMovingMs: number | null): LearnedDurations {
  const before = learned?.[action];
  const samples = [...(before?.doneMs ?? []), doneMs].slice(-SAMPLES_KEPT);
  const expected = Math.min(...samples);
  let floor = before?.floorMs ?? null;
  if (seenMovingMs === null) floor = floor === null ? null : floor - FLOOR_WIDENING_MS;
  else if (seenMovingMs < expected) floor = Math.max(floor ?? 0, seenMovingMs);
  // A floor is a lower bound of the expected duration; one at or past it (a slow outlier, or
  // samples rotated out) no longer brackets anything.
  if (floor !== null && (floor <= 0 || floor >= expected)) floor = null;
  return { ...learned, [action]: { doneMs: samples, floorMs: floor } };
}
