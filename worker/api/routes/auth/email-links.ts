/**
 * The routes behind links sent by email:
 * - POST /auth/verify-email {token}: confirms the address of a new account and signs it in;
 * - POST /auth/password/forgot {email}: emails a reset link (30 minutes, single use) when the
 *   address has an account; answers the same either way (no account enumeration);
 * - POST /auth/password/reset {token, password}: sets the new password and ends every session of
 *   the person (whoever held one is out); the person then signs in with the new password.
 * Tokens are spent atomically (worker/auth/email-tokens.ts), so a link works exactly once.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, eq, isNull } from "drizzle-orm";
import { sessions, users } from "../../../db/schema.ts";
import { hashPassword } from "../../../security/password.ts";
import { createSession, sessionCookie } from "../../../auth/sessions.ts";
import { consumeEmailToken, EMAIL_TOKEN_TTL_MS, issueEmailToken, linkOrigin } from "../../../auth/email-tokens.ts";
import { organizationsOf } from "../../../auth/accounts.ts";
import { hit, policies, rateLimitHeaders, throttleKey } from "../../../auth/rate-limit.ts";
import { auditInsert } from "../../../audit/audit-log.ts";
import { sendMail } from "../../../mail/transport.ts";
import { passwordResetMessage } from "../../../mail/messages.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { clientIp } from "../../authenticate.ts";
import { EmailSchema, NewPasswordSchema } from "../../schemas.ts";
import { meView, MeSchema } from "./session-view.ts";
import { checkEmail, CheckEmailSchema, mailOr503 } from "./signup.ts";

const TokenSchema = z.string().min(20).max(100).openapi({ example: "link-token-from-the-email" });
export const FORGOT_ANSWER = checkEmail("If this address has an account, we sent it a link to choose a new password (valid for 30 minutes).");
const BAD_LINK = "This link is unknown, used or expired; ask for a new one.";

export function registerEmailLinks(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "public",
      example: { body: { token: "link-token-from-the-email-0123" } },
      route: createRoute({
        method: "post",
        path: "/auth/verify-email",
        operationId: "verifyEmail",
        tags: ["Auth"],
        summary: "Confirm an email address",
        description: "Spends the link's token (once, within 24 hours), marks the address confirmed and signs in.",
        request: { body: { required: true, content: { "application/json": { schema: z.object({ token: TokenSchema }).openapi("VerifyEmailRequest") } } } },
        responses: { 200: { description: "Confirmed and signed in", content: { "application/json": { schema: MeSchema } } }, 400: { description: "Unknown, used or expired link" } },
      }),
    },
    async (c) => {
      const { token } = c.req.valid("json");
      const db = drizzle(c.env.DB);
      const userId = await consumeEmailToken(db, token, "verify_email");
      if (!userId) throw new ApiProblem("validation", 400, BAD_LINK, { errors: [{ location: "body", path: "token", message: BAD_LINK }] });
      await db.update(users).set({ emailVerifiedAt: new Date(), updatedAt: new Date() }).where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
      const [user] = await db.select().from(users).where(eq(users.id, userId));
      if (!user || user.disabledAt) throw new ApiProblem("validation", 400, BAD_LINK, { errors: [{ location: "body", path: "token", message: BAD_LINK }] });
      const org = (await organizationsOf(db, user.id))[0] ?? null;
      const session = await createSession(db, user.id, org?.id ?? null, { ip: clientIp(c), userAgent: c.req.header("user-agent") ?? null });
      if (org) await auditInsert(c, org.id, { kind: "user", id: user.id, label: user.email }, { action: "auth.email_verified", targetType: "user", targetId: user.id });
      c.header("Set-Cookie", sessionCookie(session.token, session.expiresAt));
      return c.json(await meView(db, { kind: "user", userId: user.id, email: user.email, name: user.name, sessionId: session.id, sessionExpiresAt: session.expiresAt, orgId: org?.id ?? null, role: org?.role ?? null }, c.env.SESSION_SECRET), 200);
    },
  );

  defineRoute(
    app,
    {
      access: "public",
      example: { body: { email: "ada@example.com" } },
      route: createRoute({
        method: "post",
        path: "/auth/password/forgot",
        operationId: "forgotPassword",
        tags: ["Auth"],
        summary: "Ask for a password-reset link",
        description: "Emails a single-use link valid for 30 minutes when the address has an account. Answers the same whether or not it has one.",
        request: { body: { required: true, content: { "application/json": { schema: z.object({ email: EmailSchema }).openapi("ForgotPasswordRequest") } } } },
        responses: { 202: { description: "Check your email", content: { "application/json": { schema: CheckEmailSchema } } }, 503: { description: "The email could not be sent" } },
      }),
    },
    async (c) => {
      const { email } = c.req.valid("json");
      const p = policies(c.env);
      const limit = await hit(c.env, throttleKey(clientIp(c)), p.loginIp);
      if (!limit.allowed) throw new ApiProblem("rate-limited", 429, "Too many attempts from this address; try again later.", {}, rateLimitHeaders(p.loginIp, limit));
      const db = drizzle(c.env.DB);
      const [user] = await db.select({ id: users.id, disabledAt: users.disabledAt }).from(users).where(eq(users.email, email));
      if (user && !user.disabledAt) {
        const token = await issueEmailToken(db, user.id, "reset_password");
        const link = `${linkOrigin(c.env, c.req.url)}/reset-password?token=${token}`;
        await mailOr503(() => sendMail(c.env, passwordResetMessage(email, link, EMAIL_TOKEN_TTL_MS.reset_password / 60_000)));
      }
      return c.json(FORGOT_ANSWER, 202);
    },
  );

  defineRoute(
    app,
    {
      access: "public",
      example: { body: { token: "link-token-from-the-email-0123", password: "a much longer passphrase" } },
      route: createRoute({
        method: "post",
        path: "/auth/password/reset",
        operationId: "resetPassword",
        tags: ["Auth"],
        summary: "Set a new password with a reset link",
        description: "Spends the link's token (once, within 30 minutes), sets the password, confirms the address and ends every session of the person. Sign in afterwards.",
        request: { body: { required: true, content: { "application/json": { schema: z.object({ token: TokenSchema, password: NewPasswordSchema }).openapi("ResetPasswordRequest") } } } },
        responses: { 204: { description: "Password changed; every session ended" }, 400: { description: "Unknown, used or expired link" } },
      }),
    },
    async (c) => {
      const { token, password } = c.req.valid("json");
      const db = drizzle(c.env.DB);
      const passwordHash = await hashPassword(password);
      const userId = await consumeEmailToken(db, token, "reset_password");
      if (!userId) throw new ApiProblem("validation", 400, BAD_LINK, { errors: [{ location: "body", path: "token", message: BAD_LINK }] });
      const now = new Date();
      const [user] = await db.select().from(users).where(eq(users.id, userId));
      if (!user || user.disabledAt) throw new ApiProblem("validation", 400, BAD_LINK, { errors: [{ location: "body", path: "token", message: BAD_LINK }] });
      await db.batch([
        // The link came by email, so the address is proven too.
        db.update(users).set({ passwordHash, updatedAt: now, emailVerifiedAt: user.emailVerifiedAt ?? now }).where(eq(users.id, userId)),
        db.delete(sessions).where(eq(sessions.userId, userId)),
      ]);
      const org = (await organizationsOf(db, userId))[0];
      if (org) await auditInsert(c, org.id, { kind: "user", id: userId, label: user.email }, { action: "auth.password_reset", targetType: "user", targetId: userId });
      return c.body(null, 204);
    },
  );
}
