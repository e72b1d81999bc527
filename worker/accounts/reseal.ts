/**
 * The re-seal job: moves stored cloud credentials to the current encryption key after a key
 * rotation (docs/security.md). Each row is opened with the key ring (current + previous keys) and
 * sealed again under the current key, with a compare-and-set update so a credential changed
 * meanwhile is left alone. Runs for one organization (the owner's API route) or for the whole
 * service in small batches (the cron tick), and reports counts only — never a plaintext.
 */
import { and, eq, isNotNull, not, like, count } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { cloudAccounts } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { keyRingFromEnv, reseal } from "../security/sealed-secrets.ts";

export interface ResealReport {
  /** Rows moved to the current key by this run. */
  resealed: number;
  /** Rows that could not be opened with any key in the ring (their ids, for the operator). */
  failed: string[];
  /** Rows still sealed under an older key after this run (more batches needed, or failures). */
  remaining: number;
  currentVersion: string;
}

export async function resealCredentials(env: Env, options: { orgId?: string; limit?: number } = {}): Promise<ResealReport> {
  const db = drizzle(env.DB);
  const ring = keyRingFromEnv(env);
  const stale = and(
    isNotNull(cloudAccounts.credentialsSealed),
    not(like(cloudAccounts.credentialsSealed, `${ring.current}.%`)),
    options.orgId ? eq(cloudAccounts.orgId, options.orgId) : undefined,
  );
  const rows = await db.select({ id: cloudAccounts.id, sealed: cloudAccounts.credentialsSealed }).from(cloudAccounts).where(stale).limit(options.limit ?? 500);
  let resealed = 0;
  const failed: string[] = [];
  for (const row of rows) {
    try {
      const next = await reseal(ring, row.sealed!, row.id);
      const updated = await db
        .update(cloudAccounts)
        .set({ credentialsSealed: next })
        .where(and(eq(cloudAccounts.id, row.id), eq(cloudAccounts.credentialsSealed, row.sealed!)))
        .returning({ id: cloudAccounts.id });
      resealed += updated.length;
    } catch {
      failed.push(row.id);
    }
  }
  const [left] = await db.select({ n: count() }).from(cloudAccounts).where(stale);
  return { resealed, failed, remaining: left?.n ?? 0, currentVersion: ring.current };
}
