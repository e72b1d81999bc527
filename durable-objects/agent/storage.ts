/**
 * The AccountAgent's own memory (Durable Object SQLite): identity and timestamps (`agent_meta`),
 * handled tick ids, per-database memory (with how long its recent stops and starts took, a few
 * numbers as JSON), queued manual actions and the events outbox.
 *
 * The schema is versioned: `agent_meta.schema_version` says which of MIGRATIONS have run, and the
 * constructor applies the missing ones in order, once. Add a migration to change the schema; never
 * edit one that has shipped.
 *
 * A pass reads `agent_meta` and the per-database memory many times (issue 14: a dozen meta reads
 * and two per database), so both are held in memory per Durable Object storage (every AgentStorage
 * over the same storage shares them): read through once, written through, and dropped when a
 * transaction of this class rolls back. The Durable Object is their only writer and runs one thing
 * at a time, so what is held is what is stored, as long as every write to `agent_meta` and
 * `instance_memory` goes through this class (a test that plants rows by hand calls `reload`). A
 * write that would store what is already stored is not made.
 *
 * Owns: rows ↔ the pure core's types (worker/reconcile/pass.ts). Must never: decide anything.
 */
import type { EventMessage } from "../../worker/events/event.ts";
import type { AgentMemory, AppliedCapacity, PendingTransition, QueuedAction } from "../../worker/reconcile/pass.ts";
import type { LearnedDuration, LearnedDurations } from "../../worker/reconcile/confirm.ts";
import type { CauseKind, PowerAction } from "../../worker/domain/vocabulary.ts";
import type { DesiredState } from "../../worker/schedules/index.ts";
import type { MetricCursor } from "../../worker/metrics/collect.ts";

/** Index i holds the SQL that takes the schema from version i to i + 1. */
export const MIGRATIONS: readonly string[] = [
  // 1: the tables of the first agents (created without a version, hence "if not exists").
  `create table if not exists agent_meta (key text primary key, value text not null);
   create table if not exists tick_ledger (tick_id text primary key, scheduled_at integer not null, handled_at integer not null);
   create table if not exists instance_memory (
     instance_id text primary key,
     last_desired text, last_dry_desired text,
     stopped_by_us_at integer, started_by_us_at integer,
     pending_target text, pending_since integer, pending_cause_kind text, pending_cause_id text, pending_key text,
     last_skip text
   );
   create table if not exists queued_actions (
     action_id text primary key, instance_id text not null, action text not null,
     cause_kind text not null, cause_id text, requested_at integer not null
   );`,
  // 2: events wait here, written with the state change they describe, until the queue has them.
  `create table event_outbox (seq integer primary key autoincrement, event_id text not null unique, body text not null);`,
  // 3: per database, the end of the last metrics window written to D1 (worker/metrics/collect.ts).
  `create table metric_cursor (instance_id text primary key, through integer not null);`,
  // 4: per serverless v2 cluster, the capacity range last confirmed (or refused: failed_at) for capacity windows.
  `create table capacity_applied (instance_id text primary key, min_acu real not null, max_acu real not null, failed_at integer);`,
  // 5: a call on its way (its answer not yet recorded) survives a restart (pass.ts, unsettled).
  `alter table instance_memory add column pending_unsettled integer not null default 0;`,
  // 6: per database, the older metrics hours [backfill_from, backfill_to) still to read, a chunk per collection.
  `alter table metric_cursor add column backfill_from integer;
   alter table metric_cursor add column backfill_to integer;`,
  // 7: the confirmation poll policy learns per database (worker/reconcile/confirm.ts): the last look
  // that saw a transition still moving, and the recent durations of its stops and starts (JSON).
  `alter table instance_memory add column pending_seen_moving_at integer;
   alter table instance_memory add column durations text;`,
];

/** How many handled tick ids the agent remembers (a day of minutes and then some). */
const TICK_LEDGER_KEEP = 2_000;
/**
 * The trim reads the whole ledger, so it runs only once the ledger may have grown this many ids
 * past TICK_LEDGER_KEEP: the span of its rowids (two rows read; never less than its size) says so.
 * It keeps the last 2,000 tick ids and at most TICK_TRIM_MARGIN older ones.
 */
