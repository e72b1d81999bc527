// The AccountAgent collects hourly metrics cheaply (one GetMetricData per region, one
// timeSeries.list per metric type per GCP project), backfills 14 days a day per collection
// (newest first, so one pass never holds up the account's actions for long), upserts rollups
// idempotently, and then evaluates policies: an idle-stop policy stops through the executor with
// the policy as cause, a dry run calls nothing, a capacity policy reaches the simulator as
// ModifyDBCluster with the scaling configuration, and every firing is kept as history.
import { env, runInDurableObject } from "cloudflare:test";
import { and, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { AgentStorage } from "../../durable-objects/agent/storage.ts";
import { accountAgent } from "../../worker/accounts/agent.ts";
import { events, instances, metrics } from "../../worker/db/schema.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { eventually } from "../helpers/fixtures.ts";
import { IDLE_STOP } from "../helpers/policies.ts";
import { backfillPending, finishBackfill } from "../helpers/metrics.ts";
import { connectSandbox, SIM, sim, type SandboxAccount } from "../helpers/simulator.ts";

const idleStop = (extra: Record<string, unknown> = {}) => ({ ...IDLE_STOP, name: `Idle ${Math.random()}`, ...extra });

type Db = { id: string; usage: string; region?: string; cluster?: boolean };

/** An AWS sandbox with these databases, an organization, optional policies, connected and run once. */
async function sandbox(dbs: Db[], policies: Record<string, unknown>[] = [], regions = ["us-east-1"]) {
  const cloud = await sim<SandboxAccount>("/aws/accounts", "POST", { regions, durations: "instant" });
  for (const d of dbs) {
    const region = d.region ?? regions[0];
    if (d.cluster) await sim(`/aws/accounts/${cloud.accountId}/clusters`, "POST", { region, id: d.id, engine: "aurora-postgresql", engineVersion: "15.8", serverlessV2: { min: 0.5, max: 16 }, members: [{ id: `${d.id}-1` }], tags: { env: "dev" }, usage: d.usage });
    else await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region, engine: "postgres", id: d.id, tags: { env: "dev" }, usage: d.usage });
  }
  const { orgId } = await createOrgDirect("Insights");
  const headers = bearer(await tokenFor(orgId, "owner"));
  const policyIds: string[] = [];
  for (const p of policies) {
    const res = await api("/policies", { method: "POST", headers, body: JSON.stringify(p) });
    expect(res.status).toBe(201);
    policyIds.push((await res.json<{ id: string }>()).id);
  }
  const { accountId, agent, instanceId } = await connectSandbox(cloud, orgId, headers, regions);
  // The test runs the passes itself: the backfill's next chunk waits for it, not for the alarm.
  await runInDurableObject(agent, (_: AccountAgent, state) => state.storage.deleteAlarm());
  const calls = async () => (await sim<{ byOperation: Record<string, number> }>(`/aws/accounts/${cloud.accountId}/calls?limit=1`)).byOperation;
  /** The next hourly collection, now (the agent's due time moved to the past), the backfill's older days read before it. */
  const collectAgain = async () => {
    await finishBackfill(agent);
    await runInDurableObject(agent, (_: AccountAgent, state) => void new AgentStorage(state.storage).remember("metrics_due_at", "0"));
    await agent.runNow();
  };
  return { cloud, orgId, headers, accountId, agent, instanceId, calls, collectAgain, policyIds };
}

const history = async (headers: Record<string, string>, policyId: string) => (await (await api(`/policies/${policyId}/history`, { headers })).json<{ data: any[] }>()).data;

