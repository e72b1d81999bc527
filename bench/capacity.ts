// Capacity model, measured: rows and bytes each managed database adds per day to every growing D1
// table, from a simulated week of the demo fleet on the local stack, and the fleet size at which
// one D1 database (10 GB) fills under the retention policy (worker/domain/retention.ts).
//
// How: `startStack` seeds the demo organization (the simulator's AWS and GCP sandbox accounts,
// ~30 databases with office-hours / nightly-batch / weekly / idle / noisy usage patterns) after
// writing 45 days of past power history into the simulator's RDS events, CloudTrail and Cloud SQL
// audit log (POST /__sim/history). The product ingests that history through its own paths: the
// agents' history backfill -> events queue -> events consumer -> events, savings ledger, daily
// rollups; and the first metrics collection backfills 14 days of hourly rollups. A webhook
// integration (to the simulator's receiver) is added so deliveries are logged. After the ingestion
// settles, the stack runs live for BENCH_LIVE_MINUTES with its cron ticks (heartbeats, live
// transitions of the demo's cycling databases, deliveries). Then, with the stack stopped, SQL over
// the local D1 file counts:
//   - per table, rows whose own time falls in the last 7 whole days (the simulated week), per
//     managed database per day;
//   - bytes: the stored size of every column (SQLite record format: integers 1-8 bytes by
//     magnitude, reals 8, text/blob their byte length), plus a record header (1 byte per column +
//     2) and 8 bytes of cell overhead per row, plus every index entry (its columns + rowid + header
//     + 4 bytes of cell overhead). D1 has no dbstat, so this is the estimate D1 can also compute;
//     it is cross-checked against SQLite's dbstat on this local file (pages of each table and its
//     indexes / rows), which includes page slack;
//   - the agents' Durable Object storage (their SQLite files) after the week.
// Rows that do not come from the fleet's history (heartbeat events, deliveries) are rated from the
// live window. Audit entries come from people acting, not from the fleet: the model states its
// assumption (AUDIT_PER_DB_PER_DAY) and uses the measured bytes per audit row.
//
// Run: node bench/capacity.ts (or npm run bench -- --capacity). Writes bench/results/capacity.json.
// Options: BENCH_LIVE_MINUTES (default 6), BENCH_SETTLE_MAX_MINUTES (default 10).
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { DatabaseSync } from "node:sqlite";
import { freePort, ROOT } from "../scripts/lib/process.ts";
import { startStack } from "../scripts/lib/stack.ts";
import { DEMO_EMAIL, DEMO_PASSWORD } from "../scripts/lib/demo-seed.ts";
import { RETENTION_DAYS } from "../worker/domain/retention.ts";

const LIVE_MINUTES = Number(process.env.BENCH_LIVE_MINUTES ?? 6);
const SETTLE_MAX_MINUTES = Number(process.env.BENCH_SETTLE_MAX_MINUTES ?? 10);
const DAY = 86_400_000;
const D1_LIMIT_BYTES = 10 * 1e9;
/** Metrics are pruned by the agents after 90 days (worker/metrics/collect.ts RETENTION_MS). */
const METRICS_RETENTION_DAYS = 90;
/** Assumption (no fleet source): audit entries per managed database per day (manual wakes,
 * overrides, schedule edits). Generous for non-production fleets; stated in docs/capacity.md. */
const AUDIT_PER_DB_PER_DAY = 1;

const persistTo = join(ROOT, ".wrangler/capacity-state");
rmSync(persistTo, { recursive: true, force: true });
rmSync(`${persistTo}-sim`, { recursive: true, force: true });

