/**
 * POST /api/v1/accounts — connect a cloud account: an AWS role (SnoozeQL issues the ExternalId
 * and the CloudFormation template), AWS access keys, or a GCP service-account key. Credentials
 * are sealed before they are stored and never returned.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import { cloudAccounts } from "../../../db/schema.ts";
import { newId } from "../../../db/ids.ts";
import { credentialHint, newExternalId, sealCredentials, type SealedCredentials } from "../../../accounts/connection.ts";
import { audit } from "../../../audit/audit-log.ts";
import type { Env } from "../../../env.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem, conflictOnDuplicate } from "../../problem.ts";
import { outboundProblem } from "../../../accounts/endpoint-policy.ts";
import { CreateAccountBody } from "./account-input.ts";
import { AccountSchema, accountView } from "./account-view.ts";

/** Refuses (400) an endpoint override or token_uri this deployment does not allow (endpoint-policy.ts). */
export function checkOutbound(env: Env, account: { authKind: string; endpoint?: string | null; tokenUri?: string | null }): void {
  const problem = outboundProblem(env, account);
  if (problem) {
    throw new ApiProblem("validation", 400, `body.${problem.path}: ${problem.message}`, {
      errors: [{ location: "body", path: problem.path, message: problem.message }],
    });
  }
}

export function registerConnectAccount(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "accounts:write",
      example: { body: { provider: "aws", connection: "assume_role", name: "Staging (AWS)", regions: ["us-east-1"] } },
      route: createRoute({
        method: "post",
        path: "/accounts",
        operationId: "connectAccount",
        tags: ["Cloud accounts"],
        summary: "Connect a cloud account",
        description:
          "AWS role (recommended): create with `connection: assume_role`, run the returned CloudFormation template (or the quick-create link) in your account, then PATCH the role ARN and POST /accounts/{id}/test.",
        request: { body: { required: true, content: { "application/json": { schema: CreateAccountBody } } } },
        responses: {
          201: { description: "Connected (status pending until tested)", content: { "application/json": { schema: AccountSchema } } },
          409: { description: "An account with this name exists" },
        },
      }),
    },
    async (c) => {
      const body = c.req.valid("json");
      const principal = c.get("principal");
      checkOutbound(c.env, { authKind: body.connection, endpoint: body.endpoint, tokenUri: body.connection === "service_account" ? body.serviceAccountKey.token_uri : null });
      const db = drizzle(c.env.DB);
      const [clash] = await db.select({ id: cloudAccounts.id }).from(cloudAccounts).where(and(eq(cloudAccounts.orgId, principal.orgId), eq(cloudAccounts.name, body.name)));
      const taken = `A cloud account named '${body.name}' already exists.`;
      if (clash) throw new ApiProblem("conflict", 409, taken);

      const id = newId("cloudAccount");
      const credentials: SealedCredentials =
        body.connection === "access_keys"
          ? { kind: "access_keys", accessKeyId: body.accessKeyId, secretAccessKey: body.secretAccessKey }
          : body.connection === "service_account"
            ? { kind: "service_account", serviceAccountKey: body.serviceAccountKey }
            : { kind: "assume_role" };
      const [row] = await conflictOnDuplicate(
        db
          .insert(cloudAccounts)
          .values({
            id,
            orgId: principal.orgId,
            provider: body.provider,
            name: body.name,
            status: "pending",
            authKind: body.connection,
            externalAccountId:
              body.connection === "service_account" ? body.serviceAccountKey.project_id : body.connection === "assume_role" && body.roleArn ? body.roleArn.split(":")[4]! : null,
            roleArn: body.connection === "assume_role" ? (body.roleArn ?? null) : null,
            externalId: body.connection === "assume_role" ? newExternalId() : null,
            regions: body.regions ?? null,
            endpoint: body.endpoint ?? null,
            credentialsSealed: credentials.kind === "assume_role" ? null : await sealCredentials(c.env, id, credentials),
            credentialsHint: credentialHint(credentials),
            nextDueAt: new Date(),
          })
          .returning(),
        taken,
      );
      await audit(c, {
        action: "account.connected",
        targetType: "cloud_account",
        targetId: id,
        summary: { provider: body.provider, connection: body.connection, name: body.name, regions: body.regions ?? null, endpoint: body.endpoint ?? null },
      });
      return c.json(accountView(c.env, row!), 201);
    },
  );
}
