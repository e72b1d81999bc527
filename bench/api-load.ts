// The API under load (issue 14, and issue 8's savings target): one year of history for 1,000
// databases in local D1 (nightly sleeps: state events, ledger rows, and every rollup built with
// the product's own pure ledger/rollup code and its own rollup statements), then each route
// against `wrangler dev` with autocannon (a standard load generator):
//   1. one instrumented request (`X-D1-Stats: 1`, development only: worker/db/d1-stats.ts): the D1
//      statements the real request prepared and the rows D1 reported reading, response bytes;
//   2. serial service time: one connection, one request at a time (what the single local workerd
//      takes per request, and so the most it can serve per second); the savings routes memoize
//      per isolate (worker/api/routes/savings/savings-memo.ts), so for them also the D1 work of a
//      repeated request and the serial time of ranges never read before (the loading path);
//   3. BENCH_REPEATS runs at a fixed 100 requests/s for BENCH_SECONDS each, in two pacings (both
//      autocannon): p50/p99 latency, achieved rate, errors, and the 1-minute load average sampled
//      through the run (other work on this machine shows there); medians over the runs are reported.
//      - `spread` (the target's measure): BENCH_CONNECTIONS autocannon instances of one connection
//        each at RATE/BENCH_CONNECTIONS per second, started 1/BENCH_CONNECTIONS s apart, so the
//        second's requests go out in that many groups through the second — a steady 100 per second;
//      - `burst`: one instance with BENCH_CONNECTIONS connections and `overallRate` RATE. autocannon
//        paces a rate by releasing each connection's quota for the second at the second's start
//        (lib/httpClient.js: a 1 s interval resets the count; requests go out back to back until
//        it is used), so every second begins with all 100 requests queued behind BENCH_CONNECTIONS
//        concurrent connections: its p99 is the time to drain that burst, a stress figure.
// autocannon measures latency from when a request is sent: once the server saturates, requests
// wait for a free connection instead (coordinated omission), so read p99 together with the
// achieved rate — below 100/s the route did not keep up, whatever its latency says.
// Run: node bench/api-load.ts (writes bench/results/api-load.json), or `npm run bench -- --api-load`.
// Options: BENCH_DATABASES (1000), BENCH_DAYS (365), BENCH_RATE (100), BENCH_SECONDS (20),
// BENCH_REPEATS (3), BENCH_CONNECTIONS (10), BENCH_ROUTES (comma-separated names to run);
// BENCH_KEEP=1 keeps the seeded state and BENCH_REUSE=1 reuses it (seeding takes minutes).
// Rate limits are lifted for the run (--var): the bench measures the routes, not the limiter.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { getPlatformProxy } from "wrangler";
import { drizzle } from "drizzle-orm/d1";
import { freePort, ROOT, runNode, startNode, stopProcess, waitForHttp, WRANGLER } from "../scripts/lib/process.ts";
import { ensureDevVars } from "../scripts/lib/stack.ts";
import { generateToken } from "../worker/auth/api-tokens.ts";
import { sha256 } from "../worker/auth/crypto.ts";
import type { SleepInterval } from "../worker/savings/ledger.ts";
import { savedMicros } from "../worker/savings/ledger.ts";
import { dailyRollup, localDay } from "../worker/savings/rollup.ts";
import { runningRows } from "../worker/savings/running.ts";
import { fleetRateStatements } from "../worker/savings/fleet-rate.ts";
import { orgDailyStatements, type D1 } from "../worker/savings/store.ts";

const DATABASES = Number(process.env.BENCH_DATABASES ?? 1000);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SERIAL_REQUESTS = 40;
const TZ = "Europe/Berlin";
const HOUR = 3_600_000;
const DAY = 86_400_000;

const persistTo = join(ROOT, ".wrangler/bench-api-load-state");
const tokenFile = join(persistTo, "bench-token");
const seedFile = join(persistTo, "bench-seed.json");
const reuse = process.env.BENCH_REUSE === "1" && existsSync(tokenFile) && existsSync(seedFile);
if (!reuse) rmSync(persistTo, { recursive: true, force: true });
ensureDevVars(() => {});
// Also on reuse: a kept state gets the migrations added since it was seeded.
await runNode(WRANGLER, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { quiet: true });

