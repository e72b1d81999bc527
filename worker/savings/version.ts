/**
 * The organization's savings version (`organizations.savings_version`): one statement that bumps
 * it, added to the same D1 batch as every write of the organization's savings ledger, daily and
 * running rollups, organization days, fleet rate or prices (./store.ts, ./fleet-rate.ts,
 * ./recompute.ts through them). A savings read computed at version N is therefore still true for
 * its closed rows and open intervals while the version reads N (worker/api/routes/savings/
 * savings-memo.ts keeps such reads per isolate).
 *
 * Never: bumps another organization's version, or stands alone outside the write's batch (a read
 * between the write and the bump would memoize the old rows under the new version).
 */
import { eq, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { organizations } from "../db/schema.ts";

export function savingsVersionBump(db: DrizzleD1Database, orgId: string) {
  return db
    .update(organizations)
    .set({ savingsVersion: sql`${organizations.savingsVersion} + 1` })
    .where(eq(organizations.id, orgId));
}
