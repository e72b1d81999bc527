// Email: sign-up reveals nothing about which addresses have accounts, a new account signs in only
// through the link mailed to it, reset links work once within 30 minutes and end every session,
// and invitations reach the invitee's mailbox — all read from the simulator's mailbox, the mail
// the provider's API (Postmark's shape) actually received.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { emailTokens, sessions, users } from "../../worker/db/schema.ts";
import { sha256 } from "../../worker/auth/crypto.ts";
import { mailApiBase } from "../../worker/mail/transport.ts";
import { readEnv } from "../../worker/env.ts";
import { deploymentEnv } from "../helpers/deployment.ts";
import { api, mailTo, signUp, tokenFromMail, uniqueEmail } from "../helpers/auth.ts";

let caller = 0;
// Each request from its own address, so the sign-in throttle (15 per address in tests) stays out of the way.
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  api(path, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": `10.61.${++caller >> 8}.${caller & 255}`, ...headers }, body: JSON.stringify(body) });
const db = () => drizzle(env.DB);
const PASSWORD = "correct horse battery staple";

/** What a caller can observe of an answer, minus what varies per request (ids, rate-limit counters). */
async function observable(res: Response) {
  const headers = [...res.headers.entries()].filter(([k]) => !/^(x-request-id|ratelimit|x-ratelimit|date)/.test(k)).sort();
  return { status: res.status, headers, body: await res.text() };
}

describe("sign-up does not tell whether an address has an account", () => {
  it("answers an existing address exactly as a new one, and mails the owner instead of changing anything", async () => {
    const owner = await signUp("Taken");
    const [before] = await db().select().from(users).where(eq(users.id, owner.userId));
    const fresh = uniqueEmail("fresh");

    const forNew = await observable(await post("/auth/signup", { email: fresh, password: PASSWORD, name: "New", organization: "New Co" }, { "cf-connecting-ip": "10.60.0.1" }));
    const forExisting = await observable(await post("/auth/signup", { email: owner.email, password: "another password entirely", name: "Intruder", organization: "Intruder Co" }, { "cf-connecting-ip": "10.60.0.2" }));
    expect(forExisting).toEqual(forNew);
    expect(forNew.status).toBe(202);
    expect(forNew.headers.some(([k]) => k === "set-cookie")).toBe(false);

    const ownerMail = await mailTo(owner.email);
    expect(ownerMail.at(-1)!.subject).toBe("Someone tried to sign up to SnoozeQL with your address");
    expect(ownerMail.at(-1)!.links.map((l) => new URL(l).pathname)).toEqual(["/login", "/forgot-password"]);
    const [after] = await db().select().from(users).where(eq(users.id, owner.userId));
    expect(after).toEqual(before); // same name, same password hash
    expect((await mailTo(fresh)).map((m) => m.subject)).toEqual(["Confirm your email for SnoozeQL"]);
  });

  it("forgot-password answers the same for an unknown address, and mails only a real one", async () => {
    const person = await signUp("Forgetful");
    const ghost = uniqueEmail("ghost");
    const known = await observable(await post("/auth/password/forgot", { email: person.email }));
    const unknown = await observable(await post("/auth/password/forgot", { email: ghost }));
    expect(unknown).toEqual(known);
    expect(known.status).toBe(202);
    expect((await mailTo(person.email)).at(-1)!.subject).toBe("Reset your SnoozeQL password");
    expect(await mailTo(ghost)).toEqual([]);
  });
});

describe("a new account must confirm its address", () => {
  it("gets no session before opening the emailed link, even with the right password", async () => {
    const email = uniqueEmail("unconfirmed");
    expect((await post("/auth/signup", { email, password: PASSWORD, name: "U", organization: "U Co" })).status).toBe(202);
    const early = await post("/auth/login", { email, password: PASSWORD });
    expect(early.status).toBe(403);
    expect(early.headers.get("set-cookie")).toBeNull();
    expect(await db().select().from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(users.email, email))).toEqual([]);

    const verified = await post("/auth/verify-email", { token: await tokenFromMail(email, "/verify-email") });
    expect(verified.status).toBe(200);
    expect((await post("/auth/login", { email, password: PASSWORD })).status).toBe(200);
  });

  it("signing up again before confirming mails a new link and the old one stops working", async () => {
    const email = uniqueEmail("again");
    await post("/auth/signup", { email, password: PASSWORD, name: "A", organization: "A Co" });
    const first = await tokenFromMail(email, "/verify-email");
    await post("/auth/signup", { email, password: PASSWORD, name: "A", organization: "A Co" });
    const second = await tokenFromMail(email, "/verify-email");
    expect(second).not.toBe(first);
    expect((await post("/auth/verify-email", { token: first })).status).toBe(400);
    expect((await post("/auth/verify-email", { token: second })).status).toBe(200);
    expect((await post("/auth/verify-email", { token: second })).status).toBe(400); // once only
  });
});

