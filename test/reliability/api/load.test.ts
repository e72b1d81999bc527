// Load: 200 concurrent clients for 60 s (LOAD_SECONDS) on a mix of reads and writes across four
// organizations and twenty API tokens, driven by autocannon. The promises checked:
// - zero errors: no 5xx, no connection failures or timeouts, no 4xx but rate limiting;
// - rate limits answer 429 problem+json with RateLimit headers (a "noisy" token takes 30 % of
//   the traffic, far past its limit of 120 a minute (global-setup.ts), so 429s are certain rather than hoped for);
// - nothing lost: every schedule whose creation was answered 201 is listed afterwards, with its name.
//
// Shown to fail when broken on purpose (tried while writing this suite, then restored):
// - worker/api/authenticate.ts enforceRateLimits, before the 429:
//   `if (refused) throw new Error("limiter")` -> "has zero errors" fails with { "5xx": 10 } and the
//   429 test fails with "expected 0 to be greater than 0" (LOAD_SECONDS=20).
// Achieved on the 2-core machine: ~50 req/s while other suites ran, ~220 req/s alone, so 200
// clients queue (p50 ~4 s, p99 ~6 s); what is checked is correctness under that load, not speed.
import autocannon from "autocannon";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { rng } from "./fuzz-engine.ts";
import { connectSimAccount, Http, SCHEDULE_BODY, signUpTenant, type Tenant } from "./tenants.ts";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = 200;
const ORGS = 4;
const TOKENS_PER_ORG = 5;
/** Share of requests sent with the one noisy token, to drive it into its rate limit. */
const NOISY_SHARE = 0.3;

interface Org {
  tenant: Tenant;
  scheduleId: string;
  instanceIds: string[];
  /** Kept out of the load: reads back what was written. */
  checker: string;
}

interface Route {
  name: string;
  weight: number;
  request(org: Org, n: number): { method: string; path: string; body?: unknown };
}

/** The mix: mostly the reads a dashboard and scripts make, a sixth writes, some computation. */
const ROUTES: Route[] = [
  { name: "GET /instances", weight: 25, request: () => ({ method: "GET", path: "/instances?limit=50" }) },
  { name: "GET /instances/{id}", weight: 10, request: (o, n) => ({ method: "GET", path: `/instances/${o.instanceIds[n % o.instanceIds.length]}` }) },
  { name: "GET /events", weight: 10, request: () => ({ method: "GET", path: "/events?limit=50" }) },
  { name: "GET /schedules", weight: 8, request: () => ({ method: "GET", path: "/schedules?limit=20" }) },
  { name: "GET /schedules/{id}", weight: 8, request: (o) => ({ method: "GET", path: `/schedules/${o.scheduleId}` }) },
  { name: "GET /savings", weight: 5, request: () => ({ method: "GET", path: "/savings" }) },
  { name: "GET /transitions/upcoming", weight: 5, request: () => ({ method: "GET", path: "/transitions/upcoming?hours=24" }) },
  { name: "POST /schedules/evaluate", weight: 9, request: () => ({ method: "POST", path: "/schedules/evaluate", body: { schedule: SCHEDULE_BODY("load evaluate"), at: ["2026-11-24T09:00:00Z", "2026-11-24T20:00:00Z"] } }) },
  { name: "POST /schedules", weight: 15, request: (_o, n) => ({ method: "POST", path: "/schedules", body: SCHEDULE_BODY(`load ${n}`, `load-${n}`) }) },
  { name: "PUT /schedules/{id}", weight: 5, request: (o, n) => ({ method: "PUT", path: `/schedules/${o.scheduleId}`, body: SCHEDULE_BODY(`load base ${o.tenant.orgId}`, `rewritten-${n}`) }) },
];

interface Tally {
  sent: number;
  byStatus: Map<number, number>;
}

