/** GET /api/v1/members — the organization's people and their roles. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, desc, eq } from "drizzle-orm";
import { memberships, users } from "../../../db/schema.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { afterCursor, PageQuery, pageOf, toPage } from "../../pagination.ts";
import { RoleSchema } from "../../schemas.ts";

export const MemberSchema = z
  .object({ userId: z.string(), email: z.string(), name: z.string(), role: RoleSchema, joinedAt: z.string() })
  .openapi("Member");

export function registerListMembers(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      route: createRoute({
        method: "get",
        path: "/members",
        operationId: "listMembers",
        tags: ["Members"],
        summary: "List members",
        request: { query: PageQuery },
        responses: { 200: { description: "Members, newest first", content: { "application/json": { schema: pageOf(MemberSchema, "MemberPage") } } } },
      }),
    },
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const rows = await drizzle(c.env.DB)
        .select({ userId: memberships.userId, email: users.email, name: users.name, role: memberships.role, createdAt: memberships.createdAt })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.orgId, c.get("principal").orgId), afterCursor(memberships.createdAt, memberships.userId, cursor)))
        .orderBy(desc(memberships.createdAt), desc(memberships.userId))
        .limit(limit + 1);
      return c.json(
        toPage(rows, limit, (r) => ({ t: r.createdAt.getTime(), id: r.userId }), (r) => ({ userId: r.userId, email: r.email, name: r.name, role: r.role, joinedAt: r.createdAt.toISOString() })),
        200,
      );
    },
  );
}
