// SimInbox: the one Durable Object that remembers what the simulator's receivers were sent — the
// generic webhook receivers (/__sim/webhooks/<name>) and the Slack surface (chat.postMessage,
// incoming webhooks, response_url) — plus their configuration: a receiver's secrets and scripted
// answers, Slack's app credentials, workspace users and OAuth codes.
import { DurableObject } from "cloudflare:workers";
import type { InboxEnv } from "./env.ts";

export interface ScriptedAnswer {
  status: number;
  delayMs?: number;
  retryAfter?: string;
  body?: string;
}

export interface ReceiverConfig {
  secrets: string[];
  /** Answers used in order, one per request; when used up, 200. */
  script: ScriptedAnswer[];
}

export class SimInbox extends DurableObject<InboxEnv> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: InboxEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS received (seq INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS received_channel ON received (channel, seq);
      CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY);
    `);
  }

  /** A stored JSON value (callers know its shape), or null. */
  get(key: string): unknown {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM kv WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.value) as unknown) : null;
  }

  put(key: string, value: unknown): void {
    this.sql.exec("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, JSON.stringify(value));
  }

  /** The next scripted answer of a receiver (consumed), or null when its script is used up. */
  nextAnswer(name: string): ScriptedAnswer | null {
    const config = this.get(`receiver:${name}`) as ReceiverConfig | null;
    const next = config?.script.shift() ?? null;
    if (config && next) this.put(`receiver:${name}`, config);
    return next;
  }

  /** Whether a webhook-id arrived before (and remembers it): a replay is refused. */
  firstSighting(id: string): boolean {
    const fresh = this.sql.exec("SELECT 1 FROM seen WHERE id = ?", id).toArray().length === 0;
    if (fresh) this.sql.exec("INSERT INTO seen (id) VALUES (?)", id);
    return fresh;
  }

  /** A request the receiver refused was not processed: its retry is not a replay. */
  forget(id: string): void {
    this.sql.exec("DELETE FROM seen WHERE id = ?", id);
  }

  record(channel: string, data: unknown): void {
    this.sql.exec("INSERT INTO received (channel, at, data) VALUES (?, ?, ?)", channel, Date.now(), JSON.stringify(data));
  }

  /** What a channel received, oldest first (each entry's data as JSON text). */
  list(channel: string): { at: number; data: string }[] {
    return this.sql
      .exec<{ at: number; data: string }>("SELECT at, data FROM received WHERE channel = ? ORDER BY seq", channel)
      .toArray()
      .map((r) => ({ at: r.at, data: r.data }));
  }
}
