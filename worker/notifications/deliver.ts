/**
 * Delivering one notification job (from the `notifications` queue) exactly once per
 * (event, integration): the `deliveries` row keyed by that pair is the idempotency key. An attempt
 * first claims the row (a short lease, only while the delivery is still pending), so a
 * redelivered or duplicated message finds the delivery done — or in flight — and sends nothing.
 *
 * After the attempt the row records status, attempt number, latency and the receiver's answer
 * (the delivery log); the policy (delivery-policy.ts) decides retry / give up / dead. A run of
 * failed deliveries disables the integration, with an audit entry by "system".
 *
 * Owns: the claim/record protocol and the failure accounting. Never: sends without a claim, or
 * stores a secret in the log.
 */
import { drizzle } from "drizzle-orm/d1";
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Env } from "../env.ts";
import { deliveries, events, instances, integrations, organizations, overrides, recommendations, schedules } from "../db/schema.ts";
import { newId } from "../db/ids.ts";
import { auditRecord } from "../audit/audit-log.ts";
import { unsealConfig } from "../integrations/config.ts";
import { storedPrice } from "../savings/price.ts";
import { ScheduleDefinitionSchema } from "../schedules/index.ts";
import { deliveryOutcome, FAILURES_TO_DISABLE, shouldDisable, type Outcome } from "./delivery-policy.ts";
import { outgoingOfDigest, outgoingOfSubject, sendNotification, type Outgoing, type SendOptions } from "./send.ts";
import { loadDigest } from "./digest-load.ts";
import { nextWake, sleepEstimate, type NotificationSubject } from "./subject.ts";
import { NOTIFICATION_TYPE_NAMES } from "./vocabulary.ts";
import { FiredDetailSchema } from "../policies/fired.ts";

export const NotificationJobSchema = z.object({
  orgId: z.string().min(1).max(64),
  integrationId: z.string().min(1).max(64),
  /** The stored event's id, or `test_…` for a test send. */
  eventId: z.string().min(1).max(64),
  type: z.enum([...NOTIFICATION_TYPE_NAMES, "test"]),
});
export type NotificationJob = z.infer<typeof NotificationJobSchema>;

/** How long one attempt holds its claim (longer than the attempt's timeout). */
const LEASE_MS = 60_000;

export type JobResult = Outcome | { kind: "skipped"; reason: string } | { kind: "busy" };

export async function deliverJob(env: Env, job: NotificationJob, options: SendOptions = {}): Promise<JobResult> {
  const db = drizzle(env.DB);
  const [integration] = await db.select().from(integrations).where(and(eq(integrations.id, job.integrationId), eq(integrations.orgId, job.orgId)));
  if (!integration) return { kind: "skipped", reason: "integration deleted" };
  if (!integration.enabled && job.type !== "test") return { kind: "skipped", reason: "integration disabled" };

  await db.insert(deliveries).values({ id: newId("delivery"), orgId: job.orgId, integrationId: job.integrationId, eventId: job.eventId, eventType: job.type }).onConflictDoNothing();
  const now = options.now ?? Date.now();
  const key = and(eq(deliveries.integrationId, job.integrationId), eq(deliveries.eventId, job.eventId), eq(deliveries.orgId, job.orgId));
  const [claimed] = await db
    .update(deliveries)
    .set({ attempts: sql`${deliveries.attempts} + 1`, leaseUntil: new Date(now + LEASE_MS), lastAttemptAt: new Date(now) })
    .where(and(key, eq(deliveries.status, "pending"), or(isNull(deliveries.leaseUntil), lt(deliveries.leaseUntil, new Date(now)))))
    .returning();
  if (!claimed) {
    const [row] = await db.select({ status: deliveries.status }).from(deliveries).where(key);
    return row?.status === "pending" ? { kind: "busy" } : { kind: "skipped", reason: `already ${row?.status ?? "gone"}` };
  }

  const message = await outgoing(env, job, now);
  if (!message) {
    await db.update(deliveries).set({ status: "failed", lastError: "event not found", leaseUntil: null }).where(eq(deliveries.id, claimed.id));
    return { kind: "failed", reason: "event not found" };
  }
  const config = await unsealConfig(env, integration.id, integration.configSealed);
  const report = await sendNotification(env, { config, channels: integration.channels }, message, claimed.id, options);
  const outcome = deliveryOutcome(report.result, claimed.attempts, now);
  await db
    .update(deliveries)
    .set({
      status: outcome.kind === "retry" ? "pending" : outcome.kind,
      lastStatusCode: "status" in report.result ? report.result.status : null,
      lastError: outcome.kind === "delivered" ? null : outcome.reason,
      latencyMs: report.latencyMs,
      responseSnippet: report.snippet,
      leaseUntil: null,
      deliveredAt: outcome.kind === "delivered" ? new Date(now) : null,
    })
    .where(eq(deliveries.id, claimed.id));
  if (job.type !== "test") await accountFailures(env, integration.id, job.orgId, outcome);
  return outcome;
}

