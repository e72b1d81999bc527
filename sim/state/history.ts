// Past power history of simulated databases (POST /__sim/history): stop/start transitions derived
// from each database's usage pattern, recorded where the real clouds record them — RDS events
// ("DB instance stopped" ... at the moment the state was reached), CloudTrail management events
// (StopDBInstance ... at the moment of the request) and Cloud SQL's admin-activity audit log
// (first entry at the request, last entry when the operation finished) — plus the power history
// the metrics read. RDS's 7-day limit applies to the past as to the present: a database kept
// stopped longer is started by AWS with RDS-EVENT-0154/0153 (no CloudTrail record: nobody called
// the API), then stopped again by its owner.
//
// Owns: the pure plan (`planSleeps`) and writing it into an account's store. Must never: change a
// database's present state (history ends running, before the database's first live transition),
// or generate twice for one database (a second call leaves its history as it is).
import { DURATION_PROFILES, type AwsAccountConfig, type DbCluster, type DbInstance, type GcpProjectConfig, type SqlInstance, type Usage } from "./model.ts";
import { clusterArn, EVENT, instanceArn } from "./lifecycle.ts";
import { resKey, SQL_REGION, type Store } from "./store.ts";
import { fnv1a, rand01 } from "../util.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** One past sleep: requested stop, and how it ended (a requested start, or AWS's automatic one). */
export interface Sleep {
  stopRequestedAt: number;
  startRequestedAt: number;
  /** True when AWS started it because it had been stopped for the maximum time. */
  autoStart: boolean;
}

