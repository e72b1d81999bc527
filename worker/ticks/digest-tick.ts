/**
 * The savings digest's share of the cron tick: the organizations whose digest hour has passed
 * (`digest_due_at <= now`, a range on `organizations_digest_due_idx`, at most
 * MAX_ORGS_PER_TICK a minute) get one notification job per subscribed enabled integration and
 * period (yesterday; last week on Mondays), and their `digest_due_at` moves to the next 08:00 in
 * their time zone. An organization never planned (0) is only planned: no digest for a day it
 * was not watched.
 *
 * Jobs are queued before the due time moves, so a failed tick re-sends next minute; sending twice
 * is harmless (the delivery row keyed by (digest period, integration) sends once), which also
 * makes a second run of the same minute harmless. The digest itself is built at delivery
 * (worker/notifications/digest-load.ts), from the rollups as they are then.
 */
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { BatchItem } from "drizzle-orm/batch";
import type { Env } from "../env.ts";
import { integrations, organizations } from "../db/schema.ts";
import type { NotificationJob } from "../notifications/deliver.ts";
import { digestEventId, digestPeriodsFor, digestSendDay, digestType, nextDigestAt } from "../notifications/digest.ts";
import { subscribes } from "../notifications/vocabulary.ts";
import { isValidTimeZone } from "../schedules/timezone.ts";
import { chunk, SEND_BATCH_LIMIT } from "./cron-tick.ts";

/** Upper bound on organizations handled per tick (digest hours spread over the zones' hours). */
export const MAX_ORGS_PER_TICK = 200;
/** D1 binds at most 100 parameters per statement. */
const IN_CHUNK = 90;

export interface DueOrg {
  id: string;
  timeZone: string;
  dueAt: number;
}

/** Pure: the jobs of the due organizations and each one's next due time. */
export function planDigests(
  due: readonly DueOrg[],
  subscribers: readonly { id: string; orgId: string; eventTypes: string[] }[],
  now: number,
): { jobs: NotificationJob[]; next: { orgId: string; dueAt: number; nextAt: number }[] } {
  const jobs: NotificationJob[] = [];
  const next: { orgId: string; dueAt: number; nextAt: number }[] = [];
  for (const org of due) {
    const zone = isValidTimeZone(org.timeZone) ? org.timeZone : "UTC";
    next.push({ orgId: org.id, dueAt: org.dueAt, nextAt: nextDigestAt(now, zone) });
    if (org.dueAt === 0) continue;
    for (const period of digestPeriodsFor(digestSendDay(now, zone))) {
      const type = digestType(period.kind);
      for (const i of subscribers) {
        if (i.orgId === org.id && subscribes(i.eventTypes, type)) jobs.push({ orgId: org.id, integrationId: i.id, eventId: digestEventId(period), type });
      }
    }
  }
  return { jobs, next };
}

export async function runDigestTick(env: Env, now: number): Promise<{ due: number; enqueued: number }> {
  const db = drizzle(env.DB);
  const due = await db
    .select({ id: organizations.id, timeZone: organizations.timezone, dueAt: organizations.digestDueAt })
    .from(organizations)
    .where(lte(organizations.digestDueAt, now))
    .orderBy(asc(organizations.digestDueAt))
    .limit(MAX_ORGS_PER_TICK);
  if (due.length === 0) return { due: 0, enqueued: 0 };

  const planned = due.filter((o) => o.dueAt > 0).map((o) => o.id);
  const subscribers = [];
  for (const ids of chunk(planned, IN_CHUNK)) {
    subscribers.push(
      ...(await db
        .select({ id: integrations.id, orgId: integrations.orgId, eventTypes: integrations.eventTypes })
        .from(integrations)
        .where(and(inArray(integrations.orgId, ids), eq(integrations.enabled, true)))),
    );
  }
  const { jobs, next } = planDigests(due, subscribers, now);
  for (const batch of chunk(jobs, SEND_BATCH_LIMIT)) await env.NOTIFICATIONS.sendBatch(batch.map((body) => ({ body })));
  // Compare-and-set on the due time: a concurrent tick that already moved it is left alone.
  const updates: BatchItem<"sqlite">[] = next.map((n) =>
    db
      .update(organizations)
      .set({ digestDueAt: n.nextAt })
      .where(and(eq(organizations.id, n.orgId), eq(organizations.digestDueAt, n.dueAt))),
  );
  for (const part of chunk(updates, 50)) {
    const [first, ...rest] = part;
    await db.batch([first!, ...rest]);
  }
  return { due: due.length, enqueued: jobs.length };
}
