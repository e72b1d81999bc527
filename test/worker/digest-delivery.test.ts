// The savings digest end to end: the cron tick finds the organization whose 08:00 (Berlin) has
// passed, queues yesterday's digest (and last week's on a Monday) for its subscribed integrations,
// and the real notifications consumer delivers it — a signed webhook to the simulator's receiver
// and a Block Kit message to the simulated Slack incoming webhook — built from the rollups, once per
// (period, integration) however often the tick runs or the queue redelivers, and with nothing of
// another organization's savings.
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import "../../worker/index.ts";
import { cloudAccounts, deliveries, instances, organizations, savingsDaily, savingsOrgDaily } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import type { Env } from "../../worker/env.ts";
import { consumeNotifications } from "../../worker/queues/notifications.ts";
import { digestPeriodsFor, digestSendDay, nextDigestAt } from "../../worker/notifications/digest.ts";
import type { NotificationJob } from "../../worker/notifications/deliver.ts";
import { runDigestTick } from "../../worker/ticks/digest-tick.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";

const sim = inject("simUrl");
const db = () => drizzle(env.DB);
const BERLIN = "Europe/Berlin";

interface Received {
  id: string;
  check: string;
  payload: { type: string; data: { eventId: string; summary: string; savedCents: number; topSavers: { name: string; savedCents: number }[]; monthToDate: { savedCents: number }; link: string | null } };
}

function batchOf(body: unknown, attempts = 1) {
  const seen = { acked: false };
  const message = { id: crypto.randomUUID(), timestamp: new Date(), body, attempts, ack: () => void (seen.acked = true), retry: () => {} };
  return { batch: { queue: "notifications", messages: [message], ackAll: () => {}, retryAll: () => {} } as unknown as MessageBatch<unknown>, seen };
}

/** The environment with a notifications queue that only records what the tick sends. */
function capturingEnv(sent: NotificationJob[]): Env {
  const queue = { send: async (body: NotificationJob) => void sent.push(body), sendBatch: async (batch: { body: NotificationJob }[]) => void sent.push(...batch.map((m) => m.body)) };
  return new Proxy(env as unknown as Env, { get: (target, key) => (key === "NOTIFICATIONS" ? queue : Reflect.get(target, key)) });
}

async function organizationWithSavings(name: string, dbName: string, day: string, savedMicros: number) {
  const { orgId } = await createOrgDirect(name);
  await db().update(organizations).set({ timezone: BERLIN }).where(eq(organizations.id, orgId));
  const accountId = newId("cloudAccount");
  await db().insert(cloudAccounts).values({ id: accountId, orgId, provider: "aws", name: `a-${accountId}`, authKind: "access_keys", status: "disabled" });
  const instanceId = newId("instance");
  await db().insert(instances).values({ id: instanceId, orgId, cloudAccountId: accountId, provider: "aws", kind: "rds_instance", externalId: dbName, region: "eu-central-1", name: dbName, engine: "postgres", state: "stopped", hourlyPriceMicros: 410_000, priceSource: "catalog 2026-11" });
  await db().insert(savingsDaily).values({ orgId, instanceId, day, causeKind: "schedule", causeId: "", asleepSeconds: 36_000, savedMicros, unpricedSeconds: 0 });
  await db().insert(savingsOrgDaily).values({ orgId, day, asleepSeconds: 36_000, savedMicros, unpricedSeconds: 0 });
  return { orgId, instanceId };
}

