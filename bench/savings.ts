// Savings routes under load: one year of nightly sleeps for 1,000 databases in local D1 (ledger
// rows, daily rollups and open sleeps built with the product's own pure ledger/rollup code), then
// GET /api/v1/savings and /api/v1/savings/daily at a fixed 100 requests/s against `wrangler dev`
// (open loop: requests are sent on schedule whether or not earlier ones have answered), p50/p99.
// D1 rows read per request: the routes' heavy statements restated in SQL and run on the same
// local D1 through wrangler's platform proxy (meta.rows_read); the small ones (time zone, open
// sleeps, the fleet) are listed with their own counts.
// Run: node bench/savings.ts (writes bench/results/savings.json). Options: BENCH_DATABASES (1000),
// BENCH_DAYS (365), BENCH_RATE (100), BENCH_SECONDS (20); BENCH_KEEP=1 keeps the seeded state and
// BENCH_REUSE=1 reuses it (seeding a year for 1,000 databases takes ~2–4 minutes); BENCH_YEAR=0 skips
// the 365-day ranges.
// Rate limits are lifted for the run (--var): the bench measures the routes, not the limiter.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import { freePort, ROOT, runNode, startNode, stopProcess, waitForHttp, WRANGLER } from "../scripts/lib/process.ts";
import { ensureDevVars } from "../scripts/lib/stack.ts";
import { generateToken } from "../worker/auth/api-tokens.ts";
import { sha256 } from "../worker/auth/crypto.ts";
import type { SleepInterval } from "../worker/savings/ledger.ts";
import { savedMicros } from "../worker/savings/ledger.ts";
import { dailyRollup, localDay } from "../worker/savings/rollup.ts";
import { drizzle } from "drizzle-orm/d1";
import { orgDailyStatements, type D1 } from "../worker/savings/store.ts";

const DATABASES = Number(process.env.BENCH_DATABASES ?? 1000);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const TZ = "Europe/Berlin";
const HOUR = 3_600_000;

const persistTo = join(ROOT, ".wrangler/bench-savings-state");
const tokenFile = join(persistTo, "bench-token");
const reuse = process.env.BENCH_REUSE === "1" && existsSync(tokenFile);
if (!reuse && process.env.BENCH_KEEP !== "1") rmSync(persistTo, { recursive: true, force: true });
ensureDevVars(() => {});
// Also on reuse: a kept state gets the migrations added since it was seeded.
await runNode(WRANGLER, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { quiet: true });

type Proxy = { DB: D1 & { prepare(q: string): { bind(...v: unknown[]): { all(): Promise<{ meta: { rows_read: number } }>; run(): Promise<unknown> }; run(): Promise<unknown> }; batch(s: unknown[]): Promise<unknown> } };
const openProxy = () => getPlatformProxy<Proxy>({ configPath: join(ROOT, "wrangler.toml"), persist: { path: join(persistTo, "v3") }, remoteBindings: false });

const now = Date.now();
const orgId = "org_BENCHSAVINGS0000000000000";
const token = reuse ? readFileSync(tokenFile, "utf8") : generateToken().token;

