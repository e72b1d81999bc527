/**
 * The savings ledger in D1: keeps each database's sleep intervals (`savings`), its daily rollups
 * (`savings_daily`) and its price history (`instance_prices`) true to the state events stored in
 * `events`, by re-running the pure ledger (./ledger.ts, ./rollup.ts) over the affected window.
 *
 * Owns: which events are power-state observations, the affected window of a change, price history
 * appends, and the idempotent rewrite (ledger rows from the window on, daily rows and running
 * totals (`savings_running`, ./running.ts) from its first local day on, the database's causes and
 * all-time totals, the organization's daily rows (`savings_org_daily`) of the days it touched,
 * recomputed from `savings_daily` in the same D1 batch: delete + insert, and the organization's
 * fleet rate (./fleet-rate.ts) when a price changed), and the organization's savings version
 * (./version.ts) in that batch. Processing the same events twice, or in another order, leaves the
 * same rows.
 * Never: trusts event order or uniqueness, stores an open interval in `savings_daily` (open ones
 * keep accruing and are added at read time), or touches another organization's rows.
 *
 * The window: for the earliest new event at E, the last sleep that really ended (by a start) before
 * E is the anchor; everything from that sleep's start W is recomputed, from the events since the
 * last awake observation before W (the stop request that caused the sleep comes before W). Its
 * daily rows are rewritten from W's local day on, with the unchanged earlier intervals that reach
 * into those days.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import type { BatchItem } from "drizzle-orm/batch";
import { cloudAccounts, events, instancePrices, instances, organizations, savings, savingsCauses, savingsDaily, savingsOrgDaily, savingsRunning, savingsTotals, type CauseKind } from "../db/schema.ts";
import { sleepIntervals, type PowerObservation, type PricePoint, type SleepInterval, savedMicros } from "./ledger.ts";
import { dailyRollup, dayBounds, localDay, type DailyRow } from "./rollup.ts";
import { readPriceBasis, resolvePrice, type ResolvedPrice } from "./price.ts";
import { fleetRateStatements } from "./fleet-rate.ts";
import { pairsOf, runningRows, type PairSums } from "./running.ts";
import { savingsVersionBump } from "./version.ts";

/** A D1 binding (the Worker's, or wrangler's platform proxy in scripts). */
export type D1 = Parameters<typeof drizzle>[0];

/**
 * Event types that report an observed power state (agent and discovery). A start the cloud accepted
 * (`instance.start_requested`, recorded only once the cloud took it) ends a sleep at that instant:
 * the database is billed again from there, not from the later poll that confirms it available.
 */
export const OBSERVATION_TYPES = ["instance.stopped", "instance.started", "instance.state_changed", "instance.discovered", "instance.reappeared", "instance.auto_restarted", "instance.removed", "instance.start_requested"] as const;
/** Event types that change what the ledger should say: observations, and stop requests (which only trigger a recompute). */
export const LEDGER_TRIGGER_TYPES: ReadonlySet<string> = new Set([...OBSERVATION_TYPES, "instance.stop_requested"]);

const OBSERVED_STATES = new Set(["running", "stopped", "starting", "stopping"]);
const AWAKE_STATES = ["running", "starting"];

/** D1 binds at most 100 parameters per statement. */
const MAX_PARAMS = 100;

type EventRow = Pick<typeof events.$inferSelect, "id" | "type" | "causeKind" | "causeId" | "toState" | "occurredAt">;
type LedgerRow = typeof savings.$inferSelect;

