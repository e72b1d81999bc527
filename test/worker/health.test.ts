// Health that an operator can trust under load: GET /health says "degraded" (503) only when a
// dependency fails — D1 throws, or does not answer at all within D1_CHECK_TIMEOUT_MS — while a slow
// but working D1 is ok (200) with its latency in the body; GET /health/live answers without
// touching any dependency; and a caller polling faster than the public limit gets 429, never 503.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { apiUnder, deploymentEnv } from "../helpers/deployment.ts";
import { checkHealth, D1_CHECK_TIMEOUT_MS } from "../../worker/api/routes/health.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The test D1, answering every statement `delayMs` late. */
function slowD1(delayMs: number): D1Database {
  return {
    prepare: (query: string) => {
      const stmt = env.DB.prepare(query);
      return { first: async () => (await sleep(delayMs), stmt.first()) };
    },
    batch: (statements: D1PreparedStatement[]) => env.DB.batch(statements),
  } as unknown as D1Database;
}

const failingD1 = { prepare: () => ({ first: async () => Promise.reject(new Error("D1_ERROR: storage unavailable")) }), batch: async () => [] } as unknown as D1Database;
const hungD1 = { prepare: () => ({ first: () => new Promise(() => {}) }), batch: async () => [] } as unknown as D1Database;

type Body = { status: string; checks: { d1: { ok: boolean; latencyMs?: number; error?: string } } };

describe("GET /api/v1/health under a slow or failing D1", () => {
  it("answers 200 ok with D1's latency when D1 is slow but answers, also for many callers at once", async () => {
    const slow = deploymentEnv({ DB: slowD1(400) });
    const responses = await Promise.all(Array.from({ length: 10 }, () => apiUnder(slow, "/health")));
    for (const res of responses) {
      expect(res.status).toBe(200);
      const body = await res.json<Body>();
      expect(body.status).toBe("ok");
      expect(body.checks.d1.ok).toBe(true);
      expect(body.checks.d1.latencyMs).toBeGreaterThanOrEqual(390);
      expect(body.checks.d1.latencyMs).toBeLessThan(D1_CHECK_TIMEOUT_MS);
    }
  });

  it("answers 503 degraded when D1 fails", async () => {
    const res = await apiUnder(deploymentEnv({ DB: failingD1 }), "/health");
    expect(res.status).toBe(503);
    const body = await res.json<Body>();
    expect(body).toMatchObject({ status: "degraded", checks: { d1: { ok: false, error: "D1 did not answer" } } });
    expect(JSON.stringify(body)).not.toContain("storage unavailable");
  });

  it("answers 503 degraded, in bounded time, when D1 never answers", async () => {
    const started = Date.now();
    const res = await apiUnder(deploymentEnv({ DB: hungD1 }), "/health");
    const took = Date.now() - started;
    expect(res.status).toBe(503);
    const body = await res.json<Body>();
    expect(body.status).toBe("degraded");
    expect(body.checks.d1).toMatchObject({ ok: false, error: `D1 did not answer within ${D1_CHECK_TIMEOUT_MS} ms` });
    expect(took).toBeGreaterThanOrEqual(D1_CHECK_TIMEOUT_MS - 50);
    expect(took).toBeLessThan(D1_CHECK_TIMEOUT_MS + 3_000);
  }, 20_000);

  it("tells slow from hung by the deadline: the same slow D1 fails a deadline shorter than its answer", async () => {
    const slow = deploymentEnv({ DB: slowD1(300) });
    expect((await checkHealth(slow, { d1TimeoutMs: 1_000 })).status).toBe("ok");
    const late = await checkHealth(slow, { d1TimeoutMs: 100 });
    expect(late.status).toBe("degraded");
    expect(late.checks.d1).toMatchObject({ ok: false, error: "D1 did not answer within 100 ms" });
  });
});

describe("GET /api/v1/health/live", () => {
  it("answers 200 without touching D1, while readiness reports the failure", async () => {
    const broken = deploymentEnv({ DB: failingD1 });
    const live = await apiUnder(broken, "/health/live");
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: "ok", version: "0.1.0", environment: "test" });
    expect((await apiUnder(broken, "/health")).status).toBe(503);
    // Not even a slow D1 delays it.
    const started = Date.now();
    expect((await apiUnder(deploymentEnv({ DB: slowD1(2_000) }), "/health/live")).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe("health polled faster than the public limit", () => {
  it("refuses with 429 rate-limited, never 503 degraded", async () => {
    const limited = deploymentEnv({ RATE_LIMIT_PUBLIC_PER_MINUTE: "20" });
    const headers = { "cf-connecting-ip": "203.0.113.77" };
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await apiUnder(limited, "/health", { headers })).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const refused = await apiUnder(limited, "/health", { headers });
    expect(await refused.json()).toMatchObject({ type: expect.stringContaining("rate-limited") });
  });
});
