// Throttling keys and backoff: IPv6 clients by /64, exponential backoff after failures that is
// capped and forgotten, and every unauthenticated route limited per address.
import { describe, expect, it } from "vitest";
import { backoffDecision, decideAll, liveWindows, STALE_WINDOW_MS } from "../../durable-objects/rate-limiter.ts";
import { throttleKey } from "../../worker/auth/rate-limit.ts";
import { api } from "../helpers/auth.ts";
import { apiUnder, deploymentEnv } from "../helpers/deployment.ts";

describe("throttleKey", () => {
  it.each([
    ["203.0.113.9", "203.0.113.9"],
    ["2001:db8:abcd:12::1", "2001:db8:abcd:12::/64"],
    ["2001:0db8:ABCD:0012:ffff:1:2:3", "2001:db8:abcd:12::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    [null, "unknown"],
  ])("%s → %s", (ip, key) => {
    expect(throttleKey(ip)).toBe(key);
  });
});

describe("backoffDecision", () => {
  const policy = { freeFailures: 3, baseSeconds: 1, capSeconds: 60, forgetSeconds: 900 };
  const at = 1_000_000;
  it("lets the free failures through, then doubles the wait up to the cap", () => {
    expect(backoffDecision({ failures: 2, lastFailureAt: at }, at, policy).decision.waitSeconds).toBe(0);
    expect(backoffDecision({ failures: 3, lastFailureAt: at }, at, policy).decision.waitSeconds).toBe(1);
    expect(backoffDecision({ failures: 5, lastFailureAt: at }, at, policy).decision.waitSeconds).toBe(4);
    expect(backoffDecision({ failures: 30, lastFailureAt: at }, at, policy).decision.waitSeconds).toBe(60);
    expect(backoffDecision({ failures: 5, lastFailureAt: at }, at + 4000, policy).decision.waitSeconds).toBe(0);
  });
  it("forgets a record after the quiet period", () => {
    expect(backoffDecision({ failures: 30, lastFailureAt: at }, at + 901_000, policy)).toEqual({ record: null, decision: { failures: 0, waitSeconds: 0 } });
  });
});

describe("decideAll (an organization's and its token's limits in one call)", () => {
  const at = 60_000 * 1000 + 1; // just after a window boundary: the previous window weighs ~nothing
  const org = { policy: "org", limit: 5, windowSeconds: 60 };
  const token = { policy: "token:t1", limit: 2, windowSeconds: 60 };
  it("counts a hit in every window when all allow it", () => {
    const { states, decisions } = decideAll([undefined, undefined], at, [org, token]);
    expect(states.map((s) => s.current)).toEqual([1, 1]);
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([[true, 4], [true, 1]]);
  });
  it("counts a hit nowhere when one refuses: the token over its limit leaves the organization's budget alone", () => {
    const full = { windowStart: 60_000 * 1000, current: 2, previous: 0 };
    const orgState = { windowStart: 60_000 * 1000, current: 3, previous: 0 };
    const { states, decisions } = decideAll([orgState, full], at, [org, token]);
    expect(decisions.map((d) => d.allowed)).toEqual([true, false]);
    expect(states[0]!.current).toBe(3); // not 4
    expect(decisions[0]!.remaining).toBe(2);
    expect(states[1]!.current).toBe(2);
  });
  it("drops windows too old to count", () => {
    const windows = new Map([["token:old", { windowStart: at - STALE_WINDOW_MS, current: 9, previous: 0 }], ["org", { windowStart: at - 60_000, current: 1, previous: 0 }]]);
    expect([...liveWindows(windows, at).keys()]).toEqual(["org"]);
  });
});

describe("unauthenticated routes", () => {
  it("are limited per address and say so in RateLimit headers", async () => {
    const res = await api("/health", { headers: { "cf-connecting-ip": "198.51.100.9" } });
    expect(res.headers.get("ratelimit-policy")).toContain('"public-ip"');
    expect(Number(res.headers.get("ratelimit-remaining"))).toBeGreaterThan(0);
  });

  it("answer 429 past the limit (sign-up, sign-in, invitation accept and health alike)", async () => {
    const tight = deploymentEnv({ RATE_LIMIT_PUBLIC_PER_MINUTE: "3" });
    const statuses: number[] = [];
    for (const path of ["/health", "/auth/login", "/invitations/accept", "/auth/signup"]) {
      const init = path === "/health" ? {} : { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": "2001:db8:5::1" }, body: "{}" };
      statuses.push((await apiUnder(tight, path, { headers: { "cf-connecting-ip": "2001:db8:5::2" }, ...init })).status);
    }
    expect(statuses.slice(0, 3).every((s) => s !== 429)).toBe(true);
    expect(statuses[3]).toBe(429);
  });
});

describe("/health", () => {
  it("does not show the database's raw error text", async () => {
    const secret = "SQLITE_AUTH: no such table internal_billing_shard_7 at 10.2.3.4";
    const broken = deploymentEnv({ DB: { prepare: () => ({ first: async () => { throw new Error(secret); } }), batch: async () => [] } });
    const res = await apiUnder(broken, "/health");
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).not.toContain("internal_billing");
    expect(JSON.parse(text)).toMatchObject({ status: "degraded", checks: { d1: { ok: false, error: "D1 did not answer" } } });
  });
});
