/**
 * What a Slack command or button does, once the workspace and the member are known: status, wake
 * (optionally keeping awake until a time), sleep, skip, keep awake 2h, extend an expiring override
 * by 2 hours, apply a recommendation. Acting on databases needs `instances:act` (operator or
 * higher), applying a recommendation `schedules:write` (admin or higher), exactly as in the API; a
 * viewer gets a polite refusal. Every action is audited with the Slack user; overrides go through
 * worker/overrides/create.ts and applying through worker/recommendations/apply.ts, the API's own
 * paths, and overrides and manual actions carry the cause "slack".
 *
 * Returns the words to answer with; never throws for a person's mistake.
 */
import { accountAgent } from "../accounts/agent.ts";
import { drizzle } from "drizzle-orm/d1";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Env } from "../env.ts";
import { instances, organizations, overrides, recommendations } from "../db/schema.ts";
import { newId } from "../db/ids.ts";
import { can } from "../auth/permissions.ts";
import { auditRecord, type Actor, type Author } from "../audit/audit-log.ts";
import { createOverride } from "../overrides/create.ts";
import { applyRecommendation } from "../recommendations/apply.ts";
import { ApiProblem } from "../api/problem.ts";
import type { SlackMember, SlackWorkspace } from "./workspace.ts";

export type SlackIntent =
  | { kind: "status"; name: string | null }
  | { kind: "wake"; target: Target; keepAwakeUntil: number | null }
  | { kind: "sleep"; target: Target }
  | { kind: "skip"; target: Target }
  /** "Keep awake 2h more" on an expiring override: the same kind, until 2 hours after it ends. */
  | { kind: "extend"; overrideId: string }
  | { kind: "apply"; recommendationId: string };

/** How much "Keep awake 2h" / "2h more" adds. */
export const BUTTON_EXTENSION_MS = 2 * 3_600_000;

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
  const author: Author = { orgId: workspace.orgId, actor: actorOfSlack(member), meta: { ip: null, requestId: null } };
  if (intent.kind === "apply") return apply(env, author, member, intent.recommendationId);
  if (!can(member.role, "instances:act")) {
    return { ok: false, text: `Sorry, your SnoozeQL role (${member.role}) can look but not wake or sleep databases. An operator or admin can do it for you.` };
  }
  if (intent.kind === "extend") return extend(env, author, member, intent.overrideId, timeZone, now);
  const target = "id" in intent.target ? eq(instances.id, intent.target.id) : eq(instances.name, intent.target.name);
  const rows = await db.select().from(instances).where(and(eq(instances.orgId, workspace.orgId), target, isNull(instances.deletedAt))).limit(2);
  const label = "id" in intent.target ? "that database" : `\`${intent.target.name}\``;
  if (rows.length === 0) return { ok: false, text: `I can't find ${label} in your organization. \`/snooze status\` lists them.` };
  if (rows.length > 1) return { ok: false, text: `Several databases are named ${label}; use the dashboard for this one.` };
  const row = rows[0]!;
  if (!row.eligible && intent.kind !== "skip") return { ok: false, text: `SnoozeQL cannot act on ${row.name}: ${row.ineligibleReason ?? "not eligible"}.` };
  const actor = author.actor;
  const agent = accountAgent(env, row.cloudAccountId);
  const cause = { kind: "slack" as const, id: member.userId };

  if ((intent.kind === "wake" && intent.keepAwakeUntil !== null) || intent.kind === "skip") {
    const kind = intent.kind === "skip" ? "skip_next" : "keep_awake";
    const until = intent.kind === "wake" ? intent.keepAwakeUntil : null;
    await createOverride(env, author, { instance: row, kind, until, reason: `Slack: ${member.email}`, cause, via: "slack" }, now);
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

/** Applies a recommendation from its Slack message; already applied or dismissed ones are left as they are. */
async function apply(env: Env, author: Author, member: SlackMember, id: string): Promise<ActResult> {
  if (!can(member.role, "schedules:write")) {
    return { ok: false, text: `Sorry, your SnoozeQL role (${member.role}) cannot apply recommendations: that creates a schedule, which needs an admin. Ask one, or open it in the dashboard.` };
  }
  const [row] = await drizzle(env.DB).select({ status: recommendations.status }).from(recommendations).where(and(eq(recommendations.id, id), eq(recommendations.orgId, author.orgId)));
  if (row?.status === "dismissed") return { ok: false, text: "This recommendation was dismissed in the meantime; open it in the dashboard if you want to apply it after all." };
  try {
    const applied = await applyRecommendation(env, author, id);
    const how = applied.schedule.created ? `created schedule '${applied.schedule.name}'` : `added ${applied.recommendation.instance.name} to schedule '${applied.schedule.name}'`;
    return { ok: true, text: `Applied: ${how} (by ${member.email}).` };
  } catch (error) {
    if (error instanceof ApiProblem && error.status < 500) return { ok: false, text: error.status === 404 ? "I can't find that recommendation any more; it may have been replaced by a newer analysis." : (error.detail ?? error.message) };
    throw error;
  }
}

/** Keeps an expiring override's state 2 hours past its end (a new override; the old one lapses under it). */
async function extend(env: Env, author: Author, member: SlackMember, overrideId: string, timeZone: string, now: number): Promise<ActResult> {
  const db = drizzle(env.DB);
  const [found] = await db
    .select({ override: overrides, instance: instances })
    .from(overrides)
    .innerJoin(instances, eq(instances.id, overrides.instanceId))
    .where(and(eq(overrides.id, overrideId), eq(overrides.orgId, author.orgId), isNull(instances.deletedAt)));
  const ends = found?.override.until?.getTime() ?? null;
  if (!found || found.override.kind === "skip_next" || ends === null) return { ok: false, text: "I can't find that override any more." };
  const { override, instance } = found;
  if (override.cancelledAt) return { ok: false, text: `That override on ${instance.name} was cancelled; nothing to extend.` };
  if (!instance.eligible) return { ok: false, text: `SnoozeQL cannot act on ${instance.name}: ${instance.ineligibleReason ?? "not eligible"}.` };
  const until = Math.max(ends, now) + BUTTON_EXTENSION_MS;
  await createOverride(env, author, { instance, kind: override.kind, until, reason: `Slack: ${member.email} (2h more)`, cause: { kind: "slack", id: member.userId }, via: "slack" }, now);
  const state = override.kind === "keep_awake" ? "awake" : "asleep";
  return { ok: true, text: `${instance.name} stays ${state} until ${timeText(until, timeZone)} (by ${member.email}).` };
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
