// Delivering notifications to a real HTTP receiver (the simulator's, which verifies the Standard
// Webhooks signature on arrival): retried on 5xx, 429 (after Retry-After) and timeouts, never on
// other 4xx, dead-lettered after the attempt limit, sent once however often the queue redelivers,
// and an integration that keeps failing is disabled with an audit entry.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import "../../worker/index.ts";
import { auditLog, cloudAccounts, deadLetters, deliveries, events, instances, integrations } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import { consumeNotifications } from "../../worker/queues/notifications.ts";
import { MAX_ATTEMPTS } from "../../worker/notifications/delivery-policy.ts";
import { notificationJobs } from "../../worker/notifications/enqueue.ts";
import type { ScriptedAnswer } from "../../sim/webhooks/inbox.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";

const sim = inject("simUrl");
const db = () => drizzle(env.DB);

interface Received {
  id: string;
  check: string;
  answered: number;
  payload: { type: string; data: { database: { name: string } | null; summary: string } };
}

async function setup(script: ScriptedAnswer[] = []) {
  const { orgId } = await createOrgDirect("Notify");
  const owner = await tokenFor(orgId, "owner");
  const receiver = `r-${crypto.randomUUID()}`;
  const res = await api("/integrations", { method: "POST", headers: bearer(owner), body: JSON.stringify({ kind: "webhook", name: "Ops", url: `${sim}/__sim/webhooks/${receiver}` }) });
  expect(res.status).toBe(201);
  const created = await res.json<{ id: string; secret: string }>();
  await fetch(`${sim}/__sim/webhooks/${receiver}`, { method: "PUT", body: JSON.stringify({ secrets: [created.secret], script }) });
  const accountId = newId("cloudAccount");
  await db().insert(cloudAccounts).values({ id: accountId, orgId, provider: "aws", name: `a-${accountId}`, authKind: "access_keys", status: "disabled" });
  const instanceId = newId("instance");
  await db().insert(instances).values({ id: instanceId, orgId, cloudAccountId: accountId, provider: "aws", kind: "rds_instance", externalId: "orders-staging", region: "eu-central-1", name: "orders-staging", engine: "postgres", state: "stopped", hourlyPriceMicros: 410_000, priceSource: "catalog 2026-11" });
  return { orgId, owner, integrationId: created.id, receiver, accountId, instanceId };
}

async function stoppedEvent(orgId: string, instanceId: string): Promise<string> {
  const id = `evt_${newId("action").slice(4)}`;
  await db().insert(events).values({ id, orgId, instanceId, type: "instance.stopped", causeKind: "user", fromState: "stopping", toState: "stopped", occurredAt: new Date() });
  return id;
}

/** A one-message batch that remembers what the consumer did with the message. */
function batchOf(body: unknown, attempts = 1) {
  const seen: { acked: boolean; retried: { delaySeconds?: number } | null } = { acked: false, retried: null };
  const message = { id: crypto.randomUUID(), timestamp: new Date(), body, attempts, ack: () => void (seen.acked = true), retry: (o?: { delaySeconds?: number }) => void (seen.retried = o ?? {}) };
  const batch = { queue: "notifications", messages: [message], ackAll: () => void (seen.acked = true), retryAll: () => void (seen.retried = {}) } as unknown as MessageBatch<unknown>;
  return { batch, seen };
}

async function received(receiver: string): Promise<Received[]> {
  return (await (await fetch(`${sim}/__sim/webhooks/${receiver}`)).json<{ received: Received[] }>()).received;
}

async function delivery(integrationId: string, eventId: string) {
  const [row] = await db().select().from(deliveries).where(and(eq(deliveries.integrationId, integrationId), eq(deliveries.eventId, eventId)));
  return row!;
}

