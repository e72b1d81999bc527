/**
 * Capacity windows: the Aurora Serverless v2 capacity range (min/max ACU) a schedule wants for the
 * clusters it selects — "max 2 ACU at night, 16 by day" — and, for clusters that support it, a
 * minimum of 0 ACU (automatic pause).
 *
 * A schedule's optional `capacity` gives:
 * - `inPeriod`: the range while the schedule wants its databases running;
 * - `outOfPeriod`: the range while it wants them stopped. A serverless v2 cluster is then *scaled
 *   down instead of stopped* (the schedule's "stopped" is no opinion on its power; see
 *   `scalesInsteadOfStopping`); other databases it selects are stopped as before;
 * - `windows[]`: named windows (periods in the schedule's time zone) with their own range; the
 *   first window that is on wins over `inPeriod`/`outOfPeriod`.
 * Several schedules with capacity on one cluster: the most generous range wins (highest min,
 * highest max), like "running wins" for power.
 *
 * Owns: the schema and its messages (each names its field), the ACU number rules shared with
 * policies' set_capacity, which engine versions may pause at 0 ACU, and what range a schedule
 * wants at an instant and when that next changes. Must never: do I/O or read the clock.
 */
import { z } from "zod";
import { evaluateSchedule, nextTransition } from "./evaluate.ts";
// Types only: model.ts builds its schema with `capacitySchema(PeriodSchema)` (no import cycle at run time).
import type { PeriodSchema, ScheduleDefinition } from "./model.ts";

/** An ACU figure: `least` to 256 in steps of 0.5 (AWS's rules for ServerlessV2ScalingConfiguration). */
export const acu = (what: string, least: number) =>
  z
    .number({ error: `${what} must be a number of ACU` })
    .min(least, { error: `${what} must be at least ${least}${least === 1 ? " (AWS's smallest maximum)" : ""}` })
    .max(256, { error: `${what} must be at most 256` })
    .refine((v) => Number.isInteger(v * 2), { error: `${what} must be in steps of 0.5` });

const rangeShape = { minAcu: acu("minAcu", 0), maxAcu: acu("maxAcu", 1) };
const maxAtLeastMin: [(r: CapacityRange) => boolean, { path: string[]; error: string }] = [(r) => r.minAcu <= r.maxAcu, { path: ["maxAcu"], error: "maxAcu must be at least minAcu" }];

export const CapacityRangeSchema = z.object(rangeShape).strict().refine(...maxAtLeastMin);
export type CapacityRange = { minAcu: number; maxAcu: number };

/** The schedule's `capacity` field, built by model.ts with its period schema. */
export function capacitySchema(period: typeof PeriodSchema) {
  const window = z
    .object({
      name: z.string({ error: "name is required" }).trim().min(1, { error: "name must not be empty" }).max(60, { error: "name must be at most 60 characters" }),
      periods: z.array(period, { error: "periods must be a list of periods" }).min(1, { error: "periods must list at least one period" }).max(20, { error: "at most 20 periods" }),
      ...rangeShape,
    })
    .strict()
    .refine(...maxAtLeastMin);
  return z
    .object({
      inPeriod: CapacityRangeSchema.optional(),
      outOfPeriod: CapacityRangeSchema.optional(),
      windows: z.array(window, { error: "windows must be a list of { name, periods, minAcu, maxAcu }" }).max(10, { error: "at most 10 windows" }).optional(),
    })
    .strict()
    .refine((c) => c.inPeriod || c.outOfPeriod || (c.windows && c.windows.length > 0), { error: "capacity needs inPeriod, outOfPeriod or at least one window" });
}
export type ScheduleCapacity = z.output<ReturnType<typeof capacitySchema>>;

/** The range a schedule wants now and where it comes from ("in period", "out of period", "window night"). */
export interface CapacityTarget extends CapacityRange {
  source: string;
}

/**
 * Aurora Serverless v2 may scale to 0 ACU (auto-pause) from these engine versions on (AWS Aurora
 * User Guide, "Aurora Serverless v2 capacity"): Aurora PostgreSQL 13.15, 14.12, 15.7, 16.3 and
 * later majors; Aurora MySQL 3.08.0 and later.
 */
