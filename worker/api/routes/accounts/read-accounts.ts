/** GET /api/v1/accounts and GET /api/v1/accounts/{id} — connected cloud accounts. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, desc, eq } from "drizzle-orm";
import { cloudAccounts } from "../../../db/schema.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { afterCursor, PageQuery, pageOf, toPage } from "../../pagination.ts";
import { IdParam } from "../../schemas.ts";
import { AccountSchema, accountView, loadAccount } from "./account-view.ts";

export function registerReadAccounts(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      route: createRoute({
        method: "get",
        path: "/accounts",
        operationId: "listAccounts",
        tags: ["Cloud accounts"],
        summary: "List cloud accounts",
        request: { query: PageQuery.extend({ provider: z.enum(["aws", "gcp"]).optional(), status: z.enum(["pending", "connected", "error", "disabled"]).optional() }) },
        responses: { 200: { description: "Accounts, newest first", content: { "application/json": { schema: pageOf(AccountSchema, "CloudAccountPage") } } } },
      }),
    },
    async (c) => {
      const q = c.req.valid("query");
      const rows = await drizzle(c.env.DB)
        .select()
        .from(cloudAccounts)
        .where(
          and(
            eq(cloudAccounts.orgId, c.get("principal").orgId),
            q.provider ? eq(cloudAccounts.provider, q.provider) : undefined,
            q.status ? eq(cloudAccounts.status, q.status) : undefined,
            afterCursor(cloudAccounts.createdAt, cloudAccounts.id, q.cursor),
          ),
        )
        .orderBy(desc(cloudAccounts.createdAt), desc(cloudAccounts.id))
        .limit(q.limit + 1);
      return c.json(toPage(rows, q.limit, (r) => ({ t: r.createdAt.getTime(), id: r.id }), (r) => accountView(c.env, r)), 200);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      resource: "cloudAccount",
      route: createRoute({
        method: "get",
        path: "/accounts/{id}",
        operationId: "getAccount",
        tags: ["Cloud accounts"],
        summary: "Get a cloud account",
        request: { params: IdParam },
        responses: { 200: { description: "The account", content: { "application/json": { schema: AccountSchema } } } },
      }),
    },
    async (c) => c.json(accountView(c.env, await loadAccount(drizzle(c.env.DB), c.get("principal").orgId, c.req.valid("param").id)), 200),
  );
}
