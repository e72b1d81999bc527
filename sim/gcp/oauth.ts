// OAuth 2.0 token endpoint for the JWT-bearer grant (RFC 7523) as Google runs it: verifies the
// RS256 assertion against the service account's public key, the audience, iat/exp (at most one
// hour), the scope, and issues 1-hour bearer tokens. Also validates bearer tokens for the APIs,
// including self-signed service-account JWTs (what google-auth-library sends without scopes).
import type { GcpProjectConfig } from "../state/model.ts";
import type { Store } from "../state/store.ts";
import { ALNUM, b64urlText, randomFrom } from "../util.ts";
import { oauthError, type GcpWire } from "./errors.ts";
import { parseJwt, verifyRs256 } from "./jwt.ts";

export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
const ACCEPTED_AUDIENCES = [GOOGLE_TOKEN_URL, "https://www.googleapis.com/oauth2/v4/token", "https://accounts.google.com/o/oauth2/token"];
const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const SKEW_SEC = 300;

export const CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
export const SCOPES = {
  sqladmin: [CLOUD_PLATFORM, "https://www.googleapis.com/auth/sqlservice.admin"],
  sqladminRead: [CLOUD_PLATFORM, "https://www.googleapis.com/auth/sqlservice.admin", "https://www.googleapis.com/auth/cloud-platform.read-only"],
  monitoringRead: [
    CLOUD_PLATFORM,
    "https://www.googleapis.com/auth/cloud-platform.read-only",
    "https://www.googleapis.com/auth/monitoring",
    "https://www.googleapis.com/auth/monitoring.read",
  ],
};

/** Project id encoded in a service-account email: name@PROJECT.iam.gserviceaccount.com. */
export function projectOfEmail(email: string): string | null {
  const m = /^[^@]+@([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(email);
  return m ? m[1]! : null;
}

/** Access tokens name the project that issued them, so any project can find where to check them. */
export function projectOfToken(token: string): string | null {
  const m = /^ya29\.c\.sim_([A-Za-z0-9_-]+)\./.exec(token);
  if (!m) return null;
  try {
    return atob(m[1]!.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
}

export function tokenUri(origin: string): string {
  return `${origin}/token`;
}

export async function issueToken(store: Store, cfg: GcpProjectConfig, form: URLSearchParams, nowReal: number, ownTokenUri: string): Promise<GcpWire> {
  const grant = form.get("grant_type");
  if (!grant) return oauthError("invalid_request", "Missing required parameter: grant_type");
  if (grant !== JWT_BEARER) return oauthError("unsupported_grant_type", `Invalid grant_type: ${grant}`);
  const assertion = form.get("assertion");
  if (!assertion) return oauthError("invalid_request", "Missing required parameter: assertion");
  const jwt = parseJwt(assertion);
  if (!jwt) return oauthError("invalid_grant", "Invalid JWT: Failed to parse the JWT.");
  const iss = jwt.payload["iss"];
  const sa = cfg.serviceAccounts.find((s) => s.email === iss);
  if (!sa) return oauthError("invalid_grant", "Invalid grant: account not found");
  if (!(await verifyRs256(jwt, sa.publicKeySpki))) return oauthError("invalid_grant", "Invalid JWT Signature.");
  const aud = jwt.payload["aud"];
  if (typeof aud !== "string" || !(ACCEPTED_AUDIENCES.includes(aud) || aud === ownTokenUri)) {
    return oauthError("invalid_grant", `Invalid JWT: Failed audience check. The right audience is ${GOOGLE_TOKEN_URL}`);
  }
  const iat = jwt.payload["iat"];
  const exp = jwt.payload["exp"];
  const now = nowReal / 1000;
  const badTime =
    typeof iat !== "number" ||
    typeof exp !== "number" ||
    exp <= iat ||
    exp - iat > 3600 ||
    exp < now - SKEW_SEC ||
    iat > now + SKEW_SEC;
  if (badTime) {
    return oauthError(
      "invalid_grant",
      "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.",
    );
  }
  const scope = typeof jwt.payload["scope"] === "string" ? (jwt.payload["scope"] as string).trim() : "";
  if (!scope) {
    if (typeof jwt.payload["target_audience"] === "string") {
      return oauthError("invalid_request", "ID tokens are not issued by the simulator.");
    }
    return oauthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
  }
  const token = `ya29.c.sim_${b64urlText(cfg.projectId)}.${randomFrom(ALNUM + "-_", 180)}`;
  store.putToken(token, sa.email, scope, nowReal + 3600_000);
  return {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache, no-store, max-age=0, must-revalidate", pragma: "no-cache" },
    body: JSON.stringify({ access_token: token, expires_in: 3599, token_type: "Bearer" }),
  };
}

export interface BearerIdentity {
  email: string;
  scopes: string[];
}

/** Checks a bearer token issued by this project, or a self-signed JWT of one of its service accounts. */
export async function checkBearer(store: Store, cfg: GcpProjectConfig, token: string, nowReal: number): Promise<BearerIdentity | null> {
  if (token.startsWith("ya29.")) {
    const t = store.token(token);
    if (!t || t.expires <= nowReal) return null;
    if (!cfg.serviceAccounts.some((s) => s.email === t.sa)) return null;
    return { email: t.sa, scopes: t.scope.split(/\s+/) };
  }
  const jwt = parseJwt(token);
  if (!jwt) return null;
  const sa = cfg.serviceAccounts.find((s) => s.email === jwt.payload["iss"]);
  if (!sa || jwt.payload["sub"] !== sa.email) return null;
  if (jwt.header["kid"] !== undefined && jwt.header["kid"] !== sa.keyId) return null;
  if (!(await verifyRs256(jwt, sa.publicKeySpki))) return null;
  const iat = jwt.payload["iat"];
  const exp = jwt.payload["exp"];
  const now = nowReal / 1000;
  if (typeof iat !== "number" || typeof exp !== "number" || exp - iat > 3600 || exp < now || iat > now + SKEW_SEC) return null;
  // A self-signed JWT carries either an audience (the API's URL) or scopes.
  const scope = typeof jwt.payload["scope"] === "string" ? (jwt.payload["scope"] as string).split(/\s+/) : [CLOUD_PLATFORM];
  return { email: sa.email, scopes: scope };
}
