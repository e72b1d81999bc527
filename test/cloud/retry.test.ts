import { isThrottlingError, isTransientError } from "@smithy/core/retry";
import { describe, expect, it } from "vitest";
import { parseAwsError } from "../../worker/cloud/aws/sigv4-client.ts";
import {
  AWS_THROTTLING_CODES,
  AWS_TRANSIENT_CODES,
  CloudError,
  Redactor,
  TRANSIENT_HTTP_STATUSES,
} from "../../worker/cloud/errors.ts";
import { parseGoogleError } from "../../worker/cloud/gcp/token.ts";
import { fetchWithRetry, parseRetryAfter, resolveDeps, type RetryCall } from "../../worker/cloud/retry.ts";
import { errorResponse } from "./fixtures/aws.ts";
import { googleError } from "./fixtures/gcp.ts";
import { fakeFetch, jsonResponse, rejection, testDeps, xmlResponse, type Handler } from "./helpers.ts";

function awsCall(overrides: Partial<RetryCall> = {}): RetryCall {
  return {
    provider: "aws",
    operation: "rds:DescribeDBInstances",
    build: async () => new Request("https://rds.us-east-1.amazonaws.com/", { method: "POST", body: "Action=X" }),
    parseError: parseAwsError,
    redactor: new Redactor(),
    ...overrides,
  };
}

function setup(handler: Handler, retry = {}) {
  const fake = fakeFetch(handler);
  const t = testDeps(fake.fetch, { retry });
  return { ...fake, ...t, resolved: resolveDeps(t.deps) };
}

describe("classification matches the AWS SDK", () => {
  it("every throttling code SnoozeQL retries is one the SDK classifies as throttling", () => {
    expect([...AWS_THROTTLING_CODES].sort()).toEqual(
      [
        "BandwidthLimitExceeded",
        "EC2ThrottledException",
        "LimitExceededException",
        "PriorRequestNotComplete",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
        "ThrottledException",
        "Throttling",
        "ThrottlingException",
        "TooManyRequestsException",
        "TransactionInProgressException",
      ].sort(),
    );
    for (const code of AWS_THROTTLING_CODES) {
      expect(isThrottlingError({ name: code, $metadata: {} } as never), code).toBe(true);
    }
    for (const code of AWS_TRANSIENT_CODES) {
      expect(isTransientError({ name: code, $metadata: {} } as never), code).toBe(true);
    }
    for (const status of TRANSIENT_HTTP_STATUSES) {
      expect(isTransientError({ name: "X", $metadata: { httpStatusCode: status } } as never)).toBe(true);
    }
    expect(isThrottlingError({ name: "InvalidDBInstanceState", $metadata: {} } as never)).toBe(false);
    expect(AWS_THROTTLING_CODES.has("InvalidDBInstanceState")).toBe(false);
  });

  it("classifies AWS and Google codes into categories", () => {
    const aws = (code: string, httpStatus?: number) => new CloudError({ provider: "aws", code, message: "m", httpStatus });
    const gcp = (code: string, httpStatus?: number, reason?: string) =>
      new CloudError({ provider: "gcp", code, message: "m", httpStatus, reason });
    expect(aws("Throttling", 400)).toMatchObject({ category: "throttled", retryable: true });
    expect(aws("SomethingNew", 429)).toMatchObject({ category: "throttled", retryable: true });
    expect(aws("InternalFailure", 500)).toMatchObject({ category: "transient", retryable: true });
    expect(aws("InvalidDBInstanceState", 400)).toMatchObject({ category: "invalid_state", retryable: false });
    expect(aws("DBInstanceNotFound", 404)).toMatchObject({ category: "not_found", retryable: false });
    expect(aws("AccessDenied", 403)).toMatchObject({ category: "auth", retryable: false });
    expect(aws("InvalidParameterValue", 400)).toMatchObject({ category: "invalid_request", retryable: false });
    expect(gcp("RESOURCE_EXHAUSTED", 429)).toMatchObject({ category: "throttled", retryable: true });
    expect(gcp("PERMISSION_DENIED", 403, "rateLimitExceeded")).toMatchObject({ category: "throttled", retryable: true });
    expect(gcp("PERMISSION_DENIED", 403, "forbidden")).toMatchObject({ category: "auth", retryable: false });
    expect(gcp("UNAVAILABLE", 503)).toMatchObject({ category: "transient", retryable: true });
    expect(gcp("HTTP409", 409, "operationInProgress")).toMatchObject({ category: "invalid_state", retryable: false });
    expect(gcp("NOT_FOUND", 404)).toMatchObject({ category: "not_found" });
  });
});

