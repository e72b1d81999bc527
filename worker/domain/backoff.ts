/**
 * The one backoff rule: exponential in the attempt number, capped, with jitter that keeps at
 * least half the delay (so retries spread out but never collapse to zero). Used by the queue
 * consumers (seconds) and the account agent (its outbox and failed passes).
 *
 * Pure: the randomness is injected. Must never sleep or read the clock.
 */
export interface Backoff {
  /** Delay of the first retry. */
  base: number;
  /** Upper bound of any delay. */
  max: number;
}

/** Delay before retry number `attempt` (1 = the first retry), in the unit of `policy`. */
export function backoff(attempt: number, policy: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.max, policy.base * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}
