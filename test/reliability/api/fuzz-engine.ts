// The bad-input fuzzer's engine: reads operations from an OpenAPI 3.1 document, derives malformed,
// oversized, wrongly typed and boundary requests for each one from its declared parameters and
// body, sends them, and checks every answer against the API's error promise:
//   - never a 5xx;
//   - every 4xx is application/problem+json with `type`, `title`, `status` (= the HTTP status),
//     `instance` and `requestId` (= the X-Request-Id header), and a well-formed `errors` list;
//   - an id of another organization's resource answers 404, and nothing another organization
//     named ever appears in an answer;
//   - no field takes a 100,000-character value (oversized input is refused, not stored);
//   - the same valid request sent from two connections at once gets two such answers (a race
//     between a check and a write is a 409, not a 500).
// Pure apart from `runCases` (HTTP). Deterministic: every random choice comes from one seed.

export interface Param {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: Schema;
}
export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
  [k: string]: unknown;
}
export interface Operation {
  operationId: string;
  method: string;
  path: string;
  params: Param[];
  bodyContentTypes: string[];
  secured: boolean;
}

export interface FuzzCase {
  operationId: string;
  /** What this case does to the request (shown in failures). */
  label: string;
  method: string;
  /** Path below the API prefix, query included. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** An id of another organization's resource: the answer must be 404. */
  foreign?: boolean;
  /** Changes or removes the caller's own state (own-id DELETE and the like): sent last. */
  destructive?: boolean;
  /** Leave the request unauthenticated (no token is added). */
  anonymous?: boolean;
  /** Authenticate with the session cookie (routes for signed-in people) instead of a token. */
  session?: boolean;
  /** Carries a 100,000-character value: no field of the API takes that, so it must not succeed. */
  oversized?: boolean;
  /** Sent from two connections at once (races between a check and a write must not become 5xx). */
  twice?: boolean;
}

export interface CaseResult {
  case: FuzzCase;
  status: number;
  violation: string | null;
  /** The start of an error answer, for the report. */
  answer?: string;
}

/** mulberry32: small, fast and deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct items of `list`, chosen by `random` (all of them when the list is short). */
export function pick<T>(list: readonly T[], count: number, random: () => number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}

const METHODS = ["get", "post", "put", "patch", "delete"];

export function operations(doc: { paths: Record<string, Record<string, any>>; security?: unknown[] }): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const security = (op.security ?? doc.security ?? []) as unknown[];
      out.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        params: ((op.parameters ?? []) as any[]).map((p) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: p.schema ?? {} })),
        bodyContentTypes: Object.keys(op.requestBody?.content ?? {}),
        secured: security.length > 0,
      });
    }
  }
  return out;
}

const HUGE = "x".repeat(100_000);
const UNICODE = "Ωmega ≈ ç √ ∫ 😀 \u202e evil \u0000 nul \ud800";

/** Values that are wrong, or at an edge, for a string query parameter of any declared type. */
export const QUERY_VALUES = [
  "", " ", "-1", "0", "1.5", "-0", "NaN", "Infinity", "1e309", "99999999999999999999999", "9007199254740993",
  "abc", "true", "null", "[]", "{}", "__not_an_enum__", "2026-13-45", "2026-02-30T25:61:00Z", "yesterday",
  "1969-12-31T23:59:59Z", "9999-12-31T23:59:59.999Z", "%00", "%FF%FE", "..%2F..%2Fhealth", "' OR 1=1 --",
  "<script>alert(1)</script>", encodeURIComponent(UNICODE.replace("\ud800", "")), "%ED%A0%80", "y".repeat(8_000), "eyJ4IjoxfQ", "!!!cursor!!!",
];

/** Path segment values that name nothing, or nothing valid. */
export const PATH_VALUES = [
  " ", "0", "-1", "1e309", "NaN", "null", "undefined", "..", "%2E%2E", "%00", "%FF", "%2F",
  encodeURIComponent("😀💥"), encodeURIComponent("' OR 1=1 --"), "a".repeat(4_000), "sch_00000000000000000000000000",
];

/** JSON values that are the wrong type, or at an edge, for any body field. */
export const BODY_VALUES: unknown[] = [
  null, 0, -1, 1.5, -1e308, 1e308, 9007199254740993, true, "", "x", HUGE, UNICODE, [], [null], {}, { nested: { deep: [1, "a"] } },
  "2026-13-45T99:99:99Z", "__not_an_enum__", "😀".repeat(2_000),
];

