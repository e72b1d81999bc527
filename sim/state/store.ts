// SQLite storage of one SimCloud object: config document, credentials, resources, RDS events,
// power history (for metrics), Cloud SQL operations, access tokens, the call log, CloudTrail
// records and Cloud Audit Logs entries.
import type { AuditEntry, CloudConfig, Resource, SimEvent, SqlOperation, TrailRecord } from "./model.ts";

export interface CredentialRow {
  akid: string;
  secret: string;
  token: string | null;
  expires: number | null;
  principal: string; // ARN of the user or assumed-role session
  userId: string;
}

export interface CallRow {
  seq: number;
  at: number;
  service: string;
  op: string;
  status: number;
  code: string | null;
  principal: string | null;
  /** The database the call named (DBInstanceIdentifier, DBClusterIdentifier, Cloud SQL instance), if any. */
  target: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS creds (akid TEXT PRIMARY KEY, secret TEXT NOT NULL, token TEXT, expires INTEGER, principal TEXT NOT NULL, user_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS res (k TEXT PRIMARY KEY, kind TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS res_kind ON res (kind, region, id);
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, region TEXT NOT NULL, source_type TEXT NOT NULL, source_id TEXT NOT NULL, source_arn TEXT NOT NULL, message TEXT NOT NULL, categories TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS events_at ON events (region, at);
CREATE TABLE IF NOT EXISTS power (k TEXT NOT NULL, at INTEGER NOT NULL, up INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS power_k ON power (k, at);
CREATE TABLE IF NOT EXISTS ops (name TEXT PRIMARY KEY, instance TEXT NOT NULL, insert_at INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, sa TEXT NOT NULL, scope TEXT NOT NULL, expires INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS calls (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, service TEXT NOT NULL, op TEXT NOT NULL, status INTEGER NOT NULL, code TEXT, principal TEXT, target TEXT);
CREATE TABLE IF NOT EXISTS counts (op TEXT PRIMARY KEY, service TEXT NOT NULL, n INTEGER NOT NULL, errors INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS trail (event_id TEXT PRIMARY KEY, region TEXT NOT NULL, event_name TEXT NOT NULL, resource_name TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS trail_at ON trail (region, at);
CREATE TABLE IF NOT EXISTS audit (insert_id TEXT PRIMARY KEY, at INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
`;

const CALL_LOG_KEEP = 5000;

/** Region slot under which Cloud SQL instances are stored (names are project-wide). */
export const SQL_REGION = "-";

export function resKey(kind: string, region: string, id: string): string {
  return `${kind}|${region}|${id}`;
}

export class Store {
  private configCache: CloudConfig | null = null;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
    // Call logs written before `target` existed gain the column (their old rows read null).
    const columns = sql.exec<{ name: string }>("PRAGMA table_info(calls)").toArray();
    if (!columns.some((c) => c.name === "target")) sql.exec("ALTER TABLE calls ADD COLUMN target TEXT");
  }

  // ---- config -------------------------------------------------------------------------------
  config(): CloudConfig | null {
    if (this.configCache) return this.configCache;
    const row = this.sql.exec<{ v: string }>("SELECT v FROM kv WHERE k = 'config'").toArray()[0];
    this.configCache = row ? (JSON.parse(row.v) as CloudConfig) : null;
    return this.configCache;
  }

  saveConfig(c: CloudConfig): void {
    this.configCache = c;
    this.sql.exec("INSERT OR REPLACE INTO kv (k, v) VALUES ('config', ?)", JSON.stringify(c));
  }

  kvGet<T>(k: string): T | null {
    const row = this.sql.exec<{ v: string }>("SELECT v FROM kv WHERE k = ?", k).toArray()[0];
    return row ? (JSON.parse(row.v) as T) : null;
  }

  kvSet(k: string, v: unknown): void {
    this.sql.exec("INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)", k, JSON.stringify(v));
  }

  wipe(): void {
    for (const t of ["kv", "creds", "res", "events", "power", "ops", "tokens", "calls", "counts", "trail", "audit"]) {
      this.sql.exec(`DELETE FROM ${t}`);
    }
    this.configCache = null;
  }

  // ---- credentials --------------------------------------------------------------------------
  putCredential(c: CredentialRow): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO creds (akid, secret, token, expires, principal, user_id) VALUES (?, ?, ?, ?, ?, ?)",
      c.akid,
      c.secret,
      c.token,
      c.expires,
      c.principal,
      c.userId,
    );
  }

  credential(akid: string): CredentialRow | null {
    const r = this.sql
      .exec<{ akid: string; secret: string; token: string | null; expires: number | null; principal: string; user_id: string }>(
        "SELECT * FROM creds WHERE akid = ?",
        akid,
      )
      .toArray()[0];
    return r
      ? { akid: r.akid, secret: r.secret, token: r.token, expires: r.expires, principal: r.principal, userId: r.user_id }
      : null;
  }

  // ---- resources ----------------------------------------------------------------------------
  get<T extends Resource>(kind: T["kind"], region: string, id: string): T | null {
    const r = this.sql.exec<{ data: string }>("SELECT data FROM res WHERE k = ?", resKey(kind, region, id)).toArray()[0];
    return r ? (JSON.parse(r.data) as T) : null;
  }

  put(r: Resource): void {
    // Cloud SQL instance names are unique per project, so they are keyed without their region.
    const id = r.kind === "sql-instance" ? r.name : r.id;
    const region = r.kind === "sql-instance" ? SQL_REGION : r.region;
    this.sql.exec(
      "INSERT OR REPLACE INTO res (k, kind, region, id, data) VALUES (?, ?, ?, ?, ?)",
      resKey(r.kind, region, id),
      r.kind,
      region,
      id,
      JSON.stringify(r),
    );
  }

  remove(kind: string, region: string, id: string): boolean {
    const k = resKey(kind, region, id);
    const n = this.sql.exec("DELETE FROM res WHERE k = ?", k).rowsWritten;
    this.sql.exec("DELETE FROM power WHERE k = ?", k);
    return n > 0;
  }

  /** Resources of a kind, ordered by identifier; region null = all regions. */
  list<T extends Resource>(kind: T["kind"], region: string | null): T[] {
    const rows =
      region === null
        ? this.sql.exec<{ data: string }>("SELECT data FROM res WHERE kind = ? ORDER BY id, region", kind).toArray()
        : this.sql.exec<{ data: string }>("SELECT data FROM res WHERE kind = ? AND region = ? ORDER BY id", kind, region).toArray();
    return rows.map((r) => JSON.parse(r.data) as T);
  }

  // ---- events -------------------------------------------------------------------------------
  addEvent(e: SimEvent): void {
    this.sql.exec(
      "INSERT INTO events (region, source_type, source_id, source_arn, message, categories, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      e.region,
      e.sourceType,
      e.sourceId,
      e.sourceArn,
      e.message,
      JSON.stringify(e.categories),
      e.at,
    );
  }

  events(region: string, from: number, to: number): SimEvent[] {
    return this.sql
      .exec<{ region: string; source_type: string; source_id: string; source_arn: string; message: string; categories: string; at: number }>(
        "SELECT * FROM events WHERE region = ? AND at >= ? AND at <= ? ORDER BY at, seq",
        region,
        from,
        to,
      )
      .toArray()
      .map((r) => ({
        region: r.region,
        sourceType: r.source_type as SimEvent["sourceType"],
        sourceId: r.source_id,
        sourceArn: r.source_arn,
        message: r.message,
        categories: JSON.parse(r.categories) as string[],
        at: r.at,
      }));
  }

  // ---- CloudTrail ---------------------------------------------------------------------------
  addTrail(r: TrailRecord): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO trail (event_id, region, event_name, resource_name, at, data) VALUES (?, ?, ?, ?, ?, ?)",
      r.eventId,
      r.region,
      r.eventName,
      r.resourceName,
      r.at,
      JSON.stringify(r),
    );
  }

  /** Newest first, as LookupEvents answers. */
  trail(region: string, from: number, to: number): TrailRecord[] {
    return this.sql
      .exec<{ data: string }>("SELECT data FROM trail WHERE region = ? AND at >= ? AND at <= ? ORDER BY at DESC, event_id DESC", region, from, to)
      .toArray()
      .map((r) => JSON.parse(r.data) as TrailRecord);
  }

  // ---- Cloud Audit Logs ---------------------------------------------------------------------
  addAudit(e: AuditEntry): void {
    this.sql.exec("INSERT OR IGNORE INTO audit (insert_id, at, data) VALUES (?, ?, ?)", e.insertId, e.at, JSON.stringify(e));
  }

  /** Oldest first. */
  audit(from: number, to: number): AuditEntry[] {
    return this.sql
      .exec<{ data: string }>("SELECT data FROM audit WHERE at >= ? AND at < ? ORDER BY at, insert_id", from, to)
      .toArray()
      .map((r) => JSON.parse(r.data) as AuditEntry);
  }

  // ---- power history ------------------------------------------------------------------------
  addPower(k: string, at: number, up: boolean): void {
    this.sql.exec("INSERT INTO power (k, at, up) VALUES (?, ?, ?)", k, at, up ? 1 : 0);
  }

  power(k: string): { at: number; up: boolean }[] {
    return this.sql
      .exec<{ at: number; up: number }>("SELECT at, up FROM power WHERE k = ? ORDER BY at", k)
      .toArray()
      .map((r) => ({ at: r.at, up: r.up === 1 }));
  }

  // ---- Cloud SQL operations ------------------------------------------------------------------
  putOp(op: SqlOperation): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO ops (name, instance, insert_at, data) VALUES (?, ?, ?, ?)",
      op.name,
      op.instance,
      op.insertAt,
      JSON.stringify(op),
    );
  }

  op(name: string): SqlOperation | null {
    const r = this.sql.exec<{ data: string }>("SELECT data FROM ops WHERE name = ?", name).toArray()[0];
    return r ? (JSON.parse(r.data) as SqlOperation) : null;
  }

  ops(instance: string | null): SqlOperation[] {
    const rows =
      instance === null
        ? this.sql.exec<{ data: string }>("SELECT data FROM ops ORDER BY insert_at DESC, name").toArray()
        : this.sql.exec<{ data: string }>("SELECT data FROM ops WHERE instance = ? ORDER BY insert_at DESC, name", instance).toArray();
    return rows.map((r) => JSON.parse(r.data) as SqlOperation);
  }

  // ---- OAuth tokens -------------------------------------------------------------------------
  putToken(token: string, sa: string, scope: string, expires: number): void {
    this.sql.exec("INSERT OR REPLACE INTO tokens (token, sa, scope, expires) VALUES (?, ?, ?, ?)", token, sa, scope, expires);
  }

  token(token: string): { sa: string; scope: string; expires: number } | null {
    return this.sql.exec<{ sa: string; scope: string; expires: number }>("SELECT sa, scope, expires FROM tokens WHERE token = ?", token).toArray()[0] ?? null;
  }

  // ---- call log -----------------------------------------------------------------------------
  logCall(at: number, service: string, op: string, status: number, code: string | null, principal: string | null, target: string | null = null): void {
    const r = this.sql
      .exec<{ seq: number }>(
        "INSERT INTO calls (at, service, op, status, code, principal, target) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq",
        at,
        service,
        op,
        status,
        code,
        principal,
        target,
      )
      .toArray()[0];
    this.sql.exec(
      "INSERT INTO counts (op, service, n, errors) VALUES (?, ?, 1, ?) ON CONFLICT(op) DO UPDATE SET n = n + 1, errors = errors + excluded.errors",
      op,
      service,
      status >= 400 ? 1 : 0,
    );
    if (r && r.seq % 500 === 0) this.sql.exec("DELETE FROM calls WHERE seq <= ?", r.seq - CALL_LOG_KEEP);
  }

  calls(limit: number): CallRow[] {
    return this.sql
      .exec<{ seq: number; at: number; service: string; op: string; status: number; code: string | null; principal: string | null; target: string | null }>(
        "SELECT * FROM calls ORDER BY seq DESC LIMIT ?",
        limit,
      )
      .toArray()
      .reverse()
      .map((r) => ({ ...r }));
  }

  counts(): { op: string; service: string; n: number; errors: number }[] {
    return this.sql.exec<{ op: string; service: string; n: number; errors: number }>("SELECT * FROM counts ORDER BY op").toArray().map((r) => ({ ...r }));
  }

  clearCalls(): void {
    this.sql.exec("DELETE FROM calls");
    this.sql.exec("DELETE FROM counts");
  }
}
