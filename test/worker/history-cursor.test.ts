// A newly connected account learns its past without holding up its first actions: the first read
// covers what RDS keeps as events (14 days), older history is read back a chunk per pass until the
// 90-day floor, and the agent wakes soon while chunks remain.
import { describe, expect, it } from "vitest";
import { BACKFILL_CHUNK_MS, backfillWindow, FIRST_HISTORY_WINDOW_MS, RECENT_HISTORY_WINDOW_MS, recentWindow } from "../../worker/discovery/history.ts";
import { concludePass, HISTORY_BACKFILL_DELAY_MS } from "../../worker/reconcile/pass.ts";

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 29, 12);

describe("reading a new account's power history", () => {
  it("starts with the recent 14 days, then from the checkpoint", () => {
    expect(recentWindow({ checkpoint: null, backfilledTo: null, floor: null }, now)).toEqual({ since: now - RECENT_HISTORY_WINDOW_MS, first: true });
    expect(recentWindow({ checkpoint: now - 60_000, backfilledTo: now - 14 * DAY, floor: now - 90 * DAY }, now)).toEqual({ since: now - 60_000, first: false });
  });

  it("backfills older history in chunks down to the floor, then stops", () => {
    let cursor = { checkpoint: now, backfilledTo: now - RECENT_HISTORY_WINDOW_MS, floor: now - FIRST_HISTORY_WINDOW_MS };
    const chunks: { since: number; until: number }[] = [];
    for (let w = backfillWindow(cursor); w; w = backfillWindow(cursor)) {
      chunks.push(w);
      cursor = { ...cursor, backfilledTo: w.since };
      expect(chunks.length).toBeLessThan(20); // it must end
    }
    expect(chunks[0]).toEqual({ since: now - RECENT_HISTORY_WINDOW_MS - BACKFILL_CHUNK_MS, until: now - RECENT_HISTORY_WINDOW_MS });
    expect(chunks.at(-1)!.since).toBe(now - FIRST_HISTORY_WINDOW_MS); // never past the floor
    // contiguous: every instant between the floor and the recent window is read exactly once
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.until).toBe(chunks[i - 1]!.since);
    expect(chunks.length).toBe(Math.ceil((FIRST_HISTORY_WINDOW_MS - RECENT_HISTORY_WINDOW_MS) / BACKFILL_CHUNK_MS));
  });

  it("has nothing to backfill before the first read", () => {
    expect(backfillWindow({ checkpoint: null, backfilledTo: null, floor: null })).toBeNull();
  });

  it("wakes the agent soon while chunks remain, and not otherwise", () => {
    const end = { now, paused: false, tick: null, accountId: "acc", discovery: null, lastDiscoveryAt: now, lastHeartbeatAt: now, actedCount: 0, wakes: [], queuedRemaining: 0, outboxPending: 0, outboxFailures: 0 };
    expect(concludePass({ ...end, historyBackfillPending: true }).wake).toEqual({ at: now + HISTORY_BACKFILL_DELAY_MS, reason: "history-backfill" });
    expect(concludePass({ ...end, historyBackfillPending: false }).wake?.reason).toBe("discovery");
  });
});
