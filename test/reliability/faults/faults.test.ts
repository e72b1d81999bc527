// Fault injection over a day of schedules, compressed in time (how: test/reliability/faults/day.ts —
// the day's schedules compressed twelvefold into two hours, and one clock for the agent and the
// simulator, moved from alarm to alarm; every alarm is the agent's real alarm handler against the
// simulator over HTTP; 6 RDS databases under two schedules: 19 stops and starts, ~45 passes). Two runs of the same day side by side: one clean,
// one whose cloud throttles 30 % of calls, fails 10 % with 503, answers 5 % of them 2 s late and
// lets 5 % hang (performed, then a 504 after 2 s: the answer is lost). Faults hit the RDS API
// (describe, stop, start: discovery, confirmation and every action); CloudWatch and CloudTrail
// reads stay clean to keep the run under budget. The promises:
// - every database reaches each state its schedules ask for, at the instant they ask for it, and
//   ends the day where it should (the simulator's power history is the witness);
// - no action is performed twice: the cloud performed exactly one stop or start per transition,
//   and refused as "already in that state" only retries of calls whose answer it lost;
// - no event is lost: every event the agent sent is in D1, and the faulty day's power events are
//   the clean day's;
// - the savings ledger equals the clean run's, interval by interval, to the micro-dollar.
//
// Broken on purpose (and restored), and what failed:
// - idempotency off — worker/reconcile/pass.ts planPass ignores lastDesired / pending, so every
//   pass re-issues the schedule's action: "refused" grows far past "hung" (the cloud is asked to
//   stop stopped databases), and the clean run's refused is no longer 0.
// - outbox skipped — durable-objects/agent/storage.ts commit() does not insert into event_outbox:
//   no event reaches D1; the event and ledger comparisons fail (events missing, ledger empty).
// - no retry — DEFAULT_RETRY_POLICY.maxAttempts = 1 in worker/cloud/retry.ts: actions land a
//   pass or more late under faults, so the power history and the ledger differ from the clean run's.
import { describe, expect, it } from "vitest";
import { sim } from "../../helpers/simulator.ts";
import { actionCalls, calls, DAY_MS, driveUntil, EXPECTED, EXPECTED_STARTS, EXPECTED_STOPS, ledger, names, settle, setUpDay, truth, virtualMonday, type DayRun } from "./day.ts";

export const FAULTS = {
  seed: 20261129,
  throttleRate: 0.3,
  errorRate: 0.1,
  errorStatus: 503,
  latencyMs: 2000,
  latencyRate: 0.05,
  hangRate: 0.05,
  hangMs: 2000,
  operations: ["DescribeDBInstances", "StopDBInstance", "StartDBInstance"],
};

/** The power events of a run, per database, in order: what an auditor reads. */
async function powerEvents(run: DayRun, rows: Awaited<ReturnType<typeof settle>>) {
  const byId = await names(run);
  const out: Record<string, string[]> = {};
  for (const r of rows.filter((e) => e.type.startsWith("instance.") && e.type !== "instance.discovered").sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.type.localeCompare(b.type))) {
    const name = byId.get(r.instanceId!)!;
    (out[name] ??= []).push(`${r.occurredAt.toISOString()} ${r.type}`);
  }
  return out;
}

describe("a day of schedules under cloud faults", () => {
  it("converges, acts once per transition, loses no event and saves what the clean day saves", async () => {
    const start = virtualMonday();
    const end = start + DAY_MS;
    const [clean, faulty] = await Promise.all([setUpDay("clean", start), setUpDay("faulty", start)]);
    await sim(`/aws/accounts/${faulty.cloud.accountId}/faults`, "PUT", FAULTS);
    // On top of the rates, the 00:15 stops (the batch databases) are sure to lose an answer: the
    // first stop call there is performed and hangs, the client gets a 504 and retries.
    const lostAnswer = async (_run: DayRun, at: number) => {
      if (at === start + 15 * 60_000) await sim(`/aws/accounts/${faulty.cloud.accountId}/faults`, "PUT", { ...FAULTS, operations: ["StopDBInstance"], hangNext: 1 });
      else if (at > start + 15 * 60_000 && at < start + 16 * 60_000) await sim(`/aws/accounts/${faulty.cloud.accountId}/faults`, "PUT", FAULTS);
    };
    await Promise.all([driveUntil(clean, end), driveUntil(faulty, end, lostAnswer)]);

    // Convergence, at the instants the schedules ask for (request + the dev transition time).
    for (const run of [clean, faulty]) {
      const seen = await truth(run, start);
      for (const [db, changes] of Object.entries(EXPECTED)) {
        expect(seen[db]?.power, `${run.label} ${db}`).toEqual(changes.map(([m, up]) => ({ at: new Date(start + m * 60_000 + (up ? 6000 : 4000)).toISOString(), up })));
        expect(seen[db]?.status, `${run.label} ${db}`).toBe(changes.at(-1)?.[1] === false ? "stopped" : "available");
      }
    }

    // Each action performed once; refusals only for retries of lost answers.
    const [cleanCalls, faultyCalls] = [actionCalls(await calls(clean)), actionCalls(await calls(faulty))];
    expect(cleanCalls).toEqual({ performedStops: EXPECTED_STOPS, performedStarts: EXPECTED_STARTS, hung: 0, refused: 0 });
    expect(faultyCalls).toMatchObject({ performedStops: EXPECTED_STOPS, performedStarts: EXPECTED_STARTS });
    expect(faultyCalls.hung).toBeGreaterThan(0);
    expect(faultyCalls.refused).toBeLessThanOrEqual(faultyCalls.hung);
    // The faults did happen (the day is not accidentally clean).
    const log = await calls(faulty);
    const hist: Record<string, number> = {};
    for (const c of log) hist[`${c.op}:${c.status}:${c.code}`] = (hist[`${c.op}:${c.status}:${c.code}`] ?? 0) + 1;
    console.log(JSON.stringify(hist));
    expect(log.filter((c) => c.code === "Throttling").length).toBeGreaterThan(20);
    expect(log.filter((c) => c.status === 503).length).toBeGreaterThan(5);
    expect(log.filter((c) => c.code === "Hang").length).toBeGreaterThan(0);

    // No event lost: all sent events stored, and the same power story as the clean day.
    const [cleanEvents, faultyEvents] = await Promise.all([settle(clean), settle(faulty)]);
    expect.soft(await powerEvents(faulty, faultyEvents)).toEqual(await powerEvents(clean, cleanEvents));

    // The ledger of the faulty day is the clean day's.
    const cleanLedger = await ledger(clean);
    expect(cleanLedger.filter((r) => r.until !== null)).toHaveLength(7);
    expect.soft(await ledger(faulty)).toEqual(cleanLedger);
    console.log(JSON.stringify({ alarms: { clean: clean.alarms, faulty: faulty.alarms }, clean: cleanCalls, faulty: faultyCalls, calls: log.length, hangs: log.filter((c) => c.code === "Hang") }));
  });
});
