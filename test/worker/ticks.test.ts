// Pure parts of the tick: message planning, batching and retry delays.
import { describe, expect, it } from "vitest";
import { chunk, planTickMessages, SEND_BATCH_LIMIT } from "../../worker/ticks/cron-tick.ts";
import { retryDelaySeconds } from "../../worker/queues/retry.ts";

describe("planTickMessages", () => {
  it("gives every account of one cron minute the same tick id, whatever the second", () => {
    const at = Date.UTC(2026, 10, 24, 9, 30, 41, 500);
    const messages = planTickMessages([{ id: "acct_a", orgId: "org_1" }, { id: "acct_b", orgId: "org_2" }], at);
    expect(messages).toEqual([
      { accountId: "acct_a", orgId: "org_1", tickId: "cron-2026-11-24T09:30:00.000Z", scheduledAt: Date.UTC(2026, 10, 24, 9, 30), reason: "cron" },
      { accountId: "acct_b", orgId: "org_2", tickId: "cron-2026-11-24T09:30:00.000Z", scheduledAt: Date.UTC(2026, 10, 24, 9, 30), reason: "cron" },
    ]);
    expect(planTickMessages([{ id: "acct_a", orgId: "org_1" }], at + 60_000)[0]!.tickId).toBe("cron-2026-11-24T09:31:00.000Z");
  });
});

describe("chunk", () => {
  it("splits into sendBatch-sized pieces without losing or repeating items", () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    const pieces = chunk(items, SEND_BATCH_LIMIT);
    expect(pieces.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(pieces.flat()).toEqual(items);
  });
});

describe("retryDelaySeconds", () => {
  it("grows exponentially with jitter and is capped at five minutes", () => {
    expect(retryDelaySeconds(1, () => 0)).toBe(3);
    expect(retryDelaySeconds(1, () => 1)).toBe(5);
    expect(retryDelaySeconds(4, () => 1)).toBe(40);
    expect(retryDelaySeconds(30, () => 1)).toBe(300);
    expect(retryDelaySeconds(30, () => 0)).toBe(150);
  });
});
