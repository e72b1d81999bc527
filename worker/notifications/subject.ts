/**
 * What a notification says, independent of where it goes (pure): the database, what happened,
 * who or what caused it, the cloud's reason for a failure, and — for a sleep whose schedule says
 * when it wakes — about how much the sleep saves, from the database's resolved hourly price
 * (integer micro-dollars; an unknown price gives no estimate, never $0).
 *
 * For a policy that fired: the policy, what it did (or would have done, in dry run) and the metric
 * values that triggered it (worker/policies/fired.ts).
 *
 * The webhook payload (documented in the OpenAPI webhooks section) is built here too.
 */
import { accruedMicros, microsToCents } from "../savings/money.ts";
import { scheduleTransitions, type ScheduleDefinition } from "../schedules/index.ts";
import type { NotificationType } from "./vocabulary.ts";
import { usd } from "./digest.ts";
import { evidenceText, firedAction, firedHeadline, type FiredDetail } from "../policies/fired.ts";

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
  /** For override.created / override.expiring: the override as it is at delivery. */
  override?: SubjectOverride | null;
  /** For recommendation.ready: the proposal as it is at delivery. */
  recommendation?: SubjectRecommendation | null;
  /** For policy.fired: the firing (as recorded when the policy fired) and the Policies page. */
  policy?: SubjectPolicy | null;
  /** The organization's time zone, for the times people read. */
  timeZone?: string;
}

export interface SubjectOverride {
  id: string;
  kind: "keep_awake" | "keep_asleep" | "skip_next";
  /** Epoch ms; null for skip_next. */
  until: number | null;
  reason: string | null;
  /** Who created it (a member's email, a token's name, a Slack user). */
  by: string | null;
}

export interface SubjectRecommendation {
  id: string;
  status: "open" | "applied" | "dismissed";
  /** "awake Mon–Fri 07:00–19:00 (Europe/Berlin); asleep 108 h a week". */
  summary: string;
  /** Projected saving of a 730-hour month in integer cents; null when the price is unknown. */
  monthlySavingsCents: number | null;
  confidencePercent: number;
}

export interface SubjectPolicy extends FiredDetail {
  /** The Policies page in the dashboard, when the deployment's public URL is configured. */
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
  return usd(microsToCents(micros));
}

/** "18:00 CET" (or "Mon 18:00 CET" when not within the next day), in the organization's zone. */
export function clockText(at: number, timeZone = "UTC", from?: number): string {
  const soon = from === undefined || at - from < 20 * HOUR_MS;
  return new Intl.DateTimeFormat("en-GB", { timeZone, ...(soon ? {} : { weekday: "short" }), hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(at);
}

function overrideWords(s: NotificationSubject): string {
  const o = s.override;
  const name = s.database?.name ?? "A database";
  if (!o) return `${name}: override`;
  const until = o.until === null ? "" : clockText(o.until, s.timeZone, s.occurredAt);
  if (s.type === "override.expiring") {
    const minutes = o.until === null ? null : Math.max(1, Math.round((o.until - s.occurredAt) / 60_000));
    const state = o.kind === "keep_asleep" ? "asleep" : "awake";
    return `${name} is kept ${state} until ${until}${minutes === null ? "" : ` (in about ${minutes} min)`}; then its schedules apply again`;
  }
  const by = o.by ? `${o.by} ` : "Someone ";
  if (o.kind === "skip_next") return `${by}made ${name} skip its next scheduled transition`;
  return `${by}kept ${name} ${o.kind === "keep_asleep" ? "asleep" : "awake"} until ${until}`;
}

function recommendationWords(s: NotificationSubject): string {
  const name = s.database?.name ?? "a database";
  const r = s.recommendation;
  if (!r) return `New schedule recommendation for ${name}`;
  const money = r.monthlySavingsCents === null ? "savings unknown until it has a price" : `saves about ${usd(r.monthlySavingsCents)} a month`;
  return `Schedule recommendation for ${name}: ${r.summary} (${money})`;
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
    case "override.created":
    case "override.expiring":
      return overrideWords(s);
    case "recommendation.ready":
      return recommendationWords(s);
    case "policy.fired":
      return s.policy ? firedHeadline(s.policy, s.database?.name ?? "a database") : `A policy fired on ${s.database?.name ?? "a database"}`;
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
      override: s.override ? { id: s.override.id, kind: s.override.kind, until: s.override.until === null ? null : new Date(s.override.until).toISOString(), reason: s.override.reason, by: s.override.by } : null,
      policy: s.policy ? policyPayload(s.policy, s.database?.name ?? "a database") : null,
      recommendation: s.recommendation ? { id: s.recommendation.id, status: s.recommendation.status, summary: s.recommendation.summary, monthlySavingsCents: s.recommendation.monthlySavingsCents, confidencePercent: s.recommendation.confidencePercent } : null,
    },
  };
}

function policyPayload(p: SubjectPolicy, database: string) {
  return {
    id: p.policyId,
    name: p.policyName,
    dryRun: p.dryRun,
    outcome: p.outcome,
    actions: p.actions,
    did: firedAction(p, database),
    error: p.error ?? null,
    evidence: p.evidence.map((e) => ({ ...e, text: evidenceText(e) })),
    link: p.link,
  };
}
