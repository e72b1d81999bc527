/**
 * What the sleep calendar draws besides plain sleeps (pure):
 * - cycle bands: a week drawn on one row cannot show a 5-minute sleep; hundreds of them side by
 *   side look like one solid sleep, which is a lie. Merge rule: a run of at least
 *   MIN_CYCLE_SLEEPS sleeps in which every sleep and every awake gap between two of them is shorter
 *   than CYCLE_RESOLUTION_MS becomes one band "cycles every N min", with the count of sleeps and
 *   the share of the band spent asleep. Longer sleeps are drawn as they are.
 * - maintenance wakes: where a schedule with "wake for the maintenance window" will wake an
 *   asleep database for its pending maintenance (worker/reconcile/maintenance.ts, the agent's own
 *   rule): the sleep is cut for the wake, and the wake is listed with its window. A keep-asleep
 *   override covering the wake wins, as in the agent.
 *
 * Never: does I/O or reads the clock.
 */
import type { MaintenanceFacts } from "../../../domain/maintenance.ts";
import { maintenanceWake } from "../../../reconcile/maintenance.ts";

/** Sleeps and gaps shorter than this are below what a week's row can draw (30 minutes ~ 3 px at 1,000 px a week). */
export const CYCLE_RESOLUTION_MS = 30 * 60_000;
/** Fewer short sleeps in a row are drawn one by one. */
export const MIN_CYCLE_SLEEPS = 3;

export interface Interval {
  from: number;
  to: number;
}

export interface CycleBand extends Interval {
  sleeps: number;
  /** The usual time from one sleep to the next, in whole minutes. */
  everyMinutes: number;
  /** Share of the band asleep, in whole percent. */
  asleepPercent: number;
}

/** Folds runs of short sleeps into bands; returns the bands and the sleeps left to draw one by one. */
export function cycleBands<T extends Interval>(asleep: readonly T[], resolutionMs = CYCLE_RESOLUTION_MS): { bands: CycleBand[]; single: T[] } {
  const bands: CycleBand[] = [];
  const single: T[] = [];
  const sorted = [...asleep].sort((a, b) => a.from - b.from);
  let run: T[] = [];
  const flush = () => {
    if (run.length >= MIN_CYCLE_SLEEPS) {
      const periods = run.slice(1).map((s, i) => s.from - run[i]!.from).sort((a, b) => a - b);
      const asleepMs = run.reduce((sum, s) => sum + (s.to - s.from), 0);
      const from = run[0]!.from;
      const to = run[run.length - 1]!.to;
      bands.push({ from, to, sleeps: run.length, everyMinutes: Math.round(periods[Math.floor(periods.length / 2)]! / 60_000), asleepPercent: Math.round((asleepMs / (to - from)) * 100) });
    } else single.push(...run);
    run = [];
  };
  for (const s of sorted) {
    const short = s.to - s.from < resolutionMs;
    const last = run[run.length - 1];
    if (short && last && s.from - last.to < resolutionMs) run.push(s);
    else {
      flush();
      if (short) run = [s];
      else single.push(s);
    }
  }
  flush();
  return { bands, single };
}

export interface MaintenanceWakeRow extends Interval {
  /** The window itself (UTC). */
  windowFrom: number;
  windowTo: number;
}

/**
 * The maintenance wake of one database in [from, to) if the agent will make it: a schedule that
 * selects the database asks for it, maintenance is pending, the database would be asleep then,
 * and no keep-asleep override covers it. Returns the sleeps with the wake cut out.
 */
export function withMaintenanceWake<T extends Interval>(
  asleep: readonly T[],
  facts: MaintenanceFacts | null | undefined,
  optedIn: boolean,
  keepAsleepUntil: number | null | undefined,
  from: number,
  to: number,
): { asleep: T[]; wake: MaintenanceWakeRow | null } {
  const wake = optedIn ? maintenanceWake(facts, from) : null;
  if (!wake || wake.wakeAt >= to) return { asleep: [...asleep], wake: null };
  if (keepAsleepUntil !== undefined && (keepAsleepUntil === null || keepAsleepUntil > wake.wakeAt)) return { asleep: [...asleep], wake: null };
  const cut = { from: Math.max(wake.wakeAt, from), to: Math.min(wake.sleepAt, to) };
  if (!asleep.some((a) => a.from < cut.to && a.to > cut.from)) return { asleep: [...asleep], wake: null };
  const out: T[] = [];
  for (const a of asleep) {
    if (a.to <= cut.from || a.from >= cut.to) out.push(a);
    else {
      if (a.from < cut.from) out.push({ ...a, to: cut.from });
      if (a.to > cut.to) out.push({ ...a, from: cut.to });
    }
  }
  return { asleep: out, wake: { ...cut, windowFrom: wake.windowStart, windowTo: wake.windowEnd } };
}
