// Metrics collection planning: one window for the account, 14 days for a new database, the last
// hour read again, hourly rollups without inventing hours that had no data.
import { describe, expect, it } from "vitest";
import { BACKFILL_MS, hourlyRollups, nextCollectionAt, planCollection, pointStart } from "../../worker/metrics/collect.ts";

const H = 3_600_000;
const NOW = Date.UTC(2026, 10, 25, 10, 7);
const HOUR = Date.UTC(2026, 10, 25, 10);

describe("planCollection", () => {
  const aws = { provider: "aws" as const, kind: "rds_instance" as const, serverlessV2: false };
  it("backfills 14 days for a database first seen and resumes the others an hour before their cursor", () => {
    const plan = planCollection(NOW, [{ id: "new", ...aws }, { id: "old", ...aws }, { id: "acu", ...aws, kind: "aurora_cluster", serverlessV2: true }], new Map([["old", HOUR - H], ["acu", HOUR - H]]))!;
    expect(plan.end).toBe(HOUR);
    expect(plan.start).toBe(HOUR - BACKFILL_MS);
    expect(plan.periodSeconds).toBe(3600);
    expect(plan.targets).toEqual([
      { id: "new", from: HOUR - BACKFILL_MS, metrics: ["cpu", "connections", "read_iops", "write_iops"] },
      { id: "old", from: HOUR - 2 * H, metrics: ["cpu", "connections", "read_iops", "write_iops"] },
      { id: "acu", from: HOUR - 2 * H, metrics: ["cpu", "connections", "read_iops", "write_iops", "acu"] },
    ]);
  });

  it("reads a routine hour in 5-minute points, and nothing when the hour is already read", () => {
    const plan = planCollection(NOW, [{ id: "old", provider: "gcp", kind: "cloudsql_instance", serverlessV2: false }], new Map([["old", HOUR]]))!;
    expect(plan).toMatchObject({ start: HOUR - H, end: HOUR, periodSeconds: 300, targets: [{ metrics: ["cpu", "connections"] }] });
    expect(planCollection(NOW, [], new Map())).toBeNull();
  });

  it("collects five minutes past each hour", () => {
    expect(nextCollectionAt(NOW)).toBe(HOUR + H + 5 * 60_000);
    expect(nextCollectionAt(HOUR + 60_000)).toBe(HOUR + 5 * 60_000);
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
