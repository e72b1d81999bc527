/**
 * "Override expiring soon": once a minute (the cron tick) every keep-awake / keep-asleep override
 * that lapses within OVERRIDE_EXPIRY_LEAD_MS gets one `override.expiring` event, fanned out to
 * Slack ("Keep awake 2h more") and webhooks by the events consumer.
 *
 * Exactly once: the event id is derived from the override and its end time, and a pass only sends
 * the events not yet stored, so later passes add nothing; a pass that runs twice, or an event
 * delivered twice, inserts one row (INSERT OR IGNORE) and the delivery row keyed by (event,
 * integration) sends once. A pass that fails sends again next minute.
 *
 * Not notified: a cancelled or consumed override; one that no longer decides anything because a
 * later override on the same database outlasts it (an extension — the extension is notified at
 * its own end); and one created less than the lead before its end (its "created" message already
 * said when it ends).
 *
 * Owns: choosing the overrides (pure `expiringNotices`) and sending their events. Never: changes
 * an override or acts on a database.
 */
import { and, asc, eq, gt, inArray, isNull, lte, ne } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Env } from "../env.ts";
import { events, instances, overrides } from "../db/schema.ts";
import { buildEvent, emitEvents, type EventMessage } from "../events/event.ts";
import type { CauseKind, OverrideKind } from "../domain/vocabulary.ts";
import { chunk } from "../ticks/cron-tick.ts";

/** How long before its end an override is announced. */
export const OVERRIDE_EXPIRY_LEAD_MS = 30 * 60_000;
/** Upper bound of overrides announced per tick (the rest follow next minute, still before their end). */
export const MAX_EXPIRING_PER_TICK = 500;
/** D1 binds at most 100 parameters per statement. */
const IN_CHUNK = 90;

export interface ActiveOverride {
  id: string;
  orgId: string;
  instanceId: string;
  kind: OverrideKind;
  /** Epoch ms. */
  until: number;
  createdAt: number;
}

/** Pure: the candidates that deserve an "expiring" notice at `now`, given every active override of their databases. */
export function expiringNotices<T extends ActiveOverride>(candidates: readonly T[], active: readonly ActiveOverride[], now: number, lead = OVERRIDE_EXPIRY_LEAD_MS): T[] {
  return candidates.filter((c) => {
    if (c.kind === "skip_next" || c.until <= now || c.until > now + lead) return false;
    if (c.createdAt > c.until - lead) return false;
    // Outlasted by another override on the same database: the same state continues, or a newer instruction took over.
    return !active.some((o) => o.id !== c.id && o.instanceId === c.instanceId && o.kind !== "skip_next" && o.until > c.until && (o.kind === c.kind || o.createdAt > c.createdAt));
  });
}

export function expiringEvent(o: ActiveOverride & { cloudAccountId: string; causeKind: CauseKind; causeId: string | null }, now: number): Promise<EventMessage> {
  return buildEvent(
    {
      orgId: o.orgId,
      cloudAccountId: o.cloudAccountId,
      instanceId: o.instanceId,
      type: "override.expiring",
      causeKind: o.causeKind,
      causeId: o.causeId,
      detail: { overrideId: o.id, kind: o.kind, until: new Date(o.until).toISOString() },
      occurredAt: now,
    },
    [o.id, o.until],
  );
}

export async function runOverrideExpiryTick(env: Env, now: number): Promise<{ candidates: number; emitted: number }> {
  const db = drizzle(env.DB);
  const open = and(isNull(overrides.cancelledAt), isNull(overrides.consumedAt), ne(overrides.kind, "skip_next"));
  // A range on overrides_until_idx: O(overrides ending within the lead).
  const rows = await db
    .select({ o: overrides, cloudAccountId: instances.cloudAccountId })
    .from(overrides)
    .innerJoin(instances, and(eq(instances.id, overrides.instanceId), eq(instances.orgId, overrides.orgId)))
    .where(and(gt(overrides.until, new Date(now)), lte(overrides.until, new Date(now + OVERRIDE_EXPIRY_LEAD_MS)), open, isNull(instances.deletedAt)))
    .orderBy(asc(overrides.until))
    .limit(MAX_EXPIRING_PER_TICK);
  if (rows.length === 0) return { candidates: 0, emitted: 0 };
  const flat = (r: (typeof rows)[number]) => ({ ...r.o, until: r.o.until!.getTime(), createdAt: r.o.createdAt.getTime(), cloudAccountId: r.cloudAccountId });
  const candidates = rows.map(flat);

  const active: ActiveOverride[] = [];
  for (const ids of chunk([...new Set(candidates.map((c) => c.instanceId))], IN_CHUNK)) {
    const others = await db
      .select()
      .from(overrides)
      .where(and(inArray(overrides.instanceId, ids), gt(overrides.until, new Date(now)), open));
    active.push(...others.map((o) => ({ ...o, until: o.until!.getTime(), createdAt: o.createdAt.getTime() })));
  }
  const due = await Promise.all(expiringNotices(candidates, active, now).map((o) => expiringEvent(o, now)));
  const stored = new Set<string>();
  for (const ids of chunk(due.map((e) => e.id), IN_CHUNK)) {
    for (const r of await db.select({ id: events.id }).from(events).where(inArray(events.id, ids))) stored.add(r.id);
  }
  const fresh = due.filter((e) => !stored.has(e.id));
  await emitEvents(env, fresh);
  return { candidates: candidates.length, emitted: fresh.length };
}
