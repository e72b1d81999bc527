/**
 * The savings ledger (pure): from what was observed of one database's power state and its price
 * history, the intervals during which it was asleep, what caused each one, and what it saved.
 *
 * Owns: the rules that turn observations into sleep intervals, their price split, the AWS
 * billing-minimum penalty, and per-second accrual (`savedMicros`).
 * Never: does I/O, reads clocks (the caller passes `now`), uses floats for money, or trusts the
 * order or uniqueness of its inputs.
 *
 * Rules (an auditor must be able to recompute every number from the observations):
 * - Observations are a SET. Duplicates (same `eventId`) count once — if two copies differ, the
 *   canonical one (smallest by content) is kept, so arrival order never matters — and they are
 *   processed in (at, eventId) order. Observations whose `at` is not a finite number are ignored.
 * - A database saves only while it is observed stopped: compute stops being billed when the
 *   instance reaches `stopped`, not when the stop is requested. An interval OPENS at the first
 *   `stopped` observation after the database was last seen awake (or at the first observation of
 *   all, e.g. discovery finding it stopped). A `stopping` that is never followed by `stopped`
 *   (stop requested, then seen `running`/`starting`) saves nothing.
 * - It CLOSES at the first later `starting` or `running` observation (endedBy "start", or
 *   "auto_restart" when that observation — or any observation of the same awake stretch — is AWS's
 *   automatic restart after 7 days stopped, or "maintenance" when a schedule woke it for its
 *   maintenance window: an observation of the stretch with cause "maintenance"). A start with no
 *   recorded stop opens nothing.
 * - A `stopping` observed while asleep proves a start that was never recorded: the interval ends
 *   at the last observation that still confirmed it stopped (the ledger never claims time it
 *   cannot show), endedBy "start"; if that leaves nothing, there is no interval.
 * - Further `stopped` observations while asleep (discovery polls, a keep-asleep override that
 *   finds it already stopped) neither split nor extend the interval, nor change a cause that
 *   already names an actor (see Cause).
 * - Cause: who stopped it. Discovery reports what it sees with cause "cloud" (and the agent uses
 *   "system" when it cannot name a cause): those observations know the state, not the actor. The
 *   interval's cause is the first cause, in observation order, that names an actor (schedule,
 *   override, policy, person, token, Slack...) among the `stopping`/`stopped` observations of this
 *   stop — from the last time the database was seen awake until the interval ends — else the
 *   opening observation's own cause. So a discovery poll that sees the stop before the agent's
 *   confirmation does not take the credit from the schedule that asked for it, and a later
 *   `stopped` observation with another actor (a keep-asleep override finding it asleep) does not
 *   take it either.
 * - Price: one price per interval row. The price at instant t is the latest price point with
 *   `from <= t`; before the first point, the first point applies (a price history begins when
 *   SnoozeQL first priced the database, usually after the history it ingested); with no points
 *   the price is unknown. An interval is split at every price change strictly inside it (up to
 *   `now` for an open interval); the earlier part ends with endedBy "price_change". An unknown
 *   price (null, or not a non-negative integer) keeps the interval with `hourlyMicros: null`:
 *   its time counts as unpriced, never as $0 saved.
 * - Accrual: per whole second since the interval's start, floor(seconds × micros/h ÷ 3600)
 *   (worker/savings/money.ts), so any split of an interval into parts sums exactly to the whole.
 * - Billing minimum (AWS only; Cloud SQL bills per second): every start bills at least 10
 *   minutes. When the awake stretch that begins with an interval's closing start lasts less than
 *   10 minutes before the next interval opens (the next observed `stopped`), the shortfall
 *   (600 − awake whole seconds) × the price at that start, rounded up, is the interval's
 *   `penaltyMicros` (on its last part). So a very short sleep/wake/sleep can save nothing or cost
 *   money: `savedMicros` is then negative and reported as such. An awake stretch that has not
 *   ended yet carries no penalty until the next stop is observed.
 * - Ids are deterministic: `${instanceId}:${from}` (or `${from}` without an instance id).
 */
import type { CauseKind } from "../db/schema.ts";
import { accruedMicros, chargedMicros, isHourlyMicros } from "./money.ts";

export type PowerObservationState = "running" | "stopped" | "starting" | "stopping";

export interface PowerObservation {
  /** The event it came from (dedupe key). */
  eventId: string;
  /** Epoch ms when the state was observed / reached. */
  at: number;
  state: PowerObservationState;
  /** From worker/db/schema.ts CAUSE_KINDS. */
  causeKind: CauseKind;
  /** Schedule id / override id / policy id / user id ... */
  causeId: string | null;
  /** True: AWS's automatic restart after 7 days stopped (an observation of state starting/running). */
  autoRestart?: boolean;
}

export interface PricePoint {
  from: number;
  hourlyMicros: number | null;
  source: string;
}

export type IntervalEnd = "start" | "auto_restart" | "maintenance" | "open" | "price_change";

