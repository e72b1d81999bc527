/**
 * POST /api/v1/auth/login — password sign-in, throttled per email and per IP (429 with
 * Retry-After). Wrong email and wrong password answer the same, in about the same time.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { users } from "../../../db/schema.ts";
import { hashPassword, needsRehash, verifyPassword } from "../../../security/password.ts";
import { createSession, sessionCookie } from "../../../auth/sessions.ts";
import { organizationsOf } from "../../../auth/accounts.ts";
import { hit, policies, rateLimitHeaders, resetLimit } from "../../../auth/rate-limit.ts";
import { auditInsert } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { clientIp } from "../../authenticate.ts";
import { EmailSchema } from "../../schemas.ts";
import { meView, MeSchema } from "./session-view.ts";

const Body = z
  .object({ email: EmailSchema, password: z.string().min(1).max(256) })
  .openapi("LoginRequest");

let dummyHash: Promise<string> | undefined;

export function registerLogin(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "public",
      example: { body: { email: "demo@snoozeql.dev", password: "snoozeql-demo" } },
      route: createRoute({
        method: "post",
        path: "/auth/login",
        operationId: "login",
        tags: ["Auth"],
        summary: "Sign in",
        description: "Sets the session cookie and returns who you are with the CSRF token for later mutations.",
        request: { body: { required: true, content: { "application/json": { schema: Body } } } },
        responses: {
          200: { description: "Signed in", content: { "application/json": { schema: MeSchema } } },
        },
      }),
    },
    async (c) => {
      const { email, password } = c.req.valid("json");
      const p = policies(c.env);
      const ip = clientIp(c) ?? "unknown";
      const [byIp, byEmail] = await Promise.all([hit(c.env, ip, p.loginIp), hit(c.env, email, p.loginEmail)]);
      for (const [policy, d] of [[p.loginIp, byIp], [p.loginEmail, byEmail]] as const) {
        if (!d.allowed) throw new ApiProblem("rate-limited", 429, `Too many sign-in attempts; try again in ${d.resetSeconds} s.`, {}, rateLimitHeaders(policy, d));
      }

      const db = drizzle(c.env.DB);
      const [user] = await db.select().from(users).where(eq(users.email, email));
      const ok = user?.passwordHash
        ? await verifyPassword(password, user.passwordHash)
        : (await verifyPassword(password, await (dummyHash ??= hashPassword("not-a-real-password"))), false);
      if (!user || !ok || user.disabledAt) throw new ApiProblem("unauthorized", 401, "Email or password is wrong.");

      await resetLimit(c.env, email, p.loginEmail);
      if (needsRehash(user.passwordHash!)) {
        // Upgrade hashes made with older parameters while we have the password in hand.
        await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, user.id));
      }
      const orgs = await organizationsOf(db, user.id);
      const org = orgs[0] ?? null;
      const session = await createSession(db, user.id, org?.id ?? null, { ip: clientIp(c), userAgent: c.req.header("user-agent") ?? null });
      if (org) await auditInsert(c, org.id, { kind: "user", id: user.id, label: user.email }, { action: "auth.login", targetType: "user", targetId: user.id });
      c.header("Set-Cookie", sessionCookie(session.token));
      return c.json(await meView(db, { kind: "user", userId: user.id, email: user.email, name: user.name, sessionId: session.id, orgId: org?.id ?? null, role: org?.role ?? null }, c.env.SESSION_SECRET), 200);
    },
  );
}
