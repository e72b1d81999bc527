/**
 * AccountAgent — one Durable Object per connected cloud account (named by the account id).
 *
 * It is the only place that acts on an account, so no two actions on its databases ever race:
 * all work runs through one in-object queue (`serialized`), whether it was started by the alarm,
 * a cron tick, a sync request or a manual start/stop. Its SQLite storage holds what it must not
 * forget: handled tick ids (at-least-once ticks act once), per-database memory (last desired
 * state, in-flight transitions, who stopped it) and queued manual actions.
 *
 * Each pass (`work`): discover when due, run queued manual actions, evaluate schedules and
 * overrides into a reconcile plan (worker/reconcile/plan.ts), execute it through the provider
 * client (paced by per-origin token buckets, retried by the client's policy), poll transitions to
 * completion, report every observed or caused change as an event (deterministic ids) through the
 * `events` queue, and re-arm the alarm for the next transition, poll or discovery. The cron tick
 * only backs the alarm up: the agent writes its next due time to D1 for it.
 */
import { DurableObject } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { accountConfig, type AccountRow } from "../worker/accounts/connection.ts";
import { isCloudError, providerFor, type CloudProvider, type Database, type DatabaseRef } from "../worker/cloud/index.ts";
import { cloudAccounts, instances, overrides, type CauseKind, type PowerState } from "../worker/db/schema.ts";
import { discoverAccount } from "../worker/discovery/discover.ts";
import type { Env } from "../worker/env.ts";
import { buildEvent, type EventMessage } from "../worker/events/event.ts";
import { loadAccountWork, verdictsFor, type InstanceRow } from "../worker/reconcile/gather.ts";
import { planInstance, type DesiredState, type InstanceMemory } from "../worker/reconcile/plan.ts";
import { AWS_BUCKET, GCP_BUCKET, TokenBuckets } from "../worker/reconcile/token-bucket.ts";
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

export interface ActionRequest {
  actionId: string;
  instanceId: string;
  action: "start" | "stop";
  cause: { kind: CauseKind; id: string | null };
}

export interface PassReport {
  discovery?: { ok: boolean; databases: number; error?: string };
  acted: { instanceId: string; action: "start" | "stop"; ok: boolean; error?: string }[];
  skipped: { instanceId: string; reason: string }[];
  nextAlarmAt: number | null;
}

/** How often the agent lists the account's databases between sync requests. */
export const DISCOVERY_INTERVAL_MS = 5 * 60_000;
/** How often an idle agent still records that it ran. */
export const HEARTBEAT_INTERVAL_MS = 60 * 60_000;
/** How soon an in-flight transition or a wait is checked again. */
export const POLL_INTERVAL_MS = 10_000;
/** Slack after the alarm before the cron tick treats the account as overdue. */
const CRON_GRACE_MS = 2 * 60_000;
/** How many handled tick ids the agent remembers (a day of minutes and then some). */
const TICK_LEDGER_KEEP = 2_000;
/** A transition that has not completed in this long is reported and abandoned. */
const TRANSITION_TIMEOUT_MS = 45 * 60_000;

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
  last_skip: string | null;
};

