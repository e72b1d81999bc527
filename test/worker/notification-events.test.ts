// The notifications people act on: "override created" (from the one override path the API, the CLI
// and Slack share), "override expiring soon" (the cron tick, 30 minutes before the end) and
// "recommendation ready" (analysis, for a new or materially changed proposal). Each is emitted once
// however often the tick or the analysis runs and however often a queue redelivers, reaches a
// subscribed webhook once, and in Slack carries its button: "Keep awake 2h more" extends the
// override, "Apply recommendation" applies through the API's own code — for an admin; a viewer is
// refused politely, and an applied or dismissed proposal is not applied again.
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import worker from "../../worker/index.ts";
import { auditLog, cloudAccounts, deliveries, events, metrics, overrides, recommendations, schedules } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import type { Env } from "../../worker/env.ts";
import type { EventMessage } from "../../worker/events/event.ts";
import { expiringNotices, OVERRIDE_EXPIRY_LEAD_MS, runOverrideExpiryTick, type ActiveOverride } from "../../worker/overrides/expiring.ts";
import { analyzeOrganization } from "../../worker/recommendations/analyze.ts";
import { LIMITS, notificationMessage } from "../../worker/slack/blocks.ts";
import type { NotificationSubject } from "../../worker/notifications/subject.ts";
import { NOTIFICATION_TYPES } from "../../worker/notifications/vocabulary.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { eventually } from "../helpers/fixtures.ts";
import { installedSlackApp, pressButton, responseTo, slackMessages, slackUser, useSimulatedSlack, waitFor } from "../helpers/slack.ts";
import { simulatedSeries } from "../recommendations/usage-series.ts";
import type { UsagePattern } from "../../sim/state/model.ts";
import { addInstance } from "./savings-fixtures.ts";

const sim = inject("simUrl");
const db = () => drizzle(env.DB);
const MIN = 60_000;
const HOUR = 3_600_000;
const NEW_TYPES = ["override.created", "override.expiring", "recommendation.ready"];

interface Received {
  id: string;
  check: string;
  payload: {
    type: string;
    data: {
      eventId: string;
      summary: string;
      database: { id: string; name: string } | null;
      override: { id: string; kind: string; until: string | null; by: string | null } | null;
      recommendation: { id: string; status: string; monthlySavingsCents: number | null; confidencePercent: number } | null;
    };
  };
}

/** An organization with one database and a webhook (a simulator receiver that verifies signatures) subscribed to the new types. */
async function withWebhook() {
  const { orgId } = await createOrgDirect("Events");
  const owner = await tokenFor(orgId, "owner");
  const receiver = `ev-${crypto.randomUUID()}`;
  const res = await api("/integrations", { method: "POST", headers: bearer(owner), body: JSON.stringify({ kind: "webhook", name: "Ops", url: `${sim}/__sim/webhooks/${receiver}`, eventTypes: NEW_TYPES }) });
  expect(res.status).toBe(201);
  const hook = await res.json<{ id: string; secret: string }>();
  await fetch(`${sim}/__sim/webhooks/${receiver}`, { method: "PUT", body: JSON.stringify({ secrets: [hook.secret], script: [] }) });
  const accountId = newId("cloudAccount");
  await db().insert(cloudAccounts).values({ id: accountId, orgId, provider: "aws", name: `a-${accountId}`, authKind: "access_keys", status: "disabled" });
  const instanceId = await addInstance(orgId, accountId, { name: "orders-staging", state: "stopped", hourlyPriceMicros: 72_000, priceSource: "override" });
  return { orgId, owner, integrationId: hook.id, receiver, accountId, instanceId };
}

async function received(receiver: string): Promise<Received[]> {
  return (await (await fetch(`${sim}/__sim/webhooks/${receiver}`)).json<{ received: Received[] }>()).received;
}

/** The environment with an events queue that only records what is sent to it. */
function capturingEnv(sent: EventMessage[]): Env {
  const queue = { send: async (body: EventMessage) => void sent.push(body), sendBatch: async (batch: { body: EventMessage }[]) => void sent.push(...batch.map((m) => m.body)) };
  return new Proxy(env as unknown as Env, { get: (target, key) => (key === "EVENTS" ? queue : Reflect.get(target, key)) });
}

