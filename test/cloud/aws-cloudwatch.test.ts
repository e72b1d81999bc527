import { describe, expect, it } from "vitest";
import { AwsProvider } from "../../worker/cloud/aws/provider.ts";
import type { AwsAccountConfig } from "../../worker/cloud/provider.ts";
import { metricDataResponse } from "./fixtures/aws.ts";
import { expectValidSigV4, fakeFetch, rejection, testDeps, xmlResponse, type Handler, type Recorded } from "./helpers.ts";

const KEYS = { accessKeyId: "AKIAEXAMPLEKEY000002", secretAccessKey: "cw/SECRET+key000000000000000000000000000" };
const account: AwsAccountConfig = { provider: "aws", authKind: "access_keys", ...KEYS, regions: ["eu-central-1"] };

const START = Date.UTC(2026, 10, 20, 11, 0, 0);
const END = Date.UTC(2026, 10, 20, 12, 0, 0);

/** The queries of one GetMetricData request, read back from the form body. */
function queriesOf(req: Recorded) {
  const out: { id: string; metric: string; dimension: string; value: string; period: string; stat: string }[] = [];
  for (let i = 1; req.form.has(`MetricDataQueries.member.${i}.Id`); i++) {
    const p = `MetricDataQueries.member.${i}`;
    out.push({
      id: req.form.get(`${p}.Id`)!,
      metric: req.form.get(`${p}.MetricStat.Metric.MetricName`)!,
      dimension: req.form.get(`${p}.MetricStat.Metric.Dimensions.member.1.Name`)!,
      value: req.form.get(`${p}.MetricStat.Metric.Dimensions.member.1.Value`)!,
      period: req.form.get(`${p}.MetricStat.Period`)!,
      stat: req.form.get(`${p}.MetricStat.Stat`)!,
    });
  }
  return out;
}

function setup(handler: Handler) {
  const fake = fakeFetch(handler);
  return { provider: new AwsProvider(account, testDeps(fake.fetch).deps), ...fake };
}

