/** PATCH /api/v1/accounts/{id} — rename, change regions, add the role ARN, replace credentials,
 * pause/resume; DELETE /api/v1/accounts/{id} — disconnect (its databases and history go too). */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { fleetRateStatements } from "../../../savings/fleet-rate.ts";
import { drizzle } from "drizzle-orm/d1";
import { and, eq, ne } from "drizzle-orm";
import { cloudAccounts } from "../../../db/schema.ts";
import { credentialHint, sealCredentials, type SealedCredentials } from "../../../accounts/connection.ts";
import { audit } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem, conflictOnDuplicate } from "../../problem.ts";
import { IdParam } from "../../schemas.ts";
import { UpdateAccountBody } from "./account-input.ts";
import { checkOutbound } from "./connect-account.ts";
import { AccountSchema, accountView, loadAccount } from "./account-view.ts";

const invalid = (path: string, message: string) =>
  new ApiProblem("validation", 400, `body.${path}: ${message}`, { errors: [{ location: "body", path, message }] });

export function registerUpdateAccount(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "accounts:write",
      resource: "cloudAccount",
      example: { body: { name: "Renamed account" } },
      route: createRoute({
        method: "patch",
        path: "/accounts/{id}",
        operationId: "updateAccount",
        tags: ["Cloud accounts"],
        summary: "Change a cloud account",
        request: { params: IdParam, body: { required: true, content: { "application/json": { schema: UpdateAccountBody } } } },
        responses: { 200: { description: "Changed", content: { "application/json": { schema: AccountSchema } } } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const body = c.req.valid("json");
      const db = drizzle(c.env.DB);
      const row = await loadAccount(db, principal.orgId, c.req.valid("param").id);
      const changes: Partial<typeof cloudAccounts.$inferInsert> = { updatedAt: new Date() };
      const changed: string[] = [];

      if (body.name !== undefined && body.name !== row.name) {
        const [clash] = await db.select({ id: cloudAccounts.id }).from(cloudAccounts).where(and(eq(cloudAccounts.orgId, principal.orgId), eq(cloudAccounts.name, body.name), ne(cloudAccounts.id, row.id)));
        if (clash) throw new ApiProblem("conflict", 409, `A cloud account named '${body.name}' already exists.`);
        changes.name = body.name;
        changed.push("name");
      }
      if (body.regions) {
        if (row.provider !== "aws") throw invalid("regions", "only AWS accounts take a region list");
        changes.regions = body.regions;
        changed.push("regions");
      }
      if (body.roleArn) {
        if (row.authKind !== "assume_role") throw invalid("roleArn", "this account connects with keys, not a role");
        changes.roleArn = body.roleArn;
        changes.externalAccountId = body.roleArn.split(":")[4]!;
        changes.status = "pending";
        changed.push("roleArn");
      }
      let credentials: SealedCredentials | null = null;
      if (body.accessKeyId || body.secretAccessKey) {
        if (row.authKind !== "access_keys") throw invalid("accessKeyId", "this account does not connect with access keys");
        if (!body.accessKeyId || !body.secretAccessKey) throw invalid(body.accessKeyId ? "secretAccessKey" : "accessKeyId", "give both the access key id and the secret");
        credentials = { kind: "access_keys", accessKeyId: body.accessKeyId, secretAccessKey: body.secretAccessKey };
      }
      if (body.serviceAccountKey) {
        if (row.authKind !== "service_account") throw invalid("serviceAccountKey", "this account does not connect with a service-account key");
        checkOutbound(c.env, { authKind: row.authKind, tokenUri: body.serviceAccountKey.token_uri });
        credentials = { kind: "service_account", serviceAccountKey: body.serviceAccountKey };
        changes.externalAccountId = body.serviceAccountKey.project_id;
      }
      if (credentials) {
        changes.credentialsSealed = await sealCredentials(c.env, row.id, credentials);
        changes.credentialsHint = credentialHint(credentials);
        changes.status = "pending";
        changed.push("credentials");
      }
      if (body.enabled !== undefined) {
        changes.status = body.enabled ? (row.status === "disabled" ? "pending" : row.status) : "disabled";
        changed.push(body.enabled ? "enabled" : "disabled");
      }
      const [updated] = await conflictOnDuplicate(
        db.update(cloudAccounts).set(changes).where(and(eq(cloudAccounts.id, row.id), eq(cloudAccounts.orgId, principal.orgId))).returning(),
        `A cloud account named '${body.name}' already exists.`,
      );
      await audit(c, { action: "account.updated", targetType: "cloud_account", targetId: row.id, summary: { changed, before: { name: row.name, status: row.status, regions: row.regions }, after: { name: updated!.name, status: updated!.status, regions: updated!.regions } } });
      return c.json(accountView(c.env, updated!), 200);
    },
  );

  defineRoute(
    app,
    {
      access: "accounts:write",
      resource: "cloudAccount",
      route: createRoute({
        method: "delete",
        path: "/accounts/{id}",
        operationId: "deleteAccount",
        tags: ["Cloud accounts"],
        summary: "Disconnect a cloud account",
        description: "Removes the account, its credentials and its databases from SnoozeQL. Nothing changes at the cloud.",
        request: { params: IdParam },
        responses: { 204: { description: "Disconnected" } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const row = await loadAccount(db, principal.orgId, c.req.valid("param").id);
      // Its databases leave the fleet (cascade): the organization's projected cost follows.
      await db.batch([db.delete(cloudAccounts).where(and(eq(cloudAccounts.id, row.id), eq(cloudAccounts.orgId, principal.orgId))), ...fleetRateStatements(db, principal.orgId)]);
      await audit(c, { action: "account.disconnected", targetType: "cloud_account", targetId: row.id, summary: { name: row.name, provider: row.provider } });
      return c.body(null, 204);
    },
  );
}