let messageCounter = 0;
/** Hands events to the real events consumer (stores them, fans out to the real notifications queue). */
async function deliverEvents(batch: EventMessage[]) {
  const ctx = createExecutionContext();
  const messages = createMessageBatch<unknown>("events", batch.map((body) => ({ id: `ev-msg-${++messageCounter}`, timestamp: new Date(), attempts: 1, body })));
  await worker.queue(messages, env, ctx);
  return getQueueResult(messages, ctx);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function deliveriesOf(eventId: string) {
  return db().select().from(deliveries).where(eq(deliveries.eventId, eventId));
}

async function seedUsage(orgId: string, instanceId: string, pattern: UsagePattern, resourceKey: string) {
  const now = Math.floor(Date.now() / HOUR) * HOUR;
  await db().delete(metrics).where(and(eq(metrics.orgId, orgId), eq(metrics.instanceId, instanceId)));
  const s = simulatedSeries(pattern, { now, days: 14, resourceKey });
  const rows = [...s.cpu.map((r) => ({ metric: "cpu", ...r })), ...s.connections.map((r) => ({ metric: "connections", ...r }))].map((r) => ({
    orgId,
    instanceId,
    metric: r.metric,
    hourStart: new Date(r.hourStart),
    avg: r.avg,
    max: r.max,
    min: r.avg,
    samples: 12,
  }));
  for (let i = 0; i < rows.length; i += 10) await db().insert(metrics).values(rows.slice(i, i + 10));
  return now;
}

async function insertOverride(orgId: string, instanceId: string, o: { kind?: "keep_awake" | "keep_asleep"; createdAt: number; until: number; cancelled?: boolean }) {
  const id = newId("override");
  await db()
    .insert(overrides)
    .values({ id, orgId, instanceId, kind: o.kind ?? "keep_awake", until: new Date(o.until), causeKind: "user", createdAt: new Date(o.createdAt), cancelledAt: o.cancelled ? new Date(o.createdAt + MIN) : null });
  return id;
}

describe("the event types", () => {
  it("are offered for subscription now that they are emitted", async () => {
    for (const type of NEW_TYPES) expect(NOTIFICATION_TYPES[type as keyof typeof NOTIFICATION_TYPES].coming).toBe(false);
    const { orgId } = await createOrgDirect("Types");
    const res = await api("/integrations/event-types", { headers: bearer(await tokenFor(orgId, "viewer")) });
    const { data } = await res.json<{ data: { type: string; coming: boolean }[] }>();
    for (const type of NEW_TYPES) expect(data.find((t) => t.type === type)).toMatchObject({ coming: false });
  }, 60_000);
});

describe("override created", () => {
  it("an override made through the API reaches the webhook once, saying which database, who and until when", async () => {
    const t = await withWebhook();
    const operator = await tokenFor(t.orgId, "operator");
    const res = await api(`/instances/${t.instanceId}/overrides`, { method: "POST", headers: bearer(operator), body: JSON.stringify({ kind: "keep_awake", durationMinutes: 120, reason: "customer demo" }) });
    expect(res.status).toBe(201);
    const created = await res.json<{ id: string; until: string }>();

    const [got] = await eventually(async () => {
      const r = await received(t.receiver);
      return r.length > 0 && r;
    });
    expect(got!.check).toBe("verified");
    expect(got!.payload.type).toBe("override.created");
    expect(got!.payload.data.database).toMatchObject({ id: t.instanceId, name: "orders-staging" });
    expect(got!.payload.data.override).toMatchObject({ id: created.id, kind: "keep_awake", until: created.until });
    expect(got!.payload.data.override!.by).toMatch(/^token:t-operator-\d+$/);
    expect(got!.payload.data.summary).toMatch(/^token:t-operator-\d+ kept orders-staging awake until \d\d:\d\d UTC$/);

    // The event is in the history, caused by the token; a redelivered event sends nothing more.
    const [event] = await db().select().from(events).where(and(eq(events.orgId, t.orgId), eq(events.type, "override.created")));
    expect(event).toMatchObject({ instanceId: t.instanceId, causeKind: "api_token" });
    await deliverEvents([{ ...event!, occurredAt: event!.occurredAt.getTime() } as EventMessage]);
    await pause(1500);
    expect(await received(t.receiver)).toHaveLength(1);
    expect(await deliveriesOf(event!.id)).toMatchObject([{ status: "delivered", attempts: 1 }]);
  }, 60_000);
});

describe("override expiring soon", () => {
  const now = Date.UTC(2026, 10, 30, 12, 0);
  const o = (id: string, over: Partial<ActiveOverride>): ActiveOverride => ({ id, orgId: "org", instanceId: "db1", kind: "keep_awake", until: now + 20 * MIN, createdAt: now - 2 * HOUR, ...over });

  it.each([
    ["ends in 20 minutes", [o("a", {})], ["a"]],
    ["ends in exactly 30 minutes", [o("a", { until: now + 30 * MIN })], ["a"]],
    ["ends in 31 minutes: not yet", [o("a", { until: now + 31 * MIN })], []],
    ["has ended", [o("a", { until: now })], []],
    ["lived less than the lead: its 'created' message said when it ends", [o("a", { createdAt: now - 5 * MIN })], []],
    ["extended by a later keep-awake: only the extension, at its own end", [o("a", {}), o("b", { until: now + 25 * MIN, createdAt: now - HOUR })], ["b"]],
    ["outlasted by an older keep-awake of the same kind", [o("a", {}), o("b", { until: now + 3 * HOUR, createdAt: now - 3 * HOUR })], []],
    ["an older keep-asleep ending later does not hide a newer keep-awake", [o("a", {}), o("b", { kind: "keep_asleep", until: now + 3 * HOUR, createdAt: now - 3 * HOUR })], ["a"]],
    ["another database's override changes nothing", [o("a", {}), o("b", { instanceId: "db2", until: now + 3 * HOUR })], ["a"]],
  ])("an override that %s", (_what, active, expected) => {
    expect(expiringNotices(active, active, now).map((x) => x.id)).toEqual(expected);
  });

  it("the cron tick announces each override once however often it runs, and not a cancelled one", async () => {
    const t = await withWebhook();
    const now = Date.now();
    const other = await addInstance(t.orgId, t.accountId, { name: "reports-staging" });
    const announced = await insertOverride(t.orgId, t.instanceId, { createdAt: now - 2 * HOUR, until: now + 20 * MIN });
    const cancelled = await insertOverride(t.orgId, other, { createdAt: now - 2 * HOUR, until: now + 10 * MIN, cancelled: true });
    const later = await insertOverride(t.orgId, other, { kind: "keep_asleep", createdAt: now - 2 * HOUR, until: now + 45 * MIN });

    const sent: EventMessage[] = [];
    const first = await runOverrideExpiryTick(capturingEnv(sent), now);
    // Before the events consumer has stored it, a second pass sends it again: harmless (same id).
    const second = await runOverrideExpiryTick(capturingEnv(sent), now + MIN);
    expect(first.emitted).toBe(1);
    expect(second.emitted).toBe(1);
    expect(sent.map((e) => e.id)).toEqual([sent[0]!.id, sent[0]!.id]);
    expect(sent[0]).toMatchObject({ type: "override.expiring", instanceId: t.instanceId, detail: { overrideId: announced, until: new Date(now + 20 * MIN).toISOString() } });
    expect(sent.some((e) => e.detail?.overrideId === cancelled || e.detail?.overrideId === later)).toBe(false);

    // Both copies reach the events consumer (a redelivery, in effect); stored once, sent once.
    await deliverEvents([sent[0]!]);
    await deliverEvents([sent[1]!]);
    expect(await runOverrideExpiryTick(capturingEnv(sent), now + 2 * MIN)).toMatchObject({ emitted: 0 });
    const got = await eventually(async () => {
      const r = await received(t.receiver);
      return r.length > 0 && r;
    });
    await pause(1500);
    expect(await received(t.receiver)).toHaveLength(1);
    expect(got[0]!.payload.type).toBe("override.expiring");
    expect(got[0]!.payload.data.override).toMatchObject({ id: announced, kind: "keep_awake", until: new Date(now + 20 * MIN).toISOString() });
    expect(got[0]!.payload.data.summary).toMatch(/^orders-staging is kept awake until \d\d:\d\d UTC \(in about 20 min\); then its schedules apply again$/);
    expect(await db().select().from(events).where(eq(events.id, sent[0]!.id))).toHaveLength(1);
    expect(await deliveriesOf(sent[0]!.id)).toMatchObject([{ status: "delivered", attempts: 1 }]);
  }, 60_000);
});

describe("recommendation ready", () => {
  it("a new proposal is announced once; re-analysing the same data adds nothing; a material change is announced again", async () => {
    const t = await withWebhook();
    const now = await seedUsage(t.orgId, t.instanceId, "office-hours", "ready-office");
    const sent: EventMessage[] = [];
    await analyzeOrganization(capturingEnv(sent), t.orgId, now);
    expect(sent).toHaveLength(1);
    const [rec] = await db().select().from(recommendations).where(and(eq(recommendations.instanceId, t.instanceId), eq(recommendations.kind, "schedule")));
    expect(sent[0]).toMatchObject({ type: "recommendation.ready", instanceId: t.instanceId, causeKind: "system", detail: { recommendationId: rec!.id, monthlySavingsCents: 3379 } });

    await analyzeOrganization(capturingEnv(sent), t.orgId, now);
    await analyzeOrganization(capturingEnv(sent), t.orgId, now + HOUR);
    expect(sent).toHaveLength(1);

    // Dismissed, then the same proposal again: stays dismissed, says nothing.
    expect((await api(`/recommendations/${rec!.id}/dismiss`, { method: "POST", headers: bearer(t.owner) })).status).toBe(200);
    await analyzeOrganization(capturingEnv(sent), t.orgId, now + 2 * HOUR);
    expect(sent).toHaveLength(1);

    // The database's use changes (a nightly batch instead of office hours): a new proposal, reopened and announced.
    const later = await seedUsage(t.orgId, t.instanceId, "nightly-batch", "ready-nightly");
    await analyzeOrganization(capturingEnv(sent), t.orgId, later);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.id).not.toBe(sent[0]!.id);
    const [reopened] = await db().select().from(recommendations).where(eq(recommendations.id, rec!.id));
    expect(reopened!.status).toBe("open");

    // Delivered twice (queue redelivery): one message, with the projected savings.
    await deliverEvents([sent[1]!]);
    await deliverEvents([sent[1]!]);
    const got = await eventually(async () => {
      const r = await received(t.receiver);
      return r.length > 0 && r;
    });
    await pause(1500);
    expect(await received(t.receiver)).toHaveLength(1);
    expect(got[0]!.payload.type).toBe("recommendation.ready");
    expect(got[0]!.payload.data.recommendation).toMatchObject({ id: rec!.id, status: "open" });
    expect(got[0]!.payload.data.recommendation!.monthlySavingsCents).toBeGreaterThan(0);
    expect(got[0]!.payload.data.summary).toMatch(/^Schedule recommendation for orders-staging: .+ \(saves about \$\d+\.\d\d a month\)$/);
  }, 60_000);
});

