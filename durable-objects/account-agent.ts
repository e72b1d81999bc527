/**
 * AccountAgent — one Durable Object per connected cloud account (named by the account id).
 *
 * A thin shell around the pure pass (worker/reconcile/pass.ts): it is the only place that acts on
 * an account, so all work runs through one in-object queue (`serialized`) whether started by the
 * alarm, a cron tick, a sync request, a manual action or a connection test. A pass gathers
 * (D1, its own memory, live looks at in-flight transitions), asks `planPass` what to do, commits
 * the memory and the events together to its outbox, makes the cloud calls (paced by the
 * connection's token buckets; each call's intent is written first, so a restart mid-call finds
 * it), commits what they returned, writes the inventory back to D1 in
 * one batch, drains the outbox to the `events` queue, and re-arms the alarm — in `finally`, so a
 * pass that throws is retried rather than forgotten. Long deferrable work (the hourly metrics
 * collection, a day-long chunk of a new database's 14-day metrics backfill, a chunk of older power
 * history) comes after the power calls, is bounded per pass (the next chunk follows a few seconds
 * later), and is left for the next pass when an action is due within the minute
 * (`actionDueSoon`), so a due stop or start never waits behind it. Decisions live in the pure
 * core, never here.
 */
import { DurableObject } from "cloudflare:workers";
import { testConnection, type ConnectionReport } from "../worker/accounts/connection.ts";
import { discoverAccount } from "../worker/discovery/discover.ts";
import type { Env } from "../worker/env.ts";
import type { EventMessage } from "../worker/events/event.ts";
import { errorText, log, setLogLevel } from "../worker/log.ts";
import {
  ACTION_LEAD_MS, actionDueSoon, alarmFor, autoRestartEvidence, concludePass, failedPassWake, needsObservation, planPass, TransitionCache,
  type AgentMemory, type CallSettlement, type InventoryWrite, type QueuedAction, type TickFacts, type Wake,
} from "../worker/reconcile/pass.ts";
import { listingPlan, observationsFromListing, overlayListing } from "../worker/reconcile/listing.ts";
import type { AccountTickMessage } from "../worker/ticks/messages.ts";
import { clientCacheFor, observeMany } from "./agent/cloud-client.ts";
import { eventsOf, executeCalls, type Executed } from "./agent/executor.ts";
import { performCapacity } from "./agent/capacity.ts";
import { collectMetrics, pruneAccount } from "./agent/metrics.ts";
import { evaluatePolicies, performPolicyPlan } from "./agent/policies.ts";
import { collectionDue, isServerlessV2, nextCollectionAfter, pruneDue, RETENTION_MS } from "../worker/metrics/collect.ts";
import type { AccountRow } from "../worker/accounts/connection.ts";
import type { CloudProvider, DatabaseList } from "../worker/cloud/index.ts";
import { loadAccount, loadAccountWork, writeBack } from "./agent/gather.ts";
import { AgentHistory } from "./agent/history.ts";
import { AgentStorage } from "./agent/storage.ts";

export interface TickOutcome {
  accountId: string;
  tickId: string;
  /** True when this tick id had been handled before (a redelivered message): nothing was done. */
  duplicate: boolean;
  /** The heartbeat event recorded for this tick, if any. */
  eventId: string | null;
  discovery?: { ok: boolean; databases: number; error?: string };
  /** Why nothing was done (account gone, paused). */
  skipped?: string;
}

export type ActionRequest = QueuedAction;

/** What an early alarm read before a timed action's instant (account.ts, gather.ts). */
interface Prepared {
  account: AccountRow;
  work: Awaited<ReturnType<typeof loadAccountWork>>;
}

export interface PassReport {
  discovery?: { ok: boolean; databases: number; error?: string };
  acted: NonNullable<CallSettlement["acted"]>[];
  skipped: { instanceId: string; reason: string }[];
  nextAlarmAt: number | null;
  wake: Wake | null;
  heartbeatId: string | null;
  paused: boolean;
}

