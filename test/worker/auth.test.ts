// People sign up, sign in and out safely: hashed passwords, HttpOnly/Secure/SameSite session
// cookies, CSRF on cookie mutations, rotation on sign-in and password change, throttled sign-in.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { sessions, users } from "../../worker/db/schema.ts";
import { api, mailTo, memberWithRole, sessionFrom, signUp, tokenFromMail, uniqueEmail } from "../helpers/auth.ts";

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

describe("sign up", () => {
  it("creates the person and an organization they own, and signs in only through the emailed link, with a secure session", async () => {
    const email = uniqueEmail();
    const res = await api("/auth/signup", json({ email: email.toUpperCase(), password: "correct horse battery staple", name: "Ada", organization: "Engines" }));
    expect(res.status).toBe(202);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect((await mailTo(email)).map((m) => m.subject)).toEqual(["Confirm your email for SnoozeQL"]);

    const verified = await api("/auth/verify-email", json({ token: await tokenFromMail(email, "/verify-email") }));
    expect(verified.status).toBe(200);
    const cookie = verified.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-sq_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Lax");
    const body = await verified.json<any>();
    expect(body).toMatchObject({ kind: "user", user: { email }, role: "owner", organization: { name: "Engines", role: "owner" } });
    expect(body.organizations).toHaveLength(1);

    const [user] = await drizzle(env.DB).select().from(users).where(eq(users.email, email));
    expect(user!.passwordHash).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(user!.passwordHash).not.toContain("correct horse");
    const token = cookie.split(";")[0]!.split("=")[1]!;
    const rows = await drizzle(env.DB).select().from(sessions).where(eq(sessions.userId, user!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toBe(token); // only the hash is stored
  });

  it("refuses weak input with field errors", async () => {
    const weak = await api("/auth/signup", json({ email: "not-an-email", password: "short", name: "", organization: "Y" }));
    expect(weak.status).toBe(400);
    const problem = await weak.json<any>();
    expect(problem.errors.map((e: any) => e.path).sort()).toEqual(["email", "name", "password"]);
  });
});

describe("sign in and out", () => {
  it("signs in with the right password, answers /me, and signs out", async () => {
    const me = await signUp("Org A", "a long enough password");
    const wrong = await api("/auth/login", json({ email: me.email, password: "nope" }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ detail: "Email or password is wrong." });
    const unknown = await api("/auth/login", json({ email: uniqueEmail("ghost"), password: "nope" }));
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ detail: "Email or password is wrong." });

    const ok = await api("/auth/login", json({ email: me.email, password: "a long enough password" }));
    expect(ok.status).toBe(200);
    const session = sessionFrom(ok, await ok.json());
    expect(session.cookie).not.toBe(me.cookie); // a new token on every sign-in

    const who = await api("/me", { headers: { cookie: session.cookie } });
    expect(who.status).toBe(200);
    expect(await who.json()).toMatchObject({ user: { email: me.email }, organization: { id: me.orgId }, role: "owner" });

    const out = await api("/auth/logout", { method: "POST", headers: session.headers });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await api("/me", { headers: { cookie: session.cookie } })).status).toBe(401);
  });

  it("requires the CSRF token for cookie-authenticated mutations", async () => {
    const me = await signUp();
    const noCsrf = await api("/auth/logout", { method: "POST", headers: { cookie: me.cookie } });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.json()).toMatchObject({ type: "https://snoozeql.dev/problems/csrf", detail: expect.stringContaining("X-CSRF-Token") });
    const forged = await api("/auth/logout", { method: "POST", headers: { cookie: me.cookie, "x-csrf-token": "forged" } });
    expect(forged.status).toBe(403);
    expect((await api("/me", { headers: { cookie: me.cookie } })).status).toBe(200);
  });

  it("answers 401 problems to anonymous callers", async () => {
    const res = await api("/me");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("holds back an address that keeps failing for an account (backoff with Retry-After)", { timeout: 20_000 }, async () => {
    const me = await signUp();
    const statuses: number[] = [];
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await api("/auth/login", json({ email: me.email, password: `guess-${i}` }, { "cf-connecting-ip": "192.0.2.10" }));
      statuses.push(res.status);
      if (res.status === 429) {
        waits.push(Number(res.headers.get("retry-after")));
        expect(await res.json()).toMatchObject({ title: "Too many requests", status: 429 });
      }
    }
    // Three free failures, then the backoff: every further attempt must wait.
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    expect(waits.every((w) => w > 0)).toBe(true);
  });

  it("never locks the person out: someone else's failures from many addresses do not stop the right password", { timeout: 30_000 }, async () => {
    const me = await signUp("Victim", "the victim's passphrase");
    for (let i = 0; i < 12; i++) {
      const res = await api("/auth/login", json({ email: me.email, password: `guess-${i}` }, { "cf-connecting-ip": `203.0.113.${i}` }));
      expect(res.status).toBe(401);
    }
    // An address that failed is held back by the account-wide backoff...
    const attacker = await api("/auth/login", json({ email: me.email, password: "guess-again" }, { "cf-connecting-ip": "203.0.113.3" }));
    expect(attacker.status).toBe(429);
    // ...the person from their own address signs in at once.
    const victim = await api("/auth/login", json({ email: me.email, password: "the victim's passphrase" }, { "cf-connecting-ip": "198.51.100.200" }));
    expect(victim.status).toBe(200);
  });

  it("keys IPv6 clients by their /64: rotating addresses inside it does not escape the limit", { timeout: 20_000 }, async () => {
    let last = 0;
    for (let i = 0; i < 16; i++) {
      last = (await api("/auth/login", json({ email: uniqueEmail("v6"), password: "x" }, { "cf-connecting-ip": `2001:db8:abcd:12::${(i + 1).toString(16)}` }))).status;
    }
    expect(last).toBe(429);
    const neighbour = await api("/auth/login", json({ email: uniqueEmail("v6"), password: "x" }, { "cf-connecting-ip": "2001:db8:abcd:13::1" }));
    expect(neighbour.status).toBe(401);
  });

  it("throttles sign-in attempts per IP across accounts", { timeout: 20_000 }, async () => {
    const ip = "198.51.100.77";
    let last = 0;
    // The test environment lowers the per-IP limit to 15 (vitest.config.ts); production allows 50.
    for (let i = 0; i < 16; i++) {
      last = (await api("/auth/login", json({ email: uniqueEmail("spray"), password: "x" }, { "cf-connecting-ip": ip }))).status;
    }
    expect(last).toBe(429);
  });
});

