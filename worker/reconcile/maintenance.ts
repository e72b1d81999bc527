/**
 * Waking a database for its maintenance window (pure). A schedule with "wake for the database's
 * maintenance window" on lets a sleeping database be started shortly before its window when the
 * cloud has maintenance pending, kept awake through the window, and put back to sleep after, so
 * the maintenance is applied while people sleep instead of at the next morning's start (a stopped
 * RDS/Aurora/Cloud SQL database is not maintained; what is pending waits for its next start).
 *
 * Rules (docs/api.md, "Maintenance windows"):
 * - only when maintenance is pending (`MaintenanceFacts.pending` non-empty): a window with nothing
 *   to apply is not worth an hour of compute, so most weeks cost nothing;
 * - the wake starts MAINTENANCE_LEAD_MS before the window (an RDS start takes minutes, an Aurora
 *   cluster up to ~10) and lasts until MAINTENANCE_TAIL_MS after it (maintenance may overrun; a
 *   stop refused while the cloud is still "upgrading" is retried by the pass until it lands);
 * - windows are UTC at the cloud, so daylight saving never moves them;
 * - the wake is a "running" vote like a schedule's (running wins over a schedule's sleep), with
 *   cause `maintenance`: overrides still win (keep asleep means asleep, the maintenance then waits
 *   for the next start), minimum sleep applies to the stop after it;
 * - a database someone started by hand inside a sleep window is left alone: the wake only takes a
 *   database that is asleep (or that the schedules kept awake) into the window, so its end never
 *   stops a database the maintenance did not wake or keep up.
 *
 * Must never: read the clock, do I/O, or import anything outside the pure folders.
 */
import { windowOccurrence, type MaintenanceFacts } from "../domain/maintenance.ts";
import type { PowerState } from "../domain/vocabulary.ts";
import type { DesiredState } from "../schedules/index.ts";
import type { ScheduleVerdict } from "./plan.ts";

/** How long before the window the database is started: RDS ~5-10 min, Aurora clusters up to ~10, with slack. */
export const MAINTENANCE_LEAD_MS = 20 * 60_000;
/** How long after the window it is kept awake: maintenance may overrun its window. */
export const MAINTENANCE_TAIL_MS = 15 * 60_000;
/** Cloud SQL maintenance is announced with its start; it lasts at most its one-hour window. */
const SCHEDULED_DURATION_MS = 60 * 60_000;

export interface MaintenanceWake {
  /** The window itself (UTC, epoch ms). */
  windowStart: number;
  windowEnd: number;
  /** When the database is woken, and when it may sleep again. */
  wakeAt: number;
  sleepAt: number;
}

/**
 * The wake for the pending maintenance that is under way or next, null when nothing is pending or
 * the cloud gives no window. Cloud SQL's announced start (`scheduledAt`) beats the weekly window.
 */
export function maintenanceWake(facts: MaintenanceFacts | null | undefined, now: number): MaintenanceWake | null {
  if (!facts || facts.pending.length === 0) return null;
  let occurrence: { start: number; end: number } | null = null;
  if (facts.scheduledAt !== null) {
    const end = facts.scheduledAt + (facts.window ? facts.window.durationMinutes * 60_000 : SCHEDULED_DURATION_MS);
    if (end + MAINTENANCE_TAIL_MS > now) occurrence = { start: facts.scheduledAt, end };
  }
  // The occurrence still counts during its tail: look it up as if it were the tail's length earlier.
  if (!occurrence && facts.window) occurrence = windowOccurrence(facts.window, now - MAINTENANCE_TAIL_MS);
  if (!occurrence) return null;
  return { windowStart: occurrence.start, windowEnd: occurrence.end, wakeAt: occurrence.start - MAINTENANCE_LEAD_MS, sleepAt: occurrence.end + MAINTENANCE_TAIL_MS };
}

export interface MaintenanceInput {
  state: PowerState;
  maintenance?: MaintenanceFacts | null | undefined;
}

/** The schedules selecting a database that ask for maintenance wakes (only their id and flags matter). */
export interface MaintenanceOptIn {
  id: string;
  dryRun: boolean;
  maintenanceWake?: boolean | undefined;
}

/**
 * The maintenance wake as one more verdict among the database's schedules (null: no schedule that
 * selects it asks for it, or nothing is pending). Its state is "running" inside the wake when the
 * database is asleep, or was kept awake by its schedules (`lastDesired` running), and "none"
 * otherwise; its next transition is the wake's start or end, so the agent's alarm lands on it and
 * the minimum-sleep rule sees the coming wake before a schedule stops the database.
 */
export function maintenanceVerdict(db: MaintenanceInput, schedules: readonly MaintenanceOptIn[], lastDesired: DesiredState | null, now: number): ScheduleVerdict | null {
  const opted = schedules.filter((s) => s.maintenanceWake);
  if (opted.length === 0) return null;
  const wake = maintenanceWake(db.maintenance, now);
  if (!wake) return null;
  const live = opted.find((s) => !s.dryRun);
  const inside = now >= wake.wakeAt && now < wake.sleepAt;
  const active = inside && (db.state === "stopped" || db.state === "stopping" || lastDesired === "running");
  return {
    scheduleId: (live ?? opted[0]!).id,
    state: active ? "running" : "none",
    enforce: false,
    dryRun: !live,
    nextTransitionAt: inside ? wake.sleepAt : wake.wakeAt,
    nextState: inside ? "none" : "running",
    causeKind: "maintenance",
  };
}
