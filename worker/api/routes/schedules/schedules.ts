/**
 * Schedules: CRUD (POST/GET /schedules, GET/PATCH/DELETE /schedules/{id}), evaluation of a
 * definition at given instants (POST /schedules/evaluate), import from AWS Instance Scheduler
 * (POST /schedules/import?dryRun=true, with the warnings of what did not carry over), and a
 * preview of what a schedule will do (GET /schedules/{id}/preview?days=7, and POST
 * /schedules/preview for an unsaved draft, which also says why every other database is left
 * out): hours asleep x each database's effective price, with its source. Request bodies are the
 * schedule model's own zod schema. Every change re-arms the organization's agents.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { storedPrice } from "../../../savings/price.ts";
import { isServerlessV2 } from "../../../metrics/collect.ts";
import { accruedMicros, microsToCents } from "../../../savings/money.ts";
import { drizzle } from "drizzle-orm/d1";
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import { cloudAccounts, instances, schedules } from "../../../db/schema.ts";
import { newId } from "../../../db/ids.ts";
import { audit, auditRecord, authorOf, type Author } from "../../../audit/audit-log.ts";
import type { Env } from "../../../env.ts";
import {
  capacityAt,
  evaluateSchedule,
  describeMatcher,
  fitToEngine,
  nextCapacityChange,
  scalesInsteadOfStopping,
  failedMatchers,
  importInstanceSchedulerDetailed,
  scheduleTransitions,
  ScheduleDefinitionSchema,
  type ScheduleDefinition,
} from "../../../schedules/index.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { ApiProblem, conflictOnDuplicate } from "../../problem.ts";
import { afterCursor, PageQuery, pageOf, toPage } from "../../pagination.ts";
import { IdParam } from "../../schemas.ts";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Context } from "hono";
import { accountAgent } from "../../../accounts/agent.ts";

/**
 * AWS bills a started database for at least 10 minutes, so a shorter minimum sleep costs money:
 * refused, except on development and test deployments (where fast cycles are watched on purpose).
 */
export const MINIMUM_SLEEP_FLOOR_MINUTES = 10;
const SHORT_SLEEP_ENVIRONMENTS = new Set(["development", "test"]);

/** What the API accepts: the schedule model plus how long a sleep must be worth it. */
export const ScheduleInput = z.object({
  definition: ScheduleDefinitionSchema,
  minimumSleepMinutes: z.number().int().min(0).max(24 * 60).default(30),
  maintenanceWake: z.boolean().default(false),
});

function scheduleInputFor(appEnv: string | undefined) {
  if (appEnv === undefined || SHORT_SLEEP_ENVIRONMENTS.has(appEnv)) return ScheduleInput;
  return ScheduleInput.extend({
    minimumSleepMinutes: z
      .number()
      .int()
      .min(MINIMUM_SLEEP_FLOOR_MINUTES, `must be at least ${MINIMUM_SLEEP_FLOOR_MINUTES} minutes (AWS bills a started database for 10 minutes)`)
      .max(24 * 60)
      .default(30),
  });
}

/**
 * The request body of create/replace (and the `schedule` of evaluate and draft preview): the
 * schedule model itself, so the OpenAPI document and generated clients see every field, and a
 * bad field is answered by the validation hook with its path. The deployment's minimum-sleep
 * floor is applied after it, by `parseSchedule`.
 */
const ScheduleBody = ScheduleDefinitionSchema.extend({
  minimumSleepMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional()
    .openapi({ description: `Never stop for a sleep window shorter than this (default 30; under ${MINIMUM_SLEEP_FLOOR_MINUTES} refused outside development and test deployments).` }),
  maintenanceWake: z
    .boolean()
    .optional()
    .openapi({ description: "Wake the databases it selects for their maintenance window (UTC, read from the cloud) when the cloud has maintenance pending, and put them back to sleep after (default false; docs/api.md#maintenance-windows)." }),
}).openapi("ScheduleDefinition", {
  description: "A schedule definition (see docs/api.md#schedules): name, timezone, periods, cronPairs, exceptions, selector, enforce, dryRun, enabled, and minimumSleepMinutes.",
  example: {
    name: "Office hours",
    timezone: "Europe/Berlin",
    periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }],
    selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] },
    enforce: false,
    dryRun: false,
    enabled: true,
    minimumSleepMinutes: 30,
  },
});

const ScheduleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    definition: ScheduleDefinitionSchema.openapi({ description: "The definition as saved (defaults applied)." }),
    enforce: z.boolean(),
    dryRun: z.boolean(),
    enabled: z.boolean(),
    minimumSleepMinutes: z.number().int(),
    maintenanceWake: z.boolean().openapi({ description: "Wakes its databases for pending maintenance in their maintenance window." }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Schedule");

type Row = typeof schedules.$inferSelect;
const view = (r: Row): z.infer<typeof ScheduleSchema> => ({
  id: r.id,
  name: r.name,
  definition: r.definition as ScheduleDefinition,
  enforce: r.enforce,
  dryRun: r.dryRun,
  enabled: r.enabled,
  minimumSleepMinutes: r.minimumSleepMinutes,
  maintenanceWake: r.maintenanceWake,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * Validates a submitted schedule; field paths in errors are relative to the request body. With
 * `appEnv` (saving a schedule), the minimum sleep floor of that deployment applies.
 */
export function parseSchedule(body: unknown, appEnv?: string): { definition: ScheduleDefinition; minimumSleepMinutes: number; maintenanceWake: boolean } {
  const { minimumSleepMinutes, maintenanceWake, ...definition } = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const result = scheduleInputFor(appEnv).safeParse({ definition, ...(minimumSleepMinutes !== undefined && { minimumSleepMinutes }), ...(maintenanceWake !== undefined && { maintenanceWake }) });
  if (!result.success) {
    const errors = result.error.issues.map((i) => ({
      location: "body" as const,
      path: i.path.filter((p) => p !== "definition").map(String).join(".") || "(root)",
      message: i.message,
    }));
    throw new ApiProblem("validation", 400, errors.map((e) => `body.${e.path}: ${e.message}`).join("; "), { errors });
  }
  return result.data;
}

async function loadSchedule(db: DrizzleD1Database, orgId: string, id: string): Promise<Row> {
  const [row] = await db.select().from(schedules).where(and(eq(schedules.id, id), eq(schedules.orgId, orgId)));
  if (!row) throw new ApiProblem("not-found", 404, `No schedule ${id}.`);
  return row;
}

const nameTakenDetail = (name: string) => `A schedule named '${name}' already exists.`;

/**
 * Saves a new schedule (after a name check; a concurrent create with the same name loses with the
 * same 409), audits it and re-arms the organization's agents. By an author rather than a request,
 * so applying a recommendation from Slack saves it the same way.
 */
export async function createSchedule(env: Env, author: Author, definition: ScheduleDefinition, minimumSleepMinutes: number, action: string, summary: Record<string, unknown>, maintenanceWake = false): Promise<Row> {
  const db = drizzle(env.DB);
  const taken = nameTakenDetail(definition.name);
  const [clash] = await db.select({ id: schedules.id }).from(schedules).where(and(eq(schedules.orgId, author.orgId), eq(schedules.name, definition.name)));
  if (clash) throw new ApiProblem("conflict", 409, taken);
  const [row] = await conflictOnDuplicate(
    db
      .insert(schedules)
      .values({
        id: newId("schedule"),
        orgId: author.orgId,
        ...columnsOf(definition, minimumSleepMinutes, maintenanceWake),
        createdBy: author.actor.id,
      })
      .returning(),
    taken,
  );
  await auditRecord(env.DB, author.orgId, author.actor, { action, targetType: "schedule", targetId: row!.id, summary }, author.meta);
  await rescheduleOrganization(env, author.orgId);
  return row!;
}

/** The stored columns for a definition (queryable flags mirror the definition). */
function columnsOf(definition: ScheduleDefinition, minimumSleepMinutes: number, maintenanceWake: boolean) {
  return {
    name: definition.name,
    description: definition.description ?? null,
    timezone: definition.timezone,
    definition,
    selector: definition.selector,
    enforce: definition.enforce,
    dryRun: definition.dryRun,
    enabled: definition.enabled,
    minimumSleepMinutes,
    maintenanceWake,
  };
}

/** Every connected account of the organization re-evaluates now. */
export async function rescheduleOrganization(env: Env, orgId: string): Promise<void> {
  const accounts = await drizzle(env.DB)
    .select({ id: cloudAccounts.id })
    .from(cloudAccounts)
    .where(and(eq(cloudAccounts.orgId, orgId), ne(cloudAccounts.status, "disabled")));
  await Promise.all(accounts.map((a) => accountAgent(env, a.id).reschedule(a.id, orgId)));
}

const PreviewDatabaseSchema = z.object({
  id: z.string(),
  name: z.string(),
  eligible: z.boolean(),
  ineligibleReason: z.string().nullable(),
  hoursAsleep: z.number(),
  hourlyPriceMicros: z.number().int().nullable().openapi({ description: "The price used; null = unknown, so no projection (set one)." }),
  priceSource: z.string().openapi({ example: "catalog 2026-11" }),
  projectedSavingsCents: z.number().int(),
  capacityNote: z.string().nullable().openapi({ description: "What the schedule's capacity windows mean for this database (not serverless v2, 0 ACU unsupported, scaled instead of stopped); null without capacity windows." }),
});

const CapacityStepSchema = z.object({
  at: z.string(),
  minAcu: z.number(),
  maxAcu: z.number(),
  source: z.string().openapi({ example: "window night" }),
});

const SchedulePreviewSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    transitions: z.array(z.object({ at: z.string(), state: z.enum(["running", "stopped", "none"]) })),
    capacity: z.array(CapacityStepSchema.extend({ minAcu: z.number().nullable(), maxAcu: z.number().nullable() })).openapi({ description: "Serverless v2 capacity ranges over the preview: the range from `from`, then each change (null: no window applies). Empty without capacity windows." }),
    databases: z.array(PreviewDatabaseSchema),
    unpricedDatabases: z.number().int().openapi({ description: "Eligible matched databases without a known price: not in the projection." }),
    hoursAsleep: z.number(),
    projectedSavingsCents: z.number().int(),
  })
  .openapi("SchedulePreview");

const DraftPreviewSchema = SchedulePreviewSchema.extend({
  unmatched: z
    .array(z.object({ id: z.string(), name: z.string(), reasons: z.array(z.string()).openapi({ description: "The selector's matchers this database fails, in words." }) }))
    .openapi({ description: "The organization's other databases and why the selector leaves them out." }),
}).openapi("ScheduleDraftPreview");

type InstanceRow = typeof instances.$inferSelect;

/**
 * What a schedule does over `days` from `from`: its transitions, the hours it keeps databases
 * asleep, and per matched database the projected savings at its effective price (override, or
 * catalog less discount); plus the databases it leaves out and the matchers they fail.
 */
export function schedulePreview(def: ScheduleDefinition, rows: readonly InstanceRow[], from: number, days: number) {
  const to = from + days * 86_400_000;
  const transitions = scheduleTransitions(def, from, to);
  // Hours asleep: integrate the schedule's desired state over the range.
  let asleepMs = 0;
  let state = evaluateSchedule(def, from);
  let cursor = from;
  for (const t of transitions) {
    if (state === "stopped") asleepMs += t.at - cursor;
    state = t.state;
    cursor = t.at;
  }
  if (state === "stopped") asleepMs += to - cursor;
  const hoursAsleep = Math.round((asleepMs / 3_600_000) * 100) / 100;
  const capacity = capacitySteps(def, from, to);
  const asleepSeconds = Math.floor(asleepMs / 1000);
  const databases: z.infer<typeof PreviewDatabaseSchema>[] = [];
  const unmatched: { id: string; name: string; reasons: string[] }[] = [];
  for (const i of rows) {
    const failed = failedMatchers(def.selector, { name: i.name, cloudAccountId: i.cloudAccountId, provider: i.provider, region: i.region, engine: i.engine, tags: i.tags });
    if (failed.length > 0) {
      unmatched.push({ id: i.id, name: i.name, reasons: failed.map(describeMatcher) });
      continue;
    }
    const capacityNote = capacityNoteFor(def, i, capacity);
    // A serverless v2 cluster scaled down out of period is not stopped: no hours asleep.
    const sleeps = i.eligible && !(isServerlessV2(i) && scalesInsteadOfStopping(def));
    const hours = sleeps ? hoursAsleep : 0;
    const price = storedPrice(i);
    const cents = sleeps && price.hourlyMicros !== null ? microsToCents(accruedMicros(asleepSeconds, price.hourlyMicros)) : 0;
    databases.push({ id: i.id, name: i.name, eligible: i.eligible, ineligibleReason: i.ineligibleReason, hoursAsleep: hours, hourlyPriceMicros: price.hourlyMicros, priceSource: price.source, projectedSavingsCents: cents, capacityNote });
  }
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    transitions: transitions.map((t) => ({ at: new Date(t.at).toISOString(), state: t.state })),
    capacity: capacity.map((c) => ({ ...c, at: new Date(c.at).toISOString() })),
    databases,
    hoursAsleep,
    projectedSavingsCents: databases.reduce((a, d) => a + d.projectedSavingsCents, 0),
    unpricedDatabases: databases.filter((d) => d.eligible && d.hourlyPriceMicros === null).length,
    unmatched,
  };
}

