// A database SnoozeQL stopped is stopped once: when the cloud's own record of that stop (RDS's
// "DB instance stopped" event) is read back from the power history minutes later, the audit trail
// does not show the stop a second time as done by the cloud, and a webhook subscribed to
// "database.stopped" hears of it once. A stop someone else makes in the same account, read in the
// same history, is still recorded as the cloud's and still notified.
// The clocks: the agent's (`agent.clock`) and the simulator account's (stopped, `…/clock setTo`)
// move together, a few seconds ahead of the real clock at most: the provider reads the history up
// to the real now, so the test waits for the real clock to pass the records it expects. Every pass
// is the agent's real pass, every event goes through the real events consumer and notifications
// queue to the simulator's webhook receiver.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { providerFor } from "../../worker/cloud/index.ts";
import { events } from "../../worker/db/schema.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { eventually } from "../helpers/fixtures.ts";
import { SIM, sim, type SandboxAccount } from "../helpers/simulator.ts";
import { connectHeldAsleep } from "../helpers/held-asleep.ts";

const db = drizzle(env.DB);
const S = 1000;

interface Received {
  payload: { type: string; data: { eventId: string; database: { id: string } | null } };
}

/**
 * A simulator account with app-dev (held asleep by a schedule) and reports-prod (no schedule),
 * connected and discovered, and a webhook subscribed to "database.stopped".
 */
async function setUp(durations: "dev" | "instant") {
  const cloud = await sim<SandboxAccount>("/aws/accounts", "POST", { regions: ["us-east-1"], durations });
  await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", id: "app-dev", tags: { env: "dev" } });
  await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", id: "reports-prod", tags: { env: "prod" } });
  const { orgId } = await createOrgDirect("Own history");
  const headers = bearer(await tokenFor(orgId, "owner"));
  const receiver = `own-history-${crypto.randomUUID()}`;
  const hook = await api("/integrations", { method: "POST", headers, body: JSON.stringify({ kind: "webhook", name: "Ops", url: `${SIM}/__sim/webhooks/${receiver}`, eventTypes: ["database.stopped"] }) });
  expect(hook.status).toBe(201);
  await fetch(`${SIM}/__sim/webhooks/${receiver}`, { method: "PUT", body: JSON.stringify({ secrets: [(await hook.json<{ secret: string }>()).secret], script: [] }) });
  const { agent, accountId, instanceId, scheduleId, at, pending: pendingOf } = await connectHeldAsleep(cloud, orgId, headers);
  const pending = () => pendingOf(instanceId("app-dev"));
  /** Someone stops reports-prod with their own tools (the account's API, not SnoozeQL). */
  const outsideStop = () =>
    providerFor({ provider: "aws", authKind: "access_keys", regions: ["us-east-1"], endpoint: SIM, accessKeyId: cloud.accessKeyId, secretAccessKey: cloud.secretAccessKey }).stop({ kind: "rds_instance", externalId: "reports-prod", region: "us-east-1" });
  /** "database.stopped" messages the webhook received, by database, once `control` has one (they are sent in the same batch or before). */
  const stoppedMessages = async (control: string) =>
    eventually(async () => {
      const got = (await (await fetch(`${SIM}/__sim/webhooks/${receiver}`)).json<{ received: Received[] }>()).received.filter((r) => r.payload.type === "database.stopped");
      return got.some((r) => r.payload.data.database?.id === control) && got;
    });
  return { cloud, orgId, accountId, agent, app: instanceId("app-dev"), reports: instanceId("reports-prod"), scheduleId, at, pending, outsideStop, stoppedMessages };
}

/** The events recorded for a database, once one of `type` and `causeKind` is stored. */
async function eventsOf(instanceId: string, type: string, causeKind: string) {
  return eventually(async () => {
    const rows = await db.select().from(events).where(eq(events.instanceId, instanceId));
    return rows.some((r) => r.type === type && r.causeKind === causeKind) && rows.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  });
}

/** The provider reads the cloud's records up to the real now. */
async function untilRealClockPasses(at: number) {
  while (Date.now() <= at) await new Promise((r) => setTimeout(r, Math.min(500, at - Date.now() + 10)));
}

