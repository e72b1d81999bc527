/**
 * Hourly activity metrics, decided without I/O: when an account's agent collects, which windows it
 * asks the cloud for, and how the points it gets back become the hourly rollups kept in D1's
 * `metrics` table (avg, max, min and sample count per database, metric and hour; raw points are
 * never stored).
 *
 * At most two windows per collection, each shared by the account's databases, so AWS answers
 * each with one GetMetricData call per region (CloudWatch bills per metric requested, not per
 * datapoint) and Cloud Monitoring with one timeSeries.list per metric type per project:
 * - the hourly window, for the databases that are up to date: from an hour before each one's
 *   cursor (CloudWatch publishes late points, so the last hour is read again) to the start of the
 *   current hour, in 5-minute points. It is never stretched by a neighbour that is behind: a
 *   database more than HOURLY_REACH_MS behind (new, or its account paused a while) catches up in
 *   the backfill window instead.
 * - the backfill window: ONE chunk (BACKFILL_CHUNK_MS, a day of hourly points) of the databases
 *   still behind, newest first: a database first seen gets its last day now (its cursor jumps to
 *   the current hour, so charts and policies have the recent past at once), and the 13 older days
 *   in the following collections, BACKFILL_CHUNK_DELAY_MS apart (`nextCollectionAfter`), until 14
 *   days (BACKFILL_MS) are read. What is in D1 is always a contiguous stretch ending at the
 *   cursor, so a reader counting days of data (worker/recommendations/detect.ts) counts only
 *   what was read. The chunk is a day because one run then writes 20 databases × 4 metrics × 24
 *   hours ≈ 1,900 rows (~160 upserts, 4 D1 batches, seconds of work), where the whole 14 days at
 *   once wrote ~27,000 and held a due stop behind it for minutes. Its price: 14 GetMetricData calls
 *   per region for a new account instead of 1, once (each asking for the same metrics, so 14× a
 *   cent-fraction per 1,000 metrics), and 2 calls per region in an hourly collection that meets a
 *   backfill.
 * A database's cursor (MetricCursor) is where its hourly reading stands and the older stretch
 * still to read; the caller saves what a window's targets `advance` only once that window is
 * written, so a failed read leaves the cursors and is read again.
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
/** One collection reads at most this much of a backfill (see the header for why a day). */
export const BACKFILL_CHUNK_MS = 24 * HOUR_MS;
/** How soon the next chunk of a backfill is read (a due power action still goes first: pass.ts actionDueSoon). */
export const BACKFILL_CHUNK_DELAY_MS = 5_000;
export const RETENTION_MS = 90 * 24 * HOUR_MS;
/** The last hour is read again on the next collection (late points). */
export const LATE_DATA_MS = HOUR_MS;
/** Windows up to this long are read in 5-minute points (12 samples an hour); longer ones hourly. */
const FINE_WINDOW_MS = 6 * HOUR_MS;
/** A database whose cursor is further behind than this catches up in the backfill window (the hourly one stays fine). */
export const HOURLY_REACH_MS = FINE_WINDOW_MS - LATE_DATA_MS;
export const PRUNE_INTERVAL_MS = 24 * HOUR_MS;

export const floorHour = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;

/** The next collection: COLLECTION_OFFSET_MS past the next hour. */
export function nextCollectionAt(now: number): number {
  const thisHour = floorHour(now) + COLLECTION_OFFSET_MS;
  return thisHour > now ? thisHour : thisHour + COLLECTION_INTERVAL_MS;
}

/**
 * When to collect after a collection: the next backfill chunk soon while one is pending, else the
 * next hour. After a failed read, the next hour (a failing cloud is not asked every few seconds).
 */
