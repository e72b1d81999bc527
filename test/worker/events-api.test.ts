// GET /api/v1/events: the organization's events, filtered, paged and exported as CSV.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { events } from "../../worker/db/schema.ts";
import { buildEvent } from "../../worker/events/event.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";

describe("GET /api/v1/events", () => {
  it("filters by type prefix, cause and time, pages with a cursor, and exports CSV", async () => {
    const { orgId } = await createOrgDirect("Events");
    const other = await createOrgDirect("Other");
    const headers = bearer(await tokenFor(orgId, "viewer"));
    const base = Date.UTC(2026, 10, 20, 12);
    const rows = await Promise.all([
      buildEvent({ orgId, type: "instance.stop_requested", causeKind: "schedule", causeId: "sch_1", occurredAt: base }, ["a"]),
      buildEvent({ orgId, type: "instance.stopped", causeKind: "schedule", causeId: "sch_1", occurredAt: base + 60_000 }, ["b"]),
      buildEvent({ orgId, type: "instance.start_requested", causeKind: "user", occurredAt: base + 120_000 }, ["c"]),
      buildEvent({ orgId, type: "agent.tick", causeKind: "system", occurredAt: base + 180_000 }, ["d"]),
      buildEvent({ orgId: other.orgId, type: "instance.stopped", causeKind: "schedule", occurredAt: base }, ["e"]),
    ]);
    const db = drizzle(env.DB);
    await db.insert(events).values(rows.map((e) => ({ ...e, occurredAt: new Date(e.occurredAt) })));

    const all = await (await api("/events", { headers })).json<any>();
    expect(all.data.map((e: any) => e.type)).toEqual(["agent.tick", "instance.start_requested", "instance.stopped", "instance.stop_requested"]);
    const instance = await (await api("/events?type=instance.", { headers })).json<any>();
    expect(instance.data).toHaveLength(3);
    const bySchedule = await (await api("/events?cause=schedule", { headers })).json<any>();
    expect(bySchedule.data.map((e: any) => e.cause)).toEqual([{ kind: "schedule", id: "sch_1" }, { kind: "schedule", id: "sch_1" }]);
    const window = await (await api(`/events?from=${new Date(base + 60_000).toISOString()}&to=${new Date(base + 180_000).toISOString()}`, { headers })).json<any>();
    expect(window.data.map((e: any) => e.type)).toEqual(["instance.start_requested", "instance.stopped"]);

    const first = await (await api("/events?limit=2", { headers })).json<any>();
    const second = await (await api(`/events?limit=2&cursor=${first.nextCursor}`, { headers })).json<any>();
    expect([...first.data, ...second.data].map((e: any) => e.id)).toEqual(all.data.map((e: any) => e.id));
    expect(second.nextCursor).toBeNull();

    const csv = await (await api("/events?format=csv&type=instance.", { headers })).text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("occurred_at,type,instance_id,cloud_account_id,cause,cause_id,from_state,to_state,detail");
    expect(lines).toHaveLength(4);

    expect((await api("/events?type=instance%", { headers })).status).toBe(200);
    expect((await api("/events?cause=gremlins", { headers })).status).toBe(400);
  });
});
