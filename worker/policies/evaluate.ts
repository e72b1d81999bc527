/**
 * Whether a policy fires for one database now, from its hourly metric rollups, and the values
 * that decided it.
 *
 * Rules: a rule holds when each of the last `duration` complete hours has a rollup and the
 * rule's statistic of that hour compares true with the threshold; an hour without data (the
 * database was stopped, or not yet collected) means the rule does not hold — a policy fires
 * only after its full duration has been seen. Rules combine with AND / OR. It fires when the
 * rules hold, its windows allow acting now, and its cooldown since the last firing on this
 * database has passed.
 *
 * Must never: do I/O or read the clock (`now` is given).
 */
import { floorHour, HOUR_MS, type HourlyRollup, type StoredMetric } from "../metrics/collect.ts";
import { evaluateSchedule, type ScheduleDefinition } from "../schedules/index.ts";
import { durationHours, type Operator, type PolicyDefinition, type PolicyWindows, type Rule, type Statistic } from "./model.ts";

export interface RuleOutcome {
  metric: StoredMetric;
  operator: Operator;
  threshold: number;
  statistic: Statistic;
  duration: string;
  /** The hours looked at, oldest first; value null where there was no data. */
  hours: { hourStart: number; value: number | null }[];
  holds: boolean;
}

export interface PolicyVerdict {
  fires: boolean;
  /** Why it fires or why not, in plain words. */
  reason: string;
  rulesHold: boolean;
  rules: RuleOutcome[];
  /** "open": it may act now; "closed": outside its windows; "none": no windows. */
  window: "open" | "closed" | "none";
  /** When the cooldown ends, if it is running. */
  cooldownUntil: number | null;
}

/** The hourly figure a rule compares by default: the strict one for its direction. */
export function statisticOf(rule: Pick<Rule, "operator" | "statistic">): Statistic {
  return rule.statistic ?? (rule.operator === "gt" || rule.operator === "gte" ? "min" : "max");
}

export function compare(value: number, operator: Operator, threshold: number): boolean {
  switch (operator) {
    case "gt": return value > threshold;
    case "gte": return value >= threshold;
    case "lt": return value < threshold;
    case "lte": return value <= threshold;
    case "eq": return value === threshold;
  }
}

export function evaluateRule(rule: Rule, rollups: readonly HourlyRollup[], now: number): RuleOutcome {
  const statistic = statisticOf(rule);
  const end = floorHour(now);
  const n = durationHours(rule.duration);
  const byHour = new Map(rollups.filter((r) => r.metric === rule.metric && r.samples > 0).map((r) => [r.hourStart, r]));
  const hours: RuleOutcome["hours"] = [];
  for (let h = end - n * HOUR_MS; h < end; h += HOUR_MS) {
    const r = byHour.get(h);
    hours.push({ hourStart: h, value: r ? r[statistic] : null });
  }
  const holds = hours.every((h) => h.value !== null && compare(h.value, rule.operator, rule.threshold));
  return { metric: rule.metric, operator: rule.operator, threshold: rule.threshold, statistic, duration: rule.duration, hours, holds };
}

/** Whether the windows let the policy act at `now` (periods as a schedule's: "running" = inside). */
export function windowOpen(windows: PolicyWindows, now: number): boolean {
  const asSchedule = { name: "window", timezone: windows.timezone, periods: windows.periods, selector: { match: [] }, enforce: false, dryRun: false, enabled: true } as unknown as ScheduleDefinition;
  const inside = evaluateSchedule(asSchedule, now) === "running";
  return windows.mode === "inside" ? inside : !inside;
}

export function evaluatePolicy(def: PolicyDefinition, rollups: readonly HourlyRollup[], now: number, lastFiredAt: number | null): PolicyVerdict {
  const rules = def.rules.map((r) => evaluateRule(r, rollups, now));
  const rulesHold = def.combine === "and" ? rules.every((r) => r.holds) : rules.some((r) => r.holds);
  const window = def.windows ? (windowOpen(def.windows, now) ? "open" : "closed") : "none";
  const cooldownMs = durationHours(def.cooldown) * HOUR_MS;
  const cooldownUntil = lastFiredAt !== null && now < lastFiredAt + cooldownMs ? lastFiredAt + cooldownMs : null;
  const base = { rulesHold, rules, window, cooldownUntil } as const;
  if (!rulesHold) return { ...base, fires: false, reason: explainMiss(rules, def.combine) };
  if (window === "closed") return { ...base, fires: false, reason: `the rules hold, but it is outside the policy's windows (${def.windows!.timezone})` };
  if (cooldownUntil !== null) return { ...base, fires: false, reason: `the rules hold, but the cooldown runs until ${new Date(cooldownUntil).toISOString()}` };
  return { ...base, fires: true, reason: `the rules held for their full duration (${def.combine.toUpperCase()})` };
}

function explainMiss(rules: readonly RuleOutcome[], combine: "and" | "or"): string {
  const failing = rules.filter((r) => !r.holds).map((r) => {
    const missing = r.hours.filter((h) => h.value === null).length;
    const label = `${r.metric} ${r.operator} ${r.threshold} for ${r.duration}`;
    return missing > 0 ? `${label}: no data for ${missing} of ${r.hours.length} hours` : `${label}: not every hour's ${r.statistic} met it`;
  });
  return `${combine === "and" ? "a rule does not hold" : "no rule holds"} — ${failing.join("; ")}`;
}