const files = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)])) : [];
const d1File = () => files(join(persistTo, "v3/d1")).find((f) => f.endsWith(".sqlite"));
const open = (file: string) => new DatabaseSync(file, { readOnly: true });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const stack = await startStack({ port: await freePort(), simPort: await freePort(), persistTo, build: !existsSync(join(ROOT, "web/build/index.html")), ticks: true, log: () => {} });
let liveFrom = 0;
let liveUntil = 0;
let cloudCalls: Record<string, number> = {};
try {
  const json = { "content-type": "application/json" };
  const login = await fetch(`${stack.url}/api/v1/auth/login`, { method: "POST", headers: json, body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }) });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { ...json, cookie: (login.headers.get("set-cookie") ?? "").split(";")[0]!, "x-csrf-token": csrfToken };
  const hook = await fetch(`${stack.url}/api/v1/integrations`, { method: "POST", headers, body: JSON.stringify({ kind: "webhook", name: "capacity bench", url: `${stack.simUrl}/__sim/webhooks/capacity` }) });
  if (hook.status !== 201) throw new Error(`integration: ${hook.status} ${await hook.text()}`);

  // Settled: every database has hourly metrics and the event count has not moved for a minute.
  const started = Date.now();
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    await sleep(10_000);
    const file = d1File();
    if (!file) continue;
    const db = open(file);
    const n = Number((db.prepare("select count(*) n from events").get() as { n: number }).n);
    const missing = Number((db.prepare("select count(*) n from instances i where not exists (select 1 from metrics m where m.instance_id = i.id)").get() as { n: number }).n);
    db.close();
    if (n !== last) [last, stableSince] = [n, Date.now()];
    console.log(`settling: ${n} events, ${missing} databases without metrics`);
    if (missing === 0 && n > 0 && Date.now() - stableSince >= 60_000) break;
    if (Date.now() - started > SETTLE_MAX_MINUTES * 60_000) throw new Error("ingestion did not settle in time");
  }

  // Live window: cron ticks, agents' alarms, the demo's cycling databases, deliveries.
  const sims = (await (await fetch(`${stack.simUrl}/__sim/accounts`)).json()) as { aws: { accountId: string }[]; gcp: { projectId: string }[] };
  const callPaths = [...sims.aws.map((a) => `aws/accounts/${a.accountId}`), ...sims.gcp.map((p) => `gcp/projects/${p.projectId}`)];
  for (const p of callPaths) await fetch(`${stack.simUrl}/__sim/${p}/calls`, { method: "DELETE" });
  liveFrom = Date.now();
  console.log(`live window: ${LIVE_MINUTES} minutes…`);
  await sleep(LIVE_MINUTES * 60_000);
  liveUntil = Date.now();
  for (const p of callPaths) {
    const log = (await (await fetch(`${stack.simUrl}/__sim/${p}/calls?limit=100000`)).json()) as { byOperation?: Record<string, number> };
    for (const [op, n] of Object.entries(log.byOperation ?? {})) cloudCalls[op] = (cloudCalls[op] ?? 0) + n;
  }
} finally {
  await stack.stop();
}

// ---------------------------------------------------------------------------------------------
// Counting, with the stack stopped.
const file = d1File()!;
const db = open(file);
const q = <T>(sql: string, ...args: (string | number)[]) => db.prepare(sql).all(...args) as T[];
const one = <T>(sql: string, ...args: (string | number)[]) => db.prepare(sql).get(...args) as T;

const { org } = one<{ org: string }>("select id org from organizations order by created_at limit 1");
const databases = Number(one<{ n: number }>("select count(*) n from instances where org_id = ?", org).n);
const accounts = Number(one<{ n: number }>("select count(*) n from cloud_accounts where org_id = ?", org).n);
// The simulated week: the last 7 whole UTC days before the live window.
const weekEnd = Math.floor(liveFrom / DAY) * DAY;
const weekStart = weekEnd - 7 * DAY;
const weekStartDay = new Date(weekStart).toISOString().slice(0, 10);
const weekEndDay = new Date(weekEnd).toISOString().slice(0, 10);

/** Stored bytes of one value in SQLite's record format. */
const valueSize = (c: string) =>
  `(case typeof("${c}") when 'integer' then (case when abs("${c}") < 128 then 1 when abs("${c}") < 32768 then 2 when abs("${c}") < 8388608 then 3 when abs("${c}") < 2147483648 then 4 when abs("${c}") < 140737488355328 then 6 else 8 end) when 'real' then 8 when 'text' then length(cast("${c}" as blob)) when 'blob' then length("${c}") else 0 end)`;

interface Footprint { rows: number; tableBytes: number; indexBytes: number; indexes: number }
/** Estimated stored bytes of the rows matching `where` (see the header). */
function footprint(table: string, where: string, ...args: (string | number)[]): Footprint {
  const cols = q<{ name: string }>(`pragma table_info("${table}")`).map((c) => c.name);
  const rowExpr = cols.map(valueSize).join(" + ");
  const indexes = q<{ name: string }>(`pragma index_list("${table}")`).map((i) => ({ name: i.name, cols: q<{ name: string }>(`pragma index_info("${i.name}")`).map((c) => c.name) }));
  const idxExpr = indexes.length ? indexes.map((i) => `(${i.cols.map(valueSize).join(" + ")} + 4 + ${i.cols.length + 3} + 4)`).join(" + ") : "0";
  const r = one<{ rows: number; t: number | null; i: number | null }>(
    `select count(*) rows, sum(${rowExpr} + ${cols.length + 2} + 8) t, sum(${idxExpr}) i from "${table}" where ${where}`,
    ...args,
  );
  return { rows: Number(r.rows), tableBytes: Number(r.t ?? 0), indexBytes: Number(r.i ?? 0), indexes: indexes.length };
}