describe(`${CONNECTIONS} concurrent clients for ${SECONDS} s on mixed routes`, () => {
  const baseUrl = inject("baseUrl");
  const simUrl = inject("simUrl");
  const http = new Http(baseUrl);
  const orgs: Org[] = [];
  const tallies = new Map<string, Tally>();
  const accepted: { org: Org; id: string; name: string }[] = [];
  const problems: string[] = [];
  let tooMany = 0;
  /** Per token: answered within its limit, or refused with 429 ("noisy" is the one driven past it). */
  const byToken = new Map<string, { served: number; limited: number }>();
  let result: Awaited<ReturnType<typeof autocannon>>;

  beforeAll(async () => {
    orgs.push(
      ...(await Promise.all(
        Array.from({ length: ORGS }, async (_, i) => {
          const tenant = await signUpTenant(http, simUrl, `load${i}`, TOKENS_PER_ORG + (i === 0 ? 2 : 1));
          const { instanceIds } = await connectSimAccount(http, simUrl, tenant, `load${i}`, 3);
          const checker = tenant.tokens.pop()!;
          const schedule = await http.json<{ id: string }>("/schedules", tenant.tokens[0]!, { method: "POST", body: SCHEDULE_BODY(`load base ${tenant.orgId}`), expect: [201] });
          return { tenant, scheduleId: schedule.id, instanceIds, checker };
        }),
      )),
    );
    const noisy = orgs[0]!.tenant.tokens.pop()!;
    const normal = orgs.flatMap((org) => org.tenant.tokens.map((token) => ({ org, token })));
    const random = rng(14);
    const totalWeight = ROUTES.reduce((s, r) => s + r.weight, 0);
    const choose = () => {
      let x = random() * totalWeight;
      for (const r of ROUTES) if ((x -= r.weight) < 0) return r;
      return ROUTES[0]!;
    };
    let n = 0;

    const run = autocannon({
      url: baseUrl,
      connections: CONNECTIONS,
      duration: SECONDS,
      timeout: 30,
      requests: [
        {
          setupRequest: (req, context) => {
            const k = n++;
            const isNoisy = random() < NOISY_SHARE;
            const who = isNoisy ? { org: orgs[0]!, token: noisy } : normal[k % normal.length]!;
            const route = isNoisy ? ROUTES[0]! : choose();
            const r = route.request(who.org, k);
            context.sent = { route: route.name, org: who.org, body: r.body, token: isNoisy ? "noisy" : who.token };
            const tally = tallies.get(route.name) ?? { sent: 0, byStatus: new Map() };
            tally.sent++;
            tallies.set(route.name, tally);
            return {
              ...req,
              method: r.method,
              path: `/api/v1${r.path}`,
              headers: { authorization: `Bearer ${who.token}`, "content-type": "application/json" },
              ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : { body: undefined }),
            } as typeof req;
          },
          onResponse: (status, body, context, rawHeaders) => {
            const sent = context.sent as { route: string; org: Org; body?: { name: string }; token: string };
            const headers = Object.fromEntries(Object.entries(rawHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
            const tally = tallies.get(sent.route)!;
            tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
            const mine = byToken.get(sent.token) ?? { served: 0, limited: 0 };
            if (status < 300) mine.served++;
            else if (status === 429) mine.limited++;
            byToken.set(sent.token, mine);
            if (status === 201 && sent.route === "POST /schedules") {
              accepted.push({ org: sent.org, id: (JSON.parse(body) as { id: string }).id, name: sent.body!.name });
            } else if (status === 429) {
              tooMany++;
              const missing = ["ratelimit-policy", "ratelimit", "ratelimit-remaining", "retry-after"].filter((h) => !headers[h]);
              if (missing.length > 0) problems.push(`${sent.route}: 429 without ${missing.join(", ")}`);
              if (!headers["content-type"]?.startsWith("application/problem+json")) problems.push(`${sent.route}: 429 is ${headers["content-type"]}, not problem+json`);
            } else if (status >= 300) {
              problems.push(`${sent.route}: ${status} ${body.slice(0, 160)}`);
            }
          },
        },
      ],
    });
    result = await run;
  }, (SECONDS + 180) * 1000);

  it("sends real load and reports what it achieved", () => {
    const lines = [...tallies].map(([name, t]) => `  ${name.padEnd(28)} ${String(t.sent).padStart(6)}  ${[...t.byStatus].sort((a, b) => a[0] - b[0]).map(([s, c]) => `${s}×${c}`).join(" ")}`);
    console.log(
      `load: ${result.requests.total} responses in ${result.duration.toFixed(1)} s = ${(result.requests.total / result.duration).toFixed(0)} req/s ` +
        `(latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms); ` +
        `2xx ${result["2xx"]}, 429 ${tooMany}, 5xx ${result["5xx"]}, errors ${result.errors}, timeouts ${result.timeouts}; ` +
        `${accepted.length} schedules created\n${lines.join("\n")}`,
    );
    // A run that could not load the stack proves nothing: at least 10 requests a second overall.
    expect(result.requests.total).toBeGreaterThan(SECONDS * 10);
    for (const route of ROUTES) expect(tallies.get(route.name)?.sent ?? 0).toBeGreaterThan(0);
  });

  it("has zero errors: no 5xx, no connection failures or timeouts, no refusal but rate limiting", () => {
    expect({ errors: result.errors, timeouts: result.timeouts, "5xx": result["5xx"] }).toEqual({ errors: 0, timeouts: 0, "5xx": 0 });
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it("answers the noisy token's excess with 429 and RateLimit headers, and the other tokens keep being served", () => {
    expect(tooMany).toBeGreaterThan(0);
    expect(byToken.get("noisy")?.limited ?? 0).toBeGreaterThan(0);
    // Every other token is still served up to its own limit (a minute's worth, or all it sent in a
    // shorter run): one token past its limit takes nothing from the others. How many 429s they get
    // on top depends on the rate this machine reaches, so that is not compared.
    const minutes = SECONDS / 60;
    const others = [...byToken].filter(([token]) => token !== "noisy");
    expect(others.length).toBe(ORGS * TOKENS_PER_ORG);
    for (const [, t] of others) expect(t.served).toBeGreaterThanOrEqual(Math.min(t.served + t.limited, Math.floor(0.5 * inject("tokenLimitPerMinute") * minutes)));
  });

  it("loses nothing: every schedule accepted with 201 is readable afterwards, with its name", async () => {
    expect(accepted.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const org of orgs) {
      const listed = new Map<string, string>();
      let cursor: string | null = null;
      do {
        const page: { data: { id: string; name: string }[]; nextCursor: string | null } = await http.json(`/schedules?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, org.checker);
        for (const s of page.data) listed.set(s.id, s.name);
        cursor = page.nextCursor;
      } while (cursor);
      for (const a of accepted.filter((x) => x.org === org)) if (listed.get(a.id) !== a.name) missing.push(`${a.id} (${a.name}) -> ${listed.get(a.id) ?? "absent"}`);
    }
    expect(missing).toEqual([]);
  }, 120_000);
});