type Proxy = { DB: D1 & { prepare(q: string): { bind(...v: unknown[]): { all(): Promise<unknown>; run(): Promise<unknown> }; run(): Promise<unknown> }; batch(s: unknown[]): Promise<unknown> } };
const openProxy = () => getPlatformProxy<Proxy>({ configPath: join(ROOT, "wrangler.toml"), persist: { path: join(persistTo, "v3") }, remoteBindings: false });

const orgId = "org_BENCHAPILOAD00000000000000";
const token = reuse ? readFileSync(tokenFile, "utf8") : generateToken().token;
/** When the seeded history ends ("now" of the seed): a reused state is measured as seeded. */
const seededAt: number = reuse ? JSON.parse(readFileSync(seedFile, "utf8")).at : Date.now();

// ---------------------------------------------------------------------------------------------
// Seed
let seed: Record<string, number> = reuse ? JSON.parse(readFileSync(seedFile, "utf8")).rows : {};
if (!reuse) {
  const started = Date.now();
  const now = seededAt;
  // Written straight into the local D1's SQLite file in one transaction (through wrangler's
  // platform proxy, a year for 1,000 databases took over an hour on this loaded machine), then the
  // organization's rollups with the consumer's own statements through the proxy.
  const dir = join(persistTo, "v3/d1/miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (!file) throw new Error(`no local D1 database under ${dir}`);
  const sqlite = new DatabaseSync(join(dir, file));
  const insert = (table: string, columns: string[]) => {
    const stmt = sqlite.prepare(`insert into ${table} (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map(() => "?").join(", ")})`);
    return (...values: (string | number | null)[]) => stmt.run(...values);
  };
  sqlite.exec("begin");
  insert("organizations", ["id", "name", "slug", "timezone"])(orgId, "Bench", "bench-api-load", TZ);
  insert("users", ["id", "email", "name"])("usr_BENCHAPILOAD", "bench-api-load@example.com", "Bench");
  insert("memberships", ["org_id", "user_id", "role"])(orgId, "usr_BENCHAPILOAD", "owner");
  insert("api_tokens", ["id", "org_id", "name", "prefix", "token_hash", "role"])("tok_BENCHAPILOAD", orgId, "bench", "sq_live_bench", await sha256(token), "viewer");
  insert("cloud_accounts", ["id", "org_id", "provider", "name", "auth_kind", "status"])("acct_BENCHAPILOAD", orgId, "aws", "bench", "access_keys", "disabled");
  insert("schedules", ["id", "org_id", "name", "timezone", "definition", "selector"])("sch_BENCHNIGHTS", orgId, "Nights", TZ, "{}", "{}");
  const instance = insert("instances", ["id", "org_id", "cloud_account_id", "provider", "kind", "external_id", "region", "name", "engine", "state", "hourly_price_micros", "price_source", "price_override_micros"]);
  const price0 = insert("instance_prices", ["org_id", "instance_id", "effective_from", "hourly_micros", "source"]);
  const event = insert("events", ["id", "org_id", "cloud_account_id", "instance_id", "type", "cause_kind", "cause_id", "from_state", "to_state", "occurred_at"]);
  const ledger = insert("savings", ["id", "org_id", "instance_id", "cause_kind", "cause_id", "from", "until", "sleep_from", "hourly_micros", "price_source", "penalty_micros", "ended_by", "saved_micros", "updated_at"]);
  const dailyRow = insert("savings_daily", ["org_id", "instance_id", "day", "cause_kind", "cause_id", "asleep_seconds", "saved_micros", "unpriced_seconds"]);
  const runningRow = insert("savings_running", ["org_id", "instance_id", "cause_kind", "cause_id", "day", "asleep_seconds", "saved_micros"]);
  const cause = insert("savings_causes", ["org_id", "instance_id", "cause_kind", "cause_id"]);
  const totals = insert("savings_totals", ["instance_id", "org_id", "asleep_seconds", "saved_micros", "unpriced_seconds"]);
  const rows = { events: 0, ledger: 0, daily: 0, running: 0 };
  const firstNight = Math.floor(now / DAY) * DAY - DAYS * DAY;
  for (let i = 0; i < DATABASES; i++) {
    const id = `ins_BENCH${String(i).padStart(5, "0")}`;
    const price = 100_000 + (i % 50) * 20_000;
    const intervals: SleepInterval[] = [];
    for (let d = 0; d < DAYS; d++) {
      const from = firstNight + d * DAY + 18 * HOUR + (i % 7) * 60_000;
      const until = from + 12 * HOUR;
      if (until >= now - 2 * HOUR) break;
      intervals.push({ id: `${id}:${from}`, from, until, causeKind: "schedule", causeId: "sch_BENCHNIGHTS", hourlyMicros: price, priceSource: "override", penaltyMicros: 0, endedBy: "start" });
    }
    // A third of the fleet is asleep now (an open sleep since two hours ago).
    if (i % 3 === 0) intervals.push({ id: `${id}:${now - 2 * HOUR}`, from: now - 2 * HOUR, until: null, causeKind: "schedule", causeId: "sch_BENCHNIGHTS", hourlyMicros: price, priceSource: "override", penaltyMicros: 0, endedBy: "open" });
    const closed = intervals.filter((x) => x.until !== null);
    const daily = dailyRollup(closed, TZ, now).map((r) => ({ ...r, causeId: r.causeId ?? "" }));
    const running = runningRows([], daily);
    instance(id, orgId, "acct_BENCHAPILOAD", "aws", "rds_instance", id, "eu-central-1", `bench-${i}`, "postgres", i % 3 === 0 ? "stopped" : "running", price, "override", price);
    price0(orgId, id, firstNight, price, "override");
    for (const x of intervals) {
      // The state events the ledger was built from: stopped at the sleep's start, running at its end.
      event(`evt_${x.id}:s`, orgId, "acct_BENCHAPILOAD", id, "instance.stopped", "schedule", "sch_BENCHNIGHTS", "stopping", "stopped", x.from);
      if (x.until !== null) event(`evt_${x.id}:r`, orgId, "acct_BENCHAPILOAD", id, "instance.started", "schedule", "sch_BENCHNIGHTS", "starting", "running", x.until);
      ledger(x.id, orgId, id, "schedule", "sch_BENCHNIGHTS", x.from, x.until, x.from, price, "override", 0, x.endedBy, x.until === null ? null : savedMicros(x, now), now);
      rows.events += x.until === null ? 1 : 2;
    }
    for (const r of daily) dailyRow(orgId, id, r.day, r.causeKind, r.causeId, r.asleepSeconds, r.savedMicros, r.unpricedSeconds);
    for (const r of running) runningRow(orgId, id, r.causeKind, r.causeId, r.day, r.asleepSeconds, r.savedMicros);
    cause(orgId, id, "schedule", "sch_BENCHNIGHTS");
    const sum = (k: "asleepSeconds" | "savedMicros" | "unpricedSeconds") => daily.reduce((a, r) => a + r[k], 0);
    totals(id, orgId, sum("asleepSeconds"), sum("savedMicros"), sum("unpricedSeconds"));
    rows.ledger += intervals.length;
    rows.daily += daily.length;
    rows.running += running.length;
    if (i % 100 === 99) console.log(`seeded ${i + 1}/${DATABASES} databases (${JSON.stringify(rows)})…`);
  }
  sqlite.exec("commit");
  sqlite.close();
  const proxy = await openProxy();
  const db = drizzle(proxy.env.DB);
  const [del, ins] = orgDailyStatements(db, orgId, null);
  await db.batch([del, ins, ...fleetRateStatements(db, orgId)]);
  await proxy.env.DB.prepare("analyze").run();
  await proxy.dispose();
  seed = { ...rows, seconds: Math.round((Date.now() - started) / 1000) };
  writeFileSync(tokenFile, token);
  writeFileSync(seedFile, JSON.stringify({ at: seededAt, rows: seed }));
  console.log(`seed: ${JSON.stringify(seed)}`);
}

// ---------------------------------------------------------------------------------------------
// Load
interface RouteSpec {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
  /**
   * The savings routes keep what they load per isolate at the organization's savings version
   * (worker/api/routes/savings/savings-memo.ts), so repeated requests measure the memoized path.
   * The k-th of a series of ranges never asked before: requested one at a time, they measure the
   * loading path too (what the first read after each savings write costs).
   */
  unmemoized?: (k: number) => string;
}
const today = localDay(seededAt, TZ);
const yearAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 364 * DAY).toISOString().slice(0, 10);
function addDaysTo(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}
/** `from&to` of the 30 days ending k + 1 days before today (never the default range). */
const thirtyDaysEndingKDaysAgo = (k: number) => `from=${addDaysTo(today, -k - 30)}&to=${addDaysTo(today, -k - 1)}`;
const evaluateBody = JSON.stringify({
  schedule: { name: "Office hours", timezone: "Europe/Berlin", periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] } },
  at: Array.from({ length: 24 }, (_, h) => new Date(Date.parse(`${today}T00:00:00Z`) + h * HOUR).toISOString()),
});
const ROUTES: RouteSpec[] = [
  // The floor: no authentication (what wrangler dev's workerd and the Hono app cost on their own).
  { name: "health (floor: no authentication)", method: "GET", path: "/api/v1/health" },
  { name: "instances list", method: "GET", path: "/api/v1/instances" },
  { name: "events page", method: "GET", path: "/api/v1/events" },
  { name: "schedule evaluate (24 instants)", method: "POST", path: "/api/v1/schedules/evaluate", body: evaluateBody },
  { name: "savings summary (30 days)", method: "GET", path: "/api/v1/savings", unmemoized: (k) => `/api/v1/savings?${thirtyDaysEndingKDaysAgo(k)}` },
  { name: "savings daily (30 days)", method: "GET", path: "/api/v1/savings/daily", unmemoized: (k) => `/api/v1/savings/daily?${thirtyDaysEndingKDaysAgo(k)}` },
  { name: "savings summary (365 days)", method: "GET", path: `/api/v1/savings?from=${yearAgo}&to=${today}`, unmemoized: (k) => `/api/v1/savings?from=${addDaysTo(yearAgo, -k - 1)}&to=${addDaysTo(today, -k - 1)}` },
  { name: "savings daily (365 days)", method: "GET", path: `/api/v1/savings/daily?from=${yearAgo}&to=${today}`, unmemoized: (k) => `/api/v1/savings/daily?from=${addDaysTo(yearAgo, -k - 1)}&to=${addDaysTo(today, -k - 1)}` },
];
const only = process.env.BENCH_ROUTES?.split(",").map((s) => s.trim());
const routes = only ? ROUTES.filter((r) => only.some((o) => r.name.startsWith(o))) : ROUTES;