export interface CaseContext {
  /** The caller's own resource id for an operation's `{id}`, or undefined if there is none. */
  ownId(op: Operation): string | undefined;
  /** Another organization's resource id for an operation's `{id}`, or undefined. */
  foreignId(op: Operation): string | undefined;
  /** A valid JSON body for the operation (required for every operation with a JSON body). */
  validBody(op: Operation): unknown;
  /** Operations whose valid request removes what later cases aim at: all their cases go last. */
  destructive(op: Operation): boolean;
  /** Operations meant for a signed-in person: their cases are sent with the session cookie. */
  session(op: Operation): boolean;
  random: () => number;
  /** How many values of each list to try per parameter or field (the rest are left to other seeds). */
  perParam: number;
}

const JSON_CT = { "content-type": "application/json" };

function withQuery(path: string, query: [string, string][]): string {
  return query.length === 0 ? path : `${path}?${query.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join("&")}`;
}

/** Every request the fuzzer sends for one operation. */
export function buildCases(op: Operation, ctx: CaseContext): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const own = ctx.ownId(op);
  const hasId = op.params.some((p) => p.in === "path");
  const pathWith = (id: string) => op.path.replace(/\{[^}]+\}/g, id);
  const basePath = pathWith(own ?? "none_0000000000");
  const hasJson = op.bodyContentTypes.includes("application/json");
  const valid = hasJson ? ctx.validBody(op) : undefined;
  const validBody = valid === undefined ? undefined : JSON.stringify(valid);
  const base = { operationId: op.operationId, method: op.method };
  const bodyInit = validBody === undefined ? {} : { body: validBody, headers: { ...JSON_CT } };
  // Every case of a destructive operation goes last: even a "bad" one may be a valid request in
  // disguise (an unknown query parameter is ignored), and must not delete what others aim at.
  const destructive = ctx.destructive(op);
  // Routes for a signed-in person refuse tokens before validating: their cases use the session.
  const session = ctx.session(op);
  const add = (c: Omit<FuzzCase, "operationId" | "method" | "headers"> & { headers?: Record<string, string> }) =>
    cases.push({ ...base, headers: {}, ...(destructive && { destructive }), ...(session && !c.anonymous && { session }), ...(c.body?.includes(HUGE) && { oversized: true }), ...c });

  // The valid request itself: proves the route is reachable with the caller's own ids.
  add({ label: "valid request", url: basePath, ...bodyInit });
  if (validBody !== undefined && !destructive) add({ label: "valid request twice at once", url: basePath, ...bodyInit, twice: true });

  if (op.secured) {
    add({ label: "no credentials", url: basePath, anonymous: true, ...bodyInit });
    add({ label: "malformed Authorization", url: basePath, anonymous: true, ...bodyInit, headers: { ...bodyInit.headers, authorization: "Bearer" } });
    add({ label: "unknown token", url: basePath, anonymous: true, ...bodyInit, headers: { ...bodyInit.headers, authorization: "Bearer snq_" + "0".repeat(40) } });
  }

  if (hasId) {
    const foreign = ctx.foreignId(op);
    if (foreign) add({ label: "another organization's id", url: pathWith(foreign), foreign: true, ...bodyInit });
    for (const v of pick(PATH_VALUES, ctx.perParam + 2, ctx.random)) add({ label: `path id=${v.slice(0, 40)}`, url: pathWith(v), ...bodyInit });
  }

  for (const p of op.params.filter((q) => q.in === "query")) {
    for (const v of pick(QUERY_VALUES, ctx.perParam, ctx.random)) add({ label: `query ${p.name}=${v.slice(0, 40)}`, url: withQuery(basePath, [[p.name, v]]), ...bodyInit });
    add({ label: `query ${p.name} repeated`, url: withQuery(basePath, [[p.name, "1"], [p.name, "2"]]), ...bodyInit });
  }
  if (op.params.some((q) => q.in === "query")) {
    add({ label: "every query parameter at once, wrongly typed", url: withQuery(basePath, op.params.filter((q) => q.in === "query").map((q) => [q.name, "-1.5e309"])), ...bodyInit });
  }
  add({ label: "unknown query parameter", url: withQuery(basePath, [["__unknown", "1"]]), ...bodyInit });
  add({ label: "trailing slash", url: `${basePath}/`, ...bodyInit });

  if (hasJson) {
    const raw = (label: string, body: string | undefined, headers: Record<string, string> = JSON_CT) => add({ label, url: basePath, headers, ...(body !== undefined && { body }) });
    raw("no body", undefined);
    raw("empty body", "");
    raw("not JSON", "not json at all");
    raw("truncated JSON", validBody!.slice(0, Math.max(1, Math.floor(validBody!.length / 2))));
    for (const v of ["null", "[]", "123", '"text"', "true"]) raw(`body ${v}`, v);
    raw("deeply nested JSON", "[".repeat(50_000) + "]".repeat(50_000));
    raw("body over 1 MiB", JSON.stringify({ ...(valid as object), padding: "p".repeat(1_100_000) }));
    raw("text/plain content type", validBody, { "content-type": "text/plain" });
    raw("form content type", "name=x&role=owner", { "content-type": "application/x-www-form-urlencoded" });
    raw("no content type", validBody, {});
    raw("JSON with charset and odd casing", validBody, { "content-type": "Application/JSON; charset=utf-16" });
    raw("empty object", "{}");
    if (valid && typeof valid === "object" && !Array.isArray(valid)) {
      raw("extra field", JSON.stringify({ ...valid, __extra: { a: 1 } }));
      raw("prototype pollution keys", JSON.stringify({ ...valid, __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }));
      for (const [key, value] of Object.entries(valid as Record<string, unknown>)) {
        const { [key]: _dropped, ...rest } = valid as Record<string, unknown>;
        raw(`body without ${key}`, JSON.stringify(rest));
        for (const v of pick(BODY_VALUES, ctx.perParam, ctx.random)) raw(`body ${key}=${JSON.stringify(v).slice(0, 40)}`, JSON.stringify({ ...valid, [key]: v }));
        // One level down: the first element of an array field, or the fields of an object field.
        const inner = Array.isArray(value) ? value[0] : value;
        if (inner && typeof inner === "object" && !Array.isArray(inner)) {
          for (const innerKey of Object.keys(inner)) {
            const v = pick(BODY_VALUES, 1, ctx.random)[0];
            const mutated = { ...(inner as object), [innerKey]: v };
            raw(`body ${key}.${innerKey}=${JSON.stringify(v).slice(0, 40)}`, JSON.stringify({ ...valid, [key]: Array.isArray(value) ? [mutated, ...value.slice(1)] : mutated }));
          }
        }
      }
    }
  } else if (op.method !== "GET" && op.method !== "DELETE") {
    // Operations without a declared JSON body get one anyway, and a wrong content type.
    add({ label: "unexpected JSON body", url: basePath, headers: { ...JSON_CT }, body: JSON.stringify({ unexpected: HUGE.slice(0, 1000) }) });
    add({ label: "unexpected malformed body", url: basePath, headers: { ...JSON_CT }, body: "{{{" });
  }
  return cases;
}

