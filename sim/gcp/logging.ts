// Cloud Logging v2 `entries:list` over the project's Cloud SQL admin-activity audit log
// (logName projects/P/logs/cloudaudit.googleapis.com%2Factivity): resourceNames, a subset of the
// logging query language (terms joined by AND; = != : < <= > >= on any field path of the entry;
// value lists `field=("a" OR "b")`; timestamps compared as instants), orderBy "timestamp asc|desc",
// pageSize up to 1000 and pageToken. Admin-activity entries are kept 400 days, like Google does.
// Cloud SQL writes two entries per long-running operation: `operation.first` when the request is
// accepted (it carries the request) and `operation.last` when the operation finishes.
import type { AuditEntry, GcpProjectConfig } from "../state/model.ts";
import type { Store } from "../state/store.ts";
import { b64urlDecodeText, b64urlText, isoMillis } from "../util.ts";
import { GcpError } from "./errors.ts";
import { CLOUD_PLATFORM } from "./oauth.ts";

export const LOGGING_READ_SCOPES = [
  CLOUD_PLATFORM,
  "https://www.googleapis.com/auth/cloud-platform.read-only",
  "https://www.googleapis.com/auth/logging.read",
  "https://www.googleapis.com/auth/logging.admin",
];
const RETENTION_MS = 400 * 86_400_000;

function invalid(message: string): GcpError {
  return new GcpError(400, "INVALID_ARGUMENT", "badRequest", message);
}

export function activityLogName(projectId: string): string {
  return `projects/${projectId}/logs/cloudaudit.googleapis.com%2Factivity`;
}

export function renderEntry(cfg: GcpProjectConfig, e: AuditEntry): Record<string, unknown> {
  const resourceName = `projects/${cfg.projectId}/instances/${e.instance}`;
  const payload: Record<string, unknown> = {
    "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
    status: {},
    authenticationInfo: { principalEmail: e.principal },
    requestMetadata: { callerIp: "203.0.113.40", callerSuppliedUserAgent: "google-api-nodejs-client/7.2.0,gzip(gfe)" },
    serviceName: "cloudsql.googleapis.com",
    methodName: e.methodName,
    authorizationInfo: [{ resource: `instances/${e.instance}`, permission: "cloudsql.instances.update", granted: true, resourceAttributes: {} }],
    resourceName,
  };
  if (e.request) {
    payload["request"] = {
      "@type": "type.googleapis.com/google.cloud.sql.v1.SqlInstancesPatchRequest",
      project: cfg.projectId,
      instance: e.instance,
      body: e.request,
    };
  }
  if (e.last) payload["response"] = { "@type": "type.googleapis.com/google.cloud.sql.v1.Operation", name: e.operationId, status: "DONE", operationType: "UPDATE" };
  return {
    protoPayload: payload,
    insertId: e.insertId,
    resource: { type: "cloudsql_database", labels: { database_id: `${cfg.projectId}:${e.instance}`, project_id: cfg.projectId, region: e.region } },
    timestamp: isoMillis(e.at),
    severity: "NOTICE",
    logName: activityLogName(cfg.projectId),
    operation: { id: e.operationId, producer: "cloudsql.googleapis.com", ...(e.first ? { first: true } : {}), ...(e.last ? { last: true } : {}) },
    receiveTimestamp: isoMillis(e.at + 850),
  };
}

interface Term {
  neg: boolean;
  path: string[];
  op: "=" | "!=" | ":" | "<" | "<=" | ">" | ">=";
  values: string[];
}

function parseValue(raw: string): string[] {
  const v = raw.trim();
  if (v.startsWith("(") && v.endsWith(")")) {
    return v
      .slice(1, -1)
      .split(/\s+OR\s+/)
      .map((x) => unquote(x.trim()));
  }
  return [unquote(v)];
}

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\"/g, '"').replace(/\\\\/g, "\\");
  return v;
}

