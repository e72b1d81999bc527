import { describe, expect, it } from "vitest";
import { AwsProvider } from "../../worker/cloud/aws/provider.ts";
import { clusterState, instanceState } from "../../worker/cloud/aws/status.ts";
import { CloudError } from "../../worker/cloud/errors.ts";
import type { AwsAccountConfig, Database, PowerState } from "../../worker/cloud/provider.ts";
import {
  dbCluster,
  dbInstance,
  describeClusters,
  describeInstances,
  describePendingMaintenanceActions,
  envelope,
  errorResponse,
  RDS_NS,
  type ClusterSpec,
  type InstanceSpec,
} from "./fixtures/aws.ts";
import { fakeFetch, rejection, testDeps, xmlResponse, type Handler, type Recorded } from "./helpers.ts";

const account: AwsAccountConfig = {
  provider: "aws",
  authKind: "access_keys",
  accessKeyId: "AKIAEXAMPLEKEY000001",
  secretAccessKey: "static/SECRET+key000000000000000000000000",
  regions: ["us-east-1"],
};

const action = (req: Recorded) => req.form.get("Action");

function provider(handler: Handler, config: Partial<AwsAccountConfig> = {}) {
  const fake = fakeFetch(handler);
  const t = testDeps(fake.fetch);
  return { provider: new AwsProvider({ ...account, ...config } as AwsAccountConfig, t.deps), ...fake, ...t };
}

/** A region holding these instances and clusters, one page each. */
function region(instances: InstanceSpec[], clusters: ClusterSpec[] = [], pending: Record<string, Record<string, string>[]> = {}): Handler {
  return (req) =>
    action(req) === "DescribeDBInstances"
      ? xmlResponse(describeInstances(instances.map(dbInstance)))
      : action(req) === "DescribePendingMaintenanceActions"
        ? xmlResponse(describePendingMaintenanceActions(pending))
        : xmlResponse(describeClusters(clusters.map(dbCluster)));
}

const byId = (databases: Database[]) => new Map(databases.map((d) => [d.externalId, d]));