/** One stored event as a power observation, or null when it is not one. */
export function toObservation(e: EventRow): PowerObservation | null {
  if (!(OBSERVATION_TYPES as readonly string[]).includes(e.type)) return null;
  const at = e.occurredAt.getTime();
  if (e.type === "instance.auto_restarted") {
    // AWS started it after 7 days stopped: an awake observation whatever state the poll caught.
    const state = e.toState === "running" || e.toState === "starting" ? e.toState : "starting";
    return { eventId: e.id, at, state, causeKind: e.causeKind, causeId: e.causeId, autoRestart: true };
  }
  // Gone from the cloud: a deleted database saves nothing more, so its sleep ends here (as a start
  // would end it; if it reappears stopped, a new sleep opens).
  if (e.type === "instance.removed") return { eventId: e.id, at, state: "starting", causeKind: e.causeKind, causeId: e.causeId };
  // An accepted start: from here the database is starting, whatever the next poll shows.
  if (e.type === "instance.start_requested") return { eventId: e.id, at, state: "starting", causeKind: e.causeKind, causeId: e.causeId };
  if (!e.toState || !OBSERVED_STATES.has(e.toState)) return null;
  return { eventId: e.id, at, state: e.toState as PowerObservation["state"], causeKind: e.causeKind, causeId: e.causeId };
}

export function intervalFromRow(r: LedgerRow): SleepInterval {
  return {
    id: r.id,
    from: r.from.getTime(),
    until: r.until ? r.until.getTime() : null,
    causeKind: r.causeKind,
    causeId: r.causeId,
    hourlyMicros: r.hourlyMicros,
    priceSource: r.priceSource,
    penaltyMicros: r.penaltyMicros,
    endedBy: r.endedBy,
  };
}

/** Splits rows into statements under D1's bound-parameter limit. */
export function chunked<T extends object>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export function dailyRowsFor(orgId: string, instanceId: string, rows: DailyRow[]): (typeof savingsDaily.$inferInsert)[] {
  return rows.map((r) => ({
    orgId,
    instanceId,
    day: r.day,
    causeKind: r.causeKind,
    causeId: r.causeId ?? "",
    asleepSeconds: r.asleepSeconds,
    savedMicros: r.savedMicros,
    unpricedSeconds: r.unpricedSeconds,
  }));
}

/** Upserts a database's all-time totals: the sum of `parts` (its daily rows). */
export function totalsStatement(db: DrizzleD1Database, orgId: string, instanceId: string, parts: { asleepSeconds: number; savedMicros: number; unpricedSeconds: number }[]) {
  const total = parts.reduce((a, r) => ({ asleepSeconds: a.asleepSeconds + r.asleepSeconds, savedMicros: a.savedMicros + r.savedMicros, unpricedSeconds: a.unpricedSeconds + r.unpricedSeconds }), { asleepSeconds: 0, savedMicros: 0, unpricedSeconds: 0 });
  return db
    .insert(savingsTotals)
    .values({ orgId, instanceId, ...total })
    .onConflictDoUpdate({ target: savingsTotals.instanceId, set: total });
}

/**
 * Statements that rewrite a database's running totals (`savings_running`) from `fromDay` on (all
 * when null) and its list of causes (`savings_causes`), from its daily rows of those days and each
 * cause's sums before `fromDay` (`before`; empty for a full rewrite).
 */
export function runningStatements(db: DrizzleD1Database, orgId: string, instanceId: string, fromDay: string | null, before: PairSums[], daily: (typeof savingsDaily.$inferInsert)[]) {
  const rows = runningRows(before, daily.map((d) => ({ causeKind: d.causeKind, causeId: d.causeId ?? "", day: d.day, asleepSeconds: d.asleepSeconds, savedMicros: d.savedMicros })));
  const pairs = pairsOf(before, rows);
  return [
    db.delete(savingsRunning).where(and(eq(savingsRunning.instanceId, instanceId), eq(savingsRunning.orgId, orgId), ...(fromDay ? [gte(savingsRunning.day, fromDay)] : []))),
    ...chunked(rows, 7).map((chunk) => db.insert(savingsRunning).values(chunk.map((r) => ({ orgId, instanceId, ...r, causeKind: r.causeKind as CauseKind })))),
    db.delete(savingsCauses).where(and(eq(savingsCauses.instanceId, instanceId), eq(savingsCauses.orgId, orgId))),
    ...chunked(pairs, 4).map((chunk) => db.insert(savingsCauses).values(chunk.map((p) => ({ orgId, instanceId, causeKind: p.causeKind as CauseKind, causeId: p.causeId })))),
  ];
}

