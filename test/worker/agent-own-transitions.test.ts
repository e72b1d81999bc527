// A database SnoozeQL stopped is never recorded as changed outside SnoozeQL: a sync (or a routine
// discovery) that lists the account after the agent's stop was accepted but before the agent's own
// confirmation look saw it done still attributes the stop to the schedule that asked for it, in
// the events and in the savings ledger, and the stop is recorded once.
// The clocks: the agent's (`agent.clock`) and the simulator account's (stopped, `…/clock setTo`)
// move together; every pass is the agent's real pass.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { events, instances, savings } from "../../worker/db/schema.ts";
import { DISCOVERY_INTERVAL_MS } from "../../worker/reconcile/pass.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { eventually } from "../helpers/fixtures.ts";
import { sim, type SandboxAccount } from "../helpers/simulator.ts";
import { connectHeldAsleep } from "../helpers/held-asleep.ts";

const db = drizzle(env.DB);
const S = 1000;

/** One dev database in a fresh simulator account, connected and discovered, and a schedule holding it asleep. */
async function setUp(durations: "realistic" | "instant") {
  const cloud = await sim<SandboxAccount>("/aws/accounts", "POST", { regions: ["us-east-1"], durations });
  await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", id: "app-dev", tags: { env: "dev" } });
  const { orgId } = await createOrgDirect("Own transitions");
  const headers = bearer(await tokenFor(orgId, "owner"));
  const { agent, accountId, instanceId, scheduleId, at, pending: pendingOf } = await connectHeldAsleep(cloud, orgId, headers);
  const pending = () => pendingOf(instanceId("app-dev"));
  return { cloud, orgId, accountId, agent, id: instanceId("app-dev"), scheduleId, at, pending };
}

/** The events recorded for a database (once the queue consumer has stored `until`'s type). */
async function eventsOf(instanceId: string, until: string) {
  return eventually(async () => {
    const rows = await db.select().from(events).where(eq(events.instanceId, instanceId));
    return rows.some((r) => r.type === until) && rows.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  });
}

/** Events saying the database reached "stopped" (not the request for it). */
const stopsOf = (rows: Awaited<ReturnType<typeof eventsOf>>) => rows.filter((r) => r.toState === "stopped" && r.type !== "instance.stop_requested");

describe("a stop SnoozeQL made, seen by a discovery before the agent's confirmation look", () => {
  it("a sync while the stop is in flight: the stop is the schedule's, recorded once, and its sleep saves for the schedule", { timeout: 60_000 }, async () => {
    const s = await setUp("realistic");
    const t0 = Date.now() + 5 * S;
    await s.at(t0);
    const stopped = await s.agent.runNow();
    expect(stopped?.acted).toEqual([expect.objectContaining({ action: "stop", ok: true })]);
    expect(await s.pending()).toMatchObject({ target: "stopped", causeKind: "schedule", causeId: s.scheduleId });
    // RDS finishes stopping (240 s); a sync asked for through the API arrives before the agent's look.
    const syncAt = t0 + 300 * S;
    expect(stopped!.wake!.at).toBeLessThan(syncAt); // the look was due; the sync came first anyway
    await s.at(syncAt);
    await s.agent.tick({ accountId: s.accountId, orgId: s.orgId, tickId: `sync-${crypto.randomUUID()}`, scheduledAt: syncAt, reason: "sync" });
    expect(await s.pending()).toBeNull();

    const rows = await eventsOf(s.id, "instance.stopped");
    const stops = stopsOf(rows);
    expect(stops.map((e) => ({ type: e.type, causeKind: e.causeKind, causeId: e.causeId }))).toEqual([{ type: "instance.stopped", causeKind: "schedule", causeId: s.scheduleId }]);
    expect(rows.filter((e) => e.causeKind === "cloud" && e.type !== "instance.discovered")).toEqual([]);
    const [row] = await db.select().from(instances).where(eq(instances.id, s.id));
    expect(row!.state).toBe("stopped");
    const [sleep] = await eventually(async () => {
      const r = await db.select().from(savings).where(and(eq(savings.instanceId, s.id), eq(savings.orgId, s.orgId)));
      return r.length > 0 && r;
    });
    expect({ causeKind: sleep!.causeKind, causeId: sleep!.causeId }).toEqual({ causeKind: "schedule", causeId: s.scheduleId });
  });

  it("a routine discovery in the pass that made the stop, when the cloud stops at once: the stop is the schedule's, recorded once", { timeout: 60_000 }, async () => {
    const s = await setUp("instant");
    // Discovery is due again (routine: after the calls, in the same pass).
    const t0 = Date.now() + DISCOVERY_INTERVAL_MS + S;
    await s.at(t0);
    const report = await s.agent.runNow();
    expect(report?.acted).toEqual([expect.objectContaining({ action: "stop", ok: true })]);
    expect(report?.discovery).toMatchObject({ ok: true, databases: 1 });
    await s.at(report!.wake!.at);
    await s.agent.runNow();
    expect(await s.pending()).toBeNull();

    const rows = await eventsOf(s.id, "instance.stopped");
    expect(stopsOf(rows).map((e) => ({ type: e.type, causeKind: e.causeKind, causeId: e.causeId }))).toEqual([{ type: "instance.stopped", causeKind: "schedule", causeId: s.scheduleId }]);
    expect(rows.filter((e) => e.causeKind === "cloud" && e.type !== "instance.discovered")).toEqual([]);
  });
});