describe("CloudWatch GetMetricData", () => {
  it("sends documented Query parameters, signed for monitoring in the database's region", async () => {
    const p = setup(() => xmlResponse(metricDataResponse([])));
    await p.provider.getMetrics({ kind: "rds_instance", externalId: "orders-dev", region: "eu-central-1" }, {
      start: START,
      end: END,
      periodSeconds: 300,
    });
    const [req] = p.calls;
    expect(req!.url.toString()).toBe("https://monitoring.eu-central-1.amazonaws.com/");
    await expectValidSigV4(req!, { ...KEYS, service: "monitoring", region: "eu-central-1" });
    expect(Object.fromEntries(req!.form)).toMatchObject({
      Action: "GetMetricData",
      Version: "2010-08-01",
      StartTime: "2026-11-20T11:00:00Z",
      EndTime: "2026-11-20T12:00:00Z",
      ScanBy: "TimestampAscending",
      "MetricDataQueries.member.1.Id": "m0",
      "MetricDataQueries.member.1.MetricStat.Metric.Namespace": "AWS/RDS",
      "MetricDataQueries.member.1.MetricStat.Metric.MetricName": "CPUUtilization",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name": "DBInstanceIdentifier",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value": "orders-dev",
      "MetricDataQueries.member.1.MetricStat.Period": "300",
      "MetricDataQueries.member.1.MetricStat.Stat": "Average",
      "MetricDataQueries.member.1.ReturnData": "true",
    });
    expect(queriesOf(req!).map((q) => q.metric)).toEqual([
      "CPUUtilization",
      "DatabaseConnections",
      "ReadIOPS",
      "WriteIOPS",
      "FreeableMemory",
    ]);
  });

  it("uses the DBClusterIdentifier dimension for clusters and Maximum when asked", async () => {
    const p = setup(() => xmlResponse(metricDataResponse([])));
    await p.provider.getMetrics({ kind: "aurora_cluster", externalId: "app", region: "eu-central-1" }, {
      start: START,
      end: END,
      periodSeconds: 60,
      metrics: ["connections"],
      statistic: "maximum",
    });
    expect(queriesOf(p.calls[0]!)).toEqual([
      { id: "m0", metric: "DatabaseConnections", dimension: "DBClusterIdentifier", value: "app", period: "60", stat: "Maximum" },
    ]);
  });

  it("follows NextToken, merges each query's pages and returns points ascending with SnoozeQL units", async () => {
    const p = setup((req) => {
      if (!req.form.get("NextToken")) {
        return xmlResponse(
          metricDataResponse(
            [
              { id: "m0", label: "CPUUtilization", timestamps: ["2026-11-20T11:10:00Z", "2026-11-20T11:05:00Z"], values: [12.5, 40] },
              { id: "m1", label: "FreeableMemory", timestamps: [], values: [] },
            ],
            "token-page-2",
          ),
        );
      }
      return xmlResponse(
        metricDataResponse([
          { id: "m0", label: "CPUUtilization", timestamps: ["2026-11-20T11:00:00Z"], values: [3.25] },
          { id: "m1", label: "FreeableMemory", timestamps: ["2026-11-20T11:00:00Z"], values: [1073741824] },
        ]),
      );
    });
    const series = await p.provider.getMetrics(
      { kind: "rds_instance", externalId: "db-1", region: "eu-central-1" },
      { start: START, end: END, periodSeconds: 300, metrics: ["cpu_utilization", "freeable_memory"] },
    );
    expect(p.calls).toHaveLength(2);
    expect(p.calls[1]!.form.get("NextToken")).toBe("token-page-2");
    expect(queriesOf(p.calls[1]!)).toEqual(queriesOf(p.calls[0]!));
    expect(series).toEqual([
      {
        metric: "cpu_utilization",
        cloudMetric: "CPUUtilization",
        unit: "percent",
        points: [
          { timestamp: Date.parse("2026-11-20T11:00:00Z"), value: 3.25 },
          { timestamp: Date.parse("2026-11-20T11:05:00Z"), value: 40 },
          { timestamp: Date.parse("2026-11-20T11:10:00Z"), value: 12.5 },
        ],
      },
      {
        metric: "freeable_memory",
        cloudMetric: "FreeableMemory",
        unit: "bytes",
        points: [{ timestamp: Date.parse("2026-11-20T11:00:00Z"), value: 1073741824 }],
      },
    ]);
  });

  it("batches many databases into calls of at most 500 queries and maps results back", async () => {
    const p = setup((req) => {
      const queries = queriesOf(req);
      return xmlResponse(
        metricDataResponse(
          queries.map((q) => ({
            id: q.id,
            label: q.metric,
            timestamps: ["2026-11-20T11:00:00Z"],
            // value encodes which database and which metric the query was for
            values: [Number(q.value.replace("db-", "")) * 10 + ["CPUUtilization", "DatabaseConnections", "ReadIOPS", "WriteIOPS", "FreeableMemory"].indexOf(q.metric)],
          })),
        ),
      );
    });
    const refs = Array.from({ length: 120 }, (_, i) => ({ kind: "rds_instance" as const, externalId: `db-${i}`, region: "eu-central-1" }));
    const results = await p.provider.getMetricsMany(refs, { start: START, end: END, periodSeconds: 300 });
    expect(p.calls.map((c) => queriesOf(c).length)).toEqual([500, 100]);
    expect(new Set(p.calls.flatMap((c) => queriesOf(c).map((q) => q.id))).size).toBe(600);
    expect(results).toHaveLength(120);
    for (const [i, result] of results.entries()) {
      expect(result.ref.externalId).toBe(`db-${i}`);
      expect(result.series.map((s) => [s.metric, s.points[0]?.value])).toEqual([
        ["cpu_utilization", i * 10],
        ["connections", i * 10 + 1],
        ["read_iops", i * 10 + 2],
        ["write_iops", i * 10 + 3],
        ["freeable_memory", i * 10 + 4],
      ]);
    }
  });

  it("rejects a period CloudWatch cannot serve before calling it", async () => {
    const p = setup(() => xmlResponse(metricDataResponse([])));
    const error = await rejection(() =>
      p.provider.getMetrics({ kind: "rds_instance", externalId: "db-1", region: "eu-central-1" }, {
        start: START,
        end: END,
        periodSeconds: 90,
      }),
    );
    expect(error).toMatchObject({ code: "InvalidMetricQuery", category: "invalid_request" });
    expect(p.calls).toHaveLength(0);
  });
});
