/**
 * Evaluating a schedule: the desired state of its databases at an instant, and the instants at
 * which that state changes.
 *
 * Owns: how exceptions, periods and cron pairs combine, Instance Scheduler's period-level rules
 * (per-period states and their combination), and the DST-aware mapping of period boundaries to
 * instants (through timezone.ts).
 *
 * Never: performs I/O, reads the clock (callers pass `at`), or mutates a definition. Definitions
 * are expected to have passed `ScheduleDefinitionSchema`; an invalid one throws.
 *
 * Rules, in order:
 * 1. A disabled schedule → "none".
 * 2. An exception covering the local date of `at` → its state (exceptions.ts).
 * 3. Otherwise periods and cron pairs each give a state and they combine running > stopped > none.
 *    No periods and no cron pairs → "none".
 *
 * Periods (Instance Scheduler on AWS, `configuration/running_period.py` and
 * `instance_schedule.py`): on a local date whose weekday/month/monthday conditions do not all
 * hold, a period says "stopped". On a matching date: no times → "running" all day; begin and end
 * → "running" in [begin, end), "stopped" otherwise; begin only → "running" from begin to the end
 * of the day, no opinion ("any") before; end only → no opinion before end, "stopped" from end on.
 * The periods of a schedule combine running > any > stopped, and "any" becomes "none". Like
 * Instance Scheduler, when a schedule has more than one period a one-minute "stopped" gap between
 * two "running" stretches is bridged (its adjacent-period check: 09:00–11:59 plus 12:00–17:00 runs
 * straight through 11:59).
 * SnoozeQL extension: begin later than end is an overnight period from begin on a matching day
 * to end on the following day; outside it the period says "stopped".
 *
 * DST: boundaries are local wall-clock times resolved to instants per local date (timezone.ts).
 * Both begins and ends happen at the FIRST occurrence of a repeated (fall-back) wall time, as
 * Instance Scheduler's evaluator does: Europe/London on 2024-10-27, a period ending 01:00 has ended
 * at 00:00Z (01:00 BST), so at 00:30Z (01:30 BST) it says "stopped". A period ends once: it does
 * not start again when the clock passes through the repeated times a second time (Instance
 * Scheduler's wall-clock check would restart it for the second pass; SnoozeQL never stops and
 * restarts a database within that hour). A repeated hour that lies wholly inside a period (e.g.
 * 00:00–03:00) is covered by both of its occurrences. Native and imported schedules follow the
 * same rule. A time inside a spring-forward gap happens at the first instant after the gap.
 */
import { compileExceptions, exceptionStateOn, type CompiledException } from "./exceptions.ts";
import { firstPairChange, pairStateAt, pairTransitions, type CronPairSpec, type PairState } from "./cron-pairs.ts";
import type { DesiredState, ScheduleDefinition } from "./model.ts";
import { compilePeriod, dayFacts, periodMatchesDay, type CompiledPeriod } from "./periods.ts";
import { DAY_MS, MINUTE_MS, isoDateOfDayNumber, localDayNumber, resolveLocal, startOfLocalDay } from "./timezone.ts";

/** Instance Scheduler's per-period state: "any" means no opinion. */
type PeriodState = "running" | "any" | "stopped";

interface Compiled {
  zone: string;
  enabled: boolean;
  periods: CompiledPeriod[];
  /** Instance Scheduler bridges one-minute gaps only when a schedule has several periods. */
  bridgeGaps: boolean;
  cronPairs: CronPairSpec[];
  exceptions: CompiledException[];
}

type EvaluableDefinition = Pick<ScheduleDefinition, "timezone" | "periods" | "cronPairs" | "exceptions" | "enabled">;

function compile(def: EvaluableDefinition): Compiled {
  const periods = (def.periods ?? []).map(compilePeriod);
  return {
    zone: def.timezone,
    enabled: def.enabled !== false,
    periods,
    bridgeGaps: periods.length > 1,
    cronPairs: def.cronPairs ?? [],
    exceptions: compileExceptions(def.exceptions),
  };
}

/** Combine several schedules' (or sources') states: running > stopped > none. */
export function combineStates(states: readonly DesiredState[]): DesiredState {
  let result: DesiredState = "none";
  for (const s of states) {
    if (s === "running") return "running";
    if (s === "stopped") result = "stopped";
  }
  return result;
}