const TICK_TRIM_MARGIN = 100;
/** Queues accept at most 100 messages per sendBatch call. */
const SEND_BATCH = 100;

type MemoryRow = {
  instance_id: string;
  last_desired: string | null;
  last_dry_desired: string | null;
  stopped_by_us_at: number | null;
  started_by_us_at: number | null;
  pending_target: string | null;
  pending_since: number | null;
  pending_cause_kind: string | null;
  pending_cause_id: string | null;
  pending_key: string | null;
  pending_unsettled: number;
  pending_seen_moving_at: number | null;
  last_skip: string | null;
  durations: string | null;
};

export type MetaKey =
  | "schema_version" | "account_id" | "org_id" | "last_discovery_at" | "last_heartbeat_at" | "failed_passes" | "outbox_failures"
  /** Where the next read of the cloud's power history starts (worker/discovery/history.ts). */
  | "history_checkpoint"
  /** The older power history is read back to here so far, and how far back it goes. */
  | "history_backfilled_to"
  | "history_floor"
  /** When the next hourly metrics collection is due, and when the account's old rows were last pruned. */
  | "metrics_due_at" | "metrics_pruned_at"
  /** The timed action an early alarm rings for (worker/reconcile/pass.ts `alarmFor`); 0: none. */
  | "hold_until"
  /** Latest AWS forced start (7 days stopped) seen in the cloud's history, per database. */
  | `auto_restart_at:${string}`
  /** Per database: where the cloud's history showed the agent's own latest stop or start followed by another change (JSON). */
  | `own_change_closed:${string}`;

/** The per-database key families of `agent_meta`, forgotten with their database (`forgetDatabasesExcept`). */
const PER_DATABASE_KEYS = ["auto_restart_at:", "own_change_closed:"] as const;

/** The columns of an `instance_memory` row after its id, in `saveMemory`'s order. */
type MemoryColumns = [
  last_desired: string | null, last_dry_desired: string | null, stopped_by_us_at: number | null, started_by_us_at: number | null,
  pending_target: string | null, pending_since: number | null, pending_cause_kind: string | null, pending_cause_id: string | null, pending_key: string | null,
  pending_unsettled: number, pending_seen_moving_at: number | null, last_skip: string | null, durations: string | null,
];

/** One database's memory as stored (to tell a change from a rewrite) and as read back (frozen: shared by every reader). */
type HeldMemory = { columns: MemoryColumns; memory: AgentMemory };

/** What is held in memory of one Durable Object's storage; null: not read yet in this life (or dropped). */
type Held = {
  meta: Map<string, string> | null;
  memory: Map<string, HeldMemory> | null;
};

const HELD = new WeakMap<DurableObjectStorage, Held>();

