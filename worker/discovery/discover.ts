/**
 * Discovery for one cloud account (run inside its AccountAgent): list the databases through the
 * provider client, apply the inventory plan to D1 (`instances`, with each database's price basis
 * and resolved price, written only when they change), record the account's sync outcome, and return the events to send. A failed listing marks the account `error` with the
 * cloud's own words (never a credential) and changes no database row. A pass that already made
 * the account's full listing (worker/reconcile/listing.ts) hands it in instead of listing again.
 */
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { BatchItem } from "drizzle-orm/batch";
import { accountConfig, ConnectionProblem, type AccountRow } from "../accounts/connection.ts";
import { isCloudError, providerFor, type CloudProvider, type DatabaseList } from "../cloud/index.ts";
import { cloudAccounts, instances } from "../db/schema.ts";
import { newId } from "../db/ids.ts";
import type { Env } from "../env.ts";
import { buildEvent, type EventMessage } from "../events/event.ts";
import { basisKey, priceBasisOf, resolvePrice } from "../savings/price.ts";
import { fleetRateStatements } from "../savings/fleet-rate.ts";
import { ownTransitionFact, type PendingTransition } from "../reconcile/pass.ts";
import { planInventory } from "./inventory.ts";

export interface DiscoveryOutcome {
  ok: boolean;
  databases: number;
  events: EventMessage[];
  error?: string;
  /** The listing discovery applied (absent when it failed): the pass reads its in-flight databases from it. */
  listed?: DatabaseList;
}

/** D1 caps statements per batch; stay well inside. */
const BATCH = 50;
/** How stale the account's `last_sync_at` may get before a sync that changed nothing rewrites it. */
export const LAST_SYNC_REFRESH_MS = 60 * 60_000;

/** Whether the account row needs a write: its status or error changed, or its last sync is stale. */
function accountChanged(account: AccountRow, sync: { status: string; lastError: string | null }, now: number): boolean {
  return account.status !== sync.status || account.lastError !== sync.lastError || !account.lastSyncAt || now - account.lastSyncAt.getTime() >= LAST_SYNC_REFRESH_MS;
}

/**
 * Options:
 * - `inFlight`: the transitions the account's agent has started and not yet confirmed, by database
 *   id (its memory's `pending`). A state change on one's way is the agent's own, recorded with its
 *   cause (worker/reconcile/pass.ts `ownTransitionFact`), not as a change made outside SnoozeQL.
 * - `prelisted`: the account's full listing (every kind and region, with maintenance), already made
 *   by the pass and brought up to date with what its calls did since (worker/reconcile/listing.ts).
 */
