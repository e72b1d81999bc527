/**
 * The retention policy: how long each growing D1 table keeps its rows, and when an organization's
 * next pruning run is due. Decided without I/O; worker/retention/prune.ts carries it out from the
 * cron tick, and docs/capacity.md derives the fleet size one D1 database holds from it.
 *
 * Periods (days, counted from the row's own time column):
 *   events          400  a year of history plus a month (year-over-year reports, and the 400 days of
 *                        Cloud SQL's audit log that history backfill can read). An event the
 *                        savings ledger may still re-read is kept however old (prune.ts).
 *   audit_log       400  a year of "who did what", as events.
 *   deliveries       30  the delivery log is for debugging integrations; queue retries end in minutes.
 *   idempotency_keys  2  a key answers for 24 h (worker/api/idempotency.ts); a day of slack.
 *   metrics          90  hourly rollups, pruned per account by its agent (worker/metrics/collect.ts).
 * Kept without limit: the savings ledger and its rollups (the proof of money saved; a few rows per
 * database per day), the tenant index, and dead letters (an operator resolves those by hand).
 *
 * Must never: read the clock, touch D1 or the network.
 */

export const DAY_MS = 86_400_000;

/** Tables pruned by worker/retention/prune.ts, with their retention in days. */
export const RETENTION_DAYS = {
  events: 400,
  audit_log: 400,
  deliveries: 30,
  idempotency_keys: 2,
} as const;
export type PrunedTable = keyof typeof RETENTION_DAYS;
export const PRUNED_TABLES = Object.keys(RETENTION_DAYS) as PrunedTable[];

/** Rows removed by one DELETE: small enough that a statement stays far inside D1's per-query time
 * limit, and that one run never holds the database's single writer for long. */
export const PRUNE_BATCH_ROWS = 500;
/** DELETE statements one cron tick may run for retention, over all organizations. */
export const PRUNE_STATEMENTS_PER_TICK = 40;
/** Organizations looked at per tick (a bounded, indexed read of the due ones). */
export const PRUNE_ORGS_PER_TICK = 20;
/** An organization's rows are pruned once a day. */
export const PRUNE_EVERY_MS = DAY_MS;
/** Events of a database this long before the start of the sleep its ledger may re-read are kept
 * too (the stop request and the observations just before the sleep). */
export const LEDGER_MARGIN_MS = DAY_MS;

/** Rows of `table` older than this instant (epoch ms) are past retention. */
export function cutoffFor(table: PrunedTable, now: number): number {
  return now - RETENTION_DAYS[table] * DAY_MS;
}

export function cutoffs(now: number): Record<PrunedTable, number> {
  return Object.fromEntries(PRUNED_TABLES.map((t) => [t, cutoffFor(t, now)])) as Record<PrunedTable, number>;
}

/**
 * The next run of one organization: a day later when every table was brought within retention;
 * at once (the next tick) when a table still had rows past it when the statement budget ran out.
 */
export function nextPruneAt(now: number, finished: boolean): number {
  return finished ? now + PRUNE_EVERY_MS : now;
}

/** A table is done when its last DELETE removed fewer rows than the batch allows. */
export const tableDone = (deleted: number) => deleted < PRUNE_BATCH_ROWS;
