/**
 * GET /api/v1/schedules/overview?days=7 — for every schedule of the organization at once, the
 * databases it matches (and how many of them SnoozeQL cannot stop) and its next transition: what
 * the schedules list shows per row, in one request and two D1 queries (schedules, databases)
 * instead of one preview request per schedule.
 *
 * Read-only; never lists another organization's schedules or databases.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { instances, schedules } from "../../../db/schema.ts";
import { matchesSelector, ScheduleDefinitionSchema, scheduleTransitions, type ScheduleDefinition } from "../../../schedules/index.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";

/** An organization's schedules answered at once; more than this is a misuse of schedules (and is cut, said by `truncated`). */
export const MAX_OVERVIEW_SCHEDULES = 500;

const OverviewItem = z.object({
  scheduleId: z.string(),
  matched: z.number().int().openapi({ description: "Databases its selector matches now." }),
  ineligible: z.number().int().openapi({ description: "Of those, the ones SnoozeQL cannot stop (read replicas, cluster members, …)." }),
  nextTransition: z
    .object({ at: z.string(), state: z.enum(["running", "stopped"]) })
    .nullable()
    .openapi({ description: "Its next wake or sleep within `days`; null when none (or the definition no longer validates)." }),
  valid: z.boolean().openapi({ description: "False when the stored definition no longer validates (save it again)." }),
});

const OverviewSchema = z.object({ from: z.string(), to: z.string(), items: z.array(OverviewItem), truncated: z.boolean() }).openapi("ScheduleOverview");

type DatabaseFacts = Parameters<typeof matchesSelector>[1] & { eligible: boolean };

/**
 * A schedule's next `limit` wakes and sleeps in [`from`, `to`) (pure): its transitions as the
 * preview lists them, less the ones to "no opinion" (which neither wake nor stop anything).
 */
export function comingChanges(def: ScheduleDefinition, from: number, to: number, limit: number): { at: string; state: "running" | "stopped" }[] {
  return scheduleTransitions(def, from, to)
    .filter((t): t is { at: number; state: "running" | "stopped" } => t.state !== "none")
    .slice(0, limit)
    .map((t) => ({ at: new Date(t.at).toISOString(), state: t.state }));
}

/** One overview row (pure): matched databases and the first transition that changes the desired state. */
export function overviewOf(def: ScheduleDefinition, databases: readonly DatabaseFacts[], from: number, to: number) {
  const matched = databases.filter((d) => matchesSelector(def.selector, d));
  return {
    matched: matched.length,
    ineligible: matched.filter((d) => !d.eligible).length,
    nextTransition: comingChanges(def, from, to, 1)[0] ?? null,
  };
}

export function registerScheduleOverview(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      example: { query: { days: "7" } },
      route: createRoute({
        method: "get",
        path: "/schedules/overview",
        operationId: "getScheduleOverview",
        tags: ["Schedules"],
        summary: "Every schedule's matched databases and next transition",
        description: "What the schedules list shows per schedule, for all of the organization's schedules in one answer: the databases each matches now and its next transition within `days` (default 7, at most 31).",
        request: { query: z.object({ days: z.coerce.number().int().min(1).max(31).default(7) }) },
        responses: { 200: { description: "The overview", content: { "application/json": { schema: OverviewSchema } } } },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const db = drizzle(c.env.DB);
      const from = Date.now();
      const to = from + c.req.valid("query").days * 86_400_000;
      const [scheduleRows, databases] = await Promise.all([
        db.select({ id: schedules.id, definition: schedules.definition }).from(schedules).where(eq(schedules.orgId, orgId)).limit(MAX_OVERVIEW_SCHEDULES + 1),
        db
          .select({ name: instances.name, cloudAccountId: instances.cloudAccountId, provider: instances.provider, region: instances.region, engine: instances.engine, tags: instances.tags, eligible: instances.eligible })
          .from(instances)
          .where(and(eq(instances.orgId, orgId), isNull(instances.deletedAt))),
      ]);
      const items = scheduleRows.slice(0, MAX_OVERVIEW_SCHEDULES).map((row) => {
        const parsed = ScheduleDefinitionSchema.safeParse(row.definition);
        if (!parsed.success) return { scheduleId: row.id, matched: 0, ineligible: 0, nextTransition: null, valid: false };
        return { scheduleId: row.id, ...overviewOf(parsed.data, databases, from, to), valid: true };
      });
      return c.json({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), items, truncated: scheduleRows.length > MAX_OVERVIEW_SCHEDULES }, 200);
    },
  );
}
