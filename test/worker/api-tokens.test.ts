// API tokens: shown once, stored as a hash, revocation and expiry immediate, role-bounded,
// rate-limited per token (429 with Retry-After and RateLimit headers).
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { apiTokens } from "../../worker/db/schema.ts";
import { sha256 } from "../../worker/auth/crypto.ts";
import { api, bearer, memberWithRole, signUp, tokenFor } from "../helpers/auth.ts";

async function createToken(headers: Record<string, string>, body: unknown) {
  return api("/tokens", { method: "POST", headers, body: JSON.stringify(body) });
}

describe("API tokens", () => {
  it("shows the secret once and stores only its hash", async () => {
    const owner = await signUp();
    const res = await createToken(owner.headers, { name: "ci", role: "operator" });
    expect(res.status).toBe(201);
    const created = await res.json<any>();
    expect(created.token).toMatch(/^sq_live_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 14));

    const [row] = await drizzle(env.DB).select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row!.tokenHash).toBe(await sha256(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);

    const list = await (await api("/tokens", { headers: owner.headers })).json<any>();
    const listed = list.data.find((t: any) => t.id === created.id);
    expect(listed).toMatchObject({ name: "ci", role: "operator", prefix: created.prefix, lastUsedAt: null });
    expect(JSON.stringify(list)).not.toContain(created.token);
    expect(listed.token).toBeUndefined();
  });

  it("works as a bearer token within its role and records its last use", async () => {
    const owner = await signUp();
    const { token, id } = await (await createToken(owner.headers, { name: "reader", role: "viewer" })).json<any>();
    const me = await api("/me", { headers: bearer(token) });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ kind: "api_token", token: { id, name: "reader" }, role: "viewer", organization: { id: owner.orgId } });
    expect((await api("/tokens", { headers: bearer(token) })).status).toBe(403);
    const [row] = await drizzle(env.DB).select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row!.lastUsedAt).not.toBeNull();
  });

  it("is refused at once after revocation", async () => {
    const owner = await signUp();
    const { token, id } = await (await createToken(owner.headers, { name: "temp", role: "viewer" })).json<any>();
    expect((await api("/me", { headers: bearer(token) })).status).toBe(200);
    expect((await api(`/tokens/${id}`, { method: "DELETE", headers: owner.headers })).status).toBe(204);
    const refused = await api("/me", { headers: bearer(token) });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ detail: "The API token is unknown, revoked or expired." });
    expect((await api(`/tokens/${id}`, { method: "DELETE", headers: owner.headers })).status).toBe(404);
  });

  it("is refused once expired, and cannot be created already expired", async () => {
    const org = await signUp();
    const expired = await tokenFor(org.orgId, "viewer", { expiresAt: new Date(Date.now() - 1000) });
    expect((await api("/me", { headers: bearer(expired) })).status).toBe(401);
    const past = await createToken(org.headers, { name: "old", role: "viewer", expiresAt: "2020-01-01T00:00:00Z" });
    expect(past.status).toBe(400);
    expect(await past.json()).toMatchObject({ errors: [{ path: "expiresAt" }] });
  });

  it("cannot be created with a role above the creator's", async () => {
    const org = await signUp();
    const admin = await memberWithRole(org.orgId, "admin");
    expect((await createToken(admin.headers, { name: "x", role: "owner" })).status).toBe(403);
    expect((await createToken(admin.headers, { name: "x", role: "admin" })).status).toBe(201);
  });

  it("rejects malformed bearer values with 401, not 500", async () => {
    for (const value of ["Bearer", "Bearer sq_live_short", "Basic abc", "Bearer " + "x".repeat(5000)]) {
      const res = await api("/me", { headers: { authorization: value } });
      expect(res.status, value.slice(0, 20)).toBe(401);
    }
  });

  it("is rate limited per token with 429, Retry-After and RateLimit headers", async () => {
    const org = await signUp();
    const token = await tokenFor(org.orgId, "viewer");
    let last: Response | undefined;
    const remaining: number[] = [];
    for (let i = 0; i < 41; i++) {
      last = await api("/accounts", { headers: bearer(token) });
      remaining.push(Number(last.headers.get("ratelimit-remaining")));
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(last!.headers.get("ratelimit-limit")).toBe("40");
    expect(last!.headers.get("ratelimit-policy")).toBe('"token";q=40;w=60');
    expect(await last!.json()).toMatchObject({ status: 429, title: "Too many requests" });
    expect(remaining[0]).toBe(39);
    expect(remaining[38]).toBe(1);
    // Another token of the same organization is not affected.
    expect((await api("/accounts", { headers: bearer(await tokenFor(org.orgId, "viewer")) })).status).toBe(200);
  });

  it("limits the organization as a whole across its tokens", { timeout: 30_000 }, async () => {
    const org = await signUp();
    // Tests lower the organization limit to 150/min (vitest.config.ts); production allows 3,000.
    const tokens = await Promise.all(Array.from({ length: 5 }, () => tokenFor(org.orgId, "viewer")));
    const statuses: number[] = [];
    for (let i = 0; i < 150; i++) statuses.push((await api("/accounts", { headers: bearer(tokens[i % 5]!) })).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const refused = await api("/accounts", { headers: bearer(tokens[0]!) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit-policy")).toBe('"org";q=150;w=60');
  });

  it("does not charge the organization for requests its token's own limit refused", { timeout: 30_000 }, async () => {
    const org = await signUp();
    // Tests: token 40/min, organization 150/min. One token spends its 40, then is refused 30 times.
    const greedy = await tokenFor(org.orgId, "viewer");
    for (let i = 0; i < 40; i++) expect((await api("/accounts", { headers: bearer(greedy) })).status).toBe(200);
    for (let i = 0; i < 30; i++) expect((await api("/accounts", { headers: bearer(greedy) })).status).toBe(429);
    // The organization has used 40, not 70: the other tokens get the remaining 110 (were the
    // refusals counted, the last 30 of these would be refused).
    const others = await Promise.all(Array.from({ length: 3 }, () => tokenFor(org.orgId, "viewer")));
    const statuses: number[] = [];
    for (let i = 0; i < 110; i++) statuses.push((await api("/accounts", { headers: bearer(others[i % 3]!) })).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const refused = await api("/accounts", { headers: bearer(others[0]!) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit-policy")).toBe('"org";q=150;w=60');
  });
});
