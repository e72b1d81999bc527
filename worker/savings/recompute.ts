/**
 * Rebuilds an organization's daily savings rollups (`savings_daily`, the all-time
 * `savings_totals`, the running totals `savings_running` with `savings_causes`, the organization's
 * own days in `savings_org_daily`, and its projected cost's `savings_fleet_rate`) from its ledger
 * (`savings`) and price history,
 * for `npm run savings:recompute` and POST /api/v1/savings/recompute. The events consumer keeps
 * the rollups up to date incrementally; a rebuild must give the very same rows (tested), so it is
 * the auditor's check and the repair after a rollup rule changes.
 *
 * Owns: the from-scratch rollup, one database at a time (delete + insert in one D1 batch each, so
 * a reader never sees a database half rebuilt), and removing rows of databases with no ledger.
 * Never: reads events or changes the ledger itself; touches another organization's rows.
 */
import { and, asc, eq, isNotNull, notInArray, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { BatchItem } from "drizzle-orm/batch";
import { organizations, savings, savingsCauses, savingsDaily, savingsRunning, savingsTotals } from "../db/schema.ts";
import { fleetRateStatements } from "./fleet-rate.ts";
import { dailyRollup } from "./rollup.ts";
import { chunked, dailyRowsFor, intervalFromRow, orgDailyStatements, runningStatements, totalsStatement, type D1 } from "./store.ts";

export interface RecomputeOutcome {
  databases: number;
  rows: number;
}

export async function rebuildDailyRollups(d1: D1, orgId: string): Promise<RecomputeOutcome> {
  const db = drizzle(d1);
  const [[org], withLedger] = await db.batch([
    db.select({ timeZone: organizations.timezone }).from(organizations).where(eq(organizations.id, orgId)),
    db
      .selectDistinct({ instanceId: savings.instanceId })
      .from(savings)
      .where(and(eq(savings.orgId, orgId), isNotNull(savings.until))),
  ]);
  if (!org) return { databases: 0, rows: 0 };
  let rows = 0;
  for (const { instanceId } of withLedger) {
    const ledger = await db
      .select()
      .from(savings)
      .where(and(eq(savings.orgId, orgId), eq(savings.instanceId, instanceId), isNotNull(savings.until)))
      .orderBy(asc(savings.from));
    // Closed intervals only: `now` plays no part in their rows.
    const daily = dailyRowsFor(orgId, instanceId, dailyRollup(ledger.map(intervalFromRow), org.timeZone, 0));
    rows += daily.length;
    const statements: BatchItem<"sqlite">[] = [
      db.delete(savingsDaily).where(and(eq(savingsDaily.orgId, orgId), eq(savingsDaily.instanceId, instanceId))),
      ...chunked(daily, 8).map((chunk) => db.insert(savingsDaily).values(chunk)),
      ...runningStatements(db, orgId, instanceId, null, [], daily),
      totalsStatement(db, orgId, instanceId, daily),
    ];
    const [first, ...rest] = statements;
    await db.batch([first!, ...rest]);
  }
  const withoutLedger = sql`(select distinct ${savings.instanceId} from ${savings} where ${savings.orgId} = ${orgId} and ${savings.until} is not null)`;
  await db.batch([
    db.delete(savingsDaily).where(and(eq(savingsDaily.orgId, orgId), notInArray(savingsDaily.instanceId, withoutLedger))),
    db.delete(savingsTotals).where(and(eq(savingsTotals.orgId, orgId), notInArray(savingsTotals.instanceId, withoutLedger))),
    db.delete(savingsRunning).where(and(eq(savingsRunning.orgId, orgId), notInArray(savingsRunning.instanceId, withoutLedger))),
    db.delete(savingsCauses).where(and(eq(savingsCauses.orgId, orgId), notInArray(savingsCauses.instanceId, withoutLedger))),
    // The organization's days, summed from the rebuilt rows (the consumer's very statements).
    ...orgDailyStatements(db, orgId, null),
    ...fleetRateStatements(db, orgId),
  ]);
  return { databases: withLedger.length, rows };
}
