// Metrics collection planning: an hourly window for the databases that are up to date (the last
// hour read again), and a new database's 14 days read a day per collection, newest first, without
// stretching its neighbours' window; hourly rollups without inventing hours that had no data.
import { describe, expect, it } from "vitest";
import {
  advanceCursor, BACKFILL_CHUNK_DELAY_MS, BACKFILL_MS, backfillPending, hourlyRollups, nextCollectionAfter, nextCollectionAt, planCollection, pointStart,
  type CollectableDatabase, type MetricCursor,
} from "../../worker/metrics/collect.ts";

const H = 3_600_000;
const DAY = 24 * H;
const NOW = Date.UTC(2026, 10, 25, 10, 7);
const HOUR = Date.UTC(2026, 10, 25, 10);
const aws = { provider: "aws" as const, kind: "rds_instance" as const, serverlessV2: false };
const upToDate = (through = HOUR - H): MetricCursor => ({ through, backfill: null });

/**
 * Runs collections at the given times as if every read succeeded; returns the windows read and,
 * per database, how many times each hour was written.
 */
function runCollections(times: number[], databases: CollectableDatabase[], cursors: Map<string, MetricCursor>) {
  const written = new Map<string, Map<number, number>>(databases.map((d) => [d.id, new Map()]));
  const runs: { windows: { kind: string; start: number; end: number; targets: number }[]; rows: number }[] = [];
  for (const now of times) {
    const plan = planCollection(now, databases, cursors);
    if (!plan) break;
    let rows = 0;
    for (const w of plan.windows) {
      for (const t of w.targets) {
        for (let h = t.from; h < w.end; h += H) written.get(t.id)!.set(h, (written.get(t.id)!.get(h) ?? 0) + 1);
        rows += ((w.end - t.from) / H) * t.metrics.length;
        cursors.set(t.id, advanceCursor(cursors.get(t.id), t.advance));
      }
    }
    runs.push({ windows: plan.windows.map((w) => ({ kind: w.kind, start: w.start, end: w.end, targets: w.targets.length })), rows });
  }
  return { runs, written };
}