/**
 * Statements that rewrite an organization's daily rows (`savings_org_daily`) from `fromDay` on
 * (every day when null) as the sums of its databases' `savings_daily` rows: a recompute, not a
 * delta, so running it twice, or for overlapping days from two batches, gives the same rows.
 * Reads (days from `fromDay`) × databases daily rows; the consumer passes the first day it changed.
 */
export function orgDailyStatements(db: DrizzleD1Database, orgId: string, fromDay: string | null) {
  const days = and(eq(savingsDaily.orgId, orgId), fromDay ? gte(savingsDaily.day, fromDay) : undefined);
  return [
    db.delete(savingsOrgDaily).where(and(eq(savingsOrgDaily.orgId, orgId), fromDay ? gte(savingsOrgDaily.day, fromDay) : undefined)),
    db.insert(savingsOrgDaily).select(
      db
        .select({
          orgId: savingsDaily.orgId,
          day: savingsDaily.day,
          asleepSeconds: sql<number>`sum(${savingsDaily.asleepSeconds})`.as("asleep_seconds"),
          savedMicros: sql<number>`sum(${savingsDaily.savedMicros})`.as("saved_micros"),
          unpricedSeconds: sql<number>`sum(${savingsDaily.unpricedSeconds})`.as("unpriced_seconds"),
        })
        .from(savingsDaily)
        .where(days)
        .groupBy(savingsDaily.orgId, savingsDaily.day),
    ),
    savingsVersionBump(db, orgId),
  ] as const;
}

/** Everything about one database the ledger needs besides its events. */
export interface LedgerSubject {
  orgId: string;
  instanceId: string;
  provider: "aws" | "gcp";
  timeZone: string;
  price: ResolvedPrice;
  /** The price shown on the instance row now. */
  stored: { hourlyPriceMicros: number; priceSource: string | null };
}

async function loadSubject(db: DrizzleD1Database, orgId: string, instanceId: string): Promise<LedgerSubject | null> {
  const [row] = await db
    .select({
      provider: instances.provider,
      basis: instances.priceBasis,
      overrideMicros: instances.priceOverrideMicros,
      hourlyPriceMicros: instances.hourlyPriceMicros,
      priceSource: instances.priceSource,
      discountBps: cloudAccounts.discountBps,
      timeZone: organizations.timezone,
    })
    .from(instances)
    .innerJoin(cloudAccounts, eq(cloudAccounts.id, instances.cloudAccountId))
    .innerJoin(organizations, eq(organizations.id, instances.orgId))
    .where(and(eq(instances.id, instanceId), eq(instances.orgId, orgId)));
  if (!row) return null;
  return {
    orgId,
    instanceId,
    provider: row.provider,
    timeZone: row.timeZone,
    price: resolvePrice({ basis: readPriceBasis(row.basis), overrideMicros: row.overrideMicros, discountBps: row.discountBps }),
    stored: { hourlyPriceMicros: row.hourlyPriceMicros, priceSource: row.priceSource },
  };
}

/**
 * Statements that bring the instance row and its price history in line with `price` (effective
 * `now`; the first price of a database opens its history). Nothing when nothing changed.
 */
export function priceSyncStatements(db: DrizzleD1Database, s: Pick<LedgerSubject, "orgId" | "instanceId" | "price" | "stored">, history: PricePoint[], now: number): { statements: BatchItem<"sqlite">[]; history: PricePoint[] } {
  const statements: BatchItem<"sqlite">[] = [];
  const { price } = s;
  if ((price.hourlyMicros ?? 0) !== s.stored.hourlyPriceMicros || price.source !== s.stored.priceSource) {
    statements.push(
      db
        .update(instances)
        .set({ hourlyPriceMicros: price.hourlyMicros ?? 0, priceSource: price.source, updatedAt: new Date(now) })
        .where(and(eq(instances.id, s.instanceId), eq(instances.orgId, s.orgId))),
    );
  }
  const latest = history.at(-1);
  if (!latest || latest.hourlyMicros !== price.hourlyMicros || latest.source !== price.source) {
    const from = latest ? Math.max(now, latest.from + 1) : now;
    statements.push(db.insert(instancePrices).values({ orgId: s.orgId, instanceId: s.instanceId, effectiveFrom: new Date(from), hourlyMicros: price.hourlyMicros, source: price.source }).onConflictDoNothing());
    history = [...history, { from, hourlyMicros: price.hourlyMicros, source: price.source }];
  }
  return { statements, history };
}

