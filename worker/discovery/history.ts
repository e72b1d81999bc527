/**
 * Power history → event messages: what the cloud's own records say happened to the account's
 * databases (RDS events, CloudTrail, Cloud SQL's audit log; see CloudProvider.powerHistory),
 * turned into the same events the rest of SnoozeQL reads — so a newly connected account has a
 * past, changes made outside SnoozeQL are known at their true time, and AWS's forced start after
 * seven days stopped is known from AWS's own event, not guessed from timing.
 *
 * - `historyEvents` (pure): each entry of a known database becomes `instance.stopped`,
 *   `instance.started` or `instance.auto_restarted` (cause "cloud", or "aws_auto_restart"),
 *   occurredAt = the cloud's time, detail { source, cloudEventId, approximate? }. The event id is a
 *   function of the database and the cloud's record id only, so ingesting the same history again
 *   (overlapping windows, retried passes, a second agent run) inserts nothing new. The records of
 *   SnoozeQL's own stops and starts are the exception (below).
 * - `ingestHistory`: one `powerHistory` read for the whole account, then the conversion, and the
 *   checkpoint to read from next time.
 *
 * Overlap with SnoozeQL's own actions: when SnoozeQL stops or starts a database, the agent records
 * the request and, when it sees the database there, the confirmation (cause: the schedule, override
 * or person that asked); the cloud's record of the same change arrives here later, with another id
 * and the cloud's time. It is not a change made outside SnoozeQL, so it is never recorded as one
 * (`ownRecords`, pure, from the agent's memory of its latest stop and start of each database): a
 * record of the same target state, stamped at or after the agent's call (less
 * OWN_RECORD_CLOCK_SKEW_MS for the clouds' clocks) and within TRANSITION_TIMEOUT_MS of it, with no
 * record of another state between the call and it, is the agent's own. While the transition is
 * still in flight, it becomes the transition's confirmation — the same event id the agent's look
 * and discovery use (worker/reconcile/pass.ts `confirmationFact`), so whichever sees it first is
 * the one stored, and one notification goes out — at the cloud's time, with the record in detail;
 * once the agent has confirmed it, it adds nothing (the confirmation is recorded). A CloudTrail
 * record is the request, not the change, so it only ever adds nothing. The first record of another
 * state after the call closes the match: a stop or start anyone else makes afterwards, however soon,
 * and AWS's forced start after seven days are recorded as before. The closing is returned for the
 * caller to keep, so a later read whose window begins after it still knows.
 *
 * For the changes made outside SnoozeQL, the savings ledger treats observations as a set of (time,
 * state), so a second "stopped" inside an interval that is already open changes nothing, and the
 * interval keeps the cause of the observation that opened it. CloudTrail entries are request times
 * (`approximate`): the ledger may open an interval a few minutes before the database was actually
 * stopped; RDS events replace them wherever RDS still has its 14 days of events.
 *
 * Must never: touch D1 or the queue (the caller sends the events), invent a state the cloud did
 * not record, or attach an event to a database the account does not know.
 */
import type { CloudProvider, DatabaseKind, PowerHistoryEntry, RegionFailure } from "../cloud/provider.ts";
import { buildEvent, type EventMessage } from "../events/event.ts";
import { confirmationFact, TRANSITION_TIMEOUT_MS, type AgentMemory, type PendingTransition } from "../reconcile/pass.ts";

/** How far the next read reaches back before the checkpoint: clouds deliver records late. */
export const HISTORY_RECORD_DELAY_MS = 20 * 60_000;
/** How far back SnoozeQL learns a newly connected account's past (the clouds keep at most this much, or less). */
export const FIRST_HISTORY_WINDOW_MS = 90 * 86_400_000;
/**
 * The first read covers only the recent past (what RDS keeps as events: cheap, a page or two per
 * region); older history is backfilled a chunk per pass, so reading 90 days of CloudTrail (2 calls
 * a second per region at AWS) never holds up the account's first actions.
 */
export const RECENT_HISTORY_WINDOW_MS = 14 * 86_400_000;
export const BACKFILL_CHUNK_MS = 15 * 86_400_000;

/** Where history reading stands for one account (kept in its agent's storage). */
export interface HistoryCursor {
  /** The forward checkpoint (null: never read). */
  checkpoint: number | null;
  /** Everything from here to the checkpoint has been read; older is still to backfill. */
  backfilledTo: number | null;
  /** How far back the backfill goes (fixed at the first read). */
  floor: number | null;
}

