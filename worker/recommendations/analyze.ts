/**
 * The analysis job (I/O around detect.ts): reads an organization's last 14 days of hourly metrics
 * and sleeps from D1, runs the detector per database, and upserts one `recommendations` row per
 * database and outcome.
 *
 * Owns: the rows' kinds and ids, re-analysis rules, and which databases are due.
 * - kind "schedule": a proposed schedule (status open → applied | dismissed);
 *   kind "skipped": why nothing is proposed (busy, irregular, ineligible, already on a schedule);
 *   kind "waiting": not enough data yet (re-analysed hourly, so a backfill shows up soon).
 *   Ids are deterministic per (organization, database, kind): re-analysis updates, never duplicates.
 *   A database has at most one open outcome: a new one replaces the other open kinds.
 * - A dismissed proposal stays dismissed unless the new proposal differs materially (its awake
 *   hours change by at least MATERIAL_CHANGE_HOURS a week, or its time zone changes): then it is
 *   reopened. An applied one is left as it was (its schedule now governs the database).
 * - "recommendation.ready" is emitted (an event, fanned out to Slack and webhooks) when an open
 *   proposal is new, reopened, or changed materially — never for a re-analysis that changes nothing
 *   that matters. Its id is derived from the row and the proposal's awake hours and time zone, so
 *   two concurrent analyses of the same data, or a redelivered event, notify once.
 * - Which databases are due: each outcome written sets the database's `instances.analysis_due_at`
 *   (a day on, an hour for "waiting"); never analysed is 0, due now. `dueForAnalysis` is a range
 *   on `instances_analysis_due_idx`: it reads the due rows and nothing else. While a database's
 *   metrics backfill is in progress (its agent reads a day per collection, seconds apart), its
 *   analysis waits (`analysisAfterBackfill`): the detector would judge it on the days read so far
 *   and a proposal on 8 days would stand for a day. It is due as soon as the backfill completes.
 * - Who runs it: once a day per database via the cron tick, which every 5th minute only selects
 *   the due databases (at most MAX_DUE_PER_RUN) and queues them as analysis jobs of at most
 *   ANALYSIS_JOB_SIZE databases of one organization (worker/ticks/analysis-tick.ts); the
 *   account-ticks consumer runs each job (`analyzeOrganization`). Hourly while a database is
 *   "waiting", and on demand (POST /recommendations/analyze, the demo seed after its backfill).
 *   `analyzeDue` is the same run inline (tests, scripts).
 *   The cron tick rather than the agent's metrics path: analysis reads 14 days across all of an
 *   organization's accounts and its schedules, which no single AccountAgent owns, and a daily
 *   cadence is plenty for weekly patterns.
 *
 * Never: acts on databases or creates schedules (apply does, on a person's request), reads other
 * organizations' rows (every statement is scoped by org_id), or fails a whole run for one
 * database's bad data.
 */
import { and, asc, eq, gte, inArray, isNull, lt, lte, or } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { deterministicId } from "../db/ids.ts";
import { buildEvent, emitEvents, type EventMessage } from "../events/event.ts";
import { instances, metrics, organizations, recommendations, savings, schedules } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { errorText, log } from "../log.ts";
import { storedPrice } from "../savings/price.ts";
import { matchesSelector, ScheduleDefinitionSchema, type ScheduleDefinition } from "../schedules/index.ts";
import { DAY_MS, HOUR_MS } from "../schedules/timezone.ts";
import { ANALYSIS_JOB_SIZE } from "../ticks/messages.ts";
import { DETECTOR, detectIdlePattern, HOURS_PER_WEEK, type Detection, type Evidence, type HourlyRollup, type Projection, type SkipReason } from "./detect.ts";

export type RecommendationKind = "schedule" | "skipped" | "waiting";
export const RECOMMENDATION_KINDS: readonly RecommendationKind[] = ["schedule", "skipped", "waiting"];
export type OutcomeReason = SkipReason | "scheduled";

