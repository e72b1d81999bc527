// What one account's work costs the platform, metered from D1's own answers (the `meta` of every
// D1 call: rows read and written, as billed) and from the queue producers, for each kind of work
// the agent does in a day: a pass with nothing due (its alarm), a discovery pass (every 5 min), a
// transition (stop calls, confirmation, events through the events consumer into the ledger),
// an hourly metrics collection, and the cron tick with no account due. These figures feed the
// cost model (bench/cost.ts -> bench/results/platform-usage.json, bench/README.md); the bounds
// below keep the per-pass work from growing unnoticed.
//
// The meter wraps `Fetcher.prototype.fetch` (the transport of the D1 binding, for this file's
// workers and the Durable Objects alike) and the queue producers' send/sendBatch.
import { afterAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { createExecutionContext, createScheduledController, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import worker from "../../worker/index.ts";
import { events, instances } from "../../worker/db/schema.ts";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { AgentStorage } from "../../durable-objects/agent/storage.ts";
import { api } from "../helpers/auth.ts";
import { eventually } from "../helpers/fixtures.ts";
import { finishBackfill } from "../helpers/metrics.ts";
import { connectedSandbox, holdSchedule } from "../helpers/simulator.ts";

const DATABASES = 5;

interface Usage { d1Calls: number; rowsRead: number; rowsWritten: number; queueMessages: number }
const usage: Usage = { d1Calls: 0, rowsRead: 0, rowsWritten: 0, queueMessages: 0 };
const measured: Record<string, Usage & { note: string }> = {};

// The meter: D1 answers carry their billed rows in `meta`; queue sends are counted per message.
const fetcherProto = Object.getPrototypeOf((env.DB as unknown as { fetcher: object }).fetcher) as { fetch: (...a: unknown[]) => Promise<Response> };
const originalFetch = fetcherProto.fetch;
fetcherProto.fetch = async function (this: unknown, ...args: unknown[]) {
  const response = await originalFetch.apply(this, args);
  const url = typeof args[0] === "string" ? args[0] : (args[0] as Request).url;
  if (url.startsWith("http://d1/")) {
    const body = (await response.clone().json().catch(() => null)) as { meta?: { rows_read?: number; rows_written?: number } }[] | { meta?: { rows_read?: number; rows_written?: number } } | null;
    for (const r of Array.isArray(body) ? body : body ? [body] : []) {
      usage.d1Calls++;
      usage.rowsRead += r.meta?.rows_read ?? 0;
      usage.rowsWritten += r.meta?.rows_written ?? 0;
    }
  }
  return response;
};
const queueProto = Object.getPrototypeOf(env.EVENTS) as { send: (...a: unknown[]) => Promise<unknown>; sendBatch: (m: unknown[], ...a: unknown[]) => Promise<unknown> };
const [originalSend, originalSendBatch] = [queueProto.send, queueProto.sendBatch];
queueProto.send = function (this: unknown, ...args: unknown[]) {
  usage.queueMessages++;
  return originalSend.apply(this, args);
};
queueProto.sendBatch = function (this: unknown, messages: unknown[], ...rest: unknown[]) {
  usage.queueMessages += messages.length;
  return originalSendBatch.call(this, messages, ...rest);
};
afterAll(() => {
  fetcherProto.fetch = originalFetch;
  [queueProto.send, queueProto.sendBatch] = [originalSend, originalSendBatch];
  // One line the cost bench (bench/cost.ts) reads.
  console.log(`PLATFORM_USAGE ${JSON.stringify({ databasesPerAccount: DATABASES, operations: measured })}`);
});

async function meter(name: string, note: string, work: () => Promise<void>): Promise<Usage> {
  const before = { ...usage };
  await work();
  const delta = { d1Calls: usage.d1Calls - before.d1Calls, rowsRead: usage.rowsRead - before.rowsRead, rowsWritten: usage.rowsWritten - before.rowsWritten, queueMessages: usage.queueMessages - before.queueMessages };
  measured[name] = { ...delta, note };
  return delta;
}

const ids = Array.from({ length: DATABASES }, (_, i) => `usage-${i}`);

describe("platform usage of one account's day of work", () => {
  it("a pass with nothing due and a discovery pass stay within a bounded number of D1 rows", async () => {
    const s = await connectedSandbox(ids, "Usage");
    await s.agent.runNow(); // warm: the first passes after connecting backfill history and metrics
    await finishBackfill(s.agent as unknown as DurableObjectStub<AccountAgent>);
    await s.agent.runNow();

    const idle = await meter("pass", "an alarm with nothing due (no discovery, no metrics, no transition)", async () => void (await s.agent.runNow()));
    // Reads: the account, its databases, schedules and overrides; writes: its next due time.
    expect(idle.rowsRead).toBeLessThanOrEqual(10 * DATABASES + 20);
    expect(idle.rowsWritten).toBeLessThanOrEqual(4);

    const discovery = await meter("discovery pass", "a pass with discovery (every 5 minutes)", async () => void (await s.agent.runNow({ forceDiscovery: true })));
    expect(discovery.rowsRead).toBeLessThanOrEqual(20 * DATABASES + 40);
    // Nothing changed in the cloud: discovery writes no inventory rows for unchanged databases.
    expect(discovery.rowsWritten).toBeLessThanOrEqual(4 * DATABASES + 4);
  }, 30_000);

  it("a transition, through to the savings ledger, and an hourly metrics collection", async () => {
    const s = await connectedSandbox(ids, "Usage");
    await s.agent.runNow();
    const res = await api("/schedules", { method: "POST", headers: s.headers, body: JSON.stringify(holdSchedule("stopped")) });
    expect(res.status).toBe(201);
    const instanceIds = (await drizzle(env.DB).select({ id: instances.id }).from(instances).where(eq(instances.cloudAccountId, s.accountId))).map((r) => r.id);
    const stoppedEvents = () => drizzle(env.DB).select({ id: events.id }).from(events).where(and(inArray(events.instanceId, instanceIds), eq(events.type, "instance.stopped")));

    await meter("transition", `stopping ${DATABASES} databases: the acting pass, the confirming passes, and the events consumer (events, savings ledger, rollups)`, async () => {
      for (let i = 0; i < 10 && (await stoppedEvents()).length < DATABASES; i++) {
        await s.agent.runNow();
        await new Promise((r) => setTimeout(r, 300));
      }
      await eventually(async () => (await stoppedEvents()).length >= DATABASES);
      await new Promise((r) => setTimeout(r, 1500)); // the consumer's ledger batch after the insert
    });
    expect((await stoppedEvents()).length).toBe(DATABASES);

    // An hourly collection: the backfill done, the cursors an hour back as at the next hour.
    await finishBackfill(s.agent as unknown as DurableObjectStub<AccountAgent>);
    await runInDurableObject(s.agent as unknown as DurableObjectStub<AccountAgent>, (_i: AccountAgent, state) => {
      new AgentStorage(state.storage).remember("metrics_due_at", "0");
      state.storage.sql.exec("update metric_cursor set through = through - 3600000");
    });
    const metrics = await meter("metrics collection", "an hourly collection (5 metrics x databases, one hour) and the policy evaluation after it", async () => void (await s.agent.runNow()));
    expect(metrics.rowsWritten).toBeGreaterThan(0);
  }, 60_000);

  it("the cron tick with no account due reads no account rows", async () => {
    const tick = await meter("cron tick (none due)", "one minute's cron tick when no account is due (fleet-wide, not per account)", async () => {
      const ctx = createExecutionContext();
      // Not a fifth minute: those also hand due recommendation analyses to the queue (analysis-tick.ts).
      const minute = Math.floor((Date.now() - 3_600_000) / 60_000);
      const scheduledTime = (minute % 5 === 0 ? minute - 1 : minute) * 60_000;
      await worker.scheduled(createScheduledController({ scheduledTime, cron: "* * * * *" }), env, ctx);
      await waitOnExecutionContext(ctx);
    });
    expect(tick.queueMessages).toBe(0);
  });
});
