/**
 * POST /api/v1/savings/recompute — rebuilds the organization's daily savings rollups from its
 * ledger (admins). The events consumer maintains them incrementally; this gives the same rows and
 * is the repair when a rollup rule changes. Audited.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { audit } from "../../../audit/audit-log.ts";
import { rebuildDailyRollups } from "../../../savings/recompute.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";

export function registerSavingsRecompute(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "pricing:write",
      route: createRoute({
        method: "post",
        path: "/savings/recompute",
        operationId: "recomputeSavings",
        tags: ["Savings"],
        summary: "Rebuild savings rollups",
        description: "Rebuilds the daily rollups of every database from the savings ledger.",
        responses: {
          200: {
            description: "Rebuilt",
            content: { "application/json": { schema: z.object({ databases: z.number().int(), rows: z.number().int() }).openapi("SavingsRecompute") } },
          },
        },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const outcome = await rebuildDailyRollups(c.env.DB, orgId);
      await audit(c, { action: "savings.recomputed", targetType: "organization", targetId: orgId, summary: { ...outcome } });
      return c.json(outcome, 200);
    },
  );
}