function periodStateAt(zone: string, p: CompiledPeriod, day: number, at: number): PeriodState {
  if (p.overnight) {
    const begin = p.begin as number;
    const end = p.end as number;
    if (periodMatchesDay(p, dayFacts(day)) && at >= resolveLocal(zone, day, begin, "earliest")) return "running";
    if (periodMatchesDay(p, dayFacts(day - 1)) && at < resolveLocal(zone, day, end, "earliest")) return "running";
    return "stopped";
  }
  if (!periodMatchesDay(p, dayFacts(day))) return "stopped";
  if (p.begin === null && p.end === null) return "running";
  if (p.begin === null) return at >= resolveLocal(zone, day, p.end as number, "earliest") ? "stopped" : "any";
  if (p.end === null) return at >= resolveLocal(zone, day, p.begin, "earliest") ? "running" : "any";
  return at >= resolveLocal(zone, day, p.begin, "earliest") && at < resolveLocal(zone, day, p.end, "earliest") ? "running" : "stopped";
}

function rawPeriodsState(c: Compiled, at: number, day: number = localDayNumber(c.zone, at)): PeriodState {
  let result: PeriodState = "stopped";
  for (const p of c.periods) {
    const s = periodStateAt(c.zone, p, day, at);
    if (s === "running") return "running";
    if (s === "any") result = "any";
  }
  return result;
}

function periodsStateAt(c: Compiled, at: number, day: number): DesiredState {
  if (c.periods.length === 0) return "none";
  let s = rawPeriodsState(c, at, day);
  if (s === "stopped" && c.bridgeGaps && rawPeriodsState(c, at - MINUTE_MS) === "running" && rawPeriodsState(c, at + MINUTE_MS) === "running") {
    s = "running";
  }
  return s === "any" ? "none" : s;
}

function cronStateAt(c: Compiled, at: number): DesiredState {
  return combineStates(c.cronPairs.map((pair) => pairStateAt(c.zone, pair, at)));
}

export interface ScheduleExplanation {
  state: DesiredState;
  /** Which rule decided: the schedule is disabled, an exception covers the date, or periods/cron pairs combined. */
  decidedBy: "disabled" | "exception" | "periods-and-cron";
  /** The periods' combined state ("none" when there are no periods or none has an opinion). */
  periods: DesiredState;
  /** The cron pairs' combined state ("none" when there are none or none has fired). */
  cron: DesiredState;
  /** The exception state covering the local date, if any. */
  exception: "running" | "stopped" | null;
  /** Local date (YYYY-MM-DD) of `at` in the schedule's zone. */
  localDate: string;
}

function explainCompiled(c: Compiled, at: number, cron: (at: number) => DesiredState): ScheduleExplanation {
  const day = localDayNumber(c.zone, at);
  const localDate = isoDateOfDayNumber(day);
  if (!c.enabled) return { state: "none", decidedBy: "disabled", periods: "none", cron: "none", exception: null, localDate };
  const exception = exceptionStateOn(c.exceptions, day);
  if (exception !== null) return { state: exception, decidedBy: "exception", periods: "none", cron: "none", exception, localDate };
  return { ...stateParts(c, at, day, cron), decidedBy: "periods-and-cron", exception: null, localDate };
}

function stateParts(c: Compiled, at: number, day: number, cron: (at: number) => DesiredState): { state: DesiredState; periods: DesiredState; cron: DesiredState } {
  const periods = periodsStateAt(c, at, day);
  const cronState = c.cronPairs.length === 0 ? "none" : cron(at);
  return { state: combineStates([periods, cronState]), periods, cron: cronState };
}

/** Just the state (no explanation strings), for the hot loops. */
function stateCompiled(c: Compiled, at: number, cron: (at: number) => DesiredState): DesiredState {
  if (!c.enabled) return "none";
  const day = localDayNumber(c.zone, at);
  const exception = exceptionStateOn(c.exceptions, day);
  if (exception !== null) return exception;
  return stateParts(c, at, day, cron).state;
}

/** The desired state and how it was reached (for previews and audit trails). */
export function explainSchedule(def: ScheduleDefinition, at: number): ScheduleExplanation {
  const c = compile(def);
  return explainCompiled(c, at, (t) => cronStateAt(c, t));
}

