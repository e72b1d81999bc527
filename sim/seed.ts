// Demo seed (POST /__sim/seed/demo, idempotent): one customer AWS account in us-east-1 and
// eu-west-1, one platform AWS account whose user assumes the customer role, and one GCP project,
// with 25 databases of mixed engines, classes, tags and usage patterns. The credentials below are
// fixed so the dev seed can connect them; they only open this simulator. Listed in sim/README.md.
import { createAws, createGcp } from "./control.ts";
import { cloud, registry, type Env } from "./env.ts";

export const DEMO = {
  aws: {
    accountId: "111122223333",
    name: "acme-nonprod",
    regions: ["us-east-1", "eu-west-1"],
    accessKeyId: "AKIASIMDEMO000000001",
    secretAccessKey: "simDemoSecretAccessKey/00000000000000001",
    userName: "snoozeql-demo",
    roleName: "SnoozeQLAccess",
    externalId: "snoozeql-demo-external-id",
  },
  platform: {
    accountId: "999988887777",
    name: "snoozeql-platform",
    regions: ["us-east-1"],
    accessKeyId: "AKIASIMPLATFORM00001",
    secretAccessKey: "simPlatformSecretAccessKey/0000000000001",
    userName: "snoozeql-platform",
    roleName: "SnoozeQLPlatform",
    externalId: "snoozeql-platform-external-id",
  },
  gcp: {
    projectId: "acme-nonprod-sql",
    projectNumber: "414243444546",
    regions: ["us-central1", "europe-west1"],
    serviceAccountName: "snoozeql",
    clientId: "104242424242424242424",
    privateKeyId: "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed",
    privateKeyPem: "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCr+9Gmu3yGcG+J\nz/V/yJFYtSEQHa0gSfjucwsvqjM8SNqtmD8Kf08lQEl2HJsvuongSJGA13WKj6rz\nOJ5BZJzxrxo4q7bruRQGM5JSN4pID2EjRvYglqCgU6sCZfmeLxXCn6rNd/usI4vY\nTAXu2XJaaE2xybap9PuIIg6A3Tkb5BjYjVQbIk3so1zou/aS/T94M3M7f+YzsGMF\nuBjzSEi5Quvhn8mG1Z8TIGIY64f+VrZsFlviGXw3kyHWng9gQs9cEt3Z6ZvP6BrS\n5mmod2nWIK8hDpIstJrL30u8By6qvmL3AjWowJBkxsm8o6vWyYqpEYL7mWoMqyoB\n+iaaG1q/AgMBAAECggEAMcOyhPfgTvhu1eZGZ9zN7eivcf3cUCkHblv8oySxIaMF\nH9EbgLqY2LMS7qnVX8iux6bH74uo19i9gxZheJOX9DkSMc7CJdBOkoLOtpqamUJV\n/cK1SnW7cdjz9UQzqAmA1umjn0O2H7fDaemJl/T0qWNgA+9VuzUHqXsNTk11DnQH\nCGNqhkucZqRmRQNBhI1NVbz/gigh8kDM3xnKf2E6fX72X4sHaTMHRyd8nTzcLmB0\nOQagyggsnvoc04rZktxG/4SJsgCSCaH6XZ8N2ciMOF4+h/M4ob2m53QgFiLobDw7\nQa8FWYiXBLRsyXcuGeMBOxVm4gjqgdDAjYkEcB97iQKBgQDcGzXs/Ms32A+z9/Vv\nHFaWacBzhfxLZdI1WsqTWzwstJ0rN6TLm5zOcTy7ztP2dyxON+/OSEYKNDwTMGL6\nHkjzd0OvMoagKMxKTKr9DhAt9eh3FIfZeSg+e+NfuAh8K/sLgATUK6WHRdx1rPz8\nncIU5VsKGLjjl0/JHrfGlhgF6QKBgQDIB6ForMQc/toTOx/SbDYkgM6F33ZVS9Ke\n/BzBdKeuSJJJtI1NJR9jhO3THKOihVPv8VDlrU5wNXRJW2ndSRQtqeqvUXOE/sE0\ng8GLFmRRY32Iug2+Wfl4I/YfkS5E48yCDO0gd5CYqjtvJkwS+i/emfFz1pae+jQD\n7qbp8HrqZwKBgQDLRgIGbOyNFWhjL9OmGsjIvr+ysQHw7Ac3qTK+5hprux4PpKL4\nOy2U5rVNSVUuIJ91WWmJ2+t7TwRQQHaYQdHjr7h9m68DSMpqr+WWMR+2Io3fM8HG\nkYMeObIiW0bSzpdZ5pAPFoQXquhQcUNvVY7BV5Q9fdl6rupLdqgIqeNjyQKBgQCf\n/dJxifZWhtVgmmLKiLkJm2kUlPbuJHZzqY1Kgwb3lJ5Fi7+VW8Luc81RlU+g12ma\nunaNLoBVqbu4TQCw+RnFqGnJDqoKT0WzvkrY9/EHVD99U+tYPFkYahMbjqDmgxn5\nT2N/G4MxSL+/GG+yoiAVuSXyFEpnIBLorkMdTLbTswKBgGdGy2H6VdfULX65nFHd\nHy+iWB5T2rFnYJqXyMvVl0PkpOYRVz5o87g+cSkOvahI9JgY1mdJ5M+v35M9UG2I\njAzVTIm9Y3OqWvTOW+E44uPhnQ/YnTdf7Xw4pYbu6CLsxhtebLzdfywkZBs6sm+u\nUfnKb7kgSA89OkrZj4Fw5ELy\n-----END PRIVATE KEY-----\n",
  },
} as const;

