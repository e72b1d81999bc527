/** POST /api/v1/auth/switch-organization — act in another organization one belongs to. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { membershipOf } from "../../../auth/accounts.ts";
import { rotateSession, sessionCookie } from "../../../auth/sessions.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { clientIp } from "../../authenticate.ts";
import { meView, MeSchema } from "./session-view.ts";

const Body = z.object({ organizationId: z.string().min(1).max(64) }).openapi("SwitchOrganizationRequest");

export function registerSwitchOrganization(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "session",
      route: createRoute({
        method: "post",
        path: "/auth/switch-organization",
        operationId: "switchOrganization",
        tags: ["Auth"],
        summary: "Switch organization",
        request: { body: { required: true, content: { "application/json": { schema: Body } } } },
        responses: { 200: { description: "Now acting in that organization", content: { "application/json": { schema: MeSchema } } } },
      }),
    },
    async (c) => {
      const identity = c.get("identity");
      if (identity.kind !== "user") throw new ApiProblem("forbidden", 403, "An API token belongs to one organization.");
      const db = drizzle(c.env.DB);
      const membership = await membershipOf(db, identity.userId, c.req.valid("json").organizationId);
      if (!membership) throw new ApiProblem("not-found", 404, "No such organization among yours.");
      // A new token (no fixation) that keeps the session's absolute expiry.
      const current = { id: identity.sessionId, userId: identity.userId, expiresAt: identity.sessionExpiresAt };
      const session = await rotateSession(db, current, membership.id, { ip: clientIp(c), userAgent: c.req.header("user-agent") ?? null });
      c.header("Set-Cookie", sessionCookie(session.token, session.expiresAt));
      return c.json(await meView(db, { ...identity, sessionId: session.id, sessionExpiresAt: session.expiresAt, orgId: membership.id, role: membership.role }, c.env.SESSION_SECRET), 200);
    },
  );
}
