// Cloud SQL Admin API v1: instances.list (filter, maxResults, pageToken), instances.get,
// instances.patch (settings.activationPolicy NEVER/ALWAYS, userLabels, tier) returning a long-running
// Operation that goes PENDING -> RUNNING -> DONE, operations.get / operations.list.
import { opStatus, settleGcp, trackOp } from "../state/lifecycle.ts";
import { defaultSqlWindow } from "../state/maintenance.ts";
import type { GcpProjectConfig, SqlInstance, SqlOperation } from "../state/model.ts";
import { SQL_REGION, type Store } from "../state/store.ts";
import { b64urlDecodeText, b64urlText, fnv1a, isoMillis, uuid } from "../util.ts";
import { GcpError } from "./errors.ts";

export interface SqlCtx {
  store: Store;
  cfg: GcpProjectConfig;
  now: number;
  origin: string;
  user: string;
  base: string; // "v1" or "sql/v1beta4"
}

function invalid(message: string, reason = "invalid"): GcpError {
  return new GcpError(400, "INVALID_ARGUMENT", reason, message);
}

function instanceUrl(c: SqlCtx, name: string): string {
  return `${c.origin}/${c.base}/projects/${c.cfg.projectId}/instances/${name}`;
}

function dbFamily(v: string): "POSTGRES" | "MYSQL" | "SQLSERVER" {
  return v.startsWith("POSTGRES") ? "POSTGRES" : v.startsWith("MYSQL") ? "MYSQL" : "SQLSERVER";
}

