/**
 * Consumer of `notifications`: each message is one notification job (an event for one
 * integration, or a test send). Delivery, its idempotency and its retry policy live in
 * worker/notifications/deliver.ts; this consumer turns the outcome into ack / retry with the
 * policy's delay / dead letter. A malformed message is kept as a dead letter at once (parseBatch).
 */
import type { Env } from "../env.ts";
import { errorText, log } from "../log.ts";
import { deliverJob, NotificationJobSchema } from "../notifications/deliver.ts";
import type { SendOptions } from "../notifications/send.ts";
import { recordDeadLetters, type DeadLetter } from "./dead-letter.ts";
import { parseBatch } from "./parse-batch.ts";

/** How long a message waits when another delivery of the same job is in flight. */
const BUSY_DELAY_SECONDS = 30;

export async function consumeNotifications(batch: MessageBatch<unknown>, env: Env, options: SendOptions = {}): Promise<void> {
  const dead: { message: Message<unknown>; letter: DeadLetter }[] = [];
  for (const { message, body } of await parseBatch(batch, env, NotificationJobSchema, "notification")) {
    try {
      const outcome = await deliverJob(env, body, options);
      if (outcome.kind === "retry") message.retry({ delaySeconds: outcome.delaySeconds });
      else if (outcome.kind === "busy") message.retry({ delaySeconds: BUSY_DELAY_SECONDS });
      else if (outcome.kind === "dead") dead.push({ message, letter: { queue: batch.queue, messageId: message.id, body: message.body, attempts: message.attempts, reason: outcome.reason } });
      else message.ack();
    } catch (error) {
      log.error("notification delivery failed", { integrationId: body.integrationId, error: errorText(error) });
      message.retry({ delaySeconds: BUSY_DELAY_SECONDS });
    }
  }
  await recordDeadLetters(env, dead.map((d) => d.letter));
  for (const { message } of dead) message.ack();
}
