/** POST /api/v1/auth/logout — ends the current session and clears its cookie. */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { clearedSessionCookie, deleteSession } from "../../../auth/sessions.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";

export function registerLogout(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "session",
      route: createRoute({
        method: "post",
        path: "/auth/logout",
        operationId: "logout",
        tags: ["Auth"],
        summary: "Sign out",
        responses: { 204: { description: "Signed out" } },
      }),
    },
    async (c) => {
      const identity = c.get("identity");
      if (identity.kind !== "user") throw new ApiProblem("validation", 400, "API tokens have no session to end; revoke the token instead.");
      await deleteSession(drizzle(c.env.DB), identity.sessionId);
      c.header("Set-Cookie", clearedSessionCookie());
      return c.body(null, 204);
    },
  );
}
