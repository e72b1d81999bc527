// Policies: the model's validation names the field; an idle-stop policy fires only after its full
// duration, respects its cooldown and windows, and dry run only records; overrides and enforcing
// schedules win over a policy stop.
import { describe, expect, it } from "vitest";
import type { HourlyRollup, StoredMetric } from "../../worker/metrics/collect.ts";
import { planPolicies, type PolicyDatabase, type PolicyInput } from "../../worker/policies/act.ts";
import { evaluatePolicy } from "../../worker/policies/evaluate.ts";
import { parsePolicy, type PolicyDefinition, type PolicyDefinitionInput } from "../../worker/policies/model.ts";
import { TransitionCache } from "../../worker/reconcile/pass.ts";
import { DEMO_POLICY } from "../../scripts/lib/demo-seed.ts";
import { IDLE_STOP } from "../helpers/policies.ts";

const H = 3_600_000;
const NOW = Date.UTC(2026, 10, 25, 22, 10); // Wednesday 22:10 UTC

const idle = IDLE_STOP as unknown as PolicyDefinitionInput;

function policy(extra: Partial<PolicyDefinitionInput> = {}): PolicyDefinition {
  const parsed = parsePolicy({ ...idle, ...extra });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
}

/** Hourly rollups ending at the current hour: `values[i]` is hour (end - n + i); null = no data. */
function hours(metric: StoredMetric, values: (number | null)[], now = NOW): HourlyRollup[] {
  const end = Math.floor(now / H) * H;
  return values.flatMap((v, i) => (v === null ? [] : [{ metric, hourStart: end - (values.length - i) * H, avg: v, max: v, min: v, samples: 12 }]));
}

describe("policy model", () => {
  it("names the field of each problem", () => {
    const bad = parsePolicy({ ...idle, rules: [{ metric: "disk", operator: "lt", threshold: 5, duration: "90m" }], actions: [{ type: "set_capacity", minAcu: 0.25, maxAcu: 300 }] });
    expect(bad.ok).toBe(false);
    const paths = bad.ok ? [] : bad.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["rules.0.metric", "rules.0.duration", "actions.0.minAcu", "actions.0.maxAcu"]));
    const inverted = parsePolicy({ ...idle, actions: [{ type: "set_capacity", minAcu: 8, maxAcu: 2 }] });
    expect(inverted.ok ? [] : inverted.errors).toEqual([{ path: "actions.0.minAcu", message: "minAcu must not exceed maxAcu" }]);
    const zone = parsePolicy({ ...idle, windows: { timezone: "Mars/Olympus", periods: [{ begin: "08:00", end: "19:00" }] } });
    expect(zone.ok ? [] : zone.errors.map((e) => e.path)).toEqual(["windows.timezone"]);
  });

  it("accepts the dev seed's demo policy, a dry run", () => {
    const parsed = parsePolicy(DEMO_POLICY);
    expect(parsed.ok && parsed.definition.dryRun).toBe(true);
  });

  it("is a dry run unless told otherwise", () => {
    const { dryRun: _, ...rest } = idle;
    const parsed = parsePolicy(rest);
    expect(parsed.ok && parsed.definition.dryRun).toBe(true);
  });
});

describe("evaluatePolicy", () => {
  it("fires only after the full duration, with the values that decided it", () => {
    const oneHour = [...hours("connections", [3, 0]), ...hours("cpu", [40, 1])];
    const early = evaluatePolicy(policy(), oneHour, NOW, null);
    expect(early.fires).toBe(false);
    expect(early.rules[0]!.hours.map((h) => h.value)).toEqual([3, 0]);

    const missing = evaluatePolicy(policy(), [...hours("connections", [null, 0]), ...hours("cpu", [null, 1])], NOW, null);
    expect(missing.fires).toBe(false);
    expect(missing.reason).toContain("no data for 1 of 2 hours");

    const full = evaluatePolicy(policy(), [...hours("connections", [7, 0, 0]), ...hours("cpu", [30, 2, 1.5])], NOW, null);
    expect(full.fires).toBe(true);
    expect(full.rules.map((r) => r.hours.map((h) => h.value))).toEqual([[0, 0], [2, 1.5]]);
  });

  it("compares each hour's strict figure: one busy minute in the hour keeps it from idle", () => {
    const rollups: HourlyRollup[] = [...hours("connections", [0, 0]), ...hours("cpu", [1, 1])].map((r) => (r.metric === "cpu" && r.hourStart === Math.floor(NOW / H) * H - H ? { ...r, max: 60 } : r));
    expect(evaluatePolicy(policy(), rollups, NOW, null).fires).toBe(false);
    expect(evaluatePolicy(policy({ rules: [{ metric: "cpu", operator: "lt", threshold: 5, duration: "2h", statistic: "avg" }] }), rollups, NOW, null).fires).toBe(true);
  });

  it("OR fires when any rule holds", () => {
    const rollups = [...hours("connections", [0, 0]), ...hours("cpu", [50, 50])];
    expect(evaluatePolicy(policy(), rollups, NOW, null).fires).toBe(false);
    expect(evaluatePolicy(policy({ combine: "or" }), rollups, NOW, null).fires).toBe(true);
  });

  it("respects its cooldown", () => {
    const rollups = [...hours("connections", [0, 0]), ...hours("cpu", [1, 1])];
    const cooling = evaluatePolicy(policy(), rollups, NOW, NOW - 5 * H);
    expect(cooling.fires).toBe(false);
    expect(cooling.cooldownUntil).toBe(NOW + H);
    expect(evaluatePolicy(policy(), rollups, NOW, NOW - 6 * H).fires).toBe(true);
  });

  it("acts only outside 08:00–19:00 in its timezone", () => {
    const windows = { timezone: "America/New_York", mode: "outside" as const, periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }] };
    const at = (iso: string) => Date.parse(iso);
    const idleAt = (t: number) => [...hours("connections", [0, 0], t), ...hours("cpu", [1, 1], t)];
    const noonNy = at("2026-11-25T17:10:00Z"); // 12:10 in New York, a Wednesday
    const nightNy = at("2026-11-26T03:10:00Z"); // 22:10 in New York
    const day = evaluatePolicy(policy({ windows }), idleAt(noonNy), noonNy, null);
    expect(day).toMatchObject({ fires: false, window: "closed", rulesHold: true });
    expect(evaluatePolicy(policy({ windows }), idleAt(nightNy), nightNy, null)).toMatchObject({ fires: true, window: "open" });
  });
});

