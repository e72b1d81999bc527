// Bad input, driven by the OpenAPI document: every operation the API serves gets malformed,
// oversized, wrongly typed and boundary values in its path, query and body (plus wrong content
// types, missing and extra fields, missing or bad credentials), aimed at the caller's own real
// resources and at another organization's. The promise checked on every answer (fuzz-engine.ts):
// no 5xx, every error is problem+json with the product's fields, another organization's ids
// answer 404 and nothing of theirs ever shows. Deterministic: FUZZ_SEED (default 14) picks the
// values; another seed explores other values, FUZZ_PER_PARAM more of them per field
// (`FUZZ_SEED=7 FUZZ_PER_PARAM=40 npm run test:reliability:api -- test/reliability/api/fuzz.test.ts`).
//
// Shown to fail when broken on purpose (tried while writing this suite, then restored):
// - worker/api/routes/events/list-events.ts handler, first line:
//   `if (c.req.query("__unknown") !== undefined) throw new Error("boom")` -> the third test fails
//   with "GET /events?__unknown=1 [listEvents: unknown query parameter] -> server error 500".
// The in-process control at the bottom breaks a tiny server on every run (500 on a query value,
// text/plain errors, another organization's data served), so the checks can never pass on nothing.
// Found by this suite and fixed: two concurrent creates or renames to the same schedule, policy or
// cloud-account name answered 500 from the unique index (test/worker/unique-name-races.test.ts).
//
// Runtime on the 2-core machine under other load: ~1,900 requests in ~60 s (30 req/s).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildCases, countByOperation, operations, rng, runCases, type CaseContext, type CaseResult, type Operation } from "./fuzz-engine.ts";
import { connectSimAccount, Http, POLICY_BODY, SCHEDULE_BODY, signUpTenant, type Tenant } from "./tenants.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 14);
/** Values tried per parameter and body field (FUZZ_PER_PARAM=40 tries every value in the lists). */
const PER_PARAM = Number(process.env.FUZZ_PER_PARAM ?? 3);
const FOREIGN = "FOREIGNMARKzq";

/** One of each resource an operation's `{id}` can name, by the path's first segment. */
type Ids = Record<string, string | undefined>;

async function resources(http: Http, simUrl: string, t: Tenant, label: string, marker: string): Promise<Ids> {
  const token = t.tokens[0]!;
  const { accountId, instanceIds } = await connectSimAccount(http, simUrl, t, label, 2);
  const schedule = await http.json<{ id: string }>("/schedules", token, { method: "POST", body: SCHEDULE_BODY(`${marker} schedule`), expect: [201] });
  const policy = await http.json<{ id: string }>("/policies", token, { method: "POST", body: POLICY_BODY(`${marker} policy`), expect: [201] });
  const override = await http.json<{ id: string }>(`/instances/${instanceIds[0]}/overrides`, token, { method: "POST", body: { kind: "keep_awake", durationMinutes: 120, reason: `${marker} override` }, expect: [201] });
  const integration = await http.json<{ id: string }>("/integrations", token, { method: "POST", body: { kind: "webhook", name: `${marker} hook`, url: "https://hooks.example.com/snoozeql", eventTypes: ["database.stopped"] }, expect: [201] });
  const victim = await http.json<{ id: string }>("/tokens", token, { method: "POST", body: { name: `${marker} token`, role: "viewer" }, expect: [201] });
  const invitation = await http.json<{ id: string }>("/invitations", token, { method: "POST", body: { email: `${label}-invitee@reliability.test`, role: "viewer" }, expect: [201] });
  return {
    accounts: accountId,
    instances: instanceIds[0],
    schedules: schedule.id,
    policies: policy.id,
    overrides: override.id,
    integrations: integration.id,
    tokens: victim.id,
    invitations: invitation.id,
    members: t.userId,
    // No recommendation exists without two weeks of metrics: a well-formed id that names nothing.
    recommendations: "rec_00000000000000000000000000",
  };
}

const firstSegment = (op: Operation) => op.path.split("/")[1]!;