describe("webhook delivery", () => {
  it("delivers a signed payload once, and a redelivered message sends nothing more", async () => {
    const t = await setup();
    const eventId = await stoppedEvent(t.orgId, t.instanceId);
    const job = { orgId: t.orgId, integrationId: t.integrationId, eventId, type: "database.stopped" };
    const first = batchOf(job);
    await consumeNotifications(first.batch, env);
    expect(first.seen).toEqual({ acked: true, retried: null });
    const again = batchOf(job, 2);
    await consumeNotifications(again.batch, env);
    expect(again.seen.acked).toBe(true);

    const got = await received(t.receiver);
    expect(got).toHaveLength(1);
    expect(got[0]!.check).toBe("verified");
    expect(got[0]!.payload.type).toBe("database.stopped");
    expect(got[0]!.payload.data.summary).toBe("orders-staging went to sleep");
    const row = await delivery(t.integrationId, eventId);
    expect(row).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200, responseSnippet: "ok" });
    expect(got[0]!.id).toBe(row.id);
    expect(row.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("retries a 5xx with backoff, keeping the webhook-id, then delivers", async () => {
    const t = await setup([{ status: 503, body: "upstream down" }]);
    const eventId = await stoppedEvent(t.orgId, t.instanceId);
    const job = { orgId: t.orgId, integrationId: t.integrationId, eventId, type: "database.stopped" };
    const first = batchOf(job);
    await consumeNotifications(first.batch, env);
    expect(first.seen.acked).toBe(false);
    expect(first.seen.retried?.delaySeconds).toBeGreaterThanOrEqual(1);
    expect(await delivery(t.integrationId, eventId)).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 503, responseSnippet: "upstream down" });

    const second = batchOf(job, 2);
    await consumeNotifications(second.batch, env);
    expect(second.seen.acked).toBe(true);
    const got = await received(t.receiver);
    expect(got.map((r) => [r.check, r.answered])).toEqual([["verified", 503], ["verified", 200]]);
    expect(got[0]!.id).toBe(got[1]!.id);
    expect(await delivery(t.integrationId, eventId)).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("retries a timeout", async () => {
    const t = await setup([{ status: 200, delayMs: 1500 }]);
    const eventId = await stoppedEvent(t.orgId, t.instanceId);
    const job = { orgId: t.orgId, integrationId: t.integrationId, eventId, type: "database.stopped" };
    const first = batchOf(job);
    await consumeNotifications(first.batch, env, { timeoutMs: 300 });
    expect(first.seen.retried).not.toBeNull();
    expect(await delivery(t.integrationId, eventId)).toMatchObject({ status: "pending", lastError: "timed out" });
    const second = batchOf(job, 2);
    await consumeNotifications(second.batch, env, { timeoutMs: 3000 });
    expect(second.seen.acked).toBe(true);
    expect(await delivery(t.integrationId, eventId)).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("honours a 429's Retry-After", async () => {
    const t = await setup([{ status: 429, retryAfter: "120" }]);
    const eventId = await stoppedEvent(t.orgId, t.instanceId);
    const { batch, seen } = batchOf({ orgId: t.orgId, integrationId: t.integrationId, eventId, type: "database.stopped" });
    await consumeNotifications(batch, env);
    expect(seen.retried).toEqual({ delaySeconds: 120 });
  });

  it("does not retry a 4xx other than 429", async () => {
    const t = await setup([{ status: 410 }]);
    const eventId = await stoppedEvent(t.orgId, t.instanceId);
    const job = { orgId: t.orgId, integrationId: t.integrationId, eventId, type: "database.stopped" };
    const first = batchOf(job);
    await consumeNotifications(first.batch, env);
    expect(first.seen).toEqual({ acked: true, retried: null });
    await consumeNotifications(batchOf(job, 2).batch, env);
    expect(await received(t.receiver)).toHaveLength(1);
    expect(await delivery(t.integrationId, eventId)).toMatchObject({ status: "failed", attempts: 1, lastStatusCode: 410 });
  });

  it("dead-letters a delivery after the attempt limit", async () => {
    const t = await setup(Array.from({ length: MAX_ATTEMPTS }, () => ({ status: 500 })));
    const eventId = await stoppedEvent(t.orgId, t.instanceId);
    const job = { orgId: t.orgId, integrationId: t.integrationId, eventId, type: "database.stopped" };
    let last = batchOf(job);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      last = batchOf(job, attempt);
      await consumeNotifications(last.batch, env);
      expect(last.seen.acked, `attempt ${attempt}`).toBe(attempt === MAX_ATTEMPTS);
    }
    expect(await delivery(t.integrationId, eventId)).toMatchObject({ status: "dead", attempts: MAX_ATTEMPTS });
    const letters = await db().select().from(deadLetters).where(eq(deadLetters.messageId, last.batch.messages[0]!.id));
    expect(letters).toHaveLength(1);
    expect(await received(t.receiver)).toHaveLength(MAX_ATTEMPTS);
  });

  it("disables an integration that keeps failing, with an audit entry", async () => {
    const t = await setup(Array.from({ length: 5 }, () => ({ status: 404 })));
    for (let i = 0; i < 5; i++) {
      const eventId = await stoppedEvent(t.orgId, t.instanceId);
      await consumeNotifications(batchOf({ orgId: t.orgId, integrationId: t.integrationId, eventId, type: "database.stopped" }).batch, env);
    }
    const [row] = await db().select().from(integrations).where(eq(integrations.id, t.integrationId));
    expect(row).toMatchObject({ enabled: false, consecutiveFailures: 5 });
    expect(row!.disabledReason).toContain("5 deliveries in a row failed");
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.orgId, t.orgId), eq(auditLog.action, "integration.disabled")));
    expect(audits).toHaveLength(1);
    // A disabled integration receives nothing more.
    const eventId = await stoppedEvent(t.orgId, t.instanceId);
    await consumeNotifications(batchOf({ orgId: t.orgId, integrationId: t.integrationId, eventId, type: "database.stopped" }).batch, env);
    expect(await received(t.receiver)).toHaveLength(5);
  });
});

