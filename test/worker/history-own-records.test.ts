// The cloud's record of a stop or start SnoozeQL made is SnoozeQL's, not a change made outside it:
// read back from the power history, it adds nothing once the agent has confirmed the transition,
// and is the transition's confirmation (the agent's own event id) while it is still in flight. A
// stop or start anyone else makes, AWS's forced start after seven days, and the history of a
// database SnoozeQL never touched are recorded as before, with the cloud as cause.
import { describe, expect, it } from "vitest";
import { eventsOf } from "../../durable-objects/agent/executor.ts";
import type { PowerHistoryEntry } from "../../worker/cloud/provider.ts";
import { historyEvents, OWN_RECORD_CLOCK_SKEW_MS, ownRecords, type KnownInstance, type OwnTransitions } from "../../worker/discovery/history.ts";
import { confirmationFact, EMPTY_MEMORY, TRANSITION_TIMEOUT_MS, type PendingTransition } from "../../worker/reconcile/pass.ts";

const MIN = 60_000;
const DAY = 86_400_000;
const CALL = Date.UTC(2026, 10, 24, 19, 0); // the agent's stop call (schedule "office", 19:00)
const account = { id: "acc_1", orgId: "org_1" };
const known: KnownInstance[] = [
  { id: "db_app", kind: "rds_instance", externalId: "app-dev" },
  { id: "db_reports", kind: "rds_instance", externalId: "reports-dev" },
];
const stop: PendingTransition = { target: "stopped", since: CALL, causeKind: "schedule", causeId: "sch_office", key: "schedule:sch_office:stopped:1" };

let n = 0;
function record(state: "stopped" | "running", at: number, extra: Partial<PowerHistoryEntry> = {}): PowerHistoryEntry {
  return { kind: "rds_instance", externalId: "app-dev", region: "us-east-1", at, state, source: "rds-event", cloudEventId: `rds-${++n}`, ...extra };
}

/** The agent's memory of app-dev: it stopped it at CALL (confirmed, unless `pending`). */
const stoppedByUs = (extra: Partial<OwnTransitions> = {}): Map<string, OwnTransitions> =>
  new Map([["db_app", { stoppedByUsAt: CALL, startedByUsAt: CALL - DAY, pending: null, ...extra }]]);

const summary = (events: Awaited<ReturnType<typeof historyEvents>>["events"]) =>
  events.map((e) => ({ instanceId: e.instanceId, type: e.type, causeKind: e.causeKind, causeId: e.causeId, occurredAt: e.occurredAt }));

describe("the cloud's record of SnoozeQL's own stop", () => {
  it("adds nothing once the agent has confirmed the stop (the confirmation is the stop's one event)", async () => {
    const { events } = await historyEvents(account, known, [record("stopped", CALL + 4 * MIN)], stoppedByUs());
    expect(events).toEqual([]);
  });

  it("while the stop is in flight, is the stop's confirmation: the agent's own event id, the schedule as cause, the cloud's time", async () => {
    const cloudAt = CALL + 4 * MIN;
    const { events } = await historyEvents(account, known, [record("stopped", cloudAt, { cloudEventId: "rds-stop-1" })], stoppedByUs({ pending: stop }));
    const [agentsOwn] = await eventsOf(account, [confirmationFact("db_app", stop)], CALL + 5 * MIN);
    expect(events).toHaveLength(1);
    expect(events[0]!.id).toBe(agentsOwn!.id); // stored once, whoever sees the stop first
    expect(events[0]).toMatchObject({ type: "instance.stopped", causeKind: "schedule", causeId: "sch_office", toState: "stopped", occurredAt: cloudAt });
    expect(events[0]!.detail).toMatchObject({ key: stop.key, source: "rds-event", cloudEventId: "rds-stop-1", cloudAt });
  });

  it("CloudTrail's record of the request is never the confirmation (the stop may not be done): it adds nothing", async () => {
    const { events } = await historyEvents(account, known, [record("stopped", CALL + 2_000, { source: "cloudtrail", approximate: true })], stoppedByUs({ pending: stop }));
    expect(events).toEqual([]);
  });

  it("allows the cloud's clock to run a little behind the agent's, not more", async () => {
    expect((await historyEvents(account, known, [record("stopped", CALL - OWN_RECORD_CLOCK_SKEW_MS + 1_000)], stoppedByUs())).events).toEqual([]);
    const early = await historyEvents(account, known, [record("stopped", CALL - OWN_RECORD_CLOCK_SKEW_MS - 1_000)], stoppedByUs());
    expect(summary(early.events)).toEqual([{ instanceId: "db_app", type: "instance.stopped", causeKind: "cloud", causeId: null, occurredAt: CALL - OWN_RECORD_CLOCK_SKEW_MS - 1_000 }]);
  });

  it("is the agent's only within the transition timeout: a stop recorded later is the cloud's", async () => {
    const late = CALL + TRANSITION_TIMEOUT_MS + MIN;
    const { events } = await historyEvents(account, known, [record("stopped", late)], stoppedByUs());
    expect(summary(events)).toEqual([{ instanceId: "db_app", type: "instance.stopped", causeKind: "cloud", causeId: null, occurredAt: late }]);
  });

  it("reading the same window again gives the same answer (overlapping reads add nothing)", async () => {
    const entries = [record("stopped", CALL + 4 * MIN), record("running", CALL + 10 * MIN), record("stopped", CALL + 20 * MIN)];
    const first = await historyEvents(account, known, entries, stoppedByUs({ pending: stop }));
    const again = await historyEvents(account, known, entries, stoppedByUs({ pending: stop }));
    expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
  });
});