interface AtRateRun {
  requests: number;
  achievedRate: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  loadAverage1m: { min: number; max: number };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : Math.round(((s[m - 1]! + s[m]!) / 2) * 10) / 10;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

// wrangler dev wants the dashboard's assets directory; the API needs none of it.
mkdirSync(join(ROOT, "web/build"), { recursive: true });
const port = await freePort();
const url = `http://localhost:${port}`;
const app = startNode("app", WRANGLER, ["dev", "--port", String(port), "--persist-to", persistTo, "--inspector-port", String(await freePort()), "--show-interactive-dev-session=false", "--log-level", "warn", "--var", "APP_ENV:development", "--var", `PUBLIC_URL:http://localhost:${port}`, "--var", "RATE_LIMIT_TOKEN_PER_MINUTE:100000000", "--var", "RATE_LIMIT_ORG_PER_MINUTE:100000000", "--var", "RATE_LIMIT_PUBLIC_PER_MINUTE:100000000"], { log: process.env.BENCH_VERBOSE === "1" ? (l) => console.error(l) : () => {} });
const results: Record<string, unknown> = {};
try {
  await waitForHttp(`${url}/api/v1/health`, 120_000, (s) => s === 200);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

  const run = (r: RouteSpec, opts: Partial<autocannon.Options>) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      autocannon({ url: `${url}${r.path}`, method: r.method, headers, ...(r.body ? { body: r.body } : {}), timeout: 60, ...opts }, (error, result) => (error ? reject(error) : resolve(result)));
    });

  /** BENCH_CONNECTIONS connections, `overallRate` RATE: autocannon's pacing (a burst each second). */
  const burst = async (r: RouteSpec): Promise<Omit<AtRateRun, "loadAverage1m">> => {
    const result = await run(r, { connections: CONNECTIONS, overallRate: RATE, duration: SECONDS });
    return {
      requests: result.requests.total,
      achievedRate: round1(result.requests.total / result.duration),
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      // Which statuses: a refusal (429) and a failure (503) are different findings.
      statusCodes: Object.fromEntries(Object.entries((result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}).map(([code, v]) => [code, v.count])),
    };
  };
  /** The same rate spread through the second: BENCH_CONNECTIONS one-connection instances at
   * RATE/BENCH_CONNECTIONS each, started 1/BENCH_CONNECTIONS s apart; every response's latency
   * (autocannon's `response` event) goes into one set, so the percentiles are over all of them. */
  const spread = async (r: RouteSpec): Promise<Omit<AtRateRun, "loadAverage1m">> => {
    const latencies: number[] = [];
    const statusCodes: Record<string, number> = {};
    const started = performance.now();
    const instances: Promise<autocannon.Result>[] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1000 / CONNECTIONS));
      instances.push(
        new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            { url: `${url}${r.path}`, method: r.method, headers, ...(r.body ? { body: r.body } : {}), timeout: 60, connections: 1, overallRate: RATE / CONNECTIONS, duration: SECONDS },
            (error, result) => (error ? reject(error) : resolve(result)),
          );
          instance.on("response", (_client: unknown, status: number, _bytes: number, latencyMs: number) => {
            latencies.push(latencyMs);
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          });
        }),
      );
    }
    const results = await Promise.all(instances);
    const wallSeconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => round1(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN);
    return {
      requests: latencies.length,
      // Over the instances' common window (the last starts (CONNECTIONS-1)/CONNECTIONS s after the first).
      achievedRate: round1(latencies.length / (wallSeconds - (CONNECTIONS - 1) / CONNECTIONS)),
      latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) },
      errors: results.reduce((n, x) => n + x.errors + x.timeouts, 0),
      non2xx: results.reduce((n, x) => n + x.non2xx, 0),
      statusCodes,
    };
  };

  for (const r of routes) {
    // What one real request does in D1, and its size.
    const res = await fetch(`${url}${r.path}`, { method: r.method, headers: { ...headers, "x-d1-stats": "1" }, ...(r.body ? { body: r.body } : {}) });
    const responseBytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200) throw new Error(`${r.name}: HTTP ${res.status}`);
    const stats = /queries=(\d+); auth_queries=(\d+); rows_read=(\d+)/.exec(res.headers.get("x-d1-stats") ?? "");
    if (!stats && r.path !== "/api/v1/health") throw new Error(`${r.name}: no X-D1-Stats header (is APP_ENV development?)`);
    // Statements of the route itself (authentication's token lookup apart), and rows read by all.
    const d1 = stats ? { queries: Number(stats[1]) - Number(stats[2]), authQueries: Number(stats[2]), rowsRead: Number(stats[3]) } : { queries: 0, authQueries: 0, rowsRead: 0 };

    // Serial service time (after a warm-up of the isolate and D1's page cache).
    await run(r, { connections: 1, amount: 10 });
    const serial = await run(r, { connections: 1, amount: SERIAL_REQUESTS });
    // A memoized savings read: what D1 does for a repeated request.
    let memoized: { d1: typeof d1 } | undefined;
    let unmemoizedSerial: { requests: number; latencyMs: { p50: number; p99: number; mean: number } } | undefined;
    if (r.unmemoized) {
      const again = await fetch(`${url}${r.path}`, { headers: { ...headers, "x-d1-stats": "1" } });
      await again.arrayBuffer();
      const m = /queries=(\d+); auth_queries=(\d+); rows_read=(\d+)/.exec(again.headers.get("x-d1-stats") ?? "");
      if (m) memoized = { d1: { queries: Number(m[1]) - Number(m[2]), authQueries: Number(m[2]), rowsRead: Number(m[3]) } };
      // One at a time, each range new to the isolate: the loading path (a plain serial loop: one
      // request in flight, so the timing is the service time, as autocannon's serial run above).
      const times: number[] = [];
      for (let k = 0; k < SERIAL_REQUESTS; k++) {
        const t0 = performance.now();
        const res2 = await fetch(`${url}${r.unmemoized(k)}`, { headers });
        await res2.arrayBuffer();
        if (res2.status !== 200) throw new Error(`${r.name} (unmemoized ${k}): HTTP ${res2.status}`);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      const pct = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]!);
      unmemoizedSerial = { requests: times.length, latencyMs: { p50: pct(0.5), p99: pct(0.99), mean: round1(times.reduce((a, b) => a + b, 0) / times.length) } };
    }

    // The fixed rate, repeated, in both pacings.
    const runs: { spread: AtRateRun[]; burst: AtRateRun[] } = { spread: [], burst: [] };
    for (let k = 0; k < REPEATS; k++) {
      for (const pacing of ["spread", "burst"] as const) {
        const load1: number[] = [loadavg()[0]!];
        const sampler = setInterval(() => load1.push(loadavg()[0]!), 1000);
        const measured = pacing === "burst" ? await burst(r) : await spread(r);
        clearInterval(sampler);
        runs[pacing].push({ ...measured, loadAverage1m: { min: round1(Math.min(...load1)), max: round1(Math.max(...load1)) } });
        console.log(`${r.name} ${pacing} run ${k + 1}/${REPEATS}: ${JSON.stringify(runs[pacing].at(-1))}`);
      }
    }
    const medianOf = (xs: AtRateRun[]) => ({
      p50: median(xs.map((x) => x.latencyMs.p50)),
      p99: median(xs.map((x) => x.latencyMs.p99)),
      achievedRate: median(xs.map((x) => x.achievedRate)),
      loadAverage1m: median(xs.map((x) => (x.loadAverage1m.min + x.loadAverage1m.max) / 2)),
    });
    results[r.name] = {
      method: r.method,
      path: r.path,
      responseBytes,
      d1,
      // One request at a time: the mean service time bounds what one workerd serves per second.
      serial: { requests: serial.requests.total, latencyMs: { p50: serial.latency.p50, p99: serial.latency.p99, mean: round1(serial.latency.average) }, maxRate: round1(1000 / serial.latency.average) },
      ...(memoized ? { memoized } : {}),
      ...(unmemoizedSerial ? { unmemoizedSerial } : {}),
      // A steady 100 per second (the target's measure), and the same rate released at the top of
      // each second (autocannon's own pacing: the time to drain a burst).
      atRate: { median: medianOf(runs.spread), runs: runs.spread },
      atRateBurst: { median: medianOf(runs.burst), runs: runs.burst },
    };
    console.log(`${r.name}: ${JSON.stringify({ d1, responseBytes, serial: (results[r.name] as { serial: unknown }).serial, spread: medianOf(runs.spread), burst: medianOf(runs.burst) })}`);
  }
} finally {
  await stopProcess(app);
}

