/**
 * The cron tick (`* * * * *`): one trigger a minute for the whole service, never one per tenant.
 *
 * It selects the cloud accounts whose work is due (the indexed `next_due_at`), hands each to its
 * AccountAgent through the `account-ticks` queue in batches of at most 100, and pushes their
 * `next_due_at` forward so the next minute's tick does not re-send them while they work. The
 * agents set their own alarms for exact transitions; this tick is the safety net, not the clock.
 * The recommendation analysis is not part of it: worker/ticks/analysis-tick.ts queues that work.
 */
import { and, asc, inArray, lte, ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { cloudAccounts } from "../db/schema.ts";
import type { Env } from "../env.ts";
import type { AccountTickMessage } from "./messages.ts";

/** The longest an account waits between safety-net ticks. */
export const TICK_INTERVAL_MS = 60_000;
/** Queues accept at most 100 messages per sendBatch call. */
export const SEND_BATCH_LIMIT = 100;
/** D1 allows 100 bound parameters per statement; leave room for the others. */
const UPDATE_CHUNK = 90;
/** Upper bound on accounts handed out per tick (keeps one invocation within its subrequest budget). */
export const MAX_ACCOUNTS_PER_TICK = 5_000;

export interface DueAccount {
  id: string;
  orgId: string;
}

/** Pure: the queue messages for one tick. The tick id is the trigger's minute, so a re-run of the
 * same trigger produces the same ids and agents ignore the repeat. */
export function planTickMessages(due: DueAccount[], scheduledAt: number): AccountTickMessage[] {
  const minute = Math.floor(scheduledAt / 60_000) * 60_000;
  const tickId = `cron-${new Date(minute).toISOString()}`;
  return due.map((a) => ({ accountId: a.id, orgId: a.orgId, tickId, scheduledAt: minute, reason: "cron" }));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface TickResult {
  due: number;
  enqueued: number;
  /** D1 rows the tick's own statements read (the due range and the due-time updates): O(due). */
  rowsRead: number;
}

/** The tick's one read: due accounts, as a range on `cloud_accounts_due_idx`. */
export function dueAccountsQuery(env: Env, scheduledAt: number) {
  // Every account gets a due time when it is created, so no NULL test is needed and SQLite reads
  // the due rows and nothing else: O(due), not O(accounts).
  return drizzle(env.DB)
    .select({ id: cloudAccounts.id, orgId: cloudAccounts.orgId })
    .from(cloudAccounts)
    .where(and(lte(cloudAccounts.nextDueAt, new Date(scheduledAt)), ne(cloudAccounts.status, "disabled")))
    .orderBy(asc(cloudAccounts.nextDueAt))
    .limit(MAX_ACCOUNTS_PER_TICK);
}

export async function runCronTick(env: Env, scheduledAt: number): Promise<TickResult> {
  const db = drizzle(env.DB);
  // Run through D1 directly for its meta: rows read per tick is what must stay O(due).
  const { sql, params } = dueAccountsQuery(env, scheduledAt).toSQL();
  const read = await env.DB.prepare(sql).bind(...params).all<{ id: string; org_id: string }>();
  const due: DueAccount[] = read.results.map((r) => ({ id: r.id, orgId: r.org_id }));
  let rowsRead = read.meta.rows_read ?? 0;

  const messages = planTickMessages(due, scheduledAt);
  let enqueued = 0;
  for (const batch of chunk(messages, SEND_BATCH_LIMIT)) {
    await env.ACCOUNT_TICKS.sendBatch(batch.map((body) => ({ body, contentType: "json" })));
    enqueued += batch.length;
    const next = new Date(scheduledAt + TICK_INTERVAL_MS);
    for (const ids of chunk(batch.map((m) => m.accountId), UPDATE_CHUNK)) {
      const update = await db
        .update(cloudAccounts)
        .set({ nextDueAt: next, lastTickAt: new Date(scheduledAt) })
        .where(inArray(cloudAccounts.id, ids))
        .run();
      rowsRead += update.meta.rows_read ?? 0;
    }
  }
  return { due: due.length, enqueued, rowsRead };
}