/** dbstat: bytes on disk (pages) of a table and its indexes, and its row count, for the whole table. */
function onDisk(table: string): { bytes: number; rows: number; estimated: number } {
  const names = [table, ...q<{ name: string }>(`pragma index_list("${table}")`).map((i) => i.name)];
  const bytes = names.reduce((s, n) => s + Number(one<{ b: number | null }>("select sum(pgsize) b from dbstat where name = ?", n).b ?? 0), 0);
  const all = footprint(table, "1");
  return { bytes, rows: all.rows, estimated: all.tableBytes + all.indexBytes };
}

const live = { from: liveFrom, until: liveUntil, minutes: (liveUntil - liveFrom) / 60_000 };
const perDay = (n: number, days = 7) => n / days / databases;
const tables: Record<string, { rowsPerDbPerDay: number; bytesPerRow: number; bytesPerDbPerDay: number; retentionDays: number | null; source: string; diskCheck?: { bytesPerRowOnDisk: number; bytesPerRowEstimated: number; rows: number } }> = {};
function record(name: string, f: Footprint, rowsPerDbPerDay: number, retentionDays: number | null, source: string, table = name) {
  const bytesPerRow = f.rows ? (f.tableBytes + f.indexBytes) / f.rows : 0;
  const disk = onDisk(table);
  tables[name] = {
    rowsPerDbPerDay: round(rowsPerDbPerDay),
    bytesPerRow: Math.round(bytesPerRow),
    bytesPerDbPerDay: Math.round(rowsPerDbPerDay * bytesPerRow),
    retentionDays,
    source,
    ...(disk.rows > 0 && { diskCheck: { bytesPerRowOnDisk: Math.round(disk.bytes / disk.rows), bytesPerRowEstimated: Math.round(disk.estimated / disk.rows), rows: disk.rows } }),
  };
}
const round = (n: number) => Math.round(n * 1000) / 1000;

// Events of the fleet's history (instance-bound) in the week.
const fleetEvents = footprint("events", "org_id = ? and instance_id is not null and occurred_at >= ? and occurred_at < ?", org, weekStart, weekEnd);
// Events not bound to a database (agent heartbeats, account facts), rated from the live window.
const liveAccountEvents = footprint("events", "org_id = ? and instance_id is null and created_at >= ? and created_at < ?", org, liveFrom, liveUntil);
const accountEventsPerDbPerDay = (liveAccountEvents.rows / live.minutes) * 1440 / databases;
record("events (database history)", fleetEvents, perDay(fleetEvents.rows), RETENTION_DAYS.events, "simulated week (history ingestion)", "events");
record("events (account heartbeats)", liveAccountEvents, accountEventsPerDbPerDay, RETENTION_DAYS.events, `live window (${live.minutes.toFixed(1)} min) scaled to a day`, "events");

const metricsWeek = footprint("metrics", "org_id = ? and hour_start >= ? and hour_start < ?", org, weekStart, weekEnd);
record("metrics (hourly rollups)", metricsWeek, perDay(metricsWeek.rows), METRICS_RETENTION_DAYS, "simulated week (14-day metrics backfill)", "metrics");

const ledger = footprint("savings", "org_id = ? and \"from\" >= ? and \"from\" < ?", org, weekStart, weekEnd);
record("savings (ledger)", ledger, perDay(ledger.rows), null, "simulated week", "savings");
const daily = footprint("savings_daily", "org_id = ? and day >= ? and day < ?", org, weekStartDay, weekEndDay);
record("savings_daily", daily, perDay(daily.rows), null, "simulated week", "savings_daily");
const orgDaily = footprint("savings_org_daily", "org_id = ? and day >= ? and day < ?", org, weekStartDay, weekEndDay);
record("savings_org_daily (per organization)", orgDaily, perDay(orgDaily.rows), null, "simulated week (one row per organization and day)", "savings_org_daily");
const prices = footprint("instance_prices", "org_id = ?", org);
record("instance_prices", prices, 0, null, "per price change (not per day): rows now / databases = " + (prices.rows / databases).toFixed(2), "instance_prices");

