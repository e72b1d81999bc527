/** How a cloud account is shown: connection facts and a credential hint, never a credential. */
import { z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { cloudAccounts } from "../../../db/schema.ts";
import type { AccountRow } from "../../../accounts/connection.ts";
import { quickCreateUrl } from "../../../accounts/connection.ts";
import type { Env } from "../../../env.ts";
import { ApiProblem } from "../../problem.ts";
import { iso } from "../../schemas.ts";

export const AccountSchema = z
  .object({
    id: z.string(),
    provider: z.enum(["aws", "gcp"]),
    name: z.string(),
    status: z.enum(["pending", "connected", "error", "disabled"]),
    connection: z.enum(["assume_role", "access_keys", "service_account"]),
    cloudAccountId: z.string().nullable().openapi({ description: "AWS account id or GCP project id." }),
    regions: z.array(z.string()).nullable(),
    endpoint: z.string().nullable().openapi({ description: "API endpoint override (sandbox accounts); null for the cloud's own." }),
    credentials: z.string().nullable().openapi({ example: "access key …WXYZ", description: "A non-secret hint; credentials are never returned." }),
    aws: z
      .object({
        roleArn: z.string().nullable(),
        externalId: z.string().nullable(),
        cloudFormationTemplate: z.string().nullable().openapi({ description: "API path of the template for this connection." }),
        quickCreateUrl: z.string().nullable(),
      })
      .nullable(),
    lastSyncAt: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("CloudAccount");

export type AccountView = z.infer<typeof AccountSchema>;

export function accountView(env: Env, row: AccountRow): AccountView {
  const role = row.authKind === "assume_role";
  return {
    id: row.id,
    provider: row.provider,
    name: row.name,
    status: row.status,
    connection: row.authKind,
    cloudAccountId: row.externalAccountId,
    regions: row.regions ?? null,
    endpoint: row.endpoint,
    credentials: row.credentialsHint,
    aws:
      row.provider === "aws"
        ? {
            roleArn: row.roleArn,
            externalId: role ? row.externalId : null,
            cloudFormationTemplate: role ? `/api/v1/accounts/${row.id}/cloudformation` : null,
            quickCreateUrl: role && row.externalId && env.CLOUDFORMATION_TEMPLATE_URL ? quickCreateUrl(env.CLOUDFORMATION_TEMPLATE_URL, row.externalId, row.regions?.[0]) : null,
          }
        : null,
    lastSyncAt: iso(row.lastSyncAt),
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The account if it belongs to the organization; otherwise a 404 (never a 403: no existence leak). */
export async function loadAccount(db: DrizzleD1Database, orgId: string, id: string): Promise<AccountRow> {
  const [row] = await db.select().from(cloudAccounts).where(and(eq(cloudAccounts.id, id), eq(cloudAccounts.orgId, orgId)));
  if (!row) throw new ApiProblem("not-found", 404, `No cloud account ${id}.`);
  return row;
}
