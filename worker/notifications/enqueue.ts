/**
 * The fan-out from stored events to notification jobs: each fresh event that raises a
 * notification (vocabulary.ts) becomes one job per enabled integration of its organization that
 * subscribes to the type. Jobs go to the `notifications` queue in batches of at most 100.
 *
 * Sending a job twice is harmless (the delivery row keyed by event and integration sends once),
 * so the events consumer may retry a batch whose fan-out failed: this throws on a queue error.
 */
import type { Env } from "../env.ts";
import type { EventMessage } from "../events/event.ts";
import { enabledIntegrations, type NotificationJob } from "./deliver.ts";
import { notificationTypeOf, subscribes } from "./vocabulary.ts";

const SEND_BATCH_LIMIT = 100;

/** The jobs a set of events raises, given the organizations' enabled integrations (pure). */
export function notificationJobs(
  stored: readonly Pick<EventMessage, "id" | "orgId" | "type" | "occurredAt">[],
  integrations: readonly { id: string; orgId: string; eventTypes: string[] }[],
  now: number,
): NotificationJob[] {
  const jobs: NotificationJob[] = [];
  for (const event of stored) {
    const type = notificationTypeOf(event, now);
    if (!type) continue;
    for (const integration of integrations) {
      if (integration.orgId === event.orgId && subscribes(integration.eventTypes, type)) {
        jobs.push({ orgId: event.orgId, integrationId: integration.id, eventId: event.id, type });
      }
    }
  }
  return jobs;
}

export async function queueNotifications(env: Env, stored: readonly EventMessage[], now: number = Date.now()): Promise<number> {
  const news = stored.filter((e) => notificationTypeOf(e, now) !== null);
  if (news.length === 0) return 0;
  const jobs = notificationJobs(news, await enabledIntegrations(env, [...new Set(news.map((e) => e.orgId))]), now);
  for (let i = 0; i < jobs.length; i += SEND_BATCH_LIMIT) {
    await env.NOTIFICATIONS.sendBatch(jobs.slice(i, i + SEND_BATCH_LIMIT).map((body) => ({ body })));
  }
  return jobs.length;
}
