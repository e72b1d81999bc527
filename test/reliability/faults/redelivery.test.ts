// Redelivery: queues and alarms are at-least-once, so every consumer must be idempotent. The first
// twenty minutes of the compressed day (test/reliability/faults/day.ts: six databases stop at
// 00:00, two start at 00:05 and stop again at 00:15; ~10 alarms) run twice side by side, on the
// same clock: a reference organization whose messages flow once through the real queues, and one
// where EVERYTHING arrives twice — each alarm fires twice at its instant, each cron tick message is
// delivered twice in one batch and again in a second batch, each events batch the agent sends is
// consumed twice (as is, then with every message doubled), and each notification job the events
// consumer raises is consumed twice. Both organizations have a webhook integration (the
// simulator's receiver, which refuses a replayed webhook-id).
// The promise: the doubled organization ends exactly like the reference — the cloud performed each
// stop and start once, the same events (no copies), the same savings ledger, daily rollups,
// totals and organization rollups, and each notification delivered once.
//
// Broken on purpose (and restored), and what failed:
// - events insert without its idempotency — worker/queues/events.ts `insert` without
//   `.onConflictDoNothing()`: the doubled events batch fails as a whole and every message in it is
//   retried instead of acked (`deliverTwice` sees { acked: 0, retried: 10 }).
// Other ways to break it, and what they would hit (not tried): tick() without its `tickHandled`
// check runs a second pass per doubled tick (a second heartbeat event: the event story differs);
// a delivery without its lease sends a job twice (the receiver marks a "replayed" webhook-id).
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { inject } from "vitest";
import type { AccountAgent } from "../../../durable-objects/account-agent.ts";
import { deliveries, savingsDaily, savingsOrgDaily, savingsTotals, schedules } from "../../../worker/db/schema.ts";
import type { Env } from "../../../worker/env.ts";
import type { EventMessage } from "../../../worker/events/event.ts";
import { consumeAccountTicks } from "../../../worker/queues/account-ticks.ts";
import { consumeEvents } from "../../../worker/queues/events.ts";
import { consumeNotifications } from "../../../worker/queues/notifications.ts";
import { planTickMessages } from "../../../worker/ticks/cron-tick.ts";
import { api, bearer, tokenFor } from "../../helpers/auth.ts";
import { eventually } from "../../helpers/fixtures.ts";
import { actionCalls, calls, EXPECTED, instrument, ledger, names, nextAlarm, setSimClock, settle, setUpDay, virtualMonday, type DayRun } from "./day.ts";

const SIM = inject("simUrl");
const db = drizzle(env.DB);
const UNTIL_MIN = 20;

/** A batch of `bodies` on `queue` that records what the consumer did with each message. */
function batchOf(queue: string, bodies: unknown[]) {
  const outcome = { acked: 0, retried: 0 };
  const messages = bodies.map((body, i) => ({ id: `m-${i}-${crypto.randomUUID()}`, timestamp: new Date(), body, attempts: 1, ack: () => void outcome.acked++, retry: () => void outcome.retried++ }));
  const batch = { queue, messages, ackAll: () => void (outcome.acked += messages.length), retryAll: () => void (outcome.retried += messages.length) } as unknown as MessageBatch<unknown>;
  return { batch, outcome };
}

/** A webhook integration of the run's organization, to the simulator's receiver `name`. */
async function webhook(run: DayRun, name: string) {
  const headers = bearer(await tokenFor(run.orgId, "owner"));
  const res = await api("/integrations", { method: "POST", headers, body: JSON.stringify({ kind: "webhook", name: "Ops", url: `${SIM}/__sim/webhooks/${name}` }) });
  expect(res.status).toBe(201);
  const { id, secret } = await res.json<{ id: string; secret: string }>();
  await fetch(`${SIM}/__sim/webhooks/${name}`, { method: "PUT", body: JSON.stringify({ secrets: [secret], script: [] }) });
  return id;
}

