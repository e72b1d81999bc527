// The schedules list's one batched call: GET /api/v1/schedules/overview answers, for every schedule
// of the organization, what one preview per schedule used to (databases matched, how many cannot
// be stopped, the next transition) — the same answers, in one request and two D1 statements
// however many schedules there are, and nothing of another tenant.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { cloudAccounts, instances } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { withStatements } from "../helpers/statements.ts";

const tag = (value: string) => ({ match: [{ field: "tag", key: "env", op: "equals", value }] });

async function seed() {
  const { orgId } = await createOrgDirect("Overview");
  const other = await createOrgDirect("Neighbour");
  const db = drizzle(env.DB);
  const accountId = newId("cloudAccount");
  const otherAccount = newId("cloudAccount");
  await db.insert(cloudAccounts).values([
    { id: accountId, orgId, provider: "aws", name: "sandbox", authKind: "access_keys", status: "disabled" },
    { id: otherAccount, orgId: other.orgId, provider: "aws", name: "sandbox", authKind: "access_keys", status: "disabled" },
  ]);
  const row = (name: string, env: string, over: Partial<typeof instances.$inferInsert> = {}) => ({
    id: newId("instance"), orgId, cloudAccountId: accountId, provider: "aws" as const, kind: "rds_instance" as const, externalId: name,
    region: "eu-central-1", name, engine: "postgres", state: "running" as const, tags: { env }, ...over,
  });
  await db.insert(instances).values([
    row("orders-dev", "dev"),
    row("orders-replica", "dev", { eligible: false, ineligibleReason: "a read replica cannot be stopped" }),
    row("billing-qa", "qa"),
    row("neighbour-dev", "dev", { orgId: other.orgId, cloudAccountId: otherAccount }),
  ]);
  const owner = bearer(await tokenFor(orgId, "owner"));
  const viewerToken = await tokenFor(orgId, "viewer");
  const create = async (name: string, env: string, periods: unknown[] = [{ begin: "08:00", end: "20:00" }]) => {
    const res = await api("/schedules", { method: "POST", headers: owner, body: JSON.stringify({ name, timezone: "UTC", periods, selector: tag(env) }) });
    expect(res.status).toBe(201);
    return (await res.json<{ id: string }>()).id;
  };
  return { orgId, viewerToken, create };
}


describe("GET /api/v1/schedules/overview", () => {
  it("answers what a preview per schedule would, for every schedule at once", async () => {
    const s = await seed();
    const nights = await s.create("Nights (dev)", "dev");
    const qa = await s.create("QA weekdays", "qa", [{ begin: "09:00", end: "17:00", weekdays: ["mon-fri"] }]);
    const nobody = await s.create("Nobody", "prod");
    const { status, body } = await withStatements(s.viewerToken, "/schedules/overview?days=7");
    expect(status).toBe(200);
    const byId = Object.fromEntries(body.items.map((i: any) => [i.scheduleId, i]));
    expect(Object.keys(byId).sort()).toEqual([nights, qa, nobody].sort());
    expect(byId[nights]).toMatchObject({ matched: 2, ineligible: 1, valid: true }); // never the neighbour's orders-dev
    expect(byId[qa]).toMatchObject({ matched: 1, ineligible: 0 });
    expect(byId[nobody]).toMatchObject({ matched: 0, ineligible: 0 });
    for (const id of [nights, qa]) {
      const preview = await (await api(`/schedules/${id}/preview?days=7`, { headers: bearer(s.viewerToken) })).json<any>();
      const next = preview.transitions.find((t: any) => t.state !== "none");
      expect(byId[id].nextTransition).toEqual({ at: next.at, state: next.state });
      expect(byId[id].matched).toBe(preview.databases.length);
    }
  });

  it("costs one request and two D1 statements whether there are 2 schedules or 12", async () => {
    const s = await seed();
    for (let i = 0; i < 2; i++) await s.create(`Few ${i}`, "dev");
    const few = await withStatements(s.viewerToken, "/schedules/overview");
    expect(few.body.items).toHaveLength(2);
    for (let i = 0; i < 10; i++) await s.create(`Many ${i}`, i % 2 ? "dev" : "qa");
    const many = await withStatements(s.viewerToken, "/schedules/overview");
    expect(many.body.items).toHaveLength(12);
    expect(few.statements, few.statements.join("\n")).toHaveLength(2);
    expect(many.statements, many.statements.join("\n")).toHaveLength(2);
  });

  it("refuses a range longer than 31 days with a problem", async () => {
    const s = await seed();
    const res = await api("/schedules/overview?days=90", { headers: bearer(s.viewerToken) });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