describe("planCollection", () => {
  it("reads a new database's last day in its own window; its up-to-date neighbours keep their hourly window", () => {
    const plan = planCollection(NOW, [{ id: "new", ...aws }, { id: "old", ...aws }, { id: "acu", ...aws, kind: "aurora_cluster", serverlessV2: true }], new Map([["old", upToDate()], ["acu", upToDate()]]))!;
    expect(plan.end).toBe(HOUR);
    expect(plan.windows).toEqual([
      {
        kind: "hourly", start: HOUR - 2 * H, end: HOUR, periodSeconds: 300,
        targets: [
          { id: "old", from: HOUR - 2 * H, metrics: ["cpu", "connections", "read_iops", "write_iops"], advance: { through: HOUR } },
          { id: "acu", from: HOUR - 2 * H, metrics: ["cpu", "connections", "read_iops", "write_iops", "acu"], advance: { through: HOUR } },
        ],
      },
      {
        kind: "backfill", start: HOUR - DAY, end: HOUR, periodSeconds: 3600,
        // Its cursor reaches the current hour at once; the 13 older days are left for the next collections.
        targets: [{ id: "new", from: HOUR - DAY, metrics: ["cpu", "connections", "read_iops", "write_iops"], advance: { through: HOUR, backfill: { from: HOUR - BACKFILL_MS, to: HOUR - DAY } } }],
      },
    ]);
  });

  it("reads a routine hour in 5-minute points, and nothing when every hour is already read", () => {
    const gcp = { id: "old", provider: "gcp" as const, kind: "cloudsql_instance" as const, serverlessV2: false };
    const plan = planCollection(NOW, [gcp], new Map([["old", upToDate()]]))!;
    expect(plan.windows).toMatchObject([{ kind: "hourly", start: HOUR - 2 * H, end: HOUR, periodSeconds: 300, targets: [{ metrics: ["cpu", "connections"] }] }]);
    expect(planCollection(NOW, [gcp], new Map([["old", upToDate(HOUR)]]))).toBeNull();
    expect(planCollection(NOW, [], new Map())).toBeNull();
  });

  it("a new account of 20 databases: 14 collections of one day each read the 14 days exactly once, newest first", () => {
    const dbs = Array.from({ length: 20 }, (_, i) => ({ id: `db${i}`, ...aws }));
    const cursors = new Map<string, MetricCursor>();
    const times = Array.from({ length: 20 }, (_, i) => NOW + i * BACKFILL_CHUNK_DELAY_MS);
    const { runs, written } = runCollections(times, dbs, cursors);
    expect(runs).toHaveLength(14);
    runs.forEach((run, i) => {
      // One window a collection (one GetMetricData per region), a day of every database in it.
      expect(run.windows).toEqual([{ kind: "backfill", start: HOUR - (i + 1) * DAY, end: HOUR - i * DAY, targets: 20 }]);
      expect(run.rows).toBe(20 * 4 * 24);
    });
    for (const hours of written.values()) {
      expect(hours.size).toBe(14 * 24);
      expect(Math.min(...hours.keys())).toBe(HOUR - BACKFILL_MS);
      expect(Math.max(...hours.keys())).toBe(HOUR - H);
      expect([...hours.values()].every((n) => n === 1)).toBe(true);
    }
    expect(backfillPending(times.at(-1)!, dbs, cursors)).toBe(false);
    expect([...cursors.values()].every((c) => c.through === HOUR && c.backfill === null)).toBe(true);
  });

  it("a backfill that crosses an hour: no gap, and no hour read twice but the late-data hour", () => {
    const dbs = [{ id: "new", ...aws }];
    const cursors = new Map<string, MetricCursor>();
    // Five chunks before the hour turns, the rest after it.
    const times = [...Array.from({ length: 5 }, (_, i) => HOUR + 59 * 60_000 + i * 5_000), ...Array.from({ length: 15 }, (_, i) => HOUR + H + 60_000 + i * 5_000)];
    const { runs, written } = runCollections(times, dbs, cursors);
    const hours = written.get("new")!;
    const floor = HOUR + H - BACKFILL_MS;
    for (let h = floor; h < HOUR + H; h += H) expect(hours.get(h), new Date(h).toISOString()).toBeGreaterThanOrEqual(1);
    expect([...hours].filter(([, n]) => n > 1).map(([h]) => h)).toEqual([HOUR - H]);
    // The new hour is read in the hourly window (re-reading the last hour), not in a chunk.
    expect(runs[5]!.windows[0]).toEqual({ kind: "hourly", start: HOUR - H, end: HOUR + H, targets: 1 });
    expect(backfillPending(times.at(-1)!, dbs, cursors)).toBe(false);
  });

  it("a database that joins in the middle of a neighbour's backfill gets its recent day first; the chunks then serve both", () => {
    const dbs = [{ id: "a", ...aws }, { id: "b", ...aws }];
    const cursors = new Map<string, MetricCursor>([["a", { through: HOUR, backfill: { from: HOUR - BACKFILL_MS, to: HOUR - 3 * DAY } }]]);
    const first = planCollection(NOW, dbs, cursors)!;
    expect(first.windows).toMatchObject([{ kind: "backfill", start: HOUR - DAY, end: HOUR, targets: [{ id: "b" }] }]);
    const times = Array.from({ length: 20 }, (_, i) => NOW + i * BACKFILL_CHUNK_DELAY_MS);
    const { runs, written } = runCollections(times, dbs, cursors);
    expect(runs).toHaveLength(14);
    expect(runs.every((r) => r.windows.length === 1 && r.windows[0]!.end - r.windows[0]!.start === DAY)).toBe(true);
    expect(written.get("b")!.size).toBe(14 * 24);
    expect(written.get("a")!.size).toBe(11 * 24);
    expect([...written.values()].every((hours) => [...hours.values()].every((n) => n === 1))).toBe(true);
  });

  it("a database three days behind (its account paused) catches up in day chunks, the hour before its cursor read again", () => {
    const cursors = new Map([["late", upToDate(HOUR - 3 * DAY)], ["fine", upToDate()]]);
    const plan = planCollection(NOW, [{ id: "late", ...aws }, { id: "fine", ...aws }], cursors)!;
    expect(plan.windows).toMatchObject([
      { kind: "hourly", start: HOUR - 2 * H, end: HOUR, periodSeconds: 300, targets: [{ id: "fine" }] },
      { kind: "backfill", start: HOUR - DAY, end: HOUR, targets: [{ id: "late", advance: { through: HOUR, backfill: { from: HOUR - 3 * DAY - H, to: HOUR - DAY } } }] },
    ]);
  });

  it("collects five minutes past each hour; the next chunk of a backfill a few seconds later, unless a read failed", () => {
    expect(nextCollectionAt(NOW)).toBe(HOUR + H + 5 * 60_000);
    expect(nextCollectionAt(HOUR + 60_000)).toBe(HOUR + 5 * 60_000);
    expect(nextCollectionAfter(NOW, { backfillPending: true, failed: false })).toBe(NOW + BACKFILL_CHUNK_DELAY_MS);
    expect(nextCollectionAfter(NOW, { backfillPending: true, failed: true })).toBe(HOUR + H + 5 * 60_000);
    expect(nextCollectionAfter(NOW, { backfillPending: false, failed: false })).toBe(HOUR + H + 5 * 60_000);
  });
});

describe("hourlyRollups", () => {
  it("keeps avg, max, min and the sample count per hour, and no row for an hour without points", () => {
    const points = [
      { timestamp: HOUR - 3 * H, value: 2 },
      { timestamp: HOUR - 3 * H + 300_000, value: 4 },
      { timestamp: HOUR - 3 * H + 600_000, value: 9 },
      { timestamp: HOUR - H, value: 1 },
      { timestamp: HOUR, value: 99 }, // the current hour is incomplete: not rolled up
    ];
    expect(hourlyRollups("cpu", points, HOUR - 4 * H, HOUR)).toEqual([
      { metric: "cpu", hourStart: HOUR - 3 * H, avg: 5, max: 9, min: 2, samples: 3 },
      { metric: "cpu", hourStart: HOUR - H, avg: 1, max: 1, min: 1, samples: 1 },
    ]);
  });

  it("places Cloud Monitoring's interval-end stamps in the hour they describe", () => {
    expect(pointStart("gcp", HOUR, 3600)).toBe(HOUR - H);
    expect(pointStart("aws", HOUR, 3600)).toBe(HOUR);
  });
});
