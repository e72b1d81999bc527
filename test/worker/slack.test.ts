// Slack: request signatures checked against vectors computed with Node's crypto (stale, tampered
// and foreign requests refused), the /snooze grammar, Block Kit within Slack's limits, and — with
// the simulator as Slack — the app install, a notification posted with chat.postMessage, and
// commands and buttons acting as the linked member (a viewer is refused), every action audited.
import { describe, expect, it, beforeAll } from "vitest";
import { env } from "cloudflare:workers";
import { inject } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import "../../worker/index.ts";
import { auditLog, events, overrides } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import { verifySlackRequest } from "../../worker/slack/signature.ts";
import { nextLocalTime, parseCommand } from "../../worker/slack/commands.ts";
import { LIMITS, notificationMessage } from "../../worker/slack/blocks.ts";
import { consumeNotifications } from "../../worker/queues/notifications.ts";
import { api, bearer, memberWithRole } from "../helpers/auth.ts";
import { installedSlackApp, nodeSign, signedPost, SIGNING_SECRET, slackMessages, slackUser, useSimulatedSlack, waitFor } from "../helpers/slack.ts";

const sim = inject("simUrl");

describe("Slack request signatures", () => {
  const now = 1_790_000_000;
  const body = "command=%2Fsnooze&text=status&team_id=T1";
  it("accepts Slack's v0 signature and refuses stale, tampered and foreign requests", async () => {
    const signature = nodeSign(SIGNING_SECRET, now, body);
    expect(await verifySlackRequest(SIGNING_SECRET, { timestamp: String(now), signature }, body, now + 10)).toEqual({ ok: true });
    expect((await verifySlackRequest(SIGNING_SECRET, { timestamp: String(now), signature }, body, now + 301)).ok).toBe(false);
    expect((await verifySlackRequest(SIGNING_SECRET, { timestamp: String(now), signature }, body.replace("status", "sleep"), now)).ok).toBe(false);
    expect((await verifySlackRequest(SIGNING_SECRET, { timestamp: String(now), signature: nodeSign("another-secret", now, body) }, body, now)).ok).toBe(false);
    expect((await verifySlackRequest(SIGNING_SECRET, { timestamp: null, signature }, body, now)).ok).toBe(false);
  });

  it("the endpoints answer 401 to an unsigned or replayed-too-late request", async () => {
    const ts = Math.floor(Date.now() / 1000) - 600;
    const res = await api("/slack/commands", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(ts), "x-slack-signature": nodeSign(SIGNING_SECRET, ts, body) }, body });
    expect(res.status).toBe(401);
    expect((await api("/slack/interactivity", { method: "POST", body: "payload=%7B%7D" })).status).toBe(401);
  });
});

describe("/snooze grammar", () => {
  const now = Date.UTC(2026, 10, 30, 9, 0);
  it("reads wake with a duration or a local time, and says what is wrong otherwise", () => {
    expect(parseCommand("wake orders-staging for 2h", now, "UTC")).toEqual({ kind: "wake", name: "orders-staging", keepAwakeUntil: now + 7_200_000 });
    expect(parseCommand("wake orders-staging until 18:00", now, "Europe/Berlin")).toEqual({ kind: "wake", name: "orders-staging", keepAwakeUntil: Date.UTC(2026, 10, 30, 17, 0) });
    expect(parseCommand("wake orders-staging", now, "UTC")).toEqual({ kind: "wake", name: "orders-staging", keepAwakeUntil: null });
    expect(parseCommand("status", now, "UTC")).toEqual({ kind: "status", name: null });
    expect(parseCommand("", now, "UTC")).toEqual({ kind: "help" });
    expect(parseCommand("skip", now, "UTC").kind).toBe("invalid");
    expect(parseCommand("wake db for 40d", now, "UTC").kind).toBe("invalid");
    expect(parseCommand("wake db until 25:00", now, "UTC").kind).toBe("invalid");
    expect(parseCommand("dance", now, "UTC").kind).toBe("invalid");
  });

  it("'until' is the next such wall-clock time, tomorrow when it has passed", () => {
    expect(nextLocalTime(Date.UTC(2026, 10, 30, 19, 0), "Europe/Berlin", 18, 0)).toBe(Date.UTC(2026, 11, 1, 17, 0));
    expect(nextLocalTime(Date.UTC(2026, 6, 1, 9, 0), "America/New_York", 18, 30)).toBe(Date.UTC(2026, 6, 1, 22, 30));
  });
});

