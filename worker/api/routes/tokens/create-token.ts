/** POST /api/v1/tokens — create an API token; the secret is in this response and nowhere else. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { apiTokens, users } from "../../../db/schema.ts";
import { newId } from "../../../db/ids.ts";
import { generateToken } from "../../../auth/api-tokens.ts";
import { sha256 } from "../../../auth/crypto.ts";
import { canGrant } from "../../../auth/permissions.ts";
import { audit } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { RoleSchema } from "../../schemas.ts";
import { TokenSchema, tokenView } from "./token-view.ts";

const Body = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: "ci-pipeline" }),
    role: RoleSchema,
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ example: "2027-06-30T00:00:00Z" }),
  })
  .openapi("CreateTokenRequest");

const Created = TokenSchema.extend({
  token: z.string().openapi({ example: "sq_live_Ab3dE9...", description: "The secret. Shown once; store it now." }),
}).openapi("CreatedApiToken");

export function registerCreateToken(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "tokens:manage",
      example: { body: { name: "ci-pipeline", role: "operator" } },
      route: createRoute({
        method: "post",
        path: "/tokens",
        operationId: "createToken",
        tags: ["API tokens"],
        summary: "Create an API token",
        description: "The token can do what its role allows, never more than the creator's role.",
        request: { body: { required: true, content: { "application/json": { schema: Body } } } },
        responses: { 201: { description: "Created (the secret is shown only here)", content: { "application/json": { schema: Created } } } },
      }),
    },
    async (c) => {
      const body = c.req.valid("json");
      const principal = c.get("principal");
      if (!canGrant(principal.role, body.role)) {
        throw new ApiProblem("forbidden", 403, `You cannot create a token with role ${body.role} above your own (${principal.role}).`);
      }
      const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
      if (expiresAt && expiresAt.getTime() <= Date.now()) {
        throw new ApiProblem("validation", 400, "body.expiresAt: must be in the future", { errors: [{ location: "body", path: "expiresAt", message: "must be in the future" }] });
      }
      const { token, displayPrefix } = generateToken();
      const db = drizzle(c.env.DB);
      const [row] = await db
        .insert(apiTokens)
        .values({
          id: newId("apiToken"),
          orgId: principal.orgId,
          name: body.name,
          prefix: displayPrefix,
          tokenHash: await sha256(token),
          role: body.role,
          createdByUserId: principal.kind === "user" ? principal.userId : principal.creatorUserId,
          expiresAt,
        })
        .returning();
      await audit(c, { action: "token.created", targetType: "api_token", targetId: row!.id, summary: { name: body.name, role: body.role, expiresAt: body.expiresAt ?? null } });
      const [creator] = row!.createdByUserId ? await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, row!.createdByUserId)) : [];
      return c.json({ ...tokenView(row!, creator ?? null), token }, 201);
    },
  );
}
