/**
 * Rate limits: the policies and the RateLimit response headers. Counting happens in the
 * RateLimiter Durable Object (one per key), so limits hold across every edge location. An
 * authenticated request is counted in its organization's limiter alone, where its API token has
 * its own window too: one Durable Object call per request.
 *
 * Headers follow the IETF RateLimit fields draft (`RateLimit-Policy`, `RateLimit`) plus the
 * widely used `RateLimit-Limit/Remaining/Reset` triple; a refusal adds `Retry-After`.
 *
 * Client addresses are keyed by `throttleKey`: an IPv4 address as is, an IPv6 address by its /64
 * (one subscriber usually holds a whole /64, so per-address keys would be free to rotate).
 */
import type { BackoffDecision, BackoffPolicy, RateLimitDecision } from "../../durable-objects/rate-limiter.ts";
import type { Env } from "../env.ts";

export interface RatePolicy {
  name: string;
  limit: number;
  windowSeconds: number;
}

export function policies(env: Env) {
  const n = (value: string | undefined, fallback: number) => (value && /^\d+$/.test(value) ? Number(value) : fallback);
  return {
    /** Each API token. */
    token: { name: "token", limit: n(env.RATE_LIMIT_TOKEN_PER_MINUTE, 600), windowSeconds: 60 },
    /** Each organization, across all its tokens and people. */
    org: { name: "org", limit: n(env.RATE_LIMIT_ORG_PER_MINUTE, 3000), windowSeconds: 60 },
    /** Sign-in and sign-up attempts per client address (per-email handling: loginBackoff). */
    loginIp: { name: "login-ip", limit: n(env.RATE_LIMIT_LOGIN_PER_IP, 50), windowSeconds: 900 },
    /** Every unauthenticated route (health, sign-up, sign-in, invitation accept), per client address. */
    publicIp: { name: "public-ip", limit: n(env.RATE_LIMIT_PUBLIC_PER_MINUTE, 300), windowSeconds: 60 },
  } satisfies Record<string, RatePolicy>;
}

/** Sign-in failure backoff: per (email, address) and per email across addresses. */
export function loginBackoff(env: Env) {
  const free = env.RATE_LIMIT_LOGIN_PER_EMAIL && /^\d+$/.test(env.RATE_LIMIT_LOGIN_PER_EMAIL) ? Number(env.RATE_LIMIT_LOGIN_PER_EMAIL) : 10;
  return {
    /** This address failing for this email: held up to 15 minutes. */
    pair: { name: "login-pair", policy: { freeFailures: 3, baseSeconds: 1, capSeconds: 900, forgetSeconds: 900 } },
    /** Anyone failing for this email: short, capped delays (only for callers who have failed). */
    email: { name: "login-email", policy: { freeFailures: free, baseSeconds: 1, capSeconds: 60, forgetSeconds: 900 } },
  } satisfies Record<string, { name: string; policy: BackoffPolicy }>;
}

/** The rate-limit key of a client address: IPv4 as is, IPv6 by its /64 prefix. */
export function throttleKey(ip: string | null | undefined): string {
  if (!ip) return "unknown";
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = ip.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = ip.includes("::") ? [...headGroups, ...new Array(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill("0"), ...tailGroups] : headGroups;
  return `${groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(":")}::/64`;
}

function limiter(env: Env, name: string, key: string) {
  return env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`${name}:${key}`));
}

export function backoffOf(env: Env, key: string, b: { name: string; policy: BackoffPolicy }): Promise<BackoffDecision> {
  return limiter(env, b.name, key).backoff(b.name, b.policy);
}

export function recordFailure(env: Env, key: string, b: { name: string; policy: BackoffPolicy }): Promise<BackoffDecision> {
  return limiter(env, b.name, key).fail(b.name, b.policy);
}

export async function hit(env: Env, key: string, policy: RatePolicy): Promise<RateLimitDecision> {
  return limiter(env, policy.name, key).hit(policy.name, policy.limit, policy.windowSeconds);
}

/**
 * One hit counted against several policies in one limiter object (one round trip, all or none):
 * `owner` names the object, each check the window inside it.
 */
export function hitAll(env: Env, owner: { name: string; key: string }, checks: { window: string; policy: RatePolicy }[]): Promise<RateLimitDecision[]> {
  return limiter(env, owner.name, owner.key).hitAll(checks.map((c) => ({ policy: c.window, limit: c.policy.limit, windowSeconds: c.policy.windowSeconds })));
}

export async function resetLimit(env: Env, key: string, policy: { name: string }): Promise<void> {
  await limiter(env, policy.name, key).reset(policy.name);
}

export function rateLimitHeaders(policy: RatePolicy, d: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Policy": `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`,
    RateLimit: `"${policy.name}";r=${d.remaining};t=${d.resetSeconds}`,
    "RateLimit-Limit": String(d.limit),
    "RateLimit-Remaining": String(d.remaining),
    "RateLimit-Reset": String(d.resetSeconds),
  };
  if (!d.allowed) headers["Retry-After"] = String(d.resetSeconds);
  return headers;
}
