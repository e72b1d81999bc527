/**
 * The one mail transport: Postmark's HTTPS JSON API (POST {base}/email with the server token in
 * `X-Postmark-Server-Token`; docs/deploy.md). The base URL is deployment configuration
 * (MAIL_API_BASE_URL, default https://api.postmarkapp.com), never per tenant; it must pass the
 * outbound-URL validator, where development and test deployments may also use a loopback origin (the
 * simulator's mailbox, sim/mail/postmark.ts, which accepts the same request shape).
 *
 * Owns: turning a composed message into one provider request. Never logs a message body or the
 * token (only the provider's error code and the recipient's domain).
 */
import type { Env } from "../env.ts";
import { checkOutboundUrl } from "../security/outbound-url.ts";
import { isDevelopmentLike } from "../accounts/endpoint-policy.ts";
import { errorText, log } from "../log.ts";
import type { MailMessage } from "./messages.ts";

export const POSTMARK_API_BASE = "https://api.postmarkapp.com";
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const TIMEOUT_MS = 10_000;

type MailEnv = Pick<Env, "APP_ENV" | "MAIL_API_BASE_URL" | "MAIL_API_TOKEN" | "MAIL_FROM">;

export class MailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MailError";
  }
}

/** The provider's base URL for this deployment, or why it is refused. */
export function mailApiBase(env: Pick<Env, "APP_ENV" | "MAIL_API_BASE_URL">): { ok: true; base: string } | { ok: false; reason: string } {
  const raw = (env.MAIL_API_BASE_URL ?? POSTMARK_API_BASE).replace(/\/+$/, "");
  let allowOrigins: string[] = [];
  if (isDevelopmentLike(env)) {
    try {
      const url = new URL(raw);
      if (LOOPBACK.has(url.hostname)) allowOrigins = [url.origin];
    } catch {
      // checkOutboundUrl names the problem
    }
  }
  const check = checkOutboundUrl(raw, { allowOrigins });
  return check.ok ? { ok: true, base: raw } : { ok: false, reason: `MAIL_API_BASE_URL ${check.reason}` };
}

/** Sends one message; throws MailError when mail is not configured or the provider refuses it. */
export async function sendMail(env: MailEnv, message: MailMessage): Promise<void> {
  const base = mailApiBase(env);
  if (!base.ok) throw new MailError(base.reason);
  if (!env.MAIL_API_TOKEN || !env.MAIL_FROM) throw new MailError("mail is not configured (MAIL_API_TOKEN and MAIL_FROM; docs/deploy.md)");
  const domain = message.to.slice(message.to.lastIndexOf("@") + 1);
  let res: Response;
  try {
    res = await fetch(`${base.base}/email`, {
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json", "x-postmark-server-token": env.MAIL_API_TOKEN },
      body: JSON.stringify({ From: env.MAIL_FROM, To: message.to, Subject: message.subject, TextBody: message.text, Tag: message.tag, MessageStream: "outbound" }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    log.error("mail: provider unreachable", { tag: message.tag, domain, error: errorText(error) });
    throw new MailError("the mail provider is unreachable");
  }
  const body = (await res.json().catch(() => ({}))) as { ErrorCode?: number; Message?: string };
  if (!res.ok || (body.ErrorCode ?? 0) !== 0) {
    log.error("mail: provider refused the message", { tag: message.tag, domain, status: res.status, errorCode: body.ErrorCode ?? null });
    throw new MailError(`the mail provider refused the message (HTTP ${res.status})`);
  }
  log.info("mail: sent", { tag: message.tag, domain });
}