const PROBLEM_TYPE = /^https:\/\/snoozeql\.dev\/problems\/[a-z-]+$/;
const LOCATIONS = new Set(["body", "query", "path", "header", "cookie"]);

/** What is wrong with an answer, or null. `forbidden` lists strings that must never appear in it. */
export function checkAnswer(c: FuzzCase, status: number, headers: Headers, text: string, forbidden: readonly string[]): string | null {
  for (const marker of forbidden) if (marker && text.includes(marker)) return `answer contains another organization's data (${marker})`;
  if (status >= 500) return `server error ${status}: ${text.slice(0, 200)}`;
  if (c.foreign && status !== 404) return `another organization's id answered ${status}, not 404`;
  if (c.oversized && status < 300 && !c.anonymous) return `a 100,000-character value was accepted (${status})`;
  if (status < 400) return null;
  const type = headers.get("content-type") ?? "";
  if (!type.startsWith("application/problem+json")) return `${status} answered with content-type '${type}', not application/problem+json: ${text.slice(0, 120)}`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `${status} problem body is not JSON: ${text.slice(0, 120)}`;
  }
  if (typeof body.type !== "string" || !PROBLEM_TYPE.test(body.type)) return `problem type ${JSON.stringify(body.type)} is not one of the product's`;
  if (typeof body.title !== "string" || body.title === "") return "problem has no title";
  if (body.status !== status) return `problem status ${JSON.stringify(body.status)} differs from HTTP ${status}`;
  if (body.detail !== undefined && typeof body.detail !== "string") return "problem detail is not a string";
  if (typeof body.instance !== "string" || !body.instance.startsWith("/api/")) return `problem instance ${JSON.stringify(body.instance)} is not the request path`;
  const requestId = headers.get("x-request-id");
  if (typeof body.requestId !== "string" || body.requestId !== requestId) return `problem requestId ${JSON.stringify(body.requestId)} differs from X-Request-Id ${requestId}`;
  if (body.errors !== undefined) {
    if (!Array.isArray(body.errors) || body.errors.length === 0) return "problem errors is not a non-empty list";
    for (const e of body.errors as Record<string, unknown>[]) {
      if (!LOCATIONS.has(e.location as string) || typeof e.path !== "string" || typeof e.message !== "string") return `malformed problem error entry ${JSON.stringify(e).slice(0, 120)}`;
    }
  }
  if (status === 429 && !headers.get("ratelimit")) return "429 without RateLimit headers";
  return null;
}