// ---------------------------------------------------------------------------------------------
// Seed
if (!reuse) {
  const started = Date.now();
  const proxy = await openProxy();
  const DB = proxy.env.DB;
  const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const exec = async (statements: string[]) => {
    for (let i = 0; i < statements.length; i += 50) await DB.batch(statements.slice(i, i + 50).map((s) => DB.prepare(s)));
  };
  await exec([
    `insert into organizations (id, name, slug, timezone) values (${q(orgId)}, 'Bench', 'bench-savings', ${q(TZ)})`,
    `insert into users (id, email, name) values ('usr_BENCHSAVINGS', 'bench-savings@example.com', 'Bench')`,
    `insert into memberships (org_id, user_id, role) values (${q(orgId)}, 'usr_BENCHSAVINGS', 'owner')`,
    `insert into api_tokens (id, org_id, name, prefix, token_hash, role) values ('tok_BENCHSAVINGS', ${q(orgId)}, 'bench', 'sq_live_bench', ${q(await sha256(token))}, 'viewer')`,
    `insert into cloud_accounts (id, org_id, provider, name, auth_kind, status) values ('acct_BENCHSAVINGS', ${q(orgId)}, 'aws', 'bench', 'access_keys', 'disabled')`,
    `insert into schedules (id, org_id, name, timezone, definition, selector) values ('sch_BENCHNIGHTS', ${q(orgId)}, 'Nights', ${q(TZ)}, '{}', '{}')`,
  ]);
  const firstNight = Math.floor(now / 86_400_000) * 86_400_000 - DAYS * 86_400_000;
  let ledgerRows = 0;
  let dailyRows = 0;
  for (let i = 0; i < DATABASES; i++) {
    const id = `ins_BENCH${String(i).padStart(5, "0")}`;
    const price = 100_000 + (i % 50) * 20_000;
    const intervals: SleepInterval[] = [];
    for (let d = 0; d < DAYS; d++) {
      const from = firstNight + d * 86_400_000 + 18 * HOUR + (i % 7) * 60_000;
      const until = from + 12 * HOUR;
      if (until >= now - 2 * HOUR) break;
      intervals.push({ id: `${id}:${from}`, from, until, causeKind: "schedule", causeId: "sch_BENCHNIGHTS", hourlyMicros: price, priceSource: "override", penaltyMicros: 0, endedBy: "start" });
    }
    // A third of the fleet is asleep now (an open sleep since two hours ago).
    if (i % 3 === 0) intervals.push({ id: `${id}:${now - 2 * HOUR}`, from: now - 2 * HOUR, until: null, causeKind: "schedule", causeId: "sch_BENCHNIGHTS", hourlyMicros: price, priceSource: "override", penaltyMicros: 0, endedBy: "open" });
    const closed = intervals.filter((x) => x.until !== null);
    const daily = dailyRollup(closed, TZ, now);
    const statements = [
      `insert into instances (id, org_id, cloud_account_id, provider, kind, external_id, region, name, engine, state, hourly_price_micros, price_source, price_override_micros) values (${q(id)}, ${q(orgId)}, 'acct_BENCHSAVINGS', 'aws', 'rds_instance', ${q(id)}, 'eu-central-1', ${q(`bench-${i}`)}, 'postgres', 'running', ${price}, 'override', ${price})`,
      `insert into instance_prices (org_id, instance_id, effective_from, hourly_micros, source) values (${q(orgId)}, ${q(id)}, ${firstNight}, ${price}, 'override')`,
    ];
    for (let k = 0; k < intervals.length; k += 400) {
      const values = intervals.slice(k, k + 400).map(
        (x) => `(${q(x.id)}, ${q(orgId)}, ${q(id)}, 'schedule', 'sch_BENCHNIGHTS', ${x.from}, ${x.until ?? "null"}, ${x.from}, ${price}, 'override', 0, ${q(x.endedBy)}, ${x.until === null ? "null" : savedMicros(x, now)}, ${now})`,
      );
      statements.push(`insert into savings (id, org_id, instance_id, cause_kind, cause_id, "from", until, sleep_from, hourly_micros, price_source, penalty_micros, ended_by, saved_micros, updated_at) values ${values.join(",")}`);
    }
    for (let k = 0; k < daily.length; k += 400) {
      const values = daily.slice(k, k + 400).map((r) => `(${q(orgId)}, ${q(id)}, ${q(r.day)}, 'schedule', 'sch_BENCHNIGHTS', ${r.asleepSeconds}, ${r.savedMicros}, ${r.unpricedSeconds})`);
      statements.push(`insert into savings_daily (org_id, instance_id, day, cause_kind, cause_id, asleep_seconds, saved_micros, unpriced_seconds) values ${values.join(",")}`);
    }
    const sum = (k: "asleepSeconds" | "savedMicros" | "unpricedSeconds") => daily.reduce((a, r) => a + r[k], 0);
    statements.push(`insert into savings_totals (instance_id, org_id, asleep_seconds, saved_micros, unpriced_seconds) values (${q(id)}, ${q(orgId)}, ${sum("asleepSeconds")}, ${sum("savedMicros")}, ${sum("unpricedSeconds")})`);
    await exec(statements);
    ledgerRows += intervals.length;
    dailyRows += daily.length;
    if (i % 100 === 99) console.log(`seeded ${i + 1}/${DATABASES} databases (${ledgerRows} ledger rows, ${dailyRows} daily rows)…`);
  }
  await proxy.dispose();
  writeFileSync(tokenFile, token);
  console.log(`seed: ${ledgerRows} ledger rows, ${dailyRows} daily rows in ${Math.round((Date.now() - started) / 1000)} s`);
}