export async function discoverAccount(
  env: Env,
  account: AccountRow,
  provider: CloudProvider | null,
  now = Date.now(),
  options: { inFlight?: ReadonlyMap<string, PendingTransition>; prelisted?: DatabaseList } = {},
): Promise<DiscoveryOutcome> {
  const { inFlight = new Map<string, PendingTransition>(), prelisted } = options;
  const db = drizzle(env.DB);
  let listed: DatabaseList;
  try {
    if (prelisted) listed = prelisted;
    else {
      provider ??= providerFor(await accountConfig(env, account));
      listed = await provider.listDatabases();
    }
  } catch (error) {
    const message = isCloudError(error) ? error.summary : error instanceof ConnectionProblem ? error.message : "Discovery failed unexpectedly.";
    await db.update(cloudAccounts).set({ status: account.status === "disabled" ? "disabled" : "error", lastError: `discovery: ${message}`, updatedAt: new Date(now) }).where(eq(cloudAccounts.id, account.id));
    const event = await buildEvent(
      { orgId: account.orgId, cloudAccountId: account.id, type: "account.sync_failed", causeKind: "system", occurredAt: now, detail: { error: message } },
      [account.id, Math.floor(now / 60_000)],
    );
    return { ok: false, databases: 0, events: [event], error: message };
  }

  const rows = await db.select().from(instances).where(and(eq(instances.cloudAccountId, account.id), eq(instances.orgId, account.orgId)));
  const known = rows.map((r) => ({ ...r, stored: r })); // every stored column, to skip rows that would not change
  const plan = planInventory(known, listed, () => newId("instance", now), now);
  const at = new Date(now);
  const knownById = new Map(known.map((k) => [k.id, k]));

  /** The price basis and resolved price, only where they changed (or the database is new). */
  const pricing = (id: string, d: (typeof listed.databases)[number]) => {
    const basis = priceBasisOf(d);
    const before = knownById.get(id);
    const price = resolvePrice({ basis, overrideMicros: before?.priceOverrideMicros ?? null, discountBps: account.discountBps });
    return {
      ...(basisKey(basis) !== basisKey(before?.priceBasis) && { priceBasis: basis as unknown as Record<string, unknown> }),
      ...((price.hourlyMicros ?? 0) !== before?.hourlyPriceMicros || price.source !== before?.priceSource ? { hourlyPriceMicros: price.hourlyMicros ?? 0, priceSource: price.source } : {}),
    };
  };

  const sync = {
    status: account.status === "disabled" ? ("disabled" as const) : listed.incomplete.length ? ("error" as const) : ("connected" as const),
    lastError: listed.incomplete.length ? `discovery: ${listed.incomplete.map((f) => `${f.region}: ${f.error.summary}`).join("; ")}` : null,
  };
  // Whether the fleet's priced make-up changed (a database new, back, removed or repriced): the
  // organization's projected cost (savings_fleet_rate) is then rewritten in the same batches.
  let fleetChanged = plan.removals.length > 0;
  const statements = [
    ...plan.upserts.map(({ id, database: d, stateChanged }) => {
      const before = knownById.get(id);
      const priced = pricing(id, d);
      if (!before || before.deletedAt !== null || "hourlyPriceMicros" in priced) fleetChanged = true;
      const fields = {
        resourceName: d.resourceName,
        region: d.region,
        name: d.name,
        engine: d.engine,
        engineVersion: d.engineVersion,
        instanceClass: d.instanceClass,
        cloudStatus: d.cloudStatus,
        state: d.state,
        tags: d.tags,
        eligible: d.eligible,
        ineligibleReason: d.ineligibleReason ?? null,
        maintenance: d.maintenance ?? null,
        lastSeenAt: at,
        deletedAt: null,
        updatedAt: at,
        ...(stateChanged && { stateSince: at }),
        ...priced,
      };
      return db
        .insert(instances)
        .values({ id, orgId: account.orgId, cloudAccountId: account.id, provider: d.provider, kind: d.kind, externalId: d.externalId, ...fields, stateSince: at })
        .onConflictDoUpdate({ target: [instances.cloudAccountId, instances.kind, instances.externalId], set: fields });
    }),
    // Rows the inventory left alone may still need their price basis or resolved price updated.
    ...listed.databases.flatMap((d) => {
      const k = known.find((r) => r.kind === d.kind && r.externalId === d.externalId);
      if (!k || plan.upserts.some((u) => u.id === k.id)) return [];
      const changed = pricing(k.id, d);
      if ("hourlyPriceMicros" in changed) fleetChanged = true;
      return Object.keys(changed).length ? [db.update(instances).set({ ...changed, updatedAt: at }).where(and(eq(instances.id, k.id), eq(instances.orgId, account.orgId)))] : [];
    }),
    ...plan.removals.map((id) => db.update(instances).set({ deletedAt: at, updatedAt: at }).where(and(eq(instances.id, id), eq(instances.orgId, account.orgId)))),
    ...(accountChanged(account, sync, now)
      ? [db.update(cloudAccounts).set({ ...sync, lastSyncAt: at, updatedAt: at }).where(eq(cloudAccounts.id, account.id))]
      : []),
  ];
  const all: BatchItem<"sqlite">[] = [...statements, ...(fleetChanged ? fleetRateStatements(db, account.orgId) : [])];
  for (let i = 0; i < all.length; i += BATCH) {
    const [first, ...rest] = all.slice(i, i + BATCH);
    await db.batch([first!, ...rest]);
  }

  const events = await Promise.all(
    plan.changes.map((change) => {
      const own = change.kind === "state_changed" && change.toState ? ownTransitionFact(change.instanceId, change.fromState, change.toState, inFlight.get(change.instanceId)) : null;
      if (own) {
        const { key, at: _at, ...fact } = own;
        return buildEvent({ ...fact, orgId: account.orgId, cloudAccountId: account.id, occurredAt: now }, key);
      }
      return buildEvent(
        {
          orgId: account.orgId,
          cloudAccountId: account.id,
          instanceId: change.instanceId,
          type: `instance.${change.kind}`,
          causeKind: "cloud",
          fromState: change.fromState,
          toState: change.toState,
          occurredAt: now,
          detail: { externalId: change.externalId },
        },
        [change.instanceId, change.kind, change.fromState ?? "", change.toState ?? "", now],
      );
    }),
  );
  return { ok: listed.incomplete.length === 0, databases: listed.databases.length, events, listed };
}
