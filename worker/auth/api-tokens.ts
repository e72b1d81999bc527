/**
 * API tokens for automation: `sq_live_<43 base64url chars>` (the prefix makes a leaked token easy
 * to recognise and to scan for). Shown once at creation; D1 keeps only its SHA-256 and a short
 * non-secret prefix for lists. Revocation and expiry take effect on the next request.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { apiTokens, type Role } from "../db/schema.ts";
import { randomToken, sha256 } from "./crypto.ts";

export const TOKEN_PREFIX = "sq_live_";
const TOKEN_PATTERN = /^sq_live_[A-Za-z0-9_-]{43}$/;

export function generateToken(): { token: string; displayPrefix: string } {
  const token = TOKEN_PREFIX + randomToken(32);
  return { token, displayPrefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

export interface ResolvedToken {
  id: string;
  orgId: string;
  name: string;
  role: Role;
  lastUsedAt: number | null;
}

/** The live token for a presented bearer value, or null (unknown, revoked or expired). */
export async function findToken(db: DrizzleD1Database, presented: string, now = Date.now()): Promise<ResolvedToken | null> {
  if (!looksLikeToken(presented)) return null;
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, await sha256(presented)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= now) return null;
  return { id: row.id, orgId: row.orgId, name: row.name, role: row.role, lastUsedAt: row.lastUsedAt?.getTime() ?? null };
}