describe("Block Kit for the new notifications", () => {
  const base: NotificationSubject = {
    type: "override.expiring",
    eventId: "evt_X",
    occurredAt: Date.UTC(2026, 10, 30, 17, 30),
    database: { id: "db_1", name: "orders-staging", provider: "aws", region: "eu-central-1", engine: "postgres", state: "running", hourlyMicros: 72_000 },
    cause: { kind: "user", id: null, label: null },
    reason: null,
    estimate: null,
    link: "https://app.snoozeql.test/databases/db_1",
    timeZone: "Europe/Berlin",
  };
  const buttons = (m: { blocks: Record<string, unknown>[] }) => m.blocks.flatMap((b) => (b.type === "actions" ? (b.elements as { action_id: string; value: string; text: { text: string }; url?: string }[]) : []));

  it("an expiring keep-awake offers 'Keep awake 2h more' for that override, and the database's link", () => {
    const m = notificationMessage({ ...base, override: { id: "ovr_1", kind: "keep_awake", until: Date.UTC(2026, 10, 30, 18, 0), reason: null, by: null } });
    expect(m.text).toBe("orders-staging is kept awake until 19:00 CET (in about 30 min); then its schedules apply again");
    expect(buttons(m).map((b) => [b.text.text, b.action_id, b.value])).toEqual([
      ["Keep awake 2h more", "extend_override_2h", "ovr_1"],
      ["Open in SnoozeQL", "open_dashboard", "db_1"],
    ]);
    expect(buttons(m)[1]!.url).toBe("https://app.snoozeql.test/databases/db_1");
  });

  it("a recommendation shows its projected monthly savings and 'Apply recommendation' while it is open, within Slack's limits", () => {
    const recommendation = { id: "rec_1", status: "open" as const, summary: "awake Mon–Fri 07:00–19:00 (UTC); asleep 108 h a week", monthlySavingsCents: 3379, confidencePercent: 91 };
    const m = notificationMessage({ ...base, type: "recommendation.ready", recommendation });
    expect(m.text).toBe("Schedule recommendation for orders-staging: awake Mon–Fri 07:00–19:00 (UTC); asleep 108 h a week (saves about $33.79 a month)");
    expect(JSON.stringify(m.blocks)).toContain("*Projected savings*\\n$33.79 a month");
    expect(buttons(m).map((b) => [b.action_id, b.value])).toEqual([
      ["apply_recommendation", "rec_1"],
      ["open_dashboard", "db_1"],
    ]);
    expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    const applied = notificationMessage({ ...base, type: "recommendation.ready", recommendation: { ...recommendation, status: "applied", summary: "x".repeat(5000), monthlySavingsCents: null } });
    expect(buttons(applied).map((b) => b.action_id)).toEqual(["open_dashboard"]);
    expect(JSON.stringify(applied.blocks)).toContain("unknown (no price yet)");
    for (const b of applied.blocks) if (b.type === "section" && b.text) expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(LIMITS.sectionText);
  });
});

