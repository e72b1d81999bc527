/**
 * Gathers what one account's reconcile needs from D1 — its live databases, the organization's
 * enabled schedules and the databases' active overrides — and turns schedules into per-database
 * verdicts (desired state now and the next change) with the pure schedule model. Read-only.
 */
import { and, eq, gt, isNull, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { instances, overrides, schedules } from "../db/schema.ts";
import { evaluateSchedule, matchesSelector, nextTransition, ScheduleDefinitionSchema, type ScheduleDefinition } from "../schedules/index.ts";
import type { ActiveOverride, ScheduleVerdict } from "./plan.ts";

/** How far ahead the agent looks for the next transition (alarms are re-armed well before). */
export const LOOKAHEAD_MS = 8 * 24 * 3600_000;

export type InstanceRow = typeof instances.$inferSelect;

export interface LoadedSchedule {
  id: string;
  definition: ScheduleDefinition;
  enforce: boolean;
  dryRun: boolean;
  minimumSleepMinutes: number;
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
    const definition = parsed.data;
    loaded.push({
      id: row.id,
      definition,
      enforce: row.enforce,
      dryRun: row.dryRun,
      minimumSleepMinutes: row.minimumSleepMinutes,
    });
  }
  const byInstance = new Map<string, ActiveOverride>();
  for (const o of overrideRows.sort((a, b) => (a.until?.getTime() ?? Infinity) - (b.until?.getTime() ?? Infinity))) {
    // keep_awake/keep_asleep beat skip_next; the latest-ending of a kind wins.
    const current = byInstance.get(o.instanceId);
    if (!current || current.kind === "skip_next") byInstance.set(o.instanceId, { id: o.id, kind: o.kind, until: o.until?.getTime() ?? null });
  }
  return { instances: rows, schedules: loaded, overrides: byInstance };
}

/** The verdict of every schedule that matches `row`, at `now`. */
export function verdictsFor(row: InstanceRow, loaded: LoadedSchedule[], now: number): ScheduleVerdict[] {
  const target = { name: row.name, cloudAccountId: row.cloudAccountId, provider: row.provider, region: row.region, engine: row.engine, tags: row.tags };
  return loaded
    .filter((s) => matchesSelector(s.definition.selector, target))
    .map((s) => {
      const next = nextTransition(s.definition, now, LOOKAHEAD_MS);
      return {
        scheduleId: s.id,
        state: evaluateSchedule(s.definition, now),
        enforce: s.enforce,
        dryRun: s.dryRun,
        nextTransitionAt: next?.at ?? null,
        nextState: next?.state ?? null,
      };
    });
}
