/**
 * The AccountAgent's capacity-window I/O: performs the capacity changes a pass decided
 * (worker/reconcile/pass.ts, step 4). Each one looks first (DescribeDBClusters): a cluster that
 * already has the range is only remembered, so a retried or repeated pass never sends a second
 * ModifyDBCluster; otherwise ModifyDBCluster with ServerlessV2ScalingConfiguration, an
 * `instance.capacity_changed` event with the schedule as cause (or `_failed`, remembered so it is
 * retried later rather than on every pass).
 *
 * Owns the calls and the writes, never a decision.
 */
import type { AccountRow } from "../../worker/accounts/connection.ts";
import { isCloudError, type CloudProvider } from "../../worker/cloud/index.ts";
import { errorText } from "../../worker/log.ts";
import type { CapacityCall, DatabaseInput, EventFact } from "../../worker/reconcile/pass.ts";
import { eventsOf } from "./executor.ts";
import type { AgentStorage } from "./storage.ts";

export async function performCapacity(
  provider: CloudProvider,
  account: Pick<AccountRow, "id" | "orgId">,
  calls: readonly CapacityCall[],
  rows: ReadonlyMap<string, DatabaseInput & { externalId: string }>,
  store: AgentStorage,
  now: number,
): Promise<number> {
  let changed = 0;
  for (const c of calls) {
    const row = rows.get(c.instanceId);
    if (!row) continue;
    const ref = { kind: row.kind, externalId: row.externalId, region: row.region };
    const range = { minAcu: c.minAcu, maxAcu: c.maxAcu };
    const detail = { ...range, source: c.source, ...(c.note && { note: c.note }) };
    const fact = (type: EventFact["type"], extra: Record<string, unknown>): EventFact => ({
      type, instanceId: c.instanceId, causeKind: c.cause.kind, causeId: c.cause.id, fromState: null, toState: null, detail: { ...detail, ...extra }, key: [c.instanceId, type, c.key],
    });
    try {
      const live = (await provider.getDatabase(ref))?.serverless;
      if (live && live.minCapacity === c.minAcu && live.maxCapacity === c.maxAcu) {
        store.saveCapacity(c.instanceId, { ...range, failedAt: null });
        continue;
      }
      await provider.setCapacity(ref, { minCapacity: c.minAcu, maxCapacity: c.maxAcu });
      const previous = live ? { minAcu: live.minCapacity, maxAcu: live.maxCapacity } : null;
      store.commit({ events: await eventsOf(account, [fact("instance.capacity_changed", { previous })], now) });
      store.saveCapacity(c.instanceId, { ...range, failedAt: null });
      changed++;
    } catch (error) {
      const message = isCloudError(error) ? error.summary : errorText(error);
      store.commit({ events: await eventsOf(account, [fact("instance.capacity_change_failed", { error: message })], now) });
      store.saveCapacity(c.instanceId, { ...range, failedAt: now });
    }
  }
  return changed;
}
