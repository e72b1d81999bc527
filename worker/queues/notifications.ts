/**
 * Consumer of `notifications`: each message is one notification job (an event for one
 * integration, or a test send). Delivery, its idempotency and its retry policy live in
 * worker/notifications/deliver.ts; this consumer turns the outcome into ack / retry with the
 * policy's delay / dead letter. A malformed message is kept as a dead letter at once.
 */
import type { Env } from "../env.ts";
import { recordDeadLetters, type DeadLetter } from "./dead-letter.ts";
import { deliverJob, NotificationJobSchema } from "../notifications/deliver.ts";
import type { SendOptions } from "../notifications/send.ts";

/** How long a message waits when another delivery of the same job is in flight. */
const BUSY_DELAY_SECONDS = 30;

export async function consumeNotifications(batch: MessageBatch<unknown>, env: Env, options: SendOptions = {}): Promise<void> {
  const dead: DeadLetter[] = [];
  for (const message of batch.messages) {
    const parsed = NotificationJobSchema.safeParse(message.body);
    if (!parsed.success) {
      dead.push({ queue: batch.queue, messageId: message.id, body: message.body, attempts: message.attempts, reason: "invalid notification" });
      continue;
    }
    try {
      const outcome = await deliverJob(env, parsed.data, options);
      if (outcome.kind === "retry") message.retry({ delaySeconds: outcome.delaySeconds });
      else if (outcome.kind === "busy") message.retry({ delaySeconds: BUSY_DELAY_SECONDS });
      else if (outcome.kind === "dead") dead.push({ queue: batch.queue, messageId: message.id, body: message.body, attempts: message.attempts, reason: outcome.reason });
      else message.ack();
    } catch (error) {
      console.error(JSON.stringify({ level: "error", msg: "notification delivery failed", integrationId: parsed.data.integrationId, error: error instanceof Error ? error.message : String(error) }));
      message.retry({ delaySeconds: BUSY_DELAY_SECONDS });
    }
  }
  await recordDeadLetters(env, dead);
  for (const letter of dead) batch.messages.find((m) => m.id === letter.messageId)?.ack();
}
