/**
 * Consumer of `account-ticks`: hands each tick to its account's AccountAgent (RPC) and acks it,
 * or retries just that message with backoff when the agent call fails. Malformed messages can
 * never succeed, so they go straight to the dead-letter record instead of burning retries.
 */
import { accountAgent } from "../accounts/agent.ts";
import type { Env } from "../env.ts";
import { errorText, log } from "../log.ts";
import { AccountTickMessageSchema } from "../ticks/messages.ts";
import { parseBatch } from "./parse-batch.ts";
import { retryDelaySeconds } from "./retry.ts";

export async function consumeAccountTicks(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const ticks = await parseBatch(batch, env, AccountTickMessageSchema, "message");
  // Backlog: how long the oldest tick in this batch waited since its minute (queue + batching).
  const startedAt = Date.now();
  const oldest = Math.min(...ticks.map((t) => t.body.scheduledAt));
  if (ticks.length > 0) log.info("account ticks received", { messages: ticks.length, lagMs: startedAt - oldest });
  await Promise.all(
    ticks.map(async ({ message, body }) => {
      try {
        await accountAgent(env, body.accountId).tick(body);
        message.ack();
      } catch (error) {
        log.error("account tick failed", { accountId: body.accountId, attempts: message.attempts, error: errorText(error) });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }),
  );
}
