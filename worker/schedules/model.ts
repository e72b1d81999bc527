/**
 * The schedule definition: its JSON shape, zod schemas and TypeScript types.
 *
 * Owns: what POST /api/v1/schedules accepts (plain zod, no OpenAPI metadata — the API layer wraps
 * it) and every validation message about a definition. Messages are attached to the offending
 * field's path and say what is wrong and what is allowed.
 *
 * Never: evaluates schedules, reads the clock, or performs I/O.
 *
 * JSON shape (all times are local to `timezone`):
 *
 * ```json
 * {
 *   "name": "dev-office-hours",
 *   "description": "Dev databases run during Berlin office hours",
 *   "timezone": "Europe/Berlin",
 *   "periods": [
 *     { "begin": "08:00", "end": "19:00", "weekdays": ["mon-fri"] },
 *     { "begin": "10:00", "end": "14:00", "weekdays": ["sat#1"], "months": ["jan-jun"] },
 *     { "begin": "22:00", "end": "02:00", "weekdays": ["fri"] }
 *   ],
 *   "cronPairs": [{ "start": "0 6 L * *", "stop": "0 23 L * *" }],
 *   "exceptions": [
 *     { "from": "2026-12-24", "to": "2026-12-26", "state": "stopped", "reason": "Holidays" },
 *     { "from": "2026-12-29", "state": "running", "reason": "Year-end release" }
 *   ],
 *   "selector": { "match": [
 *     { "field": "tag", "key": "env", "op": "equals", "value": "dev" },
 *     { "field": "name", "op": "glob", "value": "*-prod*", "negate": true }
 *   ] },
 *   "enforce": false,
 *   "dryRun": false,
 *   "enabled": true
 * }
 * ```
 *
 * - `periods[]` (Instance Scheduler period semantics, see periods.ts and evaluate.ts):
 *   `begin` (inclusive) / `end` (exclusive) as 24-hour "HH:MM"; `weekdays`, `monthdays`,
 *   `months` as lists of expressions (each item may also be a comma-separated list). Every given
 *   condition must hold. A period needs at least one of the five fields. Begin only: running from
 *   begin to the end of each matching day, no opinion before it. End only: no opinion until end,
 *   stopped after it. Neither: running all of each matching day. `begin` later than `end`: an
 *   overnight period from begin on a matching day to end on the next day (SnoozeQL extension).
 *   `begin` equal to `end` is rejected.
 * - `cronPairs[]`: 5-field cron expressions in the schedule's zone (cron-pairs.ts); whichever of
 *   start/stop fired most recently decides. Note cron's day-of-week 0 = Sunday, while a period's
 *   weekday 0 = Monday (Instance Scheduler's numbering).
 * - `exceptions[]`: inclusive local dates `from`…`to` (`to` defaults to `from`) holding the
 *   databases `stopped` or `running` all day, whatever periods and cron pairs say. Where
 *   exceptions overlap, the narrowest range wins; equally narrow ones → running.
 * - `selector`: see selector.ts.
 * - `capacity` (optional): Aurora Serverless v2 capacity windows, see capacity.ts.
 * - `enforce` (default false): re-apply the desired state even if someone changed it by hand.
 *   `dryRun` (default false): decide and record, but do not act. `enabled` (default true): a
 *   disabled schedule has no opinion ("none"). None of these three changes what the schedule
 *   *wants*, except `enabled`.
 */
import { z } from "zod";
import { capacitySchema } from "./capacity.ts";
import { cronError } from "./cron-pairs.ts";
import { dayFieldItemError, parseTime, timeError, type DayField } from "./periods.ts";
import { SelectorSchema } from "./selector.ts";
import { isValidTimeZone } from "./timezone.ts";

export type DesiredState = "running" | "stopped" | "none";

const timeString = (what: "begin" | "end") =>
  z.string({ error: `${what} must be a time string "HH:MM"` }).superRefine((v, ctx) => {
    const err = timeError(v);
    if (err) ctx.addIssue({ code: "custom", message: err });
  });

const dayList = (field: DayField) =>
  z
    .array(
      z.string({ error: `each ${field} item must be a string` }).superRefine((v, ctx) => {
        const err = dayFieldItemError(field, v);
        if (err) ctx.addIssue({ code: "custom", message: err });
      }),
      { error: `${field} must be a list of strings, e.g. ${field === "weekdays" ? '["mon-fri"]' : field === "monthdays" ? '["1-15", "L"]' : '["jan-mar"]'}` },
    )
    .min(1, { error: `${field} must list at least one item; leave it out to mean every ${field === "weekdays" ? "day of the week" : field === "monthdays" ? "day of the month" : "month"}` })
    .max(50, { error: `${field} may list at most 50 items` });

