/**
 * GET /api/v1/recommendations — the organization's proposed schedules (open, applied, dismissed;
 * highest projected savings first) and, for every other database, why nothing is proposed.
 * POST /api/v1/recommendations/analyze — analyse every database now (admin).
 *
 * Two statements for the list: the recommendations joined with their databases. At most one
 * row per database and outcome, so the list is bounded by the fleet.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { and, desc, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { instances, recommendations } from "../../../db/schema.ts";
import { analyzeOrganization } from "../../../recommendations/analyze.ts";
import { audit } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { RecommendationSchema, recommendationView } from "./recommendation-view.ts";

const ListSchema = z
  .object({
    items: z.array(RecommendationSchema).openapi({ description: "Proposed schedules, highest projected savings first." }),
    skipped: z.array(RecommendationSchema).openapi({ description: "Databases with no proposal, each with the reason (kind skipped or waiting)." }),
  })
  .openapi("RecommendationList");

const AnalysisSchema = z
  .object({ analyzed: z.number().int(), proposed: z.number().int(), skipped: z.number().int(), waiting: z.number().int() })
  .openapi("RecommendationAnalysis");

export function registerListRecommendations(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      route: createRoute({
        operationId: "listRecommendations",
        method: "get",
        path: "/recommendations",
        tags: ["Recommendations"],
        summary: "List recommendations",
        description: "Schedules proposed from each database's hourly activity (14 days, hour of week in the organization's zone), with confidence, evidence and projected monthly savings; and why the other databases have none.",
        responses: { 200: { description: "Recommendations", content: { "application/json": { schema: ListSchema } } } },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const rows = await drizzle(c.env.DB)
        .select({ row: recommendations, instance: instances })
        .from(recommendations)
        .innerJoin(instances, and(eq(instances.id, recommendations.instanceId), eq(instances.orgId, orgId), isNull(instances.deletedAt)))
        .where(eq(recommendations.orgId, orgId))
        .orderBy(desc(recommendations.projectedMonthlySavingsCents), desc(recommendations.confidenceBp), instances.name);
      const views = rows.map((r) => recommendationView(r.row, r.instance));
      return c.json({ items: views.filter((v) => v.kind === "schedule"), skipped: views.filter((v) => v.kind !== "schedule") }, 200);
    },
  );

  defineRoute(
    app,
    {
      access: "schedules:write",
      route: createRoute({
        operationId: "analyzeRecommendations",
        method: "post",
        path: "/recommendations/analyze",
        tags: ["Recommendations"],
        summary: "Analyse now",
        description: "Re-analyses every database of the organization now (the cron tick does it daily). Re-analysis updates recommendations in place; dismissed ones stay dismissed unless the proposal changed materially.",
        responses: { 200: { description: "What the analysis found", content: { "application/json": { schema: AnalysisSchema } } } },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const result = await analyzeOrganization(c.env, orgId, Date.now());
      await audit(c, { action: "recommendations.analyzed", targetType: "organization", targetId: orgId, summary: { ...result } });
      return c.json(result, 200);
    },
  );
}
