/**
 * The one backoff rule: exponential in the attempt number, capped, with jitter. By default the
 * jitter keeps at least half the delay (retries spread out but never collapse to zero: the queue
 * consumers and the account agent); `keep: 0` is "full jitter" (the cloud clients' retries).
 *
 * Pure: the randomness is injected. Must never sleep or read the clock.
 */
export interface Backoff {
  /** Delay of the first retry. */
  base: number;
  /** Upper bound of any delay. */
  max: number;
  /** The share of the exponential delay always waited (0–1); the rest is random. Default 0.5. */
  keep?: number;
}

/** Delay before retry number `attempt` (1 = the first retry), in the unit of `policy`. */
export function backoff(attempt: number, policy: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.max, policy.base * 2 ** Math.max(0, attempt - 1));
  const keep = policy.keep ?? 0.5;
  return ceiling * keep + random() * ceiling * (1 - keep);
}