describe("password reset", () => {
  async function resetLink(email: string) {
    expect((await post("/auth/password/forgot", { email })).status).toBe(202);
    return tokenFromMail(email, "/reset-password");
  }

  it("sets the new password, ends every session, and the link works once", async () => {
    const person = await signUp("Reset");
    const second = await post("/auth/login", { email: person.email, password: PASSWORD });
    const secondCookie = second.headers.get("set-cookie")!.split(";")[0]!;
    expect((await api("/me", { headers: { cookie: person.cookie } })).status).toBe(200);

    const token = await resetLink(person.email);
    const [row] = await db().select().from(emailTokens).where(eq(emailTokens.tokenHash, await sha256(token)));
    expect(row).toMatchObject({ purpose: "reset_password", userId: person.userId }); // stored only as its hash
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(30 * 60_000);

    const reset = await post("/auth/password/reset", { token, password: "a brand new passphrase" });
    expect(reset.status).toBe(204);
    for (const cookie of [person.cookie, secondCookie]) expect((await api("/me", { headers: { cookie } })).status).toBe(401);
    expect(await db().select().from(sessions).where(eq(sessions.userId, person.userId))).toEqual([]);
    expect((await post("/auth/login", { email: person.email, password: PASSWORD })).status).toBe(401);
    expect((await post("/auth/login", { email: person.email, password: "a brand new passphrase" })).status).toBe(200);

    const reuse = await post("/auth/password/reset", { token, password: "an attacker's passphrase" });
    expect(reuse.status).toBe(400);
    expect(reuse.headers.get("content-type")).toContain("application/problem+json");
    expect((await post("/auth/login", { email: person.email, password: "a brand new passphrase" })).status).toBe(200);
  });

  it("refuses an expired link", async () => {
    const person = await signUp("Late");
    const token = await resetLink(person.email);
    await db().update(emailTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(emailTokens.tokenHash, await sha256(token)));
    expect((await post("/auth/password/reset", { token, password: "a brand new passphrase" })).status).toBe(400);
    expect((await post("/auth/login", { email: person.email, password: PASSWORD })).status).toBe(200);
  });

  it("a verification link cannot reset a password (tokens are for one purpose)", async () => {
    const email = uniqueEmail("purpose");
    await post("/auth/signup", { email, password: PASSWORD, name: "P", organization: "P Co" });
    const verifyToken = await tokenFromMail(email, "/verify-email");
    expect((await post("/auth/password/reset", { token: verifyToken, password: "a brand new passphrase" })).status).toBe(400);
  });
});

describe("invitations", () => {
  it("are emailed to the invitee with their link, which joins the organization", async () => {
    const owner = await signUp("Inviting Co");
    const invitee = uniqueEmail("invitee");
    const res = await post("/invitations", { email: invitee, role: "operator" }, owner.headers);
    expect(res.status).toBe(201);
    const created = await res.json<{ link: string; emailed: boolean }>();
    expect(created.emailed).toBe(true);
    const [mail] = await mailTo(invitee);
    expect(mail!.subject).toBe("You are invited to Inviting Co on SnoozeQL");
    expect(mail!.links).toEqual([created.link]);

    const accepted = await post("/invitations/accept", { token: new URL(mail!.links[0]!).searchParams.get("token"), name: "Invitee", password: PASSWORD });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ role: "operator", organization: { id: owner.orgId } });
    // The emailed link proved the address: the new account signs in.
    expect((await post("/auth/login", { email: invitee, password: PASSWORD })).status).toBe(200);
  });
});

describe("the mail provider's base URL", () => {
  it("is deployment configuration held to the outbound-URL rules outside development", () => {
    expect(mailApiBase({ APP_ENV: "production" })).toEqual({ ok: true, base: "https://api.postmarkapp.com" });
    expect(mailApiBase({ APP_ENV: "production", MAIL_API_BASE_URL: "http://127.0.0.1:8788/postmark" }).ok).toBe(false);
    expect(mailApiBase({ APP_ENV: "production", MAIL_API_BASE_URL: "https://10.0.0.1/" }).ok).toBe(false);
    expect(mailApiBase({ APP_ENV: "test", MAIL_API_BASE_URL: "http://127.0.0.1:8788/postmark" }).ok).toBe(true);
    expect(mailApiBase({ APP_ENV: "test", MAIL_API_BASE_URL: "http://10.0.0.1/postmark" }).ok).toBe(false);
  });

  it("a production Worker refuses to start without mail, or with a provider URL that is not public https", () => {
    const production = (extra: Record<string, unknown>) => deploymentEnv({ APP_ENV: "production", SNOOZEQL_AWS_PRINCIPAL_ARN: "arn:aws:iam::210987654321:role/snoozeql", ...extra });
    expect(readEnv(production({})).APP_ENV).toBe("production");
    expect(() => readEnv(production({ MAIL_API_TOKEN: undefined }))).toThrow(/MAIL_API_TOKEN/);
    expect(() => readEnv(production({ MAIL_FROM: undefined }))).toThrow(/MAIL_FROM/);
    expect(() => readEnv(production({ MAIL_API_BASE_URL: "http://127.0.0.1:8788/postmark" }))).toThrow(/MAIL_API_BASE_URL/);
  });
});
