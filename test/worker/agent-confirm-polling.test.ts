// Confirming a wave of stops costs one listing: the agent looks at the account when RDS is expected
// to be done stopping (the simulator's realistic 240 s), not every 10 s from the call on, and that
// one listing confirms every database of the wave; the stop is confirmed within the steady poll
// interval of the database reaching "stopped", and what it took is remembered per database. The
// control: the same wave with databases remembered as fast is looked at from 10 s on, as the rule
// this replaced did, and takes a dozen listings (so the count of one is the policy's, not the harness's).
// The clocks: the agent's (`agent.clock`) and the simulator account's (stopped, `…/clock setTo`)
// are set together to each time the agent asked to be woken at; every pass is the agent's real pass.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { AgentStorage } from "../../durable-objects/agent/storage.ts";
import { accountAgent } from "../../worker/accounts/agent.ts";
import { EMPTY_MEMORY, type AgentMemory } from "../../worker/reconcile/pass.ts";
import { CALL_LAG_MS, COLD_PROBE_MS, STEADY_LOOK_MS, type LearnedDurations } from "../../worker/reconcile/confirm.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { connectSandbox, sim, tomorrow, type SandboxAccount } from "../helpers/simulator.ts";

const S = 1000;
const WAVE = ["pay-dev", "cart-dev", "auth-dev"];
/** The simulator's `realistic` RDS stop (sim/state/model.ts). */
const STOP_MS = 240 * S;

type Call = { seq: number; op: string };

/**
 * A wave of stops in a fresh simulator account (realistic durations) connected to a new
 * organization, driven from ten minutes before it until every stop is confirmed. `remembered`:
 * what the databases' memory says about their stops before the wave (none: a cold start).
 * Returns the listings between the wave's calls and the confirmation, and when it came.
 */
async function waveOfStops(remembered?: LearnedDurations) {
  const cloud = await sim<SandboxAccount>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "realistic" });
  for (const id of WAVE) await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", id, tags: { env: "dev" } });
  const { orgId } = await createOrgDirect("Polling");
  const headers = bearer(await tokenFor(orgId, "owner"));
  const { agent } = await connectSandbox(cloud, orgId, headers, ["us-east-1"]);
  const asleep = { name: "Asleep tomorrow", timezone: "UTC", periods: [], exceptions: [{ from: tomorrow(), to: tomorrow(), state: "stopped", reason: "test" }], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] } };
  expect((await api("/schedules", { method: "POST", headers, body: JSON.stringify(asleep) })).status).toBe(201);

  const runAt = async (at: number) => {
    await sim(`/aws/accounts/${cloud.accountId}/clock`, "POST", { setTo: at });
    await runInDurableObject(agent, (instance: AccountAgent) => void (instance.clock = () => at));
    return (await agent.runNow())!;
  };
  const log = async () => (await sim<{ calls: Call[] }>(`/aws/accounts/${cloud.accountId}/calls?limit=1000`)).calls.sort((a, b) => a.seq - b.seq);
  const memory = () => runInDurableObject(agent, (_: AccountAgent, state) => new AgentStorage(state.storage).memory());

  // Ten minutes before the wave: discovery, metrics and the power history are read on their own
  // wakes. Discovery then falls every five minutes from there (t0 − 5 min, t0, t0 + 5 min), the
  // last brought forward onto the look at t0 + 242 s, the minute before it.
  const t0 = Date.parse(`${tomorrow()}T00:00:00Z`);
  let report = await runAt(t0 - 10 * 60 * S);
  for (let i = 0; i < 50 && report.wake!.at < t0; i++) report = await runAt(report.wake!.at);
  expect(report.wake).toEqual({ at: t0, reason: "schedule-transition" });
  if (remembered) {
    await runInDurableObject(agent, (_: AccountAgent, state) => {
      const store = new AgentStorage(state.storage);
      for (const [id, m] of store.memory()) store.saveMemory(id, { ...m, durations: remembered });
    });
  }

  const stops = await runAt(t0);
  expect(stops.acted.filter((a) => a.action === "stop" && a.ok)).toHaveLength(WAVE.length);
  const mark = (await log()).at(-1)!.seq;
  let confirmedAt: number | null = null;
  let now = stops.wake!.at;
  for (let i = 0; i < 40 && confirmedAt === null; i++) {
    const r = await runAt(now);
    if ([...(await memory()).values()].every((m) => !m.pending)) confirmedAt = now;
    else now = r.wake!.at;
  }
  const listings = (await log()).filter((c) => c.seq > mark && c.op === "DescribeDBInstances").length;
  // A confirmation is a state check: maintenance is discovery's to read (its listing also reads
  // the clusters; a state check of RDS instances does not).
  const maintenanceReads = (await log()).filter((c) => c.seq > mark && c.op === "DescribePendingMaintenanceActions").length;
  const discoveries = (await log()).filter((c) => c.seq > mark && c.op === "DescribeDBClusters").length;
  const status = (await sim<{ instances: { status: string }[] }>(`/aws/accounts/${cloud.accountId}/resources`)).instances.map((i) => i.status);
  return { t0, firstLook: stops.wake!, listings, maintenanceReads, discoveries, confirmedAt: confirmedAt!, learned: [...(await memory()).values()].map((m) => m.durations?.stop?.doneMs), status };
}

