/**
 * PATCH /api/v1/members/{id} — change a member's role; DELETE removes them.
 * Admins manage roles up to admin; only owners grant or take away ownership, and an
 * organization always keeps at least one owner.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, count, eq, isNull } from "drizzle-orm";
import { apiTokens, memberships, sessions } from "../../../db/schema.ts";
import { canGrant } from "../../../auth/permissions.ts";
import { audit } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { IdParam, RoleSchema } from "../../schemas.ts";
import type { Principal } from "../../../auth/principal.ts";
import type { Role } from "../../../db/schema.ts";
import type { DrizzleD1Database } from "drizzle-orm/d1";

async function loadTarget(db: DrizzleD1Database, principal: Principal, userId: string) {
  const [row] = await db.select().from(memberships).where(and(eq(memberships.orgId, principal.orgId), eq(memberships.userId, userId)));
  if (!row) throw new ApiProblem("not-found", 404, `No member ${userId}.`);
  if (!canGrant(principal.role, row.role)) throw new ApiProblem("forbidden", 403, `Only an ${row.role} or higher can change an ${row.role}.`);
  return row;
}

async function assertAnotherOwner(db: DrizzleD1Database, orgId: string, leaving: Role) {
  if (leaving !== "owner") return;
  const [row] = await db.select({ n: count() }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")));
  if ((row?.n ?? 0) <= 1) throw new ApiProblem("conflict", 409, "An organization needs at least one owner; make someone else owner first.");
}

export function registerChangeMember(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "members:manage",
      resource: "member",
      example: { body: { role: "viewer" } },
      route: createRoute({
        method: "patch",
        path: "/members/{id}",
        operationId: "changeMember",
        tags: ["Members"],
        summary: "Change a member's role",
        request: { params: IdParam, body: { required: true, content: { "application/json": { schema: z.object({ role: RoleSchema }).openapi("ChangeMemberRequest") } } } },
        responses: { 200: { description: "Changed", content: { "application/json": { schema: z.object({ userId: z.string(), role: RoleSchema }) } } } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const { id } = c.req.valid("param");
      const { role } = c.req.valid("json");
      const db = drizzle(c.env.DB);
      const target = await loadTarget(db, principal, id);
      if (!canGrant(principal.role, role)) throw new ApiProblem("forbidden", 403, `You cannot grant ${role} above your own role (${principal.role}).`);
      if (target.role === "owner" && role !== "owner") await assertAnotherOwner(db, principal.orgId, "owner");
      await db.update(memberships).set({ role }).where(and(eq(memberships.orgId, principal.orgId), eq(memberships.userId, id)));
      await audit(c, { action: "member.role_changed", targetType: "user", targetId: id, summary: { before: target.role, after: role } });
      return c.json({ userId: id, role }, 200);
    },
  );

  defineRoute(
    app,
    {
      access: "members:manage",
      resource: "member",
      route: createRoute({
        method: "delete",
        path: "/members/{id}",
        operationId: "removeMember",
        tags: ["Members"],
        summary: "Remove a member",
        description: "Their sessions in this organization end at once and the API tokens they created are revoked.",
        request: { params: IdParam },
        responses: { 204: { description: "Removed" } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const { id } = c.req.valid("param");
      const db = drizzle(c.env.DB);
      const target = await loadTarget(db, principal, id);
      await assertAnotherOwner(db, principal.orgId, target.role);
      await db.batch([
        db.delete(memberships).where(and(eq(memberships.orgId, principal.orgId), eq(memberships.userId, id))),
        db.update(sessions).set({ orgId: null }).where(and(eq(sessions.userId, id), eq(sessions.orgId, principal.orgId))),
        // Their API tokens here stop working too (they would fail the creator check anyway).
        db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.orgId, principal.orgId), eq(apiTokens.createdByUserId, id), isNull(apiTokens.revokedAt))),
      ]);
      await audit(c, { action: "member.removed", targetType: "user", targetId: id, summary: { role: target.role } });
      return c.body(null, 204);
    },
  );
}
