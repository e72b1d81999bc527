/** The route table: every /api/v1 route registers here, one file per resource action. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../context.ts";
import { registerHealth } from "./health.ts";
import { registerChangePassword } from "./auth/change-password.ts";
import { registerLogin } from "./auth/login.ts";
import { registerLogout } from "./auth/logout.ts";
import { registerMe } from "./auth/me.ts";
import { registerSignup } from "./auth/signup.ts";
import { registerSwitchOrganization } from "./auth/switch-organization.ts";
import { registerCreateToken } from "./tokens/create-token.ts";
import { registerListTokens } from "./tokens/list-tokens.ts";
import { registerRevokeToken } from "./tokens/revoke-token.ts";

export function registerRoutes(v1: OpenAPIHono<AppEnv>): void {
  v1.openAPIRegistry.registerComponent("securitySchemes", "bearerToken", {
    type: "http",
    scheme: "bearer",
    description: "An API token (`sq_live_…`) from POST /api/v1/tokens.",
  });
  v1.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "sq_session",
    description: "The dashboard's session; mutations also need the X-CSRF-Token header.",
  });
  registerHealth(v1);
  registerSignup(v1);
  registerLogin(v1);
  registerLogout(v1);
  registerMe(v1);
  registerChangePassword(v1);
  registerSwitchOrganization(v1);
  registerCreateToken(v1);
  registerListTokens(v1);
  registerRevokeToken(v1);
}
