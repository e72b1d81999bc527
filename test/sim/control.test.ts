// The /__sim/ control API: account listing with credentials, demo seed (idempotent, 20+ mixed
// databases usable with the fixed demo credentials), account deletion, input validation.
import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { ctl, creds, failure, newAwsAccount, rds, SIM, sqlAdmin, sts, type AwsAccount, type ServiceAccountKey } from "./helpers.ts";

interface Listing {
  simulator: string;
  aws: AwsAccount[];
  gcp: { projectId: string; serviceAccountKey: ServiceAccountKey }[];
}

describe("control API", () => {
  it("lists every AWS account with keys, role ARN and ExternalId", async () => {
    const a = await newAwsAccount({ externalId: "ext-123456" });
    const list = await ctl<Listing>("GET", "/accounts");
    expect(list.simulator).toBe(SIM());
    const mine = list.aws.find((x) => x.accountId === a.accountId)!;
    expect(mine).toMatchObject({
      accountId: a.accountId,
      regions: ["us-east-1", "eu-west-1"],
      accessKeyId: a.accessKeyId,
      secretAccessKey: a.secretAccessKey,
      roleArn: `arn:aws:iam::${a.accountId}:role/SnoozeQLAccess`,
      externalId: "ext-123456",
    });
    expect(a.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(a.secretAccessKey).toHaveLength(40);
  });

  it("deletes an account, after which its keys are unknown", async () => {
    const a = await newAwsAccount();
    await ctl("DELETE", `/aws/accounts/${a.accountId}`);
    const e = await failure(() => rds(creds(a)).send(new DescribeDBInstancesCommand({})));
    expect(e.name).toBe("InvalidClientTokenId");
    await ctl("GET", `/aws/accounts/${a.accountId}`, undefined, 404);
  });

  it("validates input and refuses duplicates", async () => {
    const bad = await ctl<{ error: string }>("POST", "/aws/accounts", { accountId: "12" }, 400);
    expect(bad.error).toContain("12 digits");
    const a = await newAwsAccount();
    await ctl("POST", "/aws/accounts", { accountId: a.accountId }, 409);
    await ctl("POST", `/aws/accounts/${a.accountId}/instances`, { region: "us-east-1", id: "x1", status: "sleeping" }, 400);
    await ctl("POST", `/aws/accounts/${a.accountId}/instances`, { region: "us-east-1", id: "x1" }, 201);
    await ctl("POST", `/aws/accounts/${a.accountId}/instances`, { region: "us-east-1", id: "x1" }, 409);
    await ctl("PUT", `/aws/accounts/${a.accountId}/faults`, { throttleRate: 2 }, 400);
  });
});

describe("demo seed", () => {
  it("creates 20+ mixed databases once, usable with the fixed demo credentials", async () => {
    const first = await ctl<{ created: string[]; existing: string[] }>("POST", "/seed/demo");
    const second = await ctl<{ created: string[]; existing: string[] }>("POST", "/seed/demo");
    expect(second.created).toEqual([]);
    expect(second.existing.length).toBe(first.created.length + first.existing.length);

    const demo = { accessKeyId: "AKIASIMDEMO000000001", secretAccessKey: "simDemoSecretAccessKey/00000000000000001" };
    const us = await rds(demo, "us-east-1").send(new DescribeDBInstancesCommand({}));
    const eu = await rds(demo, "eu-west-1").send(new DescribeDBInstancesCommand({}));
    const all = [...us.DBInstances!, ...eu.DBInstances!];
    const engines = new Set(all.map((i) => i.Engine));
    for (const e of ["postgres", "mysql", "mariadb", "sqlserver-se", "aurora-postgresql", "aurora-mysql"]) expect(engines).toContain(e);
    expect(new Set(all.map((i) => i.DBInstanceClass)).size).toBeGreaterThan(5);
    expect(all.some((i) => i.ReadReplicaSourceDBInstanceIdentifier)).toBe(true);
    expect(all.some((i) => (i.ReadReplicaDBInstanceIdentifiers ?? []).length > 0)).toBe(true);
    expect(all.some((i) => i.Engine === "sqlserver-se" && i.MultiAZ)).toBe(true);
    const tagged = all.filter((i) => !i.DBClusterIdentifier);
    for (const i of tagged) {
      const tags = Object.fromEntries((i.TagList ?? []).map((t) => [t.Key, t.Value]));
      expect(["dev", "staging", "qa"]).toContain(tags["env"]);
      expect(tags["team"]).toBeTruthy();
      expect(tags["owner"]).toBeTruthy();
    }
    const clusters = await rds(demo, "us-east-1").send(new DescribeDBClustersCommand({}));
    expect(clusters.DBClusters!.some((c) => c.EngineMode === "provisioned" && (c.DBClusterMembers ?? []).length >= 2)).toBe(true);
    expect(clusters.DBClusters!.some((c) => c.ServerlessV2ScalingConfiguration)).toBe(true);

    const list = await ctl<Listing>("GET", "/accounts");
    const gcp = list.gcp.find((g) => g.projectId === "acme-nonprod-sql")!;
    const sql = await sqlAdmin(gcp.serviceAccountKey);
    const items = (await sql.instances.list({ project: "acme-nonprod-sql" })).data.items!;
    expect(items.some((i) => i.instanceType === "READ_REPLICA_INSTANCE")).toBe(true);
    expect(all.length + items.length).toBeGreaterThanOrEqual(20);

    // The platform account's user assumes the customer role with the demo ExternalId.
    const platform = { accessKeyId: "AKIASIMPLATFORM00001", secretAccessKey: "simPlatformSecretAccessKey/0000000000001" };
    const r = await sts(platform).send(
      new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111122223333:role/SnoozeQLAccess", RoleSessionName: "demo", ExternalId: "snoozeql-demo-external-id" }),
    );
    expect(r.AssumedRoleUser?.Arn).toBe("arn:aws:sts::111122223333:assumed-role/SnoozeQLAccess/demo");
  });
});
