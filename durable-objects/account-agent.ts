/**
 * AccountAgent — one Durable Object per connected cloud account (named by the account id).
 *
 * It is the only place that acts on an account, so no two actions on the same databases ever
 * race: every call into it is serialized by the Durable Object. It keeps its own ledger in its
 * SQLite storage (which ticks it has handled) so an at-least-once tick is acted on once, and it
 * reports what it did as events through the `events` queue (never by writing D1 directly, so all
 * of D1's event rows come through one idempotent consumer).
 *
 * Discovery, reconciliation, actions, polling, metrics and alarms for exact transitions arrive
 * with the scheduling engine; today a tick records that the agent ran.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../worker/env.ts";
import { buildEvent } from "../worker/events/event.ts";
import type { AccountTickMessage } from "../worker/ticks/messages.ts";

export interface TickOutcome {
  accountId: string;
  tickId: string;
  /** True when this tick id had been handled before (a redelivered message): nothing was done. */
  duplicate: boolean;
  eventId: string | null;
}

/** How many handled tick ids the agent remembers (a day of minutes and then some). */
const TICK_LEDGER_KEEP = 2_000;

export class AccountAgent extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`
        create table if not exists agent_meta (key text primary key, value text not null);
        create table if not exists tick_ledger (
          tick_id text primary key,
          scheduled_at integer not null,
          handled_at integer not null
        );
      `);
    });
  }

  /** Handle one tick (RPC from the account-ticks consumer). Idempotent per tick id. */
  async tick(message: AccountTickMessage): Promise<TickOutcome> {
    this.remember("account_id", message.accountId);
    this.remember("org_id", message.orgId);

    const seen = this.sql
      .exec<{ n: number }>("select count(*) as n from tick_ledger where tick_id = ?", message.tickId)
      .one().n;
    if (seen > 0) {
      return { accountId: message.accountId, tickId: message.tickId, duplicate: true, eventId: null };
    }

    const handledAt = Date.now();
    const event = await buildEvent(
      {
        orgId: message.orgId,
        cloudAccountId: message.accountId,
        type: "agent.tick",
        causeKind: "system",
        occurredAt: handledAt,
        detail: { tickId: message.tickId, reason: message.reason, scheduledAt: message.scheduledAt },
      },
      [message.accountId, message.tickId],
    );
    // Send first, then record: if the send fails the tick is retried; if recording fails after a
    // successful send, the retry re-sends the same deterministic event id and D1 ignores it.
    await this.env.EVENTS.send(event, { contentType: "json" });
    this.sql.exec(
      "insert or ignore into tick_ledger (tick_id, scheduled_at, handled_at) values (?, ?, ?)",
      message.tickId,
      message.scheduledAt,
      handledAt,
    );
    this.sql.exec(
      `delete from tick_ledger where tick_id not in
         (select tick_id from tick_ledger order by handled_at desc limit ?)`,
      TICK_LEDGER_KEEP,
    );
    return { accountId: message.accountId, tickId: message.tickId, duplicate: false, eventId: event.id };
  }

  /** What the agent knows about itself (used by tests and, later, the account status API). */
  async status(): Promise<{ accountId: string | null; orgId: string | null; ticksHandled: number; lastTickAt: number | null }> {
    const row = this.sql
      .exec<{ n: number; last: number | null }>("select count(*) as n, max(handled_at) as last from tick_ledger")
      .one();
    return {
      accountId: this.recall("account_id"),
      orgId: this.recall("org_id"),
      ticksHandled: row.n,
      lastTickAt: row.last,
    };
  }

  private remember(key: string, value: string): void {
    this.sql.exec(
      "insert into agent_meta (key, value) values (?, ?) on conflict(key) do update set value = excluded.value",
      key,
      value,
    );
  }

  private recall(key: string): string | null {
    const rows = this.sql.exec<{ value: string }>("select value from agent_meta where key = ?", key).toArray();
    return rows[0]?.value ?? null;
  }
}
