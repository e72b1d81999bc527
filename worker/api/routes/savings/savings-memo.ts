/**
 * What an organization's savings reads keep between requests in one isolate: the rows a read
 * loaded from rollups and the ledger (closed sums, the intervals open at that time), keyed by the
 * read's range and remembered with the organization's savings version (worker/savings/version.ts).
 * Every write of the organization's ledger, rollups, fleet rate or prices bumps that version in
 * its own D1 batch, so rows loaded at version N are still the stored rows while the version reads
 * N: a request then costs the one statement that reads the version (with the time zone and the
 * count of unpriced databases, which are read live) instead of the rollup statements. Open
 * intervals keep accruing: the routes add their accrual up to the request's own `now`, memoized
 * or not.
 *
 * Owns: the head statement (time zone, version, unpriced count) and a small LRU per route.
 * Never: shares entries across organizations (the key starts with the organization id), serves an
 * entry of another version, or grows past its limit. Isolates do not share memory: each one loads
 * once per version, and D1 stays the only truth.
 */
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { instances, organizations } from "../../../db/schema.ts";
import { UNKNOWN_SOURCE } from "../../../savings/price.ts";

export interface SavingsHead {
  timeZone: string;
  version: number;
  /** Databases of the organization (not deleted) with no known price. */
  unpriced: number;
}

/** One statement: the organization's time zone, savings version and unpriced databases. */
export function savingsHeadQuery(db: DrizzleD1Database, orgId: string) {
  const unpriced = db
    .select({ n: sql<number>`count(*)` })
    .from(instances)
    .where(and(eq(instances.orgId, orgId), isNull(instances.deletedAt), or(isNull(instances.priceSource), eq(instances.priceSource, UNKNOWN_SOURCE))));
  return db
    .select({ timeZone: organizations.timezone, version: organizations.savingsVersion, unpriced: sql<number>`(${unpriced})`.as("unpriced") })
    .from(organizations)
    .where(eq(organizations.id, orgId));
}

export async function savingsHead(db: DrizzleD1Database, orgId: string): Promise<SavingsHead> {
  const [row] = await savingsHeadQuery(db, orgId);
  return { timeZone: row?.timeZone ?? "UTC", version: Number(row?.version ?? 0), unpriced: Number(row?.unpriced ?? 0) };
}

/** A bounded least-recently-used memo of values loaded at a savings version. */
export class SavingsMemo<T> {
  private readonly entries = new Map<string, { version: number; value: T }>();

  constructor(private readonly limit: number) {}

  /** The value loaded for `key` at `version`, or undefined (absent, or loaded at another version). */
  get(key: string, version: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, version: number, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
