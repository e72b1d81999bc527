/**
 * The HTTP API: one Hono app (via @hono/zod-openapi) mounted at /api.
 *
 * Owns the cross-cutting behaviour every route gets for free — request ids, environment
 * validation, body size limit, problem+json for every error (validation, 404, malformed JSON,
 * unexpected failures), the OpenAPI 3.1 document and the interactive docs. Routes live one per
 * file under ./routes and register themselves through `routes/index.ts`; they stay thin.
 * This module never lets an exception's message reach a client for a 5xx.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { EnvError, readEnv } from "../env.ts";
import { newId } from "../db/ids.ts";
import { d1Stats } from "../db/d1-stats.ts";
import type { AppEnv } from "./context.ts";
import { ApiProblem, problem, validationProblem } from "./problem.ts";
import { registerRoutes } from "./routes/index.ts";
import { log } from "../log.ts";
import { API_CSP_DIRECTIVES, apiReferencePage, BASE_SECURITY_HEADERS, pageCspDirectives, serializeCsp } from "../security/headers.ts";

export const API_VERSION_PREFIX = "/api/v1";
export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_CORRELATION_ID = 64;

/** A client-sent request id fit to store beside ours: printable token characters, truncated. */
export function correlationId(header: string | undefined): string | null {
  const cleaned = (header ?? "").replace(/[^\w\-=.:/]/g, "").slice(0, MAX_CORRELATION_ID);
  return cleaned === "" ? null : cleaned;
}

/** A versioned sub-app whose validation failures all become problem+json. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return validationProblem(c, result.target, result.error.issues);
      }
      return undefined;
    },
  });
}

/** The document's top level (everything but the paths and components the routes register). */
export function openApiConfig(version: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "SnoozeQL API",
      version,
      description:
        "Put non-production cloud databases to sleep when nobody needs them, wake them when people do, and see the money saved. Errors are RFC 9457 problem details (application/problem+json).",
    },
    servers: [{ url: API_VERSION_PREFIX }],
  };
}

/**
 * The OpenAPI document exactly as GET /api/v1/openapi.json serves it, without a request (for the
 * committed snapshot `openapi.json` that the web app's and the CLI's types are generated from).
 */
export function openApiDocument(version: string) {
  const v1 = createRouter();
  registerRoutes(v1);
  return v1.getOpenAPI31Document(openApiConfig(version));
}

export function createApp() {
  const app = new OpenAPIHono<AppEnv>();

  // Security headers on every API response, errors included (worker/security/headers.ts); a
  // route that serves a page (the API reference) sets its own page CSP.
  app.use("*", async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(BASE_SECURITY_HEADERS)) c.res.headers.set(name, value);
    if (!c.res.headers.has("content-security-policy")) c.res.headers.set("Content-Security-Policy", serializeCsp(API_CSP_DIRECTIVES));
  });
  // Request ids are always ours (audit entries and sync ticks rely on them); a client's
  // X-Request-Id is kept apart as a correlation id, sanitized and at most 64 characters.
  app.use("*", requestId({ headerName: "", generator: () => newId("request") }));
  app.use("*", async (c, next) => {
    c.set("correlationId", correlationId(c.req.header("x-request-id")));
    c.header("X-Request-Id", c.get("requestId"));
    await next();
  });
  app.use("*", async (c, next) => {
    readEnv(c.env); // throws EnvError, rendered below as a 503 that names what is missing
    await next();
  });
  // Benchmarks only (development, opt-in per request): D1 statements and rows read in a header.
  app.use("*", d1Stats());
  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        problem(c, "payload-too-large", 413, `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`),
    }),
  );

  const v1 = createRouter();
  registerRoutes(v1);
  v1.doc31("/openapi.json", (c) => openApiConfig(c.env.APP_VERSION));
  app.route(API_VERSION_PREFIX, v1);

  // The API reference: a pinned bundle served from our own static assets, no CDN, no inline code.
  app.get("/api/docs", (c) => {
    c.header("Content-Security-Policy", serializeCsp(pageCspDirectives()));
    return c.html(apiReferencePage(`${API_VERSION_PREFIX}/openapi.json`, "SnoozeQL API"));
  });

  app.notFound((c) =>
    problem(c, "not-found", 404, `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`),
  );

  app.onError((err, c) => {
    if (err instanceof ApiProblem) {
      return problem(c, err.kind, err.status, err.detail, err.extra, err.headers);
    }
    if (err instanceof HTTPException) {
      // Hono's own client errors (e.g. malformed JSON in the validator) carry safe messages.
      const status = err.status as ContentfulStatusCode;
      if (status < 500) return problem(c, status === 413 ? "payload-too-large" : "validation", status, err.message);
    }
    if (err instanceof EnvError) {
      log.error(err.message, { requestId: c.get("requestId") });
      return problem(c, "unavailable", 503, err.message);
    }
    log.error("unhandled error", { requestId: c.get("requestId"), path: new URL(c.req.url).pathname, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    return problem(c, "internal", 500, "An unexpected error occurred. Quote the request id when reporting it.");
  });

  return app;
}
