/**
 * What the agent does with the policies that fired on its databases (pure): the stop calls it
 * makes through the same executor as schedules (cause {kind: "policy", id}), the capacity
 * changes, and one history record per firing (the acted and would-act ones are announced as
 * `policy.fired`, worker/policies/fired.ts).
 *
 * Precedence (docs/architecture.md, "Policies"): overrides > schedules > policies.
 * - keep_awake / keep_asleep in force: the person's instruction wins; the policy is blocked.
 * - a schedule that enforces "running" now wins over a stop. A schedule that wants running but
 *   does not enforce is only acted on at its transitions (worker/reconcile/plan.ts), so an idle
 *   stop in the middle of its day stands until the next transition wakes the database: exactly
 *   "stop when idle, start when the day begins".
 * - a database in flight, not running, or not eligible is left alone (said why).
 * - set_capacity needs an Aurora Serverless v2 cluster, and yields to a schedule's capacity window
 *   that sets the cluster's range now (worker/schedules/capacity.ts).
 * - dry run: the record says what it would have done; nothing is called.
 *
 * Must never: do I/O or read the clock.
 */
import type { InstanceKind, PowerState } from "../domain/vocabulary.ts";
import type { HourlyRollup } from "../metrics/collect.ts";
import { activeOverrides, capacityFor, verdictsFor, type AgentMemory, type CloudCall, type DatabaseInput, type LoadedSchedule, type OverrideInput, type TransitionCache } from "../reconcile/pass.ts";
import { matchesSelector } from "../schedules/index.ts";
import { evaluatePolicy, type PolicyVerdict } from "./evaluate.ts";
import type { PolicyAction, PolicyDefinition } from "./model.ts";

export interface LoadedPolicy {
  id: string;
  definition: PolicyDefinition;
}

export interface PolicyDatabase extends DatabaseInput {
  kind: InstanceKind;
  state: PowerState;
  serverlessV2: boolean;
}

export type PolicyOutcome = "acted" | "would_act" | "blocked";

export interface PolicyRecord {
  policyId: string;
  /** The policy's name at the firing (for the notification). */
  policyName: string;
  instanceId: string;
  outcome: PolicyOutcome;
  dryRun: boolean;
  actions: PolicyAction[];
  reason: string;
  verdict: PolicyVerdict;
}

export interface PolicyPlan {
  calls: CloudCall[];
  capacity: { policyId: string; instanceId: string; minAcu: number; maxAcu: number }[];
  records: PolicyRecord[];
}

export interface PolicyInput {
  now: number;
  policies: readonly LoadedPolicy[];
  databases: readonly PolicyDatabase[];
  rollups: ReadonlyMap<string, readonly HourlyRollup[]>;
  /** Latest firing (acted or would act) per `${policyId}:${instanceId}`. */
  lastFired: ReadonlyMap<string, number>;
  schedules: readonly LoadedSchedule[];
  overrides: readonly OverrideInput[];
  memory: ReadonlyMap<string, AgentMemory>;
  transitions: TransitionCache;
  /** Databases the pass already has a call or a transition for. */
  busy: ReadonlySet<string>;
}

export const policyActionKey = (policyId: string, instanceId: string, now: number) => `policy:${policyId}:${instanceId}:${Math.floor(now / 60_000)}`;

export function planPolicies(input: PolicyInput): PolicyPlan {
  const plan: PolicyPlan = { calls: [], capacity: [], records: [] };
  const overrides = activeOverrides(input.overrides, input.now);
  for (const policy of input.policies) {
    const def = policy.definition;
    if (!def.enabled) continue;
    for (const db of input.databases) {
      if (!matchesSelector(def.selector, db)) continue;
      const verdict = evaluatePolicy(def, input.rollups.get(db.id) ?? [], input.now, input.lastFired.get(`${policy.id}:${db.id}`) ?? null);
      if (!verdict.fires) continue;
      const record = (outcome: PolicyOutcome, reason: string) => plan.records.push({ policyId: policy.id, policyName: def.name, instanceId: db.id, outcome, dryRun: def.dryRun, actions: def.actions, reason, verdict });
      const blocked = blockedBy(def, db, input, overrides);
      if (blocked) {
        record("blocked", blocked);
        continue;
      }
      if (def.dryRun) {
        record("would_act", `dry run: would ${def.actions.map(describe).join(", ")}`);
        continue;
      }
      for (const a of def.actions) {
        if (a.type === "stop") plan.calls.push({ instanceId: db.id, action: "stop", cause: { kind: "policy", id: policy.id }, key: policyActionKey(policy.id, db.id, input.now), target: "stopped" });
        else if (a.type === "set_capacity") plan.capacity.push({ policyId: policy.id, instanceId: db.id, minAcu: a.minAcu, maxAcu: a.maxAcu });
        // notify: the firing's record is announced as `policy.fired` (worker/policies/fired.ts), like every acted firing.
      }
      record("acted", def.actions.map(describe).join(", "));
    }
  }
  return plan;
}

/** Why a firing policy may not act on this database now (null: it may). */
function blockedBy(def: PolicyDefinition, db: PolicyDatabase, input: PolicyInput, overrides: ReturnType<typeof activeOverrides>): string | null {
  const stops = def.actions.some((a) => a.type === "stop");
  const capacity = def.actions.some((a) => a.type === "set_capacity");
  const override = overrides.get(db.id);
  if ((stops || capacity) && override && override.kind !== "skip_next") return `an override (${override.kind}) is in force`;
  if (stops) {
    const enforcing = verdictsFor(db, input.schedules, input.now, input.transitions).verdicts.find((v) => !v.dryRun && v.enforce && v.state === "running");
    if (enforcing) return `schedule ${enforcing.scheduleId} enforces running now`;
    if (!db.eligible) return db.ineligibleReason ?? "SnoozeQL cannot stop this database";
  }
  if ((stops || capacity) && (input.busy.has(db.id) || input.memory.get(db.id)?.pending)) return "a transition is in flight";
  if ((stops || capacity) && db.state !== "running") return `the database is ${db.state}`;
  if (capacity && !db.serverlessV2) return "set_capacity needs an Aurora Serverless v2 cluster";
  const window = capacity ? capacityFor(db, input.schedules, input.now, input.transitions, null) : null;
  if (window) return `schedule ${window.scheduleId} sets this cluster's capacity now (${window.source})`;
  return null;
}

const describe = (a: PolicyAction) => (a.type === "set_capacity" ? `set capacity ${a.minAcu}–${a.maxAcu} ACU` : a.type);
