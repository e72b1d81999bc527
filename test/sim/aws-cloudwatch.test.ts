// CloudWatch GetMetricData through @aws-sdk/client-cloudwatch (awsJson1_0 with query
// compatibility) and through the Query protocol (aws4fetch): per-instance usage patterns, no data
// while stopped, MaxDatapoints/NextToken paging, the 500-query limit.
import { GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { StopDBInstanceCommand } from "@aws-sdk/client-rds";
import { AwsClient } from "aws4fetch";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { addCluster, addInstance, advanceAws, cloudwatch, creds, failure, newAwsAccount, rds, SIM } from "./helpers.ts";

const HOUR = 3_600_000;

function q(id: string, db: string, metric: string, period = 3600, stat = "Average", dim = "DBInstanceIdentifier"): MetricDataQuery {
  return { Id: id, MetricStat: { Metric: { Namespace: "AWS/RDS", MetricName: metric, Dimensions: [{ Name: dim, Value: db }] }, Period: period, Stat: stat } };
}

describe("GetMetricData (JSON protocol, as the SDK sends it)", () => {
  it("follows each instance's usage pattern", async () => {
    const a = await newAwsAccount();
    for (const [id, usage] of [
      ["idle", "always-idle"],
      ["busy", "always-busy"],
      ["office", "office-hours"],
      ["batch", "nightly-batch"],
      ["weekly", "weekly-only"],
      ["noisy", "noisy"],
    ] as const) {
      await addInstance(a, { id, engine: "postgres", instanceClass: "db.m5.large", usage });
    }
    const end = new Date();
    const start = new Date(end.getTime() - 7 * 24 * HOUR);
    const res = await cloudwatch(creds(a)).send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        ScanBy: "TimestampAscending",
        MetricDataQueries: [
          q("idleconn", "idle", "DatabaseConnections", 3600, "Maximum"),
          q("idlecpu", "idle", "CPUUtilization"),
          q("busycpu", "busy", "CPUUtilization"),
          q("officecpu", "office", "CPUUtilization"),
          q("batchcpu", "batch", "CPUUtilization"),
          q("weeklycpu", "weekly", "CPUUtilization"),
          q("noisycpu", "noisy", "CPUUtilization"),
          q("mem", "busy", "FreeableMemory"),
          q("riops", "busy", "ReadIOPS"),
          q("wiops", "busy", "WriteIOPS"),
        ],
      }),
    );
    const byId = Object.fromEntries(res.MetricDataResults!.map((r) => [r.Id!, r]));
    for (const r of res.MetricDataResults!) {
      expect(r.StatusCode).toBe("Complete");
      expect(r.Timestamps!.length).toBeGreaterThanOrEqual(167);
      expect(r.Timestamps!.length).toBe(r.Values!.length);
    }
    expect(byId["idleconn"]!.Label).toBe("DatabaseConnections");
    expect(byId["idleconn"]!.Values!.every((v) => v === 0)).toBe(true);
    expect(Math.max(...byId["idlecpu"]!.Values!)).toBeLessThan(5);
    expect(Math.min(...byId["busycpu"]!.Values!)).toBeGreaterThan(50);
    const ts = (id: string) => byId[id]!.Timestamps!.map((t, n) => ({ t, v: byId[id]!.Values![n]! }));
    // Office hours: busy on weekdays 09-18 UTC, quiet at night.
    const office = ts("officecpu");
    expect(office.filter((p) => p.t.getUTCDay() >= 1 && p.t.getUTCDay() <= 5 && p.t.getUTCHours() >= 10 && p.t.getUTCHours() < 17).every((p) => p.v > 35)).toBe(true);
    expect(office.filter((p) => p.t.getUTCHours() < 7).every((p) => p.v < 10)).toBe(true);
    // Nightly batch: 01:00-03:00 UTC only.
    const batch = ts("batchcpu");
    expect(batch.filter((p) => p.t.getUTCHours() === 1 || p.t.getUTCHours() === 2).every((p) => p.v > 60)).toBe(true);
    expect(batch.filter((p) => p.t.getUTCHours() >= 4).every((p) => p.v < 10)).toBe(true);
    // Weekly: Monday 10:00-12:00 UTC only.
    const weeklyBusy = ts("weeklycpu").filter((p) => p.v > 30);
    expect(weeklyBusy.length).toBeGreaterThanOrEqual(1);
    expect(weeklyBusy.length).toBeLessThanOrEqual(2);
    expect(weeklyBusy.every((p) => p.t.getUTCDay() === 1 && (p.t.getUTCHours() === 10 || p.t.getUTCHours() === 11))).toBe(true);
    expect(new Set(byId["noisycpu"]!.Values!.map((v) => Math.round(v / 5))).size).toBeGreaterThan(4);
    // db.m5.large has 8 GiB.
    expect(Math.max(...byId["mem"]!.Values!)).toBeLessThan(8 * 1024 ** 3);
    expect(Math.min(...byId["mem"]!.Values!)).toBeGreaterThan(0.5 * 1024 ** 3);
    expect(Math.min(...byId["riops"]!.Values!)).toBeGreaterThan(50);
    expect(Math.min(...byId["wiops"]!.Values!)).toBeGreaterThan(20);
  });

  it("returns newest first by default and no datapoints while an instance is stopped", async () => {
    const a = await newAwsAccount({ durations: "instant" });
    await addInstance(a, { id: "db", engine: "mysql", usage: "always-busy" });
    const stopAt = Date.now();
    await rds(creds(a)).send(new StopDBInstanceCommand({ DBInstanceIdentifier: "db" }));
    await advanceAws(a, 3 * 3600);
    const end = new Date(Date.now() + 3 * HOUR);
    const res = await cloudwatch(creds(a)).send(
      new GetMetricDataCommand({ StartTime: new Date(end.getTime() - 6 * HOUR), EndTime: end, MetricDataQueries: [q("cpu", "db", "CPUUtilization", 300)] }),
    );
    const r = res.MetricDataResults![0]!;
    expect(r.Timestamps!.length).toBeGreaterThan(20);
    const times = r.Timestamps!.map((t) => t.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(Math.max(...times)).toBeLessThanOrEqual(stopAt);
    expect(Math.max(...times)).toBeGreaterThan(stopAt - 10 * 60_000);
  });

  it("pages with MaxDatapoints and NextToken", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "p1", engine: "postgres", usage: "always-busy" });
    await addInstance(a, { id: "p2", engine: "postgres", usage: "always-busy" });
    const end = new Date(Math.floor(Date.now() / HOUR) * HOUR);
    const start = new Date(end.getTime() - 24 * HOUR);
    const cw = cloudwatch(creds(a));
    const queries = [q("a", "p1", "CPUUtilization"), q("b", "p2", "CPUUtilization"), q("c", "p1", "DatabaseConnections")];
    const collected: Record<string, number[]> = {};
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await cw.send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: queries, MaxDatapoints: 10, NextToken: token }));
      pages += 1;
      for (const r of res.MetricDataResults!) {
        (collected[r.Id!] ??= []).push(...r.Values!);
        if (res.NextToken && r === res.MetricDataResults![res.MetricDataResults!.length - 1]) expect(r.StatusCode).toBe("PartialData");
      }
      token = res.NextToken;
    } while (token && pages < 20);
    expect(pages).toBe(8);
    expect(collected["a"]).toHaveLength(24);
    expect(collected["b"]).toHaveLength(24);
    expect(collected["c"]).toHaveLength(24);
    const full = await cw.send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: queries }));
    expect(full.NextToken).toBeUndefined();
    expect(full.MetricDataResults![0]!.Values).toEqual(collected["a"]);
    const bad = await failure(() => cw.send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: queries, NextToken: "garbage" })));
    expect(bad.name).toBe("InvalidNextToken");
  });

  it("accepts 500 queries in one call and refuses 501", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "db", engine: "postgres" });
    const end = new Date();
    const start = new Date(end.getTime() - 2 * HOUR);
    const make = (n: number) => Array.from({ length: n }, (_, i) => q(`q${i}`, "db", "CPUUtilization", 3600));
    const ok = await cloudwatch(creds(a)).send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: make(500) }));
    expect(ok.MetricDataResults).toHaveLength(500);
    const e = await failure<Error & { Code: string; $metadata: { httpStatusCode: number } }>(() =>
      cloudwatch(creds(a)).send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: make(501) })),
    );
    // JSON body {"__type": "...#ValidationException"}, Query code "ValidationError" in x-amzn-query-error.
    expect(e.name).toBe("ValidationException");
    expect(e.Code).toBe("ValidationError");
    expect(e.message).toContain("less than or equal to 500");
    expect(e.$metadata.httpStatusCode).toBe(400);
    const badPeriod = await failure(() =>
      cloudwatch(creds(a)).send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: [q("x", "db", "CPUUtilization", 90)] })),
    );
    expect(badPeriod.name).toBe("InvalidParameterValueException");
    expect((badPeriod as unknown as { Code: string }).Code).toBe("InvalidParameterValue");
  });

  it("reports Serverless v2 capacity per cluster", async () => {
    const a = await newAwsAccount();
    await addCluster(a, { id: "sv2", engine: "aurora-postgresql", serverlessV2: { min: 0.5, max: 8 }, usage: "always-busy", members: [{ id: "sv2-1" }] });
    const end = new Date();
    const res = await cloudwatch(creds(a)).send(
      new GetMetricDataCommand({
        StartTime: new Date(end.getTime() - 6 * HOUR),
        EndTime: end,
        MetricDataQueries: [q("acu", "sv2", "ServerlessDatabaseCapacity", 3600, "Average", "DBClusterIdentifier"), q("cpu", "sv2", "CPUUtilization", 3600, "Average", "DBClusterIdentifier")],
      }),
    );
    const acu = res.MetricDataResults![0]!.Values!;
    expect(acu.length).toBeGreaterThan(4);
    expect(acu.every((v) => v >= 0.5 && v <= 8)).toBe(true);
    expect(res.MetricDataResults![1]!.Values!.every((v) => v > 50)).toBe(true);
  });
});