/** Valid bodies, by operationId: every operation with a JSON body must have one (checked below). */
function validBodies(mine: Tenant, ids: Ids, simUrl: string): Record<string, unknown> {
  const schedule = SCHEDULE_BODY("fuzzed schedule");
  return {
    signup: { email: "fuzz-signup@reliability.test", password: "correct horse battery staple", name: "Fuzz", organization: "Fuzz Ltd" },
    verifyEmail: { token: "link-token-from-the-email-0123" },
    forgotPassword: { email: "nobody@reliability.test" },
    resetPassword: { token: "link-token-from-the-email-0123", password: "a much longer passphrase" },
    login: { email: "nobody@reliability.test", password: "not the password" },
    changePassword: { currentPassword: "not the current password", newPassword: "a much longer passphrase" },
    switchOrganization: { organizationId: mine.orgId },
    signOutEverywhere: { keepCurrent: true },
    createToken: { name: "fuzzed token", role: "viewer" },
    changeMember: { role: "owner" },
    createInvitation: { email: "fuzz-invitee@reliability.test", role: "viewer" },
    acceptInvitation: { token: "invitation-token-that-names-nothing", name: "Fuzz", password: "a much longer passphrase" },
    connectAccount: { provider: "aws", connection: "access_keys", name: "fuzzed account", regions: ["us-east-1"], accessKeyId: "AKIAFUZZ000000000001", secretAccessKey: "fuzzedSecretAccessKey0123456789abcdefghij", endpoint: simUrl },
    updateAccount: { name: "renamed by the fuzzer" },
    createOverride: { kind: "keep_awake", durationMinutes: 60, reason: "fuzz" },
    createSchedule: schedule,
    replaceSchedule: SCHEDULE_BODY("fuzz schedule"),
    evaluateSchedule: { schedule, at: ["2026-11-24T09:00:00Z"] },
    importSchedule: { format: "instance-scheduler", schedule: { name: "office-hours", timezone: "US/Eastern", periods: [{ begintime: "09:00", endtime: "17:00", weekdays: "mon-fri" }] } },
    previewScheduleDraft: { schedule, days: 7 },
    createPolicy: POLICY_BODY("fuzzed policy"),
    replacePolicy: POLICY_BODY("fuzz policy"),
    setInstancePrice: { hourlyPriceMicros: 120_000 },
    setAccountPricing: { discountPercent: 10 },
    linkSlackUser: { slackUserId: "U0FUZZ01", userId: ids.members },
    createIntegration: { kind: "webhook", name: "fuzzed hook", url: "https://hooks.example.com/fuzz", eventTypes: ["database.started"] },
    updateIntegration: { name: "renamed hook" },
    rotateIntegrationSecret: { windowHours: 24 },
  };
}

/** Valid requests that remove what later cases aim at: sent last, one at a time, removeMember last of all. */
const DESTRUCTIVE = ["cancelOverride", "revokeToken", "revokeInvitation", "deleteIntegration", "deletePolicy", "deleteSchedule", "deleteAccount", "switchOrganization", "signOutEverywhere", "logout", "removeMember"];
/** Routes for a signed-in person (a token is refused): their valid request goes with the session. */
const SESSION_ONLY = ["changePassword", "switchOrganization", "listSessions", "signOutEverywhere", "logout"];

describe("bad input to every operation of the OpenAPI document", () => {
  const baseUrl = inject("baseUrl");
  const simUrl = inject("simUrl");
  const http = new Http(baseUrl);
  let ops: Operation[] = [];
  let results: CaseResult[] = [];
  let started = 0;

  beforeAll(async () => {
    const doc = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as Parameters<typeof operations>[0];
    ops = operations(doc);
    const [[mine, own], [theirs, foreign]] = await Promise.all(
      [["fuzz", "fuzz", 24], ["foreign", FOREIGN, 1]].map(async ([label, marker, tokens]) => {
        const tenant = await signUpTenant(http, simUrl, String(label), Number(tokens));
        return [tenant, await resources(http, simUrl, tenant, String(label), String(marker))] as const;
      }),
    ) as [[Tenant, Ids], [Tenant, Ids]];
    const bodies = validBodies(mine, own, simUrl);
    const ctx: CaseContext = {
      ownId: (op) => own[firstSegment(op)],
      foreignId: (op) => (firstSegment(op) === "members" ? theirs.userId : foreign[firstSegment(op)]),
      validBody: (op) => {
        if (!(op.operationId in bodies)) throw new Error(`${op.operationId} takes a JSON body but the fuzzer has no valid example for it: add one to validBodies()`);
        return bodies[op.operationId];
      },
      destructive: (op) => DESTRUCTIVE.includes(op.operationId),
      session: (op) => SESSION_ONLY.includes(op.operationId),
      random: rng(SEED),
      perParam: PER_PARAM,
    };
    const cases = ops.flatMap((op) => buildCases(op, ctx));
    cases.sort((a, b) => (a.destructive ? DESTRUCTIVE.indexOf(a.operationId) : -1) - (b.destructive ? DESTRUCTIVE.indexOf(b.operationId) : -1));
    started = Date.now();
    results = await runCases(cases, { baseUrl, tokens: mine.tokens, session: { cookie: mine.cookie, csrf: mine.csrf }, concurrency: 8, forbidden: [FOREIGN, theirs.email] });
  }, 1_800_000);

  afterAll(() => {
    if (started === 0) return;
    const seconds = (Date.now() - started) / 1000;
    const counts = countByOperation(results);
    const statuses = new Map<number, number>();
    for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    console.log(
      `fuzz (seed ${SEED}): ${results.length} requests to ${counts.size} operations in ${seconds.toFixed(1)} s (${(results.length / seconds).toFixed(0)} req/s); ` +
        `statuses ${[...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(" ")}\n` +
        [...counts].map(([op, n]) => `  ${op.padEnd(32)} ${n}`).join("\n") +
        "\nvalid requests refused: " +
        results.filter((r) => r.case.label === "valid request" && r.status >= 300).map((r) => `\n  ${r.case.operationId} ${r.status} ${r.answer?.replace(/"(type|instance|requestId)":"[^"]*",?/g, "")}`).join(""),
    );
  });

  it("exercises every operation in the document, each with its valid request and bad ones", () => {
    expect(ops.length).toBeGreaterThan(50);
    const counts = countByOperation(results);
    const missing = ops.filter((op) => (counts.get(op.operationId) ?? 0) < 3).map((op) => op.operationId);
    expect(missing).toEqual([]);
  });

  it("reaches the routes: valid requests with the caller's own ids succeed, not just fail validation", () => {
    const valid = results.filter((r) => r.case.label === "valid request");
    const ok = valid.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.case.operationId);
    // Most operations accept their valid request; the rest refuse it for a stated reason (wrong
    // password, token instead of session, nothing to link): all 4xx, checked by the next test.
    expect(ok.length).toBeGreaterThan(ops.length * 0.6);
    for (const op of ["listEvents", "getSchedule", "replaceSchedule", "createOverride", "getAccount", "updateIntegration", "deleteAccount"]) expect(ok).toContain(op);
  });

  it("answers every bad request with a 4xx problem+json, never a 5xx, and another organization's ids with 404", () => {
    const failures = results.filter((r) => r.violation).map((r) => `${r.case.method} ${r.case.url.slice(0, 100)} [${r.case.operationId}: ${r.case.label}] -> ${r.violation}`);
    expect(failures).toEqual([]);
  });

  it("sent another organization's id to every operation that takes one", () => {
    const foreignSent = new Set(results.filter((r) => r.case.foreign).map((r) => r.case.operationId));
    const withId = ops.filter((op) => op.path.includes("{") && firstSegment(op) !== "recommendations").map((op) => op.operationId);
    expect(withId.filter((id) => !foreignSent.has(id))).toEqual([]);
  });
});