/** What the schedule wants for its databases at instant `at` (epoch ms). */
export function evaluateSchedule(def: ScheduleDefinition, at: number): DesiredState {
  if (def.enabled === false) return "none";
  const c = compile(def);
  return stateCompiled(c, at, (t) => cronStateAt(c, t));
}

/** Longest range `scheduleTransitions` accepts. */
export const MAX_TRANSITION_RANGE_MS = 400 * DAY_MS;

/** Instants where the desired state changes in (from, to], ascending, each with the new state. */
export function scheduleTransitions(def: ScheduleDefinition, from: number, to: number): { at: number; state: DesiredState }[] {
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError("from and to must be finite epoch milliseconds");
  if (to - from > MAX_TRANSITION_RANGE_MS) throw new RangeError(`range too long: at most ${MAX_TRANSITION_RANGE_MS / DAY_MS} days`);
  if (!(to > from) || def.enabled === false) return [];
  const c = compile(def);

  // Every instant at which some input to the state can change.
  const candidates = new Set<number>();
  const addBoundary = (t: number) => {
    candidates.add(t);
    if (c.bridgeGaps) {
      candidates.add(t - MINUTE_MS);
      candidates.add(t + MINUTE_MS);
    }
  };
  const firstDay = localDayNumber(c.zone, from) - 1;
  const lastDay = localDayNumber(c.zone, to) + 1;
  for (let day = firstDay; day <= lastDay; day++) {
    addBoundary(startOfLocalDay(c.zone, day));
    for (const p of c.periods) {
      if (p.begin !== null) addBoundary(resolveLocal(c.zone, day, p.begin, "earliest"));
      if (p.end !== null) addBoundary(resolveLocal(c.zone, day, p.end, "earliest"));
    }
  }

  // Cron pairs: their state only changes at their own transitions; keep a timeline per pair.
  const timelines = c.cronPairs.map((pair) => ({
    initial: pairStateAt(c.zone, pair, from),
    changes: pairTransitions(c.zone, pair, from, to),
  }));
  for (const tl of timelines) for (const ch of tl.changes) candidates.add(ch.at);
  const cronFromTimelines = (at: number): DesiredState =>
    combineStates(
      timelines.map((tl) => {
        let s: PairState = tl.initial;
        for (const ch of tl.changes) {
          if (ch.at > at) break;
          s = ch.state;
        }
        return s;
      }),
    );

  const ordered = [...candidates].filter((t) => t > from && t <= to).sort((a, b) => a - b);
  const out: { at: number; state: DesiredState }[] = [];
  let previous = stateCompiled(c, from, cronFromTimelines);
  for (const t of ordered) {
    const s = stateCompiled(c, t, cronFromTimelines);
    if (s !== previous) {
      out.push({ at: t, state: s });
      previous = s;
    }
  }
  return out;
}

/** Default look-ahead of `nextTransition`. */
export const DEFAULT_HORIZON_MS = 7 * DAY_MS;

/** The first change of desired state after `after` (exclusive) within `horizonMs`, or null. */
export function nextTransition(def: ScheduleDefinition, after: number, horizonMs: number = DEFAULT_HORIZON_MS): { at: number; state: DesiredState } | null {
  const end = after + Math.min(Math.max(horizonMs, 0), MAX_TRANSITION_RANGE_MS);
  const pairs = def.enabled === false ? [] : (def.cronPairs ?? []);
  let chunk = DAY_MS;
  let narrowed = 0;
  for (let start = after; start < end; ) {
    let stop = Math.min(start + chunk, end);
    // Cron pairs may change state every minute: ask cron-parser for their next change and look no
    // further than it, instead of enumerating a day of changes to keep the first. (A pair held by
    // an exception or outvoted by periods changes nothing; after a few such steps, widen again.)
    const cronChange = pairs.length > 0 && narrowed < MAX_NARROWED_STEPS ? firstPairChange(def.timezone, pairs, start, stop) : null;
    if (cronChange !== null) {
      stop = cronChange;
      narrowed++;
    }
    const found = scheduleTransitions(def, start, stop);
    if (found.length > 0) return found[0] ?? null;
    start = stop;
    if (cronChange === null) chunk *= 2;
  }
  return null;
}

/** How many cron-bounded steps `nextTransition` takes before it falls back to whole days. */
const MAX_NARROWED_STEPS = 32;