/** The capacity range a schedule wants from `from` and at each change before `to` (at most 500 steps). */
export function capacitySteps(def: ScheduleDefinition, from: number, to: number) {
  const steps: { at: number; minAcu: number | null; maxAcu: number | null; source: string }[] = [];
  if (!def.capacity) return steps;
  const push = (at: number) => {
    const t = capacityAt(def, at);
    const last = steps.at(-1);
    if (last && last.minAcu === (t?.minAcu ?? null) && last.maxAcu === (t?.maxAcu ?? null)) return;
    steps.push({ at, minAcu: t?.minAcu ?? null, maxAcu: t?.maxAcu ?? null, source: t?.source ?? "no window" });
  };
  push(from);
  for (let at = nextCapacityChange(def, from, to - from); at !== null && at < to && steps.length < 500; at = nextCapacityChange(def, at, to - at)) push(at);
  return steps;
}

/** What the capacity windows mean for one matched database (null: the schedule has none). */
function capacityNoteFor(def: ScheduleDefinition, i: InstanceRow, steps: ReturnType<typeof capacitySteps>): string | null {
  if (!def.capacity) return null;
  if (!isServerlessV2(i)) return "Not an Aurora Serverless v2 cluster: capacity windows do not apply to it (its power follows the schedule).";
  const notes: string[] = [];
  const zero = steps.find((s) => s.minAcu === 0 && s.maxAcu !== null);
  const fitted = zero && fitToEngine({ minAcu: 0, maxAcu: zero.maxAcu!, source: zero.source }, i.engine, i.engineVersion).note;
  if (fitted) notes.push(`The ${fitted}.`);
  if (def.capacity.outOfPeriod) notes.push(`Scaled to ${def.capacity.outOfPeriod.minAcu}–${def.capacity.outOfPeriod.maxAcu} ACU out of period instead of stopped.`);
  return notes.join(" ") || "Capacity windows apply.";
}

