// A timed action's alarm rings early and the calls still leave at the instant: the agent arms its
// alarm ACTION_LEAD_MS before a schedule's transition, reads D1 and readies its client then, waits
// for the instant, and runs the pass at it — the stops reach the cloud at the due instant, never
// before it, and their events carry that instant. A manual action in between is not held up.
// The clocks: the agent's (`agent.clock`) and the simulator account's (stopped, `…/clock setTo`)
// move together; the agent's wait (`agent.sleep`) advances them instead of real time.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { AgentStorage } from "../../durable-objects/agent/storage.ts";
import { events, instances } from "../../worker/db/schema.ts";
import { ACTION_LEAD_MS, alarmFor } from "../../worker/reconcile/pass.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { eventually } from "../helpers/fixtures.ts";
import { connectSandbox, sim, tomorrow, type SandboxAccount } from "../helpers/simulator.ts";

const WAVE = ["pay-dev", "cart-dev"];
type Call = { seq: number; op: string; at: string; status: number };

describe("alarmFor", () => {
  const now = Date.parse("2026-12-01T10:00:00Z");
  it("rings a timed action's alarm early and holds the pass until its instant", () => {
    for (const reason of ["schedule-transition", "maintenance-window", "override-ends", "capacity-window"] as const) {
      expect(alarmFor({ at: now + 60_000, reason }, now)).toEqual({ ringAt: now + 60_000 - ACTION_LEAD_MS, holdUntil: now + 60_000 });
    }
  });
  it("rings any other wake at its time, and a timed one too close to ring early", () => {
    for (const reason of ["discovery", "poll-transition", "confirm-action", "queued-actions", "metrics", "history-backfill", "heartbeat"] as const) {
      expect(alarmFor({ at: now + 60_000, reason }, now)).toEqual({ ringAt: now + 60_000, holdUntil: null });
    }
    expect(alarmFor({ at: now + ACTION_LEAD_MS, reason: "schedule-transition" }, now)).toEqual({ ringAt: now + ACTION_LEAD_MS, holdUntil: null });
  });
});

async function setUp() {
  const cloud = await sim<SandboxAccount>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "dev" });
  for (const id of WAVE) await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", id, tags: { env: "dev" } });
  const { orgId } = await createOrgDirect("Early alarm");
  const headers = bearer(await tokenFor(orgId, "owner"));
  const { agent, accountId } = await connectSandbox(cloud, orgId, headers, ["us-east-1"]);
  const asleep = { name: "Asleep tomorrow", timezone: "UTC", periods: [], exceptions: [{ from: tomorrow(), to: tomorrow(), state: "stopped", reason: "test" }], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] } };
  expect((await api("/schedules", { method: "POST", headers, body: JSON.stringify(asleep) })).status).toBe(201);
  const clock = { now: 0 };
  const waits: number[] = [];
  const setClock = async (at: number) => {
    clock.now = at;
    await sim(`/aws/accounts/${cloud.accountId}/clock`, "POST", { setTo: at });
  };
  await runInDurableObject(agent, (instance: AccountAgent) => {
    instance.clock = () => clock.now;
    instance.sleep = async (ms: number) => {
      waits.push(ms);
      await setClock(clock.now + ms);
    };
  });
  const log = async () => (await sim<{ calls: Call[] }>(`/aws/accounts/${cloud.accountId}/calls?limit=1000`)).calls.sort((a, b) => a.seq - b.seq);
  const alarm = () => runInDurableObject(agent, (_: AccountAgent, state) => state.storage.getAlarm());
  const held = () => runInDurableObject(agent, (_: AccountAgent, state) => new AgentStorage(state.storage).recallNumber("hold_until"));
  // Ten minutes before the transition, then every wake up to it (discovery, metrics, history).
  const t0 = Date.parse(`${tomorrow()}T00:00:00Z`);
  await setClock(t0 - 10 * 60_000);
  let report = (await agent.runNow())!;
  for (let i = 0; i < 60 && report.wake!.at < t0; i++) {
    await setClock(report.wake!.at);
    report = (await agent.runNow())!;
  }
  expect(report.wake).toEqual({ at: t0, reason: "schedule-transition" });
  return { cloud, orgId, accountId, agent, clock, waits, setClock, log, alarm, held, t0, headers };
}

describe("an early alarm before a schedule's transition", () => {
  it("rings ACTION_LEAD_MS early, waits for the instant, and the stops leave at it with events of that instant", { timeout: 60_000 }, async () => {
    const s = await setUp();
    expect(await s.alarm()).toBe(s.t0 - ACTION_LEAD_MS);
    expect(await s.held()).toBe(s.t0);
    const before = (await s.log()).at(-1)!.seq;

    await s.setClock(s.t0 - ACTION_LEAD_MS);
    expect(await runDurableObjectAlarm(s.agent)).toBe(true);
    expect(s.waits).toEqual([ACTION_LEAD_MS]);

    const stops = (await s.log()).filter((c) => c.seq > before && c.op === "StopDBInstance");
    expect(stops.map((c) => c.status)).toEqual([200, 200]);
    // Never before the instant: the simulator's clock read t0 when each stop arrived.
    expect(stops.map((c) => Date.parse(c.at))).toEqual([s.t0, s.t0]);
    const db = drizzle(env.DB);
    const requested = await eventually(async () => {
      const rows = await db.select({ at: events.occurredAt }).from(events).where(and(eq(events.orgId, s.orgId), eq(events.type, "instance.stop_requested")));
      return rows.length === 2 ? rows : null;
    });
    expect(requested.map((r) => r.at.getTime())).toEqual([s.t0, s.t0]);
    expect(await s.held()).toBe(0);
  });

  it("does not hold up a manual action asked for in the meantime", { timeout: 60_000 }, async () => {
    const s = await setUp();
    const [row] = await drizzle(env.DB).select({ id: instances.id }).from(instances).where(and(eq(instances.orgId, s.orgId), eq(instances.name, "pay-dev")));
    // A minute before the transition someone stops pay-dev by hand: the alarm rings now, and
    // the pass runs at once (no wait for the transition's instant).
    await s.setClock(s.t0 - 60_000);
    const res = await api(`/instances/${row!.id}/stop`, { method: "POST", headers: s.headers });
    expect(res.status).toBeLessThan(300);
    expect(await s.held()).toBe(0);
    await runDurableObjectAlarm(s.agent);
    expect(s.waits).toEqual([]);
    expect((await s.log()).filter((c) => c.op === "StopDBInstance").map((c) => Date.parse(c.at))).toEqual([s.t0 - 60_000]);
  });
});
