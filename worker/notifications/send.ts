/**
 * One delivery attempt of one notification to one integration: a Standard Webhooks-signed POST,
 * a Slack incoming-webhook POST, or Slack's chat.postMessage with the workspace's bot token to
 * the channel chosen for the notification type. Redirects are not followed (a redirect could
 * point anywhere); the URL is re-checked against the outbound rules before every attempt.
 *
 * Returns what happened (status or timeout/network error), the latency and the start of the
 * receiver's answer with any of the integration's secrets blanked out. Never throws for a
 * receiver's failure; never logs a secret.
 */
import type { Env } from "../env.ts";
import { signingSecrets, slackApiBase, slackWebhookUrlProblem, webhookUrlProblem, type IntegrationConfig } from "../integrations/config.ts";
import { digestMessage, notificationMessage, type SlackMessage } from "../slack/blocks.ts";
import { ATTEMPT_TIMEOUT_MS, type AttemptResult } from "./delivery-policy.ts";
import { signWebhook } from "./standard-webhooks.ts";
import { webhookPayload, type NotificationSubject } from "./subject.ts";
import { digestPayload, type Digest } from "./digest.ts";

export const SNIPPET_LENGTH = 300;

export interface AttemptReport {
  result: AttemptResult;
  latencyMs: number;
  snippet: string | null;
}

export interface SendOptions {
  timeoutMs?: number;
  now?: number;
}

/** What one notification says, rendered for each kind of receiver. */
export interface Outgoing {
  type: string;
  webhook: Record<string, unknown>;
  slack: SlackMessage;
}

export function outgoingOfSubject(s: NotificationSubject): Outgoing {
  return { type: s.type, webhook: webhookPayload(s), slack: notificationMessage(s) };
}

export function outgoingOfDigest(d: Digest): Outgoing {
  return { type: d.type, webhook: digestPayload(d), slack: digestMessage(d) };
}

/** The channel an installed Slack app posts a type to: the type's own, else the default ("*"). */
export function channelFor(channels: Record<string, string>, type: string): string | null {
  return channels[type] ?? channels["*"] ?? null;
}

export async function sendNotification(
  env: Env,
  integration: { config: IntegrationConfig; channels: Record<string, string> },
  message: Outgoing,
  deliveryId: string,
  options: SendOptions = {},
): Promise<AttemptReport> {
  const now = options.now ?? Date.now();
  const { config } = integration;
  let request: { url: string; headers: Record<string, string>; body: string };
  const refuse = (message: string): AttemptReport => ({ result: { status: 400, retryAfter: null }, latencyMs: 0, snippet: message });
  switch (config.kind) {
    case "webhook": {
      const problem = webhookUrlProblem(env, config.url);
      if (problem) return refuse(`URL refused: ${problem}`);
      const body = JSON.stringify(message.webhook);
      request = { url: config.url, body, headers: await signWebhook(signingSecrets(config, now), deliveryId, Math.floor(now / 1000), body) };
      break;
    }
    case "slack_webhook": {
      const problem = slackWebhookUrlProblem(env, config.url);
      if (problem) return refuse(`URL refused: ${problem}`);
      request = { url: config.url, headers: {}, body: JSON.stringify(message.slack) };
      break;
    }
    case "slack_app": {
      const channel = channelFor(integration.channels, message.type);
      if (!channel) return refuse("no Slack channel chosen for this notification type");
      request = {
        url: `${slackApiBase(env)}/chat.postMessage`,
        headers: { authorization: `Bearer ${config.botToken}` },
        body: JSON.stringify({ channel, unfurl_links: false, ...message.slack }),
      };
      break;
    }
  }
  const secrets = config.kind === "webhook" ? config.secrets.map((s) => s.secret) : config.kind === "slack_app" ? [config.botToken] : [config.url];
  const started = Date.now();
  try {
    const res = await fetch(request.url, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/json", "user-agent": "SnoozeQL-Notifications/1", ...request.headers },
      body: request.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? ATTEMPT_TIMEOUT_MS),
    });
    const text = await res.text();
    const latencyMs = Date.now() - started;
    const snippet = redact(text.slice(0, SNIPPET_LENGTH), secrets);
    if (config.kind === "slack_app" && res.ok) return { result: slackApiResult(text, res.headers.get("retry-after")), latencyMs, snippet };
    return { result: { status: res.status, retryAfter: res.headers.get("retry-after") }, latencyMs, snippet };
  } catch (error) {
    const latencyMs = Date.now() - started;
    const timeout = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const message = redact(error instanceof Error ? error.message : String(error), secrets);
    return { result: timeout ? { error: "timeout", message } : { error: "network", message }, latencyMs, snippet: null };
  }
}

/** Slack's Web API answers 200 with { ok: false, error } for most failures: map them to statuses. */
function slackApiResult(text: string, retryAfter: string | null): AttemptResult {
  let body: { ok?: boolean; error?: string };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return { status: 502, retryAfter: null };
  }
  if (body.ok) return { status: 200, retryAfter: null };
  if (body.error === "ratelimited") return { status: 429, retryAfter };
  if (body.error === "internal_error" || body.error === "service_unavailable" || body.error === "fatal_error") return { status: 503, retryAfter: null };
  return { status: 400, retryAfter: null };
}

/** Blanks out any of our secrets a receiver echoed back. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.replaceAll(s, "[redacted]");
  return out;
}
