/**
 * GET /api/v1/instances/{id}/schedules?days=7 — the schedules whose selector picks this database
 * (the selector matching the agent and the preview use), each with its flags and its next wakes
 * and sleeps, and whether SnoozeQL can stop the database at all: what the database page shows, in
 * one request and two D1 statements (the database, the organization's schedules) however many
 * schedules there are, instead of one preview per schedule.
 *
 * Semantics follow the preview: a disabled schedule that selects the database is listed, with no
 * transitions (it decides nothing); a dry-run schedule is listed with the transitions it would
 * make; a stored definition that no longer validates is left out (the agent never acts on it).
 *
 * Read-only; never reads or lists another organization's database or schedules.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { schedules } from "../../../db/schema.ts";
import { matchesSelector, ScheduleDefinitionSchema, type SelectableDatabase } from "../../../schedules/index.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { IdParam } from "../../schemas.ts";
import { comingChanges, MAX_OVERVIEW_SCHEDULES } from "../schedules/schedule-overview.ts";
import { loadInstance } from "./instance-view.ts";

/** How many coming wakes and sleeps each schedule lists (what the page has room for). */
export const NEXT_TRANSITIONS_PER_SCHEDULE = 4;

const SelectingSchedule = z.object({
  id: z.string(),
  name: z.string(),
  enforce: z.boolean(),
  dryRun: z.boolean().openapi({ description: "Only records what it would do; never acts." }),
  enabled: z.boolean().openapi({ description: "False: paused, it decides nothing (no transitions)." }),
  maintenanceWake: z.boolean(),
  nextTransitions: z
    .array(z.object({ at: z.string(), state: z.enum(["running", "stopped"]) }))
    .openapi({ description: `Its next wakes and sleeps within \`days\`, soonest first (at most ${NEXT_TRANSITIONS_PER_SCHEDULE}).` }),
});

const DatabaseSchedulesSchema = z
  .object({
    instanceId: z.string(),
    eligible: z.boolean(),
    ineligibleReason: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    schedules: z.array(SelectingSchedule).openapi({ description: "Newest first, as GET /schedules lists them." }),
    truncated: z.boolean().openapi({ description: `True when the organization has more than ${MAX_OVERVIEW_SCHEDULES} schedules and only the newest were looked at.` }),
  })
  .openapi("DatabaseSchedules");

export interface ScheduleFacts {
  id: string;
  name: string;
  definition: unknown;
  enforce: boolean;
  dryRun: boolean;
  enabled: boolean;
  maintenanceWake: boolean;
}

/** The schedules (in their order) that select `database`, with their coming changes in [`from`, `to`) (pure). */
export function schedulesSelecting(database: SelectableDatabase, rows: readonly ScheduleFacts[], from: number, to: number): z.infer<typeof SelectingSchedule>[] {
  return rows.flatMap(({ definition, ...row }) => {
    const parsed = ScheduleDefinitionSchema.safeParse(definition);
    if (!parsed.success || !matchesSelector(parsed.data.selector, database)) return [];
    return [{ ...row, nextTransitions: comingChanges(parsed.data, from, to, NEXT_TRANSITIONS_PER_SCHEDULE) }];
  });
}

export function registerInstanceSchedules(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      resource: "instance",
      example: { query: { days: "7" } },
      route: createRoute({
        method: "get",
        path: "/instances/{id}/schedules",
        operationId: "getInstanceSchedules",
        tags: ["Databases"],
        summary: "The schedules that select a database",
        description:
          "Every schedule whose selector matches this database now, newest first, with its flags and its next wakes and sleeps within `days` (default 7, at most 31), and whether SnoozeQL can stop the database. A paused (disabled) schedule is listed without transitions.",
        request: { params: IdParam, query: z.object({ days: z.coerce.number().int().min(1).max(31).default(7) }) },
        responses: { 200: { description: "The schedules that select it", content: { "application/json": { schema: DatabaseSchedulesSchema } } } },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const db = drizzle(c.env.DB);
      const from = Date.now();
      const to = from + c.req.valid("query").days * 86_400_000;
      const [database, rows] = await Promise.all([
        loadInstance(db, orgId, c.req.valid("param").id),
        db
          .select({ id: schedules.id, name: schedules.name, definition: schedules.definition, enforce: schedules.enforce, dryRun: schedules.dryRun, enabled: schedules.enabled, maintenanceWake: schedules.maintenanceWake })
          .from(schedules)
          .where(eq(schedules.orgId, orgId))
          .orderBy(desc(schedules.createdAt), desc(schedules.id))
          .limit(MAX_OVERVIEW_SCHEDULES + 1),
      ]);
      return c.json(
        {
          instanceId: database.id,
          eligible: database.eligible,
          ineligibleReason: database.ineligibleReason,
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          schedules: schedulesSelecting(database, rows.slice(0, MAX_OVERVIEW_SCHEDULES), from, to),
          truncated: rows.length > MAX_OVERVIEW_SCHEDULES,
        },
        200,
      );
    },
  );
}
