/** The "who am I" view shared by signup, login, /me and organization switching. */
import { z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { organizations } from "../../../db/schema.ts";
import { organizationsOf } from "../../../auth/accounts.ts";
import type { Identity } from "../../../auth/principal.ts";
import { csrfToken } from "../../../auth/sessions.ts";
import { OrganizationSchema, RoleSchema, UserSchema } from "../../schemas.ts";

export const MeSchema = z
  .object({
    kind: z.enum(["user", "api_token"]),
    // A union with null (not `.nullable()`, which would make the shared components themselves
    // nullable in the OpenAPI document, and so every `organizations[]` item in generated clients).
    user: z.union([UserSchema, z.null()]),
    token: z.object({ id: z.string(), name: z.string() }).nullable(),
    organization: z.union([OrganizationSchema, z.null()]).openapi({ description: "The organization requests act in (null for a person in none)." }),
    role: RoleSchema.nullable(),
    organizations: z.array(OrganizationSchema),
    csrfToken: z.string().nullable().openapi({ description: "Send as X-CSRF-Token on cookie-authenticated POST/PATCH/DELETE." }),
  })
  .openapi("Me");

export type Me = z.infer<typeof MeSchema>;

export async function meView(db: DrizzleD1Database, identity: Identity, sessionSecret: string): Promise<Me> {
  if (identity.kind === "api_token") {
    const [organization] = await db
      .select({ id: organizations.id, name: organizations.name, slug: organizations.slug })
      .from(organizations)
      .where(eq(organizations.id, identity.orgId));
    return {
      kind: "api_token",
      user: null,
      token: { id: identity.tokenId, name: identity.tokenName },
      organization: organization ? { ...organization, role: identity.role } : null,
      role: identity.role,
      organizations: [],
      csrfToken: null,
    };
  }
  const memberships = await organizationsOf(db, identity.userId);
  const current = memberships.find((o) => o.id === identity.orgId) ?? null;
  return {
    kind: "user",
    user: { id: identity.userId, email: identity.email, name: identity.name },
    token: null,
    organization: current,
    role: current?.role ?? null,
    organizations: memberships,
    csrfToken: await csrfToken(sessionSecret, identity.sessionId),
  };
}
