/**
 * Consumer of `events`: validates each event and inserts the batch into D1 with
 * INSERT OR IGNORE on the deterministic id, so a redelivered message adds nothing.
 *
 * The batch is one D1 transaction (one round trip). If it fails — e.g. one event names an account
 * that was deleted meanwhile — the consumer falls back to one insert per event, acks those that
 * land and retries only the failing ones, so one bad event never holds back the rest.
 */
import { drizzle } from "drizzle-orm/d1";
import { events } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { errorText, log } from "../log.ts";
import { EventMessageSchema, type EventMessage } from "../events/event.ts";
import { parseBatch } from "./parse-batch.ts";
import { retryDelaySeconds } from "./retry.ts";

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
  try {
    const [first, ...rest] = valid.map(({ event }) => insert(event));
    await db.batch([first!, ...rest]);
    for (const { message } of valid) message.ack();
  } catch {
    for (const { message, event } of valid) {
      try {
        await insert(event);
        message.ack();
      } catch (error) {
        log.error("event insert failed", { eventId: event.id, error: errorText(error) });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }
  }
}
