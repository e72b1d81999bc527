/**
 * RateLimiter — one Durable Object per limited key (an API token, an organization, a sign-in
 * email, an IP). A Durable Object is the one place a counter can be exact across the whole
 * network: every request for the key is serialized through it.
 *
 * The algorithm is a sliding-window log approximated by two fixed windows (the previous
 * window's count weighted by its overlap), which is what the IETF RateLimit headers describe
 * well: a limit, what remains, and seconds until the window resets. State is in memory with a
 * storage copy so an evicted limiter does not forget a burst.
 */
import { DurableObject } from "cloudflare:workers";

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends (RateLimit-Reset / Retry-After). */
  resetSeconds: number;
}

interface Windows {
  windowStart: number;
  current: number;
  previous: number;
}

/** Pure: decide one hit against a policy, returning the new window state. */
export function decide(state: Windows | undefined, now: number, limit: number, windowMs: number, cost = 1): { state: Windows; decision: RateLimitDecision } {
  const windowStart = Math.floor(now / windowMs) * windowMs;
  let s: Windows;
  if (!state || state.windowStart < windowStart - windowMs) s = { windowStart, current: 0, previous: 0 };
  else if (state.windowStart < windowStart) s = { windowStart, current: 0, previous: state.current };
  else s = { ...state };
  const overlap = 1 - (now - windowStart) / windowMs;
  const used = s.previous * overlap + s.current;
  const allowed = used + cost <= limit;
  if (allowed) s.current += cost;
  const after = s.previous * overlap + s.current;
  return {
    state: s,
    decision: {
      allowed,
      limit,
      remaining: Math.max(0, Math.floor(limit - after)),
      resetSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
    },
  };
}

export class RateLimiter extends DurableObject<unknown> {
  private windows = new Map<string, Windows>();

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const saved = await ctx.storage.get<[string, Windows][]>("windows");
      if (saved) this.windows = new Map(saved);
    });
  }

  /** Counts one hit (or `cost`) for `policy` and says whether it is allowed. */
  async hit(policy: string, limit: number, windowSeconds: number, cost = 1): Promise<RateLimitDecision> {
    const { state, decision } = decide(this.windows.get(policy), Date.now(), limit, windowSeconds * 1000, cost);
    this.windows.set(policy, state);
    await this.ctx.storage.put("windows", [...this.windows]);
    return decision;
  }

  /** Forgets a policy's counts (e.g. failed sign-ins after a successful one). */
  async reset(policy: string): Promise<void> {
    this.windows.delete(policy);
    await this.ctx.storage.put("windows", [...this.windows]);
  }
}
