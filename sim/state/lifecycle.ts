// The lifecycle state machines, evaluated lazily against the simulated clock:
// RDS instances and Aurora clusters (available -> stopping -> stopped -> starting -> available,
// with the automatic start after the maximum stopped time and its RDS event) and Cloud SQL
// operations (PENDING -> RUNNING -> DONE, applying the patch when done, closing its audit-log entry).
import type { AwsAccountConfig, DbCluster, DbInstance, Durations, GcpProjectConfig, SqlInstance, SqlOperation } from "./model.ts";
import { resKey, SQL_REGION, type Store } from "./store.ts";
import { applyRdsMaintenance, defaultRdsWindow } from "./maintenance.ts";

export const EVENT = {
  instanceStopped: "DB instance stopped",
  instanceStarted: "DB instance started",
  instanceAutoStart: "DB instance is being started due to it exceeding the maximum allowed time being stopped.",
  clusterStopped: "DB cluster stopped",
  clusterStarted: "DB cluster started",
  clusterAutoStart: "DB cluster is being started due to it exceeding the maximum allowed time being stopped.",
} as const;

export function instanceArn(cfg: AwsAccountConfig, region: string, id: string): string {
  return `arn:aws:rds:${region}:${cfg.accountId}:db:${id}`;
}

export function clusterArn(cfg: AwsAccountConfig, region: string, id: string): string {
  return `arn:aws:rds:${region}:${cfg.accountId}:cluster:${id}`;
}

const NEXT_WAKE = "nextWake";

/** Lower the time at which settle() has work to do. */
export function wakeAt(store: Store, at: number): void {
  const cur = store.kvGet<number>(NEXT_WAKE);
  if (cur === null || at < cur) store.kvSet(NEXT_WAKE, at);
}

function nextDeadline(t: { transition: { doneAt: number } | null; autoRestartAt: number | null; status: string }): number {
  if (t.transition) return t.transition.doneAt;
  if (t.status === "stopped" && t.autoRestartAt !== null) return t.autoRestartAt;
  return Infinity;
}

/** Settle one standalone instance up to `now`. Returns true when it changed. */
function settleInstance(store: Store, cfg: AwsAccountConfig, d: Durations, inst: DbInstance, now: number): boolean {
  let changed = false;
  const key = resKey("db-instance", inst.region, inst.id);
  const arn = instanceArn(cfg, inst.region, inst.id);
  for (let guard = 0; guard < 1000; guard++) {
    const t = inst.transition;
    if (t && now >= t.doneAt) {
      if (t.to === "stopped") {
        inst.status = "stopped";
        inst.stoppedAt = t.doneAt;
        inst.autoRestartAt = t.doneAt + d.maxStoppedSec * 1000;
        store.addPower(key, t.doneAt, false);
        store.addEvent({ region: inst.region, sourceType: "db-instance", sourceId: inst.id, sourceArn: arn, message: EVENT.instanceStopped, categories: ["notification"], at: t.doneAt });
      } else {
        inst.status = "available";
        inst.stoppedAt = null;
        inst.autoRestartAt = null;
        store.addPower(key, t.doneAt, true);
        store.addEvent({ region: inst.region, sourceType: "db-instance", sourceId: inst.id, sourceArn: arn, message: EVENT.instanceStarted, categories: ["notification"], at: t.doneAt });
      }
      inst.transition = null;
      changed = true;
      continue;
    }
    if (!t && inst.status === "stopped" && inst.autoRestartAt !== null && now >= inst.autoRestartAt) {
      const at = inst.autoRestartAt;
      inst.status = "starting";
      inst.transition = { to: "available", startedAt: at, doneAt: at + d.instanceStartSec * 1000, auto: true };
      store.addEvent({ region: inst.region, sourceType: "db-instance", sourceId: inst.id, sourceArn: arn, message: EVENT.instanceAutoStart, categories: ["notification"], at });
      changed = true;
      continue;
    }
    break;
  }
  return changed;
}

/** Settle one Aurora cluster and mirror its state onto its member instances. */
function settleCluster(store: Store, cfg: AwsAccountConfig, d: Durations, cl: DbCluster, now: number): boolean {
  let changed = false;
  const arn = clusterArn(cfg, cl.region, cl.id);
  const members = () =>
    cl.members.map((m) => store.get<DbInstance>("db-instance", cl.region, m.id)).filter((m): m is DbInstance => m !== null);
  const mirror = (status: string, at: number, up: boolean | null) => {
    for (const m of members()) {
      m.status = status;
      if (up !== null) store.addPower(resKey("db-instance", m.region, m.id), at, up);
      store.put(m);
    }
  };
  for (let guard = 0; guard < 1000; guard++) {
    const t = cl.transition;
    if (t && now >= t.doneAt) {
      const key = resKey("db-cluster", cl.region, cl.id);
      if (t.to === "stopped") {
        cl.status = "stopped";
        cl.stoppedAt = t.doneAt;
        cl.autoRestartAt = t.doneAt + d.maxStoppedSec * 1000;
        store.addPower(key, t.doneAt, false);
        mirror("stopped", t.doneAt, false);
        store.addEvent({ region: cl.region, sourceType: "db-cluster", sourceId: cl.id, sourceArn: arn, message: EVENT.clusterStopped, categories: ["notification"], at: t.doneAt });
      } else {
        cl.status = "available";
        cl.stoppedAt = null;
        cl.autoRestartAt = null;
        store.addPower(key, t.doneAt, true);
        mirror("available", t.doneAt, true);
        store.addEvent({ region: cl.region, sourceType: "db-cluster", sourceId: cl.id, sourceArn: arn, message: EVENT.clusterStarted, categories: ["notification"], at: t.doneAt });
      }
      cl.transition = null;
      changed = true;
      continue;
    }
    if (!t && cl.status === "stopped" && cl.autoRestartAt !== null && now >= cl.autoRestartAt) {
      const at = cl.autoRestartAt;
      cl.status = "starting";
      cl.transition = { to: "available", startedAt: at, doneAt: at + d.clusterStartSec * 1000, auto: true };
      mirror("starting", at, null);
      store.addEvent({ region: cl.region, sourceType: "db-cluster", sourceId: cl.id, sourceArn: arn, message: EVENT.clusterAutoStart, categories: ["notification"], at });
      changed = true;
      continue;
    }
    break;
  }
  return changed;
}

