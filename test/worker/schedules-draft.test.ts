// The schedule editor's server side: a draft is previewed before it is saved (which databases it
// would match, why the others are left out, its transitions, hours asleep and savings), request
// bodies are validated by the schedule model's own schema (problem+json with field paths), and an
// Instance Scheduler import says what did not carry over.
import { describe, expect, it } from "vitest";
import { api, bearer, tokenFor } from "../helpers/auth.ts";
import { withNeighbour } from "../helpers/neighbours.ts";

const DEV = { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] };

async function seed() {
  const t = await withNeighbour("Drafts");
  await t.insert(
    // $0.50 an hour (the stored catalog price).
    t.database("orders-dev", { hourlyPriceMicros: 500_000, priceSource: "catalog 2026-11" }),
    t.database("orders-replica", { eligible: false, ineligibleReason: "a read replica cannot be stopped" }),
    t.database("billing-prod", { tags: { env: "prod" } }),
    t.neighbourDatabase("neighbour-dev"),
  );
  return { orgId: t.orgId };
}

describe("POST /api/v1/schedules/preview (an unsaved draft)", () => {
  it("lists matched databases with projected savings, the others with the matchers they fail, and the transitions — nothing of other tenants, nothing saved", async () => {
    const { orgId } = await seed();
    const viewer = bearer(await tokenFor(orgId, "viewer"));
    // Asleep every night 20:00–08:00 UTC (an overnight period written as the running hours 08:00–20:00).
    const draft = { name: "Nights", timezone: "UTC", periods: [{ begin: "08:00", end: "20:00" }], selector: DEV };
    const res = await api("/schedules/preview", { method: "POST", headers: viewer, body: JSON.stringify({ schedule: draft, days: 7 }) });
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(body.hoursAsleep).toBeCloseTo(84, 0);
    const byName = Object.fromEntries(body.databases.map((d: any) => [d.name, d]));
    expect(Object.keys(byName).sort()).toEqual(["orders-dev", "orders-replica"]);
    // 84 h x $0.50 = $42.00 (integer cents), and nothing for the database that cannot be stopped.
    expect(byName["orders-dev"]).toMatchObject({ eligible: true, hourlyPriceMicros: 500_000 });
    expect(byName["orders-dev"].projectedSavingsCents).toBeGreaterThanOrEqual(4150);
    expect(byName["orders-dev"].projectedSavingsCents).toBeLessThanOrEqual(4200);
    expect(byName["orders-replica"]).toMatchObject({ eligible: false, ineligibleReason: "a read replica cannot be stopped", hoursAsleep: 0, projectedSavingsCents: 0 });
    expect(body.unmatched).toEqual([{ id: expect.any(String), name: "billing-prod", reasons: ['tag env equals "dev"'] }]);
    expect(body.transitions.length).toBeGreaterThanOrEqual(13);
    expect(body.transitions.every((t: any) => ["running", "stopped"].includes(t.state))).toBe(true);

    const list = await api("/schedules", { headers: viewer });
    expect((await list.json<any>()).data).toEqual([]);
  });

  it("answers a bad draft with 400 problem+json naming the field", async () => {
    const { orgId } = await seed();
    const viewer = bearer(await tokenFor(orgId, "viewer"));
    const res = await api("/schedules/preview", {
      method: "POST",
      headers: viewer,
      body: JSON.stringify({ schedule: { name: "Bad", timezone: "Mars/Olympus", periods: [{ begin: "25:00", end: "08:00" }], selector: DEV } }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = await res.json<any>();
    expect(problem.errors.map((e: any) => e.path).sort()).toEqual(["schedule.periods.0.begin", "schedule.timezone"]);
  });
});

describe("schedule request bodies use the model's schema", () => {
  it("create rejects unknown fields and bad periods with their paths; the minimum-sleep floor still applies", async () => {
    const { orgId } = await seed();
    const owner = bearer(await tokenFor(orgId, "owner"));
    const res = await api("/schedules", { method: "POST", headers: owner, body: JSON.stringify({ name: "X", timezone: "UTC", periods: [{ begin: "09:00", end: "09:00" }], selector: DEV, colour: "red" }) });
    expect(res.status).toBe(400);
    const paths = (await res.json<any>()).errors.map((e: any) => e.path).sort();
    expect(paths).toEqual(["(root)", "periods.0.end"]);
    const ok = await api("/schedules", { method: "POST", headers: owner, body: JSON.stringify({ name: "Nights", timezone: "UTC", periods: [{ begin: "20:00", end: "08:00" }], exceptions: [{ from: "2026-12-24", state: "stopped", reason: "Holiday" }], selector: DEV, minimumSleepMinutes: 45 }) });
    expect(ok.status).toBe(201);
    expect(await ok.json<any>()).toMatchObject({ name: "Nights", minimumSleepMinutes: 45, definition: { exceptions: [{ from: "2026-12-24", state: "stopped", reason: "Holiday" }] } });
  });

  it("the OpenAPI document describes the schedule body field by field", async () => {
    const doc = await (await api("/openapi.json")).json<any>();
    const schema = doc.components.schemas.ScheduleDefinition;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["name", "timezone", "periods", "cronPairs", "exceptions", "selector", "enforce", "dryRun", "enabled", "minimumSleepMinutes"]));
    expect(schema.required).toEqual(expect.arrayContaining(["name", "timezone", "selector"]));
  });
});

describe("POST /api/v1/schedules/import?dryRun=true", () => {
  it("returns the translated schedule and the warnings of what does not carry over, and saves nothing", async () => {
    const { orgId } = await seed();
    const owner = bearer(await tokenFor(orgId, "owner"));
    const res = await api("/schedules/import?dryRun=true", {
      method: "POST",
      headers: owner,
      body: JSON.stringify({ format: "instance-scheduler", schedule: { name: "office", timezone: "Europe/London", retain_running: true, periods: [{ begintime: "9:00", endtime: "17:00", weekdays: "mon-fri" }] } }),
    });
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(body.schedule).toMatchObject({ name: "office", timezone: "Europe/London", periods: [{ begin: "09:00", end: "17:00", weekdays: ["mon-fri"] }] });
    expect(body.warnings.join(" ")).toMatch(/retain_running/);
    expect((await (await api("/schedules", { headers: owner })).json<any>()).data).toEqual([]);
  });
});