describe("confirming a wave of stops at realistic durations", () => {
  it("takes two listings for the whole wave (one early look, one at the time RDS needs to stop), and learns that time per database", { timeout: 120_000 }, async () => {
    const wave = await waveOfStops();
    // Nothing learned yet: one early look (COLD_PROBE_MS), then the kind's default.
    expect(wave.firstLook).toEqual({ at: wave.t0 + COLD_PROBE_MS, reason: "confirm-action" });
    // Two listings confirmed all three, within the steady interval after RDS finished stopping.
    expect(wave.listings).toBe(2);
    // The second falls in the minute before discovery is due (t0 + 300 s): it is discovery's
    // listing, brought forward (worker/reconcile/listing.ts), and the only one that read maintenance.
    expect(wave.discoveries).toBe(1);
    expect(wave.maintenanceReads).toBe(wave.discoveries);
    expect(wave.confirmedAt - (wave.t0 + STOP_MS)).toBeGreaterThanOrEqual(0);
    expect(wave.confirmedAt - (wave.t0 + STOP_MS)).toBeLessThanOrEqual(STEADY_LOOK_MS);
    expect(wave.status).toEqual(WAVE.map(() => "stopped"));
    // Each database remembers how long its stop took (as the looks saw it), for its next one.
    expect(wave.learned).toEqual(WAVE.map(() => [wave.confirmedAt - wave.t0]));
  });

  it("control: looking from 10 s after the call, as the rule it replaced did, takes a dozen listings for the same wave", { timeout: 120_000 }, async () => {
    // Databases remembered as stopping in 10 s: the agent looks 10 s after the call and then
    // every 15 s, 30 s… — the previous rule's pace (10 s for a minute, then 30 s: 12 listings for 240 s).
    const wave = await waveOfStops({ stop: { doneMs: [10 * S], floorMs: null } });
    expect(wave.firstLook.at).toBe(wave.t0 + 10 * S);
    expect(wave.listings).toBeGreaterThanOrEqual(10);
    expect(wave.confirmedAt - (wave.t0 + STOP_MS)).toBeLessThanOrEqual(30 * S);
    expect(wave.status).toEqual(WAVE.map(() => "stopped"));
  });
});

describe("the agent's memory of its databases' durations", () => {
  it("keeps what it learned across restarts: the last look that saw a transition moving, and the recent durations", async () => {
    const agent = accountAgent(env, `poll-memory-${crypto.randomUUID()}`);
    const m: AgentMemory = {
      ...EMPTY_MEMORY, lastDesired: "stopped",
      pending: { target: "stopped", since: 1_000, causeKind: "schedule", causeId: "sch_1", key: "k", seenMovingAt: 243_000 },
      durations: { stop: { doneMs: [242_000, 257_000], floorMs: 241_000 }, start: { doneMs: [422_000], floorMs: null } },
    };
    await runInDurableObject(agent, (_: AccountAgent, state) => {
      const store = new AgentStorage(state.storage);
      store.saveMemory("db_1", m);
      expect(store.memory().get("db_1")).toEqual(m);
      // A row it cannot read back is no history (the kind's defaults apply), never a broken pass.
      state.storage.sql.exec("update instance_memory set durations = '{\"stop\":{\"doneMs\":\"x\"}}' where instance_id = 'db_1'");
      store.reload(); // written around the storage: read it again
      expect(store.memory().get("db_1")?.durations).toEqual({});
    });
  });
});
