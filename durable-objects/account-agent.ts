/**
 * AccountAgent — one Durable Object per connected cloud account (named by the account id).
 *
 * It is the only place that acts on an account, so no two actions on the same databases ever
 * race: every call into it is serialized by the Durable Object. It keeps its own ledger in its
 * SQLite storage (which ticks it has handled) so an at-least-once tick is acted on once, and it
 * reports what it did as events through the `events` queue (never by writing D1 directly, so all
 * of D1's event rows come through one idempotent consumer).
 *
 * On a tick it discovers the account's databases when discovery is due (every few minutes, or at
 * once for a sync request) and records a heartbeat event when it did work or an hour has passed.
 * Reconciliation, actions, polling, metrics and alarms for exact transitions arrive with the
 * scheduling engine.
 */
import { DurableObject } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { accountConfig, type AccountRow } from "../worker/accounts/connection.ts";
import { providerFor, type CloudProvider } from "../worker/cloud/index.ts";
import { cloudAccounts } from "../worker/db/schema.ts";
import { discoverAccount, type DiscoveryOutcome } from "../worker/discovery/discover.ts";
import type { Env } from "../worker/env.ts";
import { buildEvent, type EventMessage } from "../worker/events/event.ts";
import type { AccountTickMessage } from "../worker/ticks/messages.ts";

export interface TickOutcome {
  accountId: string;
  tickId: string;
  /** True when this tick id had been handled before (a redelivered message): nothing was done. */
  duplicate: boolean;
  /** The heartbeat event recorded for this tick, if any. */
  eventId: string | null;
  /** Set when discovery ran on this tick. */
  discovery?: { ok: boolean; databases: number; error?: string };
  /** Why nothing was done (account gone, paused). */
  skipped?: string;
}

/** How often the agent lists the account's databases between sync requests. */
export const DISCOVERY_INTERVAL_MS = 5 * 60_000;
/** How often an idle agent still records that it ran. */
export const HEARTBEAT_INTERVAL_MS = 60 * 60_000;

/** How many handled tick ids the agent remembers (a day of minutes and then some). */
const TICK_LEDGER_KEEP = 2_000;

export class AccountAgent extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** One provider client per account version (keeps STS credentials and OAuth tokens cached). */
  private provider: { version: number; client: CloudProvider } | null = null;

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
    const outcome: TickOutcome = { accountId: message.accountId, tickId: message.tickId, duplicate: false, eventId: null };

    const seen = this.sql
      .exec<{ n: number }>("select count(*) as n from tick_ledger where tick_id = ?", message.tickId)
      .one().n;
    if (seen > 0) return { ...outcome, duplicate: true };

    const now = Date.now();
    const [account] = await drizzle(this.env.DB)
      .select()
      .from(cloudAccounts)
      .where(and(eq(cloudAccounts.id, message.accountId), eq(cloudAccounts.orgId, message.orgId)));
    if (!account) {
      // Disconnected meanwhile: nothing to do, and nothing to record against a deleted account.
      this.recordTick(message, now);
      return { ...outcome, skipped: "account no longer exists" };
    }

    const events: EventMessage[] = [];
    let discovery: DiscoveryOutcome | null = null;
    const lastDiscovery = Number(this.recall("last_discovery_at") ?? 0);
    if (account.status !== "disabled" && (message.reason !== "cron" || now - lastDiscovery >= DISCOVERY_INTERVAL_MS)) {
      discovery = await discoverAccount(this.env, account, await this.providerFor(account), now);
      this.remember("last_discovery_at", String(now));
      events.push(...discovery.events);
      outcome.discovery = { ok: discovery.ok, databases: discovery.databases, ...(discovery.error && { error: discovery.error }) };
    } else if (account.status === "disabled") {
      outcome.skipped = "account is paused";
    }

    const lastHeartbeat = Number(this.recall("last_heartbeat_at") ?? 0);
    if (discovery || now - lastHeartbeat >= HEARTBEAT_INTERVAL_MS) {
      const heartbeat = await buildEvent(
        {
          orgId: message.orgId,
          cloudAccountId: message.accountId,
          type: "agent.tick",
          causeKind: "system",
          occurredAt: now,
          detail: { tickId: message.tickId, reason: message.reason, scheduledAt: message.scheduledAt, ...(discovery && { discovered: discovery.databases, ok: discovery.ok }) },
        },
        [message.accountId, message.tickId],
      );
      events.push(heartbeat);
      outcome.eventId = heartbeat.id;
    }

    // Send first, then record: if a send fails the tick is retried; if recording fails after a
    // successful send, the retry re-sends the same deterministic event ids and D1 ignores them.
    for (let i = 0; i < events.length; i += 100) {
      await this.env.EVENTS.sendBatch(events.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
    }
    if (outcome.eventId) this.remember("last_heartbeat_at", String(now));
    this.recordTick(message, now);
    return outcome;
  }

  private recordTick(message: AccountTickMessage, handledAt: number): void {
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
  }

  private async providerFor(account: AccountRow): Promise<CloudProvider | null> {
    const version = account.updatedAt.getTime();
    if (this.provider?.version === version) return this.provider.client;
    try {
      this.provider = { version, client: providerFor(await accountConfig(this.env, account)) };
      return this.provider.client;
    } catch {
      // discoverAccount reports the configuration problem in the account's own words.
      return null;
    }
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