describe("GetMetricData (Query protocol)", () => {
  it("answers the form-encoded Query API with the same data as the JSON protocol", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "db", engine: "postgres", usage: "office-hours" });
    const end = new Date(Math.floor(Date.now() / HOUR) * HOUR);
    const start = new Date(end.getTime() - 12 * HOUR);
    const aws = new AwsClient({ accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey, service: "monitoring", region: "us-east-1" });
    const form = new URLSearchParams({
      Action: "GetMetricData",
      Version: "2010-08-01",
      StartTime: start.toISOString(),
      EndTime: end.toISOString(),
      "MetricDataQueries.member.1.Id": "cpu",
      "MetricDataQueries.member.1.MetricStat.Metric.Namespace": "AWS/RDS",
      "MetricDataQueries.member.1.MetricStat.Metric.MetricName": "CPUUtilization",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name": "DBInstanceIdentifier",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value": "db",
      "MetricDataQueries.member.1.MetricStat.Period": "3600",
      "MetricDataQueries.member.1.MetricStat.Stat": "Average",
    });
    const res = await aws.fetch(`${SIM()}/`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toMatch(/^<GetMetricDataResponse xmlns="http:\/\/monitoring\.amazonaws\.com\/doc\/2010-08-01\/">/);
    const doc = new XMLParser({ isArray: (n) => n === "member" }).parse(xml);
    const r = doc.GetMetricDataResponse.GetMetricDataResult.MetricDataResults.member[0];
    expect(r.Id).toBe("cpu");
    expect(r.StatusCode).toBe("Complete");
    const values: number[] = r.Values.member.map(Number);
    const sdk = await cloudwatch(creds(a)).send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: [q("cpu", "db", "CPUUtilization")] }));
    expect(values).toEqual(sdk.MetricDataResults![0]!.Values);
    expect(r.Timestamps.member.map((t: string) => Date.parse(t))).toEqual(sdk.MetricDataResults![0]!.Timestamps!.map((t) => t.getTime()));
  });
});
