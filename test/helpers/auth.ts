// Test helpers for people and tokens: sign up through the real API (confirming the address with
// the link the simulator's mailbox received), or mint a token in D1.
import { exports, env } from "cloudflare:workers";
import { inject } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { apiTokens, memberships, organizations, users, type Role } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import { generateToken } from "../../worker/auth/api-tokens.ts";
import { sha256 } from "../../worker/auth/crypto.ts";
import { hashPassword } from "../../worker/security/password.ts";

export const BASE = "https://snoozeql.test";
export const api = (path: string, init?: RequestInit) => exports.default.fetch(`${BASE}/api/v1${path}`, init);

let counter = 0;
export const uniqueEmail = (tag = "user") => `${tag}-${Date.now()}-${++counter}@example.com`;

export interface SignedIn {
  cookie: string;
  csrf: string;
  orgId: string;
  userId: string;
  email: string;
  /** Headers for a cookie-authenticated request (with CSRF). */
  headers: Record<string, string>;
}

export function sessionFrom(res: Response, body: { csrfToken: string | null; organization: { id: string } | null; user: { id: string; email: string } | null }): SignedIn {
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  return {
    cookie,
    csrf: body.csrfToken!,
    orgId: body.organization?.id ?? "",
    userId: body.user!.id,
    email: body.user!.email,
    headers: { cookie, "x-csrf-token": body.csrfToken!, "content-type": "application/json" },
  };
}

export async function signUp(organization = "Acme", password = "correct horse battery staple"): Promise<SignedIn> {
  const email = uniqueEmail();
  const res = await api("/auth/signup", {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": `10.0.${counter % 250}.${(counter * 7) % 250}` },
    body: JSON.stringify({ email, password, name: "Test Person", organization }),
  });
  if (res.status !== 202) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  return verifyFromMail(email);
}

export interface Mail {
  to: string;
  from: string;
  subject: string;
  text: string;
  tag: string | null;
  links: string[];
}

/** Every email the simulator's mailbox holds for `to`, oldest first. */
export async function mailTo(to: string): Promise<Mail[]> {
  const res = await fetch(`${inject("simUrl")}/__sim/mail?to=${encodeURIComponent(to)}`);
  if (!res.ok) throw new Error(`mailbox: ${res.status} ${await res.text()}`);
  return (await res.json<{ messages: Mail[] }>()).messages;
}

/** The token of the newest link to `path` (e.g. "/verify-email") emailed to `to`. */
export async function tokenFromMail(to: string, path: string): Promise<string> {
  const links = (await mailTo(to)).flatMap((m) => m.links).filter((l) => new URL(l).pathname === path);
  const last = links.at(-1);
  if (!last) throw new Error(`no ${path} link was emailed to ${to}`);
  return new URL(last).searchParams.get("token")!;
}

/** Confirms a new account's address with the emailed link; the answer signs it in. */
export async function verifyFromMail(email: string): Promise<SignedIn> {
  const token = await tokenFromMail(email, "/verify-email");
  const res = await api("/auth/verify-email", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
  if (res.status !== 200) throw new Error(`verify-email failed: ${res.status} ${await res.text()}`);
  return sessionFrom(res, await res.json());
}

/** Adds a new person with `role` to an organization and signs them in. */
export async function memberWithRole(orgId: string, role: Role): Promise<SignedIn> {
  const db = drizzle(env.DB);
  const userId = newId("user");
  const email = uniqueEmail(role);
  const password = "member password 123";
  await db.insert(users).values({ id: userId, email, name: `${role} person`, passwordHash: await hashPassword(password, { N: 1024, r: 8, p: 1 }), emailVerifiedAt: new Date() });
  await db.insert(memberships).values({ orgId, userId, role });
  const res = await api("/auth/login", { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": `10.9.${counter % 250}.1` }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return sessionFrom(res, await res.json());
}

/** Mints an API token straight into D1 (what POST /tokens does) and returns its secret. */
export async function tokenFor(orgId: string, role: Role, overrides: Partial<typeof apiTokens.$inferInsert> = {}): Promise<string> {
  const { token, displayPrefix } = generateToken();
  await drizzle(env.DB).insert(apiTokens).values({ id: newId("apiToken"), orgId, name: `t-${role}-${++counter}`, prefix: displayPrefix, tokenHash: await sha256(token), role, ...overrides });
  return token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

/** An organization with an owner, written straight to D1 (cheap: for tests that act with tokens). */
export async function createOrgDirect(name = "Acme"): Promise<{ orgId: string; userId: string }> {
  const db = drizzle(env.DB);
  const orgId = newId("organization");
  const userId = newId("user");
  await db.insert(organizations).values({ id: orgId, name, slug: `${name.toLowerCase()}-${orgId.slice(-8).toLowerCase()}` });
  await db.insert(users).values({ id: userId, email: uniqueEmail("owner"), name: "Owner", emailVerifiedAt: new Date() });
  await db.insert(memberships).values({ orgId, userId, role: "owner" });
  return { orgId, userId };
}
