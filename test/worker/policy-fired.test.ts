// "Policy fired": every firing of a policy that acted (stopped a database, changed its capacity,
// or only notifies) or, in dry run, would have acted reaches its subscribers once — however often
// the agent evaluates again within the cooldown and however often a queue redelivers — saying which
// policy, what it did or would have done and the metric values that triggered it. A blocked firing
// (nothing was done) is kept in the policy's history, not sent.
import { beforeAll, describe, expect, it } from "vitest";
import { env, runInDurableObject } from "cloudflare:test";
import { inject } from "vitest";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import worker from "../../worker/index.ts";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { AgentStorage } from "../../durable-objects/agent/storage.ts";
import { deliveries, events } from "../../worker/db/schema.ts";
import type { EventMessage } from "../../worker/events/event.ts";
import { LIMITS, notificationMessage } from "../../worker/slack/blocks.ts";
import type { NotificationSubject } from "../../worker/notifications/subject.ts";
import { NOTIFICATION_TYPES } from "../../worker/notifications/vocabulary.ts";
import { announcedFirings, firedDetail, firedHeadline } from "../../worker/policies/fired.ts";
import type { PolicyRecord } from "../../worker/policies/act.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { eventually } from "../helpers/fixtures.ts";
import { IDLE_STOP } from "../helpers/policies.ts";
import { finishBackfill } from "../helpers/metrics.ts";
import { connectSandbox, sim as simCall, type SandboxAccount } from "../helpers/simulator.ts";

const sim = inject("simUrl");
const db = () => drizzle(env.DB);
const HOUR = 3_600_000;

interface Received {
  payload: {
    type: string;
    data: {
      eventId: string;
      summary: string;
      database: { id: string; name: string } | null;
      cause: { kind: string; id: string | null };
      policy: {
        id: string;
        name: string;
        dryRun: boolean;
        outcome: string;
        did: string;
        evidence: { metric: string; operator: string; threshold: number; hours: number; highest: number | null; holds: boolean; text: string }[];
        link: string | null;
      } | null;
    };
  };
}

const received = async (receiver: string) =>
  (await (await fetch(`${sim}/__sim/webhooks/${receiver}`)).json<{ received: Received[] }>()).received.filter((r) => r.payload.type === "policy.fired");
const slackGot = async (path: string) =>
  (await (await fetch(`${sim}/__sim/slack/messages`)).json<{ messages: { path?: string; text?: string; blocks?: Record<string, unknown>[] }[] }>()).messages.filter((m) => m.path === path);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

let messageCounter = 0;
/** Hands events to the real events consumer again (a redelivery): it stores them and fans out. */
async function redeliver(batch: EventMessage[]) {
  const ctx = createExecutionContext();
  const messages = createMessageBatch<unknown>("events", batch.map((body) => ({ id: `pf-msg-${++messageCounter}`, timestamp: new Date(), attempts: 2, body })));
  await worker.queue(messages, env, ctx);
  return getQueueResult(messages, ctx);
}

/**
 * An AWS sandbox with an idle and a busy database, an organization subscribed to "policy fired"
 * by webhook and by Slack incoming webhook, these policies, connected and run once.
 */
