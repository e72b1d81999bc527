/**
 * Browser sessions: an opaque random token in an HttpOnly, Secure, SameSite=Lax __Host- cookie;
 * D1 stores only its SHA-256. Limits follow OWASP ASVS 4.0 level 2 (V3.3.2): a session ends 12 hours
 * after sign-in whatever happens (absolute), or after 30 minutes without a request (idle). Tokens
 * rotate: a token older than an hour is replaced on its next use, keeping the session's absolute
 * expiry (rotation never extends a session), and sign-in, password changes and organization
 * switches always issue a new token (no fixation). A person can list their sessions and end any,
 * or all of them.
 *
 * CSRF: cookie-authenticated mutations must send `X-CSRF-Token`, an HMAC of the session id under
 * SESSION_SECRET (given to the SPA by GET /me and login), so another site cannot forge them.
 */
import { and, desc, eq, gt, ne } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { memberships, sessions, users, type Role } from "../db/schema.ts";
import { hmac, randomToken, safeEqual, sha256 } from "./crypto.ts";

// __Host-: only ever set by this origin over HTTPS with Path=/ and no Domain (no subdomain can plant it).
export const SESSION_COOKIE = "__Host-sq_session";
/** Absolute lifetime from sign-in (ASVS L2: re-authenticate at least every 12 hours). */
export const SESSION_TTL_MS = 12 * 3600_000;
/** Idle limit (ASVS L2: 30 minutes of inactivity). */
export const SESSION_IDLE_MS = 30 * 60_000;
/** A token older than this is replaced on its next use (same absolute expiry). */
export const SESSION_ROTATE_MS = 3600_000;

export interface SessionMeta {
  ip: string | null;
  userAgent: string | null;
}

/**
 * A new session token. `expiresAt` carries an existing session's absolute expiry over (rotation,
 * organization switch); without it the session is new and lives SESSION_TTL_MS.
 */
export async function createSession(db: DrizzleD1Database, userId: string, orgId: string | null, meta: SessionMeta, now = Date.now(), expiresAt = now + SESSION_TTL_MS) {
  const token = randomToken();
  const id = await sha256(token);
  await db.insert(sessions).values({
    id,
    userId,
    orgId,
    createdAt: new Date(now),
    expiresAt: new Date(expiresAt),
    lastSeenAt: new Date(now),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 256) ?? null,
  });
  return { token, id, expiresAt };
}

/** Replaces a session's token by a fresh one acting in `orgId`, keeping its absolute expiry. */
export async function rotateSession(db: DrizzleD1Database, session: Pick<ResolvedSession, "id" | "userId" | "expiresAt">, orgId: string | null, meta: SessionMeta, now = Date.now()) {
  const fresh = await createSession(db, session.userId, orgId, meta, now, session.expiresAt);
  await deleteSession(db, session.id);
  return fresh;
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
  expiresAt: number;
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
      expiresAt: sessions.expiresAt,
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
    expiresAt: row.expiresAt.getTime(),
  };
}

/** A person's live sessions (newest first), for "where am I signed in". */
export async function listSessions(db: DrizzleD1Database, userId: string, now = Date.now()) {
  const rows = await db
    .select({ id: sessions.id, orgId: sessions.orgId, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, ip: sessions.ip, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date(now))))
    .orderBy(desc(sessions.createdAt));
  return rows.filter((r) => now - (r.lastSeenAt ?? r.createdAt).getTime() <= SESSION_IDLE_MS);
}

/** Ends every session of a person (sign out everywhere, password change), optionally but one. */
export async function deleteUserSessions(db: DrizzleD1Database, userId: string, exceptId?: string): Promise<void> {
  await db.delete(sessions).where(exceptId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptId)) : eq(sessions.userId, userId));
}

export async function deleteSession(db: DrizzleD1Database, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** The cookie for a session token; it lives until the session's absolute expiry. */
export function sessionCookie(token: string, expiresAt: number, now = Date.now()): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=${Math.max(0, Math.floor((expiresAt - now) / 1000))}`;
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
