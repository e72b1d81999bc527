/**
 * D1 reads shared by the AccountAgent and the API about databases' activity: hourly metric
 * rollups over a range, and when each policy last fired on each database (its cooldown).
 *
 * Owns the queries (always scoped by organization), never a decision.
 */
import { and, eq, gte, inArray, lt, max } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { HourlyRollup, StoredMetric } from "../metrics/collect.ts";
import { metrics, policyEvaluations } from "./schema.ts";

/** D1 binds at most 100 parameters per statement. */
const IDS_PER_QUERY = 90;

/** Hourly rollups of some databases in [since, until), by database. */
export async function readRollups(db: D1Database, orgId: string, instanceIds: readonly string[], since: number, until?: number): Promise<Map<string, HourlyRollup[]>> {
  const out = new Map<string, HourlyRollup[]>();
  const d = drizzle(db);
  for (let i = 0; i < instanceIds.length; i += IDS_PER_QUERY) {
    const rows = await d
      .select()
      .from(metrics)
      .where(and(eq(metrics.orgId, orgId), inArray(metrics.instanceId, instanceIds.slice(i, i + IDS_PER_QUERY)), gte(metrics.hourStart, new Date(since)), until === undefined ? undefined : lt(metrics.hourStart, new Date(until))))
      .orderBy(metrics.hourStart);
    for (const r of rows) {
      const list = out.get(r.instanceId) ?? [];
      list.push({ metric: r.metric as StoredMetric, hourStart: r.hourStart.getTime(), avg: r.avg, max: r.max, min: r.min, samples: r.samples });
      out.set(r.instanceId, list);
    }
  }
  return out;
}

/** The latest firing (acted or would act) of each policy on each database, keyed `${policyId}:${instanceId}`. */
export async function lastFirings(db: D1Database, orgId: string, policyIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const d = drizzle(db);
  for (let i = 0; i < policyIds.length; i += IDS_PER_QUERY) {
    const rows = await d
      .select({ policyId: policyEvaluations.policyId, instanceId: policyEvaluations.instanceId, at: max(policyEvaluations.evaluatedAt) })
      .from(policyEvaluations)
      .where(and(eq(policyEvaluations.orgId, orgId), inArray(policyEvaluations.policyId, policyIds.slice(i, i + IDS_PER_QUERY)), inArray(policyEvaluations.outcome, ["acted", "would_act"])))
      .groupBy(policyEvaluations.policyId, policyEvaluations.instanceId);
    for (const r of rows) if (r.at) out.set(`${r.policyId}:${r.instanceId}`, new Date(r.at).getTime());
  }
  return out;
}