async function sandbox(policies: Record<string, unknown>[]) {
  const cloud = await simCall<SandboxAccount>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "instant" });
  for (const [id, usage] of [["idle", "always-idle"], ["busy", "always-busy"]]) {
    await simCall(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", id, tags: { env: "dev" }, usage });
  }
  const { orgId } = await createOrgDirect("Fired");
  const headers = bearer(await tokenFor(orgId, "owner"));
  const receiver = `pf-${crypto.randomUUID()}`;
  const hook = await api("/integrations", { method: "POST", headers, body: JSON.stringify({ kind: "webhook", name: "Ops", url: `${sim}/__sim/webhooks/${receiver}`, eventTypes: ["policy.fired"] }) });
  expect(hook.status).toBe(201);
  await fetch(`${sim}/__sim/webhooks/${receiver}`, { method: "PUT", body: JSON.stringify({ secrets: [(await hook.json<{ secret: string }>()).secret], script: [] }) });
  const slackPath = `/services/T0SIMDEMO/B0POLICY/${crypto.randomUUID().slice(0, 8)}`;
  const slack = await api("/integrations", { method: "POST", headers, body: JSON.stringify({ kind: "slack_webhook", name: "Slack #ops", url: `${sim}${slackPath}`, eventTypes: ["policy.fired"] }) });
  expect(slack.status).toBe(201);
  const policyIds: string[] = [];
  for (const p of policies) policyIds.push(await addPolicy(headers, p));
  const { agent, instanceId } = await connectSandbox(cloud, orgId, headers, ["us-east-1"]);
  /** The next collection and the policies after it (the backfill's older days, which the policies do not look at, read before it). */
  const collectAgain = async () => {
    await finishBackfill(agent);
    await runInDurableObject(agent, (_: AccountAgent, state) => void new AgentStorage(state.storage).remember("metrics_due_at", "0"));
    await agent.runNow();
  };
  return { orgId, headers, receiver, slackPath, policyIds, instanceId, collectAgain };
}

async function addPolicy(headers: Record<string, string>, p: Record<string, unknown>) {
  const res = await api("/policies", { method: "POST", headers, body: JSON.stringify(p) });
  expect(res.status).toBe(201);
  return (await res.json<{ id: string }>()).id;
}

const firedEvents = (orgId: string) => db().select().from(events).where(and(eq(events.orgId, orgId), eq(events.type, "policy.fired")));
const history = async (headers: Record<string, string>, policyId: string) => (await (await api(`/policies/${policyId}/history`, { headers })).json<{ data: { outcome: string }[] }>()).data;

describe("the event type", () => {
  it("is offered for subscription now that policies emit it", async () => {
    expect(NOTIFICATION_TYPES["policy.fired"].coming).toBe(false);
    const { orgId } = await createOrgDirect("Types");
    const { data } = await (await api("/integrations/event-types", { headers: bearer(await tokenFor(orgId, "viewer")) })).json<{ data: { type: string; coming: boolean }[] }>();
    expect(data.find((t) => t.type === "policy.fired")).toMatchObject({ coming: false });
  }, 60_000);
});

