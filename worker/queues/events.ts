/**
 * Consumer of `events`: validates each event and inserts the batch into D1 with
 * INSERT OR IGNORE on the deterministic id, so a redelivered message adds nothing.
 *
 * The batch is one D1 transaction (one round trip). If it fails — e.g. one event names an account
 * that was deleted meanwhile — the consumer falls back to one insert per event, acks those that
 * land and retries only the failing ones, so one bad event never holds back the rest.
 *
 * Then the savings ledger: every database with power-state events in the batch has its ledger and
 * daily rollups recomputed from the events in D1 (worker/savings/store.ts), which is idempotent,
 * so a message is acked only once its database's ledger is written; if that fails, the message is
 * retried (its insert then adds nothing) and the recompute runs again.
 */
import { drizzle } from "drizzle-orm/d1";
import { events } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { errorText, log } from "../log.ts";
import { EventMessageSchema, type EventMessage } from "../events/event.ts";
import { parseBatch } from "./parse-batch.ts";
import { retryDelaySeconds } from "./retry.ts";
import { ledgerTargets, updateInstanceLedger } from "../savings/store.ts";
import { queueNotifications } from "../notifications/enqueue.ts";

function toRow(e: EventMessage) {
  return {
    id: e.id,
    orgId: e.orgId,
    cloudAccountId: e.cloudAccountId,
    instanceId: e.instanceId,
    type: e.type,
    causeKind: e.causeKind,
    causeId: e.causeId,
    fromState: e.fromState,
    toState: e.toState,
    detail: e.detail,
    occurredAt: new Date(e.occurredAt),
  };
}

export async function consumeEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = drizzle(env.DB);
  const valid = (await parseBatch(batch, env, EventMessageSchema, "event")).map(({ message, body }) => ({ message, event: body }));
  if (valid.length === 0) return;

  const insert = (e: EventMessage) => db.insert(events).values(toRow(e)).onConflictDoNothing();
  const stored: typeof valid = [];
  try {
    const [first, ...rest] = valid.map(({ event }) => insert(event));
    await db.batch([first!, ...rest]);
    stored.push(...valid);
  } catch {
    for (const { message, event } of valid) {
      try {
        await insert(event);
        stored.push({ message, event });
      } catch (error) {
        log.error("event insert failed", { eventId: event.id, error: errorText(error) });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }
  }

  const failed = await updateLedgers(env, stored.map(({ event }) => event));
  // Fan-out to Slack and webhooks; a queue error retries the whole batch (deliveries send once).
  await queueNotifications(env, stored.map(({ event }) => event));
  for (const { message, event } of stored) {
    if (event.instanceId && failed.has(event.instanceId)) message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    else message.ack();
  }
}

/** Recomputes the ledger of every database the events touch; returns the ids that failed. */
async function updateLedgers(env: Env, stored: EventMessage[]): Promise<Set<string>> {
  const failed = new Set<string>();
  const now = Date.now();
  for (const target of ledgerTargets(stored)) {
    try {
      await updateInstanceLedger(env.DB, target, now);
    } catch (error) {
      failed.add(target.instanceId);
      console.error(
        JSON.stringify({
          level: "error",
          msg: "savings ledger update failed",
          instanceId: target.instanceId,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    }
  }
  return failed;
}
