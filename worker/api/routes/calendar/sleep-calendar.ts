/**
 * GET /api/v1/calendar?days=7 — which databases sleep when in the coming days, across all
 * schedules and active overrides: per database, the intervals it will be asleep and the cause
 * that puts it to sleep, plus how many transitions the agent will let pass (ineligible database,
 * skip-next, a sleep shorter than the minimum). The answer to "will staging be up for tomorrow's
 * demo?". Read-only: the same three D1 queries and pure model as the upcoming transitions
 * (worker/api/routes/transitions/), turned into intervals by `sleepIntervals`; maintenance wakes
 * cut into them, and runs of sleeps too short to draw folded into cycle bands (./calendar-bands.ts).
 *
 * Never: acts, or lists another organization's databases.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { defineRoute } from "../../route-table.ts";
import { causeNames, loadUpcomingInputs } from "../transitions/upcoming.ts";
import { upcomingTransitions, type UpcomingTransition } from "../transitions/upcoming-transitions.ts";
import { matchesSelector } from "../../../schedules/index.ts";
import { describeWindow } from "../../../domain/maintenance.ts";
import { CYCLE_RESOLUTION_MS, cycleBands, withMaintenanceWake } from "./calendar-bands.ts";

/** At most this many intervals per database in one answer (a 10-minute cycle makes ~1,000 a week). */
export const MAX_INTERVALS_PER_DATABASE = 2_000;

export interface SleepRow {
  instanceId: string;
  asleep: { from: number; to: number; cause: string }[];
  skipped: number;
}

/** A settled power state: a database starting counts as awake, one stopping as asleep. */
function asleepNow(state: string): boolean {
  return state === "stopped" || state === "stopping";
}

/**
 * Sleep intervals in [from, to] per database (pure): each database starts in its observed state
 * and follows the transitions the agent will act on; skipped ones change nothing. Databases that
 * are awake all along and have nothing skipped are left out.
 */
export function sleepIntervals(
  transitions: readonly UpcomingTransition[],
  databases: readonly { id: string; state: string }[],
  from: number,
  to: number,
  causeName: (cause: UpcomingTransition["cause"]) => string,
): SleepRow[] {
  const rows = new Map<string, SleepRow & { since: number | null; sinceCause: string }>();
  for (const db of databases) rows.set(db.id, { instanceId: db.id, asleep: [], skipped: 0, since: asleepNow(db.state) ? from : null, sinceCause: "asleep now" });
  for (const t of transitions) {
    const row = rows.get(t.instanceId);
    if (!row) continue;
    if (t.skipReason) {
      row.skipped++;
      continue;
    }
    if (t.action === "stop" && row.since === null) {
      row.since = t.at;
      row.sinceCause = causeName(t.cause);
    } else if (t.action === "start" && row.since !== null) {
      if (t.at > row.since) row.asleep.push({ from: row.since, to: t.at, cause: row.sinceCause });
      row.since = null;
    }
  }
  const out: SleepRow[] = [];
  for (const { since, sinceCause, ...row } of rows.values()) {
    if (since !== null) row.asleep.push({ from: since, to, cause: sinceCause });
    if (row.asleep.length > 0 || row.skipped > 0) out.push(row);
  }
  return out;
}

const CalendarSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    databases: z.array(
      z.object({
        instanceId: z.string(),
        name: z.string(),
        state: z.string().openapi({ description: "Observed power state now." }),
        asleep: z.array(z.object({ from: z.string(), to: z.string(), cause: z.string().openapi({ description: "The schedule or override that puts it to sleep, or 'asleep now'." }) })),
        skipped: z.number().int().openapi({ description: "Transitions in the range the agent will let pass." }),
        truncated: z.boolean().openapi({ description: `More than ${MAX_INTERVALS_PER_DATABASE} intervals: only the earliest are listed.` }),
        cycles: z
          .array(z.object({ from: z.string(), to: z.string(), sleeps: z.number().int(), everyMinutes: z.number().int(), asleepPercent: z.number().int() }))
          .openapi({ description: `Runs of at least 3 sleeps in which every sleep and every gap is shorter than ${CYCLE_RESOLUTION_MS / 60_000} minutes (too short to draw on a week): one band each, with the count. Their sleeps are in \`asleep\` too.` }),
        maintenance: z
          .object({ from: z.string(), to: z.string(), window: z.string().openapi({ example: "Sun 05:00–05:30 UTC" }) })
          .nullable()
          .openapi({ description: "When a schedule wakes it for pending maintenance in its window (its sleep is cut for it); null when none this week." }),
      }),
    ),
  })
  .openapi("SleepCalendar");

export function registerSleepCalendar(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      example: { query: { days: "7" } },
      route: createRoute({
        method: "get",
        path: "/calendar",
        operationId: "getSleepCalendar",
        tags: ["Schedules"],
        summary: "Sleep calendar",
        description: "Per database, when it will be asleep in the coming `days` (default 7, at most 7) across all schedules and active overrides, and how many transitions the agent will let pass. Dry-run schedules are left out.",
        request: { query: z.object({ days: z.coerce.number().int().min(1).max(7).default(7) }) },
        responses: { 200: { description: "The calendar", content: { "application/json": { schema: CalendarSchema } } } },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const from = Date.now();
      const to = from + c.req.valid("query").days * 86_400_000;
      const { databaseRows, loaded, active } = await loadUpcomingInputs(c.env.DB, orgId, from);
      const transitions = upcomingTransitions({ databases: databaseRows, schedules: loaded, overrides: active, from, to });
      const byId = new Map(databaseRows.map((r) => [r.id, r]));
      const iso = (t: number) => new Date(t).toISOString();
      const live = loaded.filter((s) => !s.dryRun);
      const databases = sleepIntervals(transitions, databaseRows, from, to, causeNames(loaded, active))
        .map((row) => {
          const db = byId.get(row.instanceId)!;
          const override = active.get(db.id);
          const { asleep, wake } = withMaintenanceWake(
            row.asleep,
            db.maintenance,
            live.some((s) => s.maintenanceWake && matchesSelector(s.definition.selector, db)),
            override?.kind === "keep_asleep" ? override.until : undefined,
            from,
            to,
          );
          const listed = asleep.slice(0, MAX_INTERVALS_PER_DATABASE);
          return {
            instanceId: row.instanceId,
            name: db.name,
            state: db.state,
            asleep: listed.map((a) => ({ from: iso(a.from), to: iso(a.to), cause: a.cause })),
            skipped: row.skipped,
            truncated: asleep.length > MAX_INTERVALS_PER_DATABASE,
            cycles: cycleBands(listed).bands.map((b) => ({ ...b, from: iso(b.from), to: iso(b.to) })),
            maintenance: wake && {
              from: iso(wake.from),
              to: iso(wake.to),
              window: db.maintenance?.window ? describeWindow(db.maintenance.window) : `scheduled by the cloud for ${iso(wake.windowFrom)}`,
            },
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
      return c.json({ from: iso(from), to: iso(to), databases }, 200);
    },
  );
}
