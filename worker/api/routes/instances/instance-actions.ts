/**
 * POST /api/v1/instances/{id}/start and /stop — wake or sleep a database now. Answers 202 at once
 * with the action's id; the account's agent does the work (serialized with everything else it
 * does) and the database's state and events follow. `Idempotency-Key` makes retries safe.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { cloudAccounts } from "../../../db/schema.ts";
import { newId } from "../../../db/ids.ts";
import { audit } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { idempotent } from "../../idempotency.ts";
import { IdParam } from "../../schemas.ts";
import { loadInstance } from "./instance-view.ts";
import { accountAgent } from "../../../accounts/agent.ts";

const Accepted = z.object({ actionId: z.string(), instanceId: z.string(), action: z.enum(["start", "stop"]), status: z.literal("queued") }).openapi("ActionAccepted");

export function registerInstanceActions(app: OpenAPIHono<AppEnv>): void {
  for (const action of ["start", "stop"] as const) {
    defineRoute(
      app,
      {
        access: "instances:act",
        resource: "instance",
        middleware: [idempotent()],
        route: createRoute({
          method: "post",
          path: `/instances/{id}/${action}`,
          operationId: `${action}Instance`,
          tags: ["Databases"],
          summary: action === "start" ? "Wake a database now" : "Put a database to sleep now",
          description: "Schedules resume at their next transition (a manual action is not undone until then).",
          request: { params: IdParam },
          responses: { 202: { description: "Queued", content: { "application/json": { schema: Accepted } } } },
        }),
      },
      async (c) => {
        const principal = c.get("principal");
        const row = await loadInstance(drizzle(c.env.DB), principal.orgId, c.req.valid("param").id);
        if (!row.eligible) throw new ApiProblem("conflict", 409, `SnoozeQL cannot ${action} this database: ${row.ineligibleReason ?? "it is not eligible"}.`);
        const [account] = await drizzle(c.env.DB).select({ status: cloudAccounts.status }).from(cloudAccounts).where(eq(cloudAccounts.id, row.cloudAccountId));
        if (account?.status === "disabled") throw new ApiProblem("conflict", 409, "The database's cloud account is paused; resume it first.");
        const actionId = newId("action");
        const agent = accountAgent(c.env, row.cloudAccountId);
        await agent.reschedule(row.cloudAccountId, row.orgId);
        await agent.requestAction({
          actionId,
          instanceId: row.id,
          action,
          cause: { kind: principal.kind === "user" ? "user" : "api_token", id: principal.kind === "user" ? principal.userId : principal.tokenId },
        });
        await audit(c, { action: `instance.${action}_requested`, targetType: "instance", targetId: row.id, summary: { actionId, name: row.name } });
        return c.json({ actionId, instanceId: row.id, action, status: "queued" as const }, 202);
      },
    );
  }
}