/** Resets the failure run on success; extends it on a final failure and disables at the limit. */
async function accountFailures(env: Env, integrationId: string, orgId: string, outcome: Outcome): Promise<void> {
  const db = drizzle(env.DB);
  const where = and(eq(integrations.id, integrationId), eq(integrations.orgId, orgId));
  if (outcome.kind === "delivered") {
    await db.update(integrations).set({ consecutiveFailures: 0 }).where(where);
    return;
  }
  if (outcome.kind !== "failed" && outcome.kind !== "dead") return;
  const [row] = await db
    .update(integrations)
    .set({ consecutiveFailures: sql`${integrations.consecutiveFailures} + 1` })
    .where(where)
    .returning({ failures: integrations.consecutiveFailures, enabled: integrations.enabled });
  if (!row || !row.enabled || !shouldDisable(row.failures)) return;
  const reason = `${FAILURES_TO_DISABLE} deliveries in a row failed (last: ${outcome.reason})`;
  const [disabled] = await db
    .update(integrations)
    .set({ enabled: false, disabledReason: reason, disabledAt: new Date(), updatedAt: new Date() })
    .where(and(where, eq(integrations.enabled, true)))
    .returning({ id: integrations.id });
  if (disabled) {
    await auditRecord(env.DB, orgId, { kind: "system", id: null, label: "SnoozeQL" }, { action: "integration.disabled", targetType: "integration", targetId: integrationId, summary: { reason } });
  }
}

/** What the job sends: a test, a digest built from the rollups, or a stored event; null when its source is gone. */
async function outgoing(env: Env, job: NotificationJob, now: number): Promise<Outgoing | null> {
  if (job.type === "test") return outgoingOfSubject(testSubject(env, job, now));
  if (job.type === "savings.digest.daily" || job.type === "savings.digest.weekly") {
    const digest = await loadDigest(env, job, now);
    return digest && outgoingOfDigest(digest);
  }
  const subject = await loadSubject(env, job, now);
  return subject && outgoingOfSubject(subject);
}

export function dashboardLink(env: Env, instanceId: string | null): string | null {
  return dashboardPage(env, instanceId ? `databases/${instanceId}` : "");
}

/** A page of the dashboard ("policies"), when the deployment's public URL is configured. */
export function dashboardPage(env: Env, page: string): string | null {
  return env.PUBLIC_URL ? `${env.PUBLIC_URL.replace(/\/+$/, "")}/${page}` : null;
}

function testSubject(env: Env, job: NotificationJob, now: number): NotificationSubject {
  return { type: "test", eventId: job.eventId, occurredAt: now, database: null, cause: { kind: "user", id: null, label: null }, reason: null, estimate: null, link: dashboardLink(env, null) };
}

