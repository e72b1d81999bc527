/** The route table: every /api/v1 route registers here, one file per resource action. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../context.ts";
import { registerHealth } from "./health.ts";

export function registerRoutes(v1: OpenAPIHono<AppEnv>): void {
  registerHealth(v1);
}
