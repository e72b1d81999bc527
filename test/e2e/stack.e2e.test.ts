// The local stack as users and operators meet it: the API answers, its OpenAPI document is
// valid OpenAPI 3.1, the simulator answers, and a cron tick becomes an event row in local D1.
import { validate } from "@readme/openapi-parser";
import { describe, expect, inject, it } from "vitest";
import { ROOT, runNode, WRANGLER } from "../../scripts/lib/process.ts";

const baseUrl = inject("baseUrl");
const simUrl = inject("simUrl");
const persistTo = inject("persistTo");

async function queryLocalD1<T>(sql: string): Promise<T[]> {
  const out = await runNode(WRANGLER, ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--json", "--command", sql], { cwd: ROOT, quiet: true });
  const parsed = JSON.parse(out.slice(out.indexOf("["))) as { results: T[] }[];
  return parsed[0]?.results ?? [];
}

describe("local stack", () => {
  it("answers GET /api/v1/health with 200 and every check green", async () => {
    const res = await fetch(`${baseUrl}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", checks: { d1: { ok: true }, queues: { ok: true }, durableObjects: { ok: true } } });
  });

  it("serves the SPA for unknown paths and problem+json for unknown API paths", async () => {
    const page = await fetch(`${baseUrl}/databases/some-deep-link`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const api = await fetch(`${baseUrl}/api/v1/nope`);
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toBe("application/problem+json");
  });

  it("publishes an OpenAPI document that a validator accepts as OpenAPI 3.1", async () => {
    const doc = await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json();
    const result = await validate(doc as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect((doc as { openapi: string }).openapi).toBe("3.1.0");
  });

  it("rejects a broken OpenAPI document (the validator is not a rubber stamp)", async () => {
    const result = await validate({ openapi: "3.1.0", info: { title: "x" }, paths: { "/a": { get: { responses: "nope" } } } } as never);
    expect(result.valid).toBe(false);
  });

  it("runs the cloud simulator next to the app", async () => {
    const res = await fetch(`${simUrl}/__sim/accounts`);
    expect(res.status).toBe(200);
  });

  it("turns a scheduled tick into an event row in local D1", async () => {
    const accounts = await queryLocalD1<{ id: string }>("select id from cloud_accounts");
    expect(accounts.length).toBeGreaterThan(0);
    // Agents keep their own alarms and push next_due_at past them; make every account overdue, as
    // if their alarms had not fired, so the cron tick (the safety net) hands them to their agents.
    await queryLocalD1("update cloud_accounts set next_due_at = 0");
    const before = await queryLocalD1<{ n: number }>("select count(*) as n from events where type = 'agent.tick'");

    const res = await fetch(`${baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("* * * * *")}`);
    expect(res.status).toBe(200);

    const deadline = Date.now() + 60_000;
    let after = before[0]!.n;
    while (after < before[0]!.n + accounts.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      after = (await queryLocalD1<{ n: number }>("select count(*) as n from events where type = 'agent.tick'"))[0]!.n;
    }
    expect(after).toBe(before[0]!.n + accounts.length);
  });
});
