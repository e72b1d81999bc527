/** GET /api/v1/tokens — the organization's live API tokens (never their secrets). */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens, users } from "../../../db/schema.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { afterCursor, PageQuery, pageOf, toPage } from "../../pagination.ts";
import { TokenSchema, tokenView } from "./token-view.ts";

export function registerListTokens(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "tokens:manage",
      route: createRoute({
        method: "get",
        path: "/tokens",
        operationId: "listTokens",
        tags: ["API tokens"],
        summary: "List API tokens",
        request: { query: PageQuery },
        responses: { 200: { description: "Tokens, newest first", content: { "application/json": { schema: pageOf(TokenSchema, "ApiTokenPage") } } } },
      }),
    },
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const rows = await drizzle(c.env.DB)
        .select({ token: apiTokens, creatorId: users.id, creatorName: users.name, creatorEmail: users.email })
        .from(apiTokens)
        .leftJoin(users, eq(users.id, apiTokens.createdByUserId))
        .where(and(eq(apiTokens.orgId, c.get("principal").orgId), isNull(apiTokens.revokedAt), afterCursor(apiTokens.createdAt, apiTokens.id, cursor)))
        .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
        .limit(limit + 1);
      const view = (r: (typeof rows)[number]) => tokenView(r.token, r.creatorId ? { id: r.creatorId, name: r.creatorName ?? "", email: r.creatorEmail ?? "" } : null);
      return c.json(toPage(rows, limit, (r) => ({ t: r.token.createdAt.getTime(), id: r.token.id }), view), 200);
    },
  );
}
