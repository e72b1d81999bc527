/**
 * RateLimiter — one Durable Object per limited key (an API token, an organization, a sign-in
 * email, an IP). A Durable Object is the one place a counter can be exact across the whole
 * network: every request for the key is serialized through it.
 *
 * The algorithm is a sliding-window log approximated by two fixed windows (the previous
 * window's count weighted by its overlap), which is what the IETF RateLimit headers describe
 * well: a limit, what remains, and seconds until the window resets. State is in memory with a
 * storage copy so an evicted limiter does not forget a burst. The copy is written without holding
 * the caller's answer until the write is confirmed (`allowUnconfirmed`): the counter is answered
 * from memory either way, and waiting for durability on every API request would add a storage
 * commit to each one's latency; the price is that a limiter that fails in the instant between
 * answering and its write landing forgets that one hit.
 *
 * Several policies can be counted in one call (`hitAll`: an organization's limit and its API
 * token's, in the organization's limiter), so an authenticated request makes one round trip, and
 * a request any of them refuses is counted by none (a token over its own limit does not use up
 * its organization's budget).
 *
 * It also keeps failure backoff (sign-in): after a few free failures each further attempt must
 * wait base·2^(extra failures) seconds after the last failure, capped, and the record is forgotten
 * after a quiet period. Backoff counts failures only, so it never holds back a caller who has not
 * failed (see routes/auth/login.ts for how it keeps victims from being locked out).
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

export interface RateCheck {
  /** The window's name inside the limiter ("org", "token:<id>", ...). */
  policy: string;
  limit: number;
  windowSeconds: number;
  cost?: number;
}

/** Pure: decide one hit against several policies at once: counted by all if every one allows it,
 * by none if any refuses (the refused decisions say so; the others show what remains). */
export function decideAll(states: readonly (Windows | undefined)[], now: number, checks: readonly RateCheck[]): { states: Windows[]; decisions: RateLimitDecision[] } {
  const tries = checks.map((c, i) => decide(states[i], now, c.limit, c.windowSeconds * 1000, c.cost ?? 1));
  if (tries.every((t) => t.decision.allowed)) return { states: tries.map((t) => t.state), decisions: tries.map((t) => t.decision) };
  const held = checks.map((c, i) => decide(states[i], now, c.limit, c.windowSeconds * 1000, 0));
  return { states: held.map((h) => h.state), decisions: held.map((h, i) => ({ ...h.decision, allowed: tries[i]!.decision.allowed })) };
}

/** A window that started this long ago counts for nothing under any policy here (the longest
 * window is 15 minutes), so the limiter drops it rather than keep one per token forever. */
export const STALE_WINDOW_MS = 2 * 3_600_000;

/** Pure: the windows still worth keeping. */
export function liveWindows(windows: ReadonlyMap<string, Windows>, now: number): Map<string, Windows> {
  return new Map([...windows].filter(([, w]) => now - w.windowStart < STALE_WINDOW_MS));
}

export interface BackoffPolicy {
  freeFailures: number;
  baseSeconds: number;
  capSeconds: number;
  /** A record with no failure for this long is forgotten. */
  forgetSeconds: number;
}

export interface BackoffRecord {
  failures: number;
  lastFailureAt: number;
}

export interface BackoffDecision {
  failures: number;
  /** Seconds the caller must still wait before the next attempt (0: go ahead). */
  waitSeconds: number;
}

/** Pure: the live record (null once forgotten) and how long the next attempt must wait. */
export function backoffDecision(record: BackoffRecord | undefined, now: number, policy: BackoffPolicy): { record: BackoffRecord | null; decision: BackoffDecision } {
  if (!record || now - record.lastFailureAt > policy.forgetSeconds * 1000) return { record: null, decision: { failures: 0, waitSeconds: 0 } };
  const extra = record.failures - policy.freeFailures;
  if (extra < 0) return { record, decision: { failures: record.failures, waitSeconds: 0 } };
  const delayMs = Math.min(policy.capSeconds, policy.baseSeconds * 2 ** extra) * 1000;
  const waitMs = record.lastFailureAt + delayMs - now;
  return { record, decision: { failures: record.failures, waitSeconds: waitMs > 0 ? Math.ceil(waitMs / 1000) : 0 } };
}

export class RateLimiter extends DurableObject<unknown> {
  private windows = new Map<string, Windows>();
  private backoffs = new Map<string, BackoffRecord>();

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const saved = await ctx.storage.get<[string, Windows][]>("windows");
      if (saved) this.windows = new Map(saved);
      const backoffs = await ctx.storage.get<[string, BackoffRecord][]>("backoffs");
      if (backoffs) this.backoffs = new Map(backoffs);
    });
  }

  /** Counts one hit (or `cost`) for `policy` and says whether it is allowed. */
  async hit(policy: string, limit: number, windowSeconds: number, cost = 1): Promise<RateLimitDecision> {
    const [decision] = await this.hitAll([{ policy, limit, windowSeconds, cost }]);
    return decision!;
  }

  /** Counts one hit against every check, all or none (`decideAll`); decisions in `checks` order. */
  async hitAll(checks: RateCheck[]): Promise<RateLimitDecision[]> {
    const now = Date.now();
    const { states, decisions } = decideAll(checks.map((c) => this.windows.get(c.policy)), now, checks);
    checks.forEach((c, i) => this.windows.set(c.policy, states[i]!));
    this.windows = liveWindows(this.windows, now);
    await this.ctx.storage.put("windows", [...this.windows], { allowUnconfirmed: true });
    return decisions;
  }

  /** Forgets a policy's counts and failures (e.g. after a successful sign-in). */
  async reset(policy: string): Promise<void> {
    this.windows.delete(policy);
    this.backoffs.delete(policy);
    await this.ctx.storage.put({ windows: [...this.windows], backoffs: [...this.backoffs] });
  }

  /** How long the next attempt under `policy` must wait (counts nothing). */
  async backoff(policy: string, rules: BackoffPolicy): Promise<BackoffDecision> {
    return backoffDecision(this.backoffs.get(policy), Date.now(), rules).decision;
  }

  /** Records one failure under `policy` and returns the wait it now imposes. */
  async fail(policy: string, rules: BackoffPolicy): Promise<BackoffDecision> {
    const now = Date.now();
    const { record } = backoffDecision(this.backoffs.get(policy), now, rules);
    const next = { failures: (record?.failures ?? 0) + 1, lastFailureAt: now };
    this.backoffs.set(policy, next);
    await this.ctx.storage.put("backoffs", [...this.backoffs]);
    return backoffDecision(next, now, rules).decision;
  }
}