/** Awake hours a week that must change before a dismissed proposal comes back. */
export const MATERIAL_CHANGE_HOURS = 6;
export const ANALYSIS_INTERVAL_MS = DAY_MS;
export const WAITING_RETRY_MS = HOUR_MS;
export const MAX_DUE_PER_RUN = 200;
export { ANALYSIS_JOB_SIZE };
/** Cron minutes (scheduled minute % 5) at which due databases are analysed. */
export const ANALYSIS_MINUTE_STEP = 5;
/** D1 binds at most 100 parameters per statement. */
const INSTANCE_CHUNK = 40;

/** What a row's `evidence` column holds (the page's heat map, the words, the projection). */
export interface StoredEvidence {
  summary: string;
  reason: OutcomeReason | null;
  projection: Projection | null;
  profile: Evidence | null;
}

export interface AnalysisResult {
  analyzed: number;
  proposed: number;
  skipped: number;
  waiting: number;
}

type InstanceRow = Pick<typeof instances.$inferSelect, "id" | "name" | "cloudAccountId" | "provider" | "region" | "engine" | "tags" | "eligible" | "ineligibleReason" | "hourlyPriceMicros" | "priceSource">;

export function recommendationId(orgId: string, instanceId: string, kind: RecommendationKind): Promise<string> {
  return deterministicId("rec", orgId, instanceId, kind);
}

/** Whether two proposals differ materially (see the header). */
export function materiallyDifferent(before: { timezone?: string; awake?: boolean[] } | null, after: { timezone: string; awake: boolean[] }): boolean {
  if (!before?.awake || before.awake.length !== HOURS_PER_WEEK || before.timezone !== after.timezone) return true;
  let changed = 0;
  for (let s = 0; s < HOURS_PER_WEEK; s++) if (before.awake[s] !== after.awake[s]) changed++;
  return changed >= MATERIAL_CHANGE_HOURS;
}

interface Outcome {
  kind: RecommendationKind;
  confidenceBp: number;
  definition: ScheduleDefinition | null;
  evidence: StoredEvidence;
  /** The stored column is NOT NULL: 0 with `evidence.projection.monthlySavingsCents` null when unpriced. */
  cents: number;
}

function outcomeOf(d: Detection): Outcome {
  if (d.kind === "schedule") {
    return { kind: "schedule", confidenceBp: d.confidenceBp, definition: d.definition, cents: d.projection.monthlySavingsCents ?? 0, evidence: { summary: d.summary, reason: null, projection: d.projection, profile: d.evidence } };
  }
  return { kind: d.reason === "not-enough-data" ? "waiting" : "skipped", confidenceBp: 0, definition: null, cents: 0, evidence: { summary: d.message, reason: d.reason, projection: null, profile: d.evidence } };
}

async function readSeries(db: DrizzleD1Database, orgId: string, ids: string[], from: number, to: number) {
  const byInstance = new Map<string, { cpu: HourlyRollup[]; connections: HourlyRollup[] }>();
  for (let i = 0; i < ids.length; i += INSTANCE_CHUNK) {
    const chunk = ids.slice(i, i + INSTANCE_CHUNK);
    const rows = await db
      .select({ instanceId: metrics.instanceId, metric: metrics.metric, hourStart: metrics.hourStart, avg: metrics.avg, max: metrics.max })
      .from(metrics)
      .where(and(eq(metrics.orgId, orgId), inArray(metrics.instanceId, chunk), inArray(metrics.metric, ["cpu", "connections"]), gte(metrics.hourStart, new Date(from)), lt(metrics.hourStart, new Date(to))));
    for (const r of rows) {
      const entry = byInstance.get(r.instanceId) ?? { cpu: [], connections: [] };
      (r.metric === "cpu" ? entry.cpu : entry.connections).push({ hourStart: r.hourStart.getTime(), avg: r.avg, max: r.max });
      byInstance.set(r.instanceId, entry);
    }
  }
  return byInstance;
}

async function readExisting(db: DrizzleD1Database, orgId: string, ids: string[] | null) {
  if (!ids) return db.select().from(recommendations).where(eq(recommendations.orgId, orgId));
  const rows: (typeof recommendations.$inferSelect)[] = [];
  for (let i = 0; i < ids.length; i += INSTANCE_CHUNK) {
    rows.push(...(await db.select().from(recommendations).where(and(eq(recommendations.orgId, orgId), inArray(recommendations.instanceId, ids.slice(i, i + INSTANCE_CHUNK))))));
  }
  return rows;
}

