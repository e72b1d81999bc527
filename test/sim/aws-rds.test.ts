// RDS through @aws-sdk/client-rds: describe (filters, MaxRecords, Marker pagination, TagList),
// the stop/start state machine and its refusals, Aurora clusters, Serverless v2 scaling, tags,
// and the 7-day automatic restart after a clock move, with its DescribeEvents event.
import {
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeEventsCommand,
  ListTagsForResourceCommand,
  ModifyDBClusterCommand,
  paginateDescribeDBInstances,
  StartDBClusterCommand,
  StartDBInstanceCommand,
  StopDBClusterCommand,
  StopDBInstanceCommand,
} from "@aws-sdk/client-rds";
import { describe, expect, it } from "vitest";
import { addCluster, addInstance, advanceAws, ctl, creds, failure, newAwsAccount, rds, sleep } from "./helpers.ts";

describe("DescribeDBInstances", () => {
  it("lists instances per region with tags, endpoint and ARN", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "orders-dev", engine: "postgres", instanceClass: "db.t3.medium", tags: { env: "dev", team: "checkout", owner: "alice" } });
    await addInstance(a, { id: "crm-qa", engine: "mysql", tags: { env: "qa" } });
    await addInstance(a, { region: "eu-west-1", id: "eu-one", engine: "mariadb" });
    const us = await rds(creds(a)).send(new DescribeDBInstancesCommand({}));
    expect(us.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(["crm-qa", "orders-dev"]);
    const o = us.DBInstances!.find((i) => i.DBInstanceIdentifier === "orders-dev")!;
    expect(o.Engine).toBe("postgres");
    expect(o.DBInstanceClass).toBe("db.t3.medium");
    expect(o.DBInstanceStatus).toBe("available");
    expect(o.DBInstanceArn).toBe(`arn:aws:rds:us-east-1:${a.accountId}:db:orders-dev`);
    expect(o.Endpoint?.Port).toBe(5432);
    expect(o.Endpoint?.Address).toMatch(/^orders-dev\..+\.us-east-1\.rds\.amazonaws\.com$/);
    expect(o.InstanceCreateTime).toBeInstanceOf(Date);
    expect(o.MultiAZ).toBe(false);
    expect(o.TagList).toEqual([
      { Key: "env", Value: "dev" },
      { Key: "team", Value: "checkout" },
      { Key: "owner", Value: "alice" },
    ]);
    const eu = await rds(creds(a), "eu-west-1").send(new DescribeDBInstancesCommand({}));
    expect(eu.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(["eu-one"]);
  });

  it("filters by engine and instance id, and rejects filters RDS does not know", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "pg-1", engine: "postgres" });
    await addInstance(a, { id: "my-1", engine: "mysql" });
    await addInstance(a, { id: "my-2", engine: "mysql" });
    const c = rds(creds(a));
    const mysql = await c.send(new DescribeDBInstancesCommand({ Filters: [{ Name: "engine", Values: ["mysql"] }] }));
    expect(mysql.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(["my-1", "my-2"]);
    const byId = await c.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: "db-instance-id", Values: [`arn:aws:rds:us-east-1:${a.accountId}:db:pg-1`, "my-2"] }] }),
    );
    expect(byId.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(["my-2", "pg-1"]);
    const bad = await failure(() => c.send(new DescribeDBInstancesCommand({ Filters: [{ Name: "tag:env", Values: ["dev"] }] })));
    expect(bad.name).toBe("InvalidParameterValue");
    expect((bad as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
  });

  it("paginates with MaxRecords and Marker, and enforces MaxRecords 20..100", async () => {
    const a = await newAwsAccount();
    for (let i = 0; i < 45; i++) await addInstance(a, { id: `db-${String(i).padStart(2, "0")}`, engine: "postgres" });
    const c = rds(creds(a));
    const first = await c.send(new DescribeDBInstancesCommand({ MaxRecords: 20 }));
    expect(first.DBInstances).toHaveLength(20);
    expect(first.Marker).toBeTruthy();
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateDescribeDBInstances({ client: c, pageSize: 20 }, {})) {
      sizes.push(page.DBInstances?.length ?? 0);
      ids.push(...(page.DBInstances ?? []).map((i) => i.DBInstanceIdentifier!));
    }
    expect(sizes).toEqual([20, 20, 5]);
    expect(new Set(ids).size).toBe(45);
    const tooSmall = await failure(() => c.send(new DescribeDBInstancesCommand({ MaxRecords: 19 })));
    expect(tooSmall.name).toBe("InvalidParameterValue");
    expect(String(tooSmall.message)).toContain("MaxRecords");
    const tooBig = await failure(() => c.send(new DescribeDBInstancesCommand({ MaxRecords: 101 })));
    expect(tooBig.name).toBe("InvalidParameterValue");
  });

  it("answers DBInstanceNotFound (404) for an unknown identifier", async () => {
    const a = await newAwsAccount();
    const e = await failure(() => rds(creds(a)).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "nope" })));
    expect(e.name).toBe("DBInstanceNotFoundFault");
    expect((e as unknown as { Code: string }).Code).toBe("DBInstanceNotFound");
    expect((e as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(404);
    expect(e.message).toBe("DBInstance nope not found.");
  });
});

