/**
 * Cron pairs: `{ start, stop }` cron expressions whose most recent firing sets the desired state.
 *
 * Owns: validating a cron expression for use in a schedule, and computing — in the schedule's
 * time zone — when an expression fires and which side of a pair fired most recently.
 *
 * Semantics:
 * - Standard 5-field cron (`minute hour day-of-month month day-of-week`), parsed and iterated by
 *   cron-parser, so its dialect applies: names (`mon`, `jan`), ranges, lists, steps, `L`, `5L`,
 *   `1#2`, and — unlike periods — **day-of-week 0 or 7 = Sunday**, and day-of-month OR
 *   day-of-week when both are restricted. The aliases @yearly, @annually, @monthly, @weekly,
 *   @daily, @hourly, @weekdays and @weekends are accepted. Seconds fields, @minutely/@secondly
 *   and `H` (random jitter, which would make evaluation non-deterministic) are rejected, as is an
 *   expression that never fires.
 * - Expressions are matched against the schedule's local wall clock (cron-parser iterates wall
 *   time; timezone.ts maps each wall time to an instant) with the same DST policy as periods: a
 *   fire time inside a spring-forward gap fires at the first instant after the gap (cron-parser's
 *   own tz mode would shift it a whole hour later instead), and a fire time in a repeated hour fires
 *   once, at its first occurrence.
 * - A pair's state at instant t: whichever of start/stop fired most recently at or before t
 *   (inclusive) — "running" for start, "stopped" for stop; if both fired at the same instant,
 *   "running" wins; if neither has ever fired, "none". Several pairs combine like every other
 *   source: running > stopped > none (see evaluate.ts).
 *
 * Never: touches the system clock or local time zone, or performs I/O. Memo caches are bounded.
 */
import { CronExpressionParser, type CronExpression } from "cron-parser";
import { maxWallReachedBy, resolveWall, wallAt } from "./timezone.ts";

export type PairState = "running" | "stopped" | "none";

export interface CronPairSpec {
  start: string;
  stop: string;
}

const ALIASES = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@hourly", "@weekdays", "@weekends"]);

/** Validation message for a cron expression, or null when it is usable. */
export function cronError(expr: string): string | null {
  const text = expr.trim();
  if (text === "") return "cron expression must not be empty";
  if (text.length > 200) return "cron expression is too long (at most 200 characters)";
  if (text.startsWith("@")) {
    if (!ALIASES.has(text.toLowerCase())) return `"${text}" is not a supported alias (use @yearly, @monthly, @weekly, @daily, @hourly, @weekdays or @weekends)`;
  } else {
    const fields = text.split(/\s+/);
    if (fields.length !== 5) {
      return `"${text}" has ${fields.length} field${fields.length === 1 ? "" : "s"}; a cron expression has 5: minute hour day-of-month month day-of-week (e.g. "0 8 * * 1-5")`;
    }
    if (fields.some((f) => f.split(/[,/]/).some((item) => /^h(?![a-z])/i.test(item)))) {
      return `"${text}" uses H (random jitter), which is not allowed in schedules: write explicit values`;
    }
  }
  let it: CronExpression;
  try {
    it = CronExpressionParser.parse(text, { tz: "UTC", currentDate: new Date(Date.UTC(2000, 0, 1)) });
  } catch (e) {
    return `"${text}" is not a valid cron expression: ${e instanceof Error ? e.message : String(e)}`;
  }
  try {
    it.next();
  } catch {
    return `"${text}" never fires`;
  }
  return null;
}

const iterators = new Map<string, CronExpression>();

/** A cached cron-parser iterator positioned at `wall` (wall clock encoded as UTC ms). */
function iteratorAt(expr: string, wall: number): CronExpression {
  const text = expr.trim();
  let it = iterators.get(text);
  if (!it) {
    it = CronExpressionParser.parse(text, { tz: "UTC", currentDate: new Date(wall) });
    if (iterators.size > 500) iterators.clear();
    iterators.set(text, it);
  } else {
    it.reset(new Date(wall));
  }
  return it;
}

const MAX_STEPS = 10_000;

