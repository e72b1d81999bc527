/**
 * Consumer of `notifications`: validates each notification request. Delivery to Slack and signed
 * webhooks (with the `deliveries` ledger) arrives with the integrations issue; until then a valid
 * notification is acknowledged and logged, and a malformed one is kept as a dead letter.
 */
import { z } from "zod";
import type { Env } from "../env.ts";
import { recordDeadLetters, type DeadLetter } from "./dead-letter.ts";

export const NotificationMessageSchema = z.object({
  orgId: z.string().min(1),
  eventId: z.string().min(1),
});

export async function consumeNotifications(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const invalid: DeadLetter[] = [];
  for (const message of batch.messages) {
    const parsed = NotificationMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      invalid.push({ queue: batch.queue, messageId: message.id, body: message.body, attempts: message.attempts, reason: "invalid notification" });
      continue;
    }
    console.log(JSON.stringify({ level: "info", msg: "notification accepted (no channels configured)", ...parsed.data }));
  }
  await recordDeadLetters(env, invalid);
  batch.ackAll();
}
