/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): each request carries
 * `webhook-id` (stable per delivery, so receivers can drop repeats), `webhook-timestamp` (Unix
 * seconds) and `webhook-signature`: space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`,
 * one per secret that is currently valid — during a rotation both the old and the new secret sign,
 * so a receiver holding either one verifies.
 *
 * Secrets are `whsec_` + base64 of 32 random bytes; the HMAC key is the decoded bytes.
 * Pure (WebCrypto only). Never logs or returns a secret beyond `newWebhookSecret`'s caller.
 */
import { constantTimeEqual, fromBase64, toBase64 } from "../security/password.ts";

export const SECRET_PREFIX = "whsec_";
/** How far a timestamp may be from the receiver's clock before the request counts as stale. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export function newWebhookSecret(): string {
  return SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(32)));
}

export function isWebhookSecret(value: string): boolean {
  if (!value.startsWith(SECRET_PREFIX)) return false;
  try {
    return fromBase64(value.slice(SECRET_PREFIX.length)).length >= 24;
  } catch {
    return false;
  }
}

async function signOne(secret: string, content: string): Promise<Uint8Array> {
  const raw = fromBase64(secret.slice(SECRET_PREFIX.length));
  const key = await crypto.subtle.importKey("raw", raw as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(content)));
}

/** The three headers for one request, signed by every secret given (current first). */
export async function signWebhook(secrets: readonly string[], id: string, timestampSeconds: number, body: string): Promise<Record<string, string>> {
  const content = `${id}.${timestampSeconds}.${body}`;
  const signatures = await Promise.all(secrets.map(async (s) => `v1,${toBase64(await signOne(s, content))}`));
  return { "webhook-id": id, "webhook-timestamp": String(timestampSeconds), "webhook-signature": signatures.join(" ") };
}

export type VerifyResult = { ok: true } | { ok: false; reason: "missing headers" | "stale timestamp" | "bad signature" };

/**
 * What a receiver does (the simulator's receiver and the tests use it only as a second opinion:
 * the acceptance vectors are computed independently with Node's crypto).
 */
export async function verifyWebhook(
  secrets: readonly string[],
  headers: { id: string | null; timestamp: string | null; signature: string | null },
  body: string,
  nowSeconds: number,
): Promise<VerifyResult> {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || !/^\d+$/.test(timestamp)) return { ok: false, reason: "missing headers" };
  if (Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) return { ok: false, reason: "stale timestamp" };
  const content = `${id}.${timestamp}.${body}`;
  const offered = signature
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .map((s) => {
      try {
        return fromBase64(s.slice(3));
      } catch {
        return new Uint8Array();
      }
    });
  for (const secret of secrets) {
    const expected = await signOne(secret, content);
    if (offered.some((o) => constantTimeEqual(o, expected))) return { ok: true };
  }
  return { ok: false, reason: "bad signature" };
}
