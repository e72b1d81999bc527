/**
 * Schedule exceptions: whole local dates (holidays, release freezes) on which a schedule holds
 * its databases "stopped" or "running" regardless of periods and cron pairs.
 *
 * Owns: deciding which exception, if any, governs a local date. Ranges are inclusive and in the
 * schedule's zone; an exception covers every instant of its dates (from the first instant of
 * `from` to the first instant of the day after `to`). Where several cover a date, the narrowest
 * range wins (a one-day "running" release day inside a two-week "stopped" freeze applies); among
 * equally narrow ones "running" wins, as it does everywhere else in SnoozeQL.
 *
 * Never: evaluates periods or cron, reads the clock, or performs I/O.
 */
import { dayNumberOfIsoDate } from "./timezone.ts";

export interface ExceptionSpec {
  from: string;
  to?: string | undefined;
  state: "running" | "stopped";
}

export interface CompiledException {
  first: number;
  last: number;
  state: "running" | "stopped";
}

export function compileExceptions(list: readonly ExceptionSpec[] | undefined): CompiledException[] {
  if (!list) return [];
  return list.map((x) => ({ first: dayNumberOfIsoDate(x.from), last: dayNumberOfIsoDate(x.to ?? x.from), state: x.state }));
}

/** The state an exception imposes on local date `dayNumber`, or null when none covers it. */
export function exceptionStateOn(exceptions: readonly CompiledException[], dayNumber: number): "running" | "stopped" | null {
  let best: CompiledException | null = null;
  for (const x of exceptions) {
    if (dayNumber < x.first || dayNumber > x.last) continue;
    if (best === null) {
      best = x;
      continue;
    }
    const width = x.last - x.first;
    const bestWidth = best.last - best.first;
    if (width < bestWidth || (width === bestWidth && x.state === "running")) best = x;
  }
  return best ? best.state : null;
}

/** Local dates on which the exception state may change (first day of each range and the day after its end). */
export function exceptionBoundaryDays(exceptions: readonly CompiledException[], fromDay: number, toDay: number): number[] {
  const days: number[] = [];
  for (const x of exceptions) {
    if (x.first >= fromDay && x.first <= toDay) days.push(x.first);
    if (x.last + 1 >= fromDay && x.last + 1 <= toDay) days.push(x.last + 1);
  }
  return days;
}
