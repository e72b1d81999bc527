/**
 * What a notification says, independent of where it goes (pure): the database, what happened,
 * who or what caused it, the cloud's reason for a failure, and — for a sleep whose schedule says
 * when it wakes — about how much the sleep saves, from the database's resolved hourly price
 * (integer micro-dollars; an unknown price gives no estimate, never $0).
 *
 * The webhook payload (documented in the OpenAPI webhooks section) is built here too.
 */
import { accruedMicros, microsToCents } from "../savings/money.ts";
import { scheduleTransitions, type ScheduleDefinition } from "../schedules/index.ts";
import type { NotificationType } from "./vocabulary.ts";

export interface SubjectDatabase {
  id: string;
  name: string;
  provider: string;
  region: string;
  engine: string;
  state: string;
  /** Micro-dollars per hour, null when unknown. */
  hourlyMicros: number | null;
}

export interface NotificationSubject {
  type: NotificationType | "test";
  eventId: string;
  occurredAt: number;
  database: SubjectDatabase | null;
  cause: { kind: string; id: string | null; label: string | null };
  /** The cloud's reason for a failure. */
  reason: string | null;
  /** A sleep's expected end and what it saves by then (micro-dollars), when both are known. */
  estimate: { wakeAt: number; savedMicros: number } | null;
  /** The database in the dashboard, when the deployment's public URL is configured. */
  link: string | null;
}

const HOUR_MS = 3_600_000;

/** When a schedule next wants the database running after `from` (within 7 days), or null. */
export function nextWake(definition: ScheduleDefinition, from: number): number | null {
  try {
    return scheduleTransitions(definition, from, from + 7 * 24 * HOUR_MS).find((t) => t.state === "running")?.at ?? null;
  } catch {
    return null;
  }
}

/** The saving of a sleep from `from` until `wakeAt` at `hourlyMicros`, or null when either is unknown. */
export function sleepEstimate(hourlyMicros: number | null, from: number, wakeAt: number | null): NotificationSubject["estimate"] {
  if (hourlyMicros === null || wakeAt === null || wakeAt <= from) return null;
  return { wakeAt, savedMicros: accruedMicros(Math.floor((wakeAt - from) / 1000), hourlyMicros) };
}

/** "$4.10" from micro-dollars (rounded to cents, integers only). */
export function dollarsText(micros: number): string {
  const cents = microsToCents(micros);
  return `$${Math.floor(cents / 100).toLocaleString("en-US")}.${String(cents % 100).padStart(2, "0")}`;
}

/** One sentence for people: "orders-staging went to sleep (saves about $4.10 until 08:00 UTC)". */
export function headline(s: NotificationSubject): string {
  const name = s.database?.name ?? "A database";
  switch (s.type) {
    case "database.stopped":
      return `${name} went to sleep${s.estimate ? ` (saves about ${dollarsText(s.estimate.savedMicros)} by the time it wakes)` : ""}`;
    case "database.started":
      return `${name} woke up`;
    case "database.failed":
      return `SnoozeQL could not change ${name}${s.reason ? `: ${s.reason}` : ""}`;
    case "database.auto_restart":
      return `AWS restarted ${name} after 7 days stopped; SnoozeQL is putting it back to sleep`;
    case "test":
      return "Test notification from SnoozeQL: this integration works.";
    default:
      return `${name}: ${s.type}`;
  }
}

/** The webhook body: Standard Webhooks' recommended shape { type, timestamp, data }. */
export function webhookPayload(s: NotificationSubject): Record<string, unknown> {
  return {
    type: s.type,
    timestamp: new Date(s.occurredAt).toISOString(),
    data: {
      eventId: s.eventId,
      summary: headline(s),
      database: s.database && { id: s.database.id, name: s.database.name, provider: s.database.provider, region: s.database.region, engine: s.database.engine, state: s.database.state },
      cause: { kind: s.cause.kind, id: s.cause.id },
      reason: s.reason,
      estimate: s.estimate && { wakeAt: new Date(s.estimate.wakeAt).toISOString(), savedCents: microsToCents(s.estimate.savedMicros) },
      hourlyPriceMicros: s.database?.hourlyMicros ?? null,
      link: s.link,
    },
  };
}