/**
 * Analyses an organization's databases (all of them, or `instanceIds`) and writes the outcomes.
 * `now` is the end of the 14-day window.
 */
export async function analyzeOrganization(env: Env, orgId: string, now: number, instanceIds?: readonly string[]): Promise<AnalysisResult> {
  const db = drizzle(env.DB);
  const from = Math.floor(now / HOUR_MS) * HOUR_MS - DETECTOR.windowDays * DAY_MS;
  const [org] = await db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, orgId));
  if (!org) return { analyzed: 0, proposed: 0, skipped: 0, waiting: 0 };
  const all: InstanceRow[] = await db
    .select({
      id: instances.id,
      name: instances.name,
      cloudAccountId: instances.cloudAccountId,
      provider: instances.provider,
      region: instances.region,
      engine: instances.engine,
      tags: instances.tags,
      eligible: instances.eligible,
      ineligibleReason: instances.ineligibleReason,
      hourlyPriceMicros: instances.hourlyPriceMicros,
      priceSource: instances.priceSource,
    })
    .from(instances)
    .where(and(eq(instances.orgId, orgId), isNull(instances.deletedAt)));
  const wanted = instanceIds ? new Set(instanceIds) : null;
  const targets = wanted ? all.filter((i) => wanted.has(i.id)) : all;
  if (targets.length === 0) return { analyzed: 0, proposed: 0, skipped: 0, waiting: 0 };
  const ids = targets.map((i) => i.id);

  const [series, sleeps, scheduleRows, existing] = await Promise.all([
    readSeries(db, orgId, ids, from, now),
    db
      .select({ instanceId: savings.instanceId, from: savings.from, until: savings.until })
      .from(savings)
      .where(and(eq(savings.orgId, orgId), or(isNull(savings.until), gte(savings.until, new Date(from))), lt(savings.from, new Date(now)))),
    db.select({ name: schedules.name, definition: schedules.definition, dryRun: schedules.dryRun }).from(schedules).where(and(eq(schedules.orgId, orgId), eq(schedules.enabled, true))),
    readExisting(db, orgId, wanted ? ids : null),
  ]);
  const governing = scheduleRows.flatMap((s) => {
    const parsed = ScheduleDefinitionSchema.safeParse(s.definition);
    return parsed.success && !s.dryRun ? [{ name: s.name, definition: parsed.data }] : [];
  });
  const existingById = new Map(existing.map((r) => [r.id, r]));
  const existingByInstance = new Map<string, typeof existing>();
  for (const r of existing) existingByInstance.set(r.instanceId, [...(existingByInstance.get(r.instanceId) ?? []), r]);

  const writes: BatchItem<"sqlite">[] = [];
  const deletes: string[] = [];
  const waitingIds: string[] = [];
  const settledIds: string[] = [];
  const ready: EventMessage[] = [];
  const result: AnalysisResult = { analyzed: 0, proposed: 0, skipped: 0, waiting: 0 };
  const updatedAt = new Date(now);
  for (const instance of targets) {
    let outcome: Outcome;
    try {
      const onSchedule = governing.filter((s) => matchesSelector(s.definition.selector, instance));
      if (onSchedule.length > 0 && instance.eligible) {
        const names = onSchedule.map((s) => `'${s.name}'`).join(", ");
        outcome = { kind: "skipped", confidenceBp: 0, definition: null, cents: 0, evidence: { summary: `Already on schedule ${names}; change that schedule to change when it sleeps.`, reason: "scheduled", projection: null, profile: null } };
      } else {
        const price = storedPrice(instance);
        const s = series.get(instance.id) ?? { cpu: [], connections: [] };
        outcome = outcomeOf(
          detectIdlePattern({
            database: { ...instance, hourlyPriceMicros: price.hourlyMicros, priceSource: price.source },
            timezone: org.timezone,
            now,
            cpu: s.cpu,
            connections: s.connections,
            asleep: sleeps.filter((x) => x.instanceId === instance.id).map((x) => ({ from: x.from.getTime(), until: x.until?.getTime() ?? null })),
          }),
        );
      }
    } catch (error) {
      log.error("recommendation analysis failed for a database", { orgId, instanceId: instance.id, error: errorText(error) });
      continue;
    }
    result.analyzed++;
    result[outcome.kind === "schedule" ? "proposed" : outcome.kind === "waiting" ? "waiting" : "skipped"]++;
    (outcome.kind === "waiting" ? waitingIds : settledIds).push(instance.id);

    const id = await recommendationId(orgId, instance.id, outcome.kind);
    const before = existingById.get(id);
    const mine = existingByInstance.get(instance.id) ?? [];
    // An applied proposal governs the database now: its later outcomes only refresh that row's time.
    const applied = mine.find((r) => r.kind === "schedule" && r.status === "applied");
    if (applied && outcome.kind !== "schedule") {
      writes.push(db.update(recommendations).set({ updatedAt }).where(and(eq(recommendations.id, applied.id), eq(recommendations.orgId, orgId))));
      for (const r of mine) if (r.id !== applied.id && r.status === "open") deletes.push(r.id);
      continue;
    }
    let status: "open" | "applied" | "dismissed" = before?.status ?? "open";
    let proposedSchedule: unknown = null;
    if (outcome.kind === "schedule") {
      const awake = outcome.evidence.profile?.proposedAwake ?? [];
      const previous = before?.evidence as StoredEvidence | null | undefined;
      const material = !before || materiallyDifferent({ timezone: previous?.profile?.timezone, awake: previous?.profile?.proposedAwake }, { timezone: org.timezone, awake });
      if (status === "dismissed" && material) status = "open";
      if (status === "open" && material) ready.push(await readyEvent(orgId, instance, id, outcome, org.timezone, awake));
      // What was applied stays as it was applied; otherwise the newest proposal.
      proposedSchedule = status === "applied" ? (before?.proposedSchedule ?? null) : outcome.definition;
    } else {
      status = "open";
    }
    for (const r of mine) if (r.id !== id && r.status === "open") deletes.push(r.id);
    const values = {
      id,
      orgId,
      instanceId: instance.id,
      kind: outcome.kind,
      confidenceBp: outcome.confidenceBp,
      proposedSchedule,
      projectedMonthlySavingsCents: outcome.cents,
      evidence: outcome.evidence,
      status,
      updatedAt,
    };
    writes.push(
      db
        .insert(recommendations)
        .values(values)
        .onConflictDoUpdate({
          target: recommendations.id,
          set: { confidenceBp: values.confidenceBp, proposedSchedule: values.proposedSchedule, projectedMonthlySavingsCents: values.projectedMonthlySavingsCents, evidence: values.evidence, status: values.status, updatedAt },
          // Never touch another organization's row, even on an id collision.
          setWhere: eq(recommendations.orgId, orgId),
        }),
    );
  }
  // When each analysed database is next due (see the header): an hour for "waiting", else a day.
  for (const [dueAt, dueIds] of [
    [now + WAITING_RETRY_MS, waitingIds],
    [now + ANALYSIS_INTERVAL_MS, settledIds],
  ] as const) {
    for (let i = 0; i < dueIds.length; i += 90) {
      writes.push(db.update(instances).set({ analysisDueAt: dueAt }).where(and(eq(instances.orgId, orgId), inArray(instances.id, dueIds.slice(i, i + 90)))));
    }
  }
  for (let i = 0; i < deletes.length; i += 90) {
    writes.push(db.delete(recommendations).where(and(eq(recommendations.orgId, orgId), inArray(recommendations.id, deletes.slice(i, i + 90)))));
  }
  // D1 runs a batch as one transaction; keep batches moderate.
  for (let i = 0; i < writes.length; i += 50) {
    const [first, ...rest] = writes.slice(i, i + 50);
    if (first) await db.batch([first, ...rest]);
  }
  // After the rows exist, so a delivery always finds the proposal it announces.
  if (ready.length > 0) await emitEvents(env, ready);
  return result;
}

