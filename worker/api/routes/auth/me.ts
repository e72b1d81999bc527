/** GET /api/v1/me — who is calling: the person (or token), their organizations and roles. */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { meView, MeSchema } from "./session-view.ts";

export function registerMe(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "session",
      route: createRoute({
        method: "get",
        path: "/me",
        operationId: "getMe",
        tags: ["Auth"],
        summary: "Who am I",
        responses: { 200: { description: "The caller", content: { "application/json": { schema: MeSchema } } } },
      }),
    },
    async (c) => c.json(await meView(drizzle(c.env.DB), c.get("identity"), c.env.SESSION_SECRET), 200),
  );
}
