/**
 * Typed cloud errors and secret redaction.
 *
 * Owns: `CloudError` (what every failed cloud call becomes: the cloud's own code and message, the
 * HTTP status, request id, whether it is worth retrying, and a coarse category SnoozeQL can act
 * on), the classification of codes into categories, and the `Redactor` that scrubs known secrets
 * and secret-shaped text out of anything that becomes an error message.
 *
 * Must never: keep a `cause`, a Request/Response, headers or a body on an error; let a message
 * through without scrubbing it (the constructor always applies the pattern scrub, and every
 * creation site passes text through the account's Redactor first).
 */
import type { CloudProviderName } from "./provider.ts";

export type CloudErrorCategory =
  /** The cloud asked us to slow down. */
  | "throttled"
  /** 5xx, timeouts, network: likely to work later. */
  | "transient"
  /** Credentials or permissions: the account needs attention. */
  | "auth"
  | "not_found"
  /** The resource is not in a state that allows the action (e.g. already stopping). */
  | "invalid_state"
  /** The cloud (or SnoozeQL, before calling) rejected the request as malformed or not allowed. */
  | "invalid_request"
  /** The provider cannot do this for this kind of database. */
  | "unsupported"
  /** The cloud answered with something we could not read. */
  | "protocol"
  | "unknown";

export interface CloudErrorInit {
  provider: CloudProviderName;
  code: string;
  message: string;
  httpStatus?: number;
  requestId?: string;
  retryable?: boolean;
  category?: CloudErrorCategory;
  /** e.g. "rds:StopDBInstance", "sqladmin:instances.patch". */
  operation?: string;
  /** Google's errors[0].reason (e.g. rateLimitExceeded, operationInProgress). */
  reason?: string;
  attempts?: number;
  retryAfterMs?: number;
}

const MAX_MESSAGE = 2000;

export class CloudError extends Error {
  override readonly name = "CloudError";
  readonly provider: CloudProviderName;
  readonly code: string;
  readonly httpStatus?: number;
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly category: CloudErrorCategory;
  readonly operation?: string;
  readonly reason?: string;
  /** How many HTTP attempts were made before giving up. */
  readonly attempts: number;
  /** The cloud's Retry-After, when it asked for a longer wait than SnoozeQL waits inline. */
  readonly retryAfterMs?: number;

  constructor(init: CloudErrorInit) {
    super(truncate(scrubPatterns(init.message || init.code)));
    this.provider = init.provider;
    this.code = truncate(scrubPatterns(init.code), 200);
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId === undefined ? undefined : truncate(init.requestId, 200);
    this.category = init.category ?? categorize(init.provider, init.code, init.httpStatus, init.reason);
    this.retryable = init.retryable ?? (this.category === "throttled" || this.category === "transient");
    this.operation = init.operation;
    this.reason = init.reason;
    this.attempts = init.attempts ?? 1;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** "InvalidDBInstanceState: Instance db-1 is not in available state." — for people. */
  get summary(): string {
    return `${this.code}: ${this.message}`;
  }

  toJSON() {
    return {
      name: this.name,
      provider: this.provider,
      code: this.code,
      message: this.message,
      httpStatus: this.httpStatus,
      requestId: this.requestId,
      retryable: this.retryable,
      category: this.category,
      operation: this.operation,
      reason: this.reason,
      attempts: this.attempts,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

export function isCloudError(value: unknown): value is CloudError {
  return value instanceof CloudError;
}

// ---------------------------------------------------------------------------------------------
// Classification

/**
 * Throttling codes exactly as the AWS SDK classifies them
 * (@smithy/core retry/service-error-classification THROTTLING_ERROR_CODES).
 */
export const AWS_THROTTLING_CODES: ReadonlySet<string> = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);

/** TRANSIENT_ERROR_CODES of the same SDK module. */
export const AWS_TRANSIENT_CODES: ReadonlySet<string> = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
]);

/** TRANSIENT_ERROR_STATUS_CODES of the same SDK module. */
export const TRANSIENT_HTTP_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

const AWS_AUTH_CODES = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "AuthFailure",
  "AuthorizationError",
  "ExpiredToken",
  "ExpiredTokenException",
  "IncompleteSignature",
  "InvalidAccessKeyId",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "MissingAuthenticationToken",
  "NotAuthorized",
  "OptInRequired",
  "RegionDisabledException",
  "RequestExpired",
  "SignatureDoesNotMatch",
  "UnauthorizedOperation",
  "UnrecognizedClientException",
]);

const AWS_NOT_FOUND_CODES = new Set(["DBInstanceNotFound", "DBClusterNotFoundFault", "ResourceNotFound"]);

const AWS_INVALID_STATE_CODES = new Set([
  "InvalidDBInstanceState",
  "InvalidDBClusterStateFault",
  "InvalidGlobalClusterStateFault",
  "InvalidResourceStateFault",
]);

const GOOGLE_THROTTLE_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded"]);
const GOOGLE_TRANSIENT_REASONS = new Set(["backendError", "internalError"]);

