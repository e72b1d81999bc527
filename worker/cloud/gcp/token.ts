/**
 * OAuth 2.0 access tokens for one Google service account: the jwt-bearer grant posted to the
 * key's own token_uri, cached until shortly before expiry, fetched once however many calls ask
 * at the same time.
 *
 * Owns: the token's lifetime and the token endpoint's error format
 * (`{"error":"invalid_grant","error_description":"…"}`). Must never: log or return the private
 * key, the signed assertion or a token except to the API client that sends it as a Bearer
 * header; every one of them is registered with the account's Redactor before use.
 */
import { CloudError, type Redactor } from "../errors.ts";
import type { ServiceAccountKey } from "../provider.ts";
import { fetchWithRetry, type HttpAnswer, type ParsedError, type ResolvedDeps } from "../retry.ts";
import { assertionClaims, importPrivateKey, signJwt } from "./jwt.ts";

export const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** Tokens are replaced this long before they expire (or at half-life for short-lived tokens). */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

export class GoogleTokenSource {
  #key: ServiceAccountKey;
  #deps: ResolvedDeps;
  #redactor: Redactor;
  #privateKey: Promise<CryptoKey> | undefined;
  #cached: { token: string; refreshAt: number } | undefined;
  #inflight: Promise<string> | undefined;

  constructor(key: ServiceAccountKey, deps: ResolvedDeps, redactor: Redactor) {
    this.#key = key;
    this.#deps = deps;
    this.#redactor = redactor;
    redactor.add(key.private_key, key.private_key.replace(/\\n/g, "\n"), key.private_key_id);
  }

  get clientEmail(): string {
    return this.#key.client_email;
  }

  async getToken(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#deps.now() < cached.refreshAt) return cached.token;
    if (!this.#inflight) {
      this.#inflight = this.#fetchToken().finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }

  invalidate(): void {
    this.#cached = undefined;
  }

  async #fetchToken(): Promise<string> {
    this.#privateKey ??= importPrivateKey(this.#key.private_key);
    let privateKey: CryptoKey;
    try {
      privateKey = await this.#privateKey;
    } catch (error) {
      this.#privateKey = undefined;
      throw error;
    }
    const tokenUri = this.#key.token_uri;
    const answer = await fetchWithRetry(
      {
        provider: "gcp",
        operation: "oauth2:token",
        redactor: this.#redactor,
        parseError: parseOAuthError,
        build: async () => {
          // A fresh assertion per attempt: iat/exp follow the injected clock.
          const assertion = await signJwt(
            privateKey,
            assertionClaims(this.#key, this.#deps.now()),
            this.#key.private_key_id,
          );
          this.#redactor.addEphemeral(assertion);
          const body = new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString();
          return new Request(tokenUri, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
            body,
          });
        },
      },
      this.#deps,
    );
    const parsed = readJson(answer.text);
    const token = parsed?.["access_token"];
    const expiresIn = parsed?.["expires_in"];
    if (typeof token === "string" && token !== "") this.#redactor.addEphemeral(token);
    if (typeof token !== "string" || token === "" || typeof expiresIn !== "number" || expiresIn <= 0) {
      throw new CloudError({
        provider: "gcp",
        operation: "oauth2:token",
        code: "MalformedResponse",
        message: "The token endpoint answered without an access_token and expires_in.",
        httpStatus: answer.status,
        category: "protocol",
        retryable: false,
      });
    }
    const lifetimeMs = expiresIn * 1000;
    const now = this.#deps.now();
    this.#cached = { token, refreshAt: now + lifetimeMs - Math.min(TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2) };
    return token;
  }
}

/** The token endpoint's OAuth error, or a Google API error document if that is what came back. */
export function parseOAuthError(answer: HttpAnswer): ParsedError {
  const json = readJson(answer.text);
  const error = json?.["error"];
  if (typeof error === "string" && error !== "") {
    const description = json?.["error_description"];
    return { code: error, message: typeof description === "string" && description ? description : error };
  }
  return parseGoogleError(answer);
}

/**
 * A Google API error: `{"error":{"code":403,"message":"…","status":"PERMISSION_DENIED",
 * "errors":[{"reason":"…","message":"…"}]}}`. code = status (or HTTP<status>), reason = errors[0].reason.
 */
export function parseGoogleError(answer: HttpAnswer): ParsedError {
  const json = readJson(answer.text);
  const error = json?.["error"];
  if (typeof error === "object" && error !== null) {
    const body = error as Record<string, unknown>;
    const status = typeof body["status"] === "string" && body["status"] ? body["status"] : undefined;
    const message = typeof body["message"] === "string" && body["message"] ? body["message"] : undefined;
    const errors = Array.isArray(body["errors"]) ? (body["errors"] as unknown[]) : [];
    const first = errors[0];
    const reason =
      typeof first === "object" && first !== null && typeof (first as Record<string, unknown>)["reason"] === "string"
        ? ((first as Record<string, unknown>)["reason"] as string)
        : undefined;
    const code = status ?? `HTTP${answer.status}`;
    return { code, message: message ?? code, reason };
  }
  return {
    code: `HTTP${answer.status}`,
    message: `The cloud answered HTTP ${answer.status} without a readable error document.`,
  };
}

export function readJson(text: string): Record<string, unknown> | undefined {
  if (!text.trim()) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
