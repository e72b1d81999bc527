// Tenants never see or touch each other's data. Generated from the route table: every route that
// addresses a tenant-owned {id} is called by another organization's owner with this tenant's id
// and must answer 404 and change nothing; every list route must show only the caller's rows.
// A route with an {id} and no declared resource kind fails this suite until it is covered.
import { describe, expect, it } from "vitest";
import { exports } from "cloudflare:workers";
import "../../worker/index.ts";
import { routeTable } from "../../worker/api/route-table.ts";
import { createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { factories, fillPath, fixtureFor, snapshot } from "../helpers/tenants.ts";

const routes = routeTable();
const addressed = routes.filter((r) => r.path.includes("{"));
const lists = routes.filter((r) => r.method === "GET" && !r.path.includes("{") && r.access !== "public" && r.access !== "session");

describe("route table coverage", () => {
  it("has routes to check", () => {
    expect(addressed.length).toBeGreaterThan(5);
    expect(lists.length).toBeGreaterThan(3);
  });

  it.each(addressed.map((r) => [`${r.method} ${r.path}`, r] as const))("%s declares what its {id} names", (_name, route) => {
    expect(route.resource, `${route.method} ${route.path} must declare 'resource' so tenant isolation is tested`).toBeDefined();
    expect(Object.keys(factories)).toContain(route.resource);
  });
});

describe("another organization's ids answer 404 and change nothing", () => {
  it.each(addressed.map((r) => [`${r.method} ${r.path}`, r] as const))("%s", async (_name, route) => {
    const victim = await createOrgDirect("Victim");
    const victimOwner = await tokenFor(victim.orgId, "owner");
    const attacker = await createOrgDirect("Attacker");
    const attackerOwner = await tokenFor(attacker.orgId, "owner");

    const id = await fixtureFor(route)(victim.orgId, victimOwner);
    const before = await snapshot(route.resource!, victim.orgId, id);
    const query = route.example?.query ? `?${new URLSearchParams(route.example.query)}` : "";
    const res = await exports.default.fetch(`https://snoozeql.test${fillPath(route.path, id)}${query}`, {
      method: route.method,
      headers: { authorization: `Bearer ${attackerOwner}`, "content-type": "application/json" },
      ...(route.method !== "GET" && route.method !== "DELETE" && { body: JSON.stringify(route.example?.body ?? {}) }),
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await snapshot(route.resource!, victim.orgId, id)).toBe(before);
  });
});

describe("positive control: the owner's own ids work on every {id} route", () => {
  // Without this, a route that 404s for everyone (a broken fixture, a wrong path) would pass the
  // isolation check above while testing nothing.
  it.each(addressed.map((r) => [`${r.method} ${r.path}`, r] as const))("%s", async (_name, route) => {
    const tenant = await createOrgDirect("Owner");
    const owner = await tokenFor(tenant.orgId, "owner");
    const id = await fixtureFor(route)(tenant.orgId, owner);
    const query = route.example?.query ? `?${new URLSearchParams(route.example.query)}` : "";
    const res = await exports.default.fetch(`https://snoozeql.test${fillPath(route.path, id)}${query}`, {
      method: route.method,
      headers: { authorization: `Bearer ${owner}`, "content-type": "application/json" },
      ...(route.method !== "GET" && route.method !== "DELETE" && { body: JSON.stringify(route.example?.body ?? {}) }),
    });
    expect(res.status, await res.clone().text()).not.toBe(404);
    expect(res.status).toBeLessThan(500);
  });
});

describe("lists show only the caller's organization", () => {
  it.each(lists.map((r) => [`${r.method} ${r.path}`, r] as const))("%s", async (_name, route) => {
    const victim = await createOrgDirect("Victim");
    const victimOwner = await tokenFor(victim.orgId, "owner");
    const ids = await Promise.all(Object.values(factories).map((make) => make(victim.orgId, victimOwner)));
    const attacker = await createOrgDirect("Attacker");
    const attackerOwner = await tokenFor(attacker.orgId, "owner");

    const res = await exports.default.fetch(`https://snoozeql.test/api/v1${route.path}`, { headers: { authorization: `Bearer ${attackerOwner}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const id of [...ids, victim.orgId, victim.userId]) expect(text).not.toContain(id);
  });
});
