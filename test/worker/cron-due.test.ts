// The cron tick stays O(due): its one read is a range on the due index, and every account has a
// due time from the moment it is connected.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { cloudAccounts } from "../../worker/db/schema.ts";
import { dueAccountsQuery } from "../../worker/ticks/cron-tick.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";

describe("the cron tick's query", () => {
  it("is a SEARCH on cloud_accounts_due_idx, not a scan", async () => {
    const { sql, params } = dueAccountsQuery(env, Date.now()).toSQL();
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail);
    expect(details).toContainEqual(expect.stringMatching(/^SEARCH cloud_accounts USING INDEX cloud_accounts_due_idx \(next_due_at<\?\)/));
    expect(details.join("\n")).not.toMatch(/SCAN|MULTI-INDEX/);
  });

  it("finds a newly connected account, which is due at once", async () => {
    const { orgId } = await createOrgDirect("Due");
    const headers = bearer(await tokenFor(orgId, "owner"));
    const res = await api("/accounts", { method: "POST", headers, body: JSON.stringify({ provider: "aws", connection: "access_keys", name: "due", regions: ["us-east-1"], accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY" }) });
    expect(res.status).toBe(201);
    const { id } = await res.json<{ id: string }>();
    const [row] = await drizzle(env.DB).select().from(cloudAccounts).where(eq(cloudAccounts.id, id));
    expect(row!.nextDueAt).not.toBeNull();
    expect((await dueAccountsQuery(env, Date.now() + 1000)).map((a) => a.id)).toContain(id);
  });
});
