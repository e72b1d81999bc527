/**
 * How a recommendation is shown (GET /recommendations, apply, dismiss): the proposal, its
 * confidence, projected savings in integer cents (null when the price is unknown, never $0), the
 * evidence (the hour-of-week heat map) and, for databases with no proposal, the reason.
 * Also the one loader of a recommendation by id, scoped by organization (404 across tenants).
 */
import { z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { instances, recommendations } from "../../../db/schema.ts";
import type { StoredEvidence } from "../../../recommendations/analyze.ts";
import { confidenceLevel } from "../../../recommendations/detect.ts";
import { ApiProblem } from "../../problem.ts";
import { CURRENCY } from "../savings/savings-read.ts";

const Slots = (what: string) => z.array(z.number().int().nullable()).openapi({ description: `${what}, one per hour of the week in the organization's zone, Monday 00:00 first (168).` });

export const RecommendationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["schedule", "skipped", "waiting"]).openapi({ description: "schedule: a proposed schedule; skipped: why none is proposed; waiting: not enough data yet." }),
    status: z.enum(["open", "applied", "dismissed"]),
    instance: z.object({ id: z.string(), name: z.string(), provider: z.string(), region: z.string(), engine: z.string() }),
    summary: z.string().openapi({ example: "awake Mon–Fri 07:00–19:00 (Europe/Berlin); asleep 108 h a week" }),
    reason: z.string().nullable().openapi({ description: "Why nothing is proposed: busy, irregular, ineligible, scheduled, low-confidence, not-enough-data." }),
    confidencePercent: z.number().int().min(0).max(100),
    confidence: z.enum(["high", "medium", "low"]).nullable(),
    proposedSchedule: z.record(z.string(), z.unknown()).nullable().openapi({ description: "A schedule definition (POST /schedules body) the apply action saves." }),
    projection: z
      .object({
        asleepHoursPerWeek: z.number().int(),
        asleepHoursPerMonth: z.number(),
        hourlyPriceMicros: z.number().int().nullable(),
        priceSource: z.string(),
        monthlySavingsCents: z.number().int().nullable().openapi({ description: "Hours asleep in a 730-hour month × the database's price; null = price unknown." }),
        currency: z.literal(CURRENCY),
      })
      .nullable(),
    evidence: z
      .object({
        timezone: z.string(),
        from: z.string(),
        to: z.string(),
        daysOfData: z.number(),
        hoursObserved: z.number().int(),
        activePercent: Slots("Percent of observed weeks this hour was active (null = no data)"),
        weeks: Slots("Weeks observed"),
        proposedAwake: z.array(z.boolean()).nullable(),
        coveragePercent: z.number().int(),
        consistencyPercent: z.number().int(),
        thresholds: z.object({ cpuPercent: z.number(), connections: z.number().nullable(), connectionsNote: z.string() }),
      })
      .nullable(),
    appliedScheduleId: z.string().nullable(),
    analyzedAt: z.string(),
  })
  .openapi("Recommendation");
export type RecommendationView = z.infer<typeof RecommendationSchema>;

type Row = typeof recommendations.$inferSelect;
type InstanceFacts = Pick<typeof instances.$inferSelect, "id" | "name" | "provider" | "region" | "engine">;

export function recommendationView(row: Row, instance: InstanceFacts): RecommendationView {
  const stored = (row.evidence ?? {}) as Partial<StoredEvidence>;
  const p = stored.profile ?? null;
  const kind = (["schedule", "skipped", "waiting"] as const).find((k) => k === row.kind) ?? "skipped";
  return {
    id: row.id,
    kind,
    status: row.status,
    instance: { id: instance.id, name: instance.name, provider: instance.provider, region: instance.region, engine: instance.engine },
    summary: stored.summary ?? "",
    reason: stored.reason ?? null,
    confidencePercent: Math.round(row.confidenceBp / 100),
    confidence: kind === "schedule" ? confidenceLevel(row.confidenceBp) : null,
    proposedSchedule: (row.proposedSchedule as Record<string, unknown> | null) ?? null,
    projection: stored.projection ? { ...stored.projection, currency: CURRENCY } : null,
    evidence: p
      ? {
          timezone: p.timezone,
          from: p.from,
          to: p.to,
          daysOfData: p.daysOfData,
          hoursObserved: p.hoursObserved,
          activePercent: p.activePercent,
          weeks: p.weeks,
          proposedAwake: p.proposedAwake ?? null,
          coveragePercent: Math.round(p.coverageBp / 100),
          consistencyPercent: Math.round(p.consistencyBp / 100),
          thresholds: p.thresholds,
        }
      : null,
    appliedScheduleId: row.appliedScheduleId,
    analyzedAt: row.updatedAt.toISOString(),
  };
}

/** A recommendation of the caller's organization and its database, or 404. */
export async function loadRecommendation(db: DrizzleD1Database, orgId: string, id: string): Promise<{ row: Row; instance: typeof instances.$inferSelect }> {
  const [found] = await db
    .select({ row: recommendations, instance: instances })
    .from(recommendations)
    .innerJoin(instances, and(eq(instances.id, recommendations.instanceId), eq(instances.orgId, orgId)))
    .where(and(eq(recommendations.id, id), eq(recommendations.orgId, orgId)));
  if (!found) throw new ApiProblem("not-found", 404, `No recommendation ${id}.`);
  return found;
}
