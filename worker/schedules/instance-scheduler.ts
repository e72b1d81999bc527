/**
 * Import of Instance Scheduler on AWS schedules (a schedule with its periods inlined).
 *
 * Owns: validating an Instance Scheduler schedule the way Instance Scheduler itself does (its
 * `model/period_definition.py`, `model/schedule_definition.py`, `configuration/time_utils.py`,
 * `configuration/running_period.py` and `cron/parser.py` + `cron/validator.py`) and turning it
 * into a SnoozeQL schedule definition that evaluates as Instance Scheduler would.
 *
 * Mapping:
 * - `begintime`/`endtime` → `begin`/`end` (normalised to HH:MM; "9:00" is accepted as Instance
 *   Scheduler accepts it). `weekdays`/`monthdays`/`months` (a comma-separated string or a list of
 *   them) → lists of items; the grammar is the same in both products.
 * - `begintime` later than `endtime` is rejected, as Instance Scheduler rejects it (SnoozeQL's own
 *   overnight periods are not what an imported schedule meant).
 * - `begintime` equal to `endtime`: Instance Scheduler accepts it and the period never runs (it
 *   says "stopped" at every instant), so it is imported as `{ end: "00:00" }`, a period that says
 *   "stopped" all the time, with a warning.
 * - `timezone` defaults to "UTC" (Instance Scheduler's default when the stack sets none).
 * - `enforced` → `enforce`. `retain_running` has no SnoozeQL equivalent (it changes actions, not
 *   the desired state); it is dropped with a warning.
 * - The selector picks databases tagged `Schedule=<name>`, Instance Scheduler's default tag.
 * - Period `name`/`description` are accepted and dropped. Schedule fields that only change how
 *   Instance Scheduler acts (`stop_new_instances`, `hibernate`, maintenance windows, …) are dropped
 *   with a warning; `override_status` is rejected (it would change the desired state and has no
 *   faithful equivalent here).
 *
 * Never: performs I/O, or accepts input Instance Scheduler would reject.
 */
import { ScheduleDefinitionSchema, type Period, type ScheduleDefinition } from "./model.ts";
import { dayFieldItemError, parseTime, type DayField } from "./periods.ts";
import { isValidTimeZone } from "./timezone.ts";

export interface InstanceSchedulerPeriod {
  /** Accepted and dropped (Instance Scheduler's period name). */
  name?: string;
  /** Accepted and dropped. */
  description?: string;
  begintime?: string;
  endtime?: string;
  weekdays?: string | string[];
  monthdays?: string | string[];
  months?: string | string[];
}

export interface InstanceSchedulerSchedule {
  name: string;
  timezone?: string;
  periods: InstanceSchedulerPeriod[];
  enforced?: boolean;
  retain_running?: boolean;
  description?: string;
}

export interface ImportIssue {
  /** Path into the Instance Scheduler input, e.g. ["periods", 0, "weekdays"]. */
  path: (string | number)[];
  message: string;
}

