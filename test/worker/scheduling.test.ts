// The scheduling engine end to end against the simulator: schedules stop and start matching
// databases, overrides win and lapse, a manual start inside a sleep window is respected unless
// the schedule enforces, ineligible databases are skipped with a reason, AWS's 7-day restart is
// detected and undone, and repeated ticks or passes never repeat a cloud call or an event.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import { events, instances } from "../../worker/db/schema.ts";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { eventually } from "../helpers/fixtures.ts";
import { holdSchedule, SIM, sim, simCalls } from "../helpers/simulator.ts";

const db = drizzle(env.DB);

/** A sandbox AWS account with dev databases (one with a read replica) and a prod one, connected and discovered. */
async function setup() {
  const cloud = await sim<{ accountId: string; accessKeyId: string; secretAccessKey: string }>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "instant" });
  const add = (body: Record<string, unknown>) => sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", ...body });
  await add({ id: "app-dev", tags: { env: "dev" } });
  await add({ id: "reports-dev", tags: { env: "dev" } });
  await add({ id: "reports-dev-replica", readReplicaSource: "reports-dev", tags: { env: "dev" } });
  await add({ id: "shop-prod", tags: { env: "prod" } });
  const { orgId } = await createOrgDirect("Sched");
  const headers = bearer(await tokenFor(orgId, "owner"));
  const account = await (
    await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "sandbox", regions: ["us-east-1"], accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey, endpoint: SIM }) })
  ).json<{ id: string }>();
  const agent = env.ACCOUNT_AGENT.get(env.ACCOUNT_AGENT.idFromName(account.id));
  await agent.reschedule(account.id, orgId);
  await agent.runNow();
  const rows = await db.select().from(instances).where(eq(instances.cloudAccountId, account.id));
  const id = (name: string) => rows.find((r) => r.externalId === name)!.id;
  return { cloud, orgId, headers, accountId: account.id, agent, id };
}

async function stateOf(instanceId: string) {
  return (await db.select({ state: instances.state }).from(instances).where(eq(instances.id, instanceId)))[0]!.state;
}

/** Runs passes until the database reaches `state` (the simulator's transitions are instant). */
async function settle(agent: DurableObjectStub<AccountAgent>, instanceId: string, state: string) {
  return eventually(async () => {
    await agent.runNow();
    return (await stateOf(instanceId)) === state;
  }, 20_000);
}

const calls = simCalls;

async function eventTypes(instanceId: string) {
  return (await db.select({ type: events.type, cause: events.causeKind }).from(events).where(eq(events.instanceId, instanceId))).map((e) => `${e.type}:${e.cause}`);
}

