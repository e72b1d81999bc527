// The agent loses nothing between steps: events wait in its outbox until the queue has them (each
// arrives exactly once, even when sending fails), the alarm is re-armed when a pass throws, and
// its memory carries a schema version.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { MIGRATIONS } from "../../durable-objects/agent/storage.ts";
import { accountAgent } from "../../worker/accounts/agent.ts";
import { events, instances } from "../../worker/db/schema.ts";
import type { EventMessage } from "../../worker/events/event.ts";
import { RETRY_BACKOFF } from "../../worker/reconcile/pass.ts";
import { api } from "../helpers/auth.ts";
import { connectedSandbox, holdSchedule } from "../helpers/simulator.ts";
import { createCloudAccount, createOrg, eventually } from "../helpers/fixtures.ts";

const db = drizzle(env.DB);

/** A simulator account with one dev database, connected, discovered, and a schedule holding it asleep. */
async function sleepingSetup() {
  const s = await connectedSandbox(["app-dev"], "Outbox");
  expect((await api("/schedules", { method: "POST", headers: s.headers, body: JSON.stringify(holdSchedule("stopped")) })).status).toBe(201);
  return s;
}

describe("events outbox", () => {
  it("keeps events when the queue refuses them and delivers each exactly once when it recovers", { timeout: 60_000 }, async () => {
    const s = await sleepingSetup();
    const delivered: string[] = [];
    let failuresLeft = 3;
    await runInDurableObject(s.agent, (agent: AccountAgent) => {
      const real = agent.sendEvents;
      agent.sendEvents = async (batch: EventMessage[]) => {
        if (failuresLeft-- > 0) throw new Error("queue unavailable");
        await real(batch);
        delivered.push(...batch.map((e) => e.id));
      };
    });

    // The stop happens although its events cannot be sent; they wait in the outbox.
    const report = await s.agent.runNow();
    expect(report?.acted).toEqual([expect.objectContaining({ action: "stop", ok: true })]);
    expect(report?.wake?.reason).toBe("outbox-retry"); // sooner than confirming the stop
    expect((await s.agent.status()).outbox).toBeGreaterThan(0);

    for (let i = 0; i < 6 && (await s.agent.status()).outbox > 0; i++) await s.agent.runNow();
    expect((await s.agent.status()).outbox).toBe(0);
    expect(new Set(delivered).size).toBe(delivered.length);

    const [row] = await db.select().from(instances).where(eq(instances.cloudAccountId, s.accountId));
    const stored = await eventually(async () => {
      const rows = await db.select({ id: events.id, type: events.type }).from(events).where(eq(events.instanceId, row!.id));
      return rows.some((r) => r.type === "instance.stopped") && rows;
    });
    expect(stored.filter((r) => r.type === "instance.stop_requested")).toHaveLength(1);
    // Everything recorded since the queue started failing came through the outbox.
    for (const r of stored.filter((e) => e.type !== "instance.discovered")) expect(delivered).toContain(r.id);
  });

  it("retries the outbox on its own alarm, with backoff, when the queue keeps failing", { timeout: 60_000 }, async () => {
    const s = await sleepingSetup();
    await runInDurableObject(s.agent, (agent: AccountAgent) => {
      agent.sendEvents = async () => {
        throw new Error("queue unavailable");
      };
    });
    const before = Date.now();
    const report = await s.agent.runNow();
    expect(report?.wake?.at).toBeLessThanOrEqual(Date.now() + RETRY_BACKOFF.max);
    expect((await s.agent.status()).outbox).toBeGreaterThan(0);
    expect((await s.agent.status()).nextAlarmAt).toBeGreaterThanOrEqual(before);
  });
});

/** The agent of an account without usable credentials (nothing to call), told who it is. */
async function idleAgent() {
  const orgId = await createOrg();
  const accountId = await createCloudAccount(orgId);
  const agent = accountAgent(env, accountId);
  await agent.reschedule(accountId, orgId);
  return agent;
}

describe("the alarm", () => {
  it("is set to the wake-up the pass chose", async () => {
    const agent = await idleAgent();
    const report = await agent.runNow();
    await runInDurableObject(agent, async (_a: AccountAgent, state) => {
      expect(await state.storage.getAlarm()).toBe(report!.nextAlarmAt);
    });
  });

  it("is re-armed with a retry when a pass throws, and nothing is rethrown from alarm()", async () => {
    const agent = await idleAgent();
    await runInDurableObject(agent, async (instance: AccountAgent, state) => {
      await state.storage.deleteAlarm();
      const broken = { prepare: () => { throw new Error("D1 is unavailable"); }, batch: () => Promise.reject(new Error("D1 is unavailable")) };
      (instance as unknown as { env: object }).env = { ...env, DB: broken };
      const before = Date.now();
      await instance.alarm();
      const at = await state.storage.getAlarm();
      expect(at).not.toBeNull();
      expect(at!).toBeGreaterThan(before);
      expect(at!).toBeLessThanOrEqual(Date.now() + RETRY_BACKOFF.base);
      // A second failure in a row waits longer.
      await instance.alarm();
      const second = await state.storage.getAlarm();
      expect(second! - Date.now()).toBeGreaterThan(at! - before - 1000);
      (instance as unknown as { env: object }).env = env;
    });
  });
});

describe("the agent's memory", () => {
  it("records its schema version and has every table of the latest one", async () => {
    const agent = await idleAgent();
    await runInDurableObject(agent, (_a: AccountAgent, state) => {
      const version = state.storage.sql.exec<{ value: string }>("select value from agent_meta where key = 'schema_version'").one().value;
      expect(Number(version)).toBe(MIGRATIONS.length);
      const tables = state.storage.sql.exec<{ name: string }>("select name from sqlite_master where type = 'table'").toArray().map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(["agent_meta", "tick_ledger", "instance_memory", "queued_actions", "event_outbox"]));
    });
  });
});
