// A due stop never waits behind a new account's backfill: a pass that wakes within the minute
// before a schedule's transition leaves the 14-day metrics backfill for later and re-arms for the
// transition, and the pass at the transition stops the databases before it collects anything.
// The simulator's call log (in the order the cloud received the calls) is the witness.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { connectSandbox, sim, tomorrow, type SandboxAccount } from "../helpers/simulator.ts";

const DATABASES = 10;
/** Tomorrow 00:00 UTC: when the schedule below stops every env=dev database. */
const dueAt = () => Date.parse(`${tomorrow()}T00:00:00Z`);

type Call = { seq: number; op: string; target: string | null };

/** Ten running dev databases, connected and run once, a schedule stopping them all of tomorrow, and a 14-day metrics backfill pending. */
async function onboarding() {
  const cloud = await sim<SandboxAccount>("/aws/accounts", "POST", { regions: ["us-east-1"], durations: "instant" });
  for (let i = 0; i < DATABASES; i++) await sim(`/aws/accounts/${cloud.accountId}/instances`, "POST", { region: "us-east-1", engine: "postgres", id: `app${i}-dev`, tags: { env: "dev" }, usage: "office-hours" });
  const { orgId } = await createOrgDirect("Backfill");
  const headers = bearer(await tokenFor(orgId, "owner"));
  const { agent } = await connectSandbox(cloud, orgId, headers, ["us-east-1"]);
  const schedule = { name: "Asleep tomorrow", timezone: "UTC", periods: [], exceptions: [{ from: tomorrow(), to: tomorrow(), state: "stopped", reason: "test" }], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] } };
  expect((await api("/schedules", { method: "POST", headers, body: JSON.stringify(schedule) })).status).toBe(201);
  // Forget every metric cursor and make the collection due: the next collection reads 14 days of every database.
  await runInDurableObject(agent, (_: AccountAgent, state) => {
    state.storage.sql.exec("delete from metric_cursor");
    state.storage.sql.exec("update agent_meta set value = '0' where key = 'metrics_due_at'");
  });
  const log = async () => (await sim<{ calls: Call[] }>(`/aws/accounts/${cloud.accountId}/calls?limit=1000`)).calls.sort((a, b) => a.seq - b.seq);
  const mark = (await log()).at(-1)?.seq ?? 0;
  /** The cloud calls since setup, in the order the cloud received them. */
  const since = async () => (await log()).filter((c) => c.seq > mark).map((c) => c.op);
  const runAt = async (at: number) => {
    await runInDurableObject(agent, (instance: AccountAgent) => void (instance.clock = () => at));
    return agent.runNow();
  };
  return { agent, since, runAt };
}

describe("a due action never waits behind backfill", { timeout: 120_000 }, () => {
  it("a pass 30 s before a stop leaves the backfill; the pass at the stop stops all ten databases before it collects", async () => {
    const s = await onboarding();
    const before = await s.runAt(dueAt() - 30_000);
    expect(await s.since()).not.toContain("GetMetricData");
    expect(before!.wake).toEqual({ at: dueAt(), reason: "schedule-transition" });

    const at = await s.runAt(dueAt());
    expect(at!.acted).toHaveLength(DATABASES);
    const ops = await s.since();
    const stops = ops.flatMap((op, i) => (op === "StopDBInstance" ? [i] : []));
    expect(stops).toHaveLength(DATABASES);
    // The backfill still happens in this pass, after the stops.
    expect(ops.indexOf("GetMetricData")).toBeGreaterThan(Math.max(...stops));
  });

  it("control: with the stop two minutes away the pass does the backfill first, so the log tells the two apart", async () => {
    const s = await onboarding();
    await s.runAt(dueAt() - 2 * 60_000);
    await s.runAt(dueAt());
    const ops = await s.since();
    expect(ops).toContain("StopDBInstance");
    expect(ops.indexOf("GetMetricData")).toBeGreaterThanOrEqual(0);
    expect(ops.indexOf("GetMetricData")).toBeLessThan(ops.indexOf("StopDBInstance"));
  });
});
