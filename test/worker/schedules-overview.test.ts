// The schedules list's one batched call: GET /api/v1/schedules/overview answers, for every schedule
// of the organization, what one preview per schedule used to (databases matched, how many cannot
// be stopped, the next transition) — the same answers, in one request and two D1 statements
// however many schedules there are, and nothing of another tenant.
import { describe, expect, it } from "vitest";
import { api, bearer, tokenFor } from "../helpers/auth.ts";
import { withNeighbour } from "../helpers/neighbours.ts";
import { withStatements } from "../helpers/statements.ts";

const tag = (value: string) => ({ match: [{ field: "tag", key: "env", op: "equals", value }] });

async function seed() {
  const t = await withNeighbour("Overview");
  await t.insert(
    t.database("orders-dev"),
    t.database("orders-replica", { eligible: false, ineligibleReason: "a read replica cannot be stopped" }),
    t.database("billing-qa", { tags: { env: "qa" } }),
    t.neighbourDatabase("neighbour-dev"),
  );
  const viewerToken = await tokenFor(t.orgId, "viewer");
  const create = (name: string, env: string, periods: unknown[] = [{ begin: "08:00", end: "20:00" }]) => t.schedule({ name, timezone: "UTC", periods, selector: tag(env) });
  return { orgId: t.orgId, viewerToken, create };
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