export class AccountAgent extends DurableObject<Env> {
  private readonly store: AgentStorage;
  private readonly history: AgentHistory;
  private readonly clients = clientCacheFor(this.env);
  private readonly transitions = new TransitionCache();
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * The agent's clock: every pass, tick and queued action reads the time here (the reliability
   * suite replaces it to run a day of schedules in seconds; alarms set to "now" stay real).
   */
  clock = () => Date.now();
  /** Waits (for a timed action's instant after an early alarm); the reliability suite replaces it with its clock. */
  sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  /** Where drained events go (tests replace it to make the queue fail). */
  sendEvents = async (batch: EventMessage[]) => void (await this.env.EVENTS.sendBatch(batch.map((body) => ({ body, contentType: "json" as const }))));

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    setLogLevel(env.LOG_LEVEL);
    this.store = new AgentStorage(ctx.storage);
    this.history = new AgentHistory(this.store, env.DB);
    ctx.blockConcurrencyWhile(async () => void this.store.migrate());
  }

  /** Handle one cron tick (RPC from the account-ticks consumer). Idempotent per tick id. */
  async tick(message: AccountTickMessage): Promise<TickOutcome> {
    return this.serialized(async () => {
      this.identify(message.accountId, message.orgId);
      const outcome: TickOutcome = { accountId: message.accountId, tickId: message.tickId, duplicate: false, eventId: null };
      if (this.store.tickHandled(message.tickId)) return { ...outcome, duplicate: true };
      const now = this.clock();
      const report = await this.guardedPass(now, message.reason !== "cron", message, true);
      this.store.recordTick(message.tickId, message.scheduledAt, now);
      if (report === null) return { ...outcome, skipped: "account no longer exists" };
      return { ...outcome, eventId: report.heartbeatId, ...(report.discovery && { discovery: report.discovery }), ...(report.paused && { skipped: "account is paused" }) };
    });
  }

  /** Queue a manual start/stop (RPC from the API); answers at once, the alarm does the work. */
  async requestAction(request: ActionRequest): Promise<{ actionId: string; queued: boolean }> {
    const queued = this.store.enqueue(request, this.clock());
    this.store.remember("hold_until", "0"); // the alarm now runs a pass at once, holding for nothing
    await this.ctx.storage.setAlarm(Date.now());
    return { actionId: request.actionId, queued };
  }

  /** Re-evaluate soon (schedules or overrides changed). */
  async reschedule(accountId: string, orgId: string): Promise<void> {
    this.identify(accountId, orgId);
    this.store.remember("hold_until", "0");
    await this.ctx.storage.setAlarm(Date.now());
  }

  /** Run one pass now and report (used by tests and the sync path). */
  async runNow(options: { forceDiscovery?: boolean } = {}): Promise<PassReport | null> {
    return this.serialized(() => this.guardedPass(this.clock(), options.forceDiscovery ?? false, null, true));
  }

  /** Test the connection with this account's paced client, in line with every other call. */
  async testConnection(accountId: string, orgId: string): Promise<ConnectionReport | null> {
    return this.serialized(async () => {
      const account = await loadAccount(this.env.DB, accountId, orgId);
      return account ? testConnection(this.env, account, { fetch: (await this.clients.get(account)).fetch }) : null;
    });
  }

  override async alarm(): Promise<void> {
    // The pass re-arms the alarm itself (also after a failure), so nothing is rethrown here.
    await this.serialized(async () => {
      // Rung ACTION_LEAD_MS before a timed action (worker/reconcile/pass.ts `alarmFor`): read and
      // get the client ready now, then run the pass at the action's instant.
      const held = this.store.recallNumber("hold_until") ?? 0;
      this.store.remember("hold_until", "0");
      // Only a hold this alarm was armed for (a stale one, further away than the lead, is not waited on).
      const holdUntil = held > this.clock() && held - this.clock() <= ACTION_LEAD_MS ? held : 0;
      let ready: Prepared | null = null;
      if (holdUntil > 0) {
        ready = await this.prepare(holdUntil).catch(() => null); // the pass reads again if this failed
        const wait = holdUntil - this.clock();
        if (wait > 0) await this.sleep(wait);
      }
      return this.guardedPass(Math.max(this.clock(), holdUntil), false, null, false, ready);
    }).catch(() => undefined);
  }

  /** The pass's D1 reads and the account's cloud client, ahead of a timed action. */
  private async prepare(at: number): Promise<Prepared | null> {
    const accountId = this.store.recall("account_id");
    const orgId = this.store.recall("org_id");
    if (!accountId || !orgId) return null;
    const [account, work] = await Promise.all([loadAccount(this.env.DB, accountId, orgId), loadAccountWork(this.env.DB, orgId, accountId, at)]);
    if (!account) return null;
    if (account.status !== "disabled") await this.clients.get(account);
    return { account, work };
  }

  /** What the agent knows about itself (used by tests and, later, the account status API). */
  async status() {
    const ticks = this.store.tickStats();
    return { accountId: this.store.recall("account_id"), orgId: this.store.recall("org_id"), ticksHandled: ticks.n, lastTickAt: ticks.last, nextAlarmAt: await this.ctx.storage.getAlarm(), outbox: this.store.outboxSize() };
  }

  // -------------------------------------------------------------------------------------------

  /** One pass; whatever happens, the alarm is set for the next wake-up (or a retry). */
  private async guardedPass(now: number, forceDiscovery: boolean, tick: AccountTickMessage | null, rethrow: boolean, ready: Prepared | null = null): Promise<PassReport | null> {
    const failures = this.store.recallNumber("failed_passes") ?? 0;
    let wake: Wake | null = failedPassWake(now, failures + 1);
    try {
      const report = await this.pass(now, forceDiscovery, tick, ready);
      wake = report?.wake ?? null;
      this.store.remember("failed_passes", "0");
      return report;
    } catch (error) {
      this.store.remember("failed_passes", String(failures + 1));
      log.error("agent pass failed", { accountId: this.store.recall("account_id"), failures: failures + 1, retryAt: wake?.at, error: errorText(error) });
      if (rethrow) throw error;
      return null;
    } finally {
      if (wake) {
        const { ringAt, holdUntil } = alarmFor(wake, now);
        this.store.remember("hold_until", String(holdUntil ?? 0));
        await this.ctx.storage.setAlarm(ringAt);
      } else await this.ctx.storage.deleteAlarm();
    }
  }

  private async pass(now: number, forced: boolean, tick: TickFacts & { accountId?: string; orgId?: string } | null, ready: Prepared | null = null): Promise<PassReport | null> {
    const accountId = this.store.recall("account_id");
    const orgId = this.store.recall("org_id");
    if (!accountId || !orgId) return null;
    // Both reads at once: the only D1 round trip between the alarm and the first cloud call (none
    // when an early alarm made them before the action's instant).
    const [account, prefetched] = ready ? [ready.account, ready.work] : await Promise.all([loadAccount(this.env.DB, accountId, orgId), loadAccountWork(this.env.DB, orgId, accountId, now)]);
    if (!account) return null;
    const paused = account.status === "disabled";
    const report: PassReport = { acted: [], skipped: [], nextAlarmAt: null, wake: null, heartbeatId: null, paused };
    const client = paused ? null : await this.clients.get(account);
    const discover = async (prelisted?: DatabaseList) => {
      // The transitions in flight: what the listing sees of them is the agent's own doing.
      const inFlight = new Map([...this.store.memory()].flatMap(([id, m]) => (m.pending ? [[id, m.pending] as const] : [])));
      const outcome = await discoverAccount(this.env, account, client?.provider ?? null, now, { inFlight, ...(prelisted && { prelisted }) });
      this.store.remember("last_discovery_at", String(now));
      this.store.commit({ events: outcome.events });
      report.discovery = { ok: outcome.ok, databases: outcome.databases, ...(outcome.error && { error: outcome.error }) };
      // The cloud's own record of past stops and starts: a new account's past, changes made
      // outside SnoozeQL at their true time, AWS's forced starts.
      if (outcome.databases > 0 && client?.provider) await this.history.readRecent(client.provider, account, now);
      return outcome.listed ?? null;
    };
    const provider = client?.provider;
    const memory: ReadonlyMap<string, AgentMemory> = !paused && provider ? this.store.memory() : new Map();
    // One listing per pass (worker/reconcile/listing.ts): discovery's, when this pass discovers and
    // databases are in flight, is also the look at them.
    const listing = listingPlan({ now, lastDiscoveryAt: this.store.recallNumber("last_discovery_at"), forced, paused, clientReady: !!provider, inFlight: needsObservation(prefetched.instances, memory).length });
    const timing = listing.discovery;
    /** The account's full listing, made before the calls (by discovery, or as discovery's for it to apply after them). */
    let listed: DatabaseList | null = null;
    if (timing === "before") listed = await discover();
    else if (listing.observe === "discovery") listed = await provider!.listDatabases().catch(() => null); // failed: looked at below, and discovery lists again

    let wakes: Wake[] = [];
    /** A power action due within the minute: the metrics and history backfill wait until after it. */
    let actionSoon: Wake | null = null;
    let evaluated = 0;
    let learned: { inventory: InventoryWrite[]; consumeOverrides: string[] } = { inventory: [], consumeOverrides: [] };
    let work = prefetched;
    if (!paused && provider) {
      if (timing === "before") work = await loadAccountWork(this.env.DB, orgId, accountId, now); // discovery may have added databases
      const inFlight = needsObservation(work.instances, memory);
      const observations = listed ? observationsFromListing(inFlight, listed) : await observeMany(provider, inFlight);
      const databases = work.instances.map((r) => ({ ...r, serverlessV2: isServerlessV2(r), autoRestartEvidence: autoRestartEvidence(this.history.read(), this.history.forcedStartAt(r.id), memory.get(r.id)?.stoppedByUsAt ?? null) }));
      evaluated = work.instances.length;
      const plan = planPass({ now, paused, databases, schedules: work.schedules, overrides: work.overrides, memory, queued: this.store.queued(), observations, transitions: this.transitions, capacityApplied: this.store.capacityApplied() });
      this.store.commit({ memory: plan.memory, dequeue: plan.dequeue, events: await eventsOf(account, plan.events, now) });
      wakes = plan.wakes;
      report.skipped.push(...plan.skipped);

      const rows = new Map(work.instances.map((r) => [r.id, r]));
      const done = await executeCalls(provider, account, plan.calls, rows, new Map([...memory, ...plan.memory]), this.store, now);
      report.acted.push(...done.acted);
      report.skipped.push(...done.skipped);
      wakes.push(...done.wakes); // each call's first look at its transition (or a retry)
      await performCapacity(provider, account, plan.capacity, rows, this.store, now);
      learned = { inventory: [...plan.inventory, ...done.inventory], consumeOverrides: plan.consumeOverrides };

      // Hourly (and a few seconds apart while a backfill is in chunks): collect the account's
      // metrics, then evaluate the policies that read them, unless a power action is due within
      // the minute.
      actionSoon = actionDueSoon(now, wakes, this.store.queuedCount());
      if (!actionSoon && collectionDue(now, this.store.recallNumber("metrics_due_at"))) {
        const busy = new Set(plan.calls.map((c) => c.instanceId));
        const policyDone = await this.collectAndEvaluate(provider, account, work, busy, now);
        report.acted.push(...policyDone.acted);
        report.skipped.push(...policyDone.skipped);
        learned.inventory.push(...policyDone.inventory);
        wakes.push(...policyDone.wakes);
      }
      // Deferred: at the action's wake, after its calls (never a busy loop of passes before it).
      wakes.push({ at: Math.max(this.store.recallNumber("metrics_due_at") ?? now, actionSoon?.at ?? now), reason: "metrics" });
    }
    if (timing === "after") {
      // Discovery compares with D1's picture, so it must see what the calls just did: written
      // back first, and written over the listing made before the calls, if there is one.
      await writeBack(this.env.DB, account, { ...learned, nextDueAt: null }, now);
      const current = listed && overlayListing(listed, work.instances, learned.inventory);
      learned = { inventory: [], consumeOverrides: [] };
      await discover(current ?? undefined);
    }

    if (!paused && client?.provider && timing !== "before" && !actionSoon) await this.history.backfill(client.provider, account);

    const end = {
      now, paused, tick: tick && { tickId: tick.tickId, reason: tick.reason, scheduledAt: tick.scheduledAt }, accountId,
      discovery: report.discovery ?? null, lastDiscoveryAt: this.store.recallNumber("last_discovery_at"), lastHeartbeatAt: this.store.recallNumber("last_heartbeat_at"),
      actedCount: report.acted.length, wakes, queuedRemaining: this.store.queuedCount(), outboxPending: 0, outboxFailures: 0,
      historyBackfillPending: !actionSoon && this.history.backfillPending(), // else it resumes after the action's wake
    };
    const { heartbeat } = concludePass(end);
    if (heartbeat) {
      const [event] = await eventsOf(account, [heartbeat], now);
      this.store.commit({ events: [event!] });
      this.store.remember("last_heartbeat_at", String(now));
      report.heartbeatId = event!.id;
    }
    const outboxPending = await this.store.drainOutbox(this.sendEvents);
    const conclusion = concludePass({ ...end, outboxPending, outboxFailures: this.store.recallNumber("outbox_failures") ?? 0 });
    report.wake = conclusion.wake;
    report.nextAlarmAt = conclusion.wake?.at ?? null;
    // One D1 batch after the calls: what they did, and when the cron tick should check on us.
    await writeBack(this.env.DB, account, { ...learned, nextDueAt: conclusion.nextDueAt }, now);
    // Per pass, for the fleet benchmark and operators: how many databases it evaluated and acted on.
    log.debug("agent pass", { accountId, databases: evaluated, acted: report.acted.length, wallMs: Date.now() - now });
    return report;
  }

  /** One metrics collection, the daily pruning, and the policies on the fresh rollups. */
  private async collectAndEvaluate(provider: CloudProvider, account: AccountRow, work: Awaited<ReturnType<typeof loadAccountWork>>, busy: Set<string>, now: number): Promise<Executed> {
    const collected = await collectMetrics(this.env.DB, provider, account, work.instances, this.store.metricCursors(), now);
    this.store.saveMetricCursors(collected.cursors, work.instances.map((r) => r.id));
    this.store.remember("metrics_due_at", String(nextCollectionAfter(now, collected)));
    if (pruneDue(now, this.store.recallNumber("metrics_pruned_at"))) {
      await pruneAccount(this.env.DB, account, now - RETENTION_MS);
      this.store.remember("metrics_pruned_at", String(now));
    }
    // An older backfill chunk changes nothing the policies look at (their last hours).
    if (collected.olderOnly) return { acted: [], skipped: [], inventory: [], wakes: [] };
    const memory = this.store.memory();
    const plan = await evaluatePolicies(this.env, account, work.instances, { now, schedules: work.schedules, overrides: work.overrides, memory, transitions: this.transitions, busy });
    if (!plan) return { acted: [], skipped: [], inventory: [], wakes: [] };
    const done = await executeCalls(provider, account, plan.calls, new Map(work.instances.map((r) => [r.id, r])), memory, this.store, now);
    await performPolicyPlan(this.env, provider, account, plan, work.instances, this.store, now);
    return done;
  }

  private identify(accountId: string, orgId: string): void {
    this.store.remember("account_id", accountId);
    this.store.remember("org_id", orgId);
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