const received = async (name: string) => (await (await fetch(`${SIM}/__sim/webhooks/${name}`)).json<{ received: { id: string; check: string; payload: { type: string } }[] }>()).received;

/** Everything the savings side holds for an organization, by database name. */
async function rollups(run: DayRun) {
  const byId = await names(run);
  // Schedule ids differ between the organizations: compare the schedules by name.
  const scheduleName = new Map((await db.select({ id: schedules.id, name: schedules.name }).from(schedules).where(eq(schedules.orgId, run.orgId))).map((r) => [r.id, r.name]));
  const daily = await db.select().from(savingsDaily).where(eq(savingsDaily.orgId, run.orgId));
  const totals = await db.select().from(savingsTotals).where(eq(savingsTotals.orgId, run.orgId));
  const org = await db.select().from(savingsOrgDaily).where(eq(savingsOrgDaily.orgId, run.orgId));
  return {
    daily: daily.map(({ orgId: _o, instanceId, causeId, ...r }) => ({ db: byId.get(instanceId), cause: scheduleName.get(causeId) ?? causeId, ...r })).sort((a, b) => `${a.db}${a.day}`.localeCompare(`${b.db}${b.day}`)),
    totals: totals.map(({ orgId: _o, instanceId, ...r }) => ({ db: byId.get(instanceId), ...r })).sort((a, b) => a.db!.localeCompare(b.db!)),
    org: org.map(({ orgId: _o, ...r }) => r),
  };
}

/** The run's events as an auditor reads them: database, type, instant, cause (ids are per organization). */
async function story(run: DayRun, rows: Awaited<ReturnType<typeof settle>>) {
  const byId = await names(run);
  return rows
    .filter((e) => e.type !== "instance.discovered")
    .map((e) => `${e.occurredAt.toISOString()} ${e.instanceId ? byId.get(e.instanceId) : "-"} ${e.type}`)
    .sort();
}