/** Awake windows [from, to) in UTC ms for the local day starting at `dayStartLocal` (ms, local clock). */
function awakeWindows(u: Usage, dayIndex: number, seed: number): [number, number][] {
  const r = (k: number) => rand01(seed, dayIndex * 16 + k);
  const base = dayIndex * DAY - u.utcOffsetMinutes * MIN; // local midnight in UTC
  const dow = (((dayIndex + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const at = (h: number, jitterMin: number, k: number) => base + h * HOUR + Math.floor(r(k) * jitterMin) * MIN;
  switch (u.pattern) {
    case "office-hours":
      // People start it before work and someone stops it in the evening; weekends asleep.
      return dow >= 1 && dow <= 5 ? [[at(7.5, 30, 0), at(19, 40, 1)]] : [];
    case "nightly-batch":
      return [[at(0.5, 20, 0), at(3.25, 25, 1)]];
    case "weekly-only":
      return dow === 1 ? [[at(9.5, 20, 0), at(12.5, 30, 1)]] : [];
    case "always-busy":
      return [[base, base + DAY]];
    case "always-idle":
      // Someone looks at it every nine days or so, for an hour or two.
      return (((dayIndex % 9) + 9) % 9) === seed % 9 ? [[at(10, 60, 0), at(11.5, 60, 1)]] : [];
    case "noisy": {
      // Unpredictable: most days one awake stretch of 2-10 hours at a random time.
      if (r(2) < 0.25) return [];
      const from = at(6, 10 * 60, 0);
      return [[from, from + (2 + Math.floor(r(3) * 8)) * HOUR]];
    }
  }
}

/**
 * The sleeps of one database in [from, to): gaps between its awake windows that start in the
 * range; one still going two hours before `to` ends there. With `maxStoppedMs` (AWS), a longer gap is cut by an automatic start; its owner stops
 * it again one to three hours later.
 */
export function planSleeps(u: Usage, seed: number, from: number, to: number, maxStoppedMs: number | null, stopMs: number): Sleep[] {
  if (to - from < 2 * HOUR) return [];
  const firstDay = Math.floor((from + u.utcOffsetMinutes * MIN) / DAY) - 1;
  const lastDay = Math.floor((to + u.utcOffsetMinutes * MIN) / DAY) + 1;
  const windows: [number, number][] = [];
  for (let d = firstDay; d <= lastDay; d++) windows.push(...awakeWindows(u, d, seed));
  windows.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([w[0], w[1]]);
  }
  // The gap after the last awake window runs on past the range: it is cut at `to` like any other.
  merged.push([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
  const sleeps: Sleep[] = [];
  for (let i = 0; i + 1 < merged.length; i++) {
    let stop = merged[i]![1];
    // A sleep still going near the end of the range is woken two hours before it (the history ends
    // running, and quiet for the last two hours, as readers of "recent history" expect), so the
    // weeks just before now hold as many sleeps as any other: long sleepers are not dropped.
    const start = Math.min(merged[i + 1]![0], to - 2 * HOUR);
    if (stop < from || start - stop < 30 * MIN) continue;
    let n = 0;
    while (maxStoppedMs !== null && start - (stop + stopMs) > maxStoppedMs) {
      const autoAt = stop + stopMs + maxStoppedMs;
      sleeps.push({ stopRequestedAt: stop, startRequestedAt: autoAt, autoStart: true });
      stop = autoAt + HOUR + Math.floor(rand01(seed, Math.floor(autoAt / MIN) + n++) * 2 * HOUR);
      if (start - stop < 30 * MIN) {
        stop = -1;
        break;
      }
    }
    if (stop >= 0) sleeps.push({ stopRequestedAt: stop, startRequestedAt: start, autoStart: false });
  }
  return sleeps;
}

export interface HistoryRequest {
  from: number;
  to: number;
  seed: number;
  /** Only these database ids (DBInstanceIdentifier, DBClusterIdentifier, Cloud SQL name). */
  only: string[] | null;
}

export interface HistoryReport {
  id: string;
  kind: "db-instance" | "db-cluster" | "sql-instance";
  region: string;
  sleeps: number;
  autoRestarts: number;
  /** Why nothing was generated. */
  skipped?: string;
}

const GENERATED = (k: string) => `history:${k}`;
/** The operator who stopped and started things before SnoozeQL came along. */
const OPS_ROLE = "ops-scheduler";

/** End of the generated window for one resource: before its first live transition (and creation). */
function window(store: Store, key: string, createdAt: number, req: HistoryRequest): [number, number] {
  const power = store.power(key);
  const live = power.find((p) => p.at > createdAt + 1 || !p.up);
  const end = Math.min(req.to, (live?.at ?? Infinity) - HOUR);
  return [Math.max(req.from, createdAt + HOUR), end];
}

function stableId(...parts: (string | number)[]): string {
  const h = (s: string) => (fnv1a(s) >>> 0).toString(16).padStart(8, "0");
  const text = parts.join("|");
  const a = h(text);
  const b = h(a + text);
  const c = h(b + text);
  const d = h(c + text);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-a${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

function eligibleInstance(i: DbInstance): string | null {
  if (i.clusterId) return "cluster member (its cluster carries the history)";
  if (i.readReplicaSource) return "read replica";
  if (i.readReplicas.length > 0) return "source of read replicas";
  if (i.customEngine) return "RDS Custom";
  if (i.engine.startsWith("sqlserver") && i.multiAZ) return "Multi-AZ SQL Server";
  return null;
}

function eligibleCluster(c: DbCluster): string | null {
  if (c.engineMode === "serverless") return "Aurora Serverless v1";
  if (c.globalClusterId) return "global database member";
  return null;
}

export function generateAwsHistory(store: Store, cfg: AwsAccountConfig, req: HistoryRequest): HistoryReport[] {
  const d = DURATION_PROFILES.realistic;
  const maxStopped = cfg.durations.maxStoppedSec * 1000;
  const out: HistoryReport[] = [];
  const principalArn = `arn:aws:sts::${cfg.accountId}:assumed-role/${OPS_ROLE}/nightly`;
  const resources: (DbInstance | DbCluster)[] = [...store.list<DbCluster>("db-cluster", null), ...store.list<DbInstance>("db-instance", null)];
  for (const r of resources) {
    if (req.only && !req.only.includes(r.id)) continue;
    if (r.kind === "db-instance" && r.clusterId) continue;
    const report: HistoryReport = { id: r.id, kind: r.kind, region: r.region, sleeps: 0, autoRestarts: 0 };
    out.push(report);
    const key = resKey(r.kind, r.region, r.id);
    const why = r.kind === "db-instance" ? eligibleInstance(r) : eligibleCluster(r);
    if (why) {
      report.skipped = why;
      continue;
    }
    if (store.kvGet(GENERATED(key)) !== null) {
      report.skipped = "history already generated";
      continue;
    }
    const cluster = r.kind === "db-cluster";
    const stopMs = (cluster ? d.clusterStopSec : d.instanceStopSec) * 1000;
    const startMs = (cluster ? d.clusterStartSec : d.instanceStartSec) * 1000;
    const [from, to] = window(store, key, r.createdAt, req);
    const seed = (req.seed ^ fnv1a(key)) >>> 0;
    const sleeps = planSleeps(r.usage, seed, from, to - startMs, maxStopped, stopMs);
    const arn = cluster ? clusterArn(cfg, r.region, r.id) : instanceArn(cfg, r.region, r.id);
    const sourceType = cluster ? "db-cluster" : "db-instance";
    const members = cluster ? r.members.map((m) => resKey("db-instance", r.region, m.id)) : [];
    const power = (at: number, up: boolean) => {
      store.addPower(key, at, up);
      for (const m of members) store.addPower(m, at, up);
    };
    const event = (message: string, at: number) =>
      store.addEvent({ region: r.region, sourceType, sourceId: r.id, sourceArn: arn, message, categories: ["notification"], at });
    const trail = (eventName: string, at: number) =>
      store.addTrail({
        eventId: stableId(cfg.accountId, r.region, eventName, r.id, at),
        eventName,
        at,
        region: r.region,
        accessKeyId: `ASIA${(fnv1a(OPS_ROLE + cfg.accountId) >>> 0).toString(36).toUpperCase().padStart(16, "X").slice(0, 16)}`,
        identityType: "AssumedRole",
        principalArn,
        principalId: `AROA${(fnv1a(OPS_ROLE) >>> 0).toString(36).toUpperCase().padStart(17, "Z")}:nightly`,
        userName: OPS_ROLE,
        resourceType: cluster ? "AWS::RDS::DBCluster" : "AWS::RDS::DBInstance",
        resourceName: r.id,
        requestParameters: cluster ? { dBClusterIdentifier: r.id } : { dBInstanceIdentifier: r.id },
        requestId: stableId("req", r.id, at),
        userAgent: "aws-cli/2.22.0 Python/3.12.6 Linux/6.1 exe/x86_64.amzn.2023",
        sourceIp: "203.0.113.17",
      });
    for (const s of sleeps) {
      const stoppedAt = s.stopRequestedAt + stopMs;
      trail(cluster ? "StopDBCluster" : "StopDBInstance", s.stopRequestedAt);
      event(cluster ? EVENT.clusterStopped : EVENT.instanceStopped, stoppedAt);
      power(stoppedAt, false);
      if (s.autoStart) {
        event(cluster ? EVENT.clusterAutoStart : EVENT.instanceAutoStart, s.startRequestedAt);
        report.autoRestarts += 1;
      } else {
        trail(cluster ? "StartDBCluster" : "StartDBInstance", s.startRequestedAt);
      }
      event(cluster ? EVENT.clusterStarted : EVENT.instanceStarted, s.startRequestedAt + startMs);
      power(s.startRequestedAt + startMs, true);
    }
    report.sleeps = sleeps.length;
    store.kvSet(GENERATED(key), { from, to, seed: req.seed, sleeps: sleeps.length });
  }
  return out;
}

export function generateGcpHistory(store: Store, cfg: GcpProjectConfig, req: HistoryRequest): HistoryReport[] {
  const d = DURATION_PROFILES.realistic;
  const out: HistoryReport[] = [];
  const principal = `ops-scheduler@${cfg.projectId}.iam.gserviceaccount.com`;
  for (const i of store.list<SqlInstance>("sql-instance", null)) {
    if (req.only && !req.only.includes(i.name)) continue;
    const report: HistoryReport = { id: i.name, kind: "sql-instance", region: i.region, sleeps: 0, autoRestarts: 0 };
    out.push(report);
    const key = resKey("sql-instance", SQL_REGION, i.name);
    if (i.instanceType === "READ_REPLICA_INSTANCE") {
      report.skipped = "read replica";
      continue;
    }
    if (store.kvGet(GENERATED(key)) !== null) {
      report.skipped = "history already generated";
      continue;
    }
    const opMs = (d.sqlPendingSec + d.sqlRunningSec) * 1000;
    const [from, to] = window(store, key, i.createdAt, req);
    const seed = (req.seed ^ fnv1a(key)) >>> 0;
    const sleeps = planSleeps(i.usage, seed, from, to - opMs, null, opMs);
    const patch = (policy: "ALWAYS" | "NEVER", at: number) => {
      const operationId = stableId(cfg.projectId, i.name, policy, at);
      const common = { instance: i.name, region: i.region, methodName: "cloudsql.instances.update", principal, operationId };
      store.addAudit({ ...common, insertId: stableId("first", operationId), at, first: true, last: false, request: { settings: { activationPolicy: policy } } });
      store.addAudit({ ...common, insertId: stableId("last", operationId), at: at + opMs, first: false, last: true, request: null });
      store.addPower(key, at + opMs, policy === "ALWAYS");
    };
    for (const s of sleeps) {
      patch("NEVER", s.stopRequestedAt);
      patch("ALWAYS", s.startRequestedAt);
    }
    report.sleeps = sleeps.length;
    store.kvSet(GENERATED(key), { from, to, seed: req.seed, sleeps: sleeps.length });
  }
  return out;
}
