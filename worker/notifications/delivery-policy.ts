/**
 * What to do after one delivery attempt (pure): delivered, retry later (5xx, 429, timeouts and
 * network errors, with exponential backoff and jitter; a 429's Retry-After is honoured), give up
 * now (any other 4xx: the receiver refused this request and will refuse it again), or give up
 * because the attempts are used up (the delivery goes dead and is dead-lettered).
 *
 * Also: when a run of failed deliveries disables an integration.
 */
import { retryDelaySeconds } from "../queues/retry.ts";

/** Attempts per delivery before it is dead-lettered. */
export const MAX_ATTEMPTS = 6;
/** Deliveries that ended failed or dead in a row before the integration is disabled. */
export const FAILURES_TO_DISABLE = 5;
/** The longest wait SnoozeQL accepts from a Retry-After header. */
export const MAX_RETRY_AFTER_SECONDS = 3600;
export const ATTEMPT_TIMEOUT_MS = 10_000;

export type AttemptResult = { status: number; retryAfter: string | null } | { error: "timeout" | "network"; message: string };

export type Outcome =
  | { kind: "delivered" }
  | { kind: "retry"; delaySeconds: number; reason: string }
  | { kind: "failed"; reason: string }
  | { kind: "dead"; reason: string };

export function deliveryOutcome(result: AttemptResult, attempt: number, now: number, random: () => number = Math.random): Outcome {
  let reason: string;
  let delaySeconds = retryDelaySeconds(attempt, random);
  if ("error" in result) {
    reason = result.error === "timeout" ? "timed out" : `network error: ${result.message}`;
  } else if (result.status >= 200 && result.status < 300) {
    return { kind: "delivered" };
  } else if (result.status === 429) {
    reason = "rate limited (429)";
    const asked = retryAfterSeconds(result.retryAfter, now);
    if (asked !== null) delaySeconds = Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, asked));
  } else if (result.status >= 500) {
    reason = `server error (${result.status})`;
  } else {
    return { kind: "failed", reason: `refused (${result.status}); not retried` };
  }
  if (attempt >= MAX_ATTEMPTS) return { kind: "dead", reason: `${reason}; gave up after ${attempt} attempts` };
  return { kind: "retry", delaySeconds, reason };
}

/** Retry-After as seconds from now: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: number): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Whether a run of failures this long disables the integration. */
export function shouldDisable(consecutiveFailures: number): boolean {
  return consecutiveFailures >= FAILURES_TO_DISABLE;
}
