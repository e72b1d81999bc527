/**
 * Running totals of a database's daily savings rows, per cause: the rows of `savings_running` and
 * the (database, cause) pairs of `savings_causes` (worker/db/schema.ts), which let any range of
 * days be summed with two lookups per pair.
 *
 * Owns: turning daily rows (and, for an incremental rewrite, each cause's sums before the first
 * rewritten day) into running rows. Pure, so the events consumer and the recompute produce the
 * very same rows from the same daily rows.
 * Never: does I/O, or rounds (sums of integers only).
 */

export interface PairKey {
  causeKind: string;
  /** "" when the cause has no id (as in `savings_daily`). */
  causeId: string;
}

export interface PairSums extends PairKey {
  asleepSeconds: number;
  savedMicros: number;
}

export interface RunningRow extends PairSums {
  day: string;
}

const keyOf = (p: PairKey) => `${p.causeKind}\u0000${p.causeId}`;

/**
 * The running rows of `daily` (one database's daily rows from some day on, any order), each cause
 * starting from its sums `before` that day (none: from zero), ordered by cause then day.
 */
export function runningRows(before: readonly PairSums[], daily: readonly (RunningRow & { unpricedSeconds?: number })[]): RunningRow[] {
  const sums = new Map<string, { asleepSeconds: number; savedMicros: number }>();
  for (const b of before) sums.set(keyOf(b), { asleepSeconds: Number(b.asleepSeconds), savedMicros: Number(b.savedMicros) });
  const sorted = [...daily].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  return sorted.map((r) => {
    const s = sums.get(keyOf(r)) ?? { asleepSeconds: 0, savedMicros: 0 };
    s.asleepSeconds += r.asleepSeconds;
    s.savedMicros += r.savedMicros;
    sums.set(keyOf(r), s);
    return { causeKind: r.causeKind, causeId: r.causeId, day: r.day, asleepSeconds: s.asleepSeconds, savedMicros: s.savedMicros };
  });
}

/** The distinct causes of some rows, ordered. */
export function pairsOf(...rows: readonly (readonly PairKey[])[]): PairKey[] {
  const pairs = new Map<string, PairKey>();
  for (const list of rows) for (const r of list) pairs.set(keyOf(r), { causeKind: r.causeKind, causeId: r.causeId });
  return [...pairs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}