function t(env: string, team: string, owner: string): Record<string, string> {
  return { env, team, owner };
}

const US = "us-east-1";
const EU = "eu-west-1";

const AWS_INSTANCES: Record<string, unknown>[] = [
  { region: US, id: "orders-dev", engine: "postgres", instanceClass: "db.t3.medium", tags: t("dev", "checkout", "alice"), usage: "office-hours" },
  { region: US, id: "orders-staging", engine: "postgres", instanceClass: "db.m6g.large", tags: t("staging", "checkout", "alice"), usage: "office-hours" },
  { region: US, id: "catalog-qa", engine: "mysql", instanceClass: "db.t3.small", tags: t("qa", "catalog", "bob"), usage: "weekly-only" },
  // An OS update waiting for Saturday's window: the office-hours schedule wakes it for it (maintenance wake).
  { region: US, id: "reports-dev", engine: "mariadb", instanceClass: "db.t3.micro", tags: t("dev", "analytics", "carol"), usage: "nightly-batch", maintenanceWindow: "sat:05:00-sat:05:30", pendingMaintenanceActions: [{ action: "system-update", description: "New Operating System update is available", optInStatus: "next-maintenance" }] },
  { region: US, id: "analytics-staging", engine: "postgres", instanceClass: "db.r6g.large", tags: t("staging", "analytics", "carol"), usage: "nightly-batch" },
  { region: US, id: "analytics-staging-replica", readReplicaSource: "analytics-staging", instanceClass: "db.r6g.large", tags: t("staging", "analytics", "carol"), usage: "nightly-batch" },
  { region: US, id: "billing-sqlserver-staging", engine: "sqlserver-se", instanceClass: "db.m5.xlarge", multiAZ: true, tags: t("staging", "billing", "dave"), usage: "office-hours" },
  { region: US, id: "legacy-erp-qa", engine: "sqlserver-se", instanceClass: "db.m5.large", tags: t("qa", "erp", "erin"), usage: "always-idle" },
  { region: US, id: "search-dev", engine: "postgres", instanceClass: "db.t4g.medium", tags: t("dev", "search", "frank"), usage: "noisy" },
  { region: US, id: "perf-test-staging", engine: "mysql", instanceClass: "db.m6i.xlarge", tags: t("staging", "platform", "ivan"), usage: "always-busy" },
  { region: US, id: "sandbox-idle-dev", engine: "mysql", instanceClass: "db.t3.micro", status: "stopped", stoppedHoursAgo: 50, tags: t("dev", "platform", "ivan"), usage: "always-idle" },
  { region: EU, id: "eu-orders-dev", engine: "postgres", instanceClass: "db.t3.medium", tags: t("dev", "checkout-eu", "judy"), usage: { pattern: "office-hours", utcOffsetMinutes: 60 } },
  { region: EU, id: "eu-crm-staging", engine: "mysql", instanceClass: "db.m5.large", tags: t("staging", "crm", "ken"), usage: { pattern: "office-hours", utcOffsetMinutes: 60 } },
  { region: EU, id: "eu-ml-feature-store-qa", engine: "postgres", instanceClass: "db.r6g.xlarge", tags: t("qa", "ml", "lena"), usage: "weekly-only" },
];

const AWS_CLUSTERS: Record<string, unknown>[] = [
  {
    region: US,
    id: "payments-aurora-staging",
    engine: "aurora-postgresql",
    tags: t("staging", "payments", "grace"),
    usage: "office-hours",
    members: [{ id: "payments-aurora-staging-1", instanceClass: "db.r6g.large" }, { id: "payments-aurora-staging-2", instanceClass: "db.r6g.large" }],
  },
  {
    region: US,
    id: "inventory-serverless-dev",
    engine: "aurora-mysql",
    serverlessV2: { min: 0.5, max: 8 },
    tags: t("dev", "inventory", "heidi"),
    usage: "office-hours",
    members: [{ id: "inventory-serverless-dev-1", instanceClass: "db.serverless" }],
  },
  { region: US, id: "legacy-serverless-v1-qa", engine: "aurora-mysql", engineMode: "serverless", tags: t("qa", "legacy", "erin"), usage: "always-idle", members: [] },
  {
    region: EU,
    id: "eu-analytics-aurora",
    engine: "aurora-mysql",
    tags: t("staging", "analytics", "mike"),
    usage: "nightly-batch",
    members: [{ id: "eu-analytics-aurora-1", instanceClass: "db.r6g.large" }],
  },
  {
    region: EU,
    id: "ledger-global-secondary",
    engine: "aurora-postgresql",
    globalClusterId: "ledger-global",
    tags: t("staging", "ledger", "nina"),
    usage: "always-busy",
    members: [{ id: "ledger-global-secondary-1", instanceClass: "db.r6g.large" }],
  },
];

