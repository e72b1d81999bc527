/**
 * Retention's share of the cron tick: deletes the rows past the retention policy
 * (worker/domain/retention.ts) of the organizations whose daily run is due
 * (`organizations.retention_due_at <= now`, a range on `organizations_retention_due_idx`, at most
 * PRUNE_ORGS_PER_TICK a minute), in DELETEs of at most PRUNE_BATCH_ROWS rows each and at most
 * PRUNE_STATEMENTS_PER_TICK statements a tick, so a large backlog (the first run after a deploy)
 * is worked off over several minutes and never holds D1's single writer for long. An organization
 * whose tables were not all brought within retention stays due and is taken up again next minute.
 *
 * Every statement is scoped by one organization and uses its (org_id, time) index, so every
 * tenant's rows are handled alike and a run reads only the rows it deletes (plus, for events, the
 * ledger rows that protect them).
 *
 * Events the savings ledger may still re-read are kept however old: worker/savings/store.ts
 * recomputes a database's ledger from the start of its last sleep that ended by a start (or from
 * its first sleep when none has ended), so that database's events from LEDGER_MARGIN_MS before
 * that sleep on are never deleted. Pruning therefore never changes a ledger a recompute builds.
 *
 * Never: deletes a row inside its retention period, touches the savings ledger or its rollups, or
 * lets a failure escape into the tick (the caller logs it; the next minute retries).
 */
import { and, asc, eq, lte } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Env } from "../env.ts";
import { organizations } from "../db/schema.ts";
import {
  cutoffs,
  LEDGER_MARGIN_MS,
  nextPruneAt,
  PRUNE_BATCH_ROWS,
  PRUNE_ORGS_PER_TICK,
  PRUNE_STATEMENTS_PER_TICK,
  PRUNED_TABLES,
  tableDone,
  type PrunedTable,
} from "../domain/retention.ts";

export interface PruneResult {
  orgs: number;
  statements: number;
  deleted: Record<PrunedTable, number>;
  /** Organizations left due because the statement budget ran out. */
  unfinished: number;
}

/** One bounded DELETE of an organization's rows past `cutoff` (oldest first). */
function pruneStatement(db: D1Database, table: PrunedTable, orgId: string, cutoff: number): D1PreparedStatement {
  const n = PRUNE_BATCH_ROWS;
  switch (table) {
    case "events":
      // The ledger's horizon per database: the start of its last sleep ended by a start (or of its
      // first sleep when none has ended yet), less the margin; no ledger rows = no horizon.
      return db
        .prepare(
          `DELETE FROM events WHERE id IN (
             SELECT e.id FROM events e
             WHERE e.org_id = ?1 AND e.occurred_at < ?2
               AND (e.instance_id IS NULL OR e.occurred_at < coalesce(
                 (SELECT max(s.sleep_from) FROM savings s WHERE s.org_id = ?1 AND s.instance_id = e.instance_id AND s.ended_by IN ('start', 'auto_restart')),
                 (SELECT min(s.sleep_from) FROM savings s WHERE s.org_id = ?1 AND s.instance_id = e.instance_id),
                 ?2 + ?4) - ?4)
             ORDER BY e.occurred_at LIMIT ?3)`,
        )
        .bind(orgId, cutoff, n, LEDGER_MARGIN_MS);
    case "audit_log":
      return db.prepare("DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE org_id = ?1 AND created_at < ?2 ORDER BY created_at LIMIT ?3)").bind(orgId, cutoff, n);
    case "deliveries":
      return db.prepare("DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries WHERE org_id = ?1 AND created_at < ?2 ORDER BY created_at LIMIT ?3)").bind(orgId, cutoff, n);
    case "idempotency_keys":
      // Its primary key leads with org_id; the rows of one organization are few (24 h of keys).
      return db.prepare("DELETE FROM idempotency_keys WHERE org_id = ?1 AND key IN (SELECT key FROM idempotency_keys WHERE org_id = ?1 AND created_at < ?2 LIMIT ?3)").bind(orgId, cutoff, n);
  }
}

/** Brings one organization's tables within retention, spending at most `budget` statements. */
export async function pruneOrganization(db: D1Database, orgId: string, now: number, budget: number): Promise<{ statements: number; finished: boolean; deleted: Record<PrunedTable, number> }> {
  const limits = cutoffs(now);
  const deleted = Object.fromEntries(PRUNED_TABLES.map((t) => [t, 0])) as Record<PrunedTable, number>;
  let statements = 0;
  for (const table of PRUNED_TABLES) {
    for (;;) {
      if (statements >= budget) return { statements, finished: false, deleted };
      const result = await pruneStatement(db, table, orgId, limits[table]).run();
      statements++;
      const n = result.meta.changes ?? 0;
      deleted[table] += n;
      if (tableDone(n)) break;
    }
  }
  return { statements, finished: true, deleted };
}

/** The tick's retention work: due organizations, oldest due first, within the statement budget. */
export async function runRetentionTick(env: Pick<Env, "DB">, now: number): Promise<PruneResult> {
  const db = drizzle(env.DB);
  const due = await db
    .select({ id: organizations.id, dueAt: organizations.retentionDueAt })
    .from(organizations)
    .where(lte(organizations.retentionDueAt, now))
    .orderBy(asc(organizations.retentionDueAt))
    .limit(PRUNE_ORGS_PER_TICK);
  const result: PruneResult = { orgs: 0, statements: 0, deleted: Object.fromEntries(PRUNED_TABLES.map((t) => [t, 0])) as Record<PrunedTable, number>, unfinished: 0 };
  for (const org of due) {
    const budget = PRUNE_STATEMENTS_PER_TICK - result.statements;
    if (budget <= 0) break;
    const run = await pruneOrganization(env.DB, org.id, now, budget);
    result.orgs++;
    result.statements += run.statements;
    for (const t of PRUNED_TABLES) result.deleted[t] += run.deleted[t];
    if (!run.finished) result.unfinished++;
    // Compare-and-set: a concurrent tick that already moved the due time is left alone.
    await db
      .update(organizations)
      .set({ retentionDueAt: nextPruneAt(now, run.finished) })
      .where(and(eq(organizations.id, org.id), eq(organizations.retentionDueAt, org.dueAt)));
  }
  return result;
}