export function parseFilter(filter: string): Term[] {
  const text = filter.trim();
  if (text === "") return [];
  const parts = text.split(/\s+AND\s+|\n+/).map((p) => p.trim()).filter((p) => p.length > 0);
  return parts.map((p) => {
    const m = /^(NOT\s+|-)?([A-Za-z_@][A-Za-z0-9_.@"-]*)\s*(!=|<=|>=|=|:|<|>)\s*(.+)$/.exec(p);
    if (!m) throw invalid(`Invalid filter: unparseable term "${p.slice(0, 80)}".`);
    const path = m[2]!.split(".").map((s) => unquote(s));
    const values = parseValue(m[4]!);
    if (path.length === 1 && (path[0] === "timestamp" || path[0] === "receiveTimestamp")) {
      for (const v of values) if (Number.isNaN(Date.parse(v))) throw invalid(`Invalid filter: "${v}" is not a timestamp.`);
    }
    return { neg: m[1] !== undefined, path, op: m[3] as Term["op"], values };
  });
}

function at(obj: unknown, path: string[]): unknown {
  let cur = obj;
  for (const seg of path) {
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function compare(field: unknown, term: Term, isTime: boolean): boolean {
  if (field === undefined || field === null) return term.op === "!=";
  const s = typeof field === "object" ? JSON.stringify(field) : String(field);
  return term.values.some((v) => {
    if (isTime) {
      const a = Date.parse(s);
      const b = Date.parse(v);
      if (Number.isNaN(b)) throw invalid(`Invalid filter: "${v}" is not a timestamp.`);
      switch (term.op) {
        case "=":
        case ":":
          return a === b;
        case "!=":
          return a !== b;
        case "<":
          return a < b;
        case "<=":
          return a <= b;
        case ">":
          return a > b;
        case ">=":
          return a >= b;
      }
    }
    switch (term.op) {
      case "=":
        return s === v;
      case "!=":
        return s !== v;
      case ":":
        return v === "*" || s.toLowerCase().includes(v.toLowerCase());
      case "<":
        return s < v;
      case "<=":
        return s <= v;
      case ">":
        return s > v;
      case ">=":
        return s >= v;
    }
  });
}

export function matchesFilter(entry: Record<string, unknown>, terms: Term[]): boolean {
  return terms.every((t) => {
    const isTime = t.path.length === 1 && (t.path[0] === "timestamp" || t.path[0] === "receiveTimestamp");
    const hit = compare(at(entry, t.path), t, isTime);
    return t.neg ? !hit : hit;
  });
}

export function listEntries(store: Store, cfg: GcpProjectConfig, now: number, body: Record<string, unknown>): Record<string, unknown> {
  const names = body["resourceNames"];
  if (!Array.isArray(names) || names.length === 0) throw invalid("resourceNames must name at least one resource, e.g. projects/my-project.");
  for (const n of names) {
    if (n !== `projects/${cfg.projectId}`) throw new GcpError(403, "PERMISSION_DENIED", "forbidden", `The caller does not have permission to read ${String(n)}.`);
  }
  const order = body["orderBy"] === undefined ? "timestamp asc" : String(body["orderBy"]);
  if (order !== "timestamp asc" && order !== "timestamp desc") throw invalid(`Invalid orderBy: ${order}. Use "timestamp asc" or "timestamp desc".`);
  const sizeRaw = body["pageSize"];
  const size = sizeRaw === undefined ? 50 : Number(sizeRaw);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw invalid("pageSize must be between 1 and 1000.");
  const terms = parseFilter(typeof body["filter"] === "string" ? body["filter"] : "");
  let offset = 0;
  const token = body["pageToken"];
  if (typeof token === "string" && token !== "") {
    try {
      const t = JSON.parse(b64urlDecodeText(token)) as { o?: unknown; f?: unknown };
      if (typeof t.o !== "number" || t.f !== `${order}|${String(body["filter"] ?? "")}`) throw new Error("bad");
      offset = t.o;
    } catch {
      throw invalid("Invalid page token: it does not belong to this query.");
    }
  }
  const entries = store
    .audit(now - RETENTION_MS, now + 1)
    .map((e) => renderEntry(cfg, e))
    .filter((e) => matchesFilter(e, terms));
  if (order === "timestamp desc") entries.reverse();
  const page = entries.slice(offset, offset + size);
  const out: Record<string, unknown> = {};
  if (page.length > 0) out["entries"] = page;
  if (offset + page.length < entries.length) out["nextPageToken"] = b64urlText(JSON.stringify({ o: offset + page.length, f: `${order}|${String(body["filter"] ?? "")}` }));
  return out;
}
