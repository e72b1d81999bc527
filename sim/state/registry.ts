// SimRegistry: the one Durable Object that lists every simulated AWS account and GCP project and
// maps access key ids (long-term and temporary) to the account object that owns them.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";

export interface AccountSummary {
  key: string; // "aws:<id>" or "gcp:<id>"
  kind: "aws" | "gcp";
  id: string;
  name: string;
  createdAt: number;
}

export class SimRegistry extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS accounts (key TEXT PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, created INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS akids (akid TEXT PRIMARY KEY, key TEXT NOT NULL, expires INTEGER);
      CREATE INDEX IF NOT EXISTS akids_key ON akids (key);
    `);
  }

  has(key: string): boolean {
    return this.sql.exec("SELECT 1 FROM accounts WHERE key = ?", key).toArray().length > 0;
  }

  /** Claims a key; false when it already exists (the caller then reports a conflict). */
  register(s: AccountSummary, accessKeyIds: string[]): boolean {
    if (this.has(s.key)) return false;
    for (const akid of accessKeyIds) {
      const owner = this.sql.exec<{ key: string }>("SELECT key FROM akids WHERE akid = ?", akid).toArray()[0];
      if (owner) return false;
    }
    this.sql.exec("INSERT INTO accounts (key, kind, id, name, created) VALUES (?, ?, ?, ?, ?)", s.key, s.kind, s.id, s.name, s.createdAt);
    for (const akid of accessKeyIds) this.sql.exec("INSERT INTO akids (akid, key, expires) VALUES (?, ?, NULL)", akid, s.key);
    return true;
  }

  unregister(key: string): boolean {
    const n = this.sql.exec("DELETE FROM accounts WHERE key = ?", key).rowsWritten;
    this.sql.exec("DELETE FROM akids WHERE key = ?", key);
    return n > 0;
  }

  registerKey(akid: string, key: string, expires: number | null): void {
    this.sql.exec("INSERT OR REPLACE INTO akids (akid, key, expires) VALUES (?, ?, ?)", akid, key, expires);
    // Expired temporary keys are dropped lazily.
    this.sql.exec("DELETE FROM akids WHERE expires IS NOT NULL AND expires < ?", Date.now() - 86_400_000);
  }

  resolveKey(akid: string): string | null {
    const r = this.sql.exec<{ key: string }>("SELECT key FROM akids WHERE akid = ?", akid).toArray()[0];
    return r ? r.key : null;
  }

  list(): AccountSummary[] {
    return this.sql
      .exec<{ key: string; kind: string; id: string; name: string; created: number }>("SELECT * FROM accounts ORDER BY kind, created, id")
      .toArray()
      .map((r) => ({ key: r.key, kind: r.kind as "aws" | "gcp", id: r.id, name: r.name, createdAt: r.created }));
  }
}