export interface SleepInterval {
  /** Deterministic: `${instanceId}:${from}`. */
  id: string;
  from: number;
  /** null = still asleep. */
  until: number | null;
  causeKind: CauseKind;
  causeId: string | null;
  /** One price per interval: split at price changes. null = unknown price. */
  hourlyMicros: number | null;
  priceSource: string;
  /** Extra billed when the following awake stretch on AWS was < 10 min (a start bills >= 10 min). */
  penaltyMicros: number;
  endedBy: IntervalEnd;
}

export interface LedgerOptions {
  provider: "aws" | "gcp";
  /** The ledger's clock: open intervals are split at price changes up to here. */
  now: number;
  /** Used in interval ids. */
  instanceId?: string;
}

/** AWS bills a started database for at least this many seconds. */
export const AWS_MINIMUM_BILLED_SECONDS = 600;

export const UNKNOWN_PRICE_SOURCE = "unknown";

const STATE_RANK: Record<PowerObservationState, number> = { running: 0, starting: 1, stopping: 2, stopped: 3 };

function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** Total order on observations' content, used to pick one copy of a duplicated event id. */
function compareContent(a: PowerObservation, b: PowerObservation): number {
  return (
    a.at - b.at ||
    STATE_RANK[a.state] - STATE_RANK[b.state] ||
    compareText(a.causeKind, b.causeKind) ||
    compareText(a.causeId, b.causeId) ||
    Number(a.autoRestart === true) - Number(b.autoRestart === true)
  );
}

/** The observations as a set: one per event id (the canonical copy), sorted by (at, eventId). */
export function canonicalObservations(observations: readonly PowerObservation[]): PowerObservation[] {
  const byId = new Map<string, PowerObservation>();
  for (const o of observations) {
    if (!Number.isFinite(o.at) || !(o.state in STATE_RANK)) continue;
    const seen = byId.get(o.eventId);
    if (!seen || compareContent(o, seen) < 0) byId.set(o.eventId, o);
  }
  return [...byId.values()].sort((a, b) => a.at - b.at || compareText(a.eventId, b.eventId));
}

interface Price {
  hourlyMicros: number | null;
  source: string;
}

/** Price lookup over a canonical price history (deduped by `from`, sorted). */
class PriceHistory {
  private readonly points: { from: number; price: Price }[];

  constructor(points: readonly PricePoint[]) {
    const byFrom = new Map<number, Price>();
    for (const p of points) {
      if (!Number.isFinite(p.from)) continue;
      const price: Price = { hourlyMicros: isHourlyMicros(p.hourlyMicros) ? p.hourlyMicros : null, source: p.source };
      const seen = byFrom.get(p.from);
      // Same `from` twice: keep a deterministic one (the larger price, then the later source name).
      if (!seen || (price.hourlyMicros ?? -1) - (seen.hourlyMicros ?? -1) > 0 || ((price.hourlyMicros ?? -1) === (seen.hourlyMicros ?? -1) && price.source > seen.source)) {
        byFrom.set(p.from, price);
      }
    }
    this.points = [...byFrom.entries()].sort((a, b) => a[0] - b[0]).map(([from, price]) => ({ from, price }));
  }

  at(t: number): Price {
    const first = this.points[0];
    if (!first) return { hourlyMicros: null, source: UNKNOWN_PRICE_SOURCE };
    let found = first.price;
    for (const p of this.points) {
      if (p.from > t) break;
      found = p.price;
    }
    return found;
  }

  /** Instants strictly inside (from, until) where the price changes. */
  changesWithin(from: number, until: number): number[] {
    const out: number[] = [];
    let current = this.at(from);
    for (const p of this.points) {
      if (p.from <= from) continue;
      if (p.from >= until) break;
      if (p.price.hourlyMicros !== current.hourlyMicros || p.price.source !== current.source) {
        out.push(p.from);
        current = p.price;
      }
    }
    return out;
  }
}

interface RawInterval {
  from: number;
  until: number | null;
  causeKind: CauseKind;
  causeId: string | null;
  endedBy: "start" | "auto_restart" | "maintenance" | "open";
}

interface Cause {
  causeKind: CauseKind;
  causeId: string | null;
}

/** Causes that report a state without knowing who brought it about. */
const PASSIVE_CAUSES: ReadonlySet<CauseKind> = new Set<CauseKind>(["cloud", "system"]);

/** The cause of a stop from its observations' causes (in order): the first that names an actor. */
function causeOfStop(causes: readonly Cause[], opening: Cause): Cause {
  const active = causes.find((c) => !PASSIVE_CAUSES.has(c.causeKind));
  return active ? { causeKind: active.causeKind, causeId: active.causeId } : { causeKind: opening.causeKind, causeId: opening.causeId };
}

type Phase =
  | { kind: "awake" }
  | { kind: "stopping"; causes: Cause[] }
  | { kind: "asleep"; from: number; lastConfirmed: number; opening: Cause; causes: Cause[] };