describe("planPolicies", () => {
  const db = (id: string, extra: Partial<PolicyDatabase> = {}): PolicyDatabase => ({
    id, name: id, cloudAccountId: "acct", provider: "aws", kind: "rds_instance", region: "us-east-1", engine: "postgres", tags: { env: "dev" },
    state: "running", cloudStatus: "available", eligible: true, ineligibleReason: null, serverlessV2: false, ...extra,
  });
  const idleRollups = [...hours("connections", [0, 0]), ...hours("cpu", [1, 1])];
  const input = (over: Partial<PolicyInput>): PolicyInput => ({
    now: NOW, policies: [{ id: "pol_1", definition: policy() }], databases: [db("a")], rollups: new Map([["a", idleRollups]]),
    lastFired: new Map(), schedules: [], overrides: [], memory: new Map(), transitions: new TransitionCache(), busy: new Set(), ...over,
  });

  it("stops through the executor with the policy as cause", () => {
    const plan = planPolicies(input({}));
    expect(plan.calls).toEqual([{ instanceId: "a", action: "stop", cause: { kind: "policy", id: "pol_1" }, key: expect.stringContaining("policy:pol_1:a:"), target: "stopped" }]);
    expect(plan.records).toMatchObject([{ policyId: "pol_1", instanceId: "a", outcome: "acted" }]);
  });

  it("in dry run calls nothing and records what it would do", () => {
    const plan = planPolicies(input({ policies: [{ id: "pol_1", definition: policy({ dryRun: true }) }] }));
    expect(plan.calls).toEqual([]);
    expect(plan.records).toMatchObject([{ outcome: "would_act", dryRun: true, reason: "dry run: would stop" }]);
  });

  it("yields to an override and to a schedule that enforces running", () => {
    const kept = planPolicies(input({ overrides: [{ id: "ovr_1", instanceId: "a", kind: "keep_awake", until: NOW + H }] }));
    expect(kept.calls).toEqual([]);
    expect(kept.records[0]).toMatchObject({ outcome: "blocked", reason: "an override (keep_awake) is in force" });
    const definition = { name: "Always", timezone: "UTC", periods: [{ begin: "00:00", end: "23:59" }], selector: { match: [] }, enforce: true, dryRun: false, enabled: true } as never;
    const enforced = planPolicies(input({ schedules: [{ id: "sch_1", version: 1, definition, enforce: true, dryRun: false, minimumSleepMinutes: 30 }] }));
    expect(enforced.records[0]).toMatchObject({ outcome: "blocked", reason: "schedule sch_1 enforces running now" });
  });

  it("sets capacity only on Aurora Serverless v2", () => {
    const capacity = policy({ actions: [{ type: "set_capacity", minAcu: 0.5, maxAcu: 2 }] });
    const plan = planPolicies(input({ policies: [{ id: "pol_2", definition: capacity }], databases: [db("a"), db("b", { kind: "aurora_cluster", serverlessV2: true })], rollups: new Map([["a", idleRollups], ["b", idleRollups]]) }));
    expect(plan.capacity).toEqual([{ policyId: "pol_2", instanceId: "b", minAcu: 0.5, maxAcu: 2 }]);
    expect(plan.records.find((r) => r.instanceId === "a")).toMatchObject({ outcome: "blocked", reason: "set_capacity needs an Aurora Serverless v2 cluster" });
  });
});