// The organization's days, summed from the per-database rows with the consumer's own statements
// (also brings a state seeded before savings_org_daily existed up to date), then fresh statistics.
{
  const proxy = await openProxy();
  const [del, ins] = orgDailyStatements(drizzle(proxy.env.DB), orgId, null);
  await drizzle(proxy.env.DB).batch([del, ins]);
  await proxy.env.DB.prepare("analyze").run();
  await proxy.dispose();
}

// ---------------------------------------------------------------------------------------------
// Load
const port = await freePort();
const url = `http://localhost:${port}`;
const app = startNode("app", WRANGLER, ["dev", "--port", String(port), "--persist-to", persistTo, "--inspector-port", String(await freePort()), "--show-interactive-dev-session=false", "--log-level", "warn", "--var", "APP_ENV:development", "--var", `PUBLIC_URL:http://localhost:${port}`, "--var", "RATE_LIMIT_TOKEN_PER_MINUTE:100000000", "--var", "RATE_LIMIT_ORG_PER_MINUTE:100000000"], { log: () => {} });
const results: Record<string, unknown> = {};
try {
  await waitForHttp(`${url}/api/v1/health`, 120_000, (s) => s === 200);
  const headers = { authorization: `Bearer ${token}` };
  const today = localDay(now, TZ);
  const yearAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);

  async function load(path: string) {
    // Warm up (isolate, D1 page cache) and measure the service time one request at a time.
    const serial: number[] = [];
    let responseBytes = 0;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const res = await fetch(`${url}${path}`, { headers });
      responseBytes = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      serial.push(performance.now() - t0);
    }
    serial.sort((a, b) => a - b);
    // Then an open loop at RATE for SECONDS.
    const latencies: number[] = [];
    let errors = 0;
    // Other work on this machine shows in the 1-minute load average, sampled through the run.
    const load1: number[] = [];
    const sampler = setInterval(() => load1.push(loadavg()[0]!), 1000);
    const pending: Promise<void>[] = [];
    const start = performance.now();
    const total = RATE * SECONDS;
    for (let k = 0; k < total; k++) {
      const due = start + (k * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(
        (async () => {
          try {
            const res = await fetch(`${url}${path}`, { headers });
            await res.arrayBuffer();
            // Latency from when the request was due, so a stalled client counts against the server.
            latencies.push(performance.now() - due);
            if (res.status !== 200) errors++;
          } catch {
            errors++;
          }
        })(),
      );
    }
    await Promise.all(pending);
    clearInterval(sampler);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]! * 10) / 10;
    return { serialMs: { p50: Math.round(serial[10]! * 10) / 10, max: Math.round(serial[19]! * 10) / 10 }, requests: total, errors, achievedRate: Math.round((total / ((performance.now() - start) / 1000)) * 10) / 10, latencyMs: { p50: pct(50), p90: pct(90), p99: pct(99), max: pct(100) }, loadAverage1m: { min: Math.min(...load1, loadavg()[0]!), max: Math.max(...load1, loadavg()[0]!) }, responseBytes };
  }

  const paths = ["/api/v1/savings", "/api/v1/savings/daily", `/api/v1/savings/daily?from=${yearAgo}&to=${today}`, `/api/v1/savings?from=${yearAgo}&to=${today}`];
  // BENCH_YEAR=0 loads only the default (30-day) ranges.
  for (const path of process.env.BENCH_YEAR === "0" ? paths.slice(0, 2) : paths) {
    console.log(`loading ${path} at ${RATE}/s for ${SECONDS} s…`);
    results[path] = await load(path);
    console.log(JSON.stringify(results[path]));
  }
} finally {
  await stopProcess(app);
}

