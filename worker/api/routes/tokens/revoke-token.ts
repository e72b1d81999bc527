/** DELETE /api/v1/tokens/{id} — revoke a token; the next request with it is refused. */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, eq, isNull } from "drizzle-orm";
import { apiTokens } from "../../../db/schema.ts";
import { audit } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { IdParam } from "../../schemas.ts";

export function registerRevokeToken(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "tokens:manage",
      resource: "apiToken",
      route: createRoute({
        method: "delete",
        path: "/tokens/{id}",
        operationId: "revokeToken",
        tags: ["API tokens"],
        summary: "Revoke an API token",
        request: { params: IdParam },
        responses: { 204: { description: "Revoked" } },
      }),
    },
    async (c) => {
      const { id } = c.req.valid("param");
      const [row] = await drizzle(c.env.DB)
        .update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiTokens.id, id), eq(apiTokens.orgId, c.get("principal").orgId), isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id, name: apiTokens.name });
      if (!row) throw new ApiProblem("not-found", 404, `No API token ${id}.`);
      await audit(c, { action: "token.revoked", targetType: "api_token", targetId: id, summary: { name: row.name } });
      return c.body(null, 204);
    },
  );
}