/** The "recommendation.ready" event of a proposal (id: the row and the proposal's hours, see the header). */
function readyEvent(orgId: string, instance: InstanceRow, recommendationId: string, outcome: Outcome, timezone: string, awake: readonly boolean[]): Promise<EventMessage> {
  const projection = outcome.evidence.projection;
  return buildEvent(
    {
      orgId,
      cloudAccountId: instance.cloudAccountId,
      instanceId: instance.id,
      type: "recommendation.ready",
      causeKind: "system",
      causeId: recommendationId,
      detail: { recommendationId, summary: outcome.evidence.summary, confidenceBp: outcome.confidenceBp, monthlySavingsCents: projection?.monthlySavingsCents ?? null },
      // When it became ready (the analysis' `now` is its data window's end, often the last whole hour).
      occurredAt: Date.now(),
    },
    [recommendationId, timezone, awake.map((a) => (a ? "1" : "0")).join("")],
  );
}

/**
 * The statements that hold the analysis of the databases whose metrics backfill is still in
 * progress (due in WAITING_RETRY_MS, should the backfill stall) and make it due now for those
 * whose backfill just completed (called by the agent after writing a backfill chunk).
 */
export function analysisAfterBackfill(d1: D1Database, orgId: string, o: { backfilling: readonly string[]; complete: readonly string[] }, now: number): BatchItem<"sqlite">[] {
  const db = drizzle(d1);
  const writes: BatchItem<"sqlite">[] = [];
  for (const [dueAt, ids] of [[now + WAITING_RETRY_MS, o.backfilling], [now, o.complete]] as const) {
    for (let i = 0; i < ids.length; i += 90) writes.push(db.update(instances).set({ analysisDueAt: dueAt }).where(and(eq(instances.orgId, orgId), inArray(instances.id, ids.slice(i, i + 90)))));
  }
  return writes;
}

