// Maintenance windows and pending maintenance through the official clients: RDS
// PreferredMaintenanceWindow, PendingModifiedValues and DescribePendingMaintenanceActions
// (@aws-sdk/client-rds), Cloud SQL settings.maintenanceWindow and scheduledMaintenance
// (@googleapis/sqladmin); and the simulator applying due maintenance to a database that is up in
// its window while a stopped one keeps it pending.
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeEventsCommand, DescribePendingMaintenanceActionsCommand } from "@aws-sdk/client-rds";
import { describe, expect, it } from "vitest";
import { addCluster, addInstance, addSql, advanceAws, ctl, creds, failure, newAwsAccount, newGcpProject, rds, sqlAdmin } from "./helpers.ts";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/** "ddd:hh:mm" of an instant (UTC). */
const weekTime = (t: number) => {
  const d = new Date(t);
  return `${DAYS[(d.getUTCDay() + 6) % 7]}:${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
};

describe("RDS maintenance", () => {
  it("DescribeDBInstances and DescribeDBClusters give each database its window, and PendingModifiedValues what waits for it", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "orders-dev", engine: "postgres", maintenanceWindow: "sat:23:30-sun:00:30", pendingModifiedValues: { DBInstanceClass: "db.t3.large" } });
    await addInstance(a, { id: "plain-dev", engine: "postgres" });
    await addCluster(a, { id: "reports", engine: "aurora-postgresql", maintenanceWindow: "tue:04:10-tue:04:40" });
    const c = rds(creds(a));
    const { DBInstances } = await c.send(new DescribeDBInstancesCommand({}));
    const orders = DBInstances!.find((i) => i.DBInstanceIdentifier === "orders-dev")!;
    expect(orders.PreferredMaintenanceWindow).toBe("sat:23:30-sun:00:30");
    expect(orders.PendingModifiedValues).toEqual({ DBInstanceClass: "db.t3.large" });
    const plain = DBInstances!.find((i) => i.DBInstanceIdentifier === "plain-dev")!;
    expect(plain.PreferredMaintenanceWindow).toMatch(/^(mon|tue|wed|thu|fri|sat|sun):0[0-7]:[03]0-\1:0[0-8]:[03]0$/); // RDS's default: 30 minutes in the night block
    expect(plain.PendingModifiedValues).toEqual({});
    const { DBClusters } = await c.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "reports" }));
    expect(DBClusters![0]!.PreferredMaintenanceWindow).toBe("tue:04:10-tue:04:40");
  });

  it("DescribePendingMaintenanceActions lists the resources with pending actions by ARN, filtered by id or ARN", async () => {
    const a = await newAwsAccount();
    await addInstance(a, { id: "orders-dev", engine: "postgres", pendingMaintenanceActions: [{ action: "system-update", description: "New Operating System update is available", autoAppliedAfterDate: "2026-12-01T00:00:00Z" }] });
    await addInstance(a, { id: "quiet-dev", engine: "postgres" });
    await addCluster(a, { id: "reports", engine: "aurora-postgresql", pendingMaintenanceActions: [{ action: "db-upgrade", optInStatus: "next-maintenance" }] });
    const c = rds(creds(a));
    const all = await c.send(new DescribePendingMaintenanceActionsCommand({}));
    expect(all.PendingMaintenanceActions?.map((r) => r.ResourceIdentifier)).toEqual([
      `arn:aws:rds:us-east-1:${a.accountId}:cluster:reports`,
      `arn:aws:rds:us-east-1:${a.accountId}:db:orders-dev`,
    ]);
    const orders = all.PendingMaintenanceActions![1]!.PendingMaintenanceActionDetails![0]!;
    expect(orders).toMatchObject({ Action: "system-update", Description: "New Operating System update is available" });
    expect(orders.AutoAppliedAfterDate).toEqual(new Date("2026-12-01T00:00:00Z"));
    expect(all.PendingMaintenanceActions![0]!.PendingMaintenanceActionDetails![0]).toMatchObject({ Action: "db-upgrade", OptInStatus: "next-maintenance" });
    const byId = await c.send(new DescribePendingMaintenanceActionsCommand({ Filters: [{ Name: "db-instance-id", Values: ["orders-dev"] }] }));
    expect(byId.PendingMaintenanceActions?.map((r) => r.ResourceIdentifier)).toEqual([`arn:aws:rds:us-east-1:${a.accountId}:db:orders-dev`]);
    const bad = await failure(() => c.send(new DescribePendingMaintenanceActionsCommand({ Filters: [{ Name: "engine", Values: ["postgres"] }] })));
    expect(bad.name).toBe("InvalidParameterValue");
  });

  it("a database that is up inside its window has its due maintenance applied; a stopped one keeps it pending", async () => {
    const a = await newAwsAccount();
    const { now } = await ctl<{ now: string }>("GET", `/aws/accounts/${a.accountId}/clock`);
    const opens = Date.parse(now) + 10 * 60_000;
    const window = `${weekTime(opens)}-${weekTime(opens + 40 * 60_000)}`;
    const pending = { maintenanceWindow: window, pendingMaintenanceActions: [{ action: "system-update", optInStatus: "next-maintenance" }, { action: "db-upgrade" }] };
    await addInstance(a, { id: "up-dev", engine: "postgres", ...pending });
    await addInstance(a, { id: "asleep-dev", engine: "postgres", status: "stopped", ...pending });
    const c = rds(creds(a));
    const actions = async () => (await c.send(new DescribePendingMaintenanceActionsCommand({}))).PendingMaintenanceActions?.map((r) => [r.ResourceIdentifier?.split(":").pop(), r.PendingMaintenanceActionDetails?.map((d) => d.Action)]);
    expect(await actions()).toEqual([["asleep-dev", ["system-update", "db-upgrade"]], ["up-dev", ["system-update", "db-upgrade"]]]);
    await advanceAws(a, 15 * 60); // inside the window
    // The opted-in action is applied to the running database; the one nobody opted in to waits.
    expect(await actions()).toEqual([["asleep-dev", ["system-update", "db-upgrade"]], ["up-dev", ["db-upgrade"]]]);
    const { Events } = await c.send(new DescribeEventsCommand({ SourceType: "db-instance", SourceIdentifier: "up-dev", Duration: 60 }));
    expect(Events?.map((e) => e.Message)).toContain("Finished applying maintenance: system-update");
  });
});

describe("Cloud SQL maintenance", () => {
  it("instances.get/list give settings.maintenanceWindow (day 1-7, hour UTC) and scheduledMaintenance while one is scheduled", async () => {
    const p = await newGcpProject();
    await addSql(p, { name: "orders-pg", maintenanceWindow: { day: 7, hour: 5 }, scheduledMaintenance: { startTime: "2026-12-06T05:00:00Z" } });
    await addSql(p, { name: "plain-pg" });
    const sql = await sqlAdmin(p.serviceAccountKey);
    const { data } = await sql.instances.get({ project: p.projectId, instance: "orders-pg" });
    expect(data.settings?.maintenanceWindow).toMatchObject({ kind: "sql#maintenanceWindow", day: 7, hour: 5 });
    expect(data.scheduledMaintenance).toMatchObject({ startTime: "2026-12-06T05:00:00.000Z", canReschedule: true });
    const list = await sql.instances.list({ project: p.projectId });
    const plain = list.data.items!.find((i) => i.name === "plain-pg")!;
    expect(plain.settings?.maintenanceWindow?.day).toBeGreaterThanOrEqual(1);
    expect(plain.settings?.maintenanceWindow?.day).toBeLessThanOrEqual(7);
    expect(plain.scheduledMaintenance).toBeUndefined();
  });

  it("refuses a window outside day 1-7 / hour 0-23", async () => {
    const p = await newGcpProject();
    await ctl("POST", `/gcp/projects/${p.projectId}/instances`, { name: "bad-pg", maintenanceWindow: { day: 0, hour: 5 } }, 400);
  });
});