export function renderInstance(c: SqlCtx, i: SqlInstance): Record<string, unknown> {
  const fam = dbFamily(i.databaseVersion);
  const out: Record<string, unknown> = {
    kind: "sql#instance",
    state: i.state,
    databaseVersion: i.databaseVersion,
    settings: {
      authorizedGaeApplications: [],
      tier: i.tier,
      kind: "sql#settings",
      availabilityType: i.availabilityType,
      pricingPlan: "PER_USE",
      replicationType: "SYNCHRONOUS",
      activationPolicy: i.activationPolicy,
      ipConfiguration: { ipv4Enabled: true, authorizedNetworks: [], sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" },
      locationPreference: { zone: i.gceZone, kind: "sql#locationPreference" },
      dataDiskType: i.dataDiskType,
      maintenanceWindow: { kind: "sql#maintenanceWindow", ...(i.maintenanceWindow ?? defaultSqlWindow(i.name)) },
      backupConfiguration: {
        startTime: "04:00",
        kind: "sql#backupConfiguration",
        location: "us",
        backupRetentionSettings: { retentionUnit: "COUNT", retainedBackups: 7 },
        enabled: i.instanceType === "CLOUD_SQL_INSTANCE",
        transactionLogRetentionDays: 7,
        ...(fam === "POSTGRES" ? { pointInTimeRecoveryEnabled: true } : { binaryLogEnabled: fam === "MYSQL" }),
      },
      settingsVersion: String(i.settingsVersion),
      storageAutoResizeLimit: "0",
      storageAutoResize: true,
      dataDiskSizeGb: String(i.dataDiskSizeGb),
      userLabels: i.userLabels,
      edition: i.edition,
      connectorEnforcement: "NOT_REQUIRED",
      deletionProtectionEnabled: false,
    },
    etag: (fnv1a(JSON.stringify([i.activationPolicy, i.tier, i.userLabels, i.settingsVersion])) >>> 0).toString(16).padStart(8, "0").repeat(8),
    ipAddresses: [{ type: "PRIMARY", ipAddress: i.ipAddress }],
    instanceType: i.instanceType,
    project: c.cfg.projectId,
    serviceAccountEmailAddress: `p${c.cfg.projectNumber}-${(fnv1a(i.name) % 1000000).toString().padStart(6, "0")}@gcp-sa-cloud-sql.iam.gserviceaccount.com`,
    backendType: "SECOND_GEN",
    selfLink: instanceUrl(c, i.name),
    connectionName: `${c.cfg.projectId}:${i.region}:${i.name}`,
    name: i.name,
    region: i.region,
    gceZone: i.gceZone,
    databaseInstalledVersion: i.databaseVersion,
    createTime: isoMillis(i.createdAt),
    sqlNetworkArchitecture: "NEW_NETWORK_ARCHITECTURE",
    satisfiesPzi: false,
  };
  if (i.masterInstanceName) {
    out["masterInstanceName"] = `${c.cfg.projectId}:${i.masterInstanceName}`;
    out["replicaConfiguration"] = { kind: "sql#replicaConfiguration", failoverTarget: false };
  }
  if (i.replicaNames.length > 0) out["replicaNames"] = i.replicaNames;
  if (i.scheduledMaintenance != null) {
    out["scheduledMaintenance"] = {
      startTime: isoMillis(i.scheduledMaintenance),
      canDefer: true,
      canReschedule: true,
      scheduleDeadlineTime: isoMillis(i.scheduledMaintenance + 14 * 86_400_000),
    };
  }
  return out;
}

export function renderOperation(c: SqlCtx, op: SqlOperation): Record<string, unknown> {
  const status = opStatus(op, c.now);
  const out: Record<string, unknown> = {
    kind: "sql#operation",
    targetLink: instanceUrl(c, op.instance),
    status,
    user: op.user,
    insertTime: isoMillis(op.insertAt),
  };
  if (status !== "PENDING") out["startTime"] = isoMillis(op.startAt);
  if (status === "DONE") out["endTime"] = isoMillis(op.endAt);
  if (status === "DONE" && op.error) {
    out["error"] = { kind: "sql#operationErrors", errors: [{ kind: "sql#operationError", code: op.error.code, message: op.error.message }] };
  }
  out["operationType"] = op.operationType;
  out["name"] = op.name;
  out["targetId"] = op.instance;
  out["selfLink"] = `${c.origin}/${c.base}/projects/${c.cfg.projectId}/operations/${op.name}`;
  out["targetProject"] = c.cfg.projectId;
  return out;
}

function getInstance(c: SqlCtx, name: string): SqlInstance {
  const i = c.store.get<SqlInstance>("sql-instance", SQL_REGION, name);
  if (!i) throw new GcpError(404, "NOT_FOUND", "instanceDoesNotExist", "The Cloud SQL instance does not exist.");
  return i;
}

// ---- filter (subset of the list filter syntax: field:value / field=value terms, AND) -------------

function fieldValue(i: SqlInstance, field: string): string | undefined {
  if (field.startsWith("settings.userLabels.")) return i.userLabels[field.slice("settings.userLabels.".length)];
  switch (field) {
    case "name":
      return i.name;
    case "state":
      return i.state;
    case "databaseVersion":
      return i.databaseVersion;
    case "region":
      return i.region;
    case "instanceType":
      return i.instanceType;
    case "settings.activationPolicy":
      return i.activationPolicy;
    case "settings.tier":
      return i.tier;
    case "settings.availabilityType":
      return i.availabilityType;
    default:
      throw invalid(`Invalid request: Invalid filter field: ${field}.`);
  }
}

function matchFilter(i: SqlInstance, filter: string): boolean {
  const terms = filter.split(/\s+AND\s+|\s+/).filter((t) => t.length > 0);
  return terms.every((t) => {
    const m = /^(-)?([A-Za-z0-9_.]+)\s*([:=])\s*"?([^"]*)"?$/.exec(t);
    if (!m) throw invalid(`Invalid request: Invalid filter: ${filter}.`);
    const v = fieldValue(i, m[2]!);
    const hit = m[4] === "*" ? v !== undefined : v === m[4];
    return m[1] ? !hit : hit;
  });
}

// ---- handlers ---------------------------------------------------------------------------------

export function listInstances(c: SqlCtx, q: URLSearchParams): unknown {
  settleGcp(c.store, c.cfg, c.now);
  const filter = q.get("filter");
  let all = c.store.list<SqlInstance>("sql-instance", null);
  if (filter) all = all.filter((i) => matchFilter(i, filter));
  const maxRaw = q.get("maxResults");
  const max = maxRaw === null ? 500 : Number(maxRaw);
  if (!Number.isInteger(max) || max < 1) throw invalid("Invalid request: maxResults must be a positive integer.");
  let start = 0;
  const pt = q.get("pageToken");
  if (pt) {
    try {
      const after = (JSON.parse(b64urlDecodeText(pt)) as { a: string }).a;
      start = all.findIndex((i) => i.name > after);
      if (start < 0) start = all.length;
    } catch {
      throw invalid("Invalid request: Invalid page token.");
    }
  }
  const items = all.slice(start, start + Math.min(max, 1000));
  const out: Record<string, unknown> = { kind: "sql#instancesList" };
  if (items.length > 0) out["items"] = items.map((i) => renderInstance(c, i));
  if (start + items.length < all.length) out["nextPageToken"] = b64urlText(JSON.stringify({ a: items[items.length - 1]!.name }));
  return out;
}