describe("listing RDS", () => {
  it("follows Marker pagination with MaxRecords 100 for instances and clusters", async () => {
    const pages: Record<string, string> = {
      "DescribeDBInstances:": describeInstances([dbInstance({ id: "a1" }), dbInstance({ id: "a2" })], "marker-i1"),
      "DescribeDBInstances:marker-i1": describeInstances([dbInstance({ id: "a3" })], "marker-i2"),
      "DescribeDBInstances:marker-i2": describeInstances([dbInstance({ id: "a4" }), dbInstance({ id: "a5" })]),
      "DescribeDBClusters:": describeClusters([dbCluster({ id: "c1" })], "marker-c1"),
      "DescribeDBClusters:marker-c1": describeClusters([dbCluster({ id: "c2" })]),
      "DescribePendingMaintenanceActions:": describePendingMaintenanceActions({}, "marker-p1"),
      "DescribePendingMaintenanceActions:marker-p1": describePendingMaintenanceActions({}),
    };
    const p = provider((req) => xmlResponse(pages[`${action(req)}:${req.form.get("Marker") ?? ""}`]!));
    const list = await p.provider.listDatabases();
    expect(list.databases.map((d) => d.externalId).sort()).toEqual(["a1", "a2", "a3", "a4", "a5", "c1", "c2"]);
    expect(p.calls.map((c) => `${action(c)}:${c.form.get("Marker") ?? ""}:${c.form.get("MaxRecords")}`).sort()).toEqual([
      "DescribeDBClusters::100",
      "DescribeDBClusters:marker-c1:100",
      "DescribeDBInstances::100",
      "DescribeDBInstances:marker-i1:100",
      "DescribeDBInstances:marker-i2:100",
      "DescribePendingMaintenanceActions::100",
      "DescribePendingMaintenanceActions:marker-p1:100",
    ]);
  });

  it("reads one-element lists, empty lists and tags the same as longer lists", async () => {
    const p = provider(
      region([
        { id: "one-tag", tags: { env: "dev" } },
        { id: "two-tags", tags: { env: "staging", "snoozeql:schedule": "office-hours & weekends" } },
        { id: "no-tags" },
      ]),
    );
    const dbs = byId((await p.provider.listDatabases()).databases);
    expect(dbs.get("one-tag")!.tags).toEqual({ env: "dev" });
    expect(dbs.get("two-tags")!.tags).toEqual({ env: "staging", "snoozeql:schedule": "office-hours & weekends" });
    expect(dbs.get("no-tags")!.tags).toEqual({});

    const single = provider(region([{ id: "only", tags: { team: "data" } }]));
    const only = (await single.provider.listDatabases()).databases;
    expect(only).toHaveLength(1);
    expect(only[0]).toMatchObject({ externalId: "only", tags: { team: "data" } });

    const empty = provider(region([]));
    expect((await empty.provider.listDatabases()).databases).toEqual([]);
  });

  it("normalizes an RDS instance", async () => {
    const p = provider(
      region([{ id: "orders-dev", engine: "mysql", engineVersion: "8.0.39", instanceClass: "db.m7g.large", multiAz: true, tags: { env: "dev" } }]),
    );
    const [db] = (await p.provider.listDatabases()).databases;
    expect(db).toEqual({
      provider: "aws",
      kind: "rds_instance",
      externalId: "orders-dev",
      resourceName: "arn:aws:rds:us-east-1:123456789012:db:orders-dev",
      region: "us-east-1",
      name: "orders-dev",
      engine: "mysql",
      engineVersion: "8.0.39",
      instanceClass: "db.m7g.large",
      cloudStatus: "available",
      state: "running",
      tags: { env: "dev" },
      eligible: true,
      multiAz: true,
      licenseModel: "general-public-license",
      maintenance: { window: { startMinute: 6 * 1440 + 5 * 60, durationMinutes: 30 }, pending: [], scheduledAt: null },
    });
  });

  it("reads each database's maintenance window and the maintenance RDS will apply in it", async () => {
    const arn = (kind: "db" | "cluster", id: string) => `arn:aws:rds:us-east-1:123456789012:${kind}:${id}`;
    const soon = new Date(Date.UTC(2026, 10, 30)).toISOString(); // within a week of the test clock
    const p = provider(
      region(
        [
          { id: "opted-in", maintenanceWindow: "sat:23:30-sun:00:30" },
          { id: "forced-soon" },
          { id: "optional" },
          { id: "resized", pendingModified: { DBInstanceClass: "db.m7g.xlarge" } },
          { id: "app-writer", engine: "aurora-postgresql", clusterId: "app", instanceClass: "db.r7g.large" },
        ],
        [{ id: "app", engine: "aurora-postgresql", members: [{ id: "app-writer", writer: true }] }],
        {
          [arn("db", "opted-in")]: [{ Action: "db-upgrade", Description: "Upgrade to 16.6", OptInStatus: "next-maintenance" }],
          [arn("db", "forced-soon")]: [{ Action: "system-update", ForcedApplyDate: soon }],
          [arn("db", "optional")]: [{ Action: "system-update", Description: "Optional OS update" }],
          [arn("db", "app-writer")]: [{ Action: "system-update", AutoAppliedAfterDate: soon }],
        },
      ),
      {},
    );
    p.clock.t = Date.UTC(2026, 10, 25);
    const dbs = byId((await p.provider.listDatabases()).databases);
    expect(dbs.get("opted-in")?.maintenance).toEqual({ window: { startMinute: 5 * 1440 + 23 * 60 + 30, durationMinutes: 60 }, pending: ["db-upgrade: Upgrade to 16.6"], scheduledAt: null });
    expect(dbs.get("forced-soon")?.maintenance?.pending).toEqual(["system-update"]);
    // Optional, nobody opted in, no date: RDS will not apply it, so it is not worth a wake.
    expect(dbs.get("optional")?.maintenance?.pending).toEqual([]);
    expect(dbs.get("resized")?.maintenance?.pending).toEqual(["pending modification: DBInstanceClass"]);
    // A member's pending maintenance is its cluster's.
    expect(dbs.get("app")?.maintenance?.pending).toEqual(["system-update"]);
  });

  it("still lists when DescribePendingMaintenanceActions is not allowed (an older IAM policy)", async () => {
    const p = provider((req) =>
      action(req) === "DescribePendingMaintenanceActions"
        ? xmlResponse(errorResponse("AccessDenied", "not authorized to perform: rds:DescribePendingMaintenanceActions"), 403)
        : region([{ id: "orders-dev", pendingModified: { AllocatedStorage: "200" } }])(req, 0),
    );
    const list = await p.provider.listDatabases();
    expect(list.incomplete).toEqual([]);
    expect(list.databases[0]?.maintenance?.pending).toEqual(["pending modification: AllocatedStorage"]);
  });

  it("represents Aurora members by their cluster, with the writer's class and the capacity range", async () => {
    const p = provider(
      region(
        [
          { id: "app-writer", engine: "aurora-postgresql", clusterId: "app", instanceClass: "db.serverless" },
          { id: "app-reader", engine: "aurora-postgresql", clusterId: "app", instanceClass: "db.r7g.large" },
          { id: "orphan-member", engine: "aurora-mysql", clusterId: "not-listed-yet" },
          { id: "graph", engine: "neptune", clusterId: "graph-cluster" },
        ],
        [
          {
            id: "app",
            tags: { env: "dev" },
            members: [
              { id: "app-reader", writer: false },
              { id: "app-writer", writer: true },
            ],
            serverlessV2: { min: 0.5, max: 8, pause: 600 },
          },
          { id: "graph-cluster", engine: "neptune" },
        ],
      ),
    );
    const list = await p.provider.listDatabases();
    expect(list.databases.map((d) => `${d.kind}:${d.externalId}`).sort()).toEqual([
      "aurora_cluster:app",
      "rds_instance:orphan-member",
    ]);
    const dbs = byId(list.databases);
    expect(dbs.get("app")).toMatchObject({
      kind: "aurora_cluster",
      resourceName: "arn:aws:rds:us-east-1:123456789012:cluster:app",
      engine: "aurora-postgresql",
      instanceClass: "db.serverless",
      state: "running",
      eligible: true,
      tags: { env: "dev" },
      serverless: { minCapacity: 0.5, maxCapacity: 8, secondsUntilAutoPause: 600 },
      members: [
        { externalId: "app-reader", instanceClass: "db.r7g.large", writer: false, cloudStatus: "available" },
        { externalId: "app-writer", instanceClass: "db.serverless", writer: true, cloudStatus: "available" },
      ],
    });
    expect(dbs.get("orphan-member")).toMatchObject({
      eligible: false,
      ineligibleReason: expect.stringContaining('instance of the DB cluster "not-listed-yet"'),
    });
  });

  it("reports a failing region as incomplete and keeps the others; fails when every region fails", async () => {
    const p = provider(
      (req) =>
        req.scope!.region === "ap-south-1"
          ? xmlResponse(errorResponse("InvalidClientTokenId", "The security token included in the request is invalid."), 403)
          : region([{ id: "db-ok" }])(req, 0),
      { regions: ["us-east-1", "ap-south-1"] },
    );
    const list = await p.provider.listDatabases();
    expect(list.databases.map((d) => d.externalId)).toEqual(["db-ok"]);
    expect(list.incomplete).toHaveLength(1);
    expect(list.incomplete[0]!.region).toBe("ap-south-1");
    expect(list.incomplete[0]!.error).toMatchObject({ code: "InvalidClientTokenId", category: "auth" });

    const broken = provider(() => xmlResponse(errorResponse("AccessDenied", "not authorized to perform: rds:DescribeDBInstances"), 403));
    await expect(broken.provider.listDatabases()).rejects.toMatchObject({ name: "CloudError", code: "AccessDenied" });
  });

  it("retries a throttled page and continues from the same Marker", async () => {
    let throttled = false;
    const p = provider((req) => {
      if (action(req) === "DescribeDBClusters") return xmlResponse(describeClusters([]));
      if (req.form.get("Marker") === "m1" && !throttled) {
        throttled = true;
        return xmlResponse(errorResponse("Throttling", "Rate exceeded"), 400);
      }
      return req.form.get("Marker") === "m1"
        ? xmlResponse(describeInstances([dbInstance({ id: "b" })]))
        : xmlResponse(describeInstances([dbInstance({ id: "a" })], "m1"));
    });
    const list = await p.provider.listDatabases();
    expect(list.databases.map((d) => d.externalId)).toEqual(["a", "b"]);
    expect(p.sleeps).toEqual([250]);
    expect(p.calls.filter((c) => action(c) === "DescribeDBInstances").map((c) => c.form.get("Marker"))).toEqual([null, "m1", "m1"]);
  });
});

