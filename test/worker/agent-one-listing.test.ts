// A pass that discovers lists the account once (worker/reconcile/listing.ts): its look at the
// databases in flight is read from discovery's listing instead of a listing of its own, whether
// discovery runs before the calls (a sync request) or after them (the routine five minutes), and
// discovery after the calls still sees what they did (no change of the agent's own is recorded as
// one made outside). Each case counts DescribeDBInstances in the simulator's call log for one
// pass: 1 here, 2 with the pass's own state check back (the control in the first case shows what
// a pass that does not discover costs, so the count is the rule's, not the harness's).
// The clocks: the agent's (`agent.clock`) and the simulator account's are set together.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { AgentStorage } from "../../durable-objects/agent/storage.ts";
import { instances } from "../../worker/db/schema.ts";
import type { EventMessage } from "../../worker/events/event.ts";
import { DISCOVERY_INTERVAL_MS } from "../../worker/reconcile/pass.ts";
import { DISCOVERY_MERGE_MS } from "../../worker/reconcile/listing.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { connectSandbox, sim, tomorrow, type SandboxAccount } from "../helpers/simulator.ts";

const S = 1000;
const WAVE = ["pay-dev", "cart-dev", "auth-dev"];
/** Not selected by the schedule: stopped by hand in the same pass as a discovery. */
const OTHER = "report-qa";

type Call = { seq: number; op: string; target: string | null };

/** A wave of three stops at `t0` (realistic durations: done 240 s later), in a fresh account. */
async function waveInFlight() {
  const cloud = await sim<SandboxAccount>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "realistic" });
  for (const id of WAVE) await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", id, tags: { env: "dev" } });
  await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", id: OTHER, tags: { env: "qa" } });
  const { orgId } = await createOrgDirect("One listing");
  const headers = bearer(await tokenFor(orgId, "owner"));
  const { agent, accountId, instanceId } = await connectSandbox(cloud, orgId, headers, ["us-east-1"]);
  const asleep = { name: "Asleep tomorrow", timezone: "UTC", periods: [], exceptions: [{ from: tomorrow(), to: tomorrow(), state: "stopped", reason: "test" }], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] } };
  expect((await api("/schedules", { method: "POST", headers, body: JSON.stringify(asleep) })).status).toBe(201);

  const sent: EventMessage[] = [];
  const runAt = async (at: number, options: { forceDiscovery?: boolean } = {}) => {
    await sim(`/aws/accounts/${cloud.accountId}/clock`, "POST", { setTo: at });
    await runInDurableObject(agent, (instance: AccountAgent) => {
      instance.clock = () => at;
      instance.sendEvents = async (batch) => void sent.push(...batch);
    });
    return (await agent.runNow(options))!;
  };
  const log = async () => (await sim<{ calls: Call[] }>(`/aws/accounts/${cloud.accountId}/calls?limit=1000`)).calls.sort((a, b) => a.seq - b.seq);
  const memory = () => runInDurableObject(agent, (_: AccountAgent, state) => new AgentStorage(state.storage).memory());
  const state = async (externalId: string) => (await drizzle(env.DB).select().from(instances).where(and(eq(instances.cloudAccountId, accountId), eq(instances.externalId, externalId))))[0]!.state;

  // Ten minutes before the wave: discovery, metrics and power history on their own wakes; then
  // discovery falls every five minutes from there (t0 − 5 min, t0).
  const t0 = Date.parse(`${tomorrow()}T00:00:00Z`);
  let report = await runAt(t0 - 10 * 60 * S);
  for (let i = 0; i < 50 && report.wake!.at < t0; i++) report = await runAt(report.wake!.at);
  const stops = await runAt(t0);
  expect(stops.acted.filter((a) => a.action === "stop" && a.ok)).toHaveLength(WAVE.length);
  expect(stops.discovery).toBeDefined(); // discovery ran at t0, after the calls
  const mark = (await log()).at(-1)!.seq;
  sent.length = 0;
  /** One pass's calls, by operation. */
  const onePass = async (run: () => Promise<unknown>) => {
    const from = (await log()).at(-1)!.seq;
    await run();
    const calls = (await log()).filter((c) => c.seq > from);
    return { count: (op: string) => calls.filter((c) => c.op === op).length, calls };
  };
  const stopByHand = () => runInDurableObject(agent, (_: AccountAgent, s) => {
    new AgentStorage(s.storage).enqueue({ actionId: crypto.randomUUID(), instanceId: instanceId(OTHER), action: "stop", cause: { kind: "user", id: null } }, t0);
  });
  return { t0, mark, runAt, onePass, memory, state, sent, stopByHand };
}

