/**
 * Hourly activity metrics, decided without I/O: when an account's agent collects, which window it
 * asks the cloud for, and how the points it gets back become the hourly rollups kept in D1's
 * `metrics` table (avg, max, min and sample count per database, metric and hour; raw points are
 * never stored).
 *
 * One window per collection for the whole account, so AWS answers with one GetMetricData call
 * per region (CloudWatch bills per metric requested, not per datapoint: a longer window for every
 * database costs the same as a short one) and Cloud Monitoring with one timeSeries.list per
 * metric type per project. A database first seen is backfilled 14 days; the others resume from
 * their cursor, re-reading the last hour because CloudWatch publishes late points.
 *
 * The stored metric names are a contract with the recommendations module and the charts:
 * cpu, connections, read_iops, write_iops, acu.
 *
 * Must never: read the clock, touch D1, Durable Object storage or the network.
 */
import type { InstanceKind, Provider } from "../domain/vocabulary.ts";

export const STORED_METRICS = ["cpu", "connections", "read_iops", "write_iops", "acu"] as const;
export type StoredMetric = (typeof STORED_METRICS)[number];

/** The provider interface's metric names (worker/cloud/provider.ts) for each stored one. */
export const CLOUD_METRIC_OF = {
  cpu: "cpu_utilization",
  connections: "connections",
  read_iops: "read_iops",
  write_iops: "write_iops",
  acu: "serverless_capacity",
} as const satisfies Record<StoredMetric, string>;
export type CloudMetricName = (typeof CLOUD_METRIC_OF)[StoredMetric];

/** An Aurora Serverless v2 cluster, from its inventory row (db.serverless class, or a serverless price basis). */
export const isServerlessV2 = (row: { kind: InstanceKind; instanceClass: string | null; priceBasis: Record<string, unknown> | null }) =>
  row.kind === "aurora_cluster" && (row.instanceClass === "db.serverless" || !!(row.priceBasis as { serverless?: unknown } | null)?.serverless);

export const HOUR_MS = 3_600_000;
export const COLLECTION_INTERVAL_MS = HOUR_MS;
/** Collect a few minutes after the hour: CloudWatch publishes a minute's point a few minutes late. */
export const COLLECTION_OFFSET_MS = 5 * 60_000;
export const BACKFILL_MS = 14 * 24 * HOUR_MS;
export const RETENTION_MS = 90 * 24 * HOUR_MS;
/** The last hour is read again on the next collection (late points). */
export const LATE_DATA_MS = HOUR_MS;
/** Windows up to this long are read in 5-minute points (12 samples an hour); longer ones hourly. */
const FINE_WINDOW_MS = 6 * HOUR_MS;
export const PRUNE_INTERVAL_MS = 24 * HOUR_MS;

export const floorHour = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;

/** The next collection: COLLECTION_OFFSET_MS past the next hour. */
export function nextCollectionAt(now: number): number {
  const thisHour = floorHour(now) + COLLECTION_OFFSET_MS;
  return thisHour > now ? thisHour : thisHour + COLLECTION_INTERVAL_MS;
}

/** A collection is due at its time (the first one at once); pruning once a day. */
export const collectionDue = (now: number, dueAt: number | null) => dueAt === null || now >= dueAt;
export const pruneDue = (now: number, lastPrunedAt: number | null) => lastPrunedAt === null || now - lastPrunedAt >= PRUNE_INTERVAL_MS;

export interface CollectableDatabase {
  id: string;
  provider: Provider;
  kind: InstanceKind;
  /** Aurora Serverless v2: ACU is collected too. */
  serverlessV2: boolean;
}

export interface CollectionTarget {
  id: string;
  /** Rollups for hours before this are not written (they were written before). */
  from: number;
  metrics: StoredMetric[];
}

export interface CollectionPlan {
  start: number;
  /** Exclusive: the start of the current (incomplete) hour. */
  end: number;
  periodSeconds: number;
  targets: CollectionTarget[];
}

/** The metrics SnoozeQL stores for a database (Cloud SQL publishes no IOPS in its set). */
export function metricsFor(db: CollectableDatabase): StoredMetric[] {
  if (db.provider === "gcp") return ["cpu", "connections"];
  return db.serverlessV2 ? ["cpu", "connections", "read_iops", "write_iops", "acu"] : ["cpu", "connections", "read_iops", "write_iops"];
}

/**
 * What to collect now, given each database's cursor (the end of the last window written for
 * it; absent for a database never collected). Null when there is no complete hour to read.
 */
export function planCollection(now: number, databases: readonly CollectableDatabase[], cursors: ReadonlyMap<string, number>): CollectionPlan | null {
  const end = floorHour(now);
  const targets: CollectionTarget[] = [];
  for (const db of databases) {
    const cursor = cursors.get(db.id);
    const from = cursor === undefined ? end - BACKFILL_MS : Math.max(end - BACKFILL_MS, cursor - LATE_DATA_MS);
    if (from < end) targets.push({ id: db.id, from, metrics: metricsFor(db) });
  }
  if (targets.length === 0) return null;
  const start = Math.min(...targets.map((t) => t.from));
  return { start, end, periodSeconds: end - start <= FINE_WINDOW_MS ? 300 : 3600, targets };
}

export interface HourlyRollup {
  metric: StoredMetric;
  hourStart: number;
  avg: number;
  max: number;
  min: number;
  samples: number;
}

/**
 * Rolls one metric's points (one per period, each the period's average) into hourly rollups for
 * the hours in [from, end). An hour without points has no row (the database was stopped, or the
 * cloud had nothing): absence is not zero.
 */
export function hourlyRollups(metric: StoredMetric, points: readonly { timestamp: number; value: number }[], from: number, end: number): HourlyRollup[] {
  const hours = new Map<number, { sum: number; max: number; min: number; n: number }>();
  for (const p of points) {
    if (p.timestamp < from || p.timestamp >= end || !Number.isFinite(p.value)) continue;
    const h = floorHour(p.timestamp);
    const b = hours.get(h) ?? { sum: 0, max: -Infinity, min: Infinity, n: 0 };
    b.sum += p.value;
    b.max = Math.max(b.max, p.value);
    b.min = Math.min(b.min, p.value);
    b.n += 1;
    hours.set(h, b);
  }
  return [...hours]
    .sort(([a], [b]) => a - b)
    .map(([hourStart, b]) => ({ metric, hourStart, avg: round(b.sum / b.n), max: round(b.max), min: round(b.min), samples: b.n }));
}

/**
 * Where a point's hour is: AWS stamps a period's point with its start, Cloud Monitoring with the
 * end of the aligned interval (worker/cloud/provider.ts MetricPoint).
 */
export function pointStart(provider: Provider, timestamp: number, periodSeconds: number): number {
  return provider === "gcp" ? timestamp - periodSeconds * 1000 : timestamp;
}

/** Six significant decimals: enough for percent, counts and IOPS, and stable across re-reads. */
const round = (v: number) => Math.round(v * 1e6) / 1e6;
