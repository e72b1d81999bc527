/**
 * GET /api/v1/savings/by-schedule — savings per cause of sleep over a range of local days: each
 * schedule and policy by name, overrides, people, and stops from outside SnoozeQL; `format=csv`.
 *
 * Reads each (database, cause) range sum from the running totals (`savings_running`: a few lookups
 * per pair, whatever the range), open intervals and the names of schedules and policies: five statements.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { eq } from "drizzle-orm";
import { CAUSE_KINDS, policies, schedules, type CauseKind } from "../../../db/schema.ts";
import type { AppEnv } from "../../context.ts";
import { csvBody } from "../../csv.ts";
import { defineRoute } from "../../route-table.ts";
import { cents, CURRENCY, hours, openDailyRows, openIntervals, openIntervalsQuery, orgTimeZone, rangeSumsByCause, resolveRange, TableQuery } from "./savings-read.ts";

const Item = z
  .object({
    causeKind: z.enum(CAUSE_KINDS),
    causeId: z.string().nullable(),
    name: z.string().openapi({ example: "Office hours" }),
    savedCents: z.number().int(),
    hoursAsleep: z.number(),
    databases: z.number().int(),
  })
  .openapi("CauseSavings");

export const SavingsByScheduleSchema = z
  .object({ currency: z.literal(CURRENCY), timezone: z.string(), from: z.string(), to: z.string(), items: z.array(Item) })
  .openapi("SavingsBySchedule");

const KIND_NAMES: Record<CauseKind, string> = {
  schedule: "Deleted schedule",
  maintenance: "Maintenance window (deleted schedule)",
  policy: "Deleted policy",
  override: "Override (keep asleep)",
  user: "A person (wake/sleep now)",
  api_token: "API token",
  slack: "Slack",
  aws_auto_restart: "AWS automatic restart",
  cloud: "Outside SnoozeQL (cloud console or another tool)",
  system: "SnoozeQL",
};

export function registerSavingsBySchedule(app: OpenAPIHono<AppEnv>): void {
  defineRoute(
    app,
    {
      access: "org:read",
      example: { query: { from: "2026-11-01", to: "2026-11-30" } },
      route: createRoute({
        method: "get",
        path: "/savings/by-schedule",
        operationId: "listSavingsBySchedule",
        tags: ["Savings"],
        summary: "Savings per schedule and cause",
        description: "What put the databases to sleep — schedules, policies, overrides, people, or something outside SnoozeQL — and what each saved, most first.",
        request: { query: TableQuery },
        responses: {
          200: { description: "Causes", content: { "application/json": { schema: SavingsByScheduleSchema }, "text/csv": { schema: z.string() } } },
        },
      }),
    },
    async (c) => {
      const orgId = c.get("principal").orgId;
      const q = c.req.valid("query");
      const db = drizzle(c.env.DB);
      const now = Date.now();
      const timeZone = await orgTimeZone(db, orgId);
      const range = resolveRange(q, timeZone, now);
      const [sums, openRows, scheduleNames, policyNames] = await db.batch([
        rangeSumsByCause(db, orgId, range.from, range.to),
        openIntervalsQuery(db, orgId),
        db.select({ id: schedules.id, name: schedules.name }).from(schedules).where(eq(schedules.orgId, orgId)),
        db.select({ id: policies.id, name: policies.name }).from(policies).where(eq(policies.orgId, orgId)),
      ]);
      const names = new Map<string, string>([...scheduleNames.map((s) => [`schedule:${s.id}`, s.name] as const), ...policyNames.map((p) => [`policy:${p.id}`, p.name] as const)]);

      const causes = new Map<string, { causeKind: CauseKind; causeId: string | null; saved: number; seconds: number; databases: Set<string> }>();
      const add = (causeKind: CauseKind, causeId: string | null, instanceId: string, saved: number, seconds: number) => {
        const key = `${causeKind}:${causeId ?? ""}`;
        let entry = causes.get(key);
        if (!entry) causes.set(key, (entry = { causeKind, causeId: causeId || null, saved: 0, seconds: 0, databases: new Set() }));
        entry.saved += saved;
        entry.seconds += seconds;
        entry.databases.add(instanceId);
      };
      for (const s of sums) add(s.causeKind, s.causeId, s.instanceId, Number(s.saved), Number(s.seconds));
      for (const r of openDailyRows(openIntervals(openRows), timeZone, now)) if (r.day >= range.from && r.day <= range.to) add(r.causeKind, r.causeId, r.instanceId, r.savedMicros, r.asleepSeconds);

      const items = [...causes.values()]
        .sort((a, b) => b.saved - a.saved || (`${a.causeKind}:${a.causeId}` < `${b.causeKind}:${b.causeId}` ? -1 : 1))
        .map((e) => ({
          causeKind: e.causeKind,
          causeId: e.causeId,
          name: (e.causeId && names.get(`${e.causeKind}:${e.causeId}`)) ?? KIND_NAMES[e.causeKind],
          savedCents: cents(e.saved),
          hoursAsleep: hours(e.seconds),
          databases: e.databases.size,
        }));
      if (q.format === "csv")
        return csvBody(
          c,
          `snoozeql-savings-by-schedule-${range.from}-${range.to}.csv`,
          ["cause_kind", "cause_id", "name", "saved_cents", "hours_asleep", "databases"],
          items.map((i) => [i.causeKind, i.causeId, i.name, i.savedCents, i.hoursAsleep, i.databases]),
        );
      return c.json({ currency: CURRENCY, timezone: timeZone, from: range.from, to: range.to, items }, 200);
    },
  );
}
