/**
 * Applying a recommendation — the one code path behind POST /api/v1/recommendations/{id}/apply
 * and Slack's "Apply recommendation" button: put the proposal into force by adding the database to
 * an existing schedule with exactly the proposed time zone and periods whose selector is a list of
 * database names in the same account (the form apply writes), or else by creating a schedule whose
 * selector names this database (name and account), through the schedules route's createSchedule.
 * Audited with its author (a member, a token, or a Slack user), and the organization's agents
 * re-evaluate at once.
 *
 * Never: checks permissions (callers do), applies a skipped or waiting outcome, applies twice, or
 * edits a schedule whose selector it did not write in that form (a tag or glob selector is left alone).
 */
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Env } from "../env.ts";
import { auditRecord, type Author } from "../audit/audit-log.ts";
import { recommendations, schedules } from "../db/schema.ts";
import { matchesSelector, ScheduleDefinitionSchema, type ScheduleDefinition, type SelectorMatcher } from "../schedules/index.ts";
import { ApiProblem } from "../api/problem.ts";
import { createSchedule, parseSchedule, rescheduleOrganization } from "../api/routes/schedules/schedules.ts";
import { loadRecommendation, recommendationView, type RecommendationView } from "../api/routes/recommendations/recommendation-view.ts";

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const unescapeRegex = (s: string) => s.replace(/\\(.)/g, "$1");

/** The database names a selector lists, when it is apply's form: name (equals or ^(?:a|b)$) and one account. */
export function namesInAccount(match: readonly SelectorMatcher[], accountId: string): string[] | null {
  if (match.length !== 2) return null;
  const name = match.find((m) => m.field === "name");
  const account = match.find((m) => m.field === "cloudAccountId");
  if (!name || !account || account.op !== "equals" || account.value !== accountId || account.negate || name.negate || name.ignoreCase || account.ignoreCase) return null;
  if (name.op === "equals" && name.value !== undefined) return [name.value];
  const list = name.op === "regex" ? /^\^\(\?:(.+)\)\$$/.exec(name.value ?? "") : null;
  if (!list) return null;
  const names = list[1]!.split(/(?<!\\)\|/).map(unescapeRegex);
  // Only a list this function could have written (no other regex syntax).
  return names.every((n) => /^[A-Za-z0-9_.:-]+$/.test(n)) ? names : null;
}

export function selectorForNames(names: readonly string[], accountId: string): { match: SelectorMatcher[] } {
  const name: SelectorMatcher = names.length === 1 ? { field: "name", op: "equals", value: names[0]! } : { field: "name", op: "regex", value: `^(?:${names.map(escapeRegex).join("|")})$` };
  return { match: [name, { field: "cloudAccountId", op: "equals", value: accountId }] };
}

const timing = (d: ScheduleDefinition) => JSON.stringify({ timezone: d.timezone, periods: d.periods, cronPairs: d.cronPairs ?? [], exceptions: d.exceptions ?? [] });

export interface Applied {
  recommendation: RecommendationView;
  schedule: { id: string; name: string; created: boolean };
}

/**
 * Puts a proposal into force for `author` (see the header). Throws ApiProblem 404 for another
 * organization's or an unknown id, 409 for nothing to apply or already applied.
 */
export async function applyRecommendation(env: Env, author: Author, id: string): Promise<Applied> {
  const db = drizzle(env.DB);
  const orgId = author.orgId;
  const { row, instance } = await loadRecommendation(db, orgId, id);
  if (row.kind !== "schedule") throw new ApiProblem("conflict", 409, `Nothing to apply: ${((row.evidence ?? {}) as { summary?: string }).summary ?? "no schedule is proposed for this database"}`);
  if (row.status === "applied") throw new ApiProblem("conflict", 409, "This recommendation is already applied.");
  const proposal = ScheduleDefinitionSchema.safeParse(row.proposedSchedule);
  if (!proposal.success) throw new ApiProblem("conflict", 409, "The stored proposal no longer validates; analyse again.");
  const wanted = proposal.data;
  const facts = { name: instance.name, cloudAccountId: instance.cloudAccountId, provider: instance.provider, region: instance.region, engine: instance.engine, tags: instance.tags };

  // An existing schedule with the same timing: already covering the database, or one apply can extend.
  const existing = await db.select().from(schedules).where(eq(schedules.orgId, orgId));
  let target: { id: string; name: string; created: boolean } | null = null;
  for (const s of existing) {
    const def = ScheduleDefinitionSchema.safeParse(s.definition);
    if (!def.success || !def.data.enabled || def.data.dryRun || timing(def.data) !== timing(wanted)) continue;
    if (matchesSelector(def.data.selector, facts)) {
      target = { id: s.id, name: s.name, created: false };
      break;
    }
    const names = namesInAccount(def.data.selector.match, instance.cloudAccountId);
    if (!names) continue;
    const next = { ...def.data, selector: selectorForNames([...names, instance.name], instance.cloudAccountId) };
    const { definition } = parseSchedule({ ...next, minimumSleepMinutes: s.minimumSleepMinutes }, env.APP_ENV);
    await db
      .update(schedules)
      .set({ definition, selector: definition.selector, updatedAt: new Date() })
      .where(and(eq(schedules.id, s.id), eq(schedules.orgId, orgId)));
    await auditRecord(env.DB, orgId, author.actor, { action: "schedule.updated", targetType: "schedule", targetId: s.id, summary: { before: s.definition, after: definition, via: "recommendation", recommendationId: row.id } }, author.meta);
    target = { id: s.id, name: s.name, created: false };
    break;
  }

  if (!target) {
    const taken = new Set(existing.map((s) => s.name));
    let name = wanted.name;
    for (let n = 2; taken.has(name); n++) name = `${wanted.name.slice(0, 94)} (${n})`;
    const { definition, minimumSleepMinutes } = parseSchedule({ ...wanted, name }, env.APP_ENV);
    const created = await createSchedule(env, author, definition, minimumSleepMinutes, "schedule.created", { name: definition.name, via: "recommendation", recommendationId: row.id });
    target = { id: created.id, name: created.name, created: true };
  }

  const [updated] = await db
    .update(recommendations)
    .set({ status: "applied", appliedScheduleId: target.id, updatedAt: new Date() })
    .where(and(eq(recommendations.id, row.id), eq(recommendations.orgId, orgId)))
    .returning();
  await auditRecord(env.DB, orgId, author.actor, { action: "recommendation.applied", targetType: "recommendation", targetId: row.id, summary: { database: instance.name, scheduleId: target.id, schedule: target.name, created: target.created } }, author.meta);
  await rescheduleOrganization(env, orgId);
  return { recommendation: recommendationView(updated!, instance), schedule: target };
}