describe("savings digest delivery", () => {
  beforeAll(() => {
    Object.assign(env, { SLACK_WEBHOOK_ORIGIN: sim, PUBLIC_URL: "https://app.snoozeql.test" });
  });

  it("the tick queues the due digest once, and the consumer delivers it once per integration", async () => {
    const now = Date.now();
    const periods = digestPeriodsFor(digestSendDay(now, BERLIN));
    const yesterday = periods[0]!.from;
    // 36,000 s at $0.41/h = 4,100,000 µ$ = $4.10 for us; another organization saved far more.
    const t = await organizationWithSavings("Digest", "orders-staging", yesterday, 4_100_000);
    await organizationWithSavings("Other", "secret-prod-copy", yesterday, 99_000_000);

    const owner = await tokenFor(t.orgId, "owner");
    const receiver = `digest-${crypto.randomUUID()}`;
    const hook = await api("/integrations", { method: "POST", headers: bearer(owner), body: JSON.stringify({ kind: "webhook", name: "Finance", url: `${sim}/__sim/webhooks/${receiver}`, eventTypes: ["savings.digest.daily", "savings.digest.weekly"] }) });
    expect(hook.status).toBe(201);
    const webhook = await hook.json<{ id: string; secret: string }>();
    await fetch(`${sim}/__sim/webhooks/${receiver}`, { method: "PUT", body: JSON.stringify({ secrets: [webhook.secret], script: [] }) });
    const slackPath = `/services/T0SIMDEMO/B0DIGEST/${crypto.randomUUID().slice(0, 8)}`;
    const slackRes = await api("/integrations", { method: "POST", headers: bearer(owner), body: JSON.stringify({ kind: "slack_webhook", name: "Slack #finops", url: `${sim}${slackPath}`, eventTypes: ["savings.digest.daily"] }) });
    expect(slackRes.status).toBe(201);
    const slack = await slackRes.json<{ id: string }>();
    // An integration subscribed to something else gets no digest.
    const other = await api("/integrations", { method: "POST", headers: bearer(owner), body: JSON.stringify({ kind: "webhook", name: "Stops", url: `${sim}/__sim/webhooks/other-${receiver}`, eventTypes: ["database.stopped"] }) });
    expect(other.status).toBe(201);

    // The digest types are real subscriptions now, not "coming".
    const types = await (await api("/integrations/event-types", { headers: bearer(owner) })).json<{ data: { type: string; coming: boolean }[] }>();
    expect(types.data.filter((x) => x.type.startsWith("savings.digest.")).map((x) => x.coming)).toEqual([false, false]);

    await db().update(organizations).set({ digestDueAt: now - 60_000 }).where(eq(organizations.id, t.orgId));
    const sent: NotificationJob[] = [];
    await runDigestTick(capturingEnv(sent), now);
    const ours = sent.filter((j) => j.orgId === t.orgId);
    expect(ours.filter((j) => j.integrationId === webhook.id).map((j) => j.type)).toEqual(periods.map((p) => `savings.digest.${p.kind}`));
    expect(ours.filter((j) => j.integrationId === slack.id)).toEqual([{ orgId: t.orgId, integrationId: slack.id, eventId: `digest_daily_${yesterday}`, type: "savings.digest.daily" }]);
    expect(ours).toHaveLength(periods.length + 1);
    const [org] = await db().select({ dueAt: organizations.digestDueAt }).from(organizations).where(eq(organizations.id, t.orgId));
    expect(org!.dueAt).toBe(nextDigestAt(now, BERLIN));

    // A second run of the same minute finds nothing due for this organization.
    const again: NotificationJob[] = [];
    await runDigestTick(capturingEnv(again), now);
    expect(again.filter((j) => j.orgId === t.orgId)).toEqual([]);

    // Deliver everything, then redeliver every job: each (period, integration) is sent once.
    for (const job of [...ours, ...ours]) {
      const { batch, seen } = batchOf(job);
      await consumeNotifications(batch, env);
      expect(seen.acked).toBe(true);
    }

    const got = (await (await fetch(`${sim}/__sim/webhooks/${receiver}`)).json<{ received: Received[] }>()).received;
    expect(got).toHaveLength(periods.length);
    expect(got.every((r) => r.check === "verified")).toBe(true);
    const daily = got.find((r) => r.payload.type === "savings.digest.daily")!;
    expect(daily.payload.data).toMatchObject({ eventId: `digest_daily_${yesterday}`, savedCents: 410, topSavers: [{ name: "orders-staging", savedCents: 410 }], link: "https://app.snoozeql.test/savings" });
    expect(daily.payload.data.summary).toMatch(/^Yesterday \(.+\) SnoozeQL saved \$4\.10: 1 database slept 10 hours\.$/);
    expect(JSON.stringify(got)).not.toContain("secret-prod-copy");
    const [row] = await db().select().from(deliveries).where(and(eq(deliveries.integrationId, webhook.id), eq(deliveries.eventId, `digest_daily_${yesterday}`)));
    expect(row).toMatchObject({ status: "delivered", attempts: 1, eventType: "savings.digest.daily" });

    const slackGot = (await (await fetch(`${sim}/__sim/slack/messages`)).json<{ messages: { path?: string; text?: string; blocks?: { type: string }[] }[] }>()).messages.filter((m) => m.path === slackPath);
    expect(slackGot).toHaveLength(1);
    expect(slackGot[0]!.text).toContain("SnoozeQL saved $4.10");
    expect(slackGot[0]!.blocks!.map((b) => b.type)).toEqual(["header", "section", "section", "context", "actions"]);
  });
});