export interface LedgerTarget {
  orgId: string;
  instanceId: string;
  /** The earliest occurred_at among the new events (epoch ms); 0 rebuilds the whole history. */
  earliest: number;
}

export interface LedgerUpdate {
  instanceId: string;
  /** Start of the recomputed window (epoch ms). */
  windowFrom: number;
  intervals: SleepInterval[];
  /** The first local day whose daily rows were rewritten. */
  firstDay: string | null;
  /** The database's effective price now. */
  price: ResolvedPrice;
}

/**
 * Recomputes one database's ledger from `target.earliest` on (see the module header) and rewrites
 * its rows. Returns null when the database does not exist in that organization.
 */
export async function updateInstanceLedger(d1: D1, target: LedgerTarget, now: number): Promise<LedgerUpdate | null> {
  const db = drizzle(d1);
  const { orgId, instanceId } = target;
  const [subject, anchors, priceRows] = await Promise.all([
    loadSubject(db, orgId, instanceId),
    target.earliest > 0
      ? db
          .select({ sleepFrom: savings.sleepFrom })
          .from(savings)
          .where(and(eq(savings.instanceId, instanceId), eq(savings.orgId, orgId), lt(savings.until, new Date(target.earliest)), inArray(savings.endedBy, ["start", "auto_restart"])))
          .orderBy(desc(savings.until))
          .limit(1)
      : Promise.resolve([]),
    db.select().from(instancePrices).where(and(eq(instancePrices.instanceId, instanceId), eq(instancePrices.orgId, orgId))).orderBy(asc(instancePrices.effectiveFrom)),
  ]);
  if (!subject) return null;
  const windowFrom = anchors[0]?.sleepFrom.getTime() ?? 0;
  const firstDay = windowFrom > 0 ? localDay(windowFrom, subject.timeZone) : null;
  const dayStart = firstDay ? dayBounds(firstDay, subject.timeZone).start : 0;

  const observationTypes = [...OBSERVATION_TYPES];
  // The events since the last awake observation before the window: the window's first sleep's
  // cause (its stop request) is observed before the sleep itself.
  const since = windowFrom > 0
    ? sql`coalesce((select max(${events.occurredAt}) from ${events} where ${events.instanceId} = ${instanceId} and ${events.orgId} = ${orgId} and ${events.occurredAt} < ${windowFrom} and ${inArray(events.type, observationTypes)} and ${inArray(events.toState, AWAKE_STATES)}), 0)`
    : sql`0`;
  const [eventRows, keptRows, beforeRows, [oldFirst]] = await db.batch([
    db
      .select({ id: events.id, type: events.type, causeKind: events.causeKind, causeId: events.causeId, toState: events.toState, occurredAt: events.occurredAt })
      .from(events)
      .where(and(eq(events.instanceId, instanceId), eq(events.orgId, orgId), inArray(events.type, observationTypes), sql`${events.occurredAt} >= ${since}`))
      .orderBy(asc(events.occurredAt), asc(events.id)),
    // Closed intervals before the window that still reach into its first local day.
    db
      .select()
      .from(savings)
      .where(and(eq(savings.instanceId, instanceId), eq(savings.orgId, orgId), lt(savings.from, new Date(windowFrom)), isNotNull(savings.until), gte(savings.until, new Date(dayStart)))),
    // The daily rows that stay, summed per cause: with the rewritten ones, they make the all-time
    // total, and the running totals go on from them.
    db
      .select({
        causeKind: savingsDaily.causeKind,
        causeId: savingsDaily.causeId,
        asleepSeconds: sql<number>`sum(${savingsDaily.asleepSeconds})`.as("asleep_sum"),
        savedMicros: sql<number>`sum(${savingsDaily.savedMicros})`.as("saved_sum"),
        unpricedSeconds: sql<number>`sum(${savingsDaily.unpricedSeconds})`.as("unpriced_sum"),
      })
      .from(savingsDaily)
      .where(and(eq(savingsDaily.instanceId, instanceId), eq(savingsDaily.orgId, orgId), lt(savingsDaily.day, firstDay ?? "")))
      .groupBy(savingsDaily.causeKind, savingsDaily.causeId),
    // The first of the daily rows about to be rewritten: the organization's days from there on change.
    db
      .select({ day: sql<string | null>`min(${savingsDaily.day})`.as("first_day") })
      .from(savingsDaily)
      .where(and(eq(savingsDaily.instanceId, instanceId), eq(savingsDaily.orgId, orgId), ...(firstDay ? [gte(savingsDaily.day, firstDay)] : []))),
  ]);

  const priceSync = priceSyncStatements(db, subject, priceRows.map((p) => ({ from: p.effectiveFrom.getTime(), hourlyMicros: p.hourlyMicros, source: p.source })), now);
  const observations = eventRows.map(toObservation).filter((o): o is PowerObservation => o !== null);
  // A price that takes effect now must already split the sleep in progress.
  const ledgerNow = Math.max(now, (priceSync.history.at(-1)?.from ?? 0) + 1);
  const intervals = sleepIntervals(observations, priceSync.history, { provider: subject.provider, now: ledgerNow, instanceId }).filter((i) => i.from >= windowFrom);

  // The start of the sleep each piece belongs to (pieces split at a price change share it).
  const ledgerRows: (typeof savings.$inferInsert)[] = [];
  let sleepFrom = 0;
  intervals.forEach((i, k) => {
    const prev = intervals[k - 1];
    if (!prev || prev.endedBy !== "price_change" || prev.until !== i.from) sleepFrom = i.from;
    ledgerRows.push({
      id: i.id,
      orgId,
      instanceId,
      causeKind: i.causeKind,
      causeId: i.causeId,
      from: new Date(i.from),
      until: i.until === null ? null : new Date(i.until),
      sleepFrom: new Date(sleepFrom),
      hourlyMicros: i.hourlyMicros,
      priceSource: i.priceSource,
      penaltyMicros: i.penaltyMicros,
      endedBy: i.endedBy,
      savedMicros: i.until === null ? null : savedMicros(i, now),
      updatedAt: new Date(now),
    });
  });

  const closed = [...keptRows.map(intervalFromRow), ...intervals].filter((i) => i.until !== null);
  const daily = dailyRollup(closed, subject.timeZone, now).filter((r) => firstDay === null || r.day >= firstDay);

  const before = beforeRows.map((b) => ({ causeKind: b.causeKind, causeId: b.causeId, asleepSeconds: Number(b.asleepSeconds), savedMicros: Number(b.savedMicros), unpricedSeconds: Number(b.unpricedSeconds) }));
  const dailyRows = dailyRowsFor(orgId, instanceId, daily);
  const statements: BatchItem<"sqlite">[] = [
    ...priceSync.statements,
    // A new price moves the organization's projected cost.
    ...(priceSync.statements.length ? fleetRateStatements(db, orgId) : []),
    db.delete(savings).where(and(eq(savings.instanceId, instanceId), eq(savings.orgId, orgId), gte(savings.from, new Date(windowFrom)))),
    ...chunked(ledgerRows, 14).map((rows) => db.insert(savings).values(rows)),
    db.delete(savingsDaily).where(and(eq(savingsDaily.instanceId, instanceId), eq(savingsDaily.orgId, orgId), ...(firstDay ? [gte(savingsDaily.day, firstDay)] : []))),
    ...chunked(dailyRows, 8).map((rows) => db.insert(savingsDaily).values(rows)),
    ...runningStatements(db, orgId, instanceId, firstDay, before, dailyRows),
    totalsStatement(db, orgId, instanceId, [...before, ...daily]),
    // Open intervals change here too, with or without organization days: reads memoized at the
    // old version are stale from this batch on.
    savingsVersionBump(db, orgId),
  ];
  // The organization's days this database had or now has rows in, from the first of them on.
  const orgFrom = [oldFirst?.day ?? null, daily[0]?.day ?? null].filter((d): d is string => d !== null).sort()[0];
  if (orgFrom !== undefined) statements.push(...orgDailyStatements(db, orgId, orgFrom));
  const [first, ...rest] = statements;
  await db.batch([first!, ...rest]);
  return { instanceId, windowFrom, intervals, firstDay, price: subject.price };
}

