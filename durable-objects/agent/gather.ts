/**
 * The AccountAgent's D1 side: reads what one account's pass needs (its live databases, the
 * organization's enabled schedules, the databases' open overrides) and writes back, in one batch
 * after the cloud calls, what the pass learned (inventory states, used skip_next overrides, the
 * cron tick's next due time). Owns the queries, never a decision (worker/reconcile/pass.ts).
 */
import { and, eq, gt, isNull, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { cloudAccounts, instances, overrides, schedules } from "../../worker/db/schema.ts";
import type { AccountRow } from "../../worker/accounts/connection.ts";
import { ScheduleDefinitionSchema } from "../../worker/schedules/index.ts";
import type { InventoryWrite, LoadedSchedule, OverrideInput } from "../../worker/reconcile/pass.ts";

export type InstanceRow = typeof instances.$inferSelect;

export async function loadAccount(db: D1Database, accountId: string, orgId: string): Promise<AccountRow | undefined> {
  const [row] = await drizzle(db).select().from(cloudAccounts).where(and(eq(cloudAccounts.id, accountId), eq(cloudAccounts.orgId, orgId)));
  return row;
}

export async function loadAccountWork(db: D1Database, orgId: string, accountId: string, now: number) {
  const d = drizzle(db);
  const [rows, scheduleRows, overrideRows] = await Promise.all([
    d.select().from(instances).where(and(eq(instances.orgId, orgId), eq(instances.cloudAccountId, accountId), isNull(instances.deletedAt))),
    d.select().from(schedules).where(and(eq(schedules.orgId, orgId), eq(schedules.enabled, true))),
    d
      .select({ id: overrides.id, instanceId: overrides.instanceId, kind: overrides.kind, until: overrides.until })
      .from(overrides)
      .innerJoin(instances, eq(instances.id, overrides.instanceId))
      .where(
        and(
          eq(overrides.orgId, orgId),
          eq(instances.cloudAccountId, accountId),
          isNull(overrides.cancelledAt),
          isNull(overrides.consumedAt),
          or(isNull(overrides.until), gt(overrides.until, new Date(now))),
        ),
      ),
  ]);
  const loaded: LoadedSchedule[] = [];
  for (const row of scheduleRows) {
    const parsed = ScheduleDefinitionSchema.safeParse(row.definition);
    if (!parsed.success) continue; // stored definitions are validated on write; never act on one that no longer parses
    loaded.push({ id: row.id, version: row.updatedAt.getTime(), definition: parsed.data, enforce: row.enforce, dryRun: row.dryRun, minimumSleepMinutes: row.minimumSleepMinutes, maintenanceWake: row.maintenanceWake });
  }
  const open: OverrideInput[] = overrideRows.map((o) => ({ id: o.id, instanceId: o.instanceId, kind: o.kind, until: o.until?.getTime() ?? null }));
  return { instances: rows, schedules: loaded, overrides: open };
}

/** The account's databases as the power history needs them (deleted ones too: their past counts). */
export async function knownInstances(db: D1Database, orgId: string, accountId: string) {
  return drizzle(db)
    .select({ id: instances.id, kind: instances.kind, externalId: instances.externalId })
    .from(instances)
    .where(and(eq(instances.orgId, orgId), eq(instances.cloudAccountId, accountId)));
}

/** What a pass learned, in one D1 batch: inventory states, used overrides and the next due time. */
export async function writeBack(
  db: D1Database,
  account: Pick<AccountRow, "id" | "orgId">,
  change: { inventory: readonly InventoryWrite[]; consumeOverrides: readonly string[]; nextDueAt: number | null },
  now: number,
): Promise<void> {
  const d = drizzle(db);
  const at = new Date(now);
  const statements = [
    ...change.inventory.map((w) =>
      d
        .update(instances)
        .set({ state: w.state, cloudStatus: w.cloudStatus, lastSeenAt: at, updatedAt: at, ...(w.stateChanged && { stateSince: at }) })
        .where(and(eq(instances.id, w.instanceId), eq(instances.orgId, account.orgId))),
    ),
    ...change.consumeOverrides.map((id) => d.update(overrides).set({ consumedAt: at }).where(and(eq(overrides.id, id), eq(overrides.orgId, account.orgId)))),
    ...(change.nextDueAt === null ? [] : [d.update(cloudAccounts).set({ nextDueAt: new Date(change.nextDueAt) }).where(and(eq(cloudAccounts.id, account.id), eq(cloudAccounts.orgId, account.orgId)))]),
  ];
  for (let i = 0; i < statements.length; i += 50) {
    const [first, ...rest] = statements.slice(i, i + 50);
    await d.batch([first!, ...rest]);
  }
}
