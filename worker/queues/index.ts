/** The Worker's queue() entry: one switch on the queue name, each queue with its own consumer. */
import type { Env } from "../env.ts";
import { log } from "../log.ts";
import { consumeAccountTicks } from "./account-ticks.ts";
import { consumeDeadLetterQueue } from "./dead-letter.ts";
import { consumeEvents } from "./events.ts";
import { consumeNotifications } from "./notifications.ts";

export const QUEUE_NAMES = {
  accountTicks: "account-ticks",
  events: "events",
  notifications: "notifications",
} as const;

export async function handleQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  switch (batch.queue) {
    case QUEUE_NAMES.accountTicks:
      return consumeAccountTicks(batch, env);
    case QUEUE_NAMES.events:
      return consumeEvents(batch, env);
    case QUEUE_NAMES.notifications:
      return consumeNotifications(batch, env);
    default:
      if (batch.queue.endsWith("-dlq")) return consumeDeadLetterQueue(batch, env);
      // A queue this Worker was not built for: keep the messages rather than lose them.
      log.error("unknown queue", { queue: batch.queue });
      batch.retryAll({ delaySeconds: 300 });
  }
}
