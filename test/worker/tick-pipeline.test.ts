// The work path end to end, through the real bindings: cron tick -> account-ticks queue ->
// AccountAgent -> events queue -> events consumer -> D1. And its at-least-once guarantees:
// a repeated tick or a redelivered message never produces a second event.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, runInDurableObject } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import worker from "../../worker/index.ts";
import { cloudAccounts, deadLetters, events } from "../../worker/db/schema.ts";
import { planTickMessages, TICK_INTERVAL_MS } from "../../worker/ticks/cron-tick.ts";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { buildEvent } from "../../worker/events/event.ts";
import { createCloudAccount, createOrg, eventually } from "../helpers/fixtures.ts";

const db = drizzle(env.DB);
const tickEventsFor = (accountId: string) =>
  db.select().from(events).where(and(eq(events.cloudAccountId, accountId), eq(events.type, "agent.tick")));

async function runTick(scheduledTime: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime, cron: "* * * * *" }), env, ctx);
}

describe("cron tick -> queue -> agent -> events -> D1", () => {
  it("lands one tick event per due account in D1", async () => {
    const orgId = await createOrg();
    const accountId = await createCloudAccount(orgId);
    const scheduledTime = Date.now();

    await runTick(scheduledTime);

    const [row] = await eventually(async () => {
      const rows = await tickEventsFor(accountId);
      return rows.length > 0 && rows;
    });
    expect(row).toMatchObject({ orgId, cloudAccountId: accountId, type: "agent.tick", causeKind: "system" });
    expect(row!.detail).toMatchObject({ reason: "cron", tickId: planTickMessages([{ id: accountId, orgId }], scheduledTime)[0]!.tickId });

    const [account] = await db.select().from(cloudAccounts).where(eq(cloudAccounts.id, accountId));
    // The cron leased it for a minute; the agent then set its own next due time (after its alarm).
    expect(account!.nextDueAt!.getTime()).toBeGreaterThanOrEqual(scheduledTime + TICK_INTERVAL_MS);
    expect(account!.lastTickAt!.getTime()).toBe(scheduledTime);

    const agent = env.ACCOUNT_AGENT.get(env.ACCOUNT_AGENT.idFromName(accountId));
    expect(await agent.status()).toMatchObject({ accountId, orgId, ticksHandled: 1 });
  });

  it("skips accounts that are not due yet and disabled ones", async () => {
    const orgId = await createOrg();
    const now = Date.now();
    const later = await createCloudAccount(orgId, { nextDueAt: new Date(now + 10 * 60_000) });
    const disabled = await createCloudAccount(orgId, { status: "disabled" });
    const due = await createCloudAccount(orgId, { nextDueAt: new Date(now - 1000) });

    await runTick(now);

    await eventually(async () => (await tickEventsFor(due)).length > 0);
    expect(await tickEventsFor(later)).toHaveLength(0);
    expect(await tickEventsFor(disabled)).toHaveLength(0);
  });

  it("acts once on a repeated tick (same cron minute delivered twice)", async () => {
    const orgId = await createOrg();
    const accountId = await createCloudAccount(orgId);
    const [message] = planTickMessages([{ id: accountId, orgId }], Date.now());
    const agent = env.ACCOUNT_AGENT.get(env.ACCOUNT_AGENT.idFromName(accountId));

    const first = await agent.tick(message!);
    const second = await agent.tick(message!);

    expect(first.duplicate).toBe(false);
    expect(first.eventId).toMatch(/^evt_/);
    expect(second).toMatchObject({ duplicate: true, eventId: null });
    await eventually(async () => (await tickEventsFor(accountId)).length > 0);
    await runInDurableObject(agent, async (_instance: AccountAgent, state) => {
      expect(state.storage.sql.exec("select count(*) as n from tick_ledger").one().n).toBe(1);
    });
  });
});

describe("events consumer", () => {
  it("inserts a batch and ignores a redelivered event (deterministic id)", async () => {
    const orgId = await createOrg();
    const accountId = await createCloudAccount(orgId);
    const event = await buildEvent(
      { orgId, cloudAccountId: accountId, type: "instance.stopped", causeKind: "schedule", occurredAt: Date.now() },
      ["db-1", 123],
    );
    const ctx = createExecutionContext();
    const batch = createMessageBatch<unknown>("events", [
      { id: "m1", timestamp: Date.now(), attempts: 1, body: event },
      { id: "m2", timestamp: Date.now(), attempts: 1, body: event },
    ]);
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["m1", "m2"]);
    expect(result.retryMessages).toEqual([]);

    const again = createMessageBatch<unknown>("events", [{ id: "m3", timestamp: Date.now(), attempts: 2, body: event }]);
    await worker.queue(again, env, ctx);
    const rows = await db.select().from(events).where(eq(events.id, event.id));
    expect(rows).toHaveLength(1);
  });

  it("keeps malformed events as dead letters and still stores the good ones", async () => {
    const orgId = await createOrg();
    const good = await buildEvent({ orgId, type: "agent.tick", causeKind: "system", occurredAt: Date.now() }, ["x"]);
    const ctx = createExecutionContext();
    const batch = createMessageBatch<unknown>("events", [
      { id: "bad-1", timestamp: Date.now(), attempts: 1, body: { hello: "world" } },
      { id: "good-1", timestamp: Date.now(), attempts: 1, body: good },
    ]);
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["bad-1", "good-1"]);
    expect(await db.select().from(events).where(eq(events.id, good.id))).toHaveLength(1);
    const [letter] = await db.select().from(deadLetters).where(eq(deadLetters.messageId, "bad-1"));
    expect(letter).toMatchObject({ queue: "events", attempts: 1 });
    expect(JSON.stringify(letter!.body)).toContain("invalid event");
  });

  it("retries only the event that cannot be stored, and acks the rest", async () => {
    const orgId = await createOrg();
    const good = await buildEvent({ orgId, type: "agent.tick", causeKind: "system", occurredAt: Date.now() }, ["ok"]);
    // Names an organization that does not exist: the foreign key refuses it.
    const orphan = await buildEvent({ orgId: "org_DOESNOTEXIST", type: "agent.tick", causeKind: "system", occurredAt: Date.now() }, ["orphan"]);
    const ctx = createExecutionContext();
    const batch = createMessageBatch<unknown>("events", [
      { id: "ok", timestamp: Date.now(), attempts: 1, body: good },
      { id: "orphan", timestamp: Date.now(), attempts: 3, body: orphan },
    ]);
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["ok"]);
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: "orphan" })]);
    expect(await db.select().from(events).where(eq(events.id, good.id))).toHaveLength(1);
  });
});

describe("account-ticks consumer", () => {
  it("records a malformed tick as a dead letter instead of retrying it forever", async () => {
    const ctx = createExecutionContext();
    const batch = createMessageBatch<unknown>("account-ticks", [{ id: "junk", timestamp: Date.now(), attempts: 1, body: { accountId: 42 } }]);
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["junk"]);
    const [letter] = await db.select().from(deadLetters).where(eq(deadLetters.messageId, "junk"));
    expect(letter).toMatchObject({ queue: "account-ticks" });
  });

  it("records what reaches a dead-letter queue", async () => {
    const ctx = createExecutionContext();
    const batch = createMessageBatch<unknown>("events-dlq", [{ id: "gave-up", timestamp: Date.now(), attempts: 10, body: { some: "event" } }]);
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.ackAll).toBe(true);
    const [letter] = await db.select().from(deadLetters).where(eq(deadLetters.messageId, "gave-up"));
    expect(letter).toMatchObject({ queue: "events-dlq", attempts: 10 });
  });
});
