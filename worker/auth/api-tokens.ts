/**
 * API tokens for automation: `sq_live_<43 base64url chars>` (the prefix makes a leaked token easy
 * to recognise and to scan for). Shown once at creation; D1 keeps only its SHA-256 and a short
 * non-secret prefix for lists. Revocation and expiry take effect on the next request.
 *
 * A token never outlives its creator's access: at every request it acts with the lower of its own
 * role and its creator's current role in the organization, and it stops working when the creator
 * is no longer a member (removing a member also revokes their tokens) or is disabled. Tokens
 * without a recorded creator (made by an operator directly in D1) act with their own role.
 */
import { and, eq, isNull } from "drizzle-orm";
import { ROLE_RANK } from "./permissions.ts";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { apiTokens, memberships, users, type Role } from "../db/schema.ts";
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
  /** The role it acts with now: min(its role, its creator's current role). */
  role: Role;
  /** The person who created it (directly, or through a token of theirs); null if unrecorded. */
  creatorUserId: string | null;
  lastUsedAt: number | null;
}

/** The lower of two roles. */
export function lowerRole(a: Role, b: Role): Role {
  return ROLE_RANK[a] <= ROLE_RANK[b] ? a : b;
}

/** The live token for a presented bearer value, or null (unknown, revoked or expired). */
export async function findToken(db: DrizzleD1Database, presented: string, now = Date.now()): Promise<ResolvedToken | null> {
  if (!looksLikeToken(presented)) return null;
  const [found] = await db
    .select({ token: apiTokens, creatorRole: memberships.role, creatorDisabledAt: users.disabledAt })
    .from(apiTokens)
    .leftJoin(memberships, and(eq(memberships.orgId, apiTokens.orgId), eq(memberships.userId, apiTokens.createdByUserId)))
    .leftJoin(users, eq(users.id, apiTokens.createdByUserId))
    .where(and(eq(apiTokens.tokenHash, await sha256(presented)), isNull(apiTokens.revokedAt)));
  if (!found) return null;
  const row = found.token;
  if (row.expiresAt && row.expiresAt.getTime() <= now) return null;
  let role = row.role;
  if (row.createdByUserId) {
    if (!found.creatorRole || found.creatorDisabledAt) return null; // the creator has lost access
    role = lowerRole(row.role, found.creatorRole);
  }
  return { id: row.id, orgId: row.orgId, name: row.name, role, creatorUserId: row.createdByUserId, lastUsedAt: row.lastUsedAt?.getTime() ?? null };
}
