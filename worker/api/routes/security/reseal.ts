/**
 * POST /api/v1/security/reseal — after a key rotation, moves this organization's stored cloud
 * credentials to the current encryption key now (the cron tick also does it for everyone, in
 * batches). Owners only; answers with counts, never with secrets.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { resealCredentials } from "../../../accounts/reseal.ts";
import { audit } from "../../../audit/audit-log.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";

const ResealReportSchema = z
  .object({
    resealed: z.number().int(),
    failed: z.array(z.string()).openapi({ description: "Cloud accounts whose credentials no key in the ring opens." }),
    remaining: z.number().int(),
    currentVersion: z.string(),
  })
  .openapi("ResealReport");

export function registerReseal(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:manage",
      route: createRoute({
        operationId: "resealCredentials",
        method: "post",
        path: "/security/reseal",
        tags: ["Security"],
        summary: "Re-seal stored credentials with the current key",
        description: "Run after rotating ENCRYPTION_KEY (docs/security.md): every stored cloud credential of this organization is opened with the key ring and sealed again under the current key.",
        responses: { 200: { description: "Done", content: { "application/json": { schema: ResealReportSchema } } } },
      }),
    },
    async (c) => {
      const report = await resealCredentials(c.env, { orgId: c.get("principal").orgId });
      await audit(c, { action: "credentials.resealed", summary: { resealed: report.resealed, failed: report.failed.length, currentVersion: report.currentVersion } });
      return c.json(report, 200);
    },
  );
}
