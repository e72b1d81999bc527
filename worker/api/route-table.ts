/**
 * Route registration with access control declared next to the route, and the route table built
 * from it. Every /api/v1 route is registered through `defineRoute`, so:
 * - a route cannot forget authorization: it states `access` (a permission, or "public"/"session");
 * - the OpenAPI document shows each route's security and permission (public routes declare
 *   `security: []`), and every operation has an `operationId` (generated clients name their
 *   methods after it; registration throws without one);
 * - tests enumerate `routeTable()` to check tenant isolation and the permission matrix for every
 *   route, so a new route without coverage fails the suite.
 */
import type { OpenAPIHono, RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { PERMISSIONS, type Permission } from "../auth/permissions.ts";
import type { AppEnv } from "./context.ts";
import { requireIdentity, requirePermission, throttlePublic } from "./authenticate.ts";
import { problemResponses } from "./problem.ts";

/** Kinds of tenant-owned things a route's `{id}` can name (the isolation test knows each). */
export type ResourceKind = "apiToken" | "cloudAccount" | "member" | "invitation" | "instance" | "schedule" | "override" | "integration" | "policy" | "recommendation";

export interface RouteMeta {
  method: string;
  /** OpenAPI-style path relative to /api/v1, e.g. `/accounts/{id}`. */
  path: string;
  /** "public": anyone; "session": any signed-in person (own data only); else a permission. */
  access: "public" | "session" | Permission;
  /** What the path's `{id}` names, for routes that address one tenant-owned thing. */
  resource?: ResourceKind;
  /** A valid request used by the OpenAPI examples and the generated tests. */
  example?: { body?: unknown; query?: Record<string, string> };
}

const routes = new Map<string, RouteMeta>();

/** Every registered route (keyed by method and path, so building the app twice adds nothing). */
export function routeTable(): RouteMeta[] {
  return [...routes.values()];
}

export interface RouteDefinition<R extends RouteConfig> {
  route: R;
  access: RouteMeta["access"];
  resource?: ResourceKind;
  example?: RouteMeta["example"];
  /** Extra middleware after authorization (e.g. idempotency). */
  middleware?: MiddlewareHandler<AppEnv>[];
}

export function defineRoute<R extends RouteConfig>(
  app: OpenAPIHono<AppEnv>,
  def: RouteDefinition<R>,
  handler: RouteHandler<R, AppEnv>,
): void {
  const { route, access } = def;
  if (!route.operationId) throw new Error(`${route.method.toUpperCase()} ${route.path} has no operationId`);
  routes.set(`${route.method.toUpperCase()} ${route.path}`, {
    method: route.method.toUpperCase(),
    path: route.path,
    access,
    ...(def.resource && { resource: def.resource }),
    ...(def.example && { example: def.example }),
  });
  const secured = access !== "public";
  const errorStatuses = [...(route.request ? ([400] as const) : []), ...(secured ? ([401, 403, 429] as const) : ([429] as const)), ...(def.resource ? ([404] as const) : [])] as const;
  const described = {
    ...route,
    security: secured ? [{ bearerToken: [] }, { sessionCookie: [] }] : [],
    description: [
      route.description,
      access === "public" ? "No authentication." : access === "session" ? "Any signed-in person." : `Requires the **${PERMISSIONS[access]}** role or higher (\`${access}\`).`,
    ]
      .filter(Boolean)
      .join("\n\n"),
    responses: { ...problemResponses(...errorStatuses), ...route.responses },
    middleware: [
      ...(access === "public" ? [throttlePublic()] : access === "session" ? [requireIdentity()] : [requirePermission(access)]),
      ...(def.middleware ?? []),
      ...((route.middleware ? [route.middleware].flat() : []) as MiddlewareHandler[]),
    ],
  } as R;
  app.openapi(described, handler);
}