describe("scheduling against the simulator", () => {
  it("stops matching databases and starts them when the schedule says so, skipping the replica with a reason", { timeout: 60_000 }, async () => {
    const s = await setup();
    const created = await api("/schedules", { method: "POST", headers: s.headers, body: JSON.stringify(holdSchedule("stopped")) });
    expect(created.status).toBe(201);
    const schedule = await created.json<{ id: string }>();

    await settle(s.agent, s.id("app-dev"), "stopped");
    expect(await stateOf(s.id("shop-prod"))).toBe("running");
    expect(await stateOf(s.id("reports-dev-replica"))).toBe("running");
    const skipped = await eventually(async () => {
      const rows = await db.select().from(events).where(and(eq(events.instanceId, s.id("reports-dev-replica")), eq(events.type, "instance.skipped")));
      return rows.length > 0 && rows;
    });
    expect(skipped[0]!.detail).toMatchObject({ reason: expect.stringMatching(/replica/i) });

    // The schedule changes its mind: wake them.
    const put = await api(`/schedules/${schedule.id}`, { method: "PUT", headers: s.headers, body: JSON.stringify(holdSchedule("running")) });
    expect(put.status).toBe(200);
    await settle(s.agent, s.id("app-dev"), "running");

    await eventually(async () => (await eventTypes(s.id("app-dev"))).includes("instance.started:schedule"));
    expect(await eventTypes(s.id("app-dev"))).toEqual(expect.arrayContaining(["instance.stop_requested:schedule", "instance.stopped:schedule", "instance.start_requested:schedule", "instance.started:schedule"]));
    // app-dev only: reports-dev is the source of a read replica, which AWS refuses to stop.
    expect(await calls(s.cloud.accountId, "StopDBInstance")).toBe(1);
  });

  it("respects a manual start inside a sleep window unless the schedule enforces", { timeout: 60_000 }, async () => {
    const s = await setup();
    const schedule = await (await api("/schedules", { method: "POST", headers: s.headers, body: JSON.stringify(holdSchedule("stopped")) })).json<{ id: string }>();
    await settle(s.agent, s.id("app-dev"), "stopped");

    const started = await api(`/instances/${s.id("app-dev")}/start`, { method: "POST", headers: s.headers });
    expect(started.status).toBe(202);
    expect(await started.json()).toMatchObject({ actionId: expect.stringMatching(/^act_/), status: "queued" });
    await settle(s.agent, s.id("app-dev"), "running");
    for (let i = 0; i < 3; i++) await s.agent.runNow();
    expect(await stateOf(s.id("app-dev"))).toBe("running");
    await eventually(async () => (await eventTypes(s.id("app-dev"))).includes("instance.start_requested:api_token"));

    await api(`/schedules/${schedule.id}`, { method: "PUT", headers: s.headers, body: JSON.stringify(holdSchedule("stopped", { enforce: true })) });
    await settle(s.agent, s.id("app-dev"), "stopped");
  });

  it("lets an override win and lapse", { timeout: 60_000 }, async () => {
    const s = await setup();
    await api("/schedules", { method: "POST", headers: s.headers, body: JSON.stringify(holdSchedule("stopped")) });
    await settle(s.agent, s.id("app-dev"), "stopped");

    const created = await api(`/instances/${s.id("app-dev")}/overrides`, { method: "POST", headers: s.headers, body: JSON.stringify({ kind: "keep_awake", until: new Date(Date.now() + 4000).toISOString(), reason: "demo" }) });
    expect(created.status).toBe(201);
    await settle(s.agent, s.id("app-dev"), "running");
    await eventually(async () => (await eventTypes(s.id("app-dev"))).includes("instance.start_requested:override"));

    await new Promise((r) => setTimeout(r, 4500));
    await settle(s.agent, s.id("app-dev"), "stopped"); // lapsed: the schedule applies again
  });

  it("detects AWS's automatic restart after 7 days stopped and stops the database again", { timeout: 60_000 }, async () => {
    const s = await setup();
    await api("/schedules", { method: "POST", headers: s.headers, body: JSON.stringify(holdSchedule("stopped")) });
    await settle(s.agent, s.id("app-dev"), "stopped");

    // Seven days pass for this database at the cloud (its own timeline moves 7 days less a second,
    // so the forced start lands just after the stop): the simulator restarts it and records AWS's
    // RDS-EVENT-0154. The agent's memory is left alone: it learns of it from the cloud's event.
    await new Promise((r) => setTimeout(r, 1500));
    await sim(`/aws/accounts/${s.cloud.accountId}/instances/us-east-1/app-dev/advance`, "POST", { seconds: 7 * 86_400 - 1 });
    await s.agent.runNow({ forceDiscovery: true });
    await settle(s.agent, s.id("app-dev"), "stopped");
    const types = await eventually(async () => {
      const t = await eventTypes(s.id("app-dev"));
      return t.includes("instance.auto_restarted:aws_auto_restart") && t;
    });
    expect(types).toContain("instance.stop_requested:aws_auto_restart");
  });

  it("makes no duplicate cloud calls or events for repeated ticks and passes", { timeout: 60_000 }, async () => {
    const s = await setup();
    await api("/schedules", { method: "POST", headers: s.headers, body: JSON.stringify(holdSchedule("stopped")) });
    const tick = { accountId: s.accountId, orgId: s.orgId, tickId: "cron-dup", scheduledAt: Date.now(), reason: "cron" as const };
    const first = await s.agent.tick(tick);
    const again = await s.agent.tick(tick);
    expect(again.duplicate).toBe(true);
    expect(first.duplicate).toBe(false);
    await settle(s.agent, s.id("app-dev"), "stopped");
    for (let i = 0; i < 3; i++) await s.agent.runNow();
    expect(await calls(s.cloud.accountId, "StopDBInstance")).toBe(1);
    await eventually(async () => (await eventTypes(s.id("app-dev"))).includes("instance.stopped:schedule"));
    const rows = await db.select().from(events).where(eq(events.instanceId, s.id("app-dev")));
    const counts = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.type]: (acc[r.type] ?? 0) + 1 }), {});
    expect(counts["instance.stop_requested"]).toBe(1);
    expect(counts["instance.stopped"]).toBe(1);
  });

  it("only reports what a dry-run schedule would do", { timeout: 60_000 }, async () => {
    const s = await setup();
    await api("/schedules", { method: "POST", headers: s.headers, body: JSON.stringify(holdSchedule("stopped", { dryRun: true })) });
    await s.agent.runNow();
    await s.agent.runNow();
    expect(await calls(s.cloud.accountId, "StopDBInstance")).toBe(0);
    expect(await stateOf(s.id("app-dev"))).toBe("running");
    await eventually(async () => (await eventTypes(s.id("app-dev"))).includes("instance.would_stop:schedule"));
  });
});