export function nextCollectionAfter(now: number, o: { backfillPending: boolean; failed: boolean }): number {
  const hourly = nextCollectionAt(now);
  return o.backfillPending && !o.failed ? Math.min(now + BACKFILL_CHUNK_DELAY_MS, hourly) : hourly;
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

/** Where one database's metrics stand (kept by its agent; absent for a database never collected). */
export interface MetricCursor {
  /** The end of the newest window written: rollups of the hours before it are in D1, back to the backfill. */
  through: number;
  /** The older hours [from, to) still to read, newest first; null when none. */
  backfill: { from: number; to: number } | null;
}

export interface CollectionTarget {
  id: string;
  /** Rollups for hours before this are not written (they were written before, or are beyond 14 days). */
  from: number;
  metrics: StoredMetric[];
  /** The cursor fields to set once this window is written (`advanceCursor`). */
  advance: Partial<MetricCursor>;
}

export interface CollectionWindow {
  kind: "hourly" | "backfill";
  start: number;
  /** Exclusive. The hourly window ends at the start of the current (incomplete) hour. */
  end: number;
  periodSeconds: number;
  targets: CollectionTarget[];
}

export interface CollectionPlan {
  /** The start of the current hour. */
  end: number;
  /** The hourly window first (when any database is due one), then the backfill chunk (when any is behind). */
  windows: CollectionWindow[];
}

/** The metrics SnoozeQL stores for a database (Cloud SQL publishes no IOPS in its set). */
export function metricsFor(db: CollectableDatabase): StoredMetric[] {
  if (db.provider === "gcp") return ["cpu", "connections"];
  return db.serverlessV2 ? ["cpu", "connections", "read_iops", "write_iops", "acu"] : ["cpu", "connections", "read_iops", "write_iops"];
}

const periodOf = (start: number, end: number) => (end - start <= FINE_WINDOW_MS ? 300 : 3600);

/**
 * The older stretch a database still needs read, within the last 14 days: all of it for a
 * database never collected, from an hour before its cursor for one too far behind for the hourly
 * window (`catchUp`: the chunk that reaches the current hour moves its cursor there), else the
 * rest of its backfill. Null when it is complete.
 */
function pendingStretch(end: number, cursor: MetricCursor | undefined): { from: number; to: number; catchUp: boolean } | null {
  const floor = end - BACKFILL_MS;
  let stretch: { from: number; to: number; catchUp: boolean } | null = null;
  if (!cursor) stretch = { from: floor, to: end, catchUp: true };
  // Behind on both ends (paused in the middle of a backfill): one stretch to the current hour,
  // re-reading the hours between the two (upserts replace them).
  else if (cursor.through < end - HOURLY_REACH_MS) stretch = { from: Math.min(cursor.backfill?.from ?? Infinity, cursor.through - LATE_DATA_MS), to: end, catchUp: true };
  else if (cursor.backfill) stretch = { ...cursor.backfill, catchUp: false };
  if (!stretch) return null;
  const from = Math.max(stretch.from, floor);
  return from < stretch.to ? { ...stretch, from } : null;
}

/** Whether any of these databases still has older hours to read (another chunk is due soon). */
export function backfillPending(now: number, databases: readonly { id: string }[], cursors: ReadonlyMap<string, MetricCursor>): boolean {
  const end = floorHour(now);
  return databases.some((db) => pendingStretch(end, cursors.get(db.id)) !== null);
}

/** A cursor after a window is written: the window's target's fields replace the cursor's. */
export function advanceCursor(cursor: MetricCursor | undefined, advance: Partial<MetricCursor>): MetricCursor {
  return { through: advance.through ?? cursor?.through ?? 0, backfill: advance.backfill !== undefined ? advance.backfill : (cursor?.backfill ?? null) };
}

/**
 * What to collect now, given each database's cursor. Null when there is nothing to read (every
 * database read up to the current hour, its backfill complete).
 */
export function planCollection(now: number, databases: readonly CollectableDatabase[], cursors: ReadonlyMap<string, MetricCursor>): CollectionPlan | null {
  const end = floorHour(now);
  const floor = end - BACKFILL_MS;
  const windows: CollectionWindow[] = [];

  // The hourly window: the databases up to date with something new to read.
  const hourly: CollectionTarget[] = [];
  for (const db of databases) {
    const cursor = cursors.get(db.id);
    if (!cursor || cursor.through >= end || cursor.through < end - HOURLY_REACH_MS) continue;
    hourly.push({ id: db.id, from: Math.max(floor, cursor.through - LATE_DATA_MS), metrics: metricsFor(db), advance: { through: end } });
  }
  if (hourly.length > 0) {
    const start = Math.min(...hourly.map((t) => t.from));
    windows.push({ kind: "hourly", start, end, periodSeconds: periodOf(start, end), targets: hourly });
  }

  // The backfill chunk: the newest day still missing among the databases behind, and every one
  // of them that misses some of it.
  const behind = databases.flatMap((db) => {
    const stretch = pendingStretch(end, cursors.get(db.id));
    return stretch ? [{ db, stretch }] : [];
  });
  if (behind.length > 0) {
    const chunkEnd = Math.max(...behind.map((b) => b.stretch.to));
    const chunkStart = chunkEnd - BACKFILL_CHUNK_MS;
    const targets = behind
      .filter((b) => b.stretch.to > chunkStart)
      .map(({ db, stretch }): CollectionTarget => {
        const from = Math.max(stretch.from, chunkStart);
        const rest = from > stretch.from ? { from: stretch.from, to: from } : null;
        return { id: db.id, from, metrics: metricsFor(db), advance: stretch.catchUp ? { through: end, backfill: rest } : { backfill: rest } };
      });
    const start = Math.min(...targets.map((t) => t.from));
    windows.push({ kind: "backfill", start, end: chunkEnd, periodSeconds: periodOf(start, chunkEnd), targets });
  }
  return windows.length > 0 ? { end, windows } : null;
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