describe("the fuzzer's own checks (positive control: a deliberately broken route is caught)", () => {
  let server: Server;
  let baseUrl = "";
  const doc = {
    paths: {
      "/good": { get: { operationId: "good", security: [{ bearerToken: [] }], parameters: [{ name: "limit", in: "query", schema: { type: "integer" } }] } },
      "/broken/{id}": { post: { operationId: "broken", security: [{ bearerToken: [] }], parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], requestBody: { content: { "application/json": { schema: { type: "object" } } } } } },
    },
  };
  beforeAll(async () => {
    // /good validates like the product; /broken throws on a non-numeric query value, answers a
    // malformed body with text/plain 400, and serves another organization's thing.
    server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const problem = (status: number) => {
        res.writeHead(status, { "content-type": "application/problem+json", "x-request-id": "req_1" });
        res.end(JSON.stringify({ type: "https://snoozeql.dev/problems/validation", title: "Request validation failed", status, instance: url.pathname, requestId: "req_1" }));
      };
      if (url.pathname.startsWith("/api/v1/good")) return req.headers.authorization?.length === 47 && /^\d*$/.test(url.searchParams.get("limit") ?? "") ? (res.writeHead(200), res.end("{}")) : problem(req.headers.authorization ? 400 : 401);
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        if (url.pathname === "/api/v1/broken/theirs") return res.writeHead(200).end(`{"name":"${FOREIGN}"}`);
        if (/[^\w]/.test(url.searchParams.get("__unknown") ?? "") || url.search.length > 0) return res.writeHead(500).end("TypeError: boom");
        try {
          JSON.parse(body);
        } catch {
          return res.writeHead(400, { "content-type": "text/plain" }).end("bad json");
        }
        problem(404);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("reports 5xx, non-problem errors and cross-organization answers, and passes the well-behaved route", async () => {
    const ops = operations(doc);
    const ctx: CaseContext = {
      ownId: () => "mine",
      foreignId: (op) => (op.operationId === "broken" ? "theirs" : undefined),
      validBody: () => ({ name: "x" }),
      destructive: () => false,
      session: () => false,
      random: rng(SEED),
      perParam: 5,
    };
    const results = await runCases(ops.flatMap((op) => buildCases(op, ctx)), { baseUrl, tokens: ["t".repeat(40)], concurrency: 4, forbidden: [FOREIGN] });
    const violations = (id: string) => results.filter((r) => r.case.operationId === id && r.violation).map((r) => r.violation!);
    expect(violations("good")).toEqual([]);
    const broken = violations("broken");
    expect(broken.some((v) => v.startsWith("server error 500"))).toBe(true);
    expect(broken.some((v) => v.includes("not application/problem+json"))).toBe(true);
    expect(broken.some((v) => v.includes("another organization's data"))).toBe(true);
  });
});