/** The stored event with its database, price and — for a schedule's stop — when it wakes. */
export async function loadSubject(env: Env, job: Pick<NotificationJob, "orgId" | "eventId" | "type">, now: number): Promise<NotificationSubject | null> {
  const db = drizzle(env.DB);
  const [event] = await db.select().from(events).where(and(eq(events.id, job.eventId), eq(events.orgId, job.orgId)));
  if (!event) return null;
  const [row] = event.instanceId ? await db.select().from(instances).where(and(eq(instances.id, event.instanceId), eq(instances.orgId, job.orgId))) : [];
  const price = row ? storedPrice(row).hourlyMicros : null;
  const occurredAt = event.occurredAt.getTime();
  let estimate: NotificationSubject["estimate"] = null;
  let causeLabel: string | null = null;
  if (event.causeKind === "schedule" && event.causeId) {
    const [schedule] = await db.select().from(schedules).where(and(eq(schedules.id, event.causeId), eq(schedules.orgId, job.orgId)));
    if (schedule) {
      causeLabel = schedule.name;
      const definition = ScheduleDefinitionSchema.safeParse(schedule.definition);
      if (job.type === "database.stopped" && definition.success) estimate = sleepEstimate(price, occurredAt, nextWake(definition.data, Math.max(occurredAt, now - 60_000)));
    }
  }
  const detail = event.detail ?? {};
  const reason = typeof detail.error === "string" ? detail.error : typeof detail.reason === "string" ? detail.reason : null;
  const [org] = await db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, job.orgId));
  return {
    ...(await subjectExtras(env, job, detail)),
    timeZone: org?.timezone ?? "UTC",
    type: job.type,
    eventId: event.id,
    occurredAt,
    database: row ? { id: row.id, name: row.name, provider: row.provider, region: row.region, engine: row.engine, state: row.state, hourlyMicros: price } : null,
    cause: { kind: event.causeKind, id: event.causeId, label: causeLabel ?? (job.type === "policy.fired" && typeof detail.policyName === "string" ? detail.policyName : null) },
    reason: job.type === "override.created" || job.type === "override.expiring" || job.type === "policy.fired" ? null : reason,
    estimate,
    link: dashboardLink(env, row?.id ?? null),
  };
}

/**
 * The override or recommendation an event is about, as it is now (the message shows the current
 * state); a policy's firing as it was recorded when it fired (a past fact, with its values).
 */
async function subjectExtras(env: Env, job: Pick<NotificationJob, "orgId" | "type">, detail: Record<string, unknown>): Promise<Pick<NotificationSubject, "override" | "recommendation" | "policy">> {
  if (job.type === "policy.fired") {
    const fired = FiredDetailSchema.safeParse(detail);
    return { policy: fired.success ? { ...fired.data, link: dashboardPage(env, "policies") } : null };
  }
  const db = drizzle(env.DB);
  if ((job.type === "override.created" || job.type === "override.expiring") && typeof detail.overrideId === "string") {
    const [o] = await db.select().from(overrides).where(and(eq(overrides.id, detail.overrideId), eq(overrides.orgId, job.orgId)));
    if (!o) return { override: null };
    return { override: { id: o.id, kind: o.kind, until: o.until?.getTime() ?? null, reason: o.reason, by: typeof detail.by === "string" ? detail.by : null } };
  }
  if (job.type === "recommendation.ready" && typeof detail.recommendationId === "string") {
    const [r] = await db.select().from(recommendations).where(and(eq(recommendations.id, detail.recommendationId), eq(recommendations.orgId, job.orgId)));
    if (!r) return { recommendation: null };
    const evidence = (r.evidence ?? {}) as { summary?: string; projection?: { monthlySavingsCents?: number | null } | null };
    return {
      recommendation: { id: r.id, status: r.status, summary: evidence.summary ?? "", monthlySavingsCents: evidence.projection?.monthlySavingsCents ?? null, confidencePercent: Math.round(r.confidenceBp / 100) },
    };
  }
  return {};
}

/** Which integrations of the batch's organizations are enabled (for the events consumer's fan-out). */
export async function enabledIntegrations(env: Env, orgIds: string[]) {
  if (orgIds.length === 0) return [];
  return drizzle(env.DB)
    .select({ id: integrations.id, orgId: integrations.orgId, eventTypes: integrations.eventTypes })
    .from(integrations)
    .where(and(inArray(integrations.orgId, orgIds), eq(integrations.enabled, true)));
}
