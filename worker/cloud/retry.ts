/**
 * The one fetch-with-retry every cloud call goes through, and the resolution of injected deps.
 *
 * Owns: attempts, backoff (exponential, full jitter), Retry-After, per-attempt timeouts, turning
 * network failures and non-2xx answers into `CloudError`s (via the caller's protocol-specific
 * error parser), and deciding what is retryable: throttling (the AWS SDK's throttling codes, HTTP
 * 429, Google RESOURCE_EXHAUSTED / rateLimitExceeded), transient 5xx and network errors.
 *
 * Must never: retry a non-retryable error, wait longer than the policy allows, read a credential,
 * or put a request/response (headers, body) into an error. Requests are rebuilt for every attempt
 * by the caller's `build` so each attempt is freshly signed.
 */
import { CloudError, type Redactor } from "./errors.ts";
import type { CloudDeps, CloudProviderName, RetryPolicy } from "./provider.ts";
import { backoff } from "../domain/backoff.ts";

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  throttlingBaseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 30_000,
  timeoutMs: 30_000,
};

export interface ResolvedDeps {
  fetch: typeof fetch;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  retry: RetryPolicy;
}

export function resolveDeps(deps: CloudDeps = {}): ResolvedDeps {
  return {
    // Wrapped so the global is never called detached from its receiver.
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    now: deps.now ?? (() => Date.now()),
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: deps.random ?? Math.random,
    retry: { ...DEFAULT_RETRY_POLICY, ...deps.retry },
  };
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** What a protocol-specific parser extracts from an error answer. */
export interface ParsedError {
  code: string;
  message: string;
  requestId?: string;
  reason?: string;
}

export interface RetryCall {
  provider: CloudProviderName;
  /** e.g. "rds:DescribeDBInstances"; goes into errors. */
  operation: string;
  /** Builds (and signs) a fresh request. Called once per attempt. */
  build: () => Promise<Request>;
  /** Reads the cloud's error code/message out of a non-2xx answer. */
  parseError: (answer: HttpAnswer) => ParsedError;
  redactor: Redactor;
}

export async function fetchWithRetry(call: RetryCall, deps: ResolvedDeps): Promise<HttpAnswer> {
  const policy = deps.retry;
  const maxAttempts = Math.max(1, Math.floor(policy.maxAttempts));
  for (let attempt = 1; ; attempt++) {
    // Building may itself fail with a CloudError (e.g. AssumeRole refused); that already went
    // through its own retries, so it surfaces as is.
    const request = await call.build();
    let failure: CloudError;
    let retryAfterMs: number | undefined;
    try {
      const answer = await send(request, deps, policy.timeoutMs);
      if (answer.status >= 200 && answer.status < 300) return answer;
      const parsed = call.parseError(answer);
      retryAfterMs = parseRetryAfter(answer.headers.get("retry-after"), deps.now());
      failure = call.redactor.error({
        provider: call.provider,
        operation: call.operation,
        code: parsed.code,
        message: parsed.message,
        reason: parsed.reason,
        requestId: parsed.requestId,
        httpStatus: answer.status,
        attempts: attempt,
      });
    } catch (error) {
      if (error instanceof CloudError) throw error;
      failure = networkError(call, error, attempt);
    }

    if (!failure.retryable || attempt >= maxAttempts) throw failure;

    let delay: number;
    if (retryAfterMs !== undefined) {
      if (retryAfterMs > policy.maxRetryAfterMs) {
        // The cloud wants a longer pause than we wait inline: surface it with the hint.
        throw new CloudError({ ...failure.toJSON(), retryAfterMs, attempts: attempt });
      }
      delay = retryAfterMs;
    } else {
      const base = failure.category === "throttled" ? policy.throttlingBaseDelayMs : policy.baseDelayMs;
      delay = Math.floor(backoff(attempt, { base, max: policy.maxDelayMs, keep: 0 }, deps.random));
    }
    await deps.sleep(delay);
  }
}

async function send(request: Request, deps: ResolvedDeps, timeoutMs: number): Promise<HttpAnswer> {
  const response =
    timeoutMs > 0
      ? await deps.fetch(request, { signal: AbortSignal.timeout(timeoutMs) })
      : await deps.fetch(request);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

function networkError(call: RetryCall, error: unknown, attempt: number): CloudError {
  const name = error instanceof Error ? error.name : "";
  const timedOut = name === "TimeoutError";
  const detail = error instanceof Error ? error.message : String(error);
  return call.redactor.error({
    provider: call.provider,
    operation: call.operation,
    code: timedOut ? "RequestTimeout" : "NetworkError",
    message: timedOut
      ? `No answer from the cloud within the time limit (${call.operation}).`
      : `Could not reach the cloud (${call.operation}): ${detail}`,
    category: "transient",
    retryable: true,
    attempts: attempt,
  });
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