/** The recent window to read now. */
export function recentWindow(cursor: HistoryCursor, now: number): { since: number; first: boolean } {
  return cursor.checkpoint === null ? { since: now - RECENT_HISTORY_WINDOW_MS, first: true } : { since: cursor.checkpoint, first: false };
}

/** The next older chunk to backfill, or null when the backfill is complete. */
export function backfillWindow(cursor: HistoryCursor): { since: number; until: number } | null {
  if (cursor.backfilledTo === null || cursor.floor === null || cursor.backfilledTo <= cursor.floor) return null;
  return { since: Math.max(cursor.floor, cursor.backfilledTo - BACKFILL_CHUNK_MS), until: cursor.backfilledTo };
}

export interface HistoryAccount {
  id: string;
  orgId: string;
}

export interface KnownInstance {
  id: string;
  kind: DatabaseKind;
  externalId: string;
}

const keyOf = (kind: string, externalId: string) => `${kind}|${externalId}`;

/**
 * How far the cloud's clock may run behind the agent's: the cloud's record of the agent's own call
 * may be stamped this much before the agent made it.
 */
export const OWN_RECORD_CLOCK_SKEW_MS = 2 * 60_000;

type Target = PowerHistoryEntry["state"];

/** Where an earlier read found the first record of another state after the agent's call to reach `target`. */
export interface OwnClosing {
  callAt: number;
  at: number;
}

/**
 * What the agent knows of its own latest stop and start of one database: its memory (the time of
 * its latest accepted stop and start call, the transition in flight), and the closings earlier
 * reads found (records after a closing are not the agent's, even when this read no longer sees it).
 */
export interface OwnTransitions extends Pick<AgentMemory, "stoppedByUsAt" | "startedByUsAt" | "pending"> {
  closed?: Partial<Record<Target, OwnClosing>>;
}

/** A cloud record of the agent's own change: the confirmation of its transition in flight, or already recorded. */
export type OwnRecord = { kind: "confirmation"; pending: PendingTransition } | { kind: "recorded" };

export interface OwnRecordMatch {
  records: Map<PowerHistoryEntry, OwnRecord>;
  /** The closings this read found (for the caller to keep with the agent's memory). */
  closed: Partial<Record<Target, OwnClosing>>;
}

/**
 * Which of one database's history entries are the cloud's records of the agent's own latest stop or
 * start (see the header). Pure.
 */
export function ownRecords(entries: readonly PowerHistoryEntry[], own: OwnTransitions): OwnRecordMatch {
  const records = new Map<PowerHistoryEntry, OwnRecord>();
  const closed: Partial<Record<Target, OwnClosing>> = {};
  const sorted = [...entries].sort((a, b) => a.at - b.at);
  for (const target of ["stopped", "running"] as const) {
    const pending = own.pending?.target === target ? own.pending : null;
    const callAt = pending?.since ?? (target === "stopped" ? own.stoppedByUsAt : own.startedByUsAt);
    if (callAt === null) continue;
    const known = own.closed?.[target];
    const until = Math.min(callAt + TRANSITION_TIMEOUT_MS, known?.callAt === callAt ? known.at : Infinity);
    for (const entry of sorted) {
      if (entry.at < callAt - OWN_RECORD_CLOCK_SKEW_MS) continue;
      if (entry.at >= until) break;
      if (entry.state !== target || entry.autoRestart) {
        // The database was somewhere else after the call: what follows is someone else's doing.
        if (entry.at >= callAt) {
          closed[target] = { callAt, at: entry.at };
          break;
        }
        continue;
      }
      records.set(entry, pending && !entry.approximate ? { kind: "confirmation", pending } : { kind: "recorded" });
    }
  }
  return { records, closed };
}

export interface HistoryConversion {
  events: EventMessage[];
  /** Entries about databases the account does not know (deleted, or not yet discovered). */
  unmatched: number;
  /** By database: where this read found the agent's own changes closed (`ownRecords`). */
  closed: Map<string, Partial<Record<Target, OwnClosing>>>;
}

/**
 * `own`: by database id, what the agent knows of its own stops and starts. The cloud's records of
 * them are the agent's confirmation or nothing (`ownRecords`), never a change made outside SnoozeQL.
 */