describe("stop and start", () => {
  it("runs available -> stopping -> stopped -> starting -> available with the configured durations", async () => {
    const a = await newAwsAccount({ durations: { instanceStopSec: 1, instanceStartSec: 1 } });
    await addInstance(a, { id: "orders-dev", engine: "postgres" });
    const c = rds(creds(a));
    const stop = await c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "orders-dev" }));
    expect(stop.DBInstance?.DBInstanceStatus).toBe("stopping");
    const status = async () => (await c.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "orders-dev" }))).DBInstances![0]!;
    expect((await status()).DBInstanceStatus).toBe("stopping");
    await sleep(1200);
    const stopped = await status();
    expect(stopped.DBInstanceStatus).toBe("stopped");
    expect(stopped.AutomaticRestartTime).toBeInstanceOf(Date);
    const restartIn = stopped.AutomaticRestartTime!.getTime() - Date.now();
    expect(restartIn).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(restartIn).toBeLessThanOrEqual(7 * 86_400_000);
    const start = await c.send(new StartDBInstanceCommand({ DBInstanceIdentifier: "orders-dev" }));
    expect(start.DBInstance?.DBInstanceStatus).toBe("starting");
    await sleep(1200);
    expect((await status()).DBInstanceStatus).toBe("available");
    const ev = await c.send(new DescribeEventsCommand({ SourceType: "db-instance", SourceIdentifier: "orders-dev" }));
    expect(ev.Events?.map((e) => e.Message)).toEqual(["DB instance stopped", "DB instance started"]);
    expect(ev.Events?.[0]?.EventCategories).toEqual(["notification"]);
    expect(ev.Events?.[0]?.SourceArn).toBe(`arn:aws:rds:us-east-1:${a.accountId}:db:orders-dev`);
  });

  it("sees one truth under concurrent calls: exactly one of ten simultaneous stops wins", async () => {
    const a = await newAwsAccount({ durations: "realistic" });
    await addInstance(a, { id: "race", engine: "postgres" });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        rds(creds(a))
          .send(new StopDBInstanceCommand({ DBInstanceIdentifier: "race" }))
          .then(
            (r) => r.DBInstance?.DBInstanceStatus ?? "?",
            (e: Error) => e.name,
          ),
      ),
    );
    expect(results.filter((r) => r === "stopping")).toHaveLength(1);
    expect(results.filter((r) => r === "InvalidDBInstanceStateFault")).toHaveLength(9);
  });

  it("refuses calls in the wrong state with InvalidDBInstanceState", async () => {
    const a = await newAwsAccount({ durations: "realistic" });
    await addInstance(a, { id: "db1", engine: "mysql" });
    const c = rds(creds(a));
    const notStopped = await failure(() => c.send(new StartDBInstanceCommand({ DBInstanceIdentifier: "db1" })));
    expect(notStopped.name).toBe("InvalidDBInstanceStateFault");
    expect((notStopped as unknown as { Code: string }).Code).toBe("InvalidDBInstanceState");
    await c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "db1" }));
    const again = await failure(() => c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "db1" })));
    expect(again.name).toBe("InvalidDBInstanceStateFault");
    expect(again.message).toBe("Instance db1 is not in available state.");
    expect((again as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
    // "realistic" durations: still stopping after the call.
    const d = await c.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "db1" }));
    expect(d.DBInstances?.[0]?.DBInstanceStatus).toBe("stopping");
    const start = await failure(() => c.send(new StartDBInstanceCommand({ DBInstanceIdentifier: "db1" })));
    expect(start.name).toBe("InvalidDBInstanceStateFault");
  });

  it("refuses to stop read replicas, replica sources, Aurora members and Multi-AZ SQL Server", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "src", engine: "postgres" });
    await addInstance(a, { id: "src-replica", readReplicaSource: "src" });
    await addInstance(a, { id: "mssql", engine: "sqlserver-se", multiAZ: true, instanceClass: "db.m5.xlarge" });
    await addInstance(a, { id: "mssql-single", engine: "sqlserver-se" });
    await addCluster(a, { id: "aur", engine: "aurora-postgresql", members: [{ id: "aur-1" }] });
    const c = rds(creds(a));
    const replica = await failure(() => c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "src-replica" })));
    expect(replica.name).toBe("InvalidDBInstanceStateFault");
    expect(replica.message).toContain("Read-Replica");
    const source = await failure(() => c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "src" })));
    expect(source.name).toBe("InvalidDBInstanceStateFault");
    expect(source.message).toContain("src-replica");
    const member = await failure(() => c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "aur-1" })));
    expect(member.name).toBe("InvalidParameterCombination");
    expect(member.message).toBe("aurora-postgresql DB instances are not eligible for stopping and starting.");
    const mssql = await failure(() => c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "mssql" })));
    expect(mssql.name).toBe("InvalidParameterCombination");
    const ok = await c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "mssql-single" }));
    expect(ok.DBInstance?.DBInstanceStatus).toBe("stopping");
    const d = await c.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "src-replica" }));
    expect(d.DBInstances?.[0]?.ReadReplicaSourceDBInstanceIdentifier).toBe("src");
    expect(d.DBInstances?.[0]?.StatusInfos?.[0]).toMatchObject({ StatusType: "read replication", Status: "replicating", Normal: true });
    const s = await c.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "src" }));
    expect(s.DBInstances?.[0]?.ReadReplicaDBInstanceIdentifiers).toEqual(["src-replica"]);
  });

  it("restarts a stopped instance by itself after 7 days, with the RDS event", async () => {
    const a = await newAwsAccount({ durations: { instanceStopSec: 0, instanceStartSec: 600 } });
    await addInstance(a, { id: "sleepy", engine: "postgres" });
    const c = rds(creds(a));
    await c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "sleepy" }));
    const st = async () => (await c.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "sleepy" }))).DBInstances![0]!.DBInstanceStatus;
    expect(await st()).toBe("stopped");
    await advanceAws(a, 6 * 86_400);
    expect(await st()).toBe("stopped");
    await advanceAws(a, 86_400 + 60);
    expect(await st()).toBe("starting");
    await advanceAws(a, 600);
    expect(await st()).toBe("available");
    const ev = await c.send(new DescribeEventsCommand({ SourceType: "db-instance", SourceIdentifier: "sleepy", Duration: 8 * 24 * 60 }));
    const msgs = ev.Events?.map((e) => e.Message);
    expect(msgs).toEqual([
      "DB instance stopped",
      "DB instance is being started due to it exceeding the maximum allowed time being stopped.",
      "DB instance started",
    ]);
    const auto = ev.Events![1]!;
    expect(auto.Date!.getTime() - ev.Events![0]!.Date!.getTime()).toBe(7 * 86_400_000);
    // The default DescribeEvents window is the last hour of the (moved) clock: the stop, 7 days
    // ago, has left it; the automatic start 11 minutes ago has not.
    const recent = await c.send(new DescribeEventsCommand({}));
    expect(recent.Events?.map((e) => e.Message)).toEqual([
      "DB instance is being started due to it exceeding the maximum allowed time being stopped.",
      "DB instance started",
    ]);
  });

  it("moves one instance's clock without touching the others", async () => {
    const a = await newAwsAccount({ durations: { instanceStopSec: 0, instanceStartSec: 0 } });
    await addInstance(a, { id: "one", engine: "postgres" });
    await addInstance(a, { id: "two", engine: "postgres" });
    const c = rds(creds(a));
    await c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "one" }));
    await c.send(new StopDBInstanceCommand({ DBInstanceIdentifier: "two" }));
    await ctl("POST", `/aws/accounts/${a.accountId}/instances/us-east-1/one/advance`, { seconds: 7 * 86_400 + 1 });
    const d = await c.send(new DescribeDBInstancesCommand({}));
    expect(d.DBInstances?.map((i) => `${i.DBInstanceIdentifier}:${i.DBInstanceStatus}`)).toEqual(["one:available", "two:stopped"]);
    const ev = await c.send(new DescribeEventsCommand({ SourceType: "db-instance", SourceIdentifier: "one", Duration: 20160 }));
    expect(ev.Events?.map((e) => e.Message)).toContain("DB instance is being started due to it exceeding the maximum allowed time being stopped.");
  });
});