const jsonBody = { required: true, content: { "application/json": { schema: ScheduleBody } } } as const;

export function registerSchedules(app: OpenAPIHono<AppEnv>): void {
  const example = { body: { name: "Office hours", timezone: "Europe/Berlin", periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] } } };

  defineRoute(
    app,
    {
      access: "schedules:write",
      example,
      route: createRoute({ method: "post", path: "/schedules", operationId: "createSchedule", tags: ["Schedules"], summary: "Create a schedule", request: { body: jsonBody }, responses: { 201: { description: "Created", content: { "application/json": { schema: ScheduleSchema } } }, 409: { description: "A schedule with this name exists" } } }),
    },
    async (c) => {
      const { definition, minimumSleepMinutes, maintenanceWake } = parseSchedule(await c.req.json().catch(() => null), c.env.APP_ENV);
      const row = await createSchedule(c.env, authorOf(c), definition, minimumSleepMinutes, "schedule.created", { name: definition.name }, maintenanceWake);
      return c.json(view(row), 201);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      route: createRoute({ method: "get", path: "/schedules", operationId: "listSchedules", tags: ["Schedules"], summary: "List schedules", request: { query: PageQuery }, responses: { 200: { description: "Schedules", content: { "application/json": { schema: pageOf(ScheduleSchema, "SchedulePage") } } } } }),
    },
    async (c) => {
      const q = c.req.valid("query");
      const rows = await drizzle(c.env.DB)
        .select()
        .from(schedules)
        .where(and(eq(schedules.orgId, c.get("principal").orgId), afterCursor(schedules.createdAt, schedules.id, q.cursor)))
        .orderBy(desc(schedules.createdAt), desc(schedules.id))
        .limit(q.limit + 1);
      return c.json(toPage(rows, q.limit, (r) => ({ t: r.createdAt.getTime(), id: r.id }), view), 200);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      resource: "schedule",
      route: createRoute({ method: "get", path: "/schedules/{id}", operationId: "getSchedule", tags: ["Schedules"], summary: "Get a schedule", request: { params: IdParam }, responses: { 200: { description: "The schedule", content: { "application/json": { schema: ScheduleSchema } } } } }),
    },
    async (c) => c.json(view(await loadSchedule(drizzle(c.env.DB), c.get("principal").orgId, c.req.valid("param").id)), 200),
  );

  defineRoute(
    app,
    {
      access: "schedules:write",
      resource: "schedule",
      example,
      route: createRoute({ method: "put", path: "/schedules/{id}", operationId: "replaceSchedule", tags: ["Schedules"], summary: "Replace a schedule", request: { params: IdParam, body: jsonBody }, responses: { 200: { description: "Replaced", content: { "application/json": { schema: ScheduleSchema } } } } }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const before = await loadSchedule(db, principal.orgId, c.req.valid("param").id);
      const { definition, minimumSleepMinutes, maintenanceWake } = parseSchedule(await c.req.json().catch(() => null), c.env.APP_ENV);
      if (definition.name !== before.name) {
        const [clash] = await db.select({ id: schedules.id }).from(schedules).where(and(eq(schedules.orgId, principal.orgId), eq(schedules.name, definition.name), ne(schedules.id, before.id)));
        if (clash) throw new ApiProblem("conflict", 409, nameTakenDetail(definition.name));
      }
      const [row] = await conflictOnDuplicate(
        db
          .update(schedules)
          .set({ ...columnsOf(definition, minimumSleepMinutes, maintenanceWake), updatedAt: new Date() })
          .where(and(eq(schedules.id, before.id), eq(schedules.orgId, principal.orgId)))
          .returning(),
        nameTakenDetail(definition.name),
      );
      await audit(c, { action: "schedule.updated", targetType: "schedule", targetId: before.id, summary: { before: before.definition, after: definition, ...(before.maintenanceWake !== maintenanceWake && { maintenanceWake }) } });
      await rescheduleOrganization(c.env, principal.orgId);
      return c.json(view(row!), 200);
    },
  );

  defineRoute(
    app,
    {
      access: "schedules:write",
      resource: "schedule",
      route: createRoute({ method: "delete", path: "/schedules/{id}", operationId: "deleteSchedule", tags: ["Schedules"], summary: "Delete a schedule", request: { params: IdParam }, responses: { 204: { description: "Deleted" } } }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const row = await loadSchedule(db, principal.orgId, c.req.valid("param").id);
      await db.delete(schedules).where(and(eq(schedules.id, row.id), eq(schedules.orgId, principal.orgId)));
      await audit(c, { action: "schedule.deleted", targetType: "schedule", targetId: row.id, summary: { name: row.name } });
      await rescheduleOrganization(c.env, principal.orgId);
      return c.body(null, 204);
    },
  );

  const EvaluateBody = z.object({ schedule: ScheduleBody, at: z.array(z.string().max(64)).min(1).max(1000) }).openapi("EvaluateRequest");
  defineRoute(
    app,
    {
      access: "org:read",
      example: { body: { schedule: example.body, at: ["2026-11-24T09:00:00Z"] } },
      route: createRoute({
        method: "post",
        path: "/schedules/evaluate",
        operationId: "evaluateSchedule",
        tags: ["Schedules"],
        summary: "Evaluate a schedule at instants",
        description: "Answers, in order, whether the schedule wants databases running, stopped, or has no opinion ('none') at each instant (up to 1,000).",
        request: { body: { required: true, content: { "application/json": { schema: EvaluateBody } } } },
        responses: { 200: { description: "States", content: { "application/json": { schema: z.object({ results: z.array(z.object({ at: z.string(), state: z.enum(["running", "stopped", "none"]) })) }).openapi("EvaluateResponse") } } } },
      }),
    },
    async (c) => {
      const body = c.req.valid("json");
      const { definition } = parseSchedule(body.schedule);
      const results = body.at.map((at, i) => {
        const t = Date.parse(at);
        if (!/^\d{4}-\d{2}-\d{2}T/.test(at) || Number.isNaN(t)) {
          throw new ApiProblem("validation", 400, `body.at.${i}: not an ISO-8601 instant`, { errors: [{ location: "body", path: `at.${i}`, message: "not an ISO-8601 instant" }] });
        }
        return { at, state: evaluateSchedule(definition, t) };
      });
      return c.json({ results }, 200);
    },
  );

  const ImportBody = z.object({ format: z.literal("instance-scheduler"), schedule: z.unknown() }).openapi("ImportScheduleRequest");
  defineRoute(
    app,
    {
      access: "schedules:write",
      example: { body: { format: "instance-scheduler", schedule: { name: "office-hours", timezone: "US/Eastern", periods: [{ begintime: "09:00", endtime: "17:00", weekdays: "mon-fri" }] } }, query: { dryRun: "true" } },
      route: createRoute({
        method: "post",
        path: "/schedules/import",
        operationId: "importSchedule",
        tags: ["Schedules"],
        summary: "Import an AWS Instance Scheduler schedule",
        request: { query: z.object({ dryRun: z.enum(["true", "false"]).default("false") }), body: { required: true, content: { "application/json": { schema: ImportBody } } } },
        responses: {
          200: { description: "dryRun: the converted definition and what did not carry over", content: { "application/json": { schema: z.object({ schedule: ScheduleDefinitionSchema, warnings: z.array(z.string()) }).openapi("ScheduleImportPreview") } } },
          201: { description: "Imported and saved", content: { "application/json": { schema: z.object({ schedule: ScheduleDefinitionSchema, warnings: z.array(z.string()), saved: ScheduleSchema }).openapi("ScheduleImported") } } },
        },
      }),
    },
    async (c) => {
      const { dryRun } = c.req.valid("query");
      const body = c.req.valid("json");
      let definition: ScheduleDefinition;
      let warnings: string[];
      try {
        ({ definition, warnings } = importInstanceSchedulerDetailed(body.schedule as Parameters<typeof importInstanceSchedulerDetailed>[0]));
      } catch (error) {
        const issues = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues;
        const errors = issues?.map((i) => ({ location: "body" as const, path: ["schedule", ...i.path].join("."), message: i.message })) ?? [
          { location: "body" as const, path: "schedule", message: error instanceof Error ? error.message : "not an Instance Scheduler schedule" },
        ];
        throw new ApiProblem("validation", 400, errors.map((e) => `body.${e.path}: ${e.message}`).join("; "), { errors });
      }
      if (dryRun === "true") return c.json({ schedule: definition, warnings }, 200);
      const row = await createSchedule(c.env, authorOf(c), definition, 30, "schedule.imported", { name: definition.name, format: "instance-scheduler" });
      return c.json({ schedule: definition, warnings, saved: view(row) }, 201);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      resource: "schedule",
      example: { query: { days: "7" } },
      route: createRoute({
        method: "get",
        path: "/schedules/{id}/preview",
        operationId: "previewSchedule",
        tags: ["Schedules"],
        summary: "Preview a schedule",
        description: "The databases it matches now, its transitions over the range, and the projected hours asleep and savings per database.",
        request: { params: IdParam, query: z.object({ days: z.coerce.number().int().min(1).max(31).default(7) }) },
        responses: {
          200: {
            description: "Preview",
            content: {
              "application/json": {
                schema: SchedulePreviewSchema,
              },
            },
          },
        },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const db = drizzle(c.env.DB);
      const row = await loadSchedule(db, principal.orgId, c.req.valid("param").id);
      const parsed = ScheduleDefinitionSchema.safeParse(row.definition);
      if (!parsed.success) throw new ApiProblem("conflict", 409, "The stored definition no longer validates; save it again.");
      const rows = await db.select().from(instances).where(and(eq(instances.orgId, principal.orgId), isNull(instances.deletedAt)));
      const { unmatched: _unmatched, ...preview } = schedulePreview(parsed.data, rows, Date.now(), c.req.valid("query").days);
      return c.json(preview, 200);
    },
  );

  defineRoute(
    app,
    {
      access: "org:read",
      example: { body: { schedule: example.body, days: 7 } },
      route: createRoute({
        method: "post",
        path: "/schedules/preview",
        operationId: "previewScheduleDraft",
        tags: ["Schedules"],
        summary: "Preview an unsaved schedule",
        description:
          "What a schedule would do before it is saved: the databases it would match (and, for every other database, the matchers it fails), its transitions over the range, and the projected hours asleep and savings per database.",
        request: { body: { required: true, content: { "application/json": { schema: z.object({ schedule: ScheduleBody, days: z.number().int().min(1).max(31).default(7) }).openapi("SchedulePreviewRequest") } } } },
        responses: { 200: { description: "Preview", content: { "application/json": { schema: DraftPreviewSchema } } } },
      }),
    },
    async (c) => {
      const principal = c.get("principal");
      const body = c.req.valid("json");
      const { definition } = parseSchedule(body.schedule);
      const rows = await drizzle(c.env.DB).select().from(instances).where(and(eq(instances.orgId, principal.orgId), isNull(instances.deletedAt)));
      return c.json(schedulePreview(definition, rows, Date.now(), body.days), 200);
    },
  );
}
