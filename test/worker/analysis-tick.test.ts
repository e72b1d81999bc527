// The recommendation analysis is off the cron tick's critical path: every fifth minute the tick
// only selects the databases whose analysis is due — D1 rows read do not grow with databases that
// are not due, and do grow with the ones that are (the positive control) — and queues them as
// bounded jobs, which the account-ticks consumer analyses. Bench finding: a 20–48 s tick.
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { instances, recommendations } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import type { Env } from "../../worker/env.ts";
import { handleQueue } from "../../worker/queues/index.ts";
import { ANALYSIS_JOB_SIZE } from "../../worker/recommendations/analyze.ts";
import { ANALYSIS_LEASE_MS, runAnalysisTick } from "../../worker/ticks/analysis-tick.ts";
import type { AnalysisJobMessage } from "../../worker/ticks/messages.ts";
import { createCloudAccount, createOrg } from "../helpers/fixtures.ts";

// A fifth minute: the analysis' selection runs.
const TICK_AT = Date.UTC(2026, 10, 2, 9, 5, 0);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The tick against the test D1, with the queue replaced by a recorder (nothing is analysed). */
function tickEnv(sent: AnalysisJobMessage[], delays: number[] = []): Env {
  const queue = {
    sendBatch: async (batch: { body: AnalysisJobMessage; delaySeconds?: number }[]) => {
      sent.push(...batch.map((m) => m.body));
      delays.push(...batch.map((m) => m.delaySeconds ?? 0));
    },
  };
  return { ...env, ACCOUNT_TICKS: queue } as unknown as Env;
}

async function addDatabases(orgId: string, accountId: string, count: number, analysisDueAt: number): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, i) => {
    const id = newId("instance");
    return { id, orgId, cloudAccountId: accountId, provider: "aws" as const, kind: "rds_instance" as const, externalId: `db-${id.slice(-10)}-${i}`, region: "us-east-1", name: `db-${id.slice(-10)}`, engine: "postgres", analysisDueAt };
  });
  for (let i = 0; i < rows.length; i += 4) await drizzle(env.DB).insert(instances).values(rows.slice(i, i + 4));
  return rows.map((r) => r.id);
}

async function setDue(ids: string[], at: number): Promise<void> {
  for (let i = 0; i < ids.length; i += 90) await drizzle(env.DB).update(instances).set({ analysisDueAt: at }).where(inArray(instances.id, ids.slice(i, i + 90)));
}

const sentIds = (sent: AnalysisJobMessage[]) => sent.flatMap((m) => m.instanceIds).sort();

describe("the cron tick's recommendation analysis", () => {
  it("reads only the databases that are due, however many are not, and queues them as bounded jobs", async () => {
    const orgId = await createOrg("Fleet");
    const accountId = await createCloudAccount(orgId, { nextDueAt: new Date(TICK_AT + HOUR) });
    const due = await addDatabases(orgId, accountId, 5, 0);
    const idle = await addDatabases(orgId, accountId, 1, TICK_AT + DAY);

    const sent1: AnalysisJobMessage[] = [];
    const small = await runAnalysisTick(tickEnv(sent1), TICK_AT);
    expect(small.due).toBe(5);
    expect(sentIds(sent1)).toEqual([...due].sort());
    expect(sent1.every((m) => m.kind === "recommendation-analysis" && m.orgId === orgId && m.scheduledAt === TICK_AT)).toBe(true);
    expect(small.rowsRead).toBeGreaterThan(0);

    // Queued databases are leased: the next fifth minute does not send them again.
    const again: AnalysisJobMessage[] = [];
    expect((await runAnalysisTick(tickEnv(again), TICK_AT + 5 * 60_000)).due).toBe(0);
    expect(again).toEqual([]);
    // Off the five-minute step it reads nothing at all.
    expect(await runAnalysisTick(tickEnv(again), TICK_AT + 60_000)).toEqual({ due: 0, jobs: 0, rowsRead: 0 });

    // 600 more databases, all analysed recently: the same tick reads the same rows.
    idle.push(...(await addDatabases(orgId, accountId, 600, TICK_AT + DAY)));
    await setDue(due, 0);
    const sent2: AnalysisJobMessage[] = [];
    const large = await runAnalysisTick(tickEnv(sent2), TICK_AT);
    expect(large.due).toBe(5);
    expect(sentIds(sent2)).toEqual([...due].sort());
    expect(large.rowsRead).toBe(small.rowsRead);

    // Positive control: 150 of them come due, and the rows read grow with them.
    await setDue([...due, ...idle.slice(0, 150)], TICK_AT - HOUR);
    const sent3: AnalysisJobMessage[] = [];
    const delays: number[] = [];
    const busy = await runAnalysisTick(tickEnv(sent3, delays), TICK_AT);
    // Delivered in the minute's middle, spread out, never at its top (when actions are due).
    expect(delays.every((d) => d >= 20 && d <= 50)).toBe(true);
    expect(new Set(delays).size).toBeGreaterThan(1);
    expect(busy.due).toBe(155);
    expect(sentIds(sent3)).toEqual([...due, ...idle.slice(0, 150)].sort());
    expect(sent3.every((m) => m.instanceIds.length <= ANALYSIS_JOB_SIZE)).toBe(true);
    expect(busy.jobs).toBe(Math.ceil(155 / ANALYSIS_JOB_SIZE));
    expect(busy.rowsRead).toBeGreaterThanOrEqual(small.rowsRead + 150);
  });

  it("has its queued jobs analysed by the account-ticks consumer, which sets each database's next due time", async () => {
    const orgId = await createOrg("Analysed");
    const accountId = await createCloudAccount(orgId, { nextDueAt: new Date(TICK_AT + HOUR) });
    // No metrics yet: each outcome is "waiting", due again an hour later.
    const ids = await addDatabases(orgId, accountId, 3, 0);
    const sent: AnalysisJobMessage[] = [];
    await runAnalysisTick(tickEnv(sent), TICK_AT);
    expect(sentIds(sent)).toEqual([...ids].sort());
    const leased = await drizzle(env.DB).select({ dueAt: instances.analysisDueAt }).from(instances).where(inArray(instances.id, ids));
    expect(leased.map((r) => r.dueAt)).toEqual(ids.map(() => TICK_AT + ANALYSIS_LEASE_MS));

    const acked: string[] = [];
    const messages = sent.map((body, i) => ({ id: `m${i}`, body, attempts: 1, timestamp: new Date(), ack: () => void acked.push(`m${i}`), retry: () => {} }));
    await handleQueue({ queue: "account-ticks", messages, ackAll: () => {}, retryAll: () => {} } as unknown as MessageBatch<unknown>, env as unknown as Env);
    expect(acked).toHaveLength(sent.length);

    const rows = await drizzle(env.DB).select({ instanceId: recommendations.instanceId, kind: recommendations.kind }).from(recommendations).where(and(eq(recommendations.orgId, orgId), inArray(recommendations.instanceId, ids)));
    expect(rows.map((r) => r.instanceId).sort()).toEqual([...ids].sort());
    expect(rows.every((r) => r.kind === "waiting")).toBe(true);
    const next = await drizzle(env.DB).select({ dueAt: instances.analysisDueAt }).from(instances).where(inArray(instances.id, ids));
    expect(next.map((r) => r.dueAt)).toEqual(ids.map(() => TICK_AT + HOUR));
  });
});
