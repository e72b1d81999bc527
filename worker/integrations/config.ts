/**
 * An integration's secret configuration — webhook URL and signing secrets, a Slack incoming-webhook
 * URL, a Slack app installation's bot token — sealed with AES-GCM (security/sealed-secrets.ts)
 * bound to the integration's id, and the rules for where an integration may send.
 *
 * Owns: the config shapes, sealing/unsealing, secret rotation windows, and the URL rules:
 * - webhooks: the outbound-URL validator (https, public host, no userinfo, standard port); a
 *   development or test deployment also accepts loopback origins (the local simulator's receiver);
 * - Slack incoming webhooks: the deployment's Slack webhook origin (https://hooks.slack.com) and a
 *   /services/ path; Slack's API base is deployment configuration, never a tenant's choice.
 * Never: returns a plaintext config from the API or logs one.
 */
import { z } from "zod";
import type { Env } from "../env.ts";
import { isDevelopmentLike } from "../accounts/endpoint-policy.ts";
import { checkOutboundUrl } from "../security/outbound-url.ts";
import { keyRingFromEnv, seal, unseal } from "../security/sealed-secrets.ts";

const WebhookSecret = z.object({ secret: z.string().startsWith("whsec_"), expiresAt: z.number().int().nullable() });

export const IntegrationConfigSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("webhook"), url: z.string(), secrets: z.array(WebhookSecret).min(1) }),
  z.object({ kind: z.literal("slack_webhook"), url: z.string() }),
  z.object({ kind: z.literal("slack_app"), teamId: z.string(), teamName: z.string(), botToken: z.string(), botUserId: z.string().nullable() }),
]);
export type IntegrationConfig = z.infer<typeof IntegrationConfigSchema>;
export type WebhookConfig = Extract<IntegrationConfig, { kind: "webhook" }>;

/** How long the previous secret keeps signing after a rotation, unless the caller says otherwise. */
export const DEFAULT_ROTATION_WINDOW_MS = 24 * 3_600_000;

export const sealConfig = (env: Env, integrationId: string, config: IntegrationConfig) => seal(keyRingFromEnv(env), JSON.stringify(config), `integration:${integrationId}`);

export async function unsealConfig(env: Env, integrationId: string, sealed: string): Promise<IntegrationConfig> {
  return IntegrationConfigSchema.parse(JSON.parse(await unseal(keyRingFromEnv(env), sealed, `integration:${integrationId}`)));
}

/** The secrets that sign now (current first; a rotated-out one until its window closes). */
export function signingSecrets(config: WebhookConfig, now: number): string[] {
  return config.secrets.filter((s) => s.expiresAt === null || s.expiresAt > now).map((s) => s.secret);
}

/** The config after a rotation: the new secret first, the old ones expiring after the window. */
export function rotated(config: WebhookConfig, secret: string, now: number, windowMs: number): WebhookConfig {
  const previous = config.secrets.filter((s) => s.expiresAt === null || s.expiresAt > now).map((s) => ({ secret: s.secret, expiresAt: Math.min(s.expiresAt ?? Infinity, now + windowMs) }));
  return { ...config, secrets: [{ secret, expiresAt: null }, ...previous] };
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Why a generic webhook URL is refused on this deployment, or null when it is acceptable. */
export function webhookUrlProblem(env: Pick<Env, "APP_ENV">, raw: string): string | null {
  let allowOrigins: string[] = [];
  if (isDevelopmentLike(env)) {
    try {
      const url = new URL(raw);
      if (LOOPBACK.has(url.hostname)) allowOrigins = [url.origin];
    } catch {
      // checkOutboundUrl says what is wrong
    }
  }
  const check = checkOutboundUrl(raw, { allowOrigins });
  return check.ok ? null : check.reason;
}

export const slackWebhookOrigin = (env: Pick<Env, "SLACK_WEBHOOK_ORIGIN">) => (env.SLACK_WEBHOOK_ORIGIN ?? "https://hooks.slack.com").replace(/\/+$/, "");
export const slackApiBase = (env: Pick<Env, "SLACK_API_BASE_URL">) => (env.SLACK_API_BASE_URL ?? "https://slack.com/api").replace(/\/+$/, "");

/** Why a Slack incoming-webhook URL is refused, or null. */
export function slackWebhookUrlProblem(env: Pick<Env, "APP_ENV" | "SLACK_WEBHOOK_ORIGIN">, raw: string): string | null {
  const origin = slackWebhookOrigin(env);
  if (!raw.startsWith(`${origin}/services/`)) return `must be a Slack incoming-webhook URL (${origin}/services/…)`;
  return webhookUrlProblem(env, raw);
}

/** What lists show instead of a URL (which may embed a token): the host, or the workspace. */
export function targetOf(config: IntegrationConfig): string {
  if (config.kind === "slack_app") return `Slack: ${config.teamName}`;
  const host = new URL(config.url).host;
  return config.kind === "slack_webhook" ? `Slack webhook (${host})` : host;
}
