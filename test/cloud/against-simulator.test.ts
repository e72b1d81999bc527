// The product's own cloud clients, inside workerd, against the simulator over real HTTP — with
// only endpoint and credentials differing from production. Includes the acceptance:
// with 30 % throttling injected, describe/stop/start completes and the call log shows backoff.
import { describe, expect, inject, it } from "vitest";
import { providerFor, type CloudProvider, type Database } from "../../worker/cloud/index.ts";

const SIM = inject("simUrl");

async function control<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${SIM}/__sim${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json" },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  if (!res.ok) throw new Error(`sim ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

interface SimAws {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  roleArn: string;
  externalId: string;
}

async function awsAccount(faults: Record<string, unknown> = {}): Promise<SimAws> {
  const account = await control<SimAws>("/aws/accounts", { method: "POST", body: { regions: ["us-east-1"], durations: "instant", faults } });
  await control(`/aws/accounts/${account.accountId}/instances`, { method: "POST", body: { region: "us-east-1", id: "orders-dev", engine: "postgres", tags: { env: "dev" } } });
  await control(`/aws/accounts/${account.accountId}/instances`, { method: "POST", body: { region: "us-east-1", id: "orders-dev-replica", engine: "postgres", readReplicaSource: "orders-dev" } });
  return account;
}

async function until(provider: CloudProvider, ref: Database, state: Database["state"]): Promise<Database> {
  for (let i = 0; i < 60; i++) {
    const db = await provider.getDatabase(ref);
    if (db?.state === state) return db;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${ref.externalId} never reached ${state}`);
}

describe("AWS provider against the simulator", () => {
  it("lists databases with tags and eligibility, with access keys", async () => {
    const sim = await awsAccount();
    const aws = providerFor({ provider: "aws", authKind: "access_keys", regions: ["us-east-1"], endpoint: SIM, accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey });
    expect(await aws.verifyAccess()).toMatchObject({ accountId: sim.accountId });
    const { databases, incomplete } = await aws.listDatabases();
    expect(incomplete).toEqual([]);
    const byId = Object.fromEntries(databases.map((d) => [d.externalId, d]));
    expect(byId["orders-dev"]).toMatchObject({ kind: "rds_instance", engine: "postgres", state: "running", tags: { env: "dev" } });
    // A source with a replica, and the replica itself, cannot be stopped: said before trying.
    expect(byId["orders-dev"]!.eligible).toBe(false);
    expect(byId["orders-dev-replica"]).toMatchObject({ eligible: false, ineligibleReason: expect.stringMatching(/replica/i) });
  });

  it("lists only the kinds asked for, skipping DescribeDBClusters for instances alone", async () => {
    const sim = await awsAccount();
    await control(`/aws/accounts/${sim.accountId}/calls`, { method: "DELETE" });
    const aws = providerFor({ provider: "aws", authKind: "access_keys", regions: ["us-east-1"], endpoint: SIM, accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey });
    const { databases } = await aws.listDatabases({ kinds: ["rds_instance"], regions: ["us-east-1"] });
    expect(databases.map((d) => d.externalId).sort()).toEqual(["orders-dev", "orders-dev-replica"]);
    const log = await control<{ byOperation: Record<string, number> }>(`/aws/accounts/${sim.accountId}/calls`);
    expect(log.byOperation).toEqual({ DescribeDBInstances: 1, DescribePendingMaintenanceActions: 1 });
  });

  it("assumes the customer's role with its ExternalId, and is refused with a wrong one", async () => {
    const sim = await awsAccount();
    const platform = await control<SimAws>("/aws/accounts", { method: "POST", body: { regions: ["us-east-1"] } });
    const config = {
      provider: "aws" as const,
      authKind: "assume_role" as const,
      regions: ["us-east-1"],
      endpoint: SIM,
      roleArn: sim.roleArn,
      externalId: sim.externalId,
      baseCredentials: { accessKeyId: platform.accessKeyId, secretAccessKey: platform.secretAccessKey },
    };
    const { databases } = await providerFor(config).listDatabases();
    expect(databases.map((d) => d.externalId).sort()).toEqual(["orders-dev", "orders-dev-replica"]);
    await expect(providerFor({ ...config, externalId: "wrong" }).verifyAccess()).rejects.toMatchObject({ code: "AccessDenied", category: "auth" });
  });

  it("completes describe/stop/start under 30 % throttling, backing off instead of hammering", { timeout: 60_000 }, async () => {
    const sim = await awsAccount();
    await control(`/aws/accounts/${sim.accountId}/instances`, { method: "POST", body: { region: "us-east-1", id: "solo-dev", engine: "mysql" } });
    await control(`/aws/accounts/${sim.accountId}/faults`, { method: "PUT", body: { throttleRate: 0.3, seed: 1234 } });
    await control(`/aws/accounts/${sim.accountId}/calls`, { method: "DELETE" });
    const aws = providerFor(
      { provider: "aws", authKind: "access_keys", regions: ["us-east-1"], endpoint: SIM, accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey },
      { retry: { maxAttempts: 8, throttlingBaseDelayMs: 100 } },
    );

    const cycles = 4;
    for (let i = 0; i < cycles; i++) {
      const { databases } = await aws.listDatabases();
      const solo = databases.find((d) => d.externalId === "solo-dev")!;
      expect(solo.state).toBe("running");
      await aws.stop(solo);
      await until(aws, solo, "stopped");
      await aws.start(solo);
      await until(aws, solo, "running");
    }

    const log = await control<{ total: number; calls: { at: string; op: string; status: number; code: string | null }[] }>(`/aws/accounts/${sim.accountId}/calls?limit=1000`);
    const calls = [...log.calls].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const throttled = calls.filter((c) => c.code === "Throttling");
    expect(throttled.length).toBeGreaterThanOrEqual(3);
    // After every throttled answer the client waited before its next call (full jitter can be
    // small, so look at the total): no immediate-retry storm.
    const gaps = throttled.map((t) => {
      const next = calls.find((c) => Date.parse(c.at) > Date.parse(t.at) || (c !== t && c.at === t.at && calls.indexOf(c) > calls.indexOf(t)));
      return next ? Date.parse(next.at) - Date.parse(t.at) : 0;
    });
    const waited = gaps.reduce((a, b) => a + b, 0);
    console.info(`30% throttling: ${log.total} calls, ${throttled.length} throttled, ${waited} ms waited after throttles`);
    expect(waited).toBeGreaterThanOrEqual(throttled.length * 10);
    // Bounded: far fewer calls than a hammering client would make while polling.
    expect(log.total).toBeLessThan(300);
    expect(calls.filter((c) => c.op === "StopDBInstance" && c.status === 200)).toHaveLength(cycles);
    expect(calls.filter((c) => c.op === "StartDBInstance" && c.status === 200)).toHaveLength(cycles);
  });

  it("surfaces a refused stop with the cloud's code and words", async () => {
    const sim = await awsAccount();
    const aws = providerFor({ provider: "aws", authKind: "access_keys", regions: ["us-east-1"], endpoint: SIM, accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey });
    const replica = (await aws.listDatabases()).databases.find((d) => d.externalId === "orders-dev-replica")!;
    await expect(aws.stop(replica)).rejects.toMatchObject({ code: expect.stringMatching(/InvalidDBInstanceState|InvalidParameterCombination|Ineligible/), retryable: false });
  });

  it("refuses a wrong secret the way AWS does", async () => {
    const sim = await awsAccount();
    const aws = providerFor({ provider: "aws", authKind: "access_keys", regions: ["us-east-1"], endpoint: SIM, accessKeyId: sim.accessKeyId, secretAccessKey: "wrong-secret-wrong-secret-wrong-secret" });
    await expect(aws.verifyAccess()).rejects.toMatchObject({ code: "SignatureDoesNotMatch", httpStatus: 403, category: "auth" });
  });
});

describe("GCP provider against the simulator", () => {
  it("gets a token with the service-account key, lists, stops through an operation and starts", { timeout: 60_000 }, async () => {
    const project = await control<{ projectId: string; serviceAccountKey: Record<string, unknown> }>("/gcp/projects", { method: "POST", body: { durations: "instant" } });
    await control(`/gcp/projects/${project.projectId}/instances`, { method: "POST", body: { name: "web-dev-pg", region: "us-central1", databaseVersion: "POSTGRES_16" } });
    await control(`/gcp/projects/${project.projectId}/instances`, { method: "POST", body: { name: "web-dev-pg-replica", region: "us-central1", masterInstanceName: "web-dev-pg" } });
    const gcp = providerFor({ provider: "gcp", serviceAccountKey: project.serviceAccountKey as never, endpoint: SIM });

    const { databases } = await gcp.listDatabases();
    const primary = databases.find((d) => d.externalId === "web-dev-pg")!;
    expect(primary).toMatchObject({ kind: "cloudsql_instance", state: "running", eligible: true });
    expect(databases.find((d) => d.externalId === "web-dev-pg-replica")).toMatchObject({ eligible: false });

    const stop = await gcp.stop(primary);
    expect(stop.operation).toBeDefined();
    let op = stop.operation!;
    for (let i = 0; i < 40 && op.status !== "done"; i++) {
      await new Promise((r) => setTimeout(r, 200));
      op = await gcp.getOperation(op);
    }
    expect(op).toMatchObject({ status: "done" });
    expect(op.error).toBeUndefined();
    expect(await gcp.getDatabase(primary)).toMatchObject({ state: "stopped", activationPolicy: "NEVER" });
  });
});
