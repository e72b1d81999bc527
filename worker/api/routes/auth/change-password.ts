/** POST /api/v1/auth/password — change one's password; every other session is signed out. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { sessions, users } from "../../../db/schema.ts";
import { hashPassword, verifyPassword } from "../../../security/password.ts";
import { createSession, sessionCookie } from "../../../auth/sessions.ts";
import { auditInsert } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { clientIp } from "../../authenticate.ts";
import { NewPasswordSchema } from "../../schemas.ts";
import { meView, MeSchema } from "./session-view.ts";

const Body = z.object({ currentPassword: z.string().min(1).max(256), newPassword: NewPasswordSchema }).openapi("PasswordChangeRequest");

export function registerChangePassword(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "session",
      example: { body: { currentPassword: "snoozeql-demo", newPassword: "a much longer passphrase" } },
      route: createRoute({
        method: "post",
        path: "/auth/password",
        operationId: "changePassword",
        tags: ["Auth"],
        summary: "Change password",
        description: "Signs out every other session and rotates this one.",
        request: { body: { required: true, content: { "application/json": { schema: Body } } } },
        responses: { 200: { description: "Changed", content: { "application/json": { schema: MeSchema } } } },
      }),
    },
    async (c) => {
      const identity = c.get("identity");
      if (identity.kind !== "user") throw new ApiProblem("forbidden", 403, "API tokens cannot change passwords.");
      const { currentPassword, newPassword } = c.req.valid("json");
      const db = drizzle(c.env.DB);
      const [user] = await db.select().from(users).where(eq(users.id, identity.userId));
      if (!user?.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash))) {
        throw new ApiProblem("validation", 400, "body.currentPassword: is wrong", { errors: [{ location: "body", path: "currentPassword", message: "is wrong" }] });
      }
      await db.batch([
        db.update(users).set({ passwordHash: await hashPassword(newPassword), updatedAt: new Date() }).where(eq(users.id, user.id)),
        db.delete(sessions).where(eq(sessions.userId, user.id)),
      ]);
      const session = await createSession(db, user.id, identity.orgId, { ip: clientIp(c), userAgent: c.req.header("user-agent") ?? null });
      if (identity.orgId) await auditInsert(c, identity.orgId, { kind: "user", id: user.id, label: user.email }, { action: "auth.password_changed", targetType: "user", targetId: user.id });
      c.header("Set-Cookie", sessionCookie(session.token, session.expiresAt));
      return c.json(await meView(db, { ...identity, sessionId: session.id }, c.env.SESSION_SECRET), 200);
    },
  );
}