describe("metrics collection", { timeout: 120_000 }, () => {
  it("collects 20 databases in two regions with one GetMetricData call per region, backfilling 14 days a day per collection", async () => {
    const dbs = Array.from({ length: 20 }, (_, i) => ({ id: `db${i}`, usage: "office-hours", region: i % 2 ? "eu-west-1" : "us-east-1" }));
    const s = await sandbox(dbs, [], ["us-east-1", "eu-west-1"]);
    expect((await s.calls())["GetMetricData"]).toBe(2);

    const d = drizzle(env.DB);
    const perDb = () =>
      d.select({ instanceId: metrics.instanceId, metrics: sql<number>`count(distinct ${metrics.metric})`, hours: sql<number>`count(distinct ${metrics.hourStart})` })
        .from(metrics)
        .where(eq(metrics.orgId, s.orgId))
        .groupBy(metrics.instanceId);
    // The first collection: the last day of every database, no more.
    const first = await perDb();
    expect(first).toHaveLength(20);
    for (const row of first) {
      expect(row.metrics).toBe(4);
      expect(row.hours).toBeGreaterThanOrEqual(23);
      expect(row.hours).toBeLessThanOrEqual(24);
    }
    // The recommendation analysis waits for the backfill (it would judge one day of data)...
    const analysisDue = async () => (await d.select({ at: instances.analysisDueAt }).from(instances).where(eq(instances.orgId, s.orgId))).map((r) => r.at);
    const afterFirst = Date.now();
    expect(await analysisDue()).toHaveLength(20);
    for (const at of await analysisDue()) expect(at).toBeGreaterThan(afterFirst + 30 * 60_000);
    // The 13 older days in 13 more collections, each one call per region.
    await finishBackfill(s.agent);
    expect(await backfillPending(s.agent)).toBe(false);
    // ...and is due as soon as the 14 days are in.
    for (const at of await analysisDue()) expect(at).toBeLessThanOrEqual(Date.now());
    expect((await s.calls())["GetMetricData"]).toBe(28);
    for (const row of await perDb()) {
      expect(row.metrics).toBe(4);
      expect(row.hours).toBeGreaterThanOrEqual(14 * 24 - 2);
      expect(row.hours).toBeLessThanOrEqual(14 * 24);
    }
    const [before] = await d.select({ n: sql<number>`count(*)` }).from(metrics).where(eq(metrics.orgId, s.orgId));

    // Not due again within the hour: no call. The next collection (its cursors an hour back, as
    // at the next hour): one more call per region, and the re-read hours replace their rows
    // instead of adding to them.
    await s.agent.runNow();
    expect((await s.calls())["GetMetricData"]).toBe(28);
    await runInDurableObject(s.agent, (_: AccountAgent, state) => void state.storage.sql.exec("update metric_cursor set through = through - 3600000"));
    await s.collectAgain();
    expect((await s.calls())["GetMetricData"]).toBe(30);
    const [after] = await d.select({ n: sql<number>`count(*)` }).from(metrics).where(eq(metrics.orgId, s.orgId));
    expect(after!.n).toBe(before!.n);
  });

  it("collects Cloud SQL per project: one timeSeries.list per metric type for 20 databases", async () => {
    const project = await sim<{ projectId: string; serviceAccountKey: Record<string, unknown> }>("/gcp/projects", "POST", {});
    for (let i = 0; i < 20; i++) await sim(`/gcp/projects/${project.projectId}/instances`, "POST", { name: `sql-${i}`, region: "us-central1", usage: "nightly-batch" });
    const { orgId } = await createOrgDirect("Insights GCP");
    const headers = bearer(await tokenFor(orgId, "owner"));
    const account = await (await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "gcp", connection: "service_account", name: "gcp", serviceAccountKey: project.serviceAccountKey, endpoint: SIM }) })).json<{ id: string }>();
    const agent = accountAgent(env, account.id);
    await agent.reschedule(account.id, orgId);
    await agent.runNow();
    const log = await sim<{ byOperation: Record<string, number> }>(`/gcp/projects/${project.projectId}/calls?limit=1`);
    expect(log.byOperation["monitoring.timeSeries.list"]).toBe(2);
    const rows = await drizzle(env.DB).select({ metric: metrics.metric, n: sql<number>`count(distinct ${metrics.instanceId})` }).from(metrics).where(eq(metrics.orgId, orgId)).groupBy(metrics.metric);
    expect(rows.sort((a, b) => a.metric.localeCompare(b.metric))).toEqual([{ metric: "connections", n: 20 }, { metric: "cpu", n: 20 }]);
  });
});

describe("policies in the agent", { timeout: 60_000 }, () => {
  it("stops the idle database (not the busy one) with the policy as cause, keeps the history, then respects the cooldown", async () => {
    const s = await sandbox([{ id: "idle", usage: "always-idle" }, { id: "busy", usage: "always-busy" }], [idleStop()]);
    const [policyId] = s.policyIds;
    expect((await s.calls())["StopDBInstance"]).toBe(1);
    // The events reach D1 through the queue; the history is written by the pass itself.
    const stops = await eventually(async () => {
      const rows = await drizzle(env.DB).select().from(events).where(and(eq(events.orgId, s.orgId), eq(events.type, "instance.stop_requested")));
      return rows.length > 0 && rows;
    });
    const records = await history(s.headers, policyId!);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ instanceId: s.instanceId("idle"), outcome: "acted", dryRun: false });
    expect(records[0].evidence.map((r: any) => [r.metric, r.hours.length, r.holds])).toEqual([["connections", 2, true], ["cpu", 2, true]]);
    expect(stops.map((e) => [e.instanceId, e.causeKind, e.causeId])).toEqual([[s.instanceId("idle"), "policy", policyId]]);

    await s.collectAgain();
    expect((await s.calls())["StopDBInstance"]).toBe(1);
    expect(await history(s.headers, policyId!)).toHaveLength(1);
  });

  it("in dry run calls nothing and records what it would have done", async () => {
    const s = await sandbox([{ id: "idle", usage: "always-idle" }], [idleStop({ dryRun: true })]);
    expect((await s.calls())["StopDBInstance"] ?? 0).toBe(0);
    expect(await history(s.headers, s.policyIds[0]!)).toMatchObject([{ outcome: "would_act", dryRun: true, reason: "dry run: would stop" }]);
  });

  it("sets an idle Aurora Serverless v2 cluster's capacity with ModifyDBCluster", async () => {
    const s = await sandbox([{ id: "sv2", usage: "always-idle", cluster: true }], [idleStop({ actions: [{ type: "set_capacity", minAcu: 0, maxAcu: 2 }] })]);
    expect((await s.calls())["ModifyDBCluster"]).toBe(1);
    const resources = await sim<{ clusters: { id: string; serverlessV2: { min: number; max: number; secondsUntilAutoPause: number | null } }[] }>(`/aws/accounts/${s.cloud.accountId}/resources`);
    expect(resources.clusters.find((c) => c.id === "sv2")!.serverlessV2).toEqual({ min: 0, max: 2, secondsUntilAutoPause: 300 });
    expect(await history(s.headers, s.policyIds[0]!)).toMatchObject([{ outcome: "acted", actions: [{ type: "set_capacity", minAcu: 0, maxAcu: 2 }] }]);
  });
});
