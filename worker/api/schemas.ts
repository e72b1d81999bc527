/** Shared API schemas (zod + OpenAPI metadata) used by several routes. */
import { z } from "@hono/zod-openapi";
import { ROLES } from "../db/schema.ts";

export const RoleSchema = z.enum(ROLES).openapi({ example: "operator", description: "owner > admin > operator > viewer" });

export const EmailSchema = z
  .email({ error: "must be an email address" })
  .max(254)
  .transform((e) => e.toLowerCase())
  .openapi({ example: "ada@example.com" });

/** OWASP/NIST: length over composition rules; long passphrases welcome. */
export const NewPasswordSchema = z
  .string()
  .min(12, { error: "must be at least 12 characters" })
  .max(256, { error: "must be at most 256 characters" })
  .openapi({ example: "correct horse battery staple" });

export const UserSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string() })
  .openapi("User", { example: { id: "usr_01JDCZ0R7Y6N3B2M1K0J9H8G7F", email: "ada@example.com", name: "Ada Lovelace" } });

export const OrganizationSchema = z
  .object({ id: z.string(), name: z.string(), slug: z.string(), role: RoleSchema })
  .openapi("OrganizationMembership");

export const IdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "acct_01JDCZ0R7Y6N3B2M1K0J9H8G7F" }),
});

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