export class AccountAgent extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** One provider client per account version (keeps STS credentials and OAuth tokens cached). */
  private provider: { version: number; client: CloudProvider } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`
        create table if not exists agent_meta (key text primary key, value text not null);
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
        );
      `);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Entry points (RPC and alarm). Everything runs through `serialized`.

  /** Handle one cron tick (RPC from the account-ticks consumer). Idempotent per tick id. */
  async tick(message: AccountTickMessage): Promise<TickOutcome> {
    return this.serialized(async () => {
      this.remember("account_id", message.accountId);
      this.remember("org_id", message.orgId);
      const outcome: TickOutcome = { accountId: message.accountId, tickId: message.tickId, duplicate: false, eventId: null };
      if (this.sql.exec<{ n: number }>("select count(*) as n from tick_ledger where tick_id = ?", message.tickId).one().n > 0) {
        return { ...outcome, duplicate: true };
      }
      const now = Date.now();
      const report = await this.pass(now, message.reason !== "cron", message);
      this.recordTick(message, now);
      if (report === null) return { ...outcome, skipped: "account no longer exists" };
      return {
        ...outcome,
        eventId: report.heartbeatId,
        ...(report.discovery && { discovery: report.discovery }),
        ...(report.paused && { skipped: "account is paused" }),
      };
    });
  }

  /** Queue a manual start/stop (RPC from the API); answers at once, the alarm does the work. */
  async requestAction(request: ActionRequest): Promise<{ actionId: string; queued: boolean }> {
    const existing = this.sql.exec<{ n: number }>("select count(*) as n from queued_actions where action_id = ?", request.actionId).one().n;
    if (existing === 0) {
      this.sql.exec(
        "insert into queued_actions (action_id, instance_id, action, cause_kind, cause_id, requested_at) values (?, ?, ?, ?, ?, ?)",
        request.actionId, request.instanceId, request.action, request.cause.kind, request.cause.id, Date.now(),
      );
    }
    await this.ctx.storage.setAlarm(Date.now());
    return { actionId: request.actionId, queued: existing === 0 };
  }

  /** Re-evaluate soon (schedules or overrides changed). */
  async reschedule(accountId: string, orgId: string): Promise<void> {
    this.remember("account_id", accountId);
    this.remember("org_id", orgId);
    await this.ctx.storage.setAlarm(Date.now());
  }

  /** Run one pass now and report (used by tests and the sync path). */
  async runNow(options: { forceDiscovery?: boolean } = {}): Promise<PassReport | null> {
    return this.serialized(async () => {
      const report = await this.pass(Date.now(), options.forceDiscovery ?? false, null);
      return report && { discovery: report.discovery, acted: report.acted, skipped: report.skipped, nextAlarmAt: report.nextAlarmAt };
    });
  }

  override async alarm(): Promise<void> {
    await this.serialized(() => this.pass(Date.now(), false, null));
  }

  /** What the agent knows about itself (used by tests and, later, the account status API). */
  async status(): Promise<{ accountId: string | null; orgId: string | null; ticksHandled: number; lastTickAt: number | null; nextAlarmAt: number | null }> {
    const row = this.sql.exec<{ n: number; last: number | null }>("select count(*) as n, max(handled_at) as last from tick_ledger").one();
    return {
      accountId: this.recall("account_id"),
      orgId: this.recall("org_id"),
      ticksHandled: row.n,
      lastTickAt: row.last,
      nextAlarmAt: await this.ctx.storage.getAlarm(),
    };
  }

  // -------------------------------------------------------------------------------------------
  // One pass

  private async pass(now: number, forceDiscovery: boolean, tick: AccountTickMessage | null) {
    const accountId = tick?.accountId ?? this.recall("account_id");
    const orgId = tick?.orgId ?? this.recall("org_id");
    if (!accountId || !orgId) return null;
    const db = drizzle(this.env.DB);
    const [account] = await db.select().from(cloudAccounts).where(and(eq(cloudAccounts.id, accountId), eq(cloudAccounts.orgId, orgId)));
    if (!account) {
      await this.ctx.storage.deleteAlarm();
      return null;
    }
    const events: EventMessage[] = [];
    const report = {
      discovery: undefined as PassReport["discovery"],
      acted: [] as PassReport["acted"],
      skipped: [] as PassReport["skipped"],
      nextAlarmAt: null as number | null,
      heartbeatId: null as string | null,
      paused: account.status === "disabled",
    };

    let provider: CloudProvider | null = null;
    const discover = async () => {
      const outcome = await discoverAccount(this.env, account, provider, now);
      this.remember("last_discovery_at", String(now));
      events.push(...outcome.events);
      report.discovery = { ok: outcome.ok, databases: outcome.databases, ...(outcome.error && { error: outcome.error }) };
    };
    const lastDiscovery = Number(this.recall("last_discovery_at") ?? 0);
    const discoveryDue = !report.paused && (forceDiscovery || now - lastDiscovery >= DISCOVERY_INTERVAL_MS);
    if (!report.paused) {
      provider = await this.providerFor(account);
      // A sync request or a first look discovers before acting; routine discovery waits until
      // after the actions, so an alarm at a transition acts on its second.
      if (discoveryDue && (forceDiscovery || lastDiscovery === 0 || !provider)) await discover();
    }

    let nextAt = now + HEARTBEAT_INTERVAL_MS;
    if (!report.paused && provider) {
      const work = await loadAccountWork(this.env.DB, orgId, accountId, now);
      const byId = new Map(work.instances.map((r) => [r.id, r]));

      // 1. Manual actions, in the order they were asked for.
      const queued = this.sql.exec<{ action_id: string; instance_id: string; action: string; cause_kind: string; cause_id: string | null }>(
        "select action_id, instance_id, action, cause_kind, cause_id from queued_actions order by requested_at",
      ).toArray();
      for (const q of queued) {
        const row = byId.get(q.instance_id);
        if (row) {
          await this.execute(provider, account, row, q.action as "start" | "stop", { kind: q.cause_kind as CauseKind, id: q.cause_id }, q.action_id, now, events, report);
          // A manual action is a deliberate transition: remember it so schedules do not undo it
          // until their own next transition.
          const m = this.memory(row.id);
          this.saveMemory(row.id, { ...m, last_desired: m.last_desired ?? (q.action === "stop" ? "stopped" : "running") });
        }
        this.sql.exec("delete from queued_actions where action_id = ?", q.action_id);
      }

      // 2. In-flight transitions: poll until they complete — one describe for one database, one
      //    listing for several (so confirming 20 stops costs a call or two, not 20).
      const pending = work.instances.filter((row) => this.memory(row.id).pending_target);
      if (pending.length > 0) {
        const live = await this.observeMany(provider, pending);
        for (const row of pending) {
          const m = this.memory(row.id);
          const done = await this.settleTransition(account, row, m, live.get(row.id), now, events);
          if (!done) nextAt = Math.min(nextAt, now + pollDelay(now - (m.pending_since ?? now)));
        }
      }

      // 3. Schedules and overrides. Actions are collected and then run a few at a time (Workers
      //    allow 6 open connections), so twenty databases due at 19:00 all stop within the second.
      const actions: (() => Promise<void>)[] = [];
      for (const row of work.instances) {
        const m = this.memory(row.id);
        if (m.pending_target) continue;
        const verdicts = verdictsFor(row, work.schedules, now);
        // The most permissive minimum among the matching schedules (30 min when none matches).
        const minimums = verdicts.map((v) => work.schedules.find((sch) => sch.id === v.scheduleId)?.minimumSleepMinutes ?? 30);
        const minimumSleepMs = (minimums.length ? Math.min(...minimums) : 30) * 60_000;
        const plan = planInstance(
          {
            id: row.id,
            provider: row.provider,
            kind: row.kind,
            state: row.state,
            eligible: row.eligible,
            ineligibleReason: row.ineligibleReason,
            verdicts,
            override: work.overrides.get(row.id) ?? null,
            memory: toPlanMemory(m),
          },
          { now, minimumSleepMs },
        );
        for (const v of verdicts) if (v.nextTransitionAt !== null) nextAt = Math.min(nextAt, v.nextTransitionAt);
        const override = work.overrides.get(row.id);
        if (override?.until) nextAt = Math.min(nextAt, override.until);

        let lastSkip = m.last_skip;
        for (const d of plan.decisions) {
          if (d.type === "act") {
            if (d.autoRestart) {
              events.push(await this.event(account, row.id, "instance.auto_restarted", "aws_auto_restart", null, "stopped", row.state, now, { note: "AWS starts a database that has been stopped for 7 days; stopping it again because its schedule says asleep." }, [row.id, "auto-restart", m.stopped_by_us_at ?? 0]));
            }
            const act = d;
            actions.push(() => this.execute(provider, account, row, act.action, act.cause, `${act.cause.kind}:${act.cause.id ?? ""}:${act.desired}:${Math.floor(now / 60_000)}`, now, events, report));
            nextAt = Math.min(nextAt, now + POLL_INTERVAL_MS);
            lastSkip = null;
          } else if (d.type === "would") {
            events.push(await this.event(account, row.id, `instance.would_${d.action}`, "schedule", d.cause.id, row.state, d.action === "stop" ? "stopped" : "running", now, { dryRun: true }, [row.id, "would", d.action, d.cause.id ?? "", Math.floor(now / 60_000)]));
          } else if (d.type === "skip") {
            report.skipped.push({ instanceId: row.id, reason: d.reason });
            if (lastSkip !== d.reason) {
              events.push(await this.event(account, row.id, "instance.skipped", d.cause?.kind ?? "schedule", d.cause?.id ?? null, row.state, d.desired, now, { reason: d.reason }, [row.id, "skip", d.reason, d.desired, Math.floor(now / 60_000)]));
              lastSkip = d.reason;
            }
          } else if (d.type === "wait") {
            nextAt = Math.min(nextAt, now + POLL_INTERVAL_MS);
          } else if (d.type === "consume-skip") {
            await drizzle(this.env.DB).update(overrides).set({ consumedAt: new Date(now) }).where(and(eq(overrides.id, d.overrideId), eq(overrides.orgId, orgId)));
            events.push(await this.event(account, row.id, "override.skip_used", "override", d.overrideId, row.state, d.desired, now, null, [d.overrideId]));
          }
        }
        const fresh = this.memory(row.id);
        this.saveMemory(row.id, { ...fresh, last_desired: fresh.pending_target ? fresh.last_desired ?? plan.desired : plan.desired, last_dry_desired: plan.dryDesired, last_skip: lastSkip });
        if (fresh.pending_target) nextAt = Math.min(nextAt, now + POLL_INTERVAL_MS);
      }
      await inParallel(actions, ACTION_CONCURRENCY);
      if (this.sql.exec<{ n: number }>("select count(*) as n from queued_actions").one().n > 0) nextAt = now;
    }
    if (discoveryDue && !report.discovery) await discover();

    nextAt = Math.min(nextAt, Number(this.recall("last_discovery_at") ?? now) + DISCOVERY_INTERVAL_MS);
    // Heartbeat: the agent ran and did something, or an hour passed.
    const lastHeartbeat = Number(this.recall("last_heartbeat_at") ?? 0);
    if (tick && (report.discovery || report.acted.length || now - lastHeartbeat >= HEARTBEAT_INTERVAL_MS)) {
      const heartbeat = await buildEvent(
        {
          orgId,
          cloudAccountId: accountId,
          type: "agent.tick",
          causeKind: "system",
          occurredAt: now,
          detail: { tickId: tick.tickId, reason: tick.reason, scheduledAt: tick.scheduledAt, ...(report.discovery && { discovered: report.discovery.databases, ok: report.discovery.ok }) },
        },
        [accountId, tick.tickId],
      );
      events.push(heartbeat);
      report.heartbeatId = heartbeat.id;
    }

    // Send first, then remember: if a send fails the pass is retried; a repeat re-sends the same
    // deterministic event ids and D1 ignores them.
    for (let i = 0; i < events.length; i += 100) {
      await this.env.EVENTS.sendBatch(events.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
    }
    if (report.heartbeatId) this.remember("last_heartbeat_at", String(now));

    if (report.paused) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.max(nextAt, now + 1000));
    report.nextAlarmAt = report.paused ? null : Math.max(nextAt, now + 1000);
    // Tell the cron tick when to check on us: shortly after our own alarm should have fired.
    await db
      .update(cloudAccounts)
      .set({ nextDueAt: new Date((report.nextAlarmAt ?? now + HEARTBEAT_INTERVAL_MS) + CRON_GRACE_MS) })
      .where(eq(cloudAccounts.id, accountId));
    return report;
  }

  /** Calls the cloud to stop/start one database (after re-reading its state) and records it. */
  private async execute(
    provider: CloudProvider,
    account: AccountRow,
    row: InstanceRow,
    action: "start" | "stop",
    cause: { kind: CauseKind; id: string | null },
    key: string,
    now: number,
    events: EventMessage[],
    report: { acted: PassReport["acted"]; skipped: PassReport["skipped"] },
  ): Promise<void> {
    const ref: DatabaseRef = { kind: row.kind, externalId: row.externalId, region: row.region };
    const target: PowerState = action === "stop" ? "stopped" : "running";
    if (row.state === target) return;
    try {
      // No describe first: the plan used the last observed state, and the cloud itself refuses an
      // action in the wrong state (InvalidDBInstanceState / operationInProgress), handled below.
      const result = action === "stop" ? await provider.stop(ref) : await provider.start(ref);
      const observed = result.database?.state ?? (action === "stop" ? "stopping" : "starting");
      const fromState = row.state;
      await drizzle(this.env.DB)
        .update(instances)
        .set({ state: observed, cloudStatus: result.database?.cloudStatus ?? row.cloudStatus, stateSince: new Date(now), updatedAt: new Date(now) })
        .where(eq(instances.id, row.id));
      const m = this.memory(row.id);
      this.saveMemory(row.id, {
        ...m,
        pending_target: target,
        pending_since: now,
        pending_cause_kind: cause.kind,
        pending_cause_id: cause.id,
        pending_key: key,
        ...(action === "stop" ? { stopped_by_us_at: now } : { started_by_us_at: now }),
      });
      report.acted.push({ instanceId: row.id, action, ok: true });
      events.push(await this.event(account, row.id, `instance.${action}_requested`, cause.kind, cause.id, fromState, target, now, { key, ...(result.operation && { operation: result.operation.id }) }, [row.id, action, key]));
    } catch (error) {
      if (isCloudError(error) && error.category === "invalid_state") {
        // Our picture was stale (it is moving, or already there): look, record, re-check shortly.
        const live = await provider.getDatabase(ref).catch(() => null);
        if (live) await this.observe(row, live);
        if (live?.state === target) return;
        if (live && !live.eligible) {
          report.skipped.push({ instanceId: row.id, reason: live.ineligibleReason ?? "not eligible" });
          events.push(await this.event(account, row.id, "instance.skipped", cause.kind, cause.id, live.state, target, now, { reason: live.ineligibleReason ?? error.summary }, [row.id, "skip", key]));
          return;
        }
        const m = this.memory(row.id);
        this.saveMemory(row.id, { ...m, last_desired: null }); // keep the transition pending
        report.skipped.push({ instanceId: row.id, reason: error.summary });
        return;
      }
      const message = isCloudError(error) ? error.summary : error instanceof Error && "summary" in error ? String(error.summary) : "The cloud call failed.";
      report.acted.push({ instanceId: row.id, action, ok: false, error: message });
      events.push(await this.event(account, row.id, `instance.${action}_failed`, cause.kind, cause.id, row.state, target, now, { error: message, ...(isCloudError(error) && { code: error.code }) }, [row.id, action, "failed", key]));
    }
  }

  /** Current cloud view of some databases: a describe for one, a listing for several. */
  private async observeMany(provider: CloudProvider, rows: InstanceRow[]): Promise<Map<string, Database | null | undefined>> {
    const out = new Map<string, Database | null | undefined>();
    try {
      if (rows.length === 1) {
        const row = rows[0]!;
        out.set(row.id, await provider.getDatabase({ kind: row.kind, externalId: row.externalId, region: row.region }));
      } else {
        const list = await provider.listDatabases({ kinds: [...new Set(rows.map((r) => r.kind))], regions: [...new Set(rows.map((r) => r.region))] });
        const failed = new Set(list.incomplete.map((f) => f.region));
        for (const row of rows) {
          const found = list.databases.find((d) => d.kind === row.kind && d.externalId === row.externalId && d.region === row.region);
          out.set(row.id, found ?? (failed.has(row.region) ? undefined : null));
        }
      }
    } catch {
      // unknown this time (undefined): try again on the next poll; the client already retried
    }
    return out;
  }

  /** Records a transition's completion. Returns true when nothing is pending any more. */
  private async settleTransition(account: AccountRow, row: InstanceRow, m: MemoryRow, live: Database | null | undefined, now: number, events: EventMessage[]): Promise<boolean> {
    if (live === undefined) return false;
    const target = m.pending_target as PowerState;
    const clear = () => this.saveMemory(row.id, { ...m, pending_target: null, pending_since: null, pending_cause_kind: null, pending_cause_id: null, pending_key: null });
    if (live === null) {
      clear();
      return true;
    }
    await this.observe(row, live);
    if (live.state === target) {
      events.push(await this.event(account, row.id, target === "stopped" ? "instance.stopped" : "instance.started", (m.pending_cause_kind ?? "system") as CauseKind, m.pending_cause_id, target === "stopped" ? "stopping" : "starting", target, now, { key: m.pending_key }, [row.id, target, m.pending_key ?? ""]));
      clear();
      return true;
    }
    if (now - (m.pending_since ?? now) > TRANSITION_TIMEOUT_MS) {
      events.push(await this.event(account, row.id, "instance.transition_timeout", (m.pending_cause_kind ?? "system") as CauseKind, m.pending_cause_id, live.state, target, now, { key: m.pending_key }, [row.id, "timeout", m.pending_key ?? ""]));
      clear();
      return true;
    }
    return false;
  }

  /** Writes what the cloud just said about a database into D1. */
  private async observe(row: InstanceRow, live: Database): Promise<void> {
    if (live.state === row.state && live.cloudStatus === row.cloudStatus) return;
    const now = new Date();
    await drizzle(this.env.DB)
      .update(instances)
      .set({ state: live.state, cloudStatus: live.cloudStatus, lastSeenAt: now, updatedAt: now, ...(live.state !== row.state && { stateSince: now }) })
      .where(eq(instances.id, row.id));
    row.state = live.state;
    row.cloudStatus = live.cloudStatus;
  }

  private event(
    account: AccountRow, instanceId: string, type: string, causeKind: CauseKind, causeId: string | null,
    fromState: string | null, toState: string | null, now: number, detail: Record<string, unknown> | null, key: (string | number)[],
  ): Promise<EventMessage> {
    return buildEvent({ orgId: account.orgId, cloudAccountId: account.id, instanceId, type, causeKind, causeId, fromState, toState, occurredAt: now, detail }, key);
  }

  // -------------------------------------------------------------------------------------------
  // Plumbing

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async providerFor(account: AccountRow): Promise<CloudProvider | null> {
    const version = account.updatedAt.getTime();
    if (this.provider?.version === version) return this.provider.client;
    try {
      const buckets = new TokenBuckets(account.provider === "aws" ? AWS_BUCKET : GCP_BUCKET);
      this.provider = { version, client: providerFor(await accountConfig(this.env, account), { fetch: buckets.wrap((input, init) => fetch(input, init)) }) };
      return this.provider.client;
    } catch {
      // discoverAccount reports the configuration problem in the account's own words.
      return null;
    }
  }

  private memory(instanceId: string): MemoryRow {
    const rows = this.sql.exec<MemoryRow>("select * from instance_memory where instance_id = ?", instanceId).toArray();
    return (
      rows[0] ?? {
        instance_id: instanceId, last_desired: null, last_dry_desired: null, stopped_by_us_at: null, started_by_us_at: null,
        pending_target: null, pending_since: null, pending_cause_kind: null, pending_cause_id: null, pending_key: null, last_skip: null,
      }
    );
  }

  private saveMemory(instanceId: string, m: MemoryRow): void {
    this.sql.exec(
      `insert into instance_memory (instance_id, last_desired, last_dry_desired, stopped_by_us_at, started_by_us_at, pending_target, pending_since, pending_cause_kind, pending_cause_id, pending_key, last_skip)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict(instance_id) do update set last_desired = excluded.last_desired, last_dry_desired = excluded.last_dry_desired,
         stopped_by_us_at = excluded.stopped_by_us_at, started_by_us_at = excluded.started_by_us_at, pending_target = excluded.pending_target,
         pending_since = excluded.pending_since, pending_cause_kind = excluded.pending_cause_kind, pending_cause_id = excluded.pending_cause_id,
         pending_key = excluded.pending_key, last_skip = excluded.last_skip`,
      instanceId, m.last_desired, m.last_dry_desired, m.stopped_by_us_at, m.started_by_us_at, m.pending_target, m.pending_since,
      m.pending_cause_kind, m.pending_cause_id, m.pending_key, m.last_skip,
    );
  }

  private recordTick(message: AccountTickMessage, handledAt: number): void {
    this.sql.exec("insert or ignore into tick_ledger (tick_id, scheduled_at, handled_at) values (?, ?, ?)", message.tickId, message.scheduledAt, handledAt);
    this.sql.exec("delete from tick_ledger where tick_id not in (select tick_id from tick_ledger order by handled_at desc limit ?)", TICK_LEDGER_KEEP);
  }

  private remember(key: string, value: string): void {
    this.sql.exec("insert into agent_meta (key, value) values (?, ?) on conflict(key) do update set value = excluded.value", key, value);
  }

  private recall(key: string): string | null {
    return this.sql.exec<{ value: string }>("select value from agent_meta where key = ?", key).toArray()[0]?.value ?? null;
  }
}

/** Cloud calls in flight at once from one pass (Workers allow 6 open connections). */
const ACTION_CONCURRENCY = 5;

async function inParallel(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/** Poll soon after an action, then less often: stops and starts take seconds to many minutes. */
function pollDelay(elapsedMs: number): number {
  if (elapsedMs < 60_000) return POLL_INTERVAL_MS;
  if (elapsedMs < 5 * 60_000) return 30_000;
  return 60_000;
}

function toPlanMemory(m: MemoryRow): InstanceMemory {
  return {
    lastDesired: (m.last_desired as DesiredState | null) ?? null,
    lastDryDesired: (m.last_dry_desired as DesiredState | null) ?? null,
    stoppedByUsAt: m.stopped_by_us_at,
    startedByUsAt: m.started_by_us_at,
  };
}