/** Brings an instance's shown price and price history in line with its inputs, then its ledger
 * (a price change splits the open interval now). */
export async function repriceInstance(d1: D1, orgId: string, instanceId: string, now: number): Promise<ResolvedPrice | null> {
  const update = await updateInstanceLedger(d1, { orgId, instanceId, earliest: now }, now);
  return update?.price ?? null;
}

/** The affected databases of a batch of events: each with its earliest event time. */
export function ledgerTargets(batch: { orgId: string; instanceId: string | null; type: string; occurredAt: number }[]): LedgerTarget[] {
  const targets = new Map<string, LedgerTarget>();
  for (const e of batch) {
    if (!e.instanceId || !LEDGER_TRIGGER_TYPES.has(e.type)) continue;
    const key = `${e.orgId}\u0000${e.instanceId}`;
    const t = targets.get(key);
    if (!t) targets.set(key, { orgId: e.orgId, instanceId: e.instanceId, earliest: e.occurredAt });
    else t.earliest = Math.min(t.earliest, e.occurredAt);
  }
  return [...targets.values()];
}


/**
 * After an account's discount changed: every database of the account gets its new price (row and
 * price history, effective now) in one batch; those asleep now also get their ledger split here.
 */
export async function repriceAccount(d1: D1, orgId: string, cloudAccountId: string, now: number): Promise<{ repriced: number }> {
  const db = drizzle(d1);
  const [rows, prices, open] = await db.batch([
    db
      .select({ id: instances.id, basis: instances.priceBasis, overrideMicros: instances.priceOverrideMicros, hourlyPriceMicros: instances.hourlyPriceMicros, priceSource: instances.priceSource, discountBps: cloudAccounts.discountBps })
      .from(instances)
      .innerJoin(cloudAccounts, eq(cloudAccounts.id, instances.cloudAccountId))
      .where(and(eq(instances.orgId, orgId), eq(instances.cloudAccountId, cloudAccountId), isNull(instances.deletedAt))),
    db
      .select({ instanceId: instancePrices.instanceId, from: instancePrices.effectiveFrom, hourlyMicros: instancePrices.hourlyMicros, source: instancePrices.source })
      .from(instancePrices)
      .innerJoin(instances, eq(instances.id, instancePrices.instanceId))
      .where(and(eq(instancePrices.orgId, orgId), eq(instances.cloudAccountId, cloudAccountId)))
      .orderBy(asc(instancePrices.effectiveFrom)),
    db
      .selectDistinct({ instanceId: savings.instanceId })
      .from(savings)
      .innerJoin(instances, eq(instances.id, savings.instanceId))
      .where(and(eq(savings.orgId, orgId), isNull(savings.until), eq(instances.cloudAccountId, cloudAccountId))),
  ]);
  const asleep = new Set(open.map((r) => r.instanceId));
  const latest = new Map<string, PricePoint>();
  for (const p of prices) latest.set(p.instanceId, { from: p.from.getTime(), hourlyMicros: p.hourlyMicros, source: p.source });
  const statements: BatchItem<"sqlite">[] = [];
  for (const r of rows) {
    if (asleep.has(r.id)) continue;
    const price = resolvePrice({ basis: readPriceBasis(r.basis), overrideMicros: r.overrideMicros, discountBps: r.discountBps });
    const last = latest.get(r.id);
    statements.push(...priceSyncStatements(db, { orgId, instanceId: r.id, price, stored: r }, last ? [last] : [], now).statements);
  }
  for (let i = 0; i < statements.length; i += 50) {
    const [first, ...rest] = statements.slice(i, i + 50);
    await db.batch([first!, ...rest]);
  }
  if (statements.length) await db.batch(fleetRateStatements(db, orgId));
  for (const instanceId of asleep) await updateInstanceLedger(d1, { orgId, instanceId, earliest: now }, now);
  return { repriced: rows.length };
}
