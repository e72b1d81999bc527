// Fault injection as the SDKs see it: AWS throttling (Throttling / ThrottlingException, retried by
// the SDK), 5xx, seeded rates that repeat under the same seed, real-like token-bucket rate limits,
// added latency, hung requests, per-operation faults, and the call log with counts per operation.
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeDBInstancesCommand, StopDBInstanceCommand } from "@aws-sdk/client-rds";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { describe, expect, it } from "vitest";
import { addInstance, awsCalls, cloudwatch, creds, ctl, failure, newAwsAccount, rds, setAwsFaults, sleep } from "./helpers.ts";

type SdkError = Error & { Code?: string; $fault?: string; $retryable?: { throttling?: boolean }; $metadata: { httpStatusCode?: number; attempts?: number } };

describe("AWS faults", () => {
  it("throttles with RDS's Throttling error, which the SDK retries as a throttling error", async () => {
    const a = await newAwsAccount();
    await setAwsFaults(a, { throttleNext: 2 });
    const e = await failure<SdkError>(() => rds(creds(a)).send(new DescribeDBInstancesCommand({})));
    expect(e.name).toBe("Throttling");
    expect(e.message).toBe("Rate exceeded");
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.$fault).toBe("client");
    // One throttle left: a client allowed 3 attempts backs off and succeeds on its second.
    const ok = await rds(creds(a), "us-east-1", { maxAttempts: 3 }).send(new DescribeDBInstancesCommand({}));
    expect(ok.$metadata.attempts).toBe(2);
    expect(ok.$metadata.totalRetryDelay).toBeGreaterThan(0);
  });

  it("can answer ThrottlingException instead, and throttles CloudWatch's JSON protocol too", async () => {
    const a = await newAwsAccount();
    await setAwsFaults(a, { throttleNext: 2, throttleCode: "ThrottlingException" });
    const e = await failure<SdkError>(() => rds(creds(a)).send(new DescribeDBInstancesCommand({})));
    expect(e.name).toBe("ThrottlingException");
    expect(e.$metadata.httpStatusCode).toBe(400);
    const now = new Date();
    const cw = await failure<SdkError>(() =>
      cloudwatch(creds(a)).send(
        new GetMetricDataCommand({
          StartTime: new Date(now.getTime() - 3_600_000),
          EndTime: now,
          MetricDataQueries: [{ Id: "a", MetricStat: { Metric: { Namespace: "AWS/RDS", MetricName: "CPUUtilization", Dimensions: [{ Name: "DBInstanceIdentifier", Value: "x" }] }, Period: 60, Stat: "Average" } }],
        }),
      ),
    );
    expect(cw.name).toBe("ThrottlingException");
    expect(cw.Code).toBe("ThrottlingException");
    expect(cw.$metadata.httpStatusCode).toBe(400);
  });

  it("injects 500 InternalFailure and 503 ServiceUnavailable", async () => {
    const a = await newAwsAccount();
    await setAwsFaults(a, { errorNext: 1 });
    const e500 = await failure<SdkError>(() => rds(creds(a)).send(new DescribeDBInstancesCommand({})));
    expect(e500.name).toBe("InternalFailure");
    expect(e500.$metadata.httpStatusCode).toBe(500);
    expect(e500.$fault).toBe("server");
    await setAwsFaults(a, { errorNext: 1, errorStatus: 503 });
    const e503 = await failure<SdkError>(() => rds(creds(a)).send(new DescribeDBInstancesCommand({})));
    expect(e503.name).toBe("ServiceUnavailable");
    expect(e503.$metadata.httpStatusCode).toBe(503);
    const ok = await rds(creds(a)).send(new DescribeDBInstancesCommand({}));
    expect(ok.$metadata.httpStatusCode).toBe(200);
  });

  it("repeats the same fault sequence under the same seed", async () => {
    const outcomes = async (seed: number) => {
      const a = await newAwsAccount();
      await setAwsFaults(a, { seed, throttleRate: 0.3, errorRate: 0.2 });
      const c = rds(creds(a));
      const seq: string[] = [];
      for (let i = 0; i < 30; i++) {
        try {
          await c.send(new DescribeDBInstancesCommand({}));
          seq.push("ok");
        } catch (e) {
          seq.push((e as Error).name);
        }
      }
      return seq;
    };
    const [one, two, other] = await Promise.all([outcomes(42), outcomes(42), outcomes(7)]);
    expect(one).toEqual(two);
    expect(one).not.toEqual(other);
    const throttled = one.filter((o) => o === "Throttling").length;
    const failed = one.filter((o) => o === "InternalFailure").length;
    expect(throttled).toBeGreaterThan(2);
    expect(throttled).toBeLessThan(18);
    expect(failed).toBeGreaterThan(0);
    expect(one.filter((o) => o === "ok").length).toBeGreaterThan(5);
  });

  it("applies a real-like token bucket when rate limits are on", async () => {
    const a = await newAwsAccount();
    await setAwsFaults(a, { rateLimit: true, awsBurst: 5, awsRefillPerSec: 0.5 });
    const c = rds(creds(a));
    const results = [];
    for (let i = 0; i < 7; i++) {
      results.push(await c.send(new DescribeDBInstancesCommand({})).then(() => "ok", (e: Error) => e.name));
    }
    expect(results).toEqual(["ok", "ok", "ok", "ok", "ok", "Throttling", "Throttling"]);
    // The bucket is per region, as RDS's is.
    const eu = await rds(creds(a), "eu-west-1").send(new DescribeDBInstancesCommand({}));
    expect(eu.$metadata.httpStatusCode).toBe(200);
  });

  it("adds latency, and hangs requests until the client gives up", async () => {
    const a = await newAwsAccount();
    await setAwsFaults(a, { latencyMs: 400 });
    const t0 = Date.now();
    await rds(creds(a)).send(new DescribeDBInstancesCommand({}));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    await setAwsFaults(a, { hangNext: 1, hangMs: 3000 });
    const client = rds(creds(a), "us-east-1", { requestHandler: new NodeHttpHandler({ requestTimeout: 500, throwOnRequestTimeout: true }) });
    const t1 = Date.now();
    const e = await failure(() => client.send(new DescribeDBInstancesCommand({})));
    expect(e.name).toBe("TimeoutError");
    expect(Date.now() - t1).toBeLessThan(2500);
    // The hung call was performed; the log marks it, since the client never saw its answer.
    expect((await awsCalls(a)).calls.at(-1)).toMatchObject({ op: "DescribeDBInstances", status: 200, code: "Hang" });
  });

  it("slows only a latencyRate share of calls, the same ones under the same seed", async () => {
    const a = await newAwsAccount();
    await setAwsFaults(a, { latencyMs: 300, latencyRate: 0.25, seed: 7 });
    const slowCalls = async () => {
      const slow: number[] = [];
      for (let i = 0; i < 16; i++) {
        const t = Date.now();
        await rds(creds(a)).send(new DescribeDBInstancesCommand({}));
        if (Date.now() - t >= 300) slow.push(i);
      }
      return slow;
    };
    const first = await slowCalls();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(12);
    await setAwsFaults(a, { latencyMs: 300, latencyRate: 0.25, seed: 7 });
    expect(await slowCalls()).toEqual(first);
    await failure(() => setAwsFaults(a, { latencyRate: 2 }));
  });

  it("stops the clock at a set instant: transitions and records use it until it moves again", async () => {
    const a = await newAwsAccount({ durations: "dev" });
    await addInstance(a, { id: "db", engine: "postgres" });
    const at = Date.parse("2030-01-07T19:00:00.000Z");
    expect(await ctl("POST", `/aws/accounts/${a.accountId}/clock`, { setTo: new Date(at).toISOString() })).toMatchObject({ frozen: true, now: "2030-01-07T19:00:00.000Z" });
    const c = rds(creds(a));
    await c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "db" }));
    await sleep(1200);
    // Real time passed, the simulated clock did not: the 4 s stop is still under way.
    const status = async () => (await c.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "db" }))).DBInstances?.[0]?.DBInstanceStatus;
    expect(await status()).toBe("stopping");
    expect(await ctl("POST", `/aws/accounts/${a.accountId}/clock`, { advanceSeconds: 5 })).toMatchObject({ now: "2030-01-07T19:00:05.000Z" });
    expect(await status()).toBe("stopped");
    const log = await awsCalls(a);
    expect(log.calls.filter((x) => x.op === "StopDBInstance").map((x) => x.at)).toEqual(["2030-01-07T19:00:00.000Z"]);
    await ctl("POST", `/aws/accounts/${a.accountId}/clock`, { setTo: at }, 400); // never backwards
    const { instances } = await ctl<{ instances: { id: string; power: { at: number; up: boolean }[] }[] }>("GET", `/aws/accounts/${a.accountId}/resources`);
    expect(instances.find((i) => i.id === "db")?.power.at(-1)).toEqual({ at: at + 4000, up: false });
  });

  it("limits faults to the listed operations and counts every call per operation", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "db", engine: "postgres" });
    await setAwsFaults(a, { throttleRate: 1, operations: ["StopDBInstance"] });
    const c = rds(creds(a));
    await c.send(new DescribeDBInstancesCommand({}));
    await c.send(new DescribeDBInstancesCommand({}));
    const e = await failure(() => c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "db" })));
    expect(e.name).toBe("Throttling");
    await failure(() => rds({ accessKeyId: a.accessKeyId, secretAccessKey: "z".repeat(40) }).send(new DescribeDBInstancesCommand({})));
    const log = await awsCalls(a);
    expect(log.byOperation).toEqual({ DescribeDBInstances: 3, StopDBInstance: 1 });
    expect(log.errorsByOperation).toEqual({ DescribeDBInstances: 1, StopDBInstance: 1 });
    expect(log.total).toBe(4);
    expect(log.calls.map((x) => `${x.op}:${x.status}:${x.code ?? ""}`)).toEqual([
      "DescribeDBInstances:200:",
      "DescribeDBInstances:200:",
      "StopDBInstance:400:Throttling",
      "DescribeDBInstances:403:SignatureDoesNotMatch",
    ]);
    // Each call names the database it was about (benchmarks match actions to databases by it).
    expect(log.calls.map((x) => x.target)).toEqual([null, null, "db", null]);
  });
});
