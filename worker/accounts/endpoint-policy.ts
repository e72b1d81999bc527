/**
 * Where a cloud account's requests may go, per deployment: the one place that decides whether an
 * endpoint override or a key file's token_uri is acceptable, and that SnoozeQL's own AWS
 * credentials (the platform principal that assumes customers' roles) only go to AWS's STS.
 *
 * - development / test deployments: overrides are open (sandbox clouds, the local simulator).
 * - every other deployment (production, staging): an override must be an origin the operator put
 *   on ENDPOINT_OVERRIDE_ORIGINS; a tenant can never choose one. A GCP token_uri must be Google's
 *   (or an allow-listed origin).
 * - everywhere: a role connection (the platform's credentials) never uses an override.
 *
 * Pure; callers turn a problem into a 400 (routes) or a ConnectionProblem (use time).
 */
import type { Env } from "../env.ts";
import { allowedOrigins, originOf } from "../security/outbound-url.ts";

/** The token endpoints Google writes into service-account key files. */
export const GOOGLE_TOKEN_URIS: readonly string[] = ["https://oauth2.googleapis.com/token", "https://accounts.google.com/o/oauth2/token"];

export interface OutboundProblem {
  path: string;
  message: string;
}

/** Development and test deployments talk to sandboxes; everything else is production-like. */
export function isDevelopmentLike(env: Pick<Env, "APP_ENV">): boolean {
  return env.APP_ENV === "development" || env.APP_ENV === "test";
}

/** The operator's allow-list of override origins (comma or whitespace separated). */
export function overrideOrigins(env: Pick<Env, "ENDPOINT_OVERRIDE_ORIGINS">): string[] {
  return (env.ENDPOINT_OVERRIDE_ORIGINS ?? "").split(/[\s,]+/).filter(Boolean);
}

type PolicyEnv = Pick<Env, "APP_ENV" | "ENDPOINT_OVERRIDE_ORIGINS">;

/** Whether the account's endpoint override and token_uri are acceptable on this deployment. */
export function outboundProblem(
  env: PolicyEnv,
  account: { authKind: string; endpoint?: string | null; tokenUri?: string | null },
): OutboundProblem | null {
  const allowed = allowedOrigins({ allowOrigins: overrideOrigins(env) });
  const open = isDevelopmentLike(env);
  if (account.endpoint) {
    if (account.authKind === "assume_role") {
      return { path: "endpoint", message: "a role connection cannot use an endpoint override: SnoozeQL's own AWS credentials are only sent to AWS's STS" };
    }
    const origin = originOf(account.endpoint);
    if (!open && (!origin || !allowed.has(origin))) {
      return { path: "endpoint", message: "endpoint overrides are not enabled on this deployment" };
    }
  }
  if (account.tokenUri && !open) {
    const origin = originOf(account.tokenUri);
    if (!GOOGLE_TOKEN_URIS.includes(account.tokenUri) && !(origin && allowed.has(origin))) {
      return { path: "serviceAccountKey.token_uri", message: `must be Google's token endpoint (${GOOGLE_TOKEN_URIS[0]})` };
    }
  }
  return null;
}