/** The due databases, oldest due first: a range on `instances_analysis_due_idx` (O(due)). */
export function dueForAnalysisQuery(env: Env, now: number, limit = MAX_DUE_PER_RUN) {
  return drizzle(env.DB)
    .select({ orgId: instances.orgId, instanceId: instances.id })
    .from(instances)
    .where(and(lte(instances.analysisDueAt, now), isNull(instances.deletedAt)))
    .orderBy(asc(instances.analysisDueAt))
    .limit(limit);
}

/** Databases whose outcome is stale (a day old, or an hour for "waiting"), oldest due first. */
export async function dueForAnalysis(env: Env, now: number, limit = MAX_DUE_PER_RUN): Promise<{ orgId: string; instanceId: string }[]> {
  return dueForAnalysisQuery(env, now, limit);
}

/** Whether a cron minute is one of the analysis minutes. */
export function isAnalysisMinute(scheduledAt: number): boolean {
  return Math.floor(scheduledAt / 60_000) % ANALYSIS_MINUTE_STEP === 0;
}

/** Pure: the due databases as jobs of one organization and at most `size` databases each. */
export function planAnalysisJobs(due: readonly { orgId: string; instanceId: string }[], size = ANALYSIS_JOB_SIZE): { orgId: string; instanceIds: string[] }[] {
  const byOrg = new Map<string, string[]>();
  for (const d of due) byOrg.set(d.orgId, [...(byOrg.get(d.orgId) ?? []), d.instanceId]);
  const jobs: { orgId: string; instanceIds: string[] }[] = [];
  for (const [orgId, ids] of byOrg) for (let i = 0; i < ids.length; i += size) jobs.push({ orgId, instanceIds: ids.slice(i, i + size) });
  return jobs;
}

/** The analysis run inline (the cron tick queues the same jobs instead): every ANALYSIS_MINUTE_STEP minutes, analyse the due databases. */
export async function analyzeDue(env: Env, scheduledAt: number): Promise<AnalysisResult & { organizations: number }> {
  const total = { analyzed: 0, proposed: 0, skipped: 0, waiting: 0, organizations: 0 };
  if (!isAnalysisMinute(scheduledAt)) return total;
  const orgs = new Set<string>();
  for (const job of planAnalysisJobs(await dueForAnalysis(env, scheduledAt))) {
    try {
      const r = await analyzeOrganization(env, job.orgId, scheduledAt, job.instanceIds);
      orgs.add(job.orgId);
      total.analyzed += r.analyzed;
      total.proposed += r.proposed;
      total.skipped += r.skipped;
      total.waiting += r.waiting;
    } catch (error) {
      log.error("recommendation analysis failed", { orgId: job.orgId, error: errorText(error) });
    }
  }
  return { ...total, organizations: orgs.size };
}
