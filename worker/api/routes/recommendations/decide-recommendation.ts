/**
 * POST /api/v1/recommendations/{id}/apply — put the proposal into force: add the database to an
 * existing schedule with exactly the proposed time zone and periods whose selector is a list of
 * database names in the same account (the form apply writes), or else create a schedule whose
 * selector names this database (name and account). Audited, and the organization's agents
 * re-evaluate at once.
 * POST /api/v1/recommendations/{id}/dismiss — hide the proposal; re-analysis keeps it dismissed
 * unless the proposal changes materially (worker/recommendations/analyze.ts).
 *
 * Never: applies a skipped or waiting outcome, applies twice, or edits a schedule whose selector it
 * did not write in that form (a person's tag or glob selector is left alone).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { audit } from "../../../audit/audit-log.ts";
import { recommendations, schedules } from "../../../db/schema.ts";
import { matchesSelector, ScheduleDefinitionSchema, type ScheduleDefinition, type SelectorMatcher } from "../../../schedules/index.ts";
import type { AppEnv } from "../../context.ts";
import { ApiProblem } from "../../problem.ts";
import { defineRoute } from "../../route-table.ts";
import { IdParam } from "../../schemas.ts";
import { createSchedule, parseSchedule, rescheduleOrganization } from "../schedules/schedules.ts";
import { loadRecommendation, RecommendationSchema, recommendationView } from "./recommendation-view.ts";

const ApplyResult = z
  .object({
    recommendation: RecommendationSchema,
    schedule: z.object({ id: z.string(), name: z.string(), created: z.boolean().openapi({ description: "false: the database joined an existing schedule with the same periods." }) }),
  })
  .openapi("AppliedRecommendation");

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

async function applyProposal(c: Context<AppEnv>, id: string) {
  const principal = c.get("principal");
  const db = drizzle(c.env.DB);
  const { row, instance } = await loadRecommendation(db, principal.orgId, id);
  if (row.kind !== "schedule") throw new ApiProblem("conflict", 409, `Nothing to apply: ${((row.evidence ?? {}) as { summary?: string }).summary ?? "no schedule is proposed for this database"}`);
  if (row.status === "applied") throw new ApiProblem("conflict", 409, "This recommendation is already applied.");
  const proposal = ScheduleDefinitionSchema.safeParse(row.proposedSchedule);
  if (!proposal.success) throw new ApiProblem("conflict", 409, "The stored proposal no longer validates; analyse again.");
  const wanted = proposal.data;
  const facts = { name: instance.name, cloudAccountId: instance.cloudAccountId, provider: instance.provider, region: instance.region, engine: instance.engine, tags: instance.tags };

  // An existing schedule with the same timing: already covering the database, or one apply can extend.
  const existing = await db.select().from(schedules).where(eq(schedules.orgId, principal.orgId));
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
    const { definition } = parseSchedule({ ...next, minimumSleepMinutes: s.minimumSleepMinutes }, c.env.APP_ENV);
    await db
      .update(schedules)
      .set({ definition, selector: definition.selector, updatedAt: new Date() })
      .where(and(eq(schedules.id, s.id), eq(schedules.orgId, principal.orgId)));
    await audit(c, { action: "schedule.updated", targetType: "schedule", targetId: s.id, summary: { before: s.definition, after: definition, via: "recommendation", recommendationId: row.id } });
    target = { id: s.id, name: s.name, created: false };
    break;
  }

  if (!target) {
    const taken = new Set(existing.map((s) => s.name));
    let name = wanted.name;
    for (let n = 2; taken.has(name); n++) name = `${wanted.name.slice(0, 94)} (${n})`;
    const { definition, minimumSleepMinutes } = parseSchedule({ ...wanted, name }, c.env.APP_ENV);
    const created = await createSchedule(c, definition, minimumSleepMinutes, "schedule.created", { name: definition.name, via: "recommendation", recommendationId: row.id });
    target = { id: created.id, name: created.name, created: true };
  }

  const [updated] = await db
    .update(recommendations)
    .set({ status: "applied", appliedScheduleId: target.id, updatedAt: new Date() })
    .where(and(eq(recommendations.id, row.id), eq(recommendations.orgId, principal.orgId)))
    .returning();
  await audit(c, { action: "recommendation.applied", targetType: "recommendation", targetId: row.id, summary: { database: instance.name, scheduleId: target.id, schedule: target.name, created: target.created } });
  await rescheduleOrganization(c.env, principal.orgId);
  return { recommendation: recommendationView(updated!, instance), schedule: target };
}

export function registerDecideRecommendation(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "schedules:write",
      resource: "recommendation",
      route: createRoute({
        operationId: "applyRecommendation",
        method: "post",
        path: "/recommendations/{id}/apply",
        tags: ["Recommendations"],
        summary: "Apply a recommendation",
        description: "Creates a schedule for the database from the proposal, or adds the database to an existing schedule with the same time zone and periods.",
        request: { params: IdParam },
        responses: { 200: { description: "Applied", content: { "application/json": { schema: ApplyResult } } }, 409: { description: "Nothing to apply, or already applied" } },
      }),
    },
    async (c) => c.json(await applyProposal(c, c.req.valid("param").id), 200),
  );

  defineRoute(
    app,
    {
      access: "schedules:write",
      resource: "recommendation",
      route: createRoute({
        operationId: "dismissRecommendation",
        method: "post",
        path: "/recommendations/{id}/dismiss",
        tags: ["Recommendations"],
        summary: "Dismiss a recommendation",
        description: "Hides the proposal; it comes back only if a later analysis proposes something materially different.",
        request: { params: IdParam },
        responses: { 200: { description: "Dismissed", content: { "application/json": { schema: RecommendationSchema } } }, 409: { description: "Already applied, or not a proposal" } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const { row, instance } = await loadRecommendation(db, principal.orgId, c.req.valid("param").id);
      if (row.kind !== "schedule") throw new ApiProblem("conflict", 409, "Only a proposed schedule can be dismissed.");
      if (row.status === "applied") throw new ApiProblem("conflict", 409, "This recommendation is applied; change or delete its schedule instead.");
      const [updated] = await db
        .update(recommendations)
        .set({ status: "dismissed", updatedAt: new Date() })
        .where(and(eq(recommendations.id, row.id), eq(recommendations.orgId, principal.orgId)))
        .returning();
      await audit(c, { action: "recommendation.dismissed", targetType: "recommendation", targetId: row.id, summary: { database: instance.name, proposal: ((row.evidence ?? {}) as { summary?: string }).summary ?? null } });
      return c.json(recommendationView(updated!, instance), 200);
    },
  );
}
