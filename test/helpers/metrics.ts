// The agent's metrics backfill in tests: it reads a day per collection, newest first, its alarm a
// few seconds apart (worker/metrics/collect.ts); tests that need the 14 days run the collections
// one after the other instead of waiting for the alarms.
import { runInDurableObject } from "cloudflare:test";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { AgentStorage } from "../../durable-objects/agent/storage.ts";

/** Whether some database of the agent still has older metric hours to read. */
export async function backfillPending(agent: DurableObjectStub<AccountAgent>): Promise<boolean> {
  return runInDurableObject(agent, (_: AccountAgent, state) => state.storage.sql.exec<{ n: number }>("select count(*) as n from metric_cursor where backfill_to is not null").one().n > 0);
}

/** Makes the next collection due now and runs a pass. */
export async function collectNow(agent: DurableObjectStub<AccountAgent>): Promise<void> {
  await runInDurableObject(agent, (_: AccountAgent, state) => void new AgentStorage(state.storage).remember("metrics_due_at", "0"));
  await agent.runNow();
}

/** Runs collections until the backfill is complete; returns how many it took. */
export async function finishBackfill(agent: DurableObjectStub<AccountAgent>, max = 20): Promise<number> {
  let runs = 0;
  while (await backfillPending(agent)) {
    if (runs++ >= max) throw new Error(`metrics backfill not complete after ${max} collections`);
    await collectNow(agent);
  }
  return runs;
}
