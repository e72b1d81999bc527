/**
 * POST /api/v1/auth/signup — a person creates an account and a new organization they own, and
 * gets an email with a link that confirms the address (POST /auth/verify-email); until then the
 * account cannot sign in.
 *
 * No account enumeration: the answer (202, the same body, no cookie) and the work done (a password
 * hash, one email) are the same whether or not the address has an account. An address with an
 * account gets "someone tried to sign up with your address" instead (or, if it never confirmed,
 * a fresh confirmation link); nothing about that account changes.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { memberships, organizations, users } from "../../../db/schema.ts";
import { newId } from "../../../db/ids.ts";
import { slugify } from "../../../auth/accounts.ts";
import { hashPassword } from "../../../security/password.ts";
import { issueEmailToken, linkOrigin } from "../../../auth/email-tokens.ts";
import { hit, policies, rateLimitHeaders, throttleKey } from "../../../auth/rate-limit.ts";
import { auditInsert } from "../../../audit/audit-log.ts";
import { sendMail, MailError } from "../../../mail/transport.ts";
import { signupExistingMessage, verifyEmailMessage } from "../../../mail/messages.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { clientIp } from "../../authenticate.ts";
import { EmailSchema, NewPasswordSchema } from "../../schemas.ts";

const Body = z
  .object({
    email: EmailSchema,
    password: NewPasswordSchema,
    name: z.string().trim().min(1).max(100).openapi({ example: "Ada Lovelace" }),
    organization: z.string().trim().min(1).max(100).openapi({ example: "Analytical Engines Ltd" }),
  })
  .openapi("SignupRequest");

export const CheckEmailSchema = z
  .object({ status: z.literal("check-email"), message: z.string() })
  .openapi("CheckEmail", { description: "The same answer whether or not the address has an account." });

export const checkEmail = (message: string) => ({ status: "check-email" as const, message });
export const SIGNUP_ANSWER = checkEmail("If this address can be used, we sent it an email: open the link in it to finish signing up.");

/** A MailError becomes a 503 (the same for every address, so it reveals nothing either). */
export async function mailOr503(send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (error instanceof MailError) throw new ApiProblem("unavailable", 503, "We could not send the email just now; try again in a few minutes.");
    throw error;
  }
}

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
        description: "Creates the account and a new organization owned by it, and emails a confirmation link; the account signs in once the address is confirmed (POST /auth/verify-email). Answers the same whether or not the address already has an account.",
        request: { body: { required: true, content: { "application/json": { schema: Body } } } },
        responses: {
          202: { description: "Check your email", content: { "application/json": { schema: CheckEmailSchema } } },
          503: { description: "The email could not be sent" },
        },
      }),
    },
    async (c) => {
      const body = c.req.valid("json");
      const limit = await hit(c.env, throttleKey(clientIp(c)), policies(c.env).loginIp);
      if (!limit.allowed) throw new ApiProblem("rate-limited", 429, "Too many attempts from this address; try again later.", {}, rateLimitHeaders(policies(c.env).loginIp, limit));

      const db = drizzle(c.env.DB);
      const origin = linkOrigin(c.env, c.req.url);
      // Hashed whether or not it is used, so both paths cost the same.
      const passwordHash = await hashPassword(body.password);
      const existingUser = async () => (await db.select({ id: users.id, verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.email, body.email)))[0];

      let existing = await existingUser();
      if (!existing) {
        const userId = newId("user");
        const orgId = newId("organization");
        const slug = `${slugify(body.organization)}-${orgId.slice(-6).toLowerCase()}`;
        let created = true;
        try {
          await db.batch([
            db.insert(users).values({ id: userId, email: body.email, name: body.name, passwordHash }),
            db.insert(organizations).values({ id: orgId, name: body.organization, slug }),
            db.insert(memberships).values({ orgId, userId, role: "owner" }),
            auditInsert(c, orgId, { kind: "user", id: userId, label: body.email }, { action: "auth.signup", targetType: "organization", targetId: orgId, summary: { organization: body.organization } }),
          ]);
        } catch (error) {
          // A concurrent sign-up with the same address won the unique index: answer as for an existing one.
          existing = await existingUser();
          if (!existing) throw error;
          created = false;
        }
        if (created) {
          const token = await issueEmailToken(db, userId, "verify_email");
          await mailOr503(() => sendMail(c.env, verifyEmailMessage(body.email, `${origin}/verify-email?token=${token}`)));
          return c.json(SIGNUP_ANSWER, 202);
        }
      }
      if (!existing) throw new Error("unreachable: no account after sign-up");
      if (existing.verifiedAt) {
        await mailOr503(() => sendMail(c.env, signupExistingMessage(body.email, `${origin}/login`, `${origin}/forgot-password`)));
      } else {
        // Never confirmed: a fresh link (the earlier ones stop working); the account is unchanged.
        const token = await issueEmailToken(db, existing.id, "verify_email");
        await mailOr503(() => sendMail(c.env, verifyEmailMessage(body.email, `${origin}/verify-email?token=${token}`)));
      }
      return c.json(SIGNUP_ANSWER, 202);
    },
  );
}
