// Confirming a wave of stops costs one listing: the agent looks at the account when RDS is expected
// to be done stopping (the simulator's realistic 240 s), not every 10 s from the call on, and that
// one listing confirms every database of the wave; the stop is confirmed within the steady poll
// interval of the database reaching "stopped", and what it took is remembered per database.
// The clocks: the agent's (`agent.clock`) and the simulator account's (stopped, `…/clock setTo`)
// are set together to each time the agent asked to be woken at; every pass is the agent's real pass.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { AgentStorage } from "../../durable-objects/agent/storage.ts";
import { CALL_LAG_MS, STEADY_LOOK_MS } from "../../worker/reconcile/confirm.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { connectSandbox, sim, tomorrow, type SandboxAccount } from "../helpers/simulator.ts";

const S = 1000;
const WAVE = ["pay-dev", "cart-dev", "auth-dev"];
/** The simulator's `realistic` RDS stop (sim/state/model.ts). */
const STOP_MS = 240 * S;

type Call = { seq: number; op: string };

/**
 * The confirmation rule this replaced (until 3d206e3): a look 10 s after the call, then
 * `pollDelay` — every 10 s for the first minute, every 30 s to 5 minutes, then every 60 s.
 * How many looks it made until one saw a transition of `ms` done.
 */
function previousRuleLooks(ms: number): number {
  let t = 10 * S;
  let looks = 1;
  while (t < ms) {
    t += t < 60 * S ? 10 * S : t < 300 * S ? 30 * S : 60 * S;
    looks++;
  }
  return looks;
}

describe("confirming a wave of stops at realistic durations", () => {
  it("takes one listing for the whole wave, at the time RDS needs to stop, and learns that time per database", { timeout: 120_000 }, async () => {
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
    const pendingCount = () => runInDurableObject(agent, (_: AccountAgent, state) => [...new AgentStorage(state.storage).memory().values()].filter((m) => m.pending).length);

    // Ten minutes before the wave: discovery, metrics and the power history are done with (they
    // are read on their own wakes), so the passes below are the wave's.
    const t0 = Date.parse(`${tomorrow()}T00:00:00Z`);
    // Discovery then falls every five minutes from there (t0 − 5 min, t0, t0 + 5 min): none falls
    // between the wave's stop calls and the stop's completion.
    let report = await runAt(t0 - 10 * 60 * S);
    for (let i = 0; i < 50 && report.wake!.at < t0; i++) report = await runAt(report.wake!.at);
    expect(report.wake).toEqual({ at: t0, reason: "schedule-transition" });

    const stops = await runAt(t0);
    expect(stops.acted.filter((a) => a.action === "stop" && a.ok)).toHaveLength(WAVE.length);
    const mark = (await log()).at(-1)!.seq;
    expect(stops.wake).toEqual({ at: t0 + STOP_MS + CALL_LAG_MS, reason: "confirm-action" });

    let confirmedAt: number | null = null;
    let now = stops.wake!.at;
    for (let i = 0; i < 40 && confirmedAt === null; i++) {
      const r = await runAt(now);
      if ((await pendingCount()) === 0) confirmedAt = now;
      else now = r.wake!.at;
    }
    const listings = (await log()).filter((c) => c.seq > mark && c.op === "DescribeDBInstances").length;

    // One listing confirmed all three, within the steady interval after RDS finished stopping.
    expect(listings).toBe(1);
    expect(confirmedAt! - (t0 + STOP_MS)).toBeGreaterThanOrEqual(0);
    expect(confirmedAt! - (t0 + STOP_MS)).toBeLessThanOrEqual(STEADY_LOOK_MS);
    // The control: the rule this replaced lists the account 12 times for the same stop.
    expect(previousRuleLooks(STOP_MS)).toBe(12);

    // Each database remembers how long its stop took (as seen by the looks), for its next one.
    const learned = await runInDurableObject(agent, (_: AccountAgent, state) => [...new AgentStorage(state.storage).memory().values()].map((m) => m.durations?.stop?.doneMs));
    expect(learned).toEqual(WAVE.map(() => [confirmedAt! - t0]));
    expect((await sim<{ instances: { id: string; status: string }[] }>(`/aws/accounts/${cloud.accountId}/resources`)).instances.map((i) => i.status)).toEqual(WAVE.map(() => "stopped"));
  });
});
