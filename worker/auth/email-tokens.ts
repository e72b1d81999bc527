/**
 * Single-use secrets sent by email: address verification (24 hours) and password reset (30
 * minutes). The token is random; D1 keeps only its SHA-256 (like sessions and API tokens), and a
 * token is spent by one conditional UPDATE, so of two concurrent uses exactly one wins.
 *
 * Also owns the origin links in emails point at: PUBLIC_URL when configured, the request's own
 * origin otherwise (development, tests).
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Env } from "../env.ts";
import { emailTokens } from "../db/schema.ts";
import { randomToken, sha256 } from "./crypto.ts";

export type EmailTokenPurpose = (typeof emailTokens.$inferSelect)["purpose"];

export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  verify_email: 24 * 3600_000,
  reset_password: 30 * 60_000,
};

/** A new token for `userId`; earlier unspent tokens of the same purpose stop working. */
export async function issueEmailToken(db: DrizzleD1Database, userId: string, purpose: EmailTokenPurpose, now = Date.now()): Promise<string> {
  const token = randomToken();
  await db.batch([
    db.update(emailTokens).set({ usedAt: new Date(now) }).where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt))),
    db.insert(emailTokens).values({ tokenHash: await sha256(token), userId, purpose, createdAt: new Date(now), expiresAt: new Date(now + EMAIL_TOKEN_TTL_MS[purpose]) }),
  ]);
  return token;
}

/** Spends a token: the user it was for, or null when it is unknown, used, expired or for another purpose. */
export async function consumeEmailToken(db: DrizzleD1Database, token: string, purpose: EmailTokenPurpose, now = Date.now()): Promise<string | null> {
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: new Date(now) })
    .where(and(eq(emailTokens.tokenHash, await sha256(token)), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, new Date(now))))
    .returning({ userId: emailTokens.userId });
  return row?.userId ?? null;
}

/** The dashboard origin for links in emails. */
export function linkOrigin(env: Pick<Env, "PUBLIC_URL">, requestUrl: string): string {
  return (env.PUBLIC_URL ?? new URL(requestUrl).origin).replace(/\/+$/, "");
}