describe("Aurora clusters", () => {
  it("stops and starts a provisioned cluster and its members, and auto-restarts it after 7 days", async () => {
    const a = await newAwsAccount({ durations: { clusterStopSec: 0, clusterStartSec: 0 } });
    await addCluster(a, { id: "pay", engine: "aurora-postgresql", tags: { env: "staging" }, members: [{ id: "pay-1" }, { id: "pay-2" }] });
    const c = rds(creds(a));
    const d = await c.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "pay" }));
    const cl = d.DBClusters![0]!;
    expect(cl.Engine).toBe("aurora-postgresql");
    expect(cl.EngineMode).toBe("provisioned");
    expect(cl.DBClusterMembers?.map((m) => [m.DBInstanceIdentifier, m.IsClusterWriter])).toEqual([
      ["pay-1", true],
      ["pay-2", false],
    ]);
    expect(cl.TagList).toEqual([{ Key: "env", Value: "staging" }]);
    const stop = await c.send(new StopDBClusterCommand({ DBClusterIdentifier: "pay" }));
    expect(stop.DBCluster?.Status).toBe("stopping");
    const after = await c.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "pay" }));
    expect(after.DBClusters?.[0]?.Status).toBe("stopped");
    expect(after.DBClusters?.[0]?.AutomaticRestartTime).toBeInstanceOf(Date);
    const members = await c.send(new DescribeDBInstancesCommand({ Filters: [{ Name: "db-cluster-id", Values: ["pay"] }] }));
    expect(members.DBInstances?.map((i) => i.DBInstanceStatus)).toEqual(["stopped", "stopped"]);
    const again = await failure(() => c.send(new StopDBClusterCommand({ DBClusterIdentifier: "pay" })));
    expect(again.name).toBe("InvalidDBClusterStateFault");
    expect((again as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
    await advanceAws(a, 7 * 86_400 + 5);
    const restarted = await c.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "pay" }));
    expect(restarted.DBClusters?.[0]?.Status).toBe("available");
    const ev = await c.send(new DescribeEventsCommand({ SourceType: "db-cluster", Duration: 20160 }));
    expect(ev.Events?.map((e) => e.Message)).toEqual([
      "DB cluster stopped",
      "DB cluster is being started due to it exceeding the maximum allowed time being stopped.",
      "DB cluster started",
    ]);
    const startAgain = await failure(() => c.send(new StartDBClusterCommand({ DBClusterIdentifier: "pay" })));
    expect(startAgain.name).toBe("InvalidDBClusterStateFault");
  });

  it("refuses to stop Aurora Serverless v1 and global database clusters", async () => {
    const a = await newAwsAccount();
    await addCluster(a, { id: "v1", engine: "aurora-mysql", engineMode: "serverless" });
    await addCluster(a, { id: "glob", engine: "aurora-postgresql", globalClusterId: "ledger", members: [{ id: "glob-1" }] });
    const c = rds(creds(a));
    const v1 = await failure(() => c.send(new StopDBClusterCommand({ DBClusterIdentifier: "v1" })));
    expect(v1.name).toBe("InvalidDBClusterStateFault");
    const g = await failure(() => c.send(new StopDBClusterCommand({ DBClusterIdentifier: "glob" })));
    expect(g.name).toBe("InvalidDBClusterStateFault");
    expect(g.message).toContain("global");
    const nf = await failure(() => c.send(new StopDBClusterCommand({ DBClusterIdentifier: "nope" })));
    expect(nf.name).toBe("DBClusterNotFoundFault");
    expect((nf as unknown as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(404);
    const d = await c.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "v1" }));
    expect(d.DBClusters?.[0]?.EngineMode).toBe("serverless");
    expect(d.DBClusters?.[0]?.ScalingConfigurationInfo?.AutoPause).toBe(true);
  });

  it("scales Serverless v2 down to 0 ACU with ModifyDBCluster and validates the range", async () => {
    const a = await newAwsAccount();
    await addCluster(a, { id: "inv", engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.08.0", serverlessV2: { min: 0.5, max: 8 }, members: [{ id: "inv-1" }] });
    const c = rds(creds(a));
    const m = await c.send(new ModifyDBClusterCommand({ DBClusterIdentifier: "inv", ApplyImmediately: true, ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4 } }));
    expect(m.DBCluster?.ServerlessV2ScalingConfiguration).toEqual({ MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 300 });
    const d = await c.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "inv" }));
    expect(d.DBClusters?.[0]?.ServerlessV2ScalingConfiguration?.MinCapacity).toBe(0);
    const inst = await c.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "inv-1" }));
    expect(inst.DBInstances?.[0]?.DBInstanceClass).toBe("db.serverless");
    const bad = await failure(() => c.send(new ModifyDBClusterCommand({ DBClusterIdentifier: "inv", ServerlessV2ScalingConfiguration: { MinCapacity: 6, MaxCapacity: 4 } })));
    expect(bad.name).toBe("InvalidParameterValue");
    const bad2 = await failure(() => c.send(new ModifyDBClusterCommand({ DBClusterIdentifier: "inv", ServerlessV2ScalingConfiguration: { MinCapacity: 0.25 } })));
    expect(bad2.name).toBe("InvalidParameterValue");
  });

  it("refuses 0 ACU on engine versions without auto-pause, as RDS does", async () => {
    const a = await newAwsAccount();
    await addCluster(a, { id: "old", engine: "aurora-postgresql", engineVersion: "15.5", serverlessV2: { min: 0.5, max: 8 }, members: [{ id: "old-1" }] });
    await addCluster(a, { id: "new", engine: "aurora-postgresql", engineVersion: "15.7", serverlessV2: { min: 0.5, max: 8 }, members: [{ id: "new-1" }] });
    const c = rds(creds(a));
    const refused = await failure(() => c.send(new ModifyDBClusterCommand({ DBClusterIdentifier: "old", ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4 } })));
    expect(refused.name).toBe("InvalidParameterCombination");
    const ok = await c.send(new ModifyDBClusterCommand({ DBClusterIdentifier: "new", ServerlessV2ScalingConfiguration: { MinCapacity: 0, MaxCapacity: 4 } }));
    expect(ok.DBCluster?.ServerlessV2ScalingConfiguration?.MinCapacity).toBe(0);
    const over = await failure(() => c.send(new ModifyDBClusterCommand({ DBClusterIdentifier: "new", ServerlessV2ScalingConfiguration: { MinCapacity: 1, MaxCapacity: 256.5 } })));
    expect(over.name).toBe("InvalidParameterValue");
  });
});

