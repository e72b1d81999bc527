// A Durable Object restarted in the middle of an action: the AccountAgent is reset
// (`state.abort()`: the running invocation dies, its in-memory state is gone, the next call builds
// a new object from its storage) while its start calls are in flight — the cloud has performed
// them (the simulator answers 2 s late), the agent never sees the answers. The platform retries the
// alarm that died, and the day goes on.
// The harness is the compressed day of test/reliability/faults/day.ts, side by side with a
// reference organization that is not interrupted, on the same clock.
// The promise: the interrupted action completes exactly once — the cloud performed each start
// once (no second start, no refused retry), the databases are where the schedule wants them, and
// the record is the reference's: the same events (the request at the instant it was made, the
// confirmation, with the schedule's credit) and the same savings ledger intervals (boundaries
// within the 2 s the platform's alarm retry adds).
//
// Broken on purpose (and restored), and what failed:
// - intent not journaled — in durable-objects/agent/executor.ts, skip the
//   `store.commit({ memory: … intentOf(…) })` before the call (the product before c1e26b1): after
//   the restart nothing knows the starts were asked for; they surface at 00:05 and 00:10 as
//   "instance.state_changed" (by "cloud", found by discovery) instead of start_requested + started,
//   so the event story and the ledger (cause, boundaries) differ from the reference's.
import { describe, expect, it } from "vitest";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { accountAgent } from "../../../worker/accounts/agent.ts";
import type { AccountAgent } from "../../../durable-objects/account-agent.ts";
import { sim } from "../../helpers/simulator.ts";
import { eventually } from "../../helpers/fixtures.ts";
import { actionCalls, calls, driveUntil, EXPECTED, instrument, ledger, names, setSimClock, settle, setUpDay, truth, virtualMonday, type DayRun } from "./day.ts";

const MIN = 60_000;
const UNTIL_MIN = 20;

/**
 * The run's record at the resolution the restart allows: the platform retries the dead alarm 2 s
 * later, so confirmations that poll from it come up to 2 s later than the reference's. Events by
 * database, type, cause and minute; ledger intervals by cause and end, boundaries to the minute.
 */
async function story(run: DayRun, rows: Awaited<ReturnType<typeof settle>>) {
  const byId = await names(run);
  return rows
    .filter((e) => e.type !== "instance.discovered" && e.type !== "agent.heartbeat")
    .map((e) => `${e.occurredAt.toISOString().slice(0, 16)} ${e.instanceId ? byId.get(e.instanceId) : "-"} ${e.type}`)
    .sort();
}

async function intervals(run: DayRun) {
  const rows = await ledger(run);
  const close = (iso: string | null, ref: string | null) => iso !== null && ref !== null && Math.abs(Date.parse(iso) - Date.parse(ref)) <= 2000;
  return { rows: rows.map((r) => ({ db: r.db, cause: r.cause, endedBy: r.endedBy, from: r.from.slice(0, 16), until: r.until?.slice(0, 16) ?? null })), raw: rows, close };
}

describe("the agent restarted in the middle of an action", () => {
  it("completes the action exactly once", async () => {
    const start = virtualMonday();
    const [reference, evicted] = await Promise.all([setUpDay("reference", start), setUpDay("evicted", start)]);
    // Up to the minute before the batch databases start at 00:05.
    await Promise.all([driveUntil(reference, start + 4 * MIN), driveUntil(evicted, start + 4 * MIN)]);

    // The 00:05 alarm: the start calls are performed at once and answered 2 s later.
    await sim(`/aws/accounts/${evicted.cloud.accountId}/faults`, "PUT", { latencyMs: 2000, operations: ["StartDBInstance"] });
    const at = start + 5 * MIN;
    evicted.clock.now = at;
    await setSimClock(evicted.cloud, at);
    const alarm = runDurableObjectAlarm(evicted.agent).catch((error: unknown) => error);
    await eventually(async () => (await calls(evicted)).filter((c) => c.op === "StartDBInstance").length === 2, 10_000);
    // The restart, while both answers are still on their way.
    await runInDurableObject(evicted.agent, (_agent: AccountAgent, state) => state.abort("evicted mid-action")).catch(() => undefined);
    await alarm;
    await sim(`/aws/accounts/${evicted.cloud.accountId}/faults`, "PUT", {});
    // A new object behind a new stub (the old one is broken): it needs the run's clock again (and
    // the send hook). The alarm that died is retried by the platform (alarms are at-least-once,
    // retried with backoff from 2 s); the test runner does not, so the test does, as workerd would.
    evicted.agent = accountAgent(env, evicted.accountId);
    await instrument(evicted);
    evicted.clock.now = at + 2000;
    await setSimClock(evicted.cloud, evicted.clock.now);
    await runInDurableObject(evicted.agent, (agent: AccountAgent) => agent.alarm());

    await Promise.all([driveUntil(reference, start + UNTIL_MIN * MIN), driveUntil(evicted, start + UNTIL_MIN * MIN)]);

    const stops = Object.values(EXPECTED).flat().filter(([m, up]) => m <= UNTIL_MIN && !up).length;
    const starts = Object.values(EXPECTED).flat().filter(([m, up]) => m <= UNTIL_MIN && up).length;
    expect(actionCalls(await calls(evicted))).toEqual({ performedStops: stops, performedStarts: starts, hung: 0, refused: 0 });
    expect(await truth(evicted, start)).toEqual(await truth(reference, start));

    const [refEvents, evEvents] = await Promise.all([settle(reference), settle(evicted)]);
    expect(await story(evicted, evEvents)).toEqual(await story(reference, refEvents));
    // The interrupted request is recorded at the instant it was made.
    const requested = evEvents.filter((e) => e.type === "instance.start_requested" && e.occurredAt.getTime() === at);
    expect(requested).toHaveLength(2);
    const [mine, ref] = await Promise.all([intervals(evicted), intervals(reference)]);
    expect(mine.rows).toEqual(ref.rows);
    mine.raw.forEach((r, i) => {
      expect(mine.close(r.from, ref.raw[i]!.from), `${r.db} from ${r.from}`).toBe(true);
      if (r.until !== null) expect(mine.close(r.until, ref.raw[i]!.until), `${r.db} until ${r.until}`).toBe(true);
    });
  });
});