describe("every queue message and alarm delivered twice", () => {
  it("acts once, counts once and notifies once", async () => {
    const start = virtualMonday();
    const until = start + UNTIL_MIN * 60_000;
    const [reference, doubled] = await Promise.all([setUpDay("reference", start), setUpDay("doubled", start)]);
    const [refHook, dupHook] = [`ref-${crypto.randomUUID()}`, `dup-${crypto.randomUUID()}`];
    const [refIntegration, dupIntegration] = await Promise.all([webhook(reference, refHook), webhook(doubled, dupHook)]);

    // The doubled organization's events do not go to the queue: this test delivers them, twice.
    const eventBatches: EventMessage[][] = [];
    await instrument(doubled, (agent: AccountAgent) => {
      agent.sendEvents = async (batch) => {
        eventBatches.push(batch);
        doubled.sent.push(...batch.map((e) => e.id));
      };
    });
    // Events sent before the swap (discovery in setUpDay) went through the real queue already.
    const jobs: unknown[] = [];
    const capturingEnv = { ...env, NOTIFICATIONS: { send: async (body: unknown) => void jobs.push(body), sendBatch: async (msgs: { body: unknown }[]) => void jobs.push(...msgs.map((m) => m.body)) } } as unknown as Env;

    const deliverTwice = async (queue: string, bodies: unknown[], consume: (b: MessageBatch<unknown>) => Promise<void>) => {
      const once = batchOf(queue, bodies);
      await consume(once.batch);
      const twice = batchOf(queue, bodies.flatMap((b) => [b, b]));
      await consume(twice.batch);
      expect(once.outcome).toEqual({ acked: bodies.length, retried: 0 });
      expect(twice.outcome).toEqual({ acked: 2 * bodies.length, retried: 0 });
    };

    const drive = async (run: DayRun, twice: boolean) => {
      for (;;) {
        const at = await nextAlarm(run);
        if (at === null) throw new Error(`${run.label}: no alarm`);
        const next = Math.max(at, run.clock.now);
        if (next > until) return;
        run.clock.now = next;
        await setSimClock(run.cloud, next);
        await runDurableObjectAlarm(run.agent);
        if (!twice) continue;
        // The same alarm again, at the same instant, and the minute's cron tick twice over.
        await runInDurableObject(run.agent, (agent: AccountAgent) => agent.alarm());
        const ticks = planTickMessages([{ id: run.accountId, orgId: run.orgId }], next);
        await deliverTwice("account-ticks", ticks, (b) => consumeAccountTicks(b, env));
        // Everything the agent sent so far, consumed twice; then the notification jobs it raised.
        for (const batch of eventBatches.splice(0)) await deliverTwice("events", batch, (b) => consumeEvents(b, capturingEnv));
        const raised = jobs.splice(0);
        if (raised.length > 0) await deliverTwice("notifications", raised, (b) => consumeNotifications(b, env));
      }
    };
    // The reference gets the same cron ticks, once each, through the same consumer.
    const driveReference = async () => {
      for (;;) {
        const at = await nextAlarm(reference);
        const next = Math.max(at ?? Infinity, reference.clock.now);
        if (next > until) return;
        reference.clock.now = next;
        await setSimClock(reference.cloud, next);
        await runDurableObjectAlarm(reference.agent);
        const tick = batchOf("account-ticks", planTickMessages([{ id: reference.accountId, orgId: reference.orgId }], next));
        await consumeAccountTicks(tick.batch, env);
      }
    };
    await Promise.all([driveReference(), drive(doubled, true)]);

    // The cloud performed each transition once in both.
    const stops = Object.values(EXPECTED).flat().filter(([m, up]) => m <= UNTIL_MIN && !up).length;
    const starts = Object.values(EXPECTED).flat().filter(([m, up]) => m <= UNTIL_MIN && up).length;
    for (const run of [reference, doubled]) expect(actionCalls(await calls(run)), run.label).toEqual({ performedStops: stops, performedStarts: starts, hung: 0, refused: 0 });

    // The same events, no copies; the same ledger and rollups.
    const [refEvents, dupEvents] = await Promise.all([settle(reference), settle(doubled)]);
    expect(new Set(dupEvents.map((e) => e.id)).size).toBe(dupEvents.length);
    expect(await story(doubled, dupEvents)).toEqual(await story(reference, refEvents));
    const refLedger = await ledger(reference);
    expect(refLedger.filter((r) => r.until !== null).length).toBeGreaterThan(0);
    expect(await ledger(doubled)).toEqual(refLedger);
    expect(await rollups(doubled)).toEqual(await rollups(reference));

    // Each notification delivered once: one delivery row per event, each webhook-id received once.
    // The doubled org's jobs were consumed inline above; the reference's go through the real queue
    // and arrive over time, so wait until its deliveries are all in (and the same kinds as the
    // doubled org's): a doubled delivery never matches, and the wait times out.
    const dupRows = await db.select().from(deliveries).where(eq(deliveries.integrationId, dupIntegration));
    const dupReceived = await received(dupHook);
    expect(dupRows.length).toBeGreaterThan(0);
    expect(dupRows.every((r) => r.status === "delivered" && r.attempts === 1)).toBe(true);
    expect(dupReceived.map((r) => r.check)).toEqual(dupReceived.map(() => "verified"));
    expect(new Set(dupReceived.map((r) => r.id)).size).toBe(dupReceived.length);
    const kinds = (list: { payload: { type: string } }[]) => list.map((r) => r.payload.type).sort().join(",");
    let refReceived: Awaited<ReturnType<typeof received>> = [];
    await eventually(async () => {
      refReceived = await received(refHook);
      const rows = await db.select().from(deliveries).where(eq(deliveries.integrationId, refIntegration));
      return rows.length > 0 && rows.every((r) => r.status === "delivered") && refReceived.length === rows.length && kinds(refReceived) === kinds(dupReceived);
    }, 30_000).catch(() => undefined);
    expect(kinds(dupReceived)).toEqual(kinds(refReceived));
  });
});