/** The asleep stretches of the observation history, before price splits and penalties. */
function asleepStretches(observations: readonly PowerObservation[]): RawInterval[] {
  const out: RawInterval[] = [];
  let phase: Phase = { kind: "awake" };
  // The interval that the current awake stretch began by closing (to label an auto-restart that is
  // recognised a little after the start itself was observed).
  let closedByThisStretch: RawInterval | null = null;

  const close = (p: Extract<Phase, { kind: "asleep" }>, until: number, endedBy: "start" | "auto_restart"): RawInterval | null => {
    if (until <= p.from) return null;
    const interval: RawInterval = { from: p.from, until, ...causeOfStop(p.causes, p.opening), endedBy };
    out.push(interval);
    return interval;
  };

  for (const o of canonicalObservations(observations)) {
    switch (o.state) {
      case "stopped":
        if (phase.kind === "asleep") {
          phase.lastConfirmed = o.at;
          phase.causes.push(o);
        } else {
          const causes: Cause[] = phase.kind === "stopping" ? [...phase.causes, o] : [o];
          phase = { kind: "asleep", from: o.at, lastConfirmed: o.at, opening: o, causes };
          closedByThisStretch = null;
        }
        break;
      case "stopping":
        if (phase.kind === "asleep") {
          close(phase, phase.lastConfirmed, "start");
          phase = { kind: "stopping", causes: [o] };
        } else if (phase.kind === "stopping") {
          phase.causes.push(o);
        } else {
          phase = { kind: "stopping", causes: [o] };
        }
        closedByThisStretch = null;
        break;
      case "starting":
      case "running":
        if (phase.kind === "asleep") {
          closedByThisStretch = close(phase, o.at, o.autoRestart === true ? "auto_restart" : "start");
        } else if (o.autoRestart === true && closedByThisStretch) {
          closedByThisStretch.endedBy = "auto_restart";
        }
        if (o.causeKind === "maintenance" && closedByThisStretch?.endedBy === "start") closedByThisStretch.endedBy = "maintenance";
        phase = { kind: "awake" };
        break;
    }
  }
  if (phase.kind === "asleep") out.push({ from: phase.from, until: null, ...causeOfStop(phase.causes, phase.opening), endedBy: "open" });
  return out;
}

/**
 * The sleep intervals of one database, oldest first: non-overlapping, `from < until` (or `until`
 * null for the last one while it is still asleep), one price per row.
 */
export function sleepIntervals(observations: readonly PowerObservation[], prices: readonly PricePoint[], opts: LedgerOptions): SleepInterval[] {
  const history = new PriceHistory(prices);
  const stretches = asleepStretches(observations);
  const idOf = (from: number) => (opts.instanceId ? `${opts.instanceId}:${from}` : String(from));
  const out: SleepInterval[] = [];

  stretches.forEach((s, k) => {
    let penaltyMicros = 0;
    const next = stretches[k + 1];
    if (opts.provider === "aws" && s.until !== null && next) {
      const awakeSeconds = Math.floor((next.from - s.until) / 1000);
      const price = history.at(s.until).hourlyMicros;
      if (awakeSeconds < AWS_MINIMUM_BILLED_SECONDS && price !== null) {
        penaltyMicros = chargedMicros(AWS_MINIMUM_BILLED_SECONDS - Math.max(0, awakeSeconds), price);
      }
    }
    const end = s.until ?? opts.now;
    const cuts = end > s.from ? history.changesWithin(s.from, end) : [];
    const starts = [s.from, ...cuts];
    starts.forEach((from, j) => {
      const last = j === starts.length - 1;
      const price = history.at(from);
      out.push({
        id: idOf(from),
        from,
        until: last ? s.until : (starts[j + 1] as number),
        causeKind: s.causeKind,
        causeId: s.causeId,
        hourlyMicros: price.hourlyMicros,
        priceSource: price.source,
        penaltyMicros: last ? penaltyMicros : 0,
        endedBy: last ? s.endedBy : "price_change",
      });
    });
  });
  return out;
}

/** Where an interval's accrual stops: its end, or `now` while it is open (never before `from`). */
export function accrualEnd(interval: SleepInterval, now: number): number {
  return Math.max(interval.until ?? now, interval.from);
}

/** Whole seconds an interval has been asleep between its start and `at` (clamped to the interval). */
export function elapsedSeconds(interval: SleepInterval, at: number, now: number): number {
  const t = Math.min(Math.max(at, interval.from), accrualEnd(interval, now));
  return Math.floor((t - interval.from) / 1000);
}

/** Micro-dollars saved by an interval's first `seconds` whole seconds, before any penalty (0 when unpriced). */
export function grossMicrosAfter(interval: SleepInterval, seconds: number): number {
  return interval.hourlyMicros === null ? 0 : accruedMicros(seconds, interval.hourlyMicros);
}

/** Saved micro-dollars of an interval up to `until ?? now`, accrued per second, minus penalty. */
export function savedMicros(interval: SleepInterval, now: number): number {
  const seconds = elapsedSeconds(interval, accrualEnd(interval, now), now);
  return grossMicrosAfter(interval, seconds) - interval.penaltyMicros;
}
