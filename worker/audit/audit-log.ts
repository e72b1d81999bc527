/**
 * The audit trail: every mutation by a person, an API token or Slack — who, what, which object,
 * a before/after summary, when, from which IP and in which request. Summaries are built by the
 * routes from non-secret fields only; this module never receives credentials.
 */
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { auditLog } from "../db/schema.ts";
import { newId } from "../db/ids.ts";
import { actorId, actorLabel, type Principal } from "../auth/principal.ts";
import type { AppEnv } from "../api/context.ts";

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  summary?: Record<string, unknown>;
}

export interface Actor {
  kind: "user" | "api_token" | "slack" | "system";
  id: string | null;
  label: string | null;
}

export function actorOf(p: Principal): Actor {
  return { kind: p.kind, id: actorId(p), label: actorLabel(p) };
}

export interface AuditMeta {
  ip: string | null;
  requestId: string | null;
  correlationId?: string | null;
}

/**
 * Who a mutation is by, wherever it runs — an API request or Slack's deferred work — so domain
 * code shared by both (overrides, applying a recommendation) audits the same way.
 */
export interface Author {
  orgId: string;
  actor: Actor;
  meta: AuditMeta;
}

function requestMeta(c: Context<AppEnv>): AuditMeta {
  return { ip: c.req.header("cf-connecting-ip") ?? null, requestId: c.get("requestId"), correlationId: c.get("correlationId") ?? null };
}

/** The current request's principal as an author. */
export function authorOf(c: Context<AppEnv>): Author {
  const p = c.get("principal");
  return { orgId: p.orgId, actor: actorOf(p), meta: requestMeta(c) };
}

export function auditInsert(c: Context<AppEnv>, orgId: string, actor: Actor, entry: AuditEntry) {
  return auditRecord(c.env.DB, orgId, actor, entry, requestMeta(c));
}

/** An audit entry written outside a request (queue consumers, Slack's deferred work). */
export function auditRecord(db: D1Database, orgId: string, actor: Actor, entry: AuditEntry, meta: AuditMeta = { ip: null, requestId: null }) {
  return drizzle(db)
    .insert(auditLog)
    .values({
      id: newId("audit"),
      orgId,
      actorKind: actor.kind,
      actorId: actor.id,
      actorLabel: actor.label,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      summary: entry.summary ?? null,
      ip: meta.ip,
      requestId: meta.requestId,
      correlationId: meta.correlationId ?? null,
    });
}

/** Records an audit entry for the current principal. */
export async function audit(c: Context<AppEnv>, entry: AuditEntry): Promise<void> {
  const p = c.get("principal");
  await auditInsert(c, p.orgId, actorOf(p), entry);
}
