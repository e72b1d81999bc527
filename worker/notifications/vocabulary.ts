/**
 * The notification types an integration can subscribe to, and which stored events become which
 * notification. Types that SnoozeQL cannot produce yet are listed as `coming` so the API and the
 * dashboard say so instead of offering a subscription that never fires (no faked digests).
 *
 * Pure. Owns the mapping event type → notification type and nothing else.
 */
export const NOTIFICATION_TYPES = {
  "database.stopped": { label: "A database went to sleep", coming: false },
  "database.started": { label: "A database woke up", coming: false },
  "database.failed": { label: "A stop or start failed (with the cloud's reason)", coming: false },
  "database.auto_restart": { label: "AWS restarted a database after 7 days stopped (SnoozeQL stops it again)", coming: false },
  "override.created": { label: "Someone kept a database awake or asleep, or made it skip a transition", coming: false },
  "override.expiring": { label: "An override ends in 30 minutes", coming: false },
  "policy.fired": { label: "A policy fired (it acted, or would have in dry run)", coming: false },
  "recommendation.ready": { label: "A schedule recommendation is ready (new, or changed materially)", coming: false },
  "savings.digest.daily": { label: "Daily savings digest (08:00 in your time zone)", coming: false },
  "savings.digest.weekly": { label: "Weekly savings digest (Mondays, 08:00)", coming: false },
} as const satisfies Record<string, { label: string; coming: boolean }>;

export type NotificationType = keyof typeof NOTIFICATION_TYPES;
export const NOTIFICATION_TYPE_NAMES = Object.keys(NOTIFICATION_TYPES) as [NotificationType, ...NotificationType[]];

const FROM_EVENT: Record<string, NotificationType> = {
  "instance.stopped": "database.stopped",
  "instance.started": "database.started",
  "instance.stop_failed": "database.failed",
  "instance.start_failed": "database.failed",
  "instance.transition_timeout": "database.failed",
  "instance.auto_restarted": "database.auto_restart",
  "override.created": "override.created",
  "override.expiring": "override.expiring",
  "recommendation.ready": "recommendation.ready",
  "policy.fired": "policy.fired",
};

/** Events older than this are history being ingested (or a backlog), not news worth a message. */
export const NEWS_WINDOW_MS = 30 * 60_000;

/** The notification an event raises, or null when it raises none (or is too old to be news). */
export function notificationTypeOf(event: { type: string; occurredAt: number }, now: number): NotificationType | null {
  const type = FROM_EVENT[event.type];
  if (!type || now - event.occurredAt > NEWS_WINDOW_MS) return null;
  return type;
}

/** Whether an integration subscribed to `type` (an empty subscription list means every type). */
export function subscribes(eventTypes: readonly string[], type: NotificationType): boolean {
  return eventTypes.length === 0 || eventTypes.includes(type);
}