const GCP_INSTANCES: Record<string, unknown>[] = [
  { name: "web-dev-pg", region: "us-central1", databaseVersion: "POSTGRES_16", tier: "db-custom-2-7680", labels: t("dev", "web", "nina"), usage: "office-hours" },
  { name: "web-staging-pg", region: "us-central1", databaseVersion: "POSTGRES_15", tier: "db-custom-4-15360", labels: t("staging", "web", "nina"), usage: "office-hours" },
  { name: "web-staging-pg-replica", region: "us-central1", masterInstanceName: "web-staging-pg", tier: "db-custom-4-15360", labels: t("staging", "web", "nina"), usage: "office-hours" },
  { name: "analytics-qa-mysql", region: "us-central1", databaseVersion: "MYSQL_8_0", tier: "db-custom-2-7680", labels: t("qa", "analytics", "oscar"), usage: "nightly-batch" },
  { name: "crm-dev-sqlserver", region: "us-central1", databaseVersion: "SQLSERVER_2019_STANDARD", tier: "db-custom-2-7680", labels: t("dev", "crm", "paula"), usage: "always-idle" },
  { name: "ml-dev-pg", region: "europe-west1", databaseVersion: "POSTGRES_16", tier: "db-custom-8-32768", labels: t("dev", "ml", "quinn"), usage: "weekly-only" },
  { name: "sandbox-dev-mysql", region: "europe-west1", databaseVersion: "MYSQL_8_0", tier: "db-g1-small", activationPolicy: "NEVER", labels: t("dev", "platform", "ivan"), usage: "noisy" },
];

/** The demo databases are older than any history the demo asks for (POST /__sim/history). */
const DEMO_AGE_DAYS = 120;

export interface SeedReport {
  created: string[];
  existing: string[];
  aws: { accountId: string; accessKeyId: string; secretAccessKey: string; roleArn: string; externalId: string }[];
  gcp: { projectId: string };
}

export async function seedDemo(env: Env, origin: string): Promise<SeedReport> {
  const created: string[] = [];
  const existing: string[] = [];
  const reg = registry(env);
  for (const acct of [DEMO.aws, DEMO.platform]) {
    if (await reg.has(`aws:${acct.accountId}`)) existing.push(`aws:${acct.accountId}`);
    else {
      const r = await createAws(env, { ...acct, regions: [...acct.regions] });
      if (!r.ok) throw new Error(r.error);
      created.push(`aws:${acct.accountId}`);
    }
  }
  const demo = cloud(env, `aws:${DEMO.aws.accountId}`);
  for (const c of AWS_CLUSTERS) {
    const r = await demo.addDbCluster({ createdDaysAgo: DEMO_AGE_DAYS, ...c });
    (r.ok ? created : existing).push(`cluster:${String(c["id"])}`);
  }
  for (const i of AWS_INSTANCES) {
    const r = await demo.addDbInstance({ createdDaysAgo: DEMO_AGE_DAYS, ...i });
    (r.ok ? created : existing).push(`db:${String(i["id"])}`);
  }
  if (await reg.has(`gcp:${DEMO.gcp.projectId}`)) existing.push(`gcp:${DEMO.gcp.projectId}`);
  else {
    const r = await createGcp(env, { ...DEMO.gcp, regions: [...DEMO.gcp.regions] }, origin);
    if (!r.ok) throw new Error(r.error);
    created.push(`gcp:${DEMO.gcp.projectId}`);
  }
  const proj = cloud(env, `gcp:${DEMO.gcp.projectId}`);
  for (const i of GCP_INSTANCES) {
    const r = await proj.addSqlInstance({ createdDaysAgo: DEMO_AGE_DAYS, ...i });
    (r.ok ? created : existing).push(`sql:${String(i["name"])}`);
  }
  return {
    created,
    existing,
    aws: [DEMO.aws, DEMO.platform].map((a) => ({
      accountId: a.accountId,
      accessKeyId: a.accessKeyId,
      secretAccessKey: a.secretAccessKey,
      roleArn: `arn:aws:iam::${a.accountId}:role/${a.roleName}`,
      externalId: a.externalId,
    })),
    gcp: { projectId: DEMO.gcp.projectId },
  };
}