const pendingCount = (memory: Map<string, { pending: unknown }>) => [...memory.values()].filter((m) => m.pending).length;
const outsideChanges = (sent: EventMessage[]) => sent.filter((e) => e.type === "instance.state_changed");

describe("a pass that discovers lists the account once", () => {
  it("a sync request while stops are in flight: discovery's listing is the look at them", { timeout: 120_000 }, async () => {
    const w = await waveInFlight();
    // Control: a look between discoveries is one state check (no discovery: no DescribeDBClusters).
    const look = await w.onePass(() => w.runAt(w.t0 + 15 * S));
    expect([look.count("DescribeDBInstances"), look.count("DescribeDBClusters")]).toEqual([1, 0]);

    const sync = await w.onePass(() => w.runAt(w.t0 + 30 * S, { forceDiscovery: true }));
    expect(sync.count("DescribeDBClusters")).toBe(1); // discovery ran
    expect(sync.count("DescribeDBInstances")).toBe(1); // and its listing was the look (2 with a state check of its own)
    expect(pendingCount(await w.memory())).toBe(WAVE.length); // still stopping: still in flight
    for (const id of WAVE) expect(await w.state(id)).toBe("stopping");
    expect(outsideChanges(w.sent)).toEqual([]);
  });

  it("routine discovery after a manual stop, with stops in flight: one listing, made before the call, and discovery sees the call", { timeout: 120_000 }, async () => {
    const w = await waveInFlight();
    await w.stopByHand();
    // Five minutes after t0's discovery; the wave's stops finished at t0 + 240 s and no look has been made.
    const pass = await w.onePass(() => w.runAt(w.t0 + DISCOVERY_INTERVAL_MS));
    expect(pass.count("StopDBInstance")).toBe(1);
    expect(pass.count("DescribeDBClusters")).toBe(1); // discovery ran
    expect(pass.count("DescribeDBInstances")).toBe(1); // one listing for the looks and discovery (2 before)
    // The listing was made before the stop, and the look confirmed the wave from it…
    expect(pass.calls.findIndex((c) => c.op === "DescribeDBInstances")).toBeLessThan(pass.calls.findIndex((c) => c.op === "StopDBInstance"));
    expect(pendingCount(await w.memory())).toBe(1); // only the manual stop is in flight
    for (const id of WAVE) expect(await w.state(id)).toBe("stopped");
    expect(w.sent.filter((e) => e.type === "instance.stopped" && e.causeKind === "schedule")).toHaveLength(WAVE.length);
    // …yet discovery, applying it after the call, did not take the database it listed as running
    // for one started again outside: the call's answer was written over it.
    expect(await w.state(OTHER)).toBe("stopping");
    expect(outsideChanges(w.sent)).toEqual([]);
  });

  it("a look due shortly before discovery would be brings discovery forward onto its listing", { timeout: 120_000 }, async () => {
    const w = await waveInFlight();
    // The look at the wave's default (t0 + 242 s) falls in the minute before discovery is due (t0 + 300 s).
    const at = w.t0 + DISCOVERY_INTERVAL_MS - DISCOVERY_MERGE_MS + 2 * S;
    const pass = await w.onePass(() => w.runAt(at));
    expect([pass.count("DescribeDBInstances"), pass.count("DescribeDBClusters"), pass.count("DescribePendingMaintenanceActions")]).toEqual([1, 1, 1]);
    expect(pendingCount(await w.memory())).toBe(0);
    // Discovery is not due again until five minutes after this one: the pass at t0 + 300 s lists nothing.
    const next = await w.onePass(() => w.runAt(w.t0 + DISCOVERY_INTERVAL_MS));
    expect(next.count("DescribeDBInstances")).toBe(0);
    expect(outsideChanges(w.sent)).toEqual([]);
  });
});
