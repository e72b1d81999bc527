/**
 * Performs the cloud calls a pass decided, five in flight at once: the Workers platform lets one
 * invocation have six connections waiting for response headers and queues a seventh until one of
 * them answers (wrangler dev does not enforce it, so the agent keeps under it itself, and local
 * benchmarks see what production will; one connection stays free for the pass's other calls).
 * Twenty databases due at 19:00 go out five at a time, the next as each answer is settled. Before any call, the intents of all of them (each an unsettled pending transition) are
 * committed in one write, so an agent evicted mid-call finds them and records or re-plans each
 * call (worker/reconcile/pass.ts) instead of forgetting it, and the calls wait behind one storage
 * write, not one each. After each call the pure core says what its outcome means (`settleCall`),
 * and its memory and events are committed together at once; the inventory changes are returned
 * for one D1 batch after all the calls, and each call's wake (when to look at its transition,
 * pass.ts) for the next alarm.
 */
import type { AccountRow } from "../../worker/accounts/connection.ts";
import type { CloudProvider } from "../../worker/cloud/index.ts";
import { buildEvent, type EventMessage } from "../../worker/events/event.ts";
import { EMPTY_MEMORY, settleCall, type AgentMemory, type CallSettlement, type CloudCall, type DatabaseInput, type EventFact, type InventoryWrite, type Wake } from "../../worker/reconcile/pass.ts";
import { performCall } from "./cloud-client.ts";
import type { AgentStorage } from "./storage.ts";

/** Cloud calls in flight at once from one pass (the platform allows six waiting for headers per invocation). */
const ACTION_CONCURRENCY = 5;

export interface Executed {
  inventory: InventoryWrite[];
  acted: NonNullable<CallSettlement["acted"]>[];
  skipped: NonNullable<CallSettlement["skipped"]>[];
  /** When the pass should come back for each call (settleCall). */
  wakes: Wake[];
}

export async function executeCalls(
  provider: CloudProvider,
  account: AccountRow,
  calls: readonly CloudCall[],
  rows: ReadonlyMap<string, DatabaseInput & { externalId: string }>,
  memory: ReadonlyMap<string, AgentMemory>,
  store: AgentStorage,
  now: number,
): Promise<Executed> {
  const out: Executed = { inventory: [], acted: [], skipped: [], wakes: [] };
  if (calls.length === 0) return out;
  // The intents first, all in one write: if the agent is stopped mid-call, the next pass finds them (pass.ts, unsettled).
  store.commit({ memory: new Map(calls.map((call) => [call.instanceId, intentOf(call, memory.get(call.instanceId) ?? EMPTY_MEMORY, now)])) });
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const call = calls[next++]!;
      const row = rows.get(call.instanceId)!;
      const before = memory.get(row.id) ?? EMPTY_MEMORY;
      const settled = settleCall(call, await performCall(provider, call, row), row, before, now);
      store.commit({ memory: new Map([[row.id, settled.memory]]), events: await eventsOf(account, settled.events, now) });
      if (settled.inventory) out.inventory.push(settled.inventory);
      if (settled.acted) out.acted.push(settled.acted);
      if (settled.skipped) out.skipped.push(settled.skipped);
      out.wakes.push(settled.wake);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ACTION_CONCURRENCY, calls.length) }, worker));
  return out;
}

/** A call about to be made, as the database's memory: a pending transition with no answer yet. */
export function intentOf(call: CloudCall, memory: AgentMemory, now: number): AgentMemory {
  return {
    ...memory,
    pending: { target: call.target, since: now, causeKind: call.cause.kind, causeId: call.cause.id, key: call.key, unsettled: true },
    ...(call.action === "stop" ? { stoppedByUsAt: now } : { startedByUsAt: now }),
  };
}

/** The events of some facts (ids derived from each fact's key), at `now` unless a fact says when. */
export function eventsOf(account: Pick<AccountRow, "id" | "orgId">, facts: readonly EventFact[], now: number): Promise<EventMessage[]> {
  return Promise.all(facts.map(({ key, at, ...f }) => buildEvent({ ...f, orgId: account.orgId, cloudAccountId: account.id, occurredAt: at ?? now }, key)));
}
