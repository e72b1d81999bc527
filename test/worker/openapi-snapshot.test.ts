// The committed OpenAPI snapshot (openapi.json) is what the Worker serves, and the document keeps
// the promises generated clients rely on: every operation has a unique operationId, public
// operations say they need no credentials, everything else names its credentials.
// The snapshot is regenerated with `npm run openapi:snapshot` (which also writes the web app's types).
import { describe, expect, it } from "vitest";
import { exports } from "cloudflare:workers";
import snapshot from "../../openapi.json";
import { routeTable } from "../../worker/api/route-table.ts";

type Operation = { operationId?: string; security?: unknown[] };

async function served(): Promise<Record<string, any>> {
  const res = await exports.default.fetch("https://snoozeql.test/api/v1/openapi.json");
  expect(res.status).toBe(200);
  return res.json();
}

function operations(doc: Record<string, any>): [string, Operation][] {
  return Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
  );
}

describe("OpenAPI snapshot", () => {
  it("matches the document the Worker serves (run npm run openapi:snapshot when this fails)", async () => {
    const doc = await served();
    // The version comes from the deployment's APP_VERSION; everything else must be identical.
    expect({ ...doc, info: { ...doc.info, version: "" } }).toEqual({ ...snapshot, info: { ...snapshot.info, version: "" } });
  });

  it("gives every operation a unique operationId", async () => {
    const ops = operations(await served());
    expect(ops.length).toBeGreaterThan(40);
    const missing = ops.filter(([, op]) => !op.operationId).map(([name]) => name);
    expect(missing).toEqual([]);
    const ids = ops.map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("declares security: [] on public operations and credentials on all others", async () => {
    const byName = new Map(operations(await served()));
    for (const route of routeTable()) {
      const op = byName.get(`${route.method} ${route.path}`);
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      if (route.access === "public") expect(op!.security, `${route.method} ${route.path}`).toEqual([]);
      else expect(op!.security, `${route.method} ${route.path}`).toEqual([{ bearerToken: [] }, { sessionCookie: [] }]);
    }
  });
});