export function getInstanceHandler(c: SqlCtx, name: string): unknown {
  settleGcp(c.store, c.cfg, c.now);
  return renderInstance(c, getInstance(c, name));
}

export function patchInstance(c: SqlCtx, name: string, body: unknown): unknown {
  settleGcp(c.store, c.cfg, c.now);
  const i = getInstance(c, name);
  if (typeof body !== "object" || body === null) throw invalid("Invalid JSON payload received.", "parseError");
  const settings = (body as { settings?: Record<string, unknown> }).settings ?? {};
  const patch: SqlOperation["patch"] = {};
  if (settings["activationPolicy"] !== undefined) {
    const ap = settings["activationPolicy"];
    if (ap !== "ALWAYS" && ap !== "NEVER") {
      throw invalid(`Invalid request: Invalid value for activation policy: ${String(ap)}.`, "invalidFlagValue");
    }
    if (ap === "NEVER" && i.instanceType === "READ_REPLICA_INSTANCE") {
      throw invalid("Invalid request: The activation policy NEVER is not supported for read replica instances.", "invalidFlagValue");
    }
    patch.activationPolicy = ap;
  }
  if (settings["userLabels"] !== undefined) {
    if (typeof settings["userLabels"] !== "object" || settings["userLabels"] === null) throw invalid("Invalid request: userLabels must be a map.");
    patch.userLabels = { ...i.userLabels, ...(settings["userLabels"] as Record<string, string>) };
  }
  if (typeof settings["tier"] === "string") patch.tier = settings["tier"];
  if (i.state !== "RUNNABLE") {
    throw new GcpError(400, "FAILED_PRECONDITION", "invalidState", `Invalid request: Instance ${name} is in state ${i.state}.`);
  }
  const busy = c.store.ops(name).some((op) => opStatus(op, c.now) !== "DONE");
  if (busy) {
    throw new GcpError(409, "ABORTED", "operationInProgress", "Operation failed because another operation was already in progress. Try your request after the current operation is complete.");
  }
  const d = c.cfg.durations;
  const insertAt = c.now;
  const op: SqlOperation = {
    name: uuid(),
    instance: name,
    operationType: "UPDATE",
    user: c.user,
    insertAt,
    startAt: insertAt + d.sqlPendingSec * 1000,
    endAt: insertAt + (d.sqlPendingSec + d.sqlRunningSec) * 1000,
    patch,
    applied: false,
    error: null,
  };
  c.store.putOp(op);
  trackOp(c.store, op.name);
  // Cloud Audit Logs: the first entry of the long-running operation carries the request.
  c.store.addAudit({ insertId: `${op.name}-first`, at: insertAt, instance: name, region: i.region, methodName: "cloudsql.instances.update", principal: c.user, operationId: op.name, first: true, last: false, request: { settings } });
  return renderOperation(c, op);
}

export function getOperation(c: SqlCtx, name: string): unknown {
  settleGcp(c.store, c.cfg, c.now);
  const op = c.store.op(name);
  if (!op) throw new GcpError(404, "NOT_FOUND", "operationDoesNotExist", "The Cloud SQL operation does not exist.");
  return renderOperation(c, op);
}

export function listOperations(c: SqlCtx, q: URLSearchParams): unknown {
  settleGcp(c.store, c.cfg, c.now);
  const inst = q.get("instance");
  if (inst) getInstance(c, inst);
  const maxRaw = q.get("maxResults");
  const max = maxRaw === null ? 500 : Math.max(1, Number(maxRaw));
  const all = c.store.ops(inst);
  const offset = q.get("pageToken") ? Number(b64urlDecodeText(q.get("pageToken")!)) : 0;
  const items = all.slice(offset, offset + max);
  const out: Record<string, unknown> = { kind: "sql#operationsList" };
  if (items.length > 0) out["items"] = items.map((op) => renderOperation(c, op));
  if (offset + items.length < all.length) out["nextPageToken"] = b64urlText(String(offset + items.length));
  return out;
}
