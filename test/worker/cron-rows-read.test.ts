// The cron tick's D1 cost is O(due): connecting hundreds more accounts that have nothing due does
// not change the rows a tick reads (D1's own `rows_read`), while making accounts due does — the
// positive control that shows the measurement can see growth. Issue 14 (fleet scale).
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { cloudAccounts } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import type { Env } from "../../worker/env.ts";
import { runCronTick } from "../../worker/ticks/cron-tick.ts";
import { createOrg } from "../helpers/fixtures.ts";

// Not a multiple of five minutes: the recommendation analysis (a separate, bounded job) stays out.
const TICK_AT = Date.UTC(2026, 10, 2, 9, 1, 0);
const HOUR = 3600_000;

/** The tick against the test D1, with the queue replaced by a counter (no agents are woken). */
function tickEnv(sent: string[]): Env {
  const queue = { sendBatch: async (batch: { body: { accountId: string } }[]) => void sent.push(...batch.map((m) => m.body.accountId)) };
  return { ...env, ACCOUNT_TICKS: queue } as unknown as Env;
}

async function connectAccounts(orgId: string, count: number, nextDueAt: number): Promise<string[]> {
  const rows = Array.from({ length: count }, () => ({ id: newId("cloudAccount"), orgId, provider: "aws" as const, name: `fleet-${newId("cloudAccount").slice(-10)}`, authKind: "access_keys" as const, status: "connected" as const, nextDueAt: new Date(nextDueAt) }));
  const db = drizzle(env.DB);
  for (let i = 0; i < rows.length; i += 10) await db.insert(cloudAccounts).values(rows.slice(i, i + 10));
  return rows.map((r) => r.id);
}

async function makeDue(ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 90) await drizzle(env.DB).update(cloudAccounts).set({ nextDueAt: new Date(TICK_AT - 30_000) }).where(inArray(cloudAccounts.id, ids.slice(i, i + 90)));
}

describe("D1 rows read per cron tick", () => {
  it("do not grow with accounts that have nothing due, and do grow with accounts that are due", async () => {
    const orgId = await createOrg("Fleet");
    const due = await connectAccounts(orgId, 5, TICK_AT - 30_000);
    // One account not due: the range scan stops on the first row past it (one extra row read).
    const idle = await connectAccounts(orgId, 1, TICK_AT + HOUR);

    const sent1: string[] = [];
    const small = await runCronTick(tickEnv(sent1), TICK_AT);
    expect(small.due).toBe(5);
    expect(sent1.sort()).toEqual([...due].sort());
    expect(small.rowsRead).toBeGreaterThan(0);

    // 600 more accounts, all with their next look an hour away: the same tick reads the same rows.
    idle.push(...(await connectAccounts(orgId, 600, TICK_AT + HOUR)));
    await makeDue(due);
    const sent2: string[] = [];
    const large = await runCronTick(tickEnv(sent2), TICK_AT);
    expect(large.due).toBe(5);
    expect(sent2.sort()).toEqual([...due].sort());
    expect(large.rowsRead).toBe(small.rowsRead);

    // Positive control: 200 of them become due, and the rows read grow with them.
    await makeDue([...due, ...idle.slice(0, 200)]);
    const sent3: string[] = [];
    const busy = await runCronTick(tickEnv(sent3), TICK_AT);
    expect(busy.due).toBe(205);
    expect(sent3).toHaveLength(205);
    expect(busy.rowsRead).toBeGreaterThanOrEqual(small.rowsRead + 200);
  });
});
