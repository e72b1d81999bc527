/**
 * The AccountAgent's reading of the cloud's own power history (worker/discovery/history.ts): the
 * recent window with each discovery, older history a chunk per pass down to the floor, the events
 * into the agent's outbox, and AWS's forced starts remembered as the plan's auto-restart evidence.
 * The cloud's records of the agent's own stops and starts are told apart from changes made outside
 * SnoozeQL by the agent's memory of them (history.ts `ownRecords`); where a read saw such a change
 * followed by another, that closing is kept for the next reads (and forgotten with the database:
 * storage.ts `forgetDatabasesExcept`, with the hourly metric cursors).
 * Owns the cursor in the agent's storage; never a scheduling decision, never a D1 write. Its
 * reads are of `agent_meta` as the storage holds it in memory, so the plan's questions per
 * database (`read`, `forcedStartAt`) cost no SQL.
 */
import type { AccountRow } from "../../worker/accounts/connection.ts";
import type { CloudProvider } from "../../worker/cloud/index.ts";
import {
  backfillWindow, FIRST_HISTORY_WINDOW_MS, ingestHistory, ingestHistoryWindow, recentWindow, type HistoryConversion, type HistoryCursor, type OwnTransitions,
} from "../../worker/discovery/history.ts";
import type { EventMessage } from "../../worker/events/event.ts";
import { errorText, log } from "../../worker/log.ts";
import { knownInstances } from "./gather.ts";
import type { AgentStorage } from "./storage.ts";

export class AgentHistory {
  constructor(
    private readonly store: AgentStorage,
    private readonly db: D1Database,
  ) {}

  cursor(): HistoryCursor {
    return { checkpoint: this.store.recallNumber("history_checkpoint"), backfilledTo: this.store.recallNumber("history_backfilled_to"), floor: this.store.recallNumber("history_floor") };
  }

  /** Older history remains to be read (the pass wakes again soon for it). */
  backfillPending(): boolean {
    return backfillWindow(this.cursor()) !== null;
  }

  /** The recent window, from the checkpoint (the first time: what RDS keeps as events). */
  async readRecent(provider: CloudProvider, account: AccountRow, now: number): Promise<void> {
    const { since, first } = recentWindow(this.cursor(), now);
    try {
      const history = await ingestHistory(provider, account, await knownInstances(this.db, account.orgId, account.id), since, now, this.ownTransitions());
      this.record(history.events);
      this.rememberClosings(history.closed);
      this.store.remember("history_checkpoint", String(history.checkpoint));
      if (first) {
        this.store.remember("history_backfilled_to", String(since));
        this.store.remember("history_floor", String(now - FIRST_HISTORY_WINDOW_MS));
      }
    } catch (error) {
      log.warn("power history read failed", { accountId: account.id, since, error: errorText(error) }); // the checkpoint stays: read again next time
    }
  }

  /** One older chunk, if any is left. */
  async backfill(provider: CloudProvider, account: AccountRow): Promise<void> {
    const window = backfillWindow(this.cursor());
    if (!window) return;
    try {
      const chunk = await ingestHistoryWindow(provider, account, await knownInstances(this.db, account.orgId, account.id), window);
      this.record(chunk.events);
      if (chunk.complete) this.store.remember("history_backfilled_to", String(window.since));
    } catch (error) {
      log.warn("power history backfill failed", { accountId: account.id, ...window, error: errorText(error) });
    }
  }

  /** The agent's own latest record of a forced start for a database, if any. */
  forcedStartAt(instanceId: string): number | null {
    return this.store.recallNumber(`auto_restart_at:${instanceId}`);
  }

  /** Whether the history has been read at all (until then the plan falls back to timing). */
  read(): boolean {
    return this.store.recallNumber("history_checkpoint") !== null;
  }

  /** The agent's own latest stop and start of each database it has acted on, with what earlier reads learned. */
  private ownTransitions(): Map<string, OwnTransitions> {
    const own = new Map<string, OwnTransitions>();
    for (const [id, m] of this.store.memory()) {
      if (m.stoppedByUsAt === null && m.startedByUsAt === null && !m.pending) continue;
      const closed = this.store.recall(`own_change_closed:${id}`);
      own.set(id, { stoppedByUsAt: m.stoppedByUsAt, startedByUsAt: m.startedByUsAt, pending: m.pending, ...(closed !== null && { closed: JSON.parse(closed) as OwnTransitions["closed"] }) });
    }
    return own;
  }

  private rememberClosings(closed: HistoryConversion["closed"]): void {
    for (const [id, found] of closed) {
      const key = `own_change_closed:${id}` as const;
      const before = this.store.recall(key);
      this.store.remember(key, JSON.stringify({ ...(before !== null && (JSON.parse(before) as OwnTransitions["closed"])), ...found }));
    }
  }

  private record(events: EventMessage[]): void {
    this.store.commit({ events });
    for (const e of events) {
      if (e.type !== "instance.auto_restarted" || !e.instanceId) continue;
      const key = `auto_restart_at:${e.instanceId}` as const;
      this.store.remember(key, String(Math.max(this.store.recallNumber(key) ?? 0, e.occurredAt)));
    }
  }
}
