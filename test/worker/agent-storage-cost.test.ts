// What the AccountAgent's own SQLite costs per pass (issue 14): the rows a realistic sequence of
// passes over an account of 20 databases reads and writes in the agent's storage, counted by the
// runtime itself (SqlStorageCursor rowsRead / rowsWritten) through a counting SqlStorage.
// Before the storage held agent_meta and the memory (at 8b4f693) the same 10 passes read 58,567
// rows (5,829-5,895 a pass: the tick ledger's trim read it whole every tick), wrote 107 and ran
// 719 statements.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { AgentHistory } from "../../durable-objects/agent/history.ts";
import { AgentStorage } from "../../durable-objects/agent/storage.ts";
import { accountAgent } from "../../worker/accounts/agent.ts";
import type { EventMessage } from "../../worker/events/event.ts";
import type { AgentMemory } from "../../worker/reconcile/pass.ts";

const DATABASES = Array.from({ length: 20 }, (_, i) => `db_${String(i).padStart(2, "0")}`);
const PASSES = 10;
const T0 = Date.UTC(2026, 10, 30, 6);
const MINUTE = 60_000;

type Counted = { rowsRead: number; rowsWritten: number; statements: number };

/** A SqlStorage that runs every statement on the real one and keeps its cursor to count rows. */
function countingSql(sql: SqlStorage): { sql: SqlStorage; take(): Counted } {
  let cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  const counting = Object.create(sql) as SqlStorage;
  counting.exec = (<T extends Record<string, SqlStorageValue>>(query: string, ...bindings: unknown[]) => {
    const cursor = sql.exec<T>(query, ...bindings);
    cursors.push(cursor as unknown as SqlStorageCursor<Record<string, SqlStorageValue>>);
    return cursor;
  }) as SqlStorage["exec"];
  return {
    sql: counting,
    take() {
      const counted = { rowsRead: cursors.reduce((n, c) => n + c.rowsRead, 0), rowsWritten: cursors.reduce((n, c) => n + c.rowsWritten, 0), statements: cursors.length };
      cursors = [];
      return counted;
    },
  };
}

const memoryOf = (i: number): AgentMemory => ({
  lastDesired: "running", lastDryDesired: null, stoppedByUsAt: T0 - (i + 1) * 86_400_000, startedByUsAt: T0 - (i + 1) * 43_200_000, pending: null, lastSkip: null,
  durations: { stop: { doneMs: [242_000, 257_000 + i], floorMs: 241_000 }, start: { doneMs: [422_000], floorMs: null } },
});

const event = (n: number, at: number): EventMessage => ({
  id: `evt_${String(n).padStart(26, "0")}`, orgId: "org_cost", cloudAccountId: "acc_cost", instanceId: DATABASES[n % DATABASES.length]!, type: "instance.stopped",
  causeKind: "schedule", causeId: "sch_1", fromState: "running", toState: "stopped", detail: null, occurredAt: at,
});

/** An account that has run for a day: 20 databases remembered, forced starts and closings seen for some, 1,440 ticks handled. */
function seed(store: AgentStorage): void {
  store.remember("account_id", "acc_cost");
  store.remember("org_id", "org_cost");
  store.remember("history_checkpoint", String(T0 - MINUTE));
  store.remember("history_backfilled_to", String(T0 - 30 * 86_400_000));
  store.remember("history_floor", String(T0 - 30 * 86_400_000));
  store.remember("metrics_due_at", String(T0 + 3_600_000));
  store.remember("last_discovery_at", String(T0 - MINUTE));
  store.remember("last_heartbeat_at", String(T0 - MINUTE));
  store.remember("failed_passes", "0");
  store.remember("outbox_failures", "0");
  store.remember("hold_until", "0");
  store.commit({ memory: new Map(DATABASES.map((id, i) => [id, memoryOf(i)])) });
  for (const id of DATABASES.slice(0, 5)) store.remember(`auto_restart_at:${id}`, String(T0 - 7 * 86_400_000));
  for (const id of DATABASES.slice(5, 10)) store.remember(`own_change_closed:${id}`, JSON.stringify({ stopped: { callAt: T0 - 86_400_000, at: T0 - 3_600_000 } }));
  for (let m = 1_440; m > 0; m--) store.recordTick(`tick-seed-${m}`, T0 - m * MINUTE, T0 - m * MINUTE);
}

/**
 * One pass as the AccountAgent makes it (durable-objects/account-agent.ts): its tick, the failure
 * and hold bookkeeping, a discovery with the recent history every fifth pass, the plan's inputs
 * (memory, per database the history's evidence, queued actions, capacity), the plan's memory
 * changes and events, the wake's inputs, the outbox and the pass's conclusion. On pass 3 the
 * schedule stops five databases (the plan's change, then the executor's intent and settlement).
 */
