/**
 * The signed-in person's own sessions:
 * - GET /api/v1/auth/sessions — where am I signed in (this browser marked), with each session's
 *   absolute and idle limits;
 * - POST /api/v1/auth/sessions/sign-out-everywhere — ends every session of this person (or every
 *   other one with `keepCurrent`).
 * Session ids are never shown (they are hashes of cookie tokens); each entry has a short handle.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { clearedSessionCookie, deleteUserSessions, listSessions, SESSION_IDLE_MS, SESSION_TTL_MS } from "../../../auth/sessions.ts";
import type { Identity } from "../../../auth/principal.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { iso } from "../../schemas.ts";

const SessionSchema = z
  .object({
    handle: z.string().openapi({ description: "A short, non-secret label for the session." }),
    current: z.boolean().openapi({ description: "This browser's session." }),
    organizationId: z.string().nullable(),
    signedInAt: z.string().openapi({ description: "When this token was issued (rotation and organization switches issue new ones)." }),
    lastSeenAt: z.string().nullable(),
    expiresAt: z.string().openapi({ description: "Absolute end of the session; rotation never moves it." }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .openapi("Session");

const SessionListSchema = z
  .object({
    items: z.array(SessionSchema),
    limits: z.object({ absoluteSeconds: z.number().int(), idleSeconds: z.number().int() }),
  })
  .openapi("SessionList");

function personOf(identity: Identity) {
  if (identity.kind !== "user") throw new ApiProblem("validation", 400, "API tokens have no sessions; revoke the token instead.");
  return identity;
}

export function registerSessions(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "session",
      route: createRoute({
        operationId: "listSessions",
        method: "get",
        path: "/auth/sessions",
        tags: ["Auth"],
        summary: "List my active sessions",
        responses: { 200: { description: "Live sessions, newest first", content: { "application/json": { schema: SessionListSchema } } } },
      }),
    },
    async (c) => {
      const person = personOf(c.get("identity"));
      const rows = await listSessions(drizzle(c.env.DB), person.userId);
      return c.json(
        {
          items: rows.map((r) => ({
            handle: r.id.slice(0, 8),
            current: r.id === person.sessionId,
            organizationId: r.orgId,
            signedInAt: r.createdAt.toISOString(),
            lastSeenAt: iso(r.lastSeenAt),
            expiresAt: r.expiresAt.toISOString(),
            ip: r.ip,
            userAgent: r.userAgent,
          })),
          limits: { absoluteSeconds: SESSION_TTL_MS / 1000, idleSeconds: SESSION_IDLE_MS / 1000 },
        },
        200,
      );
    },
  );

  defineRoute(
    app,
    {
      access: "session",
      example: { body: { keepCurrent: false } },
      route: createRoute({
        operationId: "signOutEverywhere",
        method: "post",
        path: "/auth/sessions/sign-out-everywhere",
        tags: ["Auth"],
        summary: "Sign out everywhere",
        description: "Ends every session of the caller; with `keepCurrent: true` every session but this one.",
        request: { body: { required: false, content: { "application/json": { schema: z.object({ keepCurrent: z.boolean().default(false) }).openapi("SignOutEverywhereRequest") } } } },
        responses: { 204: { description: "Signed out" } },
      }),
    },
    async (c) => {
      const person = personOf(c.get("identity"));
      const keepCurrent = (c.req.valid("json") as { keepCurrent?: boolean } | undefined)?.keepCurrent ?? false;
      await deleteUserSessions(drizzle(c.env.DB), person.userId, keepCurrent ? person.sessionId : undefined);
      if (!keepCurrent) c.header("Set-Cookie", clearedSessionCookie());
      return c.body(null, 204);
    },
  );
}
