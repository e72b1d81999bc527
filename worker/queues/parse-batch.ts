/**
 * The one way a queue consumer reads its batch: every message body is validated with the queue's
 * zod schema; the malformed ones (they can never succeed) are recorded as dead letters and acked
 * at once, and the consumer gets only the valid messages with their parsed bodies.
 */
import type { z } from "zod";
import type { Env } from "../env.ts";
import { recordDeadLetters, type DeadLetter } from "./dead-letter.ts";

export async function parseBatch<S extends z.ZodType>(batch: MessageBatch<unknown>, env: Env, schema: S, what: string): Promise<{ message: Message<unknown>; body: z.infer<S> }[]> {
  const valid: { message: Message<unknown>; body: z.infer<S> }[] = [];
  const invalid: { message: Message<unknown>; letter: DeadLetter }[] = [];
  for (const message of batch.messages) {
    const parsed = schema.safeParse(message.body);
    if (parsed.success) valid.push({ message, body: parsed.data });
    else
      invalid.push({
        message,
        letter: {
          queue: batch.queue,
          messageId: message.id,
          body: message.body,
          attempts: message.attempts,
          reason: `invalid ${what}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        },
      });
  }
  await recordDeadLetters(env, invalid.map((i) => i.letter));
  for (const { message } of invalid) message.ack();
  return valid;
}
