/**
 * The AccountAgent's metrics I/O: one collection of the account's databases (the windows planned
 * by worker/metrics/collect.ts: the hourly one and at most one day-long chunk of a backfill, each
 * read with the provider's batched getMetricsMany: one GetMetricData per AWS region, one
 * timeSeries.list per metric type per GCP project), the hourly
 * rollups written to D1's `metrics` in batched upserts (idempotent: a re-read hour replaces its
 * row), the recommendation analysis held while a database's backfill is in progress, and the
 * 90-day retention of the account's rows (read back by worker/db/activity.ts).
 *
 * Owns the queries and the calls, never a decision.
 */
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { AccountRow } from "../../worker/accounts/connection.ts";
import type { CloudProvider } from "../../worker/cloud/index.ts";
import { instances, metrics, policyEvaluations } from "../../worker/db/schema.ts";
import { errorText, log } from "../../worker/log.ts";
import {
  advanceCursor, backfillPending, CLOUD_METRIC_OF, hourlyRollups, isServerlessV2, planCollection, pointStart, STORED_METRICS,
  type CollectableDatabase, type CollectionWindow, type HourlyRollup, type MetricCursor,
} from "../../worker/metrics/collect.ts";
import { analysisAfterBackfill } from "../../worker/recommendations/analyze.ts";
import type { InstanceRow } from "./gather.ts";

/** metrics has 8 columns; D1 binds at most 100 parameters per statement. */
const ROWS_PER_STATEMENT = 12;
const STATEMENTS_PER_BATCH = 50;

export const collectable = (row: InstanceRow): CollectableDatabase => ({ id: row.id, provider: row.provider, kind: row.kind, serverlessV2: isServerlessV2(row) });

export interface Collection {
  /** New cursors of the databases whose windows were written. */
  cursors: Map<string, MetricCursor>;
  rows: number;
  /** Older hours are still to read: the next chunk is due soon (collect.ts nextCollectionAfter). */
  backfillPending: boolean;
  /** A read failed (logged; its cursors left as they were, so it is read again). */
  failed: boolean;
  /** Only an older backfill chunk was read: the recent hours the policies look at did not change. */
  olderOnly: boolean;
}

/** Collects what is due, window by window: the hourly one, then one backfill chunk. */
export async function collectMetrics(db: D1Database, provider: CloudProvider, account: Pick<AccountRow, "id" | "orgId">, rows: readonly InstanceRow[], cursors: ReadonlyMap<string, MetricCursor>, now: number): Promise<Collection> {
  const databases = rows.map(collectable);
  const plan = planCollection(now, databases, cursors);
  const out: Collection = { cursors: new Map(), rows: 0, backfillPending: false, failed: false, olderOnly: false };
  if (!plan) return out;
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const window of plan.windows) {
    const written = await readWindow(provider, account, byId, window);
    if (!written) {
      out.failed = true;
      continue;
    }
    await writeRollups(db, account.orgId, written);
    out.rows += written.length;
    if (window.kind === "backfill") await holdAnalysis(db, account.orgId, window, now);
    for (const t of window.targets) out.cursors.set(t.id, advanceCursor(out.cursors.get(t.id) ?? cursors.get(t.id), t.advance));
  }
  out.backfillPending = backfillPending(now, databases, new Map([...cursors, ...out.cursors]));
  out.olderOnly = plan.windows.every((w) => w.end < plan.end);
  return out;
}

/** The recommendation analysis waits for a backfill to complete (worker/recommendations/analyze.ts). */
async function holdAnalysis(db: D1Database, orgId: string, window: CollectionWindow, now: number): Promise<void> {
  const backfilling = window.targets.filter((t) => t.advance.backfill).map((t) => t.id);
  const complete = window.targets.filter((t) => !t.advance.backfill).map((t) => t.id);
  const [first, ...rest] = analysisAfterBackfill(db, orgId, { backfilling, complete }, now);
  if (first) await drizzle(db).batch([first, ...rest]);
}

/** One window's rollups, or null when the read failed (logged). */
async function readWindow(provider: CloudProvider, account: Pick<AccountRow, "id">, byId: ReadonlyMap<string, InstanceRow>, window: CollectionWindow): Promise<(HourlyRollup & { instanceId: string })[] | null> {
  const cloudToStored = new Map(STORED_METRICS.map((m) => [CLOUD_METRIC_OF[m] as string, m]));
  let answers;
  try {
    answers = await provider.getMetricsMany(
      window.targets.map((t) => {
        const r = byId.get(t.id)!;
        return { kind: r.kind, externalId: r.externalId, region: r.region, metrics: t.metrics.map((m) => CLOUD_METRIC_OF[m]) };
      }),
      { start: window.start, end: window.end, periodSeconds: window.periodSeconds },
    );
  } catch (error) {
    log.warn("metrics collection failed", { accountId: account.id, window: window.kind, error: errorText(error) });
    return null;
  }
  const written: (HourlyRollup & { instanceId: string })[] = [];
  window.targets.forEach((target, i) => {
    const row = byId.get(target.id)!;
    for (const series of answers[i]?.series ?? []) {
      const metric = cloudToStored.get(series.metric);
      if (!metric) continue;
      const points = series.points.map((p) => ({ timestamp: pointStart(row.provider, p.timestamp, window.periodSeconds), value: p.value }));
      for (const r of hourlyRollups(metric, points, target.from, window.end)) written.push({ ...r, instanceId: target.id });
    }
  });
  return written;
}

async function writeRollups(db: D1Database, orgId: string, rows: readonly (HourlyRollup & { instanceId: string })[]): Promise<void> {
  const d = drizzle(db);
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const values = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({ orgId, instanceId: r.instanceId, metric: r.metric, hourStart: new Date(r.hourStart), avg: r.avg, max: r.max, min: r.min, samples: r.samples }));
    statements.push(
      d.insert(metrics).values(values).onConflictDoUpdate({
        target: [metrics.instanceId, metrics.metric, metrics.hourStart],
        set: { avg: sql`excluded.avg`, max: sql`excluded.max`, min: sql`excluded.min`, samples: sql`excluded.samples` },
      }),
    );
  }
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
    const [first, ...rest] = statements.slice(i, i + STATEMENTS_PER_BATCH);
    await d.batch([first!, ...rest]);
  }
}

/** 90-day retention for this account's databases: their metric rows and policy history. */
export async function pruneAccount(db: D1Database, account: Pick<AccountRow, "id" | "orgId">, before: number): Promise<void> {
  const d = drizzle(db);
  const mine = d.select({ id: instances.id }).from(instances).where(and(eq(instances.orgId, account.orgId), eq(instances.cloudAccountId, account.id)));
  await d.batch([
    d.delete(metrics).where(and(eq(metrics.orgId, account.orgId), lt(metrics.hourStart, new Date(before)), inArray(metrics.instanceId, mine))),
    d.delete(policyEvaluations).where(and(eq(policyEvaluations.orgId, account.orgId), lt(policyEvaluations.evaluatedAt, new Date(before)), inArray(policyEvaluations.instanceId, mine))),
  ]);
}
