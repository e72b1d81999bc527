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
 *   (overlapping windows, retried passes, a second agent run) inserts nothing new.
 * - `ingestHistory`: one `powerHistory` read for the whole account, then the conversion, and the
 *   checkpoint to read from next time.
 *
 * Overlap with SnoozeQL's own actions: when SnoozeQL stops a database, the agent already emits
 * `instance.stopped` when it confirms the stop, and the cloud's record of the same stop arrives
 * here later with another id and a slightly different time. Both are kept as events (they are
 * different observations); the savings ledger treats observations as a set of (time, state), so a
 * second "stopped" inside an interval that is already open changes nothing, and the interval keeps
 * the cause of the observation that opened it (the earlier one: usually SnoozeQL's request-time
 * event, or the cloud's true time when the stop happened outside SnoozeQL). CloudTrail entries are
 * request times (`approximate`): the ledger may open an interval a few minutes before the database
 * was actually stopped; RDS events replace them wherever RDS still has its 14 days of events.
 *
 * Must never: touch D1 or the queue (the caller sends the events), invent a state the cloud did
 * not record, or attach an event to a database the account does not know.
 */
import type { CloudProvider, DatabaseKind, PowerHistoryEntry, RegionFailure } from "../cloud/provider.ts";
import { buildEvent, type EventMessage } from "../events/event.ts";

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

export interface HistoryConversion {
  events: EventMessage[];
  /** Entries about databases the account does not know (deleted, or not yet discovered). */
  unmatched: number;
}

export async function historyEvents(account: HistoryAccount, known: KnownInstance[], entries: PowerHistoryEntry[]): Promise<HistoryConversion> {
  const byRef = new Map(known.map((k) => [keyOf(k.kind, k.externalId), k.id]));
  const events: EventMessage[] = [];
  const seen = new Set<string>();
  let unmatched = 0;
  for (const entry of entries) {
    const instanceId = byRef.get(keyOf(entry.kind, entry.externalId));
    if (!instanceId) {
      unmatched += 1;
      continue;
    }
    if (seen.has(`${instanceId}|${entry.cloudEventId}`)) continue;
    seen.add(`${instanceId}|${entry.cloudEventId}`);
    const auto = entry.state === "running" && entry.autoRestart === true;
    const detail: Record<string, unknown> = { source: entry.source, cloudEventId: entry.cloudEventId, externalId: entry.externalId, region: entry.region };
    if (entry.approximate) detail["approximate"] = true;
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
  return { events, unmatched };
}

export interface HistoryIngest {
  events: EventMessage[];
  /** Pass as `since` next time. Stays at `since` while a region could not be read. */
  checkpoint: number;
  incomplete: RegionFailure[];
  /** The earliest instant the cloud's records covered (older history is gone at the cloud). */
  coveredFrom: number;
  unmatched: number;
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
): Promise<HistoryIngest> {
  const from = Math.min(since, now - 60_000);
  const history = await provider.powerHistory(null, { since: from, until: now });
  const { events, unmatched } = await historyEvents(account, knownInstances, history.entries);
  const checkpoint = history.incomplete.length > 0 ? since : Math.max(since, now - HISTORY_RECORD_DELAY_MS);
  return { events, checkpoint, incomplete: history.incomplete, coveredFrom: history.coveredFrom, unmatched };
}