describe("password change", () => {
  it("signs out other sessions and keeps this one working", async () => {
    const me = await signUp("Org", "the first password!");
    const other = sessionFrom(
      ...(await (async () => {
        const r = await api("/auth/login", json({ email: me.email, password: "the first password!" }));
        return [r, await r.json<any>()] as const;
      })()),
    );
    const wrong = await api("/auth/password", { method: "POST", headers: me.headers, body: JSON.stringify({ currentPassword: "nope", newPassword: "the second password!" }) });
    expect(wrong.status).toBe(400);
    const res = await api("/auth/password", { method: "POST", headers: me.headers, body: JSON.stringify({ currentPassword: "the first password!", newPassword: "the second password!" }) });
    expect(res.status).toBe(200);
    const fresh = sessionFrom(res, await res.json());
    expect((await api("/me", { headers: { cookie: other.cookie } })).status).toBe(401);
    expect((await api("/me", { headers: { cookie: me.cookie } })).status).toBe(401);
    expect((await api("/me", { headers: { cookie: fresh.cookie } })).status).toBe(200);
    expect((await api("/auth/login", json({ email: me.email, password: "the second password!" }))).status).toBe(200);
  });
});

describe("several organizations", () => {
  it("lets a person switch to another organization they belong to, and no other", async () => {
    const owner = await signUp("First");
    const second = await signUp("Second");
    const viewer = await memberWithRole(second.orgId, "viewer");
    // viewer also joins First as operator
    await drizzle(env.DB).insert((await import("../../worker/db/schema.ts")).memberships).values({ orgId: owner.orgId, userId: viewer.userId, role: "operator" });

    const me = await (await api("/me", { headers: { cookie: viewer.cookie } })).json<any>();
    expect(me.organizations.map((o: any) => o.id).sort()).toEqual([owner.orgId, second.orgId].sort());

    const switched = await api("/auth/switch-organization", { method: "POST", headers: viewer.headers, body: JSON.stringify({ organizationId: owner.orgId }) });
    expect(switched.status).toBe(200);
    const switchedBody = await switched.json<any>();
    expect(switchedBody).toMatchObject({ organization: { id: owner.orgId }, role: "operator" });
    // Switching issues a new session; the old cookie no longer works.
    const now = sessionFrom(switched, switchedBody);
    expect((await api("/me", { headers: { cookie: viewer.cookie } })).status).toBe(401);

    const stranger = await signUp("Stranger");
    const refused = await api("/auth/switch-organization", { method: "POST", headers: now.headers, body: JSON.stringify({ organizationId: stranger.orgId }) });
    expect(refused.status).toBe(404);
  });
});
