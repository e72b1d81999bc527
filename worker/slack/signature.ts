/**
 * Slack request verification (https://api.slack.com/authentication/verifying-requests-from-slack):
 * X-Slack-Signature must be `v0=` + hex HMAC-SHA256 of `v0:<X-Slack-Request-Timestamp>:<raw body>`
 * under the app's signing secret, compared in constant time; a timestamp more than five minutes
 * from now is refused (replay window). Pure.
 */
import { safeEqual } from "../auth/crypto.ts";

export const REPLAY_WINDOW_SECONDS = 5 * 60;

export async function slackSignature(signingSecret: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(signingSecret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`v0:${timestamp}:${body}`)));
  return `v0=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export type SlackVerdict = { ok: true } | { ok: false; reason: string };

export async function verifySlackRequest(
  signingSecret: string,
  headers: { timestamp: string | null; signature: string | null },
  body: string,
  nowSeconds: number,
): Promise<SlackVerdict> {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "missing Slack signature headers" };
  if (Math.abs(nowSeconds - Number(timestamp)) > REPLAY_WINDOW_SECONDS) return { ok: false, reason: "request timestamp outside the 5-minute window" };
  const expected = await slackSignature(signingSecret, timestamp, body);
  return safeEqual(expected, signature) ? { ok: true } : { ok: false, reason: "signature does not match" };
}
