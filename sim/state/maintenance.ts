// Maintenance of simulated databases, as the clouds describe it: RDS/Aurora's weekly
// PreferredMaintenanceWindow ("ddd:hh24:mi-ddd:hh24:mi", UTC; RDS picks a 30-minute window in a
// nightly block when none is given) with pending maintenance actions (DescribePendingMaintenanceActions)
// and PendingModifiedValues, and Cloud SQL's settings.maintenanceWindow ({day 1-7 = Monday-Sunday,
// hour}) with scheduledMaintenance. A database that is up inside its window has its due
// maintenance applied (what is pending disappears); a stopped one is not maintained, so its
// maintenance stays pending until it is started and the window comes round.
import { fnv1a } from "../util.ts";
import { InputError } from "./factory.ts";

export interface SimPendingAction {
  action: string;
  description: string;
  /** immediate / next-maintenance / undo-opt-in (absent: nobody opted in). */
  optInStatus?: string;
  /** Epoch ms. */
  autoAppliedAfterDate?: number;
  forcedApplyDate?: number;
  currentApplyDate?: number;
}

/** What every simulated RDS instance and Aurora cluster carries (absent on older stored resources). */
export interface RdsMaintenance {
  preferredMaintenanceWindow?: string;
  pendingMaintenance?: SimPendingAction[];
  /** PendingModifiedValues, element name -> value (e.g. DBInstanceClass -> db.t3.large). */
  pendingModified?: Record<string, string>;
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const WEEK_MS = 7 * 86_400_000;
const MONDAY_EPOCH_MS = 4 * 86_400_000;
const hm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** RDS's default: a 30-minute window on a day and half hour chosen from the resource, in 00:00-08:00 UTC. */
export function defaultRdsWindow(seedKey: string): string {
  const h = fnv1a(seedKey);
  const day = DAYS[h % 7]!;
  const start = ((h >>> 3) % 16) * 30;
  return `${day}:${hm(start)}-${day}:${hm(start + 30)}`;
}

/** Cloud SQL's window for a new instance: a day (1-7) and an hour in 00-07 UTC chosen from its name. */
export function defaultSqlWindow(seedKey: string): { day: number; hour: number } {
  const h = fnv1a(`${seedKey}/maintenance`);
  return { day: (h % 7) + 1, hour: (h >>> 4) % 8 };
}

/** Minutes of the UTC week (Monday 00:00 = 0) of "ddd:hh:mm"; null when malformed. */
function weekMinute(part: string): number | null {
  const m = /^([a-z]{3}):(\d{2}):(\d{2})$/.exec(part.toLowerCase());
  const d = m ? DAYS.indexOf(m[1]!) : -1;
  if (!m || d < 0 || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return d * 1440 + Number(m[2]) * 60 + Number(m[3]);
}

/** Validates an RDS window as ModifyDBInstance does (at least 30 minutes); throws InputError. */
export function rdsWindow(raw: unknown): string {
  if (typeof raw !== "string") throw new InputError("maintenanceWindow must be a string like sun:05:00-sun:05:30");
  const [a, b] = raw.split("-");
  const start = a ? weekMinute(a) : null;
  const end = b ? weekMinute(b) : null;
  if (start === null || end === null) throw new InputError("maintenanceWindow must look like ddd:hh24:mi-ddd:hh24:mi (UTC)");
  if ((end - start + 7 * 1440) % (7 * 1440) < 30) throw new InputError("maintenanceWindow must be at least 30 minutes");
  return raw.toLowerCase();
}

/** Whether `now` is inside an occurrence of the weekly RDS window. */
export function insideRdsWindow(window: string, now: number): boolean {
  const [a, b] = window.split("-");
  const start = a ? weekMinute(a) : null;
  const end = b ? weekMinute(b) : null;
  if (start === null || end === null) return false;
  const minute = Math.floor((((now - MONDAY_EPOCH_MS) % WEEK_MS) + WEEK_MS) % WEEK_MS / 60_000);
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** RDS applies an action in the window when someone opted in or its apply date has come. */
function due(a: SimPendingAction, now: number): boolean {
  if (a.optInStatus === "next-maintenance" || a.optInStatus === "immediate") return true;
  return [a.currentApplyDate, a.autoAppliedAfterDate, a.forcedApplyDate].some((d) => d !== undefined && d <= now);
}

/**
 * Applies what is due when the database is up inside its window: due actions and the pending
 * modifications. Returns true when something changed (and what was applied, for the event).
 */
export function applyRdsMaintenance(r: RdsMaintenance & { status: string }, defaultWindow: string, now: number): string[] {
  if (r.status !== "available" || !insideRdsWindow(r.preferredMaintenanceWindow ?? defaultWindow, now)) return [];
  const applied = (r.pendingMaintenance ?? []).filter((a) => due(a, now));
  const modified = Object.keys(r.pendingModified ?? {});
  if (applied.length === 0 && modified.length === 0) return [];
  r.pendingMaintenance = (r.pendingMaintenance ?? []).filter((a) => !due(a, now));
  r.pendingModified = {};
  return [...applied.map((a) => a.action), ...modified];
}

/** Reads pending actions from a control-API body: [{action, description?, optInStatus?, autoAppliedAfterDate?, ...}]. */
export function pendingActions(raw: unknown): SimPendingAction[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new InputError("pendingMaintenanceActions must be an array");
  return raw.map((v, i) => {
    const o = (typeof v === "object" && v !== null ? v : {}) as Record<string, unknown>;
    if (typeof o["action"] !== "string" || o["action"] === "") throw new InputError(`pendingMaintenanceActions[${i}].action is required`);
    const date = (k: string) => {
      if (o[k] === undefined) return undefined;
      const t = typeof o[k] === "string" ? Date.parse(o[k] as string) : Number.NaN;
      if (!Number.isFinite(t)) throw new InputError(`pendingMaintenanceActions[${i}].${k} must be an ISO-8601 date`);
      return t;
    };
    const action: SimPendingAction = { action: o["action"], description: typeof o["description"] === "string" ? o["description"] : `Pending ${o["action"]}` };
    if (typeof o["optInStatus"] === "string") action.optInStatus = o["optInStatus"];
    for (const k of ["autoAppliedAfterDate", "forcedApplyDate", "currentApplyDate"] as const) {
      const t = date(k);
      if (t !== undefined) action[k] = t;
    }
    return action;
  });
}