const stopsOf = (rows: Awaited<ReturnType<typeof eventsOf>>) =>
  rows.filter((r) => r.type === "instance.stopped").map((e) => ({ type: e.type, causeKind: e.causeKind, causeId: e.causeId }));

describe("the cloud's record of a stop SnoozeQL made, read back from the power history", () => {
  it("after the agent confirmed the stop: the stop is the schedule's, recorded once, notified once; an outside stop in the same read is the cloud's", { timeout: 90_000 }, async () => {
    const s = await setUp("instant");
    const t0 = Date.now() + 1 * S;
    await s.at(t0);
    const stopped = await s.agent.runNow();
    expect(stopped?.acted).toEqual([expect.objectContaining({ action: "stop", ok: true })]);
    expect(stopped?.discovery).toBeUndefined(); // no history read yet
    // Someone stops reports-prod with their own tools, a second later.
    await s.at(t0 + 1 * S);
    await s.outsideStop();
    // The agent's confirmation look (no discovery, so no history read, in it).
    await s.at(stopped!.wake!.at);
    const confirmed = await s.agent.runNow();
    expect(confirmed?.discovery).toBeUndefined();
    expect(await s.pending()).toBeNull();
    await eventsOf(s.app, "instance.stopped", "schedule");

    // A sync: discovery reads the power history, RDS's events for both stops.
    await untilRealClockPasses(t0 + 2 * S);
    await s.at(stopped!.wake!.at + 2 * S);
    const synced = await s.agent.runNow({ forceDiscovery: true });
    expect(synced?.discovery).toMatchObject({ ok: true, databases: 2 });

    const outside = await eventsOf(s.reports, "instance.stopped", "cloud");
    const messages = await s.stoppedMessages(s.reports);
    const rows = await eventsOf(s.app, "instance.stopped", "schedule");
    expect(stopsOf(rows)).toEqual([{ type: "instance.stopped", causeKind: "schedule", causeId: s.scheduleId }]);
    expect(rows.filter((e) => e.causeKind === "cloud" && e.type !== "instance.discovered")).toEqual([]);
    expect(messages.filter((m) => m.payload.data.database?.id === s.app)).toHaveLength(1);
    expect(messages.filter((m) => m.payload.data.database?.id === s.reports)).toHaveLength(1);
  });

  it("while the stop is still in flight (a sync reads the history before the agent's look): the record is the stop's confirmation, recorded once, notified once", { timeout: 90_000 }, async () => {
    const s = await setUp("dev"); // RDS stops in 4 s, the agent looks in its own time (minutes)
    const t0 = Date.now() + 1 * S;
    await s.at(t0);
    const stopped = await s.agent.runNow();
    expect(stopped?.acted).toEqual([expect.objectContaining({ action: "stop", ok: true })]);
    // Someone stops reports-prod; both stops are done and recorded by RDS; a sync reads the history
    // while the agent's look at its stop is not yet due.
    await s.at(t0 + 2 * S);
    await s.outsideStop();
    const syncAt = t0 + 8 * S;
    await untilRealClockPasses(syncAt);
    await s.at(syncAt);
    expect(await s.pending()).toMatchObject({ target: "stopped", causeKind: "schedule" }); // its look is minutes away
    const synced = await s.agent.runNow({ forceDiscovery: true });
    expect(synced?.discovery).toMatchObject({ ok: true, databases: 2 });

    await eventsOf(s.reports, "instance.stopped", "cloud");
    const messages = await s.stoppedMessages(s.reports);
    const rows = await eventsOf(s.app, "instance.stopped", "schedule");
    expect(stopsOf(rows)).toEqual([{ type: "instance.stopped", causeKind: "schedule", causeId: s.scheduleId }]);
    expect(rows.filter((e) => e.causeKind === "cloud" && e.type !== "instance.discovered")).toEqual([]);
    expect(messages.filter((m) => m.payload.data.database?.id === s.app)).toHaveLength(1);
  });
});
