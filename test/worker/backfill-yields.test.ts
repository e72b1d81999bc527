// A due stop never waits behind a new account's backfill: each pass reads at most one day of the
// 14-day metrics backfill (newest first, the next day a few seconds later, following its own
// alarm), a pass that wakes within the minute before a schedule's transition leaves the backfill
// for later and re-arms for the transition, and the pass at the transition stops the databases
// before it collects anything. The simulator's call log (in the order the cloud received the
// calls) and the agent's metric cursors are the witnesses.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { AgentStorage } from "../../durable-objects/agent/storage.ts";
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
  // Forget every metric cursor and make the collection due: the collections to come backfill 14
  // days of every database. The test runs the passes at its own times (no real alarm in between).
  await runInDurableObject(agent, (instance: AccountAgent, state) => {
    instance.clock = () => dueAt() - 10 * 60_000;
    state.storage.sql.exec("delete from metric_cursor");
    new AgentStorage(state.storage).remember("metrics_due_at", "0");
    return state.storage.deleteAlarm();
  });
  const log = async () => (await sim<{ calls: Call[] }>(`/aws/accounts/${cloud.accountId}/calls?limit=1000`)).calls.sort((a, b) => a.seq - b.seq);
  const mark = (await log()).at(-1)?.seq ?? 0;
  /** The cloud calls since setup, in the order the cloud received them. */
  const since = async () => (await log()).filter((c) => c.seq > mark).map((c) => c.op);
  const runAt = async (at: number) => {
    await runInDurableObject(agent, (instance: AccountAgent) => void (instance.clock = () => at));
    return agent.runNow();
  };
  /** Per database, where its older metric hours still to read end (null: none), and where its hourly reading stands. */
  const cursors = () =>
    runInDurableObject(agent, (_: AccountAgent, state) => state.storage.sql.exec<{ through: number; backfill_to: number | null }>("select through, backfill_to from metric_cursor").toArray());
  return { agent, since, runAt, cursors };
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

  it("a backfill in progress reads one day per pass, yields to a stop due in the middle of it, and completes after it", async () => {
    const s = await onboarding();
    const metricCalls = async () => (await s.since()).filter((op) => op === "GetMetricData").length;
    // Follow the agent's own alarms from 100 s before the stop.
    let at = dueAt() - 100_000;
    let report = await s.runAt(at);
    let chunks = 0;
    let reachedTo = Infinity;
    while (at < dueAt()) {
      const cursors = await s.cursors();
      const calls = await metricCalls();
      if (calls > chunks) {
        // This pass read exactly one more day of every database, in one call (one region).
        expect(calls).toBe(chunks + 1);
        chunks = calls;
        expect(cursors).toHaveLength(DATABASES);
        const to = Math.max(...cursors.map((c) => c.backfill_to ?? -Infinity));
        expect(cursors.every((c) => c.backfill_to === to)).toBe(true);
        if (reachedTo !== Infinity) expect(to).toBe(reachedTo - 86_400_000);
        reachedTo = to;
        expect(report!.wake!.at).toBe(at + 5_000);
      }
      at = report!.wake!.at;
      report = await s.runAt(at);
    }
    // Eight days read by the minute before the stop; then the passes leave the backfill to the stop.
    expect(chunks).toBe(8);
    expect(at).toBe(dueAt());
    expect(report!.acted).toHaveLength(DATABASES);
    const ops = await s.since();
    const stops = ops.flatMap((op, i) => (op === "StopDBInstance" ? [i] : []));
    expect(stops).toHaveLength(DATABASES);
    // At the stop's second: the stops first, then the collection (the new hour, and the next day back).
    expect(ops.filter((op) => op === "GetMetricData")).toHaveLength(chunks + 2);
    expect(ops.lastIndexOf("GetMetricData")).toBeGreaterThan(Math.max(...stops));
    expect(ops.slice(0, Math.min(...stops)).filter((op) => op === "GetMetricData")).toHaveLength(chunks);

    // The rest follows the stop, a pass a day, until the 14 days are read.
    while ((await s.cursors()).some((c) => c.backfill_to !== null)) {
      expect(report!.wake).toMatchObject({ reason: "metrics", at: at + 5_000 });
      at = report!.wake!.at;
      report = await s.runAt(at);
    }
    // 14 day-long chunks in all (and the hourly read at the turn of the hour), each hour of the
    // 14 days up to the stop read once, but the late-data hour.
    expect(await metricCalls()).toBe(14 + 1);
    expect((await s.cursors()).every((c) => c.through === dueAt() && c.backfill_to === null)).toBe(true);
    expect(report!.wake!.reason).not.toBe("metrics");
  });
});
