/**
 * Browser sessions: an opaque random token in an HttpOnly, Secure, SameSite=Lax cookie; D1
 * stores only its SHA-256. Sessions expire (absolute 14 days, idle 7 days) and rotate: a session
 * older than a day is replaced by a fresh one on its next use, and sign-in, password changes and
 * organization switches always issue a new token (no fixation).
 *
 * CSRF: cookie-authenticated mutations must send `X-CSRF-Token`, an HMAC of the session id under
 * SESSION_SECRET (given to the SPA by GET /me and login), so another site cannot forge them.
 */
import { and, eq, gt } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { memberships, sessions, users, type Role } from "../db/schema.ts";
import { hmac, randomToken, safeEqual, sha256 } from "./crypto.ts";

export const SESSION_COOKIE = "sq_session";
export const SESSION_TTL_MS = 14 * 24 * 3600_000;
export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
export const SESSION_ROTATE_MS = 24 * 3600_000;

export interface SessionMeta {
  ip: string | null;
  userAgent: string | null;
}

export async function createSession(db: DrizzleD1Database, userId: string, orgId: string | null, meta: SessionMeta, now = Date.now()) {
  const token = randomToken();
  const id = await sha256(token);
  await db.insert(sessions).values({
    id,
    userId,
    orgId,
    createdAt: new Date(now),
    expiresAt: new Date(now + SESSION_TTL_MS),
    lastSeenAt: new Date(now),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 256) ?? null,
  });
  return { token, id };
}

export interface ResolvedSession {
  id: string;
  userId: string;
  email: string;
  name: string;
  orgId: string | null;
  role: Role | null;
  createdAt: number;
  lastSeenAt: number | null;
}

/** The live session for a cookie token, with the user's role in the session's organization. */
export async function findSession(db: DrizzleD1Database, token: string, now = Date.now()): Promise<ResolvedSession | null> {
  const id = await sha256(token);
  const [row] = await db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      orgId: sessions.orgId,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      email: users.email,
      name: users.name,
      disabledAt: users.disabledAt,
      role: memberships.role,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, and(eq(memberships.userId, sessions.userId), eq(memberships.orgId, sessions.orgId)))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date(now))));
  if (!row || row.disabledAt) return null;
  const lastSeen = row.lastSeenAt?.getTime() ?? row.createdAt.getTime();
  if (now - lastSeen > SESSION_IDLE_MS) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  return {
    id: row.id,
    userId: row.userId,
    email: row.email,
    name: row.name,
    orgId: row.role ? row.orgId : null,
    role: row.role ?? null,
    createdAt: row.createdAt.getTime(),
    lastSeenAt: row.lastSeenAt?.getTime() ?? null,
  };
}

export async function deleteSession(db: DrizzleD1Database, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export function sessionCookie(token: string, maxAgeMs = SESSION_TTL_MS): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=${Math.floor(maxAgeMs / 1000)}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`;
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=") || null;
  }
  return null;
}

export function csrfToken(sessionSecret: string, sessionId: string): Promise<string> {
  return hmac(sessionSecret, `csrf:${sessionId}`);
}

export async function csrfValid(sessionSecret: string, sessionId: string, presented: string | undefined): Promise<boolean> {
  if (!presented) return false;
  return safeEqual(await csrfToken(sessionSecret, sessionId), presented);
}
