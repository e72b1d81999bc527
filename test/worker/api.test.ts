// The API's shared promises: health, request ids, problem+json for every error, the OpenAPI
// document and the docs page.
import { describe, expect, it } from "vitest";
import { exports } from "cloudflare:workers";
import { createRoute, z } from "@hono/zod-openapi";
import { env } from "cloudflare:workers";
import { createRouter } from "../../worker/api/app.ts";

const api = (path: string, init?: RequestInit) => exports.default.fetch(`https://snoozeql.test${path}`, init);

describe("GET /api/v1/health", () => {
  it("reports version, D1 reachability and bindings", async () => {
    const res = await api("/api/v1/health");
    expect(res.status).toBe(200);
    const body = await res.json<Record<string, any>>();
    expect(body).toMatchObject({
      status: "ok",
      version: "0.1.0",
      environment: "test",
      checks: {
        d1: { ok: true },
        durableObjects: { ok: true },
        queues: { ok: true, bindings: ["ACCOUNT_TICKS", "EVENTS", "NOTIFICATIONS"] },
      },
    });
    expect(typeof body.checks.d1.latencyMs).toBe("number");
  });

  it("gives every response a server-generated request id, even when the client sent its own", async () => {
    const generated = await api("/api/v1/health");
    expect(generated.headers.get("x-request-id")).toMatch(/^req_[0-9A-Z]{26}$/);
    // A client's id is only a correlation id (kept in audit entries), never our request id.
    const sent = await api("/api/v1/health", { headers: { "x-request-id": "trace-abc-123" } });
    expect(sent.headers.get("x-request-id")).toMatch(/^req_[0-9A-Z]{26}$/);
  });
});

describe("problem+json errors", () => {
  it("answers an unknown API route with a 404 problem", async () => {
    const res = await api("/api/v1/no-such-thing");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = await res.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      type: "https://snoozeql.dev/problems/not-found",
      title: "Not found",
      status: 404,
      instance: "/api/v1/no-such-thing",
    });
    expect(body.detail).toContain("GET /api/v1/no-such-thing");
    expect(body.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("answers a wrong method on a known path with a problem, not HTML", async () => {
    const res = await api("/api/v1/health", { method: "DELETE" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("rejects oversized bodies with 413 before reading them all", async () => {
    const res = await api("/api/v1/health", { method: "POST", body: "x".repeat(1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ title: "Payload too large", status: 413 });
  });

  describe("validation (shared by every route built with createRouter)", () => {
    const router = createRouter();
    router.openapi(
      createRoute({
        method: "post",
        path: "/things",
        request: {
          body: { content: { "application/json": { schema: z.object({ name: z.string().min(1), size: z.number().int().max(10) }) } } },
          query: z.object({ dryRun: z.enum(["true", "false"]).optional() }),
        },
        responses: { 201: { description: "created" } },
      }),
      (c) => c.body(null, 201),
    );
    router.onError((err, c) => c.json({ unexpected: String(err) }, 500));
    const post = (body: string, query = "") =>
      router.request(`/things${query}`, { method: "POST", body, headers: { "content-type": "application/json" } }, env);

    it("lists every invalid body field with its path", async () => {
      const res = await post(JSON.stringify({ name: "", size: 11 }));
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const body = await res.json<{ errors: { location: string; path: string }[]; detail: string }>();
      expect(body.errors.map((e) => `${e.location}:${e.path}`).sort()).toEqual(["body:name", "body:size"]);
      expect(body.detail).toMatch(/body\.size: .*10/);
    });

    it("points at the query parameter that is wrong", async () => {
      const res = await post(JSON.stringify({ name: "a", size: 1 }), "?dryRun=maybe");
      expect(res.status).toBe(400);
      const body = await res.json<{ errors: { location: string; path: string }[] }>();
      expect(body.errors).toEqual([expect.objectContaining({ location: "query", path: "dryRun" })]);
    });

    it("accepts a valid request", async () => {
      expect((await post(JSON.stringify({ name: "a", size: 1 }))).status).toBe(201);
    });
  });
});

describe("OpenAPI and docs", () => {
  it("serves an OpenAPI 3.1 document that describes the health route and the problem shape", async () => {
    const res = await api("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json<Record<string, any>>();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("SnoozeQL API");
    expect(doc.servers).toEqual([{ url: "/api/v1" }]);
    expect(doc.paths["/health"].get.responses["200"]).toBeDefined();
    expect(doc.components.schemas.Health).toBeDefined();
  });

  it("serves interactive docs pointing at the document", async () => {
    const res = await api("/api/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("/api/v1/openapi.json");
  });
});