async function pass(store: AgentStorage, history: AgentHistory, n: number): Promise<void> {
  const now = T0 + n * MINUTE;
  const tick = `tick-${n}`;
  if (!store.tickHandled(tick)) store.recordTick(tick, now, now);
  store.recallNumber("failed_passes");
  store.recallNumber("hold_until");
  store.remember("hold_until", "0");
  store.recall("account_id");
  store.recall("org_id");
  if (n % 5 === 0) {
    store.remember("last_discovery_at", String(now));
    store.commit({ events: [] });
    history.cursor();
    for (const [id, m] of store.memory()) if (m.stoppedByUsAt !== null || m.startedByUsAt !== null || m.pending) store.recall(`own_change_closed:${id}`);
    store.commit({ events: [] });
    store.remember("history_checkpoint", String(now));
  }
  const memory = store.memory();
  store.recallNumber("last_discovery_at");
  for (const id of DATABASES) (history.read(), history.forcedStartAt(id));
  store.queued();
  store.capacityApplied();
  const stopping = n === 3 ? DATABASES.slice(0, 5) : [];
  const planned = new Map(stopping.map((id) => [id, { ...memory.get(id)!, lastDesired: "stopped" as const }]));
  store.commit({ memory: planned, dequeue: [], events: stopping.map((_, k) => event(n * 100 + k, now)) });
  for (const id of stopping) {
    const intent: AgentMemory = { ...planned.get(id)!, pending: { target: "stopped", since: now, causeKind: "schedule", causeId: "sch_1", key: `k-${id}`, unsettled: true } };
    store.commit({ memory: new Map([[id, intent]]) });
    store.commit({ memory: new Map([[id, { ...intent, pending: { ...intent.pending!, unsettled: false } as AgentMemory["pending"] }]]), events: [event(n * 100 + 50, now)] });
  }
  store.queuedCount();
  store.recallNumber("metrics_due_at");
  store.recallNumber("last_discovery_at");
  store.recallNumber("last_heartbeat_at");
  history.backfillPending();
  await store.drainOutbox(async () => {});
  store.recallNumber("outbox_failures");
  store.remember("failed_passes", "0");
  store.remember("hold_until", "0");
}

describe("the agent's own storage per pass", () => {
  it("over 20 databases, a pass reads and writes a bounded number of rows, and an unchanged database's memory is not rewritten", async () => {
    const agent = accountAgent(env, `storage-cost-${crypto.randomUUID()}`);
    const counted = await runInDurableObject(agent, async (_: AccountAgent, state) => {
      const counter = countingSql(state.storage.sql);
      const store = new AgentStorage(state.storage, counter.sql);
      const history = new AgentHistory(store, env.DB);
      seed(store);
      store.reload(); // the first pass is the first of the agent's life: nothing held yet
      counter.take();
      const passes: Counted[] = [];
      for (let n = 1; n <= PASSES; n++) {
        await pass(store, history, n);
        passes.push(counter.take());
      }
      // Control: the counter sees a changed database's memory written, and nothing for the same memory again.
      const changed = new Map([["db_19", { ...memoryOf(19), lastSkip: "maintenance window" }]]);
      store.commit({ memory: changed });
      const rewrite = counter.take();
      store.commit({ memory: changed });
      const unchanged = counter.take();
      return { passes, rewrite, unchanged };
    });
    const total = counted.passes.reduce((t, p) => ({ rowsRead: t.rowsRead + p.rowsRead, rowsWritten: t.rowsWritten + p.rowsWritten, statements: t.statements + p.statements }), { rowsRead: 0, rowsWritten: 0, statements: 0 });
    console.log("agent storage per pass", JSON.stringify({ total, passes: counted.passes, rewrite: counted.rewrite, unchanged: counted.unchanged }));
    const [cold, ...warm] = counted.passes;
    // The first pass of a life reads agent_meta and the memory once (21 + 20 rows here).
    expect(cold!.rowsRead).toBeLessThanOrEqual(60);
    // Every later quiet pass: its tick (a lookup, the insert, the ledger's two ends) and the outbox's empty read; no SQL per database.
    const quiet = warm.filter((_, i) => i + 2 !== 3);
    for (const p of quiet) expect(p.rowsRead).toBeLessThanOrEqual(10);
    for (const p of quiet) expect(p.rowsWritten).toBeLessThanOrEqual(4); // the tick, and a discovery's two timestamps
    // Pass 3 stops five databases: each memory written three times (plan, intent, settlement), ten events in and out of the outbox.
    expect(counted.passes[2]!.rowsRead).toBeLessThanOrEqual(60);
    expect(counted.passes[2]!.rowsWritten).toBeLessThanOrEqual(1 + 5 * 3 + 2 * 10 + 10);
    expect(total.rowsRead).toBeLessThanOrEqual(200);
    // The control: a changed database's memory is written; the same memory again is not.
    expect(counted.rewrite.rowsWritten).toBeGreaterThanOrEqual(1);
    expect(counted.unchanged.rowsWritten).toBe(0);
  });
});