export function supportsAutoPause(engine: string, version: string | null | undefined): boolean {
  if (!version) return false;
  const n = (v: string | undefined) => Number(v ?? 0);
  if (engine === "aurora-postgresql") {
    const [major, minor] = version.split(".");
    const least: Record<string, number> = { "13": 15, "14": 12, "15": 7, "16": 3 };
    return n(major) > 16 || (least[major ?? ""] !== undefined && n(minor) >= least[major!]!);
  }
  if (engine === "aurora-mysql") {
    const m = /(?:mysql_aurora\.)?(\d+)\.(\d+)\.\d+$/.exec(version);
    return !!m && (n(m[1]) > 3 || (n(m[1]) === 3 && n(m[2]) >= 8));
  }
  return false;
}

/** The smallest minimum this cluster accepts: 0 where it can pause, otherwise 0.5. */
export const leastMinAcu = (engine: string, version: string | null | undefined) => (supportsAutoPause(engine, version) ? 0 : 0.5);

/** A window's periods as a schedule of their own in the owning schedule's zone ("running" = on). */
function windowSchedule(def: ScheduleDefinition, periods: ScheduleDefinition["periods"]): ScheduleDefinition {
  return { name: def.name, timezone: def.timezone, periods, selector: { match: [] }, enforce: false, dryRun: false, enabled: true };
}

/** The range a schedule wants at `at` (null: no opinion), given its desired power state then. */
export function capacityAt(def: ScheduleDefinition, at: number, state = evaluateSchedule(def, at)): CapacityTarget | null {
  const c = def.capacity;
  if (!c) return null;
  for (const w of c.windows ?? []) {
    if (evaluateSchedule(windowSchedule(def, w.periods), at) === "running") return { minAcu: w.minAcu, maxAcu: w.maxAcu, source: `window ${w.name}` };
  }
  if (state === "running" && c.inPeriod) return { ...c.inPeriod, source: "in period" };
  if (state === "stopped" && c.outOfPeriod) return { ...c.outOfPeriod, source: "out of period" };
  return null;
}

/** When the range a schedule wants may next change (its own next transition or a window's edge), within `lookaheadMs`. */
export function nextCapacityChange(def: ScheduleDefinition, now: number, lookaheadMs: number): number | null {
  if (!def.capacity) return null;
  const edges = [nextTransition(def, now, lookaheadMs)?.at, ...(def.capacity.windows ?? []).map((w) => nextTransition(windowSchedule(def, w.periods), now, lookaheadMs)?.at)];
  const found = edges.filter((t): t is number => t !== undefined);
  return found.length ? Math.min(...found) : null;
}

/** The most generous of several ranges (highest min, highest max); null when there are none. */
export function combineCapacity(targets: readonly CapacityTarget[]): CapacityTarget | null {
  if (targets.length === 0) return null;
  return {
    minAcu: Math.max(...targets.map((t) => t.minAcu)),
    maxAcu: Math.max(...targets.map((t) => t.maxAcu)),
    source: [...new Set(targets.map((t) => t.source))].join(", "),
  };
}

/** The range a cluster can take: a minimum of 0 becomes 0.5 where the engine version cannot pause. */
export function fitToEngine(target: CapacityTarget, engine: string, version: string | null | undefined): CapacityTarget & { note: string | null } {
  if (target.minAcu === 0 && !supportsAutoPause(engine, version)) {
    return { ...target, minAcu: 0.5, maxAcu: Math.max(target.maxAcu, 0.5), note: `engine version ${version ?? "unknown"} cannot pause at 0 ACU (needs Aurora PostgreSQL 13.15/14.12/15.7/16.3+ or Aurora MySQL 3.08.0+): 0.5 ACU is used` };
  }
  return { ...target, note: null };
}

/** A schedule with an out-of-period range scales serverless v2 clusters down instead of stopping them. */
export const scalesInsteadOfStopping = (def: ScheduleDefinition) => !!def.capacity?.outOfPeriod;
