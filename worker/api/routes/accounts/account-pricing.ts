/**
 * PUT /api/v1/accounts/{id}/pricing — the account's discount on catalog prices (reserved
 * instances, savings plans, committed-use discounts), as a percent with up to two decimals. It
 * takes effect now for every database of the account (price history row; a sleep in progress is
 * split here); overrides are a person's own price and are not discounted. Audited.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { and, eq } from "drizzle-orm";
import { cloudAccounts } from "../../../db/schema.ts";
import { audit } from "../../../audit/audit-log.ts";
import { discountPercentText } from "../../../savings/price.ts";
import { repriceAccount } from "../../../savings/store.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { IdParam } from "../../schemas.ts";
import { loadAccount } from "./account-view.ts";

const PricingSchema = z
  .object({
    accountId: z.string(),
    discountPercent: z.number().openapi({ example: 30 }),
    repricedDatabases: z.number().int(),
  })
  .openapi("AccountPricing");

/** Percent (≤ 2 decimals) to basis points, exactly. */
const toBps = (percent: number) => Math.round(percent * 100);

export function registerAccountPricing(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "pricing:write",
      resource: "cloudAccount",
      example: { body: { discountPercent: 30 } },
      route: createRoute({
        method: "put",
        path: "/accounts/{id}/pricing",
        operationId: "setAccountPricing",
        tags: ["Cloud accounts"],
        summary: "Set an account's discount",
        description: "A discount on catalog prices for every database of the account (e.g. 30 for a 30% reserved-instance rate). Effective now.",
        request: {
          params: IdParam,
          body: {
            required: true,
            content: {
              "application/json": {
                schema: z
                  .object({
                    discountPercent: z
                      .number()
                      .min(0)
                      .max(100)
                      .refine((p) => Math.abs(p * 100 - toBps(p)) < 1e-6, { message: "may have at most two decimals" }),
                  })
                  .strict()
                  .openapi("AccountPricingInput"),
              },
            },
          },
        },
        responses: { 200: { description: "The discount in force", content: { "application/json": { schema: PricingSchema } } } },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const db = drizzle(c.env.DB);
      const account = await loadAccount(db, orgId, c.req.valid("param").id);
      const discountBps = toBps(c.req.valid("json").discountPercent);
      const now = Date.now();
      await db.update(cloudAccounts).set({ discountBps, updatedAt: new Date(now) }).where(and(eq(cloudAccounts.id, account.id), eq(cloudAccounts.orgId, orgId)));
      const { repriced } = await repriceAccount(c.env.DB, orgId, account.id, now);
      await audit(c, {
        action: "account.pricing_changed",
        targetType: "cloud_account",
        targetId: account.id,
        summary: { before: { discountBps: account.discountBps }, after: { discountBps } },
      });
      return c.json({ accountId: account.id, discountPercent: Number(discountPercentText(discountBps)), repricedDatabases: repriced }, 200);
    },
  );
}
