// The environment is validated at the edge: a missing or malformed binding or secret is named
// in one clear error (and a 503 problem for HTTP), and secret values are never echoed.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../worker/index.ts";
import { EnvError, readEnv } from "../../worker/env.ts";

const { TEST_MIGRATIONS: _migrations, ...workerEnv } = env;

describe("readEnv", () => {
  it("accepts the configured test environment", () => {
    expect(readEnv({ ...workerEnv }).APP_ENV).toBe("test");
  });

  it("names every missing binding and secret", () => {
    const { DB: _db, SESSION_SECRET: _s, ACCOUNT_TICKS: _q, ...rest } = workerEnv;
    let error: unknown;
    try {
      readEnv(rest);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const keys = (error as EnvError).problems.map((p) => p.key).sort();
    expect(keys).toEqual(["ACCOUNT_TICKS", "DB", "SESSION_SECRET"]);
    expect((error as EnvError).message).toContain("SESSION_SECRET: secret is not set");
    expect((error as EnvError).message).toContain("openssl rand -base64 32");
  });

  it("rejects a too-short key without echoing its value", () => {
    const weak = "c2hvcnQta2V5"; // "short-key"
    let error: unknown;
    try {
      readEnv({ ...workerEnv, ENCRYPTION_KEY: weak });
    } catch (e) {
      error = e;
    }
    expect((error as EnvError).problems).toEqual([
      { key: "ENCRYPTION_KEY", message: expect.stringContaining("at least 32 random bytes") },
    ]);
    expect((error as Error).message).not.toContain(weak);
  });

  it("rejects a binding of the wrong kind", () => {
    expect(() => readEnv({ ...workerEnv, EVENTS: "not-a-queue" })).toThrow(/EVENTS: binding is missing or is not a Queue producer/);
  });
});

describe("a misconfigured deployment", () => {
  it("answers API requests with a 503 problem that names what is missing", async () => {
    const { ENCRYPTION_KEY: _k, ...broken } = workerEnv;
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request("https://snoozeql.test/api/v1/health"), broken as never, ctx);
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const body = await response.json<{ title: string; detail: string }>();
    expect(body.title).toBe("Service unavailable");
    expect(body.detail).toContain("ENCRYPTION_KEY");
  });

  it("fails the cron tick loudly instead of half-running", async () => {
    const { DB: _db, ...broken } = workerEnv;
    await expect(
      worker.scheduled({ cron: "* * * * *", scheduledTime: Date.now(), noRetry() {} } as ScheduledController, broken as never, createExecutionContext()),
    ).rejects.toThrow(/DB: binding is missing/);
  });
});