describe("fetchWithRetry", () => {
  it("retries ThrottlingException with exponential full-jitter backoff, then succeeds", async () => {
    const t = setup((_req, i) =>
      i < 3 ? xmlResponse(errorResponse("ThrottlingException", "Rate exceeded"), 400) : xmlResponse("<ok/>"),
    );
    const answer = await fetchWithRetry(awsCall(), t.resolved);
    expect(answer.status).toBe(200);
    expect(t.calls).toHaveLength(4);
    // random() = 0.5, throttling base 500ms: 0.5 * 500, 0.5 * 1000, 0.5 * 2000
    expect(t.sleeps).toEqual([250, 500, 1000]);
  });

  it("uses the smaller transient base for 5xx and caps each delay at maxDelayMs", async () => {
    const t = setup((_req, i) => (i < 3 ? new Response("<html>bad gateway</html>", { status: 502 }) : xmlResponse("<ok/>")), {
      maxDelayMs: 300,
      baseDelayMs: 200,
    });
    await fetchWithRetry(awsCall(), t.resolved);
    expect(t.sleeps).toEqual([100, 150, 150]); // 0.5*200, 0.5*min(300,400), 0.5*min(300,800)
  });

  it("draws the jitter from the injected random()", async () => {
    const draws = [0, 0.999, 0.25];
    const fake = fakeFetch((_req, i) => (i < 3 ? new Response("", { status: 429 }) : xmlResponse("<ok/>")));
    const sleeps: number[] = [];
    const deps = resolveDeps({
      fetch: fake.fetch,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => draws.shift() ?? 0,
    });
    await fetchWithRetry(awsCall(), deps);
    expect(sleeps).toEqual([0, Math.floor(0.999 * 1000), 500]);
  });

  it("honours Retry-After (seconds and HTTP date) instead of the computed backoff", async () => {
    const t = setup((_req, i) => {
      if (i === 0) return new Response("", { status: 429, headers: { "retry-after": "3" } });
      if (i === 1) {
        return new Response(JSON.stringify(googleError(503, "UNAVAILABLE", "try later")), {
          status: 503,
          headers: { "retry-after": new Date(Date.UTC(2026, 10, 20, 12, 0, 10)).toUTCString() },
        });
      }
      return jsonResponse({ ok: true });
    });
    await fetchWithRetry(awsCall({ provider: "gcp", parseError: parseGoogleError }), t.resolved);
    // 3 s, then the date is 10 s after the start and 3 s have already passed on the fake clock.
    expect(t.sleeps).toEqual([3000, 7000]);
  });

  it("does not wait out a Retry-After beyond the policy: surfaces it with retryAfterMs", async () => {
    const t = setup(() => new Response("", { status: 429, headers: { "retry-after": "120" } }));
    const error = await rejection(() => fetchWithRetry(awsCall(), t.resolved));
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ code: "HTTP429", retryable: true, retryAfterMs: 120_000, attempts: 1 });
    expect(t.sleeps).toEqual([]);
  });

  it("stops after maxAttempts and throws a typed, retryable error carrying the cloud's code", async () => {
    const t = setup(() => xmlResponse(errorResponse("Throttling", "Rate exceeded", "Sender", "req-42"), 400), {
      maxAttempts: 3,
    });
    const error = await rejection(() => fetchWithRetry(awsCall(), t.resolved));
    expect(t.calls).toHaveLength(3);
    expect(t.sleeps).toHaveLength(2);
    expect(error).toBeInstanceOf(CloudError);
    expect((error as CloudError).toJSON()).toMatchObject({
      provider: "aws",
      code: "Throttling",
      message: "Rate exceeded",
      httpStatus: 400,
      requestId: "req-42",
      retryable: true,
      category: "throttled",
      operation: "rds:DescribeDBInstances",
      attempts: 3,
    });
  });

  it("does not retry a non-retryable error", async () => {
    const t = setup(() =>
      xmlResponse(errorResponse("InvalidDBInstanceState", "Instance db-1 is not in available state."), 400),
    );
    const error = (await rejection(() => fetchWithRetry(awsCall(), t.resolved))) as CloudError;
    expect(t.calls).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
    expect(error.summary).toBe("InvalidDBInstanceState: Instance db-1 is not in available state.");
    expect(error.retryable).toBe(false);
  });

  it("retries network failures and rebuilds the request every attempt", async () => {
    let builds = 0;
    const t = setup((_req, i) => {
      if (i < 2) throw new TypeError("Network connection lost.");
      return xmlResponse("<ok/>");
    });
    await fetchWithRetry(
      awsCall({
        build: async () => {
          builds++;
          return new Request("https://rds.us-east-1.amazonaws.com/", { method: "POST", body: `attempt=${builds}` });
        },
      }),
      t.resolved,
    );
    expect(builds).toBe(3);
    expect(t.calls.map((c) => c.body)).toEqual(["attempt=1", "attempt=2", "attempt=3"]);
    expect(t.sleeps).toEqual([50, 100]);
  });

  it("turns an exhausted network failure into a transient CloudError", async () => {
    const t = setup(() => {
      throw new TypeError("Network connection lost.");
    }, { maxAttempts: 2 });
    const error = await rejection(() => fetchWithRetry(awsCall(), t.resolved));
    expect(error).toMatchObject({ name: "CloudError", code: "NetworkError", category: "transient", retryable: true, attempts: 2 });
  });

  it("reads Retry-After values", () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter("2.5", now)).toBe(2500);
    expect(parseRetryAfter(new Date(now + 4000).toUTCString(), now)).toBe(4000);
    expect(parseRetryAfter(new Date(now - 4000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});

describe("error documents", () => {
  it("reads AWS Query, EC2-style and JSON error bodies", () => {
    const headers = new Headers({ "x-amzn-requestid": "hdr-1" });
    expect(parseAwsError({ status: 400, headers, text: errorResponse("Throttling", "Rate exceeded", "Sender", "r-1") })).toEqual({
      code: "Throttling",
      message: "Rate exceeded",
      requestId: "r-1",
    });
    expect(
      parseAwsError({
        status: 503,
        headers,
        text: "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r-2</RequestID></Response>",
      }),
    ).toEqual({ code: "RequestLimitExceeded", message: "Request limit exceeded.", requestId: "r-2" });
    expect(
      parseAwsError({
        status: 400,
        headers,
        text: JSON.stringify({ __type: "com.amazonaws.cloudwatch#LimitExceededException", message: "Too many" }),
      }),
    ).toEqual({ code: "LimitExceededException", message: "Too many", requestId: "hdr-1" });
    expect(parseAwsError({ status: 502, headers: new Headers(), text: "<html>Bad Gateway</html>" })).toMatchObject({
      code: "HTTP502",
    });
  });

  it("reads Google error bodies", () => {
    const text = JSON.stringify(googleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Queries'", "rateLimitExceeded"));
    expect(parseGoogleError({ status: 429, headers: new Headers(), text })).toEqual({
      code: "RESOURCE_EXHAUSTED",
      message: "Quota exceeded for quota metric 'Queries'",
      reason: "rateLimitExceeded",
    });
    expect(parseGoogleError({ status: 500, headers: new Headers(), text: "oops" })).toMatchObject({ code: "HTTP500" });
  });
});
