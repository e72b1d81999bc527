/**
 * POST /api/v1/recommendations/{id}/apply — put the proposal into force
 * (worker/recommendations/apply.ts, the same code Slack's "Apply recommendation" button runs).
 * POST /api/v1/recommendations/{id}/dismiss — hide the proposal; re-analysis keeps it dismissed
 * unless the proposal changes materially (worker/recommendations/analyze.ts).
 *
 * Never: applies a skipped or waiting outcome, applies twice, or edits a schedule whose selector it
 * did not write in that form (a person's tag or glob selector is left alone).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { audit, authorOf } from "../../../audit/audit-log.ts";
import { recommendations } from "../../../db/schema.ts";
import { applyRecommendation } from "../../../recommendations/apply.ts";
import type { AppEnv } from "../../context.ts";
import { ApiProblem } from "../../problem.ts";
import { defineRoute } from "../../route-table.ts";
import { IdParam } from "../../schemas.ts";
import { loadRecommendation, RecommendationSchema, recommendationView } from "./recommendation-view.ts";

const ApplyResult = z
  .object({
    recommendation: RecommendationSchema,
    schedule: z.object({ id: z.string(), name: z.string(), created: z.boolean().openapi({ description: "false: the database joined an existing schedule with the same periods." }) }),
  })
  .openapi("AppliedRecommendation");

export function registerDecideRecommendation(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "schedules:write",
      resource: "recommendation",
      route: createRoute({
        operationId: "applyRecommendation",
        method: "post",
        path: "/recommendations/{id}/apply",
        tags: ["Recommendations"],
        summary: "Apply a recommendation",
        description: "Creates a schedule for the database from the proposal, or adds the database to an existing schedule with the same time zone and periods.",
        request: { params: IdParam },
        responses: { 200: { description: "Applied", content: { "application/json": { schema: ApplyResult } } }, 409: { description: "Nothing to apply, or already applied" } },
      }),
    },
    async (c) => c.json(await applyRecommendation(c.env, authorOf(c), c.req.valid("param").id), 200),
  );

  defineRoute(
    app,
    {
      access: "schedules:write",
      resource: "recommendation",
      route: createRoute({
        operationId: "dismissRecommendation",
        method: "post",
        path: "/recommendations/{id}/dismiss",
        tags: ["Recommendations"],
        summary: "Dismiss a recommendation",
        description: "Hides the proposal; it comes back only if a later analysis proposes something materially different.",
        request: { params: IdParam },
        responses: { 200: { description: "Dismissed", content: { "application/json": { schema: RecommendationSchema } } }, 409: { description: "Already applied, or not a proposal" } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const { row, instance } = await loadRecommendation(db, principal.orgId, c.req.valid("param").id);
      if (row.kind !== "schedule") throw new ApiProblem("conflict", 409, "Only a proposed schedule can be dismissed.");
      if (row.status === "applied") throw new ApiProblem("conflict", 409, "This recommendation is applied; change or delete its schedule instead.");
      const [updated] = await db
        .update(recommendations)
        .set({ status: "dismissed", updatedAt: new Date() })
        .where(and(eq(recommendations.id, row.id), eq(recommendations.orgId, principal.orgId)))
        .returning();
      await audit(c, { action: "recommendation.dismissed", targetType: "recommendation", targetId: row.id, summary: { database: instance.name, proposal: ((row.evidence ?? {}) as { summary?: string }).summary ?? null } });
      return c.json(recommendationView(updated!, instance), 200);
    },
  );
}