export function categorize(
  provider: CloudProviderName,
  code: string,
  httpStatus?: number,
  reason?: string,
): CloudErrorCategory {
  if (provider === "aws") {
    if (AWS_THROTTLING_CODES.has(code) || httpStatus === 429) return "throttled";
    if (AWS_TRANSIENT_CODES.has(code)) return "transient";
    if (AWS_AUTH_CODES.has(code)) return "auth";
    if (AWS_NOT_FOUND_CODES.has(code)) return "not_found";
    if (AWS_INVALID_STATE_CODES.has(code)) return "invalid_state";
  } else {
    if (
      httpStatus === 429 ||
      code === "RESOURCE_EXHAUSTED" ||
      (reason !== undefined && GOOGLE_THROTTLE_REASONS.has(reason))
    )
      return "throttled";
    if (code === "UNAVAILABLE" || code === "DEADLINE_EXCEEDED") return "transient";
    if (reason !== undefined && GOOGLE_TRANSIENT_REASONS.has(reason)) return "transient";
    if (code === "UNAUTHENTICATED" || code === "PERMISSION_DENIED") return "auth";
    if (["invalid_grant", "invalid_client", "unauthorized_client", "access_denied"].includes(code))
      return "auth";
    if (code === "NOT_FOUND") return "not_found";
    if (code === "FAILED_PRECONDITION" || code === "ABORTED" || reason === "operationInProgress")
      return "invalid_state";
    if (code === "INVALID_ARGUMENT" || code === "OUT_OF_RANGE") return "invalid_request";
  }
  if (code === "NetworkError" || code === "RequestTimeout") return "transient";
  if (httpStatus !== undefined) {
    if (TRANSIENT_HTTP_STATUSES.has(httpStatus)) return "transient";
    if (httpStatus === 401 || httpStatus === 403) return "auth";
    if (httpStatus === 404) return "not_found";
    if (httpStatus === 409) return "invalid_state";
    if (httpStatus >= 400 && httpStatus < 500) return "invalid_request";
  }
  return "unknown";
}

// ---------------------------------------------------------------------------------------------
// Redaction

const REDACTED = "[redacted]";

const SECRET_PATTERNS: RegExp[] = [
  // PEM blocks (private keys)
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  // Authorization header values
  /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /AWS4-HMAC-SHA256\s+Credential=[^\s,]+(,\s*SignedHeaders=[^\s,]+)?(,\s*Signature=[0-9a-f]+)?/gi,
  /\bSignature=[0-9a-f]{64}\b/gi,
  // canonical-request lines and query parameters carrying a session token
  /(x-amz-security-token[:=]\s*)[^\s&'"]+/gi,
  // JWTs (assertions, id tokens)
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
  // Google OAuth access tokens
  /\bya29\.[A-Za-z0-9._-]{10,}/g,
  // "private_key": "...", "secretAccessKey": "..." echoed as JSON
  /("(?:private_key|secretAccessKey|secret_access_key|SecretAccessKey|sessionToken|SessionToken|access_token|assertion)"\s*:\s*")[^"]*/g,
];

/** Scrubs secret-shaped text; applied to every CloudError message and code. */
export function scrubPatterns(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === "string" && /[:="]\s*$/.test(prefix) ? `${prefix}${REDACTED}` : REDACTED,
    );
  }
  return out;
}

/**
 * Knows the secrets of one account (static keys, temporary session credentials, private key,
 * access tokens) and removes each of them, raw or URL-encoded, from text.
 */
export class Redactor {
  /** Long-lived secrets of the account (keys, private key): kept for the provider's lifetime. */
  #permanent = new Set<string>();
  /** Rotating secrets (session tokens, access tokens, assertions): only the most recent are kept. */
  #ephemeral = new Set<string>();
  static readonly MAX_EPHEMERAL = 64;

  add(...secrets: (string | undefined | null)[]): void {
    for (const variant of variants(secrets)) this.#permanent.add(variant);
  }

  /** For credentials that rotate: bounded, oldest forgotten first (they have expired by then). */
  addEphemeral(...secrets: (string | undefined | null)[]): void {
    for (const variant of variants(secrets)) {
      this.#ephemeral.delete(variant);
      this.#ephemeral.add(variant);
    }
    while (this.#ephemeral.size > Redactor.MAX_EPHEMERAL) {
      const oldest = this.#ephemeral.values().next().value;
      if (oldest === undefined) break;
      this.#ephemeral.delete(oldest);
    }
  }

  scrub(text: string): string {
    let out = text;
    // Longest first, so a secret containing another is removed whole.
    const secrets = [...this.#permanent, ...this.#ephemeral].sort((a, b) => b.length - a.length);
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return scrubPatterns(out);
  }

  /** Builds a CloudError whose code and message have been scrubbed of this account's secrets. */
  error(init: CloudErrorInit): CloudError {
    return new CloudError({ ...init, code: this.scrub(init.code), message: this.scrub(init.message) });
  }
}

/** A secret, its URL-encoded form, and (for PEM text) each long line; short strings are ignored. */
function variants(secrets: (string | undefined | null)[]): string[] {
  const out: string[] = [];
  for (const secret of secrets) {
    if (!secret || secret.length < 6) continue;
    out.push(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out.push(encoded);
    if (secret.includes("\n")) {
      for (const line of secret.split(/\r?\n/)) if (line.trim().length >= 16) out.push(line.trim());
    }
  }
  return out;
}

function truncate(text: string, max = MAX_MESSAGE): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