export class AgentStorage {
  private readonly held: Held;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly sql: SqlStorage = storage.sql,
  ) {
    let held = HELD.get(storage);
    if (!held) HELD.set(storage, (held = { meta: null, memory: null }));
    this.held = held;
  }

  /** Brings the schema to the latest version (call inside blockConcurrencyWhile). */
  migrate(): number {
    this.sql.exec("create table if not exists agent_meta (key text primary key, value text not null)");
    let version = Number(this.recall("schema_version") ?? 0);
    for (; version < MIGRATIONS.length; version++) {
      this.atomically(() => {
        this.sql.exec(MIGRATIONS[version]!);
        this.remember("schema_version", String(version + 1));
      });
    }
    return version;
  }

  /** Forgets what is held in memory: the next reads go to SQLite (after rows were written around this class). */
  reload(): void {
    this.held.meta = null;
    this.held.memory = null;
  }

  /** Runs `fn` in one SQLite transaction; if it throws, the rows roll back and so does what is held. */
  private atomically<T>(fn: () => T): T {
    try {
      return this.storage.transactionSync(fn);
    } catch (error) {
      this.reload();
      throw error;
    }
  }

  private meta(): Map<string, string> {
    return (this.held.meta ??= new Map(this.sql.exec<{ key: string; value: string }>("select key, value from agent_meta").toArray().map((r) => [r.key, r.value])));
  }

  remember(key: MetaKey, value: string): void {
    const meta = this.meta();
    if (meta.get(key) === value) return;
    this.sql.exec("insert into agent_meta (key, value) values (?, ?) on conflict(key) do update set value = excluded.value", key, value);
    meta.set(key, value);
  }

  recall(key: MetaKey): string | null {
    return this.meta().get(key) ?? null;
  }

  recallNumber(key: MetaKey): number | null {
    const v = this.recall(key);
    return v === null ? null : Number(v);
  }

  /** Forgets the per-database `agent_meta` keys (forced starts, closings) of databases not in `live`. */
  forgetDatabasesExcept(live: Iterable<string>): string[] {
    const keep = new Set(live);
    const meta = this.meta();
    const gone = [...meta.keys()].filter((key) => PER_DATABASE_KEYS.some((prefix) => key.startsWith(prefix) && !keep.has(key.slice(prefix.length))));
    for (const key of gone) {
      this.sql.exec("delete from agent_meta where key = ?", key);
      meta.delete(key);
    }
    return gone;
  }

  // --- ticks

  tickHandled(tickId: string): boolean {
    return this.sql.exec<{ n: number }>("select count(*) as n from tick_ledger where tick_id = ?", tickId).one().n > 0;
  }

  recordTick(tickId: string, scheduledAt: number, handledAt: number): void {
    this.sql.exec("insert or ignore into tick_ledger (tick_id, scheduled_at, handled_at) values (?, ?, ?)", tickId, scheduledAt, handledAt);
    const span = this.sql
      .exec<{ n: number | null }>("select (select rowid from tick_ledger order by rowid desc limit 1) - (select rowid from tick_ledger order by rowid limit 1) + 1 as n")
      .one().n ?? 0;
    if (span <= TICK_LEDGER_KEEP + TICK_TRIM_MARGIN) return;
    this.sql.exec("delete from tick_ledger where tick_id not in (select tick_id from tick_ledger order by handled_at desc limit ?)", TICK_LEDGER_KEEP);
  }

  tickStats(): { n: number; last: number | null } {
    return this.sql.exec<{ n: number; last: number | null }>("select count(*) as n, max(handled_at) as last from tick_ledger").one();
  }

  // --- per-database memory

  private heldMemory(): Map<string, HeldMemory> {
    if (this.held.memory) return this.held.memory;
    const held = new Map<string, HeldMemory>();
    for (const r of this.sql.exec<MemoryRow>("select * from instance_memory")) held.set(r.instance_id, heldOf(columnsOfRow(r)));
    return (this.held.memory = held);
  }

  /** Every database's memory (a new map each call; the memories are frozen, shared by every reader). */
  memory(): Map<string, AgentMemory> {
    const out = new Map<string, AgentMemory>();
    for (const [id, h] of this.heldMemory()) out.set(id, h.memory);
    return out;
  }

  /** Writes a database's memory, unless it is what is stored already. */
  saveMemory(instanceId: string, m: AgentMemory): void {
    const held = this.heldMemory();
    const columns = columnsOf(m);
    const before = held.get(instanceId);
    if (before && before.columns.every((v, i) => v === columns[i])) return;
    this.sql.exec(
      `insert into instance_memory (instance_id, last_desired, last_dry_desired, stopped_by_us_at, started_by_us_at, pending_target, pending_since, pending_cause_kind, pending_cause_id, pending_key, pending_unsettled, pending_seen_moving_at, last_skip, durations)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict(instance_id) do update set last_desired = excluded.last_desired, last_dry_desired = excluded.last_dry_desired,
         stopped_by_us_at = excluded.stopped_by_us_at, started_by_us_at = excluded.started_by_us_at, pending_target = excluded.pending_target,
         pending_since = excluded.pending_since, pending_cause_kind = excluded.pending_cause_kind, pending_cause_id = excluded.pending_cause_id,
         pending_key = excluded.pending_key, pending_unsettled = excluded.pending_unsettled, pending_seen_moving_at = excluded.pending_seen_moving_at,
         last_skip = excluded.last_skip, durations = excluded.durations`,
      instanceId, ...columns,
    );
    held.set(instanceId, heldOf(columns));
  }

  // --- metrics

  metricCursors(): Map<string, MetricCursor> {
    const rows = this.sql.exec<{ instance_id: string; through: number; backfill_from: number | null; backfill_to: number | null }>("select instance_id, through, backfill_from, backfill_to from metric_cursor").toArray();
    return new Map(rows.map((r) => [r.instance_id, { through: r.through, backfill: r.backfill_from !== null && r.backfill_to !== null ? { from: r.backfill_from, to: r.backfill_to } : null }]));
  }

  /** Records the windows written, and forgets databases no longer in the account (their cursors and `forgetDatabasesExcept`). */
  saveMetricCursors(cursors: ReadonlyMap<string, MetricCursor>, live: readonly string[]): void {
    this.atomically(() => {
      const keep = new Set(live);
      this.forgetDatabasesExcept(keep);
      for (const id of this.metricCursors().keys()) if (!keep.has(id)) this.sql.exec("delete from metric_cursor where instance_id = ?", id);
      for (const [id, c] of cursors) {
        this.sql.exec(
          "insert into metric_cursor (instance_id, through, backfill_from, backfill_to) values (?, ?, ?, ?) on conflict(instance_id) do update set through = excluded.through, backfill_from = excluded.backfill_from, backfill_to = excluded.backfill_to",
          id, c.through, c.backfill?.from ?? null, c.backfill?.to ?? null,
        );
      }
    });
  }

  // --- capacity windows

  capacityApplied(): Map<string, AppliedCapacity> {
    const rows = this.sql.exec<{ instance_id: string; min_acu: number; max_acu: number; failed_at: number | null }>("select * from capacity_applied").toArray();
    return new Map(rows.map((r) => [r.instance_id, { minAcu: r.min_acu, maxAcu: r.max_acu, failedAt: r.failed_at }]));
  }

  saveCapacity(instanceId: string, applied: AppliedCapacity): void {
    this.sql.exec(
      "insert into capacity_applied (instance_id, min_acu, max_acu, failed_at) values (?, ?, ?, ?) on conflict(instance_id) do update set min_acu = excluded.min_acu, max_acu = excluded.max_acu, failed_at = excluded.failed_at",
      instanceId, applied.minAcu, applied.maxAcu, applied.failedAt,
    );
  }

  // --- queued manual actions

  enqueue(a: QueuedAction, at: number): boolean {
    const before = this.sql.exec<{ n: number }>("select count(*) as n from queued_actions where action_id = ?", a.actionId).one().n;
    if (before > 0) return false;
    this.sql.exec(
      "insert into queued_actions (action_id, instance_id, action, cause_kind, cause_id, requested_at) values (?, ?, ?, ?, ?, ?)",
      a.actionId, a.instanceId, a.action, a.cause.kind, a.cause.id, at,
    );
    return true;
  }

  queued(): QueuedAction[] {
    return this.sql
      .exec<{ action_id: string; instance_id: string; action: string; cause_kind: string; cause_id: string | null }>(
        "select action_id, instance_id, action, cause_kind, cause_id from queued_actions order by requested_at",
      )
      .toArray()
      .map((q) => ({ actionId: q.action_id, instanceId: q.instance_id, action: q.action as PowerAction, cause: { kind: q.cause_kind as CauseKind, id: q.cause_id } }));
  }

  dequeue(actionIds: readonly string[]): void {
    for (const id of actionIds) this.sql.exec("delete from queued_actions where action_id = ?", id);
  }

  queuedCount(): number {
    return this.sql.exec<{ n: number }>("select count(*) as n from queued_actions").one().n;
  }

  // --- state changes and their events, in one step

  /** Writes memory (the databases whose memory changed), removes handled actions and appends events to the outbox atomically. */
  commit(change: { memory?: ReadonlyMap<string, AgentMemory>; dequeue?: readonly string[]; events?: readonly EventMessage[] }): void {
    this.atomically(() => {
      for (const [id, m] of change.memory ?? []) this.saveMemory(id, m);
      this.dequeue(change.dequeue ?? []);
      for (const e of change.events ?? []) this.sql.exec("insert or ignore into event_outbox (event_id, body) values (?, ?)", e.id, JSON.stringify(e));
    });
  }

  outboxSize(): number {
    return this.sql.exec<{ n: number }>("select count(*) as n from event_outbox").one().n;
  }

  /**
   * Sends the outbox to the queue in order, deleting each batch once the queue has accepted it:
   * a failed send leaves that batch and the rest for the next drain, so every event is sent, and
   * none that was accepted is sent again. Returns how many remain.
   */
  async drainOutbox(send: (batch: EventMessage[]) => Promise<void>): Promise<number> {
    for (;;) {
      const rows = this.sql.exec<{ seq: number; body: string }>("select seq, body from event_outbox order by seq limit ?", SEND_BATCH).toArray();
      if (rows.length === 0) {
        this.remember("outbox_failures", "0");
        return 0;
      }
      try {
        await send(rows.map((r) => JSON.parse(r.body) as EventMessage));
      } catch {
        this.remember("outbox_failures", String((this.recallNumber("outbox_failures") ?? 0) + 1));
        return this.outboxSize();
      }
      this.sql.exec("delete from event_outbox where seq <= ?", rows[rows.length - 1]!.seq);
    }
  }
}

