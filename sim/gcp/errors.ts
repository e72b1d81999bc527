// Google API error shapes: {"error": {code, message, errors: [{message, domain, reason}], status,
// details}} for Cloud SQL Admin / Cloud Monitoring, and the OAuth endpoint's {error, error_description}.

export class GcpError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    readonly reason: string,
    message: string,
    readonly extra: { details?: unknown[]; headers?: Record<string, string>; location?: string; domain?: string } = {},
  ) {
    super(message);
  }
}

export interface GcpWire {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function renderGcpError(e: GcpError, withErrorsArray = true): GcpWire {
  const err: Record<string, unknown> = { code: e.code, message: e.message };
  if (withErrorsArray) {
    const item: Record<string, unknown> = { message: e.message, domain: e.extra.domain ?? "global", reason: e.reason };
    if (e.extra.location) {
      item["location"] = e.extra.location;
      item["locationType"] = "header";
    }
    err["errors"] = [item];
  }
  err["status"] = e.status;
  if (e.extra.details) err["details"] = e.extra.details;
  return {
    status: e.code,
    headers: { "content-type": "application/json; charset=UTF-8", vary: "X-Origin, Referer, Origin,Accept-Encoding", ...(e.extra.headers ?? {}) },
    body: JSON.stringify({ error: err }, null, 2),
  };
}

export function unauthenticated(): GcpError {
  return new GcpError(
    401,
    "UNAUTHENTICATED",
    "authError",
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    { location: "Authorization", headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } },
  );
}

export function insufficientScopes(): GcpError {
  return new GcpError(403, "PERMISSION_DENIED", "insufficientPermissions", "Request had insufficient authentication scopes.", {
    headers: { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="https://www.googleapis.com/auth/cloud-platform"' },
  });
}

export function notAuthorized(): GcpError {
  return new GcpError(403, "PERMISSION_DENIED", "notAuthorized", "The client is not authorized to make this request.");
}

export function rateLimited(service: string, projectNumber: string, perMinute: number): GcpError {
  const message = `Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service '${service}' for consumer 'project_number:${projectNumber}'.`;
  return new GcpError(429, "RESOURCE_EXHAUSTED", "rateLimitExceeded", message, {
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        reason: "RATE_LIMIT_EXCEEDED",
        domain: "googleapis.com",
        metadata: {
          service,
          consumer: `projects/${projectNumber}`,
          quota_metric: `${service}/default_requests`,
          quota_limit: "defaultPerMinutePerUser",
          quota_location: "global",
          quota_limit_value: String(perMinute),
        },
      },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        links: [{ description: "Request a higher quota limit.", url: "https://cloud.google.com/docs/quotas/help/request_increase" }],
      },
    ],
  });
}

export function backendError(status: 500 | 503): GcpError {
  return status === 503
    ? new GcpError(503, "UNAVAILABLE", "backendError", "The service is currently unavailable.")
    : new GcpError(500, "INTERNAL", "backendError", "Internal error encountered.");
}

export function oauthError(error: string, description: string, status = 400): GcpWire {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache, no-store, max-age=0, must-revalidate" },
    body: JSON.stringify({ error, error_description: description }),
  };
}