export class InstanceSchedulerImportError extends Error {
  override name = "InstanceSchedulerImportError";
  readonly issues: ImportIssue[];
  constructor(issues: ImportIssue[]) {
    super(`invalid Instance Scheduler schedule: ${issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
    this.issues = issues;
  }
}

/** Instance Scheduler's time check (`is_valid_time_str`), without its accidental "|" in the class. */
const IS_TIME_RE = /^([01]?\d|2[0-3]):[0-5]\d$/;

const PERIOD_KEYS = new Set(["begintime", "endtime", "weekdays", "monthdays", "months"]);
/** Period fields Instance Scheduler stores that do not affect when a period runs. */
const IGNORED_PERIOD_KEYS = new Set(["name", "description", "configured_in_stack"]);
const SCHEDULE_KEYS = new Set(["name", "timezone", "periods", "enforced", "retain_running", "description"]);
/** Schedule fields Instance Scheduler accepts that change actions, not the desired state. */
const IGNORED_SCHEDULE_KEYS = new Set(["stop_new_instances", "ssm_maintenance_window", "use_maintenance_window", "hibernate", "configured_in_stack", "overwrite"]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function normaliseTime(t: string): string {
  const minutes = parseTime(t) ?? 0;
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** Like `importInstanceScheduler`, also returning what could not be carried over. */
export function importInstanceSchedulerDetailed(input: InstanceSchedulerSchedule): { definition: ScheduleDefinition; warnings: string[] } {
  const issues: ImportIssue[] = [];
  const warnings: string[] = [];
  const raw: unknown = input;
  if (!isRecord(raw)) throw new InstanceSchedulerImportError([{ path: [], message: "a schedule must be an object" }]);

  for (const key of Object.keys(raw)) {
    if (SCHEDULE_KEYS.has(key)) continue;
    if (IGNORED_SCHEDULE_KEYS.has(key)) {
      warnings.push(`${key} is not carried over: it changes how Instance Scheduler acts, not when databases should run`);
    } else if (key === "override_status") {
      issues.push({ path: [key], message: "override_status is not supported by the import: disable the schedule, or add an exception for the dates it should hold" });
    } else {
      issues.push({ path: [key], message: `${key} is not a valid parameter, valid parameters are ${[...SCHEDULE_KEYS].join(", ")}` });
    }
  }
  const name = raw["name"];
  if (typeof name !== "string" || name.trim() === "") issues.push({ path: ["name"], message: "Schedule name is required" });
  const timezone = raw["timezone"] ?? "UTC";
  if (typeof timezone !== "string" || !isValidTimeZone(timezone)) issues.push({ path: ["timezone"], message: `Unknown timezone ${String(timezone)}` });
  for (const key of ["enforced", "retain_running"] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== "boolean") issues.push({ path: [key], message: `${key} must be a boolean` });
  }
  if (raw["description"] !== undefined && typeof raw["description"] !== "string") issues.push({ path: ["description"], message: "description must be a string" });

  const periodsIn = raw["periods"];
  const periods: Period[] = [];
  if (!Array.isArray(periodsIn) || periodsIn.length === 0) {
    issues.push({ path: ["periods"], message: "At least one period must be specified for a schedule" });
  } else {
    periodsIn.forEach((p: unknown, i: number) => {
      const converted = convertPeriod(p, ["periods", i], issues, warnings);
      if (converted) periods.push(converted);
    });
  }

  if (raw["retain_running"] === true) {
    warnings.push("retain_running is not supported: SnoozeQL stops a database at the end of a period even if it was started by hand before the period began");
  }
  if (issues.length > 0) throw new InstanceSchedulerImportError(issues);

  const candidate = {
    name: (name as string).trim(),
    ...(typeof raw["description"] === "string" && { description: raw["description"] }),
    timezone: timezone as string,
    periods,
    selector: { match: [{ field: "tag", key: "Schedule", op: "equals", value: (name as string).trim() }] },
    enforce: raw["enforced"] === true,
    dryRun: false,
    enabled: true,
  };
  const parsed = ScheduleDefinitionSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new InstanceSchedulerImportError(parsed.error.issues.map((iss) => ({ path: iss.path.map((k) => (typeof k === "symbol" ? String(k) : k)), message: iss.message })));
  }
  return { definition: parsed.data, warnings };
}

/** Convert an Instance Scheduler schedule (periods inline) to a SnoozeQL schedule definition. */
export function importInstanceScheduler(input: InstanceSchedulerSchedule): ScheduleDefinition {
  return importInstanceSchedulerDetailed(input).definition;
}

function convertPeriod(p: unknown, path: (string | number)[], issues: ImportIssue[], warnings: string[]): Period | null {
  if (!isRecord(p)) {
    issues.push({ path, message: "a period must be an object" });
    return null;
  }
  const before = issues.length;
  for (const key of Object.keys(p)) {
    if (!PERIOD_KEYS.has(key) && !IGNORED_PERIOD_KEYS.has(key)) issues.push({ path: [...path, key], message: `${key} is not a valid period parameter, valid parameters are ${[...PERIOD_KEYS].join(", ")}` });
  }
  const times: { begintime?: string; endtime?: string } = {};
  for (const key of ["begintime", "endtime"] as const) {
    const v = p[key];
    if (v === undefined) continue;
    if (typeof v !== "string" || !IS_TIME_RE.test(v)) {
      issues.push({ path: [...path, key], message: `Invalid ${key} "${String(v)}". must match the format HH:MM (00:00-23:59)` });
    } else {
      times[key] = normaliseTime(v);
    }
  }
  const days: Partial<Record<DayField, string[]>> = {};
  for (const field of ["weekdays", "monthdays", "months"] as const) {
    const v = p[field];
    if (v === undefined) continue;
    const list = typeof v === "string" ? [v] : Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : null;
    if (list === null) {
      issues.push({ path: [...path, field], message: `${field} must be a comma-separated string or a list of strings` });
      continue;
    }
    if (list.length === 0) {
      issues.push({ path: [...path, field], message: "Zero-length string set is malformed" });
      continue;
    }
    const items: string[] = [];
    list.forEach((entry, j) => {
      const itemPath = typeof v === "string" ? [...path, field] : [...path, field, j];
      for (const part of entry.split(",")) {
        const err = dayFieldItemError(field, part);
        if (err) issues.push({ path: itemPath, message: err });
        else items.push(part.trim());
      }
    });
    days[field] = items;
  }
  if (Object.keys(times).length === 0 && Object.keys(days).length === 0 && issues.length === before) {
    issues.push({ path, message: "Must contain at least one of begintime, endtime, weekdays, months, monthdays" });
  }
  if (times.begintime !== undefined && times.endtime !== undefined && times.begintime > times.endtime) {
    issues.push({
      path: [...path, "endtime"],
      message: `Constraint Violation: begintime ${times.begintime} must be before endtime ${times.endtime} (Instance Scheduler rejects overnight periods; split it into two periods)`,
    });
  }
  if (issues.length > before) return null;

  if (times.begintime !== undefined && times.begintime === times.endtime) {
    warnings.push(`${path.join(".")}: begintime equals endtime (${times.begintime}); Instance Scheduler never runs such a period, imported as a period that is always stopped`);
    return { end: "00:00" };
  }
  return {
    ...(times.begintime !== undefined && { begin: times.begintime }),
    ...(times.endtime !== undefined && { end: times.endtime }),
    ...(days.weekdays && { weekdays: days.weekdays }),
    ...(days.monthdays && { monthdays: days.monthdays }),
    ...(days.months && { months: days.months }),
  };
}
