/**
 * POST /api/v1/auth/login — password sign-in. Wrong email and wrong password answer the same, in
 * about the same time. Throttling (429 with Retry-After), none of which can lock a person out from
 * their own address:
 * - per client address (IPv6 by /64): attempts per 15 minutes, across all accounts;
 * - per (email, address): exponential backoff after 3 failures, up to 15 minutes;
 * - per email across addresses: backoff after many failures (up to a minute), applied only to
 *   addresses that have themselves failed for this email — a clean caller always reaches the
 *   password check, so someone else's guessing never holds a person back.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { users } from "../../../db/schema.ts";
import { hashPassword, needsRehash, verifyPassword } from "../../../security/password.ts";
import { createSession, sessionCookie } from "../../../auth/sessions.ts";
import { organizationsOf } from "../../../auth/accounts.ts";
import { backoffOf, hit, loginBackoff, policies, rateLimitHeaders, recordFailure, resetLimit, throttleKey } from "../../../auth/rate-limit.ts";
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
      const backoff = loginBackoff(c.env);
      const address = throttleKey(clientIp(c));
      const pairKey = `${address} ${email}`;
      const [byIp, pair, byEmail] = await Promise.all([hit(c.env, address, p.loginIp), backoffOf(c.env, pairKey, backoff.pair), backoffOf(c.env, email, backoff.email)]);
      if (!byIp.allowed) throw new ApiProblem("rate-limited", 429, `Too many sign-in attempts; try again in ${byIp.resetSeconds} s.`, {}, rateLimitHeaders(p.loginIp, byIp));
      const wait = Math.max(pair.waitSeconds, pair.failures > 0 ? byEmail.waitSeconds : 0);
      if (wait > 0) throw new ApiProblem("rate-limited", 429, `Too many failed sign-in attempts; try again in ${wait} s.`, {}, { "Retry-After": String(wait) });

      const db = drizzle(c.env.DB);
      const [user] = await db.select().from(users).where(eq(users.email, email));
      const ok = user?.passwordHash
        ? await verifyPassword(password, user.passwordHash)
        : (await verifyPassword(password, await (dummyHash ??= hashPassword("not-a-real-password"))), false);
      if (!user || !ok || user.disabledAt) {
        await Promise.all([recordFailure(c.env, pairKey, backoff.pair), recordFailure(c.env, email, backoff.email)]);
        throw new ApiProblem("unauthorized", 401, "Email or password is wrong.");
      }

      await Promise.all([resetLimit(c.env, pairKey, backoff.pair), resetLimit(c.env, email, backoff.email)]);
      // Only after the password check, so this says nothing about an address to someone without it.
      if (!user.emailVerifiedAt) throw new ApiProblem("forbidden", 403, "Confirm your email address first: open the link we sent you (signing up again with this address sends a new one).");
      if (needsRehash(user.passwordHash!)) {
        // Upgrade hashes made with older parameters while we have the password in hand.
        await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, user.id));
      }
      const orgs = await organizationsOf(db, user.id);
      const org = orgs[0] ?? null;
      const session = await createSession(db, user.id, org?.id ?? null, { ip: clientIp(c), userAgent: c.req.header("user-agent") ?? null });
      if (org) await auditInsert(c, org.id, { kind: "user", id: user.id, label: user.email }, { action: "auth.login", targetType: "user", targetId: user.id });
      c.header("Set-Cookie", sessionCookie(session.token, session.expiresAt));
      return c.json(await meView(db, { kind: "user", userId: user.id, email: user.email, name: user.name, sessionId: session.id, sessionExpiresAt: session.expiresAt, orgId: org?.id ?? null, role: org?.role ?? null }, c.env.SESSION_SECRET), 200);
    },
  );
}
