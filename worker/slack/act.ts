/**
 * What a Slack command or button does, once the workspace and the member are known: status, wake
 * (optionally keeping awake until a time), sleep, skip, keep awake 2h. Acting needs the
 * `instances:act` permission (operator or higher); a viewer gets a polite refusal. Every action
 * is audited with the Slack user, and overrides and manual actions carry the cause "slack".
 *
 * Returns the words to answer with; never throws for a person's mistake.
 */
import { accountAgent } from "../accounts/agent.ts";
import { drizzle } from "drizzle-orm/d1";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Env } from "../env.ts";
import { instances, organizations, overrides } from "../db/schema.ts";
import { newId } from "../db/ids.ts";
import { can } from "../auth/permissions.ts";
import { auditRecord, type Actor } from "../audit/audit-log.ts";
import type { SlackMember, SlackWorkspace } from "./workspace.ts";

export type SlackIntent =
  | { kind: "status"; name: string | null }
  | { kind: "wake"; target: Target; keepAwakeUntil: number | null }
  | { kind: "sleep"; target: Target }
  | { kind: "skip"; target: Target };

/** A database by name (commands) or by id (buttons). */
export type Target = { name: string } | { id: string };

export interface ActResult {
  ok: boolean;
  text: string;
}

const STATUS_LIMIT = 25;

export function actorOfSlack(member: SlackMember): Actor {
  return { kind: "slack", id: member.userId, label: `slack:${member.slackUserId} (${member.email})` };
}

function timeText(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(at);
}

export async function runIntent(env: Env, workspace: SlackWorkspace, member: SlackMember | null, intent: SlackIntent, now: number = Date.now()): Promise<ActResult> {
  if (!member) {
    return { ok: false, text: "I don't know who you are in SnoozeQL yet. Ask an admin to link your Slack account, or use the same verified email in Slack and SnoozeQL." };
  }
  const db = drizzle(env.DB);
  const [org] = await db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, workspace.orgId));
  const timeZone = org?.timezone ?? "UTC";
  if (intent.kind === "status") return status(env, workspace.orgId, intent.name);
  if (!can(member.role, "instances:act")) {
    return { ok: false, text: `Sorry, your SnoozeQL role (${member.role}) can look but not wake or sleep databases. An operator or admin can do it for you.` };
  }
  const target = "id" in intent.target ? eq(instances.id, intent.target.id) : eq(instances.name, intent.target.name);
  const rows = await db.select().from(instances).where(and(eq(instances.orgId, workspace.orgId), target, isNull(instances.deletedAt))).limit(2);
  const label = "id" in intent.target ? "that database" : `\`${intent.target.name}\``;
  if (rows.length === 0) return { ok: false, text: `I can't find ${label} in your organization. \`/snooze status\` lists them.` };
  if (rows.length > 1) return { ok: false, text: `Several databases are named ${label}; use the dashboard for this one.` };
  const row = rows[0]!;
  if (!row.eligible && intent.kind !== "skip") return { ok: false, text: `SnoozeQL cannot act on ${row.name}: ${row.ineligibleReason ?? "not eligible"}.` };
  const actor = actorOfSlack(member);
  const agent = accountAgent(env, row.cloudAccountId);
  const cause = { kind: "slack" as const, id: member.userId };

  if ((intent.kind === "wake" && intent.keepAwakeUntil !== null) || intent.kind === "skip") {
    const kind = intent.kind === "skip" ? "skip_next" : "keep_awake";
    const until = intent.kind === "wake" ? intent.keepAwakeUntil : null;
    const id = newId("override");
    await db.insert(overrides).values({ id, orgId: workspace.orgId, instanceId: row.id, kind, until: until === null ? null : new Date(until), reason: `Slack: ${member.email}`, causeKind: cause.kind, causeId: cause.id });
    await auditRecord(env.DB, workspace.orgId, actor, { action: "override.created", targetType: "instance", targetId: row.id, summary: { overrideId: id, kind, until: until === null ? null : new Date(until).toISOString(), via: "slack" } });
    await agent.reschedule(row.cloudAccountId, workspace.orgId);
    return kind === "skip_next"
      ? { ok: true, text: `${row.name} will skip its next scheduled transition (by ${member.email}).` }
      : { ok: true, text: `${row.name} is kept awake until ${timeText(until!, timeZone)}${row.state === "running" ? "" : " and is waking up now"} (by ${member.email}).` };
  }
  const action = intent.kind === "sleep" ? "stop" : "start";
  const actionId = newId("action");
  await agent.reschedule(row.cloudAccountId, workspace.orgId);
  await agent.requestAction({ actionId, instanceId: row.id, action, cause });
  await auditRecord(env.DB, workspace.orgId, actor, { action: `instance.${action}_requested`, targetType: "instance", targetId: row.id, summary: { actionId, name: row.name, via: "slack" } });
  return { ok: true, text: action === "start" ? `Waking ${row.name} now (by ${member.email}).` : `Putting ${row.name} to sleep now (by ${member.email}).` };
}

async function status(env: Env, orgId: string, name: string | null): Promise<ActResult> {
  const rows = await drizzle(env.DB)
    .select({ name: instances.name, state: instances.state, provider: instances.provider, region: instances.region })
    .from(instances)
    .where(and(eq(instances.orgId, orgId), isNull(instances.deletedAt), name ? eq(instances.name, name) : undefined))
    .orderBy(asc(instances.name))
    .limit(STATUS_LIMIT + 1);
  if (rows.length === 0) return { ok: true, text: name ? `No database named \`${name}\`.` : "No databases yet." };
  const lines = rows.slice(0, STATUS_LIMIT).map((r) => `${r.state === "running" ? "🟢" : r.state === "stopped" ? "💤" : "⏳"} ${r.name} — ${r.state} (${r.provider} ${r.region})`);
  if (rows.length > STATUS_LIMIT) lines.push(`…and more: see the dashboard.`);
  return { ok: true, text: lines.join("\n") };
}
