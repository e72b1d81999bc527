/** POST /api/v1/auth/signup — a person creates an account and a new organization they own. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { memberships, organizations, users } from "../../../db/schema.ts";
import { newId } from "../../../db/ids.ts";
import { slugify } from "../../../auth/accounts.ts";
import { hashPassword } from "../../../security/password.ts";
import { createSession, sessionCookie } from "../../../auth/sessions.ts";
import { hit, policies, rateLimitHeaders, throttleKey } from "../../../auth/rate-limit.ts";
import { auditInsert } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { clientIp } from "../../authenticate.ts";
import { EmailSchema, NewPasswordSchema } from "../../schemas.ts";
import { meView, MeSchema } from "./session-view.ts";

const Body = z
  .object({
    email: EmailSchema,
    password: NewPasswordSchema,
    name: z.string().trim().min(1).max(100).openapi({ example: "Ada Lovelace" }),
    organization: z.string().trim().min(1).max(100).openapi({ example: "Analytical Engines Ltd" }),
  })
  .openapi("SignupRequest");

export function registerSignup(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "public",
      example: { body: { email: "ada@example.com", password: "correct horse battery staple", name: "Ada Lovelace", organization: "Analytical Engines Ltd" } },
      route: createRoute({
        method: "post",
        path: "/auth/signup",
        operationId: "signup",
        tags: ["Auth"],
        summary: "Sign up",
        description: "Creates the account, a new organization owned by it, and a session (cookie).",
        request: { body: { required: true, content: { "application/json": { schema: Body } } } },
        responses: {
          201: { description: "Signed up and signed in", content: { "application/json": { schema: MeSchema } } },
          409: { description: "An account with this email exists" },
        },
      }),
    },
    async (c) => {
      const body = c.req.valid("json");
      const limit = await hit(c.env, throttleKey(clientIp(c)), policies(c.env).loginIp);
      if (!limit.allowed) throw new ApiProblem("rate-limited", 429, "Too many attempts from this address; try again later.", {}, rateLimitHeaders(policies(c.env).loginIp, limit));

      const db = drizzle(c.env.DB);
      const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, body.email));
      if (existing) throw new ApiProblem("conflict", 409, "An account with this email already exists; sign in instead.");

      const userId = newId("user");
      const orgId = newId("organization");
      const slug = `${slugify(body.organization)}-${orgId.slice(-6).toLowerCase()}`;
      await db.batch([
        db.insert(users).values({ id: userId, email: body.email, name: body.name, passwordHash: await hashPassword(body.password) }),
        db.insert(organizations).values({ id: orgId, name: body.organization, slug }),
        db.insert(memberships).values({ orgId, userId, role: "owner" }),
        auditInsert(c, orgId, { kind: "user", id: userId, label: body.email }, { action: "auth.signup", targetType: "organization", targetId: orgId, summary: { organization: body.organization } }),
      ]);
      const session = await createSession(db, userId, orgId, { ip: clientIp(c), userAgent: c.req.header("user-agent") ?? null });
      c.header("Set-Cookie", sessionCookie(session.token, session.expiresAt));
      const me = await meView(db, { kind: "user", userId, email: body.email, name: body.name, sessionId: session.id, sessionExpiresAt: session.expiresAt, orgId, role: "owner" }, c.env.SESSION_SECRET);
      return c.json(me, 201);
    },
  );
}
