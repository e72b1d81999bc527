/**
 * "Add to Slack" (OAuth v2): the authorize URL with a signed, expiring `state` that names the
 * organization and the admin who started the install, and the code exchange at oauth.v2.access.
 * The state is HMAC-signed with SESSION_SECRET, so a callback cannot be forged for another org.
 *
 * Slack's API base and authorize page are deployment configuration (env), never per tenant.
 */
import { z } from "zod";
import type { Env } from "../env.ts";
import { base64url, hmac, safeEqual } from "../auth/crypto.ts";
import { slackApiBase } from "../integrations/config.ts";

export const BOT_SCOPES = ["chat:write", "commands", "users:read", "users:read.email"] as const;
const STATE_TTL_MS = 15 * 60_000;

export interface InstallState {
  orgId: string;
  userId: string;
  expiresAt: number;
}

export async function signState(env: Pick<Env, "SESSION_SECRET">, state: InstallState): Promise<string> {
  const payload = base64url(new TextEncoder().encode(JSON.stringify(state)));
  return `${payload}.${await hmac(env.SESSION_SECRET, `slack-install.${payload}`)}`;
}

const StateSchema = z.object({ orgId: z.string(), userId: z.string(), expiresAt: z.number() });

export async function readState(env: Pick<Env, "SESSION_SECRET">, text: string, now: number): Promise<InstallState | null> {
  const [payload, mac] = text.split(".");
  if (!payload || !mac || !safeEqual(await hmac(env.SESSION_SECRET, `slack-install.${payload}`), mac)) return null;
  try {
    const state = StateSchema.parse(JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/"))));
    return state.expiresAt > now ? state : null;
  } catch {
    return null;
  }
}

export function redirectUri(env: Pick<Env, "PUBLIC_URL">, requestOrigin: string): string {
  return `${(env.PUBLIC_URL ?? requestOrigin).replace(/\/+$/, "")}/api/v1/integrations/slack/callback`;
}

export async function authorizeUrl(env: Env, orgId: string, userId: string, requestOrigin: string, now: number): Promise<string> {
  const url = new URL(env.SLACK_AUTHORIZE_URL ?? "https://slack.com/oauth/v2/authorize");
  url.searchParams.set("client_id", env.SLACK_CLIENT_ID ?? "");
  url.searchParams.set("scope", BOT_SCOPES.join(","));
  url.searchParams.set("redirect_uri", redirectUri(env, requestOrigin));
  url.searchParams.set("state", await signState(env, { orgId, userId, expiresAt: now + STATE_TTL_MS }));
  return url.toString();
}

const AccessSchema = z.object({
  ok: z.literal(true),
  access_token: z.string().min(1),
  bot_user_id: z.string().nullish(),
  team: z.object({ id: z.string().min(1), name: z.string() }),
  incoming_webhook: z.object({ channel_id: z.string() }).partial().nullish(),
});
export type SlackInstallation = z.infer<typeof AccessSchema>;

export async function exchangeCode(env: Env, code: string, redirect: string): Promise<SlackInstallation | { error: string }> {
  const res = await fetch(`${slackApiBase(env)}/oauth.v2.access`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: env.SLACK_CLIENT_ID ?? "", client_secret: env.SLACK_CLIENT_SECRET ?? "", code, redirect_uri: redirect }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json().catch(() => ({}))) as { ok?: boolean; error?: string };
  const parsed = AccessSchema.safeParse(body);
  return parsed.success ? parsed.data : { error: body.error ?? `oauth.v2.access answered ${res.status}` };
}