describe("Block Kit", () => {
  it("keeps Slack's limits and neutralises mentions in names", () => {
    const message = notificationMessage({
      type: "database.stopped",
      eventId: "evt_1",
      occurredAt: 0,
      database: { id: "db_1", name: `<!channel> ${"x".repeat(5000)}`, provider: "aws", region: "us-east-1", engine: "postgres", state: "stopped", hourlyMicros: 410_000 },
      cause: { kind: "schedule", id: "sch_1", label: "Office hours" },
      reason: null,
      estimate: { wakeAt: 3_600_000 * 10, savedMicros: 4_100_000 },
      link: "https://app.snoozeql.test/databases/db_1",
    });
    const json = JSON.stringify(message.blocks);
    expect(json).not.toContain("<!channel>");
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    const section = message.blocks[0] as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(message.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    const actions = message.blocks.find((b) => b.type === "actions") as { elements: { action_id: string; value: string; url?: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual(["keep_awake_2h", "wake_now", "open_dashboard"]);
    expect(actions.elements[2]!.url).toBe("https://app.snoozeql.test/databases/db_1");
  });

  it("says what a sleep saves, in dollars from integer micro-dollars", () => {
    const message = notificationMessage({
      type: "database.stopped",
      eventId: "evt_1",
      occurredAt: 0,
      database: { id: "db_1", name: "orders-staging", provider: "aws", region: "us-east-1", engine: "postgres", state: "stopped", hourlyMicros: 410_000 },
      cause: { kind: "schedule", id: null, label: null },
      reason: null,
      estimate: { wakeAt: 36_000_000, savedMicros: 4_100_000 },
      link: null,
    });
    expect(message.text).toBe("orders-staging went to sleep (saves about $4.10 by the time it wakes)");
  });
});

describe("the Slack app against the simulated Slack", () => {
  beforeAll(() => void useSimulatedSlack());

  const installed = installedSlackApp;

  it("posts a notification with chat.postMessage to the workspace's channel", async () => {
    const t = await installed();
    const eventId = `evt_${newId("action").slice(4)}`;
    await drizzle(env.DB).insert(events).values({ id: eventId, orgId: t.orgId, instanceId: t.instanceId, type: "instance.stopped", causeKind: "user", occurredAt: new Date() });
    const seen = { acked: false };
    const message = { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: { orgId: t.orgId, integrationId: t.integrationId, eventId, type: "database.stopped" }, ack: () => void (seen.acked = true), retry: () => undefined };
    await consumeNotifications({ queue: "notifications", messages: [message], ackAll: () => undefined, retryAll: () => undefined } as unknown as MessageBatch<unknown>, env);
    expect(seen.acked).toBe(true);
    const posted = (await slackMessages()).filter((m) => m.via === "chat.postMessage" && String(m.text).startsWith(t.name));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ channel: "C0SNOOZE", text: `${t.name} went to sleep` });
    expect(JSON.stringify(posted[0]!.blocks)).toContain(`https://app.snoozeql.test/databases/${t.instanceId}`);
  });

  it("'Keep awake 2h' by an operator creates the override, audits the Slack user and updates the message", async () => {
    const t = await installed();
    const operator = await slackUser(t.orgId, "operator");
    const responseUrl = `${sim}/slack/response/${crypto.randomUUID()}`;
    const payload = { type: "block_actions", team: { id: "T0SIMDEMO" }, user: { id: operator.slackId }, response_url: responseUrl, actions: [{ action_id: "keep_awake_2h", value: t.instanceId }], message: { text: `${t.name} went to sleep` } };
    const res = await signedPost("/slack/interactivity", { payload: JSON.stringify(payload) });
    expect(res.status).toBe(200);
    const override = await waitFor(async () => (await drizzle(env.DB).select().from(overrides).where(eq(overrides.instanceId, t.instanceId)))[0]);
    expect(override).toMatchObject({ kind: "keep_awake", causeKind: "slack", causeId: operator.userId });
    expect(override.until!.getTime() - Date.now()).toBeGreaterThan(7_100_000);
    const update = await waitFor(async () => (await slackMessages()).find((m) => m.via === "response_url" && m.id === responseUrl.split("/").pop()));
    expect(update).toMatchObject({ replace_original: true });
    expect(String(update.text)).toContain("kept awake until");
    const [entry] = await drizzle(env.DB).select().from(auditLog).where(and(eq(auditLog.orgId, t.orgId), eq(auditLog.action, "override.created")));
    expect(entry).toMatchObject({ actorKind: "slack", actorId: operator.userId, actorLabel: `slack:${operator.slackId} (${operator.email})` });
  });

  it("a viewer's press is politely refused and changes nothing", async () => {
    const t = await installed();
    const viewer = await slackUser(t.orgId, "viewer");
    const responseUrl = `${sim}/slack/response/${crypto.randomUUID()}`;
    const payload = { type: "block_actions", team: { id: "T0SIMDEMO" }, user: { id: viewer.slackId }, response_url: responseUrl, actions: [{ action_id: "keep_awake_2h", value: t.instanceId }], message: { text: "x" } };
    expect((await signedPost("/slack/interactivity", { payload: JSON.stringify(payload) })).status).toBe(200);
    const reply = await waitFor(async () => (await slackMessages()).find((m) => m.via === "response_url" && m.id === responseUrl.split("/").pop()));
    expect(reply).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(reply.text)).toContain("Sorry, your SnoozeQL role (viewer)");
    expect(await drizzle(env.DB).select().from(overrides).where(eq(overrides.instanceId, t.instanceId))).toHaveLength(0);
  });

  it("/snooze answers at once and reports the deferred result through response_url", async () => {
    const t = await installed();
    const operator = await slackUser(t.orgId, "operator");
    const responseUrl = `${sim}/slack/response/${crypto.randomUUID()}`;
    const res = await signedPost("/slack/commands", { command: "/snooze", text: `skip ${t.name}`, team_id: "T0SIMDEMO", user_id: operator.slackId, response_url: responseUrl });
    expect(await res.json()).toEqual({ response_type: "ephemeral", text: "On it…" });
    const reply = await waitFor(async () => (await slackMessages()).find((m) => m.via === "response_url" && m.id === responseUrl.split("/").pop()));
    expect(String(reply.text)).toBe(`${t.name} will skip its next scheduled transition (by ${operator.email}).`);
    const help = await signedPost("/slack/commands", { command: "/snooze", text: "help", team_id: "T0SIMDEMO", user_id: operator.slackId, response_url: responseUrl });
    expect(String((await help.json<{ text: string }>()).text)).toContain("/snooze wake <db>");
    const stranger = await signedPost("/slack/commands", { command: "/snooze", text: "status", team_id: "T0SIMDEMO", user_id: "UNOBODY", response_url: `${sim}/slack/response/stranger-${t.orgId}` });
    expect(stranger.status).toBe(200);
    const refused = await waitFor(async () => (await slackMessages()).find((m) => m.via === "response_url" && m.id === `stranger-${t.orgId}`));
    expect(String(refused.text)).toContain("I don't know who you are");
  });

  it("an explicit link maps a Slack user whose Slack email differs", async () => {
    const t = await installed();
    const operator = await memberWithRole(t.orgId, "operator");
    const slackId = `U${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
    await fetch(`${sim}/__sim/slack/users`, { method: "PUT", body: JSON.stringify({ users: [{ id: slackId, email: "someone-else@personal.example" }] }) });
    const link = await api(`/integrations/${t.integrationId}/slack-links`, { method: "POST", headers: bearer(t.admin), body: JSON.stringify({ slackUserId: slackId, userId: operator.userId }) });
    expect(link.status).toBe(204);
    const responseUrl = `${sim}/slack/response/${crypto.randomUUID()}`;
    await signedPost("/slack/commands", { command: "/snooze", text: `wake ${t.name} for 30m`, team_id: "T0SIMDEMO", user_id: slackId, response_url: responseUrl });
    const reply = await waitFor(async () => (await slackMessages()).find((m) => m.via === "response_url" && m.id === responseUrl.split("/").pop()));
    expect(String(reply.text)).toContain(`(by ${operator.email})`);
  });

  it("refuses a response_url that is not Slack's", async () => {
    await installed();
    const res = await signedPost("/slack/commands", { command: "/snooze", text: "status", team_id: "T0SIMDEMO", user_id: "U1", response_url: "https://evil.example.com/hook" });
    expect(res.status).toBe(400);
  });
});
