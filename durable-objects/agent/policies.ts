/**
 * The AccountAgent's policy I/O, run after each metrics collection: reads the organization's
 * enabled policies, the rollups they look back on and their last firings (cooldown) from D1,
 * asks the pure core (worker/policies/act.ts) what to do, then performs it: stops go through the
 * same executor as schedules (cause {kind: "policy", id}), capacity changes are ModifyDBCluster
 * calls through the provider, each firing is written to `policy_evaluations` with the values that
 * decided it, and the firings that are announced become `policy.fired` events in the outbox.
 *
 * Owns the reads, the calls and the writes, never a decision.
 */
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { AccountRow } from "../../worker/accounts/connection.ts";
import type { CloudProvider } from "../../worker/cloud/index.ts";
import { lastFirings, readRollups } from "../../worker/db/activity.ts";
import { deterministicId } from "../../worker/db/ids.ts";
import { policies, policyEvaluations } from "../../worker/db/schema.ts";
import type { Env } from "../../worker/env.ts";
import { errorText } from "../../worker/log.ts";
import { floorHour, HOUR_MS } from "../../worker/metrics/collect.ts";
import { planPolicies, type LoadedPolicy, type PolicyInput, type PolicyPlan, type PolicyRecord } from "../../worker/policies/act.ts";
import { durationHours, PolicyDefinitionSchema } from "../../worker/policies/model.ts";
import { announcedFirings, firedDetail } from "../../worker/policies/fired.ts";
import type { EventFact } from "../../worker/reconcile/pass.ts";
import { eventsOf } from "./executor.ts";
import type { InstanceRow } from "./gather.ts";
import { isServerlessV2 } from "../../worker/metrics/collect.ts";
import type { AgentStorage } from "./storage.ts";

/** The organization's enabled policies whose stored definition still validates. */
export async function loadPolicies(db: D1Database, orgId: string): Promise<LoadedPolicy[]> {
  const rows = await drizzle(db).select({ id: policies.id, definition: policies.definition }).from(policies).where(and(eq(policies.orgId, orgId), eq(policies.enabled, true)));
  return rows.flatMap((r) => {
    const parsed = PolicyDefinitionSchema.safeParse(r.definition);
    return parsed.success ? [{ id: r.id, definition: parsed.data }] : [];
  });
}

/** What the pure core needs from D1 for these policies on these databases. */
export async function policyFacts(db: D1Database, orgId: string, loaded: readonly LoadedPolicy[], rows: readonly InstanceRow[], now: number) {
  const lookBack = Math.max(0, ...loaded.flatMap((p) => p.definition.rules.map((r) => durationHours(r.duration))));
  const [rollups, lastFired] = await Promise.all([
    readRollups(db, orgId, rows.map((r) => r.id), floorHour(now) - lookBack * HOUR_MS),
    lastFirings(db, orgId, loaded.map((p) => p.id)),
  ]);
  const databases = rows.map((r) => ({ ...r, tags: r.tags, serverlessV2: isServerlessV2(r) }));
  return { rollups, lastFired, databases };
}

export type PolicyContext = Omit<PolicyInput, "policies" | "databases" | "rollups" | "lastFired">;

/** Evaluates the policies on the account's databases; returns the plan (stops are the caller's to execute). */
export async function evaluatePolicies(env: Env, account: Pick<AccountRow, "orgId">, rows: readonly InstanceRow[], context: PolicyContext): Promise<PolicyPlan | null> {
  const loaded = await loadPolicies(env.DB, account.orgId);
  if (loaded.length === 0) return null;
  const facts = await policyFacts(env.DB, account.orgId, loaded, rows, context.now);
  return planPolicies({ ...context, policies: loaded, ...facts });
}

/**
 * Capacity changes of a plan and their events, the history records, then one `policy.fired` event
 * per announced firing (worker/policies/fired.ts), fanned out to Slack and webhooks by the events
 * consumer. The records are written before the firings' events: a failed write starts no cooldown,
 * so the next evaluation fires again (under a new id) and that firing is the one announced.
 */
export async function performPolicyPlan(env: Env, provider: CloudProvider, account: Pick<AccountRow, "id" | "orgId">, plan: PolicyPlan, rows: readonly InstanceRow[], store: AgentStorage, now: number): Promise<void> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const facts: EventFact[] = [];
  const refused = new Map<string, string>();
  for (const c of plan.capacity) {
    const row = byId.get(c.instanceId)!;
    try {
      await provider.setCapacity(row, { minCapacity: c.minAcu, maxCapacity: c.maxAcu });
      facts.push(fact("instance.capacity_changed", c.instanceId, c.policyId, { minAcu: c.minAcu, maxAcu: c.maxAcu }, now));
    } catch (error) {
      refused.set(`${c.policyId}:${c.instanceId}`, errorText(error));
      facts.push(fact("instance.capacity_change_failed", c.instanceId, c.policyId, { minAcu: c.minAcu, maxAcu: c.maxAcu, error: errorText(error) }, now));
    }
  }
  if (facts.length > 0) store.commit({ events: await eventsOf(account, facts, now) });
  await writeRecords(env.DB, account.orgId, plan.records, now);
  const fired = announcedFirings(plan.records).map((r) => fact("policy.fired", r.instanceId, r.policyId, { ...firedDetail(r, refused.get(`${r.policyId}:${r.instanceId}`)) }, now));
  if (fired.length > 0) store.commit({ events: await eventsOf(account, fired, now) });
}

async function writeRecords(db: D1Database, orgId: string, records: readonly PolicyRecord[], now: number): Promise<void> {
  if (records.length === 0) return;
  const d = drizzle(db);
  // Ids first: a drizzle query is a thenable, so it must not be returned from an async function.
  const ids = await Promise.all(records.map((r) => deterministicId("pev", r.policyId, r.instanceId, Math.floor(now / 60_000))));
  const statements = records.map((r, i) =>
      d
        .insert(policyEvaluations)
        .values({
          id: ids[i]!,
          orgId, policyId: r.policyId, instanceId: r.instanceId, evaluatedAt: new Date(now), outcome: r.outcome, dryRun: r.dryRun,
          actions: r.actions, reason: r.reason, evidence: r.verdict.rules,
        })
        .onConflictDoNothing(),
  );
  for (let i = 0; i < statements.length; i += 50) {
    const [first, ...rest] = statements.slice(i, i + 50);
    await d.batch([first!, ...rest]);
  }
}

function fact(type: EventFact["type"], instanceId: string, policyId: string, detail: Record<string, unknown>, now: number): EventFact {
  return { type, instanceId, causeKind: "policy", causeId: policyId, fromState: null, toState: null, detail, key: [instanceId, type, policyId, Math.floor(now / 60_000)] };
}