const git = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
const output = {
  measuredAt: new Date().toISOString(),
  command: process.argv.includes("--from-bench-run") ? "npm run bench -- --api-load" : `${reuse ? "BENCH_REUSE=1 " : ""}node bench/api-load.ts`,
  commit: git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain", "--", "worker", "bench", ":!bench/results") ? " (with uncommitted changes)" : ""),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? "unknown", memoryGiB: round1(totalmem() / 2 ** 30), server: "wrangler dev (one workerd process, local D1/SQLite)", loadGenerator: `autocannon (same machine): spread = ${CONNECTIONS} one-connection instances at ${RATE / CONNECTIONS}/s started ${1000 / CONNECTIONS} ms apart; burst = one instance, ${CONNECTIONS} connections, overallRate ${RATE}` },
  loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
  data: { databases: DATABASES, days: DAYS, timeZone: TZ, pattern: "one 12-hour sleep a night per database (its stop/start events, ledger rows and rollups); a third of them asleep now", seededAt: new Date(seededAt).toISOString(), seed },
  rate: RATE,
  seconds: SECONDS,
  repeats: REPEATS,
  serialRequests: SERIAL_REQUESTS,
  targets: { p99Ms: 50, d1QueriesPerRequest: 5 },
  routes: results,
};
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(join(ROOT, "bench/results/api-load.json"), JSON.stringify(output, null, 2) + "\n");
console.log(JSON.stringify(output, null, 2));
if (process.env.BENCH_KEEP !== "1" && !reuse) rmSync(persistTo, { recursive: true, force: true });
