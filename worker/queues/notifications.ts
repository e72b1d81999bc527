/**
 * Consumer of `notifications`: validates each notification request. Delivery to Slack and signed
 * webhooks (with the `deliveries` ledger) arrives with the integrations issue; until then a valid
 * notification is acknowledged and logged, and a malformed one is kept as a dead letter.
 */
import { z } from "zod";
import type { Env } from "../env.ts";
import { log } from "../log.ts";
import { parseBatch } from "./parse-batch.ts";

export const NotificationMessageSchema = z.object({
  orgId: z.string().min(1),
  eventId: z.string().min(1),
});

export async function consumeNotifications(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const { body } of await parseBatch(batch, env, NotificationMessageSchema, "notification")) {
    log.info("notification accepted (no channels configured)", body);
  }
  batch.ackAll();
}
