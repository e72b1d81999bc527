/**
 * Policies: CRUD (POST/GET /policies, GET/PUT/DELETE /policies/{id}; admin writes, viewer
 * reads), a dry evaluation now on every database the policy selects, with the hourly values
 * seen (POST /policies/{id}/evaluate: calls nothing, records nothing), and the history of its
 * firings (GET /policies/{id}/history). The agent evaluates enabled policies after each hourly
 * metrics collection (durable-objects/agent/policies.ts).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { audit } from "../../../audit/audit-log.ts";
import { lastFirings, readRollups } from "../../../db/activity.ts";
import { newId } from "../../../db/ids.ts";
import { instances, policies, policyEvaluations } from "../../../db/schema.ts";
import { floorHour, HOUR_MS } from "../../../metrics/collect.ts";
import { evaluatePolicy } from "../../../policies/evaluate.ts";
import { ActionSchema, durationHours, PolicyDefinitionSchema, type PolicyAction, type PolicyDefinition } from "../../../policies/model.ts";
import { matchesSelector } from "../../../schedules/index.ts";
import type { AppEnv } from "../../context.ts";
import { afterCursor, PageQuery, pageOf, toPage } from "../../pagination.ts";
import { ApiProblem, conflictOnDuplicate } from "../../problem.ts";
import { defineRoute } from "../../route-table.ts";
import { IdParam } from "../../schemas.ts";

const example = {
  name: "Idle dev databases",
  selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] },
  rules: [
    { metric: "connections", operator: "lte", threshold: 0, duration: "2h" },
    { metric: "cpu", operator: "lt", threshold: 5, duration: "2h" },
  ],
  combine: "and",
  cooldown: "6h",
  windows: { timezone: "Europe/Berlin", mode: "outside", periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }] },
  actions: [{ type: "stop" }, { type: "notify" }],
  dryRun: true,
};

/**
 * The request body of create/replace: the policy model itself (worker/policies/model.ts), so the
 * OpenAPI document and the generated client see every field, and a bad field is answered by the
 * validation hook with its path (`rules.0.duration`).
 */
const PolicyBody = PolicyDefinitionSchema.openapi("PolicyDefinition", {
  description: "A policy (docs/api.md#policies): name, selector, rules {metric, operator, threshold, duration \"2h\", statistic?}, combine and|or, cooldown, windows?, actions (stop | notify | set_capacity {minAcu, maxAcu}), enabled, dryRun.",
  example,
});
const jsonBody = { required: true, content: { "application/json": { schema: PolicyBody } } } as const;