describe("policy fired, from the agent to the subscribers", { timeout: 120_000 }, () => {
  beforeAll(() => void Object.assign(env, { SLACK_WEBHOOK_ORIGIN: sim, PUBLIC_URL: "https://app.snoozeql.test" }));

  it("a stop and a dry run on the idle database are each announced once (not for the busy one), not again on re-evaluation or redelivery; a later notify-only policy is, a blocked one is not", async () => {
    const s = await sandbox([
      { ...IDLE_STOP, name: "Idle stop" },
      { ...IDLE_STOP, name: "Trial idle stop", dryRun: true },
    ]);
    const [stopId, dryId] = s.policyIds;
    const idle = s.instanceId("idle");
    const first = await eventually(async () => {
      const got = await received(s.receiver);
      return got.length >= 2 && got;
    });
    expect(first.map((r) => r.payload.data.database?.id)).toEqual([idle, idle]);
    const byPolicy = new Map(first.map((r) => [r.payload.data.policy!.id, r.payload.data]));
    const acted = byPolicy.get(stopId!)!;
    const dry = byPolicy.get(dryId!)!;
    expect(acted.policy).toMatchObject({ name: "Idle stop", dryRun: false, outcome: "acted", did: "stopped idle", link: "https://app.snoozeql.test/policies" });
    expect(acted.cause).toEqual({ kind: "policy", id: stopId });
    expect(acted.summary).toMatch(/^Policy “Idle stop” stopped idle: connections max ≤ 0 for 2h \(highest \d+(\.\d+)?\); cpu max < 5 for 2h \(highest \d+(\.\d+)?\)$/);
    expect(dry.policy).toMatchObject({ name: "Trial idle stop", dryRun: true, outcome: "would_act", did: "would have stopped idle" });
    expect(dry.summary).toMatch(/^Policy “Trial idle stop” would have stopped idle \(dry run\): connections/);
    // The metric values that triggered it: both rules held over 2 complete hours, under their thresholds.
    expect(acted.policy!.evidence.map((e) => [e.metric, e.hours, e.holds])).toEqual([["connections", 2, true], ["cpu", 2, true]]);
    const cpu = acted.policy!.evidence.find((e) => e.metric === "cpu")!;
    expect(cpu.highest).not.toBeNull();
    expect(cpu.highest!).toBeLessThan(5);
    expect(cpu.text).toBe(`cpu max < 5 for 2h (highest ${Number.isInteger(cpu.highest) ? cpu.highest : cpu.highest!.toFixed(2).replace(/0+$/, "")})`);

    // Slack got the same two, in Block Kit with the evidence and both links.
    const slackMessages = await eventually(async () => {
      const got = await slackGot(s.slackPath);
      return got.length >= 2 && got;
    });
    const stopMessage = slackMessages.find((m) => m.text?.startsWith("Policy “Idle stop”"))!;
    const blocks = JSON.stringify(stopMessage.blocks);
    expect(blocks).toContain("*Policy* Idle stop · Acted");
    expect(blocks).toContain("https://app.snoozeql.test/policies");
    expect(blocks).toContain(`https://app.snoozeql.test/databases/${idle}`);
    expect(JSON.stringify(slackMessages.find((m) => m.text?.startsWith("Policy “Trial idle stop”"))!.blocks)).toContain("Dry run: nothing was changed");

    // Evaluating again within the cooldown, and the events consumer receiving the events again, add nothing.
    await s.collectAgain();
    const stored = await firedEvents(s.orgId);
    expect(stored).toHaveLength(2);
    const result = await redeliver(stored.map((e) => ({ ...e, occurredAt: e.occurredAt.getTime() }) as EventMessage));
    expect(result.explicitAcks.length).toBe(2);
    await pause(1500);
    expect(await received(s.receiver)).toHaveLength(2);
    expect(await slackGot(s.slackPath)).toHaveLength(2);
    for (const e of stored) expect((await db().select().from(deliveries).where(eq(deliveries.eventId, e.id))).map((d) => d.status)).toEqual(["delivered", "delivered"]);

    // Positive control: a notify-only policy added now fires on the next evaluation and is announced;
    // a stop policy added with it is blocked (the database is already stopped) and is not.
    const notifyId = await addPolicy(s.headers, { ...IDLE_STOP, name: "Tell us", actions: [{ type: "notify" }] });
    const blockedId = await addPolicy(s.headers, { ...IDLE_STOP, name: "Late stop" });
    await s.collectAgain();
    const later = await eventually(async () => {
      const got = await received(s.receiver);
      return got.length >= 3 && got;
    });
    await pause(1000);
    expect((await received(s.receiver)).map((r) => r.payload.data.policy!.id).sort()).toEqual([stopId, dryId, notifyId].sort());
    expect(later.find((r) => r.payload.data.policy!.id === notifyId)!.payload.data.summary).toMatch(/^Policy “Tell us” fired on idle: /);
    expect(await history(s.headers, blockedId)).toMatchObject([{ outcome: "blocked" }]);
    expect(await firedEvents(s.orgId)).toHaveLength(3);
  });
});

