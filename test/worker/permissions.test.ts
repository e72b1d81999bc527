// The permission matrix, enforced on every route: each role gets exactly the routes its
// permission allows (others answer 403), generated from the route table.
import { describe, expect, it } from "vitest";
import { exports } from "cloudflare:workers";
import "../../worker/index.ts";
import { routeTable } from "../../worker/api/route-table.ts";
import { can, PERMISSIONS, type Permission } from "../../worker/auth/permissions.ts";
import { createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { ALL_ROLES, fillPath, fixtureFor } from "../helpers/tenants.ts";

const guarded = routeTable().filter((r) => r.access !== "public" && r.access !== "session");

describe("permission matrix", () => {
  it("every guarded route names a permission from the matrix", () => {
    expect(guarded.length).toBeGreaterThan(8);
    for (const r of guarded) expect(Object.keys(PERMISSIONS)).toContain(r.access);
  });

  it.each(guarded.flatMap((r) => ALL_ROLES.map((role) => [`${role} → ${r.method} ${r.path}`, r, role] as const)))("%s", async (_name, route, role) => {
    const org = await createOrgDirect("Roles");
    const owner = await tokenFor(org.orgId, "owner");
    const caller = await tokenFor(org.orgId, role);
    const id = route.resource ? await fixtureFor(route)(org.orgId, owner) : "";
    const query = route.example?.query ? `?${new URLSearchParams(route.example.query)}` : "";
    const res = await exports.default.fetch(`https://snoozeql.test${fillPath(route.path, id)}${query}`, {
      method: route.method,
      headers: { authorization: `Bearer ${caller}`, "content-type": "application/json" },
      ...(route.method !== "GET" && route.method !== "DELETE" && { body: JSON.stringify(route.example?.body ?? {}) }),
    });
    const allowed = can(role, route.access as Permission);
    // Whoever calls, a route never answers with a server error (bad input is a 4xx problem).
    expect(res.status, `${res.status}: ${await res.clone().text()}`).toBeLessThan(500);
    if (allowed) {
      expect([401, 403]).not.toContain(res.status);
    } else {
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ detail: expect.stringContaining(`permission '${route.access}'`) });
    }
  });

  it("anonymous callers get 401 on every guarded route", async () => {
    for (const route of guarded) {
      const res = await exports.default.fetch(`https://snoozeql.test${fillPath(route.path, "x")}`, { method: route.method, headers: { "content-type": "application/json" }, ...(route.method !== "GET" && route.method !== "DELETE" && { body: "{}" }) });
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
    }
  });
});
