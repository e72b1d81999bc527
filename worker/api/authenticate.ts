/**
 * Authentication and authorization for one route: resolves the principal (bearer API token or
 * session cookie), enforces the route's permission, CSRF for cookie-authenticated mutations, and
 * the per-token and per-organization rate limits. Runs before request validation, so an
 * anonymous caller learns nothing about a route's input shape.
 */
import type { Context, MiddlewareHandler } from "hono";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { apiTokens, sessions } from "../db/schema.ts";
import { findToken } from "../auth/api-tokens.ts";
import { can, PERMISSIONS, type Permission } from "../auth/permissions.ts";
import type { Identity, Principal } from "../auth/principal.ts";
import { hit, hitAll, policies, rateLimitHeaders, throttleKey } from "../auth/rate-limit.ts";
import {
  csrfToken,
  csrfValid,
  findSession,
  readCookie,
  rotateSession,
  SESSION_COOKIE,
  SESSION_ROTATE_MS,
  sessionCookie,
} from "../auth/sessions.ts";
import type { AppEnv } from "./context.ts";
import { ApiProblem } from "./problem.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** How stale `last_used_at` / `last_seen_at` may get before a request refreshes it. */
const TOUCH_INTERVAL_MS = 60_000;

export function clientIp(c: Context): string | null {
  return c.req.header("cf-connecting-ip") ?? null;
}

function bearer(c: Context): string | null {
  const header = c.req.header("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiProblem("unauthorized", 401, "Authorization header must be 'Bearer <token>'.", {}, { "WWW-Authenticate": 'Bearer realm="snoozeql"' });
  return match[1]!;
}

/** Resolves who is calling (token, or session with its current organization if any), or throws
 * a 401 problem. CSRF is checked here for cookie-authenticated unsafe methods. */
export async function resolveIdentity(c: Context<AppEnv>): Promise<Identity> {
  const db = drizzle(c.env.DB);
  const now = Date.now();
  const presented = bearer(c);
  if (presented !== null) {
    const token = await findToken(db, presented, now);
    if (!token) throw new ApiProblem("unauthorized", 401, "The API token is unknown, revoked or expired.", {}, { "WWW-Authenticate": 'Bearer realm="snoozeql", error="invalid_token"' });
    if (!token.lastUsedAt || now - token.lastUsedAt > TOUCH_INTERVAL_MS) {
      c.executionCtx.waitUntil(db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, token.id)).then(() => undefined));
    }
    return { kind: "api_token", tokenId: token.id, tokenName: token.name, orgId: token.orgId, role: token.role, creatorUserId: token.creatorUserId };
  }

  const cookie = readCookie(c.req.header("cookie"), SESSION_COOKIE);
  const session = cookie ? await findSession(db, cookie, now) : null;
  if (!session) throw new ApiProblem("unauthorized", 401, "Sign in, or send an API token as 'Authorization: Bearer <token>'.", {}, { "WWW-Authenticate": 'Bearer realm="snoozeql"' });

  if (!SAFE_METHODS.has(c.req.method) && !(await csrfValid(c.env.SESSION_SECRET, session.id, c.req.header("x-csrf-token")))) {
    throw new ApiProblem("csrf", 403, "Missing or invalid X-CSRF-Token header (get it from GET /api/v1/me).");
  }

  let sessionId = session.id;
  if (now - session.createdAt > SESSION_ROTATE_MS) {
    // Rotate: a fresh token replaces the old one; the SPA picks up the new CSRF token from the header.
    // The fresh token keeps the session's absolute expiry: rotation never extends a session.
    const fresh = await rotateSession(db, session, session.orgId, { ip: clientIp(c), userAgent: c.req.header("user-agent") ?? null }, now);
    sessionId = fresh.id;
    c.header("Set-Cookie", sessionCookie(fresh.token, fresh.expiresAt, now), { append: true });
    c.header("X-CSRF-Token", await csrfToken(c.env.SESSION_SECRET, fresh.id));
  } else if (!session.lastSeenAt || now - session.lastSeenAt > TOUCH_INTERVAL_MS) {
    c.executionCtx.waitUntil(db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, session.id)).then(() => undefined));
  }
  return { kind: "user", userId: session.userId, email: session.email, name: session.name, sessionId, sessionExpiresAt: session.expiresAt, orgId: session.orgId, role: session.role };
}

/** The acting principal of an identity, or null for a person who belongs to no organization. */
export function principalOf(identity: Identity): Principal | null {
  if (identity.kind === "api_token") return identity;
  if (!identity.orgId || !identity.role) return null;
  return { ...identity, orgId: identity.orgId, role: identity.role };
}

async function enforceRateLimits(c: Context<AppEnv>, principal: Principal): Promise<void> {
  const p = policies(c.env);
  // One call to the organization's limiter: the organization's window and, for an API token, the
  // token's own window in the same object (counted together, or not at all when either refuses).
  const checks = [{ window: p.org.name, policy: p.org }];
  if (principal.kind === "api_token") checks.push({ window: `${p.token.name}:${principal.tokenId}`, policy: p.token });
  const decisions = await hitAll(c.env, { name: p.org.name, key: principal.orgId }, checks);
  const results = checks.map((check, i) => ({ policy: check.policy, d: decisions[i]! }));
  // Report the tightest limit; refuse if any refuses.
  const refused = results.find((r) => !r.d.allowed);
  const shown = refused ?? results.reduce((a, b) => (b.d.remaining < a.d.remaining ? b : a));
  for (const [k, v] of Object.entries(rateLimitHeaders(shown.policy, shown.d))) c.header(k, v);
  if (refused) {
    throw new ApiProblem(
      "rate-limited",
      429,
      `Rate limit '${refused.policy.name}' of ${refused.policy.limit} requests per ${refused.policy.windowSeconds} s exceeded; retry in ${refused.d.resetSeconds} s.`,
      {},
      rateLimitHeaders(refused.policy, refused.d),
    );
  }
}

/** Middleware: the caller must hold `permission` in the organization they act in. */
export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const identity = await resolveIdentity(c);
    const principal = principalOf(identity);
    if (!principal) throw new ApiProblem("forbidden", 403, "You are not a member of any organization: accept an invitation or sign up a new organization.");
    if (!can(principal.role, permission)) {
      throw new ApiProblem("forbidden", 403, `This needs the ${PERMISSIONS[permission]} role or higher (permission '${permission}'); you are ${principal.role}.`);
    }
    await enforceRateLimits(c, principal);
    c.set("identity", identity);
    c.set("principal", principal);
    await next();
  };
}

/** Middleware for unauthenticated routes: a per-address limit (IPv6 by /64). */
export function throttlePublic(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const policy = policies(c.env).publicIp;
    const d = await hit(c.env, throttleKey(clientIp(c)), policy);
    for (const [k, v] of Object.entries(rateLimitHeaders(policy, d))) c.header(k, v);
    if (!d.allowed) throw new ApiProblem("rate-limited", 429, `Too many requests from this address; retry in ${d.resetSeconds} s.`, {}, rateLimitHeaders(policy, d));
    await next();
  };
}

/** Middleware: any signed-in person or token, acting on their own identity (me, logout, ...). */
export function requireIdentity(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const identity = await resolveIdentity(c);
    const principal = principalOf(identity);
    if (principal) {
      await enforceRateLimits(c, principal);
      c.set("principal", principal);
    }
    c.set("identity", identity);
    await next();
  };
}
