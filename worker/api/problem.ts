/**
 * The one error shape of the API: RFC 9457 problem details (`application/problem+json`).
 *
 * Every error a client can see — validation, 404, auth, conflicts, rate limits and the rare
 * unexpected failure — goes through `problem()` / `ApiProblem`, so clients parse one shape.
 * Unexpected errors are reported as a generic 500 whose body never includes the underlying
 * message (it may contain internals or secrets); the request id ties it to the server log.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "@hono/zod-openapi";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
const TYPE_BASE = "https://snoozeql.dev/problems/";

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: `${TYPE_BASE}validation` }),
    title: z.string().openapi({ example: "Request validation failed" }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().optional().openapi({ example: "body.name: Required" }),
    instance: z.string().optional().openapi({ example: "/api/v1/schedules" }),
    requestId: z.string().optional().openapi({ example: "req_01JDCZ0R7Y6N3B2M1K0J9H8G7F" }),
    errors: z
      .array(
        z.object({
          location: z.enum(["body", "query", "path", "header", "cookie"]),
          path: z.string(),
          message: z.string(),
        }),
      )
      .optional()
      .openapi({ description: "Every invalid field, for validation problems." }),
  })
  .openapi("Problem");

export type Problem = z.infer<typeof ProblemSchema>;
export type ProblemKind =
  | "validation"
  | "not-found"
  | "method-not-allowed"
  | "unauthorized"
  | "forbidden"
  | "csrf"
  | "conflict"
  | "rate-limited"
  | "payload-too-large"
  | "unsupported-media-type"
  | "internal"
  | "unavailable";

const TITLES: Record<ProblemKind, string> = {
  validation: "Request validation failed",
  "not-found": "Not found",
  "method-not-allowed": "Method not allowed",
  unauthorized: "Authentication required",
  forbidden: "Forbidden",
  csrf: "CSRF token missing or invalid",
  conflict: "Conflict",
  "rate-limited": "Too many requests",
  "payload-too-large": "Payload too large",
  "unsupported-media-type": "Unsupported media type",
  internal: "Internal error",
  unavailable: "Service unavailable",
};

/** An error that is meant for the client: thrown anywhere, rendered by the app's onError. */
export class ApiProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly status: ContentfulStatusCode,
    readonly detail?: string,
    readonly extra: Partial<Pick<Problem, "errors">> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? TITLES[kind]);
    this.name = "ApiProblem";
  }
}

export function problemBody(
  kind: ProblemKind,
  status: number,
  opts: { detail?: string; instance?: string; requestId?: string; errors?: Problem["errors"] },
): Problem {
  return {
    type: TYPE_BASE + kind,
    title: TITLES[kind],
    status,
    ...(opts.detail !== undefined && { detail: opts.detail }),
    ...(opts.instance !== undefined && { instance: opts.instance }),
    ...(opts.requestId !== undefined && { requestId: opts.requestId }),
    ...(opts.errors !== undefined && { errors: opts.errors }),
  };
}

/**
 * Runs a write that a unique index guards (a name unique in its organization) and answers a lost
 * race the way the caller's own check does: two requests can both pass a "name free?" check before
 * either writes, and the loser must get the 409 problem, not a 500 from the index.
 */
export async function conflictOnDuplicate<T>(write: PromiseLike<T>, detail: string): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ApiProblem("conflict", 409, detail);
    throw error;
  }
}

/** A SQLite/D1 unique-index violation, possibly wrapped (drizzle puts the driver's error in `cause`). */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (/UNIQUE constraint failed/i.test(e.message)) return true;
  }
  return false;
}

/** Renders a problem response for the current request. */
export function problem(
  c: Context,
  kind: ProblemKind,
  status: ContentfulStatusCode,
  detail?: string,
  extra: Partial<Pick<Problem, "errors">> = {},
  headers: Record<string, string> = {},
): Response {
  const body = problemBody(kind, status, {
    ...(detail !== undefined && { detail }),
    instance: new URL(c.req.url).pathname,
    requestId: c.get("requestId" as never) as string | undefined,
    ...extra,
  });
  // c.body (not new Response) so headers set by middleware, like the request id, are kept.
  return c.body(JSON.stringify(body), status, { "content-type": PROBLEM_CONTENT_TYPE, ...headers });
}

const LOCATIONS: Record<string, "body" | "query" | "path" | "header" | "cookie"> = {
  json: "body",
  form: "body",
  query: "query",
  param: "path",
  header: "header",
  cookie: "cookie",
};

/** Turns zod issues from a request part (a Hono validation target) into the problem's `errors`
 * list and a one-line detail. */
export function validationProblem(
  c: Context,
  target: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Response {
  const location = LOCATIONS[target] ?? "body";
  const errors = issues.map((issue) => ({
    location,
    path: issue.path.map(String).join(".") || "(root)",
    message: issue.message,
  }));
  const detail = errors.map((e) => `${e.location}.${e.path}: ${e.message}`).join("; ");
  return problem(c, "validation", 400, detail, { errors });
}

/** Standard OpenAPI response entries for routes, so every documented route shows its errors. */
export const problemResponses = (...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503)[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: TITLES[kindFor(status)],
        content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
      },
    ]),
  );

function kindFor(status: number): ProblemKind {
  switch (status) {
    case 400: return "validation";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not-found";
    case 409: return "conflict";
    case 413: return "payload-too-large";
    case 415: return "unsupported-media-type";
    case 429: return "rate-limited";
    case 503: return "unavailable";
    default: return "internal";
  }
}