describe("changes SnoozeQL did not make are recorded as the cloud's, exactly as before", () => {
  it("a stop of a database SnoozeQL never touched, in the same read as the agent's own stop", async () => {
    const outside = record("stopped", CALL + 3 * MIN, { externalId: "reports-dev" });
    const { events } = await historyEvents(account, known, [record("stopped", CALL + 4 * MIN), outside], stoppedByUs());
    expect(summary(events)).toEqual([{ instanceId: "db_reports", type: "instance.stopped", causeKind: "cloud", causeId: null, occurredAt: CALL + 3 * MIN }]);
    expect(events[0]!.detail).toEqual({ source: "rds-event", cloudEventId: outside.cloudEventId, externalId: "reports-dev", region: "us-east-1" });
  });

  it("a stop someone else makes seconds after the agent's stop failed (the agent's memory keeps its last accepted stop, yesterday)", async () => {
    const own = new Map([["db_app", { ...EMPTY_MEMORY, stoppedByUsAt: CALL - DAY, startedByUsAt: CALL - DAY / 2 }]]);
    const { events } = await historyEvents(account, known, [record("stopped", CALL + 5_000)], own);
    expect(summary(events)).toEqual([{ instanceId: "db_app", type: "instance.stopped", causeKind: "cloud", causeId: null, occurredAt: CALL + 5_000 }]);
  });

  it("a start after the agent's stop, and a stop after that, even within the transition timeout", async () => {
    const entries = [record("stopped", CALL + 4 * MIN), record("running", CALL + 6 * MIN), record("stopped", CALL + 15 * MIN)];
    const { events, closed } = await historyEvents(account, known, entries, stoppedByUs());
    expect(summary(events)).toEqual([
      { instanceId: "db_app", type: "instance.started", causeKind: "cloud", causeId: null, occurredAt: CALL + 6 * MIN },
      { instanceId: "db_app", type: "instance.stopped", causeKind: "cloud", causeId: null, occurredAt: CALL + 15 * MIN },
    ]);
    // Kept for the next reads: one whose window begins after the start still knows the stop is someone else's.
    expect(closed.get("db_app")).toEqual({ stopped: { callAt: CALL, at: CALL + 6 * MIN } });
    const later = await historyEvents(account, known, [record("stopped", CALL + 15 * MIN)], stoppedByUs({ closed: closed.get("db_app")! }));
    expect(summary(later.events)).toEqual([{ instanceId: "db_app", type: "instance.stopped", causeKind: "cloud", causeId: null, occurredAt: CALL + 15 * MIN }]);
  });

  it("a closing found for an earlier stop does not apply to the agent's next stop", async () => {
    const own = stoppedByUs({ stoppedByUsAt: CALL + DAY, closed: { stopped: { callAt: CALL, at: CALL + 6 * MIN } } });
    expect((await historyEvents(account, known, [record("stopped", CALL + DAY + 4 * MIN)], own)).events).toEqual([]);
  });

  it("AWS's forced start seven days after the agent's stop, even with a start of the agent's under way", async () => {
    const forcedAt = CALL + 7 * DAY;
    const own = stoppedByUs({ startedByUsAt: forcedAt - MIN, pending: { target: "running", since: forcedAt - MIN, causeKind: "user", causeId: "usr_1", key: "act_1" } });
    const { events } = await historyEvents(account, known, [record("running", forcedAt, { autoRestart: true })], own);
    expect(summary(events)).toEqual([{ instanceId: "db_app", type: "instance.auto_restarted", causeKind: "aws_auto_restart", causeId: null, occurredAt: forcedAt }]);
  });
});

describe("ownRecords", () => {
  it("takes every record of the same change (a CloudTrail request, then RDS's event) and stops at the first other state", () => {
    const request = record("stopped", CALL + 1_000, { source: "cloudtrail", approximate: true });
    const done = record("stopped", CALL + 4 * MIN);
    const started = record("running", CALL + 6 * MIN);
    const { records, closed } = ownRecords([started, done, request], { stoppedByUsAt: CALL, startedByUsAt: null, pending: stop });
    expect([...records]).toEqual([
      [request, { kind: "recorded" }],
      [done, { kind: "confirmation", pending: stop }],
    ]);
    expect(closed).toEqual({ stopped: { callAt: CALL, at: CALL + 6 * MIN } });
  });

  it("knows nothing of a database the agent has never stopped or started", () => {
    expect(ownRecords([record("stopped", CALL)], { ...EMPTY_MEMORY })).toEqual({ records: new Map(), closed: {} });
  });
});