describe("eligibility (as AWS refuses)", () => {
  const cases: [string, InstanceSpec, RegExp | null][] = [
    ["plain instance", { id: "plain" }, null],
    ["read replica", { id: "replica", replicaSource: "primary-db" }, /read replica of "primary-db"; AWS doesn't allow stopping a read replica/],
    ["replica of a cluster", { id: "replica-of-cluster", engine: "mysql", replicaSourceCluster: "maz-cluster" }, /read replica of "maz-cluster"/],
    ["source of replicas", { id: "primary", replicas: ["r1", "r2"] }, /has read replicas \("r1", "r2"\)/],
    ["source of an Aurora replica cluster", { id: "primary2", engine: "mysql", replicaClusters: ["aurora-migr"] }, /has read replicas \("aurora-migr"\)/],
    ["Multi-AZ SQL Server", { id: "mssql", engine: "sqlserver-se", multiAz: true }, /Multi-AZ SQL Server/],
    ["single-AZ SQL Server", { id: "mssql-single", engine: "sqlserver-ex", multiAz: false }, null],
    ["Multi-AZ PostgreSQL", { id: "pg-maz", engine: "postgres", multiAz: true }, null],
    ["RDS Custom", { id: "custom", engine: "custom-oracle-ee" }, /RDS Custom/],
  ];
  it.each(cases)("instance: %s", async (_label, spec, reason) => {
    const p = provider(region([spec]));
    const [db] = (await p.provider.listDatabases()).databases;
    if (reason === null) {
      expect(db).toMatchObject({ eligible: true });
      expect(db!.ineligibleReason).toBeUndefined();
    } else {
      expect(db!.eligible).toBe(false);
      expect(db!.ineligibleReason).toMatch(reason);
    }
  });

  const clusterCases: [string, ClusterSpec, RegExp | null][] = [
    ["provisioned Aurora", { id: "plain" }, null],
    ["Serverless v2", { id: "v2", serverlessV2: { min: 0, max: 4 } }, null],
    ["Multi-AZ DB cluster", { id: "maz", engine: "postgres", multiAz: true }, null],
    ["Serverless v1", { id: "v1", engineMode: "serverless" }, /Aurora Serverless v1/],
    ["global database member", { id: "g1", globalClusterId: "global-orders" }, /global database "global-orders"/],
    ["global secondary with write forwarding", { id: "g2", globalWriteForwardingStatus: "enabled" }, /global database/],
    ["multi-master", { id: "mm", engineMode: "multimaster" }, /multi-master/],
    ["parallel query", { id: "pq", engineMode: "parallelquery" }, /parallel query/],
    ["cross-Region replica", { id: "xr", replicationSource: "arn:aws:rds:us-west-2:123456789012:cluster:src" }, /cross-Region read replica of/],
    ["source of a cross-Region replica", { id: "src", readReplicas: ["arn:aws:rds:eu-west-1:123456789012:cluster:xr"] }, /cross-Region read replica clusters/],
  ];
  it.each(clusterCases)("cluster: %s", async (_label, spec, reason) => {
    const p = provider(region([], [spec]));
    const [db] = (await p.provider.listDatabases()).databases;
    expect(db!.kind).toBe("aurora_cluster");
    if (reason === null) expect(db).toMatchObject({ eligible: true });
    else {
      expect(db!.eligible).toBe(false);
      expect(db!.ineligibleReason).toMatch(reason);
    }
  });

  it("marks an instance fetched on its own as ineligible when it belongs to a cluster", async () => {
    const p = provider(region([{ id: "app-writer", engine: "aurora-mysql", clusterId: "app" }]));
    const db = await p.provider.getDatabase({ kind: "rds_instance", externalId: "app-writer", region: "us-east-1" });
    expect(db).toMatchObject({ eligible: false, ineligibleReason: expect.stringMatching(/DB cluster "app".*manages the cluster instead/) });
  });
});

describe("state mapping", () => {
  // From the RDS User Guide "DB instance status" and Aurora User Guide "DB cluster status" tables.
  const expected: Record<string, PowerState> = {
    available: "running",
    "backing-up": "running",
    backtracking: "running",
    "configuring-enhanced-monitoring": "running",
    "configuring-iam-database-auth": "running",
    "configuring-log-exports": "running",
    "converting-to-vpc": "running",
    creating: "starting",
    "delete-precheck": "unavailable",
    deleting: "unavailable",
    failed: "unavailable",
    "inaccessible-encryption-credentials": "unavailable",
    "inaccessible-encryption-credentials-recoverable": "unavailable",
    "incompatible-create": "unavailable",
    "incompatible-network": "unavailable",
    "incompatible-option-group": "unavailable",
    "incompatible-parameters": "unavailable",
    "incompatible-restore": "unavailable",
    "insufficient-capacity": "unavailable",
    maintenance: "running",
    modifying: "running",
    "moving-to-vpc": "running",
    rebooting: "running",
    "resetting-master-credentials": "running",
    renaming: "running",
    "restore-error": "unavailable",
    starting: "starting",
    stopped: "stopped",
    stopping: "stopping",
    "storage-config-upgrade": "running",
    "storage-full": "unavailable",
    "storage-initialization": "running",
    "storage-optimization": "running",
    upgrading: "running",
  };
  const clusterOnly: Record<string, PowerState> = {
    "cloning-failed": "unavailable",
    "failing-over": "running",
    migrating: "running",
    "migration-failed": "unavailable",
    promoting: "running",
    "update-iam-db-auth": "running",
  };

  it("maps every documented DBInstanceStatus", () => {
    for (const [status, state] of Object.entries(expected)) expect(instanceState(status), status).toBe(state);
    expect(instanceState("some-future-status")).toBe("unknown");
    expect(instanceState("")).toBe("unknown");
  });

  it("maps every documented DB cluster Status", () => {
    for (const [status, state] of Object.entries({ ...expected, ...clusterOnly })) expect(clusterState(status), status).toBe(state);
    expect(clusterState("Available")).toBe("running");
    expect(clusterState("something-new")).toBe("unknown");
  });

  it("keeps the raw status next to the normalized state", async () => {
    const p = provider(region([{ id: "s", status: "storage-full" }], [{ id: "c", status: "stopped" }]));
    const dbs = byId((await p.provider.listDatabases()).databases);
    expect(dbs.get("s")).toMatchObject({ cloudStatus: "storage-full", state: "unavailable" });
    expect(dbs.get("c")).toMatchObject({ cloudStatus: "stopped", state: "stopped" });
  });
});

describe("stop, start, capacity, get", () => {
  const instanceAnswer = (act: string, status: string) =>
    xmlResponse(envelope(act, RDS_NS, dbInstance({ id: "db-1", status })));
  const clusterAnswer = (act: string, status: string, extra: Partial<ClusterSpec> = {}) =>
    xmlResponse(envelope(act, RDS_NS, dbCluster({ id: "app", status, ...extra })));

  it("stops and starts an instance with StopDBInstance / StartDBInstance", async () => {
    const p = provider((req) =>
      action(req) === "StopDBInstance" ? instanceAnswer("StopDBInstance", "stopping") : instanceAnswer("StartDBInstance", "starting"),
    );
    const ref = { kind: "rds_instance" as const, externalId: "db-1", region: "us-east-1" };
    expect((await p.provider.stop(ref)).database).toMatchObject({ externalId: "db-1", state: "stopping", cloudStatus: "stopping" });
    expect((await p.provider.start(ref)).database).toMatchObject({ state: "starting" });
    expect(p.calls.map((c) => Object.fromEntries(c.form))).toEqual([
      { Action: "StopDBInstance", Version: "2014-10-31", DBInstanceIdentifier: "db-1" },
      { Action: "StartDBInstance", Version: "2014-10-31", DBInstanceIdentifier: "db-1" },
    ]);
  });

  it("stops and starts a cluster with StopDBCluster / StartDBCluster", async () => {
    const p = provider((req) =>
      action(req) === "StopDBCluster" ? clusterAnswer("StopDBCluster", "stopping") : clusterAnswer("StartDBCluster", "starting"),
    );
    const ref = { kind: "aurora_cluster" as const, externalId: "app", region: "us-east-1" };
    expect((await p.provider.stop(ref)).database).toMatchObject({ kind: "aurora_cluster", state: "stopping" });
    expect((await p.provider.start(ref)).database).toMatchObject({ state: "starting" });
    expect(p.calls.map((c) => Object.fromEntries(c.form))).toEqual([
      { Action: "StopDBCluster", Version: "2014-10-31", DBClusterIdentifier: "app" },
      { Action: "StartDBCluster", Version: "2014-10-31", DBClusterIdentifier: "app" },
    ]);
  });

  it("carries AWS's code and message when a stop is refused, without retrying", async () => {
    const p = provider(() =>
      xmlResponse(errorResponse("InvalidDBInstanceState", "Instance db-1 is not in available state.", "Sender", "req-9"), 400),
    );
    const error = (await rejection(() =>
      p.provider.stop({ kind: "rds_instance", externalId: "db-1", region: "us-east-1" }),
    )) as CloudError;
    expect(error).toBeInstanceOf(CloudError);
    expect(error.toJSON()).toMatchObject({
      provider: "aws",
      code: "InvalidDBInstanceState",
      message: "Instance db-1 is not in available state.",
      httpStatus: 400,
      requestId: "req-9",
      retryable: false,
      category: "invalid_state",
      operation: "rds:StopDBInstance",
    });
    expect(p.calls).toHaveLength(1);
  });

  it("sets the Serverless v2 range with ModifyDBCluster, down to 0 ACU", async () => {
    const p = provider(() => clusterAnswer("ModifyDBCluster", "available", { serverlessV2: { min: 0, max: 4 } }));
    const result = await p.provider.setCapacity(
      { kind: "aurora_cluster", externalId: "app", region: "us-east-1" },
      { minCapacity: 0, maxCapacity: 4 },
    );
    expect(Object.fromEntries(p.calls[0]!.form)).toEqual({
      Action: "ModifyDBCluster",
      Version: "2014-10-31",
      DBClusterIdentifier: "app",
      "ServerlessV2ScalingConfiguration.MinCapacity": "0",
      "ServerlessV2ScalingConfiguration.MaxCapacity": "4",
    });
    expect(result.database?.serverless).toEqual({ minCapacity: 0, maxCapacity: 4 });
    await p.provider.setCapacity({ kind: "aurora_cluster", externalId: "app", region: "us-east-1" }, { minCapacity: 0.5, maxCapacity: 16.5 });
    expect(p.calls[1]!.form.get("ServerlessV2ScalingConfiguration.MinCapacity")).toBe("0.5");
    expect(p.calls[1]!.form.get("ServerlessV2ScalingConfiguration.MaxCapacity")).toBe("16.5");
  });

  it.each([
    [{ minCapacity: 0.25, maxCapacity: 4 }, /minimum must be 0 to 256 in steps of 0.5/],
    [{ minCapacity: 0, maxCapacity: 0 }, /maximum must be 1 to 256/],
    [{ minCapacity: 8, maxCapacity: 4 }, /minimum must not exceed maximum/],
    [{ minCapacity: 0, maxCapacity: 512 }, /maximum must be 1 to 256/],
  ])("rejects capacity %j before calling AWS", async (capacity, message) => {
    const p = provider(() => clusterAnswer("ModifyDBCluster", "available"));
    const error = await rejection(() =>
      p.provider.setCapacity({ kind: "aurora_cluster", externalId: "app", region: "us-east-1" }, capacity),
    );
    expect(error).toMatchObject({ code: "InvalidCapacity", category: "invalid_request" });
    expect((error as Error).message).toMatch(message);
    expect(p.calls).toHaveLength(0);
  });

  it("refuses capacity on an instance", async () => {
    const p = provider(() => clusterAnswer("ModifyDBCluster", "available"));
    await expect(
      p.provider.setCapacity({ kind: "rds_instance", externalId: "db-1", region: "us-east-1" }, { minCapacity: 0, maxCapacity: 2 }),
    ).rejects.toMatchObject({ category: "unsupported" });
    expect(p.calls).toHaveLength(0);
  });

  it("gets one cluster with its members' classes (db-cluster-id filter)", async () => {
    const p = provider((req) =>
      action(req) === "DescribeDBClusters"
        ? xmlResponse(describeClusters([dbCluster({ id: "app", members: [{ id: "app-1", writer: true }] })]))
        : xmlResponse(describeInstances([dbInstance({ id: "app-1", clusterId: "app", instanceClass: "db.r7g.xlarge" })])),
    );
    const db = await p.provider.getDatabase({ kind: "aurora_cluster", externalId: "app", region: "us-east-1" });
    expect(db).toMatchObject({ kind: "aurora_cluster", instanceClass: "db.r7g.xlarge" });
    expect(Object.fromEntries(p.calls[0]!.form)).toMatchObject({ Action: "DescribeDBClusters", DBClusterIdentifier: "app" });
    expect(Object.fromEntries(p.calls[1]!.form)).toMatchObject({
      Action: "DescribeDBInstances",
      "Filters.Filter.1.Name": "db-cluster-id",
      "Filters.Filter.1.Values.Value.1": "app",
    });
  });

  it("returns null when AWS says the database does not exist", async () => {
    const p = provider((req) =>
      action(req) === "DescribeDBClusters"
        ? xmlResponse(errorResponse("DBClusterNotFoundFault", "DBCluster gone not found."), 404)
        : xmlResponse(errorResponse("DBInstanceNotFound", "DBInstance gone not found."), 404),
    );
    expect(await p.provider.getDatabase({ kind: "aurora_cluster", externalId: "gone", region: "us-east-1" })).toBeNull();
    expect(await p.provider.getDatabase({ kind: "rds_instance", externalId: "gone", region: "us-east-1" })).toBeNull();
  });
});