describe("the API", () => {
  it("never returns the secret or URL after creation, sends a test and shows the delivery log", async () => {
    const t = await setup();
    const listed = await (await api("/integrations", { headers: bearer(t.owner) })).text();
    expect(listed).not.toContain("whsec_");
    expect(listed).not.toContain(t.receiver);
    const test = await api(`/integrations/${t.integrationId}/test`, { method: "POST", headers: bearer(t.owner) });
    expect(test.status).toBe(200);
    expect(await test.json()).toMatchObject({ status: "delivered", eventType: "test", attempts: 1 });
    const log = await (await api(`/integrations/${t.integrationId}/deliveries`, { headers: bearer(t.owner) })).json<{ data: { eventType: string; status: string }[] }>();
    expect(log.data.map((d) => [d.eventType, d.status])).toEqual([["test", "delivered"]]);
    expect((await received(t.receiver))[0]!.check).toBe("verified");
  });

  it("refuses webhook URLs that are not public https, and Slack webhooks elsewhere than hooks.slack.com", async () => {
    const { orgId } = await createOrgDirect("Refuse");
    const owner = await tokenFor(orgId, "owner");
    for (const [kind, url] of [
      ["webhook", "http://hooks.example.com/x"],
      ["webhook", "https://10.0.0.8/hook"],
      ["webhook", "https://user:pw@hooks.example.com/x"],
      ["webhook", "https://[fe80::1]/x"],
      ["webhook", "https://hooks.example.com:8080/x"],
      ["slack_webhook", "https://hooks.example.com/services/T/B/X"],
    ]) {
      const res = await api("/integrations", { method: "POST", headers: bearer(owner), body: JSON.stringify({ kind, name: "x", url }) });
      expect(res.status, url).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    const ok = await api("/integrations", { method: "POST", headers: bearer(owner), body: JSON.stringify({ kind: "slack_webhook", name: "x", url: "https://hooks.slack.com/services/T000/B000/XXXX" }) });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ target: "Slack webhook (hooks.slack.com)", secret: null });
  });
});

describe("the OpenAPI document", () => {
  it("documents the webhook payloads and their signature headers", async () => {
    type Post = { post: { parameters: { name: string }[]; requestBody: { content: { "application/json": { schema: { $ref: string } } } } } };
    const doc = await (await api("/openapi.json")).json<{ webhooks: Record<string, Post> }>();
    // Every type SnoozeQL produces.
    expect(Object.keys(doc.webhooks)).toEqual(["database.stopped", "database.started", "database.failed", "database.auto_restart", "override.created", "override.expiring", "policy.fired", "recommendation.ready", "savings.digest.daily", "savings.digest.weekly"]);
    expect(doc.webhooks["database.stopped"]!.post.parameters.map((p) => p.name)).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
    const schemaOf = (type: string) => doc.webhooks[type]!.post.requestBody.content["application/json"].schema.$ref;
    expect(schemaOf("database.stopped")).toBe("#/components/schemas/WebhookPayload");
    expect(schemaOf("override.expiring")).toBe("#/components/schemas/WebhookPayload");
    expect(schemaOf("recommendation.ready")).toBe("#/components/schemas/WebhookPayload");
    expect(schemaOf("policy.fired")).toBe("#/components/schemas/WebhookPayload");
    expect(schemaOf("savings.digest.daily")).toBe("#/components/schemas/DigestWebhookPayload");
    expect(schemaOf("savings.digest.weekly")).toBe("#/components/schemas/DigestWebhookPayload");
  });
});

describe("fan-out from events", () => {
  it("makes one job per subscribed integration for fresh events only", () => {
    const now = Date.now();
    const jobs = notificationJobs(
      [
        { id: "evt_A", orgId: "org_1", type: "instance.stopped", occurredAt: now - 1000 },
        { id: "evt_B", orgId: "org_1", type: "instance.stopped", occurredAt: now - 3 * 3_600_000 },
        { id: "evt_C", orgId: "org_1", type: "agent.tick", occurredAt: now },
        { id: "evt_D", orgId: "org_2", type: "instance.start_failed", occurredAt: now },
      ],
      [
        { id: "int_all", orgId: "org_1", eventTypes: [] },
        { id: "int_started", orgId: "org_1", eventTypes: ["database.started"] },
        { id: "int_other", orgId: "org_2", eventTypes: ["database.failed"] },
      ],
      now,
    );
    expect(jobs).toEqual([
      { orgId: "org_1", integrationId: "int_all", eventId: "evt_A", type: "database.stopped" },
      { orgId: "org_2", integrationId: "int_other", eventId: "evt_D", type: "database.failed" },
    ]);
  });
});
