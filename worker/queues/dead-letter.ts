/**
 * Dead-letter handling. A message that is malformed (it can never succeed) or that exhausted its
 * retries is recorded in D1's `dead_letters` table, keyed by queue and message id so a redelivery
 * records nothing new, and then acknowledged. Nothing is dropped silently: operators list and
 * replay these (docs/operations.md).
 */
import { drizzle } from "drizzle-orm/d1";
import { deadLetters } from "../db/schema.ts";
import { newId } from "../db/ids.ts";
import type { Env } from "../env.ts";
import { log } from "../log.ts";

export interface DeadLetter {
  queue: string;
  messageId: string;
  body: unknown;
  attempts: number;
  reason: string;
}

export async function recordDeadLetters(env: Env, letters: DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  const db = drizzle(env.DB);
  for (const letter of letters) {
    log.warn("dead letter", { queue: letter.queue, messageId: letter.messageId, reason: letter.reason });
  }
  const [first, ...rest] = letters.map((l) =>
    db
      .insert(deadLetters)
      .values({
        id: newId("deadLetter"),
        queue: l.queue,
        messageId: l.messageId,
        body: { reason: l.reason, body: l.body },
        attempts: l.attempts,
      })
      .onConflictDoNothing(),
  );
  await db.batch([first!, ...rest]);
}

/** Consumer for the `*-dlq` queues: whatever arrives there has exhausted its retries. */
export async function consumeDeadLetterQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  await recordDeadLetters(
    env,
    batch.messages.map((m) => ({
      queue: batch.queue,
      messageId: m.id,
      body: m.body,
      attempts: m.attempts,
      reason: "retries exhausted",
    })),
  );
  batch.ackAll();
}