/** The first instant after `after` (exclusive) at which `expr` fires in `zone`, or null if never. */
export function nextFireAfter(zone: string, expr: string, after: number): number | null {
  // Wall times at or before wall(after) resolve at or before `after`; later ones may too (the
  // second pass of a repeated hour), which the loop skips.
  const it = iteratorAt(expr, wallAt(zone, after));
  for (let i = 0; i < MAX_STEPS; i++) {
    let wall: number;
    try {
      wall = it.next().getTime();
    } catch {
      return null;
    }
    const at = resolveWall(zone, wall, "earliest");
    if (at > after) return at;
  }
  return null;
}

interface LastFire {
  fire: number | null;
  /** The result holds for instants in [validFrom, validUntil). */
  validFrom: number;
  validUntil: number;
}

const lastFireCache = new Map<string, LastFire>();

/** The most recent instant at or before `at` at which `expr` fires in `zone`, or null if never. */
export function lastFireAtOrBefore(zone: string, expr: string, at: number): number | null {
  const key = `${zone}\u0000${expr}`;
  const cached = lastFireCache.get(key);
  if (cached && at >= cached.validFrom && at < cached.validUntil) return cached.fire;

  const it = iteratorAt(expr, maxWallReachedBy(zone, at) + 1);
  let fire: number | null = null;
  for (let i = 0; i < MAX_STEPS; i++) {
    let wall: number;
    try {
      wall = it.prev().getTime();
    } catch {
      break;
    }
    const t = resolveWall(zone, wall, "earliest");
    if (t <= at) {
      fire = t;
      break;
    }
  }
  const next = nextFireAfter(zone, expr, at);
  if (lastFireCache.size > 2000) lastFireCache.clear();
  lastFireCache.set(key, { fire, validFrom: fire ?? Number.NEGATIVE_INFINITY, validUntil: next ?? Number.POSITIVE_INFINITY });
  return fire;
}

/** State of one pair at `at`: whichever side fired most recently (ties → running). */
export function pairStateAt(zone: string, pair: CronPairSpec, at: number): PairState {
  const start = lastFireAtOrBefore(zone, pair.start, at);
  const stop = lastFireAtOrBefore(zone, pair.stop, at);
  if (start === null && stop === null) return "none";
  if (stop === null) return "running";
  if (start === null) return "stopped";
  return start >= stop ? "running" : "stopped";
}

/**
 * The instants in (from, to] at which a pair's state changes, with the new state, ascending (at
 * most `limit` of them). Costs a couple of cron look-ups per change, not per firing.
 */
export function pairTransitions(zone: string, pair: CronPairSpec, from: number, to: number, limit = Number.POSITIVE_INFINITY): { at: number; state: PairState }[] {
  const out: { at: number; state: PairState }[] = [];
  let state = pairStateAt(zone, pair, from);
  let t = from;
  for (let guard = 0; guard < 100_000 && t < to && out.length < limit; guard++) {
    if (state === "running") {
      // Only a stop can change it; a stop at the same instant as a start changes nothing.
      const s = nextFireAfter(zone, pair.stop, t);
      if (s === null || s > to) break;
      t = s;
      if (lastFireAtOrBefore(zone, pair.start, s) === s) continue;
      state = "stopped";
      out.push({ at: s, state });
    } else {
      // "stopped" or "none": the next start makes it running; from "none", a stop makes it stopped.
      const s = nextFireAfter(zone, pair.start, t);
      if (state === "none") {
        const p = nextFireAfter(zone, pair.stop, t);
        if (p !== null && p <= to && (s === null || p < s)) {
          t = p;
          state = "stopped";
          out.push({ at: p, state });
          continue;
        }
      }
      if (s === null || s > to) break;
      t = s;
      state = "running";
      out.push({ at: s, state });
    }
  }
  return out;
}

/** The first instant in (from, to] at which any of the pairs changes state, or null. */
export function firstPairChange(zone: string, pairs: readonly CronPairSpec[], from: number, to: number): number | null {
  let first: number | null = null;
  for (const pair of pairs) {
    const [change] = pairTransitions(zone, pair, from, first ?? to, 1);
    if (change && (first === null || change.at < first)) first = change.at;
  }
  return first;
}