describe("Slack buttons on the new notifications", () => {
  beforeAll(() => void useSimulatedSlack());

  it("'recommendation ready' reaches Slack; a viewer's 'Apply' is refused, an admin's applies it as the API does, audited and the message updated; a second press changes nothing", async () => {
    const t = await installedSlackApp();
    const now = await seedUsage(t.orgId, t.instanceId, "office-hours", `slack-${t.name}`);
    await analyzeOrganization(env as unknown as Env, t.orgId, now);
    const [rec] = await db().select().from(recommendations).where(and(eq(recommendations.instanceId, t.instanceId), eq(recommendations.kind, "schedule")));
    const posted = await waitFor(async () => (await slackMessages()).find((m) => m.via === "chat.postMessage" && String(m.text).startsWith(`Schedule recommendation for ${t.name}`)), 15_000);
    expect(posted.channel).toBe("C0SNOOZE");
    expect(JSON.stringify(posted.blocks)).toContain("Projected savings");
    expect(JSON.stringify(posted.blocks)).toContain(`"action_id":"apply_recommendation","value":"${rec!.id}"`);

    const viewer = await slackUser(t.orgId, "viewer");
    const refused = await responseTo(await pressButton(viewer.slackId, "apply_recommendation", rec!.id, String(posted.text)));
    expect(refused).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(refused.text)).toContain("Sorry, your SnoozeQL role (viewer) cannot apply recommendations");
    expect((await db().select().from(recommendations).where(eq(recommendations.id, rec!.id)))[0]!.status).toBe("open");

    const admin = await slackUser(t.orgId, "admin");
    const update = await responseTo(await pressButton(admin.slackId, "apply_recommendation", rec!.id, String(posted.text)));
    expect(update).toMatchObject({ replace_original: true });
    expect(String(update.text)).toContain(`Applied: created schedule`);
    expect(String(update.text)).toContain(`(by ${admin.email})`);
    const [applied] = await db().select().from(recommendations).where(eq(recommendations.id, rec!.id));
    expect(applied).toMatchObject({ status: "applied" });
    const [schedule] = await db().select().from(schedules).where(eq(schedules.id, applied!.appliedScheduleId!));
    expect(schedule).toMatchObject({ orgId: t.orgId, createdBy: admin.userId });
    const entries = await db().select().from(auditLog).where(eq(auditLog.orgId, t.orgId));
    for (const action of ["schedule.created", "recommendation.applied"]) {
      expect(entries.find((e) => e.action === action)).toMatchObject({ actorKind: "slack", actorId: admin.userId, actorLabel: `slack:${admin.slackId} (${admin.email})` });
    }

    const again = await responseTo(await pressButton(admin.slackId, "apply_recommendation", rec!.id));
    expect(again).toMatchObject({ response_type: "ephemeral", replace_original: false, text: "This recommendation is already applied." });
    expect(await db().select().from(schedules).where(eq(schedules.orgId, t.orgId))).toHaveLength(1);
  }, 60_000);

  it("a proposal dismissed in the dashboard is not applied from its old message", async () => {
    const t = await installedSlackApp();
    const now = await seedUsage(t.orgId, t.instanceId, "office-hours", `dismissed-${t.name}`);
    await analyzeOrganization(capturingEnv([]), t.orgId, now);
    const [rec] = await db().select().from(recommendations).where(and(eq(recommendations.instanceId, t.instanceId), eq(recommendations.kind, "schedule")));
    expect((await api(`/recommendations/${rec!.id}/dismiss`, { method: "POST", headers: bearer(t.admin) })).status).toBe(200);
    const admin = await slackUser(t.orgId, "admin");
    const reply = await responseTo(await pressButton(admin.slackId, "apply_recommendation", rec!.id));
    expect(reply).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(reply.text)).toContain("dismissed");
    expect((await db().select().from(recommendations).where(eq(recommendations.id, rec!.id)))[0]!.status).toBe("dismissed");
    expect(await db().select().from(schedules).where(eq(schedules.orgId, t.orgId))).toHaveLength(0);
  }, 60_000);

  it("'Keep awake 2h more' extends an expiring override to 2 hours past its end through the override path, and only the extension is announced next", async () => {
    const t = await installedSlackApp();
    const now = Date.now();
    const until = now + 25 * MIN;
    const expiring = await insertOverride(t.orgId, t.instanceId, { createdAt: now - HOUR, until });
    const operator = await slackUser(t.orgId, "operator");
    const update = await responseTo(await pressButton(operator.slackId, "extend_override_2h", expiring, `${t.name} is kept awake until …`));
    expect(update).toMatchObject({ replace_original: true });
    expect(String(update.text)).toContain(`${t.name} stays awake until`);
    const mine = await db().select().from(overrides).where(eq(overrides.instanceId, t.instanceId));
    const extension = mine.find((x) => x.id !== expiring)!;
    expect(extension).toMatchObject({ kind: "keep_awake", causeKind: "slack", causeId: operator.userId });
    expect(extension.until!.getTime()).toBe(until + 2 * HOUR);
    const [entry] = await db().select().from(auditLog).where(and(eq(auditLog.orgId, t.orgId), eq(auditLog.action, "override.created")));
    expect(entry).toMatchObject({ actorKind: "slack", actorId: operator.userId, targetId: t.instanceId });
    await eventually(async () => (await db().select().from(events).where(and(eq(events.instanceId, t.instanceId), eq(events.type, "override.created")))).length === 1);

    // The old override is outlasted: no "expiring" for it; the extension is announced near its own end.
    const sent: EventMessage[] = [];
    expect(await runOverrideExpiryTick(capturingEnv(sent), now)).toMatchObject({ emitted: 0 });
    await runOverrideExpiryTick(capturingEnv(sent), until + 2 * HOUR - OVERRIDE_EXPIRY_LEAD_MS);
    expect(sent.filter((e) => e.instanceId === t.instanceId).map((e) => e.detail?.overrideId)).toEqual([extension.id]);

    // A viewer cannot extend.
    const viewer = await slackUser(t.orgId, "viewer");
    const refused = await responseTo(await pressButton(viewer.slackId, "extend_override_2h", extension.id));
    expect(String(refused.text)).toContain("Sorry, your SnoozeQL role (viewer)");
    expect(await db().select().from(overrides).where(eq(overrides.instanceId, t.instanceId))).toHaveLength(2);
  }, 60_000);
});