function columnsOf(m: AgentMemory): MemoryColumns {
  const p = m.pending;
  return [
    m.lastDesired, m.lastDryDesired, m.stoppedByUsAt, m.startedByUsAt,
    p?.target ?? null, p?.since ?? null, p?.causeKind ?? null, p?.causeId ?? null, p?.key ?? null, p?.unsettled ? 1 : 0, p?.seenMovingAt ?? null, m.lastSkip,
    m.durations ? JSON.stringify(m.durations) : null,
  ];
}

function columnsOfRow(r: MemoryRow): MemoryColumns {
  return [
    r.last_desired, r.last_dry_desired, r.stopped_by_us_at, r.started_by_us_at, r.pending_target, r.pending_since, r.pending_cause_kind, r.pending_cause_id, r.pending_key,
    r.pending_unsettled, r.pending_seen_moving_at, r.last_skip, r.durations,
  ];
}

/** The memory as a read of these columns gives it, frozen all the way down (callers build new memories, never edit one). */
function heldOf(columns: MemoryColumns): HeldMemory {
  const [last_desired, last_dry_desired, stopped_by_us_at, started_by_us_at, pending_target, pending_since, pending_cause_kind, pending_cause_id, pending_key, pending_unsettled, pending_seen_moving_at, last_skip, durations] = columns;
  const memory = fromRow({
    instance_id: "", last_desired, last_dry_desired, stopped_by_us_at, started_by_us_at, pending_target, pending_since, pending_cause_kind, pending_cause_id, pending_key,
    pending_unsettled, pending_seen_moving_at, last_skip, durations,
  });
  return { columns, memory: deepFreeze(memory) };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function fromRow(r: MemoryRow): AgentMemory {
  const pending: PendingTransition | null = r.pending_target
    ? {
        target: r.pending_target as PendingTransition["target"], since: r.pending_since ?? 0, causeKind: (r.pending_cause_kind ?? "system") as CauseKind, causeId: r.pending_cause_id, key: r.pending_key ?? "",
        ...(r.pending_unsettled ? { unsettled: true } : {}), ...(r.pending_seen_moving_at !== null ? { seenMovingAt: r.pending_seen_moving_at } : {}),
      }
    : null;
  const durations = durationsOf(r.durations);
  return {
    lastDesired: r.last_desired as DesiredState | null,
    lastDryDesired: r.last_dry_desired as DesiredState | null,
    stoppedByUsAt: r.stopped_by_us_at,
    startedByUsAt: r.started_by_us_at,
    pending,
    lastSkip: r.last_skip,
    ...(durations && { durations }),
  };
}

/** The stored durations, or none if the text is not what `saveMemory` writes (then the defaults apply). */
function durationsOf(text: string | null): LearnedDurations | null {
  if (!text) return null;
  const ok = (l: unknown): l is LearnedDuration => {
    const v = l as LearnedDuration;
    return typeof v === "object" && v !== null && Array.isArray(v.doneMs) && v.doneMs.every((n) => Number.isFinite(n) && n >= 0) && (v.floorMs === null || Number.isFinite(v.floorMs));
  };
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const out: LearnedDurations = {};
    for (const action of ["stop", "start"] as const) if (ok(parsed[action])) out[action] = parsed[action];
    return out;
  } catch {
    return null;
  }
}