const PolicySchema = z
  .object({ id: z.string(), name: z.string(), definition: PolicyDefinitionSchema.openapi({ description: "The definition as saved (defaults applied)." }), enabled: z.boolean(), dryRun: z.boolean(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("Policy");

const RuleOutcomeSchema = z.object({
  metric: z.string(),
  operator: z.string(),
  threshold: z.number(),
  statistic: z.string(),
  duration: z.string(),
  holds: z.boolean(),
  hours: z.array(z.object({ hourStart: z.string(), value: z.number().nullable() })),
});

const EvaluationSchema = z
  .object({
    evaluatedAt: z.string(),
    databases: z.array(
      z.object({
        instanceId: z.string(),
        name: z.string(),
        state: z.string(),
        fires: z.boolean(),
        reason: z.string(),
        window: z.enum(["open", "closed", "none"]),
        cooldownUntil: z.string().nullable(),
        rules: z.array(RuleOutcomeSchema),
      }),
    ),
  })
  .openapi("PolicyEvaluation");

const HistorySchema = z
  .object({
    id: z.string(),
    instanceId: z.string(),
    evaluatedAt: z.string(),
    outcome: z.enum(["acted", "would_act", "blocked"]),
    dryRun: z.boolean(),
    actions: z.array(ActionSchema),
    reason: z.string(),
    evidence: z.array(RuleOutcomeSchema),
  })
  .openapi("PolicyHistoryEntry");

type Row = typeof policies.$inferSelect;
const view = (r: Row): z.infer<typeof PolicySchema> => ({
  id: r.id,
  name: r.name,
  definition: r.definition as unknown as PolicyDefinition,
  enabled: r.enabled,
  dryRun: r.dryRun,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

type Outcome = ReturnType<typeof evaluatePolicy>["rules"][number];
const outcomeView = (r: Outcome) => ({ ...r, hours: r.hours.map((h) => ({ hourStart: new Date(h.hourStart).toISOString(), value: h.value })) });

/** The stored columns (the flags and parts mirror the definition). */
const columnsOf = (d: PolicyDefinition) => ({
  name: d.name,
  description: d.description ?? null,
  rules: { combine: d.combine, rules: d.rules },
  action: d.actions,
  selector: d.selector,
  cooldownSeconds: durationHours(d.cooldown) * 3600,
  dryRun: d.dryRun,
  enabled: d.enabled,
  definition: d as unknown as Record<string, unknown>,
});

async function loadPolicy(db: DrizzleD1Database, orgId: string, id: string): Promise<Row> {
  const [row] = await db.select().from(policies).where(and(eq(policies.id, id), eq(policies.orgId, orgId)));
  if (!row) throw new ApiProblem("not-found", 404, `No policy ${id}.`);
  return row;
}

const nameTakenDetail = (name: string) => `A policy named '${name}' already exists.`;

async function nameTaken(db: DrizzleD1Database, orgId: string, name: string, except: string | null): Promise<void> {
  const [clash] = await db.select({ id: policies.id }).from(policies).where(and(eq(policies.orgId, orgId), eq(policies.name, name), ...(except ? [ne(policies.id, except)] : [])));
  if (clash) throw new ApiProblem("conflict", 409, nameTakenDetail(name));
}

export function registerPolicies(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "policies:write",
      example: { body: example },
      route: createRoute({ operationId: "createPolicy", method: "post", path: "/policies", tags: ["Policies"], summary: "Create a policy", request: { body: jsonBody }, responses: { 201: { description: "Created", content: { "application/json": { schema: PolicySchema } } }, 409: { description: "A policy with this name exists" } } }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const definition = c.req.valid("json");
      await nameTaken(db, principal.orgId, definition.name, null);
      const [row] = await conflictOnDuplicate(db.insert(policies).values({ id: newId("policy"), orgId: principal.orgId, ...columnsOf(definition) }).returning(), nameTakenDetail(definition.name));
      await audit(c, { action: "policy.created", targetType: "policy", targetId: row!.id, summary: { name: definition.name, dryRun: definition.dryRun } });
      return c.json(view(row!), 201);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      route: createRoute({ operationId: "listPolicies", method: "get", path: "/policies", tags: ["Policies"], summary: "List policies", request: { query: PageQuery }, responses: { 200: { description: "Policies", content: { "application/json": { schema: pageOf(PolicySchema, "PolicyPage") } } } } }),
    },
    async (c) => {
      const q = c.req.valid("query");
      const rows = await drizzle(c.env.DB)
        .select()
        .from(policies)
        .where(and(eq(policies.orgId, c.get("principal").orgId), afterCursor(policies.createdAt, policies.id, q.cursor)))
        .orderBy(desc(policies.createdAt), desc(policies.id))
        .limit(q.limit + 1);
      return c.json(toPage(rows, q.limit, (r) => ({ t: r.createdAt.getTime(), id: r.id }), view), 200);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      resource: "policy",
      route: createRoute({ operationId: "getPolicy", method: "get", path: "/policies/{id}", tags: ["Policies"], summary: "Get a policy", request: { params: IdParam }, responses: { 200: { description: "The policy", content: { "application/json": { schema: PolicySchema } } } } }),
    },
    async (c) => c.json(view(await loadPolicy(drizzle(c.env.DB), c.get("principal").orgId, c.req.valid("param").id)), 200),
  );

  defineRoute(
    app,
    {
      access: "policies:write",
      resource: "policy",
      example: { body: example },
      route: createRoute({ operationId: "replacePolicy", method: "put", path: "/policies/{id}", tags: ["Policies"], summary: "Replace a policy", request: { params: IdParam, body: jsonBody }, responses: { 200: { description: "Replaced", content: { "application/json": { schema: PolicySchema } } }, 409: { description: "A policy with this name exists" } } }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const before = await loadPolicy(db, principal.orgId, c.req.valid("param").id);
      const definition = c.req.valid("json");
      await nameTaken(db, principal.orgId, definition.name, before.id);
      const [row] = await conflictOnDuplicate(
        db.update(policies).set({ ...columnsOf(definition), updatedAt: new Date() }).where(and(eq(policies.id, before.id), eq(policies.orgId, principal.orgId))).returning(),
        nameTakenDetail(definition.name),
      );
      await audit(c, { action: "policy.updated", targetType: "policy", targetId: before.id, summary: { before: before.definition, after: definition } });
      return c.json(view(row!), 200);
    },
  );

  defineRoute(
    app,
    {
      access: "policies:write",
      resource: "policy",
      route: createRoute({ operationId: "deletePolicy", method: "delete", path: "/policies/{id}", tags: ["Policies"], summary: "Delete a policy (and its history)", request: { params: IdParam }, responses: { 204: { description: "Deleted" } } }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const row = await loadPolicy(db, principal.orgId, c.req.valid("param").id);
      await db.delete(policies).where(and(eq(policies.id, row.id), eq(policies.orgId, principal.orgId)));
      await audit(c, { action: "policy.deleted", targetType: "policy", targetId: row.id, summary: { name: row.name } });
      return c.body(null, 204);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      resource: "policy",
      route: createRoute({
        operationId: "evaluatePolicy",
        method: "post",
        path: "/policies/{id}/evaluate",
        tags: ["Policies"],
        summary: "Evaluate a policy now (dry)",
        description: "For each database the policy selects: whether it would fire now, why, and the hourly values each rule saw. Calls no cloud and records nothing.",
        request: { params: IdParam },
        responses: { 200: { description: "The evaluation", content: { "application/json": { schema: EvaluationSchema } } } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const row = await loadPolicy(db, principal.orgId, c.req.valid("param").id);
      const parsed = PolicyDefinitionSchema.safeParse(row.definition);
      if (!parsed.success) throw new ApiProblem("conflict", 409, "The stored policy no longer validates; save it again.");
      const def = parsed.data;
      const now = Date.now();
      const matched = (await db.select().from(instances).where(and(eq(instances.orgId, principal.orgId), isNull(instances.deletedAt)))).filter((i) => matchesSelector(def.selector, i));
      const lookBack = Math.max(...def.rules.map((r) => durationHours(r.duration)));
      const [rollups, fired] = await Promise.all([readRollups(c.env.DB, principal.orgId, matched.map((i) => i.id), floorHour(now) - lookBack * HOUR_MS), lastFirings(c.env.DB, principal.orgId, [row.id])]);
      const databases = matched.map((i) => {
        const v = evaluatePolicy(def, rollups.get(i.id) ?? [], now, fired.get(`${row.id}:${i.id}`) ?? null);
        return { instanceId: i.id, name: i.name, state: i.state, fires: v.fires, reason: v.reason, window: v.window, cooldownUntil: v.cooldownUntil === null ? null : new Date(v.cooldownUntil).toISOString(), rules: v.rules.map(outcomeView) };
      });
      return c.json({ evaluatedAt: new Date(now).toISOString(), databases }, 200);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      resource: "policy",
      route: createRoute({ operationId: "listPolicyHistory", method: "get", path: "/policies/{id}/history", tags: ["Policies"], summary: "A policy's firings", description: "Newest first: each time it acted, would have acted (dry run) or was blocked, with the values that decided it. Kept 90 days.", request: { params: IdParam, query: PageQuery }, responses: { 200: { description: "History", content: { "application/json": { schema: pageOf(HistorySchema, "PolicyHistoryPage") } } } } }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const row = await loadPolicy(db, principal.orgId, c.req.valid("param").id);
      const q = c.req.valid("query");
      const rows = await db
        .select()
        .from(policyEvaluations)
        .where(and(eq(policyEvaluations.orgId, principal.orgId), eq(policyEvaluations.policyId, row.id), afterCursor(policyEvaluations.evaluatedAt, policyEvaluations.id, q.cursor)))
        .orderBy(desc(policyEvaluations.evaluatedAt), desc(policyEvaluations.id))
        .limit(q.limit + 1);
      return c.json(
        toPage(rows, q.limit, (r) => ({ t: r.evaluatedAt.getTime(), id: r.id }), (r) => ({
          id: r.id, instanceId: r.instanceId, evaluatedAt: r.evaluatedAt.toISOString(), outcome: r.outcome, dryRun: r.dryRun, actions: r.actions as PolicyAction[], reason: r.reason,
          evidence: (r.evidence as Outcome[]).map(outcomeView),
        })),
        200,
      );
    },
  );
}
