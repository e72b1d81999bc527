/**
 * Actions on one cloud account:
 * - POST /accounts/{id}/test — runs the real calls (credentials, list databases) and says in plain
 *   words what works and what is missing; records the outcome on the account. The calls run in
 *   the account's agent, paced with every other call on the account.
 * - POST /accounts/{id}/sync — asks the account's agent to discover and reconcile now (202).
 * - GET /accounts/{id}/cloudformation — the least-privilege role template for this connection.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import { cloudAccounts } from "../../../db/schema.ts";
import { accountAgent } from "../../../accounts/agent.ts";
import { cloudFormationTemplate } from "../../../accounts/connection.ts";
import { audit } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem } from "../../problem.ts";
import { idempotent } from "../../idempotency.ts";
import { IdParam } from "../../schemas.ts";
import { loadAccount } from "./account-view.ts";

const ReportSchema = z
  .object({
    ok: z.boolean(),
    cloudAccountId: z.string().nullable(),
    principal: z.string().nullable(),
    databases: z.number().int().nullable(),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })),
  })
  .openapi("ConnectionReport");

export function registerAccountActions(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "accounts:write",
      resource: "cloudAccount",
      route: createRoute({
        method: "post",
        path: "/accounts/{id}/test",
        operationId: "testAccount",
        tags: ["Cloud accounts"],
        summary: "Test the connection",
        request: { params: IdParam },
        responses: { 200: { description: "What works and what does not (ok=false is still a 200)", content: { "application/json": { schema: ReportSchema } } } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const row = await loadAccount(db, principal.orgId, c.req.valid("param").id);
      const report = await accountAgent(c.env, row.id).testConnection(row.id, row.orgId);
      if (!report) throw new ApiProblem("not-found", 404, `No cloud account ${row.id}.`);
      const failed = report.checks.find((check) => !check.ok);
      await db
        .update(cloudAccounts)
        .set({
          status: row.status === "disabled" ? "disabled" : report.ok ? "connected" : "error",
          lastError: failed ? `${failed.name}: ${failed.detail}` : null,
          externalAccountId: report.cloudAccountId ?? row.externalAccountId,
          nextDueAt: new Date(),
          updatedAt: new Date(),
        })
        .where(and(eq(cloudAccounts.id, row.id), eq(cloudAccounts.orgId, principal.orgId)));
      await audit(c, { action: "account.tested", targetType: "cloud_account", targetId: row.id, summary: { ok: report.ok, databases: report.databases } });
      return c.json(report, 200);
    },
  );

  defineRoute(
    app,
    {
      access: "accounts:write",
      resource: "cloudAccount",
      middleware: [idempotent()],
      route: createRoute({
        method: "post",
        path: "/accounts/{id}/sync",
        operationId: "syncAccount",
        tags: ["Cloud accounts"],
        summary: "Sync now",
        description: "Queues discovery and reconciliation for the account. Send `Idempotency-Key` to make retries safe.",
        request: { params: IdParam },
        responses: { 202: { description: "Queued", content: { "application/json": { schema: z.object({ accountId: z.string(), queuedAt: z.string() }) } } } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const row = await loadAccount(drizzle(c.env.DB), principal.orgId, c.req.valid("param").id);
      if (row.status === "disabled") throw new ApiProblem("conflict", 409, "The account is paused; enable it first.");
      const now = Date.now();
      await c.env.ACCOUNT_TICKS.send({ accountId: row.id, orgId: row.orgId, tickId: `sync-${c.get("requestId")}`, scheduledAt: now, reason: "sync" }, { contentType: "json" });
      await audit(c, { action: "account.sync_requested", targetType: "cloud_account", targetId: row.id });
      return c.json({ accountId: row.id, queuedAt: new Date(now).toISOString() }, 202);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      resource: "cloudAccount",
      route: createRoute({
        method: "get",
        path: "/accounts/{id}/cloudformation",
        operationId: "getAccountCloudFormation",
        tags: ["Cloud accounts"],
        summary: "CloudFormation template",
        description: "A template creating the least-privilege IAM role SnoozeQL assumes (pass this connection's ExternalId as the parameter).",
        request: { params: IdParam },
        responses: { 200: { description: "Template (YAML)", content: { "application/yaml": { schema: z.string() } } } },
      }),
    },
    async (c) => {
      const row = await loadAccount(drizzle(c.env.DB), c.get("principal").orgId, c.req.valid("param").id);
      if (row.authKind !== "assume_role") throw new ApiProblem("not-found", 404, "Only AWS role connections have a CloudFormation template.");
      return c.body(cloudFormationTemplate(c.env.SNOOZEQL_AWS_PRINCIPAL_ARN), 200, {
        "content-type": "application/yaml; charset=utf-8",
        "content-disposition": `attachment; filename="snoozeql-role-${row.id}.yaml"`,
      });
    },
  );
}
