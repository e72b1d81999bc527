/**
 * Inventory planning (pure): given what D1 knows about an account's databases and what the cloud
 * just listed, decide which rows to insert or update, which to mark removed, and which events to
 * record (discovered, state changed, removed). No I/O here; the AccountAgent applies the plan.
 *
 * A database missing from a region that failed to list is NOT removed: absence of evidence from
 * a failed call is not evidence of deletion.
 */
import type { Database, DatabaseList } from "../cloud/index.ts";
import type { PowerState } from "../db/schema.ts";

export interface KnownInstance {
  id: string;
  kind: Database["kind"];
  externalId: string;
  region: string;
  state: PowerState;
  deletedAt: Date | null;
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

export function planInventory(known: KnownInstance[], listed: DatabaseList, newId: () => string): InventoryPlan {
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
