/**
 * Inventory planning (pure): given what D1 knows about an account's databases and what the cloud
 * just listed, decide which rows to insert or update, which to mark removed, and which events to
 * record (discovered, state changed, removed). No I/O here; the AccountAgent applies the plan.
 *
 * A database missing from a region that failed to list is NOT removed: absence of evidence from
 * a failed call is not evidence of deletion.
 *
 * Writes cost money (D1 bills per row written) and discovery runs every few minutes: a database
 * whose stored row already says what the cloud says is not rewritten, except to refresh its
 * `last_seen_at` once it is older than LAST_SEEN_REFRESH_MS (liveness is kept coarse on purpose).
 */
import type { Database, DatabaseList } from "../cloud/index.ts";
import type { MaintenanceFacts } from "../domain/maintenance.ts";
import type { PowerState } from "../domain/vocabulary.ts";

/** How stale an unchanged database's `last_seen_at` may get before discovery rewrites its row. */
export const LAST_SEEN_REFRESH_MS = 24 * 3600_000;

/** The stored columns discovery writes from the cloud's description (compared to skip no-op writes). */
export interface StoredDescription {
  resourceName: string | null;
  name: string;
  engine: string;
  engineVersion: string | null;
  instanceClass: string | null;
  cloudStatus: string | null;
  tags: Record<string, string>;
  eligible: boolean;
  ineligibleReason: string | null;
  /** Absent (callers that do not know it): not compared. */
  maintenance?: MaintenanceFacts | null;
  lastSeenAt: Date | null;
}

export interface KnownInstance {
  id: string;
  kind: Database["kind"];
  externalId: string;
  region: string;
  state: PowerState;
  deletedAt: Date | null;
  /** When given, a row that already matches the cloud is not rewritten. */
  stored?: StoredDescription;
}

const sameTags = (a: Record<string, string>, b: Record<string, string>) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

const sameMaintenance = (a: MaintenanceFacts | null, b: MaintenanceFacts | null) =>
  a === b || (a !== null && b !== null && a.scheduledAt === b.scheduledAt && a.window?.startMinute === b.window?.startMinute &&
    a.window?.durationMinutes === b.window?.durationMinutes && a.pending.length === b.pending.length && a.pending.every((p, i) => p === b.pending[i]));

/** Whether the stored row already says everything the cloud just said (and was seen recently). */
export function unchanged(stored: StoredDescription, d: Database, now: number): boolean {
  return (
    stored.resourceName === d.resourceName && stored.name === d.name && stored.engine === d.engine && stored.engineVersion === d.engineVersion &&
    stored.instanceClass === d.instanceClass && stored.cloudStatus === d.cloudStatus && stored.eligible === d.eligible &&
    stored.ineligibleReason === (d.ineligibleReason ?? null) && sameTags(stored.tags, d.tags) &&
    (stored.maintenance === undefined || sameMaintenance(stored.maintenance, d.maintenance ?? null)) &&
    stored.lastSeenAt !== null && now - stored.lastSeenAt.getTime() < LAST_SEEN_REFRESH_MS
  );
}

export interface InventoryChange {
  kind: "discovered" | "state_changed" | "removed" | "reappeared";
  instanceId: string;
  externalId: string;
  fromState: PowerState | null;
  toState: PowerState | null;
}

export interface InventoryPlan {
  /** Databases to upsert, each with the id to use (existing or new). */
  upserts: { id: string; database: Database; stateChanged: boolean }[];
  /** Ids of known databases the cloud no longer lists (in regions that listed fine). */
  removals: string[];
  changes: InventoryChange[];
}

const keyOf = (kind: string, externalId: string) => `${kind}\u0000${externalId}`;

export function planInventory(known: KnownInstance[], listed: DatabaseList, newId: () => string, now = Date.now()): InventoryPlan {
  const byKey = new Map(known.map((k) => [keyOf(k.kind, k.externalId), k]));
  const failedRegions = new Set(listed.incomplete.map((f) => f.region));
  const seen = new Set<string>();
  const plan: InventoryPlan = { upserts: [], removals: [], changes: [] };

  for (const database of listed.databases) {
    const key = keyOf(database.kind, database.externalId);
    seen.add(key);
    const existing = byKey.get(key);
    if (!existing) {
      const id = newId();
      plan.upserts.push({ id, database, stateChanged: true });
      plan.changes.push({ kind: "discovered", instanceId: id, externalId: database.externalId, fromState: null, toState: database.state });
      continue;
    }
    const stateChanged = existing.state !== database.state;
    if (!stateChanged && !existing.deletedAt && existing.stored && unchanged(existing.stored, database, now)) continue;
    plan.upserts.push({ id: existing.id, database, stateChanged: stateChanged || existing.deletedAt !== null });
    if (existing.deletedAt) {
      plan.changes.push({ kind: "reappeared", instanceId: existing.id, externalId: database.externalId, fromState: null, toState: database.state });
    } else if (stateChanged) {
      plan.changes.push({ kind: "state_changed", instanceId: existing.id, externalId: database.externalId, fromState: existing.state, toState: database.state });
    }
  }

  for (const k of known) {
    if (k.deletedAt || seen.has(keyOf(k.kind, k.externalId)) || failedRegions.has(k.region)) continue;
    plan.removals.push(k.id);
    plan.changes.push({ kind: "removed", instanceId: k.id, externalId: k.externalId, fromState: k.state, toState: null });
  }
  return plan;
}
