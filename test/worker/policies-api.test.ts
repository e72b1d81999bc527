// Policies API: validation problems name the field; CRUD with unique names; a dry evaluation
// now reports, per selected database, whether it would fire and the hourly values it saw.
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { metrics } from "../../worker/db/schema.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { factories } from "../helpers/tenants.ts";

const H = 3_600_000;
const policy = { name: "Idle", selector: { match: [{ field: "name", op: "glob", value: "fixture-*" }] }, rules: [{ metric: "connections", operator: "lte", threshold: 0, duration: "3h" }], actions: [{ type: "stop" }] };

async function owner() {
  const { orgId } = await createOrgDirect("Policies");
  return { orgId, headers: bearer(await tokenFor(orgId, "owner")) };
}

describe("policies API", () => {
  it("answers 400 problem+json naming each bad field", async () => {
    const { headers } = await owner();
    const res = await api("/policies", { method: "POST", headers, body: JSON.stringify({ ...policy, rules: [{ metric: "cpu", operator: "below", threshold: 5, duration: "2 hours" }], actions: [{ type: "set_capacity", minAcu: 4, maxAcu: 2 }] }) });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const paths = (await res.json<{ errors: { path: string }[] }>()).errors.map((e) => e.path).sort();
    expect(paths).toEqual(["actions.0.minAcu", "rules.0.duration", "rules.0.operator"]);
  });

  it("creates, lists, replaces and deletes; names are unique; a new policy is a dry run", async () => {
    const { headers } = await owner();
    const created = await api("/policies", { method: "POST", headers, body: JSON.stringify(policy) });
    expect(created.status).toBe(201);
    const { id, dryRun, definition } = await created.json<any>();
    expect(dryRun).toBe(true);
    expect(definition).toMatchObject({ combine: "and", cooldown: "1h", enabled: true });
    expect((await api("/policies", { method: "POST", headers, body: JSON.stringify(policy) })).status).toBe(409);
    const replaced = await api(`/policies/${id}`, { method: "PUT", headers, body: JSON.stringify({ ...policy, name: "Idle nights", dryRun: false }) });
    expect(await replaced.json()).toMatchObject({ name: "Idle nights", dryRun: false });
    expect((await (await api("/policies", { headers })).json<any>()).data.map((p: any) => p.name)).toEqual(["Idle nights"]);
    expect((await api(`/policies/${id}`, { method: "DELETE", headers })).status).toBe(204);
    expect((await api(`/policies/${id}`, { headers })).status).toBe(404);
  });

  it("evaluates now without acting: only a database idle for the full duration would fire", async () => {
    const { orgId, headers } = await owner();
    const idle = await factories.instance(orgId, "");
    const young = await factories.instance(orgId, "");
    const hour = Math.floor(Date.now() / H) * H;
    const row = (instanceId: string, hoursAgo: number) => ({ orgId, instanceId, metric: "connections", hourStart: new Date(hour - hoursAgo * H), avg: 0, max: 0, min: 0, samples: 12 });
    await drizzle(env.DB).insert(metrics).values([row(idle, 1), row(idle, 2), row(idle, 3), row(young, 1), row(young, 2)]);
    const { id } = await (await api("/policies", { method: "POST", headers, body: JSON.stringify(policy) })).json<any>();
    const result = await (await api(`/policies/${id}/evaluate`, { method: "POST", headers })).json<any>();
    const byId = new Map(result.databases.map((d: any) => [d.instanceId, d]));
    expect(byId.get(idle)).toMatchObject({ fires: true, rules: [{ metric: "connections", holds: true, hours: [{ value: 0 }, { value: 0 }, { value: 0 }] }] });
    expect(byId.get(young)).toMatchObject({ fires: false, reason: expect.stringContaining("no data for 1 of 3 hours") });
    expect((await (await api(`/policies/${id}/history`, { headers })).json<any>()).data).toEqual([]);
  });
});