/** Bring every RDS resource of the account up to `now` (cheap when nothing is due). */
/** RDS applies due maintenance to an available database inside its window, and says so in an event. */
function maintain(store: Store, arn: string, r: DbInstance | DbCluster, sourceType: "db-instance" | "db-cluster", now: number): boolean {
  const applied = applyRdsMaintenance(r, defaultRdsWindow(`${r.region}/${r.id}`), now);
  if (applied.length === 0) return false;
  store.addEvent({ region: r.region, sourceType, sourceId: r.id, sourceArn: arn, message: `Finished applying maintenance: ${applied.join(", ")}`, categories: ["maintenance"], at: now });
  return true;
}

/** While maintenance is pending, look again within a minute (a window may open; settling is lazy and cheap). */
function maintenanceCheck(r: DbInstance | DbCluster, now: number): number {
  return (r.pendingMaintenance?.length ?? 0) > 0 || Object.keys(r.pendingModified ?? {}).length > 0 ? now + 60_000 : Infinity;
}

export function settleAws(store: Store, cfg: AwsAccountConfig, now: number): void {
  const due = store.kvGet<number>(NEXT_WAKE);
  if (due !== null && now < due) return;
  let next = Infinity;
  for (const cl of store.list<DbCluster>("db-cluster", null)) {
    const settled = settleCluster(store, cfg, cfg.durations, cl, now);
    if (maintain(store, clusterArn(cfg, cl.region, cl.id), cl, "db-cluster", now) || settled) store.put(cl);
    next = Math.min(next, nextDeadline(cl), maintenanceCheck(cl, now));
  }
  for (const inst of store.list<DbInstance>("db-instance", null)) {
    if (inst.clusterId) continue; // follows its cluster
    const settled = settleInstance(store, cfg, cfg.durations, inst, now);
    if (maintain(store, instanceArn(cfg, inst.region, inst.id), inst, "db-instance", now) || settled) store.put(inst);
    next = Math.min(next, nextDeadline(inst), maintenanceCheck(inst, now));
  }
  store.kvSet(NEXT_WAKE, next === Infinity ? Number.MAX_SAFE_INTEGER : next);
}

// ---- Cloud SQL ---------------------------------------------------------------------------------

const PENDING_OPS = "pendingOps";

export function opStatus(op: SqlOperation, now: number): "PENDING" | "RUNNING" | "DONE" {
  if (now >= op.endAt) return "DONE";
  if (now >= op.startAt) return "RUNNING";
  return "PENDING";
}

export function trackOp(store: Store, name: string): void {
  const list = store.kvGet<string[]>(PENDING_OPS) ?? [];
  list.push(name);
  store.kvSet(PENDING_OPS, list);
}

/** Apply every Cloud SQL operation that has completed by `now`. */
export function settleGcp(store: Store, _cfg: GcpProjectConfig, now: number): void {
  // Scheduled maintenance is carried out on a running instance once its start has come (it takes
  // the instance through MAINTENANCE and back, which the simulator does not draw out); a stopped
  // instance keeps it scheduled.
  for (const inst of store.list<SqlInstance>("sql-instance", null)) {
    const at = inst.scheduledMaintenance ?? null;
    if (at !== null && now >= at && inst.activationPolicy === "ALWAYS" && inst.state === "RUNNABLE") {
      inst.scheduledMaintenance = null;
      store.put(inst);
    }
  }
  const list = store.kvGet<string[]>(PENDING_OPS) ?? [];
  if (list.length === 0) return;
  const remaining: string[] = [];
  const done: SqlOperation[] = [];
  for (const name of list) {
    const op = store.op(name);
    if (!op || op.applied) continue;
    if (now >= op.endAt) done.push(op);
    else remaining.push(name);
  }
  done.sort((a, b) => a.endAt - b.endAt);
  for (const op of done) {
    const inst = store.get<SqlInstance>("sql-instance", SQL_REGION, op.instance);
    if (inst && !op.error) {
      const before = inst.activationPolicy;
      if (op.patch.activationPolicy) inst.activationPolicy = op.patch.activationPolicy;
      if (op.patch.userLabels) inst.userLabels = op.patch.userLabels;
      if (op.patch.tier) inst.tier = op.patch.tier;
      inst.settingsVersion += 1;
      if (before !== inst.activationPolicy) {
        store.addPower(resKey("sql-instance", SQL_REGION, inst.name), op.endAt, inst.activationPolicy === "ALWAYS");
      }
      store.put(inst);
    }
    // The admin-activity audit log's closing entry of the long-running operation.
    if (op.operationType === "UPDATE") {
      store.addAudit({
        insertId: `${op.name}-last`,
        at: op.endAt,
        instance: op.instance,
        region: inst?.region ?? "",
        methodName: "cloudsql.instances.update",
        principal: op.user,
        operationId: op.name,
        first: false,
        last: true,
        request: null,
      });
    }
    op.applied = true;
    store.putOp(op);
  }
  store.kvSet(PENDING_OPS, remaining);
}
