/** How an API token is shown: never its secret (except once, at creation). */
import { z } from "@hono/zod-openapi";
import type { apiTokens } from "../../../db/schema.ts";
import { iso, RoleSchema } from "../../schemas.ts";

export const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ example: "sq_live_Ab3dE9", description: "Non-secret start of the token, to recognise it." }),
    role: RoleSchema,
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    createdBy: z
      .object({ id: z.string(), name: z.string(), email: z.string() })
      .nullable()
      .openapi({ description: "Who created the token; it never acts above their current role. null if unrecorded." }),
  })
  .openapi("ApiToken");

export type TokenCreator = { id: string; name: string; email: string } | null;

export function tokenView(row: typeof apiTokens.$inferSelect, createdBy: TokenCreator): z.infer<typeof TokenSchema> {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: iso(row.lastUsedAt),
    expiresAt: iso(row.expiresAt),
    createdBy,
  };
}