export async function historyEvents(
  account: HistoryAccount,
  known: KnownInstance[],
  entries: PowerHistoryEntry[],
  own: ReadonlyMap<string, OwnTransitions> = new Map(),
): Promise<HistoryConversion> {
  const byRef = new Map(known.map((k) => [keyOf(k.kind, k.externalId), k.id]));
  const byInstance = new Map<string, PowerHistoryEntry[]>();
  let unmatched = 0;
  for (const entry of entries) {
    const instanceId = byRef.get(keyOf(entry.kind, entry.externalId));
    if (!instanceId) {
      unmatched += 1;
      continue;
    }
    const list = byInstance.get(instanceId);
    if (list) list.push(entry);
    else byInstance.set(instanceId, [entry]);
  }
  const events: EventMessage[] = [];
  const closed = new Map<string, Partial<Record<Target, OwnClosing>>>();
  for (const [instanceId, ofInstance] of byInstance) {
    const mine = own.get(instanceId);
    const match = mine ? ownRecords(ofInstance, mine) : null;
    if (match && Object.keys(match.closed).length > 0) closed.set(instanceId, match.closed);
    const seen = new Set<string>();
    for (const entry of ofInstance) {
      if (seen.has(entry.cloudEventId)) continue;
      seen.add(entry.cloudEventId);
      const detail: Record<string, unknown> = { source: entry.source, cloudEventId: entry.cloudEventId, externalId: entry.externalId, region: entry.region };
      if (entry.approximate) detail["approximate"] = true;
      const ownRecord = match?.records.get(entry);
      if (ownRecord?.kind === "recorded") continue;
      if (ownRecord?.kind === "confirmation") {
        const { key, at: _at, ...fact } = confirmationFact(instanceId, ownRecord.pending);
        events.push(await buildEvent({ ...fact, orgId: account.orgId, cloudAccountId: account.id, occurredAt: entry.at, detail: { ...fact.detail, ...detail, cloudAt: entry.at } }, key));
        continue;
      }
      const auto = entry.state === "running" && entry.autoRestart === true;
      events.push(
        await buildEvent(
          {
            orgId: account.orgId,
            cloudAccountId: account.id,
            instanceId,
            type: auto ? "instance.auto_restarted" : entry.state === "stopped" ? "instance.stopped" : "instance.started",
            causeKind: auto ? "aws_auto_restart" : "cloud",
            // AWS's forced start is announced when it begins: the database is starting, not yet running.
            toState: auto ? "starting" : entry.state,
            occurredAt: entry.at,
            detail,
          },
          [instanceId, "history", entry.cloudEventId],
        ),
      );
    }
  }
  return { events, unmatched, closed };
}

export interface HistoryIngest {
  events: EventMessage[];
  /** Pass as `since` next time. Stays at `since` while a region could not be read. */
  checkpoint: number;
  incomplete: RegionFailure[];
  /** The earliest instant the cloud's records covered (older history is gone at the cloud). */
  coveredFrom: number;
  unmatched: number;
  /** By database: the closings of the agent's own changes this read found (keep them for the next read). */
  closed: HistoryConversion["closed"];
}

/**
 * Reads the account's power history in [since, now) and converts it. First discovery of an
 * account: since = now - FIRST_HISTORY_WINDOW_MS (the provider clips to what its cloud keeps);
 * afterwards: since = the previous checkpoint. Throws the provider's CloudError when nothing
 * could be read at all (keep the old checkpoint then).
 */
/** Reads and converts one closed window [since, until) of older history (a backfill chunk). */
export async function ingestHistoryWindow(
  provider: CloudProvider,
  account: HistoryAccount,
  knownInstances: KnownInstance[],
  window: { since: number; until: number },
): Promise<{ events: EventMessage[]; complete: boolean }> {
  const history = await provider.powerHistory(null, window);
  const { events } = await historyEvents(account, knownInstances, history.entries);
  return { events, complete: history.incomplete.length === 0 };
}

export async function ingestHistory(
  provider: CloudProvider,
  account: HistoryAccount,
  knownInstances: KnownInstance[],
  since: number,
  now: number,
  own: ReadonlyMap<string, OwnTransitions> = new Map(),
): Promise<HistoryIngest> {
  const from = Math.min(since, now - 60_000);
  const history = await provider.powerHistory(null, { since: from, until: now });
  const { events, unmatched, closed } = await historyEvents(account, knownInstances, history.entries, own);
  const checkpoint = history.incomplete.length > 0 ? since : Math.max(since, now - HISTORY_RECORD_DELAY_MS);
  return { events, checkpoint, incomplete: history.incomplete, coveredFrom: history.coveredFrom, unmatched, closed };
}