export const PeriodSchema = z
  .object({
    begin: timeString("begin").optional(),
    end: timeString("end").optional(),
    weekdays: dayList("weekdays").optional(),
    monthdays: dayList("monthdays").optional(),
    months: dayList("months").optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.begin === undefined && p.end === undefined && p.weekdays === undefined && p.monthdays === undefined && p.months === undefined) {
      ctx.addIssue({ code: "custom", message: "a period needs at least one of begin, end, weekdays, monthdays, months" });
    }
    if (p.begin !== undefined && p.end !== undefined) {
      const b = parseTime(p.begin);
      const e = parseTime(p.end);
      if (b !== null && b === e) {
        ctx.addIssue({
          code: "custom",
          path: ["end"],
          message: `end equals begin (${p.begin}); the period would never run — leave both out to run all day, or use an end after begin (an end before begin runs overnight)`,
        });
      }
    }
  });

const cronString = (what: "start" | "stop") =>
  z.string({ error: `${what} must be a cron expression string` }).superRefine((v, ctx) => {
    const err = cronError(v);
    if (err) ctx.addIssue({ code: "custom", message: err });
  });

export const CronPairSchema = z.object({ start: cronString("start"), stop: cronString("stop") }).strict();

const isoDate = (what: "from" | "to") => z.iso.date({ error: `${what} must be a date "YYYY-MM-DD"` });

export const ExceptionSchema = z
  .object({
    from: isoDate("from"),
    to: isoDate("to").optional(),
    state: z.enum(["running", "stopped"], { error: 'state must be "running" or "stopped"' }),
    reason: z.string({ error: "reason must be a string" }).max(200, { error: "reason must be at most 200 characters" }).optional(),
  })
  .strict()
  .superRefine((x, ctx) => {
    if (x.to !== undefined && x.to < x.from) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `to (${x.to}) is before from (${x.from})` });
    }
  });

export const ScheduleDefinitionSchema = z
  .object({
    name: z
      .string({ error: "name is required" })
      .trim()
      .min(1, { error: "name must not be empty" })
      .max(100, { error: "name must be at most 100 characters" }),
    description: z.string({ error: "description must be a string" }).max(1000, { error: "description must be at most 1000 characters" }).optional(),
    timezone: z.string({ error: 'timezone is required: an IANA time zone such as "Europe/Berlin" or "UTC"' }).superRefine((v, ctx) => {
      if (!isValidTimeZone(v)) {
        ctx.addIssue({ code: "custom", message: `"${v}" is not a known IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC", "Etc/GMT+5")` });
      }
    }),
    periods: z.array(PeriodSchema, { error: "periods must be a list of periods" }).max(50, { error: "at most 50 periods" }).default([]),
    cronPairs: z.array(CronPairSchema, { error: "cronPairs must be a list of { start, stop }" }).max(20, { error: "at most 20 cron pairs" }).optional(),
    exceptions: z.array(ExceptionSchema, { error: "exceptions must be a list of { from, to?, state, reason? }" }).max(500, { error: "at most 500 exceptions" }).optional(),
    selector: SelectorSchema,
    /** Aurora Serverless v2 capacity windows (capacity.ts). */
    capacity: capacitySchema(PeriodSchema).optional(),
    enforce: z.boolean({ error: "enforce must be true or false" }).default(false),
    dryRun: z.boolean({ error: "dryRun must be true or false" }).default(false),
    enabled: z.boolean({ error: "enabled must be true or false" }).default(true),
  })
  .strict();

/** A validated schedule definition (defaults applied). */
export type ScheduleDefinition = z.output<typeof ScheduleDefinitionSchema>;
/** What a client may send (defaults not yet applied). */
export type ScheduleDefinitionInput = z.input<typeof ScheduleDefinitionSchema>;
export type Period = z.output<typeof PeriodSchema>;
export type CronPair = z.output<typeof CronPairSchema>;
export type ScheduleException = z.output<typeof ExceptionSchema>;

// The public contract: the schema is a ZodType of ScheduleDefinition.
const _contract: z.ZodType<ScheduleDefinition> = ScheduleDefinitionSchema;
void _contract;