// Deliveries: per notifiable fleet event, measured in the live window, applied to the week's events.
const liveDeliveries = footprint("deliveries", "org_id = ? and created_at >= ? and created_at < ?", org, liveFrom, liveUntil);
const liveFleetEvents = Number(one<{ n: number }>("select count(*) n from events where org_id = ? and instance_id is not null and created_at >= ? and created_at < ?", org, liveFrom, liveUntil).n);
const deliveriesPerEvent = liveFleetEvents ? liveDeliveries.rows / liveFleetEvents : 0;
record("deliveries (per integration)", liveDeliveries, perDay(fleetEvents.rows) * deliveriesPerEvent, RETENTION_DAYS.deliveries, `live window: ${liveDeliveries.rows} deliveries for ${liveFleetEvents} database events, applied to the week's events`, "deliveries");

const audit = footprint("audit_log", "org_id = ?", org);
record("audit_log", audit, AUDIT_PER_DB_PER_DAY, RETENTION_DAYS.audit_log, `assumed ${AUDIT_PER_DB_PER_DAY} entry per database per day (people act, not the fleet); bytes measured over the ${audit.rows} seeded entries`, "audit_log");
const policyEvals = footprint("policy_evaluations", "org_id = ? and evaluated_at >= ? and evaluated_at < ?", org, weekStart, weekEnd);
record("policy_evaluations", policyEvals, perDay(policyEvals.rows), METRICS_RETENTION_DAYS, "simulated week (the demo's dry-run policy over the metrics backfill)", "policy_evaluations");
db.close();

// Agents' Durable Object storage: one SQLite file per account.
const doFiles = files(join(persistTo, "v3/do")).filter((f) => /AccountAgent/.test(f) && f.endsWith(".sqlite"));
const doBytes = doFiles.reduce((s, f) => s + statSync(f).size, 0);

// Steady state under retention: each table holds retentionDays of rows; kept tables grow forever.
let steadyBytesPerDb = 0;
let growthBytesPerDbPerYear = 0;
for (const t of Object.values(tables)) {
  if (t.retentionDays === null) growthBytesPerDbPerYear += t.bytesPerDbPerDay * 365;
  else steadyBytesPerDb += t.bytesPerDbPerDay * t.retentionDays;
}
const fleetAt = (years: number) => Math.floor(D1_LIMIT_BYTES / (steadyBytesPerDb + growthBytesPerDbPerYear * years));
const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT }).toString().trim();

const result = {
  measuredAt: new Date().toISOString(),
  command: "node bench/capacity.ts",
  commit,
  machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) },
  fleet: { organizations: 1, accounts, databases },
  week: { from: new Date(weekStart).toISOString(), until: new Date(weekEnd).toISOString() },
  live: { from: new Date(liveFrom).toISOString(), minutes: round(live.minutes), cloudCalls },
  bytesMethod: "sum of SQLite record-format sizes of every column + (columns + 2) header + 8 cell bytes per row; per index: its columns + rowid + header + 4 cell bytes (diskCheck: dbstat pages / rows on this local file, incl. page slack)",
  tables,
  agentStorage: { objects: doFiles.length, bytes: doBytes, bytesPerDatabase: Math.round(doBytes / databases), note: "bounded: tick ledger, per-database memory and metric cursors, outbox drained each pass" },
  d1: {
    limitBytes: D1_LIMIT_BYTES,
    steadyBytesPerDatabase: Math.round(steadyBytesPerDb),
    keptGrowthBytesPerDatabasePerYear: Math.round(growthBytesPerDbPerYear),
    databasesThatFill: { afterOneYear: fleetAt(1), afterThreeYears: fleetAt(3) },
  },
};
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(join(ROOT, "bench/results/capacity.json"), JSON.stringify(result, null, 2) + "\n");
console.table(Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, { rows: v.rowsPerDbPerDay, bytesPerRow: v.bytesPerRow, bytesPerDay: v.bytesPerDbPerDay, keepDays: v.retentionDays ?? "kept" }])));
console.log(`steady ${(steadyBytesPerDb / 1e6).toFixed(2)} MB per database under retention + ${(growthBytesPerDbPerYear / 1e6).toFixed(2)} MB per year kept; one D1 (10 GB) fills at ${fleetAt(1)} databases after 1 year, ${fleetAt(3)} after 3`);