describe("ListTagsForResource", () => {
  it("returns instance and cluster tags by ARN and 404s unknown resources", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "t1", engine: "postgres", tags: [{ Key: "env", Value: "qa" }, { Key: "owner", Value: "bob" }] });
    await addCluster(a, { id: "c1", engine: "aurora-mysql", tags: { team: "x" } });
    const c = rds(creds(a));
    const t = await c.send(new ListTagsForResourceCommand({ ResourceName: `arn:aws:rds:us-east-1:${a.accountId}:db:t1` }));
    expect(t.TagList).toEqual([
      { Key: "env", Value: "qa" },
      { Key: "owner", Value: "bob" },
    ]);
    const ct = await c.send(new ListTagsForResourceCommand({ ResourceName: `arn:aws:rds:us-east-1:${a.accountId}:cluster:c1` }));
    expect(ct.TagList).toEqual([{ Key: "team", Value: "x" }]);
    const nf = await failure(() => c.send(new ListTagsForResourceCommand({ ResourceName: `arn:aws:rds:us-east-1:${a.accountId}:db:zzz` })));
    expect(nf.name).toBe("DBInstanceNotFoundFault");
    const wrongRegion = await failure(() => c.send(new ListTagsForResourceCommand({ ResourceName: `arn:aws:rds:eu-west-1:${a.accountId}:db:t1` })));
    expect(wrongRegion.name).toBe("InvalidParameterValue");
  });
});