// ---------------------------------------------------------------------------------------------
// Rows read (the routes' statements, restated) and D1's own time for each
const rowsRead: Record<string, number> = {};
const d1Ms: Record<string, number> = {};
{
  const proxy = await openProxy();
  const read = async (name: string, sql: string, ...params: unknown[]) => {
    const { meta } = (await proxy.env.DB.prepare(sql).bind(...params).all()) as { meta: { rows_read: number; duration?: number } };
    rowsRead[name] = meta.rows_read;
    if (meta.duration !== undefined) d1Ms[name] = Math.round(meta.duration * 10) / 10;
  };
  const today = localDay(now, TZ);
  const from30 = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  const lo = new Date(Date.parse(`${today}T00:00:00Z`) - 59 * 86_400_000).toISOString().slice(0, 10);
  await read("organization time zone (every route)", "select timezone from organizations where id = ?", orgId);
  // The default range (30 days) and the same length before it, this month and last month: ~60 days.
  await read(
    "GET /savings (30 days): the organization's days it needs (range, previous period, month, last month), one row a day",
    `select sum(case when day between ?2 and ?3 then saved_micros else 0 end), sum(case when day between ?2 and ?3 then asleep_seconds else 0 end) from savings_org_daily where org_id = ?1 and day between ?4 and ?3`,
    orgId, from30, today, lo,
  );
  await read(
    "GET /savings (30 days): top savers (the range's per-database days: the five best, plus those asleep now)",
    `with sums as (select instance_id, sum(saved_micros) as saved, sum(asleep_seconds) as seconds from savings_daily where org_id = ?1 and day between ?2 and ?3 group by instance_id) select s.instance_id, s.saved, s.seconds, i.name from sums s join instances i on i.id = s.instance_id and i.org_id = ?1 where s.instance_id in (select instance_id from sums order by saved desc limit 5) or s.instance_id in (select instance_id from savings where org_id = ?1 and until is null)`,
    orgId, from30, today,
  );
  await read(
    "GET /savings: all time (every organization day) and unpriced databases",
    `select coalesce((select sum(saved_micros) from savings_org_daily where org_id = ?1), 0), (select count(*) from instances where org_id = ?1 and deleted_at is null and (price_source is null or price_source = 'unknown')) from organizations where id = ?1`,
    orgId,
  );
  await read("open sleeps with their database (GET /savings)", `select * from savings s join instances i on i.id = s.instance_id where s.org_id = ? and s.until is null`, orgId);
  await read("GET /savings/daily (30 days): the organization's days", "select day, saved_micros, asleep_seconds from savings_org_daily where org_id = ? and day between ? and ?", orgId, from30, today);
  await read("GET /savings/daily: open sleeps", `select * from savings where org_id = ? and until is null`, orgId);
  await read("GET /savings/daily: the fleet (projected cost)", "select id, hourly_price_micros, price_source, deleted_at from instances where org_id = ?", orgId);
  await read("GET /savings/daily: price history (projected cost)", "select instance_id, effective_from, hourly_micros from instance_prices where org_id = ? order by instance_id, effective_from", orgId);
  await proxy.dispose();
}

const output = {
  measuredAt: new Date().toISOString(),
  command: process.argv.includes("--from-bench-run") ? "npm run bench -- --savings" : `${reuse ? "BENCH_REUSE=1 " : ""}node bench/savings.ts`,
  commit: execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim() + (execFileSync("git", ["status", "--porcelain", "--", "worker", "bench"], { cwd: ROOT, encoding: "utf8" }).trim() ? " (with uncommitted changes)" : ""),
  machine: "2 cores, local wrangler dev (workerd, local D1/SQLite); load generator in the same machine",
  loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
  data: { databases: DATABASES, days: DAYS, timeZone: TZ, pattern: "one 12-hour sleep a night per database; a third of them asleep now (open sleeps)" },
  rate: RATE,
  seconds: SECONDS,
  target: "p99 <= 50 ms",
  routes: results,
  d1RowsReadPerStatement: rowsRead,
  d1MsPerStatement: d1Ms,
};
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(join(ROOT, "bench/results/savings.json"), JSON.stringify(output, null, 2) + "\n");
console.log(JSON.stringify(output, null, 2));
if (process.env.BENCH_KEEP !== "1") rmSync(persistTo, { recursive: true, force: true });