export interface RunOptions {
  baseUrl: string;
  /** Session cookie (`name=value`) and CSRF token for cases marked `session`. */
  session?: { cookie: string; csrf: string };
  /** Bearer tokens used in turn (spreads the per-token rate limit). */
  tokens: readonly string[];
  concurrency: number;
  forbidden: readonly string[];
}

/**
 * Sends the cases (non-destructive first, then destructive ones in order) and checks each answer.
 * A 429 from the caller's own rate limit is checked like any answer, then the case is retried once
 * after Retry-After so that the rate limit does not hide the route behind it.
 */
export async function runCases(cases: readonly FuzzCase[], o: RunOptions): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  let turn = 0;
  const send = async (c: FuzzCase): Promise<CaseResult> => {
    if (c.twice) {
      const [a, b] = await Promise.all([send({ ...c, twice: false }), send({ ...c, twice: false })]);
      return a.violation ? a : b;
    }
    for (let attempt = 0; ; attempt++) {
      const headers = new Headers(c.headers);
      if (c.session && o.session) {
        headers.set("cookie", o.session.cookie);
        headers.set("x-csrf-token", o.session.csrf);
      } else if (!c.anonymous) headers.set("authorization", `Bearer ${o.tokens[turn++ % o.tokens.length]}`);
      let res: Response;
      try {
        res = await fetch(`${o.baseUrl}/api/v1${c.url}`, { method: c.method, headers, ...(c.body !== undefined && { body: c.body }), redirect: "manual" });
      } catch (error) {
        return { case: c, status: 0, violation: `connection failed: ${error instanceof Error ? error.message : String(error)}` };
      }
      const text = await res.text();
      if (c.session && o.session) followSession(o.session, res, text);
      const violation = checkAnswer(c, res.status, res.headers, text, o.forbidden);
      if (res.status === 429 && violation === null && attempt === 0) {
        await new Promise((r) => setTimeout(r, Math.min(5, Number(res.headers.get("retry-after") ?? 1)) * 1000));
        continue;
      }
      return { case: c, status: res.status, violation, ...(res.status >= 300 && { answer: text.slice(0, 160) }) };
    }
  };
  const pool = async (list: readonly FuzzCase[], width: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < list.length) results.push(await send(list[next++]!));
      }),
    );
  };
  await pool(cases.filter((c) => !c.destructive), o.concurrency);
  // Destructive cases keep their order (the caller's list decides what is removed last).
  await pool(cases.filter((c) => c.destructive), 1);
  return results;
}

/** Keeps the session current like a browser would: a rotated cookie and CSRF token replace the old. */
function followSession(session: { cookie: string; csrf: string }, res: Response, text: string): void {
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (!cookie || !res.ok) return;
  session.cookie = cookie;
  try {
    const csrf = (JSON.parse(text) as { csrfToken?: unknown }).csrfToken;
    if (typeof csrf === "string") session.csrf = csrf;
  } catch {
    // not JSON: keep the CSRF token
  }
  const header = res.headers.get("x-csrf-token");
  if (header) session.csrf = header;
}

/** Requests sent per operation, for the report. */
export function countByOperation(results: readonly CaseResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.case.operationId, (counts.get(r.case.operationId) ?? 0) + 1);
  return counts;
}
