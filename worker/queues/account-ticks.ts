/**
 * Consumer of `account-ticks`: hands each tick to its account's AccountAgent (RPC) and acks it,
 * or retries just that message with backoff when the agent call fails. Malformed messages can
 * never succeed, so they go straight to the dead-letter record instead of burning retries.
 */
import type { Env } from "../env.ts";
import { AccountTickMessageSchema } from "../ticks/messages.ts";
import { recordDeadLetters, type DeadLetter } from "./dead-letter.ts";
import { retryDelaySeconds } from "./retry.ts";

export async function consumeAccountTicks(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const invalid: DeadLetter[] = [];
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = AccountTickMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        invalid.push({
          queue: batch.queue,
          messageId: message.id,
          body: message.body,
          attempts: message.attempts,
          reason: `invalid message: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
        });
        return;
      }
      try {
        const agent = env.ACCOUNT_AGENT.get(env.ACCOUNT_AGENT.idFromName(parsed.data.accountId));
        await agent.tick(parsed.data);
        message.ack();
      } catch (error) {
        console.error(
          JSON.stringify({
            level: "error",
            msg: "account tick failed",
            accountId: parsed.data.accountId,
            attempts: message.attempts,
            error: error instanceof Error ? error.message : String(error),
          }),
        );
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }),
  );
  await recordDeadLetters(env, invalid);
  for (const letter of invalid) batch.messages.find((m) => m.id === letter.messageId)?.ack();
}
