/**
 * GET /api/v1/transitions/upcoming?hours=24 — what the agent will put to sleep or wake in the
 * coming hours across the organization, when, and why (the schedule or override), including the
 * transitions it will let pass and the reason. Read-only: three D1 queries (databases, schedules,
 * active overrides), then the pure model in upcoming-transitions.ts.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { and, eq, gt, isNull, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { instances, overrides, POWER_STATES, schedules } from "../../../db/schema.ts";
import { ScheduleDefinitionSchema } from "../../../schedules/index.ts";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { upcomingTransitions, type UpcomingOverride, type UpcomingSchedule } from "./upcoming-transitions.ts";

/** The most transitions one answer lists (the earliest); `total` says how many there are. */
export const MAX_UPCOMING = 500;

const UpcomingTransitionSchema = z
  .object({
    at: z.string().openapi({ example: "2026-11-30T18:00:00.000Z" }),
    instanceId: z.string(),
    name: z.string(),
    provider: z.enum(["aws", "gcp"]),
    region: z.string(),
    currentState: z.enum(POWER_STATES),
    action: z.enum(["stop", "start"]),
    cause: z.object({
      kind: z.enum(["schedule", "override"]),
      id: z.string(),
      name: z.string().openapi({ description: "The schedule's name, or the kind of override." }),
    }),
    skipReason: z.string().nullable().openapi({ description: "Why the agent will let this transition pass; null when it will act." }),
  })
  .openapi("UpcomingTransition");

const OVERRIDE_NAMES: Record<UpcomingOverride["kind"], string> = {
  keep_awake: "Keep-awake override",
  keep_asleep: "Keep-asleep override",
  skip_next: "Skip-next override",
};

/**
 * What the upcoming-transitions model needs for an organization (three D1 queries): its databases,
 * its enabled schedules that still parse, and per database the active override the agent would
 * pick (keep-awake/keep-asleep beat skip-next; the latest-ending wins).
 */
export async function loadUpcomingInputs(d1: D1Database, orgId: string, from: number) {
  const db = drizzle(d1);
  const [databaseRows, scheduleRows, overrideRows] = await Promise.all([
    db.select().from(instances).where(and(eq(instances.orgId, orgId), isNull(instances.deletedAt))),
    db.select().from(schedules).where(and(eq(schedules.orgId, orgId), eq(schedules.enabled, true))),
    db
      .select({ id: overrides.id, instanceId: overrides.instanceId, kind: overrides.kind, until: overrides.until })
      .from(overrides)
      .where(and(eq(overrides.orgId, orgId), isNull(overrides.cancelledAt), isNull(overrides.consumedAt), or(isNull(overrides.until), gt(overrides.until, new Date(from))))),
  ]);
  const loaded: UpcomingSchedule[] = [];
  for (const row of scheduleRows) {
    const parsed = ScheduleDefinitionSchema.safeParse(row.definition);
    if (!parsed.success) continue; // the agent never acts on a definition that no longer parses
    loaded.push({ id: row.id, name: row.name, definition: parsed.data, dryRun: row.dryRun, minimumSleepMinutes: row.minimumSleepMinutes, maintenanceWake: row.maintenanceWake });
  }
  const active = new Map<string, UpcomingOverride & { until: number | null }>();
  for (const o of overrideRows.sort((a, b) => (a.until?.getTime() ?? Infinity) - (b.until?.getTime() ?? Infinity))) {
    const current = active.get(o.instanceId);
    if (!current || current.kind === "skip_next") active.set(o.instanceId, { id: o.id, kind: o.kind, until: o.until?.getTime() ?? null });
  }
  return { databaseRows, loaded, active };
}

/** Names a transition's cause: the schedule's name, or the kind of override. */
export function causeNames(loaded: readonly UpcomingSchedule[], active: ReadonlyMap<string, UpcomingOverride>) {
  const scheduleNames = new Map(loaded.map((s) => [s.id, s.name]));
  const overrideKinds = new Map([...active.values()].map((o) => [o.id, o.kind]));
  return (cause: { kind: "schedule" | "override"; id: string }) =>
    cause.kind === "schedule" ? (scheduleNames.get(cause.id) ?? "Schedule") : OVERRIDE_NAMES[overrideKinds.get(cause.id) ?? "keep_awake"];
}

export function registerUpcomingTransitions(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      example: { query: { hours: "24", limit: "10" } },
      route: createRoute({
        method: "get",
        path: "/transitions/upcoming",
        operationId: "listUpcomingTransitions",
        tags: ["Schedules"],
        summary: "Upcoming transitions",
        description:
          "Sleeps and wakes the schedules and overrides call for in the coming `hours` (default 24, at most 168), earliest first, per database. Dry-run schedules are left out; transitions the agent will let pass (ineligible database, skip-next override, a sleep shorter than the schedule's minimum) are listed with `skipReason`.",
        request: {
          query: z.object({
            hours: z.coerce.number().int().min(1).max(168).default(24),
            limit: z.coerce.number().int().min(1).max(MAX_UPCOMING).default(MAX_UPCOMING).openapi({ description: "List at most this many (the earliest); `total` counts them all." }),
          }),
        },
        responses: {
          200: {
            description: "Upcoming transitions, earliest first",
            content: {
              "application/json": {
                schema: z
                  .object({ from: z.string(), to: z.string(), items: z.array(UpcomingTransitionSchema), total: z.number().int(), truncated: z.boolean() })
                  .openapi("UpcomingTransitions"),
              },
            },
          },
        },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const { hours, limit } = c.req.valid("query");
      const from = Date.now();
      const to = from + hours * 3_600_000;
      const { databaseRows, loaded, active } = await loadUpcomingInputs(c.env.DB, orgId, from);
      const all = upcomingTransitions({ databases: databaseRows, schedules: loaded, overrides: active, from, to });
      const byId = new Map(databaseRows.map((r) => [r.id, r]));
      const nameOf = causeNames(loaded, active);
      const items = all.slice(0, limit).map((t) => {
        const row = byId.get(t.instanceId)!;
        const name = nameOf(t.cause);
        return {
          at: new Date(t.at).toISOString(),
          instanceId: t.instanceId,
          name: row.name,
          provider: row.provider,
          region: row.region,
          currentState: row.state,
          action: t.action,
          cause: { ...t.cause, name },
          skipReason: t.skipReason,
        };
      });
      return c.json({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), items, total: all.length, truncated: all.length > limit }, 200);
    },
  );
}