describe("what a firing says (pure)", () => {
  const verdict = {
    fires: true,
    reason: "the rules held",
    rulesHold: true,
    window: "none" as const,
    cooldownUntil: null,
    rules: [
      { metric: "cpu" as const, operator: "lt" as const, threshold: 5, statistic: "max" as const, duration: "2h", hours: [{ hourStart: 0, value: 3.14159 }, { hourStart: HOUR, value: 1 }], holds: true },
      { metric: "connections" as const, operator: "gt" as const, threshold: 10, statistic: "min" as const, duration: "1h", hours: [{ hourStart: HOUR, value: null }], holds: false },
    ],
  };
  const record = (outcome: PolicyRecord["outcome"], dryRun: boolean, actions: PolicyRecord["actions"] = [{ type: "stop" }]): PolicyRecord => ({ policyId: "pol_1", policyName: "Idle", instanceId: "db_1", outcome, dryRun, actions, reason: "", verdict });

  it("announces acted and would-act firings, never blocked ones", () => {
    const records = [record("acted", false), record("would_act", true), record("blocked", false)];
    expect(announcedFirings(records).map((r) => r.outcome)).toEqual(["acted", "would_act"]);
  });

  it("says what it did or would have done, and the values of the rules that held", () => {
    const detail = (r: PolicyRecord) => firedDetail(r as PolicyRecord & { outcome: "acted" | "would_act" });
    expect(firedHeadline(detail(record("acted", false)), "orders-staging")).toBe("Policy “Idle” stopped orders-staging: cpu max < 5 for 2h (highest 3.14)");
    expect(firedHeadline(detail(record("would_act", true)), "orders-staging")).toBe("Policy “Idle” would have stopped orders-staging (dry run): cpu max < 5 for 2h (highest 3.14)");
    const capacity = record("acted", false, [{ type: "set_capacity", minAcu: 0.5, maxAcu: 2 }, { type: "notify" }]);
    expect(firedHeadline(detail(capacity), "sv2")).toBe("Policy “Idle” set sv2's capacity to 0.5–2 ACU: cpu max < 5 for 2h (highest 3.14)");
    expect(firedHeadline(firedDetail(capacity as PolicyRecord & { outcome: "acted" }, "ThrottlingException"), "sv2")).toBe(
      "Policy “Idle” tried to set sv2's capacity to 0.5–2 ACU (the cloud refused: ThrottlingException): cpu max < 5 for 2h (highest 3.14)",
    );
    // A rule with an hour without data has no lowest/highest: nothing is invented.
    expect(detail(record("acted", false)).evidence[1]).toMatchObject({ metric: "connections", lowest: null, highest: null, latest: null, holds: false });
  });

  it("in Slack: the policy, the evidence, 'Open policies' and the database, within Slack's limits even with ten rules and a long name", () => {
    const many = { ...verdict, rules: Array.from({ length: 10 }, (_, i) => ({ ...verdict.rules[0]!, threshold: i + 1 })) };
    const r = { ...record("acted", false), policyName: "<!channel> ".repeat(40), verdict: many } as PolicyRecord & { outcome: "acted" };
    const subject: NotificationSubject = {
      type: "policy.fired",
      eventId: "evt_P",
      occurredAt: Date.UTC(2026, 10, 30, 3, 0),
      database: { id: "db_1", name: "orders-staging", provider: "aws", region: "eu-central-1", engine: "postgres", state: "stopped", hourlyMicros: 72_000 },
      cause: { kind: "policy", id: "pol_1", label: null },
      reason: null,
      estimate: null,
      link: "https://app.snoozeql.test/databases/db_1",
      policy: { ...firedDetail(r), link: "https://app.snoozeql.test/policies" },
    };
    const m = notificationMessage(subject);
    expect(m.text.startsWith("Policy “<!channel>")).toBe(true);
    expect(JSON.stringify(m.blocks)).not.toContain("<!channel>");
    const context = m.blocks.find((b) => b.type === "context") as { elements: { text: string }[] };
    expect(context.elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
    expect(context.elements.at(-1)!.text).toBe("and 2 more rules");
    const buttons = m.blocks.flatMap((b) => (b.type === "actions" ? (b.elements as { action_id: string; url?: string; text: { text: string } }[]) : []));
    expect(buttons.map((b) => [b.text.text, b.url])).toEqual([
      ["Open policies", "https://app.snoozeql.test/policies"],
      ["Open in SnoozeQL", "https://app.snoozeql.test/databases/db_1"],
    ]);
    for (const b of m.blocks) if (b.type === "section" && b.text) expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  });
});
