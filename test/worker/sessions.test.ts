// Sessions end when they should: rotation keeps the absolute expiry (a session used every hour
// still ends 12 hours after sign-in), the ASVS level 2 limits (12 h absolute, 30 min idle), and a
// person can see their sessions and sign out everywhere.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { memberships, sessions } from "../../worker/db/schema.ts";
import { sha256 } from "../../worker/auth/crypto.ts";
import { SESSION_IDLE_MS, SESSION_ROTATE_MS, SESSION_TTL_MS } from "../../worker/auth/sessions.ts";
import { api, sessionFrom, signUp } from "../helpers/auth.ts";

const db = () => drizzle(env.DB);
const tokenOf = (cookie: string) => cookie.split("=").slice(1).join("=");
const HOUR = 3600_000;

describe("session limits (OWASP ASVS 4.0 level 2, V3.3.2)", () => {
  it("are 12 hours absolute and 30 minutes idle, with rotation inside both", () => {
    expect(SESSION_TTL_MS).toBe(12 * HOUR);
    expect(SESSION_IDLE_MS).toBe(30 * 60_000);
    expect(SESSION_ROTATE_MS).toBeLessThan(SESSION_TTL_MS);
  });

  it("rotation issues a new token but keeps the absolute expiry, so a session in use still ends", async () => {
    const person = await signUp("Rotation");
    const id = await sha256(tokenOf(person.cookie));
    const now = Date.now();
    const expiresAt = new Date(now + 2 * HOUR);
    // Signed in 10 hours ago, active a minute ago: the next request rotates the token.
    await db().update(sessions).set({ createdAt: new Date(now - 10 * HOUR), lastSeenAt: new Date(now - 60_000), expiresAt }).where(eq(sessions.id, id));

    const rotated = await api("/me", { headers: { cookie: person.cookie } });
    expect(rotated.status).toBe(200);
    const setCookie = rotated.headers.get("set-cookie")!;
    const fresh = setCookie.split(";")[0]!;
    expect(fresh).not.toBe(person.cookie);
    const maxAge = Number(/Max-Age=(\d+)/.exec(setCookie)![1]);
    expect(maxAge).toBeGreaterThan(2 * 3600 - 60);
    expect(maxAge).toBeLessThanOrEqual(2 * 3600);
    const [row] = await db().select().from(sessions).where(eq(sessions.id, await sha256(tokenOf(fresh))));
    expect(row!.expiresAt.getTime()).toBe(expiresAt.getTime());
    expect((await api("/me", { headers: { cookie: person.cookie } })).status).toBe(401); // the old token is gone

    // Past the absolute expiry the rotated session is over, however recently it was used.
    await db().update(sessions).set({ expiresAt: new Date(Date.now() - 1000), lastSeenAt: new Date() }).where(eq(sessions.id, row!.id));
    expect((await api("/me", { headers: { cookie: fresh } })).status).toBe(401);
  });

  it("switching organization keeps the absolute expiry too", async () => {
    const person = await signUp("First org");
    const id = await sha256(tokenOf(person.cookie));
    const expiresAt = new Date(Date.now() + HOUR);
    await db().update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
    const other = await signUp("Other");
    await db().insert(memberships).values({ orgId: other.orgId, userId: person.userId, role: "viewer" });

    const switched = await api("/auth/switch-organization", { method: "POST", headers: person.headers, body: JSON.stringify({ organizationId: other.orgId }) });
    expect(switched.status).toBe(200);
    const fresh = switched.headers.get("set-cookie")!.split(";")[0]!;
    const [row] = await db().select().from(sessions).where(eq(sessions.id, await sha256(tokenOf(fresh))));
    expect(row!.expiresAt.getTime()).toBe(expiresAt.getTime());
  });

  it("ends a session idle for more than 30 minutes", async () => {
    const person = await signUp("Idle");
    const id = await sha256(tokenOf(person.cookie));
    await db().update(sessions).set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) }).where(eq(sessions.id, id));
    expect((await api("/me", { headers: { cookie: person.cookie } })).status).toBe(401);
  });
});

describe("my sessions", () => {
  async function secondLogin(email: string, ip: string) {
    const res = await api("/auth/login", { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": ip, "user-agent": "Second browser" }, body: JSON.stringify({ email, password: "correct horse battery staple" }) });
    expect(res.status).toBe(200);
    return sessionFrom(res, await res.json());
  }

  it("lists where I am signed in, marks this browser, and never shows session ids", async () => {
    const person = await signUp("Sessions");
    const other = await secondLogin(person.email, "10.66.0.2");
    const res = await api("/auth/sessions", { headers: { cookie: person.cookie } });
    expect(res.status).toBe(200);
    const body = await res.json<{ items: { handle: string; current: boolean; userAgent: string | null; expiresAt: string }[]; limits: { absoluteSeconds: number; idleSeconds: number } }>();
    expect(body.items).toHaveLength(2);
    expect(body.items.filter((s) => s.current)).toHaveLength(1);
    expect(body.items.map((s) => s.userAgent)).toContain("Second browser");
    expect(body.limits).toEqual({ absoluteSeconds: 12 * 3600, idleSeconds: 1800 });
    const text = JSON.stringify(body);
    for (const cookie of [person.cookie, other.cookie]) {
      expect(text).not.toContain(tokenOf(cookie));
      expect(text).not.toContain(await sha256(tokenOf(cookie)));
    }
  });

  it("signs out every other session, or every session", async () => {
    const person = await signUp("Everywhere");
    const other = await secondLogin(person.email, "10.66.0.3");
    const others = await api("/auth/sessions/sign-out-everywhere", { method: "POST", headers: person.headers, body: JSON.stringify({ keepCurrent: true }) });
    expect(others.status).toBe(204);
    expect((await api("/me", { headers: { cookie: other.cookie } })).status).toBe(401);
    expect((await api("/me", { headers: { cookie: person.cookie } })).status).toBe(200);

    const third = await secondLogin(person.email, "10.66.0.4");
    const all = await api("/auth/sessions/sign-out-everywhere", { method: "POST", headers: third.headers, body: JSON.stringify({}) });
    expect(all.status).toBe(204);
    expect(all.headers.get("set-cookie")).toContain("Max-Age=0");
    for (const cookie of [person.cookie, third.cookie]) expect((await api("/me", { headers: { cookie } })).status).toBe(401);
  });

  it("needs the CSRF token like every cookie mutation", async () => {
    const person = await signUp("Csrf");
    const res = await api("/auth/sessions/sign-out-everywhere", { method: "POST", headers: { cookie: person.cookie, "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(403);
  });
});
