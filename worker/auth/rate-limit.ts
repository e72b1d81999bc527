/**
 * Rate limits: the policies and the RateLimit response headers. Counting happens in the
 * RateLimiter Durable Object (one per key), so limits hold across every edge location.
 *
 * Headers follow the IETF RateLimit fields draft (`RateLimit-Policy`, `RateLimit`) plus the
 * widely used `RateLimit-Limit/Remaining/Reset` triple; a refusal adds `Retry-After`.
 */
import type { RateLimitDecision } from "../../durable-objects/rate-limiter.ts";
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
    /** Sign-in attempts per email address and per client IP. */
    loginEmail: { name: "login-email", limit: n(env.RATE_LIMIT_LOGIN_PER_EMAIL, 10), windowSeconds: 900 },
    loginIp: { name: "login-ip", limit: n(env.RATE_LIMIT_LOGIN_PER_IP, 50), windowSeconds: 900 },
  } satisfies Record<string, RatePolicy>;
}

export async function hit(env: Env, key: string, policy: RatePolicy): Promise<RateLimitDecision> {
  const limiter = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`${policy.name}:${key}`));
  return limiter.hit(policy.name, policy.limit, policy.windowSeconds);
}

export async function resetLimit(env: Env, key: string, policy: RatePolicy): Promise<void> {
  const limiter = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`${policy.name}:${key}`));
  await limiter.reset(policy.name);
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
